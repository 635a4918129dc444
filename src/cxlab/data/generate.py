"""Generate the sample data sets shipped in ``cxlab/data/``.

The data are synthetic but built to behave like a real contact centre, so that every number a
participant computes from them (service level, abandonment, occupancy, forecast accuracy) is
plausible and mutually consistent. Everything is drawn from seeded random generators, so
the files can be rebuilt and explained::

    python -m cxlab.data.generate           # rewrite the CSV files in src/cxlab/data/
    python -m cxlab.data.generate --check   # exit 1 if a shipped file differs from a rebuild

``voice_week``
--------------
One week, Monday 2 March to Sunday 8 March 2026, of 30-minute intervals for one inbound voice
queue. Only the intervals when the queue is open are rows:

* Monday to Friday 08:00-20:00 (24 intervals a day, the last one starts at 19:30),
* Saturday 09:00-17:00 (16 intervals),
* Sunday 10:00-16:00 (12 intervals),

148 rows in all. How each column is made:

1. **Forecast.** ``forecast_calls`` is a smooth weekly shape (Monday busiest, easing off
   towards Friday, weekend low) times an intraday shape (ramp from opening, main peak around
   10:00-11:30, smaller peak around 14:00-15:00, falling through the evening); the Monday
   peak is about 140 calls per half hour. ``forecast_aht_seconds`` is a smooth handle-time
   profile between about 270 and 310 s (longer first thing, in the evening and at weekends).
2. **Staffing.** For each interval the planner's requirement is the smallest number of agents
   that meets 80% of calls answered within 20 s on the forecast (Erlang C, which ignores
   callers hanging up). A shift plan never fits the requirement exactly: like many real
   plans it covers the quiet shoulders of the day a little generously and the peaks a little
   short, give or take an agent, so ``agents_staffed`` differs from the requirement by a few
   agents either way; never fewer than 2.
3. **What really happened.** Each day runs a few per cent above or below forecast, each
   interval a few per cent more, and ``offered`` is a Poisson count around that: forecast error
   per interval is mostly 3-15%. The true mean handle time of each interval wanders a few per
   cent around the forecast. Three events make the week worth discussing:

   * Tuesday 10:00-12:00: a billing e-mail nobody told planning about; about 20% more calls
     than forecast.
   * Wednesday 13:00-14:30: a team meeting overran; 3 agents fewer than planned.
   * Friday 08:00-11:00: two agents phoned in sick; 2 agents fewer than planned.

4. **Outcomes.** Each day is simulated call by call as an M/M/N+M queue: in each interval
   exactly ``offered`` calls arrive at random times (Poisson arrivals), each needs an
   exponential handle time around that interval's true mean, ``agents_staffed`` agents answer
   them first come first served, and a caller not yet answered hangs up after an exponential
   patience (mean 150 s). The queue opens empty each morning and carries over from one
   interval to the next; an agent whose shift ends finishes the call in hand, and after
   closing the last agents clear the queue. Every call counts in the interval it arrived in.
   From the simulation come ``answered``, ``abandoned``, ``answered_within_20s`` (waited 20 s
   or less), ``abandoned_within_20s`` (hung up within 20 s) and ``aht_seconds`` (the mean
   handle time of the answered calls), so ``answered + abandoned == offered`` in every row.
   Because handle times are exponential, ``aht_seconds`` of a quiet interval with a dozen
   calls can be far from the forecast (150-500 s); busy intervals stay close to it.

The seed of the shipped file was picked among a few for a clean Monday-to-Friday decline;
any seed gives the same shape, the same events and similar totals.

``voice_week_incidents``
------------------------
For module 02, working backwards from a missed service-level target. **Trainers only: the
causes below are what participants are asked to find; the loader's description of this
data set does not give them away.** The same queue, opening hours and forecast shapes as
``voice_week``, one week later in spring: Monday 13 to Sunday 19 April 2026, 148 rows. The
columns are those of ``voice_week`` plus ``agents_planned``:

1. **Forecast** as in ``voice_week`` (Monday peak about 132 calls per half hour, then 120,
   114, 110, 104, Saturday 50, Sunday 34), rounded to one decimal.
2. **The plan.** ``agents_planned`` is the Erlang C requirement for 80% answered within 20 s
   on the forecast (:func:`cxlab.service_level.agents_required`): the plan the centre made.
3. **Staffed.** ``agents_staffed`` is the plan, now and then (8% of intervals each way) one
   agent more or fewer; never fewer than 2.
4. **What really happened**, ordinarily: each day a few per cent above or below forecast,
   each interval a few per cent more, ``offered`` a Poisson count around that; the true mean
   handle time wanders 1-3% around the forecast.
5. **Outcomes** from the same call-by-call M/M/N+M simulation as ``voice_week`` (patience
   150 s), so ``answered + abandoned == offered`` in every row and ``aht_seconds`` is the
   mean handle time of the answered calls (noisy in quiet intervals, as there).

The three seeded causes of the missed target:

* **Handle time after a system change**: from Tuesday 10:00 until Wednesday 12:00 (the
  intervals Tuesday 10:00-19:30 and Wednesday 08:00-11:30) the true handle time is 25%
  above forecast. Staffing and calls are as planned.
* **Sickness on Thursday**: all day Thursday ``agents_staffed`` is 80% of the plan (rounded,
  then the usual occasional agent more or fewer), about 20% fewer agents.
* **A marketing mailing on Friday**: from 09:00 to 13:00 (intervals 09:00-12:30) 40% more
  calls than forecast arrive, on top of the ordinary forecast error.

Nothing else is seeded: Monday, Wednesday afternoon and the weekend follow the plan. In the
shipped file (seed ``VOICE_WEEK_INCIDENTS_SEED``, picked among a few hundred for causes that
show cleanly and no spurious ones) the service level answered within 20 s over offered is
94% on Monday, 78% on Tuesday, 81% on Wednesday, 75% on Thursday, 70% on Friday and 93% at
the weekend; in the seeded windows it is 76% (Tuesday from 10:00), 78% (Wednesday morning),
75% (Thursday) and 56% (Friday morning, where 18% of callers hang up). Other seeds give the
same causes, but ordinary noise can blur them (a Monday that happens to miss as well, or a
day with handle times 5% off forecast by chance).

``qa_evaluations`` and ``qa_calibration``
----------------------------------------
For module 03 (monitoring, QA scoring, calibration, coaching), scored on the voice QA
scorecard ``qa_scorecard.yml`` (:func:`cxlab.data.load_scorecard`). **Trainers only:** how
agents, evaluators and CSAT are made, and which behaviours drive CSAT, is in the docstrings
of :func:`build_qa_evaluations` and :func:`build_qa_calibration` (which items the
calibration session disputes).

``survey_responses``
--------------------
For module 05 (journey mapping and the voice of the customer): about 2,000 touchpoint
survey responses (likelihood to recommend, CSAT, CES 2.0 and a comment) from customers of
the sample broadband journey ``broadband_journey.yml`` (:func:`cxlab.journey.load_journey`).
**Trainers only:** which touchpoints drive likelihood to recommend and which themes the
comments carry is in the docstring of :func:`build_survey_responses`.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from cxlab._validation import CxlabValueError, check_integer
from cxlab.service_level import agents_required, traffic_intensity

__all__ = [
    "QA_CALIBRATION_SEED",
    "QA_DISPUTED_ITEMS",
    "QA_EVALUATIONS_SEED",
    "SURVEY_RESPONSES_COLUMNS",
    "SURVEY_RESPONSES_SEED",
    "VOICE_WEEK_COLUMNS",
    "VOICE_WEEK_INCIDENTS_COLUMNS",
    "VOICE_WEEK_INCIDENTS_SEED",
    "VOICE_WEEK_SEED",
    "build_qa_calibration",
    "build_qa_evaluations",
    "build_survey_responses",
    "build_quick_wins",
    "build_voice_week",
    "build_voice_week_incidents",
    "main",
    "render_csv",
]

#: Seed of the shipped ``voice_week.csv``.
VOICE_WEEK_SEED = 14

#: Column order of ``voice_week.csv``.
VOICE_WEEK_COLUMNS = (
    "interval_start",
    "offered",
    "answered",
    "abandoned",
    "answered_within_20s",
    "abandoned_within_20s",
    "aht_seconds",
    "agents_staffed",
    "forecast_calls",
    "forecast_aht_seconds",
)

#: Seed of the shipped ``voice_week_incidents.csv``.
VOICE_WEEK_INCIDENTS_SEED = 263

#: Column order of ``voice_week_incidents.csv``: as ``voice_week``, then the plan.
VOICE_WEEK_INCIDENTS_COLUMNS = (*VOICE_WEEK_COLUMNS, "agents_planned")

DATA_DIR = Path(__file__).resolve().parent

_WEEK_START = "2026-03-02"  # a Monday
_INTERVAL_SECONDS = 1800.0
_THRESHOLD_SECONDS = 20.0
_TARGET_SL = 0.8
_PATIENCE_SECONDS = 150.0
_MIN_AGENTS = 2
_SHIFT_TILT = (0.04, 0.12)

# Opening hours per weekday (Monday = 0): first interval start, closing time, in hours.
_OPEN_HOURS = {0: (8, 20), 1: (8, 20), 2: (8, 20), 3: (8, 20), 4: (8, 20), 5: (9, 17), 6: (10, 16)}
# Forecast calls in the busiest half hour of each day.
_DAY_PEAK_CALLS = {0: 136.0, 1: 118.0, 2: 112.0, 3: 108.0, 4: 102.0, 5: 52.0, 6: 36.0}

# (weekday, first interval start "HH:MM", last interval start "HH:MM") -> effect.
_DEMAND_EVENTS = (
    (1, "10:00", "11:30", 1.20),  # Tuesday: billing e-mail, 20% more calls than forecast
)
_STAFF_EVENTS = (
    (2, "13:00", "14:00", -3),  # Wednesday: team meeting overran
    (4, "08:00", "10:30", -2),  # Friday: two agents sick
)

# voice_week_incidents: another week of the same queue, and the causes seeded in it as
# (first interval start, last interval start, as offsets from the Monday; factor).
_INCIDENTS_WEEK_START = "2026-04-13"  # a Monday
_INCIDENTS_DAY_PEAK_CALLS = {0: 132.0, 1: 120.0, 2: 114.0, 3: 110.0, 4: 104.0, 5: 50.0, 6: 34.0}
_INCIDENT_AHT = ("1 days 10:00", "2 days 11:30", 1.25)  # true handle time x 1.25
_INCIDENT_SICKNESS = ("3 days 08:00", "3 days 19:30", 0.80)  # agents staffed x 0.8
_INCIDENT_MAILING = ("4 days 09:00", "4 days 12:30", 1.40)  # calls x 1.4


def _bump(hours: np.ndarray, centre: float, width: float) -> np.ndarray:
    return np.exp(-0.5 * ((hours - centre) / width) ** 2)


def _intraday_shape(hours: np.ndarray, weekday: int) -> np.ndarray:
    """Relative call volume at ``hours`` (interval midpoints); 1.0 at the day's peak."""
    if weekday <= 4:
        shape = (
            0.10
            + 0.95 * _bump(hours, 10.75, 1.25)
            + 0.62 * _bump(hours, 14.5, 1.1)
            + 0.25 * _bump(hours, 12.5, 3.5)
            + 0.05 * _bump(hours, 18.0, 1.2)
        )
    elif weekday == 5:
        shape = 0.25 + 0.85 * _bump(hours, 11.25, 1.6) + 0.25 * _bump(hours, 14.5, 1.2)
    else:
        shape = 0.25 + 0.80 * _bump(hours, 12.0, 1.8)
    return shape / shape.max()


def _forecast_aht(hours: np.ndarray, weekday: int) -> np.ndarray:
    """Smooth planned handle time in seconds: longer first thing, in the evening, at weekends."""
    aht = 272.0 + 24.0 * _bump(hours, 8.0, 1.3) + 30.0 / (1.0 + np.exp(-(hours - 17.5) / 0.9))
    if weekday == 0:
        aht = aht + 6.0
    elif weekday >= 5:
        aht = aht + 12.0
    return aht


def _erlang_c_service_level(agents: int, calls: float, aht_seconds: float) -> float:
    """Service level (answered within the threshold) of an M/M/N queue, no abandonment."""
    load = calls * aht_seconds / _INTERVAL_SECONDS
    if agents <= load:
        return 0.0
    erlang_b = 1.0
    for k in range(1, agents + 1):
        erlang_b = load * erlang_b / (k + load * erlang_b)
    p_wait = agents * erlang_b / (agents - load * (1.0 - erlang_b))
    return 1.0 - p_wait * math.exp(-(agents - load) * _THRESHOLD_SECONDS / aht_seconds)


def _required_agents(calls: float, aht_seconds: float) -> int:
    agents = max(1, math.floor(calls * aht_seconds / _INTERVAL_SECONDS) + 1)
    while _erlang_c_service_level(agents, calls, aht_seconds) < _TARGET_SL:
        agents += 1
    return agents


def _simulate_day(
    rng: np.random.Generator,
    offered: np.ndarray,
    agents: np.ndarray,
    aht_seconds: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """Simulate one day of an M/M/N+M queue, first come first served, call by call.

    Interval ``j`` receives exactly ``offered[j]`` calls at random times within it (Poisson
    arrivals given their number), each needing an exponential handle time of mean
    ``aht_seconds[j]`` and hanging up after an exponential patience. ``agents[j]`` agents are
    on the phones during interval ``j``: agent ``k`` takes calls in the intervals where
    ``agents[j] > k`` and always finishes the call in hand. The queue opens empty, carries
    over from one interval to the next, and after closing the last interval's agents clear it.

    Calls are taken in arrival order: a call goes to the agent who can start it soonest,
    unless its patience runs out first. Calls that hang up never occupy an agent, so this
    order-by-order pass is exact for first come first served.

    Returns, per interval: answered, abandoned, answered within the threshold, abandoned
    within the threshold, and total handle time of the answered calls.
    """
    n_intervals = len(offered)
    length = _INTERVAL_SECONDS
    staffed = [int(a) for a in agents]
    n_agents = max(staffed)
    # next_on[k][j]: first interval >= j in which agent k is on the phones (None if never).
    next_on: list[list[int | None]] = []
    for k in range(n_agents):
        row: list[int | None] = [None] * n_intervals
        upcoming = None
        for j in range(n_intervals - 1, -1, -1):
            if staffed[j] > k:
                upcoming = j
            row[j] = upcoming
        next_on.append(row)

    def earliest_start(k: int, t: float) -> float:
        j = min(int(t // length), n_intervals - 1)
        first = next_on[k][j]
        if first is None:
            return math.inf
        return t if first == j else first * length

    free_at = [0.0] * n_agents
    results = np.zeros((5, n_intervals))
    for j in range(n_intervals):
        count = int(offered[j])
        arrivals = j * length + np.sort(rng.uniform(0.0, length, size=count))
        handle = rng.exponential(float(aht_seconds[j]), size=count)
        patience = rng.exponential(_PATIENCE_SECONDS, size=count)
        for arrival, work, wait_limit in zip(
            arrivals.tolist(), handle.tolist(), patience.tolist(), strict=True
        ):
            best_agent, start = -1, math.inf
            for k in range(n_agents):
                candidate = earliest_start(k, max(arrival, free_at[k]))
                if candidate < start:
                    best_agent, start = k, candidate
                    if start == arrival:
                        break
            wait = start - arrival
            if wait > wait_limit:
                results[1, j] += 1
                results[3, j] += wait_limit <= _THRESHOLD_SECONDS
                continue
            free_at[best_agent] = start + work
            results[0, j] += 1
            results[2, j] += wait <= _THRESHOLD_SECONDS
            results[4, j] += work
    return tuple(results)


def _in_window(stamps: pd.DatetimeIndex, weekday: int, first: str, last: str) -> np.ndarray:
    clock = stamps.strftime("%H:%M")
    return np.asarray((stamps.day_of_week == weekday) & (clock >= first) & (clock <= last))


def _week_skeleton(week_start: str, day_peak_calls: dict[int, float]) -> pd.DataFrame:
    """Open intervals of the week from ``week_start`` (a Monday), with the smooth forecast.

    Columns: ``interval_start``, ``weekday`` (Monday = 0), ``forecast_calls`` (the weekly
    times the intraday shape, before rounding) and ``forecast_aht_seconds`` (unrounded).
    """
    days = []
    for weekday in range(7):
        day = pd.Timestamp(week_start) + pd.Timedelta(days=weekday)
        first, close = _OPEN_HOURS[weekday]
        stamps = pd.date_range(
            day + pd.Timedelta(hours=first),
            day + pd.Timedelta(hours=close) - pd.Timedelta(minutes=30),
            freq="30min",
        )
        hours = first + 0.25 + 0.5 * np.arange(len(stamps))
        days.append(
            pd.DataFrame(
                {
                    "interval_start": stamps,
                    "weekday": weekday,
                    "forecast_calls": day_peak_calls[weekday] * _intraday_shape(hours, weekday),
                    "forecast_aht_seconds": _forecast_aht(hours, weekday),
                }
            )
        )
    return pd.concat(days, ignore_index=True)


def _check_seed(seed: object) -> int:
    if isinstance(seed, np.random.Generator):
        raise CxlabValueError(
            f"seed must be a whole number of at least 0, got a Generator ({seed!r})"
        )
    return int(check_integer("seed", seed, minimum=0))


def build_voice_week(seed: int = VOICE_WEEK_SEED) -> pd.DataFrame:
    """Build the ``voice_week`` data set: one week of 30-minute intervals for a voice queue.

    The module docstring of :mod:`cxlab.data.generate` explains how every column is made.

    Parameters
    ----------
    seed : int, default VOICE_WEEK_SEED
        Seed of the random generator; the shipped file uses the default. Another seed gives
        another week with the same shape and the same three events.

    Returns
    -------
    pandas.DataFrame
        148 rows, one per open interval, columns in the order of ``VOICE_WEEK_COLUMNS``.

    Raises
    ------
    cxlab.CxlabValueError
        If ``seed`` is not a whole number of 0 or more.

    Examples
    --------
    >>> week = build_voice_week()
    >>> week.shape
    (148, 10)
    >>> bool((week["answered"] + week["abandoned"] == week["offered"]).all())
    True
    """
    seed = _check_seed(seed)
    forecast_rng, staff_rng, demand_rng, sim_rng = (
        np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(4)
    )

    week = _week_skeleton(_WEEK_START, _DAY_PEAK_CALLS)
    stamps = pd.DatetimeIndex(week["interval_start"])
    n = len(week)

    # The forecast as published: one decimal, with a little texture from the forecasting model.
    forecast_calls = np.round(
        week["forecast_calls"].to_numpy() * forecast_rng.lognormal(0.0, 0.02, size=n), 1
    )
    forecast_aht = np.round(week["forecast_aht_seconds"].to_numpy(), 1)

    # The plan: Erlang C requirement on the forecast, then the fit of a shift plan.
    required = np.array(
        [_required_agents(c, a) for c, a in zip(forecast_calls, forecast_aht, strict=True)]
    )
    # Shifts cover the day's shoulders generously and the peaks a little short.
    day_peak = week.groupby("weekday")["forecast_calls"].transform("max").to_numpy()
    tilt = _SHIFT_TILT[0] - _SHIFT_TILT[1] * forecast_calls / day_peak
    shift_fit = np.rint(required * tilt + staff_rng.normal(0.0, 0.8, size=n)).astype(np.int64)
    agents = required + shift_fit
    for weekday, first, last, change in _STAFF_EVENTS:
        agents = agents + change * _in_window(stamps, weekday, first, last)
    agents = np.maximum(agents, _MIN_AGENTS)

    # What really happened: forecast error by day and by interval, events, Poisson noise.
    day_error = demand_rng.lognormal(0.0, 0.03, size=7)[week["weekday"].to_numpy()]
    interval_error = demand_rng.lognormal(0.0, 0.04, size=n)
    demand = forecast_calls * day_error * interval_error
    for weekday, first, last, factor in _DEMAND_EVENTS:
        demand = np.where(_in_window(stamps, weekday, first, last), demand * factor, demand)
    offered = demand_rng.poisson(demand)
    true_aht = (
        forecast_aht
        * demand_rng.lognormal(0.0, 0.02, size=7)[week["weekday"].to_numpy()]
        * demand_rng.lognormal(0.0, 0.04, size=n)
    )

    weekdays = week["weekday"].to_numpy()
    result = _simulated_intervals(sim_rng, stamps, weekdays, offered, agents, true_aht,
                                  forecast_calls, forecast_aht)
    return result[list(VOICE_WEEK_COLUMNS)]


def _between(stamps: pd.DatetimeIndex, week_start: str, first: str, last: str) -> np.ndarray:
    """Intervals starting from ``first`` to ``last``, both offsets from ``week_start``.

    Offsets are written like ``"1 days 10:00"`` (Tuesday 10:00 for a week from a Monday).
    """
    start = pd.Timestamp(week_start)
    low = start + pd.Timedelta(first + ":00")
    high = start + pd.Timedelta(last + ":00")
    return np.asarray((stamps >= low) & (stamps <= high))


def build_voice_week_incidents(seed: int = VOICE_WEEK_INCIDENTS_SEED) -> pd.DataFrame:
    """Build ``voice_week_incidents``: a week with its staffing plan, what happened, and why.

    For module 02 (working backwards from a missed service-level target). The same queue,
    opening hours and forecast shapes as ``voice_week``, in the week of Monday 13 to Sunday
    19 April 2026, with a column ``agents_planned`` (the Erlang C requirement for 80% within
    20 s on the forecast, from :func:`cxlab.service_level.agents_required`) next to what was
    staffed. The module docstring of :mod:`cxlab.data.generate` explains every column and the
    three seeded causes (trainer's eyes only): handle times 25% above forecast from Tuesday
    10:00 to Wednesday 12:00, Thursday staffed 20% below plan all day, and a mailing that
    brings 40% more calls than forecast on Friday 09:00-13:00.

    Parameters
    ----------
    seed : int, default VOICE_WEEK_INCIDENTS_SEED
        Seed of the random generator; the shipped file uses the default. Another seed gives
        another week with the same plan shape and the same three causes.

    Returns
    -------
    pandas.DataFrame
        148 rows, one per open interval, columns in the order of
        ``VOICE_WEEK_INCIDENTS_COLUMNS``.

    Raises
    ------
    cxlab.CxlabValueError
        If ``seed`` is not a whole number of 0 or more.

    Examples
    --------
    >>> week = build_voice_week_incidents()
    >>> week.shape
    (148, 11)
    >>> bool((week["answered"] + week["abandoned"] == week["offered"]).all())
    True
    """
    seed = _check_seed(seed)
    forecast_rng, staff_rng, demand_rng, sim_rng = (
        np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(4)
    )
    week = _week_skeleton(_INCIDENTS_WEEK_START, _INCIDENTS_DAY_PEAK_CALLS)
    stamps = pd.DatetimeIndex(week["interval_start"])
    weekdays = week["weekday"].to_numpy()
    n = len(week)

    def window(event: tuple[str, str, float]) -> np.ndarray:
        return _between(stamps, _INCIDENTS_WEEK_START, event[0], event[1])

    # The forecast as published, and the plan made on it.
    forecast_calls = np.round(
        week["forecast_calls"].to_numpy() * forecast_rng.lognormal(0.0, 0.02, size=n), 1
    )
    forecast_aht = np.round(week["forecast_aht_seconds"].to_numpy(), 1)
    workload = traffic_intensity(forecast_calls, forecast_aht, _INTERVAL_SECONDS)
    planned = np.asarray(
        agents_required(workload, forecast_aht, _THRESHOLD_SECONDS, _TARGET_SL), dtype=np.int64
    )

    # Staffed: the plan, now and then an agent more or fewer; on Thursday a share off sick.
    attendance = np.where(window(_INCIDENT_SICKNESS), _INCIDENT_SICKNESS[2], 1.0)
    wobble = staff_rng.choice([-1, 0, 1], size=n, p=[0.08, 0.84, 0.08])
    agents = np.maximum(np.rint(planned * attendance).astype(np.int64) + wobble, _MIN_AGENTS)

    # What really happened: ordinary forecast error, Poisson counts, handle-time noise,
    # the mailing's extra calls and the slower handling after the system change.
    day_error = demand_rng.lognormal(0.0, 0.03, size=7)[weekdays]
    interval_error = demand_rng.lognormal(0.0, 0.04, size=n)
    demand = forecast_calls * day_error * interval_error
    demand = np.where(window(_INCIDENT_MAILING), demand * _INCIDENT_MAILING[2], demand)
    offered = demand_rng.poisson(demand)
    true_aht = (
        forecast_aht
        * demand_rng.lognormal(0.0, 0.015, size=7)[weekdays]
        * demand_rng.lognormal(0.0, 0.03, size=n)
    )
    true_aht = np.where(window(_INCIDENT_AHT), true_aht * _INCIDENT_AHT[2], true_aht)

    result = _simulated_intervals(sim_rng, stamps, weekdays, offered, agents, true_aht,
                                  forecast_calls, forecast_aht)
    result["agents_planned"] = planned
    return result[list(VOICE_WEEK_INCIDENTS_COLUMNS)]


def _simulated_intervals(sim_rng, stamps, weekdays, offered, agents, true_aht,
                         forecast_calls, forecast_aht) -> pd.DataFrame:
    """Simulate each day call by call and return the interval table both voice weeks share."""
    outcome = np.zeros((5, len(offered)))
    for day in range(7):
        rows = np.flatnonzero(weekdays == day)
        outcome[:, rows] = _simulate_day(sim_rng, offered[rows], agents[rows], true_aht[rows])
    answered, abandoned, answered_fast, abandoned_fast, handle_total = outcome
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_handle = handle_total / answered
    aht_seconds = np.round(np.where(answered > 0, mean_handle, true_aht), 1)
    return pd.DataFrame(
        {
            "interval_start": stamps,
            "offered": offered.astype(np.int64),
            "answered": answered.astype(np.int64),
            "abandoned": abandoned.astype(np.int64),
            "answered_within_20s": answered_fast.astype(np.int64),
            "abandoned_within_20s": abandoned_fast.astype(np.int64),
            "aht_seconds": aht_seconds,
            "agents_staffed": agents.astype(np.int64),
            "forecast_calls": forecast_calls,
            "forecast_aht_seconds": forecast_aht,
        }
    )


def _format_column(values: pd.Series, decimals: int) -> list[str]:
    kind = values.dtype.kind
    if kind == "M":
        if (values == values.dt.normalize()).all():  # dates only, e.g. an evaluation date
            return values.dt.strftime("%Y-%m-%d").tolist()
        return values.dt.strftime("%Y-%m-%d %H:%M").tolist()
    if kind in "iu":  # a nullable whole-number column writes missing values as empty cells
        return ["" if v is pd.NA else str(v) for v in values.tolist()]
    if kind == "f":
        if values.isna().any():
            raise CxlabValueError(f"column {values.name!r} must have no missing values")
        return [f"{v:.{decimals}f}" for v in values.tolist()]
    texts = [str(v) for v in values.tolist()]
    if any(ch in text for text in texts for ch in ',"\n\r'):
        raise CxlabValueError(
            f"column {values.name!r} must hold plain text without commas, quotes or line breaks"
        )
    return texts


def render_csv(df: pd.DataFrame, *, decimals: int = 1) -> str:
    """Render ``df`` as CSV text that is the same, byte for byte, on every machine.

    Columns keep their order, there is no index, lines end with ``\\n``, dates are written
    ``YYYY-MM-DD HH:MM``, whole numbers as they are and other numbers with ``decimals``
    decimals.

    Parameters
    ----------
    df : pandas.DataFrame
        The data set to write.
    decimals : int, default 1
        Decimals for float columns.

    Returns
    -------
    str
        The CSV text, ending with a line break.

    Examples
    --------
    >>> frame = pd.DataFrame({"interval_start": pd.to_datetime(["2026-03-02 08:00"]),
    ...                       "offered": [52], "aht_seconds": [287.26]})
    >>> print(render_csv(frame), end="")
    interval_start,offered,aht_seconds
    2026-03-02 08:00,52,287.3
    """
    decimals = int(check_integer("decimals", decimals, minimum=0))
    columns = [_format_column(df[name], decimals) for name in df.columns]
    lines = [",".join(str(name) for name in df.columns)]
    lines.extend(",".join(cells) for cells in zip(*columns, strict=True))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Module 03: QA evaluations and a calibration session

#: Seed of the shipped ``qa_evaluations.csv``.
QA_EVALUATIONS_SEED = 4

#: Seed of the shipped ``qa_calibration.csv``.
QA_CALIBRATION_SEED = 7

#: Details columns of ``qa_evaluations.csv``, before the scorecard items (``csat`` comes last).
QA_EVALUATION_DETAILS = ("evaluation_id", "agent", "evaluator", "date", "contact_id")

QA_AGENTS = tuple(f"A{n:02d}" for n in range(1, 41))
QA_EVALUATORS = ("E1", "E2", "E3", "E4")
QA_MONTHS = ("2026-01", "2026-02", "2026-03")
#: Agents coached at the end of January on ownership, empathy and next steps.
QA_COACHED_AGENTS = ("A05", "A12", "A23", "A34")
QA_COACHED_ITEMS = ("ownership", "empathy", "next_steps")
#: Items the calibration session disagrees on.
QA_DISPUTED_ITEMS = ("probing", "empathy", "policy_applied")

# Yes/no items: log-odds of a "yes" for an average agent. Scale items: mean on 1..5.
_QA_YES_LOGIT = {
    "greeting": 2.6,
    "verify_identity": 3.2,
    "listening": 1.8,
    "probing": 0.9,
    "confirms_need": 0.7,
    "next_steps": 0.8,
    "hold_transfer": 1.4,
    "correct_information": 2.6,
    "policy_applied": 2.3,
    "data_protection": 4.0,
    "summary": 0.9,
    "further_help": 1.8,
    "closing": 2.3,
}
_QA_SCALE_MEAN = {"empathy": 3.3, "ownership": 3.2, "clarity": 3.6}
# Share of contacts where the item does not arise (N/A).
_QA_NOT_APPLICABLE = {
    "verify_identity": 0.10,
    "data_protection": 0.10,
    "probing": 0.04,
    "confirms_need": 0.05,
    "hold_transfer": 0.60,
    "policy_applied": 0.55,
}
# Effect of each behaviour on the customer's satisfaction (points on the 1-5 CSAT scale):
# per scale point above 3 for scale items, for a "yes" rather than a "no" for yes/no items.
_QA_CSAT_EFFECT = {
    "ownership": 0.55,
    "empathy": 0.40,
    "clarity": 0.20,
    "correct_information": 1.60,
    "next_steps": 0.45,
    "probing": 0.15,
    "listening": 0.15,
    "greeting": 0.0,
    "closing": 0.05,
}
_QA_CSAT_BASE = 1.95
_QA_CSAT_NOISE = 0.6
_QA_SURVEYED = 0.5
# Evaluator bias: P(no read as yes), P(yes read as no), shift on 1..5 scale items.
_QA_EVALUATOR_BIAS = {
    "E1": (0.30, 0.02, 0.6),  # lenient
    "E2": (0.02, 0.15, -0.5),  # harsh
    "E3": (0.04, 0.04, 0.1),
    "E4": (0.04, 0.04, -0.1),
}
_QA_SCALE_READING_NOISE = 0.3


def _qa_items() -> tuple:
    from cxlab.data import load_scorecard

    items = load_scorecard().items
    known = set(_QA_YES_LOGIT) | set(_QA_SCALE_MEAN)
    if {item.id for item in items} != known:  # pragma: no cover - the two must be kept in step
        raise CxlabValueError("qa_scorecard.yml and the QA generator name different items")
    return items


def _qa_true_contact(rng: np.random.Generator, items: tuple, skill: dict[str, float]) -> dict:
    """What really happened on one contact: 1/0 for yes/no, 1..5 for scales, None for N/A."""
    truth: dict[str, float | None] = {}
    for item in items:
        if rng.random() < _QA_NOT_APPLICABLE.get(item.id, 0.0):
            truth[item.id] = None
        elif item.kind == "scale":
            value = _QA_SCALE_MEAN[item.id] + 0.7 * skill[item.id] + rng.normal(0.0, 0.7)
            truth[item.id] = float(np.clip(np.rint(value), 1, 5))
        else:
            logit = _QA_YES_LOGIT[item.id] + 0.9 * skill[item.id]
            truth[item.id] = float(rng.random() < 1.0 / (1.0 + math.exp(-logit)))
    if truth["data_protection"] is None or truth["verify_identity"] is None:
        truth["data_protection"] = truth["verify_identity"] = None  # no account discussed
    return truth


def _qa_csat(rng: np.random.Generator, truth: dict) -> int:
    value = _QA_CSAT_BASE + rng.normal(0.0, _QA_CSAT_NOISE)
    for item_id, effect in _QA_CSAT_EFFECT.items():
        answer = truth[item_id]
        if answer is None:
            continue
        value += effect * ((answer - 3.0) if item_id in _QA_SCALE_MEAN else answer)
    return int(np.clip(np.rint(value), 1, 5))


def _qa_reading(
    rng: np.random.Generator,
    items: tuple,
    truth: dict,
    evaluator: str,
    disputed: tuple[str, ...] = (),
) -> dict[str, str]:
    """How ``evaluator`` scores a contact: answers as written in the file."""
    lenient, harsh, shift = _QA_EVALUATOR_BIAS[evaluator]
    answers: dict[str, str] = {}
    for item in items:
        answer = truth[item.id]
        if answer is None:
            answers[item.id] = "n/a"
        elif item.kind == "scale":
            spread = 1.3 if item.id in disputed else _QA_SCALE_READING_NOISE
            value = answer + shift + rng.normal(0.0, spread)
            answers[item.id] = str(int(np.clip(np.rint(value), 1, 5)))
        else:
            if item.id in disputed:
                flip = 0.4
            else:
                flip = lenient if answer == 0.0 else harsh
            seen = answer if rng.random() >= flip else 1.0 - answer
            answers[item.id] = "yes" if seen == 1.0 else "no"
    return answers


def _qa_business_days(month: str) -> pd.DatetimeIndex:
    start = pd.Timestamp(month + "-01")
    days = pd.bdate_range(start, start + pd.offsets.MonthEnd(0))
    return days[~((days.month == 1) & (days.day == 1))]  # closed on New Year's Day


def build_qa_evaluations(seed: int = QA_EVALUATIONS_SEED) -> pd.DataFrame:
    """Three months of QA evaluations of 40 voice agents, with the customer's CSAT answer.

    **Trainers only: the rules below are what participants are asked to discover.**

    * **Agents.** 40 agents, ``A01``-``A40``. Each has a general ability (normal, mean 0,
      sd 1); the skill on a behaviour is 0.6 x ability plus a personal strength or weakness
      on that behaviour (normal, sd 0.6): for a
      yes/no item the chance of doing it is a logistic curve of that skill around the item's
      base rate (greeting 93% for an average agent, probing 71%, confirming the need 67%,
      next steps 69%, correct information 93%, data protection 98%, ...); for the 1-5 scale
      items (empathy, ownership, clarity) the score on a contact is the item's mean (3.3,
      3.2, 3.6) plus 0.7 per unit of skill plus noise (sd 0.7), rounded and kept in 1..5.
    * **Items that do not arise** are N/A: a hold or transfer on 40% of contacts only,
      a refund or credit request on 45%, no account discussed on 10% (then identity
      check and data protection are both N/A), probing 4%, confirming the need 5%.
    * **Evaluations.** For each agent and month (January, February, March 2026) 4-6
      contacts on random working days; each evaluation is done by one of four evaluators at
      random. The evaluators read the same calls differently: **E1 is lenient** (reads 30%
      of the no's as yes, scales +0.6), **E2 is harsh** (reads 15% of the yes's as no,
      scales -0.5), **E3 and E4 are close to consensus** (4% slips either way, scales
      +/-0.1); every scale reading has some noise (sd 0.3).
    * **CSAT** is the customer's survey answer for the contact, driven by what really
      happened on the call (not by the evaluator's reading): 1.95, plus 0.55 per ownership
      point above 3, 0.40 per empathy point above 3, 0.20 per clarity point above 3, 1.6
      if the information was correct, 0.45 for next steps explained, 0.15 each for probing
      and listening, 0.05 for the closing, **nothing for the greeting**, and nothing for
      the refund policy (a customer given a credit the policy did not allow is not
      unhappy), plus noise (sd 0.6), rounded to 1..5. About half the customers answered
      the survey; the other half are blank. So ownership, correct information, empathy and
      next steps drive CSAT strongly; greeting, closing and the compliance items barely.
    * **Coaching.** Agents ``A05``, ``A12``, ``A23`` and ``A34`` start weak (general ability
      -1.2) and are coached at the end of January on ownership, empathy and next steps:
      their skill on those three rises by 0.9 in February and 1.8 in March, so their QA
      scores and CSAT improve month on month. Nobody else changes.

    With the shipped seed, on the surveyed contacts CSAT correlates about 0.45 with
    ownership and empathy, 0.35 with next steps and correct information, and about 0 with
    the greeting. Rows are sorted by date; about 600 evaluations.

    Parameters
    ----------
    seed : int, default QA_EVALUATIONS_SEED
        Seed of the random generator; the shipped file uses the default.

    Returns
    -------
    pandas.DataFrame
        One row per evaluation: ``evaluation_id, agent, evaluator, date, contact_id``, one
        column per scorecard item (``"yes"``/``"no"``/``"n/a"`` or ``"1"``-``"5"``/``"n/a"``)
        and ``csat`` (nullable whole number, missing when the customer was not surveyed).
    """
    seed = _check_seed(seed)
    items = _qa_items()
    rng = np.random.default_rng([seed, 301])
    ability = rng.normal(0.0, 1.0, size=len(QA_AGENTS))
    for agent in QA_COACHED_AGENTS:
        ability[QA_AGENTS.index(agent)] = -1.2
    own = rng.normal(0.0, 0.6, size=(len(QA_AGENTS), len(items)))
    contact_numbers = rng.choice(np.arange(100000, 1000000), size=40 * 3 * 7, replace=False)
    rows = []
    for month_number, month in enumerate(QA_MONTHS):
        days = _qa_business_days(month)
        for a, agent in enumerate(QA_AGENTS):
            skill = {item.id: 0.6 * ability[a] + own[a, i] for i, item in enumerate(items)}
            if agent in QA_COACHED_AGENTS:
                for item_id in QA_COACHED_ITEMS:
                    skill[item_id] += 0.9 * month_number
            for _ in range(int(rng.integers(4, 7))):
                truth = _qa_true_contact(rng, items, skill)
                evaluator = QA_EVALUATORS[int(rng.integers(len(QA_EVALUATORS)))]
                csat = _qa_csat(rng, truth)
                surveyed = rng.random() < _QA_SURVEYED
                row = {
                    "agent": agent,
                    "evaluator": evaluator,
                    "date": days[int(rng.integers(len(days)))],
                    "contact_id": f"C{contact_numbers[len(rows)]}",
                    **_qa_reading(rng, items, truth, evaluator),
                    "csat": csat if surveyed else pd.NA,
                }
                rows.append(row)
    frame = pd.DataFrame(rows).sort_values(["date", "agent", "contact_id"], kind="stable")
    frame.insert(0, "evaluation_id", [f"QA{n:04d}" for n in range(1, len(frame) + 1)])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["csat"] = frame["csat"].astype("Int64")
    columns = [*QA_EVALUATION_DETAILS, *(item.id for item in items), "csat"]
    return frame[columns].reset_index(drop=True)


def build_qa_calibration(seed: int = QA_CALIBRATION_SEED) -> pd.DataFrame:
    """A calibration session: the four evaluators each score the same 12 recorded contacts.

    **Trainers only.** The 12 contacts are drawn like those of :func:`build_qa_evaluations`
    (agents of varied ability; a refund or credit request on most of them so that the
    policy item applies), and every evaluator scores every item of every contact with the
    same biases as there (E1 lenient, E2 harsh, E3 and E4 close to consensus). Three items
    are **disputed**: the scorecard's wording leaves room for interpretation, so each
    evaluator reads them almost independently: ``probing`` and ``policy_applied`` (yes/no:
    40% of readings are the opposite of what happened) and ``empathy`` (1-5 scale: reading
    noise sd 1.3 instead of 0.3). The other items are mostly agreed; N/A is always agreed.

    Parameters
    ----------
    seed : int, default QA_CALIBRATION_SEED
        Seed of the random generator; the shipped file uses the default.

    Returns
    -------
    pandas.DataFrame
        48 rows (12 contacts x 4 evaluators): ``contact_id, evaluator`` and one column per
        scorecard item, answers as in ``qa_evaluations``.
    """
    seed = _check_seed(seed)
    items = _qa_items()
    rng = np.random.default_rng([seed, 302])
    rows = []
    for number in range(1, 13):
        ability = rng.normal(0.0, 1.0)
        skill = {item.id: 0.6 * ability + rng.normal(0.0, 0.6) for item in items}
        truth = _qa_true_contact(rng, items, skill)
        if truth["policy_applied"] is None and rng.random() < 0.8:
            truth["policy_applied"] = float(rng.random() < 0.75)
        for evaluator in QA_EVALUATORS:
            answers = _qa_reading(rng, items, truth, evaluator, QA_DISPUTED_ITEMS)
            rows.append({"contact_id": f"CAL{number:02d}", "evaluator": evaluator, **answers})
    return pd.DataFrame(rows)


#: File name -> function building its data frame.
# ---------------------------------------------------------------- quick-wins campaign (04)

#: Seed of the quick-wins campaign log.
QUICK_WINS_SEED = 2027
_QUICK_WIN_STAGES = ("discovery", "purchase", "installation", "onboarding", "usage",
                     "billing", "service", "renewal")


def build_quick_wins(seed: int = QUICK_WINS_SEED) -> pd.DataFrame:
    """A year's campaign to remove 99 small customer pain points (module 04), as of 30 Sep 2027.

    One row per pain point: ``pain_point_id``, the journey ``stage`` it sits in and
    ``removed_on`` (blank while it is still open). The team started slowly (January and
    February) and sped up from spring, so by 30 September it is behind the straight-line plan.
    """
    rng = np.random.default_rng(_check_seed(seed))
    stages = rng.choice(_QUICK_WIN_STAGES, size=99,
                        p=[0.06, 0.1, 0.16, 0.12, 0.14, 0.2, 0.16, 0.06])
    # Removal day of year: a slow start, then a steady pace (gamma-spaced gaps).
    gaps = np.concatenate([rng.gamma(2.0, 6.0, size=8), rng.gamma(2.0, 1.75, size=91)])
    days = np.cumsum(gaps).round().astype(int)
    cutoff = pd.Timestamp("2027-09-30")
    removed = [pd.Timestamp("2027-01-01") + pd.Timedelta(days=int(d)) for d in days]
    removed = [d.strftime("%Y-%m-%d") if d <= cutoff else "" for d in removed]
    return pd.DataFrame({"pain_point_id": [f"PP-{i:03d}" for i in range(1, 100)],
                         "stage": stages, "removed_on": removed})


# ---------------------------------------------------------------- survey responses (05)

#: Seed of the shipped ``survey_responses.csv``.
SURVEY_RESPONSES_SEED = 5

#: Column order of ``survey_responses.csv``.
SURVEY_RESPONSES_COLUMNS = (
    "respondent_id",
    "date",
    "touchpoint",
    "touchpoint_name",
    "stage",
    "channel",
    "ltr",
    "csat",
    "ces",
    "comment",
)

# Surveyed touchpoint -> (share of surveys, weight of its CSAT in likelihood to recommend,
# base experience, {negative theme: chance}, [positive themes]). Weights are the planted
# drivers: the moments of truth (installation visit T11, first bill T19, fault call T22,
# renewal call T26) and the rebooking call T12 move LTR most.
_SURVEYED = {
    "T05": (5, 0.35, 0.5, {"chat queue": 0.25}, ["helpful agent"]),
    "T06": (6, 0.35, 0.5, {"pushy sale": 0.25, "long hold": 0.1}, ["helpful agent"]),
    "T07": (12, 0.45, 0.6, {"details twice": 0.15, "late slot": 0.2}, ["easy order"]),
    "T11": (12, 1.5, 0.5, {"no-show": 0.28, "day off": 0.12}, ["engineer praise"]),
    "T12": (5, 1.1, -0.6, {"long hold": 0.45, "repeat myself": 0.25, "no-show": 0.2},
            ["helpful agent"]),
    "T13": (8, 0.5, 0.6, {"wifi coverage": 0.22}, ["working fast"]),
    "T15": (7, 0.3, 1.0, {"app login": 0.15}, ["easy app"]),
    "T16": (8, 0.7, 0.0, {"slow evenings": 0.45}, ["working fast"]),
    "T19": (12, 1.4, -0.2, {"billing surprise": 0.4, "confusing bill": 0.12},
            ["bill as expected"]),
    "T20": (6, 0.3, 0.9, {"billing surprise": 0.08}, ["easy app"]),
    "T22": (10, 1.3, -0.1, {"long hold": 0.32, "repeat myself": 0.2, "slow evenings": 0.2},
            ["helpful agent"]),
    "T23": (5, 0.5, 0.2, {"repeat myself": 0.25, "billing surprise": 0.2}, ["helpful agent"]),
    "T24": (4, 0.8, 0.3, {"repeat myself": 0.2, "no-show": 0.12}, ["engineer praise"]),
    "T26": (6, 1.2, 0.2, {"loyalty penalty": 0.4}, ["helpful agent", "good deal"]),
}

# What customers write. No commas or double quotes (the CSV is written plain). Some phrases
# deliberately use words a first keyword dictionary will miss ("the bloke never showed").
_PHRASES = {
    "chat queue": ["Waited 20 minutes in the chat queue before anyone answered",
                   "Chat queue was so long I nearly gave up",
                   "Took ages to get a reply on chat"],
    "pushy sale": ["Kept pushing the TV bundle when I only wanted broadband",
                   "Felt like a hard sell for extras I did not ask for"],
    "long hold": ["On hold for 40 minutes", "Hold music for half an hour before I got through",
                  "Far too long on hold", "Waited ages to speak to someone",
                  "45 minutes to get through to a person"],
    "details twice": ["Had to type my details twice at checkout",
                      "The order form asked for the same information twice"],
    "late slot": ["First installation date was three weeks away",
                  "Could not get an installation date for weeks"],
    "no-show": ["Engineer did not turn up and nobody called",
                "Waited in all day and the engineer never came",
                "Second missed appointment in a row", "The bloke never showed"],
    "day off": ["Had to take a day off work for a four hour slot",
                "Took a day off to wait in and no arrival time was given"],
    "repeat myself": ["Had to repeat everything after being transferred",
                      "Got passed around three teams and explained it each time",
                      "Nobody had read my notes so I started again from scratch"],
    "wifi coverage": ["Wi-Fi does not reach the upstairs rooms",
                      "Signal is weak in the bedroom"],
    "app login": ["Could not log in to the app without an account number I did not have",
                  "App login was a pain"],
    "slow evenings": ["Speed is slow every evening", "Buffering every night from 8 pm",
                      "Speeds drop at peak times", "Great in the day but crawls at night"],
    "billing surprise": ["First bill was higher than I was told",
                         "Unexpected router fee on my bill",
                         "Overcharged with part-month charges nobody mentioned",
                         "Price went up without warning", "Bill was double what I expected"],
    "confusing bill": ["The bill is impossible to understand", "Could not work out the bill"],
    "loyalty penalty": ["New customers get a better deal than loyal ones",
                        "Only got a fair price when I threatened to leave",
                        "Had to haggle for half an hour to keep a decent price"],
    "helpful agent": ["The agent was really helpful", "Friendly and patient adviser",
                      "She sorted it in one call", "Polite and knew what she was doing",
                      "Great service from the person I spoke to"],
    "engineer praise": ["Engineer was great and explained everything",
                        "Engineer was on time and very tidy", "Brilliant engineer"],
    "easy order": ["Easy to order online", "Ordering took five minutes"],
    "working fast": ["Fast and reliable so far", "Working straight away"],
    "easy app": ["The app is easy to use", "Easy app to check everything",
                 "Paid my bill in the app in a minute"],
    "bill as expected": ["Bill was exactly what I was told", "No surprises on the bill"],
    "good deal": ["Got a good deal to stay"],
}
_NEUTRAL_PHRASES = ["Fine", "No complaints", "OK I suppose", "Nothing to add",
                    "All good thanks", "Could be better", "Average"]
_SURVEY_START = "2026-01-05"
_SURVEY_DAYS = 84  # twelve weeks: 5 January to 29 March 2026
_SURVEY_SIZE = 2000


def build_survey_responses(seed: int = SURVEY_RESPONSES_SEED) -> pd.DataFrame:
    """About 2,000 touchpoint survey responses for the sample broadband journey (module 05).

    **Trainers only: the rules below are what participants are asked to discover.**

    After 14 of the touchpoints of ``broadband_journey.yml`` (sales chat and call, ordering,
    the installation visit, the rebooking call, going live, the app, a speed test, the first
    bill, the app bill, a fault call, a bill chat, a repair visit and the renewal call), a
    customer is sent a short survey: overall likelihood to recommend (``ltr``, 0-10), CSAT
    with this contact (1-5), CES 2.0 "Northwave made it easy to handle my issue" (1 strongly
    disagree .. 7 strongly agree) and an optional comment. Each row is one response by one
    respondent (``R0001``...), dated between 5 January and 29 March 2026.

    * **Experience.** Each response has a latent experience: the touchpoint's base level,
      plus the customer's general mood (normal, sd 0.6), plus noise (sd 0.7). With the
      touchpoint's chance, one problem happens (e.g. the engineer does not turn up at T11:
      28%; a billing surprise on the first bill T19: 40%; slow evenings at the speed test
      T16: 45%; a loyalty penalty on the renewal call T26: 40%), lowering the experience by
      about 2 points; otherwise, with chance 35%, something goes notably well (+0.6).
      ``csat`` is 3.8 + the experience, rounded and kept in 1..5. ``ces`` is 4.6 + 1.1 x the
      experience (1.4 lower still after a hold, a transfer or a no-show), rounded, 1..7.
    * **Likelihood to recommend** is 7.7 + 1.1 x mood + weight x (csat - 3.5) + noise (sd
      1.3), rounded and kept in 0..10. The planted **drivers** are the weights: 1.5 at the
      installation visit (T11), 1.4 at the first bill (T19), 1.3 at the fault call (T22), 1.2
      at the renewal call (T26), 1.1 at the rebooking call (T12), 0.3-0.8 elsewhere.
    * **Comments.** 72% of customers with a problem write one, 45% of the others. A problem
      gives a phrase about it (and with chance 30% a second, about another problem of the
      touchpoint); a good experience (or CSAT 5) a phrase of praise; otherwise, half the
      time, a short neutral remark ("Fine", "Could be better"), else nothing.
      Some phrases use words that :data:`cxlab.voc.SAMPLE_THEMES` misses on purpose ("The
      bloke never showed", "crawls at night") so that learners extend the dictionary.

    With the shipped seed overall NPS is about +2 (33% promoters, 31% detractors); the
    moments of truth T11, T19, T22 and T26 are the touchpoints whose CSAT correlates most
    with LTR (0.75 to 0.85), the app and ordering the least (about 0.4).

    Parameters
    ----------
    seed : int, default SURVEY_RESPONSES_SEED
        Seed of the random generator; the shipped file uses the default.

    Returns
    -------
    pandas.DataFrame
        2,000 rows sorted by date, columns ``SURVEY_RESPONSES_COLUMNS``; ``comment`` is
        empty when the customer wrote none.
    """
    from cxlab.journey import load_journey

    seed = _check_seed(seed)
    journey = load_journey()
    rng = np.random.default_rng([seed, 501])
    ids = list(_SURVEYED)
    shares = np.array([_SURVEYED[t][0] for t in ids], dtype=float)
    chosen = rng.choice(len(ids), size=_SURVEY_SIZE, p=shares / shares.sum())
    days = rng.integers(0, _SURVEY_DAYS, size=_SURVEY_SIZE)
    rows = []
    for pick, day in zip(chosen.tolist(), days.tolist(), strict=True):
        touchpoint = journey.touchpoint(ids[pick])
        _, weight, base, problems, praise = _SURVEYED[touchpoint.id]
        mood = rng.normal(0.0, 0.6)
        experience = base + mood + rng.normal(0.0, 0.7)
        happened = [name for name, chance in problems.items() if rng.random() < chance]
        problem = happened[0] if happened else None
        delight = problem is None and rng.random() < 0.35
        effort = 0.0
        if problem is not None:
            experience -= 2.0 + rng.normal(0.0, 0.4)
            if problem in {"long hold", "repeat myself", "no-show", "chat queue"}:
                effort = -1.4
        elif delight:
            experience += 0.6
        csat = int(np.clip(np.rint(3.8 + experience), 1, 5))
        ces = int(np.clip(np.rint(4.6 + 1.1 * experience + effort + rng.normal(0.0, 0.6)),
                          1, 7))
        ltr = int(np.clip(np.rint(7.7 + 1.1 * mood + weight * (csat - 3.5)
                                  + rng.normal(0.0, 1.3)), 0, 10))
        comment = ""
        if rng.random() < (0.72 if problem is not None else 0.45):
            if problem is not None:
                parts = [str(rng.choice(_PHRASES[problem]))]
                if len(happened) > 1 and rng.random() < 0.3:
                    parts.append(str(rng.choice(_PHRASES[happened[1]])))
                elif rng.random() < 0.15:
                    other = [p for p in problems if p != problem]
                    if other:
                        parts.append(str(rng.choice(_PHRASES[str(rng.choice(other))])))
            elif delight or csat >= 5:
                parts = [str(rng.choice(_PHRASES[str(rng.choice(praise))]))]
            elif rng.random() < 0.5:
                parts = [str(rng.choice(_NEUTRAL_PHRASES))]
            else:
                parts = []
            comment = ". ".join(parts)
        rows.append({
            "date": pd.Timestamp(_SURVEY_START) + pd.Timedelta(days=day),
            "touchpoint": touchpoint.id,
            "touchpoint_name": touchpoint.name,
            "stage": touchpoint.stage,
            "channel": touchpoint.channel,
            "ltr": ltr,
            "csat": csat,
            "ces": ces,
            "comment": comment,
        })
    frame = pd.DataFrame(rows).sort_values(["date", "touchpoint"], kind="stable")
    frame.insert(0, "respondent_id", [f"R{n:04d}" for n in range(1, len(frame) + 1)])
    return frame[list(SURVEY_RESPONSES_COLUMNS)].reset_index(drop=True)


BUILDERS: dict[str, Callable[[], pd.DataFrame]] = {
    "voice_week.csv": build_voice_week,
    "voice_week_incidents.csv": build_voice_week_incidents,
    "qa_evaluations.csv": build_qa_evaluations,
    "qa_calibration.csv": build_qa_calibration,
    "survey_responses.csv": build_survey_responses,
    "quick_wins_2027.csv": build_quick_wins,
}


def _first_difference(old: str, new: str) -> str:
    old_lines, new_lines = old.splitlines(), new.splitlines()
    for number, (a, b) in enumerate(zip(old_lines, new_lines, strict=False), start=1):
        if a != b:
            return f"first difference on line {number}: shipped {a!r}, rebuilt {b!r}"
    if len(old_lines) != len(new_lines):
        return f"shipped file has {len(old_lines)} lines, rebuilt has {len(new_lines)}"
    return "the lines match but the bytes differ (line endings or a missing final line break)"


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: rewrite the shipped CSV files, or with ``--check`` compare them."""
    parser = argparse.ArgumentParser(
        prog="python -m cxlab.data.generate",
        description="Rebuild the sample data sets shipped in cxlab/data/.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="rebuild in memory and exit 1 if any shipped file differs; write nothing",
    )
    args = parser.parse_args(argv)

    stale = []
    for name, build in BUILDERS.items():
        text = render_csv(build())
        path = DATA_DIR / name
        if args.check:
            if not path.is_file():
                stale.append(f"{name}: missing from {DATA_DIR}")
                continue
            shipped = path.read_bytes()
            if shipped != text.encode("utf-8"):
                where = _first_difference(shipped.decode("utf-8", errors="replace"), text)
                stale.append(f"{name}: differs from a fresh build; {where}")
        else:
            path.write_bytes(text.encode("utf-8"))
            print(f"wrote {path} ({text.count(chr(10)) - 1} rows)")
    if stale:
        print("Shipped sample data is out of date:", file=sys.stderr)
        for line in stale:
            print(f"  {line}", file=sys.stderr)
        print("Rebuild it with: python -m cxlab.data.generate", file=sys.stderr)
        return 1
    if args.check:
        print(f"all {len(BUILDERS)} data file(s) match a fresh build")
    return 0


if __name__ == "__main__":
    sys.exit(main())
