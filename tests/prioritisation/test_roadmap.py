"""Roadmap planning under capacity in dependency order, the change board, the campaign."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxlab import CxlabValueError
from cxlab.prioritisation import (
    BacklogError,
    campaign_progress,
    change_board,
    dependency_order,
    load_backlog,
    plan_roadmap,
)

from .conftest import make_backlog


def _priority(**values):
    return pd.Series(values, dtype=float)


def test_highest_priority_first_within_capacity():
    backlog = make_backlog({"code": "A", "effort": 6}, {"code": "B", "effort": 6},
                           {"code": "C", "effort": 6})
    roadmap = plan_roadmap(backlog, capacity=12, priority=_priority(A=1, B=3, C=2))
    assert roadmap.period_of("B") == "Short term" and roadmap.period_of("C") == "Short term"
    assert roadmap.period_of("A") == "Mid term"
    assert roadmap.load["planned"].tolist() == [12.0, 6.0, 0.0]


def test_enabler_inherits_priority_and_comes_first():
    backlog = make_backlog({"code": "ENABLER", "effort": 5},
                           {"code": "WANTED", "effort": 5, "dependencies": "ENABLER"},
                           {"code": "OTHER", "effort": 5})
    roadmap = plan_roadmap(backlog, capacity=10,
                           priority=_priority(ENABLER=0.1, WANTED=9, OTHER=5))
    assert list(roadmap.plan.index[:2]) == ["ENABLER", "WANTED"]
    assert roadmap.period_of("OTHER") == "Mid term"


def test_dependant_never_before_what_it_needs():
    # the dependency only fits in the mid term, so its dependant cannot be in the short term
    backlog = make_backlog({"code": "BIG", "effort": 9}, {"code": "SMALL", "effort": 1},
                           {"code": "NEXT", "effort": 1, "dependencies": "BIG"})
    roadmap = plan_roadmap(backlog, capacity=10, priority=_priority(BIG=1, SMALL=5, NEXT=0.5))
    assert roadmap.period_of("SMALL") == "Short term"
    assert roadmap.period_of("BIG") == "Short term"
    assert roadmap.period_of("NEXT") == "Mid term"  # the short term is full
    backlog.loc[1, "effort"] = 3  # now BIG (9) no longer fits beside SMALL (3)
    roadmap = plan_roadmap(backlog, capacity=10, priority=_priority(BIG=1, SMALL=5, NEXT=0.5))
    assert roadmap.period_of("BIG") == "Mid term"
    assert roadmap.period_of("NEXT") == "Mid term"  # 1 week would fit in the short term


@pytest.mark.parametrize("seed", range(5))
def test_random_backlogs_respect_capacity_and_dependencies(seed):
    rng = np.random.default_rng(seed)
    n = 25
    rows = []
    for i in range(n):
        deps = [f"I{j}" for j in rng.choice(i, size=min(i, rng.integers(0, 3)), replace=False)]
        rows.append({"code": f"I{i}", "effort": int(rng.integers(1, 12)),
                     "customer_benefit": int(rng.integers(1, 6)),
                     "dependencies": ";".join(deps)})
    backlog = make_backlog(*rows)
    roadmap = plan_roadmap(backlog, capacity=[15, 25, 30])
    assert (roadmap.load["planned"] <= roadmap.load["capacity"] + 1e-9).all()
    number = roadmap.plan["period_number"]
    for code, row in roadmap.plan.iterrows():
        for dep in row["dependencies"]:
            assert dep in number.index and number[dep] <= number[code]
    assert roadmap.not_planned["reason"].str.len().gt(0).all()
    assert len(roadmap.plan) + len(roadmap.not_planned) == n


def test_cycle_is_reported_by_name():
    backlog = make_backlog({"code": "A", "dependencies": "C"}, {"code": "B", "dependencies": "A"},
                           {"code": "C", "dependencies": "B"}, {"code": "D"})
    with pytest.raises(CxlabValueError, match="circle: A -> C -> B -> A"):
        plan_roadmap(backlog, capacity=20)
    with pytest.raises(CxlabValueError, match="circle"):
        dependency_order(backlog)


def test_capacity_smaller_than_largest_initiative():
    backlog = make_backlog({"code": "A", "effort": 3}, {"code": "HUGE", "effort": 50,
                                                        "title": "New billing system"})
    with pytest.raises(CxlabValueError,
                       match=r"HUGE \(New billing system\) needs 50 person-weeks but no "
                             r"period has more than 30: split it"):
        plan_roadmap(backlog, capacity=[20, 30, 30])


@pytest.mark.parametrize(
    ("capacity", "message"),
    [(0, "above 0"), ([10, 10], "one per period \\(3\\)"), ("ten", "must be a number")],
)
def test_bad_capacity(capacity, message):
    with pytest.raises(CxlabValueError, match=message):
        plan_roadmap(make_backlog({"code": "A"}), capacity=capacity)


def test_empty_backlog():
    with pytest.raises(BacklogError, match="no initiatives"):
        plan_roadmap(make_backlog({"code": "A"}).iloc[0:0], capacity=10)


def test_status_rules():
    backlog = make_backlog(
        {"code": "DONE", "status": "done", "effort": 50},
        {"code": "AFTER_DONE", "dependencies": "DONE"},
        {"code": "HOLD", "status": "on hold"},
        {"code": "AFTER_HOLD", "dependencies": "HOLD"},
        {"code": "LOW_BUT_STARTED", "status": "in progress", "effort": 8},
        {"code": "HIGH", "effort": 8},
    )
    roadmap = plan_roadmap(backlog, capacity=10,
                           priority=_priority(DONE=1, AFTER_DONE=1, HOLD=1, AFTER_HOLD=1,
                                              LOW_BUT_STARTED=0.01, HIGH=9))
    assert "DONE" not in roadmap.plan.index and "DONE" not in roadmap.not_planned.index
    assert roadmap.period_of("AFTER_DONE") is not None
    assert roadmap.not_planned.loc["HOLD", "reason"] == "on hold"
    assert roadmap.not_planned.loc["AFTER_HOLD", "reason"] == \
        "waits for HOLD, which is not planned"
    assert roadmap.period_of("LOW_BUT_STARTED") == "Short term"
    assert roadmap.period_of("HIGH") == "Mid term"


def test_no_room_at_all_is_listed_not_lost():
    backlog = make_backlog(*({"code": f"I{i}", "effort": 10} for i in range(5)))
    roadmap = plan_roadmap(backlog, capacity=10, periods=[("Now", 1), ("Next", 2)])
    assert len(roadmap.plan) == 2
    assert len(roadmap.not_planned) == 3
    assert roadmap.not_planned["reason"].str.startswith("no room left").all()


def test_deadlines_are_period_ends():
    roadmap = plan_roadmap(make_backlog({"code": "A"}), capacity=10, start="2027-01-01")
    assert roadmap.load["ends"].dt.strftime("%Y-%m-%d").tolist() == [
        "2027-03-31", "2027-09-30", "2028-06-30"]
    assert roadmap.plan.loc["A", "deadline"] == pd.Timestamp("2027-03-31")


def test_sample_backlog_plans_without_error():
    roadmap = plan_roadmap(load_backlog(), capacity=[30, 60, 90])
    assert len(roadmap.plan) > 15
    assert "Short term" in roadmap.summary()


# ------------------------------------------------------------------ change board

REQUEST_DEFAULTS = {"pain_point": "Customers wait too long"}


def _requests(*rows):
    table = make_backlog(*rows)
    if "pain_point" not in table.columns:
        table["pain_point"] = REQUEST_DEFAULTS["pain_point"]
    return table


def test_change_board_qualifies_ranks_and_shows_what_moves():
    backlog = make_backlog({"code": "NOW", "effort": 10, "customer_benefit": 4},
                           {"code": "MID", "effort": 10, "customer_benefit": 3,
                            "business_benefit": 2},
                           {"code": "LATE", "effort": 10, "customer_benefit": 2,
                            "business_benefit": 2})
    roadmap = plan_roadmap(backlog, capacity=10)
    assert [roadmap.period_of(c) for c in ("NOW", "MID", "LATE")] == [
        "Short term", "Mid term", "Long term"]
    requests = _requests(
        {"code": "R1", "title": "Fix the bill", "effort": 10, "customer_benefit": 5,
         "business_benefit": 5},
        {"code": "R2", "title": "Pet project", "owner": " ", "effort": 1},
        {"code": "R3", "title": "Tiny thing", "customer_benefit": 1, "business_benefit": 2},
        {"code": "R4", "title": "Initiative MID", "effort": 1},
    )
    requests.loc[requests["code"] == "R4", "pain_point"] = ""
    decision = change_board(roadmap, requests)
    assert list(decision.accepted.index) == ["R1"]
    assert decision.accepted.loc["R1", "period"] == "Mid term"  # the short term is promised
    assert decision.accepted.loc["R1", "deadline"] == pd.Timestamp("2027-09-30")
    assert decision.roadmap.period_of("NOW") == "Short term"
    reasons = decision.rejected["reasons"].to_dict()
    assert "no owner" in reasons["R2"]
    assert "too little value" in reasons["R3"]
    assert "no customer pain point" in reasons["R4"] and "already on the roadmap" in reasons["R4"]
    pushed = decision.pushed_back
    assert pushed.loc["MID", "was"] == "Mid term" and pushed.loc["MID", "now"] == "Long term"
    assert pushed.loc["LATE", "now"] == "not planned"
    assert "Pushed back: MID (Mid term -> Long term)" in decision.summary()


def test_change_board_refuses_reused_codes():
    roadmap = plan_roadmap(make_backlog({"code": "A"}), capacity=10)
    with pytest.raises(CxlabValueError, match="already in the backlog: A"):
        change_board(roadmap, _requests({"code": "A"}))


def test_change_board_with_custom_criteria():
    roadmap = plan_roadmap(make_backlog({"code": "A"}), capacity=10)
    decision = change_board(roadmap, _requests({"code": "R", "cost": 500}),
                            criteria={"over the 100 k budget": lambda r, _: r["cost"] <= 100})
    assert decision.rejected.loc["R", "reasons"] == "over the 100 k budget"


# ------------------------------------------------------------------ campaign

def test_campaign_by_hand():
    dates = pd.date_range("2027-01-04", periods=30, freq="W-MON")  # 30 Mondays from 4 Jan
    c = campaign_progress(dates, target=99, start="2027-01-01", end="2027-12-31",
                          as_of="2027-07-31")
    assert c.done == 30
    # 211 of 364 days gone: plan 99 * 211 / 364 = 57.4; pace 30 / 211 a day for 153 days more
    assert c.planned_by_now == pytest.approx(57.4)
    assert c.forecast_at_end == pytest.approx(30 + 30 / 211 * 153)
    assert not c.on_track
    assert "behind plan" in c.summary()
    assert c.table["cumulative"].dropna().iloc[-1] == 30
    assert c.table["plan"].iloc[-1] == pytest.approx(99)
    assert c.table["removed"].sum() == 30


def test_campaign_on_track_and_future_ignored():
    dates = list(pd.date_range("2027-01-02", periods=60, freq="D")) + ["2027-06-01"]
    c = campaign_progress(dates, target=99, start="2027-01-01", end="2027-12-31",
                          as_of="2027-03-02")
    assert c.done == 60 and c.on_track


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"target": 0}, "target must be a whole number of at least 1"),
     ({"end": "2026-01-01"}, "end must be after start"),
     ({"removed_on": ["2028-02-01"]}, "outside the campaign"),
     ({"removed_on": ["soon"]}, "removed_on must hold dates, got 'soon'"),
     ({"as_of": "2029-01-01"}, "as_of must be within the campaign")],
)
def test_campaign_bad_input(kwargs, message):
    args = {"removed_on": [], "target": 10, "start": "2027-01-01", "end": "2027-12-31",
            **kwargs}
    with pytest.raises(CxlabValueError, match=message):
        campaign_progress(**args)


@pytest.mark.parametrize(
    ("call", "message"),
    [(lambda: plan_roadmap(make_backlog({"code": "A"}), 10, start="soon"),
      "start must be a date like '2027-01-01', got 'soon'"),
     (lambda: campaign_progress(None, target=5, start="2027-01-01", end="2027-02-01"),
      "removed_on must be a list or column of dates"),
     (lambda: change_board(None, make_backlog({"code": "A"})),
      "roadmap must be a Roadmap")],
)
def test_wrong_kinds_of_argument(call, message):
    with pytest.raises(CxlabValueError, match=message):
        call()
