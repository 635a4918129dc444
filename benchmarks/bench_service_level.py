"""Benchmarks for module 01's model: timings, ratios and agreement; asserts nothing.

Run with ``make bench`` (it builds .venv-bench with Python 3.12 or newer, cxlab, pyworkforce
0.5.4 and ciw, which only this script uses), or in any environment that has them:

    python benchmarks/bench_service_level.py [--quick] [--reps N] [--full]
                                             [--skip-pyworkforce-erlang-a] [--limit S]

Without pyworkforce (it needs Python >= 3.12) or ciw the cxlab timings still run and the
comparisons are reported as skipped.

How it compares, so that a sceptic can check:

* the same call style on both sides: one interval per call against one interval per call,
  and cxlab's one call for a batch against a loop over the batch for pyworkforce (it has no
  batch call; its Multi* classes take a grid, not a list of intervals);
* the same work: from calls and AHT to agents, service level, occupancy and the probability
  of waiting on both sides, since pyworkforce's ``required_positions`` returns all four;
* the same number of timed runs on both sides, after one untimed warm-up each, alternated
  A B A B so that a change in the machine's load hits both; each run times the same number
  of calls on both sides, with garbage collection off;
* the median run is printed with its spread (fastest and slowest run), the ratio of the
  medians, and beside each speed how far the answers agree;
* a realistic week (a mid-sized queue) and a hard one (a large centre with every 8th
  interval drawn between 1 and 50,000 Erlangs), and a year of 17,520 half hours.

Sections: 1. Erlang C staffing of one interval, 1 to 50,000 Erlangs. 2. A week of 336 half
hours, per interval and as a batch. 3. A year, and a week with one large interval.
4. Erlang A. 5. Simulation against ciw.
"""

from __future__ import annotations

import argparse
import gc
import math
import multiprocessing as mp
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np

import cxlab
from cxlab import service_level as sl

TARGET, THRESHOLD = 0.8, 20.0  # 80% answered within 20 s

try:
    from pyworkforce.queuing import ErlangA as PwErlangA
    from pyworkforce.queuing import ErlangC as PwErlangC
except ImportError:
    PwErlangA = PwErlangC = None


# --- timing ------------------------------------------------------------------------------------


def alternate(sides: dict[str, Callable[[], object]], reps: int,
              inner: int | None = None) -> tuple[dict[str, list[float]], int]:
    """Seconds per call of each side: ``reps`` runs each, alternated A B A B.

    One untimed warm-up call each first. Each run times ``inner`` calls, the same for every
    side; by default enough for the slowest side to take about 50 ms per run.
    """
    warm = {}
    for name, func in sides.items():
        start = time.perf_counter()
        func()
        warm[name] = time.perf_counter() - start
    if inner is None:
        inner = max(1, min(10_000, int(0.05 / max(max(warm.values()), 1e-7))))
    times: dict[str, list[float]] = {name: [] for name in sides}
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(reps):
            for name, func in sides.items():
                start = time.perf_counter()
                for _ in range(inner):
                    func()
                times[name].append((time.perf_counter() - start) / inner)
    finally:
        if enabled:
            gc.enable()
    return times, inner


def fmt_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def spread(values: list[float]) -> str:
    """Median (fastest-slowest) of the runs."""
    return (f"{fmt_time(statistics.median(values))} "
            f"({fmt_time(min(values))}-{fmt_time(max(values))})")


def ratio(slow: list[float], fast: list[float]) -> str:
    r = statistics.median(slow) / statistics.median(fast)
    return f"{r:,.1f}x" if r >= 1 else f"{1 / r:,.1f}x SLOWER"


# --- workloads ---------------------------------------------------------------------------------


def week_of_intervals(seed: int = 1, peak_calls: float = 600.0) -> tuple[np.ndarray, np.ndarray]:
    """336 half hours: an intraday double peak, busier early in the week, some noise.

    With the default 600 calls at the peak and AHT about 240 s, loads run from under 1 to
    about 90 Erlangs: a mid-sized queue.
    """
    rng = np.random.default_rng(seed)
    hours = (np.arange(48) + 0.5) / 2
    shape = np.exp(-((hours - 10.5) / 2.2) ** 2) + 0.7 * np.exp(-((hours - 14.5) / 2.0) ** 2)
    day_factor = np.array([1.15, 1.05, 1.0, 0.97, 0.92, 0.5, 0.3])
    calls = np.concatenate([peak_calls / 1.15 * f * shape for f in day_factor]) + 2
    calls = np.maximum(calls * rng.normal(1, 0.05, calls.size), 0.5)
    aht = 240 + 40 * rng.normal(0, 1, calls.size)
    return calls, np.clip(aht, 150, 400)


def hard_week(seed: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """A large centre (up to about 2,500 Erlangs) with every 8th interval replaced by a
    size drawn evenly on a log scale from 1 to 50,000 Erlangs."""
    rng = np.random.default_rng(seed)
    calls, aht = week_of_intervals(seed, peak_calls=18_000.0)
    mixed = np.arange(0, calls.size, 8)
    erlangs = np.exp(rng.uniform(0, math.log(50_000), mixed.size))
    calls[mixed] = erlangs * 1800 / aht[mixed]
    return calls, aht


def year_of_intervals(seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """17,520 half hours: the realistic week with a seasonal swing and day-to-day noise,
    and every 50th interval a size from 1 to 50,000 Erlangs (log scale)."""
    rng = np.random.default_rng(seed)
    calls, aht = week_of_intervals(seed)
    weeks = -(-17_520 // calls.size)
    calls = np.tile(calls, weeks)[:17_520]
    aht = np.tile(aht, weeks)[:17_520]
    day = np.arange(17_520) // 48
    calls = calls * (1 + 0.25 * np.sin(2 * np.pi * day / 365)) * rng.lognormal(0, 0.1, 17_520)
    mixed = np.arange(0, calls.size, 50)
    calls[mixed] = np.exp(rng.uniform(0, math.log(50_000), mixed.size)) * 1800 / aht[mixed]
    return calls, aht


# --- one interval: the same question on both sides ------------------------------------------


def cx_interval(calls: float, aht: float) -> tuple[int, float, float, float]:
    a = sl.traffic_intensity(calls, aht)
    n = sl.agents_required(a, aht, THRESHOLD, TARGET)
    return n, sl.service_level(n, a, aht, THRESHOLD), sl.occupancy(n, a), sl.erlang_c(n, a)


def pw_interval(calls: float, aht: float) -> tuple[int, float, float, float]:
    r = PwErlangC(transactions=calls, aht=aht / 60, asa=THRESHOLD / 60,
                  interval=30).required_positions(service_level=TARGET)
    return r["raw_positions"], r["service_level"], r["occupancy"], r["waiting_probability"]


def cx_batch(calls: np.ndarray, aht: np.ndarray) -> tuple[np.ndarray, ...]:
    a = sl.traffic_intensity(calls, aht)
    n = sl.agents_required(a, aht, THRESHOLD, TARGET)
    return n, sl.service_level(n, a, aht, THRESHOLD), sl.occupancy(n, a), sl.erlang_c(n, a)


def loop(func: Callable, calls: np.ndarray, aht: np.ndarray) -> Callable[[], list]:
    pairs = list(zip(calls.tolist(), aht.tolist(), strict=True))
    return lambda: [func(c, h) for c, h in pairs]


def agreement(cx: tuple, pw: list[tuple], calls: np.ndarray, aht: np.ndarray) -> str:
    n_cx = np.asarray(cx[0])
    n_pw = np.array([row[0] for row in pw])
    same = int((n_cx == n_pw).sum())
    text = f"agents agree in {same} of {n_cx.size} intervals"
    if same < n_cx.size:
        erlangs = calls * aht / 1800
        differ = np.flatnonzero(n_cx != n_pw)
        # pyworkforce starts its walk at round(A + 1), which skips floor(A) + 1 when the
        # fraction of A is 0.5 or more: that interval then gets one agent more.
        skipped = (n_cx[differ] == np.floor(erlangs[differ]) + 1) & (
            n_pw[differ] == np.round(erlangs[differ] + 1))
        text += (f"; at the other {differ.size}, {int(skipped.sum())} are pyworkforce starting "
                 f"its search at round(A + 1), above the answer floor(A) + 1")
    both = n_cx == n_pw
    sl_cx = np.asarray(cx[1])[both]
    sl_pw = np.array([row[1] for row in pw])[both]
    if sl_cx.size:
        text += f"; service level differs by at most {np.max(np.abs(sl_cx - sl_pw)):.1e}"
    return text


def bench_one_interval(reps: int) -> None:
    print("\n1. Erlang C staffing of one interval (agents, service level, occupancy and Pw "
          f"for {TARGET:.0%} in {THRESHOLD:g} s, AHT 180 s), per call")
    print(f"   {'Erlangs':>7}  {'cxlab':>27}  {'pyworkforce':>27}  {'cxlab faster':>12}  "
          f"agreement")
    for erlangs in (1, 3, 10, 30, 100, 300, 1_000, 10_000, 50_000):
        calls = erlangs * 1800 / 180
        sides = {"cxlab": lambda c=calls: cx_interval(c, 180.0)}
        if PwErlangC is not None:
            sides["pyworkforce"] = lambda c=calls: pw_interval(c, 180.0)
        times, _ = alternate(sides, reps)
        cx = cx_interval(calls, 180.0)
        if PwErlangC is None:
            print(f"   {erlangs:>7,}  {spread(times['cxlab']):>27}  {'(not installed)':>27}")
            continue
        pw = pw_interval(calls, 180.0)
        agree = f"N {cx[0]} / {pw[0]}, SL differs by {abs(cx[1] - pw[1]):.0e}"
        print(f"   {erlangs:>7,}  {spread(times['cxlab']):>27}  {spread(times['pyworkforce']):>27}"
              f"  {ratio(times['pyworkforce'], times['cxlab']):>12}  {agree}")


def bench_week(name: str, calls: np.ndarray, aht: np.ndarray, reps: int) -> None:
    erlangs = calls * aht / 1800
    print(f"\n2. {name}: 336 half hours, {erlangs.min():,.1f} to {erlangs.max():,.0f} Erlangs")
    sides = {"cxlab, one call for the week": lambda: cx_batch(calls, aht),
             "cxlab, a loop of per-interval calls": loop(cx_interval, calls, aht)}
    if PwErlangC is not None:
        sides["pyworkforce, a loop of per-interval calls"] = loop(pw_interval, calls, aht)
    times, _ = alternate(sides, reps, inner=1)
    for side, values in times.items():
        print(f"   {side + ':':44} {spread(values)}")
    if PwErlangC is None:
        print("   pyworkforce not installed: comparison skipped")
        return
    pw_times = times["pyworkforce, a loop of per-interval calls"]
    print(f"   cxlab is {ratio(pw_times, times['cxlab, one call for the week'])} faster as a batch,"
          f" {ratio(pw_times, times['cxlab, a loop of per-interval calls'])} faster per interval")
    cx = cx_batch(calls, aht)
    pw = loop(pw_interval, calls, aht)()
    print(f"   {agreement(cx, pw, calls, aht)}")


def bench_year_and_spikes(reps: int, full: bool) -> None:
    calls, aht = year_of_intervals()
    erlangs = calls * aht / 1800
    print(f"\n3. A year of {calls.size:,} half hours ({erlangs.min():.1f} to {erlangs.max():,.0f} "
          "Erlangs; every 50th interval 1 to 50,000)")
    sides = {"cxlab, one call for the year": lambda: cx_batch(calls, aht)}
    if full and PwErlangC is not None:
        sides["pyworkforce, a loop of per-interval calls"] = loop(pw_interval, calls, aht)
    times, _ = alternate(sides, reps, inner=1)
    for side, values in times.items():
        print(f"   {side + ':':44} {spread(values)}")
    if len(times) > 1:
        pw_times = times["pyworkforce, a loop of per-interval calls"]
        print(f"   cxlab is {ratio(pw_times, times['cxlab, one call for the year'])} faster; "
              f"{agreement(cx_batch(calls, aht), loop(pw_interval, calls, aht)(), calls, aht)}")
    elif PwErlangC is not None:
        print("   (pyworkforce's loop over the year is left out to save time: --full times it)")
    week_calls, week_aht = week_of_intervals()
    spiked = week_calls.copy()
    spiked[200] = 5_000 * 1800 / week_aht[200]  # one 5,000-Erlang interval
    times, _ = alternate({"plain": lambda: cx_batch(week_calls, week_aht),
                          "spiked": lambda: cx_batch(spiked, week_aht)}, reps)
    slower = statistics.median(times["spiked"]) / statistics.median(times["plain"])
    print(f"   the realistic week in one call: {spread(times['plain'])}; with one interval at "
          f"5,000 Erlangs: {spread(times['spiked'])} ({slower:.2f}x the time)")


# --- Erlang A ----------------------------------------------------------------------------------


def _pw_erlang_a(erlangs: float, agents: int) -> tuple[float, float, float, float]:
    model = PwErlangA(transactions=erlangs * 1800 / 180, aht=3, asa=THRESHOLD / 60, interval=30,
                      patience=5)
    return (model.waiting_probability(agents), model.abandonment_probability(agents),
            model.service_level(agents), model.average_speed_of_answer(agents) * 60)


def _cx_erlang_a(erlangs, agents) -> tuple:
    r = sl.erlang_a(agents, erlangs, 180, 300, THRESHOLD)
    return r.p_wait, r.p_abandon, r.service_level, r.mean_wait_all


def _pw_erlang_a_timed(queue, erlangs: float, agents: int) -> None:
    start = time.perf_counter()
    value = _pw_erlang_a(erlangs, agents)
    queue.put((time.perf_counter() - start, value))


def bench_erlang_a(reps: int, skip_pyworkforce: bool, limit_seconds: float) -> None:
    print("\n4. Erlang A (AHT 180 s, patience 300 s, T = 20 s): p_wait, p_abandon, "
          "service level, mean wait of all calls")
    have_pw = PwErlangA is not None and not skip_pyworkforce
    print(f"   {'Erlangs':>7} {'agents':>6}  {'cxlab':>27}  {'pyworkforce':>27}  "
          f"{'cxlab faster':>12}  largest difference")
    for erlangs, agents in ((2, 4), (10, 14), (100, 106)):
        sides = {"cxlab": lambda e=erlangs, n=agents: _cx_erlang_a(e, n)}
        if have_pw:
            sides["pyworkforce"] = lambda e=erlangs, n=agents: _pw_erlang_a(e, n)
        times, _ = alternate(sides, reps, inner=1)
        if not have_pw:
            why = "(not installed)" if PwErlangA is None else "(skipped)"
            print(f"   {erlangs:>7,} {agents:>6}  {spread(times['cxlab']):>27}  {why:>27}")
            continue
        diff = max(abs(x - y) for x, y in zip(_cx_erlang_a(erlangs, agents),
                                               _pw_erlang_a(erlangs, agents), strict=True))
        print(f"   {erlangs:>7,} {agents:>6}  {spread(times['cxlab']):>27}  "
              f"{spread(times['pyworkforce']):>27}  "
              f"{ratio(times['pyworkforce'], times['cxlab']):>12}  {diff:.1e}")
    for erlangs, agents in ((5_000, 5_050), (50_000, 50_300)):
        times, _ = alternate({"cxlab": lambda e=erlangs, n=agents: _cx_erlang_a(e, n)}, reps)
        print(f"   {erlangs:>7,} {agents:>6}  {spread(times['cxlab']):>27}")
    calls, aht = year_of_intervals()
    erlangs = calls * aht / 1800
    agents = sl.agents_required(erlangs, aht, THRESHOLD, TARGET)
    times, _ = alternate({"year": lambda: sl.erlang_a(agents, erlangs, aht, 300, THRESHOLD)},
                         reps, inner=1)
    print(f"   a year of {calls.size:,} half hours in one call: {spread(times['year'])}")
    if not have_pw:
        if PwErlangA is None:
            print("   pyworkforce not installed: comparisons skipped")
        return
    erlangs, agents = 5_000, 5_050
    queue: mp.Queue = mp.Queue()
    proc = mp.Process(target=_pw_erlang_a_timed, args=(queue, erlangs, agents))
    proc.start()
    proc.join(limit_seconds)
    took = statistics.median(alternate({"c": lambda: _cx_erlang_a(erlangs, agents)}, reps)[0]["c"])
    if proc.is_alive():
        proc.terminate()
        proc.join()
        print(f"   pyworkforce at {erlangs:,} Erlangs: not finished after {limit_seconds:.0f} s "
              f"(cxlab is more than {limit_seconds / took:,.0f}x faster)")
    else:
        pw_took, value = queue.get()
        diff = max(abs(x - y) for x, y in zip(_cx_erlang_a(erlangs, agents), value, strict=True))
        print(f"   pyworkforce at {erlangs:,} Erlangs: {fmt_time(pw_took)} once "
              f"(cxlab {pw_took / took:,.0f}x faster); largest difference {diff:.1e}")


# --- simulation --------------------------------------------------------------------------------


def _ci(values: list[float]) -> tuple[float, float]:
    mean = statistics.fmean(values)
    half = 2.576 * statistics.stdev(values) / math.sqrt(len(values))
    return mean, half


def bench_simulation(quick: bool) -> None:
    print("\n5. Simulation: 100 calls per 30 min, AHT 180 s, 14 agents, patience 300 s "
          "(one run each)")
    reps, intervals = (20, 40) if quick else (60, 100)
    start = time.perf_counter()
    sim = sl.simulate([100] * intervals, 180, 14, patience_seconds=300, replications=reps,
                      rng=7)
    took = time.perf_counter() - start
    n_calls = len(sim.calls)
    print(f"   cxlab: {n_calls:,} calls in {took:.2f} s = {n_calls / took:,.0f} calls/s")
    per_rep = sim.intervals[sim.intervals["interval"] >= 2].groupby("replication").sum()
    sl_a, half_a = _ci((per_rep["answered_within"] / per_rep["offered"]).tolist())
    ab_a, half_ab = _ci((per_rep["abandoned"] / per_rep["offered"]).tolist())
    ref = sl.erlang_a(14, 10, 180, 300, 20)
    print(f"   cxlab SL {sl_a:.4f} +/- {half_a:.4f} (Erlang A {ref.service_level:.4f}); "
          f"abandon {ab_a:.4f} +/- {half_ab:.4f} (Erlang A {ref.p_abandon:.4f})")
    try:
        import ciw
    except ImportError:
        print("   ciw not installed: skipped")
        return
    horizon = intervals * 1800
    ciw_sl, ciw_ab, ciw_calls, ciw_time = [], [], 0, 0.0
    for rep in range(reps):
        network = ciw.create_network(
            arrival_distributions=[ciw.dists.Exponential(rate=100 / 1800)],
            service_distributions=[ciw.dists.Exponential(rate=1 / 180)],
            number_of_servers=[14],
            reneging_time_distributions=[ciw.dists.Exponential(rate=1 / 300)],
        )
        ciw.seed(rep)
        start = time.perf_counter()
        q = ciw.Simulation(network)
        q.simulate_until_max_time(horizon)
        ciw_time += time.perf_counter() - start
        records = [r for r in q.get_all_records() if r.arrival_date >= 3600]
        served = [r for r in records if r.record_type == "service"]
        reneged = [r for r in records if r.record_type == "renege"]
        offered = len(served) + len(reneged)
        ciw_calls += len(q.get_all_records())
        ciw_sl.append(sum(r.waiting_time <= 20 for r in served) / offered)
        ciw_ab.append(len(reneged) / offered)
    rate = ciw_calls / ciw_time
    print(f"   ciw:   {ciw_calls:,} calls in {ciw_time:.2f} s = {rate:,.0f} calls/s "
          f"(cxlab is {n_calls / took / rate:,.1f}x faster)")
    m, h = _ci(ciw_sl)
    m2, h2 = _ci(ciw_ab)
    print(f"   ciw SL {m:.4f} +/- {h:.4f}; abandon {m2:.4f} +/- {h2:.4f}")
    sim_c = sl.simulate([100] * intervals, 180, 14, replications=reps, rng=8)
    rows = sim_c.intervals[sim_c.intervals["interval"] >= 2].groupby("replication").sum()
    m3, h3 = _ci((rows["answered_within"] / rows["offered"]).tolist())
    print(f"   cxlab without abandonment: SL {m3:.4f} +/- {h3:.4f} "
          f"(Erlang C {sl.service_level(14, 10, 180, 20):.4f})")


def header(reps: int) -> None:
    versions = [f"Python {platform.python_version()}", f"numpy {np.__version__}"]
    try:
        import scipy

        versions.append(f"scipy {scipy.__version__}")
    except ImportError:  # pragma: no cover - scipy is a dependency of cxlab
        pass
    versions.append(f"cxlab {getattr(cxlab, '__version__', '(source)')}")
    try:
        from importlib.metadata import version

        versions.append(f"pyworkforce {version('pyworkforce')}")
    except Exception:
        versions.append("pyworkforce not installed")
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load average {os.getloadavg()[0]:.1f}"
    print(f"{'; '.join(versions)}; {os.cpu_count()} CPUs{load}")
    print(f"Each timing: median of {reps} runs (fastest-slowest), sides alternated run by run.")
    if PwErlangC is None:
        print("pyworkforce is not installed (pyworkforce 0.5.4 needs Python >= 3.12; "
              f"this is {platform.python_version()}): only cxlab is timed. "
              "Name a newer Python with: make bench BENCH_PYTHON=/path/to/python3.12")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs a side, shorter simulation")
    parser.add_argument("--reps", type=int, default=None, help="timed runs a side (default 7)")
    parser.add_argument("--full", action="store_true",
                        help="also time pyworkforce's loop over the year (seconds a run)")
    parser.add_argument("--skip-pyworkforce-erlang-a", action="store_true")
    parser.add_argument("--limit", type=float, default=60.0,
                        help="seconds to allow pyworkforce's Erlang A at 5,000 Erlangs (60)")
    args = parser.parse_args()
    reps = args.reps or (3 if args.quick else 7)
    header(reps)
    bench_one_interval(reps)
    bench_week("A realistic week (a mid-sized queue)", *week_of_intervals(), reps)
    bench_week("A hard week (large and mixed intervals)", *hard_week(), max(3, reps // 2))
    bench_year_and_spikes(reps, args.full)
    bench_erlang_a(max(3, reps // 2), args.skip_pyworkforce_erlang_a, args.limit)
    bench_simulation(args.quick)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
