"""Execute one submission in a worker process (forked by :mod:`cxlab.grading.grade`).

The worker runs nbgrader's sanitising preprocessors (``ClearOutput``, ``DeduplicateIds``,
``OverwriteKernelspec``, ``OverwriteCells``, ``CheckCellMetadata``) against a read-only
snapshot of the gradebook, then nbgrader's ``Execute`` with a kernel started inside the
sandbox, then ``LimitOutput``. It never writes the gradebook: it sends the executed notebooks
back to the grader, which saves them with nbgrader's ``Autograde``.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute, NbGraderPreprocessor

from ._safe import terminal_safe

if TYPE_CHECKING:
    from collections.abc import Callable

    from jupyter_client.provisioning import LocalProvisioner
    from traitlets.config import Config

    from .sandbox import Sandbox

__all__ = ["Job", "run_job"]

#: Error name put on graded cells that never ran, so nbgrader scores them 0.
NOT_RUN = "NotRunByGrader"


@dataclass
class Job:
    """One submission to execute."""

    student: str
    assignment: str
    notebooks: list[Path]  # submitted notebooks to execute (already checked readable)
    support_files: list[tuple[Path, str]]  # (source file, relative name) copied next to them
    snapshot_url: str
    config: Config
    cell_timeout: int
    submission_timeout: float
    sanitize: list = field(default_factory=list)  # nbgrader's sanitising preprocessors
    slot: int = 0
    notes: list[str] = field(default_factory=list)


class _Box:
    """Per-process state: the sandbox wrapping and the running kernel's process group."""

    # sandbox and base are set by run_job before any kernel starts
    sandbox: Sandbox
    base: Path
    slot = 0
    pgid: int | None = None
    report: Callable[[int | None], None] | None = None  # tells the grader which group to kill


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager that starts the kernel inside the grading sandbox."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        conn = _Box.base / "conn"
        self.transport = "ipc"  # unix sockets: works inside an empty network namespace
        self.ip = str(conn / "kernel")
        self.connection_file = str(conn / "kernel.json")

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        return _Box.sandbox.wrap(cmd, _Box.base, _Box.slot)

    def write_connection_file(self, **kwargs):
        super().write_connection_file(**kwargs)
        if _Box.sandbox.full:
            os.chown(self.connection_file, *_Box.sandbox.users[_Box.slot])

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        await super()._async_launch_kernel(kernel_cmd, **kw)
        # jupyter_client's default, LocalProvisioner, the one a launched kernel has here
        _Box.pgid = cast("LocalProvisioner", self.provisioner).pgid
        if _Box.report:
            _Box.report(_Box.pgid)


class DropDuplicateIds(NbGraderPreprocessor):
    """Strip the nbgrader metadata from copies of a graded cell (keeping the first).

    nbgrader's own ``DeduplicateIds`` leaves an empty ``nbgrader`` dictionary on the copy,
    which makes the next step fail with ``KeyError: 'grade_id'``; without the key the copy
    is an ordinary cell.
    """

    def preprocess(self, nb, resources):
        seen = set()
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader")
            if not isinstance(meta, dict):
                continue
            gid = meta.get("grade_id")
            if not gid and (meta.get("grade") or meta.get("solution") or meta.get("locked")):
                del cell.metadata["nbgrader"]
            elif gid in seen:
                del cell.metadata["nbgrader"]
            elif gid:
                seen.add(gid)
        return nb, resources


class TrackingExecute(Execute):
    """nbgrader's ``Execute`` that remembers which cell it is running."""

    current_index = 0

    def preprocess_cell(self, cell, resources, index):
        self.current_index = index
        return super().preprocess_cell(cell, resources, index)


def _kill_kernel() -> None:
    if _Box.pgid:
        try:
            os.killpg(_Box.pgid, signal.SIGKILL)
        except OSError:
            pass


def _mark_not_run(nb, start: int, reason: str) -> int:
    """Give every graded code cell from ``start`` on an error output, so it scores 0."""
    from nbformat import NotebookNode

    count = 0
    for cell in nb.cells[start:]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not any(
            o.get("output_type") == "error" for o in cell.get("outputs", [])
        ):
            cell.setdefault("outputs", []).append(
                NotebookNode(
                    output_type="error", ename=NOT_RUN, evalue=reason,
                    traceback=[f"{NOT_RUN}: {reason}"],
                )
            )
            count += 1
    return count


def run_job(job: Job, sandbox, report=None) -> dict:
    """Execute every notebook of ``job``; returns {'notebooks': {name: json}, 'notes', 'error'}."""
    import nbformat
    from nbgrader.preprocessors import LimitOutput
    from nbgrader.utils import setenv

    from ._safe import NOTES_KEY, SubmissionError, read_notebook

    _Box.sandbox, _Box.slot, _Box.report = sandbox, job.slot, report
    log = logging.getLogger("cxlab.grading.worker")
    log.propagate = False
    log.addHandler(logging.NullHandler())
    deadline = time.monotonic() + job.submission_timeout
    out: dict = {"notebooks": {}, "notes": [], "error": ""}
    config = cast("Config", job.config.copy())  # a Config: copy keeps the type (traitlets)
    config.Execute.timeout = job.cell_timeout
    config.Execute.interrupt_on_timeout = True
    config.Execute.shutdown_kernel = "immediate"  # the kernel is thrown away: no polite wait
    sanitize = [pp(config=config, log=log) for pp in job.sanitize]
    for path in job.notebooks:
        nb_id = path.stem
        _Box.base = sandbox.make_workspace(job.slot)
        timer = None
        try:
            work = _Box.base / "work"
            for source, rel in job.support_files:
                target = work / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                if sandbox.full:
                    os.chown(target, *sandbox.users[job.slot])
            nb = read_notebook(path)  # size, cell and nesting caps; nbformat 3 converted
            for note in nb.metadata.pop(NOTES_KEY, []):
                out["notes"].append(f"{nb_id}: {note}")
            resources = {
                "unique_key": nb_id,
                "output_files_dir": f"{nb_id}_files",
                "nbgrader": {
                    "student": job.student,
                    "assignment": job.assignment,
                    "notebook": nb_id,
                    "db_url": job.snapshot_url,
                },
                "metadata": {"path": str(work)},
            }
            for pp in sanitize:
                nb, resources = pp.preprocess(nb, resources)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                _mark_not_run(nb, 0, "the submission's time limit was used up by other notebooks")
            else:
                execute = TrackingExecute(
                    config=config, log=log, kernel_manager_class=SandboxKernelManager
                )
                timed_out = threading.Event()

                def expire(flag=timed_out) -> None:
                    flag.set()
                    _kill_kernel()

                timer = threading.Timer(remaining, expire)
                timer.daemon = True
                timer.start()
                try:
                    with setenv(NBGRADER_EXECUTION="autograde"):
                        nb, resources = execute.preprocess(nb, resources)
                except Exception as exc:  # the kernel died, was killed or stopped answering
                    if timed_out.is_set():
                        reason = (
                            f"the notebook ran longer than the {job.submission_timeout:g} s "
                            "allowed for a whole submission, so it was stopped"
                        )
                    else:
                        reason = _describe_failure(exc, sandbox)
                    nb = execute.nb
                    marked = _mark_not_run(nb, execute.current_index, reason)
                    out["notes"].append(f"{nb_id}: {reason}; {marked} graded cell(s) scored 0")
                finally:
                    timer.cancel()
            out["notes"].extend(_timeout_notes(nb, nb_id, job.cell_timeout))
            nb, resources = LimitOutput(config=config, log=log).preprocess(nb, resources)
            note = describe_caps(nb_id, _cap_output(nb))
            if note:
                out["notes"].append(note)
            out["notebooks"][path.name] = nbformat.writes(nb)
        except SubmissionError as exc:
            out["error"] = str(exc)
        except Exception as exc:
            out["error"] = terminal_safe(f"{path.name}: {exc.__class__.__name__}: {exc}")
            out["traceback"] = traceback.format_exc()
        finally:
            _kill_kernel()
            _Box.pgid = None
            shutil.rmtree(_Box.base, ignore_errors=True)
        if out["error"]:
            break
    # participants' text (cell ids, exception messages) reaches the trainer's terminal
    out["notes"] = [terminal_safe(note, 1_000) for note in out["notes"]]
    return out


#: One stream or ``text/plain`` output is cut after this many characters.
MAX_OUTPUT_CHARS = 20_000
#: Other text (HTML, Markdown, LaTeX, SVG, JavaScript, ...) larger than this is replaced.
MAX_RICH_CHARS = 200_000
#: JSON data (``application/json``, ``...+json``) larger than this, serialised, is replaced.
MAX_JSON_CHARS = 100_000
#: Images (base64) larger than this (about 750 kB of PNG) are replaced.
MAX_IMAGE_CHARS = 1_000_000
#: An output's metadata larger than this, serialised, is emptied.
MAX_METADATA_CHARS = 10_000
#: All outputs of one notebook together; beyond it outputs are replaced by one note per cell.
MAX_NOTEBOOK_OUTPUT_CHARS = 5_000_000
#: Beyond the total, an execute_result this small is still kept (it may carry a score).
_SMALL_RESULT_CHARS = 2_000


def _text(value) -> str:
    if isinstance(value, list):
        return "".join(v if isinstance(v, str) else str(v) for v in value)
    return value if isinstance(value, str) else str(value)


def _cut(text: str, limit: int) -> str:
    return text[:limit] + f"\n... [output cut: {len(text)} characters]"


def _removed(mime: str, size: int, limit: int) -> str:
    return f"[output removed: {mime} of {size} characters, more than the {limit} kept]"


def _cap_data(out) -> int:
    """Cap the mime bundle of a display_data or execute_result output."""
    data = out.get("data")
    if not isinstance(data, dict):
        return 0
    changed, notes = 0, []
    for mime, value in list(data.items()):
        if mime == "text/plain":
            text = _text(value)
            if len(text) > MAX_OUTPUT_CHARS:
                data[mime] = _cut(text, MAX_OUTPUT_CHARS)
                changed += 1
            continue
        if mime.endswith("json") or not isinstance(value, (str, list)):
            size, limit = len(json.dumps(value)), MAX_JSON_CHARS
        elif mime.startswith("image/") and mime != "image/svg+xml":
            size, limit = len(_text(value)), MAX_IMAGE_CHARS
        else:
            size, limit = len(_text(value)), MAX_RICH_CHARS
        if size > limit:
            del data[mime]
            notes.append(_removed(mime, size, limit))
            changed += 1
    if notes:
        plain = _text(data.get("text/plain", ""))
        data["text/plain"] = "\n".join(filter(None, [plain, *notes]))
    return changed


def _cap_error(out, limit: int = MAX_OUTPUT_CHARS) -> int:
    changed = 0
    ename, evalue = _text(out.get("ename", "")), _text(out.get("evalue", ""))
    if len(ename) > 200:
        out["ename"], changed = ename[:200] + "...", changed + 1
    if len(evalue) > limit // 4:
        out["evalue"], changed = _cut(evalue, limit // 4), changed + 1
    lines, total, kept = out.get("traceback", []), 0, []
    for line in lines if isinstance(lines, list) else []:
        line = _text(line)
        if len(line) > limit // 4:
            line = _cut(line, limit // 4)
        if total + len(line) > limit:
            kept.append(f"... [traceback cut: {len(lines)} lines]")
            break
        kept.append(line)
        total += len(line)
    if kept != lines:
        out["traceback"], changed = kept, changed + 1
    return changed


def _cap_one(out) -> int:
    """Cap one output in place; returns how many of its parts were cut or replaced."""
    changed = 0
    meta = out.get("metadata")
    if meta and len(json.dumps(meta)) > MAX_METADATA_CHARS:
        out["metadata"] = {}
        changed += 1
    kind = out.get("output_type")
    if kind == "stream":
        text = _text(out.get("text", ""))
        if len(text) > MAX_OUTPUT_CHARS:
            out["text"] = _cut(text, MAX_OUTPUT_CHARS)
            changed += 1
    elif kind in ("display_data", "execute_result"):
        changed += _cap_data(out)
    elif kind == "error":
        changed += _cap_error(out)
    return changed


def _cap_total(nb) -> int:
    """Keep all outputs of a notebook within MAX_NOTEBOOK_OUTPUT_CHARS (in cell order).

    Past the total, what nbgrader scores by survives in brief: errors (shortened), standard
    error (as a note on stderr), and small execute_results; everything else in the cell is
    replaced by one note.
    """
    from nbformat import NotebookNode

    budget, used, changed = MAX_NOTEBOOK_OUTPUT_CHARS, 0, 0
    note = f"[output removed: this notebook's outputs passed {budget} characters in all]"
    for cell in nb.cells:
        outputs = cell.get("outputs")
        if not outputs:
            continue
        kept, dropped, stderr = [], 0, False
        for out in outputs:
            size = len(json.dumps(out))
            kind = out.get("output_type")
            if used + size <= budget:
                kept.append(out)
                used += size
            elif kind == "error":
                changed += _cap_error(out, limit=800)
                kept.append(out)
                used += len(json.dumps(out))
            elif kind == "execute_result" and size <= _SMALL_RESULT_CHARS:
                kept.append(out)
                used += size
            else:
                stderr = stderr or (kind == "stream" and out.get("name") == "stderr")
                dropped += 1
        if dropped:
            kept.append(NotebookNode(output_type="stream", name="stdout", text=note + "\n"))
            if stderr:
                kept.append(NotebookNode(output_type="stream", name="stderr", text=note + "\n"))
            changed += dropped
        cell["outputs"] = kept
    return changed


def _cap_output(nb) -> int:
    """Cap every output of an executed notebook; returns how many parts were cut or replaced.

    nbgrader's ``LimitOutput`` counts lines, and one line can be megabytes; here: stream and
    ``text/plain`` are cut at :data:`MAX_OUTPUT_CHARS`; other text, JSON and images above
    their caps are replaced by a note in ``text/plain``; errors and output metadata are
    shortened; and all outputs of the notebook together stay within
    :data:`MAX_NOTEBOOK_OUTPUT_CHARS`.
    """
    changed = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            changed += _cap_one(out)
    return changed + _cap_total(nb)


def describe_caps(nb_id: str, changed: int) -> str:
    """The note for the grading table when outputs were cut ('' if none were)."""
    if not changed:
        return ""
    return f"{nb_id}: {changed} output(s) too big to keep were cut or replaced by a note"


def _timeout_notes(nb, nb_id: str, timeout: float) -> list[str]:
    """One note per cell stopped by the per-cell time limit (its work is lost, not the rest)."""
    notes = []
    for number, cell in enumerate(nb.cells, start=1):
        names = {o.get("ename") for o in cell.get("outputs", []) if o.get("output_type") == "error"}
        if "CellTimeoutError" in names:
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            where = f"cell {terminal_safe(gid, 60)}" if gid else f"cell {number}"
            notes.append(f"{nb_id}: {where} was stopped after the {timeout:g} s cell time limit "
                         "(an endless loop?); the cells after it still ran")
    return notes


def _describe_failure(exc: Exception, sandbox) -> str:
    name = exc.__class__.__name__
    if name == "DeadKernelError":
        return (
            "the notebook's Python process died (it may have used more than "
            f"{sandbox.limits.cpu_seconds} s of CPU or {sandbox.limits.memory_bytes / 1e9:.1f} GB "
            "of memory)"
        )
    if "Timeout" in name or "Unresponsive" in name:
        return "the notebook stopped answering and could not be interrupted"
    return f"execution stopped ({name}: {terminal_safe(str(exc), 200)})"
