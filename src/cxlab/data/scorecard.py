"""The QA scorecard format of module 03: sections of items with weights, read and checked.

A scorecard is data (``qa_scorecard.yml`` ships one; a trainer may write their own): this module
reads and checks it, and :mod:`cxlab.coaching.scorecard` scores evaluations with it (that module
re-exports :class:`Scorecard` and :class:`Item`, their home for participants).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .._validation import CxlabValueError

__all__ = ["CRITICAL_CATEGORIES", "KINDS", "META_COLUMNS", "Item", "Scorecard"]

CRITICAL_CATEGORIES = ("customer", "business", "compliance")
KINDS = ("yes_no", "scale")
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
