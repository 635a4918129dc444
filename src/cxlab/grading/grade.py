"""``cxlab grade``: mark every submission from the answers it holds, in parallel and resumably.

How it works (the design: docs/answering-and-marking.md)
--------------------------------------------------------
Participants type their answers as text in answer cells (``%%answer q3 number %``). Marking
reads that text; it never runs a participant's code. For each submission:

1. a short-lived worker process (``--jobs`` at a time, with a time and memory limit) reads the
   submitted notebook as data (:func:`cxlab.grading._safe.read_notebook`: size, cell and
   nesting caps; nbformat 3 converted), composes the notebook to save from the **released**
   notebook with this participant's answers put in (:func:`cxlab.grading.marking.compose`:
   edited metadata, deleted, copied or added cells are noted, never fatal), and marks every
   test cell with the hidden tests of the **source** notebook evaluated in the worker, with the
   typed answers bound as plain values (:func:`cxlab.grading.marking.mark`);
2. with ``execute=True`` the worker also runs that composed notebook in the grading sandbox
   (:mod:`cxlab.grading.sandbox`) so the trainer sees the outputs of a participant's own
   calculations; the marks do not depend on it;
3. the grader process alone writes the results, one submission at a time, with nbgrader's own
   ``Autograde`` converter, in which ``Execute`` is replaced by a step that puts the marks (a
   plain comment and the points) into the test cells. Everything else is nbgrader's: students
   and submissions created, hand-in time and late penalty, ``SaveAutoGrades`` (which keeps
   manual grades and comments), read-only ``autograded/`` copies;
4. after each submission is saved, ``.cxlab/grading-<assignment>.json`` records a fingerprint
   of the submitted files and of the source notebook, and ``.cxlab/marks/<assignment>/<id>.json``
   what each answer read as and earned (the cohort report uses it). A later run skips
   submissions whose fingerprint has not changed (``force=True`` grades them again), so an
   interrupted run resumes where it stopped.

Responsibilities live apart: :mod:`cxlab.grading._state` keeps the state file, fingerprints
and marks records; :mod:`cxlab.grading._scheduler` runs the workers (slots, time limits,
killing); this module says what a worker does with one submission and puts the results
together. The progress bar is tqdm's, on stderr.
"""

from __future__ import annotations

import copy
import functools
import json
import logging
import os
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .._validation import check_integer, check_positive
from . import _scheduler
from ._course import Course, GradingError, open_course, which_assignment
from ._safe import terminal_safe
from ._state import GradingState, fingerprint
from .sandbox import Limits, Sandbox

if TYPE_CHECKING:
    from ._worker import Job
    from .marking import Key

__all__ = ["GradingSummary", "SubmissionResult", "grade"]

_log = logging.getLogger(__name__)

#: Memory a worker may use, above what it inherits, to read and mark one submission.
WORKER_EXTRA_BYTES = 1_500_000_000


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
    #: what the trainer should know about the run as a whole (also logged as warnings)
    warnings: list[str] = field(default_factory=list)

    def by_status(self, status: str) -> list[SubmissionResult]:
        return [r for r in self.results if r.status == status]

    @property
    def failed(self) -> list[SubmissionResult]:
        return self.by_status("failed")

    def __str__(self) -> str:
        lines = [self.sandbox, *(f"WARNING: {w}" for w in self.warnings), ""]
        lines.append(
            f"{'participant':<22}{'assignment':<30}{'status':<9}{'score':>12}  reason / notes"
        )
        for r in sorted(self.results, key=lambda r: (r.assignment, r.student)):
            score = "" if r.score is None else f"{r.score:g} / {r.max_score:g}"
            detail = terminal_safe("; ".join(filter(None, [r.reason, *r.notes])), limit=2_000)
            lines.append(f"{terminal_safe(r.student, 40):<22}{r.assignment:<30}{r.status:<9}"
                         f"{score:>12}  {detail}")
        counts = {s: len(self.by_status(s)) for s in ("graded", "skipped", "failed")}
        lines.append("")
        lines.append(
            f"{counts['graded']} graded, {counts['skipped']} unchanged (skipped), "
            f"{counts['failed']} failed, in {self.wall_seconds:.1f} s"
        )
        return "\n".join(lines)


def _progress_bar(total: int, *, enabled: bool | None = None, desc: str = "",
                 file: TextIO | None = None):
    """tqdm's progress bar over ``total`` submissions, on stderr (or ``file``).

    ``enabled=None`` shows it only when that stream is a terminal; ``True`` always,
    ``False`` never.

    >>> import io
    >>> stream = io.StringIO()  # not a terminal
    >>> with _progress_bar(2, file=stream) as bar:
    ...     bar.update(2)
    >>> stream.getvalue()
    ''
    >>> with _progress_bar(2, enabled=True, desc="01-service-level", file=stream) as bar:
    ...     bar.update(2)
    >>> "01-service-level: 100%" in stream.getvalue() and "2/2" in stream.getvalue()
    True
    """
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="submission", file=file or sys.stderr,
                disable=None if enabled is None else not enabled, leave=True, dynamic_ncols=True)


def _check_structure(nb: dict, course: Course, assignment: str, name: str) -> str:
    """Why a readable notebook is not this assignment's, or '' if it may be."""
    found = which_assignment(nb, course)
    if found is not None and found != assignment:
        return (f"{name} is the notebook of assignment {found}, not of {assignment}: "
                "ask for the right file")
    return ""


def _ensure_released(course: Course, assignment: str) -> None:
    from nbgrader.api import MissingEntry

    with course.gradebook() as gb:
        try:
            gb.find_assignment(assignment)
            found = True
        except MissingEntry:
            found = False
    release_dir = course.folder("release") / assignment
    if not found or not all((release_dir / p.name).is_file()
                            for p in course.source_notebooks(assignment)):
        from .release import release

        release(course.root, [assignment])


@dataclass
class _Paper:
    """One notebook of an assignment: its key, released form and source path."""

    name: str  # file name, e.g. 01-service-level.ipynb
    key: Key
    released: dict


@dataclass
class MarkJob:
    """One submission to read, compose, mark (and, if asked, execute)."""

    student: str
    assignment: str
    folder: Path
    papers: list[_Paper]
    execute: bool = False
    slot: int = 0
    exec_job: Job | None = None  # when executing
    notes: list[str] = field(default_factory=list)
    own_code: str | None = None  # personal code derived from the id (personal assessments)
    codes: dict = field(default_factory=dict)  # personal code -> participant, for the notes
    course: Course = field(kw_only=True)


def _mark_job(job: MarkJob, sandbox, report=None) -> dict:
    """Worker body: returns {'notebooks': {name: json}, 'marks': {name: [dict]}, 'notes',
    'error'}. Runs in a forked process; nothing here executes participant code."""
    from ._safe import SubmissionError, read_notebook
    from ._save import marked_notebook
    from .marking import compose, mark

    _limit_memory()
    out: dict = {"notebooks": {}, "marks": {}, "notes": [], "error": "", "composed": {},
                 "code": None}
    readable = 0
    problems = []
    for paper in job.papers:
        path = job.folder / paper.name
        if not path.is_file():
            nb: dict = {"cells": []}
            out["notes"].append(f"{paper.name} was not handed in (marked 0)")
        else:
            try:
                nb = read_notebook(path)
            except SubmissionError as exc:
                problems.append(str(exc))
                continue
            nb = json.loads(json.dumps(nb))
            wrong = _check_structure(nb, job.course, job.assignment, paper.name)
            if wrong:
                problems.append(wrong)
                continue
            readable += 1
            out["notes"].extend(n for n in nb.get("metadata", {}).get("cxlab_read_notes", [])
                                if "cell id" not in n)  # ids are new in nbformat 4.5: routine
        composed = compose(paper.released, nb, paper.key)
        out["notes"].extend(composed.notes)
        if job.own_code and any(a.form.kind == "code" for a in paper.key.answers):
            out["code"] = _code_check(composed.typed.get("code", ""), job)
            if out["code"]["note"]:
                out["notes"].append(out["code"]["note"])
        marks = mark(paper.key, composed.typed, participant=job.student, code=job.own_code)
        out["marks"][paper.name] = [m.as_dict() for m in marks]
        for m in marks:
            if m.problem:
                out["notes"].append(f"{paper.name}: {m.problem}")
        out["composed"][paper.name] = composed.notebook
    if not readable:
        out["error"] = "; ".join(problems) or "no notebook of this assignment was handed in"
        return out
    out["notes"].extend(problems)
    if job.execute:
        out["notes"].extend(_execute(job, out["composed"], sandbox, report))
    for name, nb in out.pop("composed").items():
        out["notebooks"][name] = json.dumps(marked_notebook(nb, out["marks"].get(name, []),
                                                            _own_case(job)))
    return out


def _own_case(job: MarkJob):
    """The participant's own case (personal assessments with a registered generator)."""
    if not job.own_code:
        return None
    from .. import cases
    from .._validation import CxlabValueError

    try:
        return cases.draw(job.assignment, job.own_code)
    except CxlabValueError:  # no generator for this assignment
        return None


def _code_check(typed: str, job: MarkJob) -> dict:
    """Which personal code the notebook was answered with, against the participant's own."""
    from ..quiz.typed import read_typed

    reading = read_typed(typed, "code", name="code")
    entry = {"typed": reading.value if reading.readable else reading.text,
             "own": job.own_code, "note": ""}
    if not reading.answered:
        entry["note"] = ("no personal code was typed, so the questions showed no numbers: "
                         "marked on the participant's own case")
    elif reading.value == "PRACTICE" or str(reading.value).startswith("P"):
        entry["note"] = ("answered a practice case instead of the personal one: marked on the "
                         "participant's own case")
    elif not reading.readable:
        entry["note"] = f"the personal code typed cannot be right ({reading.problem})"
    elif reading.value != job.own_code:
        whose = job.codes.get(reading.value)
        entry["typed_code_of"] = whose or ""
        entry["note"] = ("answered with the personal code of "
                         + (f"participant {whose}" if whose else "someone else")
                         + ": marked on the participant's own case; look at it")
    return entry


def _limit_memory() -> None:
    """Bound what a worker may allocate (a hostile file must not exhaust the grader)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            size = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize"))
    except (OSError, StopIteration, ValueError):
        return
    limit = size + WORKER_EXTRA_BYTES
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass


def _execute(job: MarkJob, composed: dict, sandbox, report) -> list[str]:
    """Run the composed notebooks in the sandbox; keep their outputs for the trainer."""
    from ._worker import run_job

    ejob = job.exec_job
    assert ejob is not None  # set by grade() for every job when executing
    work = Path(tempfile.mkdtemp(prefix=f"cxlab-exec-{os.getpid()}-"))
    try:
        paths = []
        for name, nb in composed.items():
            path = work / name
            path.write_text(json.dumps(nb), encoding="utf-8")
            paths.append(path)
        ejob.notebooks, ejob.slot = paths, job.slot
        result = run_job(ejob, sandbox, report=report)
        notes = [n for n in result.get("notes", []) if "cell id" not in n]
        if result.get("error"):
            notes.append(f"running the notebook for you to read failed: {result['error']}")
        for name, text in result.get("notebooks", {}).items():
            executed = json.loads(text)
            _copy_outputs(executed, composed[name])
        return notes
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _copy_outputs(executed: dict, composed: dict) -> None:
    """Outputs of ungraded cells, by cell id (graded cells get the marker's outputs)."""
    outputs = {c.get("id"): c.get("outputs", []) for c in executed.get("cells", [])
               if c.get("cell_type") == "code"}
    for cell in composed.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and not meta.get("grade") and cell.get("id") in outputs:
            cell["outputs"] = outputs[cell["id"]]
            cell["metadata"]["cxlab_executed"] = True


def _mark_in_worker(task: tuple[MarkJob, str], slot: int, report, *, sandbox) -> dict:
    """What a worker does (run by :func:`cxlab.grading._scheduler.run` in a process of its
    own): read, compose and mark one submission (``task``: its job and fingerprint)."""
    job = task[0]
    job.slot = slot
    try:
        return _mark_job(job, sandbox, report=report)
    except MemoryError:
        return {"error": "reading this submission needed more memory than allowed "
                         f"({WORKER_EXTRA_BYTES / 1e9:.1f} GB): look at the file"}


@dataclass(frozen=True)
class _Options:
    """How :func:`grade` was asked to grade (the same for every assignment of the run)."""

    jobs: int
    students: tuple[str, ...] | None
    force: bool
    execute: bool
    cell_timeout: int
    submission_timeout: float
    progress: bool | None


def grade(
    course_dir: str | os.PathLike | None = None,
    assignment: str | None = None,
    *,
    jobs: int = 2,
    students: list[str] | None = None,
    force: bool = False,
    execute: bool = False,
    cell_timeout: int | None = None,
    submission_timeout: float = 600.0,
    sandbox: bool = True,
    limits: Limits | None = None,
    progress: bool | None = None,
) -> GradingSummary:
    """Mark every collected submission from the answers it holds, ``jobs`` at a time.

    Parameters
    ----------
    course_dir
        The course directory; default the current directory.
    assignment
        One assignment; default every assignment that has submissions.
    jobs
        Submissions read and marked at the same time (one worker process each).
    students
        Only these participants (default all who handed in).
    force
        Grade again even submissions that have not changed since they were graded.
    execute
        Also run each notebook in the grading sandbox, so the autograded copy shows the
        outputs of the participant's own calculations. Marks never depend on it.
    cell_timeout
        With ``execute``: seconds one cell may run (default ``Execute.timeout`` from
        ``nbgrader_config.py``, else 120).
    submission_timeout
        Seconds one submission may take in its worker (reading, marking and, with
        ``execute``, running); then the worker is stopped and the submission listed.
    sandbox
        With ``execute``: run participants' code in the sandbox
        (:mod:`cxlab.grading.sandbox`); if the machine does not allow the full sandbox, the
        limited one is used and the summary says so.
    limits
        With ``execute``: resource limits per kernel (CPU seconds default to
        ``submission_timeout``).
    progress
        Show a progress bar (tqdm's) on stderr: by default only when stderr is a terminal;
        ``True`` always, ``False`` never.

    Returns
    -------
    GradingSummary
        One :class:`SubmissionResult` per submission; ``print(summary)`` shows the table.

    Examples
    --------
    >>> grade("/nonexistent-course", jobs=0)
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: jobs must be a whole number of at least 1, got 0
    """
    jobs = int(check_integer("jobs", jobs, minimum=1))
    submission_timeout = float(check_positive("submission_timeout", submission_timeout))
    course = open_course(course_dir)
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
    if execute:
        box = Sandbox.for_course(course.root, limits, enabled=sandbox)
        box.prepare_slots(jobs)
        description = box.describe()
    else:
        box = None
        description = ("Marked from the answers as typed; participants' code was not run "
                       "(cxlab grade --execute also runs it, sandboxed, for you to read).")
    summary = GradingSummary(sandbox=description)
    options = _Options(jobs=jobs, students=None if students is None else tuple(students),
                       force=bool(force), execute=bool(execute), cell_timeout=cell_timeout,
                       submission_timeout=submission_timeout, progress=progress)
    for name in names:
        _grade_assignment(course, name, box, summary, options)
    summary.wall_seconds = time.monotonic() - started
    return summary


def _remove_leftovers() -> None:
    """Remove working folders left by a grader that was killed (their process is gone)."""
    for path in Path(tempfile.gettempdir()).glob("cxlab-*-*-*"):
        parts = path.name.split("-")
        if len(parts) < 3 or parts[1] not in ("grade", "gradebook", "exec") or not path.is_dir():
            continue
        pid = parts[2]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass  # alive (someone else's process)


def _papers(course: Course, assignment: str) -> list[_Paper]:
    from .marking import Key

    papers = []
    release_dir = course.folder("release") / assignment
    for source in course.source_notebooks(assignment):
        nb = json.loads(source.read_text(encoding="utf-8"))
        released = json.loads((release_dir / source.name).read_text(encoding="utf-8"))
        papers.append(_Paper(source.name, Key.from_notebook(nb, source.stem), released))
    return papers


def _grade_assignment(course: Course, assignment: str, box: Sandbox | None,
                      summary: GradingSummary, options: _Options) -> None:
    _ensure_released(course, assignment)
    papers = _papers(course, assignment)
    sources = course.source_notebooks(assignment)
    state = GradingState.load(course, assignment)
    folders = sorted(p.parent for p in course.folder("submitted").glob(f"*/{assignment}"))
    if options.students:
        wanted = set(options.students)
        folders = [f for f in folders if f.name in wanted]
    exec_template = (_exec_template(course, assignment, options.cell_timeout,
                                    options.submission_timeout) if options.execute else None)
    personal = any(p.key.personal for p in papers)
    own: dict[str, str] = {}
    codes: dict[str, str] = {}
    if personal:
        from ..cases import code_for

        secret = course.secret()
        own = {f.name: code_for(secret, f.name) for f in
               sorted(p.parent for p in course.folder("submitted").glob(f"*/{assignment}"))}
        codes = {code: student for student, code in own.items()}
    queue: list[tuple[MarkJob, str]] = []
    for folder in folders:
        student = folder.name
        sub = folder / assignment
        print_ = fingerprint(sub, sources, execute=options.execute)
        previous = None if options.force else state.unchanged(student, print_)
        if previous is not None:
            summary.results.append(SubmissionResult(
                student, assignment, "skipped", previous.get("score"),
                previous.get("max_score"), reason="unchanged since it was graded"))
            continue
        expected = {p.name for p in papers}
        extra = sorted(p.name for p in sub.glob("*.ipynb") if p.name not in expected)
        notes = [f"{n} is not part of the assignment (ignored)" for n in extra]
        job = MarkJob(student, assignment, sub, papers, execute=options.execute, notes=notes,
                      own_code=own.get(student), codes=codes, course=course)
        if exec_template is not None:  # options.execute
            job.exec_job = copy.copy(exec_template)
            job.exec_job.student = student
        queue.append((job, print_))
    if not queue:
        return
    summary.warnings.extend(_warm_up(papers))
    from ._save import GradebookWriter

    with (GradebookWriter(course, assignment) as writer,
          _progress_bar(len(queue), enabled=options.progress, desc=assignment) as bar):
        failed = 0

        def done(task: tuple[MarkJob, str], result: dict, seconds: float) -> None:
            nonlocal failed
            job, print_ = task
            outcome = _finish(writer, state, job, result, seconds)
            summary.results.append(outcome)
            state.record(outcome.student, print_, status=outcome.status, score=outcome.score,
                         max_score=outcome.max_score, reason=outcome.reason)
            failed += outcome.status == "failed"
            bar.set_postfix(failed=failed, refresh=False)
            bar.update(1)

        work = functools.partial(_mark_in_worker, sandbox=box)
        _scheduler.run(queue, work, done, schedule=_scheduler.Schedule(
            jobs=options.jobs, timeout_seconds=options.submission_timeout))


def _exec_template(course: Course, assignment: str, cell_timeout: int,
                   submission_timeout: float) -> Job:
    from nbgrader.preprocessors import ClearOutput

    from ._worker import Job

    source_dir = course.folder("source") / assignment
    support = [
        (p, p.relative_to(source_dir).as_posix())
        for p in sorted(source_dir.rglob("*"))
        if p.is_file() and p.suffix != ".ipynb" and ".ipynb_checkpoints" not in p.parts
    ]
    # the composed notebook is the release with answers put in: it only needs its outputs
    # cleared (nbgrader's other sanitisers read the gradebook, which the worker never opens)
    sanitize = [ClearOutput]
    return Job(student="", assignment=assignment, notebooks=[], support_files=support,
               snapshot_url="", config=course.config, cell_timeout=cell_timeout,
               submission_timeout=submission_timeout, sanitize=sanitize)


def _warm_up(papers: list[_Paper]) -> list[str]:
    """Do once in the grader what every forked worker would otherwise do first; what went
    wrong, for the trainer (each worker then sets up on its own and reports it too)."""
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.orm import configure_mappers

    from . import _safe, marking  # noqa: F401 - imported for the forked workers

    warnings = []
    try:
        configure_mappers()
    except SQLAlchemyError as exc:
        warnings.append(f"the gradebook's tables could not be set up ahead of the workers "
                        f"({exc.__class__.__name__}: {exc})")
    for paper in papers:
        try:
            problems = marking.warm_up(paper.key)
        except Exception as exc:  # a bug in marking: named and shown, the workers go on
            problems = [f"set-up failed in the grader ({exc.__class__.__name__}: {exc})"]
        warnings.extend(f"{paper.name}: {problem}" for problem in problems)
    for warning in warnings:
        _log.warning("cxlab grade: %s", warning)
    return warnings


def _finish(writer, state: GradingState, job: MarkJob, result: dict,
            seconds: float) -> SubmissionResult:
    """Save one worker's result in the gradebook and the marks record; the outcome."""
    assignment = job.assignment
    notes = tuple(dict.fromkeys([*job.notes, *result.get("notes", [])]))
    if result.get("error") or not result.get("notebooks"):
        reason = result.get("error") or "nothing could be read"
        return SubmissionResult(job.student, assignment, "failed", seconds=seconds,
                                reason=reason, notes=notes)
    try:
        notebooks = {name: json.loads(text) for name, text in result["notebooks"].items()}
        score, max_score = writer.save(job.student, notebooks)
    except Exception as exc:
        return SubmissionResult(job.student, assignment, "failed", seconds=seconds,
                                reason=f"the gradebook could not be written: "
                                       f"{exc.__class__.__name__}: {str(exc)[:300]}",
                                notes=notes)
    record = {"marks": result.get("marks", {}), "notes": list(notes)}
    if result.get("code"):
        record["code"] = {k: v for k, v in result["code"].items() if k != "note"}
    state.write_marks(job.student, record)
    return SubmissionResult(job.student, assignment, "graded", score, max_score, seconds,
                            notes=notes)
