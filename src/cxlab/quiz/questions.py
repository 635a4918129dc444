"""The five question types as data, with scoring and plain-language feedback.

A :class:`Question` holds its answer key in plain form: use it in trainer files (question
bank sources, nbgrader hidden tests). For anything a participant can open, seal it first
(:func:`cxlab.quiz.seal`): a sealed question checks answers the same way without carrying
the key in readable form.

Scoring (0 to 1, the partial credit nbgrader receives through :func:`points`):

* ``single`` and ``text``: 1 or 0;
* ``multiple``: (right ticks - wrong ticks) / number of right options, never below 0;
* ``numeric``: 1 within the tolerance, else 0;
* ``ordering``: the share of pairs of steps put in the right order relative to each other
  (one step out of place costs little, a reversed list scores 0).
"""

from __future__ import annotations

import hashlib
import math
import numbers
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .._validation import CxlabValueError
from .answers import (
    QuizInputError,
    is_unanswered,
    letters,
    normalise_choice,
    normalise_choices,
    normalise_order,
    normalise_text,
    parse_number,
    require_answer,
)
from .feedback import Feedback, _fmt, _recorded_method

__all__ = [
    "KINDS",
    "confirm",
    "read_answer",
    "Question",
    "QuestionError",
    "multiple_choice",
    "numeric",
    "ordering",
    "points",
    "short_text",
    "single_choice",
]

KINDS = ("single", "multiple", "numeric", "text", "ordering")

_KIND_NAMES = {
    "single": "single choice: pick one letter",
    "multiple": "multiple choice: pick every letter that applies",
    "numeric": "number",
    "text": "short text",
    "ordering": "put in order: every letter once, first to last",
}

_HOW_TO_ANSWER = {
    "single": "one letter, for example B",
    "multiple": "the letters that apply, for example A, C",
    "numeric": "a number, for example 14 or 7.5",
    "text": "a few words, for example average handle time",
    "ordering": "all the letters in order, for example C, A, B",
}


class QuestionError(CxlabValueError):
    """A question definition is incomplete or inconsistent; the message names the field."""


@dataclass(frozen=True)
class _QuestionView:
    """What every question shows and how it reads answers (plain or sealed alike)."""

    kind: str
    options: tuple[str, ...] = ()
    id: str = ""
    prompt: str = ""
    hint: str = ""
    unit: str = ""

    @property
    def letters(self) -> str:
        return letters(len(self.options)) if self.options else ""

    def read(self, answer: object) -> Any:
        """Normalise an answer for this question, or raise :class:`QuizInputError`."""
        if self.kind == "single":
            return normalise_choice(answer, self.letters)
        if self.kind == "multiple":
            return normalise_choices(answer, self.letters)
        if self.kind == "ordering":
            return normalise_order(answer, self.letters)
        if self.kind == "numeric":
            # In a question asked "in %", "71.4%" means 71.4, not 0.714.
            return parse_number(answer, percent_as_fraction=self.unit != "%")
        if not isinstance(answer, str):
            raise QuizInputError(f"Type your answer as a few words; got {answer!r}.")
        text = normalise_text(answer)
        if not text:
            raise QuizInputError("Type a few words.")
        return text

    def render_text(self, number: int | None = None) -> str:
        """The question as plain text, for static viewers and printouts."""
        head = f"Question {number}" if number is not None else "Question"
        if self.id:
            head += f" [{self.id}]"
        lines = [f"{head} ({_KIND_NAMES[self.kind]})", self.prompt.strip()]
        lines += [f"  {letter}) {text}" for letter, text in zip(self.letters, self.options,
                                                               strict=True)]
        unit = f" (in {self.unit})" if self.unit and self.kind == "numeric" else ""
        lines.append(f"Answer with {_HOW_TO_ANSWER[self.kind]}{unit}.")
        return "\n".join(line for line in lines if line)

    # -- scoring, shared by plain and sealed questions ----------------------------------------
    def _evaluate(self, value: Any) -> tuple[float, str]:  # pragma: no cover - abstract
        """(score, canonical form of the answer) for a value read by :meth:`read`."""
        raise NotImplementedError

    def _explanation(self, canonical: str) -> str:
        return ""

    def _right_options(self) -> frozenset[str]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _right_order(self) -> tuple[str, ...]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _numeric_miss(self, value: float) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def score(self, answer: object) -> float:
        """Credit between 0 and 1; unreadable or missing answers score 0 (never raises)."""
        if is_unanswered(answer):
            return 0.0
        try:
            value = self.read(answer)
        except QuizInputError:
            return 0.0
        return self._evaluate(value)[0]

    @_recorded_method  # an exercise's result counts on the participant's progress page
    def check(self, answer: object) -> Feedback:
        """Right or wrong in plain words, the explanation when right, a hint when not."""
        if is_unanswered(answer):
            return self._unanswered()
        try:
            value = self.read(answer)
        except QuizInputError as exc:
            return Feedback(False, 0.0, f"Not read: {exc}")
        score, canonical = self._evaluate(value)
        if score == 1.0:
            return Feedback(True, 1.0, _correct_message(self._explanation(canonical)))
        if self.kind == "numeric":
            return self._wrong(self._numeric_miss(value))
        if self.kind == "multiple":
            return self._wrong(_multiple_message(value, self._right_options()), score)
        if self.kind == "ordering":
            order = self._right_order()
            placed = sum(a == b for a, b in zip(value, order, strict=True))
            return self._wrong(
                f"Not right yet: {placed} of {len(order)} steps are in the right place.", score
            )
        return self._wrong("Not right yet.")

    def _wrong(self, message: str, score: float = 0.0) -> Feedback:
        text = message + (f" Hint: {self.hint}" if self.hint else "")
        return Feedback(False, score, text)

    def _unanswered(self) -> Feedback:
        return Feedback(None, 0.0, f"Not answered yet: type {_HOW_TO_ANSWER[self.kind]}.")


@dataclass(frozen=True)
class Question(_QuestionView):
    """A question with its answer key in plain form.

    ``answer`` is, by kind: ``single`` a letter; ``multiple`` a set of letters; ``numeric``
    a number; ``text`` a tuple of accepted answers (already normalised); ``ordering`` the
    letters of ``options`` in the right order. Build questions with the factory functions
    (:func:`single_choice` and friends) or :meth:`from_dict`, which check the definition.
    """

    answer: Any = None
    explanation: str = ""
    abs_tol: float | None = None
    rel_tol: float | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        _validate(self)

    # -- scoring (the key is in plain form) ----------------------------------------------------
    def _evaluate(self, value: Any) -> tuple[float, str]:
        if self.kind == "single":
            return float(value == self.answer), ""
        if self.kind == "text":
            return float(value in self.answer), ""
        if self.kind == "numeric":
            return float(_close(value, self.answer, self.abs_tol, self.rel_tol)), ""
        if self.kind == "multiple":
            hits = len(value & self.answer)
            wrong = len(value - self.answer)
            return max(0.0, (hits - wrong) / len(self.answer)), ""
        return _pair_share(value, self.answer), ""

    def _explanation(self, canonical: str) -> str:
        return self.explanation

    def _right_options(self) -> frozenset[str]:
        return self.answer

    def _right_order(self) -> tuple[str, ...]:
        return self.answer

    def _numeric_miss(self, value: float) -> str:
        direction = "too low" if value < self.answer else "too high"
        return (f"Not right yet: {_fmt(value)}{_unit(self.unit)} is {direction}."
                + _percent_note(value, self.unit))

    # -- data ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A plain-data form (the one :meth:`from_dict` reads) for YAML or JSON banks."""
        data: dict[str, Any] = {"id": self.id, "kind": self.kind, "prompt": self.prompt}
        if self.kind == "ordering":
            index = {letter: i for i, letter in enumerate(self.letters)}
            data["items"] = [self.options[index[letter]] for letter in self.answer]
        elif self.options:
            data["options"] = list(self.options)
        if self.kind == "multiple":
            data["answer"] = sorted(self.answer)
        elif self.kind == "text":
            data["answer"] = list(self.extra.get("accepted", self.answer))
        elif self.kind != "ordering":
            data["answer"] = self.answer
        for key in ("abs_tol", "rel_tol"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        for key in ("unit", "hint", "explanation"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str = "question") -> Question:
        """Build a question from bank data; errors name ``where`` and the field."""
        if not isinstance(data, Mapping):
            raise QuestionError(f"{where} must be a mapping of fields, got {data!r}")
        qid = str(data.get("id", "")).strip()
        where = f"{where} {qid!r}" if qid else where
        known = {"id", "kind", "prompt", "options", "items", "answer", "explanation", "hint",
                 "unit", "abs_tol", "rel_tol", "topic"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise QuestionError(f"{where}: unknown field(s) {', '.join(unknown)}; "
                                f"allowed: {', '.join(sorted(known))}")
        kind = data.get("kind")
        if kind not in KINDS:
            raise QuestionError(f"{where}: kind must be one of {', '.join(KINDS)}; got {kind!r}")
        common: dict[str, Any] = {
            "id": qid,
            "prompt": str(data.get("prompt", "")),
            "explanation": str(data.get("explanation", "")),
            "hint": str(data.get("hint", "")),
            "unit": str(data.get("unit", "")),
        }
        if "answer" not in data and kind != "ordering":
            raise QuestionError(f"{where}: the answer is missing")
        try:
            if kind == "single":
                return single_choice(data["answer"], _options(data, where), **common)
            if kind == "multiple":
                return multiple_choice(data["answer"], _options(data, where), **common)
            if kind == "numeric":
                return numeric(data["answer"], abs_tol=data.get("abs_tol"),
                               rel_tol=data.get("rel_tol"), **common)
            if kind == "text":
                accepted = data["answer"]
                accepted = [accepted] if isinstance(accepted, str) else list(accepted)
                return short_text(*accepted, **common)
            items = data.get("items")
            if not isinstance(items, Sequence) or isinstance(items, str) or len(items) < 2:
                raise QuestionError("items must list at least two steps, in the right order")
            return ordering.from_correct_order(
                [_text_item(item, i, "step", where) for i, item in enumerate(items, start=1)],
                **common)
        except QuestionError as exc:
            message = str(exc)
            raise QuestionError(message if message.startswith(where) else f"{where}: {message}"
                                ) from None


def _options(data: Mapping[str, Any], where: str) -> list[str]:
    options = data.get("options")
    if not isinstance(options, Sequence) or isinstance(options, str) or len(options) < 2:
        raise QuestionError(f"{where}: options must list at least two choices")
    return [_text_item(o, i, "option", where) for i, o in enumerate(options, start=1)]


def _text_item(value: Any, number: int, what: str, where: str) -> str:
    """An option or step must be plain text; YAML reads "a: b" unquoted as a mapping."""
    if isinstance(value, (Mapping, list)):
        raise QuestionError(
            f"{where}: {what} {number} is not plain text ({value!r}); in YAML, text with "
            f"': ' in it must be put in quotes"
        )
    return str(value)


def _unit(unit: str) -> str:
    """How a unit follows a number: ``71%`` but ``14 agents``."""
    if not unit:
        return ""
    return unit if unit == "%" else f" {unit}"


def _percent_note(value: float, unit: str) -> str:
    """A nudge when a question asked in % gets a fraction (0.71 for 71%)."""
    if unit == "%" and 0 < abs(value) <= 1:
        return f" The answer is asked in %: {value:g} as a percentage is {value * 100:g}."
    return ""


def _correct_message(explanation: str) -> str:
    return "Correct." + (f" {explanation.strip()}" if explanation else "")


def _multiple_message(chosen: frozenset, correct: frozenset) -> str:
    hits = len(chosen & correct)
    wrong = len(chosen - correct)
    parts = [f"{hits} of your ticks {'is' if hits == 1 else 'are'} right"]
    if wrong:
        parts.append(f"{wrong} {'is' if wrong == 1 else 'are'} wrong")
    if hits < len(correct):
        missed = len(correct) - hits
        parts.append(f"{missed} right option{'s are' if missed > 1 else ' is'} not ticked")
    lead = "Partly right" if hits > wrong else "Not right yet"
    return f"{lead}: " + ", ".join(parts) + "."


def _close(value: float, expected: float, abs_tol: float | None, rel_tol: float | None) -> bool:
    if abs_tol is None and rel_tol is None:
        rel_tol = 0.005
    return math.isclose(value, expected, rel_tol=rel_tol or 0.0, abs_tol=abs_tol or 0.0)


def _pair_share(given: Sequence[str], correct: Sequence[str]) -> float:
    """Share of pairs in the same relative order (1 = identical, 0 = reversed)."""
    rank = {item: i for i, item in enumerate(correct)}
    n = len(correct)
    if n < 2:
        return float(list(given) == list(correct))
    pairs = n * (n - 1) // 2
    good = sum(
        1
        for i in range(n)
        for j in range(i + 1, n)
        if rank[given[i]] < rank[given[j]]
    )
    return good / pairs


def _validate(q: Question) -> None:
    where = f"question {q.id!r}" if q.id else "question"
    if q.kind not in KINDS:
        raise QuestionError(f"{where}: kind must be one of {', '.join(KINDS)}; got {q.kind!r}")
    if q.kind in {"single", "multiple", "ordering"}:
        if len(q.options) < 2 or len(q.options) > 26:
            raise QuestionError(f"{where}: needs between 2 and 26 options, got {len(q.options)}")
        if len(set(q.options)) != len(q.options):
            raise QuestionError(f"{where}: options must all differ")
    elif q.options:
        raise QuestionError(f"{where}: a {q.kind} question has no options")
    if q.kind == "numeric":
        if not isinstance(q.answer, float) or not math.isfinite(q.answer):
            raise QuestionError(f"{where}: the answer must be a finite number, got {q.answer!r}")
        for name in ("abs_tol", "rel_tol"):
            value = getattr(q, name)
            if value is not None and not (isinstance(value, (int, float)) and value > 0
                                          and math.isfinite(value)):
                raise QuestionError(f"{where}: {name} must be a positive number, got {value!r}")
        if q.rel_tol is not None and q.rel_tol >= 1:
            raise QuestionError(f"{where}: rel_tol must be below 1 (0.05 means 5%), "
                                f"got {q.rel_tol}")
    for name in ("prompt", "explanation", "hint", "unit"):
        if not isinstance(getattr(q, name), str):
            raise QuestionError(f"{where}: {name} must be text")


# -- factories -------------------------------------------------------------------------------
def _option_texts(options: str | Iterable[str]) -> tuple[str, ...]:
    if isinstance(options, str):
        return tuple(options)  # "ABCD": the letters stand for themselves
    return tuple(str(o) for o in options)


def single_choice(answer: str, options: str | Iterable[str] = "ABCD", **info: Any) -> Question:
    """One right option. ``options`` are the option texts (or just ``"ABCD"``).

    >>> q = single_choice("B", ["Target", "Result"])
    >>> q.score(" b) "), q.score("A")
    (1.0, 0.0)
    """
    opts = _option_texts(options)
    try:
        key = normalise_choice(answer, letters(len(opts)) if 1 <= len(opts) <= 26 else "")
    except (QuizInputError, ValueError) as exc:
        raise QuestionError(f"the answer must be one option letter: {exc}") from None
    return Question(kind="single", options=opts, answer=key, **info)


def multiple_choice(answer: str | Iterable[str], options: str | Iterable[str],
                    **info: Any) -> Question:
    """Several right options, with partial credit.

    >>> q = multiple_choice("A, C", "ABCD")
    >>> q.score("A, C"), q.score("A"), q.score("A, B")
    (1.0, 0.5, 0.0)
    """
    opts = _option_texts(options)
    try:
        key = normalise_choices(answer, letters(len(opts)) if 1 <= len(opts) <= 26 else "")
    except (QuizInputError, ValueError) as exc:
        raise QuestionError(f"the answer must be option letters: {exc}") from None
    return Question(kind="multiple", options=opts, answer=key, **info)


def numeric(answer: float, *, abs_tol: float | None = None, rel_tol: float | None = None,
            mistakes: Mapping[str, float] | None = None, **info: Any) -> Question:
    """A number, right within ``abs_tol`` or ``rel_tol`` (0.5% relative if neither).

    ``mistakes`` names wrong answers a known misconception gives (``{"shrinkage forgotten":
    14}``): the grader names the one an answer matches, within the same tolerance.

    >>> q = numeric(14, abs_tol=0.5, unit="agents")
    >>> q.score("14 agents"), q.score(15)
    (1.0, 0.0)
    """
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        raise QuestionError(f"the answer must be a number, got {answer!r}")
    if mistakes:
        known = {}
        for name, value in dict(mistakes).items():
            if isinstance(value, bool) or not isinstance(value, numbers.Real) \
                    or not math.isfinite(value):
                raise QuestionError(f"mistake {name!r} must be a finite number, got {value!r}")
            known[str(name)] = float(value)
        info["extra"] = {**dict(info.get("extra", {})), "mistakes": known}
    return Question(kind="numeric", answer=float(answer), abs_tol=abs_tol, rel_tol=rel_tol,
                    **info)


def short_text(*accepted: str, **info: Any) -> Question:
    """Free text, right if it matches an accepted answer after normalisation.

    >>> q = short_text("average speed of answer", "average speed to answer")
    >>> q.score("Average Speed of Answer."), q.score("average handle time")
    (1.0, 0.0)
    """
    if not accepted or not all(isinstance(a, str) and normalise_text(a) for a in accepted):
        raise QuestionError("list at least one accepted answer, as text")
    keys = tuple(dict.fromkeys(normalise_text(a) for a in accepted))
    extra = {"accepted": tuple(accepted)}
    return Question(kind="text", answer=keys, extra=extra, **info)


class _Ordering:
    """``ordering(answer, options)``, and ``ordering.from_correct_order(items)``."""

    def __call__(self, answer: str | Iterable[str], options: str | Iterable[str],
                 **info: Any) -> Question:
        """Steps to put in order; ``answer`` lists the option letters first to last.

        >>> q = ordering("C, A, B", ["Schedule", "Forecast", "Staff"])
        >>> q.score("C, A, B"), round(q.score("A, C, B"), 3)
        (1.0, 0.667)
        """
        opts = _option_texts(options)
        try:
            key = normalise_order(answer, letters(len(opts)) if 1 <= len(opts) <= 26 else "")
        except (QuizInputError, ValueError) as exc:
            raise QuestionError(f"the answer must list every step letter once: {exc}") from None
        return Question(kind="ordering", options=opts, answer=key, **info)

    def from_correct_order(self, items: Sequence[str], **info: Any) -> Question:
        """Shuffle steps given in their right order (the same shuffle every time)."""
        items = list(items)
        if len(set(items)) != len(items):
            raise QuestionError("the steps must all differ")
        seed = hashlib.sha256(("\x1f".join([info.get("id", ""), *items])).encode()).digest()
        shown = items[:]
        random.Random(seed).shuffle(shown)
        if shown == items:  # never show the steps already in order
            shown = shown[1:] + shown[:1]
        letter_of = {item: letter for item, letter in zip(shown, letters(len(shown)),
                                                          strict=True)}
        return self(tuple(letter_of[i] for i in items), shown, **info)


ordering = _Ordering()


def points(answer: object, question: Question, out_of: float = 1.0) -> float:
    """Marks for ``answer``: the question's score times ``out_of``, rounded to 0.01.

    Meant as the last line of an nbgrader hidden test, whose numeric result nbgrader
    takes as partial credit. Never raises on a malformed answer (it scores 0).

    >>> points("A", multiple_choice("A, C", "ABCD"), out_of=2)
    1.0
    """
    return round(question.score(answer) * float(out_of), 2)


def read_answer(answer: object, kind: str, options: str | Iterable[str] = "",
                unit: str = "") -> Any:
    """Read an answer for a question of ``kind`` without knowing its key.

    Raises :class:`QuizInputError` (a plain message, no traceback in Jupyter) if the answer
    cannot be read.

    >>> read_answer(" b) ", "single", "ABCD")
    'B'
    >>> read_answer(14, "text")
    Traceback (most recent call last):
    ...
    cxlab.quiz.QuizInputError: Type your answer as a few words; got 14.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    view = _QuestionView(kind=kind, options=_option_texts(options), unit=unit)
    return view.read(answer)


def _shown(value: Any) -> str:
    if isinstance(value, frozenset):
        return ", ".join(sorted(value))
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, float):
        return _fmt(value)
    return repr(value) if isinstance(value, str) else str(value)


def confirm(answer: object, kind: str, question: str, options: str | Iterable[str] = "",
            unit: str = "") -> None:
    """The visible check under an assessment answer: answered? readable? say how it reads.

    It does not say whether the answer is right (hidden tests do that after hand-in).

    >>> confirm("14 agents", "numeric", "Question 1", unit="agents")
    Question 1: your answer reads as 14 agents. It is marked after you hand in.
    >>> confirm(None, "numeric", "Question 1")
    Traceback (most recent call last):
    ...
    cxlab.quiz.Unanswered: Question 1 is not answered yet: type your answer in the cell above.
    """
    require_answer(answer, question)
    try:
        value = read_answer(answer, kind, options, unit)
    except QuizInputError as exc:
        raise QuizInputError(f"{question}: {exc}") from None
    suffix = _unit(unit) if kind == "numeric" else ""
    print(f"{question}: your answer reads as {_shown(value)}{suffix}. "
          "It is marked after you hand in.")
