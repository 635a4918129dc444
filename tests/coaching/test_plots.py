"""Module 03 figures draw the report they are given."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from cxlab._validation import CxlabValueError
from cxlab.coaching import plots
from cxlab.coaching.calibration import calibration_report
from cxlab.coaching.priorities import behaviour_impact
from tests.coaching.test_calibration import CARD, _table
from tests.coaching.test_priorities import CARD as PRIORITY_CARD
from tests.coaching.test_priorities import _evaluations


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_calibration_heatmap_rows_are_items_most_disputed_first() -> None:
    report = calibration_report(CARD, _table())
    ax = plots.plot_calibration(report)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == list(report.items.index)
    assert report.spread.loc["id_check"].max() == 1.0


def test_trend_and_impact() -> None:
    scores = pd.DataFrame({"agent": ["Ann", "Ann", "Ben"], "score": [0.5, 0.9, 0.7],
                           "date": ["2026-01-05", "2026-02-05", "2026-01-07"]})
    ax = plots.plot_trend(scores, agents=["Ann"])
    assert [line.get_label() for line in ax.get_lines()] == ["Team", "Ann"]
    with pytest.raises(CxlabValueError, match="no agent 'Zoe'"):
        plots.plot_trend(scores, agents=["Zoe"])
    ax = plots.plot_impact(behaviour_impact(PRIORITY_CARD, _evaluations()))
    assert len(ax.patches) == 2
