"""What a manager sees, checked in JupyterLab in headless Chromium (issue 18).

* a lesson's figure reaches the page as an image whose ``alt`` text is its description
  (JupyterLab's HTML sanitiser keeps it), with numbers worked out here from the data;
* the Erlang calculator's labels are not cut short and name its sliders for a screen reader;
  Tab reaches each slider, the right arrow moves it and the numbers and figure follow;
* after Run All, nothing in the outputs is raw Python (``dtype:``, ``Name:``, ``NaN``,
  ``<Figure size ...>``, an object's address) and every image has a text alternative;
* axe-core (``npm ci --prefix tests/browser``) finds no contrast, missing alt text, unlabelled
  control or header problem in the outputs, sliders included.

Screenshots of key figures are kept in ``test-artifacts/screenshots/`` for a person to look at.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
WELCOME = "course/00-start-here/00.01-welcome.ipynb"
ERLANG = "course/01-service-level/01.02-erlang-c-and-the-staffing-table.ipynb"
OUTPUTS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output"
#: Raw Python a participant must never see in an output.
RAW = re.compile(r"dtype: \w+|^Name: |<NA>|\bNaN\b|<Figure size|<[\w.]+ (object )?at 0x", re.M)


def _shots():
    folder = ROOT / "test-artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _no_errors(app) -> None:
    errors = app.errors[app.first_error:]
    assert errors == [], "errors in the browser console:\n" + "\n".join(errors)


def _week_totals() -> tuple[int, str, int]:
    """All calls of the sample week, its busiest day and that day's calls (pandas, here)."""
    week = pd.read_csv(ROOT / "src" / "cxlab" / "data" / "voice_week.csv",
                       parse_dates=["interval_start"])
    days = week.groupby(week["interval_start"].dt.day_name())["offered"].sum()
    return int(days.sum()), str(days.idxmax()), int(days.max())


def test_a_figure_reaches_the_page_with_its_text_alternative(app) -> None:
    app.open_from_path(WELCOME)
    app.run_all()
    total, busiest, most = _week_totals()
    figure = app.page.locator(f"{OUTPUTS} img[alt^='Bar chart of calls offered']")
    expect(figure).to_have_count(1)
    alt = figure.get_attribute("alt")
    assert f"{total:,} calls in all, most on {busiest} ({most:,})" in alt, alt
    assert figure.evaluate("img => img.complete && img.naturalWidth") > 300
    figure.scroll_into_view_if_needed()
    figure.screenshot(path=str(_shots() / "figure-week-of-calls.png"))
    _no_errors(app)


#: The Erlang calculator's sliders, in page order, by the names a screen reader says.
SLIDERS = ["Calls per 30 min", "AHT (seconds)", "Threshold T (seconds)", "Target service level",
           "Shrinkage", "Mean patience (seconds)"]

_FOCUSED = """() => {
    const e = document.activeElement;
    return [e.getAttribute('role') || e.type, e.labels && e.labels.length
            ? e.labels[0].textContent : e.getAttribute('aria-label')];
}"""


def test_erlang_calculator_labels_fit_and_sliders_follow_the_keyboard(app) -> None:
    app.open_from_path(ERLANG)
    app.run_all()
    output = app.output_with(".cxlab-slider", "Calls per 30 min")
    output.scroll_into_view_if_needed()

    labels = output.locator(".cxlab-slider-label")
    expect(labels).to_have_count(6)
    for i in range(labels.count()):
        text, scroll, client = labels.nth(i).evaluate(
            "e => [e.textContent, e.scrollWidth, e.clientWidth]")
        assert text and scroll <= client, f"the label {text!r} is cut ({scroll} > {client} px)"

    # Every slider is named by its label, and Tab reaches each in turn, each followed by the
    # box for its exact value.
    sliders = [output.get_by_role("slider", name=name, exact=True) for name in SLIDERS]
    for slider in sliders:
        expect(slider).to_have_count(1)
    sliders[0].focus()
    reached = []
    for _ in range(12):
        reached.append(tuple(app.page.evaluate(_FOCUSED)))
        app.page.keyboard.press("Tab")
    assert reached == [pair for name in SLIDERS
                       for pair in (("range", name), ("number", f"{name}: type a number"))]

    # Tab from the calls box to the AHT slider; the right arrow moves it one step (10 s) and
    # the numbers and the figure follow.
    aht = sliders[1]
    output.get_by_role("spinbutton", name="Calls per 30 min: type a number").focus()
    app.page.keyboard.press("Tab")
    expect(aht).to_be_focused()
    before = int(aht.input_value())
    app.page.keyboard.press("ArrowRight")
    after = before + 10
    expect(aht).to_have_value(str(after))
    expect(aht).to_have_attribute("aria-valuetext", str(after))
    expect(output.get_by_role("spinbutton", name="AHT (seconds): type a number")).to_have_value(
        str(after))
    calls = int(sliders[0].input_value())
    erlangs = calls * after / 1800
    summary = output.locator(".widget-html-content").first
    expect(summary).to_contain_text(f"{calls:,.0f} calls x {after:,.0f} s / 1,800 s = "
                                    f"{erlangs:.1f} Erlangs")
    picture = output.locator("img")
    expect(picture).to_have_attribute("alt", re.compile(rf"handling {erlangs:.1f} Erlangs"))
    # The focus stayed on the slider (the notebook did not take the key as a command).
    expect(aht).to_be_focused()
    # A percentage reads as one.
    expect(sliders[3]).to_have_attribute("aria-valuetext", "80%")
    picture.scroll_into_view_if_needed()
    output.screenshot(path=str(_shots() / "erlang-calculator.png"))
    _no_errors(app)


LESSONS = [
    "course/01-service-level/01.05-abandonment-and-erlang-a.ipynb",
    "course/04-prioritisation/04.04-roadmap-and-change-board.ipynb",
    "course/05-journey-mapping/05.03-voice-of-the-customer.ipynb",
]


@pytest.mark.parametrize("path", LESSONS)
def test_no_raw_python_output_after_run_all(app, path: str) -> None:
    app.open_from_path(path)
    app.run_all()
    texts = app.page.locator(OUTPUTS).all_inner_texts()
    assert texts, f"{path} shows no output"
    raw = [(i, m.group(0)) for i, text in enumerate(texts) if (m := RAW.search(text))]
    assert not raw, f"{path} shows raw Python output: {raw[:5]}"
    images = app.page.locator(f"{OUTPUTS} img")
    for i in range(images.count()):
        alt = images.nth(i).get_attribute("alt") or ""
        assert len(alt) > 30, f"{path}: image {i} has no text alternative"
    _no_errors(app)


#: axe-core rules run on the outputs: text contrast (WCAG AA), alt text, labels and names of
#: controls, and table headers a screen reader relies on.
AXE_RULES = ["color-contrast", "image-alt", "label", "button-name", "aria-allowed-attr",
             "aria-input-field-name", "empty-table-header", "th-has-data-cells",
             "td-has-header", "scope-attr-valid"]
_RUN_AXE = """async (rules) => {
    const include = [...document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output')];
    const result = await axe.run({include}, {runOnly: {type: 'rule', values: rules}});
    return result.violations.map(v => ({
        rule: v.id, count: v.nodes.length,
        examples: v.nodes.slice(0, 3).map(n => n.html.slice(0, 160))}));
}"""


@pytest.mark.parametrize("path", [WELCOME, ERLANG, LESSONS[2],
                                  "course/05-journey-mapping/05.02-touchpoints-and-emotions.ipynb"])
def test_axe_finds_no_accessibility_problem_in_the_outputs(app, path: str) -> None:
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed: run `npm ci --prefix tests/browser` "
                    f"(expected {AXE.relative_to(ROOT)})", pytrace=False)
    app.open_from_path(path)
    app.run_all()
    app.page.add_script_tag(path=str(AXE))
    violations = app.page.evaluate(_RUN_AXE, AXE_RULES)
    assert violations == [], f"{path}: axe-core found {violations}"


def test_screenshots_of_key_figures(app) -> None:
    """Keep the journey map and the NPS chart for a person to look at (legibility, colours)."""
    for path, alt, name in [
        ("course/05-journey-mapping/05.02-touchpoints-and-emotions.ipynb", "Journey map of",
         "figure-journey-map.png"),
        (LESSONS[2], "Dot chart of NPS", "figure-nps-per-touchpoint.png"),
    ]:
        app.open_from_path(path)
        app.run_all()
        figure = app.page.locator(f"{OUTPUTS} img[alt^='{alt}']")
        expect(figure).to_have_count(1)
        figure.scroll_into_view_if_needed()
        figure.screenshot(path=str(_shots() / name))
        app.close_all()
    _no_errors(app)


def test_the_alt_text_survives_jupyterlabs_sanitiser_in_an_untrusted_notebook(app) -> None:
    """A notebook with saved outputs that this browser did not run (a participant's file
    opened by a trainer) is untrusted: JupyterLab sanitises its HTML. The figure and its
    alt text must survive that."""
    import json

    import matplotlib.pyplot as plt

    from cxlab._style import describe
    from cxlab.show import _figure_html

    fig, ax = plt.subplots(figsize=(4, 2))
    ax.bar(["Mon", "Tue"], [1742, 1601])
    describe(ax, "Bar chart of calls: 1,742 on Monday and 1,601 on Tuesday.")
    html = _figure_html(fig)
    plt.close(fig)
    notebook = {
        "cells": [{"cell_type": "code", "execution_count": 1, "id": "c1", "metadata": {},
                   "source": "plots.plot_week(week);",
                   "outputs": [{"output_type": "display_data", "metadata": {},
                                "data": {"text/html": html,
                                         "text/plain": "Figure: Bar chart of calls."}}]}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"},
                     "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    (app.server.root / "untrusted-figure.ipynb").write_text(json.dumps(notebook))
    app.open_from_path("untrusted-figure.ipynb")
    figure = app.page.locator(f"{OUTPUTS} img")
    expect(figure).to_have_attribute(
        "alt", "Bar chart of calls: 1,742 on Monday and 1,601 on Tuesday.")
    assert figure.evaluate("img => img.complete && img.naturalWidth") > 100
    _no_errors(app)
