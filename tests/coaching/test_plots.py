"""Module 03 figures draw the report they are given."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from cxlab._style import figure_description
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
    # Items in plain words, in the report's order (policy_applied reads "Policy applied").
    assert labels == [i[0].upper() + i[1:].replace("_", " ") for i in report.items.index]
    assert all("_" not in text for text in labels)
    assert report.spread.loc["id_check"].max() == 1.0
    # A spread of 1 is marked with a cross, not only a darker colour, and named in the text.
    assert "\u00d7" in [t.get_text() for t in ax.texts]
    assert "Id check" in figure_description(ax)


def test_trend_and_impact() -> None:
    scores = pd.DataFrame({"agent": ["Ann", "Ann", "Ben"], "score": [0.5, 0.9, 0.7],
                           "date": ["2026-01-05", "2026-02-05", "2026-01-07"]})
    ax = plots.plot_trend(scores, agents=["Ann"])
    assert [line.get_label() for line in ax.get_lines()] == ["Team (dashed)", "Ann"]
    # Team: (0.5 + 0.7) / 2 = 60% in January, 90% in February; Ann 50% then 90%.
    assert figure_description(ax) == ("Line chart of the mean QA score by month, January 2026 "
                                       "to February 2026: the team from 60% to 90%; Ann from "
                                       "50% to 90%.")
    with pytest.raises(CxlabValueError, match="no agent 'Zoe'"):
        plots.plot_trend(scores, agents=["Zoe"])
    impact = behaviour_impact(PRIORITY_CARD, _evaluations())
    ax = plots.plot_impact(impact)
    assert len(ax.patches) == 2
    # Each bar carries its value as text; negative bars are hatched as well as coloured.
    values = sorted(impact["impact"].dropna())
    assert sorted(float(t.get_text()) for t in ax.texts) == pytest.approx(values, abs=0.005)
    for bar in ax.patches:
        assert bool(bar.get_hatch()) == (bar.get_width() <= 0)
    assert figure_description(ax).startswith("Bar chart of how much CSAT goes with each of 2")
