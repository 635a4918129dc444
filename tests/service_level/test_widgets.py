"""Module 01 widgets update their text and figure from the sliders, without Output capture."""

from __future__ import annotations

from cxlab.service_level import widgets


def test_calculator_follows_its_sliders() -> None:
    calc = widgets.erlang_calculator()
    assert "14 on the phones, 20 scheduled with 30% shrinkage" in calc.text.value
    png, text = calc.picture()
    assert png.startswith(b"\x89PNG")
    first = calc.text.value
    assert '<img src="data:image/png;base64,' in first
    assert f'alt="{text}"' in first and "14 agents are the fewest that meet 80%" in text
    calc.controls["calls"].value = 150
    assert "15.0 Erlangs" in calc.text.value
    assert calc.text.value != first and "handling 15.0 Erlangs" in calc.figure_text
    calc.controls["calls"].value = 0
    assert "No calls: no agents needed." in calc.text.value and "<img" not in calc.text.value


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


def test_every_control_has_a_label_that_fits() -> None:
    """A label of n characters needs about n x 0.55 em at the widget's font: the space set
    aside for labels (description_width) must hold the longest one (the browser test
    checks the same on the page)."""
    calc = widgets.erlang_calculator()
    width_em = float(calc.controls["calls"].style.description_width.removesuffix("em"))
    for control in calc.controls.values():
        assert control.description, "every slider has a label"
        assert control.style.description_width == f"{width_em:g}em"
        assert len(control.description) * 0.55 < width_em, control.description
