"""The progress figure: per module, the share of lessons opened, exercises right and practice
points, each bar labelled with its count (meaning never by colour alone)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np

from .._style import colour, describe
from .._validation import CxlabValueError
from . import ModuleProgress, Progress

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_progress"]

#: (label, colour, hatch) of the three bars of a module.
_MEASURES = (
    ("Lessons opened", "blue", ""),
    ("Exercises right", "orange", "//"),
    ("Practice quiz points", "sky_blue", ".."),
)


def _measures(module: ModuleProgress) -> list[tuple[float | None, str]]:
    """(share in %, or None when there is nothing to share; the label) per measure."""
    points = f"{module.practice_points:.1f}".removesuffix(".0")
    return [
        (_share(module.lessons_opened, module.lessons),
         _label(module.lessons_opened, module.lessons) + " lessons opened"),
        (_share(module.exercises_right, module.exercises),
         _label(module.exercises_right, module.exercises) + " exercises right"),
        (_share(module.practice_points, module.practice_tried),
         f"{points} of {module.practice_tried} practice points" if module.practice_tried
         else "no practice question tried"),
    ]


def _share(count: float, total: int | None) -> float | None:
    return 100 * count / total if total else None


def _label(count: int, total: int | None) -> str:
    return f"{count} of {total}" if total is not None else f"{count}"


def _sentence(module: ModuleProgress) -> str:
    (_, lessons), (_, right), (_, practice) = _measures(module)
    return (f"module {module.module} {module.title}: {lessons}, {right}, {practice}, "
            f"assessment {module.assessment}")


def plot_progress(progress: Progress, *, ax: Axes | None = None) -> Axes:
    """Your progress by module as bars: lessons opened, exercises right, practice points.

    Each bar is a share of what there is (lessons and exercises of the course; points of
    the practice questions tried) and carries its count as text, so the figure reads without
    its colours.

    Parameters
    ----------
    progress : Progress
        From :func:`cxlab.progress.summarise` or :func:`cxlab.progress.load`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from cxlab import progress
    >>> ax = plot_progress(progress.summarise([]))
    >>> ax.get_xlabel()
    'Done (% of what there is)'
    """
    if not isinstance(progress, Progress):
        raise CxlabValueError(f"progress must be a Progress (cxlab.progress.summarise); got "
                              f"{type(progress).__name__}")
    modules = progress.modules
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 1.0 + 0.6 * max(len(modules), 1)),
                             layout="constrained")
    rows = np.arange(len(modules))
    height = 0.26
    for index, (label, name, hatch) in enumerate(_MEASURES):
        where = rows + (index - 1) * height
        for row, module in zip(where, modules, strict=True):
            share, text = _measures(module)[index]
            ax.barh(row, share or 0.0, height=height * 0.92, color=colour(name), hatch=hatch,
                    edgecolor="black", linewidth=0.6,
                    label=label if row == where[0] else None)
            ax.text((share or 0.0) + 1.5, row, text, va="center", fontsize=8)
    ax.set_yticks(rows, [f"{m.module} {m.title}" for m in modules])
    ax.invert_yaxis()
    ax.set_xlim(0, 135)
    ax.set_xticks(range(0, 101, 25))
    ax.set_xlabel("Done (% of what there is)")
    ax.set_title("Your progress by module")
    ax.legend(loc="lower right", fontsize=8, frameon=True)
    ax.spines[["top", "right"]].set_visible(False)
    started = [m for m in modules if m.lessons_opened or m.exercises_tried
               or m.practice_tried or m.assessment_answered is not None]
    text = (f"Bars for each of the {len(modules)} modules: the share of lessons opened, of "
            "exercises right and of practice-quiz points, each labelled with its count. ")
    if started:
        text += "So far: " + "; ".join(_sentence(m) for m in started) + "."
    else:
        text += "Nothing is recorded yet, so every bar is empty."
    describe(ax, text)
    return ax
