"""Traffic intensity against the published worked example (REFERENCES.md, Erlang C row 1)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxlab import service_level as sl


def test_reference_example_is_ten_erlangs() -> None:
    # 100 calls per 30 min at AHT 180 s -> A = 10 Erlangs.
    assert sl.traffic_intensity(100, 180) == pytest.approx(10.0)


def test_interval_length_is_respected() -> None:
    assert sl.traffic_intensity(200, 180, interval_seconds=3600) == pytest.approx(10.0)


def test_vectorised_shapes() -> None:
    arr = sl.traffic_intensity(np.array([50, 100]), 180)
    assert isinstance(arr, np.ndarray) and arr.tolist() == pytest.approx([5.0, 10.0])
    series = sl.traffic_intensity(pd.Series([50, 100], index=["a", "b"]), 180)
    assert isinstance(series, pd.Series) and list(series.index) == ["a", "b"]
    assert series["b"] == pytest.approx(10.0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"calls": -1, "aht_seconds": 180}, r"calls must be 0 or more, got -1"),
        ({"calls": 100, "aht_seconds": 0}, r"aht_seconds must be positive \(above 0\), got 0"),
        ({"calls": 100, "aht_seconds": float("nan")}, r"aht_seconds must be a finite number"),
        ({"calls": "100", "aht_seconds": 180}, r"calls must be a number, got '100'"),
        ({"calls": True, "aht_seconds": 180}, r"calls must be a number, got True"),
        ({"calls": [1, 2], "aht_seconds": [1, 2, 3]}, r"matching lengths"),
    ],
)
def test_bad_input_names_the_parameter(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        sl.traffic_intensity(**kwargs)
