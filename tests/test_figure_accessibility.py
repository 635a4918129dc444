"""Every figure of modules 01, 03, 04 and 05 is readable by everyone (issue 18).

For each plot function, drawn on the sample data the lessons use:

* it carries a text alternative (``cxlab._style.describe``) built from the data: one or two
  sentences with the figure's own numbers, which the notebook hands to screen readers;
* every colour it draws with comes from the colour-blind-safe palette (Okabe-Ito), a
  cividis or PuOr colour map, or a grey: no red-to-green scale anywhere;
* its text can be read: dark enough on the white page, and text drawn on a coloured box or
  cell has at least WCAG AA's 4.5:1 contrast with that colour.
"""

from __future__ import annotations

import re

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from cxlab import coaching, data, journey, prioritisation, voc
from cxlab import service_level as sl
from cxlab._style import OKABE_ITO, figure_description
from cxlab.coaching import plots as coaching_plots
from cxlab.journey import plots as journey_plots
from cxlab.prioritisation import plots as prioritisation_plots
from cxlab.service_level import plots as sl_plots
from cxlab.show import contrast_ratio
from cxlab.voc import plots as voc_plots

#: WCAG 2 AA contrast for normal text.
AA = 4.5


def _figures():
    week = data.load("voice_week")
    northwave = journey.load_journey()
    card = data.load_scorecard()
    evaluations = data.load("qa_evaluations")
    backlog = prioritisation.load_backlog()
    roadmap = prioritisation.plan_roadmap(backlog, capacity=[30, 60, 90])
    quick_wins = prioritisation.load_quick_wins()
    responses = data.load("survey_responses")
    summary = voc.score_summary(responses, by="touchpoint")
    scores = coaching.score_evaluations(card, evaluations.drop(columns=["csat"])).evaluations
    return {
        "service_level.plot_week": lambda: sl_plots.plot_week(week),
        "service_level.plot_staffing_curve": lambda: sl_plots.plot_staffing_curve(10, 180),
        "service_level.plot_intraday_plan": lambda: sl_plots.plot_intraday_plan(
            sl.staffing_plan(week), day="Monday"),
        "service_level.plot_sl_distribution": lambda: sl_plots.plot_sl_distribution(
            sl.simulate([100] * 41, aht_seconds=180, agents=14, rng=1), expected=0.888),
        "service_level.plot_pooling": lambda: sl_plots.plot_pooling(sl.pooling(10, 180)),
        "service_level.plot_backlog": lambda: sl_plots.plot_backlog(
            sl.backlog([150, 180, 90], [120] * 3, start_backlog=300), items="emails"),
        "coaching.plot_calibration": lambda: coaching_plots.plot_calibration(
            coaching.calibration_report(card, data.load("qa_calibration"))),
        "coaching.plot_trend": lambda: coaching_plots.plot_trend(scores, agents=["A05", "A12"]),
        "coaching.plot_score_spread": lambda: coaching_plots.plot_score_spread(
            scores, coaching.score_evaluations(card, evaluations.drop(columns=["csat"])).by_agent),
        "coaching.plot_impact": lambda: coaching_plots.plot_impact(
            coaching.behaviour_impact(card, evaluations)),
        "journey.plot_journey_map": lambda: journey_plots.plot_journey_map(northwave),
        "journey.plot_blueprint": lambda: journey_plots.plot_blueprint(northwave),
        "journey.plot_ownership": lambda: journey_plots.plot_ownership(northwave),
        "prioritisation.plot_priority_matrix": lambda: prioritisation_plots.plot_priority_matrix(
            prioritisation.priority_scores(backlog)),
        "prioritisation.plot_rankings": lambda: prioritisation_plots.plot_rankings(
            prioritisation.load_stakeholder_rankings()),
        "prioritisation.plot_roadmap": lambda: prioritisation_plots.plot_roadmap(roadmap),
        "prioritisation.plot_burnup": lambda: prioritisation_plots.plot_burnup(
            prioritisation.campaign_progress(quick_wins["removed_on"], target=99,
                                             start="2027-01-01", end="2027-12-31",
                                             as_of="2027-09-30")),
        "voc.plot_nps": lambda: voc_plots.plot_nps(summary),
    }


FIGURES = _figures()


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _figure(name: str):
    drawn = FIGURES[name]()
    return getattr(drawn, "figure", drawn)


# -- the colours allowed ---------------------------------------------------------------------

_PALETTE = [to_rgb(c) for c in OKABE_ITO.values()]
_PALETTE += [to_rgb(c) for c in prioritisation_plots.STATUS_COLOURS.values()]  # light tints
_PALETTE += [to_rgb(journey_plots._STAR)]  # the darker orange of the moment-of-truth star
_MAPS = [np.asarray(plt.get_cmap(name)(np.linspace(0, 1, 256)))[:, :3]
         for name in ("cividis", "PuOr")]


def _allowed(rgb: tuple[float, float, float]) -> bool:
    rgb = np.asarray(rgb[:3])
    if np.ptp(rgb) < 0.02:  # black, white and greys
        return True
    if any(np.abs(rgb - np.asarray(c)).max() < 0.02 for c in _PALETTE):
        return True
    return any(np.abs(m - rgb).max(axis=1).min() < 0.02 for m in _MAPS)


def _colours(fig) -> list[tuple[str, tuple[float, float, float]]]:
    """(where, RGB) of every colour the figure draws with, legends and colour bars included."""
    found = []

    def add(where: str, colours) -> None:
        for c in np.atleast_2d(matplotlib.colors.to_rgba_array(colours)):
            if c[3] > 0:
                found.append((where, tuple(c[:3])))

    for ax in fig.axes:
        for line in ax.get_lines():
            add("line", line.get_color())
            add("marker", line.get_markerfacecolor())
        for patch in ax.patches:
            add("patch", patch.get_facecolor())
            add("patch edge", patch.get_edgecolor())
        for collection in ax.collections:
            if isinstance(collection, matplotlib.collections.QuadMesh):
                continue  # a colour bar: its colour map is checked below
            add("collection", collection.get_facecolor())
            add("collection edge", collection.get_edgecolor())
        for text in ax.texts:
            add("text", text.get_color())
        for image in ax.images:  # every colour the heatmap can take
            add(f"colour map {image.cmap.name}", image.cmap(np.linspace(0, 1, 64)))
    for text in fig.texts:
        add("figure text", text.get_color())
    return found


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_figure_has_a_text_alternative_from_its_data(name: str) -> None:
    text = figure_description(_figure(name))
    assert text, f"{name} has no text alternative"
    assert 40 <= len(text) <= 900, f"{name}: {len(text)} characters"
    assert re.search(r"\d", text), f"{name}: the text alternative names no number: {text}"
    assert "_" not in text, f"{name}: a code name in the text alternative: {text}"


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_colour_is_colour_blind_safe(name: str) -> None:
    unsafe = [(where, tuple(round(v, 2) for v in rgb)) for where, rgb in _colours(_figure(name))
              if not _allowed(rgb)]
    assert not unsafe, f"{name} draws with colours outside the palette: {unsafe[:5]}"


def _on_white(text) -> bool:
    """Text drawn straight on the page (not on a box, a bar or a heatmap cell)."""
    gid = text.get_gid() or ""
    if gid.split(":")[0] in ("touchpoint", "step", "emotion-score"):
        return False
    if text.get_bbox_patch() is not None:
        return False
    return not (text.axes is not None and text.axes.images)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_text_on_the_page_is_dark_enough(name: str) -> None:
    fig = _figure(name)
    texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip()
             and t.get_visible() and _on_white(t)]
    faint = sorted({(t.get_text()[:30], round(contrast_ratio(t.get_color(), "white"), 2))
                    for t in texts if contrast_ratio(t.get_color(), "white") < AA
                    and t.get_text().strip() not in ("\u2605",)})  # the star is a symbol
    assert not faint, f"{name}: text too light on white: {faint[:5]}"


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_text_on_boxes_is_readable(name: str) -> None:
    fig = _figure(name)
    problems = []
    for text in fig.findobj(matplotlib.text.Text):
        patch = text.get_bbox_patch()
        if patch is not None and text.get_text().strip():
            ratio = contrast_ratio(text.get_color(), patch.get_facecolor()[:3])
            if ratio < AA and patch.get_facecolor()[3] > 0.5:
                problems.append((text.get_text(), round(ratio, 2)))
    assert not problems, f"{name}: text on its box hard to read: {problems[:5]}"


def test_touchpoint_labels_are_readable_on_their_emotion_colour() -> None:
    northwave = journey.load_journey()
    for draw in (journey_plots.plot_journey_map, journey_plots.plot_blueprint):
        fig = draw(northwave)
        for text in fig.findobj(matplotlib.text.Text):
            gid = text.get_gid() or ""
            if gid.startswith(("touchpoint:", "emotion-score:")):
                box = journey_plots._emotion_colour(northwave.touchpoint(
                    gid.split(":")[1]).emotion)
                ratio = contrast_ratio(text.get_color(), box)
                assert ratio >= AA, f"{gid} on its box: {ratio:.2f}"


@pytest.mark.parametrize("name", ["prioritisation.plot_rankings", "coaching.plot_calibration"])
def test_heatmap_cell_text_is_readable_on_its_cell(name: str) -> None:
    fig = _figure(name)
    ax = fig.axes[0]
    (image,) = ax.images
    values = image.get_array()
    checked = 0
    for text in ax.texts:
        col, row = (int(round(v)) for v in text.get_position())
        value = values[row, col]
        cell = image.cmap(image.norm(np.nan if np.ma.is_masked(value) else value))
        assert contrast_ratio(text.get_color(), cell) >= AA, (text.get_text(), row, col)
        checked += 1
    assert checked, "the heatmap prints its values (or marks) in its cells"
