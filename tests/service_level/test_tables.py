"""Lesson 01.04's staffing-plan tables (issue 18): plain headers, the lesson's numbers."""

from __future__ import annotations

import pytest

from cxlab import CxlabValueError, data
from cxlab import service_level as sl
from cxlab.service_level import tables


@pytest.fixture(scope="module")
def plan() -> sl.StaffingPlan:
    return sl.staffing_plan(data.load("voice_week"), target_sl=0.8, threshold_seconds=20,
                            shrinkage=0.3)


def test_days_table_reads_the_lesson_numbers(plan: sl.StaffingPlan) -> None:
    shown = tables.days_table(plan).frame
    # the lesson's worked answers: Monday peak 26 agents, 84.4% planned, 71.3% staffed
    assert shown.loc["Mon 02 Mar", "Peak agents required"] == "26"
    assert shown.loc["Mon 02 Mar", "SL planned"] == "84.4%"
    assert shown.loc["Mon 02 Mar", "SL staffed"] == "71.3%"
    # Wednesday and Friday: fewer agents than Erlangs in some half hour, the ASA has no limit
    assert shown.loc["Wed 04 Mar", "ASA staffed (s)"] == "no limit"
    assert all("_" not in c for c in shown.columns)


def test_understaffed_table_counts_the_short_half_hours(plan: sl.StaffingPlan) -> None:
    monday = plan.intervals[plan.intervals["interval_start"].dt.day_name() == "Monday"]
    expected = int((monday["agents_staffed"] < monday["agents_required"]).sum())  # 16
    shown = tables.understaffed_table(plan, day="monday")
    assert len(shown.frame) == expected == 16
    assert shown.caption == "Monday: 16 of 24 half hours are under-staffed"


def test_understaffed_table_rejects_a_day_that_is_not_one(plan: sl.StaffingPlan) -> None:
    with pytest.raises(CxlabValueError, match="day must be a weekday name.*'Mon'"):
        tables.understaffed_table(plan, day="Mon")
    with pytest.raises(CxlabValueError, match="plan must be a StaffingPlan"):
        tables.days_table("plan")
