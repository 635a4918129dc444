"""Lesson 03.02's two histograms (issue 18): one call, a text alternative from the data."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from cxlab import coaching, data
from cxlab._style import figure_description
from cxlab._validation import CxlabValueError
from cxlab.coaching import plots


def test_score_spread_describes_both_ranges() -> None:
    card = data.load_scorecard()
    scores = coaching.score_evaluations(card, data.load("qa_evaluations").drop(columns=["csat"]))
    fig = plots.plot_score_spread(scores.evaluations, scores.by_agent)
    text = figure_description(fig)
    assert f"{len(scores.evaluations)} single evaluations" in text
    low = 100 * scores.by_agent["mean_score"].min()
    assert f"from {low:.0f}%" in text and len(fig.axes) == 2
    plt.close(fig)
    with pytest.raises(CxlabValueError, match="agents must be a non-empty DataFrame"):
        plots.plot_score_spread(scores.evaluations, scores.evaluations)
