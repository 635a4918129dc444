"""QA scorecards as data, and scoring evaluations with them.

A scorecard has sections of items. Each item is either **yes/no** (N/A allowed) or a **1-to-N
scale** (N/A allowed), and has a weight. Some yes/no items are **critical**, in one of the three
categories COPC separates: customer-critical (the customer is harmed: wrong information, issue
not resolved), business-critical (the company is harmed: wrong refund, lost sale) and
compliance-critical (a law or regulation is broken: missing identity check, data disclosed).

Scoring an evaluation:

* the **weighted score** uses the non-critical items only. An N/A item drops out and the
  weights of the items that apply are scaled back up to 100%, so a call is not marked down
  for a question that did not arise. A yes counts in full, a no not at all; a scale answer
  ``v`` on 1..N counts ``(v - 1) / (N - 1)``;
* **critical items** are never averaged into that score: an evaluation is *accurate* in a
  category when none of its applicable critical items in that category is a no. Accuracy
  per category is the share of accurate evaluations (COPC's "critical error accuracy").
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .._validation import CxlabValueError, check_instance, check_table
from ..data.scorecard import CRITICAL_CATEGORIES, META_COLUMNS, Item, Scorecard

__all__ = [
    "CRITICAL_CATEGORIES",
    "Item",
    "Scorecard",
    "Scores",
    "item_answers",
    "score_evaluations",
]

_YES = {"yes", "y", "true", "1", "pass"}
_NO = {"no", "n", "false", "0", "fail"}
_NA = {"n/a", "na", "not applicable", ""}


def _read(value: Any, item: Item, row: int) -> float | None:
    """A normalised answer in [0, 1], or None for N/A; clear error otherwise."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip().lower()
    if text in _NA:
        return None
    where = f"item {item.id!r} in row {row}"
    if item.kind == "yes_no":
        if text in _YES:
            return 1.0
        if text in _NO:
            return 0.0
        raise CxlabValueError(f"{where} must be yes, no or n/a, got {value!r}")
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not (number == int(number) if math.isfinite(number) else False) or not (
            1 <= number <= item.scale_max):
        raise CxlabValueError(f"{where} must be a whole number from 1 to {item.scale_max} or "
                              f"n/a, got {value!r}")
    return (number - 1) / (item.scale_max - 1)


@dataclass(frozen=True)
class Scores:
    """Scored evaluations.

    Attributes
    ----------
    evaluations : one row per evaluation: its details, ``score`` (weighted, 0-1, critical
        items excluded), ``items_applicable`` and, per critical category, ``<category>_ok``
        (True, False, or NA when no item of the category applied)
    by_agent : per agent: evaluations, mean score and critical accuracy per category
    accuracy : critical accuracy per category over all evaluations
    """

    evaluations: pd.DataFrame
    by_agent: pd.DataFrame
    accuracy: pd.Series


def check_scorecard(value: object, name: str = "scorecard") -> Scorecard:
    """``value`` if it is a :class:`Scorecard`, else a message saying where one comes from."""
    return check_instance(name, value, Scorecard,
                          "a Scorecard (load one with cxlab.data.load_scorecard())")


def check_evaluations(value: object, name: str = "evaluations") -> pd.DataFrame:
    """A non-empty table of evaluations (a DataFrame, a 2-D array or a list of rows)."""
    return check_table(name, value)


def score_evaluations(scorecard: Scorecard, evaluations: pd.DataFrame) -> Scores:
    """Score a table of evaluations (one row each, one column per item id).

    Examples
    --------
    >>> card = Scorecard.from_dict({"sections": [{"name": "All", "items": [
    ...     {"id": "greet", "weight": 0.5}, {"id": "solve", "weight": 0.5},
    ...     {"id": "id_check", "critical": "compliance"}]}]})
    >>> table = pd.DataFrame({"agent": ["Ann", "Ann"], "greet": ["yes", "n/a"],
    ...                       "solve": ["no", "yes"], "id_check": ["yes", "no"]})
    >>> s = score_evaluations(card, table)
    >>> s.evaluations["score"].tolist(), s.evaluations["compliance_ok"].tolist()
    ([0.5, 1.0], [True, False])
    """
    scorecard = check_scorecard(scorecard)
    evaluations = check_evaluations(evaluations)
    columns = [str(c) for c in evaluations.columns]
    item_ids = {item.id for item in scorecard.items}
    unknown = [c for c in columns if c not in item_ids and c not in META_COLUMNS]
    if unknown:
        raise CxlabValueError(f"evaluations has unknown item column(s) "
                              f"{', '.join(map(repr, unknown))}: not on the scorecard "
                              f"({', '.join(sorted(item_ids))})")
    missing = [i.id for i in scorecard.items if i.id not in columns]
    if missing:
        raise CxlabValueError(f"evaluations is missing the item column(s) "
                              f"{', '.join(map(repr, missing))}")
    rows = []
    for position, (_, record) in enumerate(evaluations.iterrows(), start=2):
        answers = {item.id: _read(record[item.id], item, position) for item in scorecard.items}
        applicable = [(i, a) for i in scorecard.scored if (a := answers[i.id]) is not None]
        weight = sum(i.weight for i, _ in applicable)
        score = (sum(i.weight * a for i, a in applicable) / weight) if weight else None
        out = {c: record[c] for c in META_COLUMNS if c in columns}
        out.update(score=score, items_applicable=len(applicable))
        for category in CRITICAL_CATEGORIES:
            values = [answers[i.id] for i in scorecard.critical
                      if i.critical == category and answers[i.id] is not None]
            out[f"{category}_ok"] = (all(v == 1.0 for v in values) if values else pd.NA)
        rows.append(out)
    table = pd.DataFrame(rows)
    for category in CRITICAL_CATEGORIES:
        table[f"{category}_ok"] = table[f"{category}_ok"].astype("boolean")
    accuracy = pd.Series({c: _share(table[f"{c}_ok"]) for c in CRITICAL_CATEGORIES},
                         name="critical accuracy")
    if "agent" in table:
        by_agent = table.groupby("agent").apply(_agent_summary, include_groups=False)
    else:
        by_agent = pd.DataFrame()
    return Scores(table, by_agent, accuracy)


def _share(flags: Iterable) -> float:
    values = [bool(v) for v in flags if v is not pd.NA]
    return sum(values) / len(values) if values else math.nan


def _agent_summary(group: pd.DataFrame) -> pd.Series:
    data = {"evaluations": len(group), "mean_score": group["score"].astype(float).mean()}
    for category in CRITICAL_CATEGORIES:
        data[f"{category}_accuracy"] = _share(group[f"{category}_ok"])
    return pd.Series(data)


def item_answers(scorecard: Scorecard, evaluations: pd.DataFrame) -> pd.DataFrame:
    """Each evaluation's answers as numbers: 1 yes, 0 no, (v-1)/(N-1) on a scale, NaN for N/A.

    Columns that are not scorecard items (agent, date, csat, ...) are kept as they are.

    >>> card = Scorecard.from_dict({"sections": [{"name": "All", "items": [
    ...     {"id": "greet", "weight": 0.5}, {"id": "care", "kind": "scale", "weight": 0.5}]}]})
    >>> item_answers(card, pd.DataFrame({"greet": ["yes", "n/a"], "care": [3, 5]}))["care"].tolist()
    [0.5, 1.0]
    """
    scorecard = check_scorecard(scorecard)
    evaluations = check_evaluations(evaluations)
    missing = [i.id for i in scorecard.items if i.id not in evaluations.columns]
    if missing:
        raise CxlabValueError(f"evaluations is missing the item column(s) "
                              f"{', '.join(map(repr, missing))}")
    out = evaluations.copy()
    for item in scorecard.items:
        values = [_read(v, item, row) for row, v in enumerate(evaluations[item.id], start=2)]
        out[item.id] = pd.array([math.nan if v is None else v for v in values], dtype=float)
    return out
