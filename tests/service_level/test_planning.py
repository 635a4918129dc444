"""Service level from counts (ICMI definitions) and the staffing plan."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxlab import data
from cxlab import service_level as sl
from cxlab._validation import CxlabValueError

# REFERENCES.md: 1000 answered, 60 abandoned, 860 answered within T, 20 abandoned within T.
ICMI = {"short_abandons_met": 0.83, "answered": 0.86, "offered": 0.81,
        "short_abandons_excluded": 0.83}


@pytest.mark.parametrize(("definition", "expected"), ICMI.items())
def test_icmi_reference_values(definition: str, expected: float) -> None:
    value = sl.service_level_from_counts(1000, 60, 860, 20, definition=definition)
    assert round(value, 2) == expected


def test_icmi_exact_fractions() -> None:
    assert sl.service_level_from_counts(1000, 60, 860, 20, definition="offered") == 860 / 1060
    assert sl.service_level_from_counts(1000, 60, 860, 20,
                                        definition="short_abandons_excluded") == 860 / 1040


def test_counts_on_the_sample_week_are_vectorised() -> None:
    week = data.load("voice_week")
    per_interval = sl.service_level_from_counts(
        week["answered"], week["abandoned"], week["answered_within_20s"],
        week["abandoned_within_20s"], definition="answered")
    assert isinstance(per_interval, pd.Series) and len(per_interval) == len(week)
    assert ((per_interval >= 0) & (per_interval <= 1)).all()
    # The definitions order the same way on any data with abandons after the threshold.
    totals = week[["answered", "abandoned", "answered_within_20s", "abandoned_within_20s"]].sum()
    values = {d: sl.service_level_from_counts(*totals.to_numpy(), definition=d)
              for d in sl.SL_DEFINITIONS}
    assert values["offered"] <= values["short_abandons_excluded"] <= values["answered"]
    assert values["offered"] <= values["short_abandons_met"]


def test_counts_validation() -> None:
    with pytest.raises(CxlabValueError, match="definition must be one of 'offered'"):
        sl.service_level_from_counts(10, 1, 8, definition="icmi")
    with pytest.raises(CxlabValueError,
                       match="answered_within must be at most answered, got 12 > 10"):
        sl.service_level_from_counts(10, 1, 12)
    with pytest.raises(CxlabValueError, match="abandoned must be 0 or more"):
        sl.service_level_from_counts(10, -1, 8)
    assert sl.service_level_from_counts(0, 0, 0) == 1.0  # nothing offered, nothing missed


def _counts(sim: sl.Simulation) -> list[int]:
    t = sim.intervals[["answered", "abandoned", "answered_within", "abandoned_within"]].sum()
    return [int(v) for v in t]


@pytest.mark.parametrize("definition", list(sl.SL_DEFINITIONS))
@pytest.mark.parametrize(
    ("agents", "patience", "threshold"),
    [(14, 300, 20), (11, 60, 20), (0, 30, 20), (0, 5, 60)],
    ids=["textbook", "short-staffed", "nobody-answered", "every-caller-hung-up-within-T"],
)
def test_counts_and_simulation_agree_on_every_definition(definition, agents, patience,
                                                         threshold) -> None:
    """Issue 19: one queue, one answer, whichever way the kit computes it."""
    sim = sl.simulate(100, 180, agents, patience_seconds=patience,
                      threshold_seconds=threshold, rng=11)
    from_sim = sim.service_level(definition)
    from_counts = sl.service_level_from_counts(*_counts(sim), definition=definition)
    if np.isnan(from_sim):
        assert np.isnan(from_counts), (definition, from_counts)
    else:
        assert from_counts == from_sim


def test_nothing_answered_is_undefined_not_perfect() -> None:
    # 12 callers, all hung up (3 of them within T): under "answered" there is nothing to
    # divide by. The kit used to say 1.0 (100%) here; a manager must not read that as perfect.
    assert np.isnan(sl.service_level_from_counts(0, 12, 0, 3, definition="answered"))
    assert sl.service_level_from_counts(0, 12, 0, 3, definition="offered") == 0.0
    assert sl.service_level_from_counts(0, 12, 0, 3, definition="short_abandons_met") == 0.25
    assert sl.service_level_from_counts(0, 12, 0, 3,
                                        definition="short_abandons_excluded") == 0.0
    # every caller hung up within T: excluded as short abandons, nobody is left to count
    assert np.isnan(sl.service_level_from_counts(0, 12, 0, 12,
                                                 definition="short_abandons_excluded"))
    # nothing offered stays 1.0 under every definition, as in the simulation
    for definition in sl.SL_DEFINITIONS:
        assert sl.service_level_from_counts(0, 0, 0, 0, definition=definition) == 1.0
    quiet = sl.simulate(0, 180, 2, patience_seconds=60, rng=1)
    assert _counts(quiet) == [0, 0, 0, 0] and quiet.service_level("answered") == 1.0


def test_an_interval_where_everyone_hung_up_is_nan_only_there() -> None:
    values = sl.service_level_from_counts([50, 0, 0], [5, 7, 0], [40, 0, 0], [1, 2, 0],
                                          definition="answered")
    assert values[0] == 0.8 and np.isnan(values[1]) and values[2] == 1.0


@pytest.fixture(scope="module")
def plan() -> sl.StaffingPlan:
    return sl.staffing_plan(data.load("voice_week"))


def test_plan_per_interval_agrees_with_the_erlang_functions(plan) -> None:
    rows = plan.intervals
    week = data.load("voice_week")
    assert len(rows) == len(week)
    a = week["forecast_calls"] * week["forecast_aht_seconds"] / 1800
    assert np.allclose(rows["erlangs"], a)
    for i in (0, 20, 77, len(rows) - 1):
        n = sl.agents_required(a[i], week["forecast_aht_seconds"][i], 20, 0.8)
        assert rows["agents_required"][i] == n
        assert rows["scheduled_staff"][i] == sl.scheduled_staff(n, 0.3)
        assert rows["service_level_staffed"][i] == pytest.approx(
            sl.service_level(week["agents_staffed"][i], a[i], week["forecast_aht_seconds"][i], 20))
    assert (rows["service_level"] >= 0.8).all()
    assert (rows["gap"] == rows["agents_staffed"] - rows["agents_required"]).all()


def test_plan_days_and_total_weight_service_level_by_calls(plan) -> None:
    rows, days = plan.intervals, plan.days
    assert len(days) == 7
    monday = rows[rows["interval_start"].dt.day_name() == "Monday"]
    expected = (monday["service_level"] * monday["calls"]).sum() / monday["calls"].sum()
    assert days["service_level"].iloc[0] == pytest.approx(expected)
    assert days["calls"].sum() == pytest.approx(plan.total["calls"])
    assert plan.total["agent_hours_required"] == pytest.approx(rows["agents_required"].sum() / 2)
    assert plan.total["intervals_understaffed"] == (rows["gap"] < 0).sum()
    assert "StaffingPlan: 148 intervals over 7 day(s)" in repr(plan)


def test_plan_with_other_columns_and_options() -> None:
    frame = pd.DataFrame({"start": pd.date_range("2026-03-02 09:00", periods=3, freq="30min"),
                          "n": [100, 0, 200], "h": [180, float("nan"), 180]})
    plan = sl.staffing_plan(frame, calls="n", aht="h", time="start", staffed=None,
                            max_occupancy=0.85, target_sl=0.9, shrinkage=0.35)
    assert plan.intervals["agents_required"].tolist()[1] == 0
    assert (plan.intervals["occupancy"] <= 0.85).all()
    assert "agents_staffed" not in plan.intervals


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"calls": "volume"}, r"intervals has no column 'volume' for the calls; it has"),
        ({"target_sl": 80}, r"target_sl must be in \[0, 1\), got 80"),
        ({"shrinkage": 1}, r"shrinkage must be in \[0, 1\), got 1"),
        ({"staffed": "heads"}, r"no column 'heads' for the staffed"),
    ],
)
def test_plan_errors(kwargs, message) -> None:
    with pytest.raises(CxlabValueError, match=message):
        sl.staffing_plan(data.load("voice_week"), **kwargs)


def test_plan_rejects_non_tables() -> None:
    with pytest.raises(CxlabValueError, match="intervals must be a table"):
        sl.staffing_plan([1, 2, 3])
    with pytest.raises(CxlabValueError, match="intervals is empty"):
        sl.staffing_plan(pd.DataFrame())


# --- shrinkage and adherence: which lost time each covers, each counted once (issue 19) -------


def test_lost_time_says_what_each_figure_covers_without_overlap() -> None:
    assert set(sl.LOST_TIME) == {"shrinkage", "adherence"}
    for part in ("breaks", "meetings", "coaching", "training", "holidays", "sickness"):
        assert part in sl.LOST_TIME["shrinkage"]
    assert "time left after shrinkage" in sl.LOST_TIME["adherence"]
    assert "not already in shrinkage" in sl.LOST_TIME["adherence"]


def test_adherence_is_a_share_of_what_shrinkage_leaves() -> None:
    # by hand: 30% shrinkage leaves 0.70 of paid time; 92% adherence keeps 0.92 of that
    assert sl.available_share(shrinkage=0.30, adherence=0.92) == pytest.approx(0.644)
    # adding the two losses (30% + 8% = 38%) would count 0.30 x 0.08 = 2.4 points twice
    assert 1 - (0.30 + 0.08) == pytest.approx(0.644 - 0.30 * 0.08)
    assert sl.available_share(shrinkage=0.30) == pytest.approx(0.70)


def test_agents_on_phones_and_people_to_schedule_by_hand() -> None:
    assert sl.agents_on_phones(22, shrinkage=0.30, adherence=0.92) == 14  # 14.168
    assert sl.agents_on_phones(30, shrinkage=0.30, adherence=0.90) == 18  # 18.9
    assert sl.agents_on_phones(20, shrinkage=0.30) == 14  # 13.999999999999998 in floats
    assert sl.agents_on_phones(22, shrinkage=0.30, adherence=0.0) == 0
    assert sl.people_to_schedule(14, shrinkage=0.30, adherence=0.92) == 22  # 21.74
    assert sl.people_to_schedule(14, shrinkage=0.30) == 20
    assert sl.people_to_schedule(26, shrinkage=0.30) == 38  # 37.1, lesson 01.04
    # vectorised, same shape out
    got = sl.agents_on_phones(pd.Series([22, 30]), shrinkage=0.3, adherence=[0.92, 0.9])
    assert isinstance(got, pd.Series) and got.tolist() == [14, 18]
    # with adherence 1 it is exactly the shrinkage-only rule of lesson 01.04
    for agents in range(0, 60):
        for shrinkage in (0.2, 0.3, 0.35, 0.4):
            assert sl.people_to_schedule(agents, shrinkage=shrinkage) == sl.scheduled_staff(
                agents, shrinkage)


def test_a_shrinkage_figure_that_already_holds_non_adherence_is_not_applied_twice() -> None:
    """Centre B's 34% shrinkage already has a 4-point non-adherence line: adherence stays 1."""
    # Centre A: 30% shrinkage (no adherence line) and 92% adherence, measured apart.
    separate = sl.agents_on_phones(100, shrinkage=0.30, adherence=0.92)  # 64.4 -> 64
    # Centre B folds about the same loss into one figure: 30% + 0.92-loss of the rest.
    folded = 1 - sl.available_share(shrinkage=0.30, adherence=0.92)  # 0.356
    assert sl.agents_on_phones(100, shrinkage=folded) == separate
    twice = sl.agents_on_phones(100, shrinkage=folded, adherence=0.92)  # 59.2 -> 59
    assert twice == 59 and separate - twice == 5, "applying it again loses 5 agents in 100"


def test_the_metric_map_and_the_plan_use_the_same_rule() -> None:
    from cxlab import metrics

    for staff, shrinkage, adherence in [(22, 0.3, 0.92), (30, 0.3, 0.9), (19, 0.35, 0.85)]:
        table = metrics.what_if(scheduled_staff=staff, shrinkage=shrinkage,
                                adherence=adherence).table
        assert table.loc["agents", "after"] == sl.agents_on_phones(
            staff, shrinkage=shrinkage, adherence=adherence)


def test_plan_with_adherence_schedules_for_both_losses(plan) -> None:
    with_adherence = sl.staffing_plan(data.load("voice_week"), shrinkage=0.3, adherence=0.92)
    required = with_adherence.intervals["agents_required"]
    expected = np.ceil(required / (0.7 * 0.92) - 1e-9)
    assert (with_adherence.intervals["scheduled_staff"] == expected).all()
    assert (with_adherence.intervals["scheduled_staff"] >= plan.intervals["scheduled_staff"]).all()
    assert "shrinkage 30%, adherence 92%" in repr(with_adherence)
    assert "adherence" not in repr(plan), "the default plans for shrinkage only"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: sl.available_share(shrinkage=0.3, adherence=92),
         r"adherence must be in \[0, 1\], got 92 \(a fraction: 92% is 0.92"),
        (lambda: sl.agents_on_phones(22, shrinkage=30), r"shrinkage must be in \[0, 1\), got 30"),
        (lambda: sl.agents_on_phones(-1, shrinkage=0.3), r"scheduled_staff must be 0 or more"),
        (lambda: sl.people_to_schedule(14, shrinkage=0.3, adherence=0),
         r"adherence must be in \(0, 1\], got 0"),
        (lambda: sl.staffing_plan(data.load("voice_week"), adherence=1.2),
         r"adherence must be in \(0, 1\], got 1.2"),
    ],
)
def test_shrinkage_and_adherence_errors(call, message) -> None:
    with pytest.raises(CxlabValueError, match=message):
        call()


def _two_intervals() -> pd.DataFrame:
    return pd.DataFrame({"interval_start": pd.to_datetime(["2026-03-02 09:00",
                                                           "2026-03-02 09:30"]),
                         "forecast_calls": [100, 120], "forecast_aht_seconds": [180, 180],
                         "agents_staffed": [14, 15]})


def test_staffing_plan_column_names_must_be_names() -> None:
    # Before: "unhashable type: 'list'" from pandas.
    with pytest.raises(CxlabValueError, match=r"^calls must be the name of a column of "
                                              r"intervals, got \['x'\]$"):
        sl.staffing_plan(_two_intervals(), calls=["x"])
    with pytest.raises(CxlabValueError, match=r"^staffed must be the name of a column of "
                                              r"intervals, or None, got \{\}$"):
        sl.staffing_plan(_two_intervals(), staffed={})


def test_staffing_plan_options_are_single_numbers() -> None:
    with pytest.raises(CxlabValueError, match="^adherence must be a single number, got a 2 by "
                                              "3 array$"):
        sl.staffing_plan(_two_intervals(), adherence=np.zeros((2, 3)))
    with pytest.raises(CxlabValueError, match=r"^interval_seconds must be in \[60, 86400\], "
                                              r"got 1.5 \(a half hour is 1800\)$"):
        sl.staffing_plan(_two_intervals(), interval_seconds=1.5)


def test_staffed_agents_below_the_workload_give_an_endless_wait() -> None:
    # Documented: the queue never clears, the ASA the staffed agents give is inf.
    frame = _two_intervals().assign(agents_staffed=[3, 15])
    plan = sl.staffing_plan(frame)
    assert plan.intervals["asa_seconds_staffed"].tolist()[0] == np.inf
    assert np.isfinite(plan.intervals["asa_seconds_staffed"].tolist()[1])
    assert plan.total["asa_seconds_staffed"] == np.inf
