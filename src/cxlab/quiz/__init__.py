"""Answer checks and plain-language feedback for exercises and graded questions.

Participants answer by typing a value into an answer cell (``answer_erlangs = 16``). The
functions here read that value the way a person meant it ("14 agents", " b ", "B)") and
say in plain words whether it is right, and if not, which way to go.

This module is part of the model layer: it imports no Jupyter, matplotlib or ipywidgets.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "Feedback",
    "QuizInputError",
    "Unanswered",
    "check_number",
    "is_unanswered",
    "normalise_choice",
    "normalise_text",
    "number_matches",
    "parse_number",
    "require_answer",
]


class QuizInputError(ValueError):
    """An answer could not be read; the message says how to write it instead."""

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a traceback
        return [str(self)]


class Unanswered(AssertionError):
    """Raised by :func:`require_answer` in graded cells when a question has no answer yet.

    It is an ``AssertionError`` so nbgrader counts the test as failed, and IPython shows
    only the message (no traceback) thanks to ``_render_traceback_``.
    """

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


@dataclass(frozen=True)
class Feedback:
    """The outcome of checking one answer.

    ``correct`` is ``None`` while the question is unanswered. ``score`` is between 0 and 1.
    The repr is the message itself, so a check as the last line of a cell shows plain text.
    """

    correct: bool | None
    score: float
    message: str

    def __repr__(self) -> str:
        return self.message

    def __str__(self) -> str:
        return self.message

    def __bool__(self) -> bool:
        return bool(self.correct)


_PLACEHOLDERS = (None, Ellipsis)


def is_unanswered(answer: object) -> bool:
    """True for the placeholders an answer cell starts with: ``None``, ``...`` or blank text.

    >>> is_unanswered(None), is_unanswered("  "), is_unanswered(0)
    (True, True, False)
    """
    if any(answer is p for p in _PLACEHOLDERS):
        return True
    return isinstance(answer, str) and not answer.strip()


_NUMBER_RE = re.compile(r"[-+]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:[eE][-+]?\d+)?")


def parse_number(answer: object, *, name: str = "your answer") -> float:
    """Read a number the way a person typed it.

    Accepts numbers and text such as ``"14"``, ``" 14 agents "``, ``"1,250"`` or ``"7.8 s"``.
    A percentage (``"80%"``) is returned as a fraction (0.8). Text with no number, or with
    two different numbers, raises :class:`QuizInputError` with a message saying what to type.

    >>> parse_number("14 agents")
    14.0
    >>> parse_number("1,250 calls")
    1250.0
    >>> parse_number("80%")
    0.8
    >>> parse_number("fourteen")
    Traceback (most recent call last):
    ...
    cxlab.quiz.QuizInputError: I could not find a number in your answer 'fourteen'. \
Type digits, for example 14 or 7.5.
    """
    if isinstance(answer, bool):
        raise QuizInputError(f"{name} is {answer}, a yes/no value; type a number such as 14.")
    if isinstance(answer, numbers.Real):
        value = float(answer)
        if not math.isfinite(value):
            raise QuizInputError(f"{name} is {value}; type an ordinary number such as 14.")
        return value
    if not isinstance(answer, str):
        raise QuizInputError(
            f"{name} should be a number such as 14, but it is {answer!r}. "
            "Type just the number after the = sign."
        )
    text = unicodedata.normalize("NFKC", answer).strip().replace("\u2212", "-")
    found = _NUMBER_RE.findall(text)
    if not found:
        raise QuizInputError(
            f"I could not find a number in {name} {answer!r}. Type digits, for example 14 or 7.5."
        )
    if len(set(found)) > 1:
        raise QuizInputError(
            f"{name} {answer!r} contains more than one number ({', '.join(found)}). "
            "Type only the one number you mean."
        )
    token = found[0]
    if "," in token and "." in token:
        token = token.replace(",", "")
    elif "," in token:
        head, _, tail = token.rpartition(",")
        # "1,250" is a thousands separator; "7,5" is a decimal comma.
        token = token.replace(",", "") if len(tail) == 3 else f"{head.replace(',', '')}.{tail}"
    value = float(token)
    if text.endswith("%"):
        value /= 100
    return value


def number_matches(
    answer: object,
    expected: float,
    *,
    abs_tol: float | None = None,
    rel_tol: float | None = None,
) -> bool:
    """True if ``answer`` reads as a number within tolerance of ``expected``; never raises.

    With neither tolerance given, a relative tolerance of 0.5% is used.

    >>> number_matches("10 Erlangs", 10, abs_tol=0.05)
    True
    >>> number_matches("ten", 10)
    False
    """
    try:
        value = parse_number(answer)
    except QuizInputError:
        return False
    return _within(value, expected, abs_tol, rel_tol)


def _within(value: float, expected: float, abs_tol: float | None, rel_tol: float | None) -> bool:
    if abs_tol is None and rel_tol is None:
        rel_tol = 0.005
    return math.isclose(value, expected, rel_tol=rel_tol or 0.0, abs_tol=abs_tol or 0.0)


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def check_number(
    answer: object,
    expected: float,
    *,
    abs_tol: float | None = None,
    rel_tol: float | None = None,
    unit: str = "",
    hint: str = "",
    name: str = "your answer",
) -> Feedback:
    """Check a numeric answer and say, in plain words, how far off it is and which way.

    The expected value is never printed: a wrong answer is told its direction and roughly
    how far it is off, so the learner can try again.

    Parameters
    ----------
    answer : object
        What the learner typed: a number or text such as ``"16 Erlangs"``.
    expected : float
        The right value.
    abs_tol, rel_tol : float, optional
        Absolute or relative tolerance; with neither, 0.5% relative.
    unit : str
        Unit shown with the learner's number, for example ``"Erlangs"``.
    hint : str
        Shown after a wrong answer.
    name : str
        How to refer to the answer in messages.

    Examples
    --------
    >>> check_number(16, 16, unit="Erlangs")
    Correct: 16 Erlangs.
    >>> check_number(12, 16, unit="Erlangs", hint="Multiply calls by AHT first.")
    Not yet: 12 Erlangs is too low, by about 25%. Multiply calls by AHT first.
    >>> check_number(None, 16).correct is None
    True
    """
    suffix = f" {unit}" if unit else ""
    if is_unanswered(answer):
        return Feedback(
            None,
            0.0,
            f"Not answered yet: type {name} in place of None in the answer cell, "
            "then run that cell and this one again.",
        )
    try:
        value = parse_number(answer, name=name)
    except QuizInputError as exc:
        return Feedback(False, 0.0, f"Not read: {exc}")
    if _within(value, expected, abs_tol, rel_tol):
        return Feedback(True, 1.0, f"Correct: {_fmt(value)}{suffix}.")
    direction = "too low" if value < expected else "too high"
    if expected != 0:
        off = abs(value - expected) / abs(expected)
        size = f"by about {off:.0%}" if off < 10 else "by more than ten times"
    else:
        size = f"by {_fmt(abs(value - expected))}{suffix}"
    message = f"Not yet: {_fmt(value)}{suffix} is {direction}, {size}."
    if hint:
        message += f" {hint}"
    return Feedback(False, 0.0, message)


_CHOICE_RE = re.compile(
    r"^\W*(?:(?:option|answer|choice)\s*[:=-]?\s*)?\(?\s*([A-Za-z])\s*[).:\]]?\W*$", re.I
)


def normalise_choice(answer: object, options: Iterable[str] = "ABCD") -> str:
    """Read a single-choice answer such as ``"b "``, ``"B)"``, ``"(b)"`` or ``"Option B"``.

    Returns the upper-case letter; raises :class:`QuizInputError` with a plain message if
    the answer is not one of ``options``.

    >>> normalise_choice(" b ")
    'B'
    >>> normalise_choice("B)")
    'B'
    >>> normalise_choice("E", "ABCD")
    Traceback (most recent call last):
    ...
    cxlab.quiz.QuizInputError: 'E' is not one of the options A, B, C, D. Type one letter, \
for example "B".
    """
    allowed = [str(o).upper() for o in options]
    listing = ", ".join(allowed)
    if not isinstance(answer, str):
        raise QuizInputError(
            f"Type the letter of your choice in quotes, for example \"B\"; got {answer!r}."
        )
    match = _CHOICE_RE.match(answer.strip())
    letter = match.group(1).upper() if match else None
    if letter not in allowed:
        raise QuizInputError(
            f"{answer!r} is not one of the options {listing}. "
            'Type one letter, for example "B".'
        )
    return letter


def normalise_text(answer: object) -> str:
    """Fold a short text answer for comparison: case, accents, spaces and end punctuation.

    >>> normalise_text("  Average Speed of Answer. ")
    'average speed of answer'
    """
    if not isinstance(answer, str):
        answer = "" if answer is None else str(answer)
    text = unicodedata.normalize("NFKD", answer)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" .,;:!?\"'")


def require_answer(answer: object, question: str) -> None:
    """In a graded test cell: stop with a plain message if ``question`` is unanswered.

    >>> require_answer(14, "Question 1")
    >>> require_answer(None, "Question 1")
    Traceback (most recent call last):
    ...
    cxlab.quiz.Unanswered: Question 1 is not answered yet: type your answer in the cell above.
    """
    if is_unanswered(answer):
        raise Unanswered(f"{question} is not answered yet: type your answer in the cell above.")
