"""Rosters as integer programmes: textbook optimum, brute force, coverage, re-planning."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from cxlab import CxlabValueError
from cxlab.planning import build_roster, days_off, replan_intraday, shift_catalogue

# Winston, *Operations Research: Applications and Algorithms* (4th ed.), section 3.5, the
# post-office work-scheduling example: employees needed Monday to Sunday, each working five
# consecutive days. The book's linear programme gives z = 67/3 (x = 4/3, 10/3, 2, 22/3, 0,
# 10/3, 5) and the integer optimum is 23 employees (also in IBM developerWorks' GLPK tutorial,
# part 2, which takes the example from the book).
WINSTON = [17, 13, 15, 19, 14, 16, 11]


def test_post_office_textbook_optimum():
    plan = days_off(WINSTON)
    assert plan.employees == 23
    assert plan.lp_bound == pytest.approx(67 / 3)
    table = plan.table
    assert (table["working"] >= table["required"]).all()
    # Independent check of coverage: a stretch starting on day s covers s, s+1, ..., s+4.
    working = np.zeros(7, dtype=int)
    for start, count in enumerate(table["starting"]):
        for d in range(5):
            working[(start + d) % 7] += count
    assert working.tolist() == table["working"].tolist()
    assert "23 employees, each 5 days on and 2 off" in repr(plan)


def _covers(x: tuple[int, ...], need: list[int], on: int) -> bool:
    n = len(need)
    return all(
        sum(x[s] for s in range(n) if (d - s) % n < on) >= need[d] for d in range(n)
    )


def test_post_office_optimum_by_brute_force():
    """No 22 employees can do it; 23 can (every split of 22 into 7 starting days tried)."""
    def splits(total: int, parts: int):
        for cut in itertools.combinations(range(total + parts - 1), parts - 1):
            edges = (-1, *cut, total + parts - 1)
            yield tuple(edges[i + 1] - edges[i] - 1 for i in range(parts))

    assert not any(_covers(x, WINSTON, 5) for x in splits(22, 7))
    assert any(_covers(x, WINSTON, 5) for x in splits(23, 7))


@pytest.mark.parametrize("need", [[3, 1, 4, 1, 5], [2, 2, 2, 2, 2, 0], [0, 5, 0, 1]])
@pytest.mark.parametrize("on", [1, 2, 3])
def test_days_off_small_cases_agree_with_brute_force(need, on):
    if on >= len(need):
        pytest.skip("needs a day off")
    best = min(
        sum(x) for x in itertools.product(range(max(need) + 1), repeat=len(need))
        if _covers(x, need, on)
    )
    assert days_off(need, days_on=on).employees == best


def _brute_force_roster(required, shapes):
    """Cheapest whole numbers of each shift shape covering ``required`` (tiny cases only).

    ``shapes``: (cost, intervals on the phones); written here without cxlab.
    """
    best = None
    top = max(required)
    for counts in itertools.product(range(top + 1), repeat=len(shapes)):
        cover = np.zeros(len(required), dtype=int)
        for count, (_, rows) in zip(counts, shapes, strict=True):
            cover[list(rows)] += count
        if (cover >= required).all():
            cost = sum(c * shape[0] for c, shape in zip(counts, shapes, strict=True))
            best = cost if best is None else min(best, cost)
    return best


@pytest.mark.parametrize(
    "required",
    [[1, 2, 2, 1, 0, 1], [0, 1, 3, 3, 2, 1], [2, 0, 0, 0, 0, 2], [1, 1, 1, 1, 1, 1],
     [1, 1, 1, 3, 1, 1, 1]],
)
def test_small_rosters_agree_with_brute_force(required):
    # Half-hour intervals; 1-hour shifts (2 intervals, no break) and 3-hour shifts (6
    # intervals) with a half-hour break at least 1 hour after the start and 1 hour before
    # the end, i.e. in the third or fourth interval of the shift. Paid hours: 1 and 2.5.
    n = len(required)
    shapes = [(1.0, range(s, s + 2)) for s in range(n - 1)]
    for s in range(n - 5):
        for brk in (2, 3):
            shapes.append((2.5, [s + i for i in range(6) if i != brk]))
    expected = _brute_force_roster(np.array(required), shapes)
    plan = build_roster(required, shift_hours=(1, 3), break_from_hours=3,
                  break_window_hours=(1, 1))
    assert plan.paid_hours == pytest.approx(expected)
    assert plan.status == "optimal"
    _check_coverage(plan)


def _check_coverage(plan) -> None:
    """Sum the roster's shifts interval by interval, independently of its own table."""
    labels = list(plan.intervals.index)
    on = pd.Series(0, index=plan.intervals.index)
    for shift in plan.shifts.itertuples():
        start = labels.index(shift.start)
        length = round(shift.hours * 2)
        for i in range(start, start + length):
            if shift.break_start is None or labels[i] != shift.break_start:
                on.iloc[i] += shift.agents
    assert (on.to_numpy() == plan.intervals["on_phones"].to_numpy()).all()
    assert (on >= plan.intervals["required"] - plan.intervals["under"]).all()
    assert plan.paid_hours == pytest.approx((plan.shifts["paid_hours"]
                                             * plan.shifts["agents"]).sum())


def _week_requirement() -> pd.Series:
    """A week of 336 half hours: closed at night, two peaks a day, quieter weekend."""
    index = pd.date_range("2026-03-02", periods=336, freq="30min")
    hour = index.hour + index.minute / 60
    shape = np.exp(-((hour - 10.5) ** 2) / 4) + 0.7 * np.exp(-((hour - 15) ** 2) / 5)
    level = np.where(index.day_of_week < 5, 22 - 1.5 * index.day_of_week, 9)
    open_ = (hour >= 8) & (hour < 20)
    return pd.Series(np.where(open_, np.ceil(2 + level * shape), 0).astype(int), index=index)


def test_a_week_of_336_half_hours_is_covered_every_interval():
    required = _week_requirement()
    plan = build_roster(required)
    assert plan.status == "optimal"
    assert (plan.intervals["on_phones"] >= required).all()
    assert plan.intervals["under"].sum() == 0
    assert len(plan.days) == 7
    assert plan.paid_hours >= plan.lp_bound - 1e-6
    # No one works while the centre is closed (no requirement at night in this week).
    hours = required.index.hour
    assert plan.intervals["at_work"][(hours < 8) | (hours >= 20)].sum() == 0
    _check_coverage(plan)
    # Breaks are inside their window: at least 2 hours after the start, 2 before the end.
    with_break = plan.shifts.dropna(subset=["break_start"])
    after_start = (with_break["break_start"] - with_break["start"]).dt.total_seconds() / 3600
    before_end = (with_break["end"] - with_break["break_start"]).dt.total_seconds() / 3600
    assert (after_start >= 2).all() and (before_end >= 2.5).all()


def test_only_long_shifts_on_the_hour_leave_over_staffing_and_a_headcount_cap_shortfall():
    required = _week_requirement()["2026-03-02"]
    loose = build_roster(required, shift_hours=(8,), start_every_minutes=60)
    assert loose.intervals["over"].sum() > 0 and loose.intervals["under"].sum() == 0
    assert (loose.shifts["start"].dt.minute == 0).all()
    people = int(loose.days["shifts"].iloc[0])
    capped = build_roster(required, shift_hours=(8,), start_every_minutes=60,
                    max_shifts_per_day=people - 3, shortfall_cost=20)
    assert capped.days["shifts"].iloc[0] <= people - 3
    assert capped.intervals["under"].sum() > 0
    # The cost is the paid hours plus 20 for every agent short in every half hour.
    assert capped.cost == pytest.approx(capped.paid_hours + 20 * capped.intervals["under"].sum())
    assert capped.cost >= capped.lp_bound - 1e-6
    _check_coverage(capped)
    with pytest.raises(CxlabValueError, match="no roster covers the requirement with at most"):
        build_roster(required, shift_hours=(8,), max_shifts_per_day=2)


def test_shift_costs_change_the_mix():
    required = [3] * 16  # 8 hours of 3 agents
    cheap_long = build_roster(required, shift_hours=(4, 8), break_minutes=0,
                        shift_costs={4: 100, 8: 150})
    assert set(cheap_long.shifts["hours"]) == {8.0}
    assert cheap_long.cost == pytest.approx(450)
    cheap_short = build_roster(required, shift_hours=(4, 8), break_minutes=0,
                         shift_costs={4: 60, 8: 150})
    assert set(cheap_short.shifts["hours"]) == {4.0}
    assert cheap_short.cost == pytest.approx(360)


def test_shift_catalogue_counts_by_hand():
    # 8 hours = 16 half hours. 4-hour shifts: starts 0..8 (9). 6-hour shifts: starts 0..4 (5),
    # break in intervals 4..7 of the shift (2 h after the start, ending 2 h before the end).
    table = shift_catalogue([1] * 16, shift_hours=(4, 6))
    assert len(table) == 9 + 5 * 4
    six = table[table["hours"] == 6]
    assert sorted(set(six["break_row"] - six["start_row"])) == [4, 5, 6, 7]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"required": [1, -1, 2]}, "required must be a whole number of at least 0, got -1"),
        ({"required": [1.5, 2]}, "required must be a whole number"),
        ({"required": [1] * 4}, "no shift fits in the intervals given"),
        ({"required": [1] * 16, "shift_hours": (4.25,)},
         "shift_hours must be a whole number of 30-minute intervals, got 4.25 hours"),
        ({"required": [1] * 16, "shift_hours": (6,), "break_window_hours": (3, 3)},
         "a 6-hour shift has no room for its break"),
        ({"required": [1] * 16, "shift_costs": {8: 100}}, "shift_costs has no cost for the 4-hour"),
        ({"required": [1] * 16, "start_every_minutes": 45},
         "start_every_minutes must be a whole number of intervals"),
        ({"required": [1] * 2000}, "required must cover at most 672 intervals"),
        ({"required": pd.DataFrame({"a": [1]})}, "required must be one column"),
        ({"required": [1] * 16, "shortfall_cost": 0}, "shortfall_cost must be positive"),
    ],
)
def test_roster_bad_input_is_explained(kwargs, message):
    with pytest.raises(CxlabValueError, match=message):
        build_roster(**kwargs)


def test_days_off_bad_input():
    with pytest.raises(CxlabValueError, match="days_on must be less than the 7 days"):
        days_off(WINSTON, days_on=7)
    with pytest.raises(CxlabValueError, match="required_per_day must list 2 to 28 days"):
        days_off([3])
    with pytest.raises(CxlabValueError, match="required_per_day must be a whole number"):
        days_off([3, -1, 2])


# --------------------------------------------------------------------------------------------
# Intraday re-planning


def test_replan_reforecasts_by_the_ratio_so_far_and_moves_breaks_before_overtime():
    forecast = [100, 100, 100, 100, 100, 100]
    plan = replan_intraday(forecast, actual_calls=[115, 120], aht_seconds=180,
                           agents_on_phones=[15, 15, 14, 16, 13, 16], breaks=[0, 0, 1, 0, 2, 0])
    table = plan.intervals
    # 235 calls against 200 forecast: the rest is scaled by 1.175, 117.5 calls of 180 s.
    assert table["reforecast_calls"].tolist() == [117.5] * 4
    # 11.75 Erlangs: Erlang C needs 15 agents for 80% in 20 s (14 give 71.0%).
    assert table["required"].tolist() == [15] * 4
    assert table["short"].tolist() == [1, 0, 2, 0]
    # The two breaks at the third remaining interval move to the spare neighbours; the break
    # of the first cannot move (its neighbours have no one to spare), so it needs overtime.
    assert table["available_after_moves"].tolist() == [14, 15, 15, 15]
    assert table["overtime"].tolist() == [1, 0, 0, 0]
    assert plan.summary["breaks_moved"] == 2
    assert plan.summary["overtime_hours"] == 0.5
    assert plan.summary["service_level_with_overtime"] >= 0.8
    assert (plan.summary["service_level_as_is"] < plan.summary["service_level_after_moves"]
            < plan.summary["service_level_with_overtime"])


def test_replan_with_absence_and_without_breaks():
    plan = replan_intraday([50] * 4, actual_calls=[50], aht_seconds=180,
                           agents_on_phones=[9] * 4, absent_agents=2)
    assert plan.summary["ratio"] == 1.0
    assert plan.intervals["available"].tolist() == [7, 7, 7]
    assert plan.summary["breaks_moved"] == 0
    assert (plan.intervals["overtime"] == plan.intervals["short"]).all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"actual_calls": []}, "actual_calls must cover the intervals so far: 1 to 3"),
        ({"actual_calls": [1, 1, 1, 1]}, "actual_calls must cover the intervals so far"),
        ({"agents_on_phones": [5, 5]}, "agents_on_phones must have one value per interval"),
        ({"aht_seconds": -1}, "aht_seconds must be positive"),
        ({"absent_agents": 1.5}, "absent_agents must be a whole number"),
    ],
)
def test_replan_bad_input(kwargs, message):
    options = {"actual_calls": [10], "agents_on_phones": [5] * 4, "aht_seconds": 180}
    options.update(kwargs)
    with pytest.raises(CxlabValueError, match=message):
        replan_intraday([10] * 4, **options)


def test_an_interval_no_shift_can_reach_is_named():
    required = pd.Series([2] * 12, index=pd.date_range("2026-03-08 10:00", periods=12,
                                                         freq="30min"))
    # 4-hour shifts starting every 3 hours from midnight: only the 12:00 start fits in
    # 10:00-16:00, so 10:00-11:30 (4 half hours) cannot be covered.
    with pytest.raises(CxlabValueError, match=r"no shift allowed covers 4 interval\(s\) that "
                                              r"need agents \(2026-03-08 10:00:00, "):
        build_roster(required, shift_hours=(4,), start_every_minutes=180)
