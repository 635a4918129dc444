"""One look for every figure: colour-blind-safe colours and a text alternative per figure.

The colours are the Okabe-Ito palette (Okabe and Ito, *Color Universal Design*, 2008), which
stays distinguishable for the common forms of colour blindness; sequential scales use
``cividis`` and diverging ones ``PuOr`` (never a red-to-green scale). Colour never carries
meaning alone: a figure that marks something by colour also marks it by a label, a pattern or a
marker shape.

Every figure a lesson shows gets a short text alternative with :func:`describe`: one or two
plain sentences saying what the figure shows and what to read from it. The text is kept on the
figure (``figure_description(fig)`` reads it back), so the notebook display hook can hand it to
screen readers and tests can check that no figure is without one.

This module imports matplotlib only inside the functions that need it, so the model layer can
import it freely.
"""

from __future__ import annotations

from typing import Any

from ._validation import CxlabValueError

__all__ = [
    "DIVERGING",
    "OKABE_ITO",
    "SEQUENTIAL",
    "axes_or_new",
    "colour",
    "describe",
    "figure_description",
]

#: The Okabe-Ito palette, by name. Use ``colour("blue")`` rather than a hex code of your own.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
#: The matplotlib colour map for ordered values (dark blue to yellow, readable in grey).
SEQUENTIAL = "cividis"
#: The matplotlib colour map for values on both sides of a middle (purple to orange).
DIVERGING = "PuOr"

_ATTRIBUTE = "_cxlab_description"


def colour(name: str) -> str:
    """The hex code of a palette colour, by name (see :data:`OKABE_ITO`).

    >>> colour("blue")
    '#0072B2'
    """
    try:
        return OKABE_ITO[name]
    except (KeyError, TypeError):
        raise CxlabValueError(
            f"colour must be one of {', '.join(OKABE_ITO)}; got {name!r}"
        ) from None


def axes_or_new(ax: Any, size: tuple[float, float]) -> Any:
    """``ax`` itself, or the Axes of a new figure of ``size`` inches (constrained layout).

    What a figure function does with its ``ax=None`` argument: draw where it is told, or on a
    figure of its own.

    >>> import matplotlib.pyplot as plt
    >>> ax = axes_or_new(None, (4, 3))
    >>> ax.figure.get_size_inches().tolist(), axes_or_new(ax, (8, 8)) is ax
    ([4.0, 3.0], True)
    >>> plt.close("all")
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def describe(figure: Any, text: str) -> Any:
    """Attach a text alternative to ``figure`` (a matplotlib Figure or Axes); return it.

    ``text`` is one or two plain sentences: what is shown and what to read from it.
    """
    fig = getattr(figure, "figure", figure)
    if not hasattr(fig, "savefig"):
        raise CxlabValueError(
            f"figure must be a matplotlib Figure or Axes; got {type(figure).__name__}"
        )
    if not isinstance(text, str) or not text.strip():
        raise CxlabValueError(f"text must be a sentence describing the figure; got {text!r}")
    setattr(fig, _ATTRIBUTE, " ".join(text.split()))
    from .show import install_figure_display  # in a notebook, the text becomes the alt text

    install_figure_display()
    return figure


def figure_description(figure: Any) -> str | None:
    """The text alternative attached by :func:`describe`, or None if there is none."""
    fig = getattr(figure, "figure", figure)
    return getattr(fig, _ATTRIBUTE, None)
