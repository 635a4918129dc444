"""NPS, CSAT and CES against the REFERENCES.md definitions, with their intervals."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cxlab._validation import CxlabValueError
from cxlab.voc import ces, csat, nps, score_summary

Z95 = 1.959963984540054  # standard normal 97.5% point


# --------------------------------------------------------------------------------------------
# NPS = % promoters (9-10) - % detractors (0-6)


def test_nps_counted_by_hand() -> None:
    scores = [10, 9, 9, 8, 7, 6, 3, 10, 9, 5]
    # promoters: 10, 9, 9, 10, 9 = 5; passives: 8, 7 = 2; detractors: 6, 3, 5 = 3
    result = nps(scores)
    assert (result.promoters, result.passives, result.detractors, result.n) == (5, 2, 3, 10)
    assert result.value == pytest.approx(50 - 30)


def test_nps_boundaries_of_the_groups() -> None:
    assert nps([9]).promoters == 1 and nps([8]).passives == 1 and nps([7]).passives == 1
    assert nps([6]).detractors == 1 and nps([0]).detractors == 1
    assert nps([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).value == pytest.approx(100 * (2 - 7) / 11)


def test_nps_extremes() -> None:
    assert nps([9, 10, 10, 9]).value == 100
    assert nps([0, 6, 3]).value == -100
    assert nps([7, 8, 8]).value == 0
    all_promoters = nps([10] * 50)
    assert (all_promoters.ci_low, all_promoters.ci_high) == (100, 100)
    assert all_promoters.small_sample  # no detractors: the normal approximation says nothing


def test_nps_interval_is_the_trinomial_normal_approximation() -> None:
    scores = [10] * 45 + [8] * 30 + [4] * 25  # p+ = 0.45, p- = 0.25
    result = nps(scores)
    p_pro, p_det, n = 0.45, 0.25, 100
    se = math.sqrt(((p_pro + p_det) - (p_pro - p_det) ** 2) / n)
    assert result.value == pytest.approx(20.0)
    assert result.ci_low == pytest.approx(100 * (0.20 - Z95 * se))
    assert result.ci_high == pytest.approx(100 * (0.20 + Z95 * se))
    wider = nps(scores, confidence=0.99)
    assert wider.ci_high - wider.ci_low == pytest.approx(2 * 100 * 2.5758293035489 * se)
    assert not result.small_sample and nps(scores[:20] + scores[-9:]).small_sample


def test_nps_interval_covers_the_true_value_about_95_percent_of_the_time() -> None:
    rng = np.random.default_rng(8)
    p = [0.25, 0.40, 0.35]  # detractor, passive, promoter: true NPS = +10
    hits = 0
    trials = 2000
    for _ in range(trials):
        counts = rng.multinomial(300, p)
        scores = np.repeat([3, 8, 10], counts)
        result = nps(scores)
        hits += result.ci_low <= 10 <= result.ci_high
    assert 0.93 <= hits / trials <= 0.97


def test_nps_missing_answers_are_left_out_and_counted() -> None:
    result = nps([10, np.nan, 3, None, 9])
    assert (result.n, result.missing, result.value) == (3, 2, pytest.approx(100 / 3))
    assert nps(pd.Series([10, None, 6], dtype="Int64")).missing == 1


def test_nps_errors() -> None:
    with pytest.raises(CxlabValueError, match=r"scores must hold at least one answer from 0 to "
                                              r"10, got none$"):
        nps([])
    with pytest.raises(CxlabValueError, match=r"got none \(2 blank\)"):
        nps([np.nan, np.nan])
    with pytest.raises(CxlabValueError, match="scores must be whole numbers from 0 to 10, got 11 "
                                              "at position 2"):
        nps([9, 10, 11])
    with pytest.raises(CxlabValueError, match=r"got -1 at position 0 \(2 answers are off"):
        nps([-1, 12])
    with pytest.raises(CxlabValueError, match="got 7.5 at position 0"):
        nps([7.5])
    with pytest.raises(CxlabValueError, match="got 'nine'"):
        nps([10, "nine"])
    with pytest.raises(CxlabValueError, match="scores must be a list of answers"):
        nps("9 10")
    with pytest.raises(CxlabValueError, match="yes/no"):
        nps([True, 9])
    with pytest.raises(CxlabValueError, match=r"confidence must be in \(0, 1\), got 95 "
                                              r"\(write 95% as 0.95\)"):
        nps([9], confidence=95)


def test_nps_str() -> None:
    # 20 +/- 100 x 1.96 x sqrt((0.70 - 0.20 ** 2) / 100) = 20 +/- 15.9
    assert str(nps([10] * 45 + [8] * 30 + [4] * 25)) == (
        "NPS +20 (95% CI +4 to +36), n = 100: 45% promoters, 30% passives, 25% detractors"
    )


# --------------------------------------------------------------------------------------------
# CSAT = share of top-2 box


def test_csat_counted_by_hand() -> None:
    scores = [5, 4, 4, 3, 2, 5, 1, 4, 5, 3]  # 4s and 5s: 6 of 10
    result = csat(scores)
    assert (result.satisfied, result.n, result.value) == (6, 10, 0.6)
    assert csat(scores, top_box=1).value == 0.3  # only the 5s
    assert csat([7, 6, 5, 1], scale=7, top_box=2).value == 0.5  # 6 and 7 of 1-7


def test_csat_wilson_interval_against_scipy() -> None:
    for satisfied, n in [(6, 10), (81, 263), (0, 12), (12, 12), (430, 500)]:
        scores = [5] * satisfied + [2] * (n - satisfied)
        result = csat(scores)
        expected = stats.binomtest(satisfied, n).proportion_ci(0.95, method="wilson")
        assert result.ci_low == pytest.approx(expected.low, abs=1e-12)
        assert result.ci_high == pytest.approx(expected.high, abs=1e-12)


def test_csat_wilson_published_value() -> None:
    # Wilson (1927) score interval for 6 of 10 at 95%: 0.3127 to 0.8318 (Newcombe 1998).
    result = csat([5] * 6 + [1] * 4)
    assert (round(result.ci_low, 4), round(result.ci_high, 4)) == (0.3127, 0.8318)


def test_csat_errors() -> None:
    with pytest.raises(CxlabValueError, match="scores must be whole numbers from 1 to 5, got 0 "
                                              "at position 1"):
        csat([5, 0])
    with pytest.raises(CxlabValueError, match="scores must be whole numbers from 1 to 5, got 6"):
        csat([6])
    with pytest.raises(CxlabValueError, match=r"top_box must be a whole number from 1 to scale "
                                              r"\(5\), got 6"):
        csat([5], top_box=6)
    with pytest.raises(CxlabValueError, match="top_box must be a whole number of at least 1, "
                                              "got 0"):
        csat([5], top_box=0)
    with pytest.raises(CxlabValueError, match="scale must be a whole number of at least 2"):
        csat([1], scale=1)
    assert csat([5, np.nan, 1]).missing == 1


# --------------------------------------------------------------------------------------------
# CES = mean on the scale used (CES 2.0, 1-7, higher is easier)


def test_ces_mean_and_t_interval() -> None:
    scores = [7, 6, 6, 5, 7, 2, 4, 6]
    result = ces(scores)
    assert result.value == pytest.approx(43 / 8)
    mean = 43 / 8
    sd = math.sqrt(sum((x - mean) ** 2 for x in scores) / 7)
    half = stats.t.ppf(0.975, 7) * sd / math.sqrt(8)
    assert result.sd == pytest.approx(sd)
    assert (result.ci_low, result.ci_high) == pytest.approx((mean - half, mean + half))
    # t(7) 97.5% point from the printed tables: 2.365
    assert half == pytest.approx(2.365 * sd / math.sqrt(8), rel=1e-3)


def test_ces_interval_coverage_by_simulation() -> None:
    rng = np.random.default_rng(3)
    p = np.array([0.05, 0.05, 0.1, 0.15, 0.25, 0.25, 0.15])
    true_mean = float(np.arange(1, 8) @ p)
    hits = sum(
        (r := ces(rng.choice(np.arange(1, 8), size=80, p=p))).ci_low <= true_mean <= r.ci_high
        for _ in range(2000)
    )
    assert 0.93 <= hits / 2000 <= 0.97


def test_ces_one_answer_and_errors() -> None:
    single = ces([6])
    assert single.value == 6 and math.isnan(single.ci_low) and single.small_sample
    with pytest.raises(CxlabValueError, match="scores must be whole numbers from 1 to 7, got 8"):
        ces([8])
    with pytest.raises(CxlabValueError, match="scores must be whole numbers from 1 to 5, got 6"):
        ces([6], scale=5)
    assert "higher is easier" in str(ces([5, 6]))


# --------------------------------------------------------------------------------------------
# Summaries


def test_score_summary_per_group_matches_the_single_scores() -> None:
    frame = pd.DataFrame({
        "stage": ["buy"] * 4 + ["use"] * 3,
        "ltr": [10, 9, 2, 7, 6, 10, 10],
        "csat": [5, 4, 1, 3, 2, 5, 4],
        "ces": [7, 6, 1, 4, 3, 7, 6],
    })
    summary = score_summary(frame, "stage", order=["use", "buy", "nowhere"])
    assert list(summary.index) == ["use", "buy"]
    assert summary.loc["buy", "n"] == 4
    assert summary.loc["buy", "nps"] == pytest.approx(100 * (2 - 1) / 4)
    assert summary.loc["use", "nps"] == pytest.approx(100 * (2 - 1) / 3)
    assert summary.loc["buy", "csat"] == 0.5
    assert summary.loc["use", "ces"] == pytest.approx(16 / 3)
    assert summary.loc["use", "csat_low"] == pytest.approx(csat([2, 5, 4]).ci_low)
    assert summary["small_sample"].all()
    overall = score_summary(frame, by=None, ces_column=None)
    assert list(overall.index) == ["all"] and "ces" not in overall.columns
    assert overall.loc["all", "nps"] == pytest.approx(nps(frame["ltr"]).value)
    two = score_summary(frame, ["stage", "ltr"])
    assert two.index.names == ["stage", "ltr"]


def test_score_summary_errors() -> None:
    frame = pd.DataFrame({"touchpoint": ["a"], "ltr": [11], "csat": [5], "ces": [7]})
    with pytest.raises(CxlabValueError, match=r"ltr of group 'a': scores must be whole numbers "
                                              r"from 0 to 10, got 11"):
        score_summary(frame)
    with pytest.raises(CxlabValueError, match="responses has no column 'stage'"):
        score_summary(frame, "stage")
    with pytest.raises(CxlabValueError, match="responses must be a table"):
        score_summary([1, 2])


def test_bad_options_are_refused_plainly() -> None:
    # Before: "The truth value of an empty array is ambiguous".
    with pytest.raises(CxlabValueError, match=r"^top_box must be a single number, got \[\]$"):
        csat([5, 4], top_box=[])
    frame = pd.DataFrame({"touchpoint": ["A", "A", "B"], "ltr": [10, 9, 3]})
    with pytest.raises(CxlabValueError, match=r"^order must be a list of the groups to show, "
                                              r"in order \(such as \['A', 'B'\]\), got 5$"):
        score_summary(frame, csat_column=None, ces_column=None, order=5)
    with pytest.raises(CxlabValueError, match=r"got \['nowhere'\], which lists none of them$"):
        score_summary(frame, csat_column=None, ces_column=None, order=["nowhere"])
    with pytest.raises(CxlabValueError, match=r"^order must be a list .* got \[\['A'\]\]$"):
        score_summary(frame, csat_column=None, ces_column=None, order=[["A"]])
