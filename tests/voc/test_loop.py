"""The close-the-loop list: detractors only, most urgent first."""

from __future__ import annotations

import pandas as pd
import pytest

from cxlab._validation import CxlabValueError
from cxlab.voc import callback_list

FRAME = pd.DataFrame({
    "respondent_id": ["R1", "R2", "R3", "R4", "R5", "R6"],
    "date": pd.to_datetime(["2026-01-05", "2026-01-09", "2026-01-07", "2026-01-08",
                            "2026-01-09", "2026-01-09"]),
    "ltr": [3, 3, 9, 6, 7, 3],
    "touchpoint": ["T11", "T19", "T22", "T22", "T07", "T12"],
    "csat": [1, 2, 5, 3, 4, 1],
    "comment": ["engineer never came", "bill higher than I was told", "great", "", "ok", None],
})


def test_detractors_only_in_calling_order() -> None:
    calls = callback_list(FRAME)
    # 0-6 only; lowest score first, then most recent, then those with a comment.
    assert calls["respondent_id"].tolist() == ["R2", "R6", "R1", "R4"]
    assert list(calls.index) == [1, 2, 3, 4]
    assert list(calls.columns) == ["respondent_id", "date", "ltr", "touchpoint", "csat",
                                   "comment"]
    assert calls.loc[2, "comment"] == ""


def test_threshold_and_themes() -> None:
    calls = callback_list(FRAME, threshold=7, themes={"no-show": ["never came"],
                                                      "billing": ["bill"]})
    assert calls["respondent_id"].tolist() == ["R2", "R6", "R1", "R4", "R5"]
    assert calls["themes"].tolist() == ["billing", "", "no-show", "", ""]


def test_without_dates() -> None:
    calls = callback_list(FRAME.drop(columns="date"), date=None)
    assert calls["respondent_id"].tolist() == ["R1", "R2", "R6", "R4"]


def test_errors() -> None:
    with pytest.raises(CxlabValueError, match="threshold must be a whole number from 0 to 10, "
                                              "got 11"):
        callback_list(FRAME, threshold=11)
    with pytest.raises(CxlabValueError, match="responses has no column 'customer'"):
        callback_list(FRAME, who="customer")
