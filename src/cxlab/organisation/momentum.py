"""Building CX momentum: a quick-wins campaign planned and tracked, and who finds the wins.

Module 04 tracks the campaign's burn-up (:func:`cxlab.prioritisation.campaign_progress`,
reused here, not repeated). What a campaign lead also needs, and this module adds:

* :func:`campaign_outlook`: the pace so far, the recent pace, and the pace needed from now
  to reach the target, per month, in one plain verdict;
* :func:`campaign_breakdown`: pain points, removed and open per owner (or per who found
  them, or per journey stage), and each owner's monthly quota to finish on time.

Months are calendar months: from 1 January to 30 September is 9 months; from 30 September
to 31 December, 3. A date inside a month counts the share of that month's days.

>>> from cxlab import data
>>> wins = data.load("quick_wins_2027")
>>> outlook = campaign_outlook(wins["removed_on"], target=99, start="2027-01-01",
...                            end="2027-12-31", as_of="2027-09-30")
>>> print(outlook)  # doctest: +NORMALIZE_WHITESPACE
55 of 99 removed by 30 Sep 2027 (6.1 a month so far, 8.3 a month in the last 3 months).
To reach 99 by 31 Dec 2027, 14.7 a month are needed: 1.8 times the recent pace.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

import pandas as pd

from .._validation import (
    CxlabValueError,
    check_choice,
    check_date,
    check_integer,
    check_positive,
    describe,
)
from ..prioritisation.campaign import Campaign, campaign_progress

__all__ = ["BREAKDOWNS", "CampaignOutlook", "campaign_breakdown", "campaign_outlook",
           "months_covered"]

#: The columns :func:`campaign_breakdown` can break the campaign down by, with their labels.
BREAKDOWNS = {"owner": "Owner", "found_by": "Found by", "stage": "Journey stage"}


def months_covered(first_day: object, last_day: object) -> float:
    """Calendar months covered by the days ``first_day`` to ``last_day``, both included.

    Whole months count 1 each; a part of a month counts the share of its days. So 1 January
    to 30 September is 9 months and 1 October to 31 December 3; 16 to 30 September is half a
    month. A last day before the first gives 0 (no days).

    Parameters
    ----------
    first_day, last_day : date
        Any date pandas reads.

    Returns
    -------
    float

    Examples
    --------
    >>> months_covered("2027-01-01", "2027-09-30")
    9.0
    >>> months_covered("2027-09-16", "2027-09-30")
    0.5
    >>> months_covered("2028-01-01", "2027-12-31")
    0.0
    """
    a = check_date("first_day", first_day, example="2027-01-01").normalize()
    b = check_date("last_day", last_day, example="2027-09-30").normalize()
    if b < a:
        return 0.0
    whole = (b.year - a.year) * 12 + (b.month - a.month)
    return float(whole + b.day / b.days_in_month - (a.day - 1) / a.days_in_month)


@dataclass(frozen=True)
class CampaignOutlook:
    """Where a campaign stands and the pace it needs.

    Attributes
    ----------
    campaign : cxlab.prioritisation.Campaign
        The burn-up (module 04), for its table and figure.
    done, target, left : int
        Removed so far, the target, and what is left.
    months_gone, months_left : float
        Calendar months from the start to the report day, and after it to the end.
    pace_per_month : float
        Removed per month since the start.
    recent_per_month : float
        Removed per month over the last ``recent_months``.
    recent_months : int
    needed_per_month : float
        Removals a month needed from now to reach the target (0 if reached).
    as_of, end : pandas.Timestamp
    """

    campaign: Campaign
    done: int
    target: int
    left: int
    months_gone: float
    months_left: float
    pace_per_month: float
    recent_per_month: float
    recent_months: int
    needed_per_month: float
    as_of: pd.Timestamp
    end: pd.Timestamp

    @property
    def stretch(self) -> float:
        """The pace needed as a multiple of the recent pace (inf if nothing was removed)."""
        if self.recent_per_month == 0:
            return float("inf") if self.needed_per_month > 0 else 0.0
        return self.needed_per_month / self.recent_per_month

    def table(self) -> pd.DataFrame:
        """The outlook as a small table with plain names, for a lesson or a dashboard."""
        rows = {
            "Removed so far": f"{self.done} of {self.target}",
            "Per month so far": f"{self.pace_per_month:.1f}",
            f"Per month, last {self.recent_months} months": f"{self.recent_per_month:.1f}",
            "Left to remove": f"{self.left}",
            "Months left": f"{self.months_left:.1f}",
            "Per month needed": f"{self.needed_per_month:.1f}",
        }
        return pd.DataFrame({"Campaign": list(rows.values())}, index=list(rows))

    def summary(self) -> str:
        """Two plain sentences."""
        head = (f"{self.done} of {self.target} removed by {self.as_of:%d %b %Y} "
                f"({self.pace_per_month:.1f} a month so far, {self.recent_per_month:.1f} a "
                f"month in the last {self.recent_months} months).")
        if self.left == 0:
            return head + " The target is reached."
        if self.months_left == 0:
            return head + f" The campaign has ended {self.left} short of the target."
        tail = (f" To reach {self.target} by {self.end:%d %b %Y}, "
                f"{self.needed_per_month:.1f} a month are needed")
        if self.recent_per_month == 0:
            return head + tail + ", and nothing was removed lately."
        if self.stretch <= 1:
            return head + tail + ": the recent pace is enough."
        return head + tail + f": {self.stretch:.1f} times the recent pace."

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        return f"CampaignOutlook({self.summary()!r})"


def campaign_outlook(
    removed_on: object,
    *,
    target: int,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp,
    as_of: str | pd.Timestamp | None = None,
    recent_months: int = 3,
) -> CampaignOutlook:
    """The pace so far, the recent pace and the pace needed to reach the target.

    The burn-up itself is module 04's :func:`cxlab.prioritisation.campaign_progress`, called
    with the same arguments (and the same checks); it is kept as ``campaign`` on the result,
    ready for :func:`cxlab.prioritisation.plots.plot_burnup`.

    Parameters
    ----------
    removed_on : list of dates
        The date each pain point was removed (blank while open).
    target : int
        Pain points to remove by ``end``.
    start, end : date
        The campaign's first and last day.
    as_of : date, optional
        The report day (by default the last removal); later removals are ignored.
    recent_months : int, default 3
        How many calendar months up to ``as_of`` make "recent" (1 to 24; fewer if the
        campaign is younger).

    Returns
    -------
    CampaignOutlook

    Raises
    ------
    cxlab.CxlabValueError
        As :func:`~cxlab.prioritisation.campaign_progress`, and for ``recent_months`` not 1
        to 24.

    Examples
    --------
    >>> o = campaign_outlook(["2027-01-20", "2027-02-10", "2027-03-05"], target=12,
    ...                      start="2027-01-01", end="2027-06-30", as_of="2027-03-31",
    ...                      recent_months=2)
    >>> o.done, o.months_left, o.needed_per_month, o.recent_per_month
    (3, 3.0, 3.0, 1.0)
    """
    recent = check_integer("recent_months", recent_months, minimum=1, scalar=True)
    if recent > 24:
        raise CxlabValueError(f"recent_months must be at most 24, got {recent}")
    campaign = campaign_progress(removed_on, target=target, start=start, end=end, as_of=as_of)
    checked = cast("Iterable[object]", removed_on)  # campaign_progress has checked it
    dates = pd.to_datetime(pd.Series(list(checked), dtype=object), errors="coerce").dropna()
    dates = dates[dates <= campaign.as_of]
    one_day = pd.Timedelta(days=1)
    window_first = max(campaign.as_of - pd.DateOffset(months=recent) + one_day, campaign.start)
    window_months = months_covered(window_first, campaign.as_of)
    recent_count = int((dates >= window_first).sum())
    months_gone = months_covered(campaign.start, campaign.as_of)
    months_left = months_covered(campaign.as_of + one_day, campaign.end)
    left = max(campaign.target - campaign.done, 0)
    return CampaignOutlook(
        campaign=campaign,
        done=campaign.done,
        target=campaign.target,
        left=left,
        months_gone=months_gone,
        months_left=months_left,
        pace_per_month=campaign.done / months_gone if months_gone else 0.0,
        recent_per_month=recent_count / window_months if window_months else 0.0,
        recent_months=recent,
        needed_per_month=left / months_left if months_left else 0.0,
        as_of=campaign.as_of,
        end=campaign.end,
    )


def campaign_breakdown(
    quick_wins: pd.DataFrame,
    details: pd.DataFrame | None = None,
    *,
    by: str = "owner",
    as_of: object = None,
    months_left: float | None = None,
) -> pd.DataFrame:
    """Pain points, removed and open, per owner, per finder or per journey stage.

    Parameters
    ----------
    quick_wins : pandas.DataFrame
        One row per pain point with ``pain_point_id`` and ``removed_on`` (a date, blank while
        open), e.g. ``cxlab.data.load("quick_wins_2027")``.
    details : pandas.DataFrame, optional
        More columns per ``pain_point_id`` to join, e.g.
        ``cxlab.data.load("quick_wins_2027_owners")`` (``owner``, ``found_by``).
    by : {"owner", "found_by", "stage"}
        The column to group by.
    as_of : date, optional
        Count only removals on or before this day; by default all.
    months_left : float, optional
        If given, add ``Per month to finish``: each group's open pain points divided by the
        months left (the quota that clears them on time).

    Returns
    -------
    pandas.DataFrame
        Index: the groups, most open first, then a last row ``All``; columns ``Pain
        points``, ``Removed``, ``Open``, ``Removed (share)`` (a fraction) and, with
        ``months_left``, ``Per month to finish``.

    Raises
    ------
    cxlab.CxlabValueError
        For a missing column, an unknown ``by``, pain points without details (naming the
        first), or ``months_left`` not above 0.

    Examples
    --------
    >>> wins = pd.DataFrame({"pain_point_id": ["P1", "P2", "P3"],
    ...                      "removed_on": pd.to_datetime(["2027-02-01", None, None])})
    >>> who = pd.DataFrame({"pain_point_id": ["P1", "P2", "P3"],
    ...                     "owner": ["Billing", "Billing", "IT"]})
    >>> campaign_breakdown(wins, who)["Open"].to_dict()
    {'Billing': 1, 'IT': 1, 'All': 2}
    """
    if not isinstance(quick_wins, pd.DataFrame):
        raise CxlabValueError(f"quick_wins must be a table (pandas DataFrame), got "
                              f"{describe(quick_wins)}")
    by = check_choice("by", by, BREAKDOWNS)
    missing = [c for c in ("pain_point_id", "removed_on") if c not in quick_wins.columns]
    if missing:
        raise CxlabValueError(f"quick_wins must have the columns pain_point_id and removed_on; "
                              f"it is missing {', '.join(missing)}")
    table = quick_wins
    if details is not None:
        if not isinstance(details, pd.DataFrame) or "pain_point_id" not in details.columns:
            raise CxlabValueError("details must be a table with a pain_point_id column, got "
                                  f"{describe(details)}")
        known = set(details["pain_point_id"])
        absent = [p for p in quick_wins["pain_point_id"] if p not in known]
        if absent:
            raise CxlabValueError(f"details has no row for {len(absent)} pain point(s), the "
                                  f"first {absent[0]!r}; every pain point needs its details")
        extra = [c for c in details.columns if c not in quick_wins.columns or c == "pain_point_id"]
        table = quick_wins.merge(details[extra].drop_duplicates("pain_point_id"),
                                 on="pain_point_id", how="left")
    if by not in table.columns:
        raise CxlabValueError(f"there is no {by} column to break the campaign down by; pass "
                              "the details table that has it")
    removed_on = pd.to_datetime(table["removed_on"], errors="coerce")
    if as_of is not None:
        day = check_date("as_of", as_of, example="2027-09-30")
        removed_on = removed_on.where(removed_on <= day)
    removed = removed_on.notna()
    grouped = pd.DataFrame({"group": table[by].astype(str), "removed": removed})
    counts = grouped.groupby("group")["removed"].agg(["size", "sum"])
    out = pd.DataFrame({"Pain points": counts["size"].astype(int),
                        "Removed": counts["sum"].astype(int)})
    out["Open"] = out["Pain points"] - out["Removed"]
    out = out.sort_values(["Open", "Pain points"], ascending=False, kind="stable")
    out.loc["All"] = out.sum()
    out["Removed (share)"] = out["Removed"] / out["Pain points"]
    if months_left is not None:
        months = check_positive("months_left", months_left, scalar=True)
        out["Per month to finish"] = out["Open"] / months
    out.index.name = BREAKDOWNS[by]
    return out
