"""Operational reality: what extra seconds per call do to occupancy and agents required."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cxlab import CxlabValueError, data
from cxlab.organisation import extra_work


def _erlang_c_agents(calls: float, aht: float, threshold: float, target: float) -> int:
    """Smallest N meeting the target, by the textbook Erlang C formula (independent)."""
    a = calls * aht / 1800
    n = math.floor(a) + 1
    while True:
        top = a**n / math.factorial(n) * n / (n - a)
        pw = top / (sum(a**k / math.factorial(k) for k in range(n)) + top)
        if 1 - pw * math.exp(-(n - a) * threshold / aht) >= target:
            return n
        n += 1


def _week(rows):
    return pd.DataFrame(rows, columns=["interval_start", "offered", "answered", "aht_seconds",
                                       "agents_staffed"])


def test_a_half_hour_by_hand():
    week = _week([(pd.Timestamp("2026-03-02 10:00"), 100, 100, 180.0, 12)])
    result = extra_work(week, extra_seconds_per_call=36)
    row = result.intervals.iloc[0]
    # 100 calls x 180 s over 12 agents x 1,800 s = 0.8333; with 216 s: 21,600 / 21,600 = 1.
    assert row["occupancy_now"] == pytest.approx(100 * 180 / (12 * 1800))
    assert row["occupancy_with_change"] == pytest.approx(1.0)
    # 10 Erlangs need 14 agents for 80% in 20 s (module 01's staffing table); 12 Erlangs more.
    assert row["agents_required_now"] == 14 == _erlang_c_agents(100, 180, 20, 0.8)
    assert row["agents_required_with_change"] == _erlang_c_agents(100, 216, 20, 0.8)
    day = result.by_day.loc["Monday"]
    assert day["extra_hours_of_work"] == pytest.approx(100 * 36 / 3600)  # one hour
    assert day["extra_agent_hours"] == pytest.approx(0.5 * row["extra_agents"])
    assert day["half_hours_over_limit_now"] == 0 and day["half_hours_over_limit"] == 1


def test_the_sample_week_in_numbers():
    week = data.load("voice_week")
    result = extra_work(week, extra_seconds_per_call=45)
    # Extra work: every answered call x 45 s.
    assert result.by_day["extra_hours_of_work"].sum() == pytest.approx(
        week["answered"].sum() * 45 / 3600)
    # The day's occupancy is all talk time over all agent time (pandas, independently).
    monday = week[week["interval_start"].dt.day_name() == "Monday"]
    assert result.by_day.loc["Monday", "occupancy_now"] == pytest.approx(
        (monday["answered"] * monday["aht_seconds"]).sum()
        / (monday["agents_staffed"] * 1800).sum())
    assert result.extra_agent_hours == pytest.approx(result.by_day["extra_agent_hours"].sum())
    assert (result.intervals["extra_agents"] >= 0).all()
    none = extra_work(week, extra_seconds_per_call=0)
    assert none.extra_agent_hours == 0
    assert (none.by_day["half_hours_over_limit"]
            == none.by_day["half_hours_over_limit_now"]).all()


def test_extra_work_explains_bad_input():
    week = data.load("voice_week")
    with pytest.raises(CxlabValueError, match=r"extra_seconds_per_call must be in \[0, 3600\], "
                                              "got -5"):
        extra_work(week, extra_seconds_per_call=-5)
    with pytest.raises(CxlabValueError, match=r"occupancy_limit must be in \(0, 1\], got 90 "
                                              r"\(a fraction: write 90% as 0.9\)"):
        extra_work(week, extra_seconds_per_call=10, occupancy_limit=90)
    with pytest.raises(CxlabValueError, match="week must have the columns .* missing "
                                              "agents_staffed"):
        extra_work(week.drop(columns="agents_staffed"), extra_seconds_per_call=10)
    with pytest.raises(CxlabValueError, match="week must be a table of half-hour intervals"):
        extra_work([1, 2], extra_seconds_per_call=10)
