"""The room at a glance: what each participant has done and where their answers go wrong.

During a live session the trainer sees, per participant, which lessons they opened, which
exercises they have right, which ones their latest answer has wrong, and how far their
assessments are, without opening anyone's notebook. It is read from the progress each
participant's workspace keeps (:mod:`cxlab.progress`: ``<workspace>/.cxlab/progress.jsonl``),
so nothing new is recorded for it.

On the cohort hub each participant's workspace is their home folder, which only they (and
root) can read: ``sudo python3 hub/cohort.py room`` runs ``cxlab room`` as root over the hub's
roster. Elsewhere name the workspaces with ``--workspace`` (``/srv/work/{participant}``).

A participant writes their own progress file, so everything read from it is treated as theirs
to shape: a file that is not a plain file owned by the workspace's owner (a link to someone
else's file, a pipe that would never end) is not read, sizes are capped (the progress log's
own :data:`cxlab.progress.MAX_LOG_BYTES`), and every name shown passes
:func:`cxlab.grading._safe.terminal_safe`.

Run ``cxlab room --roster roster.csv``; :func:`room` returns the same as a :class:`Room`.
"""

from __future__ import annotations

import csv
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import progress as _progress
from .._validation import CxlabValueError
from ..workspace import COURSE_FOLDER
from ._course import GradingError
from ._safe import terminal_safe

__all__ = ["Room", "Seat", "room", "workspaces_from_roster"]

#: Where a participant's workspace is when ``--workspace`` is not given: their home folder.
HOME = "~{participant}"


@dataclass(frozen=True)
class Seat:
    """One participant's progress.

    ``exercises_right`` and ``exercises_wrong`` name exercises as ``"01.02 answer_agents"``
    (lesson and answer cell), by their latest check; ``wrong_checks`` counts every check that
    was wrong, the ones put right later included. ``assessments`` maps a module number to
    ``"3 of 5 answered"`` or ``"ready to hand in"``. ``note`` says why nothing could be read
    (no progress yet, or a file that was not read).
    """

    participant: str
    workspace: Path
    events: int
    last_seen: str | None
    lessons_opened: tuple[str, ...]
    exercises_right: tuple[str, ...]
    exercises_wrong: tuple[str, ...]
    wrong_checks: int
    assessments: tuple[tuple[str, str], ...] = ()
    note: str = ""

    def row(self, lessons: int | None, exercises: int | None) -> dict[str, str]:
        """The participant's row of :meth:`Room.table`, in plain words."""
        def of(count: int, total: int | None) -> str:
            return f"{count} of {total}" if total else str(count)

        wrong = ", ".join(self.exercises_wrong) if self.exercises_wrong else "none"
        return {
            "Participant": terminal_safe(self.participant, 40),
            "Last activity": _clock(self.last_seen) if self.last_seen else self.note or "none",
            "Lessons opened": of(len(self.lessons_opened), lessons),
            "Exercises right": of(len(self.exercises_right), exercises),
            "Wrong now": terminal_safe(wrong, 200),
            "Assessments": "; ".join(f"{m}: {s}" for m, s in self.assessments) or "none",
        }


@dataclass(frozen=True)
class Room:
    """Every participant's :class:`Seat`, with the course's totals (None when the course's
    notebooks were not found)."""

    seats: tuple[Seat, ...]
    lessons: int | None
    exercises: int | None

    def table(self):
        """One row per participant, in plain words (a pandas DataFrame)."""
        import pandas as pd

        columns = ["Participant", "Last activity", "Lessons opened", "Exercises right",
                   "Wrong now", "Assessments"]
        return pd.DataFrame([s.row(self.lessons, self.exercises) for s in self.seats],
                            columns=columns)

    def trouble(self):
        """One row per exercise someone's latest answer has wrong, most such people first:
        where the room goes wrong (a pandas DataFrame)."""
        import pandas as pd

        tried: dict[str, int] = {}
        wrong: dict[str, list[str]] = {}
        for seat in self.seats:
            for name in seat.exercises_right + seat.exercises_wrong:
                tried[name] = tried.get(name, 0) + 1
            for name in seat.exercises_wrong:
                wrong.setdefault(name, []).append(seat.participant)
        rows: list[dict[str, Any]] = [
            {"Exercise": terminal_safe(name, 80), "Wrong now": len(people),
             "Tried": tried[name], "Who": terminal_safe(", ".join(people), 200)}
            for name, people in wrong.items()]
        rows.sort(key=lambda r: (-r["Wrong now"], r["Exercise"]))
        return pd.DataFrame(rows, columns=["Exercise", "Wrong now", "Tried", "Who"])

    def __str__(self) -> str:
        lines = [f"The room: {len(self.seats)} participant(s)", "",
                 self.table().to_string(index=False)]
        trouble = self.trouble()
        lines += ["", "Where answers go wrong:" if len(trouble) else
                  "Where answers go wrong: nowhere yet (no latest answer is wrong)."]
        if len(trouble):
            lines.append(trouble.to_string(index=False))
        return "\n".join(lines)


def _clock(at: str) -> str:
    """``2026-01-05T10:07:03.120+00:00`` as ``2026-01-05 10:07 UTC``."""
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(at)
    except ValueError:
        return terminal_safe(at, 32)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _owner(workspace: Path) -> int | None:
    try:
        return workspace.stat().st_uid
    except OSError:
        return None


def _read_log(workspace: Path) -> tuple[list[dict], str]:
    """The events of ``workspace``'s progress file and, when none could be read, why."""
    path = _progress.log_path(workspace)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return [], "no progress yet"
    except OSError as exc:
        return [], f"progress file not read ({exc.strerror or exc.__class__.__name__})"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return [], "progress file not read (not a plain file)"
        owner = _owner(workspace)
        if owner is not None and info.st_uid not in (owner, os.geteuid()):
            return [], "progress file not read (it belongs to someone else)"
        data = b""
        while len(data) <= _progress.MAX_LOG_BYTES:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            data += chunk
    finally:
        os.close(fd)
    events = []
    for line in data[:_progress.MAX_LOG_BYTES].decode("utf-8", errors="replace").splitlines():
        if not line.strip():
            continue
        try:
            events += _progress.parse_log(line)
        except CxlabValueError:
            continue  # a line cut short, or not an event
    return events, ""


def _seat(participant: str, workspace: Path, catalogue: dict) -> Seat:
    events, note = _read_log(workspace)
    known = {(lesson, name) for module in catalogue.values()
             for lesson, names in module.lessons.items() for name in names}
    lessons_known = {lesson for module in catalogue.values() for lesson in module.lessons}
    opened: set[str] = set()
    latest: dict[tuple[str, str], bool] = {}
    wrong_checks = 0
    assessments: dict[str, str] = {}
    last = None
    for event in sorted(events, key=lambda e: e["at"]):
        last = event["at"]
        lesson, kind = event.get("lesson"), event["kind"]
        if kind in ("opened", "exercise") and isinstance(lesson, str):
            if not catalogue or lesson in lessons_known:
                opened.add(lesson)
        if kind == "exercise" and isinstance(lesson, str):
            key = (lesson, str(event.get("exercise")))
            if catalogue and key not in known:
                continue
            correct = event.get("correct") is True
            latest[key] = correct
            wrong_checks += not correct
        elif kind == "assessment" and lesson is None and isinstance(event.get("module"), str):
            answered, questions = event.get("answered"), event.get("questions")
            assessments[terminal_safe(event["module"], 8)] = (
                "ready to hand in" if event.get("ready") is True
                else f"{answered} of {questions} answered"
                if isinstance(answered, int) and isinstance(questions, int) else "started")
    named = {key: f"{key[0]} {key[1]}" for key in latest}
    return Seat(
        participant=participant,
        workspace=workspace,
        events=len(events),
        last_seen=last,
        lessons_opened=tuple(sorted(opened)),
        exercises_right=tuple(sorted(named[k] for k, ok in latest.items() if ok)),
        exercises_wrong=tuple(sorted(named[k] for k, ok in latest.items() if not ok)),
        wrong_checks=wrong_checks,
        assessments=tuple(sorted((m, terminal_safe(s, 40)) for m, s in assessments.items())),
        note=note,
    )


def room(workspaces: Mapping[str, str | os.PathLike], *,
         course_dir: str | os.PathLike | None = None) -> Room:
    """Every participant's progress, read from their workspace.

    Parameters
    ----------
    workspaces : mapping
        Participant id -> their workspace folder (on the cohort hub, their home folder:
        :func:`workspaces_from_roster`). At most 10,000.
    course_dir : path, optional
        The course whose lessons and exercises are counted (default: the ``course`` folder
        of the first workspace that has one). Only its lessons and exercises are shown.

    Returns
    -------
    Room

    Raises
    ------
    cxlab.CxlabValueError
        If ``workspaces`` is empty or too large.

    Examples
    --------
    >>> import tempfile
    >>> from cxlab import progress
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     lesson = Path(tmp) / "ann" / "course" / "01-x" / "01.02-erlang-c.ipynb"
    ...     _ = progress.record("exercise", lesson, workspace=Path(tmp) / "ann",
    ...                         exercise="answer_agents", correct=False)
    ...     seen = room({"ann": Path(tmp) / "ann", "ben": Path(tmp) / "ben"})
    >>> [(s.participant, s.exercises_wrong, s.note) for s in seen.seats]
    [('ann', ('01.02 answer_agents',), ''), ('ben', (), 'no progress yet')]
    """
    if not isinstance(workspaces, Mapping) or not workspaces:
        raise CxlabValueError(f"workspaces must map each participant id to their workspace "
                              f"folder; got {workspaces!r}")
    if len(workspaces) > 10_000:
        raise CxlabValueError(f"workspaces must name at most 10,000 participants; got "
                              f"{len(workspaces):,}")
    folders = {str(p): Path(w) for p, w in workspaces.items()}
    if course_dir is None:
        course_dir = next((w / COURSE_FOLDER for w in folders.values()
                           if (w / COURSE_FOLDER).is_dir()), None)
    catalogue = _progress.catalogue(course_dir) if course_dir is not None else {}
    seats = tuple(_seat(p, w, catalogue) for p, w in folders.items())
    lessons = sum(len(m.lessons) for m in catalogue.values()) or None
    exercises = sum(len(n) for m in catalogue.values() for n in m.lessons.values()) or None
    return Room(seats, lessons, exercises)


def workspaces_from_roster(roster: str | os.PathLike, *, pattern: str = HOME
                           ) -> dict[str, Path]:
    """Participant id -> workspace folder for every row of a roster CSV (the one ``cxlab
    collect`` reads). ``pattern`` names the folder with ``{participant}`` in it; the default,
    ``~{participant}``, is the home folder of the account of that name (the cohort hub's
    layout).

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as fh:
    ...     _ = fh.write("participant_id,name\\nann,Ann Lee\\n")
    >>> workspaces_from_roster(fh.name, pattern="/srv/work/{participant}")
    {'ann': PosixPath('/srv/work/ann')}
    """
    if "{participant}" not in pattern:
        raise CxlabValueError(f"pattern must contain {{participant}}; got {pattern!r}")
    try:
        with open(roster, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise GradingError(f"roster must be a readable CSV file; got {str(roster)!r} "
                           f"({exc.strerror})") from None
    if not rows or "participant_id" not in rows[0]:
        raise GradingError(f"roster must be a CSV with a participant_id column; got "
                           f"{str(roster)!r} with columns {list(rows[0]) if rows else []}")
    found: dict[str, Path] = {}
    for row in rows:
        pid = (row.get("participant_id") or "").strip()
        if not pid or pid in found:
            continue
        if pattern == HOME:
            import pwd  # Unix: the cohort hub's accounts

            try:
                found[pid] = Path(pwd.getpwnam(pid).pw_dir)
            except KeyError:
                raise GradingError(
                    f"participant_id {pid!r} has no account here, so it has no home folder; "
                    "name the workspaces with --workspace '/path/to/{participant}'") from None
        else:
            found[pid] = Path(pattern.replace("{participant}", pid)).expanduser()
    return found
