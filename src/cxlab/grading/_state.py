"""What ``cxlab grade`` remembers between runs: the state file, fingerprints and marks records.

For each assignment, ``.cxlab/grading-<assignment>.json`` in the course directory holds one
entry per participant: the fingerprint of what was graded (the submitted files and the source
notebooks), the status (``graded`` or ``failed``), the score and the reason of a failure. A
later run skips a submission whose fingerprint has not changed and whose autograded copy is
still there, so an interrupted run resumes where it stopped. Entries are merged into the file
under a lock, one participant at a time, so several graders on one course keep each other's.

``.cxlab/marks/<assignment>/<participant>.json`` records what each answer read as and earned;
the cohort report reads both files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ._course import Course, update_json_atomic, write_json_atomic

__all__ = ["GradingState", "fingerprint", "load_state", "state_path"]


def fingerprint(folder: Path, sources: list[Path], *, execute: bool = False) -> str:
    """SHA-256 of every file under ``folder`` (names and bytes) and of the source notebooks;
    ``+x`` marks a fingerprint taken for a run that also executed the notebooks.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = Path(tmp)
    ...     _ = (folder / "a.ipynb").write_text("{}")
    ...     first = fingerprint(folder, [])
    ...     _ = (folder / "a.ipynb").write_text("{ }")
    ...     first != fingerprint(folder, []), fingerprint(folder, [], execute=True).endswith("+x")
    (True, True)
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    for path in sources:
        digest.update(b"source\0" + path.read_bytes())
    return digest.hexdigest() + ("+x" if execute else "")


def state_path(course: Course, assignment: str) -> Path:
    """``.cxlab/grading-<assignment>.json`` of the course."""
    return course.state_dir() / f"grading-{assignment}.json"


def load_state(path: Path) -> dict:
    """The state file's entries by participant; ``{}`` when it is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@dataclass
class GradingState:
    """The state of one assignment's grading, read once and written after each submission."""

    course: Course
    assignment: str
    entries: dict = field(default_factory=dict)

    @classmethod
    def load(cls, course: Course, assignment: str) -> GradingState:
        return cls(course, assignment, load_state(state_path(course, assignment)))

    @property
    def path(self) -> Path:
        return state_path(self.course, self.assignment)

    def unchanged(self, student: str, print_: str) -> dict | None:
        """The previous entry if ``student``'s submission was graded with this fingerprint
        and its autograded copy is still there (nothing to do), else None."""
        previous = self.entries.get(student, {})
        autograded = self.course.folder("autograded") / student / self.assignment
        if (isinstance(previous, dict) and previous.get("fingerprint") == print_
                and previous.get("status") == "graded" and autograded.is_dir()):
            return previous
        return None

    def record(self, student: str, print_: str, *, status: str, score: float | None,
               max_score: float | None, reason: str) -> None:
        """Write one participant's outcome (merged: another grader may write the file too)."""
        entry = {"fingerprint": print_, "status": status, "score": score,
                 "max_score": max_score, "reason": reason}
        self.entries[student] = entry
        update_json_atomic(self.path, {student: entry})

    def write_marks(self, student: str, record: dict) -> None:
        """``.cxlab/marks/<assignment>/<student>.json``: what each answer read as and earned."""
        folder = self.course.state_dir() / "marks" / self.assignment
        folder.mkdir(parents=True, exist_ok=True)
        write_json_atomic(folder / f"{student}.json", record)
