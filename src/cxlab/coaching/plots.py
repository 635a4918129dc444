"""Figures for module 03: calibration heatmap, score trends and what customers feel.

Colours come from :mod:`cxlab._style`; items read in plain words (``policy_applied`` reads
*Policy applied*); nothing is told by colour alone, and each figure carries a text
alternative built from its data (:func:`cxlab._style.describe`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap

from .._style import DIVERGING, OKABE_ITO, colour, describe
from .._validation import CxlabValueError
from ..show import label, readable_on

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .calibration import CalibrationReport

__all__ = ["plot_calibration", "plot_impact", "plot_score_spread", "plot_trend"]


def plot_calibration(report: CalibrationReport, *, ax: Axes | None = None) -> Axes:
    """Heatmap of disagreement: items (most disputed at the top) by contacts.

    Each cell is the spread of the evaluators' answers on that contact and item, from 0 (all
    the same) to 1 (a yes and a no, or the two ends of a scale).
    """
    spread = report.spread
    values = spread.to_numpy(dtype=float)
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 0.45 * len(spread) + 1.8), layout="constrained")
    # The purple half of the diverging map: 0 (all agree) white, 1 (furthest apart) dark
    # purple, readable in grey; N/A cells (nobody could score the item) light grey.
    spread_map = ListedColormap(plt.get_cmap(DIVERGING)(np.linspace(0.5, 1.0, 256)),
                                name=f"{DIVERGING}_upper").with_extremes(bad="0.8")
    image = ax.imshow(np.ma.masked_invalid(values), cmap=spread_map, vmin=0, vmax=1,
                      aspect="auto")
    for (i, j), value in np.ndenumerate(values):
        if np.isnan(value):  # not applicable: a dash, not only grey
            ax.text(j, i, "\u2013", ha="center", va="center", fontsize=9, color="0.2")
        elif value >= 0.5:  # the big disagreements carry a mark, not only a darker colour
            ax.text(j, i, "\u00d7" if value >= 1 else "\u2022", ha="center", va="center",
                    fontsize=9, color=readable_on(image.cmap(image.norm(value))))
    ax.set_yticks(range(len(spread)), [label(i) for i in spread.index])
    ax.set_xticks(range(spread.shape[1]), spread.columns, rotation=90, fontsize=8)
    ax.set_xlabel("Contact")
    ax.set_title("Where the evaluators disagree (darker = further apart; \u2022 half the "
                 "scale or more, \u00d7 opposite answers; grey: not applicable)", fontsize=10)
    ax.figure.colorbar(image, ax=ax, label="Spread of answers (0 to 1)", shrink=0.8)
    per_item = spread.max(axis=1)
    split = [label(i) for i in spread.index[per_item >= 1]]
    text = (f"Heatmap of {len(spread)} scorecard items by {spread.shape[1]} contacts, darker "
            f"where the evaluators' answers were further apart. Most disputed: "
            f"{label(spread.index[0])}.")
    if split:
        text += f" Opposite answers on at least one contact: {', '.join(split)}."
    describe(ax, text)
    return ax


def plot_trend(scores: pd.DataFrame, *, agents: list[str] | None = None, freq: str = "MS",
               ax: Axes | None = None) -> Axes:
    """Monthly mean QA score of chosen agents against the team.

    ``scores`` is ``score_evaluations(...).evaluations`` (needs agent, date and score).
    """
    for column in ("agent", "date", "score"):
        if column not in scores.columns:
            raise CxlabValueError(f"scores needs a {column!r} column (use "
                                  "score_evaluations(...).evaluations)")
    data = scores.assign(date=pd.to_datetime(scores["date"]),
                         score=pd.to_numeric(scores["score"], errors="coerce"))
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4), layout="constrained")
    team = data.groupby(pd.Grouper(key="date", freq=freq))["score"].mean() * 100
    ax.plot(team.index, team.to_numpy(), color="0.3", lw=3, ls="--", label="Team (dashed)")
    palette = [c for name, c in OKABE_ITO.items() if name not in ("black", "yellow")]
    markers = ["o", "s", "^", "D", "v", "P"]
    trends = {}
    for k, agent in enumerate(agents or []):
        mine = data[data["agent"] == agent]
        if mine.empty:
            raise CxlabValueError(f"there is no agent {agent!r} in scores")
        trend = mine.groupby(pd.Grouper(key="date", freq=freq))["score"].mean() * 100
        trends[str(agent)] = trend
        ax.plot(trend.index, trend.to_numpy(), marker=markers[k % len(markers)],
                color=palette[k % len(palette)], label=str(agent))
        ax.annotate(str(agent), (trend.index[-1], trend.iloc[-1]), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.set_ylabel("Mean QA score (%)")
    ax.set_title("QA score by month")
    ax.legend(frameon=False, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    parts = [f"{name} from {t.iloc[0]:.0f}% to {t.iloc[-1]:.0f}%" for name, t in trends.items()]
    describe(ax, f"Line chart of the mean QA score by month, {team.index[0]:%B %Y} to "
                 f"{team.index[-1]:%B %Y}: the team from {team.iloc[0]:.0f}% to "
                 f"{team.iloc[-1]:.0f}%" + (f"; {'; '.join(parts)}" if parts else "") + ".")
    return ax


def plot_impact(impact: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """How much each behaviour goes with customer satisfaction (met minus missed)."""
    if "impact" not in impact.columns:
        raise CxlabValueError("impact must come from behaviour_impact(...)")
    data = impact["impact"].dropna().sort_values()
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.4 * len(data) + 1.5), layout="constrained")
    positive = data.to_numpy() > 0
    bars = ax.barh([label(i) for i in data.index], data.to_numpy(),
                   color=np.where(positive, colour("blue"), colour("vermillion")))
    for bar, up in zip(bars, positive, strict=True):
        if not up:
            bar.set_hatch("//")
            bar.set_edgecolor("white")
    ax.bar_label(bars, fmt="%+.2f", padding=3, fontsize=8)
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_xlabel("CSAT when the behaviour is met minus when it is missed (points)")
    ax.set_title("Which behaviours customers feel (hatched: lower CSAT when met)")
    ax.spines[["top", "right"]].set_visible(False)
    top = data.index[-1]
    text = (f"Bar chart of how much CSAT goes with each of {len(data)} behaviours, met minus "
            f"missed: largest for {label(top)} ({data.iloc[-1]:+.2f} points)")
    lower = [f"{label(i)} ({v:+.2f})" for i, v in data.items() if v <= 0]
    if lower:
        text += f"; zero or below for {', '.join(lower)}"
    describe(ax, text + ".")
    return ax


def plot_score_spread(scores: pd.DataFrame, agents: pd.DataFrame) -> Figure:
    """Two histograms side by side: the scores of single evaluations, and agents' mean scores.

    ``scores`` is :class:`~cxlab.coaching.ScoredEvaluations`' ``evaluations`` (a ``score``
    column), ``agents`` its ``by_agent`` (a ``mean_score`` column); both hold fractions.
    """
    for name, frame, column in (("scores", scores, "score"), ("agents", agents, "mean_score")):
        if not isinstance(frame, pd.DataFrame) or column not in frame.columns or frame.empty:
            raise CxlabValueError(f"{name} must be a non-empty DataFrame with a {column} "
                                  f"column; got {type(frame).__name__}")
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.5), layout="constrained")
    left.hist(100 * scores["score"].dropna(), bins=20, color=colour("blue"))
    left.set(title="One bar = evaluations", xlabel="Score (%)", ylabel="Evaluations")
    right.hist(100 * agents["mean_score"].dropna(), bins=10, color=colour("orange"),
               hatch="//", edgecolor="white")
    right.set(title="One bar = agents (3-month mean)", xlabel="Mean score (%)",
              ylabel="Agents")
    one, mean = 100 * scores["score"], 100 * agents["mean_score"]
    describe(fig, f"Two histograms: {one.count()} single evaluations score from "
             f"{one.min():.0f}% to {one.max():.0f}%, while the {mean.count()} agents' mean "
             f"scores spread only from {mean.min():.0f}% to {mean.max():.0f}%.")
    return fig
