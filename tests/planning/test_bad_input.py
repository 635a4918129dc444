"""Bad input to the planning functions is refused plainly (issue 17), and the split modules
keep every name importable from where it was.

Each case pins the message a manager reads: the parameter, what is allowed, what was given.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxlab import CxlabTypeError, CxlabValueError
from cxlab.planning import (
    bot_costs,
    bot_outcome,
    build_roster,
    chat_agents_required,
    chat_concurrency_table,
    chat_service_level,
    clean_history,
    mape,
    replan_intraday,
    service_level_impact,
    shift_catalogue,
    simulate_chat,
    unusual_days,
)
from cxlab.prioritisation import money_case

CHAT = {"slowdown": 0.25, "threshold_seconds": 60}


def _calls(days: int) -> pd.Series:
    index = pd.date_range("2025-01-06", periods=days * 48, freq="30min")
    return pd.Series(10, index=index)


# --- forecast error and accuracy ------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"actual_calls": -1}, r"^actual_calls must be 0 or more, got -1$"),
        ({"forecast_calls": None}, r"^forecast_calls must be a number, got None$"),
        ({"actual_calls": np.ones((2, 3))},
         r"^actual_calls must be one series of numbers, got a 2 by 3 array$"),
        ({"forecast_calls": []},
         r"^actual_calls and forecast_calls must have the same number of intervals, got 1 "
         r"and 0$"),
        ({"actual_calls": [0]}, r"^actual_calls has no calls at all, so the forecast error"),
        ({"aht_seconds": 10**9},
         r"^forecast_calls, aht_seconds and interval_seconds give a workload of 55,555,556 "
         r"Erlangs \(agents busy at once\) in an interval; at most 90,000 is allowed"),
    ],
)
def test_service_level_impact_names_the_parameter(changes, message):
    kwargs = {"actual_calls": [110], "forecast_calls": [100], "aht_seconds": 180} | changes
    with pytest.raises(CxlabValueError, match=message):
        service_level_impact(**kwargs)


def test_the_accuracy_measures_keep_their_short_names():
    with pytest.raises(CxlabValueError,
                       match=r"^forecast must be 0 or more, got -1 at position 0$"):
        mape([100], [-1])


def test_mape_refuses_an_interval_with_a_tiny_fraction_of_a_call():
    with pytest.raises(CxlabValueError, match="so few calls .* that MAPE grows beyond any "
                                              "number; round the calls"):
        mape([100, 1e-309], [100, 5])


def test_unusual_days_bounds_the_weeks_either_side():
    with pytest.raises(CxlabValueError, match=r"^weeks must be a whole number of at least 1 "
                                              r"and at most 52, got 1e\+09$"):
        unusual_days(_calls(35), weeks=10**9)


@pytest.mark.parametrize("days", ["", [None], ["2025-01-14", ""]])
def test_clean_history_refuses_a_missing_date(days):
    with pytest.raises(CxlabValueError, match="^days must be dates such as '2025-04-21', got"):
        clean_history(_calls(21), days=days)


# --- chat and bots --------------------------------------------------------------------------


def test_chat_agents_required_bounds_the_workload_by_name():
    # 10**9 chats x 450 s (360 s stretched by 25 % for the second chat) / 1800 s
    with pytest.raises(CxlabValueError, match=r"^chats, aht_single_seconds and interval_seconds "
                                              r"give a workload of 250,000,000 Erlangs"):
        chat_agents_required(10**9, 360, concurrency=2, target_sl=0.8, **CHAT)


def test_chat_service_level_refuses_a_workload_too_large_to_count():
    with pytest.raises(CxlabValueError, match="check interval_seconds"):
        chat_service_level(100, 360, 14, concurrency=2, interval_seconds=1e-310, **CHAT)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"chats": []}, r"^chats must be a single number, got \[\]$"),
        ({"agents": np.ones((2, 3))}, r"^agents must be a single number, got a 2 by 3 array$"),
        ({"interval_seconds": pd.DataFrame()},
         r"^interval_seconds must be a single number, got a table of 0 rows and 0 columns$"),
    ],
)
def test_chat_concurrency_table_takes_one_team(changes, message):
    kwargs = {"chats": 100, "aht_single_seconds": 360, "agents": 14, "simulate": False,
              **CHAT} | changes
    with pytest.raises(CxlabValueError, match=message):
        chat_concurrency_table(**kwargs)


def test_chat_concurrency_table_wants_yes_or_no_for_simulate():
    with pytest.raises(CxlabTypeError, match=r"^simulate must be True or False, got 'no'$"):
        chat_concurrency_table(100, 360, 14, simulate="no", **CHAT)


def test_simulate_chat_names_the_handle_time_when_the_agents_cannot_keep_up():
    with pytest.raises(CxlabValueError, match="each takes 1.25e\\+09 s at full concurrency: "
                                              "aht_single_seconds 1e\\+09 stretched"):
        simulate_chat(100, 10**9, 14, concurrency=2, **CHAT)


@pytest.mark.parametrize("option", ["cost_per_paid_hour", "occupancy", "shrinkage",
                                    "overhead_fraction"])
def test_bot_costs_wants_one_number_per_option(option):
    outcome = bot_outcome(1000, containment_rate=0.4, repeat_rate=0.25, aht_seconds=300)
    kwargs = {"cost_per_paid_hour": 30, "occupancy": 0.8, "shrinkage": 0.3} | {option: []}
    with pytest.raises(CxlabValueError, match=rf"^{option} must be a single number, got \[\]$"):
        bot_costs(outcome, **kwargs)


def test_bot_costs_wants_a_bot_outcome():
    with pytest.raises(CxlabTypeError, match=r"^outcome must be the result of bot_outcome"):
        bot_costs(1000, cost_per_paid_hour=30, occupancy=0.8, shrinkage=0.3)


# --- shifts, rosters, intraday --------------------------------------------------------------


def test_no_shift_fits_names_the_requirement_and_the_interval():
    with pytest.raises(CxlabValueError, match=r"^no shift fits in the intervals given: each day "
                                              r"of required, at interval_minutes=30 a row, is "
                                              r"shorter than the shortest shift in shift_hours "
                                              r"\(4 h\)$"):
        shift_catalogue(0)


def test_a_shift_is_at_least_one_interval():
    with pytest.raises(CxlabValueError, match=r"^shift_hours must each be at least one interval "
                                              r"\(30 minutes\), got 0.1 hours$"):
        build_roster([1] * 12, shift_hours=(0.1, 4))


def test_shift_costs_must_be_keyed_by_hours():
    with pytest.raises(CxlabValueError, match=r"^shift_costs must be numbers, got \['a'\]$"):
        build_roster([1] * 12, shift_hours=(3,), shift_costs={"a": 1})


def test_shift_starts_are_bounded_to_a_day():
    with pytest.raises(CxlabValueError, match=r"^start_every_minutes must be a whole number of "
                                              r"at least 1 and at most 1440, got 3000$"):
        shift_catalogue([1] * 12, start_every_minutes=3000)


def test_a_one_day_roster_marks_a_shift_without_break_by_none():
    plan = build_roster([2, 2, 3, 3, 3, 3, 2, 2, 1, 1, 1, 1], shift_hours=(3, 4, 6),
                        start_every_minutes=300)
    breaks = dict(zip(plan.shifts["hours"], plan.shifts["break_start"], strict=True))
    assert breaks == {4.0: None, 6.0: 6}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"aht_seconds": 10**9},
         r"^forecast_calls, actual_calls \(the calls so far scale the rest of the day\), "
         r"aht_seconds and interval_seconds give a workload of 65,277,778 Erlangs"),
        ({"agents_on_phones": 10**9},
         r"^agents_on_phones must be a whole number of at least 0 and at most 10000, got "
         r"1e\+09$"),
        ({"agents_on_phones": [15, 15]},
         r"^agents_on_phones must have one value per interval of the day, as in "
         r"forecast_calls \(6\), got 2$"),
        ({"actual_calls": [100] * 6},
         r"^actual_calls must cover the intervals so far: 1 to 5 of the day's 6 in "
         r"forecast_calls, got 6$"),
    ],
)
def test_replan_intraday_names_the_parameter(changes, message):
    kwargs = {"actual_calls": [115, 120], "agents_on_phones": [15, 15, 14, 16, 13, 16],
              "aht_seconds": 180} | changes
    with pytest.raises(CxlabValueError, match=message):
        replan_intraday([100] * 6, **kwargs)


# --- money (prioritisation.money feeds bot_costs) ------------------------------------------


@pytest.mark.parametrize("bad", [np.ones((2, 3)), pd.DataFrame(), []])
@pytest.mark.parametrize("option", ["monthly_benefit", "monthly_running_cost"])
def test_money_case_wants_one_amount_or_one_per_month(option, bad):
    kwargs = {"one_off_cost": 10_000, "monthly_benefit": 1_000, "horizon_months": 12} | {
        option: bad}
    with pytest.raises(CxlabValueError, match=rf"^{option} must be one amount for every month "
                                              "or a list with one per month, got "):
        money_case(**kwargs)


# --- the split modules keep their names ----------------------------------------------------


def test_the_old_module_paths_still_import():
    from cxlab.planning import accuracy, bots, chat, forecast, roster, shifts
    from cxlab.planning import channels as ch

    assert forecast.mape is accuracy.mape
    assert forecast.service_level_impact is service_level_impact
    assert roster.days_off.__module__ == "cxlab.planning.days_off_plan"
    assert roster.replan_intraday is replan_intraday
    assert roster._requirement is shifts._requirement  # benchmarks/bench_planning.py uses it
    assert ch.CHAT_METHODS == ("slots", "balanced")
    assert ch.simulate_chat is chat.simulate_chat
    assert ch.bot_costs is bots.bot_costs
