"""The call-by-call queue simulation (cxlab.service_level.simulation).

The long-run tests compare the simulation with the PUBLISHED values in
docs/references.md (Erlang C and Erlang A rows, 100 calls per 30 min, AHT 180 s,
14 agents, T = 20 s), each inside a 99% confidence interval built from independent
replication means of a long steady-state run with the first hour discarded as warm-up.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cxlab._validation import CxlabValueError
from cxlab.service_level.simulation import Simulation, simulate

CALL_COLUMNS = [
    "replication",
    "interval",
    "arrival_seconds",
    "wait_seconds",
    "answered",
    "abandoned",
    "handle_seconds",
]
INTERVAL_COLUMNS = [
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
]

# Long steady-state runs: REPS independent days of N_INTERVALS half hours at the reference
# load; the first WARM_UP intervals (one hour) start from an empty queue and are discarded.
REPS = 150
N_INTERVALS = 100
WARM_UP = 2
THRESHOLD = 20.0


# --------------------------------------------------------------------------------------------
# Helpers


def _ci99(per_replication: pd.Series) -> tuple[float, float, float]:
    """Mean and 99% t confidence interval of independent replication estimates."""
    values = per_replication.to_numpy(dtype=float)
    mean = float(values.mean())
    half = float(stats.t.ppf(0.995, values.size - 1) * values.std(ddof=1) / math.sqrt(values.size))
    return mean, mean - half, mean + half


def _steady_state_estimates(sim: Simulation) -> dict[str, pd.Series]:
    """Per-replication long-run estimates after the warm-up."""
    calls = sim.calls[sim.calls["interval"] >= WARM_UP]
    by_rep = calls.assign(
        within=calls["answered"] & (calls["wait_seconds"] <= THRESHOLD),
        delayed=calls["wait_seconds"] > 0,
        answered_wait=calls["wait_seconds"].where(calls["answered"]),
    ).groupby("replication")
    intervals = sim.intervals[sim.intervals["interval"] >= WARM_UP]
    return {
        "service_level": by_rep["within"].mean(),
        "p_wait": by_rep["delayed"].mean(),
        "asa_seconds": by_rep["answered_wait"].mean(),
        "mean_wait_seconds": by_rep["wait_seconds"].mean(),
        "p_abandon": by_rep["abandoned"].mean(),
        "occupancy": intervals.groupby("replication")["occupancy"].mean(),
    }


def _check_against_published(
    estimates: dict[str, pd.Series], published: dict[str, float], widths: dict[str, float]
) -> None:
    report = []
    failures = []
    for name, expected in published.items():
        mean, low, high = _ci99(estimates[name])
        report.append(f"{name}: published {expected}, simulated {mean:.6f} [{low:.6f}, {high:.6f}]")
        if not low <= expected <= high:
            failures.append(report[-1])
        # The interval must be narrow enough for the comparison to mean something.
        assert high - low < widths[name], report[-1]
    print("\n" + "\n".join(report))
    assert not failures, "outside the 99% CI: " + "; ".join(failures)


def _reference_queue(
    arrivals: list[float],
    handles: list[float],
    patiences: list[float],
    staff: list[int],
    length: float,
) -> tuple[list[float], list[bool]]:
    """Slow event-by-event FCFS simulation, written independently of the module.

    At every event (arrival, end of a call, interval boundary) callers whose patience ran
    out strictly before now leave, then free agents who work now take the waiting callers
    in arrival order, lowest-numbered agent first. Agent k works in interval j when
    staff[j] > k; after the plan the last interval's agents carry on.
    """
    n = len(arrivals)
    last = len(staff) - 1
    free = [0.0] * max(staff)
    start: list[float | None] = [None] * n
    queue: list[int] = []
    nxt = 0
    t = 0.0
    boundaries = [j * length for j in range(1, last + 1)]

    def works(agent: int, when: float) -> bool:
        return staff[min(int(when // length), last)] > agent

    while nxt < n or queue:
        upcoming = [b for b in boundaries if b > t] + [f for f in free if f > t]
        if nxt < n:
            upcoming.append(arrivals[nxt])
        if not upcoming:
            break
        t = min(upcoming)
        while nxt < n and arrivals[nxt] <= t:
            queue.append(nxt)
            nxt += 1
        queue = [c for c in queue if arrivals[c] + patiences[c] >= t]
        for agent in range(len(free)):
            if queue and free[agent] <= t and works(agent, t):
                call = queue.pop(0)
                start[call] = t
                free[agent] = t + handles[call]
    waits = [
        patiences[i] if start[i] is None else start[i] - arrivals[i]  # type: ignore[operator]
        for i in range(n)
    ]
    return waits, [s is not None for s in start]


# --------------------------------------------------------------------------------------------
# Published long-run values (REFERENCES.md)


def test_erlang_c_reference_values_within_99_percent_ci():
    # Erlang C row: A = 10, N = 14, Pw = 0.17413, SL = 0.88835, ASA = 7.84 s,
    # occupancy = 0.7143.
    sim = simulate(
        [100] * N_INTERVALS, 180, 14, threshold_seconds=THRESHOLD, replications=REPS, rng=2024
    )
    assert not sim.calls["abandoned"].any()
    _check_against_published(
        _steady_state_estimates(sim),
        {"service_level": 0.88835, "p_wait": 0.17413, "asa_seconds": 7.84, "occupancy": 0.7143},
        {"service_level": 0.008, "p_wait": 0.01, "asa_seconds": 0.8, "occupancy": 0.005},
    )


def test_erlang_a_reference_values_within_99_percent_ci():
    # Erlang A row, mean patience 300 s: P(abandon) = 0.013984, SL (answered within T /
    # offered) = 0.916792, P(wait > 0) = 0.145260, mean wait over all arrivals = 4.195 s,
    # occupancy = 0.704297.
    sim = simulate(
        [100] * N_INTERVALS,
        180,
        14,
        patience_seconds=300,
        threshold_seconds=THRESHOLD,
        replications=REPS,
        rng=7,
    )
    _check_against_published(
        _steady_state_estimates(sim),
        {
            "p_abandon": 0.013984,
            "service_level": 0.916792,
            "p_wait": 0.145260,
            "mean_wait_seconds": 4.195,
            "occupancy": 0.704297,
        },
        {
            "p_abandon": 0.0012,
            "service_level": 0.006,
            "p_wait": 0.008,
            "mean_wait_seconds": 0.3,
            "occupancy": 0.005,
        },
    )


def test_service_level_definitions_match_the_icmi_worked_example():
    # REFERENCES.md, ICMI: 1000 answered, 60 abandoned, 860 answered within T,
    # 20 abandoned within T -> 81%, 86%, 83%, 83%.
    intervals = pd.DataFrame(
        {
            "replication": [0],
            "interval": [0],
            "offered": [1060],
            "answered": [1000],
            "abandoned": [60],
            "answered_within": [860],
            "abandoned_within": [20],
            "service_level": [860 / 1060],
            "asa_seconds": [10.0],
            "abandon_rate": [60 / 1060],
            "occupancy": [0.8],
        }
    )
    sim = Simulation(
        calls=pd.DataFrame(columns=CALL_COLUMNS),
        intervals=intervals,
        threshold_seconds=20,
        interval_seconds=1800,
    )
    assert round(sim.service_level("offered"), 2) == 0.81
    assert round(sim.service_level(), 2) == 0.81
    assert round(sim.service_level("answered"), 2) == 0.86
    assert round(sim.service_level("short_abandons_met"), 2) == 0.83
    assert round(sim.service_level("short_abandons_excluded"), 2) == 0.83


# --------------------------------------------------------------------------------------------
# Seeds and reproducibility


def test_same_seed_gives_identical_frames():
    first = simulate([90, 110], [180, 200], [13, 14], patience_seconds=200, rng=11)
    second = simulate([90, 110], [180, 200], [13, 14], patience_seconds=200, rng=11)
    pd.testing.assert_frame_equal(first.calls, second.calls)
    pd.testing.assert_frame_equal(first.intervals, second.intervals)
    from_generator = simulate(
        [90, 110], [180, 200], [13, 14], patience_seconds=200, rng=np.random.default_rng(11)
    )
    pd.testing.assert_frame_equal(first.calls, from_generator.calls)


def test_different_seeds_differ():
    one = simulate(100, 180, 14, replications=5, rng=1)
    two = simulate(100, 180, 14, replications=5, rng=2)
    assert not one.calls.equals(two.calls)
    assert not one.intervals.equals(two.intervals)


def test_no_rng_still_runs():
    assert isinstance(simulate(10, 180, 2), Simulation)


# --------------------------------------------------------------------------------------------
# Bookkeeping


@pytest.fixture(scope="module")
def day() -> Simulation:
    return simulate(
        [60, 120, 150, 90, 40],
        [200, 180, 190, 170, 210],
        [8, 12, 13, 12, 6],
        patience_seconds=150,
        replications=30,
        rng=5,
    )


def test_frames_have_the_documented_columns(day):
    assert list(day.calls.columns) == CALL_COLUMNS
    assert list(day.intervals.columns) == INTERVAL_COLUMNS
    assert len(day.intervals) == 30 * 5
    assert day.intervals["replication"].tolist() == np.repeat(np.arange(30), 5).tolist()
    assert day.intervals["interval"].tolist() == list(range(5)) * 30


def test_counts_add_up_per_interval(day):
    iv = day.intervals
    assert (iv["answered"] + iv["abandoned"] == iv["offered"]).all()
    assert (iv["answered_within"] <= iv["answered"]).all()
    assert (iv["abandoned_within"] <= iv["abandoned"]).all()
    calls = day.calls
    assert (calls["answered"] ^ calls["abandoned"]).all()
    recount = calls.groupby(["replication", "interval"]).agg(
        offered=("answered", "size"), answered=("answered", "sum")
    )
    merged = iv.merge(
        recount.reset_index(), on=["replication", "interval"], how="left", suffixes=("", "_calls")
    )
    assert (merged["offered"] == merged["offered_calls"].fillna(0)).all()
    assert (merged["answered"] == merged["answered_calls"].fillna(0)).all()
    assert np.allclose(iv["service_level"], iv["answered_within"] / iv["offered"])
    assert np.allclose(iv["abandon_rate"], iv["abandoned"] / iv["offered"])


def test_waits_arrivals_and_handle_times_are_sensible(day):
    calls = day.calls
    assert (calls["wait_seconds"] >= 0).all()
    assert calls["abandoned"].any() and calls["answered"].any()
    assert calls["handle_seconds"][calls["answered"]].gt(0).all()
    assert calls["handle_seconds"][calls["abandoned"]].isna().all()
    # Arrivals lie in their interval and are in order within each replication.
    lower = calls["interval"] * 1800
    assert ((calls["arrival_seconds"] >= lower) & (calls["arrival_seconds"] <= lower + 1800)).all()
    for _, one in calls.groupby("replication"):
        assert one["arrival_seconds"].is_monotonic_increasing


def test_asa_and_occupancy_follow_their_definitions(day):
    calls, iv = day.calls, day.intervals
    key = ["replication", "interval"]
    answered = calls[calls["answered"]].groupby(key)
    asa = answered["wait_seconds"].mean()
    work = answered["handle_seconds"].sum()
    agents = pd.Series([8, 12, 13, 12, 6] * 30, index=pd.MultiIndex.from_frame(iv[key]))
    indexed = iv.set_index(key)
    assert np.allclose(indexed.loc[asa.index, "asa_seconds"], asa)
    assert np.allclose(indexed.loc[work.index, "occupancy"], work / (agents[work.index] * 1800))


def test_abandoned_calls_wait_exactly_their_patience():
    # Nobody on the phones: every caller hangs up, and the waits are the patience draws,
    # exponential with mean 300 s.
    sim = simulate(2000, 180, 0, patience_seconds=300, rng=3)
    calls = sim.calls
    assert calls["abandoned"].all() and not calls["answered"].any()
    assert (calls["wait_seconds"] > 0).all()
    assert stats.kstest(calls["wait_seconds"], "expon", args=(0, 300)).pvalue > 0.01
    iv = sim.intervals.iloc[0]
    assert iv["service_level"] == 0 and iv["abandon_rate"] == 1 and math.isnan(iv["occupancy"])
    assert iv["abandoned_within"] == (calls["wait_seconds"] <= 20).sum()


def test_abandoned_callers_hung_up_before_an_agent_came_free():
    # One agent with very long calls: the first caller is answered at once, every later one
    # waits out their patience (far shorter than the call in progress).
    sim = simulate(50, 10**6, 1, patience_seconds=60, rng=4)
    calls = sim.calls
    assert calls["answered"].iloc[0] and calls["wait_seconds"].iloc[0] == 0
    assert calls["abandoned"].iloc[1:].all()


def test_zero_calls_give_empty_but_well_formed_frames():
    sim = simulate([0, 0, 0], 180, [5, 0, 0], replications=2, rng=1)
    assert list(sim.calls.columns) == CALL_COLUMNS and sim.calls.empty
    assert sim.calls["answered"].dtype == bool and sim.calls["interval"].dtype == np.int64
    iv = sim.intervals
    assert len(iv) == 6 and (iv["offered"] == 0).all()
    assert (iv["service_level"] == 1.0).all() and (iv["asa_seconds"] == 0.0).all()
    assert (iv["abandon_rate"] == 0.0).all()
    assert iv["occupancy"].iloc[0] == 0.0 and iv["occupancy"].iloc[1:3].isna().all()
    assert sim.service_level() == 1.0 and sim.met_target(0.8) == 1.0


def test_no_agents_without_patience_is_refused():
    with pytest.raises(
        CxlabValueError,
        match=r"agents must be at least 1 in the last interval when patience_seconds is None "
        r"\(callers never hang up\), got 0 at position 0",
    ):
        simulate(100, 180, 0)
    with pytest.raises(CxlabValueError, match=r"got 0 at position 2"):
        simulate([10, 10, 0], 180, [3, 3, 0])


def test_unstaffed_middle_interval_makes_callers_wait_for_the_next():
    sim = simulate([20, 20, 20], 180, [5, 0, 5], rng=8)
    calls = sim.calls
    assert calls["answered"].all()
    middle = calls[calls["interval"] == 1]
    # Nobody works from 1800 to 3600 s: every middle caller is answered at 3600 s or later.
    assert np.all(middle["arrival_seconds"] + middle["wait_seconds"] >= 3600 - 1e-9)


# --------------------------------------------------------------------------------------------
# A day plan: queue carried over, agents joining and leaving


def test_understaffed_interval_leaves_waits_in_the_next():
    # 150 calls x 180 s in 30 min is 15 Erlangs for 5 agents: a long queue at 08:30, which
    # the 20 agents of 09:00 inherit. Alone (empty queue) the 09:00 interval has short waits.
    carried = simulate([150, 60], 180, [5, 20], replications=20, rng=9)
    alone = simulate(60, 180, 20, replications=20, rng=9)
    first = carried.intervals[carried.intervals["interval"] == 0]
    second = carried.intervals[carried.intervals["interval"] == 1]
    # Documented: occupancy counts work in the interval the calls arrived in, so the
    # understaffed interval shows about 15 Erlangs of work on 5 agents (not capped at 1).
    assert first["occupancy"].mean() > 2
    assert second["asa_seconds"].mean() > 60
    assert second["asa_seconds"].mean() > 20 * alone.intervals["asa_seconds"].mean()
    assert second["service_level"].mean() < 0.5 < alone.intervals["service_level"].mean()
    # Calls arriving early in the second interval still wait behind the carried-over queue.
    early = carried.calls[
        (carried.calls["interval"] == 1) & (carried.calls["arrival_seconds"] < 1900)
    ]
    assert early["wait_seconds"].gt(0).mean() > 0.9


def test_queue_after_the_last_interval_is_served():
    sim = simulate([200], 180, 4, rng=2)  # 20 Erlangs on 4 agents: a huge backlog at close
    assert sim.calls["answered"].all()
    finish = sim.calls["arrival_seconds"] + sim.calls["wait_seconds"]
    assert finish.max() > 1800


@pytest.mark.parametrize("seed", range(6))
def test_agent_changes_match_an_independent_event_by_event_simulation(seed):
    # Staffing rises and falls (and drops to 0), so agents join, leave mid-queue after
    # finishing the call in hand, and callers wait for the next staffed interval.
    staff = [3, 1, 0, 4, 2, 2]
    patience = None if seed % 2 else 240.0
    sim = simulate(
        [18, 12, 8, 30, 14, 10],
        [150, 200, 100, 120, 180, 90],
        staff,
        patience_seconds=patience,
        interval_seconds=600,
        rng=seed,
    )
    calls = sim.calls
    handles = calls["handle_seconds"].fillna(0.0).tolist()
    patiences = np.where(calls["abandoned"], calls["wait_seconds"], np.inf).tolist()
    waits, answered = _reference_queue(
        calls["arrival_seconds"].tolist(), handles, patiences, staff, 600.0
    )
    assert calls["answered"].tolist() == answered
    assert np.allclose(calls["wait_seconds"], waits, rtol=0, atol=1e-9)


def test_an_agent_who_leaves_finishes_the_call_in_hand():
    # Agent 1 works in both intervals, agent 2 only in the first. A call agent 2 starts just
    # before 1800 s runs past the boundary; after it, agent 2 starts nothing, so the calls
    # started after 1800 s are one agent's calls and never overlap.
    sim = simulate([40, 40], 200, [2, 1], patience_seconds=120, replications=50, rng=12)
    calls = sim.calls[sim.calls["answered"]]
    start = calls["arrival_seconds"] + calls["wait_seconds"]
    end = start + calls["handle_seconds"]
    for _, one in pd.DataFrame({"rep": calls["replication"], "s": start, "e": end}).groupby("rep"):
        late = one[one["s"] >= 1800].sort_values("s")
        # After the boundary only one agent takes calls: their calls never overlap in time,
        # except with calls started before 1800 s by the agent who left.
        assert (late["s"].to_numpy()[1:] >= late["e"].to_numpy()[:-1] - 1e-9).all()
    # Some calls started before the boundary end after it (a leaver finishing a call).
    assert ((start < 1800) & (end > 1800)).any()


# --------------------------------------------------------------------------------------------
# Inputs, outputs and convenience methods


def test_series_and_arrays_are_accepted():
    plan = pd.Series([80, 100], index=["08:00", "08:30"])
    sim = simulate(plan, np.array([180.0, 190.0]), pd.Series([12, 13]), rng=1)
    assert sim.intervals["interval"].tolist() == [0, 1]


def test_met_target_counts_replication_intervals():
    sim = simulate(100, 180, 14, replications=300, rng=6)
    expected = (sim.intervals["service_level"] >= 0.8).mean()
    assert sim.met_target(0.8) == pytest.approx(expected)
    assert sim.met_target(0.0) == 1.0
    assert 0.0 <= sim.met_target(1.0) < sim.met_target(0.8) < 1.0
    # More agents meet the target more often.
    assert simulate(100, 180, 15, replications=300, rng=6).met_target(0.8) > sim.met_target(0.8)


def test_service_level_definitions_are_ordered_and_edge_cases():
    sim = simulate(100, 180, 13, patience_seconds=120, replications=10, rng=3)
    assert sim.service_level("offered") <= sim.service_level("short_abandons_excluded")
    assert sim.service_level("offered") <= sim.service_level("answered")
    assert sim.service_level("offered") <= sim.service_level("short_abandons_met")
    nobody = simulate(50, 180, 0, patience_seconds=60, rng=1)
    assert nobody.service_level() == 0.0
    assert math.isnan(nobody.service_level("answered"))


def test_repr_is_short_and_readable():
    text = repr(simulate(100, 180, 14, patience_seconds=300, replications=3, rng=1))
    assert text.startswith("Simulation(replications=3, intervals=1, calls=")
    assert "service_level=" in text and "within 20 s" in text
    assert len(text) < 200


# --------------------------------------------------------------------------------------------
# Validation messages

GOOD = {"calls": 100, "aht_seconds": 180, "agents": 14}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"calls": -1}, r"calls must be 0 or more, got -1"),
        ({"calls": float("nan")}, r"calls must be a finite number, got nan \(missing\)"),
        ({"calls": "100"}, r"calls must be a number, got '100'"),
        ({"calls": []}, r"calls must have at least one interval, got an empty sequence"),
        ({"calls": [[1, 2], [3, 4]]}, r"calls must be a number or a sequence of numbers"),
        ({"aht_seconds": 0}, r"aht_seconds must be positive \(above 0\), got 0"),
        ({"aht_seconds": [180, -5]}, r"aht_seconds must be positive \(above 0\), got -5 at pos"),
        ({"agents": 13.5}, r"agents must be a whole number of at least 0, got 13.5"),
        ({"agents": -1}, r"agents must be a whole number of at least 0, got -1"),
        ({"agents": True}, r"agents must be a number, got True \(a yes/no value\)"),
        ({"agents": 10**6}, r"agents must be at most 100,000, got 1e\+06"),
        ({"patience_seconds": 0}, r"patience_seconds must be positive \(above 0\), got 0"),
        ({"patience_seconds": [60, 90]}, r"patience_seconds must be a single number, got"),
        ({"threshold_seconds": -1}, r"threshold_seconds must be 0 or more, got -1"),
        ({"interval_seconds": 0}, r"interval_seconds must be positive \(above 0\), got 0"),
        ({"replications": 0}, r"replications must be a whole number of at least 1, got 0"),
        ({"replications": 2.5}, r"replications must be a whole number of at least 1, got 2.5"),
        ({"replications": 1e30}, r"replications must be at most 5,000,000, got 1e\+30"),
        (
            {"calls": [100, 120, 90], "aht_seconds": [180, 200]},
            r"calls, aht_seconds and agents must have matching lengths \(one value per "
            r"interval, or a single number for every interval\), got calls 3, aht_seconds 2",
        ),
        (
            {"calls": [100, 120], "agents": [14, 15, 16]},
            r"must have matching lengths .*got calls 2, agents 3",
        ),
        (
            {"replications": 60_000},
            r"replications x calls must be at most 5,000,000 simulated calls in total, got "
            r"about 6,000,000 \(60,000 replications of 100 calls\); use fewer replications",
        ),
        (
            {"calls": 0, "replications": 3_000_000, "agents": [1, 1]},
            r"replications x intervals must be at most 5,000,000, got 6,000,000",
        ),
        ({"rng": "seed"}, r"rng must be a numpy Generator, a seed \(a whole number of 0 or"),
        ({"rng": -1}, r"rng must be .* got -1"),
        ({"rng": 1.5}, r"rng must be .* got 1.5"),
    ],
)
def test_bad_input_names_the_parameter(kwargs: dict, message: str) -> None:
    with pytest.raises(CxlabValueError, match=message):
        simulate(**{**GOOD, **kwargs})


def test_validation_errors_are_value_errors():
    with pytest.raises(ValueError, match="aht_seconds must be positive"):
        simulate(100, 0, 14)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.met_target(80), r"target_sl must be in \[0, 1\], got 80 \(write 80% as 0.8\)"),
        (lambda s: s.met_target(-0.1), r"target_sl must be in \[0, 1\], got -0.1"),
        (lambda s: s.met_target([0.8, 0.9]), r"target_sl must be a single number, got"),
        (
            lambda s: s.service_level("all"),
            r"definition must be one of 'offered', 'answered', 'short_abandons_met', "
            r"'short_abandons_excluded'; got 'all'",
        ),
    ],
)
def test_method_arguments_are_checked(call, message):
    with pytest.raises(CxlabValueError, match=message):
        call(simulate(10, 180, 3, rng=1))
