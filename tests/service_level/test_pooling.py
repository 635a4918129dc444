"""Separate teams against one pooled team: agents and occupancy (lesson 01.03)."""

from __future__ import annotations

import math

import pytest

from cxlab import CxlabValueError
from cxlab import service_level as sl


def fewest_agents(erlangs: float, aht: float = 180, threshold: float = 20,
                  target: float = 0.8) -> int:
    """The textbook Erlang C search, written out here (not cxlab's)."""
    agents = math.floor(erlangs) + 1
    while True:
        top = erlangs**agents / math.factorial(agents) * agents / (agents - erlangs)
        pw = top / (sum(erlangs**k / math.factorial(k) for k in range(agents)) + top)
        if 1 - pw * math.exp(-(agents - erlangs) * threshold / aht) >= target:
            return agents
        agents += 1


def test_pooling_table_against_erlang_c_by_hand() -> None:
    table = sl.pooling(10, 180, 20, 0.8, teams=[1, 2, 4, 8])
    one = fewest_agents(10)
    assert one == 14
    assert table["agents_separate"].tolist() == [t * one for t in (1, 2, 4, 8)]
    pooled = [fewest_agents(10 * t) for t in (1, 2, 4, 8)]
    assert table["agents_pooled"].tolist() == pooled
    assert table["agents_saved"].tolist() == [t * one - p for t, p in zip((1, 2, 4, 8), pooled,
                                                                          strict=True)]
    # Occupancy = Erlangs / agents; idle time between calls = AHT x (1 / occupancy - 1).
    assert table["occupancy_pooled"].tolist() == pytest.approx(
        [10 * t / p for t, p in zip((1, 2, 4, 8), pooled, strict=True)])
    assert table["idle_seconds_pooled"].iloc[0] == pytest.approx(180 * (14 / 10 - 1))


def test_pooling_refuses_what_it_cannot_compare() -> None:
    with pytest.raises(CxlabValueError, match="teams"):
        sl.pooling(10, 180, teams=[0])
    with pytest.raises(CxlabValueError, match="teams must list 1 to 24 numbers of teams, got 25"):
        sl.pooling(10, 180, teams=list(range(1, 26)))
    with pytest.raises(CxlabValueError, match="intensity"):
        sl.pooling(-1, 180)


def test_pooling_refuses_lists_and_sizes_plainly() -> None:
    with pytest.raises(CxlabValueError, match=r"^intensity must be a single number, got \[\]$"):
        sl.pooling([], 180)
    with pytest.raises(CxlabValueError, match=r"^target_sl must be a single number"):
        sl.pooling(10, 180, target_sl=[0.8, 0.9])
    # Before: "intensity must be at most 90,000 Erlangs" for a slip in teams.
    with pytest.raises(CxlabValueError, match=r"^teams must keep the pooled workload \(teams x "
                                              r"intensity\) at most 90,000 Erlangs, got "
                                              r"1000000000 teams of 10 Erlangs$"):
        sl.pooling(10, 180, teams=[10**9])
