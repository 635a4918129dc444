"""Momentum: the campaign outlook (reusing module 04's burn-up) and the breakdown by owner."""

from __future__ import annotations

import pandas as pd
import pytest

from cxlab import CxlabValueError, data
from cxlab.organisation import campaign_breakdown, campaign_outlook, months_covered
from cxlab.prioritisation import Campaign


@pytest.fixture(scope="module")
def wins() -> pd.DataFrame:
    return data.load("quick_wins_2027")


@pytest.fixture(scope="module")
def owners() -> pd.DataFrame:
    return data.load("quick_wins_2027_owners")


@pytest.mark.parametrize(
    ("first", "last", "months"),
    [
        ("2027-01-01", "2027-09-30", 9.0),
        ("2027-10-01", "2027-12-31", 3.0),
        ("2027-09-16", "2027-09-30", 0.5),  # 15 of September's 30 days
        ("2027-02-01", "2027-02-14", 0.5),  # 14 of February's 28 days
        ("2027-12-31", "2027-12-31", 1 / 31),
        ("2028-01-01", "2027-12-31", 0.0),
    ],
)
def test_months_covered_by_hand(first, last, months):
    assert months_covered(first, last) == pytest.approx(months)


def test_months_covered_refuses_a_non_date():
    with pytest.raises(CxlabValueError, match="first_day must be a date such as '2027-01-01', "
                                              "got 'soon'"):
        months_covered("soon", "2027-01-01")


def test_outlook_of_the_shipped_campaign(wins):
    outlook = campaign_outlook(wins["removed_on"], target=99, start="2027-01-01",
                               end="2027-12-31", as_of="2027-09-30")
    dates = wins["removed_on"].dropna()
    # Counted from the raw dates, not by the code under test.
    done = int((dates <= "2027-09-30").sum())
    recent = int(((dates >= "2027-07-01") & (dates <= "2027-09-30")).sum())
    assert (outlook.done, outlook.left) == (done, 99 - done) == (55, 44)
    assert outlook.pace_per_month == pytest.approx(55 / 9)
    assert outlook.recent_per_month == pytest.approx(recent / 3) == pytest.approx(25 / 3)
    assert outlook.months_left == 3.0
    assert outlook.needed_per_month == pytest.approx(44 / 3)
    assert outlook.stretch == pytest.approx((44 / 3) / (25 / 3))
    assert isinstance(outlook.campaign, Campaign) and outlook.campaign.done == 55
    assert "14.7 a month are needed: 1.8 times the recent pace" in outlook.summary()
    table = outlook.table()
    assert table.loc["Per month needed", "Campaign"] == "14.7"


def test_outlook_small_cases():
    # Started in March: the recent window cannot reach back before the start.
    young = campaign_outlook(["2027-03-10", "2027-03-20"], target=4, start="2027-03-01",
                             end="2027-04-30", as_of="2027-03-31")
    assert young.recent_per_month == pytest.approx(2.0)  # 2 in the one month there is
    assert young.needed_per_month == pytest.approx(2.0)  # 2 left in April
    assert "the recent pace is enough" in young.summary()
    reached = campaign_outlook(["2027-03-10", "2027-03-20"], target=2, start="2027-03-01",
                               end="2027-04-30", as_of="2027-03-31")
    assert reached.needed_per_month == 0 and "The target is reached." in reached.summary()
    ended = campaign_outlook(["2027-03-10"], target=3, start="2027-03-01", end="2027-04-30",
                             as_of="2027-04-30")
    assert ended.months_left == 0 and "ended 2 short" in ended.summary()
    idle = campaign_outlook([None], target=3, start="2027-03-01", end="2027-04-30",
                            as_of="2027-03-31")
    assert "nothing was removed lately" in idle.summary()


def test_outlook_messages(wins):
    with pytest.raises(CxlabValueError, match="recent_months must be a whole number of at least "
                                              "1, got 0"):
        campaign_outlook(wins["removed_on"], target=99, start="2027-01-01", end="2027-12-31",
                         recent_months=0)
    with pytest.raises(CxlabValueError, match="recent_months must be at most 24, got 36"):
        campaign_outlook(wins["removed_on"], target=99, start="2027-01-01", end="2027-12-31",
                         recent_months=36)
    with pytest.raises(CxlabValueError, match="outside the campaign"):
        campaign_outlook(wins["removed_on"], target=99, start="2027-03-01", end="2027-12-31")


def test_breakdown_by_hand():
    wins = pd.DataFrame({"pain_point_id": ["P1", "P2", "P3", "P4"],
                         "removed_on": pd.to_datetime(["2027-02-01", None, "2027-05-01",
                                                       None])})
    who = pd.DataFrame({"pain_point_id": ["P4", "P3", "P2", "P1"],
                        "owner": ["IT", "Billing", "Billing", "Billing"]})
    table = campaign_breakdown(wins, who, months_left=2)
    assert table.index.tolist() == ["Billing", "IT", "All"]
    assert table["Pain points"].tolist() == [3, 1, 4]
    assert table["Removed"].tolist() == [2, 0, 2]
    assert table["Open"].tolist() == [1, 1, 2]
    assert table["Removed (share)"].tolist() == pytest.approx([2 / 3, 0, 0.5])
    assert table["Per month to finish"].tolist() == pytest.approx([0.5, 0.5, 1.0])
    assert table.index.name == "Owner"
    # On 1 March only P1 was removed.
    early = campaign_breakdown(wins, who, as_of="2027-03-01")
    assert early.loc["Billing", "Removed"] == 1


def test_breakdown_of_the_shipped_data_agrees_with_pandas(wins, owners):
    joined = wins.merge(owners, on="pain_point_id")
    removed = joined.groupby("found_by")["removed_on"].count()
    size = joined.groupby("found_by").size()
    table = campaign_breakdown(wins, owners, by="found_by")
    for finder in size.index:
        assert table.loc[finder, "Pain points"] == size[finder]
        assert table.loc[finder, "Removed"] == removed[finder]
    # The planted finding: frontline staff found most of what was removed.
    assert table["Removed (share)"].drop("All").idxmax() == "frontline staff"
    by_stage = campaign_breakdown(wins, by="stage")
    assert by_stage.loc["billing", "Open"] == 17  # 04.04 says so too


def test_breakdown_messages(wins, owners):
    with pytest.raises(CxlabValueError, match="by must be one of 'owner', 'found_by', 'stage'"):
        campaign_breakdown(wins, owners, by="team")
    with pytest.raises(CxlabValueError, match="details has no row for 1 pain point.s., the "
                                              "first 'PP-099'"):
        campaign_breakdown(wins, owners.iloc[:-1])
    with pytest.raises(CxlabValueError, match="there is no owner column"):
        campaign_breakdown(wins)
    with pytest.raises(CxlabValueError, match="quick_wins must have the columns pain_point_id "
                                              "and removed_on; it is missing removed_on"):
        campaign_breakdown(wins.drop(columns="removed_on"), owners)
    with pytest.raises(CxlabValueError, match="as_of must be a date such as '2027-09-30', "
                                              "got 'soon'"):
        campaign_breakdown(wins, owners, as_of="soon")
    with pytest.raises(CxlabValueError, match="months_left must be positive"):
        campaign_breakdown(wins, owners, months_left=0)
