"""Benchmarks for module 01's model: prints timings and ratios, asserts nothing.

Run with ``make bench`` (it builds .venv-bench with Python 3.12, cxlab, pyworkforce 0.5.4 and
ciw, which only this script uses), or in any environment that has those three:

    python benchmarks/bench_service_level.py [--quick] [--skip-pyworkforce-erlang-a]

1. Staffing a week of 30-minute intervals (7 x 48 = 336) in one vectorised call, against a
   per-interval Python loop over the same cxlab functions and against pyworkforce's ErlangC.
2. Erlang A at 5,000 Erlangs: cxlab's time, and pyworkforce's ErlangA (in a subprocess with a
   time limit, since it can take minutes).
3. Simulation: calls simulated per second by cxlab and by ciw on the same M/M/N+M workload,
   and how both agree with Erlang C and Erlang A (99% confidence intervals).
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import statistics
import time

import numpy as np

from cxlab import service_level as sl


def _best_of(func, repeat: int = 5) -> float:
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def week_of_intervals(seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """336 half hours: an intraday double peak, busier early in the week, some noise."""
    rng = np.random.default_rng(seed)
    hours = (np.arange(48) + 0.5) / 2
    shape = np.exp(-((hours - 10.5) / 2.2) ** 2) + 0.7 * np.exp(-((hours - 14.5) / 2.0) ** 2)
    day_factor = np.array([1.15, 1.05, 1.0, 0.97, 0.92, 0.5, 0.3])
    calls = np.concatenate([140 * f * shape for f in day_factor]) + 2
    calls = np.maximum(calls * rng.normal(1, 0.05, calls.size), 0.5)
    aht = 240 + 40 * rng.normal(0, 1, calls.size)
    return calls, np.clip(aht, 150, 400)


def bench_week(quick: bool) -> None:
    print("\n1. Staffing a week of 336 half-hour intervals (80% in 20 s)")
    calls, aht = week_of_intervals()
    erlangs = calls * aht / 1800

    def vectorised():
        n = sl.agents_required(erlangs, aht, 20, 0.8)
        return n, sl.service_level(n, erlangs, aht, 20), sl.asa(n, erlangs, aht)

    def loop():
        out = []
        for a, h in zip(erlangs.tolist(), aht.tolist(), strict=True):
            n = sl.agents_required(a, h, 20, 0.8)
            out.append((n, sl.service_level(n, a, h, 20), sl.asa(n, a, h)))
        return out

    t_vec = _best_of(vectorised, 3 if quick else 7)
    t_loop = _best_of(loop, 1 if quick else 3)
    n_vec = vectorised()[0]
    print(f"   cxlab, one vectorised call:      {t_vec * 1000:8.1f} ms")
    print(f"   cxlab, per-interval Python loop: {t_loop * 1000:8.1f} ms  "
          f"(vectorised is {t_loop / t_vec:5.1f}x faster)")
    try:
        from pyworkforce.queuing import ErlangC
    except ImportError:
        print("   pyworkforce not installed: skipped")
        return

    def pyworkforce():
        return [ErlangC(transactions=c, aht=h / 60, asa=20 / 60, interval=30)
                .required_positions(service_level=0.8)["raw_positions"]
                for c, h in zip(calls.tolist(), aht.tolist(), strict=True)]

    t_pw = _best_of(pyworkforce, 1 if quick else 3)
    n_pw = np.asarray(pyworkforce())
    print(f"   pyworkforce ErlangC, per interval: {t_pw * 1000:6.1f} ms  "
          f"(cxlab vectorised is {t_pw / t_vec:5.1f}x faster)")
    same = int((n_pw == n_vec).sum())
    print(f"   agents required agree in {same} of {len(n_vec)} intervals"
          + ("" if same == len(n_vec) else f"; differ at {np.flatnonzero(n_pw != n_vec)[:10]}"))


def _pyworkforce_erlang_a(queue, positions: int) -> None:
    from pyworkforce.queuing import ErlangA

    model = ErlangA(transactions=5000 * 1800 / 180, aht=3, asa=20 / 60, interval=30, patience=5)
    start = time.perf_counter()
    value = model.service_level(positions)
    queue.put((time.perf_counter() - start, value))


def bench_erlang_a(skip_pyworkforce: bool, limit_seconds: float) -> None:
    print("\n2. Erlang A at 5,000 Erlangs (AHT 180 s, patience 300 s, T = 20 s)")
    n = 5050
    start = time.perf_counter()
    result = sl.erlang_a(n, 5000, 180, 300, 20)
    took = time.perf_counter() - start
    print(f"   cxlab erlang_a with {n} agents: {took * 1000:.1f} ms -> {result!r}")
    if skip_pyworkforce:
        return
    try:
        import pyworkforce  # noqa: F401
    except ImportError:
        print("   pyworkforce not installed: skipped")
        return
    queue: mp.Queue = mp.Queue()
    proc = mp.Process(target=_pyworkforce_erlang_a, args=(queue, n))
    proc.start()
    proc.join(limit_seconds)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        print(f"   pyworkforce ErlangA.service_level: not finished after {limit_seconds:.0f} s "
              f"(cxlab is more than {limit_seconds / took:,.0f}x faster)")
    else:
        pw_took, value = queue.get()
        print(f"   pyworkforce ErlangA.service_level: {pw_took:.1f} s -> {value:.6f} "
              f"(cxlab {result.service_level:.6f}; cxlab is {pw_took / took:,.0f}x faster)")


def _ci(values: list[float]) -> tuple[float, float]:
    mean = statistics.fmean(values)
    half = 2.576 * statistics.stdev(values) / math.sqrt(len(values))
    return mean, half


def bench_simulation(quick: bool) -> None:
    print("\n3. Simulation: 100 calls per 30 min, AHT 180 s, 14 agents, patience 300 s")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--skip-pyworkforce-erlang-a", action="store_true")
    parser.add_argument("--limit", type=float, default=180.0,
                        help="seconds to allow pyworkforce's Erlang A (default 180)")
    args = parser.parse_args()
    bench_week(args.quick)
    bench_erlang_a(args.skip_pyworkforce_erlang_a, args.limit)
    bench_simulation(args.quick)


if __name__ == "__main__":
    main()
