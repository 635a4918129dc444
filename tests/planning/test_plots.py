"""Module 07 figures: they draw what the data say, describe it in words, never colour alone."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from cxlab import CxlabValueError
from cxlab._style import OKABE_ITO, figure_description
from cxlab.planning import (
    build_roster,
    days_off,
    forecast_accuracy,
    plots,
    replan_intraday,
    service_level_impact,
)


@pytest.fixture(autouse=True)
def _close():
    plt.switch_backend("Agg")
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def two_days():
    index = pd.date_range("2026-03-02 08:00", periods=16, freq="30min").append(
        pd.date_range("2026-03-03 08:00", periods=16, freq="30min"))
    need = [2, 2, 3, 4, 4, 4, 3, 3, 3, 3, 4, 4, 3, 2, 2, 1] * 2
    return build_roster(pd.Series(need, index=index), shift_hours=(4, 8), start_every_minutes=60)


def _hatches(ax) -> set[str]:
    return {p.get_hatch() for p in ax.collections + ax.patches if p.get_hatch()}


def test_coverage_marks_over_and_under_by_hatching_and_legend(two_days):
    capped = build_roster(two_days.intervals["required"], shift_hours=(4, 8),
                          start_every_minutes=60, max_shifts_per_day=3, shortfall_cost=5)
    ax = plots.plot_coverage(capped, day="Tuesday")
    assert {"//", "xx"} <= _hatches(ax)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Over-staffed (more than required)" in labels
    assert "Under-staffed (short)" in labels
    rows = capped.intervals.loc["2026-03-03"]
    over, under = int((rows["over"] > 0).sum()), int((rows["under"] > 0).sum())
    text = figure_description(ax)
    assert f"{over} of 16 half hours are over-staffed" in text
    assert f"{under} are under-staffed" in text
    assert "Tuesday 03 March 2026" in ax.get_title()


def test_coverage_needs_a_day_for_a_week_and_names_the_days(two_days):
    with pytest.raises(CxlabValueError, match="covers 2 days; pick one with day="):
        plots.plot_coverage(two_days)
    with pytest.raises(CxlabValueError, match="day must be one of the days of the roster "
                                              r"\(Mon 2026-03-02, Tue 2026-03-03\)"):
        plots.plot_coverage(two_days, day="Friday")
    with pytest.raises(CxlabValueError, match=r"roster must be what build_roster\(\) returns"):
        plots.plot_coverage(two_days.intervals)


def test_gantt_has_a_bar_per_shift_labelled_with_agents_and_hours(two_days):
    ax = plots.plot_roster_gantt(two_days, day="2026-03-02")
    shifts = two_days.shifts[pd.to_datetime(two_days.shifts["day"]) == "2026-03-02"]
    labels = [t.get_text() for t in ax.texts]
    expected = [f"{r.agents} x {r.hours:g} h" for r in shifts.itertuples()]
    assert labels == expected
    assert f"{int(shifts['agents'].sum())} people work" in figure_description(ax)


def test_forecast_figure_shows_the_measures_it_describes():
    when = pd.date_range("2025-11-03", periods=96, freq="30min")
    actual = pd.Series(np.r_[np.zeros(16), np.full(24, 50), np.zeros(8)].tolist() * 2,
                       index=when)
    forecast = actual.to_numpy() * 1.1
    ax = plots.plot_forecast(actual, forecast)
    accuracy = forecast_accuracy(actual.to_numpy(), forecast)
    box = [t.get_text() for t in ax.texts][0]
    assert box == "MAPE 10.0%\nWAPE 10.0%\nBias +10.0%"
    assert accuracy.bias == pytest.approx(0.1)
    assert "10.0% too high on the whole" in figure_description(ax)
    styles = {line.get_linestyle() for line in ax.get_lines()}
    assert {"-", "--"} <= styles  # actual and forecast differ by line style, not colour only
    with pytest.raises(CxlabValueError, match="forecast must have one value per interval"):
        plots.plot_forecast(actual, forecast[:5])


def test_colours_come_from_the_palette(two_days):
    ax = plots.plot_coverage(two_days, day="Monday")
    used = {matplotlib.colors.to_hex(line.get_color()).upper() for line in ax.get_lines()}
    assert used <= {c.upper() for c in OKABE_ITO.values()}


def test_other_figures_have_text_alternatives():
    impact = service_level_impact([110, 90, 0], [100, 100, 0], aht_seconds=180)
    ax = plots.plot_service_level_impact(impact)
    assert "1 of 2 intervals with calls fell below the target" in figure_description(ax)
    ax = plots.plot_days_off(days_off([17, 13, 15, 19, 14, 16, 11]))
    assert "23 employees each working 5 consecutive days" in figure_description(ax)
    plan = replan_intraday([100] * 6, actual_calls=[115, 120], aht_seconds=180,
                           agents_on_phones=[15, 15, 14, 16, 13, 16], breaks=[0, 0, 1, 0, 2, 0])
    ax = plots.plot_replan(plan)
    assert "after moving 2 breaks" in figure_description(ax)
    assert "0.5 overtime hours" in figure_description(ax)
