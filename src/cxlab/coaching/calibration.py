"""A calibration session: every evaluator scores the same contacts; where do they differ?

For each scorecard item the report gives the share of contacts on which all evaluators gave
exactly the same answer, the mean pairwise agreement (two evaluators agree on a yes/no item
when they give the same answer, and on a 1-to-N scale when they are at most one point apart,
the usual "adjacent agreement" of QA calibration), and Krippendorff's alpha (nominal for
yes/no, ordinal for scales) when the item varies. Items are listed by pairwise agreement,
most disputed first. For each evaluator it gives the bias against the
consensus: their average answer minus the average of all evaluators on the same contacts and
items (positive = more lenient, negative = harsher), and their weighted scores against the
panel's mean.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import CxlabValueError
from .agreement import krippendorff_alpha
from .scorecard import Scorecard, item_answers, score_evaluations

__all__ = ["LEANING", "CalibrationReport", "calibration_report"]

#: An evaluator whose answers differ from the consensus by more than this (on a 0-1 scale,
#: averaged over items and contacts) is called lenient or harsh.
LEANING = 0.05


@dataclass(frozen=True)
class CalibrationReport:
    """Per-item agreement (``items``, most disputed first), per-evaluator bias
    (``evaluators``), the contacts x evaluators matrix of weighted scores (``scores``) and the
    items x contacts spread of answers, highest minus lowest on a 0-1 scale (``spread``)."""

    items: pd.DataFrame
    evaluators: pd.DataFrame
    scores: pd.DataFrame
    spread: pd.DataFrame

    def disputed(self, threshold: float = 0.75) -> list[str]:
        """Items whose pairwise agreement is below ``threshold``, most disputed first."""
        return list(self.items.index[self.items["pairwise_agreement"] < threshold])


def calibration_report(scorecard: Scorecard, table: pd.DataFrame) -> CalibrationReport:
    """Agreement per item and bias per evaluator for a calibration set.

    ``table`` has one row per contact and evaluator: ``contact_id``, ``evaluator`` and one
    column per scorecard item.
    """
    for column in ("contact_id", "evaluator"):
        if column not in getattr(table, "columns", []):
            raise CxlabValueError(f"the calibration table needs a {column!r} column")
    if table.empty:
        raise CxlabValueError("the calibration table is empty: nobody scored anything yet")
    evaluators = sorted(table["evaluator"].unique())
    if len(evaluators) < 2:
        raise CxlabValueError(f"a calibration needs at least 2 evaluators, got "
                              f"{len(evaluators)}")
    duplicated = table.duplicated(["contact_id", "evaluator"])
    if duplicated.any():
        row = table[duplicated].iloc[0]
        raise CxlabValueError(f"evaluator {row['evaluator']!r} scored contact "
                              f"{row['contact_id']!r} twice")
    answers = item_answers(scorecard, table)
    rows = []
    spread = {}
    for item in scorecard.items:
        grid = answers.pivot(index="contact_id", columns="evaluator", values=item.id)
        spread[item.id] = grid.max(axis=1) - grid.min(axis=1)
        complete = grid.dropna()
        same = complete.nunique(axis=1) == 1
        step = 1.0 / (item.scale_max - 1) if item.kind == "scale" else 0.0
        pairs = [np.mean(np.abs(complete[a] - complete[b]) <= step + 1e-9)
                 for a, b in itertools.combinations(grid.columns, 2)] if len(complete) else []
        values = grid.T.to_numpy(dtype=float)
        level = "nominal" if item.kind == "yes_no" else "ordinal"
        try:
            alpha = krippendorff_alpha(values, level=level)
        except CxlabValueError:
            alpha = np.nan  # no variation at all, or too few rated contacts
        rows.append({"item": item.id, "text": item.text, "critical": item.critical or "",
                     "contacts": len(complete), "all_agree": float(same.mean())
                     if len(complete) else np.nan,
                     "pairwise_agreement": float(np.mean(pairs)) if pairs else np.nan,
                     "alpha": alpha})
    items = pd.DataFrame(rows).set_index("item").sort_values(["pairwise_agreement", "all_agree"])
    item_ids = [i.id for i in scorecard.items]
    long = answers.melt(id_vars=["contact_id", "evaluator"], value_vars=item_ids,
                        var_name="item", value_name="answer").dropna(subset=["answer"])
    consensus = long.groupby(["contact_id", "item"])["answer"].transform("mean")
    long["difference"] = long["answer"] - consensus
    scored = score_evaluations(scorecard, table[["contact_id", "evaluator", *item_ids]])
    matrix = scored.evaluations.pivot(index="contact_id", columns="evaluator", values="score")
    panel = matrix.mean(axis=1)
    bias = pd.DataFrame({
        "mean_difference": long.groupby("evaluator")["difference"].mean(),
        "score_vs_panel": matrix.sub(panel, axis=0).mean(),
    })
    bias["leaning"] = np.where(bias["mean_difference"] > LEANING, "lenient",
                               np.where(bias["mean_difference"] < -LEANING, "harsh", "in line"))
    spread_table = pd.DataFrame(spread).T.loc[items.index]
    return CalibrationReport(items, bias, matrix, spread_table)
