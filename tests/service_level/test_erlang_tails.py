"""Erlang B, C and A in their far tails, on grids, and against references that avoid cxlab.

The references are written out here: scipy's special functions (Erlang B as the Poisson
probability of N over the probability of N or fewer), the classical float recurrence of
Erlang B, and Erlang A as the per-queue-length sum with the incomplete beta function (the
method cxlab used before it was vectorised, which fixes its six decimals). Published values
and Palm's birth-death chain are in test_erlang.py. No timings here: speed is in
benchmarks/bench_service_level.py.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest
from scipy import special

from cxlab import service_level as sl
from cxlab._validation import CxlabValueError
from cxlab.service_level import erlang

# --- references ------------------------------------------------------------------------------


def recurrence_b(n: int, a: float) -> float:
    """Erlang B by B(k) = a B(k-1) / (k + a B(k-1)) in plain floats: stable, O(n)."""
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return b


def scipy_b(n: int, a: float) -> float | None:
    """Erlang B as p(n; a) / P(X <= n) with scipy's special functions (None if they underflow)."""
    cdf = special.pdtr(n, a)
    if cdf < 1e-280:
        return None
    return float(np.exp(special.xlogy(n, a) - a - special.gammaln(n + 1.0)) / cdf)


def c_from_b(n: int, a: float, b: float) -> float:
    return n * b / (n - a + a * b)


def erlang_a_by_sum(n: int, a: float, h: float, p: float, t: float) -> dict[str, float]:
    """Erlang A for one interval, summing over the queue length j met by an arrival.

    A caller who finds j waiting is answered with probability s / (s + j + 1), within t with
    that times 1 - I_c(s + 1, j + 1) (regularised incomplete beta, c = exp(-t / p)), after a
    mean of psi(s + j + 2) - psi(s + 1) patience units; s = n p / h, x = a p / h.
    """
    s, x = n * p / h, a * p / h
    b = recurrence_b(n, a)
    top = int(math.ceil(max(x - s, 0.0) + 12.0 * math.sqrt(x + 1.0) + 40.0))
    j = np.arange(top + 1, dtype=float)
    log_w = j * math.log(x) + special.gammaln(s + 1.0) - special.gammaln(s + j + 1.0)
    w = np.exp(log_w - log_w.max())
    total = w.sum()
    served = w * s / (s + j + 1.0)
    within = served * (1.0 - special.betainc(s + 1.0, j + 1.0, math.exp(-t / p)))
    wait = served * (special.digamma(s + j + 2.0) - special.digamma(s + 1.0)) * p
    log_j = log_w.max() + math.log(total)
    p_wait = 1.0 / (1.0 + math.exp(min(math.log1p(-b) - math.log(b) - log_j, 700.0)))
    p_ab = p_wait * (1.0 - served.sum() / total)
    return {"p_wait": p_wait, "p_abandon": p_ab,
            "service_level": (1.0 - p_wait) + p_wait * within.sum() / total,
            "asa": p_wait * wait.sum() / total / (1.0 - p_ab),
            "occupancy": min(a * (1.0 - p_ab) / n, 1.0), "mean_wait_all": p_ab * p}


# --- import stays light ------------------------------------------------------------------------


def test_scipy_loads_on_first_use_not_at_import() -> None:
    probe = ("import json, sys; from cxlab import service_level as sl; "
             "at_import = 'scipy' in sys.modules; sl.erlang_c(14, 10); "
             "small = 'scipy' in sys.modules; sl.erlang_c(200, 190); "
             "print(json.dumps([at_import, small, 'scipy' in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    assert json.loads(out.stdout) == [False, False, True]


# --- Erlang B and C on a grid against scipy and the recurrence --------------------------------

SIZES = [1, 2, 5, 14, 31, 32, 33, 34, 50, 100, 1_000, 10_000, 50_000]


def _loads(n: int) -> list[float]:
    root = math.sqrt(n)
    loads = [n * f for f in (0.001, 0.1, 0.5, 0.9, 0.99, 0.999, 2.0, 10.0, 1000.0)]
    loads += [n - 1.0, n - 1e-6, n + 1e-6, n + 0.5, n + 1.0]
    loads += [n + k * root for k in (-3.0, 1.0, 2.9, 3.0 - 1e-9, 3.0, 3.1, 10.0, 40.0)]
    return [a for a in loads if a > 0]


@pytest.mark.parametrize("n", SIZES)
def test_erlang_b_and_c_match_scipy_and_the_recurrence(n: int) -> None:
    loads = _loads(n)
    b_all = sl.erlang_b(np.full(len(loads), n), np.array(loads))
    c_all = sl.erlang_c(np.full(len(loads), n), np.array(loads))
    for a, b_vec, c_vec in zip(loads, b_all, c_all, strict=True):
        ref = recurrence_b(n, a)
        b = sl.erlang_b(n, a)
        assert b == pytest.approx(b_vec, rel=1e-13, abs=1e-300)  # scalar and array agree
        assert b == pytest.approx(ref, rel=1e-9, abs=1e-300), (n, a)
        if ref > 1e-250 and scipy_b(n, a) is not None:
            assert b == pytest.approx(scipy_b(n, a), rel=1e-8), (n, a)
        c = sl.erlang_c(n, a)
        assert c == pytest.approx(c_vec, rel=1e-13, abs=1e-300)
        assert c == (1.0 if n <= a else pytest.approx(c_from_b(n, a, ref), rel=1e-9, abs=1e-300))


def test_service_level_asa_and_occupancy_over_arrays() -> None:
    n = np.array([0, 1, 14, 14, 40, 1_000, 1_000, 50_000])
    a = np.array([0.0, 0.5, 10.0, 14.0, 35.5, 0.0, 990.0, 49_900.0])
    b = [recurrence_b(int(k), float(x)) for k, x in zip(n, a, strict=True)]
    c = [0.0 if x == 0 else 1.0 if k <= x else c_from_b(int(k), float(x), bk)
         for k, x, bk in zip(n, a, b, strict=True)]
    expected_asa = [0.0 if x == 0 else math.inf if k <= x else ck * 180 / (k - x)
                    for k, x, ck in zip(n, a, c, strict=True)]
    expected_sl = [1.0 if x == 0 else 0.0 if k <= x else 1 - ck * math.exp(-(k - x) / 9)
                   for k, x, ck in zip(n, a, c, strict=True)]
    assert sl.asa(n, a, 180).tolist() == pytest.approx(expected_asa, rel=1e-9)
    assert sl.service_level(n, a, 180, 20).tolist() == pytest.approx(expected_sl, rel=1e-9)
    assert sl.occupancy(n, a).tolist() == pytest.approx(
        [0.0, 0.5, 10 / 14, 1.0, 35.5 / 40, 0.0, 0.99, 0.998])
    assert sl.agents_required(np.zeros(3), 180, 20, 0.8).tolist() == [0, 0, 0]


def test_erlang_b_is_continuous_where_the_method_changes() -> None:
    # Recurrence up to 32 lines, incomplete gamma near the load, continued fraction well
    # above it (a >= n + 3 sqrt(n)): the values meet without a step.
    for n in (32, 33, 1_000, 40_000):
        edge = n + 3.0 * math.sqrt(n)
        for a in (np.nextafter(edge, 0), edge, np.nextafter(edge, np.inf), edge * (1 + 1e-9)):
            assert sl.erlang_b(n, float(a)) == pytest.approx(recurrence_b(n, float(a)), rel=1e-12)
    for a in (20.0, 31.5, 33.0):
        left, right = sl.erlang_b(32, a), sl.erlang_b(33, a)
        assert right == pytest.approx(a * left / (33 + a * left), rel=1e-13)


# --- the far tails -----------------------------------------------------------------------------


@pytest.mark.parametrize("a", [1e-300, 1e-12, 1e-6, 1e-3])
def test_tiny_loads(a: float) -> None:
    assert sl.erlang_b(1, a) == pytest.approx(a / (1 + a), rel=1e-14)
    assert sl.erlang_b(2, a) == pytest.approx(a * a / 2 / (1 + a + a * a / 2), rel=1e-14,
                                              abs=1e-300)
    assert sl.erlang_c(1, a) == pytest.approx(a, rel=1e-12)
    for n in (5, 40, 60):
        assert sl.erlang_b(n, a) == pytest.approx(recurrence_b(n, a), rel=1e-12, abs=1e-300)
    assert sl.service_level(1, a, 180, 20) == pytest.approx(1 - a * math.exp(-(1 - a) / 9),
                                                            rel=1e-14)
    assert sl.asa(1, a, 180) == pytest.approx(a * 180 / (1 - a), rel=1e-12)
    assert sl.agents_required(a, 180, 20, 0.8) == 1
    assert sl.agents_required(a, 180, 20, 1 - 1e-6) == (1 if a <= 1e-6 else 2)
    r = sl.erlang_a(1, a, 180, 300, 20)
    assert r.p_wait == pytest.approx(a, rel=max(a, 1e-12))  # M/M/1+M: a (1 - O(a))
    assert r.service_level == pytest.approx(1.0, abs=2 * a)


@pytest.mark.parametrize("a", [50_000.0, 90_000.0, 99_000.0, 99_999.5, 100_000.0, 150_000.0,
                               1e7])
def test_very_large_loads_at_the_agent_limit(a: float) -> None:
    n = 100_000
    ref = recurrence_b(n, a)
    assert sl.erlang_b(n, a) == pytest.approx(ref, rel=1e-9, abs=1e-300)
    c = sl.erlang_c(n, a)
    assert c == (1.0 if n <= a else pytest.approx(c_from_b(n, a, ref), rel=1e-9, abs=1e-300))
    for value in (sl.service_level(n, a, 180, 20), sl.occupancy(n, a)):
        assert np.isfinite(value) and 0.0 <= value <= 1.0
    wait = sl.asa(n, a, 180)
    assert wait == math.inf if n <= a else (np.isfinite(wait) and wait >= 0)


def test_staffing_ninety_thousand_erlangs_is_the_smallest_that_meets_the_target() -> None:
    a, h, t = 90_000.0, 180.0, 20.0
    for target in (0.5, 0.8, 0.95, 0.999):
        n = sl.agents_required(a, h, t, target)
        assert sl.agents_required(np.array([a]), h, t, target).tolist() == [n]
        for m, meets in ((n, True), (n - 1, False)):
            b = recurrence_b(m, a)
            c = c_from_b(m, a, b)
            assert (1 - c * math.exp(-(m - a) * t / h) >= target) is meets, (target, m)


def test_agents_just_above_the_load() -> None:
    for a in (0.5, 9.999999, 99.9999999, 1_000 - 1e-7, 49_999.9999):
        n = math.ceil(a)
        b = recurrence_b(n, a)
        gap = n - a
        # 1 - C, computed without cancellation: the service level at a threshold of 0
        assert sl.service_level(n, a, 180, 0) == pytest.approx(gap * (1 - b) / (gap + a * b),
                                                               rel=1e-9)
        assert sl.asa(n, a, 180) == pytest.approx(c_from_b(n, a, b) * 180 / gap, rel=1e-9)
        assert 0 < sl.erlang_c(n, a) < 1
        assert sl.agents_required(a, 180, 20, 0.0) == n
    assert sl.erlang_c(1000, 1000.0) == 1.0
    assert sl.erlang_c(1000, 1000 - 1e-12) == pytest.approx(1.0, abs=1e-9)


def test_erlang_b_far_above_the_load() -> None:
    for n, a in ((1, 1e9), (10, 1e6), (40, 1e4), (1_000, 2_000.0), (20_000, 20_500.0)):
        assert sl.erlang_b(n, a) == pytest.approx(recurrence_b(n, a), rel=1e-12)
    assert sl.erlang_b(10, 1e6) == pytest.approx(1 - 10 / 1e6, rel=1e-9)


# --- required agents ---------------------------------------------------------------------------


def test_agents_required_on_a_wide_grid_is_the_smallest_meeting_the_target() -> None:
    rng = np.random.default_rng(4)
    a = np.exp(rng.uniform(math.log(1e-3), math.log(90_000), 400))
    h = rng.uniform(20, 1200, a.size)
    t = rng.choice([0.0, 5.0, 20.0, 60.0, 600.0], a.size)
    target = rng.choice([0.0, 0.3, 0.8, 0.9, 0.99, 0.99999], a.size)
    n = sl.agents_required(a, h, t, target)
    assert (sl.service_level(n, a, h, t) >= target).all()
    below = np.maximum(n - 1, 0)
    assert ((below <= a) | (sl.service_level(below, a, h, t) < target)).all()
    one_by_one = [sl.agents_required(*map(float, row)) for row in zip(a, h, t, target, strict=True)]
    assert n.tolist() == one_by_one
    fits = a < 80_000  # 0.85 of the limit of 100,000 agents
    capped = sl.agents_required(a[fits], h[fits], t[fits], target[fits], max_occupancy=0.85)
    assert (capped >= n[fits]).all() and (a[fits] / capped <= 0.85 + 1e-12).all()
    assert (np.maximum(n[fits], np.ceil(a[fits] / 0.85 - 1e-9)) == capped).all()


def test_a_target_taken_from_service_level_gives_back_its_agents() -> None:
    rng = np.random.default_rng(8)
    a = np.exp(rng.uniform(math.log(0.05), math.log(60_000), 300))
    n = np.floor(a).astype(int) + rng.integers(1, 40, a.size)
    h = rng.uniform(60, 600, a.size)
    t = rng.choice([0.0, 10.0, 20.0, 60.0], a.size)
    target = sl.service_level(n, a, h, t)
    keep = target < 1 - 1e-9  # below 1, and not where rounding flattens the curve
    assert (sl.agents_required(a[keep], h[keep], t[keep], target[keep]) == n[keep]).all()
    for row in zip(n[keep], a[keep], h[keep], t[keep], strict=True):
        k, x, aht, thr = int(row[0]), *map(float, row[1:])
        assert sl.agents_required(x, aht, thr, sl.service_level(k, x, aht, thr)) == k


def test_agents_required_batch_takes_a_few_passes_whatever_the_largest_interval(
        monkeypatch) -> None:
    calls = []
    original = erlang._service_level

    def counting(n, a, h, t):
        calls.append(np.size(n))
        return original(n, a, h, t)

    monkeypatch.setattr(erlang, "_service_level", counting)
    small = sl.agents_required(np.linspace(1, 60, 336), 240, 20, 0.8)
    passes_small = len(calls)
    calls.clear()
    mixed = np.linspace(1, 60, 336)
    mixed[::8] = np.geomspace(1, 90_000, mixed[::8].size)
    big = sl.agents_required(mixed, 240, 20, 0.8)
    assert len(calls) <= 8 and passes_small <= 8
    assert (big[1::8] == small[1::8]).all()


def test_agents_beyond_the_limit_are_refused() -> None:
    with pytest.raises(CxlabValueError, match="no number of agents up to the limit"):
        sl.agents_required(90_000, 180, 20, 0.8, max_occupancy=0.5)
    with pytest.raises(CxlabValueError, match="no number of agents up to the limit"):
        sl.agents_required([10, 90_000], 180, 20, 0.8, max_occupancy=0.5)
    with pytest.raises(CxlabValueError, match="intensity must be at most 90,000 Erlangs"):
        sl.agents_required(90_001.0, 180, 20, 0.8)


# --- one-interval calls take the same answers and the same errors ---------------------------


def test_plain_numbers_numpy_scalars_and_arrays_agree() -> None:
    args = (1_234.5, 200.0, 15.0)
    n = sl.agents_required(*args, 0.9)
    assert type(n) is int
    assert n == sl.agents_required(*map(np.float64, args), 0.9)
    assert n == sl.agents_required(*map(np.asarray, args), np.asarray(0.9))
    value = sl.service_level(n, *args)
    assert type(value) is float
    assert value == pytest.approx(sl.service_level(np.array([n]), *args)[0], rel=1e-14)
    assert sl.erlang_c(n, 1_234.5) == pytest.approx(sl.erlang_c(np.int64(n), 1_234.5), rel=1e-14)
    assert sl.traffic_intensity(100, 180) == 10.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: sl.agents_required(math.nan, 180, 20, 0.8), r"intensity must be a finite"),
        (lambda: sl.agents_required(10.0, 180.0, 20.0, 0.8, max_occupancy=1.5),
         r"max_occupancy must be in \(0, 1\], got 1.5"),
        (lambda: sl.erlang_c(14.5, 10.0), r"agents must be a whole number"),
        (lambda: sl.erlang_b(100_001, 5.0), r"agents must be at most 100,000"),
        (lambda: sl.service_level(14, 10.0, 180.0, math.inf),
         r"threshold_seconds must be a finite"),
        (lambda: sl.asa(14, 10.0, -1.0), r"aht_seconds must be positive"),
        (lambda: sl.occupancy(True, 10.0), r"agents must be a number, got True"),
        (lambda: sl.traffic_intensity(-1, 180), r"calls must be 0 or more, got -1"),
    ],
)
def test_one_interval_calls_keep_the_messages(call, message) -> None:
    with pytest.raises(CxlabValueError, match=message):
        call()


# --- Erlang A ----------------------------------------------------------------------------------

ERLANG_A_CASES = [
    (14, 10, 180, 300, 20), (1, 0.3, 300, 60, 10), (3, 2.5, 240, 30, 0), (33, 31, 200, 600, 15),
    (60, 75, 180, 120, 20), (106, 100, 180, 300, 20), (250, 240, 300, 2000, 30),
    (400, 520, 240, 45, 20), (1_000, 990, 180, 300, 20), (2_000, 2_300, 180, 90, 10),
    (5_050, 5_000, 180, 300, 20), (12, 10, 180, 1e6, 20), (12, 10, 60, 2, 20),
]


@pytest.mark.parametrize(("n", "a", "h", "p", "t"), ERLANG_A_CASES)
def test_erlang_a_matches_the_per_queue_length_sum(n, a, h, p, t) -> None:
    ref = erlang_a_by_sum(n, a, h, p, t)
    r = sl.erlang_a(n, a, h, p, t)
    for name, value in ref.items():
        assert getattr(r, name) == pytest.approx(value, rel=1e-9, abs=1e-10), name


def test_erlang_a_batch_equals_one_interval_at_a_time() -> None:
    n, a, h, p, t = (np.array(column) for column in zip(*ERLANG_A_CASES, strict=True))
    batch = sl.erlang_a(n, a, h, p, t)
    for i, case in enumerate(ERLANG_A_CASES):
        single = sl.erlang_a(*case)
        for name in ("p_wait", "p_abandon", "service_level", "asa", "occupancy"):
            assert getattr(batch, name)[i] == pytest.approx(getattr(single, name), rel=1e-12)


def test_erlang_a_sums_split_into_windows_give_the_same_answers(monkeypatch) -> None:
    n, a, h, p, t = (np.array(column) for column in zip(*ERLANG_A_CASES, strict=True))
    whole = sl.erlang_a(n, a, h, p, t)
    monkeypatch.setattr(erlang, "_CHUNK", 7)  # many runs, and each large sum cut in pieces
    pieces = sl.erlang_a(n, a, h, p, t)
    for name in ("p_wait", "p_abandon", "service_level", "asa", "occupancy"):
        assert getattr(pieces, name) == pytest.approx(getattr(whole, name), rel=1e-11)


def test_erlang_a_far_tails() -> None:
    # Endless patience, underloaded: the incomplete gamma underflows, Erlang C is the limit.
    r = sl.erlang_a(5_100, 5_000, 180, 1e9, 20)
    assert r.p_wait == pytest.approx(sl.erlang_c(5_100, 5_000), rel=1e-6)
    assert r.service_level == pytest.approx(sl.service_level(5_100, 5_000, 180, 20), rel=1e-6)
    # Hopeless overload with very impatient callers: nearly everyone waits and hangs up.
    r = sl.erlang_a(10, 50_000, 180, 1, 20)
    assert r.p_wait == pytest.approx(1.0) and r.p_abandon == pytest.approx(1 - 10 / 50_000,
                                                                          rel=1e-3)
    assert r.occupancy == pytest.approx(1.0, abs=1e-3)
    # 100,000 agents, loads either side of them, in one call
    r = sl.erlang_a(100_000, [90_000, 99_999.5, 120_000], 180, 300, 20)
    for field in (r.p_wait, r.p_abandon, r.service_level, r.occupancy):
        assert np.isfinite(field).all() and ((field >= 0) & (field <= 1)).all()
    assert np.isfinite(r.asa).all() and (np.diff(r.p_abandon) > 0).all()
    # Tiny loads and a threshold far beyond the patience
    r = sl.erlang_a(2, 1e-9, 180, 300, 1e6)
    assert r.service_level == pytest.approx(1.0) and r.p_abandon < 1e-15
