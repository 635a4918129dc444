"""CX maturity self-assessment: scoring, spread, gaps, what to do first, strategy before tools."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxlab import CxlabValueError, data
from cxlab.organisation import (
    FOUNDATION_WEIGHTS,
    PILLARS,
    MaturityResult,
    load_questionnaire,
    maturity_gaps,
    score_maturity,
    screen_tool_purchases,
)

QUESTIONS = pd.DataFrame({
    "statement_id": ["S1", "S2", "S3", "S4", "C1", "C2"],
    "pillar": ["strategy"] * 4 + ["culture"] * 2,
    "statement": list("abcdef"),
})


def _answers(**columns) -> pd.DataFrame:
    base = {"respondent": ["R1", "R2", "R3"], "role": ["CX lead", "IT director", "HR"]}
    return pd.DataFrame({**base, **columns})


@pytest.fixture(scope="module")
def shipped() -> MaturityResult:
    return score_maturity(data.load("cx_maturity_answers"))


def test_hand_example_scores_spread_and_dont_know():
    answers = _answers(S1=[1, 4, 5], S2=[2, 4, 5], S3=[3, 4, None], S4=[2, 4, None],
                       C1=[1, 5, None], C2=[2, 5, 3])
    result = score_maturity(answers, questionnaire=QUESTIONS)
    # R1 strategy (1+2+3+2)/4 = 2; R2 4; R3 answered 2 of 4 (half): (5+5)/2 = 5.
    assert result.by_respondent["strategy"].tolist() == [2.0, 4.0, 5.0]
    # Culture: R1 1.5, R2 5, R3 answered 1 of 2 (half): 3.
    assert result.by_respondent["culture"].tolist() == [1.5, 5.0, 3.0]
    assert result.profile.to_dict() == pytest.approx({"strategy": 11 / 3, "culture": 9.5 / 3})
    assert result.spread.loc["strategy", "spread"] == 3.0  # 5 - 2
    assert result.spread.loc["culture", "spread"] == 3.5  # 5 - 1.5
    assert result.dont_know.to_dict() == {"strategy": 2, "culture": 1}
    assert result.by_respondent["role"].tolist() == ["CX lead", "IT director", "HR"]
    assert result.disagreements == ["strategy", "culture"]


def test_fewer_than_half_answered_gives_no_score_and_is_left_out_of_the_mean():
    answers = _answers(S1=[1, 4, 5], S2=[2, 4, None], S3=[3, 4, None], S4=[2, 4, None],
                       C1=[1, 5, 2], C2=[2, 5, 2])
    result = score_maturity(answers, questionnaire=QUESTIONS)
    assert np.isnan(result.by_respondent.loc["R3", "strategy"])
    assert result.profile["strategy"] == 3.0  # (2 + 4) / 2
    assert result.spread.loc["strategy", "respondents"] == 2


def test_blank_text_cells_read_as_dont_know():
    answers = _answers(S1=["1", "4", ""], S2=["2", "4", " "], S3=[3, 4, 3], S4=[2, 4, 3],
                       C1=[1, 5, 2], C2=[2, 5, 2])
    result = score_maturity(answers, questionnaire=QUESTIONS)
    assert result.by_respondent.loc["R3", "strategy"] == 3.0
    assert result.dont_know["strategy"] == 2


def test_shipped_profile_agrees_with_an_independent_calculation(shipped):
    answers = data.load("cx_maturity_answers")
    questions = load_questionnaire()
    long = answers.melt(id_vars=["respondent", "role"], var_name="statement_id",
                        value_name="answer").merge(questions, on="statement_id")
    per_person = long.groupby(["respondent", "pillar"])["answer"].mean().unstack()
    # Every manager answered at least 3 of the 4 statements of each pillar in the sample.
    assert long.groupby(["respondent", "pillar"])["answer"].count().min() >= 3
    expected = per_person.mean()
    for pillar in PILLARS:
        assert shipped.profile[pillar] == pytest.approx(expected[pillar])
    spread = per_person.max() - per_person.min()
    assert shipped.disagreements == spread.index[spread >= 2].tolist() == ["culture"]
    assert list(shipped.profile.index) == list(PILLARS)


def test_shipped_story_culture_splits_directors_from_customer_facing_managers(shipped):
    culture = shipped.by_respondent.set_index("role")["culture"]
    directors = culture[["Marketing director", "IT director", "Finance director"]]
    facing = culture[["Contact centre director", "Field operations manager",
                      "Head of billing", "CX lead"]]
    assert directors.min() >= 4.0 and facing.max() < 3.0
    assert shipped.profile.idxmax() == "measurement"
    assert shipped.profile.idxmin() == "governance"
    assert "disagree on culture" in shipped.summary()


def test_questionnaire_has_four_statements_per_pillar():
    questions = load_questionnaire()
    assert questions["statement_id"].is_unique
    assert questions.groupby("pillar").size().to_dict() == dict.fromkeys(PILLARS, 4)
    assert list(dict.fromkeys(questions["pillar"])) == list(PILLARS)


def test_gaps_by_hand_on_the_shipped_data(shipped):
    gaps = maturity_gaps(shipped, target=3.5)
    # Strategy 2.5 -> gap 1.0, weight 2: 2.0; governance 3.5 - 2.07 = 1.43, weight 1;
    # design 3.5 - 2.375 = 1.125; customer understanding 0.44 x 1.5 = 0.66; culture 0.65;
    # measurement 3.53 is above 3.5: gap 0.
    assert gaps.index.tolist() == ["strategy", "governance", "design",
                                   "customer understanding", "culture", "measurement"]
    assert gaps.loc["strategy", "Weighted gap"] == pytest.approx(2.0)
    assert gaps.loc["design", "Gap"] == pytest.approx(1.125)
    assert gaps.loc["measurement", "Gap"] == 0
    assert gaps["Order"].tolist() == [1, 2, 3, 4, 5, 6]
    # Without weights the largest gap (governance) would come first.
    plain = maturity_gaps(shipped, target=3.5, weights={})
    assert plain.index[0] == "governance"


def test_target_per_pillar_and_its_messages(shipped):
    target = dict.fromkeys(PILLARS, 3.0) | {"strategy": 4.0}
    gaps = maturity_gaps(shipped, target=target)
    assert gaps.loc["strategy", "Gap"] == pytest.approx(1.5)
    with pytest.raises(CxlabValueError, match=r"target must be in \[1, 5\], got 6"):
        maturity_gaps(shipped, target=6)
    with pytest.raises(CxlabValueError, match="target must give a level for every pillar; "
                                              "missing design"):
        maturity_gaps(shipped, target={p: 3 for p in PILLARS if p != "design"})
    with pytest.raises(CxlabValueError, match="target names the pillar.s. people, not in"):
        maturity_gaps(shipped, target=target | {"people": 3})
    with pytest.raises(CxlabValueError, match="weights must be in"):
        maturity_gaps(shipped, weights=dict(FOUNDATION_WEIGHTS) | {"culture": -1})
    with pytest.raises(CxlabValueError, match="result must be what score_maturity"):
        maturity_gaps(shipped.profile)


def test_tool_purchases_wait_for_the_strategy(shipped):
    plan = pd.DataFrame({"action": ["Buy speech analytics", "Agree the strategy",
                                    "Buy a journey-mapping tool"],
                         "kind": ["tool", "practice", "Tool"],
                         "pillar": ["measurement", "strategy", "customer understanding"]})
    screened = screen_tool_purchases(plan, shipped)
    assert screened["flagged"].tolist() == [True, False, True]
    assert "strategy scores 2.5 of 5 (below 3.0)" in screened["comment"].iloc[0]
    # With the floor at 2.5 the strategy (2.5) is enough.
    assert not screen_tool_purchases(plan, shipped, strategy_floor=2.5)["flagged"].any()


def test_a_tool_with_no_strategy_score_is_flagged():
    answers = _answers(S1=[1, 4, 5], S2=[2, 4, 5], S3=[3, 4, 3], S4=[2, 4, 3],
                       C1=[4, 5, 4], C2=[4, 5, 4])
    no_strategy = QUESTIONS[QUESTIONS["pillar"] == "culture"]
    result = score_maturity(answers, questionnaire=no_strategy)
    plan = pd.DataFrame({"action": ["Buy a CX platform"], "kind": ["tool"],
                         "pillar": ["culture"]})
    screened = screen_tool_purchases(plan, result)
    assert screened["flagged"].tolist() == [True]
    assert "no strategy score" in screened["comment"].iloc[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"S1": [1, 7, 3]}, "answers must be whole numbers from 1 to 5 .or blank for don't "
                            "know.; respondent R2 has 7 for statement S1"),
        ({"C2": [1, 2, "four"]}, "respondent R3 has 'four' for statement C2"),
        ({"S3": [1, 2.5, 3]}, "respondent R2 has 2.5 for statement S3"),
        ({"respondent": ["R1", "R1", "R3"]}, "answers has the respondent 'R1' twice"),
    ],
)
def test_bad_answers_are_named(change, message):
    answers = _answers(S1=[1, 4, 5], S2=[2, 4, 5], S3=[3, 4, 3], S4=[2, 4, 3],
                       C1=[4, 5, 4], C2=[4, 5, 4])
    for column, values in change.items():
        answers[column] = values
    with pytest.raises(CxlabValueError, match=message):
        score_maturity(answers, questionnaire=QUESTIONS)


def test_structural_errors_are_named():
    answers = _answers(S1=[1, 4, 5], S2=[2, 4, 5], S3=[3, 4, 3], S4=[2, 4, 3], C1=[4, 5, 4])
    with pytest.raises(CxlabValueError, match=r"answers has no column for the statement\(s\) C2"):
        score_maturity(answers, questionnaire=QUESTIONS)
    with pytest.raises(CxlabValueError, match="answers must have a respondent column"):
        score_maturity(answers.drop(columns="respondent"), questionnaire=QUESTIONS)
    with pytest.raises(CxlabValueError, match="answers must be a table"):
        score_maturity([[1, 2]])
    with pytest.raises(CxlabValueError, match=r"disagreement_points must be in \[0, 4\], got 5"):
        score_maturity(data.load("cx_maturity_answers"), disagreement_points=5)
    with pytest.raises(CxlabValueError, match="questionnaire must have the columns statement_id "
                                              "and pillar; it is missing pillar"):
        score_maturity(answers, questionnaire=QUESTIONS.drop(columns="pillar"))


def test_sizes_are_bounded():
    many = pd.DataFrame({"respondent": [f"R{i}" for i in range(1001)], "S1": 3, "S2": 3,
                         "S3": 3, "S4": 3, "C1": 3, "C2": 3})
    with pytest.raises(CxlabValueError, match="answers must have 1 to 1000 respondents, got 1001"):
        score_maturity(many, questionnaire=QUESTIONS)


def test_table_has_plain_column_names(shipped):
    table = shipped.table()
    assert list(table.columns) == ["Score (1-5)", "Lowest manager", "Highest manager",
                                   "Spread (points)", "Don't know"]
    assert table.index[0] == "Strategy"
