"""Module 04 figures draw what they are given."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from cxlab import CxlabValueError
from cxlab.prioritisation import (
    campaign_progress,
    load_backlog,
    plan_roadmap,
    plots,
    priority_scores,
)

from .conftest import make_backlog


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_matrix_labels_every_point_and_names_the_quadrants():
    scores = priority_scores(load_backlog())
    ax = plots.plot_priority_matrix(scores)
    texts = {t.get_text() for t in ax.texts}
    assert set(scores.index) <= texts
    assert {"Quick wins: do now", "Money pits: avoid or rethink"} <= texts
    dots = sum(len(c.get_offsets()) for c in ax.collections)
    assert dots == len(scores)
    # the dashed threshold lines sit where the scores say
    assert ax.lines[0].get_ydata()[0] == scores.attrs["value_threshold"]
    assert ax.lines[1].get_xdata()[0] == scores.attrs["effort_threshold"]


def test_matrix_refuses_a_backlog():
    with pytest.raises(CxlabValueError, match="priority_scores"):
        plots.plot_priority_matrix(load_backlog())


def test_roadmap_has_a_box_per_planned_initiative_in_its_lane():
    roadmap = plan_roadmap(load_backlog(), capacity=[30, 60, 90])
    ax = plots.plot_roadmap(roadmap)
    boxes = [t.get_text().split("\n")[0] for t in ax.texts]
    assert sorted(boxes) == sorted(roadmap.plan.index)
    lanes = [t.get_text() for t in ax.get_yticklabels()]
    assert lanes == sorted(set(roadmap.backlog["domain"]))
    assert "not planned" in ax.get_title()


def test_roadmap_of_one_initiative():
    roadmap = plan_roadmap(make_backlog({"code": "ONLY"}), capacity=10)
    ax = plots.plot_roadmap(roadmap)
    assert [t.get_text() for t in ax.texts] == ["ONLY\nP1"]


def test_rankings_heatmap_in_borda_order():
    votes = {"Ops": ["A", "B", "C"], "IT": ["B", "A", "C"], "Finance": ["A", "C", "B"]}
    ax = plots.plot_rankings(votes)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "B", "C"]


def test_burnup_draws_plan_done_and_forecast():
    dates = pd.date_range("2027-01-04", periods=30, freq="W-MON")
    campaign = campaign_progress(dates, target=99, start="2027-01-01", end="2027-12-31",
                                 as_of="2027-07-31")
    ax = plots.plot_burnup(campaign)
    labels = [line.get_label() for line in ax.get_lines()]
    assert {"Plan", "Removed so far", "Forecast at the pace so far"} <= set(labels)
    assert "behind plan" in ax.get_title()


@pytest.mark.parametrize(
    ("draw", "message"),
    [(plots.plot_roadmap, "roadmap must be what plan_roadmap"),
     (plots.plot_burnup, "campaign must be what campaign_progress")],
)
def test_figures_refuse_the_wrong_object(draw, message):
    with pytest.raises(CxlabValueError, match=message):
        draw(load_backlog())
