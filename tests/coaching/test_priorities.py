"""Coaching priorities: impact measured on surveyed contacts, worked on a tiny example."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from cxlab._validation import CxlabValueError
from cxlab.coaching.priorities import (
    CoachingRecord,
    behaviour_impact,
    coaching_log,
    coaching_priorities,
)
from cxlab.coaching.scorecard import Scorecard

CARD = Scorecard.from_dict({"sections": [{"name": "All", "items": [
    {"id": "greet", "text": "Greets", "weight": 0.3},
    {"id": "own", "text": "Takes ownership", "weight": 0.7},
    {"id": "id_check", "critical": "compliance"}]}]})


def _evaluations() -> pd.DataFrame:
    rows = []
    # Ownership met -> CSAT 5, missed -> 2; greeting varies independently of CSAT.
    for i in range(40):
        own = "yes" if i % 2 == 0 else "no"
        greet = "yes" if i % 4 < 2 else "no"
        rows.append({"agent": "Ann" if i < 20 else "Ben", "greet": greet,
                     "own": own if i < 20 else "yes", "id_check": "yes",
                     "csat": 5 if (own == "yes" or i >= 20) else 2})
    return pd.DataFrame(rows)


def test_impact_by_hand() -> None:
    impact = behaviour_impact(CARD, _evaluations())
    # ownership: met 30 contacts all CSAT 5; missed 10 (Ann, odd i) all CSAT 2 -> impact 3
    assert impact.loc["own", "met"] == 30 and impact.loc["own", "missed"] == 10
    assert impact.loc["own", "impact"] == pytest.approx(3.0)
    # greeting: met on i % 4 < 2; mean CSAT met vs missed differs little
    assert abs(impact.loc["greet", "impact"]) < 0.5
    assert "id_check" not in impact.index, "critical items are not ranked"


def test_priorities_put_the_missed_behaviour_that_matters_first() -> None:
    plan = coaching_priorities(CARD, _evaluations(), top=2)
    ann = plan[plan["agent"] == "Ann"]
    assert ann.iloc[0]["item"] == "own"
    assert ann.iloc[0]["priority"] == pytest.approx(0.5 * 3.0)  # misses half, impact 3
    assert "own" not in set(plan[plan["agent"] == "Ben"]["item"]), "Ben always takes ownership"
    assert (plan.groupby("agent")["rank"].max() <= 2).all()


def test_too_few_contacts_give_no_impact() -> None:
    impact = behaviour_impact(CARD, _evaluations().head(6), min_contacts=10)
    assert np.isnan(impact.loc["own", "impact"])


def test_errors() -> None:
    with pytest.raises(CxlabValueError, match="no column 'nps' for the outcome"):
        behaviour_impact(CARD, _evaluations(), outcome="nps")
    with pytest.raises(CxlabValueError, match="needs an 'agent' column"):
        coaching_priorities(CARD, _evaluations().drop(columns="agent"))
    with pytest.raises(CxlabValueError, match="top must be a whole number of at least 1"):
        coaching_priorities(CARD, _evaluations(), top=0)


def test_coaching_record_and_log() -> None:
    record = CoachingRecord("Ann", dt.date(2026, 3, 2), "Passed the customer to billing",
                            "Customer had to call again", "Own the billing query end to end",
                            dt.date(2026, 3, 16), coach="Eva", item="own")
    log = coaching_log([record])
    assert log.loc[0, "days_to_follow_up"] == 14
    with pytest.raises(CxlabValueError, match="agreed_action must be written down"):
        CoachingRecord("Ann", dt.date(2026, 3, 2), "x", "y", " ", dt.date(2026, 3, 16))
    with pytest.raises(CxlabValueError, match="follow_up must be after the coaching date"):
        CoachingRecord("Ann", dt.date(2026, 3, 2), "x", "y", "z", dt.date(2026, 3, 1))
    with pytest.raises(CxlabValueError, match="date must be a date"):
        CoachingRecord("Ann", "2026-03-02", "x", "y", "z", dt.date(2026, 3, 16))
    assert coaching_log([]).empty
