"""Module 02 figures: the driver tree highlights what moved; the diagnosis bars add up."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from cxlab import metrics
from cxlab._validation import CxlabValueError
from cxlab.metrics import plots


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_metric_map_marks_moved_and_likely_metrics() -> None:
    result = metrics.what_if(fcr=0.7)
    ax = plots.plot_metric_map(result)
    signs = ("+", "\u2212")  # the signs drawn on the links back to the left
    texts = {t.get_text().split("\n")[0]: t.get_text() for t in ax.texts
             if t.get_text() and t.get_text() not in signs}
    assert "-10.0 points" in texts["First-contact resolution"]
    assert "+14.3" in texts["Contact volume"]
    assert "likely down" in texts["Customer satisfaction"]
    assert "\n" not in texts["Shrinkage"], "unchanged metrics carry no change label"
    assert len(texts) == len(metrics.METRICS)


def test_diagnosis_bars_stack_to_the_gap() -> None:
    frame = pd.DataFrame({
        "interval_start": pd.to_datetime(["2026-04-13 10:00", "2026-04-14 10:00"]),
        "offered": [130.0, 100.0], "aht_seconds": [180.0, 220.0], "agents_staffed": [14, 14],
        "answered_within_20s": [80.0, 70.0], "forecast_calls": [100.0, 100.0],
        "forecast_aht_seconds": [180.0, 180.0], "agents_planned": [14, 14]})
    d = metrics.diagnose(frame)
    ax = plots.plot_diagnosis(d)
    dots = ax.get_lines()[0].get_ydata()
    assert np.allclose(dots, d.days["gap"].to_numpy() * 100)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Mon 13 Apr", "Tue 14 Apr"]
    with pytest.raises(CxlabValueError, match="by must be one of 'day', 'interval'"):
        plots.plot_diagnosis(d, by="week")
    plots.plot_diagnosis(d, by="interval")


def test_metric_map_draws_the_loops_back_to_quality_with_their_sign() -> None:
    from cxlab._style import figure_description

    ax = plots.plot_metric_map(metrics.what_if(aht_seconds=198))
    signs = [t.get_text() for t in ax.texts if t.get_text() in ("+", "\u2212")]
    # five links run back to the left: attrition to quality (-) and AHT (+), engagement to
    # quality (+), service level to quality (+), occupancy to quality (-)
    assert sorted(signs) == sorted(["\u2212", "+", "+", "+", "\u2212"])
    text = figure_description(ax)
    assert "Service level to Quality score; Occupancy to Quality score" in text
    assert "22 formula links and 12 documented directions" in text
    assert "Went down: Service level." in text and "Quality score down" in text
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[-1].startswith("direction back to the left, closing a loop")
