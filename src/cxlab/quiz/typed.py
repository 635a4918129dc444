"""Answers typed as plain text in answer cells, read one way in the notebook and by the marker.

An answer cell starts with a line naming the question and the form of its answer; the
participant types under it what they would write on paper::

    %%answer q3 number %
    79.6 %

``%%answer`` is an IPython cell magic (see :func:`load_ipython_extension`): the text under the
first line is never run as Python, so nothing typed there can raise a traceback. The forms:

==================  ===========================================  ======================
first line          the answer                                   typed, for example
==================  ===========================================  ======================
``number UNIT``     a number (the unit is optional: %, s, ...)   ``40``, ``7.8 s``
``letter ABCD``     one of the letters                           ``B``, ``b)``
``letters ABCD``    every letter that applies                    ``A, C``, ``a and c``
``order ABC``       every letter once, first to last             ``B, C, A``
``text``            a few words                                  ``average handle time``
==================  ===========================================  ======================

:func:`read_typed` is the single reader: the cell magic uses it in the participant's kernel and
the marker (``cxlab.grading``) uses it on the text saved in the notebook, so the sentence a
participant sees under their answer is exactly what is marked. See docs/answering-and-marking.md.

This module is part of the model layer: it imports IPython only inside the functions that the
kernel calls.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .answers import (
    QuizInputError,
    normalise_choice,
    normalise_choices,
    normalise_order,
    normalise_text,
    parse_number,
)

__all__ = [
    "MAGIC",
    "PROMPT",
    "Form",
    "Reading",
    "answer_summary",
    "parse_answer_cell",
    "read_typed",
    "case",
    "summary",
]

#: The first word of every answer cell.
MAGIC = "%%answer"

#: The line under the first one in a fresh answer cell (a comment: never read as an answer).
PROMPT = "# Type your answer under this line, then press Shift + Enter."

#: Longest answer read (characters); a longer one is read from its start and flagged.
MAX_ANSWER_CHARS = 2_000

_FORM_WORDS = {
    "number": "numeric",
    "letter": "single",
    "letters": "multiple",
    "order": "ordering",
    "text": "text",
    "code": "code",
}
_KIND_WORDS = {kind: word for word, kind in _FORM_WORDS.items()}

# Time units a number may be typed in, in seconds.
_TIME_UNITS = {
    "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0,
    "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0,
    "h": 3600.0, "hr": 3600.0, "hrs": 3600.0, "hour": 3600.0, "hours": 3600.0,
}
_TIME_NAMES = {1.0: "seconds", 60.0: "minutes", 3600.0: "hours"}


@dataclass(frozen=True)
class Form:
    """What an answer looks like: its kind, its option letters or its unit.

    >>> Form.parse("number %")
    Form(kind='numeric', options='', unit='%')
    >>> Form.parse("letters ABCD").describe()
    'every letter that applies, from A, B, C, D, separated by commas'
    """

    kind: str
    options: str = ""
    unit: str = ""

    @classmethod
    def parse(cls, spec: str) -> Form:
        """Read the part of an ``%%answer`` line after the question name."""
        words = str(spec).split()
        if not words:
            return cls("text")
        head, rest = words[0].lower(), words[1:]
        kind = _FORM_WORDS.get(head)
        if kind is None:
            raise QuizInputError(
                f"the answer form must start with one of {', '.join(_FORM_WORDS)}; got {head!r}"
            )
        if kind == "numeric":
            return cls(kind, unit=" ".join(rest))
        if kind in ("text", "code"):
            return cls(kind)
        letters = "".join(rest).replace(",", "").upper()
        distinct = len(set(letters)) == len(letters)
        if not (2 <= len(letters) <= 26 and letters.isalpha() and distinct):
            raise QuizInputError(
                f"a {head} answer needs its option letters, for example '{head} ABCD'; "
                f"got {' '.join(rest)!r}"
            )
        return cls(kind, options=letters)

    def spec(self) -> str:
        """The inverse of :meth:`parse`: ``number %``, ``letter ABCD``..."""
        word = _KIND_WORDS[self.kind]
        tail = self.unit if self.kind == "numeric" else self.options
        return f"{word} {tail}".strip()

    def describe(self) -> str:
        """The form in words, for a participant."""
        listing = ", ".join(self.options)
        if self.kind == "numeric":
            return f"a number in {self.unit}" if self.unit else "a number"
        if self.kind == "single":
            return f"one letter: {listing}"
        if self.kind == "multiple":
            return f"every letter that applies, from {listing}, separated by commas"
        if self.kind == "ordering":
            return f"the letters {listing}, each once, first to last, separated by commas"
        if self.kind == "code":
            return "your personal code, such as K7PQ-3XMA-R (or PRACTICE to practise)"
        return "a few words"


@dataclass(frozen=True)
class Reading:
    """How a typed answer reads: its value, or why it cannot be read.

    ``value`` is what marking uses: a float in the question's unit, a letter, a frozenset of
    letters, a tuple of letters, or folded text; ``None`` when unanswered or unreadable.
    """

    text: str
    form: Form
    value: Any = None
    problem: str = ""
    slip: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def answered(self) -> bool:
        return bool(self.text)

    @property
    def readable(self) -> bool:
        return self.answered and not self.problem

    @property
    def shown(self) -> str:
        """The value as the participant would write it: ``79.6%``, ``A, C``, ``40 Erlangs``."""
        if not self.readable:
            return ""
        return show_value(self.value, self.form)

    def as_answer(self) -> Any:
        """The value in the plain form the question checks take (``"A, C"``, ``79.6``)."""
        if not self.readable:
            return None
        if self.form.kind in ("multiple", "ordering"):
            return ", ".join(sorted(self.value) if self.form.kind == "multiple" else self.value)
        return self.value

    def sentence(self, label: str = "Your answer", *, marked_later: bool = True) -> str:
        """One plain sentence on how the answer reads; never says if it is right."""
        if not self.answered:
            return (f"{label}: not answered yet. Type your answer under the first line "
                    f"({self.form.describe()}), then press Shift + Enter.")
        if self.problem:
            return f"{label}: {self.problem}"
        if self.form.kind == "code":
            return (f"{label} reads as {self.shown}. The questions below use the numbers of "
                    "this code; run the cells below (Run → Run All Cells) to see them.")
        text = (f"{label}: your answer reads as {self.shown}." if label != "Your answer"
                else f"Your answer reads as {self.shown}.")
        if marked_later:
            text += " It is marked after you hand in."
        if self.slip:
            text += f" Check: {self.slip}"
        return text


def show_value(value: Any, form: Form) -> str:
    """A read value as a participant would write it."""
    if value is None:
        return ""
    if form.kind == "numeric":
        number = f"{value:,.10g}" if abs(value) >= 10_000 else f"{value:.10g}"
        if form.unit == "%":
            return f"{number}%"
        return f"{number} {form.unit}".strip()
    if form.kind == "multiple":
        return ", ".join(sorted(value))
    if form.kind == "ordering":
        return ", ".join(value)
    return str(value)


_OLD_HABIT = re.compile(r"^\s*([A-Za-z_]\w*)\s*=\s*(.*)$", re.S)
_CODE_HINTS = re.compile(
    r"(\bimport\b|\blambda\b|\bdef\b|\bclass\b|__\w+__|\bexec\b|\beval\b|\bgetattr\b|"
    r"\bsetattr\b|\bbuiltins\b|\bsys\.|\bos\.|get_ipython|[;{}]|\w\s*\(.*\))"
)


def clean_typed(body: str, name: str = "") -> tuple[str, tuple[str, ...]]:
    """The answer in an answer cell's body, and notes on anything unusual about it.

    Blank lines and surrounding spaces go; ``None`` (an old placeholder) means unanswered;
    ``q3 = 79.6`` and quotes (old habits) are read as ``79.6``. A very long body is cut.

    >>> clean_typed("  q3 = '79.6 %'  ", "q3")
    ('79.6 %', ())
    >>> clean_typed("None")
    ('', ())
    """
    notes: list[str] = []
    text = str(body)
    if len(text) > MAX_ANSWER_CHARS:
        notes.append(f"the answer is {len(text):,} characters long; only the start was read")
        text = text[:MAX_ANSWER_CHARS]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("#")]
    text = " ".join(lines)
    if len(lines) > 1:
        notes.append(f"the answer runs over {len(lines)} lines")
    match = _OLD_HABIT.match(text)
    if match and (not name or match.group(1) == name):
        text = match.group(2).strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()
    if text in ("None", "..."):
        text = ""
    if _CODE_HINTS.search(text) or re.search(r"\s{20,}", str(body)):
        notes.append("the answer holds more than an answer (it looks like code)")
    return text, tuple(notes)


def read_typed(text: str, form: Form | str, *, name: str = "") -> Reading:
    """Read what a participant typed under an ``%%answer`` line.

    Never raises for any text: an unreadable answer gives a :class:`Reading` whose
    ``problem`` says, in a sentence, how to write it.

    >>> read_typed("40 Erlangs", "number Erlangs").value
    40.0
    >>> read_typed("79.6 %", "number %").value
    79.6
    >>> read_typed("0.796", "number %").slip
    'the question asks for a percentage: if you meant 79.6%, type 79.6.'
    >>> read_typed("2 minutes", "number s").value
    120.0
    >>> sorted(read_typed("a and c", "letters ABCD").value)
    ['A', 'C']
    >>> read_typed("forty", "number").problem
    "I could not find a number in your answer 'forty'. Type digits, for example 14 or 7.5."
    """
    if not isinstance(form, Form):
        form = Form.parse(form)
    if text is None:
        text = ""
    if not isinstance(text, str):
        text = str(text)
    cleaned, notes = clean_typed(text, name)
    if not cleaned:
        return Reading("", form, notes=notes)
    try:
        value, slip = _read(cleaned, form)
    except QuizInputError as exc:
        return Reading(cleaned, form, problem=str(exc), notes=notes)
    return Reading(cleaned, form, value=value, slip=slip, notes=notes)


def _read(text: str, form: Form) -> tuple[Any, str]:
    kind = form.kind
    if kind == "single":
        return normalise_choice(text, form.options), ""
    if kind == "multiple":
        return normalise_choices(text, form.options), ""
    if kind == "ordering":
        return normalise_order(text, form.options), ""
    if kind == "code":
        from ..cases import PRACTICE, CodeError, read_code

        if text.strip().upper() == PRACTICE:
            return PRACTICE, ""
        try:
            return read_code(text), ""
        except CodeError as exc:
            raise QuizInputError(str(exc)) from None
    if kind == "text":
        folded = normalise_text(text)
        if not folded:
            raise QuizInputError("Type a few words.")
        return folded, ""
    return _read_number(text, form.unit)


def _read_number(text: str, unit: str) -> tuple[float, str]:
    percent_typed = text.rstrip().endswith("%")
    if unit == "%":
        value = parse_number(text, percent_as_fraction=False)
        if not percent_typed and 0 < abs(value) < 1:
            return value, (f"the question asks for a percentage: if you meant "
                           f"{value * 100:.10g}%, type {value * 100:.10g}.")
        return value, ""
    # "80%" is 0.8 where a fraction is asked; in "percentage points" or "agents" the % sign
    # is the participant's way of writing the unit, and the number stands as typed.
    value = parse_number(text, percent_as_fraction=not unit)
    wanted = _TIME_UNITS.get(unit.lower())
    typed = _typed_time_unit(text)
    if wanted and typed and typed != wanted:
        converted = value * typed / wanted
        return converted, (f"you typed {_TIME_NAMES[typed]}; the question asks for "
                           f"{_TIME_NAMES[wanted]}, so it is read as {converted:.10g} {unit}.")
    if not math.isfinite(value):
        raise QuizInputError("Type an ordinary number, for example 14.")
    return value, ""


def _typed_time_unit(text: str) -> float | None:
    words = re.findall(r"[A-Za-z]+", text)
    found = {_TIME_UNITS[w.lower()] for w in words if w.lower() in _TIME_UNITS}
    return found.pop() if len(found) == 1 else None


# -- answer cells ---------------------------------------------------------------------------
_LINE = re.compile(r"^\s*%%answer\b[ \t]*(.*)$")


def parse_answer_cell(source: str | Iterable[str]) -> tuple[str, str, str] | None:
    """Split an answer cell into (question name, form spec, typed text), or None.

    >>> parse_answer_cell("%%answer q3 number %\\n79.6 %\\n")
    ('q3', 'number %', '79.6 %\\n')
    >>> parse_answer_cell("q3 = 79.6") is None
    True
    """
    if not isinstance(source, str):
        source = "".join(s for s in source if isinstance(s, str))
    first, _, body = source.partition("\n")
    match = _LINE.match(first)
    if not match:
        return None
    words = match.group(1).split(None, 1)
    if not words:
        return "", "", body
    return words[0], (words[1] if len(words) > 1 else ""), body


def label(name: str) -> str:
    """``q3`` is "Question 3"; ``code`` is "Your personal code"; others "Your answer".

    >>> label("q3"), label("answer_agents"), label("code")
    ('Question 3', 'Your answer', 'Your personal code')
    """
    match = re.fullmatch(r"q(\d+)", name or "")
    if name == "code":
        return "Your personal code"
    return f"Question {match.group(1)}" if match else "Your answer"


def _is_assessment_name(name: str) -> bool:
    return re.fullmatch(r"q\d+", name or "") is not None


# -- in the participant's kernel -----------------------------------------------------------
#: Readings of the answer cells run in this kernel, by question name (for :func:`summary`).
_RUN: dict[str, Reading] = {}


def answer_magic(line: str, cell: str) -> None:
    """The ``%%answer`` cell magic: read the text under the first line and say how it reads.

    Also sets a variable of the question's name in the notebook: the read value, the typed
    text when it cannot be read, ``None`` when unanswered (lesson feedback cells use it).
    """
    words = line.split(None, 1)
    name = words[0] if words else ""
    try:
        form = Form.parse(words[1] if len(words) > 1 else "")
    except QuizInputError as exc:
        print(f"This answer cell's first line is not as it should be ({exc}). "
              "Undo your change to the first line (Ctrl + Z) or ask your trainer.")
        return
    reading = read_typed(cell, form, name=name)
    if name:
        _RUN[name] = reading
        _set_variable(name, reading)
    print(reading.sentence(label(name), marked_later=_is_assessment_name(name)))


def _set_variable(name: str, reading: Reading) -> None:
    if not name.isidentifier():
        return
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - only called from IPython
        return
    shell = get_ipython()
    if shell is None:
        return
    if not reading.answered:
        value = None
    elif reading.readable:
        value = reading.as_answer()
    else:
        value = reading.text
    shell.user_ns[name] = value


def answer_summary(names: Iterable[str], readings: dict[str, Reading],
                   written: Iterable[str] = ()) -> str:
    """The end-of-notebook summary: what is unanswered, unreadable or worth a second look."""
    names = list(names)
    missing, unreadable, slips, not_run = [], [], [], []
    for name in names:
        reading = readings.get(name)
        if reading is None:
            not_run.append(name)
        elif not reading.answered:
            missing.append(name)
        elif reading.problem:
            unreadable.append(name)
        elif reading.slip:
            slips.append(name)

    def listing(items: list[str]) -> str:
        return ", ".join(label(n).removeprefix("Question ") if _is_assessment_name(n) else n
                         for n in items)

    lines = []
    if not_run:
        lines.append(f"Not run yet: question(s) {listing(not_run)}. Use Run → Run All Cells.")
    if missing:
        lines.append(f"Not answered yet: question(s) {listing(missing)}.")
    if unreadable:
        lines.append(f"Could not be read: question(s) {listing(unreadable)} "
                     "(the message under each says how to type it).")
    if slips:
        lines.append(f"Check the unit: question(s) {listing(slips)} "
                     "(the message under each says why).")
    answered = len(names) - len(not_run) - len(missing) - len(unreadable)
    head = f"{answered} of {len(names)} questions answered and readable."
    written = list(written)
    if written:
        lines.append(f"Written answer(s) to question(s) {', '.join(written)}: check you replaced "
                     "YOUR ANSWER HERE with your own text (this check cannot read them).")
    if not (not_run or missing or unreadable or slips):
        lines.append("Save the notebook (Ctrl + S) and hand it in.")
    return "\n".join([head, *lines])


def summary(names: str | Iterable[str], written: str | Iterable[str] = ()) -> None:
    """Print the end-of-notebook summary for the questions ``names`` (``"q1 q2 q3"``).

    ``written`` numbers the questions answered in writing (``"11"``), which only the trainer
    reads: the summary reminds the participant of them.
    """
    if isinstance(names, str):
        names = names.split()
    if isinstance(written, str):
        written = written.split()
    names = list(names)
    print(answer_summary(names, _RUN, written))
    readable = [n for n in names if n in _RUN and _RUN[n].readable]
    ready = len(readable) == len(names) and not any(_RUN[n].slip for n in readable)
    from .. import progress  # the participant's own progress page shows this status

    progress.note_assessment(len(readable), len(names), ready)


def case(assignment: str, code: object = None, *, practice_only: bool = False):
    """The case of this notebook's personal code (set by the ``%%answer code code`` cell).

    With no code, on a cohort hub the code in the ``CXLAB_CODE`` environment variable is used;
    otherwise the notebook says to type one, and the numbers stay hidden. ``PRACTICE`` draws
    a fresh practice case each time the cell runs. ``practice_only`` (practice notebooks,
    which give instant feedback) accepts practice codes only: a personal code belongs in the
    assessment, where no feedback gives its answers away.
    """
    import os

    from .. import cases

    if practice_only:
        text = str(code or "").strip().upper()
        if text != cases.PRACTICE and not text.startswith("P"):
            print("This practice notebook draws practice cases only (your personal code "
                  "belongs in the assessment): here is a fresh practice case.")
            code = cases.PRACTICE
    if code is None or (isinstance(code, str) and not code.strip()):
        code = os.environ.get("CXLAB_CODE") or None
    if code is None:
        print("Type your personal code in the first answer cell at the top (your trainer gave "
              "it to you; type PRACTICE to practise), then use Run → Run All Cells.")
        return _NoCase()
    if str(code).strip().upper() == cases.PRACTICE:
        drawn = cases.draw(assignment, cases.practice_code())
        print(f"Practice case {drawn.code}: a new one each time you run this cell. Practice "
              "answers are not marked.")
        return drawn
    try:
        drawn = cases.draw(assignment, code)
    except cases.CodeError as exc:
        print(f"{exc} The numbers stay hidden until the code is right.")
        return _NoCase()
    if drawn.practice:
        print(f"Practice case {drawn.code}: practice answers are not marked.")
    else:
        print(f"Personal case {drawn.code}: the numbers in the questions below are yours.")
    return drawn


class _NoCase:
    """Stands in for a case until a personal code is typed: every question says so."""

    def show(self, question: str):
        return _Note("*Your numbers appear here once your personal code is typed at the top "
                     "and the notebook is run (Run → Run All Cells).*")

    def __getattr__(self, name: str):
        raise AttributeError("type your personal code at the top first")


class _Note:
    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text.strip("*")


def load_ipython_extension(shell) -> None:
    """Register ``%%answer`` (``%load_ext cxlab.quiz`` or importing ``cxlab.quiz``)."""
    shell.register_magic_function(answer_magic, magic_kind="cell", magic_name="answer")


def register_if_in_ipython() -> None:
    """Register the cell magic when ``cxlab.quiz`` is imported inside an IPython kernel."""
    import sys

    ipython = sys.modules.get("IPython")
    if ipython is None:
        return
    try:
        shell = ipython.get_ipython()
    except Exception:  # pragma: no cover - a broken IPython is not ours to fix
        return
    if shell is not None and "answer" not in shell.magics_manager.magics.get("cell", {}):
        load_ipython_extension(shell)
    if shell is not None:  # a lesson's set-up ran: it counts as opened (cxlab.progress)
        from .. import progress

        progress.note_opened()
