"""Figures for module 02: the driver tree and the diagnosis of a missed service level."""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .._style import colour, describe
from .._validation import CxlabValueError, check_choice
from .diagnose import DRIVERS, Diagnosis
from .map import metric_map

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .whatif import WhatIf

__all__ = ["SCATTER_METRICS", "plot_daily_service", "plot_diagnosis", "plot_metric_map",
           "plot_scatter_matrix", "plot_season_index", "plot_weekly_dashboard"]

_UP, _DOWN, _NEUTRAL = colour("orange"), colour("blue"), "#F2F2F2"
_LOOP = colour("purple")
_LOOP_BEND = -0.25  # how far the links back to the left bend (below the tree)


def _positions() -> dict[str, tuple[float, float]]:
    graph = metric_map()
    layers: dict[int, list[str]] = {}
    for name, metric in graph.metrics.items():
        layers.setdefault(metric.layer, []).append(name)
    pos = {}
    for layer, names in layers.items():
        for i, name in enumerate(names):
            pos[name] = (layer * 2.2, (len(names) - 1) / 2 - i)
    return pos


def plot_metric_map(result: WhatIf | None = None, *, ax: Axes | None = None) -> Axes:
    """The metric map as a driver tree, drivers on the left, results on the right.

    Solid arrows are formulas, dashed arrows documented directions. The direction links
    that run back to the left (from results to drivers: service level and occupancy to
    quality, attrition to quality and handle time) close loops; they are drawn as purple
    curves, named in the legend. Given a what-if result, metrics that moved are coloured
    (orange up, blue down) with their change written in the box, and metrics likely to move
    by direction only get a coloured outline and the words "likely up" or "likely down".
    """
    graph = metric_map()
    pos = _positions()
    if ax is None:
        _, ax = plt.subplots(figsize=(13, 7.5), layout="constrained")
    moved: dict[str, float] = {}
    likely: dict[str, str] = {}
    if result is not None:
        for name in result.moved():
            if name in pos:
                moved[name] = float(result.table.loc[name, "change"])
        likely = dict(zip(result.likely["metric"], result.likely["direction"], strict=True))
    loops = [link for link in graph.links if _runs_back(link, pos)]
    for link in graph.links:
        (x0, y0), (x1, y1) = pos[link.source], pos[link.target]
        active = link.source in moved and (link.target in moved or link.target in likely)
        if link in loops:
            _draw_loop_link(ax, link, (x0, y0 - 0.3), (x1 + 0.75, y1), active=active)
            continue
        ax.annotate("", xy=(x1 - 0.75, y1), xytext=(x0 + 0.75, y0),
                    arrowprops={"arrowstyle": "->", "lw": 1.6 if active else 0.7,
                                "color": "0.2" if active else "0.7",
                                "linestyle": "-" if link.kind == "formula" else "--",
                                "connectionstyle": "arc3,rad=0.05"})
    for name, (x, y) in pos.items():
        metric = graph.metrics[name]
        face, edge, text = _NEUTRAL, "0.6", metric.label
        if name in moved:
            face = _UP if moved[name] > 0 else _DOWN
            edge = face
            text += f"\n{_change_text(name, moved[name])}"
        elif name in likely:
            edge = _UP if likely[name] == "up" else _DOWN
            text += f"\nlikely {likely[name]}"
        ax.text(x, y, text, ha="center", va="center", fontsize=8,
                color="white" if face == _DOWN else "black",  # readable on blue and orange
                bbox={"boxstyle": "round,pad=0.35", "facecolor": face, "edgecolor": edge,
                      "linewidth": 2 if name in likely else 1})
    ax.plot([], [], color="0.5", lw=1, ls="-", label="formula")
    ax.plot([], [], color="0.5", lw=1, ls="--", label="documented direction")
    ax.plot([], [], color=_LOOP, lw=1, ls="--",
            label="direction back to the left, closing a loop (+ same way, \u2212 opposite)")
    ax.legend(loc="lower right", frameon=False, fontsize=8)
    ax.set_xlim(-1.2, max(x for x, _ in pos.values()) + 1.2)
    ys = [y for _, y in pos.values()]
    ax.set_ylim(min(ys) - (2.0 if loops else 0.8), max(ys) + 0.8)
    ax.axis("off")
    title = "The metric map: solid arrows are formulas, dashed arrows directions"
    if result is not None:
        title += "\n(orange: went up, blue: went down; outlined: likely to follow)"
    ax.set_title(title, fontsize=11)
    describe(ax, _map_description(graph, loops, moved, likely))
    return ax


def _draw_loop_link(ax: Axes, link, start: tuple[float, float], end: tuple[float, float], *,
                    active: bool) -> None:
    """A link back to the left: a curve under the tree, its sign in a circle at its middle."""
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.path import Path

    dx, dy = end[0] - start[0], end[1] - start[1]
    control = ((start[0] + end[0]) / 2 + _LOOP_BEND * dy, (start[1] + end[1]) / 2 - _LOOP_BEND * dx)
    curve = Path([start, control, end], [Path.MOVETO, Path.CURVE3, Path.CURVE3])
    ax.add_patch(FancyArrowPatch(path=curve, arrowstyle="->", mutation_scale=10,
                                 lw=1.6 if active else 0.9, color=_LOOP, linestyle="--"))
    mid_x, mid_y = ((a + 2 * c + b) / 4 for a, c, b in zip(start, control, end, strict=True))
    ax.text(mid_x, mid_y, "+" if link.sign > 0 else "\u2212", ha="center", va="center", fontsize=8,
            color=_LOOP, fontweight="bold",
            bbox={"boxstyle": "circle,pad=0.15", "facecolor": "white", "edgecolor": _LOOP})


def _runs_back(link, pos: dict[str, tuple[float, float]]) -> bool:
    """A link whose target is drawn left of its source: it closes a loop on the map."""
    return pos[link.target][0] < pos[link.source][0]


def _map_description(graph, loops, moved: dict[str, float], likely: dict[str, str]) -> str:
    formulas = sum(link.kind == "formula" for link in graph.links)
    label = {name: m.label for name, m in graph.metrics.items()}
    back = "; ".join(f"{label[link.source]} to {label[link.target]}" for link in loops)
    text = (f"Driver tree of {len(graph.metrics)} contact-centre metrics, drivers on the left "
            f"and results on the right, joined by {formulas} formula links and "
            f"{len(graph.links) - formulas} documented directions. {len(loops)} directions run "
            f"back to the left and close loops: {back}.")
    if moved:
        ups = [label[n] for n, v in moved.items() if v > 0]
        downs = [label[n] for n, v in moved.items() if v < 0]
        text += (f" Went up: {', '.join(ups) or 'nothing'}. Went down: "
                 f"{', '.join(downs) or 'nothing'}.")
    if likely:
        text += " Likely to follow: " + ", ".join(
            f"{label[n]} {d}" for n, d in likely.items()) + "."
    return text


def _change_text(name: str, change: float) -> str:
    unit = metric_map().metrics[name].unit
    if unit == "%":
        return f"{change * 100:+.1f} points"
    if unit == "s":
        return f"{change:+.1f} s"
    return f"{change:+.3g}"


def plot_diagnosis(diagnosis: Diagnosis, *, by: str = "day", title: str | None = None,
                   ax: Axes | None = None) -> Axes:
    """Where the service level went: the gap split into its causes, in percentage points.

    ``by="day"`` shows one bar per day, ``by="interval"`` one per interval (labels turned
    upright when they show one day). Bars below zero cost service level; the black dot is the
    total gap against the plan. ``title`` replaces the default title.
    """
    check_choice("by", by, ["day", "interval"])
    table = diagnosis.days if by == "day" else diagnosis.intervals
    if table.empty:
        raise CxlabValueError("the diagnosis has no days to plot (no interval_start column)")
    if ax is None:
        _, ax = plt.subplots(figsize=(11 if by == "interval" else 9, 4.2), layout="constrained")
    x = np.arange(len(table))
    colours = {"volume": colour("orange"), "aht": colour("vermillion"),
               "agents": colour("blue"), "randomness": "#BBBBBB"}
    hatches = {"volume": "", "aht": "//", "agents": "", "randomness": ".."}
    labels = {"volume": "More calls than forecast", "aht": "Longer handle times",
              "agents": "Fewer agents than planned", "randomness": "Randomness and other"}
    names_of_drivers = dict(labels)
    low = np.zeros(len(table))
    high = np.zeros(len(table))
    for part in (*DRIVERS, "randomness"):
        values = table[part].to_numpy() * 100
        bottom = np.where(values < 0, low, high)
        ax.bar(x, values, bottom=bottom, color=colours[part], label=labels[part],
               hatch=hatches[part], edgecolor="white", width=0.8 if by == "day" else 1.0)
        low = np.where(values < 0, low + values, low)
        high = np.where(values >= 0, high + values, high)
    ax.plot(x, table["gap"].to_numpy() * 100, "o", color="black", label="Gap against plan")
    ax.axhline(0, color="0.3", lw=0.8)
    if by == "day":
        names = [d.strftime("%a %d %b") for d in table.index]
        ax.set_xticks(x, names)
    else:
        stamps = table["interval_start"]
        one_day = stamps.dt.normalize().nunique() == 1
        step = max(1, len(table) // (12 if one_day else 14))
        labels = stamps.dt.strftime("%H:%M" if one_day else "%a %H:%M").iloc[::step]
        ax.set_xticks(x[::step], labels, fontsize=8, rotation=90 if one_day else 0)
    ax.set_ylabel("Service level, percentage points")
    ax.set_title(title or "Why service level differed from the plan")
    ax.legend(frameon=False, fontsize=8, loc="lower left", ncols=2)
    ax.spines[["top", "right"]].set_visible(False)
    parts = {part: 100 * float(diagnosis.week[part]) for part in DRIVERS}
    worst = min(parts, key=parts.__getitem__)
    unit = "day" if by == "day" else "half hour"
    describe(ax, f"Stacked bars for {len(table)} {unit}s splitting the gap between measured and "
             f"planned service level into more calls, longer handle times, fewer agents and "
             f"randomness, in percentage points. Over the whole period, "
             f"{names_of_drivers[worst].lower()} cost the most ({parts[worst]:+.1f} points).")
    return ax


def plot_daily_service(week: pd.DataFrame, *, target: float = 0.8,
                       patience_seconds: float = 150.0, ax: Axes | None = None) -> Axes:
    """Service level by day: measured (bars), promised by the plan (dots) and the target (line).

    ``week`` has one row per half hour with the plan and what happened (see
    :func:`cxlab.metrics.tables.daily_service`).
    """
    from .tables import daily_service

    days = daily_service(week, patience_seconds=patience_seconds)
    names = [d.strftime("%a %d %b") for d in days.index]
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4), layout="constrained")
    ax.bar(names, 100 * days["measured_sl"], color=colour("blue"), label="Measured")
    ax.plot(names, 100 * days["promised_sl"], "o", color="black", label="Plan promised")
    ax.axhline(100 * target, color=colour("vermillion"), lw=2, ls="--",
               label=f"Target {target:.0%} (dashed)")
    ax.set_ylim(50, 100)
    ax.set_ylabel("Answered within 20 s ÷ offered (%)")
    ax.set_title("Service level by day: measured, promised by the plan, and the target")
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=3)
    ax.spines[["top", "right"]].set_visible(False)
    below = [n for n, v in zip(names, days["measured_sl"], strict=True) if v < target]
    describe(ax, f"Bar chart of the measured service level on {len(names)} days, with the "
             f"plan's promise as dots and the {target:.0%} target as a line; the plan promised "
             f"about {100 * days['promised_sl'].mean():.0f}% every day, and "
             + (f"{len(below)} days fell below the target: {', '.join(below)}."
                if below else "no day fell below the target."))
    return ax


def plot_season_index(weekly: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Season, calls per half hour and agents per week, each as an index (average week = 100).

    ``weekly`` is :func:`cxlab.metrics.weekly_metrics`'s table.
    """
    _check_weekly(weekly, ["week", "season", "contact_volume", "agents"])
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4), layout="constrained")
    lines = [("season", "Season (demand factor, dotted)", "0.45", ":"),
             ("contact_volume", "Calls per half hour", colour("orange"), "-"),
             ("agents", "Agents (dashed)", colour("blue"), "--")]
    for column, name, shade, style in lines:
        ax.plot(weekly["week"], 100 * weekly[column] / weekly[column].mean(), label=name,
                color=shade, ls=style, lw=1.8)
    ax.set_xlabel("Week")
    ax.set_ylabel("Index: average week = 100")
    ax.set_title("Calls and agents both follow the season")
    ax.legend(frameon=False, ncols=3, loc="upper center")
    ax.spines[["top", "right"]].set_visible(False)
    calls = 100 * weekly["contact_volume"] / weekly["contact_volume"].mean()
    describe(ax, f"Line chart over {len(weekly)} weeks of the season, calls and agents as "
             f"indexes (average week = 100); calls run from {calls.min():.0f} to "
             f"{calls.max():.0f} and the agents follow the same seasonal shape.")
    return ax


_PANELS = {
    "service_level": ("Service level (answered in 20 s ÷ offered)", "the result", True),
    "contact_volume": ("Calls per half hour", "leading", False),
    "fcr": ("First-contact resolution", "leading", True),
    "quality": ("Quality score", "leading", True),
    "csat": ("Customer satisfaction", "lagging", True),
    "occupancy": ("Occupancy", "leading, for attrition", True),
}


def _check_weekly(weekly: object, columns: list[str]) -> None:
    if not isinstance(weekly, pd.DataFrame):
        raise CxlabValueError(f"weekly must be weekly_metrics()'s DataFrame; got "
                              f"{type(weekly).__name__}")
    missing = [c for c in columns if c not in weekly.columns]
    if missing or len(weekly) < 4:
        raise CxlabValueError(f"weekly must have at least 4 weeks and the columns "
                              f"{', '.join(columns)}; it lacks {', '.join(missing) or 'weeks'}")


def plot_weekly_dashboard(weekly: pd.DataFrame, *, target: float = 0.8) -> Figure:
    """A one-page weekly dashboard: six metrics, each week and its 4-week average.

    Each panel's title gives last week's value and whether the metric is leading or lagging;
    the service-level panel shows the target as a dashed line.
    """
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    _check_weekly(weekly, ["week", *_PANELS])
    fig, axes = plt.subplot_mosaic([["service_level", "contact_volume", "fcr"],
                                    ["quality", "csat", "occupancy"]],
                                   figsize=(11.7, 8.3), layout="constrained")
    last = {}
    for column, (title, kind, percent) in _PANELS.items():
        ax = axes[column]
        values = 100 * weekly[column] if percent else weekly[column]
        ax.plot(weekly["week"], values, color="#BBBBBB", lw=1, label="Week")
        ax.plot(weekly["week"], values.rolling(4).mean(), color=colour("blue"), lw=1.8,
                label="4-week average")
        ax.plot(weekly["week"].iloc[-1], values.iloc[-1], "o", color="black")
        last[column] = f"{values.iloc[-1]:.1f}%" if percent else f"{values.iloc[-1]:.0f}"
        ax.set_title(f"{title}\nLast week: {last[column]}   ({kind})", loc="left", fontsize=11)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        if percent:
            ax.yaxis.set_major_formatter(PercentFormatter(100, decimals=0))
        ax.set_xlabel("Week")
        ax.grid(axis="y", color="0.9")
        ax.spines[["top", "right"]].set_visible(False)
    axes["service_level"].axhline(100 * target, color=colour("vermillion"), ls="--", lw=1.5,
                                  label=f"Target {target:.0%} (dashed)")
    axes["service_level"].legend(frameon=False, fontsize=9, loc="lower left")
    fig.suptitle(f"Voice queue, weekly dashboard: the last {len(weekly)} weeks", fontsize=15,
                 x=0.01, ha="left", fontweight="bold")
    describe(fig, f"Six line charts over {len(weekly)} weeks, each week and its 4-week "
             "average; last week: " + "; ".join(
                 f"{_PANELS[c][0].split(' (')[0].lower()} {v}" for c, v in last.items()) + ".")
    return fig


#: The weekly metrics of lesson 02.04's scatter matrix, with their plain names.
SCATTER_METRICS = {"quality": "Quality (%)", "fcr": "FCR (%)",
                   "contact_volume": "Calls per half hour", "service_level": "Service level (%)",
                   "csat": "CSAT (%)", "agents": "Agents"}


def plot_scatter_matrix(weekly: pd.DataFrame) -> Figure:
    """Every pair of six weekly metrics against each other; histograms on the diagonal.

    Shares are drawn in %; the panel names come from :data:`SCATTER_METRICS`.
    """
    _check_weekly(weekly, list(SCATTER_METRICS))
    view = weekly[list(SCATTER_METRICS)].rename(columns=SCATTER_METRICS)
    for name in ["Quality (%)", "FCR (%)", "Service level (%)", "CSAT (%)"]:
        view[name] = 100 * view[name]
    axes = pd.plotting.scatter_matrix(view, figsize=(10, 10), diagonal="hist", alpha=0.7,
                                      color=colour("blue"), hist_kwds={"color": "#BBBBBB"})
    fig = axes[0, 0].figure
    corr = view.corr()
    pairs = [(corr.iat[i, j], corr.index[i], corr.columns[j])
             for i in range(len(corr)) for j in range(i)]
    r, a, b = max(pairs, key=lambda p: abs(p[0]))
    describe(fig, f"Scatter matrix of {len(SCATTER_METRICS)} weekly metrics over "
             f"{len(weekly)} weeks, each pair plotted against each other with histograms on "
             f"the diagonal; the strongest relation is between {a} and {b} "
             f"(correlation {r:+.2f}).")
    return fig
