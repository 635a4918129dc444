"""Plain-language feedback on exercises: right or wrong, which way, and by how much."""

from __future__ import annotations

import functools
import math
import sys
from dataclasses import dataclass
from typing import Any

from .answers import QuizInputError, is_unanswered, parse_number

__all__ = ["Feedback", "check_choice", "check_number", "check_table", "number_matches"]


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


def _note(answer: object, feedback: Feedback, caller: dict) -> None:
    """Note an exercise's result in the participant's progress (:mod:`cxlab.progress`):
    only for a check called from a notebook cell (not from cxlab's own code, such as a
    practice quiz card), only in a kernel, only inside a workspace; never raises."""
    if feedback.correct is None or "IPython" not in sys.modules:
        return
    called_from = str(caller.get("__name__", ""))
    if called_from == "cxlab" or called_from.startswith("cxlab."):
        return
    from .. import progress

    progress.note_check(answer, feedback.correct)


def _recorded(check):
    """A check function whose results go to the participant's progress (see :func:`_note`)."""

    @functools.wraps(check)
    def checked(answer, *args, **kwargs):
        feedback = check(answer, *args, **kwargs)
        _note(answer, feedback, sys._getframe(1).f_globals)
        return feedback

    return checked


def _recorded_method(check):
    """:func:`_recorded` for a method ``check(self, answer)``."""

    @functools.wraps(check)
    def checked(self, answer, *args, **kwargs):
        feedback = check(self, answer, *args, **kwargs)
        _note(answer, feedback, sys._getframe(1).f_globals)
        return feedback

    return checked


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


@_recorded
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
    suffix = "" if not unit else unit if unit == "%" else f" {unit}"
    if is_unanswered(answer):
        return Feedback(
            None,
            0.0,
            f"Not answered yet: type {name} under the first line of the answer cell, "
            "press Shift + Enter there, then run this cell again.",
        )
    try:
        value = parse_number(answer, name=name, percent_as_fraction=unit != "%")
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




def _label(value: object) -> str:
    if hasattr(value, "strftime"):
        return value.strftime("%a %d %b %H:%M") if getattr(value, "hour", 0) or getattr(
            value, "minute", 0
        ) else value.strftime("%a %d %b")
    return str(value)


def _names(values: list, limit: int = 5) -> str:
    shown = ", ".join(repr(v) if isinstance(v, str) else _label(v) for v in values[:limit])
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")


@_recorded
def check_table(
    answer: object,
    expected: object,
    *,
    abs_tol: float | None = None,
    rel_tol: float | None = None,
    name: str = "your table",
    max_reports: int = 5,
) -> Feedback:
    """Compare a table the learner built with the expected one, cell by cell.

    Rows are matched by index label and columns by name, so order does not matter. Numbers
    compare within tolerance (0.5% relative if none is given); other values must be equal.
    The feedback names missing or extra rows and columns, and for the first few wrong cells
    says which way and by how much they are off. ``score`` is the share of expected cells
    that are right.

    Examples
    --------
    >>> import pandas as pd
    >>> expected = pd.DataFrame({"agents": [14, 17]}, index=["Mon", "Tue"])
    >>> check_table(pd.DataFrame({"agents": [14, 17]}, index=["Mon", "Tue"]), expected)
    Correct: all 2 values match.
    >>> check_table(pd.DataFrame({"agents": [14, 15]}, index=["Mon", "Tue"]), expected)
    Not yet: 1 of 2 values are off.
    - row 'Tue', column 'agents': 15 is too low, by 2 (12%).
    >>> check_table(pd.DataFrame({"staff": [14, 17]}, index=["Mon", "Tue"]), expected)
    Not yet: the column 'agents' is missing; 'staff' is not expected.
    """
    import pandas as pd

    if is_unanswered(answer):
        return Feedback(None, 0.0, f"Not answered yet: build {name} in the answer cell, "
                                   "then run that cell and this one again.")
    if isinstance(answer, pd.Series):
        answer = answer.to_frame()
    if not isinstance(answer, pd.DataFrame):
        try:
            answer = pd.DataFrame(answer)
        except (TypeError, ValueError):
            return Feedback(False, 0.0, f"Not read: {name} should be a table, got {answer!r}.")
    table: Any = answer  # a DataFrame now (pandas has no types here)
    exp = expected.to_frame() if isinstance(expected, pd.Series) else pd.DataFrame(expected)
    missing_cols = [c for c in exp.columns if c not in table.columns]
    extra_cols = [c for c in table.columns if c not in exp.columns]
    missing_rows = [r for r in exp.index if r not in table.index]
    extra_rows = [r for r in table.index if r not in exp.index]
    problems = []
    if missing_cols:
        problems.append(
            f"the column{'s' if len(missing_cols) > 1 else ''} {_names(missing_cols)} "
            f"{'are' if len(missing_cols) > 1 else 'is'} missing"
        )
    if extra_cols:
        problems.append(f"{_names(extra_cols)} {'are' if len(extra_cols) > 1 else 'is'} "
                        "not expected")
    if missing_rows:
        problems.append(f"row{'s' if len(missing_rows) > 1 else ''} {_names(missing_rows)} "
                        f"{'are' if len(missing_rows) > 1 else 'is'} missing")
    if extra_rows:
        problems.append(f"row{'s' if len(extra_rows) > 1 else ''} {_names(extra_rows)} "
                        f"{'are' if len(extra_rows) > 1 else 'is'} not expected")
    if missing_cols or missing_rows:
        return Feedback(False, 0.0, "Not yet: " + "; ".join(problems) + ".")
    wrong: list[str] = []
    total = exp.size
    for col in exp.columns:
        for row in exp.index:
            want, got = exp.at[row, col], table.at[row, col]
            message = _cell_problem(got, want, abs_tol, rel_tol)
            if message:
                wrong.append(f"row {_names([row])}, column {_names([col])}: {message}")
    right = total - len(wrong)
    if not wrong and not problems:
        return Feedback(True, 1.0, f"Correct: all {total} values match.")
    lines = [f"Not yet: {len(wrong)} of {total} values are off."] if wrong else [
        "Not yet: " + "; ".join(problems) + "."
    ]
    if wrong and problems:
        lines.append("Also: " + "; ".join(problems) + ".")
    lines += [f"- {w}." for w in wrong[:max_reports]]
    if len(wrong) > max_reports:
        lines.append(f"- ... and {len(wrong) - max_reports} more.")
    return Feedback(False, right / total if total else 0.0, "\n".join(lines))


def _cell_problem(got: object, want: object, abs_tol: float | None,
                  rel_tol: float | None) -> str:
    import numbers as _numbers

    if isinstance(want, _numbers.Real) and not isinstance(want, bool):
        try:
            value = parse_number(got)
        except QuizInputError:
            return f"{got!r} is not a number"
        if _within(value, float(want), abs_tol, rel_tol):
            return ""
        direction = "too low" if value < float(want) else "too high"
        gap = abs(value - float(want))
        share = f" ({gap / abs(float(want)):.0%})" if want else ""
        return f"{_fmt(value)} is {direction}, by {_fmt(gap)}{share}"
    if str(got).strip() == str(want).strip():
        return ""
    return f"{got!r} is not what was expected"


@_recorded
def check_choice(
    answer: object,
    expected: object,
    options: list[str] | tuple[str, ...],
    *,
    name: str = "your answer",
    hint: str = "",
) -> Feedback:
    """Check an answer that names one of ``options``, by its number (from 1) or its words.

    ``expected`` is the right option's text or number. A wrong answer is told it is not it,
    never "too low": option numbers are names, not amounts.

    Examples
    --------
    >>> days = ["Monday", "Tuesday", "Wednesday"]
    >>> check_choice(2, "Tuesday", days)
    Correct: Tuesday.
    >>> check_choice("wednesday", 2, days, hint="Look at the second column.")
    Not yet: Wednesday is not it. Look at the second column.
    >>> check_choice(9, "Tuesday", days).message
    'Not read: type a number from 1 to 3, or one of Monday, Tuesday, Wednesday.'
    """
    labels = [str(o) for o in options]
    if not labels:
        raise ValueError("options must list at least one choice")
    if is_unanswered(answer):
        return Feedback(None, 0.0, f"Not answered yet: type {name} under the first line of "
                                   "the answer cell, press Shift + Enter there, then run this "
                                   "cell again.")
    right = _option_index(expected, labels)
    if right is None:
        raise ValueError(f"expected must be one of the options or their number, got {expected!r}")
    given = _option_index(answer, labels)
    if given is None:
        return Feedback(False, 0.0, f"Not read: type a number from 1 to {len(labels)}, or one "
                                    f"of {', '.join(labels)}.")
    if given == right:
        return Feedback(True, 1.0, f"Correct: {labels[right]}.")
    message = f"Not yet: {labels[given]} is not it."
    return Feedback(False, 0.0, message + (f" {hint}" if hint else ""))


def _option_index(value: object, labels: list[str]) -> int | None:
    from .answers import normalise_text

    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        number = int(value)
        return number - 1 if 1 <= number <= len(labels) else None
    if isinstance(value, str):
        text = normalise_text(value)
        if text.isdigit():
            return _option_index(int(text), labels)
        folded = [normalise_text(label) for label in labels]
        if text in folded:
            return folded.index(text)
        starts = [i for i, label in enumerate(folded) if len(text) >= 3 and label.startswith(text)]
        return starts[0] if len(starts) == 1 else None
    return None
