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


def test_pooling_bars_carry_their_numbers_and_a_hatch() -> None:
    table = sl.pooling(10, 180, 20, 0.8, teams=[1, 2, 4, 8])
    ax = plots.plot_pooling(table)
    labels = [t.get_text() for t in ax.texts]
    # Separate teams need 14 each; pooled, 10, 20, 40 and 80 Erlangs need 14, 24, 45 and 87
    # (Erlang C by hand in tests/service_level/test_pooling.py).
    assert labels == ["14", "28", "56", "112", "14", "24", "45", "87"]
    separate, pooled = ax.patches[:4], ax.patches[4:]
    assert all(p.get_hatch() for p in separate) and not any(p.get_hatch() for p in pooled)
    from cxlab._style import figure_description

    assert "8 teams: 112 separate, 87 pooled" in figure_description(ax)
    with pytest.raises(CxlabValueError, match="pooling must be the table"):
        plots.plot_pooling(data.load("voice_week"))


def test_backlog_day_names_its_periods_and_what_it_counts() -> None:
    day = sl.backlog([150, 180, 90], [120, 120, 120], start_backlog=300)
    ax = plots.plot_backlog(day, labels=["08:00", "09:00", "10:00"], agents=12, items="emails")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["08:00", "09:00", "10:00"]
    assert ax.get_ylabel() == "Emails"
    assert any("Team can handle (12 agents)" in t.get_text()
               for t in ax.get_legend().get_texts())
    from cxlab._style import figure_description

    # 300 waiting + 150 - 120 = 330; + 180 - 120 = 390; + 90 - 120 = 360 at the end.
    assert figure_description(ax) == (
        "Bar chart of 420 emails arriving over 3 periods from 08:00 to 10:00, with the team's "
        "capacity of 120 a period as a dashed line and the backlog as a line with dots: it "
        "starts at 300, peaks at 390 after 09:00 and ends at 360 still waiting.")
    with pytest.raises(CxlabValueError, match="labels must name each of the 3 periods, got 2"):
        plots.plot_backlog(day, labels=["a", "b"])
    with pytest.raises(CxlabValueError, match="day must be what backlog"):
        plots.plot_backlog([1, 2])
