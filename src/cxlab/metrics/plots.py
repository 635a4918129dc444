"""Figures for module 02: the driver tree and the diagnosis of a missed service level."""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np

from .._validation import CxlabValueError, check_choice
from .diagnose import DRIVERS, Diagnosis
from .map import metric_map

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from .whatif import WhatIf

__all__ = ["plot_diagnosis", "plot_metric_map"]

_UP, _DOWN, _NEUTRAL = "#DD8452", "#4C72B0", "#F2F2F2"


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

    Solid arrows are formulas, dashed arrows documented directions. Given a what-if
    result, metrics that moved are coloured (orange up, blue down) with their change, and
    metrics likely to move by direction only get a coloured outline.
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
    for link in graph.links:
        (x0, y0), (x1, y1) = pos[link.source], pos[link.target]
        active = link.source in moved and (link.target in moved or link.target in likely)
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
                color="white" if name in moved else "black",
                bbox={"boxstyle": "round,pad=0.35", "facecolor": face, "edgecolor": edge,
                      "linewidth": 2 if name in likely else 1})
    ax.set_xlim(-1.2, max(x for x, _ in pos.values()) + 1.2)
    ys = [y for _, y in pos.values()]
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.8)
    ax.axis("off")
    title = "The metric map: solid arrows are formulas, dashed arrows directions"
    if result is not None:
        title += "\n(orange: went up, blue: went down; outlined: likely to follow)"
    ax.set_title(title, fontsize=11)
    return ax


def _change_text(name: str, change: float) -> str:
    unit = metric_map().metrics[name].unit
    if unit == "%":
        return f"{change * 100:+.1f} points"
    if unit == "s":
        return f"{change:+.1f} s"
    return f"{change:+.3g}"


def plot_diagnosis(diagnosis: Diagnosis, *, by: str = "day", ax: Axes | None = None) -> Axes:
    """Where the service level went: the gap split into its causes, in percentage points.

    ``by="day"`` shows one bar per day, ``by="interval"`` one per interval. Bars below zero
    cost service level; the black dot is the total gap against the plan.
    """
    check_choice("by", by, ["day", "interval"])
    table = diagnosis.days if by == "day" else diagnosis.intervals
    if table.empty:
        raise CxlabValueError("the diagnosis has no days to plot (no interval_start column)")
    if ax is None:
        _, ax = plt.subplots(figsize=(11 if by == "interval" else 9, 4.2), layout="constrained")
    x = np.arange(len(table))
    colours = {"volume": "#DD8452", "aht": "#C44E52", "agents": "#4C72B0",
               "randomness": "#BBBBBB"}
    labels = {"volume": "More calls than forecast", "aht": "Longer handle times",
              "agents": "Fewer agents than planned", "randomness": "Randomness and other"}
    low = np.zeros(len(table))
    high = np.zeros(len(table))
    for part in (*DRIVERS, "randomness"):
        values = table[part].to_numpy() * 100
        bottom = np.where(values < 0, low, high)
        ax.bar(x, values, bottom=bottom, color=colours[part], label=labels[part],
               width=0.8 if by == "day" else 1.0)
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
        ax.set_xticks(x[::step], labels, fontsize=8)
    ax.set_ylabel("Service level, percentage points")
    ax.set_title("Why service level differed from the plan")
    ax.legend(frameon=False, fontsize=8, loc="lower left", ncols=2)
    ax.spines[["top", "right"]].set_visible(False)
    return ax
