"""Scorecards: weights, N/A re-weighting and critical errors kept apart, worked by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cxlab._validation import CxlabValueError
from cxlab.coaching.scorecard import Scorecard, score_evaluations

CARD = {
    "name": "Voice QA",
    "sections": [
        {"name": "Opening", "items": [
            {"id": "greeting", "text": "Greets and introduces", "weight": 0.2},
            {"id": "id_check", "text": "Verifies identity", "critical": "compliance"}]},
        {"name": "Resolution", "items": [
            {"id": "correct_info", "text": "Gives correct information", "critical": "customer"},
            {"id": "refund_rule", "text": "Applies refund policy", "critical": "business"},
            {"id": "ownership", "text": "Takes ownership", "weight": 0.3},
            {"id": "empathy", "text": "Shows empathy", "kind": "scale", "weight": 0.5}]},
    ],
}


def _card() -> Scorecard:
    return Scorecard.from_dict(CARD)


def _evaluations(**rows) -> pd.DataFrame:
    base = {"agent": "Ann", "evaluator": "Eva", "greeting": "yes", "id_check": "yes",
            "correct_info": "yes", "refund_rule": "n/a", "ownership": "yes", "empathy": 5}
    return pd.DataFrame([{**base, **row} for row in rows.values()])


def test_weighted_score_by_hand() -> None:
    # greeting yes (0.2), ownership no (0), empathy 4 of 5 -> (4-1)/(5-1) = 0.75 x 0.5
    s = score_evaluations(_card(), _evaluations(a={"ownership": "no", "empathy": 4}))
    assert s.evaluations["score"].iloc[0] == pytest.approx(0.2 + 0.0 + 0.375)


def test_na_items_drop_out_and_weights_scale_back_up() -> None:
    # ownership N/A: greeting 0.2 and empathy 0.5 remain; yes + scale 3 -> (0.2 + 0.25) / 0.7
    s = score_evaluations(_card(), _evaluations(a={"ownership": "n/a", "empathy": 3}))
    assert s.evaluations["score"].iloc[0] == pytest.approx((0.2 + 0.5 * 0.5) / 0.7)
    assert s.evaluations["items_applicable"].iloc[0] == 2


def test_critical_errors_are_reported_apart_never_averaged() -> None:
    s = score_evaluations(_card(), _evaluations(
        perfect={},
        leak={"id_check": "no"},
        wrong={"correct_info": "no", "refund_rule": "no"},
        refund={"refund_rule": "yes"},
    ))
    rows = s.evaluations
    assert rows["score"].tolist() == [1.0, 1.0, 1.0, 1.0], "critical items do not touch score"
    assert rows["compliance_ok"].tolist() == [True, False, True, True]
    assert rows["customer_ok"].tolist() == [True, True, False, True]
    assert rows["business_ok"].isna().tolist() == [True, True, False, False]
    assert s.accuracy["compliance"] == pytest.approx(3 / 4)
    assert s.accuracy["customer"] == pytest.approx(3 / 4)
    assert s.accuracy["business"] == pytest.approx(1 / 2), "only where a business item applied"
    agent = s.by_agent.loc["Ann"]
    assert agent["evaluations"] == 4 and agent["mean_score"] == pytest.approx(1.0)


def test_answers_are_read_tolerantly() -> None:
    s = score_evaluations(_card(), _evaluations(a={"greeting": " Yes ", "ownership": False,
                                                   "empathy": "5", "refund_rule": None}))
    assert s.evaluations["score"].iloc[0] == pytest.approx(0.2 + 0.5)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c["sections"][0]["items"][0].update(weight=0.25),
         r"weights of the scored items must sum to 1 \(100%\), got 1.05 \(Opening 25%, "
         r"Resolution 80%\)"),
        (lambda c: c["sections"][0]["items"][0].update(weight=-1), r"weight must be a positive"),
        (lambda c: c["sections"][0]["items"][1].update(critical="legal"),
         r"critical must be one of customer, business, compliance; got 'legal'"),
        (lambda c: c["sections"][0]["items"][1].update(weight=0.1),
         r"a critical item has no weight"),
        (lambda c: c["sections"][1]["items"][3].update(kind="stars"),
         r"kind must be one of yes_no, scale; got 'stars'"),
        (lambda c: c["sections"][1]["items"][0].update(id="greeting"),
         r"item ids must be unique; greeting used twice"),
    ],
)
def test_bad_scorecards_are_explained(change, message) -> None:
    import copy

    data = copy.deepcopy(CARD)
    change(data)
    with pytest.raises(CxlabValueError, match=message):
        Scorecard.from_dict(data)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"a": {"empathy": 7}}, r"item 'empathy' in row 2 must be a whole number from 1 to 5 "
                                r"or n/a, got 7"),
        ({"a": {}, "b": {"greeting": "maybe"}}, r"item 'greeting' in row 3 must be yes, no or "
                                                 r"n/a, got 'maybe'"),
        ({"a": {"tone": "yes"}}, r"unknown item column\(s\) 'tone'"),
    ],
)
def test_bad_evaluations_name_item_and_row(rows, message) -> None:
    with pytest.raises(CxlabValueError, match=message):
        score_evaluations(_card(), _evaluations(**rows))


def test_missing_item_columns_and_empty_tables() -> None:
    with pytest.raises(CxlabValueError, match=r"missing the item column\(s\) 'empathy'"):
        score_evaluations(_card(), _evaluations(a={}).drop(columns="empathy"))
    with pytest.raises(CxlabValueError, match="non-empty table"):
        score_evaluations(_card(), pd.DataFrame())


def test_table_view() -> None:
    table = _card().table()
    assert list(table["item"]) == ["greeting", "id_check", "correct_info", "refund_rule",
                                   "ownership", "empathy"]
    assert math.isclose(table["weight (%)"].dropna().sum(), 100.0)
