"""Module 06, making CX stick: the organisation around the customer experience.

Part 1 (lessons 06.01-06.03):

* :mod:`.maturity`: a CX maturity self-assessment across six pillars, scored per pillar,
  with the gaps to a target profile, what to do first and where the managers disagree;
* :mod:`.roles`: CX responsibilities written into each department's roles, a checker for a
  role description, and the customer reason every channel or investment needs;
* :mod:`.momentum`: a quick-wins campaign planned and tracked (reusing
  :mod:`cxlab.prioritisation.campaign`), and employees as a source of insight;
* :mod:`.execution`: the project charter, project batches with owners and deadlines, the
  operating rhythm, and the veto question applied to any department's investment.

Figures live in :mod:`cxlab.organisation.plots` (imported by notebooks only).

This package is part of the model layer: it imports no Jupyter, matplotlib or ipywidgets.
"""

from __future__ import annotations

# Part 2 (lessons 06.04-06.07): .reality (what a CX idea adds to the agents' day), .voice (a
# weekly customer story per team, personal data redacted by a stated rule), .recognition (a
# seeded simulation of recognition schemes), .personas (segments from the survey and a persona
# checker) and .plan (the capstone's one-page plan as a self-contained HTML page).
from . import execution, maturity, momentum, personas, plan, reality, recognition, roles, voice
from .execution import *  # noqa: F403
from .maturity import *  # noqa: F403
from .momentum import *  # noqa: F403
from .personas import *  # noqa: F403
from .plan import *  # noqa: F403
from .reality import *  # noqa: F403
from .recognition import *  # noqa: F403
from .roles import *  # noqa: F403
from .voice import *  # noqa: F403

__all__ = [
    *execution.__all__,
    *maturity.__all__,
    *momentum.__all__,
    *roles.__all__,
    *personas.__all__,
    *plan.__all__,
    *reality.__all__,
    *recognition.__all__,
    *voice.__all__,
]
