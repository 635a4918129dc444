"""Module 03, monitoring and coaching: QA scorecards, calibration and sampling.

* :mod:`.scorecard`: scorecards as data; scoring with N/A re-weighting and critical errors
  per COPC category reported apart;
* :mod:`.agreement`: how far evaluators agree (percent agreement, Cohen's and Fleiss' kappa,
  Krippendorff's alpha, ICC) and what the values mean;
* :mod:`.calibration`: a calibration session's disputed items and evaluator bias, and each
  evaluator against an agreed standard (the QA lead's or an anchor evaluation);
* :mod:`.sampling`: how many evaluations per agent for a margin of error on the mean score;
* :mod:`.priorities`: the behaviours to coach first (missed often, and felt by customers)
  and the transaction-coaching record.
"""

from __future__ import annotations

from .agreement import (
    ICCResult,
    category_counts,
    cohen_kappa,
    fleiss_kappa,
    icc,
    icc_forms,
    interpretation,
    krippendorff_alpha,
    percent_agreement,
)
from .calibration import CalibrationReport, StandardCheck, against_standard, calibration_report
from .priorities import CoachingRecord, behaviour_impact, coaching_log, coaching_priorities
from .sampling import evaluations_needed, margin_of_error
from .scorecard import (
    CRITICAL_CATEGORIES,
    Item,
    Scorecard,
    Scores,
    item_answers,
    score_evaluations,
)

__all__ = [
    "CRITICAL_CATEGORIES",
    "CalibrationReport",
    "CoachingRecord",
    "ICCResult",
    "Item",
    "Scorecard",
    "Scores",
    "StandardCheck",
    "against_standard",
    "behaviour_impact",
    "calibration_report",
    "category_counts",
    "coaching_log",
    "coaching_priorities",
    "cohen_kappa",
    "evaluations_needed",
    "fleiss_kappa",
    "icc",
    "icc_forms",
    "interpretation",
    "item_answers",
    "krippendorff_alpha",
    "margin_of_error",
    "percent_agreement",
    "score_evaluations",
]
