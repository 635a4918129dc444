"""Interactive front ends for module 01 (imported only by notebooks)."""

from __future__ import annotations

import ipywidgets as widgets

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


def erlang_calculator(calls: int = 100, aht_seconds: int = 180, threshold_seconds: int = 20,
                      target_sl: float = 0.8, shrinkage: float = 0.3,
                      patience_seconds: int = 300) -> widgets.interactive:
    """Sliders for calls, AHT, threshold, target, shrinkage and patience; numbers and the
    staffing curve update as they move."""
    import matplotlib.pyplot as plt

    from .plots import plot_staffing_curve

    def show(calls, aht_seconds, threshold_seconds, target_sl, shrinkage, patience_seconds):
        print(calculator_summary(calls, aht_seconds, threshold_seconds, target_sl, shrinkage,
                                 patience_seconds))
        if calls > 0:
            a = traffic_intensity(calls, aht_seconds)
            plot_staffing_curve(a, aht_seconds, threshold_seconds, target_sl)
            plt.show()

    style = {"description_width": "12em"}
    wide = widgets.Layout(width="34em")
    return widgets.interactive(
        show,
        calls=widgets.IntSlider(value=calls, min=0, max=1000, step=5,
                                description="Calls per 30 min", style=style, layout=wide),
        aht_seconds=widgets.IntSlider(value=aht_seconds, min=30, max=900, step=10,
                                      description="AHT (seconds)", style=style, layout=wide),
        threshold_seconds=widgets.IntSlider(value=threshold_seconds, min=5, max=120, step=5,
                                            description="Threshold T (seconds)", style=style,
                                            layout=wide),
        target_sl=widgets.FloatSlider(value=target_sl, min=0.5, max=0.99, step=0.01,
                                      description="Target service level", readout_format=".0%",
                                      style=style, layout=wide),
        shrinkage=widgets.FloatSlider(value=shrinkage, min=0.0, max=0.6, step=0.01,
                                      description="Shrinkage", readout_format=".0%",
                                      style=style, layout=wide),
        patience_seconds=widgets.IntSlider(value=patience_seconds, min=10, max=900, step=10,
                                           description="Mean patience (seconds)", style=style,
                                           layout=wide),
    )
