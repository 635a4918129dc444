"""cxlab.show: tables a manager reads, and figures whose text alternative reaches the page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from cxlab import CxlabValueError, show
from cxlab._style import describe, figure_description


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_plain_headers_units_and_percentages_one_way() -> None:
    frame = pd.DataFrame({"agents": [13, 14], "service_level": [0.79616, 0.88835],
                          "asa_seconds": [17.08, 7.77], "my_own_column": [1.5, 2.25]})
    table = show.table(frame)
    assert list(table.frame.columns) == ["Agents", "Service level", "ASA (s)", "My own column"]
    # service_level is a share: 0.79616 is written 79.6%, never 0.796 (one decimal always).
    assert table.frame["Service level"].tolist() == ["79.6%", "88.8%"]
    assert table.frame["ASA (s)"].tolist() == ["17.1", "7.8"]
    assert table.frame["My own column"].tolist() == ["1.5", "2.2"]  # 2.25 -> 2.2 (half even)
    assert not table.show_index  # 0, 1 carry nothing
    text = repr(table)
    assert "dtype" not in text and "service_level" not in text and "Name:" not in text
    html = table._repr_html_()
    assert '<th scope="col">Service level</th>' in html and "asa_seconds" not in html
    assert "<th></th>" not in html and "<th " in html  # no empty header cell


def test_row_labels_are_row_headers_and_the_corner_is_not_an_empty_header() -> None:
    html = show.table(pd.Series([3, 1], index=["billing", "usage"], name="open")).to_html()
    assert html.startswith('<table class="dataframe cxlab-table"><thead><tr><td></td>'
                           '<th scope="col">Open</th></tr></thead>')
    assert '<tr><th scope="row">Billing</th><td>3</td></tr>' in html
    named = show.table(pd.Series([3], index=pd.Index(["x"], name="stage"))).to_html()
    assert '<th scope="col">Stage</th>' in named
    assert show.table(pd.Series([1], name="a <b>")).to_html().count("A &lt;b&gt;") == 1


def test_values_read_as_words() -> None:
    frame = pd.DataFrame(
        {"ok": [True, False], "dependencies": [("CX-13", "CX-14"), ()],
         "date": [pd.Timestamp("2026-03-02 08:30"), pd.Timestamp("2026-03-03")],
         "channel": ["in_home", "yes_no"], "score": [np.nan, 1234567.0],
         "change": [1.5, -2.0]},
        index=pd.Index(["short_abandons_met", "T01"], name="definition"))
    table = show.table(frame, signed="change")
    rows = table.frame
    assert rows["Ok"].tolist() == ["yes", "no"]
    assert rows["Waits for"].tolist() == ["CX-13, CX-14", ""]  # "dependencies" in LABELS
    assert rows["Date"].tolist() == ["Mon 2 Mar 2026 08:30", "3 Mar 2026"]
    assert rows["Channel"].tolist() == ["in home", "yes/no"]
    assert rows["Score"].tolist() == ["", "1,234,567"]  # a whole-number column, no decimals
    assert rows["Change"].tolist() == ["+1.5", "-2.0"]
    assert rows.index.tolist() == ["Short abandons met", "T01"]
    assert rows.index.name == "Definition" and table.show_index


def test_percent_options_and_decimals() -> None:
    frame = pd.DataFrame({"waited": [0.1449], "share of half hours": [0.925], "asa": [3.94]})
    table = show.table(frame, percent=["waited", "share of half hours"], decimals={"asa": 2})
    assert table.frame.iloc[0].tolist() == ["14.5%", "92.5%", "3.94"]
    everything = show.table(frame, percent=True, percent_decimals=0)
    assert everything.frame.iloc[0].tolist() == ["14%", "92%", "394%"]
    with pytest.raises(CxlabValueError, match="percent names columns the table does not have: "
                                              "nope; it has waited, share of half hours, asa"):
        show.table(frame, percent="nope")
    with pytest.raises(CxlabValueError, match="labels names columns the table does not have"):
        show.table(frame, labels={"nope": "Nope"})


def test_a_result_object_becomes_a_table_of_measures() -> None:
    @dataclasses.dataclass(frozen=True)
    class Result:
        p_wait: float
        service_level: float
        asa: float
        follow_up: dt.date

    table = show.table(Result(0.1453, 0.9168, 3.94, dt.date(2026, 1, 28)), caption="14 agents")
    assert table.frame.index.tolist() == ["Waited at all", "Service level", "ASA (s)",
                                          "Follow-up"]
    assert table.frame["Value"].tolist() == ["14.5%", "91.7%", "3.9", "28 Jan 2026"]
    assert table.to_text().startswith("14 agents\n")
    assert "<caption>14 agents</caption>" in table.to_html()


def test_counts_give_a_two_column_table() -> None:
    stages = pd.Series(["billing", "usage", "billing", None, "in_home"], name="stage")
    table = show.counts(stages, what="Stage", count="Pain points")
    assert table.frame.columns.tolist() == ["Stage", "Pain points"]
    assert table.frame.values.tolist() == [["Billing", "2"], ["Usage", "1"], ["In home", "1"]]
    text = repr(table)
    assert "Name:" not in text and "dtype" not in text
    ordered = show.counts(stages, what="Stage", order=["usage", "renewal", "billing"],
                          total=True)
    assert ordered.frame.values.tolist() == [["Usage", "1"], ["Renewal", "0"],
                                             ["Billing", "2"], ["Total", "3"]]
    assert show.counts(stages, what="Stage", top=1).frame.values.tolist() == [["Billing", "2"]]
    with pytest.raises(CxlabValueError, match="values must be one column of values"):
        show.counts(pd.DataFrame({"a": [1]}), what="A")


def test_bad_data_is_refused_by_name() -> None:
    with pytest.raises(CxlabValueError, match="data must be a DataFrame, a Series, a result "
                                              r"\(dataclass\) or a dictionary; got 'text'"):
        show.table("text")
    with pytest.raises(CxlabValueError, match="two columns with the same name: a"):
        show.table(pd.DataFrame([[1, 2]], columns=["a", "a"]))


def test_contrast_ratio_follows_wcag() -> None:
    # WCAG 2: (L1 + 0.05) / (L2 + 0.05); white is 1, black 0, so black on white is 21.
    assert show.contrast_ratio("black", "white") == pytest.approx(21.0)
    assert show.contrast_ratio("white", "white") == pytest.approx(1.0)
    # #767676 is the well-known lightest grey that passes AA on white (4.54:1).
    assert show.contrast_ratio("#767676", "white") == pytest.approx(4.54, abs=0.01)
    assert show.readable_on("#000000") == "white" and show.readable_on("white") == "black"


def test_a_described_figure_shows_as_an_image_with_its_alt_text() -> None:
    """In a kernel, a described figure's HTML is an <img> whose alt is the description, and
    its plain text is the description (not "<Figure size ...>")."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        fig, ax = plt.subplots()
        ax.plot([1, 2, 3])
        describe(ax, 'A line rising from 1 to 3 "steadily" <here>.')
        assert show.install_figure_display() is True
        data, _ = shell.display_formatter.format(fig)
        assert data["text/plain"] == 'Figure: A line rising from 1 to 3 "steadily" <here>.'
        match = re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="([^"]*)"',
                          data["text/html"])
        assert match and match.group(1) == ("A line rising from 1 to 3 &quot;steadily&quot; "
                                            "&lt;here&gt;.")
        bare, _ = plt.subplots()
        data, _ = shell.display_formatter.format(bare)
        assert "text/html" not in data and data["text/plain"].startswith("<Figure size")
    finally:
        InteractiveShell.clear_instance()


def test_describe_installs_the_display_only_inside_ipython() -> None:
    fig, ax = plt.subplots()
    assert describe(ax, "An empty chart.") is ax
    assert figure_description(fig) == "An empty chart."
    assert show.install_figure_display() is False  # no running kernel here


def test_running_text_columns_align_left_in_html() -> None:
    frame = pd.DataFrame({"team": ["Billing"], "story": ["My first bill was £61."]})
    shown = show.table(frame, left="story")
    assert shown.left == ("Story",)
    assert '<td>Billing</td><td style="text-align: left">My first bill was £61.</td>' in (
        shown.to_html())
    assert "text-align" not in show.table(frame).to_html()
    with pytest.raises(CxlabValueError, match="left names columns the table does not have: "
                                              "comment"):
        show.table(frame, left="comment")
