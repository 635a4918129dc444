"""Questions, answer checks and plain-language feedback.

Participants answer by typing under the first line of an answer cell (``%%answer q1 letter
ABCD`` then ``b)``), or in a practice quiz widget. The pieces:

* :mod:`.typed`: answer cells (the ``%%answer`` cell magic) and the one reader of typed
  answers, shared by the participant's check and the trainer's marking;
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
from .typed import Form, Reading, case, load_ipython_extension, read_typed, summary
from .typed import register_if_in_ipython as _register_magic

__all__ = [
    "Bank",
    "Form",
    "Reading",
    "case",
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
    "load_ipython_extension",
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
    "read_typed",
    "require_answer",
    "seal",
    "short_text",
    "single_choice",
    "summary",
]

# In a Jupyter kernel, importing cxlab.quiz makes the %%answer answer cells work.
_register_magic()
