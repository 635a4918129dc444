"""Module 01 widgets update their text and figure from the sliders, without Output capture."""

from __future__ import annotations

from cxlab.service_level import widgets


def test_calculator_follows_its_sliders() -> None:
    calc = widgets.erlang_calculator()
    assert "14 on the phones, 20 scheduled with 30% shrinkage" in calc.text.value
    first = bytes(calc.figure.value)
    assert first.startswith(b"\x89PNG")
    calc.controls["calls"].value = 150
    assert "15.0 Erlangs" in calc.text.value
    assert bytes(calc.figure.value) != first
    calc.controls["calls"].value = 0
    assert "No calls: no agents needed." in calc.text.value and bytes(calc.figure.value) == b""


def test_plain_text_form_is_the_whole_summary() -> None:
    calc = widgets.erlang_calculator(calls=120, aht_seconds=240)
    bundle = calc._repr_mimebundle_()
    assert bundle["text/plain"] == widgets.calculator_summary(120, 240, 20, 0.8, 0.3, 300)
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_workload_explorer_sentence_follows_the_sliders() -> None:
    explorer = widgets.workload_explorer()
    explorer.controls["aht_seconds"].value = 360
    assert "= 20.0 Erlangs" in explorer.text.value
    assert repr(explorer).startswith("100 calls x 360 s")


def test_no_output_widget_is_used() -> None:
    """Output capture stalls papermill now and then; the widgets must not rely on it."""
    import ipywidgets

    for widget in (widgets.erlang_calculator(), widgets.workload_explorer()):
        stack = [widget]
        while stack:
            current = stack.pop()
            assert not isinstance(current, ipywidgets.Output)
            stack.extend(getattr(current, "children", ()))
