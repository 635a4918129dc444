"""Working backwards: why was the service level missed?

For every interval the service level the plan promised is compared with the one measured,
and the gap is split between what changed:

* **volume**: more (or fewer) calls than forecast;
* **aht**: longer (or shorter) handle times than planned;
* **agents**: fewer (or more) agents on the phones than planned (absence, adherence);
* **randomness**: what the queueing model does not explain (random bursts, patience, data).

The three drivers are valued with the queueing model of module 01 (Erlang A when a mean
patience is given, else Erlang C): ``SL(volume, aht, agents)``. With ``method="shapley"``
(the default) each driver gets its Shapley value: its average effect over every order in
which the three changes could be made, so no driver is favoured by going first. With
``method="sequential"`` the changes are made one after the other in ``order`` and each gets
the step it causes. Either way the parts add up exactly:

    measured SL - planned SL = volume + aht + agents + randomness

Service level here is calls answered within the threshold / calls offered, for both the
measurement and the model. Days and the week weight intervals by calls offered, so their
parts add up too.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import (
    CxlabValueError,
    check_choice,
    check_column,
    check_non_negative,
    check_positive,
    check_table,
    describe,
)
from ..service_level.erlang import _agents, _service_level, erlang_a

__all__ = ["DRIVERS", "DRIVER_LABELS", "Diagnosis", "diagnose"]

#: The drivers, in the default sequential order.
DRIVERS = ("volume", "aht", "agents")
#: The drivers (and randomness) in plain words, as a manager reads them.
DRIVER_LABELS = {"volume": "Volume (calls offered)", "aht": "AHT (average handling time)",
                 "agents": "Agents (staffed)", "randomness": "Randomness"}

_PLAN_COLUMNS = {"volume": "forecast_calls", "aht": "forecast_aht_seconds",
                 "agents": "agents_planned"}
_ACTUAL_COLUMNS = {"volume": "offered", "aht": "aht_seconds", "agents": "agents_staffed"}


@dataclass(frozen=True)
class Diagnosis:
    """The result of :func:`diagnose`.

    Attributes
    ----------
    intervals : DataFrame, per interval: planned_sl, modelled_sl, measured_sl, gap and the
        parts volume, aht, agents, randomness (fractions; they add up to gap)
    days : DataFrame, the same per day (weighted by calls offered)
    week : Series, the same for the whole period
    method : "shapley" or "sequential"
    order : the order used by the sequential method
    """

    intervals: pd.DataFrame
    days: pd.DataFrame
    week: pd.Series
    method: str
    order: tuple[str, ...]

    def biggest_causes(self, n: int = 5) -> pd.DataFrame:
        """The intervals and drivers that cost the most service level, worst first."""
        parts = self.intervals.melt(id_vars=["interval_start"], value_vars=[*DRIVERS],
                                    var_name="driver", value_name="effect")
        worst = parts.sort_values("effect").head(n)
        return worst.reset_index(drop=True)

    def summary(self) -> str:
        """The whole period in one plain sentence: plan, measurement, gap and its parts."""
        w = self.week
        short = {"volume": "volume", "aht": "AHT", "agents": "agents", "randomness": "randomness"}
        parts = ", ".join(f"{short[name]} {w[name] * 100:+.1f}"
                          for name in (*DRIVERS, "randomness"))
        how = ("Shapley: averaged over every order" if self.method == "shapley"
               else "swapped in the order " + ", ".join(short[n] for n in self.order))
        return (f"Service level: the plan promised {w['planned_sl']:.1%}, {w['measured_sl']:.1%}"
                f" was measured, a gap of {w['gap'] * 100:+.1f} points. In points: {parts}"
                f" ({how}).")

    def __str__(self) -> str:
        return self.summary()

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        """A notebook shows the plain sentence (:meth:`summary`), not the repr."""
        printer.text(self.summary())

    def __repr__(self) -> str:
        w = self.week
        parts = ", ".join(f"{name} {w[name] * 100:+.1f}" for name in (*DRIVERS, "randomness"))
        return (f"Diagnosis ({self.method}): planned {w['planned_sl']:.1%}, measured "
                f"{w['measured_sl']:.1%}, gap {w['gap'] * 100:+.1f} points = {parts}")


def _model(volume, aht, agents, *, patience, threshold, interval_seconds) -> np.ndarray:
    a = volume * aht / interval_seconds
    if patience is None:
        t = np.full(a.shape, float(threshold))
        return _service_level(agents, a, aht, t)
    result = erlang_a(agents, a, aht, patience, threshold)
    return np.asarray(result.service_level, dtype=float)


def _column(frame: pd.DataFrame, name: str, role: str) -> np.ndarray:
    if name not in frame.columns:
        raise CxlabValueError(f"{role} has no column {name!r}; it has "
                              f"{', '.join(map(repr, frame.columns))}")
    try:
        return frame[name].to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise CxlabValueError(f"{role} column {name!r} must hold numbers, got "
                              f"{describe(frame[name].to_numpy())}") from exc


def diagnose(
    actual: pd.DataFrame,
    plan: pd.DataFrame | None = None,
    *,
    threshold_seconds: float = 20,
    patience_seconds: float | None = None,
    method: str = "shapley",
    order: tuple[str, ...] = DRIVERS,
    interval_seconds: float = 1800,
    answered_within: str = "answered_within_20s",
) -> Diagnosis:
    """Split each interval's service-level gap between volume, AHT, agents and randomness.

    Parameters
    ----------
    actual : DataFrame
        Intervals with ``interval_start``, ``offered``, ``aht_seconds``, ``agents_staffed``
        and the calls answered within the threshold (``answered_within``).
    plan : DataFrame, optional
        The same intervals with ``forecast_calls``, ``forecast_aht_seconds`` and
        ``agents_planned``; by default these columns are read from ``actual``.
    threshold_seconds : the service-level threshold the counts use
    patience_seconds : callers' mean patience for Erlang A; None uses Erlang C
    method : "shapley" (default) or "sequential"
    order : for "sequential", the order of the changes (a permutation of DRIVERS)

    Examples
    --------
    >>> frame = pd.DataFrame({
    ...     "interval_start": pd.to_datetime(["2026-04-13 10:00"]),
    ...     "offered": [130], "aht_seconds": [180.0], "agents_staffed": [14],
    ...     "answered_within_20s": [90],
    ...     "forecast_calls": [100.0], "forecast_aht_seconds": [180.0], "agents_planned": [14]})
    >>> d = diagnose(frame)
    >>> row = d.intervals.iloc[0]
    >>> round(float(row["planned_sl"]), 4), round(float(row["measured_sl"]), 4)
    (0.8884, 0.6923)
    >>> parts = row["volume"] + row["aht"] + row["agents"] + row["randomness"]
    >>> bool(abs(parts - row["gap"]) < 1e-12)
    True
    >>> float(row["aht"]), float(row["agents"])
    (0.0, 0.0)
    """
    check_choice("method", method, ["shapley", "sequential"])
    if not isinstance(order, (list, tuple)) or sorted(map(str, order)) != sorted(DRIVERS):
        raise CxlabValueError(f"order must list {', '.join(DRIVERS)} once each; "
                              f"got {describe(order)}")
    actual = check_table("actual", actual)
    plan = actual if plan is None else check_table("plan", plan)
    check_column("answered_within", answered_within, actual, "actual")
    if len(plan) != len(actual):
        raise CxlabValueError(f"plan and actual must have the same intervals; got {len(plan)} "
                              f"and {len(actual)} rows")
    threshold = check_non_negative("threshold_seconds", threshold_seconds, scalar=True)
    patience = (None if patience_seconds is None
                else check_positive("patience_seconds", patience_seconds, scalar=True))
    seconds = check_positive("interval_seconds", interval_seconds, scalar=True)
    start = pd.to_datetime(actual["interval_start"]) if "interval_start" in actual else (
        pd.Series(pd.NaT, index=actual.index))
    values = {}
    for key in DRIVERS:
        values[key] = (_column(plan, _PLAN_COLUMNS[key], "plan"),
                       _column(actual, _ACTUAL_COLUMNS[key], "actual"))
    for key in ("volume", "aht"):
        for which, array in zip(("plan", "actual"), values[key], strict=True):
            check_non_negative(f"{which} {key}", array)
    offered = values["volume"][1]
    within = _column(actual, answered_within, "actual")
    check_non_negative(f"actual column {answered_within!r}", within)
    if np.any(within > offered):
        bad = int(np.flatnonzero(within > offered)[0])
        raise CxlabValueError(f"{answered_within} must be at most offered; row {bad + 2} has "
                              f"{within[bad]:g} > {offered[bad]:g}")
    agents_plan = _agents(values["agents"][0])
    agents_actual = _agents(values["agents"][1])
    values["agents"] = (agents_plan, agents_actual)
    # AHT is undefined in an interval with no answered calls: use the plan there.
    aht_plan, aht_actual = values["aht"]
    aht_actual = np.where(np.isfinite(aht_actual) & (aht_actual > 0), aht_actual, aht_plan)
    aht_plan = np.where(aht_plan > 0, aht_plan, np.where(aht_actual > 0, aht_actual, 1.0))
    aht_actual = np.where(aht_actual > 0, aht_actual, aht_plan)
    values["aht"] = (aht_plan, aht_actual)

    cache: dict[frozenset, np.ndarray] = {}

    def sl_with(changed: frozenset) -> np.ndarray:
        if changed not in cache:
            args = {k: values[k][1] if k in changed else values[k][0] for k in DRIVERS}
            cache[changed] = _model(args["volume"], args["aht"], args["agents"],
                                    patience=patience, threshold=threshold,
                                    interval_seconds=seconds)
        return cache[changed]

    parts: dict[str, np.ndarray] = {}
    if method == "shapley":
        n = len(DRIVERS)
        for key in DRIVERS:
            others = [k for k in DRIVERS if k != key]
            total = np.zeros(len(actual))
            for size in range(n):
                weight = math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
                for subset in itertools.combinations(others, size):
                    s = frozenset(subset)
                    total += weight * (sl_with(s | {key}) - sl_with(s))
            parts[key] = total
    else:
        done: frozenset = frozenset()
        for key in order:
            parts[key] = sl_with(done | {key}) - sl_with(done)
            done = done | {key}
    planned = sl_with(frozenset())
    modelled = sl_with(frozenset(DRIVERS))
    measured = np.where(offered > 0, within / np.where(offered > 0, offered, 1), 1.0)
    table = pd.DataFrame({
        "interval_start": start.to_numpy(),
        "offered": offered,
        "planned_sl": planned,
        "modelled_sl": modelled,
        "measured_sl": measured,
        "gap": measured - planned,
        **parts,
        "randomness": measured - modelled,
    })
    columns = ["planned_sl", "modelled_sl", "measured_sl", "gap", *DRIVERS, "randomness"]

    def weighted(group: pd.DataFrame) -> pd.Series:
        w = group["offered"]
        total = w.sum()
        if total == 0:
            return pd.Series({c: 0.0 for c in columns} | {"offered": 0.0})
        return pd.Series({c: float((group[c] * w).sum() / total) for c in columns}
                         | {"offered": float(total)})

    if table["interval_start"].notna().all():
        days = table.groupby(table["interval_start"].dt.normalize()).apply(
            weighted, include_groups=False)
        days.index.name = "date"
    else:
        days = pd.DataFrame(columns=[*columns, "offered"])
    week = weighted(table)
    return Diagnosis(table, days, week, method, tuple(order))
