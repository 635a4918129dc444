"""Figures for module 04: impact/effort matrix, stakeholder ranks, roadmap, campaign burn-up.

Colours come from :mod:`cxlab._style` (Okabe-Ito and cividis, safe for colour-blind readers),
and every colour that carries meaning has a second carrier: a marker shape per quadrant, a
hatch per status, a number in each heatmap cell. Each figure gets a text alternative built
from its data (:func:`cxlab._style.describe`).
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import FancyBboxPatch

from .._style import SEQUENTIAL, colour
from .._style import describe as describe_figure
from .._validation import CxlabValueError, describe
from ..show import readable_on
from .ranking import rank_table

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from .campaign import Campaign
    from .roadmap import Roadmap

__all__ = ["STATUS_COLOURS", "STATUS_HATCHES", "plot_burnup", "plot_priority_matrix",
           "plot_rankings", "plot_roadmap"]

_QUADRANT_TEXT = {
    "quick win": ("Quick wins: do now", "upper left"),
    "major project": ("Major projects: plan and fund", "upper right"),
    "fill-in": ("Fill-ins: when there is room", "lower left"),
    "money pit": ("Money pits: avoid or rethink", "lower right"),
}
_QUADRANT_COLOURS = {"quick win": colour("green"), "major project": colour("blue"),
                     "fill-in": colour("sky_blue"), "money pit": colour("vermillion")}
_QUADRANT_MARKERS = {"quick win": "o", "major project": "s", "fill-in": "^", "money pit": "X"}
#: Box colour of each status on the roadmap (light tints of the Okabe-Ito colours, so black
#: text stays readable on them).
STATUS_COLOURS = {"idea": "#FFFFFF", "approved": "#CDE7F6", "in progress": "#F8DFA6",
                  "done": "#B3E2D2", "on hold": "#E0E0E0"}
#: Hatch of each status on the roadmap: the status is never told by colour alone.
STATUS_HATCHES = {"idea": "", "approved": "...", "in progress": "///", "done": "xxx",
                  "on hold": "---"}


def plot_priority_matrix(scores: pd.DataFrame, *, ax: Axes | None = None,
                         label: str = "code") -> Axes:
    """The impact/effort matrix: value up, effort across, quadrants named, points labelled.

    ``scores`` is :func:`~cxlab.prioritisation.priority_scores` output; the dashed lines are
    its thresholds. Bigger dots cost more in total. ``label`` is ``"code"`` or ``"title"``.
    """
    needed = ("value", "effort", "quadrant", "total_cost")
    if not isinstance(scores, pd.DataFrame) or any(c not in scores.columns for c in needed):
        raise CxlabValueError("scores must be the table priority_scores(backlog) returns, got "
                              f"{describe(scores)}")
    if label not in ("code", "title"):
        raise CxlabValueError(f"label must be 'code' or 'title', got {describe(label)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 7), layout="constrained")
    v_line = scores.attrs.get("value_threshold", 3.0)
    e_line = scores.attrs.get("effort_threshold", float(scores["effort"].median()))
    x_max = max(float(scores["effort"].max()) * 1.15, e_line * 2)
    ax.axhline(v_line, color="0.5", ls="--", lw=1)
    ax.axvline(e_line, color="0.5", ls="--", lw=1)
    sizes = 40 + 260 * scores["total_cost"] / max(float(scores["total_cost"].max()), 1e-9)
    for name, fill in _QUADRANT_COLOURS.items():
        part = scores[scores["quadrant"] == name]
        ax.scatter(part["effort"], part["value"], s=sizes[part.index], color=fill,
                   marker=_QUADRANT_MARKERS[name], alpha=0.8, edgecolor="0.2", linewidth=0.6,
                   label=_QUADRANT_TEXT[name][0])
    stacked: dict[tuple[float, float], int] = {}
    for code, row in scores.iterrows():
        text = code if label == "code" else textwrap.shorten(str(row["title"]), 28)
        spot = (float(row["effort"]), float(row["value"]))
        k = stacked[spot] = stacked.get(spot, -1) + 1  # same spot: stack the labels
        ax.annotate(text, spot, xytext=(5, 4 + 9 * k), textcoords="offset points", fontsize=8)
    corners = {"upper left": (0.01, 0.99, "left", "top"),
               "upper right": (0.99, 0.99, "right", "top"),
               "lower left": (0.01, 0.01, "left", "bottom"),
               "lower right": (0.99, 0.01, "right", "bottom")}
    for text, corner in _QUADRANT_TEXT.values():
        x, y, ha, va = corners[corner]
        ax.text(x, y, text, transform=ax.transAxes, ha=ha, va=va, fontsize=10,
                color="0.15", weight="bold")
    ax.set_xlim(0, x_max)
    ax.set_ylim(0.8, 5.2)
    ax.set_xlabel("Effort (person-weeks)")
    ax.set_ylabel("Value (weighted customer and business benefit, 1-5)")
    ax.set_title("Impact/effort matrix (dot size = total cost)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, markerscale=0.5,
              title="Marker", title_fontsize=8)  # beside the plot, hiding no point
    counts = scores["quadrant"].value_counts()
    parts = [f"{int(counts.get(q, 0))} {q}{'s' if counts.get(q, 0) != 1 else ''}"
             for q in _QUADRANT_TEXT]
    describe_figure(ax, f"Scatter chart of {len(scores)} initiatives by effort (person-weeks, "
                        f"across) and value (1-5, up), split at value {v_line:g} and effort "
                        f"{e_line:g} into {', '.join(parts)}; bigger markers cost more.")
    return ax


def plot_rankings(rankings: object, *, ax: Axes | None = None) -> Axes:
    """Heatmap of each stakeholder's ranks: initiatives by Borda order, 1 = darkest."""
    table = rank_table(rankings)
    order = (table.shape[1] - table).sum(axis=0).sort_values(ascending=False).index
    table = table[order]
    if ax is None:
        _, ax = plt.subplots(figsize=(max(6, 0.7 * table.shape[1] + 2),
                                      0.5 * table.shape[0] + 2), layout="constrained")
    image = ax.imshow(table.to_numpy(), cmap=SEQUENTIAL, vmin=1, vmax=table.shape[1],
                      aspect="auto")
    for (i, j), value in np.ndenumerate(table.to_numpy()):
        ax.text(j, i, f"{value:g}", ha="center", va="center", fontsize=8,
                color=readable_on(image.cmap(image.norm(value))))
    ax.set_xticks(range(table.shape[1]), table.columns, rotation=45, ha="right")
    ax.set_yticks(range(table.shape[0]), table.index)
    ax.set_title("Stakeholder rankings (1 = first choice), initiatives in Borda order")
    ax.figure.colorbar(image, ax=ax, label="Rank", shrink=0.8)
    firsts = (table == 1).sum(axis=0)
    describe_figure(ax, f"Heatmap of how {table.shape[0]} stakeholders ranked "
                        f"{table.shape[1]} initiatives, each cell showing the rank (1 = first "
                        f"choice, darkest). In Borda order: {', '.join(map(str, table.columns))}"
                        f"; {table.columns[0]} is first choice for {int(firsts.iloc[0])} of "
                        f"them.")
    return ax


def plot_roadmap(roadmap: Roadmap, *, ax: Axes | None = None) -> Axes:
    """Roadmap swimlanes by domain: a box per initiative with code, status and priority.

    Columns are the periods (width by months); box colour is the status; the number after
    ``P`` is the initiative's priority rank in the plan (1 = highest).
    """
    from .roadmap import Roadmap

    if not isinstance(roadmap, Roadmap):
        raise CxlabValueError(f"roadmap must be what plan_roadmap() returns, got "
                              f"{describe(roadmap)}")
    plan = roadmap.plan
    domains = sorted(set(roadmap.backlog["domain"]))
    if ax is None:
        _, ax = plt.subplots(figsize=(13, 1.2 * len(domains) + 2), layout="constrained")
    months = [m for _, m in roadmap.periods]
    edges = np.concatenate([[0], np.cumsum(months)])
    rank = plan["priority"].rank(ascending=False, method="min").astype(int)
    for lane, domain in enumerate(domains):
        ax.axhspan(lane - 0.5, lane + 0.5, color="0.96" if lane % 2 else "white", zorder=0)
        for p, (_, _) in enumerate(roadmap.periods):
            here = plan[(plan["domain"] == domain) & (plan["period_number"] == p + 1)]
            width = (edges[p + 1] - edges[p]) / max(len(here), 1)
            for k, (code, row) in enumerate(here.iterrows()):
                x0 = edges[p] + k * width + 0.08
                box = FancyBboxPatch((x0, lane - 0.35), width - 0.16, 0.7,
                                     boxstyle="round,pad=0.02,rounding_size=0.1",
                                     facecolor=STATUS_COLOURS[row["status"]],
                                     hatch=STATUS_HATCHES[row["status"]], hatchcolor="0.7",
                                     edgecolor="0.35", lw=0.8)
                ax.add_patch(box)
                ax.text(x0 + (width - 0.16) / 2, lane, f"{code}\nP{rank[code]}",
                        ha="center", va="center", fontsize=7 if width < 1.5 else 8,
                        bbox={"boxstyle": "round,pad=0.1", "facecolor": "white",
                              "edgecolor": "none", "alpha": 0.8})
    for edge in edges[1:-1]:
        ax.axvline(edge, color="0.4", lw=1)
    ax.set_xlim(0, edges[-1])
    ax.set_ylim(len(domains) - 0.5, -0.5)
    ax.set_yticks(range(len(domains)), domains)
    ax.set_xticks([(a + b) / 2 for a, b in zip(edges[:-1], edges[1:], strict=True)],
                  [f"{name}\n(to {end:%b %Y})" for (name, _), end
                   in zip(roadmap.periods, roadmap.load["ends"], strict=True)])
    handles = [plt.Rectangle((0, 0), 1, 1, facecolor=c, edgecolor="0.35", hatch=h,
                             hatchcolor="0.6")
               for c, h in zip(STATUS_COLOURS.values(), STATUS_HATCHES.values(), strict=True)]
    ax.legend(handles, list(STATUS_COLOURS), loc="upper left", bbox_to_anchor=(1.0, 1.0),
              title="Status", fontsize=8)
    title = "Roadmap by domain (P = priority rank)"
    if len(roadmap.not_planned):
        title += f"; not planned: {', '.join(roadmap.not_planned.index)}"
    ax.set_title(textwrap.fill(title, 120))
    load = roadmap.load
    periods = "; ".join(f"{name}: {int((plan['period_number'] == p + 1).sum())} initiatives, "
                        f"{load['planned'].iloc[p]:g} of {load['capacity'].iloc[p]:g} "
                        f"person-weeks" for p, (name, _) in enumerate(roadmap.periods))
    text = (f"Roadmap of {len(plan)} initiatives in {len(domains)} domain lanes "
            f"({', '.join(domains)}), one column per period. {periods}.")
    if len(roadmap.not_planned):
        text += f" Not planned: {', '.join(roadmap.not_planned.index)}."
    describe_figure(ax, text)
    return ax


def plot_burnup(campaign: Campaign, *, ax: Axes | None = None) -> Axes:
    """Burn-up of a quick-wins campaign: removed so far, the plan line, the forecast."""
    from .campaign import Campaign

    if not isinstance(campaign, Campaign):
        raise CxlabValueError(f"campaign must be what campaign_progress() returns, got "
                              f"{describe(campaign)}")
    table = campaign.table
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.5), layout="constrained")
    ax.plot(table.index, table["plan"], color="0.45", ls="--", label="Plan")
    done = table["cumulative"].dropna()
    ax.step(done.index, done.to_numpy(), where="post", color=colour("blue"), lw=2.5,
            label="Removed so far")
    forecast = table["forecast"].dropna()
    ax.plot(forecast.index, forecast.to_numpy(), color=colour("blue"), ls=":", lw=2,
            label="Forecast at the pace so far")
    ax.axhline(campaign.target, color=colour("vermillion"), lw=1.2, ls="-.")
    ax.text(table.index[0], campaign.target, f" target {campaign.target}", va="bottom",
            color="0.15")
    ax.axvline(campaign.as_of, color="0.7", lw=1)
    ax.set_ylabel("Pain points removed")
    ax.set_ylim(0, max(campaign.target, campaign.forecast_at_end) * 1.1)
    ax.set_title(textwrap.fill(campaign.summary(), 90), fontsize=10)
    ax.legend(loc="upper left")
    describe_figure(ax, f"Burn-up chart of pain points removed against a straight-line plan "
                        f"to {campaign.target}: {campaign.summary()}")
    return ax
