"""The course directory: nbgrader's configuration, folders and gradebook, found from one path."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .._validation import CxlabValueError

if TYPE_CHECKING:
    from traitlets.config import Config

__all__ = ["Course", "GradingError", "open_course"]


class GradingError(CxlabValueError):
    """A trainer-workflow step cannot go on; the message says what to do."""


@dataclass(frozen=True)
class Course:
    """A course directory and the nbgrader configuration read from its ``nbgrader_config.py``."""

    root: Path
    config: Config

    @property
    def coursedir(self):
        """A fresh nbgrader ``CourseDirectory`` for this course."""
        from nbgrader.coursedir import CourseDirectory

        return CourseDirectory(config=self.config)

    def folder(self, step: str) -> Path:
        """The folder of an nbgrader step: ``source``, ``release``, ``submitted``, ..."""
        name = getattr(self.coursedir, f"{step}_directory")
        return self.root / name

    @property
    def db_url(self) -> str:
        """The gradebook's database URL: ``c.CourseDirectory.db_url`` of the course's
        ``nbgrader_config.py`` (default ``sqlite:///gradebook.db`` in the course folder), or
        a database server's, such as ``postgresql://host/cxlab`` for several trainers."""
        return self.coursedir.db_url

    @property
    def gradebook_path(self) -> Path | None:
        """The gradebook's file for SQLite; None for a database server."""
        if not self.db_url.startswith("sqlite:///"):
            return None
        return Path(self.db_url.removeprefix("sqlite:///"))

    def assignments(self) -> list[str]:
        """Assignment names: the folders of the source directory that hold a notebook."""
        source = self.folder("source")
        if not source.is_dir():
            return []
        return sorted(p.name for p in source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))

    def check_assignment(self, assignment: str) -> str:
        known = self.assignments()
        if assignment not in known:
            listing = ", ".join(repr(a) for a in known) or "none"
            raise GradingError(
                f"assignment must be one of {listing} (folders of {self.folder('source')}); "
                f"got {assignment!r}"
            )
        return assignment

    def source_notebooks(self, assignment: str) -> list[Path]:
        return sorted((self.folder("source") / assignment).glob("*.ipynb"))

    def gradebook(self):
        """An nbgrader ``Gradebook`` on this course's database (use it in a ``with`` block)."""
        from nbgrader.api import Gradebook

        return Gradebook(self.db_url, self.coursedir.course_id)

    def secret(self) -> bytes:
        """The course secret personal codes are derived from (``.cxlab/secret``, made once,
        readable by the trainer only). Keep it: a new secret gives everyone new codes."""
        import secrets

        path = self.state_dir() / "secret"
        if not path.exists():
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32) + "\n")
        return path.read_text(encoding="ascii").strip().encode()

    def state_dir(self) -> Path:
        path = self.root / ".cxlab"
        path.mkdir(exist_ok=True)
        return path


def open_course(course_dir: str | os.PathLike | None = None) -> Course:
    """Read ``nbgrader_config.py`` in ``course_dir`` (default: the current directory).

    Relative paths in the configuration (the gradebook ``sqlite:///gradebook.db``) are taken
    relative to the course directory, wherever the command is run from.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "nbgrader_config.py").write_text("c = get_config()\\n")
    ...     open_course(tmp).db_url.endswith("gradebook.db")
    True
    """
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(course_dir if course_dir is not None else os.getcwd()).resolve()
    config_file = root / "nbgrader_config.py"
    if not config_file.is_file():
        raise GradingError(
            f"course_dir must be a folder holding nbgrader_config.py; got {str(root)!r}, "
            "which has none (use --course-dir to point at the course)"
        )
    config = PyFileConfigLoader(config_file.name, path=str(root)).load_config()
    merged = Config()
    merged.merge(config)
    merged.CourseDirectory.root = str(root)
    db_url = merged.CourseDirectory.get("db_url", "sqlite:///gradebook.db")
    if db_url.startswith("sqlite:///") and not db_url.startswith("sqlite:////"):
        db_url = f"sqlite:///{root / db_url.removeprefix('sqlite:///')}"
    merged.CourseDirectory.db_url = db_url
    _alembic_on_path()
    return Course(root=root, config=merged)


def _alembic_on_path() -> None:
    """nbgrader runs ``alembic`` from PATH when it creates a gradebook: use the one beside
    this Python (a virtual environment's bin folder is often not on PATH)."""
    import shutil
    import sys

    if shutil.which("alembic") is None:
        here = str(Path(sys.executable).parent)
        os.environ["PATH"] = here + os.pathsep + os.environ.get("PATH", "")


@contextlib.contextmanager
def captured_log(app) -> Iterator[io.StringIO]:
    """Collect an nbgrader converter's log messages (warnings and errors) in a buffer."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    app.log.addHandler(handler)
    try:
        yield buffer
    finally:
        app.log.removeHandler(handler)


def quiet_logger() -> logging.Logger:
    """A logger for nbgrader converters that keeps their chatter off the trainer's screen."""
    log = logging.getLogger("cxlab.grading.nbgrader")
    log.propagate = False
    if not log.handlers:
        log.addHandler(logging.NullHandler())
    log.setLevel(logging.INFO)
    return log


def write_json_atomic(path: Path, data: object) -> None:
    # a name of its own per writer: several graders may write the same file at once
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def update_json_atomic(path: Path, entries: dict) -> dict:
    """Add ``entries`` to the JSON object in ``path`` under a lock, so graders running at once
    (several trainers on one course) keep each other's entries; the object written."""
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        if sys.platform != "win32":  # Windows has no fcntl: one grader at a time
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        data = {**(data if isinstance(data, dict) else {}), **entries}
        write_json_atomic(path, data)
    return data


def _cell_text(cell: dict) -> str:
    source = cell.get("source", "")
    return ("".join(source) if isinstance(source, list) else str(source)).strip()


def locked_texts(nb: dict) -> set[str]:
    """Texts of a notebook's locked, ungraded cells (instructions, questions, set-up code)."""
    found = set()
    for cell in nb.get("cells", []) if isinstance(nb, dict) else []:
        if not isinstance(cell, dict) or not isinstance(cell.get("metadata"), dict):
            continue
        meta = cell["metadata"].get("nbgrader")
        if isinstance(meta, dict) and meta.get("locked") and not meta.get("grade"):
            text = _cell_text(cell)
            if text:
                found.add(text)
    return found


def which_assignment(nb: dict, course: Course) -> str | None:
    """The assignment whose locked cells this notebook shares most, or None if none shared.

    Assessments share cell names (``q1``, ``q1_test``), so names cannot tell them apart; the
    read-only question texts can.
    """
    texts = locked_texts(nb)
    best, best_count = None, 0
    for name in course.assignments():
        reference = set()
        for path in course.source_notebooks(name):
            try:
                reference |= locked_texts(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                continue
        count = len(texts & reference)
        if count > best_count:
            best, best_count = name, count
    return best
