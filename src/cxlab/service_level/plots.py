"""Figures for module 01. Each function draws on an Axes and returns it.

Colours come from :mod:`cxlab._style` (Okabe-Ito, safe for colour-blind readers); no line or
bar is told apart by colour alone (markers, line styles, hatching and labels carry the same
meaning), and every figure gets a text alternative built from its data
(:func:`cxlab._style.describe`), which the notebook shows to screen readers. No global style
or backend is set here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np

from .._style import colour, describe
from .._validation import CxlabValueError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

    from .deferred import Backlog

__all__ = ["plot_backlog", "plot_intraday_plan", "plot_pooling", "plot_sl_distribution",
           "plot_staffing_curve", "plot_week"]

_BLUE, _ORANGE, _VERMILLION = colour("blue"), colour("orange"), colour("vermillion")
_SKY, _GREEN = colour("sky_blue"), colour("green")


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
    ax.bar(x, intervals["offered"], width=1.0, color=_SKY, label="Offered (bars)")
    if "forecast_calls" in intervals.columns:
        ax.step(x, intervals["forecast_calls"], where="mid", color=_VERMILLION, lw=1.5,
                label="Forecast (line)")
    days = intervals["interval_start"].dt.normalize()
    starts = [i for i in range(len(days)) if i == 0 or days.iloc[i] != days.iloc[i - 1]]
    ax.set_xticks(starts, [days.iloc[i].strftime("%a %d %b") for i in starts])
    for s in starts[1:]:
        ax.axvline(s - 0.5, color="0.7", lw=0.8)
    ax.set_ylabel("Calls per 30 minutes")
    ax.set_title("A week of calls: offered against forecast")
    ax.legend(loc="upper right", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    describe(ax, _week_description(intervals))
    return ax


def _week_description(intervals: pd.DataFrame) -> str:
    days = intervals.groupby(intervals["interval_start"].dt.normalize())["offered"].sum()
    busiest = intervals.loc[intervals["offered"].idxmax()]
    first, last = days.index[0], days.index[-1]
    text = (f"Bar chart of calls offered in each half hour from {first:%A} {first.day} "
            f"{first:%B} to {last:%A} {last.day} {last:%B %Y}: {int(days.sum()):,} calls in "
            f"all, most on {days.idxmax():%A} ({int(days.max()):,}) and fewest on "
            f"{days.idxmin():%A} ({int(days.min()):,}). The busiest half hour is "
            f"{busiest['interval_start']:%A %H:%M} with {int(busiest['offered'])} calls.")
    if "forecast_calls" in intervals.columns:
        total = float(intervals["forecast_calls"].sum())
        text += f" A line shows the forecast, {total:,.0f} calls over the week."
    return text


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
    # arrays, as n is (the functions give a float only for single numbers)
    sl_values = np.asarray(service_level(n, intensity, aht_seconds, threshold_seconds))
    occ = np.asarray(occupancy(n, intensity))
    wait = np.asarray(asa(n, intensity, aht_seconds))
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.6), layout="constrained")
    ax.plot(n, sl_values * 100, marker="o", color=_BLUE,
            label=f"Service level (% answered within {threshold_seconds:g} s)")
    ax.plot(n, occ * 100, marker="s", ls="--", color=_ORANGE, label="Occupancy (%)")
    ax.axhline(target_sl * 100, color=_BLUE, ls=":", lw=1)
    ax.axvline(need, color="0.4", ls=":", lw=1)
    ax.annotate(f"{need} agents meet {target_sl:.0%}", xy=(need, target_sl * 100),
                xytext=(6, -16), textcoords="offset points", fontsize=9)
    ax.set_ylim(0, 105)
    ax.set_xlabel("Agents on the phones")
    ax.set_ylabel("%")
    right = ax.twinx()
    finite = np.isfinite(wait)
    right.plot(n[finite], wait[finite], marker="^", ls="-.", color=_VERMILLION,
               label="ASA (seconds)")
    right.set_ylabel("ASA (seconds)")
    right.set_ylim(bottom=0)
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    ax.legend(handles, [str(h.get_label()) for h in handles], loc="upper center",
              bbox_to_anchor=(0.5, -0.14), ncols=3, frameon=False, fontsize=9)
    ax.set_title(f"{intensity:.1f} Erlangs, AHT {aht_seconds:g} s: what each agent buys")
    ax.spines[["top"]].set_visible(False)
    at = list(n).index(need) if need in n else None
    text = (f"Line chart of service level, occupancy and ASA for {n[0]} to {n[-1]} agents "
            f"handling {intensity:.1f} Erlangs (AHT {aht_seconds:g} s). Service level rises "
            f"from {sl_values[0]:.1%} to {sl_values[-1]:.1%} while occupancy falls from "
            f"{occ[0]:.1%} to {occ[-1]:.1%}.")
    if at is not None:
        text += (f" {need} agents are the fewest that meet {target_sl:.0%} in "
                 f"{threshold_seconds:g} s: service level {sl_values[at]:.1%}, ASA "
                 f"{wait[at]:.1f} s, occupancy {occ[at]:.1%}.")
    describe(ax, text)
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
    ax.bar(x[short], -gap[short], bottom=have[short], width=1.0, color=_VERMILLION, alpha=0.45,
           hatch="xx", edgecolor="white", label="Under-staffed (hatched)")
    ax.bar(x[spare], gap[spare], bottom=need[spare], width=1.0, color=_SKY, alpha=0.45,
           label="Over-staffed")
    edges = np.append(x - 0.5, x[-1] + 0.5)
    ax.stairs(need, edges, baseline=None, color=_VERMILLION, lw=2, ls="--",
              label="Required (Erlang C, dashed)")
    ax.stairs(have, edges, baseline=None, color=_BLUE, lw=2, label="Staffed")
    step = max(1, len(rows) // 12)
    labels = rows["interval_start"].dt.strftime("%a %H:%M" if day is None else "%H:%M")
    ax.set_xticks(x[::step], labels.iloc[::step], rotation=0, fontsize=8)
    ax.set_ylabel("Agents")
    title = "Agents required and staffed"
    ax.set_title(title + (f" on {rows['interval_start'].iloc[0]:%A %d %B}" if day else ""))
    ax.legend(loc="upper right", frameon=False, fontsize=9, ncols=2)
    ax.spines[["top", "right"]].set_visible(False)
    when = f"on {rows['interval_start'].iloc[0]:%A %d %B}" if day else "over the week"
    describe(ax, f"Step chart of agents required and agents staffed in each of {len(rows)} "
                 f"half hours {when}: {int(short.sum())} half hours are under-staffed (by up "
                 f"to {int(max(-gap.min(), 0))} agents) and {int(spare.sum())} over-staffed "
                 f"(by up to {int(max(gap.max(), 0))}).")
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
    ax.hist(values, bins=bins.tolist(), color=_SKY, edgecolor="white")
    met = (values >= target_sl * 100).mean()
    ax.axvline(target_sl * 100, color=_VERMILLION, ls="--", lw=2,
               label=f"Target {target_sl:.0%} (dashed): met in {met:.0%} of intervals")
    if expected is not None:
        ax.axvline(expected * 100, color="0.1", lw=2, label=f"Formula: {expected:.1%}")
    ax.set_xlabel("Service level of one interval (%)")
    ax.set_ylabel("Intervals")
    ax.set_title(f"{len(values)} identical intervals, {len(values)} different results")
    ax.legend(frameon=False, fontsize=9, loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)
    text = (f"Histogram of the service level of {len(values)} identical intervals: from "
            f"{values.min():.1f}% to {values.max():.1f}%, average {values.mean():.1f}%. The "
            f"target of {target_sl:.0%} is met in {met:.0%} of them")
    if expected is not None:
        text += f"; the formula gives {expected:.1%}"
    describe(ax, text + ".")
    return ax


def plot_pooling(pooling: pd.DataFrame, *, target_sl: float = 0.8,
                 threshold_seconds: float = 20, ax: Axes | None = None) -> Axes:
    """Agents needed by separate teams against one pooled team carrying the same calls.

    ``pooling`` is :func:`cxlab.service_level.pooling`'s table; ``target_sl`` and
    ``threshold_seconds`` (the objective it was made for) only label the axis. For each
    number of teams the bars show the agents all the separate teams need together (hatched)
    and the agents one pooled team needs, each bar with its number on top.

    Examples
    --------
    >>> from cxlab.service_level import pooling
    >>> ax = plot_pooling(pooling(10, 180, 20, 0.8, teams=[1, 4]))
    >>> [t.get_text() for t in ax.texts]
    ['14', '56', '14', '45']
    """
    needed = ("teams", "erlangs", "agents_separate", "agents_pooled")
    if not hasattr(pooling, "columns") or any(c not in pooling.columns for c in needed):
        raise CxlabValueError("pooling must be the table service_level.pooling() returns")
    counts = [int(t) for t in pooling["teams"]]
    each = float(pooling["erlangs"].iloc[0]) / counts[0]
    separate = [int(a) for a in pooling["agents_separate"]]
    pooled = [int(a) for a in pooling["agents_pooled"]]
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 4), layout="constrained")
    x = np.arange(len(counts))
    left = ax.bar(x - 0.2, separate, width=0.4, color=_VERMILLION, hatch="//",
                  edgecolor="white", label="Separate teams (hatched)")
    right = ax.bar(x + 0.2, pooled, width=0.4, color=_BLUE, label="One pooled team")
    ax.bar_label(left, padding=2, fontsize=9)
    ax.bar_label(right, padding=2, fontsize=9)
    ax.set_xticks(x, [f"{t} x {each:g} Erlangs" for t in counts])
    ax.set_ylabel(f"Agents needed for {target_sl:.0%} in {threshold_seconds:g} s")
    ax.set_title("The same calls: separate teams against one pooled team")
    ax.legend(frameon=False, loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)
    pairs = "; ".join(f"{t} team{'s' if t > 1 else ''}: {a} separate, {b} pooled"
                      for t, a, b in zip(counts, separate, pooled, strict=True))
    describe(ax, f"Bar chart of the agents needed when teams of {each:g} Erlangs each work "
                 f"apart or as one pooled team. {pairs}. The pooled team never needs more "
                 f"agents, and the saving grows with the number of teams.")
    return ax


def plot_backlog(day: Backlog, *, labels: list[str] | None = None, agents: int | None = None,
                 items: str = "items", ax: Axes | None = None) -> Axes:
    """A day of deferred work: items arriving, what the team can handle, the backlog.

    ``day`` is a :func:`~cxlab.service_level.backlog` result; ``labels`` name its periods
    (for example ``["08:00", "09:00", ...]``, by default the period numbers); ``agents``,
    if given, is named in the capacity line's legend; ``items`` names what is handled
    (``"emails"``).

    Examples
    --------
    >>> from cxlab.service_level import backlog
    >>> ax = plot_backlog(backlog([150, 90], [120, 120]), labels=["08:00", "09:00"])
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['08:00', '09:00']
    """
    from .deferred import Backlog

    if not isinstance(day, Backlog):
        raise CxlabValueError(f"day must be what backlog() returns, got {type(day).__name__}")
    periods = day.periods
    names = [str(p) for p in periods["period"]] if labels is None else [str(v) for v in labels]
    if len(names) != len(periods):
        raise CxlabValueError(f"labels must name each of the {len(periods)} periods, got "
                              f"{len(names)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4), layout="constrained")
    x = np.arange(len(periods))
    ax.bar(x, periods["arrivals"], color=_SKY, label="Arriving in the period (bars)")
    team = f" ({agents} agents)" if agents is not None else ""
    ax.step(np.append(x, x[-1] + 1) - 0.5, np.append(periods["capacity"],
                                                      periods["capacity"].iloc[-1]),
            where="post", color=_GREEN, ls="--", lw=2,
            label=f"Team can handle{team} (dashed)")
    ax.plot(x, periods["backlog"], color=_VERMILLION, marker="o", lw=2,
            label="Backlog at the end of the period (dots)")
    ax.set_xticks(x, names)
    ax.set_ylabel(items[:1].upper() + items[1:])
    ax.set_title("Arrivals, capacity and backlog")
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=3,
              fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    peak = int(periods["backlog"].to_numpy().argmax())
    describe(ax, f"Bar chart of {periods['arrivals'].sum():,.0f} {items} arriving over "
                 f"{len(periods)} periods from {names[0]} to {names[-1]}, with the team's "
                 f"capacity of {periods['capacity'].iloc[0]:,.0f} a period as a dashed line "
                 f"and the backlog as a line with dots: it starts at {day.start_backlog:,.0f},"
                 f" peaks at {periods['backlog'].iloc[peak]:,.0f} after {names[peak]} and "
                 f"ends at {day.unhandled:,.0f} still waiting.")
    return ax
