"""A participant's progress, kept on their own machine: lessons opened, exercises right,
practice-quiz scores and assessment status, per module.

Where it is kept
    ``<workspace>/.cxlab/progress.jsonl`` (:data:`PROGRESS_FILE`), in the participant's
    workspace (:mod:`cxlab.workspace`): ``workspace/`` for ``make lab``, the home folder on
    Binder and on the cohort hub. Nothing is recorded outside a workspace: not under the
    grader, not under papermill, not in the test suite. The workspace is named by the
    ``CXLAB_WORKSPACE`` environment variable (``make lab`` sets it for its kernels; ``off``
    turns recording off) or found by its record file above the notebook.

How it is kept
    One JSON object per line, appended in a single write under a file lock, so kernels of
    several notebooks recording at once never lose or mix a line; a line cut short (a
    machine switched off mid-write) is skipped when reading. Each event carries an ``id``, so
    a downloaded file loaded back (:func:`merge`) adds only what is missing.

What records it
    The feedback the participant already uses (:mod:`cxlab.quiz`): importing ``cxlab.quiz``
    in a lesson records it as opened; an exercise check (``quiz.check_number`` and the like)
    records right or wrong under the answer cell's name; a practice quiz card records its
    best score; ``quiz.summary`` in an assessment records how many questions are answered
    and whether it is ready to hand in. The notebook is named by ``JPY_SESSION_NAME``, which
    Jupyter sets for each notebook's kernel (or ``__session__``, ``__vsc_ipynb_file__``);
    without a name nothing is recorded.

:func:`summarise` turns the events into a :class:`Progress` per module; the progress page
(``course/00-start-here/00.03-your-progress.ipynb``) shows it with
``cxlab.progress.widgets.show()``, and offers the file for download and upload (Binder).

This module is part of the model layer: no Jupyter, matplotlib or ipywidgets imports (IPython
is looked up only if a kernel has already imported it).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import re
import sys
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._validation import CxlabValueError
from ..workspace import COURSE_FOLDER, find_workspace

__all__ = [
    "KINDS",
    "MAX_LOG_BYTES",
    "PROGRESS_FILE",
    "ModuleProgress",
    "Progress",
    "catalogue",
    "current_notebook",
    "lesson_of",
    "load",
    "log_path",
    "merge",
    "module_of",
    "parse_log",
    "read_events",
    "record",
    "summarise",
]

#: The progress log, relative to the workspace.
PROGRESS_FILE = ".cxlab/progress.jsonl"
#: What an event can be.
KINDS = ("opened", "exercise", "practice", "assessment")
#: The largest progress log read, written or loaded (about 25,000 events).
MAX_LOG_BYTES = 5_000_000

_LESSON = re.compile(r"^(\d{2})\.(\d{2})(?!\d)")
_NUMBERED = re.compile(r"^(\d{2})-")
_ANSWER_LINE = re.compile(r"^\s*%%answer[ \t]+(\S+)[ \t]*(\S*)")


# -- names --------------------------------------------------------------------------------

def lesson_of(name: str | os.PathLike | None) -> str | None:
    """The lesson number of a notebook (``"01.02"``), from its file name; None if it has none.

    >>> lesson_of("course/01-service-level/01.02-erlang-c.ipynb"), lesson_of("01-service-level")
    ('01.02', None)
    """
    if name is None:
        return None
    match = _LESSON.match(Path(name).name)
    return f"{match.group(1)}.{match.group(2)}" if match else None


def module_of(name: str | os.PathLike | None) -> str | None:
    """The module number (``"01"``) of a lesson, an assessment or a question bank, from its
    name or its folder's; None if neither starts with one.

    >>> module_of("01.02-erlang-c.ipynb"), module_of("my-assessments/03-coaching/x.ipynb")
    ('01', '03')
    >>> module_of("01-service-level"), module_of("Untitled.ipynb")
    ('01', None)
    """
    if name is None:
        return None
    path = Path(name)
    lesson = lesson_of(path)
    if lesson:
        return lesson[:2]
    for part in (path.stem, path.parent.name):
        match = _NUMBERED.match(part)
        if match:
            return match.group(1)
    return None


def log_path(workspace: str | os.PathLike) -> Path:
    """The progress log of ``workspace``."""
    return Path(workspace) / PROGRESS_FILE


def _shell() -> Any:
    """The running IPython shell, if a kernel has imported IPython; else None."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return None
    try:
        return ipython.get_ipython()
    except Exception:  # pragma: no cover - a broken IPython is not ours to fix
        return None


def current_notebook(environ: dict[str, str] | None = None) -> Path | None:
    """The notebook this kernel runs, as far as it can be told; None if it cannot.

    Jupyter Server sets ``JPY_SESSION_NAME`` for a notebook's kernel (and ipykernel copies
    it into ``__session__``); VS Code sets ``__vsc_ipynb_file__``. Papermill and the grader
    set none of them.

    >>> current_notebook({"JPY_SESSION_NAME": "/home/ann/course/01.02-x.ipynb"}).name
    '01.02-x.ipynb'
    """
    env = os.environ if environ is None else environ
    named = env.get("JPY_SESSION_NAME")
    if not named:
        shell = _shell()
        namespace = getattr(shell, "user_ns", {}) if shell is not None else {}
        named = namespace.get("__session__") or namespace.get("__vsc_ipynb_file__")
    if not named or not isinstance(named, str) or not named.endswith(".ipynb"):
        return None
    return Path(named)


# -- writing --------------------------------------------------------------------------------

@contextlib.contextmanager
def _locked_append(path: Path):
    """An append-only descriptor on ``path`` holding its lock (where the OS offers one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        if sys.platform != "win32":  # Windows has no fcntl: O_APPEND alone
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        os.close(fd)  # closing releases the lock


def _append(path: Path, events: list[dict]) -> None:
    data = "".join(json.dumps(e, sort_keys=True, ensure_ascii=False) + "\n" for e in events)
    with _locked_append(path) as fd:
        size = os.fstat(fd).st_size
        if size + len(data.encode("utf-8")) > MAX_LOG_BYTES:
            raise CxlabValueError(
                f"the progress file {str(path)!r} would grow beyond {MAX_LOG_BYTES:,} bytes; "
                "nothing was added"
            )
        os.write(fd, data.encode("utf-8"))


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds")


def record(kind: str, notebook: str | os.PathLike | None = None, *,
           workspace: str | os.PathLike | None = None, module: str | None = None,
           **fields: Any) -> bool:
    """Append one event to the progress log of the workspace ``notebook`` is in.

    Returns False, writing nothing, when there is no workspace, no notebook name or no
    module to file it under, or when the log cannot be written (a lesson never fails because
    of its progress log).

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    notebook : path, optional
        The notebook (default: :func:`current_notebook`).
    workspace : path, optional
        The workspace (default: :func:`cxlab.workspace.find_workspace` from the notebook).
    module : str, optional
        The module number (default: from the notebook's name).
    **fields
        What the event says: ``exercise`` and ``correct``; ``bank``, ``question`` and
        ``score``; ``answered``, ``questions`` and ``ready``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     lesson = Path(tmp) / "course" / "01-service-level" / "01.02-erlang-c.ipynb"
    ...     done = record("exercise", lesson, workspace=tmp, exercise="answer_agents",
    ...                   correct=True)
    ...     events = read_events(log_path(tmp))
    >>> done, events[0]["lesson"], events[0]["module"], events[0]["correct"]
    (True, '01.02', '01', True)
    >>> with tempfile.TemporaryDirectory() as tmp:  # no workspace there: nothing recorded
    ...     record("opened", Path(tmp) / "01.02-erlang-c.ipynb", workspace=None)
    False
    """
    if kind not in KINDS:
        raise CxlabValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    try:
        path = Path(notebook) if notebook is not None else current_notebook()
        if path is None:
            return False
        if workspace is None:
            start = path if path.is_absolute() else None
            workspace = find_workspace(start)
            if workspace is None:
                return False
        workspace = Path(workspace)
        module = module or module_of(path)
        if module is None:
            return False
        try:
            shown = path.resolve().relative_to(workspace.resolve()).as_posix()
        except ValueError:
            shown = path.name
        event = {"id": uuid.uuid4().hex, "at": _now(), "kind": kind, "notebook": shown,
                 "lesson": lesson_of(path), "module": module}
        event.update(fields)
        _append(log_path(workspace), [event])
        return True
    except (OSError, ValueError):
        return False


# -- reading --------------------------------------------------------------------------------

def _valid(event: object) -> bool:
    return (isinstance(event, dict) and isinstance(event.get("id"), str)
            and event.get("kind") in KINDS and isinstance(event.get("at"), str))


def read_events(path: str | os.PathLike) -> list[dict]:
    """The events in the progress log ``path``, oldest first; [] if there is none.

    Lines that are not events (one cut short when a machine stopped mid-write) are skipped.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_LOG_BYTES + 1)
    except OSError:
        return []
    events = []
    for line in data[:MAX_LOG_BYTES].decode("utf-8", errors="replace").splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if _valid(event):
            events.append(event)
    return events


def parse_log(data: bytes | str, *, name: str = "progress_file") -> list[dict]:
    """Read a progress file given back by its owner (an upload); strict, unlike
    :func:`read_events`.

    Raises
    ------
    cxlab.CxlabValueError
        If ``data`` is too large, or a line is not an event of a cxlab progress file.

    Examples
    --------
    >>> len(parse_log('{"id": "a1", "at": "2026-01-05T10:00:00Z", "kind": "opened"}\\n'))
    1
    >>> parse_log("name,score\\nann,3\\n")
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: progress_file must be a cxlab progress file (one event per line, as \
downloaded from the progress page); line 1 is not: 'name,score'
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise CxlabValueError(f"{name} must be the bytes or text of a progress file; got "
                              f"{type(data).__name__}")
    data = bytes(data)
    if len(data) > MAX_LOG_BYTES:
        raise CxlabValueError(f"{name} must be at most {MAX_LOG_BYTES:,} bytes; got "
                              f"{len(data):,} bytes")
    events = []
    for number, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except ValueError:
            event = None
        if not _valid(event):
            shown = line if len(line) <= 60 else line[:57] + "..."
            raise CxlabValueError(
                f"{name} must be a cxlab progress file (one event per line, as downloaded "
                f"from the progress page); line {number} is not: {shown!r}"
            )
        events.append(event)
    return events


def merge(data: bytes | str, workspace: str | os.PathLike) -> int:
    """Add the events of a progress file (``data``) that ``workspace``'s log lacks; return
    how many were added. Loading the same file twice adds nothing the second time.

    >>> import tempfile
    >>> line = '{"id": "a1", "at": "2026-01-05T10:00:00Z", "kind": "opened", "module": "01"}\\n'
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     print(merge(line, tmp), merge(line, tmp), len(read_events(log_path(tmp))))
    1 0 1
    """
    events = parse_log(data)
    path = log_path(workspace)
    have = {event["id"] for event in read_events(path)}
    new = []
    for event in events:
        if event["id"] not in have:
            have.add(event["id"])
            new.append(event)
    if new:
        _append(path, new)
    return len(new)


# -- the course's lessons and exercises --------------------------------------------------------

@dataclass(frozen=True)
class _Module:
    title: str
    lessons: dict[str, frozenset[str]]  # lesson number -> names of its exercises


def _module_titles() -> dict[str, str]:
    try:
        from .._authoring import MODULES
    except ImportError:  # pragma: no cover
        return {}
    return {folder[:2]: title for folder, title, _ in MODULES}


def _title(folder: str) -> str:
    known = _module_titles().get(folder[:2])
    if known:
        return known
    words = folder[3:].replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else f"Module {folder[:2]}"


def _exercises(path: Path) -> frozenset[str]:
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        cells = notebook["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return frozenset()
    names = set()
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        match = _ANSWER_LINE.match(text.partition("\n")[0])
        if match and match.group(2).lower() != "code":  # a personal code is not an exercise
            names.add(match.group(1))
    return frozenset(names)


def catalogue(course_dir: str | os.PathLike) -> dict[str, _Module]:
    """The modules of the course in ``course_dir``: title, lessons and exercise names.

    Lessons are the notebooks named ``NN.MM-title.ipynb`` in the module folders ``NN-topic``
    (a participant's copies, such as ``... (course update ...).ipynb``, are not lessons);
    exercises are their answer cells. An empty dict when ``course_dir`` is not a course.
    """
    course = Path(course_dir)
    modules: dict[str, _Module] = {}
    if not course.is_dir():
        return modules
    for folder in sorted(p for p in course.iterdir() if p.is_dir() and _NUMBERED.match(p.name)):
        lessons: dict[str, frozenset[str]] = {}
        for path in sorted(folder.glob("*.ipynb")):
            lesson = lesson_of(path)  # a str for every name the pattern takes
            if lesson is not None and re.fullmatch(r"\d\d\.\d\d-[a-z0-9-]+\.ipynb", path.name):
                lessons[lesson] = _exercises(path)
        modules[folder.name[:2]] = _Module(_title(folder.name), lessons)
    return modules


# -- the summary ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ModuleProgress:
    """One module's progress. Totals are None when the course's notebooks were not found.

    ``assessment_answered`` is None until the assessment's summary cell has run.
    """

    module: str
    title: str
    lessons_opened: int
    lessons: int | None
    exercises_right: int
    exercises_tried: int
    exercises: int | None
    practice_points: float
    practice_tried: int
    assessment_answered: int | None = None
    assessment_questions: int | None = None
    assessment_ready: bool = False

    @property
    def assessment(self) -> str:
        """``not started``, ``3 of 10 answered`` or ``ready to hand in``."""
        if self.assessment_answered is None:
            return "not started"
        if self.assessment_ready:
            return "ready to hand in"
        return f"{self.assessment_answered} of {self.assessment_questions} answered"

    def row(self) -> dict[str, str]:
        """The module's row of :meth:`Progress.table`, in plain words."""
        points = f"{self.practice_points:.1f}".removesuffix(".0")
        return {
            "Module": f"{self.module} {self.title}",
            "Lessons opened": _of(self.lessons_opened, self.lessons),
            "Exercises right": _of(self.exercises_right, self.exercises),
            "Practice quiz points": (f"{points} of {self.practice_tried}"
                                     if self.practice_tried else "none tried"),
            "Assessment": self.assessment,
        }


def _of(count: int, total: int | None) -> str:
    return f"{count} of {total}" if total is not None else str(count)


@dataclass(frozen=True)
class Progress:
    """Progress per module, in course order (:func:`summarise`)."""

    modules: tuple[ModuleProgress, ...]
    events: int

    def table(self):
        """A table, one row per module, in plain words (a pandas DataFrame)."""
        import pandas as pd

        columns = ["Module", "Lessons opened", "Exercises right", "Practice quiz points",
                   "Assessment"]
        return pd.DataFrame([m.row() for m in self.modules], columns=columns)

    def __getitem__(self, module: str) -> ModuleProgress:
        for item in self.modules:
            if item.module == module:
                return item
        raise CxlabValueError(f"module must be one of {', '.join(m.module for m in self.modules)}"
                              f"; got {module!r}")


def summarise(events: Iterable[dict], *, course_dir: str | os.PathLike | None = None
              ) -> Progress:
    """Progress per module from the events of a progress log.

    A lesson counts as opened once its set-up ran or one of its exercises was checked. An
    exercise counts as right when its latest check was right. A practice question counts
    with its best score. The assessment shows its latest summary. With ``course_dir`` (the
    workspace's ``course`` folder) every module of the course is listed with its totals.

    Examples
    --------
    >>> events = [
    ...     {"id": "1", "at": "2026-01-05T10:00", "kind": "opened", "module": "01",
    ...      "lesson": "01.02"},
    ...     {"id": "2", "at": "2026-01-05T10:05", "kind": "exercise", "module": "01",
    ...      "lesson": "01.02", "exercise": "answer_agents", "correct": False},
    ...     {"id": "3", "at": "2026-01-05T10:07", "kind": "exercise", "module": "01",
    ...      "lesson": "01.02", "exercise": "answer_agents", "correct": True},
    ...     {"id": "4", "at": "2026-01-05T10:09", "kind": "practice", "module": "01",
    ...      "bank": "01-service-level", "question": "sl-formula", "score": 0.5},
    ... ]
    >>> one = summarise(events)["01"]
    >>> one.lessons_opened, one.exercises_right, one.exercises_tried, one.practice_points
    (1, 1, 1, 0.5)
    >>> one.assessment
    'not started'
    """
    cat = catalogue(course_dir) if course_dir is not None else {}
    titles = _module_titles()
    opened: dict[str, set[str]] = {}
    exercises: dict[str, dict[tuple, bool]] = {}
    practice: dict[str, dict[tuple, float]] = {}
    assessments: dict[str, dict] = {}
    events = [e for e in events if _valid(e)]
    for event in sorted(events, key=lambda e: e["at"]):
        module = event.get("module")
        if not isinstance(module, str):
            continue
        lesson = event.get("lesson")
        kind = event["kind"]
        if kind in ("opened", "exercise") and isinstance(lesson, str):
            opened.setdefault(module, set()).add(lesson)
        if kind == "exercise" and isinstance(lesson, str):
            key = (lesson, str(event.get("exercise")))
            exercises.setdefault(module, {})[key] = event.get("correct") is True
        elif kind == "practice":
            key = (str(event.get("bank")), str(event.get("question")))
            score = _score(event.get("score"))
            best = practice.setdefault(module, {})
            best[key] = max(score, best.get(key, 0.0))
        elif kind == "assessment" and lesson is None:
            assessments[module] = event
    order = list(cat) or list(titles)
    order += sorted((set(opened) | set(exercises) | set(practice) | set(assessments))
                    - set(order))
    modules = []
    for module in order:
        known = cat.get(module)
        lessons = set(known.lessons) if known else None
        seen = opened.get(module, set())
        checks = exercises.get(module, {})
        if known:
            names = {(lesson, name) for lesson, names in known.lessons.items() for name in names}
            right = sum(1 for key, ok in checks.items() if ok and key in names)
            tried = sum(1 for key in checks if key in names)
        else:
            right = sum(checks.values())
            tried = len(checks)
        scores = practice.get(module, {})
        status = assessments.get(module)
        modules.append(ModuleProgress(
            module=module,
            title=known.title if known else titles.get(module, f"Module {module}"),
            lessons_opened=len(seen & lessons) if lessons is not None else len(seen),
            lessons=len(lessons) if lessons is not None else None,
            exercises_right=right,
            exercises_tried=tried,
            exercises=sum(len(n) for n in known.lessons.values()) if known else None,
            practice_points=round(sum(scores.values()), 2),
            practice_tried=len(scores),
            assessment_answered=_count(status, "answered"),
            assessment_questions=_count(status, "questions"),
            assessment_ready=bool(status and status.get("ready") is True),
        ))
    return Progress(tuple(modules), len(events))


def load(workspace: str | os.PathLike, *, course_dir: str | os.PathLike | None = None
         ) -> Progress:
    """The progress kept in ``workspace``, against the course in its ``course`` folder (or
    ``course_dir``).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     load(tmp).events
    0
    """
    workspace = Path(workspace)
    course = course_dir if course_dir is not None else workspace / COURSE_FOLDER
    return summarise(read_events(log_path(workspace)), course_dir=course)


def _score(value: object) -> float:
    try:
        score = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return min(max(score, 0.0), 1.0) if score == score else 0.0


def _count(event: dict | None, key: str) -> int | None:
    if event is None:
        return None
    value = event.get(key)
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else 0


# -- what the quiz calls in a participant's kernel ----------------------------------------------

def _answer_name(answer: object) -> str | None:
    """The notebook name bound to ``answer``: an answer cell's (``%%answer NAME``) first,
    then, for a table or the like, any name; None when there is none."""
    shell = _shell()
    if shell is None:
        return None
    namespace = getattr(shell, "user_ns", {})
    typed = sys.modules.get("cxlab.quiz.typed")
    for name in reversed(list(getattr(typed, "_RUN", {}))):
        if name in namespace and namespace[name] is answer:
            return name
    if answer is None or isinstance(answer, (bool, int, float, complex, str, bytes)):
        return None  # small values are shared objects: a name found by identity could lie
    for name, value in namespace.items():
        if value is answer and not name.startswith("_") and name not in ("In", "Out"):
            return name
    return None


def note_opened() -> bool:
    """Record that the current notebook's set-up ran (``import cxlab.quiz`` in a kernel)."""
    try:
        notebook = current_notebook()
        if notebook is None or lesson_of(notebook) is None:
            return False
        return record("opened", notebook)
    except Exception:  # progress never breaks a lesson
        return False


def note_check(answer: object, correct: bool | None) -> bool:
    """Record an exercise checked right or wrong (the quiz's feedback helpers call this)."""
    if correct is None:
        return False
    try:
        notebook = current_notebook()
        if notebook is None or lesson_of(notebook) is None:
            return False
        name = _answer_name(answer)
        if name is None:
            return False
        return record("exercise", notebook, exercise=name, correct=bool(correct))
    except Exception:  # progress never breaks a lesson
        return False


def note_practice(bank: str, question: str, score: float) -> bool:
    """Record a practice-quiz card's score (the quiz widget calls this)."""
    try:
        notebook = current_notebook()
        module = module_of(bank) or module_of(notebook)
        if notebook is None or module is None:
            return False
        return record("practice", notebook, module=module, bank=str(bank),
                      question=str(question), score=_score(score))
    except Exception:  # progress never breaks a lesson
        return False


def note_assessment(answered: int, questions: int, ready: bool) -> bool:
    """Record an assessment's status (``quiz.summary`` calls this); lessons are skipped."""
    try:
        notebook = current_notebook()
        if notebook is None or lesson_of(notebook) is not None:
            return False
        return record("assessment", notebook, answered=int(answered),
                      questions=int(questions), ready=bool(ready))
    except Exception:  # progress never breaks a lesson
        return False
