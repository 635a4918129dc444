"""Benchmarks for module 07's forecasts and rosters: timings and ratios; asserts nothing.

    .venv/bin/python benchmarks/bench_planning.py [--quick] [--reps N]

How it compares, so that a sceptic can check:

* **Forecast.** A year of half hours (``cxlab.data.load("voice_year")``, 17,520 values) with
  a weekly season of 336. The peer is statsmodels' ``ExponentialSmoothing`` in the same run.
  statsmodels refuses a multiplicative season when a series has zeros (the closed nights), so
  the head-to-head uses the additive model, which both accept, from the same starting values
  (``initialization_method="known"``): (a) one pass of the recursion with fixed smoothing
  parameters (``fit(optimized=False)`` against ``holt_winters(..., alpha=..., ...)``) and
  (b) fitting the three smoothing parameters plus a forecast of one week. The sum of squared
  errors each fit reached is printed beside the time. cxlab's multiplicative model (the one
  the lesson uses) is timed alone.
* **Roster.** The requirement of the sample week (``voice_week``, Erlang C for 80% in 20 s)
  on all 336 half hours of the week (0 agents at night), shifts of 4, 6, 8 and 9 hours
  starting every half hour with a break in a window. The peer is the same model solved as a
  linear programme (the relaxation: fractional agents allowed), by the same HiGHS solver.
* Each side runs the same number of times after one untimed warm-up, alternated A B A B so
  that a change in the machine's load hits both; the median is printed with the fastest and
  slowest run, and the ratio of the medians.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd

import cxlab
from cxlab import data
from cxlab import service_level as sl
from cxlab.planning import build_roster, holt_winters

try:
    from statsmodels.tsa.holtwinters import ExponentialSmoothing
except ImportError:  # pragma: no cover - statsmodels is in the test extra
    ExponentialSmoothing = None


def _time(fn: Callable[[], object]) -> float:
    gc.disable()
    try:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start
    finally:
        gc.enable()


def _pair(a: Callable[[], object], b: Callable[[], object] | None, reps: int
          ) -> tuple[list[float], list[float]]:
    a()
    if b is not None:
        b()
    times_a, times_b = [], []
    for _ in range(reps):
        times_a.append(_time(a))
        if b is not None:
            times_b.append(_time(b))
    return times_a, times_b


def _show(label: str, times: list[float]) -> float:
    median = statistics.median(times)
    print(f"  {label:<44} median {median * 1000:9.1f} ms   "
          f"(fastest {min(times) * 1000:.1f}, slowest {max(times) * 1000:.1f}; {len(times)} runs)")
    return median


def bench_forecast(reps: int) -> None:
    year = data.load("voice_year")["calls"].to_numpy(dtype=float)
    print(f"1. Forecast: a year of {year.size:,} half hours, weekly season of 336")
    start = holt_winters(year, seasonal_periods=336, seasonal="additive", alpha=0.05,
                         beta=0.001, gamma=0.1)
    level, slope, pattern = start.initial_level, start.initial_trend, start.initial_seasonal[0]

    def ours_pass() -> object:
        return holt_winters(year, seasonal_periods=336, seasonal="additive", alpha=0.05,
                            beta=0.001, gamma=0.1, initial_level=level, initial_trend=slope,
                            initial_seasonal=pattern)

    def ours_fit() -> object:
        model = holt_winters(year, seasonal_periods=336, seasonal="additive",
                             initial_level=level, initial_trend=slope,
                             initial_seasonal=pattern)
        return model.forecast(336)

    def ours_mul() -> object:
        return holt_winters(year, seasonal_periods=336).forecast(336)

    theirs_pass = theirs_fit = None
    if ExponentialSmoothing is not None:
        def model() -> object:
            return ExponentialSmoothing(year, trend="add", seasonal="add", seasonal_periods=336,
                                        initialization_method="known", initial_level=level,
                                        initial_trend=slope, initial_seasonal=pattern)

        def theirs_pass() -> object:
            return model().fit(smoothing_level=0.05, smoothing_trend=0.001,
                               smoothing_seasonal=0.1, optimized=False)

        theirs_fit = model

    a, b = _pair(ours_pass, theirs_pass, reps)
    ma = _show("cxlab: one pass, fixed parameters", a)
    if b:
        mb = _show("statsmodels: one pass (fit(optimized=False))", b)
        print(f"  ratio statsmodels / cxlab: {mb / ma:.1f}")
    a, _ = _pair(ours_fit, None, max(1, reps // 2))
    ma = _show("cxlab: fit 3 parameters + forecast a week", a)
    ours_model = holt_winters(year, seasonal_periods=336, seasonal="additive",
                              initial_level=level, initial_trend=slope, initial_seasonal=pattern)
    if theirs_fit is not None:
        # statsmodels' fit takes minutes here: timed once, without a warm-up.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            start_time = time.perf_counter()
            fitted = model().fit()
            fitted.forecast(336)
            mb = _show("statsmodels: fit 3 parameters + forecast a week",
                       [time.perf_counter() - start_time])
        print(f"  ratio statsmodels / cxlab: {mb / ma:.1f}; sum of squared errors reached: "
              f"cxlab {ours_model.sse:,.0f}, statsmodels {fitted.sse:,.0f}")
    a, _ = _pair(ours_mul, None, max(1, reps // 2))
    _show("cxlab: multiplicative fit + forecast a week", a)


def _week_requirement() -> pd.Series:
    plan = sl.staffing_plan(data.load("voice_week"))
    required = plan.intervals.set_index("interval_start")["agents_required"]
    full = pd.Series(0, index=pd.date_range("2026-03-02", periods=336, freq="30min"))
    full.loc[required.index] = required.to_numpy()
    return full


def bench_roster(reps: int) -> None:
    required = _week_requirement()
    print(f"\n2. Roster: a week of {required.size} half hours, shifts of 4, 6, 8 and 9 hours")
    result = build_roster(required)
    print(f"  {result!r}")

    def ours() -> object:
        return build_roster(required)

    def relaxation() -> object:
        from scipy.optimize import Bounds, LinearConstraint, milp

        roster_module = importlib.import_module("cxlab.planning.roster")

        values, index, segments = roster_module._requirement(required, 30)
        day_of_row = roster_module._day_of_row(index, values.size)
        cat = roster_module._catalogue(
            values.size, segments, shift_hours=(4.0, 6.0, 8.0, 9.0), interval_minutes=30,
            break_minutes=30, break_from_hours=6, break_window_hours=(2.0, 2.0),
            shift_costs=None, day_of_row=day_of_row,
            start_ok=roster_module._start_ok(index, values.size, 30, 30))
        k = len(cat.table)
        return milp(cat.table["cost"].to_numpy(), integrality=np.zeros(k),
                    bounds=Bounds(np.zeros(k), np.full(k, np.inf)),
                    constraints=[LinearConstraint(cat.on_phones, lb=values, ub=np.inf)])

    a, b = _pair(ours, relaxation, reps)
    ma = _show("cxlab roster (integer programme, HiGHS)", a)
    mb = _show("same model as a linear programme (HiGHS)", b)
    print(f"  ratio integer / linear: {ma / mb:.1f}; paid hours {result.paid_hours:,.1f}, "
          f"linear bound {result.lp_bound:,.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs each (default 7)")
    parser.add_argument("--reps", type=int, default=None)
    args = parser.parse_args(argv)
    reps = args.reps or (3 if args.quick else 7)
    print(f"cxlab {cxlab.__version__}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    if ExponentialSmoothing is None:
        print("statsmodels is not installed: the forecast comparison is skipped")
    bench_forecast(reps)
    bench_roster(reps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
