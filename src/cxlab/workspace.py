"""The participant's workspace: the course delivered into a folder of their own, and updated
without ever overwriting or conflicting with their work.

``make lab`` (``tools/participant_lab.py``), Binder (``binder/postBuild`` and ``binder/start``)
and a cohort hub (at each server start) all call :func:`sync` with the course as released and
the participant's workspace. The course lands in ``<workspace>/course/`` (the same paths as in
the repository, so links and the Binder address work everywhere), and the workspace keeps a
record, ``<workspace>/.cxlab-workspace.json``, of each file as it was delivered. That record
tells a participant's edit from a course update, and marks the folder as a workspace (progress
is recorded only inside one, see :mod:`cxlab.progress`).

The merge rules follow nbgitpuller's (jupyterhub/nbgitpuller, ``pull.py`` and its "automatic
merging" page), file by file instead of line by line (a notebook is JSON: a line merge can break
it), and never touching a file the participant changed:

==========================================  ============================================
the course file / the participant's copy    what :func:`sync` does
==========================================  ============================================
new in the course / no file there           added
changed in the course / not changed by      updated to the new version
the participant
not changed / changed by the participant    kept as it is
changed / changed by the participant        kept as it is, and the new course version is
                                            put beside it as ``NAME (course update
                                            YYYY-MM-DD).ipynb`` (once per course version);
                                            nbgitpuller keeps the participant's lines too
deleted by the participant                  restored: delete a notebook to get a fresh
                                            copy (nbgitpuller's rule)
new in the course / a file of the           kept; the course's file is put beside it as
participant's own at that path              ``NAME (course version).ipynb`` (nbgitpuller
                                            renames the participant's file instead: here a
                                            participant's file never moves)
removed from the course / not changed       removed
removed from the course / changed           kept: it is the participant's now
holds answers or hidden tests               never copied (reported as refused)
==========================================  ============================================

What counts as a participant's change in a notebook is its cells: their kind, their text and
their attachments. Opening, running and saving a notebook changes only outputs and metadata,
so it does not stop a course update (which then brings the new version with empty outputs).
Any other file counts as changed when a byte differs. Files the participant makes (a PDF a
notebook writes, their own notebooks) are never looked at unless the course brings a file of
the same name.

This module is part of the model layer: it uses the standard library only (no Jupyter).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ._validation import CxlabValueError

__all__ = [
    "COURSE_FOLDER",
    "ENVIRONMENT_VARIABLE",
    "MARKER",
    "SyncReport",
    "find_workspace",
    "for_this_kernel",
    "holds_trainer_markers",
    "sync",
    "work_digest",
]

#: The workspace's record of delivered files; its presence marks a folder as a workspace.
MARKER = ".cxlab-workspace.json"
#: Where the course lands inside the workspace (the same path as in the repository).
COURSE_FOLDER = "course"
#: Names the workspace for the participant's kernels (``make lab`` sets it); ``off`` disables.
ENVIRONMENT_VARIABLE = "CXLAB_WORKSPACE"
#: Text only trainer files hold: a course file containing it is never copied.
TRAINER_MARKERS = ("BEGIN HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION")
#: The workspace's own folder for cxlab's files (progress log, sync lock); hidden in the Lab.
STATE_FOLDER = ".cxlab"

_SKIP_PARTS = {".ipynb_checkpoints", "__pycache__"}
_MANIFEST_VERSION = 2
_LOCK_WAIT_SECONDS = 30.0


@dataclass(frozen=True)
class SyncReport:
    """What :func:`sync` did; every path is relative to the workspace (``course/...``).

    ``beside`` pairs a participant's file with the course version put beside it.
    """

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    restored: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    beside: tuple[tuple[str, str], ...] = ()
    removed: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    refused: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        """True when the sync wrote or removed a file."""
        return bool(self.added or self.updated or self.restored or self.beside or self.removed)

    def summary(self) -> str:
        """What happened, in plain sentences (``"up to date"`` when nothing did).

        >>> SyncReport(added=("course/a.ipynb",), kept=("course/b.ipynb",)).summary()
        '1 new file from the course added. Your changes to 1 file are kept.'
        """
        lines = []
        if self.added:
            lines.append(f"{_files(self.added)} from the course added.")
        if self.updated:
            lines.append(f"{_files(self.updated, new=False)} updated (you had not changed "
                         f"{'it' if len(self.updated) == 1 else 'them'}).")
        if self.restored:
            lines.append(f"{_files(self.restored, new=False)} you had deleted put back: "
                         + ", ".join(self.restored) + ".")
        for mine, theirs in self.beside:
            lines.append(f"Your {mine} is kept as it is; the course's new version of it is "
                         f"beside it as {theirs}.")
        if self.removed:
            lines.append(f"{_files(self.removed, new=False)} no longer in the course removed "
                         "(you had not changed them).")
        if self.left:
            lines.append(f"{_files(self.left, new=False)} no longer in the course kept, as you "
                         "had changed them: " + ", ".join(self.left) + ".")
        if self.kept:
            lines.append(f"Your changes to {_files(self.kept, new=False)} are kept.")
        if self.refused:
            lines.append("NOT copied (they hold answers or hidden tests): "
                         + ", ".join(self.refused) + ".")
        return " ".join(lines) or "up to date."


def _files(paths: tuple[str, ...], *, new: bool = True) -> str:
    word = "file" if len(paths) == 1 else "files"
    return f"{len(paths)} {'new ' if new else ''}{word}"


def holds_trainer_markers(data: bytes) -> bool:
    """True when ``data`` holds a solution or hidden-test block (nbgrader source material).

    >>> holds_trainer_markers(b"### BEGIN SOLUTION"), holds_trainer_markers(b"{}")
    (True, False)
    """
    text = data.decode("utf-8", errors="replace")
    return any(marker in text for marker in TRAINER_MARKERS)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def work_digest(data: bytes, name: str = "") -> str:
    """A digest of what the participant can change in a file.

    For a notebook (``name`` ending in ``.ipynb``): its cells' kinds, text and attachments,
    so outputs, execution counts and metadata (which opening and running a notebook changes)
    do not count. For any other file, or a notebook that is not valid JSON: every byte.

    >>> cell = {"cell_type": "code", "source": ["x = 1"], "outputs": [], "metadata": {}}
    >>> ran = {**cell, "outputs": [{"output_type": "stream", "text": "1"}], "metadata": {"a": 1}}
    >>> a = json.dumps({"cells": [cell], "metadata": {}}).encode()
    >>> b = json.dumps({"cells": [ran], "metadata": {"kernelspec": {}}}).encode()
    >>> work_digest(a, "x.ipynb") == work_digest(b, "x.ipynb")
    True
    >>> work_digest(a, "x.json") == work_digest(b, "x.json")
    False
    """
    if name.endswith(".ipynb"):
        try:
            notebook = json.loads(data.decode("utf-8"))
            cells = [
                [cell.get("cell_type"), _text(cell.get("source", "")),
                 cell.get("attachments") or {}]
                for cell in notebook["cells"]
            ]
        except (ValueError, UnicodeDecodeError, KeyError, TypeError, AttributeError):
            return _sha256(data)
        return "cells:" + _sha256(json.dumps(cells, sort_keys=True).encode())
    return _sha256(data)


def _text(source: object) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def find_workspace(start: str | os.PathLike | None = None, *,
                   environ: dict[str, str] | None = None) -> Path | None:
    """The workspace ``start`` (a notebook or a folder; the current folder by default) is in.

    The environment variable ``CXLAB_WORKSPACE`` wins: a folder, or ``off`` (also empty,
    ``0``, ``no``, ``none``) for none. Without it, the nearest folder at or above ``start``
    holding the workspace record (:data:`MARKER`). ``None`` when there is no workspace: then
    nothing is recorded (the grader, papermill, the test suite).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / MARKER).write_text("{}")
    ...     (Path(tmp) / "course").mkdir()
    ...     found = find_workspace(Path(tmp) / "course" / "x.ipynb", environ={})
    ...     print(found == Path(tmp), find_workspace(tmp, environ={"CXLAB_WORKSPACE": "off"}))
    True None
    """
    env = os.environ if environ is None else environ
    named = env.get(ENVIRONMENT_VARIABLE)
    if named is not None:
        if named.strip().lower() in ("", "0", "off", "no", "none"):
            return None
        folder = Path(named).expanduser()
        return folder if folder.is_dir() else None
    here = Path(start) if start is not None else Path.cwd()
    if not here.is_absolute():
        here = Path.cwd() / here
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    return None


# -- the record of delivered files ----------------------------------------------------------

def _load_manifest(path: Path) -> dict[str, dict]:
    """Entries by path: ``sha256`` and ``work`` of the version delivered (None when the
    participant's own file was there first), ``offered`` (the work digest of the last course
    version put beside the participant's copy). Reads the first format too (path: sha256)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    if data.get("version") == _MANIFEST_VERSION and isinstance(data.get("files"), dict):
        return {str(k): dict(v) for k, v in data["files"].items() if isinstance(v, dict)}
    return {str(k): {"sha256": v, "work": None, "offered": None}
            for k, v in data.items() if isinstance(v, str)}


def _save_manifest(path: Path, entries: dict[str, dict]) -> None:
    text = json.dumps({"version": _MANIFEST_VERSION, "files": entries}, indent=1,
                      sort_keys=True) + "\n"
    _replace(path, text.encode("utf-8"))


def _delivered(data: bytes, name: str) -> dict:
    return {"sha256": _sha256(data), "work": work_digest(data, name), "offered": None}


def _unchanged_since_delivery(entry: dict, mine: bytes, name: str) -> bool:
    if entry.get("sha256") and entry["sha256"] == _sha256(mine):
        return True
    return bool(entry.get("work")) and entry["work"] == work_digest(mine, name)


def _course_changed(entry: dict, data: bytes, name: str) -> bool:
    if entry.get("work"):
        return entry["work"] != work_digest(data, name)
    if entry.get("sha256"):
        return entry["sha256"] != _sha256(data)
    return True  # the participant's file was there first: every course version is news


def for_this_kernel(data: bytes, name: str) -> bytes:
    """A course notebook as delivered: its ``language_info`` what this Python's kernel reports.

    JupyterLab writes the kernel's ``language_info`` into a notebook as soon as the kernel
    starts, so a notebook made on another Python (the course is built on the one pinned in
    ``constraints.txt``; Binder or a participant's machine may run another) would show as
    modified the moment it is opened. Only that metadata changes; the cells, and so the
    participant's work (:func:`work_digest`), stay the same. Anything else comes back as it is.

    >>> nb = {"cells": [], "metadata": {"kernelspec": {"language": "python"},
    ...       "language_info": {"name": "python", "version": "3.0.1"}}}
    >>> out = json.loads(for_this_kernel(json.dumps(nb).encode(), "a.ipynb"))
    >>> out["metadata"]["language_info"]["version"] == sys.version.split()[0]
    True
    >>> for_this_kernel(b"not a notebook", "a.ipynb"), for_this_kernel(b"x", "a.txt")
    (b'not a notebook', b'x')
    """
    if not name.endswith(".ipynb"):
        return data
    from ._authoring import kernel_language_info

    try:
        notebook = json.loads(data)
        metadata = notebook["metadata"]
    except (ValueError, TypeError, KeyError):
        return data
    spec = metadata.get("kernelspec") or {}
    info = metadata.get("language_info") or {}
    if "python" not in (spec.get("language"), info.get("name")):
        return data
    wanted = kernel_language_info(sys.version.split()[0])
    if info == wanted:
        return data
    metadata["language_info"] = wanted
    # nbformat's own layout (what JupyterLab writes), so a saved notebook differs only in outputs
    return (json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


# -- writing --------------------------------------------------------------------------------

def _replace(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` all at once (a reader sees the old or the new file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.cxlab-{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as out:
            out.write(data)
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _create(target: Path, data: bytes) -> bool:
    """Write a new file; False (and nothing written) if one appeared there meanwhile."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("xb") as out:
            out.write(data)
    except FileExistsError:
        return False
    return True


def _put_beside(target: Path, data: bytes, label: str) -> Path:
    """Write ``data`` next to ``target`` as ``STEM (label).SUFFIX``; a file already there
    with the same cells is reused, another one gets ``(label 2)``, ``(label 3)`` ..."""
    suffix = "".join(target.suffixes[-1:])
    stem = target.name[: len(target.name) - len(suffix)] if suffix else target.name
    for number in range(1, 100):
        tail = f" {number}" if number > 1 else ""
        candidate = target.with_name(f"{stem} ({label}{tail}){suffix}")
        if candidate.exists():
            if work_digest(candidate.read_bytes(), candidate.name) == work_digest(data,
                                                                                  target.name):
                return candidate
            continue
        if _create(candidate, data):
            return candidate
    raise CxlabValueError(f"there are already 99 copies named like {target.name} "
                          f"({label} ...) beside it; remove some of them and run again")


@contextlib.contextmanager
def _locked(workspace: Path) -> Iterator[None]:
    """Hold the workspace's sync lock (two server starts at once take turns)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock, syncs rarely overlap there
        yield
        return
    folder = workspace / STATE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "sync.lock").open("a") as handle:
        deadline = time.monotonic() + _LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise CxlabValueError(
                        f"workspace_dir {str(workspace)!r} is being updated by another "
                        f"process for over {_LOCK_WAIT_SECONDS:.0f} s; try again later"
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# -- the sync -------------------------------------------------------------------------------

def _course_files(course: Path) -> list[Path]:
    return sorted(
        p for p in course.rglob("*")
        if p.is_file() and not p.is_symlink()
        and not _SKIP_PARTS.intersection(p.relative_to(course).parts)
        and not any(part.startswith(".") for part in p.relative_to(course).parts)
    )


def _check_folders(course: Path, workspace: Path) -> list[Path]:
    if not course.is_dir():
        raise CxlabValueError(f"course_dir must be the folder of the course as released; got "
                              f"{str(course)!r}, which is not a folder")
    inside = (workspace / COURSE_FOLDER).resolve()
    here = course.resolve()
    if here == inside or inside in here.parents or here in inside.parents:
        raise CxlabValueError(f"course_dir must be outside the workspace's own copy; got "
                              f"{str(course)!r} for the workspace {str(workspace)!r}")
    if workspace.exists() and not workspace.is_dir():
        raise CxlabValueError(f"workspace_dir must be a folder; got {str(workspace)!r}, a file")
    files = _course_files(course)
    if not files:
        raise CxlabValueError(f"course_dir must hold the course's files; got {str(course)!r}, "
                              "which holds none (nothing was changed in the workspace)")
    return files


def sync(course_dir: str | os.PathLike, workspace_dir: str | os.PathLike, *,
         today: _dt.date | None = None) -> SyncReport:
    """Bring the course in ``course_dir`` into the workspace ``workspace_dir`` (made if
    missing), keeping every change the participant made; see the module's rules.

    Parameters
    ----------
    course_dir : path
        The course as released (the repository's ``course/``, or a copy of it in an image).
    workspace_dir : path
        The participant's own folder; the course lands in its ``course/`` folder.
    today : datetime.date, optional
        The date in the name of a new course version put beside a participant's copy.

    Returns
    -------
    SyncReport
        What was added, updated, restored, kept, put beside, removed or refused.

    Raises
    ------
    cxlab.CxlabValueError
        If ``course_dir`` is not a folder holding files, or lies inside the workspace's copy.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     course = Path(tmp) / "release"
    ...     (course / "00-start").mkdir(parents=True)
    ...     _ = (course / "00-start" / "notes.md").write_text("Version 1")
    ...     first = sync(course, Path(tmp) / "ws")
    ...     _ = (course / "00-start" / "notes.md").write_text("Version 2")
    ...     second = sync(course, Path(tmp) / "ws")
    ...     print((Path(tmp) / "ws" / "course" / "00-start" / "notes.md").read_text())
    Version 2
    >>> first.added, second.updated
    (('course/00-start/notes.md',), ('course/00-start/notes.md',))
    """
    course, workspace = Path(course_dir), Path(workspace_dir)
    files = _check_folders(course, workspace)
    day = (today or _dt.date.today()).isoformat()
    workspace.mkdir(parents=True, exist_ok=True)
    found: dict[str, list] = {key: [] for key in SyncReport.__dataclass_fields__}
    with _locked(workspace):
        manifest_path = workspace / MARKER
        entries = _load_manifest(manifest_path)
        seen = set()
        for source in files:
            rel = f"{COURSE_FOLDER}/{source.relative_to(course).as_posix()}"
            seen.add(rel)
            _sync_one(rel, for_this_kernel(source.read_bytes(), source.name), workspace,
                      entries, found, day)
        prefix = f"{COURSE_FOLDER}/"
        for rel in sorted(set(entries) - seen):
            if rel.startswith(prefix):
                _gone_from_course(rel, workspace, entries, found)
        _save_manifest(manifest_path, entries)
    return SyncReport(**{key: tuple(value) for key, value in found.items()})


def _sync_one(rel: str, data: bytes, workspace: Path, entries: dict[str, dict],
              found: dict[str, list], day: str) -> None:
    target = workspace / rel
    entry = entries.get(rel)
    if holds_trainer_markers(data):
        found["refused"].append(rel)
        return
    if not target.exists():
        if _create(target, data):
            found["restored" if entry and entry.get("sha256") else "added"].append(rel)
            entries[rel] = _delivered(data, target.name)
        return
    if not target.is_file():
        found["kept"].append(rel)
        return
    mine = target.read_bytes()
    if work_digest(mine, target.name) == work_digest(data, target.name):
        if entry is None or _course_changed(entry, data, target.name):
            entries[rel] = _delivered(data, target.name)  # the same cells: nothing to merge
        return
    if entry is None:  # the participant's own file, at a path the course now uses
        beside = _put_beside(target, data, "course version")
        found["beside"].append((rel, beside.relative_to(workspace).as_posix()))
        entries[rel] = {"sha256": None, "work": None,
                        "offered": work_digest(data, target.name)}
        return
    changed_by_course = _course_changed(entry, data, target.name)
    if _unchanged_since_delivery(entry, mine, target.name):
        if changed_by_course:
            _replace(target, data)
            found["updated"].append(rel)
            entries[rel] = _delivered(data, target.name)
        return
    offered = entry.get("offered")
    if changed_by_course and offered != work_digest(data, target.name):
        beside = _put_beside(target, data, f"course update {day}")
        found["beside"].append((rel, beside.relative_to(workspace).as_posix()))
        entry["offered"] = work_digest(data, target.name)
        return
    found["kept"].append(rel)


def _gone_from_course(rel: str, workspace: Path, entries: dict[str, dict],
                      found: dict[str, list]) -> None:
    entry = entries.pop(rel)
    target = workspace / rel
    if not target.is_file():
        return
    if _unchanged_since_delivery(entry, target.read_bytes(), target.name):
        target.unlink()
        found["removed"].append(rel)
    else:
        found["left"].append(rel)


def main(argv: list[str] | None = None) -> int:
    """``python -m cxlab.workspace COURSE WORKSPACE``: sync and say what happened."""
    parser = argparse.ArgumentParser(
        prog="python -m cxlab.workspace",
        description="Bring the course into a participant's workspace, keeping their work.",
    )
    parser.add_argument("course", type=Path, help="the course as released")
    parser.add_argument("workspace", type=Path, help="the participant's workspace")
    args = parser.parse_args(argv)
    try:
        report = sync(args.course, args.workspace)
    except CxlabValueError as exc:
        print(f"cxlab workspace: {exc}", file=sys.stderr)
        return 1
    print(f"Your workspace {args.workspace}: {report.summary()}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
