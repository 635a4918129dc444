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
* an initiative's whole money case (:func:`retention_value`, :func:`money_case`) is in
  :mod:`cxlab.prioritisation.business_case`, built on these measures.

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

from collections.abc import Sequence
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
    "cost_per_contact",
    "customer_lifetime_value",
    "monthly_discount_rate",
    "net_present_value",
    "payback_months",
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
    # 1 - q written out, so a churn far below the float spacing of 1 (1e-18) is not lost
    one_minus_q = (c + d) / (1 + d)
    if horizon_months is None:
        if d == 0 and np.any(c == 0):
            raise CxlabValueError(
                "monthly_churn is 0 with no discounting and no horizon: a customer who never "
                "leaves would be worth without limit; give annual_discount_rate or "
                "horizon_months")
        value = m * q / one_minus_q
    else:
        t = _horizon(horizon_months)
        with np.errstate(divide="ignore", invalid="ignore"):
            # 1 - q ** t as -expm1(t log q), exact for q near 1 as well
            kept = -np.expm1(t * (np.log1p(-c) - np.log1p(d)))
            geometric = np.where(one_minus_q > 0,
                                 q * kept / np.where(one_minus_q > 0, one_minus_q, 1.0), t)
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
