"""A quick-wins campaign (say, 99 customer pain points removed in a year) against its plan.

The plan is a straight line from 0 at ``start`` to ``target`` at ``end``; the burn-up counts
pain points removed so far. The forecast assumes the pace so far (removed per day since the
start) carries on to the end.

>>> dates = pd.date_range("2027-01-04", periods=30, freq="W-MON")
>>> c = campaign_progress(dates, target=99, start="2027-01-01", end="2027-12-31",
...                       as_of="2027-07-31")
>>> c.done, c.planned_by_now
(30, 57.4)
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import CxlabValueError, check_date, check_integer, describe

__all__ = ["Campaign", "campaign_progress"]


@dataclass(frozen=True)
class Campaign:
    """Progress of a campaign.

    ``table`` has one row per period start (``freq``), plus ``as_of`` and ``end``: ``removed``
    since the row before,
    ``cumulative`` removed (blank after ``as_of``), ``plan`` (the straight line), and
    ``forecast`` (the pace so far continued, from ``as_of`` on).
    """

    table: pd.DataFrame
    target: int
    start: pd.Timestamp
    end: pd.Timestamp
    as_of: pd.Timestamp
    done: int
    planned_by_now: float
    forecast_at_end: float

    @property
    def on_track(self) -> bool:
        """True when the pace so far reaches the target by the end."""
        return self.forecast_at_end >= self.target

    def summary(self) -> str:
        """One plain sentence."""
        gap = self.done - self.planned_by_now
        where = "ahead of" if gap >= 0 else "behind"
        verdict = ("on track to reach" if self.on_track else "at this pace it will miss")
        return (f"{self.done} of {self.target} removed by {self.as_of:%d %b %Y}: "
                f"{abs(gap):.0f} {where} plan ({self.planned_by_now:.0f}); {verdict} the "
                f"target, about {self.forecast_at_end:.0f} by {self.end:%d %b %Y}.")

    def __str__(self) -> str:
        return self.summary()


def _removal_dates(removed_on: object) -> list:
    """``removed_on`` as a list of single values, or a message saying it is not a list."""
    wrong = (isinstance(removed_on, (str, bytes, dict, set, pd.DataFrame))
             or not hasattr(removed_on, "__iter__")
             or (isinstance(removed_on, np.ndarray) and removed_on.ndim != 1))
    raw = [] if wrong else list(removed_on)  # type: ignore[call-overload]
    if wrong or any(np.ndim(d) != 0 or isinstance(d, (dict, set)) for d in raw):
        raise CxlabValueError("removed_on must be a list or column of dates (one per pain point "
                              f"removed), got {describe(removed_on)}")
    return raw


def campaign_progress(
    removed_on: object,
    *,
    target: int,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp,
    as_of: str | pd.Timestamp | None = None,
    freq: str = "MS",
) -> Campaign:
    """Burn-up of a campaign: removed so far against the plan, and the forecast.

    Parameters
    ----------
    removed_on : list of dates
        The date each pain point was removed (one entry per pain point; blanks = not yet).
    target : int
        Pain points to remove by ``end``, at least 1.
    start, end : date
        The campaign's first and last day.
    as_of : date, optional
        The day of the report; by default the last removal date. Removals after it are
        ignored (the future is not known yet).
    freq : str, default "MS"
        Table rows: ``"MS"`` month starts, ``"W-MON"`` weeks, ...

    Raises
    ------
    CxlabValueError
        For a target below 1, an end not after the start, or removals dated outside the
        campaign (naming the first one).
    """
    goal = check_integer("target", target, minimum=1, scalar=True)
    first = check_date("start", start, example="2027-01-01")
    last = check_date("end", end, example="2027-12-31")
    if last <= first:
        raise CxlabValueError(f"end must be after start, got start {first:%Y-%m-%d} and end "
                              f"{last:%Y-%m-%d}")
    raw = _removal_dates(removed_on)
    # A number is no date (pandas would read 5 as a moment after 1 January 1970).
    number = [isinstance(d, numbers.Number) and not pd.isna(d) for d in raw]
    dates = pd.to_datetime(pd.Series([None if n else d for d, n in zip(raw, number, strict=True)],
                                     dtype=object), errors="coerce")
    bad = [raw[i] for i in np.flatnonzero(dates.isna().to_numpy())
           if number[i] or (not (isinstance(raw[i], str) and raw[i].strip() == "")
                            and not pd.isna(raw[i]))]
    if bad:
        raise CxlabValueError(f"removed_on must hold dates, got {describe(bad[0])}")
    dates = dates.dropna().sort_values()
    outside = dates[(dates < first) | (dates > last)]
    if len(outside):
        raise CxlabValueError(f"removed_on has {outside.iloc[0]:%Y-%m-%d}, outside the campaign "
                              f"({first:%Y-%m-%d} to {last:%Y-%m-%d})")
    if as_of is not None:
        now = check_date("as_of", as_of, example="2027-07-31")
    else:
        now = dates.iloc[-1] if len(dates) else first
    if not first <= now <= last:
        raise CxlabValueError(f"as_of must be within the campaign ({first:%Y-%m-%d} to "
                              f"{last:%Y-%m-%d}), got {now:%Y-%m-%d}")
    dates = dates[dates <= now]
    span = (last - first).days
    elapsed = (now - first).days
    done = len(dates)
    planned = round(goal * elapsed / span, 1)
    pace = done / elapsed if elapsed > 0 else 0.0
    forecast = done + pace * (last - now).days

    try:
        points = pd.date_range(first, last, freq=freq)
    except (TypeError, ValueError):
        raise CxlabValueError(f"freq must be a pandas frequency such as 'MS' (month starts) or "
                              f"'W-MON' (weeks), got {describe(freq)}") from None
    points = points.union(pd.DatetimeIndex([now, last]))
    removed = [int(((dates > a) & (dates <= b)).sum()) if i else int((dates <= b).sum())
               for i, (a, b) in enumerate(zip([first, *points[:-1]], points, strict=True))]
    table = pd.DataFrame({"removed": removed}, index=pd.Index(points, name="date"))
    table["cumulative"] = table["removed"].cumsum().astype(float)
    table.loc[table.index > now, ["removed", "cumulative"]] = np.nan
    table["plan"] = goal * (table.index - first).days / span
    days_left = (table.index - now).days
    table["forecast"] = np.where(days_left >= 0, done + pace * days_left, np.nan)
    return Campaign(table=table, target=goal, start=first, end=last, as_of=now, done=done,
                    planned_by_now=planned, forecast_at_end=float(forecast))
