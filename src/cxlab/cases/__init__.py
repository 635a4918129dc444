"""Personal cases: each participant answers an assessment about numbers of their own.

How it fits together (docs/personal-cases.md has the whole design):

* A trainer's course has a secret (``.cxlab/secret``, made by ``cxlab release``). Each
  participant's **personal code** is derived from it and their participant id
  (:func:`code_for`): nine characters such as ``K7PQ-3XMA-R``, the last a check character, so a
  typo is caught where it is typed (:func:`read_code`). ``cxlab codes`` lists them for a roster.
* The participant types the code in the first answer cell of the assessment
  (``%%answer code code``). :func:`draw` turns (assessment, code) into a :class:`Case`: the
  numbers of their questions, realistic and different for every code, drawn by the
  assessment's generator registered here. Nothing in a case is an answer: answers are computed
  by the trainer's hidden tests with the same cxlab models the lessons teach.
* The grader never trusts the typed code: it derives the participant's own code from the id in
  the gradebook and marks that case. A notebook answered with someone else's code is marked
  against the participant's own case and flagged.
* ``PRACTICE`` (or no code at all on a self-paced copy) draws a fresh practice case, a new one
  each time, for self-paced learners (practice codes start with ``P``).

This module is part of the model layer: numpy only, no Jupyter imports.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .._validation import CxlabValueError

__all__ = [
    "Case",
    "CodeError",
    "code_for",
    "draw",
    "generators",
    "practice_code",
    "read_code",
    "register",
]

#: Crockford's base-32 alphabet: no I, L, O or U, so codes survive being read aloud.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LOOKALIKE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})
PRACTICE = "PRACTICE"


class CodeError(CxlabValueError):
    """A personal code that cannot be right (wrong length, letters, or check character)."""


def _check_char(body: str) -> str:
    total = sum((i + 1) * ALPHABET.index(ch) for i, ch in enumerate(body))
    return ALPHABET[total % 31]


def _format(body: str) -> str:
    full = body + _check_char(body)
    return f"{full[:4]}-{full[4:8]}-{full[8:]}"


def code_for(secret: bytes | str, participant: str) -> str:
    """The personal code of ``participant`` in a course with ``secret``.

    >>> code_for(b"course secret", "ann")
    '0BK3-H04Y-A'
    >>> read_code("obk3 ho4y a")  # lower case, spaces, O typed for 0
    '0BK3-H04Y-A'
    """
    if isinstance(secret, str):
        secret = secret.encode()
    if not isinstance(secret, bytes) or not secret:
        raise CodeError(f"secret must be non-empty text or bytes; got {secret!r}")
    if not isinstance(participant, str) or not participant.strip():
        raise CodeError(f"participant must be a participant id (non-empty text); "
                        f"got {participant!r}")
    digest = hmac.new(secret, str(participant).strip().encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big")
    body = "".join(ALPHABET[(number >> (5 * i)) & 31] for i in range(8))
    if body.startswith("P"):  # practice codes start with P
        body = "Q" + body[1:]
    return _format(body)


def practice_code() -> str:
    """A fresh practice code (``P...``): a new case every time."""
    return _format("P" + "".join(secrets.choice(ALPHABET) for _ in range(7)))


def read_code(text: object) -> str:
    """A personal code as typed (any case, spaces or dashes, I for 1, O for 0), normalised.

    Raises :class:`CodeError` with a plain sentence when it cannot be right.

    >>> read_code("0bk3-h04y-a")
    '0BK3-H04Y-A'
    >>> read_code("0BK3-H04Y-B")
    Traceback (most recent call last):
    ...
    cxlab.cases.CodeError: 0BK3-H04Y-B has a typo: check it against the code your trainer gave you.
    """
    raw = str(text or "").strip()
    cleaned = "".join(ch for ch in raw.upper() if ch not in string.whitespace + "-_.")
    cleaned = cleaned.translate(_LOOKALIKE)
    if len(cleaned) != 9 or any(ch not in ALPHABET for ch in cleaned):
        raise CodeError(f"{raw!r} is not a personal code: a code has nine letters and digits, "
                        "such as K7PQ-3XMA-R.")
    if _check_char(cleaned[:8]) != cleaned[8]:
        raise CodeError(f"{_format_plain(cleaned)} has a typo: check it against the code your "
                        "trainer gave you.")
    return _format(cleaned[:8])


def _format_plain(code: str) -> str:
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


CodeError.__module__ = "cxlab.cases"


def is_practice(code: str) -> bool:
    return code.startswith("P")


@dataclass(frozen=True)
class Case:
    """The numbers of one participant's questions (read them as attributes or keys)."""

    assignment: str
    code: str
    values: Mapping[str, Any] = field(default_factory=dict)
    texts: Mapping[str, str] = field(default_factory=dict, repr=False)

    def __getattr__(self, name: str) -> Any:
        values = object.__getattribute__(self, "values")
        if name in values:
            return values[name]
        raise AttributeError(f"this case has no number called {name!r}; it has "
                             f"{', '.join(sorted(values))}")

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    @property
    def practice(self) -> bool:
        return is_practice(self.code)

    def text(self, question: str) -> str:
        """The question's numbers in words (Markdown), for the participant."""
        template = self.texts.get(question) if isinstance(question, str) else None
        if template is None:
            raise CxlabValueError(f"question must be one of {', '.join(self.texts)}; "
                                  f"got {question!r}")
        return template.format(**{k: _fmt(v) for k, v in self.values.items()})

    def show(self, question: str) -> _Shown:
        """Display the question's numbers in a notebook (Markdown, plain text elsewhere)."""
        return _Shown(self.text(question))


class _Shown:
    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text.replace("**", "")


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        if value.is_integer():
            value = int(value)
        else:
            return f"{value:,.10g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


Generator = Callable[[Any], tuple[dict, dict]]
_GENERATORS: dict[str, Generator] = {}


def register(assignment: str) -> Callable[[Generator], Generator]:
    """Register the case generator of ``assignment``: ``rng -> (values, texts)``."""

    def wrap(fn: Generator) -> Generator:
        _GENERATORS[assignment] = fn
        return fn

    return wrap


def generators() -> list[str]:
    _load()
    return sorted(_GENERATORS)


def _load() -> None:
    """Import every case module of this package (each registers its assessment's generator)."""
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def draw(assignment: str, code: object) -> Case:
    """The case of ``code`` in ``assignment`` (the same code always gives the same case)."""
    import numpy as np

    _load()
    if not isinstance(assignment, str) or assignment not in _GENERATORS:
        raise CxlabValueError(f"assignment must be one of {', '.join(sorted(_GENERATORS))}; "
                              f"got {assignment!r}")
    read = read_code(code)
    seed = int.from_bytes(hashlib.sha256(f"{assignment}\0{read}".encode()).digest()[:8], "big")
    values, texts = _GENERATORS[assignment](np.random.default_rng(seed))
    return Case(assignment, read, values, texts)
