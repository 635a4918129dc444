"""Numbers quoted in lessons 03.02 and 03.03 (and the bank questions added with them) agree
with the models behind them, recomputed here independently where the lesson teaches a formula.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from scipy import stats

from cxlab import coaching, data
from cxlab.quiz.bank import read_bank_file
from tests.conftest import ROOT

LESSONS = ROOT / "solutions" / "03-coaching-scoring"


def prose(name: str) -> str:
    nb = json.loads((LESSONS / name).read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return " ".join(text.split())


@pytest.fixture(scope="module")
def sd_and_rate() -> tuple[float, int]:
    """As lesson 03.02 computes them: the typical sd of one agent's scores, evaluations a month."""
    evaluations = data.load("qa_evaluations")
    scored = coaching.score_evaluations(data.load_scorecard(),
                                        evaluations.drop(columns=["csat"])).evaluations
    sd = round((100 * scored["score"]).groupby(scored["agent"]).std().mean(), 1)
    month = evaluations["date"].dt.strftime("%B")
    rate = round(evaluations.groupby(["agent", month]).size().mean())
    return sd, rate


def test_03_02_margins_with_t_and_with_1_96(sd_and_rate) -> None:
    sd, n = sd_and_rate
    assert (sd, n) == (13.3, 5)
    text = prose("03.02-scoring-and-critical-errors.ipynb")
    t5 = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)  # scipy, not cxlab
    z5 = stats.norm.ppf(0.975) * sd / math.sqrt(n)
    assert coaching.margin_of_error(sd, n) == pytest.approx(t5)
    assert f"{t5:.1f}" == "16.5" and f"{z5:.1f}" == "11.7"
    assert "known to within about **±16.5 points** (the 1.96 shortcut would say ±11.7" in text
    assert 0.25 < (t5 - z5) / t5 < 1 / 3  # "nearly a third of the uncertainty"
    assert 65 - t5 < 50 and 80 < 65 + t5 < 83  # "from below 50% to the low 80s"
    t15 = stats.t.ppf(0.975, 14) * sd / math.sqrt(15)
    assert f"{t15:.1f}" == "7.4" and "within about ±7.4 points" in text
    assert [f"{stats.t.ppf(0.975, k - 1):.2f}" for k in (5, 15)] == ["2.78", "2.14"]
    assert "with 5 evaluations *t* is 2.78, with 15 it is 2.14" in text
    assert stats.t.ppf(0.975, 29) / stats.norm.ppf(0.975) < 1.05  # "from about 30 ... close"


def test_03_02_evaluations_needed_with_and_without_t(sd_and_rate) -> None:
    sd, _ = sd_and_rate
    text = prose("03.02-scoring-and-critical-errors.ipynb")
    assert coaching.evaluations_needed(sd, 10) == math.ceil((1.959964 * sd / 10) ** 2) == 7
    assert coaching.evaluations_needed(sd, 10, distribution="t") == 10
    assert "Seven by the formula, ten once the *t* distribution is allowed for" in text
    assert coaching.evaluations_needed(sd, 5) == 28
    assert coaching.evaluations_needed(sd, 5, distribution="t") == 30
    assert "(With *t* it is 30; at this size the planning formula is close.)" in text


def _icc_by_regression(table: np.ndarray) -> tuple[float, float]:
    """ICC(2,1) and ICC(3,1) from a two-way ANOVA fitted by least squares (dummy variables).

    Independent of cxlab's formula from row and column means: the sums of squares come from
    comparing nested linear models, as a statistics package would.
    """
    n, k = table.shape
    y = table.ravel()
    rows = np.repeat(np.arange(n), k)
    cols = np.tile(np.arange(k), n)
    ones = np.ones((n * k, 1))
    row_dummies = (rows[:, None] == np.arange(1, n)).astype(float)
    col_dummies = (cols[:, None] == np.arange(1, k)).astype(float)

    def sse(design: np.ndarray) -> float:
        beta, *_ = np.linalg.lstsq(design, y, rcond=None)
        return float(((y - design @ beta) ** 2).sum())

    sse_mean = sse(ones)
    sse_rows = sse(np.hstack([ones, row_dummies]))
    sse_cols = sse(np.hstack([ones, col_dummies]))
    sse_full = sse(np.hstack([ones, row_dummies, col_dummies]))
    bms = (sse_cols - sse_full) / (n - 1)  # targets, given judges
    jms = (sse_rows - sse_full) / (k - 1)  # judges, given targets
    ems = sse_full / ((n - 1) * (k - 1))
    assert sse_mean >= sse_full
    icc21 = (bms - ems) / (bms + (k - 1) * ems + k * (jms - ems) / n)
    icc31 = (bms - ems) / (bms + (k - 1) * ems)
    return icc21, icc31


@pytest.fixture(scope="module")
def report() -> coaching.CalibrationReport:
    return coaching.calibration_report(data.load_scorecard(), data.load("qa_calibration"))


def test_03_03_icc_checked_against_an_independent_anova(report) -> None:
    scores = 100 * report.scores
    assert scores.shape == (12, 4) and not scores.isna().any().any()
    icc21, icc31 = _icc_by_regression(scores.to_numpy())
    forms = coaching.icc_forms(scores)
    assert forms["2,1"] == pytest.approx(icc21, rel=1e-9)
    assert forms["3,1"] == pytest.approx(icc31, rel=1e-9)
    assert (f"{icc21:.2f}", f"{icc31:.2f}") == ("0.54", "0.74")
    assert coaching.interpretation(icc21, scale="icc") == "moderate"
    assert coaching.interpretation(icc31, scale="icc") == "moderate"
    text = prose("03.03-a-calibration-session.ipynb")
    assert "Consistency is **0.74**" in text and "Absolute agreement is only **0.54**" in text
    assert "Both forms are \"moderate\" here" in text


def test_03_03_the_offsets_explain_the_gap_between_the_forms(report) -> None:
    """'A calibration that removes the offsets lifts absolute agreement towards consistency.'"""
    scores = 100 * report.scores
    level = scores - scores.mean() + scores.to_numpy().mean()  # each evaluator's offset removed
    before21, before31 = _icc_by_regression(scores.to_numpy())
    after21, _ = _icc_by_regression(level.to_numpy())
    assert after21 >= before31 > before21 + 0.15


def test_03_03_against_the_qa_lead(report) -> None:
    card, calibration = data.load_scorecard(), data.load("qa_calibration")
    check = coaching.against_standard(card, calibration, "E3")
    table = check.evaluators
    # independently: weighted scores of the report, minus E3's, in points
    gaps = 100 * report.scores.sub(report.scores["E3"], axis=0).drop(columns="E3")
    assert np.allclose(check.differences.to_numpy(), gaps.to_numpy())
    within = (gaps.abs() <= 5).sum()
    assert within.to_dict() == {"E1": 3, "E2": 3, "E4": 6}  # "only 3 of the 12", "half"
    assert [f"{v:.1f}" for v in gaps.mean()] == ["12.7", "-9.1", "-3.0"]
    assert table["verdict"].to_dict() == {"E1": "lenient", "E2": "harsh", "E4": "inconsistent"}
    assert report.evaluators.loc["E4", "leaning"] == "in line"
    assert check.calibrated() == [], "Nobody meets the rule yet"
    text = prose("03.03-a-calibration-session.ipynb")
    for quoted in ["**E1** scores 12.7 points above the standard on average and is within 5 "
                   "points on only 3 of the 12 contacts", "**E2** scores 9.1 points below",
                   "E4's average is close (3.0 points below), yet E4 is more than 5 points away "
                   "on **half** the contacts"]:
        assert quoted in text


def test_03_03_e4_meets_the_rule_once_probing_and_empathy_are_agreed() -> None:
    card, calibration = data.load_scorecard(), data.load("qa_calibration")
    lead = calibration[calibration["evaluator"] == "E3"].set_index("contact_id")
    agreed = calibration.copy()
    e4 = agreed["evaluator"] == "E4"
    for item in ("probing", "empathy"):
        agreed.loc[e4, item] = agreed.loc[e4, "contact_id"].map(lead[item]).to_numpy()
    gaps = coaching.against_standard(card, agreed, "E3").differences["E4"]
    assert int((gaps.abs() <= 5).sum()) == 10 and (gaps.abs() <= 5).mean() >= 0.8
    assert "E4 would be within 5 points on 10 of the 12 contacts and meet the rule" in prose(
        "03.03-a-calibration-session.ipynb")
    # and most of E4's large gaps involve one of the two items
    a = coaching.item_answers(card, calibration)
    diff = (a[a["evaluator"] == "E4"].set_index("contact_id")[["probing", "empathy"]]
            - a[a["evaluator"] == "E3"].set_index("contact_id")[["probing", "empathy"]])
    large = coaching.against_standard(card, calibration, "E3").differences["E4"].abs() > 5
    involved = (diff.loc[large[large].index].abs() > 0).any(axis=1)
    assert involved.mean() > 0.5


def test_bank_questions_added_for_issue_19_follow_from_their_prompts() -> None:
    bank = read_bank_file(ROOT / "banks" / "03-coaching-scoring.yml")
    assert bank["t-margin"].answer == pytest.approx(2.78 * 10 / math.sqrt(5), abs=0.05)
    assert bank["t-margin"].answer == pytest.approx(stats.t.ppf(0.975, 4) * 10 / math.sqrt(5),
                                                    abs=0.05)
    gaps = [2, -3, 8, 1, 0, -4, 6, 2, -1, 3]
    assert sum(abs(g) <= 5 for g in gaps) / len(gaps) >= 0.8
    assert bank["standard-tolerance"].answer == "A"
