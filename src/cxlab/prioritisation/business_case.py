"""An initiative's money case: customers kept, margin by month, NPV, return and payback.

Built on the measures of :mod:`cxlab.prioritisation.money` (the same conventions: rates are
fractions, cash flows monthly with month 0 the one-off spend). For example churn reduced by 2
points on 120,000 customers -> customers kept -> margin by month -> NPV, return and payback
against the cost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._validation import (
    CxlabValueError,
    check_in_range,
    check_non_negative,
    check_positive,
    describe,
)
from .money import (
    _RATE_HINT,
    _geometric_sum,
    _horizon,
    _monthly,
    customer_lifetime_value,
    payback_months,
)

__all__ = ["MoneyCase", "RetentionValue", "money_case", "retention_value"]


@dataclass(frozen=True)
class RetentionValue:
    """The result of :func:`retention_value`: customers kept and what they are worth.

    Attributes
    ----------
    retained_per_month : float
        Customers kept each month who would otherwise have left.
    retained_per_year : float
        The same over a year (``customers x churn_reduction``).
    monthly_churn_before, monthly_churn_after : float
        Monthly churn without and with the initiative (annual / 12).
    value_per_customer : float
        The value of one retained customer (:func:`customer_lifetime_value` at the churn
        after the initiative and the discount rate given).
    value_per_year : float
        ``retained_per_year x value_per_customer``: the lifetime value one year of the
        initiative creates.
    months : DataFrame
        One row per month 1..horizon: ``extra_customers`` (customers there at the end of
        the month who would have gone) and ``margin_gained`` (margin they paid that month).
    """

    retained_per_month: float
    retained_per_year: float
    monthly_churn_before: float
    monthly_churn_after: float
    value_per_customer: float
    value_per_year: float
    months: pd.DataFrame = field(repr=False)

    def __repr__(self) -> str:
        return (f"RetentionValue: {self.retained_per_year:,.0f} customers kept a year, each "
                f"worth {self.value_per_customer:,.0f}; {self.value_per_year:,.0f} of lifetime "
                f"value a year; {self.months['margin_gained'].sum():,.0f} of margin in the first "
                f"{len(self.months)} months")


def retention_value(
    *,
    customers: float,
    annual_churn: float,
    churn_reduction: float,
    monthly_margin: float,
    annual_discount_rate: float = 0.0,
    horizon_months: int = 36,
) -> RetentionValue:
    """Customers kept by a churn reduction, their value, and the margin they bring by month.

    The model (stated so it can be challenged): the customer base stays at ``customers``
    (sales replace leavers); annual churn is leavers per year over the base, so monthly churn
    is annual / 12. The initiative lowers annual churn by ``churn_reduction`` from month 1, so
    each month ``customers x churn_reduction / 12`` customers who would have left stay. Each
    kept customer then behaves like any other: pays ``monthly_margin`` at the end of every
    month they stay and leaves with the new monthly churn. So customers kept at the end of
    month ``s`` add, on average, ``margin x r ** (t - s)`` at the end of month ``t > s``
    (``r = 1 - churn after``), and the margin gained in month ``t`` is
    ``margin x R x r x (1 - r ** (t - 1)) / (1 - r)`` with ``R`` kept per month. Margin after
    the horizon is left out (on the safe side).

    Parameters
    ----------
    customers : float
        Size of the customer base, above 0 (at most 1e9).
    annual_churn : float
        Share of customers leaving a year today, in (0, 1].
    churn_reduction : float
        Points of annual churn removed, as a fraction (2 points = 0.02), above 0 and at most
        ``annual_churn``.
    monthly_margin : float
        Margin per customer per month, 0 or more.
    annual_discount_rate : float, default 0
        Used only for ``value_per_customer`` (discount the monthly margins in
        :func:`money_case`).
    horizon_months : int, default 36
        Months of margin to list, 1 to 1,200.

    Examples
    --------
    Churn from 18 % to 16 % a year on 120,000 customers at 25 a month: 2,400 customers kept a
    year, 200 a month; the first 200 pay 25 x 200 x (1 - 0.16 / 12) = 4,933 at the end of
    month 2.

    >>> v = retention_value(customers=120_000, annual_churn=0.18, churn_reduction=0.02,
    ...                     monthly_margin=25)
    >>> v.retained_per_year, v.retained_per_month
    (2400.0, 200.0)
    >>> round(float(v.months["margin_gained"].iloc[1]))
    4933
    """
    n = check_positive("customers", customers, scalar=True)
    if n > 1e9:
        raise CxlabValueError(f"customers must be at most 1,000,000,000, got {describe(n)}")
    churn = check_in_range("annual_churn", annual_churn, 0, 1, low_inclusive=False,
                           hint="write 18% as 0.18", scalar=True)
    cut = check_in_range("churn_reduction", churn_reduction, 0, 1, low_inclusive=False,
                         hint="2 points of churn is 0.02", scalar=True)
    if cut > churn:
        raise CxlabValueError(f"churn_reduction must be at most annual_churn ({describe(churn)}),"
                              f" got {describe(cut)}: churn cannot fall below 0")
    margin = check_non_negative("monthly_margin", monthly_margin, scalar=True)
    t_max = _horizon(horizon_months)
    before, after = churn / 12, (churn - cut) / 12
    kept = n * cut / 12
    r = 1 - after
    t = np.arange(1, t_max + 1)
    extra = kept * _geometric_sum(r, t)  # kept at the end of months 1..t, still there at t
    gained = margin * r * np.concatenate([[0.0], extra[:-1]])
    months = pd.DataFrame({"month": t, "extra_customers": extra, "margin_gained": gained})
    rate = check_in_range("annual_discount_rate", annual_discount_rate, 0, 1,
                          hint=_RATE_HINT, scalar=True)
    if after == 0 and rate == 0:
        raise CxlabValueError("churn after the initiative would be 0, so a kept customer would "
                              "be worth without limit: give annual_discount_rate above 0")
    value = float(np.asarray(customer_lifetime_value(margin, after,
                                                     annual_discount_rate=rate)))
    return RetentionValue(retained_per_month=kept, retained_per_year=kept * 12,
                          monthly_churn_before=before, monthly_churn_after=after,
                          value_per_customer=value, value_per_year=kept * 12 * value,
                          months=months)


@dataclass(frozen=True)
class MoneyCase:
    """The result of :func:`money_case`.

    Attributes
    ----------
    months : DataFrame
        One row per month 0..horizon: ``benefit``, ``cost``, ``net`` (benefit - cost),
        ``cumulative`` net and ``discounted_cumulative`` (the running NPV).
    one_off_cost : float
    total_benefit, total_cost : float
        Undiscounted sums over the horizon (cost includes the one-off spend).
    npv : float
        Net present value of ``net`` at ``annual_discount_rate``.
    roi : float
        ``(total_benefit - total_cost) / total_cost`` (undiscounted).
    payback_months : float
        See :func:`payback_months`; ``inf`` when it does not pay back within the horizon.
    annual_discount_rate : float
    """

    months: pd.DataFrame = field(repr=False)
    one_off_cost: float
    total_benefit: float
    total_cost: float
    npv: float
    roi: float
    payback_months: float
    annual_discount_rate: float

    @property
    def horizon_months(self) -> int:
        """Months the case looks ahead."""
        return len(self.months) - 1

    @property
    def pays_back(self) -> bool:
        """True when the cumulative cash flow turns non-negative within the horizon."""
        return math.isfinite(self.payback_months)

    def summary(self) -> str:
        """One plain sentence: NPV, return and payback.

        >>> print(money_case(one_off_cost=10_000, monthly_benefit=1_000, horizon_months=12,
        ...                  annual_discount_rate=0).summary())
        Over 12 months: net present value 2,000 at 0% a year, return 20%, pays back in 10.0 months.
        """
        back = (f"pays back in {self.payback_months:.1f} months" if self.pays_back
                else f"does not pay back within {self.horizon_months} months")
        return (f"Over {self.horizon_months} months: net present value {self.npv:,.0f} at "
                f"{self.annual_discount_rate:.0%} a year, return {self.roi:.0%}, {back}.")

    def __repr__(self) -> str:
        return f"MoneyCase({self.summary()})"


def money_case(
    *,
    one_off_cost: float,
    monthly_benefit: object,
    monthly_running_cost: object = 0.0,
    horizon_months: int | None = None,
    annual_discount_rate: float = 0.10,
) -> MoneyCase:
    """An initiative's money case: cash flow by month, NPV, return and payback.

    Month 0 carries the one-off spend; months 1..horizon carry the benefit (money saved or
    margin gained, e.g. ``retention_value(...).months["margin_gained"]``, or contacts avoided
    x :func:`cost_per_contact`) less the running cost (licences, extra staff).

    Parameters
    ----------
    one_off_cost : float
        Spend now (build, licences, people's time), 0 or more.
    monthly_benefit : number or sequence
        Benefit at the end of each month: one number for every month, or one per month.
    monthly_running_cost : number or sequence, default 0
        Running cost at the end of each month, 0 or more.
    horizon_months : int, optional
        Months to look ahead (1 to 1,200); by default the length of the sequence given, or
        36 when every input is a single number.
    annual_discount_rate : float, default 0.10
        Cost of capital for the NPV (0 to 1); ask finance for the rate it uses.

    Raises
    ------
    CxlabValueError
        For negative amounts, sequences of different lengths, a horizon that does not match
        the sequence, or a case with no cost at all (nothing to return on).

    Examples
    --------
    >>> case = money_case(one_off_cost=10_000, monthly_benefit=1_000, horizon_months=12,
    ...                   annual_discount_rate=0)
    >>> case.npv, case.roi, case.payback_months
    (2000.0, 0.2, 10.0)
    """
    spend = check_non_negative("one_off_cost", one_off_cost, scalar=True)
    benefit = _monthly("monthly_benefit", monthly_benefit)
    running = _monthly("monthly_running_cost", monthly_running_cost)
    lengths = {name: arr.size for name, arr in
               (("monthly_benefit", benefit), ("monthly_running_cost", running))
               if arr.ndim == 1}
    if len(set(lengths.values())) > 1:
        got = ", ".join(f"{k} {v}" for k, v in lengths.items())
        raise CxlabValueError(f"monthly_benefit and monthly_running_cost must have the same "
                              f"number of months, got {got}")
    if horizon_months is None:
        t_max = _horizon(next(iter(lengths.values()), 36))
    else:
        t_max = _horizon(horizon_months)
        for name, size in lengths.items():
            if size != t_max:
                raise CxlabValueError(f"{name} has {size} months but horizon_months is {t_max}; "
                                      "give one value per month or a single number")
    a = check_in_range("annual_discount_rate", annual_discount_rate, 0, 1,
                       hint=_RATE_HINT, scalar=True)
    benefit_m = np.concatenate([[0.0], np.broadcast_to(benefit, (t_max,))])
    cost_m = np.concatenate([[spend], np.broadcast_to(running, (t_max,))])
    total_cost = float(cost_m.sum())
    if total_cost <= 0:
        raise CxlabValueError("the case has no cost at all (one_off_cost and "
                              "monthly_running_cost are 0): there is nothing to return on")
    net = benefit_m - cost_m
    factors = (1 + a) ** (-np.arange(t_max + 1) / 12)
    months = pd.DataFrame({"month": np.arange(t_max + 1), "benefit": benefit_m, "cost": cost_m,
                           "net": net, "cumulative": np.cumsum(net),
                           "discounted_cumulative": np.cumsum(net * factors)})
    total_benefit = float(benefit_m.sum())
    return MoneyCase(months=months, one_off_cost=spend, total_benefit=total_benefit,
                     total_cost=total_cost, npv=float(net @ factors),
                     roi=(total_benefit - total_cost) / total_cost,
                     payback_months=float(np.asarray(payback_months(net))),
                     annual_discount_rate=a)
