"""Module 04, prioritising CX initiatives: from a long list to a funded, owned roadmap.

* :mod:`.backlog`: the initiative backlog as data, validated on load;
* :mod:`.scoring`: the cost/benefit priority score and the impact/effort matrix, the weighted
  score that uses AHP weights (each criterion once), with RICE and WSJF for comparison;
* :mod:`.ahp`: the Analytic Hierarchy Process (pairwise comparisons, consistency ratio);
* :mod:`.ranking`: stakeholder rankings (Borda count, mean rank, Kendall's W, contested items);
* :mod:`.roadmap`: short, mid and long term batches under capacity in dependency order, and
  the monthly change board;
* :mod:`.campaign`: a quick-wins campaign tracked against its plan;
* :mod:`.money`: cost per contact, the value of a retained customer, return, payback, NPV
  and an initiative's money case.
"""

from __future__ import annotations

from .ahp import RANDOM_INDEX, AHPResult, ahp, ahp_matrix, combine_ahp
from .backlog import BACKLOG_COLUMNS, STATUSES, BacklogError, load_backlog, validate_backlog
from .business_case import MoneyCase, RetentionValue, money_case, retention_value
from .campaign import Campaign, campaign_progress
from .money import (
    cost_per_contact,
    customer_lifetime_value,
    monthly_discount_rate,
    net_present_value,
    payback_months,
    return_on_investment,
)
from .ranking import (
    KendallW,
    borda,
    contested,
    kendalls_w,
    mean_rank,
    rank_table,
    ranking_summary,
)
from .roadmap import (
    DEFAULT_CRITERIA,
    DEFAULT_PERIODS,
    ChangeBoardDecision,
    Roadmap,
    change_board,
    dependency_order,
    plan_roadmap,
)
from .samples import (
    load_change_requests,
    load_draft_actions,
    load_quick_wins,
    load_stakeholder_rankings,
)
from .scoring import (
    CRITERIA,
    QUADRANTS,
    RICE_IMPACT,
    priority_scores,
    quadrant,
    rice,
    weighted_scores,
    wsjf,
)

__all__ = [
    "BACKLOG_COLUMNS",
    "CRITERIA",
    "DEFAULT_CRITERIA",
    "DEFAULT_PERIODS",
    "QUADRANTS",
    "RICE_IMPACT",
    "STATUSES",
    "BacklogError",
    "Campaign",
    "ChangeBoardDecision",
    "Roadmap",
    "campaign_progress",
    "change_board",
    "dependency_order",
    "load_backlog",
    "load_change_requests",
    "load_draft_actions",
    "load_quick_wins",
    "load_stakeholder_rankings",
    "plan_roadmap",
    "priority_scores",
    "quadrant",
    "rice",
    "validate_backlog",
    "weighted_scores",
    "wsjf",
    "RANDOM_INDEX",
    "AHPResult",
    "KendallW",
    "ahp",
    "ahp_matrix",
    "borda",
    "combine_ahp",
    "contested",
    "kendalls_w",
    "mean_rank",
    "rank_table",
    "ranking_summary",
    "MoneyCase",
    "RetentionValue",
    "cost_per_contact",
    "customer_lifetime_value",
    "money_case",
    "monthly_discount_rate",
    "net_present_value",
    "payback_months",
    "retention_value",
    "return_on_investment",
]
