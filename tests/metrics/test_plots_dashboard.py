"""Figures of lessons 02.03 and 02.04 (issue 18): one call, palette colours, a text alternative."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

from cxlab import data, metrics
from cxlab._style import OKABE_ITO, figure_description
from cxlab._validation import CxlabValueError
from cxlab.metrics import plots


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def weekly():
    return metrics.weekly_metrics(52, rng=2026)


def test_daily_service_names_the_days_below_target() -> None:
    week = data.load("voice_week_incidents")
    ax = plots.plot_daily_service(week, target=0.8)
    heights = [round(p.get_height(), 1) for p in ax.patches]
    # measured by hand per day: answered within 20 s / offered (Friday 70.0%)
    friday = week[week["interval_start"].dt.day_name() == "Friday"]
    assert round(100 * friday["answered_within_20s"].sum() / friday["offered"].sum(), 1) in heights
    text = figure_description(ax)
    assert "3 days fell below the target" in text and "Fri 17 Apr" in text
    assert to_hex(ax.patches[0].get_facecolor()).upper() == OKABE_ITO["blue"].upper()


def test_diagnosis_has_a_text_alternative_and_a_title() -> None:
    d = metrics.diagnose(data.load("voice_week_incidents"), patience_seconds=150)
    ax = plots.plot_diagnosis(d, by="interval", title="Monday")
    assert ax.get_title() == "Monday"
    assert "cost the most" in figure_description(ax)


def test_season_index_and_dashboard(weekly) -> None:
    ax = plots.plot_season_index(weekly)
    assert len(ax.get_lines()) == 3 and "52 weeks" in figure_description(ax)
    fig = plots.plot_weekly_dashboard(weekly, target=0.8)
    assert len(fig.axes) == 6
    last = 100 * weekly["service_level"].iloc[-1]
    assert f"service level {last:.1f}%" in figure_description(fig)


def test_scatter_matrix_names_the_strongest_pair(weekly) -> None:
    fig = plots.plot_scatter_matrix(weekly)
    assert len(fig.axes) == 36
    r = weekly["agents"].corr(weekly["contact_volume"])  # the lesson: strong, about +0.84
    assert f"{r:+.2f}" in figure_description(fig)


def test_weekly_plots_reject_a_table_without_the_metrics(weekly) -> None:
    with pytest.raises(CxlabValueError, match="weekly must have at least 4 weeks.*lacks csat"):
        plots.plot_weekly_dashboard(weekly.drop(columns="csat"))
