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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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

#: The sample journey shipped with cxlab (a broadband provider): its file, and its name in
#: the data registry (cxlab.data.list_datasets()).
SAMPLE_JOURNEY = "broadband_journey.yml"
SAMPLE_JOURNEY_DATASET = "broadband_journey"


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
        from ._checks import _build

        return _build(data, source=source)


def _find(items: Sequence[Any], item_id: object, kind: str) -> Any:
    for item in items:
        if item.id == item_id:
            return item
    known = ", ".join(repr(i.id) for i in items) or "none"
    raise CxlabValueError(f"there is no {kind} {describe(item_id)}; the {kind}s are {known}")



# The readers live in ._files and the checks in ._checks; both build the classes above.
from ._files import load_journey  # noqa: E402
