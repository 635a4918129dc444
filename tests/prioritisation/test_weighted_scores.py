"""The weighted score: AHP weights used in a ranking, cost and risk counted once (issue 19)."""

from __future__ import annotations

import pandas as pd
import pytest

from cxlab import prioritisation
from cxlab._validation import CxlabValueError
from tests.prioritisation.conftest import make_backlog

#: Lesson 04.02's steering group: customer benefit 2x business, 3x low cost, 4x low risk, ...
JUDGEMENTS = {
    ("Customer benefit", "Business benefit"): 2,
    ("Customer benefit", "Low cost"): 3,
    ("Customer benefit", "Low risk"): 4,
    ("Business benefit", "Low cost"): 2,
    ("Business benefit", "Low risk"): 2,
    ("Low cost", "Low risk"): 1,
}


def _three():
    # total cost = cost + 2.5 x effort: A 5 + 5 = 10, B 50 + 50 = 100, C 20 + 10 = 30
    return make_backlog(
        {"code": "A", "customer_benefit": 2, "business_benefit": 3, "cost": 5, "effort": 2,
         "risk": 1},
        {"code": "B", "customer_benefit": 5, "business_benefit": 4, "cost": 50, "effort": 20,
         "risk": 4},
        {"code": "C", "customer_benefit": 4, "business_benefit": 2, "cost": 20, "effort": 4,
         "risk": 2},
    )


def test_ratings_and_ranking_by_hand() -> None:
    weights = {"Customer benefit": 0.4, "Business benefit": 0.2, "Low cost": 0.3,
               "Low risk": 0.1}
    table = prioritisation.weighted_scores(_three(), weights)
    # ratings (worst 0, best 1): customer (b - 1) / 4, business (b - 1) / 4,
    # low cost (100 - total) / (100 - 10), low risk (5 - risk) / 4
    expected = {
        "A": 0.4 * 0.25 + 0.2 * 0.50 + 0.3 * 1.0 + 0.1 * 1.00,   # 0.600
        "B": 0.4 * 1.00 + 0.2 * 0.75 + 0.3 * 0.0 + 0.1 * 0.25,   # 0.575
        "C": 0.4 * 0.75 + 0.2 * 0.25 + 0.3 * (70 / 90) + 0.1 * 0.75,  # 0.658
    }
    assert table["weighted_score"].to_dict() == pytest.approx(expected)
    assert list(table.index) == ["C", "A", "B"] and table["rank"].tolist() == [1, 2, 3]
    assert table.loc["C", "rating: Low cost"] == pytest.approx(70 / 90)
    assert table.loc["B", "weighted: Customer benefit"] == pytest.approx(0.4)
    assert table.attrs["weights"] == weights


def test_an_ahp_result_is_used_as_it_is() -> None:
    criteria = prioritisation.ahp(JUDGEMENTS)
    backlog = prioritisation.load_backlog()
    from_result = prioritisation.weighted_scores(backlog, criteria)
    from_series = prioritisation.weighted_scores(backlog, criteria.weights)
    pd.testing.assert_frame_equal(from_result, from_series)
    w = criteria.weights
    # CX-02 by hand: customer 5, business 3, total cost 12 + 4 x 2.5 = 22, risk 2; the sample
    # backlog (without the done CX-15) costs from 4.5 (CX-22) to 350 (CX-13) in total
    low_cost = (350 - 22) / (350 - 4.5)
    by_hand = (w["Customer benefit"] * 1 + w["Business benefit"] * 0.5
               + w["Low cost"] * low_cost + w["Low risk"] * 0.75)
    assert from_result.loc["CX-02", "weighted_score"] == pytest.approx(by_hand)
    assert from_result.index[:4].tolist() == ["CX-02", "CX-08", "CX-01", "CX-12"]


def test_cost_and_risk_enter_once_each() -> None:
    """Raising an initiative's cost moves only its low-cost term, by weight x the rating change;
    with no weight on low cost, cost has no effect at all (it is not also a divisor)."""
    weights = {"Customer benefit": 0.4, "Business benefit": 0.2, "Low cost": 0.3,
               "Low risk": 0.1}
    base = prioritisation.weighted_scores(_three(), weights)
    dearer = _three()
    dearer.loc[dearer["code"] == "C", "cost"] = 65  # C's total 30 -> 75; range still 10..100
    moved = prioritisation.weighted_scores(dearer, weights)
    change = moved["weighted_score"] - base["weighted_score"]
    assert change["C"] == pytest.approx(0.3 * ((100 - 75) / 90 - (100 - 30) / 90))
    assert change[["A", "B"]].abs().max() < 1e-12
    riskier = _three()
    riskier.loc[riskier["code"] == "C", "risk"] = 4  # low-risk rating 0.75 -> 0.25
    changed = prioritisation.weighted_scores(riskier, weights)["weighted_score"]
    assert changed["C"] - base.loc["C", "weighted_score"] == pytest.approx(0.1 * (0.25 - 0.75))
    benefits_only = {"Customer benefit": 0.6, "Business benefit": 0.4}
    cheap = prioritisation.weighted_scores(_three(), benefits_only)["weighted_score"]
    costly = prioritisation.weighted_scores(dearer, benefits_only)["weighted_score"]
    pd.testing.assert_series_equal(cheap.sort_index(), costly.sort_index())


def test_the_ratio_score_takes_only_the_benefit_weights() -> None:
    """With the cost/benefit score, AHP gives value's split; cost and risk stay in the formula."""
    w = prioritisation.ahp(JUDGEMENTS).weights
    customer_weight = w["Customer benefit"] / (w["Customer benefit"] + w["Business benefit"])
    assert round(customer_weight, 2) == 0.65
    backlog = prioritisation.load_backlog()
    ratio = prioritisation.priority_scores(backlog, customer_weight=customer_weight)
    default = prioritisation.priority_scores(backlog)
    assert ratio["rank"].to_dict() == default["rank"].to_dict()  # "the ranks do not move"


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"Customer benefit": 0.5, "Speed": 0.5},
         r"weights names an unknown criterion 'Speed'; the criteria are 'Customer benefit'"),
        ({"Customer benefit": 0.5, "Low cost": 0.4}, r"weights must add up to 1 \(AHP weights "
         r"do\), got 0.9"),
        ({"Customer benefit": 1.5, "Low cost": -0.5}, r"the weight of 'Low cost' must be 0 or"),
        ([0.5, 0.5], r"weights must map criteria to weights"),
    ],
)
def test_weighted_score_errors(weights, message) -> None:
    with pytest.raises(CxlabValueError, match=message):
        prioritisation.weighted_scores(_three(), weights)


def test_done_initiatives_are_left_out() -> None:
    done = make_backlog({"code": "A", "status": "done"})
    with pytest.raises(CxlabValueError, match="every initiative in the backlog is done"):
        prioritisation.weighted_scores(done, {"Low cost": 1.0})
    assert prioritisation.weighted_scores(done, {"Low cost": 1.0}, include_done=True)[
        "weighted_score"].tolist() == [1.0]  # a single initiative is the cheapest
