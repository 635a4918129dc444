"""Checking a journey definition: every problem found, each with the item and its line or row.

Used by :meth:`cxlab.journey.Journey.from_dict` and :func:`cxlab.journey.load_journey`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

from .._validation import describe
from .model import (
    CHANNELS,
    EMOTION_SCALE,
    LANES,
    Journey,
    JourneyError,
    PainPoint,
    Persona,
    ProcessStep,
    Stage,
    Touchpoint,
)


class _Problems:
    """Collects problems, each prefixed with where it is (file and line or row)."""

    def __init__(self, source: str | None) -> None:
        self.source = source
        self.items: list[str] = []

    def add(self, where: str, message: str, at: object = None) -> None:
        """Record a problem; ``at`` is the raw entry (its file line or row is shown)."""
        line = getattr(at, "line", None)
        source = getattr(at, "source", None) or self.source
        place = ""
        if source is not None and line is not None:
            place = f"{source}, {_line_word(line)}: "
        elif source is not None:
            place = f"{source}: "
        elif line is not None:
            place = f"{_line_word(line)}: "
        self.items.append(f"{place}{where}{': ' if where else ''}{message}")

    def raise_if_any(self) -> None:
        if not self.items:
            return
        if len(self.items) == 1:
            raise JourneyError(self.items[0], tuple(self.items))
        lines = "\n".join(f"- {p}" for p in self.items)
        raise JourneyError(
            f"the journey has {len(self.items)} problems:\n{lines}", tuple(self.items)
        )


def _line_word(line: int) -> str:
    # CSV rows are stored negative so that messages say "row" rather than "line".
    return f"row {-line}" if line < 0 else f"line {line}"


def _text(raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    return "" if value is None else str(value).strip()


def _texts(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, Sequence):
        return tuple(str(v).strip() for v in value if v is not None and str(v).strip())
    return (str(value),)


def _emotion(value: object) -> float | None:
    """The emotion as a float, or None if it is not a finite number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip().replace("+", "", 1)) if value.strip() else None
        except ValueError:
            return None
    if isinstance(value, numbers.Real) and math.isfinite(float(value)):
        return float(value)
    return None


def _yes_no(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in {"", "no", "n", "false", "0"}:
        return False
    if text in {"yes", "y", "true", "1"}:
        return True
    return None


def _list_of_mappings(
    data: Mapping[str, Any], key: str, problems: _Problems, *, required: bool
) -> list[Mapping[str, Any]]:
    value = data.get(key)
    if value is None or (isinstance(value, Sequence) and not isinstance(value, str)
                         and len(value) == 0):
        if required:
            what = {
                "stages": "at least one stage (e.g. {id: discovery, name: Discovery})",
                "touchpoints": "at least one touchpoint",
            }[key]
            problems.add("", f"the {key} list is empty or missing: a journey needs {what}",
                         data)
        return []
    if isinstance(value, str) or not isinstance(value, Sequence):
        problems.add("", f"{key} must be a list, got {describe(value)}", data)
        return []
    good = []
    for position, raw in enumerate(value, start=1):
        if not isinstance(raw, Mapping):
            problems.add("", f"{key} entry {position} must have fields such as id and name, "
                             f"got {describe(raw)}", value)
        else:
            good.append(raw)
    return good


def _ids(
    raws: list[Mapping[str, Any]], kind: str, problems: _Problems
) -> list[tuple[str, Mapping[str, Any]]]:
    """(id, raw) for entries with a usable, unique id; problems for the others."""
    seen: dict[str, int | None] = {}
    result = []
    for position, raw in enumerate(raws, start=1):
        item_id = _text(raw, "id")
        if not item_id:
            name = _text(raw, "name")
            label = f"{kind} {position}" + (f" ({name!r})" if name else "")
            problems.add(label, "has no id", raw)
            continue
        if item_id in seen:
            first = seen[item_id]
            also = f" (first defined on {_line_word(first)})" if first is not None else ""
            problems.add(f"{kind} {item_id!r}", f"the id is used twice{also}", raw)
            continue
        seen[item_id] = getattr(raw, "line", None)
        result.append((item_id, raw))
    return result


def _build(data: Mapping[str, Any], *, source: str | None) -> Journey:
    problems = _Problems(source)
    if not isinstance(data, Mapping):
        raise JourneyError(
            f"{source + ': ' if source else ''}a journey must have fields such as stages and "
            f"touchpoints, got {describe(data)}"
        )

    persona = None
    raw_persona = data.get("persona")
    if isinstance(raw_persona, Mapping):
        persona = Persona(
            name=_text(raw_persona, "name") or "Customer",
            description=_text(raw_persona, "description"),
            goals=_texts(raw_persona.get("goals")),
            frustrations=_texts(raw_persona.get("frustrations")),
        )
    elif raw_persona is not None:
        persona = Persona(name=str(raw_persona))

    stages = [
        Stage(item_id, _text(raw, "name") or item_id, _text(raw, "description"))
        for item_id, raw in _ids(
            _list_of_mappings(data, "stages", problems, required=True), "stage", problems
        )
    ]
    stage_ids = [s.id for s in stages]
    stage_list = ", ".join(repr(s) for s in stage_ids) or "none"

    steps = []
    for item_id, raw in _ids(
        _list_of_mappings(data, "process_steps", problems, required=False),
        "process step",
        problems,
    ):
        where, line = f"process step {item_id!r}", raw
        name, lane, stage = _text(raw, "name"), _text(raw, "lane").lower(), _text(raw, "stage")
        if not name:
            problems.add(where, "has no name", line)
        if lane not in LANES:
            allowed = ", ".join(repr(x) for x in LANES)
            problems.add(where, f"lane must be one of {allowed}; got {describe(raw.get('lane'))}",
                         line)
        if stage not in stage_ids:
            problems.add(where, f"stage {describe(raw.get('stage'))} is not defined; the "
                                f"stages are {stage_list}", line)
        steps.append(ProcessStep(item_id, name, lane, stage, _text(raw, "owner")))
    step_ids = [s.id for s in steps]

    touchpoints = []
    for item_id, raw in _ids(
        _list_of_mappings(data, "touchpoints", problems, required=True), "touchpoint", problems
    ):
        where, line = f"touchpoint {item_id!r}", raw
        for field in ("name", "owner"):
            if not _text(raw, field):
                what = "owning department" if field == "owner" else "name"
                problems.add(where, f"has no {field} (its {what})", line)
        stage = _text(raw, "stage")
        if not stage:
            problems.add(where, f"has no stage; the stages are {stage_list}", line)
        elif stage not in stage_ids:
            problems.add(where, f"stage {stage!r} is not defined; the stages are {stage_list}",
                         line)
        channel = _text(raw, "channel").lower()
        if channel not in CHANNELS:
            allowed = ", ".join(repr(c) for c in CHANNELS)
            problems.add(where, f"channel must be one of {allowed}; got "
                                f"{describe(raw.get('channel'))}", line)
        emotion = _emotion(raw.get("emotion"))
        low, high = EMOTION_SCALE
        if emotion is None:
            problems.add(where, f"emotion must be a number from {low:+g} (very negative) to "
                                f"{high:+g} (very positive), got {describe(raw.get('emotion'))}",
                         line)
        elif not low <= emotion <= high:
            problems.add(where, f"emotion must be from {low:+g} (very negative) to {high:+g} "
                                f"(very positive), got {emotion:g}", line)
        moment = _yes_no(raw.get("moment_of_truth"))
        if moment is None:
            problems.add(where, f"moment_of_truth must be yes or no, got "
                                f"{describe(raw.get('moment_of_truth'))}", line)
        linked = _texts(raw.get("process_steps"))
        for step_id in linked:
            if step_id not in step_ids:
                known = ", ".join(repr(s) for s in step_ids) or "none are defined"
                problems.add(where, f"is linked to process step {step_id!r}, which is not "
                                    f"defined; the process steps are {known}", line)
        pains = []
        for raw_pain in _texts_or_mappings(raw.get("pain_points")):
            if isinstance(raw_pain, Mapping):
                at = raw_pain if _has_line(raw_pain) else raw
                text = _text(raw_pain, "text")
                causes = _texts(raw_pain.get("caused_by"))
                if not text:
                    problems.add(where, "a pain point has no text", at)
                for step_id in causes:
                    if step_id not in step_ids:
                        known = ", ".join(repr(s) for s in step_ids) or "none are defined"
                        problems.add(where, f"pain point {text!r} is caused_by process step "
                                            f"{step_id!r}, which is not defined; the process "
                                            f"steps are {known}", at)
                pains.append(PainPoint(text, causes))
            else:
                pains.append(PainPoint(raw_pain))
        touchpoints.append(
            Touchpoint(
                id=item_id,
                name=_text(raw, "name"),
                stage=stage,
                channel=channel,
                owner=_text(raw, "owner"),
                emotion=emotion if emotion is not None else 0.0,
                customer_goal=_text(raw, "customer_goal"),
                moment_of_truth=bool(moment),
                pain_points=tuple(pains),
                process_steps=linked,
            )
        )

    problems.raise_if_any()
    return Journey(
        name=_text(data, "name") or "Customer journey",
        stages=tuple(stages),
        touchpoints=tuple(touchpoints),
        process_steps=tuple(steps),
        persona=persona,
    )


def _texts_or_mappings(value: object) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, Sequence):
        return [v if isinstance(v, Mapping) else str(v).strip()
                for v in value if v is not None and (isinstance(v, Mapping) or str(v).strip())]
    return [str(value)]


# --------------------------------------------------------------------------------------------
# Reading files


def _has_line(raw: object) -> bool:
    return getattr(raw, "line", None) is not None
