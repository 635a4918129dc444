"""The figures of the cohort report (matplotlib, imported only when a report is written)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure


def figures(rep) -> tuple[Figure, Figure]:
    """(score distribution, per-question difficulty and discrimination) of a CohortReport."""
    percents = np.array([g["percent"] for g in rep.grades], dtype=float)
    dist = Figure(figsize=(6, 3))
    ax = dist.subplots()
    ax.hist(percents, bins=np.linspace(0, 100, 11).tolist(), color="#4477aa", edgecolor="white")
    ax.set_xlabel("score (%)")
    ax.set_ylabel("participants")
    ax.set_title(f"{rep.assignment}: {len(percents)} participants")

    items = Figure(figsize=(7, 3))
    ax = items.subplots()
    names = [q["cell"] for q in rep.questions]
    x = np.arange(len(names))
    ax.bar(x - 0.2, [q["difficulty"] for q in rep.questions], 0.4, label="difficulty")
    disc = [0 if np.isnan(q["discrimination"]) else q["discrimination"] for q in rep.questions]
    ax.bar(x + 0.2, disc, 0.4, label="discrimination")
    ax.axhline(0.2, color="grey", linestyle=":", linewidth=1)
    ax.set_xticks(x, names, rotation=45, ha="right")
    ax.set_ylim(-1, 1)
    ax.legend(loc="lower left")
    return dist, items
