"""Module 06 part 1 figures: they draw what they are given, say it in words, use the palette."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

from cxlab import CxlabValueError, data
from cxlab._style import OKABE_ITO, figure_description
from cxlab.organisation import (
    batch_status,
    campaign_breakdown,
    campaign_outlook,
    load_role_table,
    plots,
    score_maturity,
    training_coverage,
)

PALETTE = {v.lower() for v in OKABE_ITO.values()} | {"#ffffff"}


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def result():
    return score_maturity(data.load("cx_maturity_answers"))


@pytest.fixture(scope="module")
def status():
    return batch_status(data.load("flagship_tasks_2027"), as_of="2027-09-30")


def _bar_colours(ax) -> set[str]:
    return {to_hex(p.get_facecolor()).lower() for p in ax.patches}


def test_profile_writes_every_score_marks_disagreement_and_target(result):
    ax = plots.plot_maturity_profile(result, target=3.5)
    texts = [t.get_text() for t in ax.texts]
    for score in result.profile:
        assert f"{score:.1f}" in texts
    assert texts.count("disagreement") == 1
    assert _bar_colours(ax) <= PALETTE
    bars = [p.get_width() for p in ax.patches]
    assert sorted(bars) == pytest.approx(sorted(result.profile))
    text = figure_description(ax)
    assert "strategy 2.5" in text and "spread widest on culture" in text
    assert "Below target: strategy, customer understanding, design, culture, governance" in text


def test_respondent_scores_show_each_manager(result):
    ax = plots.plot_respondent_scores(result, pillar="culture")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert sorted(labels) == sorted(result.by_respondent["role"])
    assert "4.33" in [t.get_text() for t in ax.texts]
    assert "from 1.50" in figure_description(ax) and "average 2.85" in figure_description(ax)
    with pytest.raises(CxlabValueError, match="pillar must be one of 'strategy'"):
        plots.plot_respondent_scores(result, pillar="people")


def test_training_coverage_labels_share_and_counts():
    coverage = training_coverage(load_role_table())
    ax = plots.plot_training_coverage(coverage)
    texts = [t.get_text() for t in ax.texts]
    assert "5% (2 of 38)" in texts and "64% (316 of 495)" in texts
    assert any(p.get_hatch() == "//" for p in ax.patches)  # the total differs by pattern
    assert _bar_colours(ax) <= PALETTE
    assert "5% in Warehousing" in figure_description(ax)
    with pytest.raises(CxlabValueError, match="coverage must be the table training_coverage"):
        plots.plot_training_coverage(load_role_table())


def test_campaign_breakdown_counts():
    table = campaign_breakdown(data.load("quick_wins_2027"), data.load("quick_wins_2027_owners"))
    ax = plots.plot_campaign_breakdown(table)
    assert "12 open" in [t.get_text() for t in ax.texts]  # Billing
    assert "55 removed and 44 open" in figure_description(ax)
    assert _bar_colours(ax) <= PALETTE
    with pytest.raises(CxlabValueError, match="breakdown must be the table campaign_breakdown"):
        plots.plot_campaign_breakdown(data.load("quick_wins_2027"))


def test_batches_and_dashboard(status):
    ax = plots.plot_batches(status)
    texts = [t.get_text() for t in ax.texts]
    assert "late, due 15 Sep" in texts and "not started, due 15 Dec" in texts
    assert {p.get_hatch() for p in ax.patches} >= {"xx", "//"}
    assert _bar_colours(ax) <= PALETTE
    outlook = campaign_outlook(data.load("quick_wins_2027")["removed_on"], target=99,
                               start="2027-01-01", end="2027-12-31", as_of="2027-09-30")
    fig = plots.plot_dashboard(outlook, status)
    assert len(fig.axes) == 2
    text = figure_description(fig)
    assert "55 of 99 removed, 14.7 a month needed against 8.3 a month lately" in text
    with pytest.raises(CxlabValueError, match="status must be what batch_status"):
        plots.plot_dashboard(outlook, status.batches)
    with pytest.raises(CxlabValueError, match="outlook must be what campaign_outlook"):
        plots.plot_dashboard(outlook.campaign, status)


def test_profile_refuses_something_else(result):
    with pytest.raises(CxlabValueError, match="result must be what score_maturity"):
        plots.plot_maturity_profile(result.profile)
