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

Downloads are not trusted. Each notebook is read with :func:`cxlab.grading._safe.read_notebook`:
one saved by an old Jupyter (nbformat 3) is converted and one with harmless damage (a number
in a cell's text) repaired, and the repaired copy is what is collected, with a note; one that
is too big, has too many cells or is nested absurdly deep is not used; an empty or broken
file named like the assignment is kept so grading lists it. Zips are unpacked within
:class:`ZipLimits` (total size, size per file, number of files, compression ratio, checked
from the zip's directory and again while unpacking), only notebooks are unpacked at all (a zip
inside the zip is never opened), and members with ``..`` or absolute paths and symbolic links
(in a zip or a folder) are refused. Everything printed passes through
:func:`~cxlab.grading._safe.terminal_safe`.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .._validation import check_integer
from ._course import GradingError, open_course, which_assignment
from ._safe import NOTES_KEY, SubmissionError, _size, read_notebook_with_notes, terminal_safe

__all__ = ["Collected", "CollectResult", "Unmatched", "ZipLimits", "collect",
           "parse_submission_name"]

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
            note = f" ({terminal_safe(c.note, 1_000)})" if c.note else ""
            lines.append(f"  {terminal_safe(c.participant, 60):<20} "
                         f"{terminal_safe(c.notebook, 120)}  handed in "
                         f"{c.handed_in:%Y-%m-%d %H:%M} UTC  [{c.convention}]{note}")
        for u in self.unmatched:
            lines.append(f"  NOT USED {terminal_safe(u.source, 200)}: "
                         f"{terminal_safe(u.reason, 1_000)}")
        return "\n".join(lines)


@dataclass(frozen=True)
class ZipLimits:
    """How much a downloaded zip may unpack to (zip bombs are refused, with the reason).

    Only notebooks are unpacked; other files are listed by name. Sizes are read from the
    zip's directory first and counted again while unpacking, so a zip that lies about them
    gains nothing.

    >>> ZipLimits().total_bytes
    500000000
    >>> ZipLimits(members=0)
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: members must be a whole number of at least 1, got 0
    """

    total_bytes: int = 500_000_000  # all notebooks unpacked together
    member_bytes: int = 50_000_000  # one file
    members: int = 10_000  # entries in the zip
    ratio: int = 200  # unpacked size over packed size, for files over 1 MB

    def __post_init__(self) -> None:
        for name in ("total_bytes", "member_bytes", "members", "ratio"):
            check_integer(name, getattr(self, name), minimum=1)


#: Files smaller than this are not checked for their compression ratio.
RATIO_MIN_BYTES = 1_000_000


@dataclass(frozen=True)
class _Entry:
    """One file of a download: its relative name, where it is (None: not unpacked), why not."""

    rel: str
    path: Path | None
    problem: str = ""
    when: datetime | None = None


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


def _ids_of(nb) -> set[str]:
    ids = set()
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if isinstance(meta, dict) and meta.get("grade_id"):
            ids.add(str(meta["grade_id"]))
    return ids


def _source_ids(course, assignment: str) -> dict[str, set[str]]:
    ids = {}
    for path in course.source_notebooks(assignment):
        try:
            nb, _ = read_notebook_with_notes(path)
            ids[path.name] = _ids_of(nb)
        except SubmissionError:
            ids[path.name] = set()
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


def _folder_entries(root: Path) -> list[_Entry]:
    """Every file of a downloaded folder; symbolic links and special files are refused."""
    entries = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        for name in list(dirs):
            if (here / name).is_symlink():
                rel = (here / name).relative_to(root).as_posix()
                entries.append(_Entry(rel, None, "is a symbolic link (not used)"))
                dirs.remove(name)
        for name in files:
            path = here / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                entries.append(_Entry(rel, None, "is a symbolic link (not used)"))
            elif not stat.S_ISREG(path.lstat().st_mode):
                entries.append(_Entry(rel, None, "is not a regular file (not used)"))
            else:
                entries.append(_Entry(rel, path))
    return sorted(entries, key=lambda e: e.rel)


def _member_name(raw: str) -> tuple[str, str]:
    """The relative path of a zip member, or '' and why it is refused."""
    name = raw.replace("\\", "/")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in parts or not parts:
        return "", "its path leaves the download folder (not used)"
    return "/".join(parts), ""


def _zip_time(info: zipfile.ZipInfo) -> datetime | None:
    try:
        return datetime(*info.date_time).astimezone(timezone.utc)  # zip times are local
    except (ValueError, OverflowError):
        return None


class _TooMuch(Exception):
    """A member unpacked to more than it declared, or than the limit."""


def _zip_entries(path: Path, root: Path, limits: ZipLimits) -> list[_Entry]:
    """Unpack the notebooks of a zip into ``root``, within ``limits``; list everything."""
    label = terminal_safe(path.name, 120)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise GradingError(f"path must be a readable zip file; {label} cannot be read "
                           f"({terminal_safe(str(exc), 200)})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.members:
            raise GradingError(
                f"{label} holds {len(infos)} files, more than the {limits.members} allowed "
                "(ZipLimits.members): unpack it yourself if you trust it, or raise the limit")
        entries: list[_Entry] = []
        wanted: list[tuple[zipfile.ZipInfo, str]] = []
        for info in infos:
            if info.is_dir():
                continue
            rel, problem = _member_name(info.filename)
            if problem:
                entries.append(_Entry(info.filename, None, problem))
            elif stat.S_ISLNK(info.external_attr >> 16):
                entries.append(_Entry(rel, None, "is a symbolic link (not used)"))
            elif rel.endswith(".ipynb") and not _is_system(rel):
                wanted.append((info, rel))
            else:  # never unpacked: listed by its name (a zip in the zip stays closed)
                entries.append(_Entry(rel, None))
        declared = sum(info.file_size for info, _ in wanted)
        if declared > limits.total_bytes:
            raise GradingError(
                f"{label} would unpack to {_size(declared)} of notebooks, more than the "
                f"{_size(limits.total_bytes)} allowed (ZipLimits.total_bytes): a zip bomb? "
                "Unpack it yourself if you trust it, or raise the limit")
        fallback = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
        total = 0
        for info, rel in wanted:
            size, packed = info.file_size, max(info.compress_size, 1)
            if size > RATIO_MIN_BYTES and size > limits.ratio * packed:
                entries.append(_Entry(rel, None, (
                    f"unpacks to {_size(size)} from {_size(packed)} compressed, more than the "
                    f"{limits.ratio} to 1 allowed: a zip bomb? (not used)")))
                continue
            if size > limits.member_bytes:
                entries.append(_Entry(rel, None, (
                    f"unpacks to {_size(size)}, more than the {_size(limits.member_bytes)} "
                    "allowed for one file (not used)")))
                continue
            target = root / rel
            problem = ""
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(target, "wb") as dst:
                    written = 0
                    while chunk := src.read(1 << 20):
                        written += len(chunk)
                        total += len(chunk)
                        if written > min(size, limits.member_bytes):
                            raise _TooMuch
                        if total > limits.total_bytes:
                            raise GradingError(
                                f"{label} unpacks to more than the "
                                f"{_size(limits.total_bytes)} allowed (ZipLimits.total_bytes)"
                                ": a zip bomb? Unpack it yourself if you trust it")
                        dst.write(chunk)
            except _TooMuch:
                problem = "unpacks to more than its zip entry says: a zip bomb? (not used)"
            except RuntimeError as exc:
                problem = ("is encrypted (not used)" if "encrypted" in str(exc) else
                           f"cannot be unpacked ({terminal_safe(str(exc), 200)}) (not used)")
            except NotImplementedError as exc:
                problem = f"cannot be unpacked ({terminal_safe(str(exc), 200)}) (not used)"
            except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
                problem = f"is damaged in the zip ({terminal_safe(str(exc), 200)}) (not used)"
            except OSError as exc:
                problem = f"cannot be unpacked ({terminal_safe(str(exc), 200)}) (not used)"
            if problem:
                target.unlink(missing_ok=True)
                entries.append(_Entry(rel, None, problem))
                continue
            when = _zip_time(info) or fallback
            os.utime(target, (when.timestamp(), when.timestamp()))
            entries.append(_Entry(rel, target, "", when))
    return sorted(entries, key=lambda e: e.rel)


def _is_system(rel: str) -> bool:
    return bool(set(Path(rel).parts) & _IGNORED) or Path(rel).name.startswith("._")


def collect(
    path: str | os.PathLike,
    *,
    course_dir: str | os.PathLike | None = None,
    assignment: str | None = None,
    roster: str | os.PathLike | None = None,
    zip_limits: ZipLimits | None = None,
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
    zip_limits
        How much a zip may unpack to (:class:`ZipLimits`; default 500 MB of notebooks, 50 MB
        per file, 10,000 files, 200 to 1 compression).

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
    limits = zip_limits if zip_limits is not None else ZipLimits()
    with tempfile.TemporaryDirectory(prefix="cxlab-collect-") as tmp:
        if path.is_dir():
            entries = _folder_entries(path)
        else:
            entries = _zip_entries(path, Path(tmp), limits)
        return _collect_tree(course, entries, assignment, mapping)


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


def _read(file: Path):
    """(notebook, notes, None) or (None, [], SubmissionError)."""
    try:
        nb, notes = read_notebook_with_notes(file)
        return nb, notes, None
    except SubmissionError as exc:
        return None, [], exc


def _sentence(exc: SubmissionError) -> str:
    return str(exc).rstrip(".")


def _collect_tree(course, entries: list[_Entry], assignment: str | None,
                  mapping) -> CollectResult:
    if assignment is None:
        assignment = _guess_assignment(course, [e.rel for e in entries
                                                if e.rel.endswith(".ipynb")])
    course.check_assignment(assignment)
    result = CollectResult(assignment)
    expected = _source_ids(course, assignment)
    candidates: dict[tuple[str, str], list] = {}

    for entry in entries:
        rel, file = entry.rel, entry.path
        if entry.problem:
            result.unmatched.append(Unmatched(rel, entry.problem))
            continue
        if _is_system(rel):
            result.unmatched.append(Unmatched(rel, "system file (ignored)"))
            continue
        if not rel.endswith(".ipynb") or file is None:
            kind = terminal_safe(Path(rel).suffix, 40) or "no extension"
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
                shown = ", ".join(terminal_safe(k, 80) for k in name.participant_keys)
                result.unmatched.append(Unmatched(rel, f"not on the roster ({shown})"))
                continue
        else:
            pid = name.participant_keys[0]
        pid = _safe_id(pid)
        nb, notes, error = _read(file)
        notebook = _match_notebook(Path(name.filename).name, nb, error, course, assignment,
                                   expected)
        if isinstance(notebook, Unmatched):
            result.unmatched.append(Unmatched(rel, notebook.reason))
            continue
        when = (name.handed_in or entry.when
                or datetime.fromtimestamp(file.stat().st_mtime, tz=timezone.utc))
        candidates.setdefault((pid, notebook), []).append((when, rel, file, name, nb, notes,
                                                           error))

    submitted = course.folder("submitted")
    for (pid, notebook), found in sorted(candidates.items(), key=lambda kv: kv[0]):
        found.sort(key=lambda item: item[0])
        when, rel, file, name, nb, notes, error = found[-1]
        for older in found[:-1]:
            result.unmatched.append(
                Unmatched(older[1], f"older than {terminal_safe(rel, 200)} from the same "
                                    f"participant ({pid}), which was kept")
            )
        dest_dir = submitted / pid / assignment
        dest = dest_dir / notebook
        existing = _read_timestamp(dest_dir) if dest.exists() else None
        if existing is not None and existing > when:
            result.unmatched.append(
                Unmatched(rel, f"older than the submission already collected for {pid} "
                               f"(handed in {existing:%Y-%m-%d %H:%M} UTC), which was kept")
            )
            continue
        parts = ["late (LMS)"] if name.late else []
        if error is not None:
            parts.append(f"cannot be read: {_sentence(error)}; grading will list it")
        converted = [n for n in notes if n.endswith("was converted to nbformat 4.")]
        if converted:
            parts.append("converted from nbformat 3")
        repairs = [n for n in notes if n not in converted]
        if repairs:
            parts.append("repaired: " + " ".join(repairs))
        if existing is not None:
            parts.append(f"replaced the submission of {existing:%Y-%m-%d %H:%M} UTC")
        dest_dir.mkdir(parents=True, exist_ok=True)
        if notes:
            _write_repaired(nb, dest)
        else:
            shutil.copyfile(file, dest)
        stamp = max(when, existing) if existing else when
        (dest_dir / "timestamp.txt").write_text(stamp.strftime(TIMESTAMP_FORMAT) + "\n")
        result.collected.append(
            Collected(pid, assignment, notebook, rel, when, name.convention, ", ".join(parts))
        )
    return result


def _write_repaired(nb, dest: Path) -> None:
    """Save the converted or repaired notebook (what was read, without the reading notes)."""
    import nbformat

    nb.metadata.pop(NOTES_KEY, None)
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.write_text(nbformat.writes(nb), encoding="utf-8")
    os.replace(tmp, dest)


def _match_notebook(filename: str, nb, error: SubmissionError | None, course, assignment: str,
                    expected: dict) -> str | Unmatched:
    """The assignment notebook this file is, by its name or (if renamed) by its content."""
    if error is not None and error.limit:
        return Unmatched("", f"{_sentence(error)} (not used)")  # never collected, whatever its name
    found = which_assignment(nb, course) if nb is not None else None
    if found is not None and found != assignment:
        return Unmatched("", f"is the notebook of assignment {found}, not {assignment}")
    plain = _strip_copy_suffix(filename)
    if plain in expected:
        return plain  # unreadable files are kept: grading reports them with the reason
    ids = _ids_of(nb) if nb is not None else None
    if ids:
        overlap = {name: len(ids & nb_ids) for name, nb_ids in expected.items()}
        best = max(overlap, key=overlap.__getitem__, default=None)
        if best and overlap[best] and found == assignment:
            return best
    if len(expected) == 1 and nb is None:
        return next(iter(expected))
    return Unmatched(
        "", f"is not a notebook of this assignment (expected {', '.join(expected)})"
        + (f"; {_sentence(error)}" if error is not None else "")
    )
