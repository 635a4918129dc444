"""Module 04, prioritising CX initiatives: from a long list to a funded, owned roadmap.

* :mod:`.backlog`: the initiative backlog as data, validated on load;
* :mod:`.scoring`: the cost/benefit priority score and the impact/effort matrix, with RICE and
  WSJF for comparison;
* :mod:`.ahp`: the Analytic Hierarchy Process (pairwise comparisons, consistency ratio);
* :mod:`.ranking`: stakeholder rankings (Borda count, mean rank, Kendall's W, contested items);
* :mod:`.roadmap`: short, mid and long term batches under capacity in dependency order, and
  the monthly change board;
* :mod:`.campaign`: a quick-wins campaign tracked against its plan.
"""

from __future__ import annotations

from .ahp import RANDOM_INDEX, AHPResult, ahp, ahp_matrix, combine_ahp
from .ranking import (
    KendallW,
    borda,
    contested,
    kendalls_w,
    mean_rank,
    rank_table,
    ranking_summary,
)

__all__ = [
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
]
