"""Module 03, monitoring and coaching: QA scorecards, calibration and sampling.

* :mod:`.scorecard`: scorecards as data; scoring with N/A re-weighting and critical errors
  per COPC category reported apart;
* :mod:`.agreement`: how far evaluators agree (percent agreement, Cohen's and Fleiss' kappa,
  Krippendorff's alpha, ICC) and what the values mean;
* :mod:`.sampling`: how many evaluations per agent for a margin of error on the mean score.
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
from .sampling import evaluations_needed, margin_of_error
from .scorecard import CRITICAL_CATEGORIES, Item, Scorecard, Scores, score_evaluations

__all__ = [
    "CRITICAL_CATEGORIES",
    "ICCResult",
    "Item",
    "Scorecard",
    "Scores",
    "category_counts",
    "cohen_kappa",
    "evaluations_needed",
    "fleiss_kappa",
    "icc",
    "icc_forms",
    "interpretation",
    "krippendorff_alpha",
    "margin_of_error",
    "percent_agreement",
    "score_evaluations",
]
