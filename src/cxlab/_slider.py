"""A slider a screen reader names and the keyboard moves (issue 18), for the notebooks' widgets.

ipywidgets' sliders draw their handle as a ``<div role="slider">`` without an accessible name,
and ipywidgets offers no way to give it one. :class:`Slider` is a browser's own
``<input type="range">`` with a ``<label>`` that holds the visible label, so a screen reader
reads "Calls per 30 min, slider, 100"; Tab reaches it, the arrow keys move it one step (Page
Up and Page Down, Home and End as browsers do), and ``aria-valuetext`` says the value as
shown ("80%" rather than 0.8). Beside it a number box (its name: the label and "type a
number") shows the exact value and takes a typed one (a percentage is typed as 80).

It is built on ``anywidget``: its few lines of JavaScript travel with the widget, so it works
in JupyterLab, on Binder and on the hub without trusting the notebook or building an
extension. Its Python side is what ipywidgets' sliders offer the lessons: a ``value`` trait
to read, set and ``observe`` (``interactive_output`` works with it), ``min``, ``max``,
``step``, ``description`` and ``readout_format``.

>>> s = Slider(value=0.8, min=0.5, max=0.99, step=0.01, description="Target service level",
...            readout_format=".0%", name="target_sl")
>>> s.readout()
'80%'
>>> s.value = 1.2
Traceback (most recent call last):
...
cxlab.CxlabValueError: target_sl must be in [0.5, 0.99], got 1.2
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import anywidget
import traitlets

from ._validation import CxlabValueError, check_choice, check_in_range, check_positive

__all__ = ["Slider"]

#: The readout formats the slider shows (its JavaScript knows these): whole numbers, a number
#: with one or two decimals, a percentage.
FORMATS = ("d", ".0f", ".1f", ".2f", ".0%", ".1%")

_ESM = r"""
// The value as shown: "d" whole numbers, ".Nf" N decimals, ".N%" a percentage.
function format(value, spec) {
  let m = /^\.(\d)%$/.exec(spec);
  if (m) return (value * 100).toFixed(Number(m[1])) + "%";
  m = /^\.(\d)f$/.exec(spec);
  if (m) return value.toFixed(Number(m[1]));
  return String(Math.round(value));
}

function render({ model, el }) {
  // Each widget loads its own copy of this module: the id must not depend on a counter.
  const id = `cxlab-slider-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const percent = () => model.get("readout_format").endsWith("%");
  const scale = () => (percent() ? 100 : 1);
  const tidy = (x) => Number(x.toFixed(10));

  const row = document.createElement("div");
  row.className = "cxlab-slider";
  const label = document.createElement("label");
  label.className = "cxlab-slider-label";
  label.htmlFor = id;
  const slider = document.createElement("input");
  slider.type = "range";
  slider.id = id;
  slider.className = "cxlab-slider-input";
  // The exact value, to read or to type (Enter or leaving the box sets it).
  const number = document.createElement("input");
  number.type = "number";
  number.className = "cxlab-slider-number";
  const unit = document.createElement("span");
  unit.className = "cxlab-slider-unit";
  unit.setAttribute("aria-hidden", "true");
  row.append(label, slider, number, unit);
  el.append(row);

  const show = (value) => {
    const text = format(value, model.get("readout_format"));
    slider.setAttribute("aria-valuetext", text);
    if (document.activeElement !== number) number.value = tidy(value * scale());
  };
  const update = () => {
    const description = model.get("description");
    label.textContent = description;
    label.style.width = model.get("description_width");
    slider.min = model.get("min");
    slider.max = model.get("max");
    slider.step = model.get("step");
    slider.value = model.get("value");
    number.min = tidy(model.get("min") * scale());
    number.max = tidy(model.get("max") * scale());
    number.step = tidy(model.get("step") * scale());
    number.setAttribute("aria-label", `${description}: type a number`);
    unit.textContent = percent() ? "%" : "";
    slider.disabled = number.disabled = model.get("disabled");
    show(model.get("value"));
  };
  const send = (value) => {
    model.set("value", value);
    model.save_changes();
  };
  slider.addEventListener("input", () => {
    show(slider.valueAsNumber);
    if (model.get("continuous_update")) send(slider.valueAsNumber);
  });
  slider.addEventListener("change", () => send(slider.valueAsNumber));
  number.addEventListener("change", () => {
    const typed = number.valueAsNumber / scale();
    if (Number.isNaN(typed)) return update();  // not a number: show the value again
    const [low, high, step] = ["min", "max", "step"].map((k) => model.get(k));
    const snapped = low + Math.round((Math.min(high, Math.max(low, typed)) - low) / step) * step;
    send(tidy(Math.min(high, snapped)));
    update();
  });
  number.addEventListener("keydown", (event) => {
    if (event.key === "Enter") number.blur();
  });
  // A focused range input takes no text, so JupyterLab's notebook would read its keys as
  // commands (an arrow selects another cell, "d d" deletes one): they stay with the slider,
  // but for Escape (back to the notebook).
  slider.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") event.stopPropagation();
  });
  model.on("change", update);
  update();
  return () => model.off("change", update);
}

export default { render };
"""

_CSS = """
.cxlab-slider {
  display: flex;
  align-items: center;
  gap: 8px;
  min-height: var(--jp-widgets-inline-height, 28px);
  font-size: var(--jp-widgets-font-size, 13px);
  color: var(--jp-widgets-label-color, var(--jp-ui-font-color1, #000));
}
.cxlab-slider-label { flex: none; white-space: nowrap; overflow: hidden; }
.cxlab-slider-input {
  flex: 1 1 auto;
  min-width: 120px;
  accent-color: var(--jp-brand-color1, #1976d2);
}
.cxlab-slider-number {
  flex: none;
  width: 5.5em;
  font: inherit;
  color: var(--jp-widgets-input-color, var(--jp-ui-font-color1, #000));
  background: var(--jp-widgets-input-background-color, var(--jp-layout-color1, #fff));
  border: 1px solid var(--jp-widgets-input-border-color, #9e9e9e);
}
.cxlab-slider-input:focus-visible, .cxlab-slider-number:focus-visible {
  outline: 2px solid var(--jp-brand-color1, #1976d2);
  outline-offset: 2px;
}
.cxlab-slider-unit { flex: none; min-width: 1em; }
"""


class Slider(anywidget.AnyWidget):
    """A labelled slider: ``description`` is both what the page shows and what a screen
    reader says; ``name`` (the parameter it sets) is what error messages call it."""

    _esm = _ESM
    _css = _CSS

    #: Any: a wrong value gets cxlab's message from the check below, not traitlets' own.
    value = traitlets.Any(0.0).tag(sync=True)
    min = traitlets.Float(0.0).tag(sync=True)
    max = traitlets.Float(100.0).tag(sync=True)
    step = traitlets.Float(1.0).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    description_width = traitlets.Unicode("").tag(sync=True)
    readout_format = traitlets.Unicode("d").tag(sync=True)
    continuous_update = traitlets.Bool(True).tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)

    def __init__(self, *, value: float, min: float, max: float, step: float,
                 description: str, name: str, readout_format: str = "d",
                 description_width: str = "", **kwargs: Any) -> None:
        if not description.strip():
            raise CxlabValueError(f"description must name the slider, got {description!r}")
        check_choice("readout_format", readout_format, FORMATS)
        check_positive("step", step, scalar=True)
        if not float(min) < float(max):
            raise CxlabValueError(f"min must be below max, got min {min:g} and max {max:g}")
        self._name = name
        self._integer = readout_format == "d"
        super().__init__(min=min, max=max, step=step, description=description,
                         readout_format=readout_format, description_width=description_width,
                         **kwargs)
        self.value = value

    @traitlets.validate("value")
    def _check_value(self, proposal: dict) -> float:
        value = check_in_range(getattr(self, "_name", "value"), proposal["value"],
                               self.min, self.max, scalar=True)
        return int(round(value)) if getattr(self, "_integer", False) else value

    @property
    def style(self) -> SimpleNamespace:
        """The width set aside for the label, as ipywidgets' ``style.description_width``."""
        return SimpleNamespace(description_width=self.description_width)

    def readout(self) -> str:
        """The value as the slider shows it (``readout_format``)."""
        return f"{self.value:.0f}" if self._integer else format(self.value, self.readout_format)
