"""cxlab.prioritisation.money against hand arithmetic, brute-force sums and numpy-financial."""

from __future__ import annotations

import math

import numpy as np
import numpy_financial as npf
import pandas as pd
import pytest

from cxlab import CxlabValueError
from cxlab.prioritisation import business_case as bc
from cxlab.prioritisation import money as mo

# -- cost per contact ------------------------------------------------------------------------


def test_cost_per_contact_by_hand() -> None:
    # 6 minutes = 0.1 h at 30 an hour = 3.00 of handling; paid time per handled time is
    # 1 / (0.85 x 0.7) = 1 / 0.595, so 3 / 0.595 = 5.0420; + 25 % overhead = 6.3025;
    # + 0.40 telephony = 6.7025.
    assert mo.cost_per_contact(360, cost_per_paid_hour=30, occupancy=0.85,
                               shrinkage=0.3) == pytest.approx(5.042017, rel=1e-6)
    assert mo.cost_per_contact(360, cost_per_paid_hour=30, occupancy=0.85, shrinkage=0.3,
                               overhead_fraction=0.25) == pytest.approx(6.302521, rel=1e-6)
    assert mo.cost_per_contact(360, cost_per_paid_hour=30, occupancy=0.85, shrinkage=0.3,
                               overhead_fraction=0.25,
                               other_cost_per_contact=0.4) == pytest.approx(6.702521, rel=1e-6)
    # Fully busy, nobody off the phones: just the handling time.
    assert mo.cost_per_contact(360, cost_per_paid_hour=30, occupancy=1,
                               shrinkage=0) == pytest.approx(3.0)


def test_cost_per_contact_by_channel_keeps_the_index() -> None:
    aht = pd.Series({"phone": 360.0, "chat": 180.0})
    occ = pd.Series({"phone": 0.85, "chat": 0.9})
    got = mo.cost_per_contact(aht, cost_per_paid_hour=30, occupancy=occ, shrinkage=0.3)
    assert list(got.index) == ["phone", "chat"]
    # chat: 0.05 h x 30 / (0.9 x 0.7) = 1.5 / 0.63 = 2.3810
    assert got["chat"] == pytest.approx(2.380952, rel=1e-6)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"aht_seconds": 0}, r"aht_seconds must be positive \(above 0\), got 0"),
        ({"occupancy": 85}, r"occupancy must be in \(0, 1\], got 85 \(write 85% as 0.85\)"),
        ({"occupancy": 0}, r"occupancy must be in \(0, 1\], got 0"),
        ({"shrinkage": 1}, r"shrinkage must be in \[0, 1\), got 1"),
        ({"cost_per_paid_hour": -5}, r"cost_per_paid_hour must be positive"),
        ({"overhead_fraction": -0.1}, r"overhead_fraction must be 0 or more, got -0.1"),
        ({"other_cost_per_contact": "free"}, r"other_cost_per_contact must be a number"),
    ],
)
def test_cost_per_contact_bad_input(kwargs: dict, message: str) -> None:
    args = {"aht_seconds": 360, "cost_per_paid_hour": 30, "occupancy": 0.85,
            "shrinkage": 0.3, **kwargs}
    with pytest.raises(CxlabValueError, match=message):
        mo.cost_per_contact(args.pop("aht_seconds"), **args)


# -- value of a retained customer --------------------------------------------------------------


def _brute_clv(margin: float, churn: float, annual: float, months: int) -> float:
    """Sum the expected discounted margins month by month (independent of the closed form)."""
    total, alive = 0.0, 1.0
    for t in range(1, months + 1):
        alive *= 1 - churn
        total += margin * alive / (1 + annual) ** (t / 12)
    return total


def test_clv_undiscounted_is_margin_times_further_months() -> None:
    # 30 x 0.98 / 0.02 = 1,470 (expected further months 0.98 / 0.02 = 49)
    assert mo.customer_lifetime_value(30, 0.02) == pytest.approx(1470.0)


def test_clv_discounted_matches_the_series_summed_by_hand() -> None:
    got = mo.customer_lifetime_value(30, 0.02, annual_discount_rate=0.10)
    assert got == pytest.approx(_brute_clv(30, 0.02, 0.10, 6000), rel=1e-9)
    # monthly 1.1 ** (1/12) - 1 = 0.0079741; 29.4 / (1.0079741 - 0.98) = 1050.97
    assert got == pytest.approx(1050.97, abs=0.01)


def test_clv_with_a_horizon() -> None:
    assert mo.customer_lifetime_value(30, 0.02, horizon_months=12) == pytest.approx(
        _brute_clv(30, 0.02, 0.0, 12))
    assert mo.customer_lifetime_value(30, 0.02, annual_discount_rate=0.1,
                                      horizon_months=24) == pytest.approx(
        _brute_clv(30, 0.02, 0.1, 24))
    # no churn, no discount, finite horizon: margin x months
    assert mo.customer_lifetime_value(30, 0.0, horizon_months=12) == pytest.approx(360.0)


def test_clv_with_no_churn_but_discounting_is_a_perpetuity() -> None:
    d = 1.1 ** (1 / 12) - 1
    assert mo.customer_lifetime_value(30, 0.0, annual_discount_rate=0.1) == pytest.approx(30 / d)


def test_clv_is_vectorised() -> None:
    got = mo.customer_lifetime_value(np.array([30.0, 60.0]), np.array([0.02, 0.05]))
    # 60 x 0.95 / 0.05 = 1,140
    np.testing.assert_allclose(got, [1470.0, 1140.0])


def test_clv_bad_input() -> None:
    with pytest.raises(CxlabValueError, match="worth without limit"):
        mo.customer_lifetime_value(30, 0.0)
    with pytest.raises(CxlabValueError, match=r"monthly_churn must be in \[0, 1\], got 2 "
                                              r"\(write 2% as 0.02\)"):
        mo.customer_lifetime_value(30, 2)
    with pytest.raises(CxlabValueError, match="monthly_margin must be 0 or more"):
        mo.customer_lifetime_value(-30, 0.02)
    with pytest.raises(CxlabValueError, match="horizon_months must be at most 1,200"):
        mo.customer_lifetime_value(30, 0.02, horizon_months=5000)
    with pytest.raises(CxlabValueError, match="annual_discount_rate must be in"):
        mo.customer_lifetime_value(30, 0.02, annual_discount_rate=10)


# -- return, NPV, payback ---------------------------------------------------------------------


def test_return_on_investment() -> None:
    assert mo.return_on_investment(150_000, 100_000) == pytest.approx(0.5)
    assert mo.return_on_investment(80_000, 100_000) == pytest.approx(-0.2)
    np.testing.assert_allclose(mo.return_on_investment([0, 200], [100, 100]), [-1.0, 1.0])
    with pytest.raises(CxlabValueError, match=r"total_cost must be positive \(above 0\), got 0"):
        mo.return_on_investment(10, 0)


def test_npv_by_hand_and_against_numpy_financial() -> None:
    # -1000 + 600 / 1.1 + 600 / 1.21 = -1000 + 545.4545 + 495.8678 = 41.3223
    assert mo.net_present_value([-1000, 600, 600], annual_discount_rate=0.1,
                                periods_per_year=1) == pytest.approx(41.3223, abs=1e-4)
    flows = [-50_000] + [2_500] * 24
    monthly = 1.08 ** (1 / 12) - 1
    assert mo.net_present_value(flows, annual_discount_rate=0.08) == pytest.approx(
        npf.npv(monthly, flows), rel=1e-12)
    assert mo.net_present_value(flows, annual_discount_rate=0) == pytest.approx(10_000)


def test_npv_one_row_per_scenario() -> None:
    flows = np.array([[-100.0, 60.0, 60.0], [-100.0, 0.0, 0.0]])
    got = mo.net_present_value(flows, annual_discount_rate=0.1, periods_per_year=1)
    np.testing.assert_allclose(got, [npf.npv(0.1, flows[0]), -100.0])


def test_npv_bad_input() -> None:
    with pytest.raises(CxlabValueError, match="cash_flows must be a list of amounts"):
        mo.net_present_value([], annual_discount_rate=0.1)
    with pytest.raises(CxlabValueError, match="cash_flows must be a finite number, got nan"):
        mo.net_present_value([-1, float("nan")], annual_discount_rate=0.1)
    with pytest.raises(CxlabValueError, match=r"annual_discount_rate must be in \[0, 1\], "
                                              r"got 8 \(write 10% as 0.1\)"):
        mo.net_present_value([-1, 2], annual_discount_rate=8)
    with pytest.raises(CxlabValueError, match="periods_per_year must be a whole number"):
        mo.net_present_value([-1, 2], annual_discount_rate=0.1, periods_per_year=0)
    with pytest.raises(CxlabValueError, match="at most 1,201 periods"):
        mo.net_present_value(np.ones(5000), annual_discount_rate=0.1)


def test_payback_months() -> None:
    # cumulative -1000, -700, -400, -100, +200: crosses during month 4, a third in: 3.33
    assert mo.payback_months([-1000, 300, 300, 300, 300]) == pytest.approx(10 / 3)
    # cumulative reaches exactly 0 at the end of month 3
    assert mo.payback_months([-1000, 0, 500, 500]) == pytest.approx(3.0)
    # never negative: pays back at once
    assert mo.payback_months([0, 50]) == 0.0
    # never pays back within the flows: infinity, not a number of months
    assert mo.payback_months([-1000, 100, 100]) == math.inf
    got = mo.payback_months([[-100, 50, 50, 50], [-100, 10, 10, 10]])
    np.testing.assert_array_equal(got, [2.0, np.inf])


# -- retention and the money case -------------------------------------------------------------


def test_retention_value_by_hand() -> None:
    v = bc.retention_value(customers=120_000, annual_churn=0.18, churn_reduction=0.02,
                           monthly_margin=25, horizon_months=24)
    # 120,000 x 0.02 = 2,400 kept a year, 200 a month; churn after 0.16 / 12 a month
    assert v.retained_per_year == pytest.approx(2400)
    assert v.retained_per_month == pytest.approx(200)
    assert v.monthly_churn_before == pytest.approx(0.015)
    assert v.monthly_churn_after == pytest.approx(0.16 / 12)
    # undiscounted value of one kept customer: 25 x (1 - 0.01333) / 0.01333 = 1,850
    assert v.value_per_customer == pytest.approx(1850.0)
    assert v.value_per_year == pytest.approx(2400 * 1850.0)
    # month 1: nobody kept yet has paid; month 2: 200 x 25 x r; month 3: 25 x 200 x (r + r^2)
    r = 1 - 0.16 / 12
    margin = v.months["margin_gained"].to_numpy()
    assert margin[0] == 0.0
    assert margin[1] == pytest.approx(5000 * r)
    assert margin[2] == pytest.approx(5000 * (r + r**2))
    assert len(v.months) == 24


def test_retention_margin_matches_a_cohort_by_cohort_sum() -> None:
    v = bc.retention_value(customers=50_000, annual_churn=0.24, churn_reduction=0.03,
                           monthly_margin=18, horizon_months=30)
    kept, r = 50_000 * 0.03 / 12, 1 - 0.21 / 12
    expected = [sum(18 * kept * r ** (t - s) for s in range(1, t)) for t in range(1, 31)]
    np.testing.assert_allclose(v.months["margin_gained"], expected, rtol=1e-12)


def test_discounted_margin_over_a_long_horizon_equals_kept_customers_times_clv() -> None:
    # Each month's kept customers are worth one CLV at the moment they are kept, so the NPV of
    # all margin equals sum over months s of kept x CLV / (1 + d) ** s. Within a horizon of
    # H months the customers kept in month s can pay for H - s months only.
    horizon = 1200
    v = bc.retention_value(customers=10_000, annual_churn=0.3, churn_reduction=0.06,
                           monthly_margin=20, annual_discount_rate=0.1, horizon_months=horizon)
    flows = np.concatenate([[0.0], v.months["margin_gained"].to_numpy()])
    npv = mo.net_present_value(flows, annual_discount_rate=0.1)
    d = 1.1 ** (1 / 12) - 1
    churn = v.monthly_churn_after
    kept_value = sum(v.retained_per_month * _brute_clv(20, churn, 0.1, horizon - s)
                     / (1 + d) ** s for s in range(1, horizon))
    assert npv == pytest.approx(kept_value, rel=1e-9)
    # and over an endless horizon each year's kept customers are worth value_per_customer each
    endless = sum(v.retained_per_month * v.value_per_customer / (1 + d) ** s
                  for s in range(1, 5000))
    assert npv == pytest.approx(endless, rel=5e-4)  # less what comes after 100 years


def test_retention_value_bad_input() -> None:
    ok = {"customers": 1000, "annual_churn": 0.2, "churn_reduction": 0.02, "monthly_margin": 10}
    with pytest.raises(CxlabValueError, match=r"churn_reduction must be at most annual_churn "
                                              r"\(0.2\), got 0.3"):
        bc.retention_value(**{**ok, "churn_reduction": 0.3})
    with pytest.raises(CxlabValueError, match=r"annual_churn must be in \(0, 1\], got 18 "
                                              r"\(write 18% as 0.18\)"):
        bc.retention_value(**{**ok, "annual_churn": 18})
    with pytest.raises(CxlabValueError, match="customers must be positive"):
        bc.retention_value(**{**ok, "customers": 0})
    with pytest.raises(CxlabValueError, match="worth without limit"):
        bc.retention_value(**{**ok, "churn_reduction": 0.2})


def test_money_case_by_hand() -> None:
    case = bc.money_case(one_off_cost=10_000, monthly_benefit=1_000, horizon_months=12,
                         annual_discount_rate=0)
    assert case.npv == pytest.approx(2_000)
    assert case.roi == pytest.approx(0.2)  # (12,000 - 10,000) / 10,000
    assert case.payback_months == pytest.approx(10.0)
    assert case.pays_back and case.horizon_months == 12
    assert case.months["cumulative"].iloc[-1] == pytest.approx(2_000)


def test_money_case_discounted_against_numpy_financial() -> None:
    case = bc.money_case(one_off_cost=30_000, monthly_benefit=2_000, monthly_running_cost=500,
                         horizon_months=36, annual_discount_rate=0.12)
    flows = [-30_000] + [1_500] * 36
    assert case.npv == pytest.approx(npf.npv(1.12 ** (1 / 12) - 1, flows), rel=1e-12)
    assert case.months["discounted_cumulative"].iloc[-1] == pytest.approx(case.npv)
    # total cost 30,000 + 36 x 500 = 48,000; benefit 72,000: return 50 %
    assert case.total_cost == pytest.approx(48_000)
    assert case.roi == pytest.approx(0.5)
    assert case.payback_months == pytest.approx(20.0)  # 30,000 / 1,500 a month


def test_money_case_that_never_pays_back_says_so() -> None:
    case = bc.money_case(one_off_cost=10_000, monthly_benefit=100, horizon_months=12)
    assert case.payback_months == math.inf
    assert not case.pays_back
    assert "does not pay back within 12 months" in case.summary()
    assert case.roi == pytest.approx(-0.88)


def test_money_case_from_a_retention_value() -> None:
    v = bc.retention_value(customers=120_000, annual_churn=0.18, churn_reduction=0.02,
                           monthly_margin=25)
    case = bc.money_case(one_off_cost=250_000, monthly_benefit=v.months["margin_gained"],
                         annual_discount_rate=0.1)
    assert case.horizon_months == 36
    flows = np.concatenate([[-250_000], v.months["margin_gained"].to_numpy()])
    assert case.npv == pytest.approx(npf.npv(1.1 ** (1 / 12) - 1, flows), rel=1e-12)


def test_money_case_bad_input() -> None:
    with pytest.raises(CxlabValueError, match="must have the same number of months, got "
                                              "monthly_benefit 3, monthly_running_cost 2"):
        bc.money_case(one_off_cost=1, monthly_benefit=[1, 2, 3], monthly_running_cost=[1, 2])
    with pytest.raises(CxlabValueError, match="monthly_benefit has 3 months but "
                                              "horizon_months is 12"):
        bc.money_case(one_off_cost=1, monthly_benefit=[1, 2, 3], horizon_months=12)
    with pytest.raises(CxlabValueError, match="the case has no cost at all"):
        bc.money_case(one_off_cost=0, monthly_benefit=100)
    with pytest.raises(CxlabValueError, match="one_off_cost must be 0 or more, got -5"):
        bc.money_case(one_off_cost=-5, monthly_benefit=100)
    with pytest.raises(CxlabValueError, match="horizon_months must be a whole number of at "
                                              "least 1, got 0"):
        bc.money_case(one_off_cost=5, monthly_benefit=100, horizon_months=0)


# -- the numbers lesson 07.04 quotes in its prose -------------------------------------------


def test_numbers_quoted_in_lesson_07_04() -> None:
    from cxlab import prioritisation as pr

    def cpc(seconds: float, occupancy: float) -> float:
        return mo.cost_per_contact(seconds, cost_per_paid_hour=28, occupancy=occupancy,
                                   shrinkage=0.33, overhead_fraction=0.3)

    # section 1: the phone by hand, 0.1167 h -> 3.27 -> 5.74 -> 7.46; e-mail about the same
    assert 420 / 3600 * 28 == pytest.approx(3.27, abs=0.005)
    assert 420 / 3600 * 28 / (0.85 * 0.67) == pytest.approx(5.74, abs=0.005)
    assert cpc(420, 0.85) == pytest.approx(7.46, abs=0.005)
    assert cpc(480, 0.95) == pytest.approx(7.63, abs=0.01)
    assert cpc(420, 0.85) / (420 / 3600 * 28) > 2  # "more than doubles"
    # section 2: CLV at 25 a month and 18 % a year
    assert mo.customer_lifetime_value(25, 0.015) == pytest.approx(1641.67, abs=0.01)
    assert round(mo.customer_lifetime_value(25, 0.015, annual_discount_rate=0.1)) == 1072
    for churn, share in ((0.12, 0.44), (0.24, 0.29)):
        lost = 1 - (mo.customer_lifetime_value(25, churn / 12, annual_discount_rate=0.1)
                    / mo.customer_lifetime_value(25, churn / 12))
        assert lost == pytest.approx(share, abs=0.005)
    # section 3: the callback (CX-05)
    backlog = pr.load_backlog()
    scores = pr.priority_scores(backlog)
    assert scores.loc["CX-05", "total_cost"] == 35
    saved = 400 * cpc(420, 0.85)
    assert round(saved) == 2983 and round(saved - 300) == 2683
    callback = bc.money_case(one_off_cost=35_000, monthly_benefit=saved,
                             monthly_running_cost=300, horizon_months=36,
                             annual_discount_rate=0.1)
    assert round(callback.payback_months, 1) == 13.0
    assert round(callback.total_benefit) == 107_378 and callback.total_cost == 45_800
    assert round(callback.roi, 2) == 1.34
    assert round(callback.npv) == 48_665
    assert round(callback.total_benefit - callback.total_cost) == 61_578
    # section 4: CX-12
    assert scores.loc["CX-12", "total_cost"] == 50
    assert round(scores.loc["CX-12", "priority"], 2) == 0.64
    assert scores.loc["CX-12", "rank"] == 12 and scores.loc["CX-12", "quadrant"] == "quick win"
    kept = bc.retention_value(customers=120_000, annual_churn=0.18, churn_reduction=0.005,
                              monthly_margin=25, annual_discount_rate=0.1)
    assert (kept.retained_per_year, kept.retained_per_month) == pytest.approx((600, 50))
    assert round(kept.value_per_customer) == 1092
    assert round(kept.value_per_year, -3) == 655_000

    def review(cut: float, cost: float = 50_000) -> bc.MoneyCase:
        v = bc.retention_value(customers=120_000, annual_churn=0.18, churn_reduction=cut,
                               monthly_margin=25)
        return bc.money_case(one_off_cost=cost, monthly_benefit=v.months["margin_gained"],
                             monthly_running_cost=4_000, annual_discount_rate=0.1)

    assert review(0.005).payback_months == pytest.approx(14.0, abs=0.05)
    assert round(review(0.005).npv, -1) == 372_750
    assert round(review(0.005).roi, 2) == 2.41
    assert not review(0.001).pays_back
    assert round(review(0.0025).payback_months, 1) == 23.2
    assert round(review(0.0025).roi, 2) == 0.70
    assert 1 - review(0.0025).npv / review(0.005).npv == pytest.approx(0.75, abs=0.02)
    # carrying CX-13 (250 + 40 x 2.5 = 350 k) as well
    assert scores.loc["CX-13", "total_cost"] == 350
    assert round(review(0.005, 400_000).npv, -1) == 22_750
    assert round(review(0.005, 400_000).payback_months) == 32
    # exercise 1: 30 a month, 2 % a month; discounted about 1,051
    assert mo.customer_lifetime_value(30, 0.02) == pytest.approx(1470)
    assert round(mo.customer_lifetime_value(30, 0.02, annual_discount_rate=0.1)) == 1051


def test_a_churn_below_float_spacing_is_not_lost() -> None:
    # Before: 1 - (1 - 1e-18) is 0.0 in floating point, so the value came out infinite.
    # By hand: m (1 - c) / c = 30 / 4.6e-18 without a horizon; 12 months of 30 with one.
    assert mo.customer_lifetime_value(30, 4.6e-18) == pytest.approx(30 / 4.6e-18, rel=1e-12)
    assert mo.customer_lifetime_value(30, 4.6e-18, horizon_months=12) == pytest.approx(360)
    # and a plain month-by-month sum agrees near churn 0 with discounting
    q = (1 - 1e-9) / (1.05 ** (1 / 12))
    by_sum = sum(30 * q**k for k in range(1, 37))
    assert mo.customer_lifetime_value(30, 1e-9, annual_discount_rate=0.05,
                                      horizon_months=36) == pytest.approx(by_sum, rel=1e-12)
