"""Theme tagging: case-insensitive, whole words, several themes, untagged counted."""

from __future__ import annotations

import pandas as pd
import pytest

from cxlab._validation import CxlabValueError
from cxlab.voc import SAMPLE_THEMES, UNTAGGED, tag_themes, theme_counts, themes_by

THEMES = {"billing": ["bill", "charge*"], "hold": ["on hold", "hold music"]}


def test_case_insensitive_whole_words_and_prefixes() -> None:
    comments = ["My BILL is wrong", "Billing team was rude", "Billy was nice",
                "Charged twice", "ON   HOLD for ages", "holding on", "Hold music again"]
    tags = tag_themes(comments, THEMES)
    assert tags["billing"].tolist() == [True, False, False, True, False, False, False]
    assert tags["hold"].tolist() == [False, False, False, False, True, False, True]


def test_several_themes_untagged_and_blank() -> None:
    comments = pd.Series(["on hold and a wrong bill", "lovely", "", None, float("nan")],
                         index=[10, 11, 12, 13, 14])
    tags = tag_themes(comments, THEMES)
    assert list(tags.index) == [10, 11, 12, 13, 14]
    assert list(tags.columns) == ["billing", "hold", UNTAGGED]
    assert tags.loc[10].tolist() == [True, True, False]
    assert tags.loc[11].tolist() == [False, False, True]
    assert not tags.loc[[12, 13, 14]].to_numpy().any()


def test_theme_counts_and_shares() -> None:
    comments = ["on hold", "on hold, bill", "charges", "fine", "", None]
    counts = theme_counts(comments, THEMES)
    assert counts["comments"].to_dict() == {"billing": 2, "hold": 2, UNTAGGED: 1}
    assert counts.loc["billing", "share"] == pytest.approx(round(2 / 4, 2))
    assert counts.attrs["blank"] == 2


def test_themes_per_touchpoint_counts_and_shares() -> None:
    frame = pd.DataFrame({"touchpoint": ["T1", "T1", "T1", "T2"],
                          "comment": ["bill too high", "on hold, bill wrong", "", "great"]})
    table = themes_by(frame, THEMES)
    assert table.loc["T1"].to_dict() == {"comments": 2, "billing": 2, "hold": 1, UNTAGGED: 0}
    assert table.loc["T2"].to_dict() == {"comments": 1, "billing": 0, "hold": 0, UNTAGGED: 1}
    shares = themes_by(frame, THEMES, share=True)
    assert shares.loc["T1", "hold"] == 0.5 and shares.loc["T1", "comments"] == 2


def test_dictionary_mistakes_get_clear_messages() -> None:
    with pytest.raises(CxlabValueError, match=r"theme 'hold': keywords must be a list, e\.g\. "
                                              r"\['on hold'\]"):
        tag_themes(["x"], {"hold": "on hold"})
    with pytest.raises(CxlabValueError, match="themes must be a dictionary"):
        tag_themes(["x"], ["on hold"])
    with pytest.raises(CxlabValueError, match="theme 'hold': keywords must be a non-empty list"):
        tag_themes(["x"], {"hold": []})
    with pytest.raises(CxlabValueError, match="theme 'hold': every keyword must be a word"):
        tag_themes(["x"], {"hold": ["on hold", "*"]})
    with pytest.raises(CxlabValueError, match="comments must be a list or column of comments, "
                                              "got a single text"):
        tag_themes("on hold", THEMES)
    with pytest.raises(CxlabValueError, match="responses has no column 'verbatim'"):
        themes_by(pd.DataFrame({"touchpoint": ["a"]}), THEMES, comment="verbatim")


def test_sample_themes_tag_the_sample_survey() -> None:
    from cxlab.data import load

    survey = load("survey_responses")
    counts = theme_counts(survey["comment"], SAMPLE_THEMES)
    assert {"billing surprise", "installation no-show", "slow evening speeds", "long hold",
            "helpful agent", "easy app"} <= set(counts.index)
    # Most comments carry a theme, some are left for the learner to add words for.
    assert 0.15 < counts.loc[UNTAGGED, "share"] < 0.45
    per_touchpoint = themes_by(survey, SAMPLE_THEMES)
    # Themes sit where the journey's pain points are.
    assert per_touchpoint["installation no-show"].idxmax() == "T11"
    assert per_touchpoint["billing surprise"].idxmax() == "T19"
    assert per_touchpoint["slow evening speeds"].idxmax() == "T16"
    assert per_touchpoint["loyalty penalty"].idxmax() == "T26"


def test_comments_with_nothing_to_count_are_refused() -> None:
    # Before: a table of shares that were all NaN.
    with pytest.raises(CxlabValueError, match=r"^comments must hold at least one comment that "
                                              r"is not blank, got none \(2 blank\)$"):
        theme_counts(["", None])
    with pytest.raises(CxlabValueError, match=r"\(pick its comment column\)$"):
        theme_counts(pd.DataFrame({"comment": ["on hold"]}))
    with pytest.raises(CxlabValueError, match="^comments must be a list or column of comments"):
        theme_counts({"a": "on hold"})


def test_themes_by_share_is_yes_or_no() -> None:
    frame = pd.DataFrame({"touchpoint": ["call"], "comment": ["on hold"]})
    with pytest.raises(CxlabValueError, match="^share must be True or False, got 'yes'$"):
        themes_by(frame, {"hold": ["on hold"]}, share="yes")
