"""Interactive front ends for module 01 (imported only by notebooks).

Every control has a visible label that fits (no label is cut short) and is the name a screen
reader says (:class:`cxlab._slider.Slider`, a browser's own range input); sliders move with
the arrow keys once focused (Tab reaches each one), and the Erlang calculator's figure is an
image with a text alternative that follows the sliders.
"""

from __future__ import annotations

import base64
import html
import io

import ipywidgets as widgets

from .._slider import Slider
from .erlang import traffic_intensity

__all__ = ["calculator_summary", "erlang_calculator", "workload_explorer", "workload_sentence"]


def workload_sentence(calls: float, aht_seconds: float, interval_seconds: float = 1800) -> str:
    """The workload in words, as the welcome notebook's slider shows it.

    >>> workload_sentence(100, 180)
    '100 calls x 180 s in 30 minutes = 10.0 Erlangs: enough work to keep 10 agents busy \
for the whole 30 minutes, if calls arrived perfectly evenly.'
    """
    erlangs = traffic_intensity(calls, aht_seconds, interval_seconds)
    minutes = f"{interval_seconds / 60:g} minutes"
    if erlangs == 0:
        meaning = "no work at all"
    else:
        agents = f"{erlangs:.0f}" if abs(erlangs - round(erlangs)) < 0.05 else f"{erlangs:.1f}"
        meaning = (
            f"enough work to keep {agents} agents busy for the whole {minutes}, "
            "if calls arrived perfectly evenly"
        )
    return (
        f"{calls:,.0f} calls x {aht_seconds:,.0f} s in {minutes} = {erlangs:.1f} Erlangs: "
        f"{meaning}."
    )


class _LiveText(widgets.VBox):
    """Sliders and a text that follows them, without ipywidgets' Output capture.

    Output-widget capture (used by ``interact``) sometimes leaves papermill waiting for a
    reply until its timeout; plain HTML and Image widgets updated from Python do not. The
    plain-text form (what papermill and static viewers show) is the current text.
    """

    def __init__(self, controls: dict[str, Slider], render) -> None:
        self.controls = controls
        self._render = render
        self.text = widgets.HTML()
        for control in controls.values():
            control.observe(lambda _change: self.update(), names="value")
        super().__init__(children=[*controls.values(), self.text, *self._extra()])
        self.update()

    def _extra(self) -> list[widgets.Widget]:
        return []

    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def plain_text(self) -> str:
        return self._render(**self.values())

    def update(self) -> None:
        text = html.escape(self.plain_text()).replace("\n", "<br>")
        self.text.value = f"<div style='font-size: 1.05em; line-height: 1.5'>{text}</div>"

    def __repr__(self) -> str:
        return self.plain_text()

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle["text/plain"] = self.plain_text()
        return bundle


def workload_explorer(calls: int = 100, aht_seconds: int = 180) -> _LiveText:
    """Two sliders (calls per half hour, AHT) and the workload they make, in words."""
    return _LiveText(
        {
            "calls": Slider(value=calls, min=0, max=300, step=5, name="calls",
                            description="Calls / 30 min", description_width="8em"),
            "aht_seconds": Slider(value=aht_seconds, min=30, max=900, step=10,
                                  name="aht_seconds", description="AHT (seconds)",
                                  description_width="8em"),
        },
        workload_sentence,
    )


def calculator_summary(calls: float, aht_seconds: float, threshold_seconds: float,
                       target_sl: float, shrinkage: float, patience_seconds: float) -> str:
    """The Erlang calculator's numbers as plain text (also what papermill shows).

    >>> print(calculator_summary(100, 180, 20, 0.8, 0.3, 300))  # doctest: +NORMALIZE_WHITESPACE
    Workload: 100 calls x 180 s / 1,800 s = 10.0 Erlangs
    Agents needed for 80% in 20 s (Erlang C): 14 on the phones, 20 scheduled with 30% shrinkage
    With 14 agents (Erlang C, nobody hangs up): service level 88.8%, ASA 7.8 s, occupancy 71.4%
    With 14 agents (Erlang A, mean patience 300 s): service level 91.7% of offered,
    1.4% abandon, ASA 3.9 s, occupancy 70.4%
    Service level here = calls answered within 20 s / calls offered.
    """
    from .erlang import (
        agents_required,
        asa,
        erlang_a,
        occupancy,
        scheduled_staff,
        service_level,
    )

    a = traffic_intensity(calls, aht_seconds)
    n = agents_required(a, aht_seconds, threshold_seconds, target_sl)
    lines = [f"Workload: {calls:,.0f} calls x {aht_seconds:,.0f} s / 1,800 s = {a:.1f} Erlangs"]
    if n == 0:
        return lines[0] + "\nNo calls: no agents needed."
    r = erlang_a(n, a, aht_seconds, patience_seconds, threshold_seconds)
    lines += [
        f"Agents needed for {target_sl:.0%} in {threshold_seconds:g} s (Erlang C): {n} on the "
        f"phones, {scheduled_staff(n, shrinkage)} scheduled with {shrinkage:.0%} shrinkage",
        f"With {n} agents (Erlang C, nobody hangs up): service level "
        f"{service_level(n, a, aht_seconds, threshold_seconds):.1%}, ASA "
        f"{asa(n, a, aht_seconds):.1f} s, occupancy {occupancy(n, a):.1%}",
        f"With {n} agents (Erlang A, mean patience {patience_seconds:g} s): service level "
        f"{r.service_level:.1%} of offered,\n{r.p_abandon:.1%} abandon, ASA {r.asa:.1f} s, "
        f"occupancy {r.occupancy:.1%}",
        f"Service level here = calls answered within {threshold_seconds:g} s / calls offered.",
    ]
    return "\n".join(lines)


class _Calculator(_LiveText):
    """The Erlang calculator: the numbers as text and, under them, the staffing curve as an
    image whose ``alt`` text says what it shows (both follow the sliders)."""

    def update(self) -> None:
        super().update()
        png, self.figure_text = self.picture()
        if png:
            data = base64.b64encode(png).decode("ascii")
            alt = html.escape(self.figure_text, quote=True)
            self.text.value += (f'<img src="data:image/png;base64,{data}" alt="{alt}" '
                                'style="max-width: 780px; width: 100%; height: auto">')

    def picture(self) -> tuple[bytes, str]:
        """The staffing curve for the current settings as PNG bytes, and its text alternative
        (``b""`` and ``""`` with no calls)."""
        from matplotlib.figure import Figure

        from .._style import figure_description
        from .plots import plot_staffing_curve

        v = self.values()
        if v["calls"] <= 0:
            return b"", ""
        fig = Figure(figsize=(8, 4.6), layout="constrained")
        ax = fig.subplots()
        a = traffic_intensity(v["calls"], v["aht_seconds"])
        plot_staffing_curve(a, v["aht_seconds"], v["threshold_seconds"], v["target_sl"], ax=ax)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=90)
        return buffer.getvalue(), figure_description(fig) or ""


def erlang_calculator(calls: int = 100, aht_seconds: int = 180, threshold_seconds: int = 20,
                      target_sl: float = 0.8, shrinkage: float = 0.3,
                      patience_seconds: int = 300) -> _Calculator:
    """Sliders for calls, AHT, threshold, target, shrinkage and patience; the numbers and the
    staffing curve update as they move."""
    width = "15em"  # "Mean patience (seconds)" fits, not cut short
    wide = widgets.Layout(width="40em")
    # The figure is redrawn when a slider is let go (or moved with a key), not while dragging.
    common = {"description_width": width, "layout": wide, "continuous_update": False}
    controls = {
        "calls": Slider(value=calls, min=0, max=1000, step=5, name="calls",
                        description="Calls per 30 min", **common),
        "aht_seconds": Slider(value=aht_seconds, min=30, max=900, step=10, name="aht_seconds",
                              description="AHT (seconds)", **common),
        "threshold_seconds": Slider(value=threshold_seconds, min=5, max=120, step=5,
                                    name="threshold_seconds",
                                    description="Threshold T (seconds)", **common),
        "target_sl": Slider(value=target_sl, min=0.5, max=0.99, step=0.01, name="target_sl",
                            description="Target service level", readout_format=".0%",
                            **common),
        "shrinkage": Slider(value=shrinkage, min=0.0, max=0.6, step=0.01, name="shrinkage",
                            description="Shrinkage", readout_format=".0%", **common),
        "patience_seconds": Slider(value=patience_seconds, min=10, max=900, step=10,
                                   name="patience_seconds",
                                   description="Mean patience (seconds)", **common),
    }
    return _Calculator(controls, calculator_summary)
