"""A customer journey as data: persona, stages, touchpoints and the process behind them.

A journey is written as YAML (everything in one file) or as CSV (one row per touchpoint, and
optionally a second CSV of process steps). :func:`load_journey` reads either and checks it;
:meth:`Journey.from_dict` checks a journey built in Python.

The YAML form::

    name: Broadband customer journey
    persona: {name: Priya, description: ..., goals: [...], frustrations: [...]}
    stages:                      # in journey order; at least one
      - {id: discovery, name: Discovery}
    touchpoints:
      - id: T01
        name: Sees a TV advert
        stage: discovery         # the id of a stage above
        channel: advertising     # one of CHANNELS
        owner: Marketing         # the owning department
        customer_goal: Find a faster connection
        emotion: 1               # -2 (very negative) .. +2 (very positive)
        moment_of_truth: false
        pain_points:             # text, or {text: ..., caused_by: [process step ids]}
          - Prices shown exclude the router fee
        process_steps: [P01]     # process steps behind this touchpoint
    process_steps:
      - {id: P01, name: Plan the campaign, lane: backstage, stage: discovery, owner: Marketing}

**Emotion** is on a five-point scale from -2 (very negative: angry, anxious) through 0
(neutral) to +2 (very positive: delighted); halves such as 0.5 are allowed. **Channels** are
those in :data:`CHANNELS`. **Lanes** of a process step are those of a service blueprint
(:data:`LANES`): ``customer`` (what the customer does), ``frontstage`` (what staff or systems
do in the customer's sight), ``backstage`` (what staff do out of sight) and ``support``
(systems, suppliers and other departments that make it possible).

The CSV form has one row per touchpoint with the columns ``id, name, stage, channel, owner,
emotion`` (required) and ``customer_goal, stage_name, moment_of_truth, pain_points,
process_steps`` (optional). Stages come from the ``stage`` column in order of first
appearance; ``moment_of_truth`` is yes/no; ``pain_points`` and ``process_steps`` hold several
entries separated by ``;``. Process steps are read from a second CSV with the columns
``id, name, lane, stage`` (and optionally ``owner``).

Every problem found is reported in one :class:`JourneyError`, each naming the item at fault,
and the file line (YAML) or row (CSV) when the journey came from a file.
"""

from __future__ import annotations

import csv
import io
import math
import numbers
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import pandas as pd

from .._validation import CxlabValueError, describe

__all__ = [
    "CHANNELS",
    "EMOTION_SCALE",
    "LANES",
    "Journey",
    "JourneyError",
    "PainPoint",
    "Persona",
    "ProcessStep",
    "Stage",
    "Touchpoint",
    "load_journey",
]

#: Channels a touchpoint may use. ``in_home`` is a visit to the customer's home (an engineer).
CHANNELS = (
    "advertising",
    "web",
    "app",
    "email",
    "sms",
    "phone",
    "chat",
    "social",
    "store",
    "in_home",
    "post",
)

#: Lanes of a service blueprint, from the customer down to the support processes.
LANES = ("customer", "frontstage", "backstage", "support")

#: Lowest and highest emotion score: -2 very negative, 0 neutral, +2 very positive.
EMOTION_SCALE = (-2.0, 2.0)

#: The sample journey shipped with cxlab (a broadband provider).
SAMPLE_JOURNEY = "broadband_journey.yml"


class JourneyError(CxlabValueError):
    """A journey definition has problems; ``problems`` lists them one per item."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems or (message,)


@dataclass(frozen=True)
class Persona:
    """Who the journey is drawn for."""

    name: str
    description: str = ""
    goals: tuple[str, ...] = ()
    frustrations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stage:
    """One stage of the journey (a column of the journey map)."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class PainPoint:
    """Something that goes wrong for the customer, and the process steps that cause it.

    ``caused_by`` empty means "not pinned down": every non-customer process step linked to
    the touchpoint is a candidate cause.
    """

    text: str
    caused_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Touchpoint:
    """A moment where the customer meets the company."""

    id: str
    name: str
    stage: str
    channel: str
    owner: str
    emotion: float
    customer_goal: str = ""
    moment_of_truth: bool = False
    pain_points: tuple[PainPoint, ...] = ()
    process_steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProcessStep:
    """A step of the internal process, in one lane of the service blueprint."""

    id: str
    name: str
    lane: str
    stage: str
    owner: str = ""


@dataclass(frozen=True)
class Journey:
    """A checked customer journey. Build it with :meth:`from_dict` or :func:`load_journey`.

    Examples
    --------
    >>> journey = Journey.from_dict({
    ...     "name": "Minimal",
    ...     "stages": [{"id": "buy", "name": "Purchase"}],
    ...     "touchpoints": [{"id": "T1", "name": "Orders online", "stage": "buy",
    ...                      "channel": "web", "owner": "Sales", "emotion": 1}]})
    >>> journey.touchpoint("T1").channel
    'web'
    >>> Journey.from_dict({"stages": [{"id": "buy"}], "touchpoints": [{"id": "T1",
    ...     "name": "Calls", "stage": "buy", "channel": "fax", "owner": "Sales", "emotion": 0}]})
    Traceback (most recent call last):
    ...
    cxlab.journey.model.JourneyError: touchpoint 'T1': channel must be one of 'advertising', 'web', 'app', 'email', 'sms', 'phone', 'chat', 'social', 'store', 'in_home', 'post'; got 'fax'
    """  # noqa: E501

    name: str
    stages: tuple[Stage, ...]
    touchpoints: tuple[Touchpoint, ...]
    process_steps: tuple[ProcessStep, ...] = ()
    persona: Persona | None = None

    # ----------------------------------------------------------------------------------
    # Look-ups

    def stage(self, stage_id: str) -> Stage:
        """The stage with id ``stage_id``."""
        return _find(self.stages, stage_id, "stage")

    def touchpoint(self, touchpoint_id: str) -> Touchpoint:
        """The touchpoint with id ``touchpoint_id``."""
        return _find(self.touchpoints, touchpoint_id, "touchpoint")

    def step(self, step_id: str) -> ProcessStep:
        """The process step with id ``step_id``."""
        return _find(self.process_steps, step_id, "process step")

    def touchpoints_in(self, stage_id: str) -> tuple[Touchpoint, ...]:
        """Touchpoints of one stage, in the order they are written."""
        self.stage(stage_id)
        return tuple(t for t in self.touchpoints if t.stage == stage_id)

    @property
    def channels(self) -> tuple[str, ...]:
        """Channels the journey uses, in the order of :data:`CHANNELS`."""
        used = {t.channel for t in self.touchpoints}
        return tuple(c for c in CHANNELS if c in used)

    @property
    def departments(self) -> tuple[str, ...]:
        """Departments owning a touchpoint or a process step, in order of first mention."""
        names = [t.owner for t in self.touchpoints] + [s.owner for s in self.process_steps]
        return tuple(dict.fromkeys(n for n in names if n))

    # ----------------------------------------------------------------------------------
    # Tables

    def touchpoints_table(self) -> pd.DataFrame:
        """One row per touchpoint, in journey order (stages, then as written).

        Examples
        --------
        >>> table = load_journey().touchpoints_table()
        >>> list(table.columns)  # doctest: +NORMALIZE_WHITESPACE
        ['stage', 'name', 'channel', 'owner', 'customer_goal', 'emotion', 'moment_of_truth',
         'pain_points', 'process_steps']
        """
        rows = [
            {
                "id": t.id,
                "stage": t.stage,
                "name": t.name,
                "channel": t.channel,
                "owner": t.owner,
                "customer_goal": t.customer_goal,
                "emotion": t.emotion,
                "moment_of_truth": t.moment_of_truth,
                "pain_points": "; ".join(p.text for p in t.pain_points),
                "process_steps": "; ".join(t.process_steps),
            }
            for t in self.ordered_touchpoints()
        ]
        return pd.DataFrame(rows).set_index("id")

    def ordered_touchpoints(self) -> tuple[Touchpoint, ...]:
        """Touchpoints stage by stage in journey order, as written within a stage."""
        return tuple(t for s in self.stages for t in self.touchpoints if t.stage == s.id)

    def steps_table(self) -> pd.DataFrame:
        """One row per process step: name, lane, stage, owner and the touchpoints it serves."""
        served: dict[str, list[str]] = {s.id: [] for s in self.process_steps}
        for t in self.touchpoints:
            for step_id in t.process_steps:
                served[step_id].append(t.id)
        rows = [
            {
                "id": s.id,
                "name": s.name,
                "lane": s.lane,
                "stage": s.stage,
                "owner": s.owner,
                "touchpoints": "; ".join(served[s.id]),
            }
            for s in self.process_steps
        ]
        columns = ["id", "name", "lane", "stage", "owner", "touchpoints"]
        return pd.DataFrame(rows, columns=columns).set_index("id")

    # ----------------------------------------------------------------------------------
    # Building and checking

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str | None = None) -> Journey:
        """Check a journey written as nested dicts and lists (the YAML form) and build it.

        Parameters
        ----------
        data : mapping
            With ``stages`` and ``touchpoints`` (required), ``name``, ``persona`` and
            ``process_steps`` (optional); the module docstring shows every field.
        source : str, optional
            Name of the file the data came from, for error messages.

        Raises
        ------
        JourneyError
            Listing every problem: a touchpoint naming a stage that is not defined, an empty
            stage list, an unknown channel or lane, an emotion off the -2..+2 scale, a link
            to a process step that is not defined, a repeated id or a missing field.
        """
        return _build(data, source=source)


def _find(items: Sequence[Any], item_id: object, kind: str) -> Any:
    for item in items:
        if item.id == item_id:
            return item
    known = ", ".join(repr(i.id) for i in items) or "none"
    raise CxlabValueError(f"there is no {kind} {describe(item_id)}; the {kind}s are {known}")


# --------------------------------------------------------------------------------------------
# Checking a journey


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


def load_journey(
    path: str | os.PathLike[str] | None = None,
    *,
    steps_path: str | os.PathLike[str] | None = None,
) -> Journey:
    """Load and check a journey from a YAML or CSV file; the sample journey when no path.

    Parameters
    ----------
    path : str or path, optional
        A ``.yml``/``.yaml`` file (the whole journey) or a ``.csv`` file (one row per
        touchpoint; see the module docstring for the columns). Without a path, the sample
        journey of a broadband provider shipped with cxlab.
    steps_path : str or path, optional
        For a CSV journey only: a CSV file of process steps (``id, name, lane, stage``,
        optionally ``owner``).

    Returns
    -------
    Journey

    Raises
    ------
    FileNotFoundError
        If there is no file at ``path`` or ``steps_path``.
    JourneyError
        If the journey has problems; the message lists them all with their line or row.

    Examples
    --------
    >>> journey = load_journey()
    >>> [s.id for s in journey.stages][:4]
    ['discovery', 'consideration', 'purchase', 'installation']
    >>> journey.persona.name
    'Priya'
    """
    if path is None:
        if steps_path is not None:
            raise CxlabValueError("steps_path is for a CSV journey; give path as well")
        text = files("cxlab.data").joinpath(SAMPLE_JOURNEY).read_text(encoding="utf-8")
        return _from_yaml(text, source=SAMPLE_JOURNEY)
    if not isinstance(path, (str, os.PathLike)):
        raise CxlabValueError(f"path must be a file name, got {describe(path)}")
    file = _existing(path)
    suffix = file.suffix.lower()
    if suffix in {".yml", ".yaml"}:
        if steps_path is not None:
            raise CxlabValueError(
                "steps_path is for a CSV journey; a YAML journey lists its process_steps itself"
            )
        return _from_yaml(file.read_text(encoding="utf-8-sig"), source=str(path))
    if suffix == ".csv":
        steps_text = None
        if steps_path is not None:
            steps_text = _existing(steps_path).read_text(encoding="utf-8-sig")
        return _from_csv(file.read_text(encoding="utf-8-sig"), source=str(path),
                         steps_text=steps_text, steps_source=str(steps_path))
    raise CxlabValueError(
        f"path must end in .yml, .yaml or .csv, got {describe(str(path))}"
    )


def _existing(path: str | os.PathLike[str]) -> Path:
    file = Path(path).expanduser()
    if file.is_dir():
        raise CxlabValueError(f"{str(path)!r} is a folder, not a journey file (.yml or .csv)")
    if not file.is_file():
        raise FileNotFoundError(
            f"there is no file {str(path)!r} (looked for {file.resolve()}); check the name and "
            f"the folder: relative names start from {Path.cwd()}"
        )
    return file


class _Located(dict):
    """A mapping read from a file that remembers where it starts (and, for CSV, which file)."""

    line: int | None = None
    source: str | None = None


class _LocatedList(list):
    line: int | None = None


def _yaml_loader() -> type:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def mapping(loader: Any, node: Any) -> _Located:
        result = _Located(loader.construct_mapping(node, deep=True))
        result.line = node.start_mark.line + 1
        return result

    def sequence(loader: Any, node: Any) -> _LocatedList:
        result = _LocatedList(loader.construct_sequence(node, deep=True))
        result.line = node.start_mark.line + 1
        return result

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, sequence)
    return Loader


def _from_yaml(text: str, *, source: str) -> Journey:
    import yaml

    try:
        data = yaml.load(text, Loader=_yaml_loader())  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise JourneyError(f"{source}{where}: could not be read as YAML ({problem}); check "
                           "the indentation and that each list entry starts with '- '") from exc
    if data is None:
        raise JourneyError(f"{source} is empty: a journey needs stages and touchpoints")
    return _build(data, source=source)


_CSV_REQUIRED = ("id", "name", "stage", "channel", "owner", "emotion")
_CSV_OPTIONAL = ("customer_goal", "stage_name", "moment_of_truth", "pain_points",
                 "process_steps")
_STEPS_REQUIRED = ("id", "name", "lane", "stage")


def _csv_rows(text: str, source: str, required: tuple[str, ...]) -> list[_Located]:
    reader = csv.reader(io.StringIO(text))
    rows = [(number, row) for number, row in enumerate(reader, start=1)
            if any(cell.strip() for cell in row)]
    if not rows:
        raise JourneyError(f"{source} is empty: expected a header row with the columns "
                           f"{', '.join(required)}")
    header_number, header = rows[0]
    keys = [re.sub(r"[\s\-]+", "_", h.strip().lstrip("\ufeff").lower()) for h in header]
    missing = [c for c in required if c not in keys]
    if missing:
        raise JourneyError(
            f"{source} is missing the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}; it must have {', '.join(required)}; the file has "
            f"{', '.join(repr(h) for h in header if h.strip()) or 'no column names'}"
        )
    result = []
    for number, row in rows[1:]:
        item = _Located({k: (row[i].strip() if i < len(row) else "")
                         for i, k in enumerate(keys) if k})
        item.line = -number  # negative: a CSV row
        result.append(item)
    return result


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _from_csv(text: str, *, source: str, steps_text: str | None, steps_source: str) -> Journey:
    rows = _csv_rows(text, source, _CSV_REQUIRED)
    stages: dict[str, _Located] = {}
    touchpoints = []
    for row in rows:
        stage = row.get("stage", "")
        if stage and stage not in stages:
            stages[stage] = _Located({"id": stage, "name": row.get("stage_name") or stage})
            stages[stage].line = row.line
        entry = _Located(row)
        entry["pain_points"] = _split(row.get("pain_points", ""))
        entry["process_steps"] = _split(row.get("process_steps", ""))
        entry.line = row.line
        touchpoints.append(entry)
    data: dict[str, Any] = {"stages": list(stages.values()), "touchpoints": touchpoints}
    if steps_text is not None:
        steps = _csv_rows(steps_text, steps_source, _STEPS_REQUIRED)
        for step in steps:
            step.source = steps_source
        data["process_steps"] = steps
    return _build(data, source=source)


def _has_line(raw: object) -> bool:
    return getattr(raw, "line", None) is not None
