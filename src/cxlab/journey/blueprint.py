"""Tables built from a journey: ownership, blueprint links and the causes of pain points.

* :func:`ownership_matrix`: department x touchpoint, who **owns** each moment and who
  **supports** it through a process step behind it;
* :func:`blueprint_links`: every touchpoint with the process steps behind it;
* :func:`pain_point_causes`: every pain point with the process step(s) where it starts;
* :func:`emotion_by_stage`: the mean emotion score of each stage's touchpoints.
"""

from __future__ import annotations

import pandas as pd

from .._validation import CxlabValueError, describe
from .model import Journey, ProcessStep

__all__ = ["blueprint_links", "emotion_by_stage", "ownership_matrix", "pain_point_causes"]

#: What a cell of the ownership matrix says.
OWNS, SUPPORTS = "owns", "supports"


def _check_journey(journey: object) -> Journey:
    if not isinstance(journey, Journey):
        raise CxlabValueError(
            f"journey must be a Journey (from cxlab.journey.load_journey), got {describe(journey)}"
        )
    return journey


def ownership_matrix(journey: Journey) -> pd.DataFrame:
    """Department x touchpoint: who owns each moment and who works behind it.

    A cell says ``"owns"`` when the department owns the touchpoint, ``"supports"`` when it
    owns one of the process steps behind it, or the step where one of its pain points starts
    (``caused_by``), without owning the touchpoint; it is empty otherwise. A column with
    several ``"supports"`` is a moment where departments must hand over well; a department
    that supports many moments it does not own feels few of the customer's reactions to its
    work.

    Parameters
    ----------
    journey : Journey

    Returns
    -------
    pandas.DataFrame
        One row per department (in order of first mention), one column per touchpoint id in
        journey order.

    Examples
    --------
    >>> from cxlab.journey import load_journey
    >>> matrix = ownership_matrix(load_journey())
    >>> matrix.loc["Field Operations", "T11"], matrix.loc["IT", "T12"]
    ('owns', 'supports')
    >>> int((matrix == "owns").sum().sum()) == len(load_journey().touchpoints)
    True
    """
    journey = _check_journey(journey)
    touchpoints = journey.ordered_touchpoints()
    matrix = pd.DataFrame(
        "", index=pd.Index(journey.departments, name="department"),
        columns=pd.Index([t.id for t in touchpoints], name="touchpoint"),
    )
    for t in touchpoints:
        causes = [s for p in t.pain_points for s in (p.caused_by or ())]
        for step_id in [*t.process_steps, *causes]:
            owner = journey.step(step_id).owner
            if owner:
                matrix.loc[owner, t.id] = SUPPORTS
        matrix.loc[t.owner, t.id] = OWNS
    return matrix


def blueprint_links(journey: Journey) -> pd.DataFrame:
    """Every touchpoint with each process step behind it, one row per link.

    Parameters
    ----------
    journey : Journey

    Returns
    -------
    pandas.DataFrame
        Columns ``stage, touchpoint_id, touchpoint, step_id, step, lane, step_owner``, in
        journey order; a touchpoint with no process step has one row with empty step columns.

    Examples
    --------
    >>> from cxlab.journey import load_journey
    >>> links = blueprint_links(load_journey())
    >>> links[links["touchpoint_id"] == "T11"]["step_id"].tolist()
    ['P18', 'P20', 'P21']
    """
    journey = _check_journey(journey)
    rows = []
    for t in journey.ordered_touchpoints():
        steps: list[ProcessStep | None] = [journey.step(s) for s in t.process_steps]
        steps = steps or [None]
        for step in steps:
            rows.append(
                {
                    "stage": t.stage,
                    "touchpoint_id": t.id,
                    "touchpoint": t.name,
                    "step_id": step.id if step else "",
                    "step": step.name if step else "",
                    "lane": step.lane if step else "",
                    "step_owner": step.owner if step else "",
                }
            )
    return pd.DataFrame(rows, columns=["stage", "touchpoint_id", "touchpoint", "step_id",
                                       "step", "lane", "step_owner"])


def pain_point_causes(journey: Journey) -> pd.DataFrame:
    """Which process step lies behind each pain point.

    A pain point written with ``caused_by`` is linked to those steps (``pinned`` is True).
    Otherwise every frontstage, backstage or support step behind its touchpoint is listed as
    a candidate (``pinned`` is False): the blueprint narrows the search but someone still has
    to find which one it is. A pain point with no candidate step has one row with empty step
    columns: a gap in the blueprint.

    Parameters
    ----------
    journey : Journey

    Returns
    -------
    pandas.DataFrame
        Columns ``stage, touchpoint_id, touchpoint, pain_point, step_id, step, lane,
        step_owner, pinned``, one row per pain point and step.

    Examples
    --------
    >>> from cxlab.journey import load_journey
    >>> causes = pain_point_causes(load_journey())
    >>> row = causes[causes["pain_point"].str.startswith("Engineer did not turn up")]
    >>> row[["step_id", "lane", "step_owner"]].values.tolist()
    [['P18', 'backstage', 'Field Operations'], ['P20', 'frontstage', 'Field Operations']]
    """
    journey = _check_journey(journey)
    rows = []
    for t in journey.ordered_touchpoints():
        for pain in t.pain_points:
            steps: list[ProcessStep | None]
            if pain.caused_by:
                steps = [journey.step(s) for s in pain.caused_by]
            else:
                steps = [journey.step(s) for s in t.process_steps
                         if journey.step(s).lane != "customer"]
            for step in steps or [None]:
                rows.append(
                    {
                        "stage": t.stage,
                        "touchpoint_id": t.id,
                        "touchpoint": t.name,
                        "pain_point": pain.text,
                        "step_id": step.id if step else "",
                        "step": step.name if step else "",
                        "lane": step.lane if step else "",
                        "step_owner": step.owner if step else "",
                        "pinned": bool(pain.caused_by),
                    }
                )
    return pd.DataFrame(rows, columns=["stage", "touchpoint_id", "touchpoint", "pain_point",
                                       "step_id", "step", "lane", "step_owner", "pinned"])


def emotion_by_stage(journey: Journey) -> pd.Series:
    """Mean emotion score (-2..+2) of each stage's touchpoints, in journey order.

    A stage without touchpoints is ``NaN``.

    Examples
    --------
    >>> from cxlab.journey import load_journey
    >>> float(emotion_by_stage(load_journey())["installation"])
    -0.5
    """
    journey = _check_journey(journey)
    values = {}
    for stage in journey.stages:
        scores = [t.emotion for t in journey.touchpoints if t.stage == stage.id]
        values[stage.id] = sum(scores) / len(scores) if scores else float("nan")
    return pd.Series(values, name="emotion", dtype=float).rename_axis("stage")
