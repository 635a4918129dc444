"""Module 05, the voice of the customer: NPS, CSAT and CES, drivers, themes, closing the loop.

* :mod:`.scores`: :func:`nps`, :func:`csat`, :func:`ces`, each with a confidence interval,
  and :func:`score_summary` per touchpoint or stage;
* :mod:`.drivers`: key-driver analysis (:func:`key_drivers`, :func:`touchpoint_drivers`),
  with its caveats;
* :mod:`.themes`: tagging verbatim comments with an editable keyword dictionary;
* :mod:`.loop`: the close-the-loop list of detractors to call back.

The sample survey is ``cxlab.data.load("survey_responses")``; the journey it belongs to is
:func:`cxlab.journey.load_journey`.
"""

from __future__ import annotations

from .drivers import CAVEATS, KeyDriverResult, key_drivers, touchpoint_drivers
from .loop import callback_list
from .scores import CESResult, CSATResult, NPSResult, ces, csat, nps, score_summary
from .themes import SAMPLE_THEMES, UNTAGGED, tag_themes, theme_counts, themes_by

__all__ = [
    "CAVEATS",
    "SAMPLE_THEMES",
    "UNTAGGED",
    "CESResult",
    "CSATResult",
    "KeyDriverResult",
    "NPSResult",
    "callback_list",
    "ces",
    "csat",
    "key_drivers",
    "nps",
    "score_summary",
    "tag_themes",
    "theme_counts",
    "themes_by",
    "touchpoint_drivers",
]
