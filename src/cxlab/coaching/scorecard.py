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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .._validation import CxlabValueError, check_instance, check_table

__all__ = [
    "CRITICAL_CATEGORIES",
    "Item",
    "Scorecard",
    "Scores",
    "item_answers",
    "score_evaluations",
]

CRITICAL_CATEGORIES = ("customer", "business", "compliance")
KINDS = ("yes_no", "scale")
_YES = {"yes", "y", "true", "1", "pass"}
_NO = {"no", "n", "false", "0", "fail"}
_NA = {"n/a", "na", "not applicable", ""}
#: Columns of an evaluations table that are not items.
META_COLUMNS = ("evaluation_id", "agent", "evaluator", "date", "contact_id", "channel")


@dataclass(frozen=True)
class Item:
    """One scorecard item."""

    id: str
    text: str
    section: str
    kind: str = "yes_no"
    weight: float = 0.0
    critical: str | None = None
    scale_max: int = 5


@dataclass(frozen=True)
class Scorecard:
    """Sections and items with weights; weights of non-critical items sum to 1 (100%).

    Build one with :meth:`from_dict` (for example from YAML), which checks it.

    Examples
    --------
    >>> card = Scorecard.from_dict({"name": "Demo", "sections": [
    ...     {"name": "Opening", "items": [
    ...         {"id": "greeting", "text": "Greets the customer", "weight": 0.4},
    ...         {"id": "identity", "text": "Checks identity", "critical": "compliance"}]},
    ...     {"name": "Solution", "items": [
    ...         {"id": "empathy", "text": "Shows empathy", "kind": "scale", "weight": 0.6}]}]})
    >>> [item.id for item in card.items]
    ['greeting', 'identity', 'empathy']
    """

    name: str
    items: tuple[Item, ...]

    @property
    def scored(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.critical is None)

    @property
    def critical(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.critical is not None)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise CxlabValueError(f"the scorecard has no item {item_id!r}; its items are "
                              f"{', '.join(i.id for i in self.items)}")

    def table(self) -> pd.DataFrame:
        """The scorecard as a table: section, item, kind, weight (%), critical category."""
        return pd.DataFrame([{"section": i.section, "item": i.id, "text": i.text, "kind": i.kind,
                              "weight (%)": round(i.weight * 100, 1) if i.critical is None
                              else None, "critical": i.critical or ""} for i in self.items])

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scorecard:
        """Read and check a scorecard: name, and sections each with a name and items."""
        if not isinstance(data, Mapping) or "sections" not in data:
            raise CxlabValueError("a scorecard needs 'sections', each with a name and items")
        items: list[Item] = []
        for s_number, section in enumerate(data["sections"], start=1):
            section_name = str(section.get("name", f"Section {s_number}"))
            for raw in section.get("items", []):
                items.append(_item(raw, section_name))
        card = cls(str(data.get("name", "Scorecard")), tuple(items))
        _check(card)
        return card


def _item(raw: Mapping[str, Any], section: str) -> Item:
    if not isinstance(raw, Mapping) or not raw.get("id"):
        raise CxlabValueError(f"every item in section {section!r} needs an id; got {raw!r}")
    item_id = str(raw["id"])
    kind = raw.get("kind", "yes_no")
    if kind not in KINDS:
        raise CxlabValueError(f"item {item_id!r}: kind must be one of {', '.join(KINDS)}; "
                              f"got {kind!r}")
    critical = raw.get("critical")
    if critical is not None and critical not in CRITICAL_CATEGORIES:
        raise CxlabValueError(f"item {item_id!r}: critical must be one of "
                              f"{', '.join(CRITICAL_CATEGORIES)}; got {critical!r}")
    if critical is not None and kind != "yes_no":
        raise CxlabValueError(f"item {item_id!r}: a critical item must be yes/no")
    weight = raw.get("weight", 0.0 if critical else None)
    if critical is None:
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not (
                math.isfinite(weight) and weight > 0):
            raise CxlabValueError(f"item {item_id!r}: weight must be a positive number, "
                                  f"got {weight!r}")
    elif weight not in (None, 0, 0.0):
        raise CxlabValueError(f"item {item_id!r}: a critical item has no weight (it is reported "
                              f"on its own, never averaged into the score); got {weight!r}")
    scale_max = int(raw.get("scale_max", 5))
    if kind == "scale" and scale_max < 2:
        raise CxlabValueError(f"item {item_id!r}: scale_max must be at least 2, got {scale_max}")
    return Item(item_id, str(raw.get("text", item_id)), section, kind,
                float(weight or 0.0), critical, scale_max)


def _check(card: Scorecard) -> None:
    ids = [item.id for item in card.items]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise CxlabValueError(f"item ids must be unique; {', '.join(repeated)} used twice")
    clash = sorted(set(ids) & set(META_COLUMNS))
    if clash:
        raise CxlabValueError(f"item ids may not be {', '.join(clash)} (used for the "
                              "evaluation's details)")
    if not card.scored:
        raise CxlabValueError("the scorecard needs at least one weighted (non-critical) item")
    total = sum(item.weight for item in card.scored)
    if abs(total - 1.0) > 1e-6:
        per_section: dict[str, float] = {}
        for item in card.scored:
            per_section[item.section] = per_section.get(item.section, 0.0) + item.weight
        detail = ", ".join(f"{name} {value:.0%}" for name, value in per_section.items())
        raise CxlabValueError(f"the weights of the scored items must sum to 1 (100%), got "
                              f"{total:.4g} ({detail})")


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
