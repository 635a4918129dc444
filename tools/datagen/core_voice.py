"""The two sample weeks of the voice queue, built with cxlab's own models (tools/datagen/core.py).

A maintainer module: ``python tools/datagen/core.py`` writes the files. Both weeks are made by
one builder, :func:`build_week`, from a :class:`WeekSpec` that says what differs between them;
the staffing requirement is cxlab's Erlang C (:func:`cxlab.service_level.agents_required`) and
each day is played out call by call by the queue engine of
:func:`cxlab.service_level.simulate`, fed with the calls drawn here (the week's counts are
fixed before the simulation, so the engine is given the calls rather than a mean).

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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from cxlab._validation import CxlabValueError, check_integer
from cxlab.service_level import agents_required, traffic_intensity
from cxlab.service_level.simulation import _next_higher, _run_varying_staff

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

INTERVAL_SECONDS = 1800.0
THRESHOLD_SECONDS = 20.0
TARGET_SL = 0.8
PATIENCE_SECONDS = 150.0
MIN_AGENTS = 2

#: Opening hours per weekday (Monday = 0): first interval start, closing time, in hours.
OPEN_HOURS = {0: (8, 20), 1: (8, 20), 2: (8, 20), 3: (8, 20), 4: (8, 20), 5: (9, 17), 6: (10, 16)}
#: Forecast calls in the busiest half hour of each day of ``voice_week``.
DAY_PEAK_CALLS = {0: 136.0, 1: 118.0, 2: 112.0, 3: 108.0, 4: 102.0, 5: 52.0, 6: 36.0}

#: A window of the week: first and last interval start as offsets from the Monday, written
#: like ``"1 days 10:00"`` (Tuesday 10:00).
Window = tuple[str, str]


@dataclass(frozen=True)
class WeekSpec:
    """What makes one sample week: its dates and forecast, its staffing and its events.

    ``staffing`` is ``"shift plan"`` (the requirement tilted as shifts fit it, plus
    ``staff_changes`` agents in their windows) or ``"plan and absence"`` (the requirement,
    a share of it in the ``absences`` windows, and an occasional agent more or fewer).
    ``aht_sigmas`` are the spreads of the true handle time around the forecast, by day and
    by interval. ``planned_column`` adds ``agents_planned`` (the requirement).
    """

    week_start: str
    day_peak_calls: dict[int, float]
    staffing: Literal["shift plan", "plan and absence"]
    aht_sigmas: tuple[float, float]
    demand_events: tuple[tuple[Window, float], ...] = ()
    aht_events: tuple[tuple[Window, float], ...] = ()
    staff_changes: tuple[tuple[Window, int], ...] = ()
    absences: tuple[tuple[Window, float], ...] = ()
    planned_column: bool = False


VOICE_WEEK = WeekSpec(
    week_start="2026-03-02",
    day_peak_calls=DAY_PEAK_CALLS,
    staffing="shift plan",
    aht_sigmas=(0.02, 0.04),
    # Tuesday: billing e-mail, 20% more calls than forecast.
    demand_events=((("1 days 10:00", "1 days 11:30"), 1.20),),
    staff_changes=(
        (("2 days 13:00", "2 days 14:00"), -3),  # Wednesday: team meeting overran
        (("4 days 08:00", "4 days 10:30"), -2),  # Friday: two agents sick
    ),
)

VOICE_WEEK_INCIDENTS = WeekSpec(
    week_start="2026-04-13",
    day_peak_calls={0: 132.0, 1: 120.0, 2: 114.0, 3: 110.0, 4: 104.0, 5: 50.0, 6: 34.0},
    staffing="plan and absence",
    aht_sigmas=(0.015, 0.03),
    demand_events=((("4 days 09:00", "4 days 12:30"), 1.40),),  # Friday: the mailing
    aht_events=((("1 days 10:00", "2 days 11:30"), 1.25),),  # after the system change
    absences=((("3 days 08:00", "3 days 19:30"), 0.80),),  # Thursday: sickness
    planned_column=True,
)

# The shift plan of voice_week: generous at the day's shoulders, short at its peaks.
_SHIFT_TILT = (0.04, 0.12)
# plan and absence: chance of one agent fewer, as planned, one more.
_WOBBLE = (0.08, 0.84, 0.08)


def _bump(hours: np.ndarray, centre: float, width: float) -> np.ndarray:
    return np.exp(-0.5 * ((hours - centre) / width) ** 2)


def intraday_shape(hours: np.ndarray, weekday: int) -> np.ndarray:
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


def _week_skeleton(week_start: str, day_peak_calls: dict[int, float]) -> pd.DataFrame:
    """Open intervals of the week from ``week_start`` (a Monday), with the smooth forecast.

    Columns: ``interval_start``, ``weekday`` (Monday = 0), ``forecast_calls`` (the weekly
    times the intraday shape, before rounding) and ``forecast_aht_seconds`` (unrounded).
    """
    days = []
    for weekday in range(7):
        day = pd.Timestamp(week_start) + pd.Timedelta(days=weekday)
        first, close = OPEN_HOURS[weekday]
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
                    "forecast_calls": day_peak_calls[weekday] * intraday_shape(hours, weekday),
                    "forecast_aht_seconds": _forecast_aht(hours, weekday),
                }
            )
        )
    return pd.concat(days, ignore_index=True)


def _between(stamps: pd.DatetimeIndex, week_start: str, window: Window) -> np.ndarray:
    """Intervals starting within ``window`` (both ends included), offsets from ``week_start``."""
    start = pd.Timestamp(week_start)
    low = start + pd.Timedelta(window[0] + ":00")
    high = start + pd.Timedelta(window[1] + ":00")
    return np.asarray((stamps >= low) & (stamps <= high))


def check_seed(seed: object) -> int:
    """``seed`` as a whole number of 0 or more (a Generator is refused: files need a seed)."""
    if isinstance(seed, np.random.Generator):
        raise CxlabValueError(
            f"seed must be a whole number of at least 0, got a Generator ({seed!r})"
        )
    return int(check_integer("seed", seed, minimum=0))


def simulate_day(
    rng: np.random.Generator,
    offered: np.ndarray,
    agents: np.ndarray,
    aht_seconds: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """Play out one day of an M/M/N+M queue, first come first served, call by call.

    Interval ``j`` receives exactly ``offered[j]`` calls at random times within it, each
    needing an exponential handle time of mean ``aht_seconds[j]`` and hanging up after an
    exponential patience; ``agents[j]`` agents work in interval ``j``. The calls are drawn
    here, interval by interval, and played out by the engine of
    :func:`cxlab.service_level.simulate` (its rules: agents joining and leaving, the queue
    carried over and cleared after closing).

    Returns, per interval: answered, abandoned, answered within the threshold, abandoned
    within the threshold, and total handle time of the answered calls.
    """
    n_intervals = len(offered)
    arrivals, handles, patiences, interval = [], [], [], []
    for j in range(n_intervals):
        count = int(offered[j])
        arrivals.append(j * INTERVAL_SECONDS
                        + np.sort(rng.uniform(0.0, INTERVAL_SECONDS, size=count)))
        handles.append(rng.exponential(float(aht_seconds[j]), size=count))
        patiences.append(rng.exponential(PATIENCE_SECONDS, size=count))
        interval.append(np.full(count, j))
    arrival, handle, patience = (np.concatenate(a) for a in (arrivals, handles, patiences))
    group = np.concatenate(interval)
    staff = [int(a) for a in agents]
    waits, answered_list = _run_varying_staff(
        arrival.tolist(), handle.tolist(), patience.tolist(), min(max(staff), arrival.size),
        staff, _next_higher(staff), INTERVAL_SECONDS,
    )
    wait = np.asarray(waits, dtype=float)
    answered = np.asarray(answered_list, dtype=bool)
    fast = wait <= THRESHOLD_SECONDS

    def per_interval(weights: np.ndarray) -> np.ndarray:
        return np.bincount(group, weights=weights, minlength=n_intervals)

    return (
        per_interval(answered.astype(float)),
        per_interval((~answered).astype(float)),
        per_interval((answered & fast).astype(float)),
        per_interval((~answered & fast).astype(float)),
        per_interval(np.where(answered, handle, 0.0)),
    )


def build_week(spec: WeekSpec, seed: int) -> pd.DataFrame:
    """Build a sample week of 30-minute intervals from ``spec`` (see the module description).

    Returns
    -------
    pandas.DataFrame
        One row per open interval, columns ``VOICE_WEEK_COLUMNS`` (and ``agents_planned``
        when the spec asks for it).
    """
    seed = check_seed(seed)
    forecast_rng, staff_rng, demand_rng, sim_rng = (
        np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(4)
    )
    week = _week_skeleton(spec.week_start, spec.day_peak_calls)
    stamps = pd.DatetimeIndex(week["interval_start"])
    weekdays = week["weekday"].to_numpy()
    n = len(week)

    def window(span: Window) -> np.ndarray:
        return _between(stamps, spec.week_start, span)

    # The forecast as published: one decimal, with a little texture from the forecasting model.
    forecast_calls = np.round(
        week["forecast_calls"].to_numpy() * forecast_rng.lognormal(0.0, 0.02, size=n), 1
    )
    forecast_aht = np.round(week["forecast_aht_seconds"].to_numpy(), 1)

    # The plan: cxlab's Erlang C requirement on the forecast.
    workload = traffic_intensity(forecast_calls, forecast_aht, INTERVAL_SECONDS)
    required = np.asarray(
        agents_required(workload, forecast_aht, THRESHOLD_SECONDS, TARGET_SL), dtype=np.int64
    )
    if spec.staffing == "shift plan":
        day_peak = week.groupby("weekday")["forecast_calls"].transform("max").to_numpy()
        tilt = _SHIFT_TILT[0] - _SHIFT_TILT[1] * forecast_calls / day_peak
        shift_fit = np.rint(required * tilt + staff_rng.normal(0.0, 0.8, size=n))
        agents = required + shift_fit.astype(np.int64)
        for span, change in spec.staff_changes:
            agents = agents + change * window(span)
        agents = np.maximum(agents, MIN_AGENTS)
    else:
        attendance = np.ones(n)
        for span, share in spec.absences:
            attendance = np.where(window(span), share, attendance)
        wobble = staff_rng.choice([-1, 0, 1], size=n, p=list(_WOBBLE))
        agents = np.maximum(np.rint(required * attendance).astype(np.int64) + wobble,
                            MIN_AGENTS)

    # What really happened: forecast error by day and by interval, events, Poisson noise.
    day_error = demand_rng.lognormal(0.0, 0.03, size=7)[weekdays]
    interval_error = demand_rng.lognormal(0.0, 0.04, size=n)
    demand = forecast_calls * day_error * interval_error
    for span, factor in spec.demand_events:
        demand = np.where(window(span), demand * factor, demand)
    offered = demand_rng.poisson(demand)
    day_sigma, interval_sigma = spec.aht_sigmas
    true_aht = (
        forecast_aht
        * demand_rng.lognormal(0.0, day_sigma, size=7)[weekdays]
        * demand_rng.lognormal(0.0, interval_sigma, size=n)
    )
    for span, factor in spec.aht_events:
        true_aht = np.where(window(span), true_aht * factor, true_aht)

    outcome = np.zeros((5, n))
    for day in range(7):
        rows = np.flatnonzero(weekdays == day)
        outcome[:, rows] = simulate_day(sim_rng, offered[rows], agents[rows], true_aht[rows])
    answered, abandoned, answered_fast, abandoned_fast, handle_total = outcome
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_handle = handle_total / answered
    result = pd.DataFrame(
        {
            "interval_start": stamps,
            "offered": offered.astype(np.int64),
            "answered": answered.astype(np.int64),
            "abandoned": abandoned.astype(np.int64),
            "answered_within_20s": answered_fast.astype(np.int64),
            "abandoned_within_20s": abandoned_fast.astype(np.int64),
            "aht_seconds": np.round(np.where(answered > 0, mean_handle, true_aht), 1),
            "agents_staffed": agents.astype(np.int64),
            "forecast_calls": forecast_calls,
            "forecast_aht_seconds": forecast_aht,
        }
    )
    if spec.planned_column:
        result["agents_planned"] = required
        return result[list(VOICE_WEEK_INCIDENTS_COLUMNS)]
    return result[list(VOICE_WEEK_COLUMNS)]


def build_voice_week(seed: int = VOICE_WEEK_SEED) -> pd.DataFrame:
    """The ``voice_week`` data set: one week of 30-minute intervals for a voice queue.

    Another seed gives another week with the same shape and the same three events.

    >>> week = build_voice_week()
    >>> week.shape
    (148, 10)
    >>> bool((week["answered"] + week["abandoned"] == week["offered"]).all())
    True
    """
    return build_week(VOICE_WEEK, seed)


def build_voice_week_incidents(seed: int = VOICE_WEEK_INCIDENTS_SEED) -> pd.DataFrame:
    """The ``voice_week_incidents`` data set: a week with its plan, what happened, and why.

    Another seed gives another week with the same plan shape and the same three causes.

    >>> week = build_voice_week_incidents()
    >>> week.shape
    (148, 11)
    """
    return build_week(VOICE_WEEK_INCIDENTS, seed)
