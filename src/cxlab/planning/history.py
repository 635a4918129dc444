"""Cleaning a history of calls before a forecast: unusual days found and replaced.

Holidays, campaigns and outages are not what the next weeks will look like; a model fitted
to them learns them. :func:`unusual_days` lists the days far from the same weekday around
them, and :func:`clean_history` replaces them by an ordinary week's same weekday.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    CxlabValueError,
    check_integer,
    check_non_negative,
    check_positive,
    describe,
)

__all__ = ["clean_history", "unusual_days"]

#: The longest series accepted: five years of half hours.
MAX_INTERVALS = 5 * 365 * 48 + 48
#: The most weeks either side that make a typical day (a year).
MAX_WEEKS = 52


def _history(calls: Any) -> pd.Series:
    if not isinstance(calls, pd.Series) or not isinstance(calls.index, pd.DatetimeIndex):
        raise CxlabValueError(
            "calls must be a Series of calls indexed by interval start (e.g. "
            "data.load('voice_year').set_index('interval_start')['calls']), got "
            f"{type(calls).__name__}"
        )
    check_non_negative("calls", calls.to_numpy())
    if calls.size > MAX_INTERVALS:
        raise CxlabValueError(f"calls must be at most {MAX_INTERVALS:,} intervals, got "
                              f"{calls.size:,}")
    return calls


def unusual_days(calls: Any, *, threshold: float = 0.2, weeks: int = 4) -> pd.DataFrame:
    """Days whose calls differ from the same weekday in the weeks around them.

    Each day's total is compared with the median of the same weekday up to ``weeks`` weeks
    before and after it (the day itself left out). Days off by more than ``threshold`` (a
    fraction) either way are listed: public holidays, campaigns, outages, the day after a
    holiday. Days of a weekday with no calls at all (a centre closed on Sundays) are not
    listed.

    Parameters
    ----------
    calls : Series indexed by interval start
        Calls per interval, e.g. a year of half hours.
    threshold : float, default 0.2
        How far from typical a day must be to be listed (0.2 = 20% more or fewer calls).
    weeks : int, default 4
        How many weeks either side make the typical day (1 to 52).

    Returns
    -------
    DataFrame, one row per unusual day (indexed by date)
        ``weekday``, ``calls``, ``typical_calls`` and ``difference`` (calls over typical,
        minus 1: +0.35 is 35% more than typical).

    Examples
    --------
    >>> days = pd.date_range("2025-01-06", periods=35 * 48, freq="30min")
    >>> calls = pd.Series(10, index=days)
    >>> calls["2025-01-21"] = 0  # a holiday
    >>> calls["2025-01-29"] = 14  # a campaign
    >>> table = unusual_days(calls)
    >>> table.index.strftime("%Y-%m-%d").tolist(), table["difference"].tolist()
    (['2025-01-21', '2025-01-29'], [-1.0, 0.4])
    """
    series = _history(calls)
    limit = check_positive("threshold", threshold, scalar=True)
    span = check_integer("weeks", weeks, minimum=1, maximum=MAX_WEEKS, scalar=True)
    daily = series.groupby(series.index.normalize()).sum()
    typical = pd.Series(np.nan, index=daily.index)
    for day in daily.index:
        around = [day + pd.Timedelta(weeks=k) for k in range(-span, span + 1) if k]
        values = daily.reindex(around).dropna()
        if values.size:
            typical[day] = float(values.median())
    with np.errstate(divide="ignore", invalid="ignore"):
        difference = daily / typical - 1
    odd = (typical > 0) & (difference.abs() > limit)
    table = pd.DataFrame({
        "weekday": daily.index.day_name(),
        "calls": daily.astype(np.int64) if (daily == daily.round()).all() else daily,
        "typical_calls": typical,
        "difference": difference.round(4),
    })[odd.to_numpy()]
    table.index.name = "date"
    return table


def clean_history(calls: Any, *, days: Any) -> pd.Series:
    """Replace unusual days by the same weekday of a nearby ordinary week.

    Holidays, campaigns and outages are not what the next weeks will look like; a model
    fitted to them learns them. Each day listed is replaced, half hour by half hour, by the
    same weekday one week earlier (or, if that day is listed too or before the history,
    the nearest week earlier or later that is not listed).

    Parameters
    ----------
    calls : Series indexed by interval start
    days : dates (text such as "2025-04-21", or timestamps), or an ``unusual_days`` table

    Returns
    -------
    Series
        A copy of ``calls`` with those days replaced.

    Examples
    --------
    >>> days = pd.date_range("2025-01-06", periods=21 * 48, freq="30min")
    >>> calls = pd.Series(10, index=days)
    >>> calls["2025-01-14"] = 0
    >>> clean_history(calls, days=["2025-01-14"])["2025-01-14"].sum()
    np.int64(480)
    """
    series = _history(calls)
    if isinstance(days, pd.DataFrame):
        days = days.index
    if isinstance(days, (str, pd.Timestamp)):
        days = [days]
    wanted = f"days must be dates such as '2025-04-21', got {describe(days)}"
    try:
        listed = pd.DatetimeIndex(pd.to_datetime(list(days))).normalize()
    except (ValueError, TypeError) as exc:
        raise CxlabValueError(wanted) from exc
    if listed.hasnans:  # an empty text or a missing value is no date
        raise CxlabValueError(wanted)
    present = set(series.index.normalize())
    missing = [d for d in listed if d not in present]
    if missing:
        raise CxlabValueError(
            f"days must be days of the history ({series.index[0]:%Y-%m-%d} to "
            f"{series.index[-1]:%Y-%m-%d}), got {missing[0]:%Y-%m-%d}"
        )
    out = series.copy()
    skip = set(listed)
    for day in listed:
        source = None
        for k in (-1, 1, -2, 2, -3, 3, -4, 4):
            candidate = day + pd.Timedelta(weeks=k)
            if candidate in present and candidate not in skip:
                source = candidate
                break
        if source is None:
            raise CxlabValueError(
                f"days: no ordinary {day:%A} within four weeks of {day:%Y-%m-%d} to copy from"
            )
        target = series.index.normalize() == day
        origin = series.index.normalize() == source
        if target.sum() != origin.sum():
            raise CxlabValueError(
                f"days: {day:%Y-%m-%d} and {source:%Y-%m-%d} have different numbers of "
                "intervals; the history must have every interval of every day"
            )
        out[target] = series[origin].to_numpy()
    return out
