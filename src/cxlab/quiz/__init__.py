"""Questions, answer checks and plain-language feedback.

Participants answer by typing a value into an answer cell (``q1 = "B"``) or by using a
practice quiz widget. The pieces:

* :mod:`.answers`: read answers the way people type them (``"14 agents"``, ``" b) "``);
* :mod:`.feedback`: ``check_number`` and ``check_table`` for exercises;
* :mod:`.questions`: the five question types as data, scored with partial credit;
* :mod:`.sealing`: question banks whose answer keys are salted hashes, safe to ship;
* :mod:`.bank`: load the banks shipped with cxlab, build them from their YAML sources;
* ``cxlab.quiz.widgets``: the ipywidgets practice quiz (imported by notebooks only).

This package is part of the model layer: it imports no Jupyter, matplotlib or ipywidgets.
"""

from __future__ import annotations

from .answers import (
    QuizInputError,
    Unanswered,
    is_unanswered,
    letters,
    normalise_choice,
    normalise_choices,
    normalise_order,
    normalise_text,
    parse_number,
    require_answer,
)
from .bank import Bank, list_banks, load_bank
from .feedback import Feedback, check_choice, check_number, check_table, number_matches
from .questions import (
    Question,
    confirm,
    multiple_choice,
    numeric,
    ordering,
    points,
    read_answer,
    short_text,
    single_choice,
)
from .sealing import SealedQuestion, seal

__all__ = [
    "Bank",
    "Feedback",
    "Question",
    "QuizInputError",
    "SealedQuestion",
    "Unanswered",
    "check_choice",
    "check_number",
    "check_table",
    "confirm",
    "is_unanswered",
    "letters",
    "list_banks",
    "load_bank",
    "multiple_choice",
    "normalise_choice",
    "normalise_choices",
    "normalise_order",
    "normalise_text",
    "number_matches",
    "numeric",
    "ordering",
    "parse_number",
    "points",
    "read_answer",
    "require_answer",
    "seal",
    "short_text",
    "single_choice",
]
