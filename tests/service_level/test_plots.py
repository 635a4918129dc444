"""Module 01 figures draw what they say, and refuse what they cannot draw."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from cxlab import data
from cxlab import service_level as sl
from cxlab._validation import CxlabValueError
from cxlab.service_level import plots


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_week_plot_marks_each_day() -> None:
    ax = plots.plot_week(data.load("voice_week"))
    assert [t.get_text()[:3] for t in ax.get_xticklabels()] == [
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    with pytest.raises(CxlabValueError, match="must have the column"):
        plots.plot_week(data.load("voice_week").drop(columns="offered"))


def test_staffing_curve_marks_the_required_agents() -> None:
    ax = plots.plot_staffing_curve(10, 180, 20, 0.8)
    sl_line = ax.get_lines()[0]
    agents, percent = sl_line.get_data()
    assert percent[list(agents).index(14)] == pytest.approx(88.835, abs=0.01)
    assert any("14 agents meet 80%" in t.get_text() for t in ax.texts)


def test_intraday_plan_for_one_day_and_errors() -> None:
    plan = sl.staffing_plan(data.load("voice_week"))
    ax = plots.plot_intraday_plan(plan, day="Monday")
    assert "Monday" in ax.get_title()
    monday = plan.intervals[plan.intervals["interval_start"].dt.day_name() == "Monday"]
    short = int((monday["gap"] < 0).sum())
    bars = [p for p in ax.patches if p.get_facecolor()[0] > 0.7]  # the red bars
    assert len(bars) == short
    with pytest.raises(CxlabValueError, match="day must be a day name or one of 2026-03-02"):
        plots.plot_intraday_plan(plan, day="Someday")
    unstaffed = sl.staffing_plan(data.load("voice_week"), staffed=None)
    with pytest.raises(CxlabValueError, match="no agents_staffed column"):
        plots.plot_intraday_plan(unstaffed)
