"""From scores to coaching: which behaviours to coach first, and the coaching record.

A behaviour is worth coaching when the agent often misses it **and** missing it matters to
customers. cxlab measures the second part from the contacts that have a customer survey:

    impact of an item = mean outcome (e.g. CSAT) when the item was met
                      - mean outcome when it was missed

(an item counts as met when its answer is at least half way: yes, or 3 or more on 1-5). That
is an association measured on your own contacts, not proof of cause: an agent who shows
empathy may also be better at other things. It is a sensible way to rank, and the notebook says
so. Each agent's priority for an item is then

    priority = (1 - the agent's average on the item) x impact

so the top of each agent's list is the behaviour they miss most that customers feel most.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import (
    CxlabValueError,
    check_instance,
    check_integer,
    check_table,
    describe,
)
from .scorecard import Scorecard, check_evaluations, check_scorecard, item_answers

__all__ = ["CoachingRecord", "behaviour_impact", "coaching_log", "coaching_priorities"]


def behaviour_impact(scorecard: Scorecard, evaluations: pd.DataFrame, *,
                     outcome: str = "csat", min_contacts: int = 10) -> pd.DataFrame:
    """How much each scored item goes with a better ``outcome``, on surveyed contacts.

    Returns one row per weighted item: contacts met and missed (with an outcome), the mean
    outcome in each group and ``impact`` = met - missed. Items with fewer than
    ``min_contacts`` in either group get NaN impact (too few to say).
    """
    scorecard = check_scorecard(scorecard)
    evaluations = check_evaluations(evaluations)
    if not isinstance(outcome, Hashable) or outcome not in evaluations.columns:
        raise CxlabValueError(f"evaluations has no column {describe(outcome)} for the outcome; "
                              f"it has {', '.join(map(repr, evaluations.columns))}")
    min_contacts = check_integer("min_contacts", min_contacts, minimum=1, scalar=True)
    answers = item_answers(scorecard, evaluations)
    result = pd.to_numeric(answers[outcome], errors="coerce")
    rows = []
    for item in scorecard.scored:
        value = answers[item.id]
        known = value.notna() & result.notna()
        met = known & (value >= 0.5)
        missed = known & (value < 0.5)
        n_met, n_missed = int(met.sum()), int(missed.sum())
        enough = n_met >= min_contacts and n_missed >= min_contacts
        mean_met = float(result[met].mean()) if n_met else np.nan
        mean_missed = float(result[missed].mean()) if n_missed else np.nan
        rows.append({"item": item.id, "text": item.text, "section": item.section,
                     "met": n_met, "missed": n_missed, f"{outcome}_met": mean_met,
                     f"{outcome}_missed": mean_missed,
                     "impact": mean_met - mean_missed if enough else np.nan})
    return pd.DataFrame(rows).set_index("item")


def coaching_priorities(scorecard: Scorecard, evaluations: pd.DataFrame,
                        impact: pd.DataFrame | None = None, *, top: int = 3,
                        outcome: str = "csat") -> pd.DataFrame:
    """Per agent, the ``top`` behaviours to coach first (see the module docstring).

    ``impact`` defaults to :func:`behaviour_impact` on the same evaluations. Items with no
    measurable impact, or that the agent always meets, are left out.
    """
    scorecard = check_scorecard(scorecard)
    evaluations = check_evaluations(evaluations)
    if "agent" not in evaluations.columns:
        raise CxlabValueError("evaluations needs an 'agent' column to plan coaching per agent")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise CxlabValueError(f"top must be a whole number of at least 1, got {top!r}")
    if not isinstance(outcome, Hashable) or outcome not in evaluations.columns:
        raise CxlabValueError(f"evaluations has no column {describe(outcome)} for the outcome; "
                              f"it has {', '.join(map(repr, evaluations.columns))}")
    if impact is not None:
        impact = check_table("impact", impact)
        if "impact" not in impact.columns:
            raise CxlabValueError("impact must be a table from behaviour_impact() with an "
                                  f"'impact' column, got {describe(impact)}")
    if impact is None:
        impact = behaviour_impact(scorecard, evaluations, outcome=outcome)
    answers = item_answers(scorecard, evaluations)
    items = [i.id for i in scorecard.scored]
    per_agent = answers.groupby("agent")[items].mean()
    team = answers[items].mean()
    rows = []
    for agent, scores in per_agent.iterrows():
        for item in items:
            gain = impact.loc[item, "impact"] if item in impact.index else np.nan
            if not np.isfinite(gain) or gain <= 0 or not np.isfinite(scores[item]):
                continue
            gap = 1 - scores[item]
            if gap <= 0:
                continue
            rows.append({"agent": agent, "item": item,
                         "text": impact.loc[item, "text"], "agent_score": scores[item],
                         "team_score": team[item], "impact": gain, "priority": gap * gain})
    table = pd.DataFrame(rows, columns=["agent", "item", "text", "agent_score", "team_score",
                                        "impact", "priority"])
    table = table.sort_values(["agent", "priority"], ascending=[True, False])
    table["rank"] = table.groupby("agent").cumcount() + 1
    return table[table["rank"] <= top].reset_index(drop=True)


@dataclass(frozen=True)
class CoachingRecord:
    """A transaction-coaching record: what was seen, what it did to the customer, what was
    agreed, and when to follow up."""

    agent: str
    date: dt.date
    observation: str
    customer_impact: str
    agreed_action: str
    follow_up: dt.date
    coach: str = ""
    item: str = ""

    def __post_init__(self) -> None:
        for name in ("agent", "observation", "customer_impact", "agreed_action"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise CxlabValueError(f"{name} must be written down (a few words), got "
                                      f"{value!r}")
        for name in ("date", "follow_up"):
            if not isinstance(getattr(self, name), dt.date):
                raise CxlabValueError(f"{name} must be a date, e.g. datetime.date(2026, 3, 2); "
                                      f"got {getattr(self, name)!r}")
        if self.follow_up <= self.date:
            raise CxlabValueError(f"follow_up must be after the coaching date {self.date}, got "
                                  f"{self.follow_up}")


def coaching_log(records: list[CoachingRecord]) -> pd.DataFrame:
    """The coaching records as a table, newest first, with days until follow-up."""
    check_instance("records", records, (list, tuple), "a list of CoachingRecord")
    for position, record in enumerate(records, start=1):
        check_instance(f"records (item {position})", record, CoachingRecord,
                       "a CoachingRecord(agent=..., date=..., ...)")
    if not records:
        return pd.DataFrame(columns=["agent", "date", "item", "observation", "customer_impact",
                                     "agreed_action", "follow_up", "coach", "days_to_follow_up"])
    table = pd.DataFrame([r.__dict__ for r in records])
    table["days_to_follow_up"] = [(r.follow_up - r.date).days for r in records]
    return table.sort_values("date", ascending=False).reset_index(drop=True)
