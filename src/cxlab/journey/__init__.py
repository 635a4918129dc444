"""Module 05, customer journey mapping: the journey as data, ownership and the blueprint.

* :mod:`.model`: persona, stages, touchpoints and process steps read from YAML or CSV and
  checked (:func:`load_journey`, :class:`Journey`);
* :mod:`.blueprint`: tables built from a journey: who owns which touchpoint, which process
  steps lie behind each touchpoint and each pain point, the emotion per stage.

Figures (the journey map, the service blueprint, the ownership grid) are in
``cxlab.journey.plots``; the voice of the customer (NPS, CSAT, CES, themes) is in
:mod:`cxlab.voc`.
"""

from __future__ import annotations

from .blueprint import blueprint_links, emotion_by_stage, ownership_matrix, pain_point_causes
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
    load_journey,
)

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
    "blueprint_links",
    "emotion_by_stage",
    "load_journey",
    "ownership_matrix",
    "pain_point_causes",
]
