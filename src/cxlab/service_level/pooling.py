"""Separate teams against one pooled team carrying the same calls (lesson 01.03)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    CxlabValueError,
    check_in_range,
    check_integer,
    check_non_negative,
    check_positive,
    describe,
)
from .erlang import MAX_AGENTS, agents_required, occupancy

__all__ = ["MOST_TEAMS", "pooling"]

#: The most team counts one comparison may list.
MOST_TEAMS = 24


def pooling(intensity: float, aht_seconds: float, threshold_seconds: float = 20,
            target_sl: float = 0.8, *, teams: Any = (1, 2, 4, 8)) -> pd.DataFrame:
    """Agents and occupancy when ``teams`` queues of ``intensity`` Erlangs each are run apart
    or pooled into one queue, every queue staffed for the same objective (Erlang C).

    Parameters
    ----------
    intensity : float
        The workload of one team, in Erlangs.
    aht_seconds, threshold_seconds, target_sl : float
        Handle time and the objective (``target_sl`` of calls within ``threshold_seconds``).
    teams : list of int, default (1, 2, 4, 8)
        How many teams to compare, one row each.

    Returns
    -------
    DataFrame
        One row per number of teams: ``teams``, ``erlangs`` (all the teams' workload),
        ``agents_separate`` (teams x one team's agents), ``agents_pooled`` (one queue
        carrying it all), ``agents_saved``, ``occupancy_separate``, ``occupancy_pooled`` and
        ``idle_seconds_pooled`` (an agent's mean idle time between calls in the pool).

    Raises
    ------
    CxlabValueError
        If ``teams`` is empty, holds a number below 1, or more than 24 entries.

    Examples
    --------
    Four teams of 10 Erlangs (AHT 180 s, 80% in 20 s) need 14 agents each, 56 in all; one
    pooled queue of 40 Erlangs needs 45, at 40 / 45 = 88.9% occupancy:

    >>> row = pooling(10, 180, 20, 0.8, teams=[4]).iloc[0]
    >>> int(row["agents_separate"]), int(row["agents_pooled"])
    (56, 45)
    >>> print(f"{row['occupancy_pooled']:.1%}")
    88.9%
    """
    intensity = check_positive("intensity", intensity, scalar=True)
    aht_seconds = check_positive("aht_seconds", aht_seconds, scalar=True)
    threshold_seconds = check_non_negative("threshold_seconds", threshold_seconds, scalar=True)
    target_sl = check_in_range("target_sl", target_sl, 0, 1, high_inclusive=False,
                               hint="a fraction: 80% is 0.8", scalar=True)
    counts = np.atleast_1d(check_integer("teams", np.atleast_1d(teams), minimum=1)).astype(int)
    if counts.ndim != 1 or counts.size == 0 or counts.size > MOST_TEAMS:
        raise CxlabValueError(f"teams must list 1 to {MOST_TEAMS} numbers of teams, got "
                              f"{counts.size}")
    most = MAX_AGENTS * 0.9
    if counts.max() * intensity > most:
        raise CxlabValueError(
            f"teams must keep the pooled workload (teams x intensity) at most {most:,.0f} "
            f"Erlangs, got {describe(int(counts.max()))} teams of {describe(intensity)} Erlangs")
    one = int(agents_required(intensity, aht_seconds, threshold_seconds, target_sl))
    erlangs = counts * float(intensity)
    pooled = np.asarray(agents_required(erlangs, aht_seconds, threshold_seconds, target_sl),
                        dtype=int)
    table = pd.DataFrame({"teams": counts, "erlangs": erlangs, "agents_separate": counts * one,
                          "agents_pooled": pooled})
    table["agents_saved"] = table["agents_separate"] - table["agents_pooled"]
    table["occupancy_separate"] = occupancy(table["agents_separate"], erlangs)
    table["occupancy_pooled"] = occupancy(table["agents_pooled"], erlangs)
    table["idle_seconds_pooled"] = float(aht_seconds) * (1 / table["occupancy_pooled"] - 1)
    return table
