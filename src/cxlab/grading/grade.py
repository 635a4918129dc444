"""``cxlab grade``: autograde every submission in parallel, safely, and resumably.

How it works
------------
nbgrader's ``autograde`` executes one submission after another in one process. Here:

1. each submission is executed in its own short-lived worker process (``--jobs`` at a time),
   by nbgrader's own preprocessors, with the kernel inside the sandbox (see
   :mod:`cxlab.grading.sandbox`); workers only read a snapshot copy of the gradebook;
2. the grader process alone writes the results, one submission at a time, by running
   nbgrader's ``Autograde`` converter in which ``Execute`` is replaced by a step that takes
   the notebook the worker executed. Everything else is nbgrader's: students and submissions
   created, hand-in time and late penalty, files copied, ``SaveAutoGrades`` (which keeps manual
   grades and comments), read-only ``autograded/`` copies;
3. after each submission is saved, ``.cxlab/grading-<assignment>.json`` records a fingerprint
   of the submitted files and of the source notebook. A later run skips submissions whose
   fingerprint has not changed (``force=True`` grades them again), so an interrupted run
   resumes where it stopped. SQLite commits each change in a transaction, so an interruption
   leaves the gradebook consistent; the submission being saved at that moment is simply
   graded again next time.

Limits: nbgrader's per-cell time limit (``Execute.timeout``, ``cell_timeout``) interrupts a
cell that runs too long and grading goes on with the next cell; the per-submission limit
(``submission_timeout``) kills the kernel and every process it started; graded cells that did
not run then score 0 and the summary says why.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
import warnings
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from .._validation import check_integer, check_positive
from ._course import (
    Course,
    GradingError,
    captured_log,
    open_course,
    quiet_logger,
    which_assignment,
    write_json_atomic,
)
from .sandbox import Limits, Sandbox

__all__ = ["GradingSummary", "SubmissionResult", "grade"]


@dataclass(frozen=True)
class SubmissionResult:
    """The outcome for one participant's submission."""

    student: str
    assignment: str
    status: str  # "graded", "skipped" (unchanged since last run) or "failed"
    score: float | None = None
    max_score: float | None = None
    seconds: float = 0.0
    reason: str = ""
    notes: tuple[str, ...] = ()


@dataclass
class GradingSummary:
    """Everything :func:`grade` did, with a readable table (``str(summary)``)."""

    sandbox: str
    results: list[SubmissionResult] = field(default_factory=list)
    wall_seconds: float = 0.0

    def by_status(self, status: str) -> list[SubmissionResult]:
        return [r for r in self.results if r.status == status]

    @property
    def failed(self) -> list[SubmissionResult]:
        return self.by_status("failed")

    def __str__(self) -> str:
        lines = [self.sandbox, ""]
        lines.append(
            f"{'participant':<22}{'assignment':<30}{'status':<9}{'score':>12}  reason / notes"
        )
        for r in sorted(self.results, key=lambda r: (r.assignment, r.student)):
            score = "" if r.score is None else f"{r.score:g} / {r.max_score:g}"
            detail = "; ".join(filter(None, [r.reason, *r.notes]))
            lines.append(f"{r.student:<22}{r.assignment:<30}{r.status:<9}{score:>12}  {detail}")
        counts = {s: len(self.by_status(s)) for s in ("graded", "skipped", "failed")}
        lines.append("")
        lines.append(
            f"{counts['graded']} graded, {counts['skipped']} unchanged (skipped), "
            f"{counts['failed']} failed, in {self.wall_seconds:.1f} s"
        )
        return "\n".join(lines)


class _Progress:
    """A plain-text progress bar on stderr (one line per submission when not a terminal)."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.failed = total, 0, 0
        self.enabled = enabled and total > 0
        self.tty = sys.stderr.isatty()
        self.start = time.monotonic()

    def update(self, result: SubmissionResult) -> None:
        self.done += 1
        self.failed += result.status == "failed"
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.start
        eta = elapsed / self.done * (self.total - self.done)
        width = 30
        filled = int(width * self.done / self.total)
        bar = "#" * filled + "-" * (width - filled)
        text = (
            f"[{bar}] {self.done}/{self.total} graded, {self.failed} failed, "
            f"{elapsed:.0f} s, about {eta:.0f} s left"
        )
        if self.tty:
            sys.stderr.write("\r" + text + ("\n" if self.done == self.total else ""))
        else:
            sys.stderr.write(f"{text}  ({result.student}: {result.status})\n")
        sys.stderr.flush()


def _fingerprint(folder: Path, sources: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    for path in sources:
        digest.update(b"source\0" + path.read_bytes())
    return digest.hexdigest()


def _check_notebook(path: Path, course: Course, assignment: str) -> str:
    """Why a submitted notebook cannot be executed at all, or '' if it can."""
    raw = path.read_bytes()
    if not raw.strip():
        return f"{path.name} is empty (0 bytes of notebook): ask for the file again"
    try:
        nb = json.loads(raw)
    except ValueError as exc:
        return (f"{path.name} is not a valid notebook (broken JSON at line "
                f"{getattr(exc, 'lineno', '?')}, column {getattr(exc, 'colno', '?')}): "
                "ask for the file again")
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return f"{path.name} is not a notebook (no cells): ask for the file again"
    found = which_assignment(nb, course)
    if found is not None and found != assignment:
        return (f"{path.name} is the notebook of assignment {found}, not of {assignment}: "
                "ask for the right file")
    return ""


def _cells_by_id(nb: dict) -> list[tuple[str, dict]]:
    return [
        (c["metadata"]["nbgrader"]["grade_id"], c)
        for c in nb.get("cells", [])
        if isinstance(c, dict) and c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    ]


def _tampering(path: Path, release: Path) -> list[str]:
    """Plain notes on graded or locked cells that were deleted, copied, re-typed or edited.

    nbgrader repairs all of these while grading (the original cell is put back); the notes
    tell the trainer it happened.
    """
    try:
        given = _cells_by_id(json.loads(path.read_text(encoding="utf-8")))
        released = dict(_cells_by_id(json.loads(release.read_text(encoding="utf-8"))))
    except (OSError, ValueError, AttributeError, TypeError):
        return []
    notes = []
    seen: dict[str, int] = {}
    for gid, _ in given:
        seen[gid] = seen.get(gid, 0) + 1
    for gid, ref in released.items():
        meta = ref["metadata"]["nbgrader"]
        if gid not in seen:
            if meta.get("grade") or meta.get("locked"):
                notes.append(f"cell {gid} was deleted (put back from the source)")
            continue
        if seen[gid] > 1:
            notes.append(f"cell {gid} was copied {seen[gid] - 1} time(s) (copies not graded)")
        cell = next(c for g, c in given if g == gid)
        if cell.get("cell_type") != ref.get("cell_type"):
            notes.append(f"cell {gid} was changed from {ref.get('cell_type')} to "
                         f"{cell.get('cell_type')} (changed back)")
        elif meta.get("locked") and _text(cell) != _text(ref):
            notes.append(f"read-only cell {gid} was edited (the original was put back)")
    return notes


def _text(cell: dict) -> str:
    source = cell.get("source", "")
    return ("".join(source) if isinstance(source, list) else str(source)).strip()


def _grade_ids(path: Path) -> set[str]:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {
        c["metadata"]["nbgrader"]["grade_id"]
        for c in nb.get("cells", [])
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    }


def _ensure_in_gradebook(course: Course, assignment: str) -> None:
    from nbgrader.api import MissingEntry

    with course.gradebook() as gb:
        try:
            gb.find_assignment(assignment)
            found = True
        except MissingEntry:
            found = False
    if not found:
        from .release import release

        release(course.root, [assignment])


def _state_path(course: Course, assignment: str) -> Path:
    return course.state_dir() / f"grading-{assignment}.json"


def _load_state(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


class _Injected:
    """Executed notebooks handed from the workers to the parent's nbgrader Autograde."""

    executed: dict[tuple[str, str], str] = {}


def _inject_class():
    import nbformat
    from nbgrader.preprocessors import NbGraderPreprocessor

    class InjectExecuted(NbGraderPreprocessor):
        """Stands in for ``Execute``: returns the notebook a worker already executed."""

        def preprocess(self, nb, resources):
            key = (resources["nbgrader"]["student"], resources["nbgrader"]["notebook"])
            return nbformat.reads(_Injected.executed[key], as_version=4), resources

    return InjectExecuted


def _save(course: Course, assignment: str, student: str, executed: dict[str, str]) -> str:
    """Run nbgrader's Autograde for one submission with the worker's executed notebooks."""
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute

    for name, text in executed.items():
        _Injected.executed[(student, Path(name).stem)] = text
    coursedir = course.coursedir
    coursedir.assignment_id = assignment
    coursedir.student_id = student
    app = Autograde(coursedir=coursedir, config=course.config, log=quiet_logger(), force=True)
    inject = _inject_class()
    # the worker already sanitised and executed the notebook: InjectExecuted hands it over
    app.sanitize_preprocessors = []
    app.autograde_preprocessors = [
        inject if pp is Execute else pp for pp in app.autograde_preprocessors
    ]
    cwd = os.getcwd()
    with captured_log(app) as log, warnings.catch_warnings():
        # nbgrader's own gradebook code triggers SQLAlchemy session warnings; not ours to fix
        warnings.simplefilter("ignore")
        try:
            app.start()
            return ""
        except Exception as exc:
            errors = [line for line in log.getvalue().splitlines() if line.startswith("ERROR")]
            return f"nbgrader could not save the grades: {exc} {' '.join(errors[:3])}"[:500]
        finally:
            os.chdir(cwd)
            for name in executed:
                _Injected.executed.pop((student, Path(name).stem), None)


def _score(course: Course, assignment: str, student: str) -> tuple[float, float]:
    with course.gradebook() as gb:
        sub = gb.find_submission(assignment, student)
        score = sum(g.score for nb in sub.notebooks for g in nb.grades)
        return float(score), float(sub.max_score)


def _die_with_parent() -> None:
    """Linux: have the kernel kill this worker if the grader is killed."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _child(job, sandbox, conn) -> None:
    """Worker process body: execute the submission, send the result, exit."""
    from ._worker import run_job

    os.setpgrp()  # the grader can kill this worker and its helpers as one group
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        result = run_job(job, sandbox, report=lambda pgid: conn.send(("kernel", pgid)))
    except BaseException as exc:  # pragma: no cover - reported to the parent
        result = {"notebooks": {}, "notes": [], "error": f"{exc.__class__.__name__}: {exc}"}
    conn.send(("done", result))
    conn.close()
    os._exit(0)


def grade(
    course_dir: str | os.PathLike | None = None,
    assignment: str | None = None,
    *,
    jobs: int = 2,
    students: list[str] | None = None,
    force: bool = False,
    cell_timeout: int | None = None,
    submission_timeout: float = 600.0,
    sandbox: bool = True,
    limits: Limits | None = None,
    progress: bool = True,
) -> GradingSummary:
    """Autograde every collected submission, ``jobs`` at a time, in the sandbox.

    Parameters
    ----------
    course_dir
        The course directory; default the current directory.
    assignment
        One assignment; default every assignment that has submissions.
    jobs
        Submissions executed at the same time (one worker process each). 2 suits 2 cores.
    students
        Only these participants (default all who handed in).
    force
        Grade again even submissions that have not changed since they were graded.
    cell_timeout
        Seconds one cell may run before it is interrupted (default: ``Execute.timeout`` from
        ``nbgrader_config.py``, else 120).
    submission_timeout
        Seconds a whole submission may run; then its kernel is killed and graded cells that
        did not run score 0.
    sandbox
        Run participants' code in the sandbox (:mod:`cxlab.grading.sandbox`). If the machine
        does not allow the full sandbox, the limited one is used and the summary says so.
    limits
        Resource limits per kernel (CPU seconds default to ``submission_timeout``).
    progress
        Show a progress bar on stderr.

    Returns
    -------
    GradingSummary
        One :class:`SubmissionResult` per submission; ``print(summary)`` shows the table.

    Examples
    --------
    >>> grade("/nonexistent-course", jobs=0)
    Traceback (most recent call last):
    ...
    cxlab._validation.CxlabValueError: jobs must be a whole number of at least 1, got 0
    """
    jobs = int(check_integer("jobs", jobs, minimum=1))
    submission_timeout = float(check_positive("submission_timeout", submission_timeout))
    course = open_course(course_dir)
    config = course.config.copy()
    if "add_missing_cells" not in config.OverwriteCells:
        # a deleted test cell is put back, so it runs and scores, instead of being lost
        config.OverwriteCells.add_missing_cells = True
    course = Course(course.root, config)
    configured = course.config.Execute.get("timeout", 120)
    cell_timeout = int(check_integer("cell_timeout", cell_timeout if cell_timeout else configured,
                                     minimum=1))
    if limits is None:
        limits = Limits(cpu_seconds=int(submission_timeout) + 5)
    started = time.monotonic()
    submitted = course.folder("submitted")
    if assignment is not None:
        names = [course.check_assignment(assignment)]
    else:
        names = [a for a in course.assignments() if any(submitted.glob(f"*/{a}"))]
        if not names:
            raise GradingError(f"there are no submissions in {submitted}: run cxlab collect first")
    _remove_leftovers()
    box = Sandbox.for_course(course.root, limits, enabled=sandbox)
    box.prepare_slots(jobs)
    summary = GradingSummary(sandbox=box.describe())
    for name in names:
        _grade_assignment(course, name, box, summary, jobs=jobs, students=students, force=force,
                          cell_timeout=cell_timeout, submission_timeout=submission_timeout,
                          progress=progress)
    summary.wall_seconds = time.monotonic() - started
    return summary


def _remove_leftovers() -> None:
    """Remove working folders left by a grader that was killed (their process is gone)."""
    for path in Path(tempfile.gettempdir()).glob("cxlab-grade*-*-*"):
        pid = path.name.split("-")[2]
        if not pid.isdigit() or not path.is_dir():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass  # alive (someone else's process)


def _grade_assignment(course, assignment, box, summary, *, jobs, students, force, cell_timeout,
                      submission_timeout, progress) -> None:
    from nbgrader.converters import Autograde

    from ._worker import DropDuplicateIds, Job

    _ensure_in_gradebook(course, assignment)
    sanitize = [DropDuplicateIds, *Autograde(config=course.config).sanitize_preprocessors]
    sources = course.source_notebooks(assignment)
    expected = {p.name: _grade_ids(p) for p in sources}
    source_dir = course.folder("source") / assignment
    support = [
        (p, p.relative_to(source_dir).as_posix())
        for p in sorted(source_dir.rglob("*"))
        if p.is_file() and p.suffix != ".ipynb" and ".ipynb_checkpoints" not in p.parts
    ]
    state_file = _state_path(course, assignment)
    state = _load_state(state_file)
    folders = sorted(p.parent for p in course.folder("submitted").glob(f"*/{assignment}"))
    if students:
        wanted = set(students)
        folders = [f for f in folders if f.name in wanted]

    tmp = Path(tempfile.mkdtemp(prefix=f"cxlab-gradebook-{os.getpid()}-"))
    try:
        snapshot = tmp / "gradebook.db"
        shutil.copyfile(course.gradebook_path, snapshot)
        snapshot_url = f"sqlite:///{snapshot}"
        queue: deque = deque()
        for folder in folders:
            student = folder.name
            sub = folder / assignment
            fp = _fingerprint(sub, sources)
            previous = state.get(student, {})
            autograded = course.folder("autograded") / student / assignment
            if (not force and previous.get("fingerprint") == fp
                    and previous.get("status") == "graded" and autograded.is_dir()):
                summary.results.append(SubmissionResult(
                    student, assignment, "skipped", previous.get("score"),
                    previous.get("max_score"), reason="unchanged since it was graded"))
                continue
            notebooks, problems = [], []
            for name in expected:
                path = sub / name
                if not path.is_file():
                    problems.append(f"{name} was not handed in (scored 0)")
                    continue
                problem = _check_notebook(path, course, assignment)
                (problems.append(problem) if problem else notebooks.append(path))
            extra = sorted(p.name for p in sub.glob("*.ipynb") if p.name not in expected)
            notes = [f"{n} is not part of the assignment (ignored)" for n in extra]
            release_dir = course.folder("release") / assignment
            for path in notebooks:
                notes += _tampering(path, release_dir / path.name)
            if not notebooks:
                reason = "; ".join(problems) or "no notebook of this assignment was handed in"
                summary.results.append(SubmissionResult(student, assignment, "failed",
                                                        reason=reason, notes=tuple(notes)))
                state[student] = {"fingerprint": fp, "status": "failed", "reason": reason}
                continue
            job = Job(student=student, assignment=assignment, notebooks=notebooks,
                      sanitize=sanitize,
                      support_files=support, snapshot_url=snapshot_url, config=course.config,
                      cell_timeout=cell_timeout, submission_timeout=submission_timeout,
                      notes=notes + problems)
            queue.append((job, fp))
        write_json_atomic(state_file, state)
        if queue:
            _warm_up(queue[0][0])
        bar = _Progress(len(queue), progress)
        _run_queue(course, assignment, box, queue, jobs, submission_timeout, summary, state,
                   state_file, bar)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _warm_up(job) -> None:
    """Do once in the grader what every worker would otherwise do first.

    Workers are forked from this process, so modules imported and SQLAlchemy mappers set up
    here are inherited: sanitising one submission here saves each worker about a second.
    """
    import nbformat
    from nbclient import NotebookClient  # noqa: F401 - imported for the forked workers
    from sqlalchemy.orm import configure_mappers

    from . import _worker  # noqa: F401

    configure_mappers()
    try:
        nb = nbformat.read(str(job.notebooks[0]), as_version=4)
        resources = {"nbgrader": {"student": job.student, "assignment": job.assignment,
                                  "notebook": job.notebooks[0].stem,
                                  "db_url": job.snapshot_url}}
        for pp in job.sanitize:
            nb, resources = pp(config=job.config, log=quiet_logger()).preprocess(nb, resources)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from nbgrader.api import Gradebook

            with Gradebook(job.snapshot_url) as gb:
                for sub in gb.assignment_submissions(job.assignment)[:1]:
                    _ = [g.score for nb in sub.notebooks for g in nb.grades]
    except Exception:
        pass


def _run_queue(course, assignment, box, queue, jobs, submission_timeout, summary, state,
               state_file, bar) -> None:
    from multiprocessing.connection import wait

    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    running: dict = {}  # slot -> dict(proc, conn, job, fp, start, pgid)
    grace = 30.0
    try:
        while queue or running:
            for slot in range(jobs):
                if slot not in running and queue:
                    job, fp = queue.popleft()
                    job.slot = slot
                    parent_conn, child_conn = ctx.Pipe(duplex=False)
                    proc = ctx.Process(target=_child, args=(job, box, child_conn), daemon=True)
                    proc.start()
                    child_conn.close()
                    running[slot] = {"proc": proc, "conn": parent_conn, "job": job, "fp": fp,
                                     "start": time.monotonic(), "pgid": None}
            ready = wait([r["conn"] for r in running.values()]
                         + [r["proc"].sentinel for r in running.values()], timeout=1.0)
            for slot, run in list(running.items()):
                result = None
                if run["conn"] in ready or run["proc"].sentinel in ready:
                    try:
                        while result is None and run["conn"].poll():
                            kind, payload = run["conn"].recv()
                            if kind == "kernel":
                                run["pgid"] = payload
                            else:
                                result = payload
                    except (EOFError, OSError):
                        run["proc"].join(timeout=5)
                        result = {"error": "the worker process died unexpectedly "
                                           f"(exit code {run['proc'].exitcode})"}
                if result is None and not run["proc"].is_alive() and not run["conn"].poll():
                    result = {"error": "the worker process died unexpectedly "
                                       f"(exit code {run['proc'].exitcode})"}
                elif (result is None
                      and time.monotonic() - run["start"] > submission_timeout + grace):
                    _kill_run(run)
                    result = {"error": f"the submission did not finish within "
                                       f"{submission_timeout:g} s and was stopped"}
                if result is None:
                    continue
                del running[slot]
                run["proc"].join(timeout=5)
                if run["proc"].is_alive():
                    _kill_run(run)
                run["conn"].close()
                outcome = _finish(course, assignment, run, result)
                summary.results.append(outcome)
                entry = {"fingerprint": run["fp"], "status": outcome.status,
                         "score": outcome.score, "max_score": outcome.max_score,
                         "reason": outcome.reason}
                state[outcome.student] = entry
                write_json_atomic(state_file, state)
                bar.update(outcome)
    except BaseException:
        for run in running.values():
            _kill_run(run)
        raise


def _kill_run(run: dict) -> None:
    for pgid in (run.get("pgid"), run["proc"].pid):
        if pgid:
            try:
                os.killpg(pgid, signal.SIGKILL)
            except OSError:
                pass
    run["proc"].join(timeout=5)


def _finish(course, assignment, run, result) -> SubmissionResult:
    job = run["job"]
    seconds = time.monotonic() - run["start"]
    notes = tuple(dict.fromkeys([*job.notes, *result.get("notes", [])]))
    if result.get("error") or not result.get("notebooks"):
        reason = result.get("error") or "nothing could be executed"
        return SubmissionResult(job.student, assignment, "failed", seconds=seconds,
                                reason=reason, notes=notes)
    problem = _save(course, assignment, job.student, result["notebooks"])
    if problem:
        return SubmissionResult(job.student, assignment, "failed", seconds=seconds,
                                reason=problem, notes=notes)
    score, max_score = _score(course, assignment, job.student)
    return SubmissionResult(job.student, assignment, "graded", score, max_score, seconds,
                            notes=notes)
