"""CX in every job role: responsibilities per department, a role checker, customer reasons.

"CX is everybody's job" says nothing anyone can act on. Writing a CX responsibility into each
department's roles does: the customer outcome the department affects, what its people do
about it, and how anyone can tell. :func:`load_role_table` holds Northwave Broadband's
table; the responsibilities differ from department to department.

Two small checkers give plain feedback:

* :func:`check_role_description` reads a role description and says whether it names a
  **customer outcome** (it mentions the customer: customer, caller, household...) and a
  **measure** (a number, a share, a rate, a time, a count or a named customer metric). It
  reads words, not meaning: it is a first screen before a person reviews the text.
* :func:`has_customer_reason` says whether the reason given for a channel or an investment
  names the customer, and is not one of the usual non-reasons (what competitors do, what the
  software already includes, who asked for it).

>>> has_customer_reason("Every competitor offers live chat")
False
>>> has_customer_reason("Customers at work can ask a question without a phone call")
True
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import CxlabValueError, check_names, describe
from ..data.registry import dataset_text
from ..quiz.answers import QuizInputError, is_unanswered, normalise_order
from ..quiz.feedback import Feedback

__all__ = [
    "CUSTOMER_WORDS",
    "NON_REASONS",
    "RoleMatching",
    "check_matching",
    "check_role_description",
    "has_customer_reason",
    "load_role_table",
    "role_matching",
    "training_coverage",
]

#: Words that name the customer (matched at the start of a word, any case).
CUSTOMER_WORDS: tuple[str, ...] = ("customer", "caller", "client", "subscriber", "household",
                                   "consumer", "user", "buyer", "patient", "passenger",
                                   "member", "guest")

#: Phrases that give a reason which is not the customer's (any case).
NON_REASONS: tuple[str, ...] = (
    "competitor", "everyone else", "everybody else", "others have", "others offer",
    "came with", "comes with", "included in", "already paid", "already pay", "licence",
    "license", "out of support", "vendor", "told to", "asked for it", "asked us",
    "the boss", "management wants", "management asked", "board wants", "brand awareness",
)

#: Words and patterns that make a measure: numbers, units, rates and customer metrics.
_MEASURE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\d", "a number"),
    (r"%|\bper ?cent\b|\bshare\b|\bproportion\b|\bpercentage\b", "a share"),
    (r"\bper\b|\brate\b|\bratio\b", "a rate"),
    (r"\bwithin\b|\bdays?\b|\bhours?\b|\bminutes?\b|\bseconds?\b|\bweeks?\b|\btime\b",
     "a time"),
    (r"\bnumber of\b|\bcount\b|\bhow many\b", "a count"),
    (r"\bnps\b|\bcsat\b|\bces\b|\bsatisfaction\b|\beffort score\b|\bcomplaints?\b|"
     r"\brepeat (?:calls?|contacts?|visits?)\b|\bfirst contact resolution\b|\bfcr\b|"
     r"\bservice level\b|\bchurn\b", "a customer metric"),
    (r"\bmeasured? (?:by|as|with)\b|\btarget\b|\bkpi\b", "a stated measure"),
)

#: Longest text the checkers read (characters).
MAX_TEXT_CHARS = 5_000

_CUSTOMER_RE = re.compile(r"\b(?:" + "|".join(CUSTOMER_WORDS) + r")\w*", re.I)
_VAGUE = ("everybody's job", "everyone's job", "customer-centric", "customer centric",
          "customer obsessed", "delight")


def load_role_table() -> pd.DataFrame:
    """Northwave Broadband's CX responsibilities, one row per department.

    Returns
    -------
    pandas.DataFrame
        Index ``department``; columns ``customer_outcome`` (what the customer gets when the
        department does its part), ``responsibility`` (what is written into its roles),
        ``measure`` (how anyone can tell), ``staff`` and ``trained_basic_cx`` (how many of
        them have had basic CX training).

    Examples
    --------
    >>> roles = load_role_table()
    >>> roles.index[:6].tolist()
    ['Finance', 'Warehousing', 'IT', 'HR', 'Marketing', 'Billing']
    >>> roles.loc["Billing", "measure"]
    'Calls about the first bill, per 100 new customers'
    """
    text = dataset_text("cx_roles")
    table = pd.read_csv(io.StringIO(text), keep_default_na=False)
    return table.set_index("department")


def training_coverage(roles: pd.DataFrame) -> pd.DataFrame:
    """Share of each department, and of everyone, with basic CX training.

    Parameters
    ----------
    roles : pandas.DataFrame
        A table with ``staff`` and ``trained_basic_cx`` columns, one row per department
        (as :func:`load_role_table` returns).

    Returns
    -------
    pandas.DataFrame
        ``Staff``, ``Trained`` and ``Trained (share)`` (a fraction) per department, least
        trained first, and a last row ``All departments``.

    Raises
    ------
    cxlab.CxlabValueError
        For missing columns, a department with no staff, negative counts or more trained
        than staff (naming the department).

    Examples
    --------
    >>> roles = pd.DataFrame({"staff": [10, 30], "trained_basic_cx": [9, 3]},
    ...                      index=["Contact centre", "Finance"])
    >>> training_coverage(roles)["Trained (share)"].round(2).tolist()
    [0.1, 0.9, 0.3]
    """
    if not isinstance(roles, pd.DataFrame):
        raise CxlabValueError(f"roles must be a table (pandas DataFrame), got {describe(roles)}")
    missing = [c for c in ("staff", "trained_basic_cx") if c not in roles.columns]
    if missing:
        raise CxlabValueError(f"roles must have the columns staff and trained_basic_cx; it is "
                              f"missing {', '.join(missing)}")
    staff = pd.to_numeric(roles["staff"], errors="coerce")
    trained = pd.to_numeric(roles["trained_basic_cx"], errors="coerce")
    for name, column in (("staff", staff), ("trained_basic_cx", trained)):
        bad = column.isna() | (column < 0) | (column != column.round())
        if bad.any():
            where = bad[bad].index[0]
            raise CxlabValueError(f"{name} must be a whole number of 0 or more; {where} has "
                                  f"{describe(roles.loc[where, name])}")
    if (staff == 0).any():
        raise CxlabValueError(f"staff must be at least 1; {staff[staff == 0].index[0]} has 0")
    over = trained > staff
    if over.any():
        where = over[over].index[0]
        raise CxlabValueError(f"trained_basic_cx must be at most staff; {where} has "
                              f"{int(trained[where])} trained of {int(staff[where])} staff")
    table = pd.DataFrame({"Staff": staff.astype(int), "Trained": trained.astype(int)})
    table["Trained (share)"] = table["Trained"] / table["Staff"]
    table = table.sort_values("Trained (share)", kind="stable")
    total = pd.DataFrame({"Staff": [int(staff.sum())], "Trained": [int(trained.sum())]},
                         index=["All departments"])
    total["Trained (share)"] = total["Trained"] / total["Staff"]
    out = pd.concat([table, total])
    out.index.name = "Department"
    return out


def _text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise CxlabValueError(f"{name} must be text, got {describe(value)}")
    return value[:MAX_TEXT_CHARS]


def has_customer_reason(reason: object) -> bool:
    """True if ``reason`` names the customer and is not one of :data:`NON_REASONS`.

    The veto question "how will this improve the customer experience?" needs an answer about
    the customer: who they are and what changes for them. "Everyone else has it", "it came
    with the software" and "the boss asked for it" are reasons, but not the customer's.

    Parameters
    ----------
    reason : str or None
        The answer given; blank or missing (``None``, ``NaN``) means no reason.

    Returns
    -------
    bool

    Raises
    ------
    cxlab.CxlabValueError
        If ``reason`` is not text (a number, a list...).

    Examples
    --------
    >>> has_customer_reason("It came with our CRM licence")
    False
    >>> has_customer_reason("")
    False
    >>> has_customer_reason("Callers stuck in a fault get help in the app without waiting")
    True
    """
    if reason is None or reason is pd.NA or (isinstance(reason, float) and np.isnan(reason)):
        return False
    text = _text("reason", reason).lower()
    if not text.strip():
        return False
    if any(phrase in text for phrase in NON_REASONS):
        return False
    return bool(_CUSTOMER_RE.search(text))


def _measures_found(text: str) -> list[str]:
    lowered = text.lower()
    return [what for pattern, what in _MEASURE_PATTERNS if re.search(pattern, lowered)]


def check_role_description(text: object) -> Feedback:
    """Check that a role's CX responsibility names a customer outcome and a measure.

    Parameters
    ----------
    text : str or None
        The role description as typed; ``None`` or blank is unanswered.

    Returns
    -------
    cxlab.quiz.Feedback
        ``correct`` is True when both are there, None when unanswered; the message says
        what was found and what is missing, in plain words.

    Raises
    ------
    cxlab.CxlabValueError
        If ``text`` is not text.

    Examples
    --------
    >>> check_role_description("Billing: customers get a first bill that matches the sale; "
    ...                        "measure: first-bill calls per 100 new customers")
    Correct: it names a customer outcome (customers) and a measure (a number, a rate).
    >>> check_role_description("Marketing makes CX everybody's job")
    Not yet: no customer outcome: say which customers and what changes for them. No measure: \
say how anyone will know, with a number, a share, a rate or a time. "Everybody's job" is a \
slogan, not a responsibility.
    """
    if is_unanswered(text) or (isinstance(text, str) and not text.strip()):
        return Feedback(None, 0.0, "Not answered yet: type the role description under the "
                                   "first line of the answer cell, press Shift + Enter there, "
                                   "then run this cell again.")
    words = _text("text", text)
    customers = sorted({m.group(0).lower() for m in _CUSTOMER_RE.finditer(words)})
    measures = _measures_found(words)
    vague = [v for v in _VAGUE if v in words.lower()]
    if customers and measures:
        return Feedback(True, 1.0, f"Correct: it names a customer outcome ({', '.join(customers)}"
                                   f") and a measure ({', '.join(measures)}).")
    parts = []
    if customers:
        parts.append(f"it names the customer ({', '.join(customers)}).")
    else:
        parts.append("no customer outcome: say which customers and what changes for them.")
    if measures:
        parts.append(f"It has a measure ({', '.join(measures)}).")
    else:
        parts.append("No measure: say how anyone will know, with a number, a share, a rate "
                     "or a time.")
    if vague:
        parts.append(f'"{vague[0].capitalize()}" is a slogan, not a responsibility.')
    return Feedback(False, 0.5 if (customers or measures) else 0.0,
                    "Not yet: " + " ".join(parts))


@dataclass(frozen=True)
class RoleMatching:
    """A matching exercise: departments, and their responsibilities shuffled under letters.

    Attributes
    ----------
    departments : tuple of str
        The departments, in the order the answer gives letters.
    options : pandas.DataFrame
        Index ``Letter``; column ``Responsibility``: the responsibilities, shuffled.
    outcomes : tuple of str
        Each department's customer outcome (used in hints).
    key : tuple of str
        The right letter for each department, in order.
    """

    departments: tuple[str, ...]
    options: pd.DataFrame
    outcomes: tuple[str, ...]
    key: tuple[str, ...]

    @property
    def letters(self) -> str:
        """The option letters, ``"ABCDEF"``."""
        return "".join(self.options.index)

    def __repr__(self) -> str:
        return (f"RoleMatching({len(self.departments)} departments: "
                f"{', '.join(self.departments)})")


def role_matching(
    roles: pd.DataFrame,
    *,
    departments: Sequence[str] | None = None,
    rng: np.random.Generator | int | None = None,
) -> RoleMatching:
    """Shuffle the departments' responsibilities into lettered options to match.

    Parameters
    ----------
    roles : pandas.DataFrame
        The role table (:func:`load_role_table`).
    departments : sequence of str, optional
        Which departments, in the order of the answer (2 to 26); by default all.
    rng : numpy.random.Generator, int or None
        The shuffle's random source; an int is a seed (same seed, same letters).

    Returns
    -------
    RoleMatching

    Raises
    ------
    cxlab.CxlabValueError
        For a department not in the table, fewer than 2 or more than 26 departments.

    Examples
    --------
    >>> m = role_matching(load_role_table(), departments=["Finance", "Billing"], rng=1)
    >>> m.letters, len(m.key)
    ('AB', 2)
    """
    if not isinstance(roles, pd.DataFrame) or "responsibility" not in roles.columns:
        raise CxlabValueError(f"roles must be the role table (load_role_table()), got "
                              f"{describe(roles)}")
    chosen = (list(roles.index) if departments is None
              else check_names("departments", departments, what="department names"))
    unknown = [d for d in chosen if d not in roles.index]
    if unknown:
        raise CxlabValueError(f"departments must be in the role table ({', '.join(roles.index)}"
                              f"); got {describe(unknown[0])}")
    if not 2 <= len(chosen) <= 26 or len(set(chosen)) != len(chosen):
        raise CxlabValueError(f"departments must be 2 to 26 different departments, got "
                              f"{len(chosen)}: {', '.join(map(str, chosen))}")
    if not (rng is None or isinstance(rng, np.random.Generator)
            or (isinstance(rng, (int, np.integer)) and not isinstance(rng, bool) and rng >= 0)):
        raise CxlabValueError(f"rng must be a numpy Generator, a seed (a whole number of 0 or "
                              f"more) or None, got {describe(rng)}")
    generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    order = generator.permutation(len(chosen))
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[: len(chosen)]
    options = pd.DataFrame(
        {"Responsibility": [roles.loc[chosen[i], "responsibility"] for i in order]},
        index=pd.Index(list(letters), name="Letter"))
    key = tuple(letters[int(np.flatnonzero(order == i)[0])] for i in range(len(chosen)))
    outcomes = tuple(str(roles.loc[d, "customer_outcome"]) for d in chosen)
    return RoleMatching(departments=tuple(chosen), options=options, outcomes=outcomes, key=key)


def check_matching(answer: object, matching: RoleMatching) -> Feedback:
    """Check letters typed for a :class:`RoleMatching`, one per department, in order.

    Parameters
    ----------
    answer : str, sequence or None
        The letters, e.g. ``"B, D, A, F, C, E"``; ``None`` is unanswered.
    matching : RoleMatching

    Returns
    -------
    cxlab.quiz.Feedback
        Says how many departments are right and, for each wrong one, its customer outcome
        as a hint; never gives the letters.

    Examples
    --------
    >>> m = role_matching(load_role_table(), departments=["Finance", "Billing"], rng=1)
    >>> check_matching(", ".join(m.key), m)
    Correct: all 2 departments have their responsibility.
    >>> print(check_matching(", ".join(reversed(m.key)), m))
    Not yet: 0 of 2 departments are right.
    - Finance: its customer outcome is "Refunds and credits reach the customer quickly and \
without a chase"; which responsibility brings that about?
    - Billing: its customer outcome is "The first bill matches what the customer was told \
when they ordered"; which responsibility brings that about?
    """
    if not isinstance(matching, RoleMatching):
        raise CxlabValueError(f"matching must be what role_matching() returns, got "
                              f"{describe(matching)}")
    if is_unanswered(answer):
        return Feedback(None, 0.0, "Not answered yet: type one letter per department under the "
                                   "first line of the answer cell, press Shift + Enter there, "
                                   "then run this cell again.")
    try:
        given = normalise_order(answer, matching.letters)
    except QuizInputError as exc:
        return Feedback(False, 0.0, f"Not read: {exc} Give each department one letter, in "
                                    "the order of the departments.")
    right = [g == k for g, k in zip(given, matching.key, strict=True)]
    total = len(right)
    if all(right):
        return Feedback(True, 1.0, f"Correct: all {total} departments have their "
                                   "responsibility.")
    lines = [f"Not yet: {sum(right)} of {total} departments are right."]
    for ok, department, outcome in zip(right, matching.departments, matching.outcomes,
                                       strict=True):
        if not ok:
            lines.append(f'- {department}: its customer outcome is "{outcome}"; which '
                         "responsibility brings that about?")
    return Feedback(False, sum(right) / total, "\n".join(lines))
