"""Module 07, planning the operation: forecasts, shifts and rosters.

* :mod:`cxlab.planning.forecast`: forecasting calls by half hour (Holt-Winters), with
  :mod:`~cxlab.planning.history` (unusual days), :mod:`~cxlab.planning.accuracy` (MAPE,
  WAPE, bias) and :mod:`~cxlab.planning.forecast_error` (what a forecast error does to
  service level);
* :mod:`cxlab.planning.roster`: from agents required per interval to shifts with breaks
  (candidates in :mod:`~cxlab.planning.shifts`), with :mod:`~cxlab.planning.days_off_plan`
  (the post-office problem) and :mod:`~cxlab.planning.intraday` (intraday re-planning);
* :mod:`cxlab.planning.channels`: :mod:`~cxlab.planning.chat` with concurrency (checked
  against simulation), :mod:`~cxlab.planning.messaging` workload, and
  :mod:`~cxlab.planning.bots` (containment, transfers, repeat contacts) with their cost.

Figures are in :mod:`cxlab.planning.plots`, not imported here.
"""

from __future__ import annotations

from .channels import (
    BotCosts,
    BotOutcome,
    ChatSimulation,
    MessagingWorkload,
    bot_costs,
    bot_outcome,
    chat_agents_required,
    chat_concurrency_table,
    chat_handle_seconds,
    chat_service_level,
    messaging_workload,
    simulate_chat,
)
from .forecast import (
    ForecastAccuracy,
    HoltWinters,
    ServiceLevelImpact,
    bias,
    clean_history,
    forecast_accuracy,
    holt_winters,
    mape,
    service_level_impact,
    unusual_days,
    wape,
)
from .roster import (
    DaysOffPlan,
    IntradayReplan,
    Roster,
    build_roster,
    days_off,
    replan_intraday,
    shift_catalogue,
)

__all__ = [
    "BotCosts",
    "BotOutcome",
    "ChatSimulation",
    "MessagingWorkload",
    "bot_costs",
    "bot_outcome",
    "chat_agents_required",
    "chat_concurrency_table",
    "chat_handle_seconds",
    "chat_service_level",
    "messaging_workload",
    "simulate_chat",
    "DaysOffPlan",
    "ForecastAccuracy",
    "HoltWinters",
    "IntradayReplan",
    "Roster",
    "ServiceLevelImpact",
    "bias",
    "build_roster",
    "clean_history",
    "days_off",
    "forecast_accuracy",
    "holt_winters",
    "mape",
    "replan_intraday",
    "service_level_impact",
    "shift_catalogue",
    "unusual_days",
    "wape",
]
