"""Figures for module 05: the journey map, the service blueprint and the ownership grid.

Every figure is sized for an A4 landscape page (11.69 x 8.27 inches) with no text smaller
than 7 points, so it prints readably; each function returns the ``Figure``. Touchpoint and
process-step labels carry a ``gid`` (``"touchpoint:T01"``, ``"step:P01"``) so that tests and
notebooks can find them.

Colours are colour-blind safe (:mod:`cxlab._style`): the emotion scale runs from orange
(-2, very negative) through white to purple (+2, very positive), never red to green, and
every touchpoint box also prints its emotion score, so no meaning rests on colour alone.
Each figure carries a text alternative built from the journey (:func:`cxlab._style.describe`).
"""

from __future__ import annotations

import textwrap
from typing import Any, cast

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from .._style import DIVERGING, colour, describe
from ..show import readable_on
from .blueprint import _check_journey, ownership_matrix, pain_point_causes
from .model import EMOTION_SCALE, LANES, Journey

__all__ = ["A4_LANDSCAPE", "MIN_FONT_SIZE", "plot_blueprint", "plot_journey_map",
           "plot_ownership"]

#: Figure size of an A4 landscape page, in inches.
A4_LANDSCAPE = (11.69, 8.27)
#: Smallest font used anywhere, in points (readable when printed).
MIN_FONT_SIZE = 7.0

_LANE_TITLES = {
    "customer": "Customer actions",
    "frontstage": "Frontstage\n(in sight)",
    "backstage": "Backstage\n(out of sight)",
    "support": "Support processes",
}
_CHANNEL_TITLES = {"in_home": "in home", "sms": "SMS", "app": "app", "email": "e-mail"}
_PAIN = colour("vermillion")
_STAR = "#B07C00"  # a darker Okabe-Ito orange: the moment-of-truth border and star
_OWNS, _SUPPORTS = colour("blue"), colour("sky_blue")
_LEFT, _RIGHT = 0.105, 0.99
#: Share of the diverging map used at each end (its darkest tones would hide black text).
_EMOTION_SPAN = 0.36


def _emotion_colour(emotion: float) -> tuple[float, float, float, float]:
    """Orange for -2, white for 0, purple for +2 (``PuOr``, safe for colour-blind readers)."""
    low, high = EMOTION_SCALE
    return plt.get_cmap(DIVERGING)(0.5 + _EMOTION_SPAN * (2 * (emotion - low) / (high - low) - 1))


def _emotion_text(emotion: float) -> str:
    """An emotion score as printed on a box: +2, +1, 0, −1, −2."""
    return "0" if emotion == 0 else f"{emotion:+g}".replace("-", "\u2212")


def _journey_description(journey: Journey) -> str:
    order = journey.ordered_touchpoints()
    worst = min(order, key=lambda t: t.emotion)
    best = max(order, key=lambda t: t.emotion)
    moments = [t for t in order if t.moment_of_truth]
    pains = sum(len(t.pain_points) for t in order)
    text = (f"Journey map of {journey.name}: {len(order)} touchpoints in {len(journey.stages)} "
            f"stages ({', '.join(s.name for s in journey.stages)}), with the customer's "
            f"emotion from -2 to +2 at each. Lowest: {worst.id} {worst.name} "
            f"({_emotion_text(worst.emotion)}); highest: {best.id} {best.name} "
            f"({_emotion_text(best.emotion)}). {len(moments)} moments of truth and {pains} "
            f"pain points are marked.")
    return text.replace("\u2212", "-")


def _wrap(text: str, width_inches: float, height_inches: float, size: float) -> str:
    """Wrap ``text`` to fit a box; cut it with an ellipsis if it has too many lines."""
    chars = max(6, int(width_inches * 72 / (size * 0.56)))
    lines = textwrap.wrap(text, chars, break_long_words=True) or [""]
    fit = max(1, int(height_inches * 72 / (size * 1.22)))
    if len(lines) > fit:
        lines = lines[:fit]
        lines[-1] = lines[-1][: max(1, chars - 1)].rstrip() + "…"
    return "\n".join(lines)


def _axes_inches(ax: plt.Axes) -> tuple[float, float]:
    box = ax.get_position()
    width, height = cast(Figure, ax.figure).get_size_inches()  # never a SubFigure here
    return box.width * width, box.height * height


def _box(ax: plt.Axes, x: float, y: float, w: float, h: float, **style: Any) -> None:
    pad = min(w, h) * 0.06
    ax.add_patch(FancyBboxPatch((x + pad, y + pad), w - 2 * pad, h - 2 * pad,
                                boxstyle=f"round,pad=0,rounding_size={pad}",
                                linewidth=style.pop("linewidth", 0.8), **style))


def plot_journey_map(journey: Journey, *, title: str | None = None) -> Figure:
    """The journey map: stage columns, a lane per channel, the emotion curve, pain points.

    * **Top panel**: one column per stage, one lane per channel used; each touchpoint is a
      box coloured by the customer's emotion (red -2 .. green +2), with a gold border and
      star if it is a **moment of truth** and a red badge with the number of **pain points**.
    * **Middle panel**: the emotion curve through the touchpoints in journey order, from -2
      (very negative) to +2 (very positive); moments of truth are stars.
    * **Bottom panel**: the pain points of each stage, with the touchpoint they belong to.

    Parameters
    ----------
    journey : Journey
        From :func:`cxlab.journey.load_journey`.
    title : str, optional
        Defaults to the journey's name.

    Returns
    -------
    matplotlib.figure.Figure
        A4 landscape, with axes ``lanes``, ``emotion`` and ``pain`` (their labels).

    Examples
    --------
    >>> from cxlab.journey import load_journey
    >>> fig = plot_journey_map(load_journey())
    >>> [ax.get_label() for ax in fig.axes]
    ['lanes', 'emotion', 'pain']
    >>> plt.close(fig)
    """
    journey = _check_journey(journey)
    stages, channels = journey.stages, journey.channels
    n_stages = len(stages)
    fig = plt.figure(figsize=A4_LANDSCAPE)
    grid = fig.add_gridspec(3, 1, height_ratios=[4.2, 1.55, 2.0], left=_LEFT, right=_RIGHT,
                            top=0.86, bottom=0.015, hspace=0.06)
    lanes = fig.add_subplot(grid[0], label="lanes")
    curve = fig.add_subplot(grid[1], label="emotion", sharex=lanes)
    pain = fig.add_subplot(grid[2], label="pain", sharex=lanes)

    fig.text(0.01, 0.975, title or journey.name, fontsize=13, weight="bold", va="top")
    if journey.persona is not None:
        persona = journey.persona
        line = persona.name + (f": {persona.description}" if persona.description else "")
        fig.text(0.01, 0.945, _wrap(line, 11.3, 0.3, 8), fontsize=8, va="top")
    fig.text(_RIGHT, 0.975, "Emotion \u22122 (orange) to +2 (purple), number in the corner"
                            "   \u2605 moment of truth   \u25cf n = pain points",
             fontsize=7.5, va="top", ha="right", color="0.25", gid="legend")

    # Top panel: touchpoints in stage columns and channel lanes.
    lanes.set_xlim(0, n_stages)
    lanes.set_ylim(len(channels), 0)
    width_in, height_in = _axes_inches(lanes)
    col_in, lane_in = width_in / n_stages, height_in / max(len(channels), 1)
    for i, stage in enumerate(stages):
        lanes.text(i + 0.5, -0.08, _wrap(stage.name, col_in, 0.4, 9), ha="center", va="bottom",
                   fontsize=9, weight="bold", gid=f"stage:{stage.id}")
        if i:
            for ax in (lanes, curve, pain):
                ax.axvline(i, color="0.75", lw=0.8)
    for j in range(0, len(channels), 2):
        lanes.axhspan(j, j + 1, color="0.95", zorder=0)
    lanes.set_yticks([j + 0.5 for j in range(len(channels))],
                     [_CHANNEL_TITLES.get(c, c) for c in channels], fontsize=8)
    lanes.tick_params(axis="both", length=0)
    lanes.tick_params(axis="x", labelbottom=False)
    lanes.set_xticks([])

    stage_index = {s.id: i for i, s in enumerate(stages)}
    cells: dict[tuple[int, int], list] = {}
    for t in journey.touchpoints:
        cells.setdefault((stage_index[t.stage], channels.index(t.channel)), []).append(t)
    for (i, j), items in cells.items():
        w = 1.0 / len(items)
        for k, t in enumerate(items):
            x, y = float(i + k * w), float(j)
            _box(lanes, x, y, w, 1.0, facecolor=_emotion_colour(t.emotion),
                 edgecolor=_STAR if t.moment_of_truth else "0.35",
                 linewidth=2.2 if t.moment_of_truth else 0.8, zorder=2)
            label = _wrap(f"{t.id} {t.name}", col_in * w * 0.84, lane_in * 0.82,
                          MIN_FONT_SIZE)
            ink = readable_on(_emotion_colour(t.emotion))
            lanes.text(x + w / 2, y + 0.5, label, ha="center", va="center",
                       fontsize=MIN_FONT_SIZE, zorder=3, gid=f"touchpoint:{t.id}",
                       linespacing=1.05, color=ink)
            if t.moment_of_truth:
                lanes.text(x + w * 0.02, y + 0.02, "\u2605", color=_STAR, fontsize=10,
                           ha="left", va="center", zorder=4)
            lanes.text(x + w * 0.04, y + 0.96, _emotion_text(t.emotion), fontsize=MIN_FONT_SIZE,
                       ha="left", va="bottom", zorder=4, color=ink, weight="bold",
                       gid=f"emotion-score:{t.id}")
            if t.pain_points:
                lanes.text(x + w * 0.97, y + 0.02, str(len(t.pain_points)),
                           color=readable_on(_PAIN),
                           fontsize=MIN_FONT_SIZE, weight="bold", ha="right", va="center",
                           zorder=4, bbox={"boxstyle": "circle,pad=0.15", "fc": _PAIN,
                                           "ec": "none"})

    # Middle panel: the emotion curve in journey order.
    xs, ys, order = [], [], journey.ordered_touchpoints()
    for i, stage in enumerate(stages):
        in_stage = [t for t in order if t.stage == stage.id]
        for k, t in enumerate(in_stage):
            xs.append(i + (k + 0.5) / len(in_stage))
            ys.append(t.emotion)
    low, high = EMOTION_SCALE
    curve.set_ylim(low - 0.5, high + 0.95)
    curve.axhline(0, color="0.5", lw=0.8)
    curve.plot(xs, ys, color="0.25", lw=1.6, zorder=2, gid="emotion-curve")
    curve.fill_between(xs, ys, 0, where=[y >= 0 for y in ys], color=_emotion_colour(2),
                       alpha=0.35, interpolate=True)
    curve.fill_between(xs, ys, 0, where=[y <= 0 for y in ys], color=_emotion_colour(-2),
                       alpha=0.35, interpolate=True)
    for x, y, t in zip(xs, ys, order, strict=True):
        if t.moment_of_truth:
            curve.plot(x, y, marker="*", ms=13, color=_STAR, mec="0.2", mew=0.6, zorder=3)
        else:
            curve.plot(x, y, marker="o", ms=5, color=_emotion_colour(y), mec="0.2", mew=0.6,
                       zorder=3)
        curve.text(x, y + 0.3, t.id, ha="center", va="bottom", fontsize=MIN_FONT_SIZE,
                   color="0.2", gid=f"emotion:{t.id}")
    curve.set_yticks([low, 0, high], [f"{low:+g} very\nnegative", "0 neutral",
                                      f"{high:+g} very\npositive"], fontsize=MIN_FONT_SIZE)
    curve.set_ylabel("Emotion", fontsize=8)
    curve.tick_params(axis="x", labelbottom=False, length=0)

    # Bottom panel: pain points per stage.
    pain.set_ylim(1, 0)
    pain.set_yticks([0.5], ["Pain points"], fontsize=8)
    pain.tick_params(axis="both", length=0)
    pain.tick_params(axis="x", labelbottom=False)
    _, pain_h_in = _axes_inches(pain)
    fit = max(1, int((pain_h_in - 0.08) * 72 / (MIN_FONT_SIZE * 1.22)))
    chars = max(6, int(col_in * 0.92 * 72 / (MIN_FONT_SIZE * 0.58)))
    for i, stage in enumerate(stages):
        entries = [f"{t.id} {p.text}" for t in order if t.stage == stage.id
                   for p in t.pain_points]
        lines: list[str] = []
        for number, entry in enumerate(entries):
            wrapped = textwrap.wrap(entry, chars, subsequent_indent="  ")
            if len(lines) + len(wrapped) > fit - (number < len(entries) - 1):
                lines.append(f"(+{len(entries) - number} more)")
                break
            lines += wrapped
        pain.text(i + 0.04, 0.03, "\n".join(lines), ha="left", va="top",
                  fontsize=MIN_FONT_SIZE, color="0.15", linespacing=1.1,
                  gid=f"pain:{stage.id}")
    for ax in (lanes, curve, pain):
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    describe(fig, _journey_description(journey))
    return fig


def plot_blueprint(journey: Journey, *, title: str | None = None) -> Figure:
    """The service blueprint: touchpoints over the four lanes of the process behind them.

    Rows from the top: the touchpoints, then **customer actions**, the **line of
    interaction**, **frontstage** actions the customer sees, the **line of visibility**,
    **backstage** actions out of sight, the **line of internal interaction**, and the
    **support processes** (systems, suppliers, other departments). Columns are the journey's
    stages. Grey lines join each touchpoint to the process steps behind it; a process step
    with a red border and badge is where one or more pain points start (the badge counts
    them; the same links are in :func:`cxlab.journey.pain_point_causes`).

    Parameters
    ----------
    journey : Journey
    title : str, optional
        Defaults to "Service blueprint: " and the journey's name.

    Returns
    -------
    matplotlib.figure.Figure
        A4 landscape, with one axes labelled ``blueprint``.

    Examples
    --------
    >>> from cxlab.journey import load_journey
    >>> fig = plot_blueprint(load_journey())
    >>> [" ".join(t.get_text().split()) for t in fig.axes[0].texts
    ...  if (t.get_gid() or "").startswith("line:")]
    ['line of interaction', 'line of visibility', 'line of internal interaction']
    >>> plt.close(fig)
    """
    journey = _check_journey(journey)
    stages = journey.stages
    n_stages = len(stages)
    stage_index = {s.id: i for i, s in enumerate(stages)}
    rows = ("touchpoints", *LANES)
    cells: dict[tuple[int, str], list] = {}
    for t in journey.ordered_touchpoints():
        cells.setdefault((stage_index[t.stage], "touchpoints"), []).append(t)
    for s in journey.process_steps:
        cells.setdefault((stage_index[s.stage], s.lane), []).append(s)
    depth = {row: max([len(v) for (_, r), v in cells.items() if r == row] or [1])
             for row in rows}
    heights = {row: max(1.0, depth[row] * 0.62) for row in rows}
    top: dict[str, float] = {}
    y = 0.0
    for row in rows:
        top[row] = y
        y += heights[row]
    total = y

    causes = pain_point_causes(journey)
    pain_count = causes[causes["step_id"] != ""].groupby("step_id").size().to_dict()

    fig = plt.figure(figsize=A4_LANDSCAPE)
    ax = fig.add_axes((_LEFT, 0.015, _RIGHT - _LEFT, 0.85), label="blueprint")
    fig.text(0.01, 0.975, title or f"Service blueprint: {journey.name}", fontsize=13,
             weight="bold", va="top")
    fig.text(0.01, 0.94, "Touchpoint emotion: number in the corner, colour from orange (\u22122)"
                         " to purple (+2)."
                         "  Grey lines: touchpoint \u2192 process steps behind it.  Thick "
                         "border and \u25cf n: n pain points start at this step.",
             fontsize=8, va="top", ha="left", color="0.25")
    ax.set_xlim(0, n_stages)
    ax.set_ylim(total, 0)
    width_in, height_in = _axes_inches(ax)
    col_in, unit_in = width_in / n_stages, height_in / total

    for i, stage in enumerate(stages):
        ax.text(i + 0.5, -0.06, _wrap(stage.name, col_in, 0.4, 9), ha="center", va="bottom",
                fontsize=9, weight="bold", gid=f"stage:{stage.id}")
        if i:
            ax.axvline(i, color="0.85", lw=0.8, zorder=0)
    titles = {"touchpoints": "Touchpoints", **_LANE_TITLES}
    ax.set_yticks([top[r] + heights[r] / 2 for r in rows], [titles[r] for r in rows],
                  fontsize=8)
    ax.tick_params(axis="both", length=0)
    ax.set_xticks([])
    for row, shade in zip(rows, ("0.93", "0.96", "white", "0.96", "white"), strict=True):
        ax.axhspan(top[row], top[row] + heights[row], color=shade, zorder=0)
    lines = {"customer": ("line of interaction", "-"),
             "frontstage": ("line of visibility", "--"),
             "backstage": ("line of internal interaction", ":")}
    for row, (name, style) in lines.items():
        y = top[row] + heights[row]
        ax.axhline(y, color="0.2", lw=1.2, ls=style, zorder=1)
        ax.text(-0.012, y, name.replace("line of ", "line of\n"), ha="right", va="center",
                fontsize=MIN_FONT_SIZE, style="italic", color="0.2",
                transform=ax.get_yaxis_transform(), gid=f"line:{name}")
    ax.axhline(heights["touchpoints"], color="0.6", lw=0.8, zorder=1)

    centres: dict[str, tuple[float, float, float]] = {}  # id -> (x, top y, bottom y)
    for (i, row), items in cells.items():
        h = heights[row] / len(items)
        for k, item in enumerate(items):
            y0 = top[row] + k * h
            is_touchpoint = row == "touchpoints"
            n_pains = len(item.pain_points) if is_touchpoint else pain_count.get(item.id, 0)
            face = _emotion_colour(item.emotion) if is_touchpoint else "white"
            edge = _PAIN if (n_pains and not is_touchpoint) else "0.35"
            _box(ax, i, y0, 1.0, h, facecolor=face, edgecolor=edge,
                 linewidth=1.8 if edge == _PAIN else 0.8, zorder=3)
            label = _wrap(f"{item.id} {item.name}", col_in * 0.84, h * unit_in * 0.82,
                          MIN_FONT_SIZE)
            ax.text(i + 0.5, y0 + h / 2, label, ha="center", va="center",
                    fontsize=MIN_FONT_SIZE, zorder=4, linespacing=1.05, color=readable_on(face),
                    gid=f"{'touchpoint' if is_touchpoint else 'step'}:{item.id}")
            if is_touchpoint:  # the emotion in words too, not by colour alone
                ax.text(i + 0.06, y0 + h * 0.9, _emotion_text(item.emotion), fontsize=MIN_FONT_SIZE,
                        ha="left", va="bottom", zorder=6, color=readable_on(face), weight="bold",
                        gid=f"emotion-score:{item.id}")
            if n_pains:
                ax.text(i + 0.95, y0 + h * 0.1, str(n_pains), color=readable_on(_PAIN),
                        fontsize=MIN_FONT_SIZE, weight="bold", ha="right", va="top", zorder=6,
                        bbox={"boxstyle": "circle,pad=0.15", "fc": _PAIN, "ec": "none"})
            centres[item.id] = (i + 0.5, y0 + h * 0.08, y0 + h * 0.92)
    for t in journey.touchpoints:
        x0, _, y0 = centres[t.id]
        for step_id in t.process_steps:
            x1, y1, _ = centres[step_id]
            ax.plot([x0, x1], [y0, y1], color="0.45", lw=0.7, alpha=0.55, zorder=2,
                    gid=f"link:{t.id}-{step_id}")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    describe(fig, f"Service blueprint of {journey.name}: {len(journey.touchpoints)} touchpoints "
                  f"above {len(journey.process_steps)} process steps in four lanes (customer "
                  f"actions, frontstage, backstage, support), across {n_stages} stages. "
                  f"{len(pain_count)} process steps carry a badge counting the pain points "
                  f"that start there.")
    return fig


def plot_ownership(journey: Journey, *, title: str | None = None) -> Figure:
    """Department x touchpoint grid: who owns each moment and who works behind it.

    A dark square: the department owns the touchpoint; a light square: it owns a process
    step behind it (see :func:`cxlab.journey.ownership_matrix`).

    Returns
    -------
    matplotlib.figure.Figure
        A4 landscape, one axes labelled ``ownership``.

    Examples
    --------
    >>> from cxlab.journey import load_journey
    >>> fig = plot_ownership(load_journey())
    >>> fig.axes[0].get_label()
    'ownership'
    >>> plt.close(fig)
    """
    journey = _check_journey(journey)
    matrix = ownership_matrix(journey)
    fig = plt.figure(figsize=A4_LANDSCAPE)
    ax = fig.add_axes((0.16, 0.32, 0.82, 0.56), label="ownership")
    fig.text(0.01, 0.975, title or f"Who owns each moment: {journey.name}", fontsize=13,
             weight="bold", va="top")
    fig.text(0.01, 0.94, "\u25a0 owns the touchpoint (solid dark square)", fontsize=9, va="top",
             color=_OWNS)
    fig.text(0.3, 0.94, "\u25a8 owns a process step behind it: supports (light, hatched)",
             fontsize=9, va="top", color="0.2")
    n_rows, n_cols = matrix.shape
    for r in range(n_rows):
        for c in range(n_cols):
            cell = matrix.iat[r, c]
            if cell == "owns":
                ax.add_patch(plt.Rectangle((c + 0.1, r + 0.1), 0.8, 0.8, facecolor=_OWNS,
                                           edgecolor=_OWNS))
            elif cell:
                ax.add_patch(plt.Rectangle((c + 0.1, r + 0.1), 0.8, 0.8, facecolor=_SUPPORTS,
                                           edgecolor="white", hatch="////", lw=0))
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)
    names = {t.id: t.name for t in journey.touchpoints}
    ax.set_xticks([c + 0.5 for c in range(n_cols)],
                  [f"{tid} {textwrap.shorten(names[tid], 28, placeholder='…')}"
                   for tid in matrix.columns], rotation=90, fontsize=MIN_FONT_SIZE)
    ax.set_yticks([r + 0.5 for r in range(n_rows)], list(matrix.index), fontsize=8)
    ax.tick_params(length=0)
    previous = None
    for c, tid in enumerate(matrix.columns):
        stage = journey.touchpoint(tid).stage
        if stage != previous:
            if previous is not None:
                ax.axvline(c, color="0.5", lw=0.8)
            ax.text(c + 0.05, 1.01, journey.stage(stage).name, fontsize=MIN_FONT_SIZE,
                    rotation=30, ha="left", va="bottom", transform=ax.get_xaxis_transform())
            previous = stage
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_color("0.7")
    helpers = (matrix != "").sum(axis=0)
    busiest = helpers.idxmax()
    unowned = [d for d in matrix.index if not (matrix.loc[d] == "owns").any()]
    text = (f"Who owns each moment of {journey.name}: a grid of {n_rows} departments by "
            f"{n_cols} touchpoints with a solid square where the "
            f"department owns the touchpoint, a hatched one where it owns a process step "
            f"behind it. {busiest} {names[busiest]} involves the most departments "
            f"({int(helpers.max())}).")
    if unowned:
        text += f" Departments that own no touchpoint: {', '.join(unowned)}."
    describe(fig, text)
    return fig
