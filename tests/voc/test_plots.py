"""The NPS chart: intervals, sides of zero told by shape, and a text alternative."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from cxlab import CxlabValueError, data, voc
from cxlab._style import figure_description
from cxlab.voc import plots

SUMMARY = pd.DataFrame(
    {"n": [88, 125, 104], "nps": [-42.0, 26.4, 14.4], "nps_low": [-57.7, 14.4, 0.2],
     "nps_high": [-26.4, 38.4, 28.6], "name": ["Rebook", "Pay in app", "Sales chat"]},
    index=pd.Index(["T12", "T20", "T05"], name="touchpoint"))


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_lowest_at_the_top_with_names_and_shapes() -> None:
    ax = plots.plot_nps(SUMMARY, confidence=0.95)
    # Rows from the bottom: highest NPS first, so the lowest is drawn at the top.
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "T20 Pay in app", "T05 Sales chat", "T12 Rebook"]
    markers = {line.get_marker() for line in ax.get_lines()} - {"None", "", None, "|"}  # caps
    assert markers == {"v", "^"}  # below zero and above zero differ in shape, not only colour
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "whole interval below 0", "whole interval above 0"]
    assert ax.get_xlabel() == "NPS (-100 to +100) with its 95% interval"
    assert figure_description(ax) == (
        "Dot chart of NPS with intervals for 3 groups, from -42 (T12 Rebook) to +26 (T20 Pay "
        "in app). Entirely below zero: T12 Rebook. Entirely above zero: T20 Pay in app; T05 "
        "Sales chat.")


def test_the_sample_survey_and_refusals() -> None:
    summary = voc.score_summary(data.load("survey_responses"), by="stage")
    ax = plots.plot_nps(summary, names={"billing": "the first bills"})
    assert "billing the first bills" in [t.get_text() for t in ax.get_yticklabels()]
    with pytest.raises(CxlabValueError, match="summary must be what voc.score_summary"):
        plots.plot_nps(SUMMARY.drop(columns="nps_low"))
    with pytest.raises(CxlabValueError, match="summary has no rows to plot"):
        plots.plot_nps(SUMMARY.iloc[:0])
