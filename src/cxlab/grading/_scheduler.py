"""Run tasks in short-lived worker processes, a few at a time, each with a time limit.

``cxlab grade`` reads and marks each submission in a process of its own (forked on Linux), so
a hostile or broken file can only take its own worker down. :func:`run` keeps at most
``jobs`` workers alive, gives each a slot number (0 to ``jobs - 1``; the grading sandbox keeps
a working folder per slot), and hands each result to ``on_done`` in the parent as it arrives.

A worker that dies, or that has not finished ``timeout_seconds + grace_seconds`` after it
started, is killed with its whole process group (and the kernel group it reported) and
yields ``{"error": ...}``. If the parent is interrupted, every running worker is killed before
the exception goes on. Nothing here knows what a task is.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from multiprocessing.context import ForkContext, SpawnContext

__all__ = ["Schedule", "run"]

#: ``work(task, slot, report)``: runs in the worker; ``report(pgid)`` names a process group the
#: worker started (a kernel), to be killed with it. Returns a picklable dict.
Work = Callable[[Any, int, Callable[[int], None]], dict]
Task = TypeVar("Task")


@dataclass(frozen=True)
class Schedule:
    """How many workers run at once and how long each may take."""

    jobs: int
    timeout_seconds: float
    #: extra time after ``timeout_seconds`` before a worker is killed (it may be saving)
    grace_seconds: float = 30.0


def _die_with_parent() -> None:
    """Linux: have the kernel kill this worker if the grader is killed."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _child(work: Work, task: object, slot: int, conn) -> None:
    """Worker process body: run ``work``, send its result, exit."""
    os.setpgrp()  # the parent can kill this worker and its helpers as one group
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        result = work(task, slot, lambda pgid: conn.send(("kernel", pgid)))
    except BaseException as exc:  # pragma: no cover - reported to the parent
        result = {"error": f"{exc.__class__.__name__}: {exc}"}
    try:
        conn.send(("done", result))
    except Exception as exc:  # an unpicklable or oversized result: the parent is told why
        conn.send(("done", {"error": f"the result could not be sent ({exc.__class__.__name__})"}))
    conn.close()
    os._exit(0)


def _kill(run: dict) -> None:
    for pgid in (run.get("pgid"), run["proc"].pid):
        if pgid:
            try:
                os.killpg(pgid, signal.SIGKILL)
            except OSError:
                pass  # already gone
    run["proc"].join(timeout=5)


def _died(run: dict) -> dict:
    return {"error": f"the worker process died unexpectedly (exit code {run['proc'].exitcode})"}


def _poll(run: dict, ready: list, schedule: Schedule) -> dict | None:
    """The finished worker's result, an error if it died or ran out of time, or None."""
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
            result = _died(run)
    if result is None and not run["proc"].is_alive() and not run["conn"].poll():
        result = _died(run)
    elif (result is None and time.monotonic() - run["start"]
          > schedule.timeout_seconds + schedule.grace_seconds):
        _kill(run)
        result = {"error": f"the submission did not finish within "
                           f"{schedule.timeout_seconds:g} s and was stopped"}
    return result


def run(tasks: Iterable[Task], work: Callable[[Task, int, Callable[[int], None]], dict],
        on_done: Callable[[Task, dict, float], None], *, schedule: Schedule) -> None:
    """Run ``work`` on every task in worker processes; ``on_done(task, result, seconds)`` in
    this process for each, in the order they finish.

    >>> def square(task, slot, report):
    ...     return {"value": task * task}
    >>> out = {}
    >>> run([2, 3], square, lambda t, r, s: out.update({t: r["value"]}),
    ...     schedule=Schedule(jobs=2, timeout_seconds=60))
    >>> out == {2: 4, 3: 9}
    True
    """
    from multiprocessing.connection import wait

    ctx: ForkContext | SpawnContext = (
        multiprocessing.get_context("fork") if sys.platform.startswith("linux")
        else multiprocessing.get_context("spawn"))
    queue = list(tasks)[::-1]  # popped from the end: first task first
    running: dict[int, dict] = {}  # slot -> proc, conn, task, start, pgid
    try:
        while queue or running:
            for slot in range(schedule.jobs):
                if slot not in running and queue:
                    task = queue.pop()
                    parent_conn, child_conn = ctx.Pipe(duplex=False)
                    proc = ctx.Process(target=_child, args=(work, task, slot, child_conn),
                                       daemon=True)
                    proc.start()
                    child_conn.close()
                    running[slot] = {"proc": proc, "conn": parent_conn, "task": task,
                                     "start": time.monotonic(), "pgid": None}
            ready = wait([r["conn"] for r in running.values()]
                         + [r["proc"].sentinel for r in running.values()], timeout=1.0)
            for slot, current in list(running.items()):
                result = _poll(current, ready, schedule)
                if result is None:
                    continue
                del running[slot]
                current["proc"].join(timeout=5)
                if current["proc"].is_alive():
                    _kill(current)
                current["conn"].close()
                on_done(current["task"], result, time.monotonic() - current["start"])
    except BaseException:
        for current in running.values():
            _kill(current)
        raise
