"""Execution: the project charter, batches with owners and deadlines, the rhythm, the veto.

Good CX ideas stall between the workshop and the work. Four habits keep them moving:

* a **charter** per project (:class:`Charter`): objectives, benefits, the customer outcome
  and a definition of done agreed before work starts; cxlab refuses a charter without a
  customer outcome or a definition of done;
* **batches** of tasks, each task with an owner and a deadline (:func:`batch_status` says
  which batches are done, on track or late, and which tasks are overdue);
* an **operating rhythm** (:func:`operating_rhythm`): a 15-minute huddle each working day,
  a weekly project meeting, a monthly leaders' review with the dashboard and a monthly
  change board, with the hours each asks of whom;
* the **veto question** "how will this improve the customer experience?" asked of every
  department's investment (:func:`veto_screen`).

>>> Charter(name="Right first bill", sponsor="Chief executive", owner="Head of billing",
...         customer_outcome="", objectives=("Halve first-bill calls",),
...         definition_of_done=("First-bill calls below 6 per 100 new customers",))
Traceback (most recent call last):
...
cxlab.CxlabValueError: customer_outcome must say what changes for the customer (for example \
'the first bill matches what the customer was told'); the charter 'Right first bill' has none
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._validation import CxlabValueError, check_date, check_integer, describe
from .roles import has_customer_reason

__all__ = [
    "MEETINGS",
    "BatchStatus",
    "Charter",
    "Rhythm",
    "batch_status",
    "operating_rhythm",
    "veto_screen",
]

#: Most tasks :func:`batch_status` and most requests :func:`veto_screen` accept.
MAX_ROWS = 5_000


def _words(name: str, value: object, *, charter: str) -> str:
    if not isinstance(value, str):
        raise CxlabValueError(f"{name} must be text, got {describe(value)} (charter {charter!r})")
    return value.strip()


def _items(name: str, value: object, *, charter: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, Sequence):
        raise CxlabValueError(f"{name} must be a list of short sentences, got {describe(value)} "
                              f"(charter {charter!r})")
    items = []
    for item in value:
        if not isinstance(item, str):
            raise CxlabValueError(f"{name} must hold text, got {describe(item)} (charter "
                                  f"{charter!r})")
        if item.strip():
            items.append(item.strip())
    return tuple(items)


@dataclass(frozen=True)
class Charter:
    """A project charter: what the project is for and when it is done.

    Parameters
    ----------
    name : str
        The project's name.
    sponsor : str
        The senior manager who backs it (and removes obstacles).
    owner : str
        The person who runs it day to day.
    customer_outcome : str
        What changes for the customer, in their words. Required.
    objectives : sequence of str
        What the project will achieve (one or more).
    definition_of_done : sequence of str
        How everyone will know the project is done: checks anyone can verify. Required.
    benefits : sequence of str, optional
        For the customer and for the business.
    phases : sequence of str, optional
        The project's main phases (its batches).

    Raises
    ------
    cxlab.CxlabValueError
        If the name, sponsor or owner is blank, there is no customer outcome, no objective
        or no definition of done; the message says what to write.

    Examples
    --------
    >>> charter = Charter(
    ...     name="Right first bill", sponsor="Chief executive", owner="Head of billing",
    ...     customer_outcome="The first bill matches what the customer was told at sale",
    ...     objectives=("Halve calls about the first bill",),
    ...     definition_of_done=("First-bill calls below 6 per 100 new customers for 3 months",),
    ... )
    >>> charter.table().loc["Definition of done", "Charter"]
    'First-bill calls below 6 per 100 new customers for 3 months'
    """

    name: str
    sponsor: str
    owner: str
    customer_outcome: str
    objectives: tuple[str, ...]
    definition_of_done: tuple[str, ...]
    benefits: tuple[str, ...] = field(default=())
    phases: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        name = self.name.strip() if isinstance(self.name, str) else ""
        if not name:
            raise CxlabValueError(f"name must give the project a name, got {describe(self.name)}")
        for attr in ("sponsor", "owner"):
            if not _words(attr, getattr(self, attr), charter=name):
                raise CxlabValueError(f"{attr} must name a person or a role; the charter "
                                      f"{name!r} has none")
        outcome = _words("customer_outcome", self.customer_outcome, charter=name)
        if not outcome:
            raise CxlabValueError(
                "customer_outcome must say what changes for the customer (for example 'the "
                f"first bill matches what the customer was told'); the charter {name!r} has none")
        objectives = _items("objectives", self.objectives, charter=name)
        if not objectives:
            raise CxlabValueError(f"objectives must list at least one objective; the charter "
                                  f"{name!r} has none")
        done = _items("definition_of_done", self.definition_of_done, charter=name)
        if not done:
            raise CxlabValueError(
                "definition_of_done must list at least one check anyone can verify (for example "
                f"'first-bill calls below 6 per 100 new customers'); the charter {name!r} has "
                "none")
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "sponsor", self.sponsor.strip())
        object.__setattr__(self, "owner", self.owner.strip())
        object.__setattr__(self, "customer_outcome", outcome)
        object.__setattr__(self, "objectives", objectives)
        object.__setattr__(self, "definition_of_done", done)
        object.__setattr__(self, "benefits", _items("benefits", self.benefits, charter=name))
        object.__setattr__(self, "phases", _items("phases", self.phases, charter=name))

    def table(self) -> pd.DataFrame:
        """The charter as a one-column table, one row per part, for a lesson or a plan.

        Several items in one part are numbered: ``1. ...; 2. ...``.
        """
        def listing(items: tuple[str, ...]) -> str:
            if len(items) == 1:
                return items[0]
            return "; ".join(f"{i}. {item}" for i, item in enumerate(items, 1)) or "(none yet)"

        rows = {
            "Project": self.name,
            "Sponsor": self.sponsor,
            "Owner": self.owner,
            "Customer outcome": self.customer_outcome,
            "Objectives": listing(self.objectives),
            "Benefits": listing(self.benefits),
            "Definition of done": listing(self.definition_of_done),
            "Phases": listing(self.phases),
        }
        return pd.DataFrame({"Charter": list(rows.values())}, index=list(rows))


# -------------------------------------------------------------------------- batches

_TASK_COLUMNS = ("batch", "task", "owner", "deadline", "done_on")


@dataclass(frozen=True)
class BatchStatus:
    """Status of a project's batches on a day.

    Attributes
    ----------
    batches : pandas.DataFrame
        One row per batch, in order: ``Tasks``, ``Done``, ``Overdue`` (open past their
        deadline), ``Done late``, ``Deadline`` (the batch's last task deadline), ``Owners``
        and ``Status`` (``done``, ``on track``, ``late`` or ``not started``).
    tasks : pandas.DataFrame
        The tasks with ``status`` (``done``, ``done late``, ``open`` or ``overdue``) and
        ``days_overdue``.
    as_of : pandas.Timestamp
    """

    batches: pd.DataFrame
    tasks: pd.DataFrame
    as_of: pd.Timestamp

    @property
    def overdue(self) -> pd.DataFrame:
        """The open tasks past their deadline, most overdue first, with plain column names."""
        late = self.tasks[self.tasks["status"] == "overdue"]
        late = late.sort_values("days_overdue", ascending=False, kind="stable")
        return pd.DataFrame({"Task": late["task"].to_numpy(), "Batch": late["batch"].to_numpy(),
                             "Owner": late["owner"].to_numpy(),
                             "Deadline": late["deadline"].dt.strftime("%d %b %Y").to_numpy(),
                             "Days overdue": late["days_overdue"].to_numpy()},
                            index=pd.Index(late.index, name=None))

    def summary(self) -> str:
        """One or two plain sentences."""
        done = int((self.batches["Status"] == "done").sum())
        text = (f"{done} of {len(self.batches)} batches done by {self.as_of:%d %b %Y}; "
                f"{int(self.tasks['status'].isin(['done', 'done late']).sum())} of "
                f"{len(self.tasks)} tasks done.")
        late = self.overdue
        if len(late):
            owners = ", ".join(dict.fromkeys(late["Owner"]))
            text += (f" {len(late)} task{'s are' if len(late) > 1 else ' is'} overdue "
                     f"(owner{'s' if ', ' in owners else ''}: {owners}).")
        else:
            text += " Nothing is overdue."
        return text

    def __str__(self) -> str:
        return self.summary()


def _dates(frame: pd.DataFrame, column: str, *, blank_ok: bool) -> pd.Series:
    raw = frame[column]
    values = pd.to_datetime(raw, errors="coerce")
    blank = raw.isna() | (raw.astype(str).str.strip() == "")
    bad = values.isna() & ~(blank & blank_ok)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        what = "a date, or blank while open" if blank_ok else "a date"
        raise CxlabValueError(f"{column} must be {what}; task {frame['task'].iloc[i]!r} has "
                              f"{describe(raw.iloc[i])}")
    return values


def batch_status(tasks: pd.DataFrame, *, as_of: object) -> BatchStatus:
    """Which batches are done, on track or late, and which tasks are overdue.

    Parameters
    ----------
    tasks : pandas.DataFrame
        One row per task with ``batch``, ``task``, ``owner``, ``deadline`` and ``done_on``
        (blank while open), e.g. ``cxlab.data.load("flagship_tasks_2027")``. Every task
        needs an owner and a deadline: a task nobody owns, or that is never due, is a wish.
    as_of : date
        The day of the report.

    Returns
    -------
    BatchStatus

    Raises
    ------
    cxlab.CxlabValueError
        For a missing column, a task with no owner or no deadline (naming it), a date that
        is not a date, a task done after ``as_of``, or more than 5,000 tasks.

    Examples
    --------
    >>> tasks = pd.DataFrame({
    ...     "batch": ["1", "1", "2"], "task": ["a", "b", "c"], "owner": ["Ann", "Bo", "Cy"],
    ...     "deadline": ["2027-03-31", "2027-03-31", "2027-06-30"],
    ...     "done_on": ["2027-03-20", "", ""]})
    >>> status = batch_status(tasks, as_of="2027-04-15")
    >>> status.batches["Status"].tolist()
    ['late', 'not started']
    >>> status.overdue["Task"].tolist()
    ['b']
    """
    if not isinstance(tasks, pd.DataFrame):
        raise CxlabValueError(f"tasks must be a table (pandas DataFrame), got {describe(tasks)}")
    missing = [c for c in _TASK_COLUMNS if c not in tasks.columns]
    if missing:
        raise CxlabValueError(f"tasks must have the columns {', '.join(_TASK_COLUMNS)}; it is "
                              f"missing {', '.join(missing)}")
    if not 1 <= len(tasks) <= MAX_ROWS:
        raise CxlabValueError(f"tasks must have 1 to {MAX_ROWS} rows, got {len(tasks)}")
    today = check_date("as_of", as_of, example="2027-04-15").normalize()
    frame = tasks.reset_index(drop=True).copy()
    owner = frame["owner"].fillna("").astype(str).str.strip()
    if (owner == "").any():
        task = frame["task"].iloc[int(np.flatnonzero((owner == "").to_numpy())[0])]
        raise CxlabValueError(f"owner must name who does each task; task {task!r} has no owner")
    deadline = _dates(frame, "deadline", blank_ok=False)
    done_on = _dates(frame, "done_on", blank_ok=True)
    future = done_on > today
    if future.any():
        task = frame["task"].iloc[int(np.flatnonzero(future.to_numpy())[0])]
        raise CxlabValueError(f"done_on must not be after as_of ({today:%Y-%m-%d}); task "
                              f"{task!r} is done on {done_on[future].iloc[0]:%Y-%m-%d}")
    is_done = done_on.notna()
    status = np.select([is_done & (done_on > deadline), is_done, deadline < today],
                       ["done late", "done", "overdue"], default="open")
    frame["owner"] = owner
    frame["deadline"], frame["done_on"] = deadline, done_on
    frame["status"] = status
    frame["days_overdue"] = np.where(status == "overdue", (today - deadline).dt.days, 0)
    rows = []
    for batch, part in frame.groupby("batch", sort=False):
        done = int(part["status"].isin(["done", "done late"]).sum())
        overdue = int((part["status"] == "overdue").sum())
        late = int((part["status"] == "done late").sum())
        if done == len(part):
            verdict = "done"
        elif overdue:
            verdict = "late"
        elif done == 0:
            verdict = "not started"
        else:
            verdict = "on track"
        rows.append({"Batch": batch, "Tasks": len(part), "Done": done, "Overdue": overdue,
                     "Done late": late, "Deadline": part["deadline"].max(),
                     "Owners": ", ".join(dict.fromkeys(part["owner"])), "Status": verdict})
    batches = pd.DataFrame(rows).set_index("Batch")
    return BatchStatus(batches=batches, tasks=frame, as_of=today)


# -------------------------------------------------------------------------- rhythm

#: The meetings of the operating rhythm: name -> (when, who attends, what it is for).
MEETINGS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "Huddle": ("every working day", ("project team", "project lead"),
               "plan the day, clear blockers"),
    "Weekly project meeting": ("every Monday", ("project team", "project lead"),
                               "review the task list and blockers, celebrate milestones, "
                               "plan next week"),
    "Leaders' review": ("first Tuesday of the month", ("leaders", "project lead"),
                        "review the dashboard, decide on what is stuck"),
    "Change board": ("last Thursday of the month", ("change board", "project lead"),
                     "qualify and rank new requests, allocate resources"),
}


@dataclass(frozen=True)
class Rhythm:
    """The operating rhythm of one month.

    Attributes
    ----------
    calendar : pandas.DataFrame
        One row per meeting: ``Date``, ``Meeting``, ``Minutes``, ``Who`` and ``Purpose``.
    hours : pandas.DataFrame
        Per attendee group (index): hours in each kind of meeting and ``Total hours``.
    month : pandas.Period
    """

    calendar: pd.DataFrame
    hours: pd.DataFrame
    month: pd.Period

    def summary(self) -> str:
        """One plain sentence per attendee group."""
        parts = [f"{group}: {row['Total hours']:.2f} h" for group, row in self.hours.iterrows()]
        return (f"{self.month:%B %Y}: {len(self.calendar)} meetings. Hours a month per "
                f"person, {'; '.join(parts)}.")

    def __str__(self) -> str:
        return self.summary()


def _holidays(holidays: object) -> set[pd.Timestamp]:
    """The days of ``holidays`` (a list of dates, one date, or None for none)."""
    if holidays is None:
        return set()
    if isinstance(holidays, (str, _dt.date, np.datetime64)):
        holidays = [holidays]
    wanted = "holidays must be dates such as '2027-12-27'"
    if (isinstance(holidays, (dict, pd.DataFrame)) or not hasattr(holidays, "__iter__")
            or (isinstance(holidays, np.ndarray) and holidays.ndim != 1)):
        raise CxlabValueError(f"{wanted} (a list of them), got {describe(holidays)}")
    off = set()
    for day in holidays:
        try:
            off.add(check_date("holidays", day).normalize())
        except CxlabValueError:
            raise CxlabValueError(f"{wanted}, got {describe(day)}") from None
    return off


def operating_rhythm(
    month: str | pd.Period,
    *,
    huddle_minutes: int = 15,
    weekly_minutes: int = 60,
    review_minutes: int = 90,
    board_minutes: int = 120,
    holidays: Sequence[object] = (),
) -> Rhythm:
    """The meetings of a month's operating rhythm, and the hours they ask of whom.

    A huddle each working day (Monday to Friday, not on ``holidays``), the weekly project
    meeting each Monday that is a working day, the leaders' review on the first working
    Tuesday and the change board on the last working Thursday of the month (see
    :data:`MEETINGS`).

    Parameters
    ----------
    month : str or pandas.Period
        The month, e.g. ``"2027-10"``.
    huddle_minutes, weekly_minutes, review_minutes, board_minutes : int
        Length of each meeting, 1 to 480 minutes. The huddle is meant to be short: 15.
    holidays : sequence of dates
        Days with no meetings (public holidays).

    Returns
    -------
    Rhythm

    Raises
    ------
    cxlab.CxlabValueError
        For a month that is not a month, a length outside 1-480 minutes, or a holiday that
        is not a date.

    Examples
    --------
    >>> rhythm = operating_rhythm("2027-10")
    >>> rhythm.calendar["Meeting"].value_counts().to_dict()
    {'Huddle': 21, 'Weekly project meeting': 4, "Leaders' review": 1, 'Change board': 1}
    >>> rhythm.hours.loc["project team", "Total hours"]
    np.float64(9.25)
    """
    try:
        period = pd.Period(month, freq="M")
    except (TypeError, ValueError):
        period = pd.NaT
    if period is pd.NaT or month is None:
        raise CxlabValueError(f"month must be a month such as '2027-10', got {describe(month)}")
    lengths = {}
    for name, value in (("huddle_minutes", huddle_minutes), ("weekly_minutes", weekly_minutes),
                        ("review_minutes", review_minutes), ("board_minutes", board_minutes)):
        minutes = check_integer(name, value, minimum=1, scalar=True)
        if minutes > 480:
            raise CxlabValueError(f"{name} must be at most 480 (a working day), got {minutes}")
        lengths[name] = minutes
    off = _holidays(holidays)
    days = pd.date_range(period.start_time, period.end_time.normalize(), freq="D")
    working = [d for d in days if d.day_of_week < 5 and d not in off]
    meetings = []
    for day in working:
        meetings.append((day, "Huddle", lengths["huddle_minutes"]))
        if day.day_of_week == 0:
            meetings.append((day, "Weekly project meeting", lengths["weekly_minutes"]))
    tuesdays = [d for d in working if d.day_of_week == 1]
    thursdays = [d for d in working if d.day_of_week == 3]
    if tuesdays:
        meetings.append((tuesdays[0], "Leaders' review", lengths["review_minutes"]))
    if thursdays:
        meetings.append((thursdays[-1], "Change board", lengths["board_minutes"]))
    calendar = pd.DataFrame(meetings, columns=["Date", "Meeting", "Minutes"])
    calendar = calendar.sort_values(["Date", "Minutes"], kind="stable").reset_index(drop=True)
    calendar["Who"] = [", ".join(MEETINGS[m][1]) for m in calendar["Meeting"]]
    calendar["Purpose"] = [MEETINGS[m][2] for m in calendar["Meeting"]]
    groups = list(dict.fromkeys(g for _, who, _ in MEETINGS.values() for g in who))
    minutes = calendar.groupby("Meeting", sort=False)["Minutes"].sum()
    hours = pd.DataFrame(0.0, index=pd.Index(groups, name="Attendee"), columns=list(MEETINGS))
    for meeting, (_, who, _) in MEETINGS.items():
        hours.loc[list(who), meeting] = minutes.get(meeting, 0) / 60
    hours["Total hours"] = hours.sum(axis=1)
    return Rhythm(calendar=calendar, hours=hours, month=period)


# -------------------------------------------------------------------------- veto

def veto_screen(requests: pd.DataFrame) -> pd.DataFrame:
    """Ask every investment "how will this improve the customer experience?".

    Each request's answer (``customer_reason``) is screened with
    :func:`~cxlab.organisation.has_customer_reason`: it must name the customer and not be
    a non-reason (what competitors do, what the software includes, who asked). Then:

    * no customer reason: **veto**, until the department says what changes for customers;
    * a customer reason but no ``measure``: **ask for a measure**, since nobody could tell
      whether it worked;
    * both: **passes** the veto question (the change board still ranks it on cost and
      benefit).

    Parameters
    ----------
    requests : pandas.DataFrame
        One row per request with ``investment`` and ``customer_reason`` (blank if none
        given), and optionally ``measure``; e.g. ``cxlab.data.load("investment_requests_2027")``.

    Returns
    -------
    pandas.DataFrame
        ``requests`` with ``verdict`` (``veto``, ``ask for a measure`` or ``passes``) and
        ``why`` (a plain sentence).

    Raises
    ------
    cxlab.CxlabValueError
        For a missing column, a reason that is not text, or more than 5,000 requests.

    Examples
    --------
    >>> requests = pd.DataFrame({
    ...     "investment": ["Live chat", "Bill reminder text"],
    ...     "customer_reason": ["Every competitor has it",
    ...                         "New customers know their first bill before it arrives"],
    ...     "measure": ["", "First-bill calls per 100 new customers"]})
    >>> veto_screen(requests)["verdict"].tolist()
    ['veto', 'passes']
    """
    if not isinstance(requests, pd.DataFrame):
        raise CxlabValueError(f"requests must be a table (pandas DataFrame), got "
                              f"{describe(requests)}")
    missing = [c for c in ("investment", "customer_reason") if c not in requests.columns]
    if missing:
        raise CxlabValueError(f"requests must have the columns investment and customer_reason; "
                              f"it is missing {', '.join(missing)}")
    if len(requests) > MAX_ROWS:
        raise CxlabValueError(f"requests must have at most {MAX_ROWS} rows, got {len(requests)}")
    out = requests.copy()
    reasons = [None if r is None or r is pd.NA or (isinstance(r, float) and np.isnan(r))
               else r for r in out["customer_reason"]]
    for reason, investment in zip(reasons, out["investment"], strict=True):
        if reason is not None and not isinstance(reason, str):
            raise CxlabValueError(f"customer_reason must be text; {investment!r} has "
                                  f"{describe(reason)}")
    has_reason = [has_customer_reason(r) for r in reasons]
    if "measure" in out.columns:
        measure = out["measure"].fillna("").astype(str).str.strip() != ""
    else:
        measure = pd.Series(False, index=out.index)
    verdicts, whys = [], []
    for ok, measured, reason in zip(has_reason, measure, reasons, strict=True):
        if not ok:
            verdicts.append("veto")
            whys.append("no customer reason given" if not (reason or "").strip() else
                        "the reason given is not the customer's: say what changes for them")
        elif not measured:
            verdicts.append("ask for a measure")
            whys.append("a customer reason, but no way to tell whether it worked")
        else:
            verdicts.append("passes")
            whys.append("a customer reason and a measure: rank it at the change board")
    out["verdict"], out["why"] = verdicts, whys
    return out
