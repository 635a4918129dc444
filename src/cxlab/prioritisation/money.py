"""The money behind CX: cost per contact, the value of a retained customer, return, payback, NPV.

Module 04 scores initiatives in benefit points per 10 k; this module puts money on them, in
whatever currency the caller uses (every amount is in the same unit; the sample backlog's
``cost`` column is in thousands).

* :func:`cost_per_contact`: what one handled contact costs, from handle time, the cost of a
  paid hour, occupancy, shrinkage and overhead (vectorised, so one call does every channel);
* :func:`customer_lifetime_value`: the value of a retained customer, from monthly margin and
  churn, with or without discounting;
* :func:`return_on_investment`, :func:`net_present_value`, :func:`payback_months`: the three
  questions finance asks of any initiative;
* :func:`retention_value` and :func:`money_case`: an initiative's money case, e.g. churn
  reduced by 2 points on 120,000 customers -> customers kept -> margin by month -> NPV,
  return and payback against the cost.

Conventions: rates are fractions (10 % is 0.10); cash flows are monthly unless said
otherwise, with month 0 "now" (the one-off spend) and month ``t`` the end of the ``t``-th
month; an annual discount rate ``a`` becomes the monthly rate ``(1 + a) ** (1 / 12) - 1``.

>>> round(customer_lifetime_value(30, 0.02), 2)
1470.0
>>> round(net_present_value([-1000, 600, 600], annual_discount_rate=0.1, periods_per_year=1), 2)
41.32
>>> round(payback_months([-1000, 300, 300, 300, 300]), 2)
3.33
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import overload

import numpy as np
import pandas as pd

from .._shapes import ArrayLike, Floats, restore_shape
from .._validation import (
    CxlabValueError,
    as_float_array,
    check_in_range,
    check_integer,
    check_non_negative,
    check_positive,
    describe,
)

__all__ = [
    "MoneyCase",
    "RetentionValue",
    "cost_per_contact",
    "customer_lifetime_value",
    "monthly_discount_rate",
    "money_case",
    "net_present_value",
    "payback_months",
    "retention_value",
    "return_on_investment",
]

#: Longest horizon accepted, in months (100 years), so no call can build an endless table.
MAX_HORIZON_MONTHS = 1200

_RATE_HINT = "write 10% as 0.1"


@overload
def monthly_discount_rate(annual_discount_rate: float) -> float: ...
@overload
def monthly_discount_rate(annual_discount_rate: ArrayLike) -> Floats: ...


def monthly_discount_rate(annual_discount_rate: ArrayLike) -> Floats:
    """The monthly rate that compounds to ``annual_discount_rate`` over 12 months.

    ``(1 + annual) ** (1 / 12) - 1``: 10 % a year is about 0.797 % a month (not 10 / 12).

    Parameters
    ----------
    annual_discount_rate : number or array
        Fraction from 0 to 1 (the cost of capital finance uses; 10 % is 0.1).

    Returns
    -------
    float, array or Series
        The monthly rate, in the shape given.

    Examples
    --------
    >>> round(monthly_discount_rate(0.10), 6)
    0.007974
    """
    a = check_in_range("annual_discount_rate", annual_discount_rate, 0, 1, hint=_RATE_HINT)
    return restore_shape((1 + a) ** (1 / 12) - 1, annual_discount_rate)


@overload
def cost_per_contact(
    aht_seconds: float, *, cost_per_paid_hour: float, occupancy: float, shrinkage: float,
    overhead_fraction: float = ..., other_cost_per_contact: float = ...,
) -> float: ...
@overload
def cost_per_contact(
    aht_seconds: ArrayLike, *, cost_per_paid_hour: ArrayLike, occupancy: ArrayLike,
    shrinkage: ArrayLike, overhead_fraction: ArrayLike = ...,
    other_cost_per_contact: ArrayLike = ...,
) -> Floats: ...


def cost_per_contact(
    aht_seconds: ArrayLike,
    *,
    cost_per_paid_hour: ArrayLike,
    occupancy: ArrayLike,
    shrinkage: ArrayLike,
    overhead_fraction: ArrayLike = 0.0,
    other_cost_per_contact: ArrayLike = 0.0,
) -> Floats:
    """Full cost of one handled contact: paid labour time, overhead and other direct costs.

    An agent is paid for every hour, but only ``1 - shrinkage`` of it is available for
    contacts (the rest is breaks, training, meetings, absence), and of the available time only
    ``occupancy`` is spent handling (the rest is waiting for the next contact). So each second
    of handling costs ``1 / (occupancy x (1 - shrinkage))`` paid seconds::

        labour = aht_seconds / 3600 x cost_per_paid_hour / (occupancy x (1 - shrinkage))
        cost per contact = labour x (1 + overhead_fraction) + other_cost_per_contact

    Parameters
    ----------
    aht_seconds : number, array or Series
        Average handle time per contact (talk, hold and wrap-up; for chat, the agent time one
        chat takes, already divided by concurrency). Above 0. A Series indexed by channel
        gives a cost per channel.
    cost_per_paid_hour : number, array or Series
        What one paid agent hour costs (salary with employer's charges), above 0.
    occupancy : number, array or Series
        Share of available time spent handling, in (0, 1].
    shrinkage : number, array or Series
        Share of paid time not available for contacts, in [0, 1).
    overhead_fraction : number, array or Series, default 0
        Overhead as a share of labour cost (team leaders, workforce planning, quality,
        facilities, IT), 0 or more: 0.35 adds 35 %.
    other_cost_per_contact : number, array or Series, default 0
        Direct costs per contact that do not scale with time (telephony, a bot or messaging
        platform's price per conversation), 0 or more.

    Returns
    -------
    float, array or Series
        Cost per contact in the currency of ``cost_per_paid_hour``.

    Raises
    ------
    CxlabValueError
        For a handle time or hourly cost of 0 or less, occupancy outside (0, 1] or shrinkage
        outside [0, 1), or negative overhead or other costs.

    Examples
    --------
    Six minutes at 30 an hour, 85 % occupancy and 30 % shrinkage, plus 25 % overhead:

    >>> round(cost_per_contact(360, cost_per_paid_hour=30, occupancy=0.85, shrinkage=0.3,
    ...                        overhead_fraction=0.25), 2)
    6.3
    >>> aht = pd.Series({"phone": 360, "chat": 300, "email": 480})
    >>> cost_per_contact(aht, cost_per_paid_hour=30, occupancy=0.85, shrinkage=0.3).round(2)
    phone    5.04
    chat     4.20
    email    6.72
    dtype: float64
    """
    h = check_positive("aht_seconds", aht_seconds)
    pay = check_positive("cost_per_paid_hour", cost_per_paid_hour)
    occ = check_in_range("occupancy", occupancy, 0, 1, low_inclusive=False,
                         hint="write 85% as 0.85")
    shr = check_in_range("shrinkage", shrinkage, 0, 1, high_inclusive=False,
                         hint="write 30% as 0.3")
    over = check_non_negative("overhead_fraction", overhead_fraction)
    other = check_non_negative("other_cost_per_contact", other_cost_per_contact)
    labour = h / 3600 * pay / (occ * (1 - shr))
    return restore_shape(labour * (1 + over) + other, aht_seconds, cost_per_paid_hour,
                         occupancy, shrinkage, overhead_fraction, other_cost_per_contact)


@overload
def customer_lifetime_value(
    monthly_margin: float, monthly_churn: float, *, annual_discount_rate: float = ...,
    horizon_months: int | None = ...,
) -> float: ...
@overload
def customer_lifetime_value(
    monthly_margin: ArrayLike, monthly_churn: ArrayLike, *, annual_discount_rate: float = ...,
    horizon_months: int | None = ...,
) -> Floats: ...


def customer_lifetime_value(
    monthly_margin: ArrayLike,
    monthly_churn: ArrayLike,
    *,
    annual_discount_rate: float = 0.0,
    horizon_months: int | None = None,
) -> Floats:
    """The value of a retained customer: the margin they are expected to bring from now on.

    The retention formula (Gupta and Lehmann, *Customers as Assets*, 2003)::

        CLV = m x r / (1 + d - r)

    with ``m`` the monthly margin, ``r = 1 - monthly_churn`` the chance a customer stays
    another month and ``d`` the monthly discount rate. Without discounting it is
    ``m x r / churn``: the margin times the expected number of further months.

    Assumptions, so they can be challenged: margin and churn stay the same every month; a
    customer who stays the month pays that month's margin at its end (so the margin of the
    month under way is not counted); churn does not depend on how long a customer has been
    there; the horizon is endless unless ``horizon_months`` is given, in which case
    ``CLV = m x q x (1 - q ** T) / (1 - q)`` with ``q = r / (1 + d)``.

    Parameters
    ----------
    monthly_margin : number, array or Series
        Margin (revenue less the cost to serve) per customer per month, 0 or more.
    monthly_churn : number, array or Series
        Share of customers leaving each month, in [0, 1] (an annual churn of 18 % in the
        telecom sense, leavers per year over customers, is 0.18 / 12 = 0.015 a month).
    annual_discount_rate : number, default 0
        Cost of capital, 0 to 1; it becomes a monthly rate (see :func:`monthly_discount_rate`).
    horizon_months : int, optional
        Count margin for at most this many months (1 to 1,200).

    Returns
    -------
    float, array or Series

    Raises
    ------
    CxlabValueError
        For rates outside their range, a negative margin, or churn of 0 with neither
        discounting nor a horizon (a customer who never leaves would be worth without limit).

    Examples
    --------
    30 a month, 2 % monthly churn: 30 x 0.98 / 0.02 = 1,470 undiscounted;
    at 10 % a year, 30 x 0.98 / (1.007974 - 0.98) = 1,051:

    >>> round(customer_lifetime_value(30, 0.02), 2)
    1470.0
    >>> round(customer_lifetime_value(30, 0.02, annual_discount_rate=0.10))
    1051
    >>> round(customer_lifetime_value(30, 0.02, horizon_months=12), 2)
    316.47
    """
    m = check_non_negative("monthly_margin", monthly_margin)
    c = check_in_range("monthly_churn", monthly_churn, 0, 1, hint="write 2% as 0.02")
    a = check_in_range("annual_discount_rate", annual_discount_rate, 0, 1,
                       hint=_RATE_HINT, scalar=True)
    d = (1 + a) ** (1 / 12) - 1
    q = (1 - c) / (1 + d)
    if horizon_months is None:
        if d == 0 and np.any(c == 0):
            raise CxlabValueError(
                "monthly_churn is 0 with no discounting and no horizon: a customer who never "
                "leaves would be worth without limit; give annual_discount_rate or "
                "horizon_months")
        value = m * q / (1 - q)
    else:
        t = _horizon(horizon_months)
        with np.errstate(divide="ignore", invalid="ignore"):
            geometric = np.where(q < 1, q * (1 - q**t) / np.where(q < 1, 1 - q, 1.0), t)
        value = m * geometric
    return restore_shape(value, monthly_margin, monthly_churn)


@overload
def return_on_investment(total_benefit: float, total_cost: float) -> float: ...
@overload
def return_on_investment(total_benefit: ArrayLike, total_cost: ArrayLike) -> Floats: ...


def return_on_investment(total_benefit: ArrayLike, total_cost: ArrayLike) -> Floats:
    """Return on investment: ``(benefit - cost) / cost``, as a fraction (0.5 = 50 %).

    Both totals over the same period and in the same currency; a return of 0 means the
    initiative just pays for itself, below 0 that it loses money.

    Parameters
    ----------
    total_benefit : number, array or Series
        Money the initiative brings in or saves, 0 or more.
    total_cost : number, array or Series
        Everything it costs over the same period, above 0.

    Examples
    --------
    >>> return_on_investment(150_000, 100_000)
    0.5
    """
    b = check_non_negative("total_benefit", total_benefit)
    c = check_positive("total_cost", total_cost)
    return restore_shape((b - c) / c, total_benefit, total_cost)


@overload
def net_present_value(
    cash_flows: Sequence[float], *, annual_discount_rate: float, periods_per_year: int = ...
) -> float: ...
@overload
def net_present_value(
    cash_flows: ArrayLike, *, annual_discount_rate: float, periods_per_year: int = ...
) -> Floats: ...


def net_present_value(
    cash_flows: ArrayLike, *, annual_discount_rate: float, periods_per_year: int = 12
) -> Floats:
    """Net present value: every cash flow discounted back to period 0 and added up.

    ``NPV = sum over t of cash_flows[t] / (1 + rate) ** t`` with ``t = 0, 1, 2, ...`` and
    ``rate = (1 + annual_discount_rate) ** (1 / periods_per_year) - 1``, the rate per period.
    The first flow is *not* discounted (it happens now), as in numpy-financial's ``npv``; a
    spreadsheet's NPV function discounts its first value by one period, so add the initial
    spend outside it there.

    Parameters
    ----------
    cash_flows : sequence or 2-D array
        Money in (+) and out (-) per period, the spend now first. A 2-D array holds one
        scenario per row (periods along the last axis). At most 1,200 periods.
    annual_discount_rate : float
        Cost of capital, 0 to 1 (10 % is 0.1).
    periods_per_year : int, default 12
        12 for monthly flows, 4 quarterly, 1 yearly.

    Returns
    -------
    float, or an array with one NPV per row

    Examples
    --------
    Spend 1,000 now, get 600 at the end of each of the next two years, at 10 %:
    -1000 + 600 / 1.1 + 600 / 1.21 = 41.32.

    >>> round(net_present_value([-1000, 600, 600], annual_discount_rate=0.1,
    ...                         periods_per_year=1), 2)
    41.32
    """
    flows = _flows(cash_flows)
    a = check_in_range("annual_discount_rate", annual_discount_rate, 0, 1,
                       hint=_RATE_HINT, scalar=True)
    per_year = check_integer("periods_per_year", periods_per_year, minimum=1, scalar=True)
    if per_year > 366:
        raise CxlabValueError(f"periods_per_year must be at most 366, got {per_year}")
    t = np.arange(flows.shape[-1])
    factors = (1 + a) ** (-t / per_year)
    value = flows @ factors
    return float(value) if np.ndim(value) == 0 else value


@overload
def payback_months(cash_flows: Sequence[float]) -> float: ...
@overload
def payback_months(cash_flows: ArrayLike) -> Floats: ...


def payback_months(cash_flows: ArrayLike) -> Floats:
    """Months until the cumulative cash flow stops being negative (the payback period).

    Month 0 is the spend now; within a month money is taken to come in evenly, so the
    answer is interpolated (3.33 means a third of the way through month 4). It is 0 when the
    cumulative flow is never negative, and ``inf`` (infinity) when it is still negative at the
    end of the flows: the initiative **does not pay back** within them (show it as "never"
    or "not within N months", not as a number). Payback counts undiscounted money and
    ignores what comes after it: read it beside the NPV.

    Parameters
    ----------
    cash_flows : sequence or 2-D array
        Monthly net cash flows, month 0 first (one scenario per row for 2-D input).

    Returns
    -------
    float, or an array with one payback per row

    Examples
    --------
    >>> round(payback_months([-1000, 300, 300, 300, 300]), 2)
    3.33
    >>> payback_months([-1000, 100, 100])
    inf
    """
    flows = _flows(cash_flows)
    cum = np.cumsum(flows, axis=-1)
    negative = cum < 0
    # first month from which the cumulative flow is 0 or more (and stays so to the end of the
    # row would be too strict: a later dip is a new spend, which payback does not look at)
    reached = ~negative
    any_reached = reached.any(axis=-1)
    first = np.argmax(reached, axis=-1)
    prev = np.maximum(first - 1, 0)
    cum_before = np.take_along_axis(cum, prev[..., None], axis=-1)[..., 0]
    flow_at = np.take_along_axis(flows, first[..., None], axis=-1)[..., 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        part = np.where(flow_at > 0, -cum_before / np.where(flow_at > 0, flow_at, 1.0), 1.0)
    months = np.where(first == 0, 0.0, prev + part)
    months = np.where(any_reached, months, np.inf)
    return float(months) if np.ndim(months) == 0 else months


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


# -- helpers --------------------------------------------------------------------------------


def _horizon(value: object) -> int:
    months: int = check_integer("horizon_months", value, minimum=1, scalar=True)
    if months > MAX_HORIZON_MONTHS:
        raise CxlabValueError(f"horizon_months must be at most {MAX_HORIZON_MONTHS:,} "
                              f"(100 years), got {months:,}")
    return months


def _values(value: object) -> object:
    """Turn a pandas Series into its values (its index is ignored), leave the rest alone."""
    return value.to_numpy() if isinstance(value, pd.Series) else value


def _monthly(name: str, value: object) -> np.ndarray:
    """One amount for every month, or a list of one amount per month (0 or more)."""
    arr = check_non_negative(name, _values(value))
    if arr.ndim > 1 or (arr.ndim == 1 and arr.size == 0):
        raise CxlabValueError(f"{name} must be one amount for every month or a list with one "
                              f"per month, got {describe(value)}")
    return arr


def _flows(cash_flows: object) -> np.ndarray:
    if isinstance(cash_flows, (pd.Series, pd.DataFrame)):
        cash_flows = cash_flows.to_numpy()
    flows = as_float_array("cash_flows", cash_flows)
    if flows.ndim not in (1, 2) or flows.shape[-1] == 0:
        raise CxlabValueError("cash_flows must be a list of amounts (month 0 first), or a "
                              f"table with one scenario per row; got {describe(cash_flows)}")
    if flows.shape[-1] > MAX_HORIZON_MONTHS + 1:
        raise CxlabValueError(f"cash_flows must have at most {MAX_HORIZON_MONTHS + 1:,} "
                              f"periods, got {flows.shape[-1]:,}")
    return flows


def _geometric_sum(r: float, t: np.ndarray) -> np.ndarray:
    """``1 + r + ... + r ** (t - 1)`` for each ``t``."""
    if r == 1:
        return t.astype(float)
    return (1 - r**t) / (1 - r)
