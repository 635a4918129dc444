"""Figures of lessons 06.04-06.06: return what they drew on, carry a text alternative."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from cxlab import CxlabValueError, data
from cxlab._style import OKABE_ITO, figure_description
from cxlab.organisation import (
    compare_schemes,
    extra_work,
    plots,
    profile_segments,
    rule_segments,
    survey_with_profiles,
)


@pytest.fixture(autouse=True)
def _close():
    plt.switch_backend("Agg")
    yield
    plt.close("all")


def test_plot_extra_work_describes_the_day_from_its_data():
    result = extra_work(data.load("voice_week"), extra_seconds_per_call=45)
    ax = plots.plot_extra_work(result, day="Monday")
    text = figure_description(ax)
    monday = result.intervals[result.intervals["day"] == "Monday"]
    over_now = int((monday["occupancy_now"] > 0.9).sum())
    over = int((monday["occupancy_with_change"] > 0.9).sum())
    assert f"go from {over_now} to {over}" in text
    lines = ax.get_lines()
    assert {line.get_marker() for line in lines[:2]} == {"o", "s"}  # not by colour alone
    assert {line.get_color().upper() for line in lines[:2]} <= set(OKABE_ITO.values())
    with pytest.raises(CxlabValueError, match="day must be one of 'Monday'"):
        plots.plot_extra_work(result, day="Funday")
    with pytest.raises(CxlabValueError, match="result must be what extra_work"):
        plots.plot_extra_work("result")


def test_plot_recognition_has_six_panels_and_names_the_numbers():
    comparison = compare_schemes(rng=2026)
    fig = plots.plot_recognition(comparison)
    assert len(fig.axes) == 6
    text = figure_description(fig)
    for name, row in comparison.table.iterrows():
        assert f"{name}: handle time {row['Handle time as measured (s)']:.0f} s" in text
    styles = {line.get_linestyle() for line in fig.axes[0].get_lines()}
    assert len(styles) == 2


def test_plot_segment_profiles_writes_every_value():
    survey = survey_with_profiles()
    profiles = profile_segments(survey, rule_segments(survey, split={"works_from_home": None}))
    ax = plots.plot_segment_profiles(profiles)
    written = [t.get_text() for t in ax.texts]
    assert len(written) == 2 * 7
    assert f"{profiles.iloc[0]['NPS']:+.0f}" in written
    assert figure_description(ax).startswith("A grid of 2 segments by 7 measures")
    assert ax.images[0].get_cmap().name == "PuOr_r"
    with pytest.raises(CxlabValueError, match="profiles must be what profile_segments"):
        plots.plot_segment_profiles(survey)
