"""The labelled slider (cxlab._slider): what Python sees of it. The browser tests
(tests/browser/test_accessibility.py, test_participant.py) check its name, keys and page."""

from __future__ import annotations

import ipywidgets
import pytest

from cxlab import CxlabValueError
from cxlab._slider import FORMATS, Slider


def _slider(**kwargs) -> Slider:
    options = {"value": 180, "min": 30, "max": 900, "step": 10, "description": "AHT (seconds)",
               "name": "aht_seconds"}
    return Slider(**{**options, **kwargs})


def test_whole_number_slider_keeps_whole_numbers() -> None:
    s = _slider()
    assert s.value == 180 and isinstance(s.value, int)
    s.value = 240.0  # what the browser may send
    assert s.value == 240 and isinstance(s.value, int)
    assert s.readout() == "240"


def test_percentage_slider_reads_as_a_percentage() -> None:
    s = _slider(value=0.8, min=0.5, max=0.99, step=0.01, readout_format=".0%",
                description="Target service level", name="target_sl")
    assert s.value == 0.8 and isinstance(s.value, float)
    assert s.readout() == "80%"


@pytest.mark.parametrize(("value", "message"), [
    (1000, "aht_seconds must be in [30, 900], got 1000"),
    (10, "aht_seconds must be in [30, 900], got 10"),
    ("many", "aht_seconds must be a number, got 'many'"),
    (True, "aht_seconds must be a number, got True"),
    (float("nan"), "aht_seconds must be"),
])
def test_a_value_outside_the_slider_is_refused_with_its_name(value, message) -> None:
    with pytest.raises(CxlabValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        _slider(value=value)
    s = _slider()
    with pytest.raises(CxlabValueError, match="aht_seconds must"):
        s.value = value
    assert s.value == 180, "a refused value leaves the slider as it was"


def test_bad_settings_are_refused_with_their_names() -> None:
    with pytest.raises(CxlabValueError, match="readout_format must be one of 'd', "):
        _slider(readout_format=".3e")
    with pytest.raises(CxlabValueError, match="step must be positive"):
        _slider(step=0)
    with pytest.raises(CxlabValueError, match="min must be below max, got min 900 and max 30"):
        _slider(min=900, max=30)
    with pytest.raises(CxlabValueError, match="description must name the slider"):
        _slider(description="  ")


def test_the_browser_gets_the_label_and_settings() -> None:
    state = _slider(description_width="15em").get_state()
    assert state["description"] == "AHT (seconds)"
    assert (state["value"], state["min"], state["max"], state["step"]) == (180, 30, 900, 10)
    assert state["description_width"] == "15em" and state["readout_format"] == "d"
    assert state["_view_module"] == "anywidget"
    assert 'type = "range"' in state["_esm"] and "htmlFor" in state["_esm"]


@pytest.mark.parametrize(("fmt", "value", "shown"), [
    ("d", 95, "95"), (".0f", 2.4, "2"), (".1f", 2.45, "2.5"), (".2f", 0.5, "0.50"),
    (".0%", 0.3, "30%"), (".1%", 0.125, "12.5%")])
def test_every_readout_format_is_shown(fmt: str, value: float, shown: str) -> None:
    assert fmt in FORMATS
    s = _slider(value=value, min=0, max=100, step=0.01, readout_format=fmt)
    assert s.readout() == shown


def test_observe_and_interactive_output_follow_the_value() -> None:
    """What lessons do with ipywidgets' sliders works with this one."""
    s = _slider()
    seen = []
    s.observe(lambda change: seen.append(change["new"]), names="value")
    shown = []
    out = ipywidgets.interactive_output(lambda aht: shown.append(aht), {"aht": s})
    assert isinstance(out, ipywidgets.Output) and shown == [180]
    s.value = 250
    assert seen == [250] and shown == [180, 250]
