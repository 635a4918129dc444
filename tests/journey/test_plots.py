"""Journey map, blueprint and ownership figures: A4 landscape, readable, sample and minimal."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import pytest
from matplotlib.text import Text

from cxlab._style import OKABE_ITO, figure_description
from cxlab.journey import Journey, load_journey, plots

MINIMAL = Journey.from_dict({
    "name": "Minimal",
    "stages": [{"id": "buy", "name": "Purchase"}],
    "touchpoints": [{"id": "T1", "name": "Orders online", "stage": "buy", "channel": "web",
                     "owner": "Sales", "emotion": -2}],
})


@pytest.fixture(autouse=True)
def _close():
    plt.switch_backend("Agg")
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def sample() -> Journey:
    return load_journey()


def _texts(fig) -> list[Text]:
    found = [t for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible()]
    assert found
    return found


def _gid(fig, prefix: str) -> dict[str, Text]:
    return {t.get_gid().split(":", 1)[1]: t for t in fig.findobj(Text)
            if (t.get_gid() or "").startswith(prefix + ":")}


def _check_print_ready(fig) -> None:
    assert tuple(fig.get_size_inches()) == pytest.approx((11.69, 8.27))
    sizes = [t.get_fontsize() for t in _texts(fig)]
    assert min(sizes) >= 7, f"text smaller than 7 pt: {min(sizes)}"
    fig.canvas.draw()
    page = fig.bbox
    for text in _texts(fig):
        box = text.get_window_extent()
        assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1, text.get_text()
        assert page.y0 - 1 <= box.y0 and box.y1 <= page.y1 + 1, text.get_text()


def _no_overlaps(labels: dict[str, Text]) -> None:
    boxes = {key: text.get_window_extent() for key, text in labels.items()}
    keys = sorted(boxes)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            assert not boxes[a].overlaps(boxes[b]), f"labels {a} and {b} overlap"


@pytest.mark.parametrize("name", ["sample", "minimal"])
def test_journey_map_renders_print_ready(name, sample) -> None:
    journey = sample if name == "sample" else MINIMAL
    fig = plots.plot_journey_map(journey)
    assert [ax.get_label() for ax in fig.axes] == ["lanes", "emotion", "pain"]
    _check_print_ready(fig)
    lanes = fig.axes[0]
    # One lane per channel used, stage headers in order, every touchpoint labelled once.
    assert [t.get_text() for t in lanes.get_yticklabels()] == [
        {"in_home": "in home", "sms": "SMS", "email": "e-mail"}.get(c, c)
        for c in journey.channels]
    stages = _gid(fig, "stage")
    assert list(stages) == [s.id for s in journey.stages]
    labels = _gid(fig, "touchpoint")
    assert sorted(labels) == sorted(t.id for t in journey.touchpoints)
    for t in journey.touchpoints:
        assert labels[t.id].get_text().startswith(t.id)
    _no_overlaps(labels)
    # The emotion curve passes through every touchpoint's score in journey order.
    (path,) = [line for line in fig.axes[1].get_lines() if line.get_gid() == "emotion-curve"]
    assert list(path.get_ydata()) == [t.emotion for t in journey.ordered_touchpoints()]
    assert fig.axes[1].get_ylim()[0] < -2 and fig.axes[1].get_ylim()[1] > 2


def test_journey_map_labels_stay_in_their_stage_column(sample) -> None:
    fig = plots.plot_journey_map(sample)
    fig.canvas.draw()
    lanes = fig.axes[0]
    to_pixels = lanes.transData.transform
    index = {s.id: i for i, s in enumerate(sample.stages)}
    for key, text in _gid(fig, "touchpoint").items():
        i = index[sample.touchpoint(key).stage]
        left, right = to_pixels((i, 0))[0], to_pixels((i + 1, 0))[0]
        box = text.get_window_extent()
        assert left <= box.x0 and box.x1 <= right, f"{key} spills out of its stage column"
    pain = fig.axes[2]
    for key, text in _gid(fig, "pain").items():
        i = index[key]
        left, right = pain.transData.transform((i, 0))[0], pain.transData.transform((i + 1, 0))[0]
        box = text.get_window_extent()
        assert left <= box.x0 and box.x1 <= right + 1, f"pain points of {key} spill over"
        assert box.y0 >= pain.get_window_extent().y0 - 1, f"pain points of {key} run off"


def test_journey_map_marks_moments_of_truth_and_pain_points(sample) -> None:
    fig = plots.plot_journey_map(sample)
    lanes = fig.axes[0]
    stars = [t for t in lanes.texts if t.get_text() == "\u2605"]
    assert len(stars) == sum(t.moment_of_truth for t in sample.touchpoints)
    badges = sorted(int(t.get_text()) for t in lanes.texts if t.get_text().isdigit()
                    and not (t.get_gid() or "").startswith("emotion-score:"))
    assert badges == sorted(len(t.pain_points) for t in sample.touchpoints if t.pain_points)
    pain_text = " ".join(t.get_text() for t in _gid(fig, "pain").values())
    assert "T11 Engineer did not turn up" in " ".join(pain_text.split())
    big_stars = [line for line in fig.axes[1].get_lines() if line.get_marker() == "*"]
    assert len(big_stars) == len(stars)


@pytest.mark.parametrize("name", ["sample", "minimal"])
def test_blueprint_renders_print_ready(name, sample) -> None:
    journey = sample if name == "sample" else MINIMAL
    fig = plots.plot_blueprint(journey)
    assert [ax.get_label() for ax in fig.axes] == ["blueprint"]
    _check_print_ready(fig)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Touchpoints", "Customer actions", "Frontstage\n(in sight)", "Backstage\n(out of sight)",
        "Support processes"]
    lines = [" ".join(t.get_text().split()) for t in _gid(fig, "line").values()]
    assert lines == ["line of interaction", "line of visibility", "line of internal interaction"]
    assert sorted(_gid(fig, "touchpoint")) == sorted(t.id for t in journey.touchpoints)
    assert sorted(_gid(fig, "step")) == sorted(s.id for s in journey.process_steps)
    labels = {**_gid(fig, "touchpoint"), **_gid(fig, "step")}
    _no_overlaps(labels)


def test_blueprint_links_and_pain_markers(sample) -> None:
    fig = plots.plot_blueprint(sample)
    ax = fig.axes[0]
    links = {line.get_gid() for line in ax.get_lines() if (line.get_gid() or "").startswith(
        "link:")}
    expected = {f"link:{t.id}-{s}" for t in sample.touchpoints for s in t.process_steps}
    assert links == expected
    # Steps behind pain points have a red border; the badge counts the pain points.
    steps = _gid(fig, "step")
    fig.canvas.draw()
    p18 = steps["P18"].get_window_extent()
    badges = [t for t in ax.texts if t.get_text().isdigit()
              and abs(t.get_window_extent().y1 - p18.y1) < 60
              and 0 < t.get_window_extent().x0 - p18.x1 < 80]
    # P18 (dispatch) is behind the no-show at T11 and the reviews at T03.
    assert [b.get_text() for b in badges] == ["2"]


@pytest.mark.parametrize("name", ["sample", "minimal"])
def test_ownership_figure(name, sample) -> None:
    journey = sample if name == "sample" else MINIMAL
    fig = plots.plot_ownership(journey)
    _check_print_ready(fig)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(journey.departments)
    owned = [p for p in ax.patches if p.get_facecolor()[:3] == pytest.approx(
        matplotlib.colors.to_rgb(OKABE_ITO["blue"]))]
    assert len(owned) == len(journey.touchpoints)
    # "supports" differs from "owns" by a hatch as well as a lighter colour.
    assert all(p.get_hatch() for p in ax.patches if p not in owned)
    assert all(not p.get_hatch() for p in owned)


def test_emotion_is_printed_and_coloured_without_red_or_green(sample) -> None:
    """Each box prints its emotion score; the scale runs orange to purple (PuOr), so a
    reader who cannot tell red from green loses nothing."""
    fig = plots.plot_journey_map(sample)
    scores = _gid(fig, "emotion-score")
    assert sorted(scores) == sorted(t.id for t in sample.touchpoints)
    for t in sample.touchpoints:
        expected = "0" if t.emotion == 0 else f"{t.emotion:+g}".replace("-", "\u2212")
        assert scores[t.id].get_text() == expected
    low, mid, high = (plots._emotion_colour(e) for e in (-2, 0, 2))
    assert mid[:3] == pytest.approx((0.97, 0.97, 0.97), abs=0.03)  # neutral is near white
    assert low[0] > low[2] and high[2] > high[1]  # orange (red > blue), purple (blue > green)
    for colour in (low, high):
        red, green, _ = colour[:3]
        assert not (green > red + 0.2), "no green end"


@pytest.mark.parametrize("draw", [plots.plot_journey_map, plots.plot_blueprint,
                                  plots.plot_ownership])
def test_every_figure_has_a_text_alternative_from_the_journey(draw, sample) -> None:
    text = figure_description(draw(sample))
    assert text and len(text) < 600
    assert sample.name in text
    if draw is plots.plot_journey_map:
        # T12 and T19 are at -2, the lowest (T12 comes first); 6 moments of truth.
        assert "Lowest: T12 Calls to rebook a missed visit (-2)" in text
        assert "6 moments of truth" in text
    if draw is plots.plot_ownership:
        assert "Pricing, IT" in text  # they own no touchpoint (lesson 05.04 says so)
