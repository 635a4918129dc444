"""Figures for module 01. Each function draws on an Axes and returns it.

No global style or backend is set here; call :func:`cxlab.plots.use_style` if you want the
course look.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt

from .._validation import CxlabValueError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["plot_week"]


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
