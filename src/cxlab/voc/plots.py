"""Figures for the voice of the customer (module 05): scores with their intervals.

Colours come from :mod:`cxlab._style`; whether an interval lies below zero, across it or
above it is shown by the marker shape and said in the text alternative as well as by colour
(:func:`cxlab._style.describe`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .._style import colour, describe
from .._validation import CxlabValueError
from .._validation import describe as describe_value

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_nps"]

#: Marker, colour and legend text for an NPS interval below, across and above zero.
_SIDES = {
    "below": ("v", colour("vermillion"), "whole interval below 0"),
    "across": ("o", "0.25", "interval includes 0"),
    "above": ("^", colour("blue"), "whole interval above 0"),
}


def plot_nps(summary: pd.DataFrame, *, names: Mapping[object, str] | None = None,
             confidence: float | None = None, ax: Axes | None = None) -> Axes:
    """NPS of each group with its confidence interval, lowest at the top.

    Parameters
    ----------
    summary : DataFrame
        :func:`cxlab.voc.score_summary` output (``nps``, ``nps_low``, ``nps_high``, ``n``),
        one row per touchpoint, stage or other group.
    names : mapping, optional
        A readable name for each group (for example touchpoint ids to touchpoint names);
        the label reads "T12 Calls to rebook a missed visit". A ``name`` column in
        ``summary`` is used if there is no mapping.
    confidence : float, optional
        The intervals' confidence level, for the axis label (for example 0.95).
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> summary = pd.DataFrame({"n": [88, 125], "nps": [-42.0, 26.4],
    ...                         "nps_low": [-57.7, 14.4], "nps_high": [-26.4, 38.4]},
    ...                        index=pd.Index(["T12", "T20"], name="touchpoint"))
    >>> ax = plot_nps(summary)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['T20', 'T12']
    """
    needed = ("nps", "nps_low", "nps_high")
    if not isinstance(summary, pd.DataFrame) or any(c not in summary.columns for c in needed):
        raise CxlabValueError("summary must be what voc.score_summary() returns (with nps, "
                              f"nps_low and nps_high), got {describe_value(summary)}")
    if summary.empty:
        raise CxlabValueError("summary has no rows to plot")
    if len(summary) > 60:
        raise CxlabValueError(f"summary can have at most 60 rows to plot, got {len(summary)}")
    data = summary.sort_values("nps", ascending=False)
    given = dict(names) if names is not None else (
        dict(data["name"].items()) if "name" in data.columns else {})
    labels = [f"{key} {given[key]}" if key in given else str(key) for key in data.index]
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.33 * len(data) + 1.6), layout="constrained")
    rows = np.arange(len(data))
    side = np.where(data["nps_high"] < 0, "below", np.where(data["nps_low"] > 0, "above",
                                                            "across"))
    for name, (marker, fill, text) in _SIDES.items():
        pick = side == name
        if not pick.any():
            continue
        part = data[pick]
        ax.errorbar(part["nps"], rows[pick],
                    xerr=[part["nps"] - part["nps_low"], part["nps_high"] - part["nps"]],
                    fmt=marker, color=fill, ecolor="0.55", capsize=3, markersize=7,
                    label=text)
    ax.axvline(0, color="0.1", linewidth=0.8)
    ax.set_yticks(rows, labels)
    level = f" with its {confidence:.0%} interval" if confidence else " with its interval"
    ax.set_xlabel(f"NPS (-100 to +100){level}")
    ax.set_title("NPS per " + (str(summary.index.name) if summary.index.name else "group"))
    ax.legend(frameon=False, fontsize=8, loc="upper right")  # the lowest scores sit top left
    ax.spines[["top", "right"]].set_visible(False)
    below = [lab for lab, s in zip(labels, side, strict=True) if s == "below"]
    above = [lab for lab, s in zip(labels, side, strict=True) if s == "above"]
    text = (f"Dot chart of NPS with intervals for {len(data)} groups, from "
            f"{data['nps'].iloc[-1]:+.0f} ({labels[-1]}) to {data['nps'].iloc[0]:+.0f} "
            f"({labels[0]}).")
    if below:
        text += f" Entirely below zero: {'; '.join(reversed(below))}."
    if above:
        text += f" Entirely above zero: {'; '.join(above)}."
    describe(ax, text)
    return ax
