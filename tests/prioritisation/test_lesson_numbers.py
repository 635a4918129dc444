"""Numbers quoted in the prose of lesson 04.02 agree with the models behind them.

The AHP weights, the weighted score and the money cases are recomputed here, by hand where the
lesson works them by hand, so an edit to a model or to the text that parts them fails.
"""

from __future__ import annotations

import json
import math

import pytest

from cxlab import prioritisation
from tests.conftest import ROOT

LESSON = (ROOT / "solutions" / "04-prioritisation"
          / "04.02-cost-benefit-and-the-impact-effort-matrix.ipynb")
JUDGEMENTS = {
    ("Customer benefit", "Business benefit"): 2,
    ("Customer benefit", "Low cost"): 3,
    ("Customer benefit", "Low risk"): 4,
    ("Business benefit", "Low cost"): 2,
    ("Business benefit", "Low risk"): 2,
    ("Low cost", "Low risk"): 1,
}


@pytest.fixture(scope="module")
def text() -> str:
    nb = json.loads(LESSON.read_text(encoding="utf-8"))
    markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return " ".join(markdown.split())


def test_the_lesson_uses_the_judgements_tested_here() -> None:
    nb = json.loads(LESSON.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    for (a, b), v in JUDGEMENTS.items():
        assert f'("{a}", "{b}"): {v},' in code


def test_ahp_weights_used_once(text) -> None:
    w = prioritisation.ahp(JUDGEMENTS).weights
    share = w["Customer benefit"] / (w["Customer benefit"] + w["Business benefit"])
    assert (f"{w['Customer benefit']:.2f}", f"{w['Business benefit']:.2f}") == ("0.48", "0.26")
    assert f"{share:.2f}" == "0.65"
    assert ("0.48 ÷ (0.48 + 0.26) = 0.65, so `priority_scores(backlog, customer_weight=0.65)`"
            in text)
    backlog = prioritisation.load_backlog()
    same = prioritisation.priority_scores(backlog, customer_weight=0.65)["rank"]
    assert same.to_dict() == prioritisation.priority_scores(backlog)["rank"].to_dict()
    assert "Here that changes no rank at all" in text
    assert f"{100 * w['Low cost']:.0f}" == "14" and "gave low cost only 14% of the weight" in text


def test_weighted_score_by_hand_and_ranks(text) -> None:
    backlog = prioritisation.load_backlog()
    open_items = backlog[backlog["status"] != "done"]
    total = open_items["cost"] + 2.5 * open_items["effort"]
    assert (total.min(), total.max()) == (4.5, 350)
    assert "total costs run from 4.5 k to 350 k, rates 0.95 on low cost" in text
    assert f"{(350 - 22) / (350 - 4.5):.2f}" == "0.95"
    ranked = prioritisation.weighted_scores(backlog, prioritisation.ahp(JUDGEMENTS))
    assert f"{ranked['weighted_score'].iloc[0]:.3f}" == "0.833" and ranked.index[0] == "CX-02"
    assert "The same 0.833 heads the table" in text
    # "the arrival window, the outage alerts, the bill explainer and the loyalty review first"
    assert ranked.index[:4].tolist() == ["CX-02", "CX-08", "CX-01", "CX-12"]
    scores = prioritisation.priority_scores(backlog)
    assert scores.index[:2].tolist() == ["CX-22", "CX-19"]  # the video and the review lead it
    assert (ranked.loc["CX-22", "rank"], ranked.loc["CX-19", "rank"]) == (17, 16)
    assert "the two cheap fill-ins drop to 17th and 16th" in text


def test_value_of_a_retained_customer(text) -> None:
    m, c = 25, 0.18 / 12
    undiscounted = m * (1 - c) / c  # the retention formula, by hand
    d = 1.10 ** (1 / 12) - 1
    discounted = m * (1 - c) / (1 + d - (1 - c))
    assert prioritisation.customer_lifetime_value(m, c) == pytest.approx(undiscounted)
    assert prioritisation.customer_lifetime_value(m, c, annual_discount_rate=0.1) == (
        pytest.approx(discounted))
    assert (f"{undiscounted:,.0f}", f"{discounted:,.0f}", f"{(1 - c) / c:.0f}") == (
        "1,642", "1,072", "66")
    assert "stays on average about 66 more months: 25 × 0.985 ÷ 0.015 ≈ **1,642**" in text
    assert "at 10% a year it is worth about **1,072** today" in text
    exercise = prioritisation.customer_lifetime_value(20, 0.015)
    assert round(exercise) == 1313 and exercise == pytest.approx(20 * 0.985 / 0.015)
    assert "20 × 0.985 ÷ 0.015 = **1,313**" in text
    later = 20 * 0.985 / (1 + d - 0.985)
    assert abs(later - 860) < 5 and "(about 860)" in text


def _alerts(churn_cut: float) -> prioritisation.MoneyCase:
    kept = prioritisation.retention_value(customers=120_000, annual_churn=0.18,
                                          churn_reduction=churn_cut, monthly_margin=25)
    return prioritisation.money_case(one_off_cost=130_000,
                                     monthly_benefit=kept.months["margin_gained"],
                                     monthly_running_cost=1_500, annual_discount_rate=0.10)


def test_money_cases(text) -> None:
    backlog = prioritisation.load_backlog()
    cx08, cx01 = backlog.loc["CX-08"], backlog.loc["CX-01"]
    assert (cx08["cost"], cx08["effort"] * 2.5) == (90, 40) and "130 k now" in text
    assert cx01["cost"] + 2.5 * cx01["effort"] == 12.5 and "costs 12.5 k" in text
    kept = prioritisation.retention_value(customers=120_000, annual_churn=0.18,
                                          churn_reduction=0.005, monthly_margin=25,
                                          annual_discount_rate=0.10)
    assert (kept.retained_per_year, kept.retained_per_month) == (600, 50)
    assert f"{kept.value_per_customer:,.0f}" == "1,092"
    assert "600 customers a year who would have left stay, 50 a month, each worth about 1,092" in (
        text)
    alerts = _alerts(0.005)
    assert round(alerts.payback_months) == 17 and "pay back in about 17 months" in text
    assert f"{100 * alerts.roi:.0f}" == "260" and round(alerts.npv / 1000) == 371
    assert "return 260% with an NPV of about 371 k" in text
    per_call = prioritisation.cost_per_contact(360, cost_per_paid_hour=30, occupancy=0.85,
                                               shrinkage=0.30, overhead_fraction=0.25)
    # by hand: 0.1 h x 30 / (0.85 x 0.7) x 1.25
    assert per_call == pytest.approx(0.1 * 30 / (0.85 * 0.7) * 1.25)
    assert f"{per_call:.2f}" == "6.30" and "costs 6.30" in text
    assert 1_800 * 0.40 / 2 == 360 and "360 calls a month" in text
    explainer = prioritisation.money_case(one_off_cost=12_500, monthly_benefit=360 * per_call,
                                          horizon_months=36, annual_discount_rate=0.10)
    assert f"{100 * explainer.roi:.0f}" == "553" and math.isclose(
        round(explainer.payback_months, 1), 5.5)
    assert "(553% against 260%) and pays back in five and a half months" in text
    assert round(explainer.npv / 1000) == 58 and "(NPV 371 k against 58 k)" in text
    half = _alerts(0.0025)
    assert round(half.payback_months) == 25 and round(half.npv / 1000) == 96
    assert "(payback 25 months, NPV 96 k)" in text
    assert half.payback_months < 36, "still pays back within the three years"
