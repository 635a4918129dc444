"""Interactive front ends for module 01 (imported only by notebooks)."""

from __future__ import annotations

import ipywidgets as widgets

from .erlang import traffic_intensity

__all__ = ["workload_explorer", "workload_sentence"]


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


def workload_explorer(calls: int = 100, aht_seconds: int = 180) -> widgets.interactive:
    """Two sliders (calls per half hour, AHT) and the workload they make, in words."""

    def show(calls: int, aht_seconds: int) -> None:
        print(workload_sentence(calls, aht_seconds))

    return widgets.interactive(
        show,
        calls=widgets.IntSlider(
            value=calls, min=0, max=300, step=5, description="Calls / 30 min",
            style={"description_width": "initial"},
        ),
        aht_seconds=widgets.IntSlider(
            value=aht_seconds, min=30, max=900, step=10, description="AHT (seconds)",
            style={"description_width": "initial"},
        ),
    )
