"""The shared labelled-bar helper: bars stack where they should, labels sit past their ends."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex
from matplotlib.layout_engine import ConstrainedLayoutEngine

from cxlab import CxlabValueError
from cxlab._bars import Part, labelled_bars
from cxlab._style import axes_or_new


@pytest.fixture(autouse=True)
def _close():
    plt.switch_backend("Agg")
    yield
    plt.close("all")


@pytest.fixture
def ax():
    return plt.subplots()[1]


def _boxes(ax):
    """Each bar's x, y, width and height, one flat list, for pytest.approx."""
    return [v for p in ax.patches for v in (p.get_x(), p.get_y(), p.get_width(), p.get_height())]


def test_horizontal_parts_stack_and_labels_follow_the_end(ax):
    texts = labelled_bars(ax, [1, 0], [Part([3, 5], "#0072B2", label="Done"),
                                       Part([2, 1], "white", "//", "Open")],
                          labels=["2 open", None], gap=0.5)
    assert _boxes(ax) == pytest.approx([0, 0.7, 3, 0.6, 0, -0.3, 5, 0.6,
                                        3, 0.7, 2, 0.6, 5, -0.3, 1, 0.6])
    assert [p.get_hatch() or "" for p in ax.patches] == ["", "", "//", "//"]
    assert {to_hex(p.get_edgecolor()) for p in ax.patches} == {"#000000"}
    assert [to_hex(p.get_facecolor()) for p in ax.patches] == ["#0072b2"] * 2 + ["#ffffff"] * 2
    # None is not written; "2 open" stands 0.5 past 3 + 2, level with its bar
    assert [t.get_text() for t in ax.texts] == ["2 open"]
    assert [float(v) for v in texts[0].get_position()] == [5.5, 1.0]
    assert (texts[0].get_ha(), texts[0].get_va()) == ("left", "center")
    assert ax.get_legend_handles_labels()[1] == ["Done", "Open"]


def test_vertical_bars_start_where_told_and_labels_sit_above(ax):
    texts = labelled_bars(ax, [0, 1], [Part([4, 2], "#56B4E9")], start=[1, 10], vertical=True,
                          thickness=0.4, labels=["-4", "-2"], gap=0.25,
                          text_style={"fontweight": "bold"})
    assert _boxes(ax) == pytest.approx([-0.2, 1, 0.4, 4, 0.8, 10, 0.4, 2])
    assert [tuple(float(v) for v in t.get_position()) for t in texts] == [(0, 5.25), (1, 12.25)]
    assert {(t.get_ha(), t.get_va(), t.get_fontweight()) for t in texts} == {
        ("center", "bottom", "bold")}


def test_one_colour_and_hatch_per_bar_and_extra_bar_style(ax):
    labelled_bars(ax, [2, 1, 0], [Part([1, 2, 3], ["#009E73", "#009E73", "white"],
                                       ["", "", "//"])], bar_style={"alpha": 0.5, "lw": 0.6})
    assert [to_hex(p.get_facecolor()) for p in ax.patches] == ["#009e73", "#009e73", "#ffffff"]
    assert [p.get_hatch() or "" for p in ax.patches] == ["", "", "//"]
    assert {(p.get_alpha(), p.get_linewidth()) for p in ax.patches} == {(0.5, 0.6)}
    assert len(ax.texts) == 0 and ax.get_legend_handles_labels()[1] == []


def test_labels_can_override_the_placement(ax):
    (text,) = labelled_bars(ax, [0], [Part([3], "white")], vertical=True, labels=["="],
                            text_style={"va": "baseline", "fontsize": 8})
    assert (text.get_va(), text.get_fontsize()) == ("baseline", 8)


@pytest.mark.parametrize(("call", "message"), [
    ({"parts": []}, r"parts must hold at least one Part \(values, colour\); got none"),
    ({"parts": [Part([1, 2], "white"), Part([1], "white")]},
     r"parts\[1\] must have one value per bar \(2\), got 1"),
    ({"parts": [Part([1, 2], "white")], "labels": ["a"]},
     r"labels must have one entry per bar \(2\), got 1"),
    ({"parts": [Part([1, 2], "white")], "start": [0, 1, 2]},
     r"start must be one number or one per bar \(2\), got 3 values"),
])
def test_mismatched_input_is_refused_by_name(ax, call, message):
    with pytest.raises(CxlabValueError, match=message):
        labelled_bars(ax, [0, 1], **call)
    assert len(ax.patches) == 0  # nothing drawn before the refusal


def test_axes_or_new_draws_where_told_or_on_a_new_figure(ax):
    assert axes_or_new(ax, (3, 2)) is ax
    before = plt.get_fignums()
    made = axes_or_new(None, (3, 2))
    assert made is not ax and len(plt.get_fignums()) == len(before) + 1
    assert made.figure.get_size_inches().tolist() == [3.0, 2.0]
    assert isinstance(made.figure.get_layout_engine(), ConstrainedLayoutEngine)
