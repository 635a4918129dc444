"""One way to draw a labelled bar chart: black-edged bars, stacked parts, a label past each end.

The figures of several modules draw the same kind of bar: a bar per row (or column) made of
one or more stacked parts, each part with its own face colour and, where it must differ from
its neighbour without colour, its own hatching, and a short label written just past the end
of the bar ("12 open", "30% (14 of 46)", "-5,500"). :func:`labelled_bars` draws that once.

Like :mod:`cxlab._style`, this module imports nothing from matplotlib at import time: it only
calls methods of the Axes it is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from ._validation import CxlabValueError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.text import Text

__all__ = ["Part", "labelled_bars"]


class Part(NamedTuple):
    """One part of a stacked bar, the same for every bar of the chart.

    ``values`` holds a length per bar; ``colour`` and ``hatch`` are one face colour and one
    hatch pattern ("" for none), or one per bar; ``label`` names the part in the legend
    (None: not in the legend).
    """

    values: Any
    colour: str | Sequence[str]
    hatch: str | Sequence[str] = ""
    label: str | None = None


def labelled_bars(
    ax: Axes,
    positions: Any,
    parts: Sequence[Part],
    *,
    labels: Sequence[str | None] | None = None,
    gap: float = 0.0,
    start: Any = 0.0,
    thickness: float = 0.6,
    vertical: bool = False,
    bar_style: Mapping[str, Any] | None = None,
    text_style: Mapping[str, Any] | None = None,
) -> list[Text]:
    """Draw black-edged bars of stacked ``parts`` at ``positions``; write ``labels`` past the ends.

    The bars run along x (``barh``) unless ``vertical``. Each part starts where the one before
    it ends, the first at ``start`` (one number, or one per bar). ``labels[i]`` is written
    ``gap`` beyond the end of bar ``i`` (in data units), centred across the bar: left-aligned
    for horizontal bars, centred above vertical ones; a label that is None or "" is not
    written. ``bar_style`` goes to every ``bar``/``barh`` call (``alpha``, ``lw``...) and
    ``text_style`` to every label (``fontsize``, ``fontweight``, ``va``...), over those
    defaults.

    Parameters
    ----------
    ax : matplotlib Axes
        Where to draw.
    positions : array-like
        Where each bar stands across its length (y for horizontal bars, x for vertical).
    parts : sequence of Part
        The stacked parts, first (nearest ``start``) first; each has a value per position.
    labels : sequence of str or None, optional
        One per position.
    gap, start, thickness : float
        Space between a bar's end and its label; where the bars begin; how thick they are.
    vertical : bool
        Draw upright bars (``ax.bar``) instead of horizontal ones.
    bar_style, text_style : mapping, optional
        Extra keywords for the bars and for the labels.

    Returns
    -------
    list of matplotlib Text
        The labels written, in the order of ``positions``.

    Raises
    ------
    CxlabValueError
        If there are no parts, or a part, ``labels`` or ``start`` has not one entry per
        position.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> texts = labelled_bars(ax, [1, 0], [Part([3, 5], "#0072B2", label="Done"),
    ...                                    Part([2, 0], "white", "//", "Open")],
    ...                       labels=["2 open", None], gap=0.3)
    >>> [(t.get_text(), *map(float, t.get_position())) for t in texts]
    [('2 open', 5.3, 1.0)]
    >>> plt.close(fig)
    """
    where = np.asarray(positions)
    if not parts:
        raise CxlabValueError("parts must hold at least one Part (values, colour); got none")
    if labels is not None and len(labels) != where.size:
        raise CxlabValueError(f"labels must have one entry per bar ({where.size}), "
                              f"got {len(labels)}")
    draw = ax.bar if vertical else ax.barh
    across = "width" if vertical else "height"
    along = "bottom" if vertical else "left"
    try:
        end = np.broadcast_to(np.asarray(start, dtype=float), where.shape)
    except ValueError:
        raise CxlabValueError(f"start must be one number or one per bar ({where.size}), got "
                              f"{np.size(start)} values") from None
    lengths = [np.asarray(part.values) for part in parts]
    for k, values in enumerate(lengths):
        if values.size != where.size:
            raise CxlabValueError(f"parts[{k}] must have one value per bar ({where.size}), "
                                  f"got {values.size}")
    for k, (part, values) in enumerate(zip(parts, lengths, strict=True)):
        style: dict[str, Any] = {across: thickness, "color": part.colour,
                                 "edgecolor": "black", **(bar_style or {})}
        if k or np.any(end != 0):
            style[along] = end
        if isinstance(part.hatch, str) and part.hatch:
            style["hatch"] = part.hatch
        elif not isinstance(part.hatch, str) and any(part.hatch):
            style["hatch"] = list(part.hatch)
        if part.label is not None:
            style["label"] = part.label
        draw(where, values, **style)
        end = end + values
    if labels is None:
        return []
    place: dict[str, Any] = ({"ha": "center", "va": "bottom"} if vertical
                             else {"ha": "left", "va": "center"})
    place.update(text_style or {})
    written = []
    for at, stop, text in zip(where, end, labels, strict=True):
        if text:
            xy = (at, stop + gap) if vertical else (stop + gap, at)
            written.append(ax.text(*xy, text, **place))
    return written
