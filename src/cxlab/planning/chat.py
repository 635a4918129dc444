"""Chat with concurrency: service level and agents required, and a simulation to check them.

A chat agent handles up to ``concurrency`` chats at once, each more slowly while others are
open (the ``slowdown``). Two ways to compute a chat queue's service level
(:data:`CHAT_METHODS`): ``"slots"`` counts ``N`` agents as ``N x concurrency`` places and
applies Erlang C with every chat at its stretched handle time, which errs on the safe side;
``"balanced"`` follows the open chats spread evenly over the agents, closer but slightly
optimistic. :func:`simulate_chat` plays the real rule chat by chat to check both, and
:func:`chat_concurrency_table` sets the three side by side.

The slowdown model, where each method is off and why, and the gaps the tests measure are
explained in :mod:`cxlab.planning.channels`, with messaging and bots.
"""

from __future__ import annotations

import heapq
import math
import numbers
from collections import deque
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._shapes import restore_shape
from .._validation import (
    CxlabValueError,
    as_float_array,
    check_choice,
    check_in_range,
    check_instance,
    check_integer,
    check_non_negative,
    check_positive,
    describe,
)
from ..service_level.erlang import agents_required, service_level
from ._limits import check_workload

__all__ = [
    "CHAT_METHODS",
    "ChatSimulation",
    "chat_agents_required",
    "chat_concurrency_table",
    "chat_handle_seconds",
    "chat_service_level",
    "simulate_chat",
]

#: Most chats an agent may be given at once.
MAX_CONCURRENCY = 10
#: Most chats one simulation may play (replications included), so it cannot run for ever.
MAX_SIMULATED_CHATS = 2_000_000
#: Most agents in one simulation.
MAX_SIMULATED_AGENTS = 10_000
#: Most places (agents x concurrency) a service-level calculation may have.
MAX_SLOTS = 100_000

_SLOWDOWN_HINT = "0 = chats do not slow each other, 1 = no gain from concurrency"
#: The two ways of computing a chat queue's service level (see the module notes).
CHAT_METHODS = ("slots", "balanced")


# -- chat: the approximation -----------------------------------------------------------------


def chat_handle_seconds(aht_single_seconds: object, concurrency: object, *,
                        slowdown: object) -> object:
    """Handle time of one chat while its agent has ``concurrency`` chats open.

    ``aht_single_seconds x (1 + slowdown x (concurrency - 1))`` (the module's slowdown model).

    Parameters
    ----------
    aht_single_seconds : number, array or Series
        Handle time of a chat when it is the agent's only one, above 0.
    concurrency : number, array or Series
        Chats open at once, from 1 to 10 (an average such as 2.4 is allowed here).
    slowdown : number, array or Series
        From 0 (chats do not slow each other) to 1 (no gain from concurrency).

    Returns
    -------
    float, array or Series
        Seconds one chat takes.

    Examples
    --------
    A 6-minute chat, three at once, 25 % slower for each extra chat: 360 x 1.5 = 540 s.

    >>> chat_handle_seconds(360, 3, slowdown=0.25)
    540.0
    """
    h = check_positive("aht_single_seconds", aht_single_seconds)
    k = check_in_range("concurrency", concurrency, 1, MAX_CONCURRENCY)
    s = check_in_range("slowdown", slowdown, 0, 1, hint=_SLOWDOWN_HINT)
    return restore_shape(h * (1 + s * (k - 1)), aht_single_seconds, concurrency, slowdown)


def _slots_and_load(chats: object, aht_single_seconds: object, concurrency: object,
                    slowdown: object, interval_seconds: object) -> tuple[np.ndarray, ...]:
    c = check_non_negative("chats", chats)
    k = check_integer("concurrency", concurrency, minimum=1)
    if (k > MAX_CONCURRENCY).any():
        raise CxlabValueError(f"concurrency must be at most {MAX_CONCURRENCY}, got "
                              f"{describe(float(k.max()))}")
    h = as_float_array("handle", chat_handle_seconds(aht_single_seconds, k, slowdown=slowdown))
    length = check_positive("interval_seconds", interval_seconds)
    with np.errstate(over="ignore"):
        load = c * h / length
    if not np.isfinite(load).all():
        raise CxlabValueError("chats, aht_single_seconds and interval_seconds give a workload "
                              "too large to count; check interval_seconds (1800 is half an hour)")
    return c, k, h, load


def chat_service_level(
    chats: object,
    aht_single_seconds: object,
    agents: object,
    *,
    concurrency: object,
    slowdown: object,
    threshold_seconds: object,
    interval_seconds: object = 1800,
    method: str = "slots",
) -> object:
    """Share of chats answered (taken by an agent) within ``threshold_seconds``.

    With ``method="slots"`` (the planners' rule of thumb): every chat is taken to last
    :func:`chat_handle_seconds` at full concurrency, the workload is ``chats x that time /
    interval``, and Erlang C runs with ``agents x concurrency`` servers; on the safe side.
    With ``method="balanced"``: the birth-death model of the module notes, closer to the
    simulation.

    Parameters
    ----------
    chats : number, array or Series
        Chats arriving in the interval, 0 or more.
    aht_single_seconds : number, array or Series
        Handle time of a chat an agent handles alone, above 0.
    agents : whole number, array or Series
        Agents on chat, 0 or more.
    concurrency : whole number, array or Series
        Chats an agent may have open at once, 1 to 10.
    slowdown : number, array or Series
        0 to 1 (see the module notes).
    threshold_seconds : number, array or Series
        The first-response target, e.g. 60 s.
    interval_seconds : number, default 1800
    method : {"slots", "balanced"}, default "slots"

    Returns
    -------
    float, array or Series
        Service level as a fraction; 0 when the agents cannot carry the workload.

    Examples
    --------
    100 chats in half an hour, 6 minutes each alone, 25 % slowdown, 60 s target, 14 agents:
    one chat each is far too few; two each gives 69 % on the slots rule, 73 % balanced.

    >>> [round(chat_service_level(100, 360, 14, concurrency=k, slowdown=0.25,
    ...                           threshold_seconds=60), 3) for k in (1, 2, 3)]
    [0.0, 0.693, 0.993]
    >>> round(chat_service_level(100, 360, 14, concurrency=2, slowdown=0.25,
    ...                          threshold_seconds=60, method="balanced"), 3)
    0.733
    """
    check_choice("method", method, CHAT_METHODS)
    _, k, h, a = _slots_and_load(chats, aht_single_seconds, concurrency, slowdown,
                                 interval_seconds)
    n = check_integer("agents", agents, minimum=0)
    t = check_non_negative("threshold_seconds", threshold_seconds)
    if (n * k > MAX_SLOTS).any():
        raise CxlabValueError(f"agents x concurrency must be at most {MAX_SLOTS:,}, got "
                              f"{describe(float((n * k).max()))}")
    if method == "slots":
        value = np.asarray(service_level(n * k, a, h, t), dtype=float)
    else:
        h1 = check_positive("aht_single_seconds", aht_single_seconds)
        s = check_in_range("slowdown", slowdown, 0, 1, hint=_SLOWDOWN_HINT)
        length = check_positive("interval_seconds", interval_seconds)
        lam = check_non_negative("chats", chats) / length
        value = np.vectorize(_balanced_sl, otypes=[float])(lam, h1, n, k, s, t)
    return restore_shape(value, chats, aht_single_seconds, agents, concurrency, slowdown,
                         threshold_seconds)


def _balanced_sl(lam: float, h1: float, n: int, k: int, s: float, t: float) -> float:
    """Service level of the balanced birth-death model for one set of numbers."""
    if lam == 0:
        return 1.0
    n, k = int(n), int(k)
    if n == 0:
        return 0.0
    rate = (k / (1 + s * (k - 1))) / h1 * n  # chats finished per second with every place full
    if lam >= rate:
        return 0.0
    open_chats = np.arange(1, n * k + 1)
    q, r = np.divmod(open_chats, n)

    def per_agent(j: np.ndarray) -> np.ndarray:  # chats one agent finishes per h1 with j open
        return j / (1 + s * np.maximum(j - 1, 0))

    mu = (r * per_agent(q + 1) + (n - r) * per_agent(q)) / h1
    log_p = np.concatenate([[0.0], np.cumsum(np.log(lam / mu))])
    log_p -= log_p.max()
    p = np.exp(log_p)
    beyond = p[-1] * (lam / rate) / (1 - lam / rate)  # waiting states, a geometric tail
    wait = (p[-1] + beyond) / (p.sum() + beyond)
    return float(1 - wait * math.exp(-(rate - lam) * t))


def chat_agents_required(
    chats: object,
    aht_single_seconds: object,
    *,
    concurrency: object,
    slowdown: object,
    threshold_seconds: object,
    target_sl: object,
    interval_seconds: object = 1800,
    method: str = "slots",
) -> object:
    """Fewest agents on chat for the service-level target.

    With ``method="slots"``, Erlang C gives the slots needed for the stretched handle time
    (:func:`cxlab.service_level.agents_required`), and the agents are that divided by
    ``concurrency``, rounded up: on the safe side, so at high concurrency and slowdown it may
    be one agent or more above what the operation truly needs. With ``method="balanced"``,
    the fewest agents whose balanced service level (:func:`chat_service_level`) meets the
    target; never more than the slots answer.

    Parameters
    ----------
    chats, aht_single_seconds, concurrency, slowdown, threshold_seconds, interval_seconds
        As for :func:`chat_service_level`.
    target_sl : number
        Fraction in [0, 1), e.g. 0.8.
    method : {"slots", "balanced"}, default "slots"

    Returns
    -------
    int, array or Series

    Examples
    --------
    100 chats in half an hour, 6 minutes alone, each extra chat 50 % slower, 80 % in 60 s:

    >>> [chat_agents_required(100, 360, concurrency=k, slowdown=0.5, threshold_seconds=60,
    ...                       target_sl=0.8) for k in (1, 2, 3, 4)]
    [24, 18, 16, 15]
    >>> [chat_agents_required(100, 360, concurrency=k, slowdown=0.5, threshold_seconds=60,
    ...                       target_sl=0.8, method="balanced") for k in (1, 2, 3, 4)]
    [24, 17, 15, 14]
    """
    check_choice("method", method, CHAT_METHODS)
    _, k, h, a = _slots_and_load(chats, aht_single_seconds, concurrency, slowdown,
                                 interval_seconds)
    t = check_non_negative("threshold_seconds", threshold_seconds)
    target = check_in_range("target_sl", target_sl, 0, 1, high_inclusive=False,
                            hint="a fraction: 80% is 0.8")
    check_workload(a, "chats, aht_single_seconds and interval_seconds")
    slots = np.asarray(agents_required(a, h, t, target), dtype=np.int64)
    agents = -(-slots // k)  # ceiling division
    if method == "balanced":
        h1 = check_positive("aht_single_seconds", aht_single_seconds)
        s = check_in_range("slowdown", slowdown, 0, 1, hint=_SLOWDOWN_HINT)
        lam = check_non_negative("chats", chats) / check_positive("interval_seconds",
                                                                  interval_seconds)
        agents = np.vectorize(_balanced_agents, otypes=[np.int64])(
            np.broadcast_to(agents, np.broadcast_shapes(agents.shape, lam.shape, h1.shape,
                                                        s.shape, t.shape, target.shape)),
            lam, h1, k, s, t, target)
    if agents.ndim == 0:
        return int(agents)
    return restore_shape(agents, chats, aht_single_seconds, concurrency, slowdown,
                         threshold_seconds, target_sl)


def _balanced_agents(upper: int, lam: float, h1: float, k: int, s: float, t: float,
                     target: float) -> int:
    """Walk down from the slots answer while the balanced model still meets the target."""
    n = int(upper)
    while n > 0 and _balanced_sl(lam, h1, n - 1, k, s, t) >= target:
        n -= 1
    return n


def chat_concurrency_table(
    chats: float,
    aht_single_seconds: float,
    agents: int,
    *,
    concurrency: object = (1, 2, 3, 4),
    slowdown: float,
    threshold_seconds: float,
    interval_seconds: float = 1800,
    simulate: bool = True,
    intervals: int = 100,
    replications: int = 4,
    rng: np.random.Generator | int | None = None,
) -> pd.DataFrame:
    """One team at several concurrencies: handle time and service level, three ways.

    For each concurrency ``k``: the handle time of a chat at full concurrency, the service
    level on the slots rule and on the balanced model, and (with ``simulate=True``) the
    simulated service level with its 95 % range, the simulated average handle time and the
    chats an agent really has open on average (:func:`simulate_chat`, seeded by ``rng``).
    Where the agents cannot carry the workload the service level is 0 and nothing is
    simulated (NaN).

    Returns
    -------
    DataFrame
        Indexed by ``concurrency``, with columns ``handle_seconds``, ``sl_slots``,
        ``sl_balanced``, ``sl_simulated``, ``sl_simulated_low``, ``sl_simulated_high``,
        ``simulated_handle_seconds`` and ``simulated_chats_per_agent``. ``attrs`` keeps the
        inputs (chats, agents, slowdown, threshold_seconds, ...).

    Examples
    --------
    >>> table = chat_concurrency_table(100, 360, 14, slowdown=0.25, threshold_seconds=60,
    ...                                simulate=False)
    >>> table["sl_slots"].round(3).tolist()
    [0.0, 0.693, 0.993, 1.0]
    """
    chats = check_non_negative("chats", chats, scalar=True)
    aht_single_seconds = check_positive("aht_single_seconds", aht_single_seconds, scalar=True)
    agents = check_integer("agents", agents, minimum=0, scalar=True)
    slowdown = check_in_range("slowdown", slowdown, 0, 1, hint=_SLOWDOWN_HINT, scalar=True)
    threshold_seconds = check_non_negative("threshold_seconds", threshold_seconds, scalar=True)
    interval_seconds = check_positive("interval_seconds", interval_seconds, scalar=True)
    check_instance("simulate", simulate, (bool, np.bool_), "True or False")
    levels = np.atleast_1d(check_integer("concurrency", concurrency, minimum=1))
    if levels.ndim != 1 or levels.size > MAX_CONCURRENCY or (levels > MAX_CONCURRENCY).any():
        raise CxlabValueError(f"concurrency must be a list of whole numbers from 1 to "
                              f"{MAX_CONCURRENCY}, got {describe(concurrency)}")
    common = {"slowdown": slowdown, "threshold_seconds": threshold_seconds,
              "interval_seconds": interval_seconds}
    table = pd.DataFrame({"concurrency": levels}).set_index("concurrency")
    table["handle_seconds"] = chat_handle_seconds(aht_single_seconds, levels,
                                                  slowdown=slowdown)
    table["sl_slots"] = chat_service_level(
        chats, aht_single_seconds, agents, concurrency=levels, slowdown=slowdown,
        threshold_seconds=threshold_seconds, interval_seconds=interval_seconds)
    table["sl_balanced"] = chat_service_level(
        chats, aht_single_seconds, agents, concurrency=levels, slowdown=slowdown,
        threshold_seconds=threshold_seconds, interval_seconds=interval_seconds,
        method="balanced")
    columns = ("sl_simulated", "sl_simulated_low", "sl_simulated_high",
               "simulated_handle_seconds", "simulated_chats_per_agent")
    for column in columns:
        table[column] = np.nan
    if simulate:
        gen = _generator(rng)
        for k, h in zip(levels, table["handle_seconds"], strict=True):
            if chats * h / interval_seconds >= agents * k:
                continue
            sim = simulate_chat(chats, aht_single_seconds, agents, concurrency=int(k),
                                intervals=intervals, replications=replications, rng=gen,
                                **common)
            table.loc[k, list(columns)] = [sim.service_level, sim.service_level_low,
                                           sim.service_level_high, sim.mean_handle_seconds,
                                           sim.mean_chats_per_agent]
    table.attrs.update(chats=float(chats), aht_single_seconds=float(aht_single_seconds),
                       agents=int(agents), **common)
    return table


# -- chat: the simulation ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChatSimulation:
    """The result of :func:`simulate_chat` (chats arriving after the warm-up only).

    Attributes
    ----------
    chats : int
        Chats counted.
    service_level : float
        Share answered (given to an agent) within ``threshold_seconds``.
    asa_seconds : float
        Mean wait before an agent took the chat.
    mean_handle_seconds : float
        Mean time from an agent taking a chat to its end: between the time alone and the
        stretched time, since agents are not always at full concurrency.
    mean_chats_per_agent : float
        Time-average number of chats an agent has open.
    service_level_low, service_level_high : float
        A 95 % range for the service level from the spread between replications (equal to
        ``service_level`` with a single replication).
    threshold_seconds : float
    """

    chats: int
    service_level: float
    asa_seconds: float
    mean_handle_seconds: float
    mean_chats_per_agent: float
    service_level_low: float
    service_level_high: float
    threshold_seconds: float

    def __repr__(self) -> str:
        return (f"ChatSimulation: {self.chats:,} chats, {self.service_level:.1%} answered "
                f"within {self.threshold_seconds:g} s (95% range {self.service_level_low:.1%} "
                f"to {self.service_level_high:.1%}), average wait {self.asa_seconds:.0f} s, "
                f"average handle time {self.mean_handle_seconds:.0f} s, "
                f"{self.mean_chats_per_agent:.2f} chats open per agent")


def simulate_chat(
    chats: float,
    aht_single_seconds: float,
    agents: int,
    *,
    concurrency: int,
    slowdown: float,
    threshold_seconds: float,
    interval_seconds: float = 1800,
    intervals: int = 100,
    replications: int = 1,
    rng: np.random.Generator | int | None = None,
) -> ChatSimulation:
    """Play a chat queue chat by chat, with agents sharing their time between open chats.

    The model: chats arrive at random (Poisson) at ``chats`` per interval, steadily, for
    ``intervals`` intervals; each needs an exponential amount of work with mean
    ``aht_single_seconds`` (the time it would take alone). A new chat goes to an agent with
    the fewest open chats if that is fewer than ``concurrency``; otherwise it waits, first
    come, first served, for the first agent to finish a chat. An agent with ``j`` chats open
    works on each at ``1 / (1 + slowdown x (j - 1))`` of full speed, so chats speed up when
    others end. The queue starts empty; the first tenth of the intervals is a warm-up and not
    counted. Each replication repeats the run independently.

    Parameters
    ----------
    chats : float
        Mean chats per interval, above 0.
    aht_single_seconds : float
        Mean handle time of a chat handled alone, above 0.
    agents : int
        Agents on chat, 1 to 10,000.
    concurrency : int
        Chats an agent may have open at once, 1 to 10.
    slowdown : float
        0 to 1 (see the module notes).
    threshold_seconds : float
        First-response target for the service level.
    interval_seconds : float, default 1800
    intervals : int, default 100
        Intervals to play per replication (at least 10).
    replications : int, default 1
    rng : numpy Generator, seed or None

    Raises
    ------
    CxlabValueError
        For values out of range, more than 2,000,000 chats in all, or a workload the agents
        cannot carry (the queue would grow without end).

    Examples
    --------
    >>> sim = simulate_chat(100, 360, 14, concurrency=2, slowdown=0.25, threshold_seconds=60,
    ...                     intervals=40, rng=1)
    >>> 0.6 < sim.service_level < 0.9
    True
    """
    lam = check_positive("chats", chats, scalar=True)
    h1 = check_positive("aht_single_seconds", aht_single_seconds, scalar=True)
    n = int(check_integer("agents", agents, minimum=1, scalar=True))
    if n > MAX_SIMULATED_AGENTS:
        raise CxlabValueError(f"agents must be at most {MAX_SIMULATED_AGENTS:,}, got {n:,}")
    k = int(check_integer("concurrency", concurrency, minimum=1, scalar=True))
    if k > MAX_CONCURRENCY:
        raise CxlabValueError(f"concurrency must be at most {MAX_CONCURRENCY}, got {k}")
    s = check_in_range("slowdown", slowdown, 0, 1, hint=_SLOWDOWN_HINT, scalar=True)
    t = check_non_negative("threshold_seconds", threshold_seconds, scalar=True)
    length = check_positive("interval_seconds", interval_seconds, scalar=True)
    n_int = int(check_integer("intervals", intervals, minimum=10, scalar=True))
    reps = int(check_integer("replications", replications, minimum=1, scalar=True))
    expected = lam * n_int * reps
    if expected > MAX_SIMULATED_CHATS:
        raise CxlabValueError(f"chats x intervals x replications must be at most "
                              f"{MAX_SIMULATED_CHATS:,}, got {expected:,.0f}; use fewer "
                              "intervals or replications")
    h_full = h1 * (1 + s * (k - 1))
    if lam * h_full / length >= n * k:
        raise CxlabValueError(
            f"{n} agents with {k} chats each cannot keep up with {lam:g} chats an interval of "
            f"{length:g} s (each takes {h_full:g} s at full concurrency: aht_single_seconds "
            f"{h1:g} stretched by the slowdown): the queue would grow without end; add agents "
            "or concurrency, or check chats, aht_single_seconds and interval_seconds")
    gen = _generator(rng)
    horizon = n_int * length
    warm = (n_int // 10) * length
    rows = []
    for _ in range(reps):
        count = int(gen.poisson(lam / length * horizon))
        arrivals = np.sort(gen.random(count) * horizon)
        work = gen.standard_exponential(count) * h1
        start, end = _run_chat(arrivals.tolist(), work.tolist(), n, k, s)
        start_a, end_a = np.asarray(start), np.asarray(end)
        keep = arrivals >= warm
        waits = start_a[keep] - arrivals[keep]
        # chats open per agent over [warm, horizon]: overlap of each chat with the window
        overlap = np.clip(np.minimum(end_a, horizon) - np.maximum(start_a, warm), 0, None)
        rows.append((int(keep.sum()), float(np.mean(waits <= t)) if keep.any() else 1.0,
                     float(waits.mean()) if keep.any() else 0.0,
                     float((end_a[keep] - start_a[keep]).mean()) if keep.any() else h1,
                     float(overlap.sum() / ((horizon - warm) * n))))
    table = np.asarray(rows, dtype=float)
    counted = table[:, 0]
    weights = counted / counted.sum() if counted.sum() else np.full(reps, 1 / reps)
    sl_reps = table[:, 1]
    sl_mean = float(weights @ sl_reps)
    if reps > 1:
        half = 1.96 * float(sl_reps.std(ddof=1)) / math.sqrt(reps)
    else:
        half = 0.0
    return ChatSimulation(
        chats=int(counted.sum()), service_level=sl_mean,
        asa_seconds=float(weights @ table[:, 2]),
        mean_handle_seconds=float(weights @ table[:, 3]),
        mean_chats_per_agent=float(table[:, 4].mean()),
        service_level_low=max(0.0, sl_mean - half), service_level_high=min(1.0, sl_mean + half),
        threshold_seconds=t)


def _run_chat(arrivals: list[float], work: list[float], n_agents: int, k: int,
              slowdown: float) -> tuple[list[float], list[float]]:
    """Event-by-event pass; returns each chat's start (taken by an agent) and end times.

    Each agent keeps a "work clock" that runs at the speed its open chats get (the work a
    chat alone would have done by now); a chat ends when its agent's clock has advanced by
    its work since it started. Completions sit in one heap keyed by time; an agent's entry is
    replaced (by a version number) whenever its number of open chats changes.
    """
    speed = [1.0] + [1.0 / (1.0 + slowdown * (j - 1)) for j in range(1, k + 1)]
    count = [0] * n_agents
    clock = [0.0] * n_agents
    last = [0.0] * n_agents
    version = [0] * n_agents
    due: list[list[tuple[float, int]]] = [[] for _ in range(n_agents)]
    by_count: list[set[int]] = [set(range(n_agents))] + [set() for _ in range(k)]
    events: list[tuple[float, int, int]] = []
    waiting: deque[int] = deque()
    total = len(arrivals)
    start = [math.nan] * total
    end = [math.nan] * total
    push, pop = heapq.heappush, heapq.heappop

    def reschedule(agent: int, now: float) -> None:
        version[agent] += 1
        if count[agent]:
            finish = now + (due[agent][0][0] - clock[agent]) / speed[count[agent]]
            push(events, (finish, version[agent], agent))

    def advance(agent: int, now: float) -> None:
        clock[agent] += (now - last[agent]) * speed[count[agent]]
        last[agent] = now

    def take(agent: int, chat: int, now: float) -> None:
        advance(agent, now)
        push(due[agent], (clock[agent] + work[chat], chat))
        by_count[count[agent]].discard(agent)
        count[agent] += 1
        by_count[count[agent]].add(agent)
        start[chat] = now
        reschedule(agent, now)

    i = 0
    while i < total or events:
        while events and events[0][1] != version[events[0][2]]:
            pop(events)
        next_end = events[0][0] if events else math.inf
        if i < total and arrivals[i] < next_end:
            now, chat = arrivals[i], i
            i += 1
            for level in range(k):
                if by_count[level]:
                    take(min(by_count[level]), chat, now)
                    break
            else:
                waiting.append(chat)
            continue
        if not events:  # pragma: no cover - every remaining chat is on an agent
            break
        now, _, agent = pop(events)
        advance(agent, now)
        _, chat = pop(due[agent])
        end[chat] = now
        by_count[count[agent]].discard(agent)
        count[agent] -= 1
        by_count[count[agent]].add(agent)
        if waiting:  # everyone else is full: this agent is the one with a free place
            take(agent, waiting.popleft(), now)
        else:
            reschedule(agent, now)
    return start, end


# -- helpers ---------------------------------------------------------------------------------


def _generator(rng: object) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, numbers.Integral) and not isinstance(rng, (bool, np.bool_)) \
            and int(rng) >= 0:
        return np.random.default_rng(int(rng))
    raise CxlabValueError("rng must be a numpy Generator, a seed (a whole number of 0 or more) "
                          f"or None, got {describe(rng)}")
