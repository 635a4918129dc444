"""Figures for module 01. Each function draws on an Axes and returns it.

No global style or backend is set here; call :func:`cxlab.plots.use_style` if you want the
course look.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np

from .._validation import CxlabValueError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["plot_intraday_plan", "plot_sl_distribution", "plot_staffing_curve", "plot_week"]


def plot_week(intervals: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Calls offered and forecast per 30-minute interval across the week.

    Parameters
    ----------
    intervals : DataFrame
        Interval data with ``interval_start``, ``offered`` and (optionally) ``forecast_calls``,
        as returned by ``cxlab.data.load("voice_week")``.
    ax : Axes, optional
        Where to draw; a new figure is made if not given.

    Returns
    -------
    Axes
    """
    missing = [c for c in ("interval_start", "offered") if c not in intervals.columns]
    if missing:
        raise CxlabValueError(
            f"intervals must have the column(s) {', '.join(missing)}; "
            f"it has {', '.join(map(str, intervals.columns))}"
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 3.5), layout="constrained")
    x = range(len(intervals))
    ax.bar(x, intervals["offered"], width=1.0, color="#4C72B0", alpha=0.8, label="Offered")
    if "forecast_calls" in intervals.columns:
        ax.step(x, intervals["forecast_calls"], where="mid", color="#DD8452", lw=1.5,
                label="Forecast")
    days = intervals["interval_start"].dt.normalize()
    starts = [i for i in range(len(days)) if i == 0 or days.iloc[i] != days.iloc[i - 1]]
    ax.set_xticks(starts, [days.iloc[i].strftime("%a %d %b") for i in starts])
    for s in starts[1:]:
        ax.axvline(s - 0.5, color="0.7", lw=0.8)
    ax.set_ylabel("Calls per 30 minutes")
    ax.set_title("A week of calls: offered against forecast")
    ax.legend(loc="upper right", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_staffing_curve(
    intensity: float,
    aht_seconds: float,
    threshold_seconds: float = 20,
    target_sl: float = 0.8,
    *,
    agents: range | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Service level, occupancy and ASA against the number of agents, target marked.

    Service level and occupancy use the left axis (0 to 100%), ASA the right one (seconds).
    The first agent count that meets the target is marked.
    """
    from .erlang import agents_required, asa, occupancy, service_level

    need = agents_required(intensity, aht_seconds, threshold_seconds, target_sl)
    if agents is None:
        low = max(1, int(intensity))
        agents = range(low, max(need + 6, low + 8))
    n = np.asarray(list(agents))
    sl_values = service_level(n, intensity, aht_seconds, threshold_seconds)
    occ = occupancy(n, intensity)
    wait = asa(n, intensity, aht_seconds)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.6), layout="constrained")
    ax.plot(n, sl_values * 100, marker="o", color="#4C72B0",
            label=f"Service level (% answered within {threshold_seconds:g} s)")
    ax.plot(n, occ * 100, marker="s", color="#55A868", label="Occupancy (%)")
    ax.axhline(target_sl * 100, color="#4C72B0", ls="--", lw=1)
    ax.axvline(need, color="0.4", ls=":", lw=1)
    ax.annotate(f"{need} agents meet {target_sl:.0%}", xy=(need, target_sl * 100),
                xytext=(6, -16), textcoords="offset points", fontsize=9)
    ax.set_ylim(0, 105)
    ax.set_xlabel("Agents on the phones")
    ax.set_ylabel("%")
    right = ax.twinx()
    finite = np.isfinite(wait)
    right.plot(n[finite], wait[finite], marker="^", color="#C44E52", label="ASA (seconds)")
    right.set_ylabel("ASA (seconds)", color="#C44E52")
    right.set_ylim(bottom=0)
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    ax.legend(handles, [h.get_label() for h in handles], loc="upper center",
              bbox_to_anchor=(0.5, -0.14), ncols=3, frameon=False, fontsize=9)
    ax.set_title(f"{intensity:.1f} Erlangs, AHT {aht_seconds:g} s: what each agent buys")
    ax.spines[["top"]].set_visible(False)
    return ax


def plot_intraday_plan(plan, *, day: str | None = None, ax: Axes | None = None) -> Axes:
    """Agents required against agents staffed per interval, gaps shaded.

    ``plan`` is a :class:`~cxlab.service_level.StaffingPlan` made with staffed agents;
    ``day`` picks one day by date (``"2026-03-02"``) or name (``"Monday"``).
    """
    rows = plan.intervals
    if "agents_staffed" not in rows:
        raise CxlabValueError("the plan has no agents_staffed column: make it from intervals "
                              "that say how many agents were staffed")
    if day is not None:
        names = rows["interval_start"].dt.day_name().str.lower()
        dates = rows["interval_start"].dt.strftime("%Y-%m-%d")
        pick = (names == str(day).lower()) | (dates == str(day))
        if not pick.any():
            choices = ", ".join(sorted(set(dates)))
            raise CxlabValueError(f"day must be a day name or one of {choices}; got {day!r}")
        rows = rows[pick]
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 3.8), layout="constrained")
    x = np.arange(len(rows))
    need, have = rows["agents_required"].to_numpy(), rows["agents_staffed"].to_numpy()
    gap = have - need
    short, spare = gap < 0, gap > 0
    ax.bar(x[short], -gap[short], bottom=have[short], width=1.0, color="#C44E52", alpha=0.35,
           label="Under-staffed")
    ax.bar(x[spare], gap[spare], bottom=need[spare], width=1.0, color="#55A868", alpha=0.35,
           label="Over-staffed")
    edges = np.append(x - 0.5, x[-1] + 0.5)
    ax.stairs(need, edges, baseline=None, color="#C44E52", lw=2, label="Required (Erlang C)")
    ax.stairs(have, edges, baseline=None, color="#4C72B0", lw=2, label="Staffed")
    step = max(1, len(rows) // 12)
    labels = rows["interval_start"].dt.strftime("%a %H:%M" if day is None else "%H:%M")
    ax.set_xticks(x[::step], labels.iloc[::step], rotation=0, fontsize=8)
    ax.set_ylabel("Agents")
    title = "Agents required and staffed"
    ax.set_title(title + (f" on {rows['interval_start'].iloc[0]:%A %d %B}" if day else ""))
    ax.legend(loc="upper right", frameon=False, fontsize=9, ncols=2)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_sl_distribution(simulation, *, target_sl: float = 0.8,
                         expected: float | None = None, ax: Axes | None = None) -> Axes:
    """How the service level of identical intervals varies: a histogram with the target.

    ``simulation`` is a result of :func:`cxlab.service_level.simulate`, or a table of its
    intervals (for example with a warm-up interval left out), or the service levels alone;
    ``expected`` (for example the Erlang C or Erlang A value) is drawn as a line.
    """
    table = getattr(simulation, "intervals", simulation)
    if hasattr(table, "columns"):
        if "service_level" not in table.columns:
            raise CxlabValueError("simulation must have a service_level column")
        table = table["service_level"]
    values = np.asarray(table, dtype=float) * 100
    if values.size == 0:
        raise CxlabValueError("simulation has no intervals to plot")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.8), layout="constrained")
    bins = np.linspace(max(0, values.min() - 2), 100, 26)
    ax.hist(values, bins=bins, color="#4C72B0", alpha=0.8)
    met = (values >= target_sl * 100).mean()
    ax.axvline(target_sl * 100, color="#C44E52", ls="--",
               label=f"Target {target_sl:.0%}: met in {met:.0%} of intervals")
    if expected is not None:
        ax.axvline(expected * 100, color="0.2", lw=2, label=f"Formula: {expected:.1%}")
    ax.set_xlabel("Service level of one interval (%)")
    ax.set_ylabel("Intervals")
    ax.set_title(f"{len(values)} identical intervals, {len(values)} different results")
    ax.legend(frameon=False, fontsize=9, loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)
    return ax
