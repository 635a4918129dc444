"""Module 01, service level and response time: the queueing model.

Conventions used throughout: times in seconds (``aht_seconds``, ``threshold_seconds``,
``interval_seconds``), rates as fractions (0.8, not 80). Functions accept numbers, numpy
arrays or pandas Series and return the same shape.

Figures are in :mod:`cxlab.service_level.plots` and interactive front ends in
:mod:`cxlab.service_level.widgets`; neither is imported here.
"""

from __future__ import annotations

from .deferred import Backlog, backlog, handling_capacity
from .erlang import (
    ErlangAResult,
    agents_required,
    asa,
    erlang_a,
    erlang_b,
    erlang_c,
    occupancy,
    scheduled_staff,
    service_level,
    traffic_intensity,
)
from .feedback import check_agents
from .planning import (
    LOST_TIME,
    SL_DEFINITIONS,
    StaffingPlan,
    agents_on_phones,
    available_share,
    people_to_schedule,
    service_level_from_counts,
    staffing_plan,
)
from .pooling import pooling
from .simulation import Simulation, simulate

__all__ = [
    "LOST_TIME",
    "SL_DEFINITIONS",
    "Backlog",
    "ErlangAResult",
    "Simulation",
    "StaffingPlan",
    "agents_on_phones",
    "agents_required",
    "check_agents",
    "asa",
    "available_share",
    "backlog",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "handling_capacity",
    "occupancy",
    "people_to_schedule",
    "pooling",
    "scheduled_staff",
    "service_level",
    "service_level_from_counts",
    "simulate",
    "staffing_plan",
    "traffic_intensity",
]
