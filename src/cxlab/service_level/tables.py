"""Tables of a staffing plan, written for a manager to read (lesson 01.04).

Each function picks the columns of a :class:`~cxlab.service_level.StaffingPlan` a lesson
shows and gives them plain headers with units, so the notebook cell is one call.
Percentages read as ``85.1%``; an ASA that grows without limit reads *no limit*.
"""

from __future__ import annotations

import pandas as pd

from .._validation import CxlabValueError
from ..show import Table, table
from .planning import StaffingPlan

__all__ = ["days_table", "understaffed_table"]

_DAY_COLUMNS = {
    "calls": "Calls (forecast)",
    "peak_agents_required": "Peak agents required",
    "agent_hours_required": "Agent-hours required",
    "scheduled_hours": "Hours to schedule",
    "agent_hours_staffed": "Agent-hours staffed",
    "service_level": "SL planned",
    "service_level_staffed": "SL staffed",
    "asa_seconds_staffed": "ASA staffed (s)",
}
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _check_plan(plan: object) -> StaffingPlan:
    if not isinstance(plan, StaffingPlan):
        raise CxlabValueError(
            f"plan must be a StaffingPlan (from staffing_plan); got {type(plan).__name__}"
        )
    if "service_level_staffed" not in plan.days.columns:
        raise CxlabValueError(
            "plan must compare with the agents staffed (its data need an agents_staffed "
            "column); this plan has no staffed figures"
        )
    return plan


def days_table(plan: StaffingPlan) -> Table:
    """One line per day of ``plan``: calls, agents and hours required, and service levels.

    Examples
    --------
    >>> from cxlab import data
    >>> from cxlab.service_level import staffing_plan
    >>> plan = staffing_plan(data.load("voice_week"), target_sl=0.8, threshold_seconds=20,
    ...                      shrinkage=0.3)
    >>> days_table(plan).frame.loc["Mon 02 Mar", ["Peak agents required", "SL staffed"]].tolist()
    ['26', '71.3%']
    """
    days = _check_plan(plan).days
    shown = days[list(_DAY_COLUMNS)].copy()
    shown["calls"] = shown["calls"].round(0)
    shown["asa_seconds_staffed"] = shown["asa_seconds_staffed"].round(0)
    shown.index = pd.Index(days.index.strftime("%a %d %b"), name="Day")
    return table(shown, labels=_DAY_COLUMNS, percent=["service_level", "service_level_staffed"],
                 decimals=1)


def understaffed_table(plan: StaffingPlan, *, day: str) -> Table:
    """The half hours of ``day`` (a weekday name) with fewer agents staffed than required.

    The caption says how many of the day's half hours are under-staffed.

    Examples
    --------
    >>> from cxlab import data
    >>> from cxlab.service_level import staffing_plan
    >>> plan = staffing_plan(data.load("voice_week"), target_sl=0.8, threshold_seconds=20,
    ...                      shrinkage=0.3)
    >>> understaffed_table(plan, day="Monday").caption
    'Monday: 16 of 24 half hours are under-staffed'
    """
    intervals = _check_plan(plan).intervals
    name = day.strip().capitalize() if isinstance(day, str) else day
    if name not in _DAYS:
        raise CxlabValueError(f"day must be a weekday name such as 'Tuesday'; got {day!r}")
    rows = intervals[intervals["interval_start"].dt.day_name() == name]
    if rows.empty:
        raise CxlabValueError(f"day must be a day in the plan; the plan has no {name}")
    short = rows[rows["gap"] < 0]
    shown = pd.DataFrame(
        {
            "Calls (forecast)": short["calls"],
            "Required": short["agents_required"],
            "Staffed": short["agents_staffed"],
            "Gap": short["gap"],
            "SL staffed": short["service_level_staffed"],
            "ASA staffed (s)": short["asa_seconds_staffed"].round(0),
        }
    )
    shown.index = pd.Index(short["interval_start"].dt.strftime("%H:%M"), name="Half hour")
    return table(shown, percent=["SL staffed"],
                 caption=f"{name}: {len(short)} of {len(rows)} half hours are under-staffed")
