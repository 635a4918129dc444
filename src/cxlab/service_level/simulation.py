"""Simulate a contact-centre queue call by call, to see what the Erlang formulas average over.

:func:`simulate` plays out one interval, or a day of consecutive intervals, of an M/M/N(+M)
queue: calls arrive at random (a Poisson process), each needs a random (exponential) handle
time, ``agents`` agents answer them first come first served, and, if ``patience_seconds`` is
given, a caller who is still waiting after a random (exponential) patience hangs up. It
returns every call and a summary per interval in a :class:`Simulation`, so a participant can
ask "how often would 14 agents really meet 80% in 20 s?" and get an answer with its spread.

The model, precisely
--------------------
* **Arrivals.** In interval ``j`` calls arrive as a Poisson process of rate
  ``calls[j] / interval_seconds``: the *number* of calls is random with mean ``calls[j]``,
  and their times are spread at random over the interval.
* **Handle times** are exponential with mean ``aht_seconds[j]`` of the interval the call
  arrives in. **Patience** is exponential with mean ``patience_seconds``; without it nobody
  hangs up (Erlang C's M/M/N).
* **First come, first served.** Calls are answered in the order they arrived: each call goes
  to the agent who can start it soonest (if several can start at the same moment, the
  lowest-numbered one, see below). A caller whose patience runs out before that moment
  hangs up and never occupies an agent; the agent then takes the next caller in line. A
  caller reached at the very moment their patience runs out is answered.
* **Agents over the day.** ``agents[j]`` agents are on the phones in interval ``j``. Think of
  them as numbered 1, 2, 3, ...: agent ``k`` works in every interval where
  ``agents[j] >= k``. When the number drops at a boundary, the highest-numbered agents leave:
  one who is on a call finishes it (the call may end after the boundary) but starts no new
  call. When the number rises, the new agents start taking calls at the boundary. An agent
  can pick up a call at any moment of an interval in which they work, right up to its end.
  With 0 agents in an interval, callers wait for the next staffed interval (or hang up).
* **The queue** starts empty, carries over from one interval to the next, and after the last
  interval that interval's agents keep answering until it is empty. Every call counts in the
  interval it *arrived* in, whenever it is answered.
* **Replications** repeat the whole plan independently (each starts with an empty queue),
  to see how much the results of identical intervals vary.

Without ``patience_seconds`` the last interval must have at least one agent when any calls
are expected: otherwise callers still waiting at the end would wait forever, and
:func:`simulate` says so instead of running.
"""

from __future__ import annotations

import heapq
import math
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._validation import (
    CxlabValueError,
    as_float_array,
    check_choice,
    check_in_range,
    check_integer,
    check_non_negative,
    check_positive,
    describe,
)

__all__ = ["Simulation", "simulate"]

#: Largest expected number of simulated calls (replications x calls in the plan).
MAX_CALLS = 5_000_000
#: Largest number of agents in one interval.
MAX_AGENTS = 100_000

_DEFINITIONS = ("offered", "answered", "short_abandons_met", "short_abandons_excluded")

_CALL_COLUMNS = (
    "replication",
    "interval",
    "arrival_seconds",
    "wait_seconds",
    "answered",
    "abandoned",
    "handle_seconds",
)

_INTERVAL_COLUMNS = (
    "replication",
    "interval",
    "offered",
    "answered",
    "abandoned",
    "answered_within",
    "abandoned_within",
    "service_level",
    "asa_seconds",
    "abandon_rate",
    "occupancy",
)


@dataclass(frozen=True, eq=False)
class Simulation:
    """The result of :func:`simulate`: every call, and a summary per interval.

    Attributes
    ----------
    calls : pandas.DataFrame
        One row per simulated call, in arrival order within each replication:

        * ``replication``, ``interval``: which run and which interval (0, 1, 2, ... in the
          order of the plan) the call arrived in;
        * ``arrival_seconds``: arrival time in seconds from the start of interval 0;
        * ``wait_seconds``: time from arrival until an agent answered, or, for a call that
          hung up, until the caller hung up (its patience);
        * ``answered``, ``abandoned``: exactly one of them is true;
        * ``handle_seconds``: the agent time the call took; NaN for a call that hung up, so
          ``calls["handle_seconds"].mean()`` is the AHT of the answered calls.
    intervals : pandas.DataFrame
        One row per replication and interval: ``offered``, ``answered``, ``abandoned``,
        ``answered_within`` and ``abandoned_within`` (waited ``threshold_seconds`` or less)
        as counts, and

        * ``service_level = answered_within / offered`` (the definition cxlab uses with
          Erlang A: calls that hung up count as missed); 1.0 when nothing was offered, as no
          caller was kept waiting;
        * ``asa_seconds``: mean wait of the answered calls, 0 if none was answered;
        * ``abandon_rate = abandoned / offered``, 0 when nothing was offered;
        * ``occupancy``: handle time of the answered calls that arrived in the interval over
          ``agents x interval_seconds`` (the same bookkeeping as a report built from
          ``answered x AHT``). Over a long steady run it averages to Erlang's occupancy
          (carried load / agents). It is not capped at 1: work is counted in the interval
          the calls *arrived* in, so an understaffed interval whose backlog is answered
          later shows more than 1 (its calls needed more agent time than it had). NaN when
          the interval has 0 agents.
    threshold_seconds : float
        The service-level threshold the ``*_within`` counts use.
    interval_seconds : float
        The length of one interval.
    """

    calls: pd.DataFrame
    intervals: pd.DataFrame
    threshold_seconds: float
    interval_seconds: float

    def __repr__(self) -> str:
        reps = int(self.intervals["replication"].nunique())
        n_intervals = int(self.intervals["interval"].nunique())
        offered = int(self.intervals["offered"].sum())
        answered = int(self.intervals["answered"].sum())
        return (
            f"Simulation(replications={reps}, intervals={n_intervals}, calls={offered}, "
            f"answered={answered}, abandoned={offered - answered}, "
            f"service_level={self.service_level():.3f} "
            f"(answered within {self.threshold_seconds:g} s / offered))"
        )

    def service_level(self, definition: str = "offered") -> float:
        """Service level over every simulated call, with the chosen definition.

        Parameters
        ----------
        definition : {"offered", "answered", "short_abandons_met", "short_abandons_excluded"}
            Which calls count (ICMI's four usual formulas; "within" means waited at most
            ``threshold_seconds``):

            * ``"offered"``: answered within / (answered + abandoned);
            * ``"answered"``: answered within / answered (ignores callers who hung up);
            * ``"short_abandons_met"``: (answered within + abandoned within) / offered;
            * ``"short_abandons_excluded"``: answered within / (answered + abandoned after
              the threshold).

        Returns
        -------
        float
            A fraction between 0 and 1. It is 1.0 when no call was offered (nobody was kept
            waiting) and NaN when calls were offered but the formula has nothing to divide by
            (for example ``"answered"`` when every caller hung up).

        Raises
        ------
        CxlabValueError
            If ``definition`` is not one of the four names.

        Examples
        --------
        >>> sim = simulate(100, 180, 14, patience_seconds=300, rng=7)
        >>> sim.service_level() <= sim.service_level("answered")
        True
        """
        check_choice("definition", definition, _DEFINITIONS)
        totals = self.intervals[["offered", "answered", "abandoned"]].sum()
        fast = self.intervals[["answered_within", "abandoned_within"]].sum()
        offered = int(totals["offered"])
        answered_within = int(fast["answered_within"])
        if definition == "offered":
            top, bottom = answered_within, offered
        elif definition == "answered":
            top, bottom = answered_within, int(totals["answered"])
        elif definition == "short_abandons_met":
            top, bottom = answered_within + int(fast["abandoned_within"]), offered
        else:
            late_abandons = int(totals["abandoned"]) - int(fast["abandoned_within"])
            top, bottom = answered_within, int(totals["answered"]) + late_abandons
        if offered == 0:
            return 1.0
        if bottom == 0:
            return math.nan
        return top / bottom

    def met_target(self, target_sl: float) -> float:
        """Fraction of simulated intervals whose ``service_level`` reached ``target_sl``.

        Each replication x interval counts once, with the ``"offered"`` definition of the
        ``intervals`` table (an interval with no calls counts as met).

        Parameters
        ----------
        target_sl : float
            Service-level target as a fraction, in [0, 1] (0.8 for 80%).

        Returns
        -------
        float
            Between 0 and 1.

        Raises
        ------
        CxlabValueError
            If ``target_sl`` is outside [0, 1] (for example 80 instead of 0.8).

        Examples
        --------
        >>> sim = simulate(100, 180, 14, replications=200, rng=1)
        >>> 0.5 < sim.met_target(0.8) < 1.0
        True
        >>> sim.met_target(0.0)
        1.0
        """
        checked = check_in_range("target_sl", target_sl, 0, 1, hint="write 80% as 0.8")
        target = _single("target_sl", checked, target_sl)
        levels = self.intervals["service_level"].to_numpy()
        # A tiny tolerance so that 80 of 100 calls meets a target of 0.8.
        return float(np.mean(levels >= target - 1e-12))


def simulate(
    calls: ArrayLike | pd.Series,
    aht_seconds: ArrayLike | pd.Series,
    agents: ArrayLike | pd.Series,
    *,
    patience_seconds: float | None = None,
    threshold_seconds: float = 20,
    interval_seconds: float = 1800,
    replications: int = 1,
    rng: np.random.Generator | int | None = None,
) -> Simulation:
    """Simulate an M/M/N(+M) queue call by call, first come first served.

    See the module description for the exact rules (arrivals, agents joining and leaving,
    the queue carried over between intervals and cleared after the last one).

    Parameters
    ----------
    calls : number, sequence, array or Series
        Mean number of calls arriving in each interval (0 or more). A single number is one
        interval; a sequence is a plan of consecutive intervals. The simulated number of
        calls is random around this mean (Poisson).
    aht_seconds : number, sequence, array or Series
        Mean handle time in seconds of a call arriving in each interval, above 0. A single
        number is used for every interval.
    agents : whole number, sequence, array or Series
        Agents on the phones in each interval (0 or more). A single number is used for every
        interval.
    patience_seconds : float or None, default None
        Mean time in seconds a caller waits before hanging up (exponential), above 0.
        ``None``: nobody hangs up. Then the last interval needs at least one agent if any
        calls are expected.
    threshold_seconds : float, default 20
        Service-level threshold: a call answered (or abandoned) after waiting this long or
        less counts as ``answered_within`` (or ``abandoned_within``). 0 or more.
    interval_seconds : float, default 1800
        Length of one interval in seconds (1800 = 30 minutes), above 0.
    replications : int, default 1
        Independent runs of the whole plan, each starting with an empty queue (at least 1).
    rng : numpy.random.Generator, int or None, default None
        Source of randomness: a Generator, a seed (the same seed gives the same results) or
        ``None`` for fresh randomness.

    Returns
    -------
    Simulation
        ``calls`` (one row per call) and ``intervals`` (one row per replication x interval);
        see :class:`Simulation` for the columns.

    Raises
    ------
    CxlabValueError
        If a value is out of range, not a number or not whole where it must be; if the
        per-interval inputs have different lengths; if the run would simulate more than
        5,000,000 calls; or if, without ``patience_seconds``, callers could be left waiting
        forever because the last interval has no agents.

    Examples
    --------
    One half hour of the textbook example, 100 calls, AHT 180 s, 14 agents:

    >>> sim = simulate(100, 180, 14, rng=42)
    >>> sim  # doctest: +NORMALIZE_WHITESPACE
    Simulation(replications=1, intervals=1, calls=109, answered=109, abandoned=0,
               service_level=0.881 (answered within 20 s / offered))
    >>> sim.intervals.loc[0, ["offered", "answered_within", "asa_seconds"]].round(1).tolist()
    [109.0, 96.0, 5.9]

    The same interval 500 times: how often is 80% in 20 s met? (Each run starts with an
    empty queue, which flatters a single interval a little compared with Erlang C's long
    run; put a warm-up interval in front to avoid that.)

    >>> many = simulate(100, 180, 14, replications=500, rng=42)
    >>> round(many.met_target(0.8), 2)
    0.89

    Three half hours in a row; the second has 11 agents for a workload of 12 Erlangs
    (120 calls x 180 s / 1800 s), and callers hang up after 2 minutes on average:

    >>> day = simulate([80, 120, 100], [200, 180, 180], [10, 11, 14],
    ...                patience_seconds=120, rng=3)
    >>> day.intervals[["interval", "offered", "abandoned", "service_level"]].round(3)
       interval  offered  abandoned  service_level
    0         0       65          0          1.000
    1         1      131         26          0.389
    2         2       84          0          1.000

    The same seed gives the same calls:

    >>> simulate(100, 180, 14, rng=5).calls.equals(simulate(100, 180, 14, rng=5).calls)
    True
    """
    plan = _validate(
        calls,
        aht_seconds,
        agents,
        patience_seconds=patience_seconds,
        threshold_seconds=threshold_seconds,
        interval_seconds=interval_seconds,
        replications=replications,
        rng=rng,
    )
    mean_calls, aht, staff, patience, threshold, length, reps, generator = plan
    n_intervals = mean_calls.size

    # Draw everything up front, in a fixed order, so a seed fixes the whole run.
    counts = generator.poisson(np.broadcast_to(mean_calls, (reps, n_intervals)))
    group = np.repeat(np.arange(reps * n_intervals), counts.ravel())
    total = group.size
    offsets = generator.random(total) * length
    offsets = offsets[np.lexsort((offsets, group))]  # arrival order within each interval
    rep_of_call = group // n_intervals
    interval_of_call = group % n_intervals
    arrivals = interval_of_call * length + offsets
    handles = generator.standard_exponential(total) * aht[interval_of_call]
    if patience is None:
        patiences = np.full(total, math.inf)
    else:
        patiences = generator.standard_exponential(total) * patience

    # Call-by-call pass, one replication at a time (the queue starts empty in each).
    # Python lists per replication keep the loop fast and the memory use small.
    bounds = np.concatenate([[0], np.cumsum(counts.sum(axis=1))]).tolist()
    wait_arr = np.zeros(total)
    answered_arr = np.zeros(total, dtype=bool)
    constant = bool(np.all(staff == staff[0]))
    staff_list = staff.tolist()
    jumps = _next_higher(staff_list)
    most = max(staff_list)
    for rep in range(reps):
        lo, hi = bounds[rep], bounds[rep + 1]
        if lo == hi:
            continue
        args = (arrivals[lo:hi].tolist(), handles[lo:hi].tolist(), patiences[lo:hi].tolist())
        # With n calls at most n agents are ever needed (see _run_varying_staff).
        n_agents = min(most, hi - lo)
        if constant:
            waits, answered = _run_constant_staff(*args, n_agents)
        else:
            waits, answered = _run_varying_staff(*args, n_agents, staff_list, jumps, length)
        wait_arr[lo:hi] = waits
        answered_arr[lo:hi] = answered

    abandoned_arr = ~answered_arr
    call_frame = pd.DataFrame(
        {
            "replication": rep_of_call.astype(np.int64),
            "interval": interval_of_call.astype(np.int64),
            "arrival_seconds": arrivals,
            "wait_seconds": wait_arr,
            "answered": answered_arr,
            "abandoned": abandoned_arr,
            "handle_seconds": np.where(answered_arr, handles, np.nan),
        },
        columns=list(_CALL_COLUMNS),
    )
    interval_frame = _summarise(
        group, wait_arr, answered_arr, handles, staff, reps, threshold, length
    )
    return Simulation(
        calls=call_frame,
        intervals=interval_frame,
        threshold_seconds=threshold,
        interval_seconds=length,
    )


def _run_constant_staff(
    arrivals: list[float], handles: list[float], patiences: list[float], n_agents: int
) -> tuple[list[float], list[bool]]:
    """FCFS pass when every interval has the same agents: a heap of times agents are free."""
    if n_agents == 0:
        # Nobody ever answers; every caller waits out their patience.
        return list(patiences), [False] * len(arrivals)
    free = [0.0] * n_agents  # a valid heap: everyone free from the start
    replace = heapq.heapreplace
    waits: list[float] = []
    answered: list[bool] = []
    wait_append = waits.append
    answered_append = answered.append
    for arrival, handle, patience in zip(arrivals, handles, patiences, strict=True):
        soonest = free[0]
        if soonest <= arrival:
            replace(free, arrival + handle)
            wait_append(0.0)
            answered_append(True)
        else:
            wait = soonest - arrival
            if wait > patience:
                wait_append(patience)
                answered_append(False)
            else:
                replace(free, soonest + handle)
                wait_append(wait)
                answered_append(True)
    return waits, answered


def _next_higher(staff: list[int]) -> list[int]:
    """``result[j]``: first interval after ``j`` with more agents than ``staff[j]`` (or len).

    Following these jumps from interval ``p`` visits every interval that has more agents than
    all before it (from ``p`` on), so the first interval ``>= p`` in which agent ``k`` works
    (``staff > k``) is found in at most as many steps as there are staffing levels.
    """
    n_intervals = len(staff)
    result = [n_intervals] * n_intervals
    stack: list[int] = []
    for j, level in enumerate(staff):
        while stack and staff[stack[-1]] < level:
            result[stack.pop()] = j
        stack.append(j)
    return result


def _run_varying_staff(
    arrivals: list[float],
    handles: list[float],
    patiences: list[float],
    n_agents: int,
    staff: list[int],
    jumps: list[int],
    length: float,
) -> tuple[list[float], list[bool]]:
    """FCFS pass when agents join and leave between intervals.

    Agent ``k`` (counting from 0) works in interval ``j`` when ``staff[j] > k``, so a
    lower-numbered agent works whenever a higher-numbered one does. Each call goes to the
    agent who can start it soonest, the lowest-numbered one on ties.

    Two heaps: ``idle`` holds the numbers of agents free by the call's arrival (the lowest
    number is the best idle agent, since lower numbers work whenever higher ones do), and
    ``busy`` holds ``(key, agent)`` for the others, ``key`` being a lower bound on the moment
    the agent could start a call (its free time, or a later moment when it comes on duty).
    The top of ``busy`` is recomputed and pushed back until it is exact.

    Only agents ``0 .. n_agents - 1`` are simulated, with ``n_agents`` at most the number of
    calls: before the i-th call at most ``i - 1`` agents have been used, so among the first
    ``i`` agents one is still unused, works whenever any higher-numbered agent does, and can
    start the call at least as soon; the lowest-numbered soonest agent is never beyond them.
    """
    if n_agents == 0:
        return list(patiences), [False] * len(arrivals)
    last = len(staff) - 1
    inf = math.inf

    def start_at(agent: int, t: float) -> float:
        # Earliest moment >= t at which ``agent`` works. After the plan, the last interval's
        # agents carry on.
        j = int(t // length)
        if j >= last:
            return t if staff[last] > agent else inf
        if staff[j] > agent:
            return t
        p = j + 1
        while p <= last and staff[p] <= agent:
            p = jumps[p]
        return inf if p > last else p * length

    free = [0.0] * n_agents
    idle = list(range(n_agents))  # sorted, so already a heap
    busy: list[tuple[float, int]] = []
    push, pop, replace = heapq.heappush, heapq.heappop, heapq.heapreplace
    waits: list[float] = []
    answered: list[bool] = []
    for arrival, handle, patience in zip(arrivals, handles, patiences, strict=True):
        while busy and busy[0][0] <= arrival:
            push(idle, pop(busy)[1])
        j = int(arrival // length)
        if j > last:  # rounding at the very end of the plan
            j = last
        if idle:
            first_idle = idle[0]
            if staff[j] > first_idle:  # an idle agent on duty: answered at once
                pop(idle)
                done = arrival + handle
                free[first_idle] = done
                push(busy, (done, first_idle))
                waits.append(0.0)
                answered.append(True)
                continue
            idle_start = start_at(first_idle, arrival)
        else:
            first_idle, idle_start = -1, inf
        busy_agent, busy_start = -1, inf
        while busy:
            key, agent = busy[0]
            done = free[agent]
            start = start_at(agent, arrival if arrival > done else done)
            if start != key:
                replace(busy, (start, agent))
                if busy[0][1] != agent:
                    continue
            busy_agent, busy_start = agent, start
            break
        from_idle = idle_start < busy_start or (
            idle_start == busy_start and first_idle < busy_agent
        )
        start = idle_start if from_idle else busy_start
        wait = start - arrival
        if wait > patience:
            waits.append(patience)
            answered.append(False)
            continue
        done = start + handle
        if from_idle:
            pop(idle)
            free[first_idle] = done
            push(busy, (done, first_idle))
        else:
            free[busy_agent] = done
            replace(busy, (done, busy_agent))
        waits.append(wait)
        answered.append(True)
    return waits, answered


def _summarise(
    group: np.ndarray,
    waits: np.ndarray,
    answered: np.ndarray,
    handles: np.ndarray,
    staff: np.ndarray,
    reps: int,
    threshold: float,
    length: float,
) -> pd.DataFrame:
    """One row per replication x interval, from the per-call results."""
    n_intervals = staff.size
    size = reps * n_intervals
    fast = waits <= threshold

    def count(weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(group, weights=weights, minlength=size)

    offered = count().astype(np.int64)
    n_answered = count(answered.astype(float)).round().astype(np.int64)
    answered_within = count((answered & fast).astype(float)).round().astype(np.int64)
    abandoned_within = count((~answered & fast).astype(float)).round().astype(np.int64)
    wait_answered = count(np.where(answered, waits, 0.0))
    work = count(np.where(answered, handles, 0.0))
    n_abandoned = offered - n_answered
    capacity = np.tile(staff.astype(float), reps) * length
    with np.errstate(invalid="ignore", divide="ignore"):
        service_level = np.where(offered > 0, answered_within / offered, 1.0)
        asa = np.where(n_answered > 0, wait_answered / n_answered, 0.0)
        abandon_rate = np.where(offered > 0, n_abandoned / offered, 0.0)
        occupancy = np.where(capacity > 0, work / capacity, np.nan)
    return pd.DataFrame(
        {
            "replication": np.repeat(np.arange(reps, dtype=np.int64), n_intervals),
            "interval": np.tile(np.arange(n_intervals, dtype=np.int64), reps),
            "offered": offered,
            "answered": n_answered,
            "abandoned": n_abandoned,
            "answered_within": answered_within,
            "abandoned_within": abandoned_within,
            "service_level": service_level,
            "asa_seconds": asa,
            "abandon_rate": abandon_rate,
            "occupancy": occupancy,
        },
        columns=list(_INTERVAL_COLUMNS),
    )


def _per_interval(name: str, arr: np.ndarray, value: object) -> np.ndarray:
    if arr.ndim > 1:
        raise CxlabValueError(
            f"{name} must be a number or a sequence of numbers (one per interval), "
            f"got {arr.ndim}-dimensional values {describe(np.asarray(value))}"
        )
    if arr.ndim == 1 and arr.size == 0:
        raise CxlabValueError(f"{name} must have at least one interval, got an empty sequence")
    return arr


def _single(name: str, arr: np.ndarray, value: object) -> float:
    if arr.ndim != 0:
        raise CxlabValueError(f"{name} must be a single number, got {describe(np.asarray(value))}")
    return float(arr)


def _at_most(name: str, arr: np.ndarray, limit: int) -> None:
    if (arr > limit).any():
        got = describe(float(arr.max()))
        raise CxlabValueError(f"{name} must be at most {limit:,}, got {got}")


def _generator(rng: object) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    if (isinstance(rng, numbers.Integral) and not isinstance(rng, (bool, np.bool_))
            and int(rng) >= 0):
        return np.random.default_rng(int(rng))
    raise CxlabValueError(
        "rng must be a numpy Generator, a seed (a whole number of 0 or more) or None, "
        f"got {describe(rng)}"
    )


def _validate(
    calls: object,
    aht_seconds: object,
    agents: object,
    *,
    patience_seconds: object,
    threshold_seconds: object,
    interval_seconds: object,
    replications: object,
    rng: object,
) -> tuple[
    np.ndarray,
    np.ndarray,
    np.ndarray,
    float | None,
    float,
    float,
    int,
    np.random.Generator,
]:
    mean_calls = _per_interval("calls", check_non_negative("calls", calls), calls)
    aht = _per_interval("aht_seconds", check_positive("aht_seconds", aht_seconds), aht_seconds)
    _at_most("agents", as_float_array("agents", agents), MAX_AGENTS)
    staff = _per_interval("agents", check_integer("agents", agents, minimum=0), agents)
    patience = (
        None
        if patience_seconds is None
        else _single(
            "patience_seconds",
            check_positive("patience_seconds", patience_seconds),
            patience_seconds,
        )
    )
    threshold = _single(
        "threshold_seconds",
        check_non_negative("threshold_seconds", threshold_seconds),
        threshold_seconds,
    )
    length = _single(
        "interval_seconds", check_positive("interval_seconds", interval_seconds), interval_seconds
    )
    _at_most("replications", as_float_array("replications", replications), MAX_CALLS)
    reps_checked = check_integer("replications", replications, minimum=1)
    reps = int(_single("replications", reps_checked, replications))

    named = {"calls": mean_calls, "aht_seconds": aht, "agents": staff}
    lengths = {name: arr.size for name, arr in named.items() if arr.ndim == 1}
    if len(set(lengths.values())) > 1:
        got = ", ".join(f"{name} {size}" for name, size in lengths.items())
        raise CxlabValueError(
            "calls, aht_seconds and agents must have matching lengths (one value per "
            f"interval, or a single number for every interval), got {got}"
        )
    n_intervals = max(lengths.values(), default=1)
    mean_calls = np.broadcast_to(mean_calls, (n_intervals,)).astype(float)
    aht = np.broadcast_to(aht, (n_intervals,)).astype(float)
    staff = np.broadcast_to(staff, (n_intervals,)).astype(np.int64)

    if reps * n_intervals > MAX_CALLS:
        raise CxlabValueError(
            f"replications x intervals must be at most {MAX_CALLS:,}, got {reps * n_intervals:,} "
            f"({reps:,} replications of {n_intervals:,} intervals); use fewer replications"
        )
    per_run = float(mean_calls.sum())
    expected = reps * per_run
    if expected > MAX_CALLS:
        raise CxlabValueError(
            f"replications x calls must be at most {MAX_CALLS:,} simulated calls in total, "
            f"got about {expected:,.0f} ({reps:,} replications of {per_run:,.0f} calls); "
            "use fewer replications or a shorter plan"
        )
    if patience is None and per_run > 0 and staff[-1] == 0:
        raise CxlabValueError(
            "agents must be at least 1 in the last interval when patience_seconds is None "
            f"(callers never hang up), got 0 at position {n_intervals - 1}: calls still "
            "waiting at the end would never be answered; add agents or give patience_seconds"
        )
    return mean_calls, aht, staff, patience, threshold, length, reps, _generator(rng)
