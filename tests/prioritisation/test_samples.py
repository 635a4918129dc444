"""Module 04 sample data loads, fits together and tells the story the lessons use."""

from __future__ import annotations

import pandas as pd

from cxlab.prioritisation import (
    campaign_progress,
    change_board,
    kendalls_w,
    load_backlog,
    load_change_requests,
    load_quick_wins,
    load_stakeholder_rankings,
    plan_roadmap,
)


def test_rankings_cover_backlog_initiatives_and_disagree():
    ranks = load_stakeholder_rankings()
    assert set(ranks.columns) <= set(load_backlog().index)
    assert (ranks.apply(sorted, axis=1, result_type="expand") == list(range(1, 11))).all().all()
    assert kendalls_w(ranks).w < 0.3  # the lesson: little agreement yet, buy-in is needed


def test_change_requests_include_ones_that_fail_qualification():
    requests = load_change_requests()
    roadmap = plan_roadmap(load_backlog(), capacity=[30, 60, 90])
    decision = change_board(roadmap, requests)
    assert len(decision.accepted) >= 1 and len(decision.rejected) >= 2
    assert set(decision.accepted.index) | set(decision.rejected.index) == set(requests.index)


def test_quick_wins_campaign_is_behind_plan_on_30_september():
    log = load_quick_wins()
    assert len(log) == 99 and log["pain_point_id"].is_unique
    assert log["removed_on"].max() <= pd.Timestamp("2027-09-30")
    campaign = campaign_progress(log["removed_on"], target=99, start="2027-01-01",
                                 end="2027-12-31", as_of="2027-09-30")
    assert campaign.done == log["removed_on"].notna().sum()
    assert campaign.done < campaign.planned_by_now and not campaign.on_track
