"""Figures for module 03: calibration heatmap, score trends and what customers feel."""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .._validation import CxlabValueError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from .calibration import CalibrationReport

__all__ = ["plot_calibration", "plot_impact", "plot_trend"]


def plot_calibration(report: CalibrationReport, *, ax: Axes | None = None) -> Axes:
    """Heatmap of disagreement: items (most disputed at the top) by contacts.

    Each cell is the spread of the evaluators' answers on that contact and item, from 0 (all
    the same) to 1 (a yes and a no, or the two ends of a scale).
    """
    spread = report.spread
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 0.45 * len(spread) + 1.8), layout="constrained")
    image = ax.imshow(spread.to_numpy(dtype=float), cmap="Reds", vmin=0, vmax=1,
                      aspect="auto")
    ax.set_yticks(range(len(spread)), spread.index)
    ax.set_xticks(range(spread.shape[1]), spread.columns, rotation=90, fontsize=8)
    ax.set_xlabel("Contact")
    ax.set_title("Where the evaluators disagree (darker = further apart)")
    ax.figure.colorbar(image, ax=ax, label="Spread of answers (0 to 1)", shrink=0.8)
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
    ax.plot(team.index, team.to_numpy(), color="0.3", lw=3, label="Team")
    for agent in agents or []:
        mine = data[data["agent"] == agent]
        if mine.empty:
            raise CxlabValueError(f"there is no agent {agent!r} in scores")
        trend = mine.groupby(pd.Grouper(key="date", freq=freq))["score"].mean() * 100
        ax.plot(trend.index, trend.to_numpy(), marker="o", label=str(agent))
    ax.set_ylabel("Mean QA score (%)")
    ax.set_title("QA score by month")
    ax.legend(frameon=False, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_impact(impact: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """How much each behaviour goes with customer satisfaction (met minus missed)."""
    if "impact" not in impact.columns:
        raise CxlabValueError("impact must come from behaviour_impact(...)")
    data = impact["impact"].dropna().sort_values()
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.4 * len(data) + 1.5), layout="constrained")
    colours = np.where(data.to_numpy() > 0, "#4C72B0", "#C44E52")
    ax.barh(data.index, data.to_numpy(), color=colours)
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_xlabel("CSAT when the behaviour is met minus when it is missed (points)")
    ax.set_title("Which behaviours customers feel")
    ax.spines[["top", "right"]].set_visible(False)
    return ax
