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

The panel's mean is not a standard: if most evaluators lean the same way, the mean leans with
them, and an evaluator who scores right looks "harsh". :func:`against_standard` compares each
evaluator with an **agreed standard** instead, the QA lead's sheets or an anchor evaluation
agreed in advance, contact by contact, with a tolerance: an evaluator is calibrated when their
weighted score is within ``tolerance_points`` of the standard on at least ``required_share``
of the contacts (by default within 5 points on 80% of them).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import (
    CxlabValueError,
    check_in_range,
    check_positive,
    check_table,
    describe,
)
from .agreement import krippendorff_alpha
from .scorecard import Scorecard, check_scorecard, item_answers, score_evaluations

__all__ = ["LEANING", "VERDICTS", "CalibrationReport", "StandardCheck", "against_standard",
           "calibration_report"]

#: An evaluator whose answers differ from the consensus by more than this (on a 0-1 scale,
#: averaged over items and contacts) is called lenient or harsh.
LEANING = 0.05

#: What :func:`against_standard` says of an evaluator, and what it means.
VERDICTS: dict[str, str] = {
    "calibrated": "within the tolerance of the standard on enough contacts",
    "lenient": "scores above the standard on average by more than the tolerance",
    "harsh": "scores below the standard on average by more than the tolerance",
    "inconsistent": "close to the standard on average, but off by more than the tolerance on "
    "too many contacts, both ways",
}


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
    scorecard = check_scorecard(scorecard)
    table = check_table("table", table, min_rows=0)
    for column in ("contact_id", "evaluator"):
        if column not in table.columns:
            raise CxlabValueError(f"table (the calibration table) needs a {column!r} column")
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


@dataclass(frozen=True)
class StandardCheck:
    """Each evaluator against an agreed standard, contact by contact.

    Attributes
    ----------
    evaluators : DataFrame, one row per evaluator (the standard's own sheets left out):
        ``contacts`` compared, ``mean_difference`` (points of the 0-100 score: positive is
        above the standard), ``mean_absolute_difference`` (points), ``within_tolerance``
        (share of contacts within ``tolerance_points``), ``item_agreement`` (share of item
        answers that match the standard: the same answer on yes/no items, at most one point
        apart on scales) and ``verdict`` (see ``VERDICTS``)
    differences : DataFrame, contacts x evaluators: score minus the standard's, in points
    standard : str, what the evaluators were compared with
    tolerance_points, required_share : float, the rule used
    """

    evaluators: pd.DataFrame
    differences: pd.DataFrame
    standard: str
    tolerance_points: float
    required_share: float

    def calibrated(self) -> list[str]:
        """The evaluators whose verdict is "calibrated"."""
        return list(self.evaluators.index[self.evaluators["verdict"] == "calibrated"])


def against_standard(scorecard: Scorecard, table: pd.DataFrame, standard: str | pd.DataFrame,
                     *, tolerance_points: float = 5.0, required_share: float = 0.8
                     ) -> StandardCheck:
    """Compare every evaluator with an agreed standard, within a tolerance.

    Parameters
    ----------
    scorecard : Scorecard
        The scorecard the contacts were scored on.
    table : DataFrame
        The calibration set: one row per contact and evaluator, ``contact_id``,
        ``evaluator`` and one column per scorecard item.
    standard : str or DataFrame
        The agreed answers: the name of an evaluator in ``table`` whose sheets are the
        standard (the QA lead's), or a table of anchor evaluations with ``contact_id`` and
        one column per item, one row per contact.
    tolerance_points : float, default 5.0, keyword-only
        How far (points of the 0-100 weighted score) an evaluator may be from the standard on
        a contact and still count as agreeing with it.
    required_share : float, default 0.8, keyword-only
        Share of contacts that must be within the tolerance for "calibrated", from 0 to 1.

    Returns
    -------
    StandardCheck

    Raises
    ------
    CxlabValueError
        If the standard names no evaluator of the table, an anchor table lacks a column or
        answers a contact twice, no contact is scored by both, or an option is out of range.

    Examples
    --------
    >>> card = Scorecard.from_dict({"sections": [{"name": "All", "items": [
    ...     {"id": "greet", "weight": 0.5}, {"id": "solve", "weight": 0.5}]}]})
    >>> sheets = pd.DataFrame({"contact_id": ["C1", "C1", "C2", "C2"],
    ...                        "evaluator": ["Lead", "Sam", "Lead", "Sam"],
    ...                        "greet": ["yes", "yes", "no", "yes"],
    ...                        "solve": ["yes", "yes", "yes", "yes"]})
    >>> check = against_standard(card, sheets, "Lead")
    >>> check.differences["Sam"].tolist()  # C2: Sam 100, the lead 50
    [0.0, 50.0]
    >>> check.evaluators.loc["Sam", "verdict"]
    'lenient'
    """
    tolerance = check_positive("tolerance_points", tolerance_points, scalar=True)
    share = check_in_range("required_share", required_share, 0, 1, scalar=True)
    scorecard = check_scorecard(scorecard)
    table = check_table("table", table, min_rows=0)
    for column in ("contact_id", "evaluator"):
        if column not in table.columns:
            raise CxlabValueError(f"table (the calibration table) needs a {column!r} column")
    if table.empty:
        raise CxlabValueError("the calibration table is empty: nobody scored anything yet")
    twice = table.duplicated(["contact_id", "evaluator"])
    if twice.any():
        row = table[twice].iloc[0]
        raise CxlabValueError(f"evaluator {row['evaluator']!r} scored contact "
                              f"{row['contact_id']!r} twice")
    item_ids = [i.id for i in scorecard.items]
    if isinstance(standard, str):
        names = sorted(table["evaluator"].unique())
        if standard not in names:
            raise CxlabValueError(f"standard must name an evaluator of the table ("
                                  f"{', '.join(map(repr, names))}) or be a table of anchor "
                                  f"answers, got {standard!r}")
        anchor = table[table["evaluator"] == standard]
        others = table[table["evaluator"] != standard]
        label = standard
    elif isinstance(standard, pd.DataFrame):
        missing = [c for c in ("contact_id", *item_ids) if c not in standard.columns]
        if missing:
            raise CxlabValueError(f"standard: the anchor table is missing the column(s) "
                                  f"{', '.join(map(repr, missing))}")
        if standard["contact_id"].duplicated().any():
            repeated = standard.loc[standard["contact_id"].duplicated(), "contact_id"].iloc[0]
            raise CxlabValueError(f"the anchor table answers contact {repeated!r} twice; give "
                                  "one agreed answer per contact")
        anchor, others, label = standard, table, "the anchor evaluation"
    else:
        raise CxlabValueError(f"standard must be an evaluator's name or a table of anchor "
                              f"answers, got {describe(standard)}")
    if others.empty:
        raise CxlabValueError("there is nobody to compare with the standard: every sheet in "
                              "the table is the standard's own")
    anchor = anchor.set_index("contact_id")
    shared = sorted(set(anchor.index) & set(others["contact_id"]))
    if not shared:
        raise CxlabValueError("the standard and the evaluators have no contact in common")
    others = others[others["contact_id"].isin(shared)][["contact_id", "evaluator", *item_ids]]
    agreed_sheets = anchor.loc[shared, item_ids].reset_index()
    target = score_evaluations(scorecard, agreed_sheets).evaluations.set_index(
        "contact_id")["score"]
    scored = score_evaluations(scorecard, others).evaluations
    differences = 100 * scored.pivot(index="contact_id", columns="evaluator",
                                     values="score").sub(target, axis=0)
    agreed = item_answers(scorecard, agreed_sheets).set_index("contact_id")[item_ids]
    step = pd.Series({i.id: (1.0 / (i.scale_max - 1) if i.kind == "scale" else 0.0)
                      for i in scorecard.items})
    rows = {}
    for evaluator, sheet in item_answers(scorecard, others).groupby("evaluator"):
        mine = sheet.set_index("contact_id")[item_ids]
        theirs = agreed.loc[mine.index]
        both = mine.notna() & theirs.notna()
        match = (((mine - theirs).abs() <= step + 1e-9) & both).to_numpy().sum()
        diff = differences[evaluator].dropna()
        within = float((diff.abs() <= tolerance + 1e-9).mean())
        mean = float(diff.mean())
        if within >= share:
            verdict = "calibrated"
        elif mean > tolerance:
            verdict = "lenient"
        elif mean < -tolerance:
            verdict = "harsh"
        else:
            verdict = "inconsistent"
        rows[evaluator] = {"contacts": len(diff), "mean_difference": mean,
                           "mean_absolute_difference": float(diff.abs().mean()),
                           "within_tolerance": within,
                           "item_agreement": float(match / both.to_numpy().sum())
                           if both.to_numpy().any() else np.nan,
                           "verdict": verdict}
    evaluators = pd.DataFrame.from_dict(rows, orient="index")
    evaluators.index.name = "evaluator"
    return StandardCheck(evaluators, differences, label, tolerance, share)
