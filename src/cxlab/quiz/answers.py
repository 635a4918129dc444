"""Reading answers the way participants type them.

``"14 agents"`` is 14, ``" b) "`` is choice B, ``"A, c"`` are choices A and C. Anything that
cannot be read raises :class:`QuizInputError`, whose message says what to type instead;
IPython shows that message alone, without a traceback.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from collections.abc import Iterable

from .._validation import CxlabValueError

__all__ = [
    "QuizInputError",
    "Unanswered",
    "is_unanswered",
    "letters",
    "normalise_choice",
    "normalise_choices",
    "normalise_order",
    "normalise_text",
    "parse_number",
    "require_answer",
]


class QuizInputError(CxlabValueError):
    """An answer could not be read; the message says how to write it instead."""

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a traceback
        return [str(self)]


# Shown to learners (in messages and doctests) under the public name.
QuizInputError.__module__ = "cxlab.quiz"


class Unanswered(AssertionError):
    """Raised by :func:`require_answer` in graded cells when a question has no answer yet.

    It is an ``AssertionError`` so nbgrader counts the test as failed, and IPython shows
    only the message (no traceback) thanks to ``_render_traceback_``.
    """

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


_PLACEHOLDERS = (None, Ellipsis)


Unanswered.__module__ = "cxlab.quiz"


def is_unanswered(answer: object) -> bool:
    """True for the placeholders an answer cell starts with: ``None``, ``...`` or blank text.

    >>> is_unanswered(None), is_unanswered("  "), is_unanswered(0)
    (True, True, False)
    """
    if any(answer is p for p in _PLACEHOLDERS):
        return True
    return isinstance(answer, str) and not answer.strip()


_NUMBER_RE = re.compile(r"[-+]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:[eE][-+]?\d+)?")


def parse_number(
    answer: object, *, name: str = "your answer", percent_as_fraction: bool = True
) -> float:
    """Read a number the way a person typed it.

    Accepts numbers and text such as ``"14"``, ``" 14 agents "``, ``"1,250"`` or ``"7.8 s"``.
    A percentage (``"80%"``) is returned as a fraction (0.8) unless ``percent_as_fraction``
    is false (for questions asked in %). Text with no number, or with
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
    if text.endswith("%") and percent_as_fraction:
        value /= 100
    return value


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
for example B.
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
            "Type one letter, for example B."
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


def letters(count: int) -> str:
    """The option letters for ``count`` options: ``letters(4) == "ABCD"``.

    >>> letters(3)
    'ABC'
    """
    if not 1 <= count <= 26:
        raise ValueError(f"a question must have between 1 and 26 options, got {count}")
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[:count]


_SEPARATORS = re.compile(r"[\s,;/&+]+|\band\b", re.I)


def _letter_tokens(answer: object, what: str, example: str) -> list[str]:
    if isinstance(answer, str):
        text = re.sub(r"[()\[\]{}.:'\"]", " ", answer)
        tokens = [t for t in _SEPARATORS.split(text) if t]
        # "ACD" typed without separators
        if len(tokens) == 1 and tokens[0].isalpha() and len(tokens[0]) > 1:
            if tokens[0].lower() not in {"option", "options", "answer", "none"}:
                tokens = list(tokens[0])
    elif isinstance(answer, (list, tuple, set, frozenset)):
        tokens = []
        for item in answer:
            if not isinstance(item, str):
                raise QuizInputError(
                    f"Each {what} should be a letter in quotes, for example {example}; "
                    f"got {item!r}."
                )
            tokens.append(item.strip(" ().:"))
    else:
        raise QuizInputError(
            f"Type the letters in quotes, for example {example}; got {answer!r}."
        )
    return [t.upper() for t in tokens if t.lower() not in {"option", "options", "and"}]


def normalise_choices(answer: object, options: Iterable[str]) -> frozenset[str]:
    """Read a multiple-choice answer: ``"A, C"``, ``"a c"``, ``"AC"`` or ``["A", "C"]``.

    >>> sorted(normalise_choices("a, C", "ABCD"))
    ['A', 'C']
    >>> sorted(normalise_choices(["b", "D)"], "ABCD"))
    ['B', 'D']
    >>> normalise_choices("A, F", "ABCD")
    Traceback (most recent call last):
    ...
    cxlab.quiz.QuizInputError: F is not one of the options A, B, C, D. \
Type the letters you choose, for example A, C.
    """
    allowed = [str(o).upper() for o in options]
    tokens = _letter_tokens(answer, "choice", "A, C")
    unknown = [t for t in tokens if t not in allowed]
    if unknown:
        raise QuizInputError(
            f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not one of the options "
            f"{', '.join(allowed)}. Type the letters you choose, for example A, C."
        )
    if not tokens:
        raise QuizInputError("Type at least one letter, for example A, C.")
    return frozenset(tokens)


def normalise_order(answer: object, options: Iterable[str]) -> tuple[str, ...]:
    """Read an ordering answer: every option letter once, first to last.

    >>> normalise_order("c, a, b", "ABC")
    ('C', 'A', 'B')
    >>> normalise_order("CAB", "ABC")
    ('C', 'A', 'B')
    >>> normalise_order("C, A", "ABC")
    Traceback (most recent call last):
    ...
    cxlab.quiz.QuizInputError: Put every step in order, each once: B is missing. \
For example C, B, A.
    """
    allowed = [str(o).upper() for o in options]
    example = ", ".join(reversed(allowed))
    tokens = _letter_tokens(answer, "step", example)
    unknown = sorted({t for t in tokens if t not in allowed})
    missing = [a for a in allowed if a not in tokens]
    repeated = sorted({t for t in tokens if tokens.count(t) > 1})
    problems = []
    if unknown:
        problems.append(f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not a step")
    if missing:
        problems.append(f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing")
    if repeated:
        problems.append(f"{', '.join(repeated)} appear{'s' if len(repeated) == 1 else ''} twice")
    if problems:
        raise QuizInputError(
            f"Put every step in order, each once: {'; '.join(problems)}. For example {example}."
        )
    return tuple(tokens)
