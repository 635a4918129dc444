"""Personas from the survey: segments by rules and by k-means, profiles, the persona check."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxlab import CxlabValueError, voc
from cxlab.organisation import (
    Persona,
    check_persona,
    kmeans_segments,
    profile_segments,
    rule_segments,
    segment_measures,
    survey_with_profiles,
)


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return survey_with_profiles()


def test_every_response_has_its_profile(survey):
    assert len(survey) == 2000
    assert survey["respondent_id"].is_unique
    assert {"tenure_months", "works_from_home", "preferred_channel"} <= set(survey.columns)


def test_rule_segments_count_like_pandas_cut(survey):
    segments = rule_segments(survey, split={"tenure_months": [3, 36], "works_from_home": None})
    bands = pd.cut(survey["tenure_months"], [-np.inf, 3, 36, np.inf], right=False,
                   labels=["below 3", "3 to below 36", "36 or more"])
    expected = pd.crosstab(bands, survey["works_from_home"]).stack()
    for (band, home), count in expected.items():
        name = f"tenure months {band}, works from home: {home}"
        assert (segments == name).sum() == count
    assert segments.nunique() == 6


def test_rule_segments_explain_bad_rules(survey):
    with pytest.raises(CxlabValueError, match="split must be a dictionary of one to three"):
        rule_segments(survey, split={})
    with pytest.raises(CxlabValueError, match="each attribute of split must be a column"):
        rule_segments(survey, split={"income": [10]})
    with pytest.raises(CxlabValueError, match="cut points of tenure_months must be increasing"):
        rule_segments(survey, split={"tenure_months": [36, 3]})
    with pytest.raises(CxlabValueError, match="household holds text: give None"):
        rule_segments(survey, split={"household": [1, 2]})
    with pytest.raises(CxlabValueError, match="split makes up to 36 segments"):
        rule_segments(survey, split={"tenure_months": [3, 36], "household": None,
                                     "age_band": None})


def test_kmeans_segments_are_repeatable_ordered_and_settled(survey):
    attributes = ["tenure_months", "works_from_home", "contacts_last_90_days"]
    a = kmeans_segments(survey, attributes=attributes, k=4, seed=3)
    b = kmeans_segments(survey, attributes=attributes, k=4, seed=3)
    assert a.equals(b)
    sizes = a.value_counts()
    assert sizes.index.tolist() == sorted(sizes.index) and sizes.is_monotonic_decreasing
    # Settled: almost every respondent is nearest to the centre of its own segment, on the
    # scaled attributes built here independently.
    matrix = np.column_stack([survey["tenure_months"], survey["works_from_home"] == "no",
                              survey["works_from_home"] == "yes",
                              survey["contacts_last_90_days"]]).astype(float)
    matrix /= matrix.std(axis=0)
    centres = np.array([matrix[(a == s).to_numpy()].mean(axis=0) for s in sizes.index])
    nearest = np.argmin(((matrix[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
    own = np.array([list(sizes.index).index(s) for s in a])
    assert (nearest == own).mean() > 0.98


def test_kmeans_finds_the_long_standing_phone_customers(survey):
    # The data plant a group of long-standing, older customers who prefer the phone.
    segments = kmeans_segments(survey, attributes=["tenure_months", "age_band",
                                                   "preferred_channel"], k=4, seed=2026)
    measures = segment_measures(survey, segments)
    oldest = measures.loc["tenure_months", sorted(segments.unique())].idxmax()
    assert measures.loc["preferred_channel=phone", oldest] > 0.6
    assert measures.loc["age_band=55+", oldest] > 0.5


def test_segments_refuse_a_table_too_big_to_run_quickly():
    big = pd.DataFrame({"tenure_months": np.zeros(200_001)})
    with pytest.raises(CxlabValueError, match="at most 200,000 respondents, got 200,001"):
        rule_segments(big, split={"tenure_months": [3]})


def test_kmeans_explains_bad_options(survey):
    with pytest.raises(CxlabValueError, match="attributes must be a list of two to six"):
        kmeans_segments(survey, attributes="tenure_months", k=3)
    with pytest.raises(CxlabValueError, match="k must be at most 12, got 40"):
        kmeans_segments(survey, attributes=["tenure_months", "ltr"], k=40)
    with pytest.raises(CxlabValueError, match="k must be a whole number of at least 2, got 1"):
        kmeans_segments(survey, attributes=["tenure_months", "ltr"], k=1)


def test_profiles_agree_with_the_voc_module(survey):
    segments = rule_segments(survey, split={"works_from_home": None})
    profiles = profile_segments(survey, segments)
    assert profiles["respondents"].sum() == 2000
    for segment, row in profiles.iterrows():
        part = survey[segments == segment]
        assert row["NPS"] == pytest.approx(voc.nps(part["ltr"]).value)
        assert row["CSAT"] == pytest.approx(voc.csat(part["csat"]).value)
        assert row["CES"] == pytest.approx(voc.ces(part["ces"]).value)
        assert row["tenure (months)"] == pytest.approx(part["tenure_months"].mean())
        tags = voc.tag_themes(part["comment"])
        top = row["top pain points"].split(" (")[0]
        pains = [t for t in voc.SAMPLE_THEMES if t not in
                 {"helpful agent", "easy app", "engineer praise", "easy to order",
                  "fast and reliable"}]
        assert top == tags[pains].sum().idxmax()
        assert row["quote"] in set(part.loc[tags[top], "comment"])


# --------------------------------------------------------------------------------------------
# The persona check on a small table built by hand

def _table() -> tuple[pd.DataFrame, pd.Series]:
    # 40 long-standing customers on the phone (tenure 60, LTR 3) and 60 others (tenure 10,
    # LTR 9, app): NPS -100 against +100, phone share 100% against 0%.
    frame = pd.DataFrame({
        "respondent_id": [f"R{i}" for i in range(100)],
        "tenure_months": [60] * 40 + [10] * 60,
        "preferred_channel": ["phone"] * 40 + ["app"] * 60,
        "ltr": [3] * 40 + [9] * 60,
        "csat": [2] * 40 + [5] * 60,
        "comment": [""] * 100,
    })
    segments = pd.Series(["loyal"] * 40 + ["others"] * 60, index=frame.index)
    return frame, segments


DESCRIPTION = ("Has been with us for five years, calls rather than taps, and feels taken for "
               "granted.")


def test_a_persona_on_two_right_and_distinct_facts_is_backed():
    frame, segments = _table()
    persona = Persona("Margaret, the loyal caller", "loyal", DESCRIPTION,
                      facts={"tenure_months": 58, "preferred_channel=phone": 0.97, "nps": -100})
    result = check_persona(persona, frame, segments)
    assert result.backed
    assert result.respondents == 40 and result.share == pytest.approx(0.4)
    assert result.facts["right"].tolist() == ["yes", "yes", "yes"]
    assert result.facts.loc["nps", "everyone else"] == pytest.approx(100)
    assert result.messages[0].startswith("Backed by data")


def test_wrong_or_common_facts_do_not_back_a_persona():
    frame, segments = _table()
    wrong = Persona("Margaret", "loyal", DESCRIPTION,
                    facts={"tenure_months": 20, "preferred_channel=phone": 0.5})
    result = check_persona(wrong, frame, segments)
    assert not result.backed
    assert "you say 20, the data say 60" in repr(result)
    frame["household"] = "couple"  # the same for everyone: right, but sets nothing apart
    common = Persona("Margaret", "loyal", DESCRIPTION,
                     facts={"household=couple": 1.0, "tenure_months": 60})
    result = check_persona(common, frame, segments)
    assert not result.backed
    assert result.facts.loc["household=couple", "sets apart"] == "no"


def test_a_tiny_segment_is_not_a_persona():
    frame, segments = _table()
    segments.iloc[:35] = "others"  # 5 loyal customers left
    persona = Persona("Margaret", "loyal", DESCRIPTION,
                      facts={"tenure_months": 60, "preferred_channel=phone": 1.0})
    result = check_persona(persona, frame, segments)
    assert not result.backed
    assert "only 5 respondents" in result.messages[1]


def test_a_persona_needs_a_description():
    frame, segments = _table()
    persona = Persona("Margaret", "loyal", "Loyal.",
                      facts={"tenure_months": 60, "preferred_channel=phone": 1.0})
    assert not check_persona(persona, frame, segments).backed


def test_persona_check_explains_bad_input():
    frame, segments = _table()
    with pytest.raises(CxlabValueError, match="persona.segment must be one of 'loyal', "
                                              "'others'; got 'Loyal'"):
        check_persona(Persona("M", "Loyal", DESCRIPTION), frame, segments)
    with pytest.raises(CxlabValueError, match="'income' is not one"):
        check_persona(Persona("M", "loyal", DESCRIPTION, facts={"income": 3}), frame, segments)
    with pytest.raises(CxlabValueError, match="fact 'nps' must be a number, got 'low'"):
        Persona("M", "loyal", DESCRIPTION, facts={"nps": "low"})
    with pytest.raises(CxlabValueError, match="segments must be the Series"):
        check_persona(Persona("M", "loyal", DESCRIPTION), frame, segments.iloc[:5])


def test_format_facts_reads_in_words_and_keeps_the_names_a_fact_uses(survey):
    from cxlab.organisation import format_facts

    segments = rule_segments(survey, split={"works_from_home": None})
    shown = format_facts(segment_measures(survey, segments), "works from home: yes")
    rows = shown.frame.set_index("Name in a fact")
    home = survey["works_from_home"] == "yes"
    # By hand: everyone in the segment works from home, nobody outside it does.
    assert rows.loc["works_from_home=yes"].tolist() == [
        "Works from home: yes (share)", "100.0%", "0.0%"]
    tenure = survey.loc[home, "tenure_months"].mean()
    assert rows.loc["tenure_months", "This segment"] == f"{tenure:.1f}"
    assert rows.loc["tenure_months", "Measure"] == "Months a customer (mean)"
    assert rows.loc["channel=in_home", "Measure"] == "Channel: in home (share)"
    assert "_" not in "".join(rows["Measure"])
    with pytest.raises(CxlabValueError, match="segment must be one of the segments"):
        format_facts(segment_measures(survey, segments), "home workers")
    with pytest.raises(CxlabValueError, match="measures must be what segment_measures"):
        format_facts(pd.DataFrame({"a": ["x"], "a (rest)": ["y"]}), "a")
