"""Trainer's side of personal cases: codes for a roster, and any participant's sheet.

* :func:`codes` gives each participant on a roster their personal code (``cxlab codes``), to
  hand out with the assessment (mail merge, LMS message, printed slips).
* :func:`sheet` rebuilds a participant's sheet from their id alone (``cxlab case``): their
  code, the numbers their questions showed, and the right answers with how they follow, marked
  by the same hidden tests ``cxlab grade`` uses.

See :mod:`cxlab.cases` and docs/personal-cases.md.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ._course import GradingError, open_course

__all__ = ["Sheet", "codes", "sheet"]


def codes(course_dir: str | os.PathLike | None, roster: str | os.PathLike) -> list[dict]:
    """One row per roster participant: ``participant_id``, ``name`` (if given), ``code``."""
    from ..cases import code_for

    course = open_course(course_dir)
    secret = course.secret()
    with open(roster, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    if not rows or "participant_id" not in rows[0]:
        raise GradingError(f"roster must be a CSV with a participant_id column; got {roster}")
    out = []
    for row in rows:
        pid = (row.get("participant_id") or "").strip()
        if pid:
            out.append({"participant_id": pid, "name": (row.get("name") or "").strip(),
                        "code": code_for(secret, pid)})
    return out


@dataclass
class Sheet:
    """What one participant's personal assessment showed and expects."""

    assignment: str
    participant: str
    code: str
    numbers: dict[str, str] = field(default_factory=dict)  # question -> its numbers in words
    answers: list[tuple[str, str, str]] = field(default_factory=list)  # (question, right, why)

    def __str__(self) -> str:
        lines = [f"{self.assignment}, participant {self.participant}: personal code {self.code}",
                 ""]
        for question, text in self.numbers.items():
            lines.append(f"{question}: {text.replace('**', '')}")
        lines.append("")
        for question, right, why in self.answers:
            lines.append(f"{question}: {right}   {why}".rstrip())
        return "\n".join(lines)


def sheet(course_dir: str | os.PathLike | None, assignment: str, participant: str) -> Sheet:
    """Rebuild ``participant``'s sheet of ``assignment`` from their id."""
    from ..cases import code_for, draw
    from .marking import Key, mark

    course = open_course(course_dir)
    course.check_assignment(assignment)
    code = code_for(course.secret(), participant)
    result = Sheet(assignment, participant, code)
    for source in course.source_notebooks(assignment):
        key = Key.from_notebook(json.loads(source.read_text(encoding="utf-8")), source.stem)
        if not key.personal:
            raise GradingError(f"{assignment} has no personal cases: every participant has the "
                               "numbers of the notebook")
        case = draw(assignment, code)
        result.numbers.update({q: case.text(q) for q in case.texts})
        for m in mark(key, {}, participant=participant, code=code):
            why = m.comment.split(f"The right answer is {m.right}.", 1)[-1].strip() \
                if m.right else ""
            result.answers.append((m.answer, m.right or "(see the key)", why))
    return result


def write_codes(rows: list[dict], path: str | os.PathLike) -> Path:
    path = Path(path)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["participant_id", "name", "code"])
        writer.writeheader()
        writer.writerows(rows)
    return path
