"""``cxlab collect``: put downloaded submissions where nbgrader expects them.

An LMS download (a folder or a zip) is read file by file. Each notebook is matched to a
participant from the LMS naming convention:

========== =========================================================================
Moodle     ``Full Name_12345_assignsubmission_file_/notebook.ipynb`` (or the same
           prefix on the file name itself)
Canvas     ``surname_12345_67890_notebook.ipynb``, ``surname_LATE_12345_67890_...``
           (a ``-1``, ``-2`` Canvas adds to re-submitted file names is ignored)
Blackboard ``Assignment_userid_attempt_2026-11-20-10-00-00_notebook.ipynb``
plain      ``userid/notebook.ipynb``, ``userid/<assignment>/notebook.ipynb``, ``userid.ipynb``
========== =========================================================================

The participant id is the LMS id (Moodle and Canvas), the user name (Blackboard) or the folder
/ file name (plain) unless a roster CSV maps names and ids to participant ids. Each match is
written to ``submitted/<participant>/<assignment>/<notebook>.ipynb`` with a ``timestamp.txt``
holding the hand-in time (the Blackboard time stamp in the name, else the file's modification
time), which nbgrader uses for late penalties. A newer submission is never replaced by an older
one; every file that could not be used is listed with the reason.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ._course import GradingError, open_course, which_assignment

__all__ = ["Collected", "CollectResult", "Unmatched", "collect", "parse_submission_name"]

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f UTC"

_MOODLE_DIR = re.compile(r"^(?P<name>.+)_(?P<id>\d+)_assignsubmission_[a-z]+_?$")
_MOODLE_FILE = re.compile(r"^(?P<name>.+)_(?P<id>\d+)_assignsubmission_[a-z]+_(?P<file>.+)$")
_BLACKBOARD = re.compile(
    r"^(?P<prefix>.+)_attempt_(?P<ts>\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})(?:_(?P<file>.+))?$"
)
_CANVAS = re.compile(
    r"^(?P<name>[^_]+)(?:_(?P<late>LATE))?_(?P<id>\d+)_(?P<sub>\d+)_(?P<file>.+)$"
)
_COPY_SUFFIX = re.compile(r"(?:-\d+| \(\d+\))$")  # Canvas "-1", browser " (1)"
_IGNORED = {"__MACOSX", ".DS_Store", "Thumbs.db", ".ipynb_checkpoints"}


@dataclass(frozen=True)
class Collected:
    """One notebook placed under ``submitted/``."""

    participant: str
    assignment: str
    notebook: str
    source: str
    handed_in: datetime
    convention: str
    note: str = ""


@dataclass(frozen=True)
class Unmatched:
    """A file that was not used, and why."""

    source: str
    reason: str


@dataclass
class CollectResult:
    """What :func:`collect` did: the notebooks placed and the files it could not use."""

    assignment: str
    collected: list[Collected] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"{self.assignment}: {len(self.collected)} notebook(s) collected, "
            f"{len(self.unmatched)} file(s) not used"
        ]
        for c in self.collected:
            note = f" ({c.note})" if c.note else ""
            lines.append(f"  {c.participant:<20} {c.notebook}  handed in "
                         f"{c.handed_in:%Y-%m-%d %H:%M} UTC  [{c.convention}]{note}")
        for u in self.unmatched:
            lines.append(f"  NOT USED {u.source}: {u.reason}")
        return "\n".join(lines)


@dataclass(frozen=True)
class _Name:
    convention: str
    participant_keys: tuple[str, ...]  # candidates for the roster, first is the default id
    filename: str
    handed_in: datetime | None = None
    late: bool = False


def parse_submission_name(relative_path: str, assignment: str = "") -> _Name | None:
    """Read the participant and the file name from a path in an LMS download.

    Returns ``None`` when the path follows no known convention.

    >>> n = parse_submission_name("Ann Lee_12345_assignsubmission_file_/00-start-here.ipynb")
    >>> n.convention, n.participant_keys, n.filename
    ('moodle', ('12345', 'Ann Lee'), '00-start-here.ipynb')
    >>> n = parse_submission_name("lee_LATE_12345_67890_00-start-here-1.ipynb")
    >>> n.convention, n.participant_keys[0], n.filename, n.late
    ('canvas', '12345', '00-start-here.ipynb', True)
    >>> n = parse_submission_name("Quiz 0_alee_attempt_2026-11-20-10-00-00_00-start-here.ipynb")
    >>> n.convention, n.participant_keys, n.handed_in.isoformat()
    ('blackboard', ('alee',), '2026-11-20T10:00:00+00:00')
    >>> parse_submission_name("alee/00-start-here.ipynb").participant_keys
    ('alee',)
    """
    parts = [p for p in Path(relative_path).parts if p not in ("", ".")]
    if not parts:
        return None
    filename = parts[-1]
    for i, part in enumerate(parts[:-1]):
        m = _MOODLE_DIR.match(part)
        if m:
            return _Name("moodle", (m["id"], m["name"]), "/".join(parts[i + 1 :]))
    m = _MOODLE_FILE.match(filename)
    if m:
        return _Name("moodle", (m["id"], m["name"]), m["file"])
    m = _BLACKBOARD.match(filename)
    if m:
        prefix = m["prefix"]
        user = prefix.rsplit("_", 1)[-1] if "_" in prefix else prefix
        when = datetime.strptime(m["ts"], "%Y-%m-%d-%H-%M-%S").replace(tzinfo=timezone.utc)
        return _Name("blackboard", (user,), m["file"] or f"{user}.txt", when)
    m = _CANVAS.match(filename)
    if m:
        return _Name(
            "canvas", (m["id"], m["name"]), _strip_copy_suffix(m["file"]), late=bool(m["late"])
        )
    folders = list(parts[:-1])
    if folders and folders[-1] == assignment:
        folders.pop()
    if folders:
        return _Name("plain", (folders[-1],), filename)
    stem = Path(filename).stem
    if assignment and _strip_copy_suffix(filename) == f"{assignment}.ipynb":
        return None
    return _Name("plain", (stem,), filename)


def _strip_copy_suffix(filename: str) -> str:
    path = Path(filename)
    return _COPY_SUFFIX.sub("", path.stem) + path.suffix


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.casefold())


def _safe_id(text: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", text.strip()).strip("._")
    return safe or "unknown"


def _read_roster(path: Path) -> dict[str, str]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    if not rows or "participant_id" not in rows[0]:
        raise GradingError(
            f"roster must be a CSV with a participant_id column (and any of name, lms_id, "
            f"email, username); got {str(path)!r} with columns {list(rows[0]) if rows else []}"
        )
    mapping: dict[str, str] = {}
    for row in rows:
        pid = (row.get("participant_id") or "").strip()
        if not pid:
            continue
        for value in row.values():
            if value and value.strip():
                mapping.setdefault(_key(value), pid)
                if "@" in value:  # an e-mail address also matches its user part
                    mapping.setdefault(_key(value.split("@")[0]), pid)
    return mapping


def _grade_ids(path: Path) -> tuple[set[str] | None, str]:
    """Grade ids of a notebook, or None with the reason it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror})"
    if not raw.strip():
        return None, "is empty"
    try:
        nb = json.loads(raw)
        cells = nb["cells"]
    except (ValueError, KeyError, TypeError):
        return None, "is not a valid notebook (not JSON)"
    ids = set()
    for cell in cells if isinstance(cells, list) else []:
        meta = cell.get("metadata", {}).get("nbgrader", {}) if isinstance(cell, dict) else {}
        if isinstance(meta, dict) and meta.get("grade_id"):
            ids.add(str(meta["grade_id"]))
    return ids, ""


def _source_ids(course, assignment: str) -> dict[str, set[str]]:
    ids = {}
    for nb in course.source_notebooks(assignment):
        found, _ = _grade_ids(nb)
        ids[nb.name] = found or set()
    return ids


def _read_timestamp(folder: Path) -> datetime | None:
    from nbgrader.utils import parse_utc

    path = folder / "timestamp.txt"
    if not path.is_file():
        return None
    try:
        when = parse_utc(path.read_text().strip())
    except ValueError:
        return None
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when


def _files(root: Path) -> Iterable[tuple[str, Path]]:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path.relative_to(root).as_posix(), path


def collect(
    path: str | os.PathLike,
    *,
    course_dir: str | os.PathLike | None = None,
    assignment: str | None = None,
    roster: str | os.PathLike | None = None,
) -> CollectResult:
    """Place the notebooks of a folder or zip of downloaded submissions under ``submitted/``.

    Parameters
    ----------
    path
        A folder or ``.zip`` file as downloaded from the LMS (or gathered from e-mail).
    course_dir
        The course directory; default the current directory.
    assignment
        The assignment these submissions are for. Default: the assignment whose notebook
        names the files use (an error if that is not clear).
    roster
        Optional CSV with a ``participant_id`` column; every other column (name, LMS id,
        e-mail, user name) is matched against the names in the download, ignoring case,
        spaces and punctuation.

    Returns
    -------
    CollectResult
        ``collected`` (participant, notebook, hand-in time) and ``unmatched`` (file, reason).

    Examples
    --------
    >>> collect("/nonexistent.zip")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cxlab.grading._course.GradingError: path must be a folder or a .zip file; got '/nonexistent.zip'
    """
    path = Path(path)
    if not (path.is_dir() or (path.is_file() and zipfile.is_zipfile(path))):
        raise GradingError(f"path must be a folder or a .zip file; got {str(path)!r}")
    course = open_course(course_dir)
    mapping = _read_roster(Path(roster)) if roster else None
    with tempfile.TemporaryDirectory(prefix="cxlab-collect-") as tmp:
        root = path
        if path.is_file():
            root = Path(tmp)
            with zipfile.ZipFile(path) as zf:
                for info in zf.infolist():
                    target = (root / info.filename).resolve()
                    if not str(target).startswith(str(root.resolve())) or info.is_dir():
                        continue
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with zf.open(info) as src, open(target, "wb") as dst:
                        shutil.copyfileobj(src, dst)
                    stamp = datetime(*info.date_time).timestamp()
                    os.utime(target, (stamp, stamp))
        return _collect_tree(course, root, assignment, mapping)


def _guess_assignment(course, names: list[str]) -> str:
    counts = {
        a: sum(_strip_copy_suffix(Path(n).name) in {p.name for p in course.source_notebooks(a)}
               for n in names)
        for a in course.assignments()
    }
    best = sorted(counts.items(), key=lambda kv: -kv[1])
    if not best or best[0][1] == 0 or (len(best) > 1 and best[1][1] == best[0][1]):
        raise GradingError(
            "assignment must be given (--assignment): the file names do not say which of "
            f"{', '.join(course.assignments())} these submissions are for"
        )
    return best[0][0]


def _collect_tree(course, root: Path, assignment: str | None, mapping) -> CollectResult:
    files = list(_files(root))
    if assignment is None:
        assignment = _guess_assignment(course, [rel for rel, _ in files if rel.endswith(".ipynb")])
    course.check_assignment(assignment)
    result = CollectResult(assignment)
    expected = _source_ids(course, assignment)
    candidates: dict[tuple[str, str], list[tuple[datetime, str, Path, _Name]]] = {}

    for rel, file in files:
        parts = set(Path(rel).parts)
        if parts & _IGNORED or Path(rel).name.startswith("._"):
            result.unmatched.append(Unmatched(rel, "system file (ignored)"))
            continue
        if not rel.endswith(".ipynb"):
            kind = Path(rel).suffix or "no extension"
            result.unmatched.append(Unmatched(rel, f"not a notebook ({kind})"))
            continue
        name = parse_submission_name(rel, assignment)
        if name is None:
            result.unmatched.append(
                Unmatched(rel, "cannot tell whose it is: put it in a folder named after the "
                               "participant, or name it <participant>.ipynb")
            )
            continue
        if mapping is not None:
            keys = [_key(k) for k in name.participant_keys]
            pid = next((mapping[k] for k in keys if k in mapping), None)
            if pid is None:
                result.unmatched.append(
                    Unmatched(rel, f"not on the roster ({', '.join(name.participant_keys)})")
                )
                continue
        else:
            pid = name.participant_keys[0]
        pid = _safe_id(pid)
        notebook = _match_notebook(Path(name.filename).name, file, course, assignment, expected)
        if isinstance(notebook, Unmatched):
            result.unmatched.append(Unmatched(rel, notebook.reason))
            continue
        when = name.handed_in or datetime.fromtimestamp(file.stat().st_mtime, tz=timezone.utc)
        candidates.setdefault((pid, notebook), []).append((when, rel, file, name))

    submitted = course.folder("submitted")
    for (pid, notebook), found in sorted(candidates.items()):
        found.sort(key=lambda item: item[0])
        when, rel, file, name = found[-1]
        for older in found[:-1]:
            result.unmatched.append(
                Unmatched(older[1], f"older than {rel} from the same participant ({pid}), "
                                    "which was kept")
            )
        dest_dir = submitted / pid / assignment
        dest = dest_dir / notebook
        existing = _read_timestamp(dest_dir) if dest.exists() else None
        note = "late (LMS)" if name.late else ""
        if existing is not None and existing > when:
            result.unmatched.append(
                Unmatched(rel, f"older than the submission already collected for {pid} "
                               f"(handed in {existing:%Y-%m-%d %H:%M} UTC), which was kept")
            )
            continue
        if existing is not None:
            replaced = f"replaced the submission of {existing:%Y-%m-%d %H:%M} UTC"
            note = ", ".join(filter(None, [note, replaced]))
        dest_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, dest)
        stamp = max(when, existing) if existing else when
        (dest_dir / "timestamp.txt").write_text(stamp.strftime(TIMESTAMP_FORMAT) + "\n")
        result.collected.append(
            Collected(pid, assignment, notebook, rel, when, name.convention, note)
        )
    return result


def _match_notebook(filename: str, file: Path, course, assignment: str,
                    expected: dict) -> str | Unmatched:
    """The assignment notebook this file is, by its name or (if renamed) by its content."""
    ids, problem = _grade_ids(file)
    found = None
    if ids is not None:
        try:
            found = which_assignment(json.loads(file.read_text(encoding="utf-8")), course)
        except (OSError, ValueError):
            found = None
    if found is not None and found != assignment:
        return Unmatched("", f"is the notebook of assignment {found}, not {assignment}")
    plain = _strip_copy_suffix(filename)
    if plain in expected:
        return plain  # unreadable files are kept: grading reports them with the reason
    if ids:
        overlap = {nb: len(ids & nb_ids) for nb, nb_ids in expected.items()}
        best = max(overlap, key=overlap.get, default=None)
        if best and overlap[best] and found == assignment:
            return best
    if len(expected) == 1 and ids is None:
        return next(iter(expected))
    return Unmatched(
        "", f"is not a notebook of this assignment (expected {', '.join(expected)})"
        + (f"; it {problem}" if problem else "")
    )
