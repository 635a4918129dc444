"""Roadmap: batch initiatives into short, mid and long term, and the monthly change board.

**Planning rule** (:func:`plan_roadmap`). Each period has a capacity in person-weeks of the
organisation's own effort. Initiatives are taken one at a time, highest priority first, but
never before the initiatives they depend on; each goes into the earliest period that is not
earlier than any of its dependencies and still has room for its whole effort (initiatives are
not split: split a big one into phases in the backlog). An initiative a higher-priority one
depends on inherits that priority, so a low-scoring enabler is not left behind the work that
needs it. Work already ``in progress`` is placed first. ``done`` work is skipped, ``on hold``
work is left out and so is everything that waits for it. What does not fit by the end of the
last period is listed in ``not_planned`` with the reason.

**Change board** (:func:`change_board`). A new request is qualified against criteria (an
owner, a customer pain point it removes, enough value, not already on the roadmap); qualified
requests are ranked with everything not yet started and the roadmap is planned again, with
work in progress kept where it is. The board sees each accepted request with its deadline and
resources, each rejected one with its reasons, and what gets pushed back.

>>> backlog = load_backlog()
>>> roadmap = plan_roadmap(backlog, capacity=[30, 60, 90])  # person-weeks per period
>>> roadmap.plan.loc["CX-02", "period"]
'Short term'
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._validation import CxlabValueError, as_float_array, check_integer, describe
from .backlog import load_backlog, validate_backlog  # noqa: F401  (load_backlog: doctest)
from .scoring import priority_scores

__all__ = [
    "DEFAULT_CRITERIA",
    "DEFAULT_PERIODS",
    "ChangeBoardDecision",
    "Roadmap",
    "change_board",
    "dependency_order",
    "plan_roadmap",
]

#: Period names and their length in months.
DEFAULT_PERIODS: tuple[tuple[str, int], ...] = (("Short term", 3), ("Mid term", 6),
                                                 ("Long term", 9))


def dependency_order(backlog: pd.DataFrame) -> list[str]:
    """Codes in an order where every initiative comes after those it depends on.

    Raises
    ------
    CxlabValueError
        If dependencies go round in a circle, naming it: ``CX-1 -> CX-2 -> CX-1``.
    """
    table = validate_backlog(backlog)
    deps = {code: tuple(d) for code, d in table["dependencies"].items()}
    order: list[str] = []
    state: dict[str, int] = {}  # 1 = being visited, 2 = done

    def visit(code: str, path: list[str]) -> None:
        if state.get(code) == 2:
            return
        if state.get(code) == 1:
            cycle = path[path.index(code):] + [code]
            raise CxlabValueError("the dependencies go round in a circle: "
                                  + " -> ".join(cycle)
                                  + "; one of these must not wait for the others")
        state[code] = 1
        for dep in deps[code]:
            visit(dep, [*path, code])
        state[code] = 2
        order.append(code)

    for code in table.index:
        visit(code, [])
    return order


@dataclass(frozen=True)
class Roadmap:
    """A planned roadmap.

    Attributes
    ----------
    plan : DataFrame
        One row per planned initiative, by period then order: title, domain, owner, status,
        effort, priority, ``period`` (name), ``period_number`` (1 = first), ``deadline``.
    not_planned : DataFrame
        Initiatives left out, each with the ``reason``.
    load : DataFrame
        Per period: ``capacity``, ``planned`` and ``free`` person-weeks, ``ends`` (date).
    backlog : DataFrame
        The validated backlog the plan was made from (with ``priority``).
    """

    plan: pd.DataFrame
    not_planned: pd.DataFrame
    load: pd.DataFrame
    backlog: pd.DataFrame
    periods: tuple[tuple[str, int], ...]
    start: pd.Timestamp
    capacity: tuple[float, ...] = field(default=())

    def period_of(self, code: str) -> str | None:
        """The period an initiative is planned in, or None if it is not planned."""
        return self.plan["period"].get(code)

    def summary(self) -> str:
        """A few plain lines: what goes where, and what is left out."""
        lines = []
        for name, row in self.load.iterrows():
            codes = self.plan.index[self.plan["period"] == name]
            lines.append(f"{name} (to {row['ends']:%d %b %Y}): {len(codes)} initiatives, "
                         f"{row['planned']:g} of {row['capacity']:g} person-weeks")
        if len(self.not_planned):
            lines.append(f"Not planned: {', '.join(self.not_planned.index)}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def _capacities(capacity: object, periods: Sequence[tuple[str, int]]) -> tuple[float, ...]:
    values = as_float_array("capacity", capacity)
    if values.ndim == 0:
        values = np.full(len(periods), float(values))
    if values.ndim != 1 or len(values) != len(periods):
        raise CxlabValueError(f"capacity must be one number (person-weeks per period) or one "
                              f"per period ({len(periods)}), got {describe(capacity)}")
    if (values <= 0).any():
        raise CxlabValueError(f"capacity must be above 0 person-weeks in every period, got "
                              f"{describe(capacity)}")
    return tuple(float(v) for v in values)


def _periods(periods: object) -> tuple[tuple[str, int], ...]:
    try:
        checked = tuple((str(name), int(months)) for name, months in periods)  # type: ignore
    except (TypeError, ValueError) as exc:
        raise CxlabValueError("periods must be pairs of (name, months), like "
                              f"{DEFAULT_PERIODS}; got {describe(periods)}") from exc
    if not checked or any(months < 1 for _, months in checked):
        raise CxlabValueError(f"periods need at least one period of 1 month or more, got "
                              f"{describe(periods)}")
    return checked


def plan_roadmap(
    backlog: pd.DataFrame,
    capacity: object,
    *,
    periods: Sequence[tuple[str, int]] = DEFAULT_PERIODS,
    priority: pd.Series | None = None,
    start: str | pd.Timestamp = "2027-01-01",
    pinned: Mapping[str, int] | None = None,
) -> Roadmap:
    """Batch the backlog into periods under a capacity, in dependency order.

    Parameters
    ----------
    backlog : DataFrame
        A backlog (see :mod:`cxlab.prioritisation.backlog`).
    capacity : number or list of numbers
        Person-weeks of own effort available per period (one number for all periods).
    periods : list of (name, months), default short (3), mid (6) and long term (9 months)
    priority : Series, optional
        Priority per code, higher first; by default :func:`priority_scores`' ``priority``.
    start : date, default 2027-01-01
        When the first period starts (deadlines are the ends of periods).
    pinned : dict of code -> period number, optional
        Initiatives that must stay in a period (1 = first), e.g. work already started.

    Raises
    ------
    CxlabValueError
        For an empty backlog, a dependency circle (named), a capacity that is not above 0,
        or an initiative larger than every period's capacity (split it or add capacity).
    """
    table = validate_backlog(backlog)
    periods = _periods(periods)
    caps = _capacities(capacity, periods)
    try:
        start_at = pd.Timestamp(start)
    except (TypeError, ValueError) as exc:
        raise CxlabValueError(f"start must be a date like '2027-01-01', got "
                              f"{describe(start)}") from exc
    if pd.isna(start_at):
        raise CxlabValueError(f"start must be a date like '2027-01-01', got {describe(start)}")
    order = dependency_order(table)
    if priority is None:
        scores = priority_scores(table, include_done=True)["priority"]
    else:
        if not isinstance(priority, Mapping) and (isinstance(priority, pd.DataFrame)
                                                  or np.ndim(priority) != 1):
            raise CxlabValueError(f"priority must give a number per initiative code (a Series "
                                  f"or a dict such as {{'A': 3.2, 'B': 2.5}}), got "
                                  f"{describe(priority)}")
        scores = pd.to_numeric(pd.Series(priority), errors="coerce")
        scores = scores.where(np.isfinite(scores.astype(float)))  # infinity is no priority
        missing = [c for c in table.index if c not in scores.index or pd.isna(scores[c])]
        if missing:
            raise CxlabValueError(f"priority has no number for {', '.join(missing[:5])}")
    table = table.assign(priority=scores.reindex(table.index).astype(float))
    active = table[table["status"] != "done"]
    too_big = active[(active["effort"] > max(caps)) & (active["status"] != "on hold")]
    if len(too_big):
        code = too_big.index[0]
        raise CxlabValueError(
            f"{code} ({table.loc[code, 'title']}) needs {too_big.loc[code, 'effort']:g} "
            f"person-weeks but no period has more than {max(caps):g}: split it into phases in "
            "the backlog, or raise the capacity")

    # Priority inheritance: an enabler ranks as high as the best initiative waiting for it.
    effective = table["priority"].to_dict()
    for code in reversed(order):  # dependants come later in `order`: push their priority down
        for dep in table.loc[code, "dependencies"]:
            effective[dep] = max(effective[dep], effective[code])

    if pinned is not None and not isinstance(pinned, Mapping):
        raise CxlabValueError(f"pinned must map initiative codes to period numbers, such as "
                              f"{{'A': 1}}; got {describe(pinned)}")
    pinned = dict(pinned or {})
    for code, number in pinned.items():
        if not isinstance(code, str) or code not in table.index:
            raise CxlabValueError(f"pinned names {code!r}, which is not in the backlog")
        try:
            period_number = check_integer("pinned", number, scalar=True)
        except CxlabValueError:
            period_number = 0
        if not 1 <= period_number <= len(periods):
            raise CxlabValueError(f"pinned period for {code} must be from 1 to {len(periods)}, "
                                  f"got {describe(number)}")
        pinned[code] = period_number
    for code in active.index[active["status"] == "in progress"]:
        pinned.setdefault(code, 1)

    free = list(caps)
    period_of: dict[str, int] = {}
    reasons: dict[str, str] = {}
    done = set(table.index[table["status"] == "done"])
    waiting = {c: {d for d in table.loc[c, "dependencies"] if d not in done}
               for c in active.index}
    dependants: dict[str, list[str]] = {c: [] for c in table.index}
    for code, deps in waiting.items():
        for dep in deps:
            dependants[dep].append(code)

    def drop(code: str, reason: str) -> None:
        reasons[code] = reason
        for later in dependants[code]:
            if later not in reasons and later not in period_of:
                drop(later, f"waits for {code}, which is not planned")

    rank = {code: i for i, code in enumerate(order)}
    heap = [(0 if c in pinned else 1, -effective[c], rank[c], c)
            for c, deps in waiting.items() if not deps]
    heapq.heapify(heap)
    while heap:
        *_, code = heapq.heappop(heap)
        if code in reasons or code in period_of:
            continue
        row = table.loc[code]
        if row["status"] == "on hold":
            drop(code, "on hold")
        else:
            earliest = max((period_of[d] for d in waiting[code]), default=0)
            if code in pinned:
                earliest = max(earliest, int(pinned[code]) - 1)
            slot = next((p for p in range(earliest, len(periods))
                         if free[p] + 1e-9 >= row["effort"]), None)
            if slot is None:
                drop(code, f"no room left from the {periods[earliest][0].lower()} on "
                           f"({row['effort']:g} person-weeks needed)")
            else:
                free[slot] -= row["effort"]
                period_of[code] = slot
        for later in dependants[code]:
            waiting_for = waiting[later]
            if all(d in period_of or d in reasons for d in waiting_for) and later not in reasons:
                heapq.heappush(heap, (0 if later in pinned else 1, -effective[later],
                                      rank[later], later))

    ends = []
    months = 0
    for _, length in periods:
        months += length
        ends.append(start_at + pd.DateOffset(months=months) - pd.Timedelta(days=1))
    planned_codes = sorted(period_of, key=lambda c: (period_of[c], -effective[c], rank[c]))
    plan = table.loc[planned_codes, ["title", "domain", "owner", "status", "effort", "cost",
                                     "priority", "dependencies"]].copy()
    plan["period_number"] = [period_of[c] + 1 for c in planned_codes]
    plan["period"] = [periods[period_of[c]][0] for c in planned_codes]
    plan["deadline"] = [ends[period_of[c]] for c in planned_codes]
    left = [c for c in order if c in reasons]
    not_planned = table.loc[left, ["title", "domain", "owner", "status", "effort",
                                   "priority"]].copy()
    not_planned["reason"] = [reasons[c] for c in left]
    load = pd.DataFrame({
        "capacity": caps,
        "planned": [float(plan.loc[plan["period_number"] == i + 1, "effort"].sum())
                    for i in range(len(periods))],
        "ends": ends,
    }, index=pd.Index([name for name, _ in periods], name="period"))
    load.insert(2, "free", load["capacity"] - load["planned"])
    return Roadmap(plan=plan, not_planned=not_planned, load=load, backlog=table,
                   periods=periods, start=start_at, capacity=caps)


# ---------------------------------------------------------------- change board

Criterion = Callable[[pd.Series, Roadmap], bool]


def _has_owner(request: pd.Series, roadmap: Roadmap) -> bool:
    return bool(str(request.get("owner", "")).strip())


def _names_pain_point(request: pd.Series, roadmap: Roadmap) -> bool:
    value = request.get("pain_point", "")
    return isinstance(value, str) and bool(value.strip())


def _enough_value(request: pd.Series, roadmap: Roadmap) -> bool:
    return 0.6 * request["customer_benefit"] + 0.4 * request["business_benefit"] >= 2.5


def _not_a_duplicate(request: pd.Series, roadmap: Roadmap) -> bool:
    titles = {str(t).strip().lower() for t in roadmap.backlog["title"]}
    return str(request["title"]).strip().lower() not in titles


#: Qualification criteria: plain-words reason shown when a request fails -> test.
DEFAULT_CRITERIA: dict[str, Criterion] = {
    "no owner named to run and fund it": _has_owner,
    "no customer pain point named (the pain_point column)": _names_pain_point,
    "too little value (0.6 x customer + 0.4 x business benefit below 2.5)": _enough_value,
    "already on the roadmap under the same title": _not_a_duplicate,
}


@dataclass(frozen=True)
class ChangeBoardDecision:
    """What the change board decided this month.

    ``accepted``: qualified requests with their period, deadline, owner and effort (those
    that did not fit are there too, with period ``not planned``); ``rejected``: requests
    with the criteria they failed; ``pushed_back``: roadmap initiatives now planned later
    (or no longer planned) because of the accepted requests; ``roadmap``: the new plan.
    """

    accepted: pd.DataFrame
    rejected: pd.DataFrame
    pushed_back: pd.DataFrame
    roadmap: Roadmap

    def summary(self) -> str:
        """Plain lines for the board's minutes."""
        lines = [f"{len(self.accepted)} request(s) qualified, {len(self.rejected)} rejected."]
        for code, row in self.accepted.iterrows():
            when = (f"{row['period']}, due {row['deadline']:%d %b %Y}"
                    if pd.notna(row["deadline"]) else "not planned: " + row["period"])
            lines.append(f"  {code} {row['title']}: {when}; {row['effort']:g} person-weeks, "
                         f"owner {row['owner']}")
        for code, row in self.rejected.iterrows():
            lines.append(f"  rejected {code} {row['title']}: {row['reasons']}")
        if len(self.pushed_back):
            lines.append("Pushed back: " + ", ".join(
                f"{c} ({r['was']} -> {r['now']})" for c, r in self.pushed_back.iterrows()))
        else:
            lines.append("Nothing already planned is pushed back.")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def _criteria(criteria: object) -> dict[str, Criterion]:
    """``criteria`` checked: at least one plain-words reason, each with its test."""
    wanted = ("criteria must be a dict of reason -> test, each test(request, roadmap) giving "
              "True or False, with at least one test (the default is DEFAULT_CRITERIA)")
    if not isinstance(criteria, Mapping) or not criteria:
        raise CxlabValueError(f"{wanted}; got {describe(criteria)}")
    for reason, test in criteria.items():
        if not isinstance(reason, str) or not callable(test):
            raise CxlabValueError(f"{wanted}; got {describe(reason)}: {describe(test)}")
    return dict(criteria)


def change_board(
    roadmap: Roadmap,
    requests: pd.DataFrame,
    *,
    criteria: Mapping[str, Criterion] | None = None,
) -> ChangeBoardDecision:
    """Qualify new requests, rank them into the roadmap, and show what moves.

    Parameters
    ----------
    roadmap : Roadmap
        The current roadmap (from :func:`plan_roadmap`).
    requests : DataFrame
        New initiatives in the backlog's columns, plus ``pain_point`` (the customer pain
        the request removes). Their codes must be new.
    criteria : dict of reason -> test, optional
        Qualification tests, each ``test(request_row, roadmap) -> bool``; a request failing
        one is rejected with its reason. Default :data:`DEFAULT_CRITERIA`.

    The roadmap is planned again with the same periods, capacity and start; initiatives in
    progress and those in the first period stay where they are (already promised); the rest
    are ranked together with the qualified requests by priority.
    """
    if not isinstance(roadmap, Roadmap):
        raise CxlabValueError(f"roadmap must be a Roadmap from plan_roadmap(), got "
                              f"{describe(roadmap)}")
    new = validate_backlog(requests, name="requests", blank_ok=("owner",),
                           known_codes=roadmap.backlog.index)
    clash = [c for c in new.index if c in roadmap.backlog.index]
    if clash:
        raise CxlabValueError(f"request codes must be new; already in the backlog: "
                              f"{', '.join(clash)}")
    tests = dict(DEFAULT_CRITERIA if criteria is None else _criteria(criteria))
    failed = {code: [reason for reason, test in tests.items() if not test(row, roadmap)]
              for code, row in new.iterrows()}
    rejected = new.loc[[c for c, f in failed.items() if f], ["title", "owner"]].copy()
    rejected["reasons"] = ["; ".join(failed[c]) for c in rejected.index]
    qualified = new.loc[[c for c, f in failed.items() if not f]].copy()
    qualified["status"] = "approved"
    columns = [c for c in roadmap.backlog.columns if c in qualified.columns or c == "priority"]
    old = roadmap.backlog.drop(columns=["priority"])
    combined = pd.concat([old, qualified[[c for c in columns if c != "priority"]]])
    keep = {c: int(roadmap.plan.loc[c, "period_number"]) for c in roadmap.plan.index
            if roadmap.plan.loc[c, "period_number"] == 1 or
            roadmap.plan.loc[c, "status"] == "in progress"}
    new_map = plan_roadmap(combined.reset_index(), list(roadmap.capacity),
                           periods=roadmap.periods, start=roadmap.start, pinned=keep)
    accepted = qualified[["title", "owner", "effort", "cost"]].copy()
    accepted["priority"] = new_map.backlog["priority"].reindex(accepted.index)
    accepted["period"] = [new_map.period_of(c) or new_map.not_planned.loc[c, "reason"]
                          for c in accepted.index]
    accepted["deadline"] = [new_map.plan.loc[c, "deadline"] if c in new_map.plan.index
                            else pd.NaT for c in accepted.index]
    accepted = accepted.sort_values("priority", ascending=False, kind="stable")
    moved = []
    for code, row in roadmap.plan.iterrows():
        now = (new_map.plan.loc[code, "period_number"] if code in new_map.plan.index
               else None)
        if now is None or now > row["period_number"]:
            moved.append({"code": code, "title": row["title"], "owner": row["owner"],
                          "was": row["period"],
                          "now": new_map.period_of(code) or "not planned"})
    pushed = pd.DataFrame(moved, columns=["code", "title", "owner", "was", "now"])
    return ChangeBoardDecision(accepted=accepted, rejected=rejected,
                               pushed_back=pushed.set_index("code"), roadmap=new_map)
