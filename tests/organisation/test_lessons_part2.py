"""Every number and claim the prose of lessons 06.04-06.07 states, checked against the data.

Each test names the lesson and quotes the sentence it checks. Where a claim is a comparison,
the test recomputes it with pandas or the voc module rather than trusting the lesson's code.
"""

from __future__ import annotations

import inspect
import json

import numpy as np
import pandas as pd
import pytest

from cxlab import data, journey, prioritisation, voc
from cxlab import organisation as org
from tests.conftest import ROOT

LESSONS = ROOT / "solutions" / "06-making-cx-stick"


def _text(name: str) -> str:
    nb = json.loads((LESSONS / name).read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"])


# ------------------------------------------------------------------------------------- 06.04

@pytest.fixture(scope="module")
def extra() -> org.ExtraWork:
    return org.extra_work(data.load("voice_week"), extra_seconds_per_call=45)


@pytest.fixture(scope="module")
def pool() -> pd.DataFrame:
    return org.story_pool(data.load("survey_responses"), data.load("customer_comments"))


def test_0604_the_cost_of_45_seconds(extra):
    text = _text("06.04-the-customers-voice-in-every-team.ipynb")
    week = data.load("voice_week")
    # "Forty-five seconds on each of almost 8,000 calls is close to 100 hours of extra work"
    assert 7_500 < week["answered"].sum() < 8_000
    assert 95 < week["answered"].sum() * 45 / 3600 < 100
    assert "almost 8,000 calls is close to **100 hours of extra work**" in " ".join(text.split())
    # "about 118 extra agent-hours, three full-time agents" (37.5 hours a week each)
    assert round(extra.extra_agent_hours) == 118 and "118" in text
    assert 2.5 < extra.extra_agent_hours / 37.5 < 3.5
    # "the half hours ... busy more than 90% of the time go from 17 to 55 in the week"
    assert extra.by_day["half_hours_over_limit_now"].sum() == 17
    assert extra.by_day["half_hours_over_limit"].sum() == 55
    assert "from 17 to 55" in text
    # "At the Monday peaks the line with the idea passes 100%"
    monday = extra.intervals[extra.intervals["day"] == "Monday"]
    assert monday["occupancy_with_change"].max() > 1
    assert "At the Monday peaks the line with the idea passes 100%" in text


def test_0604_stories_of_the_week(pool):
    northwave = journey.load_journey()
    text = " ".join(_text("06.04-the-customers-voice-in-every-team.ipynb").split())
    comments = len(data.load("customer_comments"))
    assert comments == 360 and f"in the {comments} comments" in text
    week = org.weekly_stories(pool, northwave, week_start="2026-03-02").set_index("team")
    assert (week["story"] != "").all()  # "Every team has a story"
    # "Pricing and IT hear about moments they support ... (the first bill, the rebooking call)"
    assert week.loc["Pricing", ["link", "touchpoint"]].tolist() == ["supports", "T19"]
    assert week.loc["IT", ["link", "touchpoint"]].tolist() == ["supports", "T12"]
    # "Look at Billing's story: it names the customer's neighbour, Judith Cole."
    assert "My neighbour Judith Cole" in week.loc["Billing", "story"]
    raw = pool.set_index("story_id").loc[week.loc["Billing", "story_id"], "comment"]
    assert "Judith Cole" not in org.redact(raw, names=["Judith Cole"])
    # Worked answer: "In the week of 9 March, 6 pain comments ... the longest is again about a
    # first bill far above the price the customer was told."
    billing = org.weekly_stories(pool, northwave, week_start="2026-03-09", teams=["Billing"])
    assert billing.loc[0, "candidates"] == 6
    assert f"week of 9 March, **{billing.loc[0, 'candidates']}** pain comments" in text
    assert "first bill" in billing.loc[0, "story"].lower()
    # Independent count: Billing's owned touchpoints, pain tone, 8 words or more once redacted.
    owned = {t.id for t in northwave.touchpoints if t.owner == "Billing"}
    start = pd.Timestamp("2026-03-09")
    rows = pool[(pool["date"] >= start) & (pool["date"] < start + pd.Timedelta(days=7))
                & (pool["tone"] == "pain") & pool["touchpoint"].isin(owned)]
    words = org.redact(rows["comment"]).str.replace(
        r"\[(e-mail|phone|name|account number)\]", " ", regex=True).str.split().str.len()
    assert int((words >= 8).sum()) == 6


# ------------------------------------------------------------------------------------- 06.05

@pytest.fixture(scope="module")
def comparison() -> org.SchemeComparison:
    return org.compare_schemes([org.HANDLE_TIME_SCHEME, org.BALANCED_SCHEME], agents=40,
                               weeks=12, rng=2026)


def test_0605_the_handle_time_scheme(comparison):
    text = " ".join(_text("06.05-recognition-that-backfires.ipynb").split())
    assert ("Handle time fell by about a minute a call. Meanwhile transfers nearly tripled, "
            "repeat contacts rose by almost 4 per 100 calls and complaints by about half; two "
            "agents in three were gaming by the end.") in text
    assert "cxlab simulates 40 agents taking 150 calls each a week" in text
    defaults = inspect.signature(org.simulate_recognition).parameters
    assert (defaults["agents"].default, defaults["contacts_per_week"].default) == (40, 150)
    summary = comparison.results[org.HANDLE_TIME_SCHEME.name].summary()
    # "Handle time fell by about a minute a call."
    assert -75 < summary.loc["Handle time as measured (s)", "change"] < -45
    # "transfers nearly tripled"
    ratio = summary.loc["Transfers", "last weeks"] / summary.loc["Transfers", "first weeks"]
    assert 2.5 < ratio < 3.0
    # "repeat contacts rose by almost 4 per 100 calls and complaints by about half"
    assert 3.5 < summary.loc["Repeat contacts per 100 calls", "change"] < 4.0
    complaints = summary.loc["Complaints per 1,000 calls"]
    assert 1.4 < complaints["last weeks"] / complaints["first weeks"] < 1.6
    # "two agents in three were gaming by the end"
    assert 0.6 < summary.loc["Agents gaming", "last weeks"] < 0.72


def test_0605_the_balanced_scheme_and_the_gap(comparison):
    table = comparison.table
    balanced = comparison.results[org.BALANCED_SCHEME.name].summary()
    # "nobody gaming, transfers stay near 3%, repeat contacts and complaints stay where they were"
    assert table.loc[org.BALANCED_SCHEME.name, "Agents gaming"] == 0
    assert 0.025 < table.loc[org.BALANCED_SCHEME.name, "Transfers"] < 0.035
    assert abs(balanced.loc["Repeat contacts per 100 calls", "change"]) < 1.5
    assert abs(balanced.loc["Complaints per 1,000 calls", "change"]) < 1.5
    # Worked answer: "25.9 - 20.5 = 5.3 more repeat contacts per 100 calls"; "over 400 extra
    # calls a week" for 8,000 calls.
    repeat = table["Repeat contacts per 100 calls"]
    assert round(repeat[org.HANDLE_TIME_SCHEME.name], 1) == 25.9
    assert round(repeat[org.BALANCED_SCHEME.name], 1) == 20.5
    gap = repeat[org.HANDLE_TIME_SCHEME.name] - repeat[org.BALANCED_SCHEME.name]
    assert round(gap, 1) == 5.3 and gap / 100 * 8000 > 400
    text = " ".join(_text("06.05-recognition-that-backfires.ipynb").split())
    assert (f"{repeat[org.HANDLE_TIME_SCHEME.name]:.1f} − {repeat[org.BALANCED_SCHEME.name]:.1f}"
            f" = **{gap:.1f}** more repeat contacts per 100 calls") in text
    assert "taking 8,000 calls a week that is over 400 extra calls a week" in text
    assert "the balanced scheme has nobody gaming, transfers stay near 3%" in text
    # "The handle-time scheme meets one principle of five"
    assert org.review_scheme(org.HANDLE_TIME_SCHEME).attrs["met"] == 1


def test_0605_the_survey_scheme():
    survey = org.compare_schemes([org.SURVEY_SCHEME, org.BALANCED_SCHEME], rng=2026).table
    # "CSAT as surveyed reads about 91% under the survey scheme against about 78%"
    assert round(100 * survey.loc[org.SURVEY_SCHEME.name, "CSAT as surveyed"]) == 91
    assert round(100 * survey.loc[org.BALANCED_SCHEME.name, "CSAT as surveyed"]) == 78
    text = " ".join(_text("06.05-recognition-that-backfires.ipynb").split())
    assert (f"reads about {round(100 * survey.loc[org.SURVEY_SCHEME.name, 'CSAT as surveyed'])}%"
            f" under the survey scheme against about "
            f"{round(100 * survey.loc[org.BALANCED_SCHEME.name, 'CSAT as surveyed'])}%") in text
    # "the satisfaction of all customers is identical"
    assert (survey.loc[org.SURVEY_SCHEME.name, "CSAT of all customers"]
            == survey.loc[org.BALANCED_SCHEME.name, "CSAT of all customers"])


def test_0605_design_your_own():
    # The starting scheme "rewards teams, has guardrails and celebrates stories, yet agents
    # still game the survey"; "with customers surveyed at random ... nobody games".
    start = org.Scheme("My scheme", measure="survey score", team_based=True, guardrails=True,
                       survey_sampling="agent chooses", stories_and_peers=True)
    mine = org.compare_schemes([org.BALANCED_SCHEME, start], rng=2026).table
    assert mine.loc["My scheme", "Agents gaming"] > 0
    fixed = org.Scheme("Fixed", measure="survey score", team_based=True, guardrails=True,
                       survey_sampling="random", stories_and_peers=True)
    assert org.simulate_recognition(fixed, rng=2026).weekly["agents_gaming"].max() == 0


# ------------------------------------------------------------------------------------- 06.06

@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return org.survey_with_profiles()


@pytest.fixture(scope="module")
def rule_profiles(survey) -> tuple[pd.Series, pd.DataFrame]:
    segments = org.rule_segments(survey, split={"tenure_months": [3, 36],
                                                "works_from_home": None})
    return segments, org.profile_segments(survey, segments)


LONG_NO = "tenure months 36 or more, works from home: no"
LONG_YES = "tenure months 36 or more, works from home: yes"


def test_0606_rule_segments(survey, rule_profiles):
    segments, profiles = rule_profiles
    assert len(survey) == 2000 and len(profiles) == 6  # "2,000 respondents", "six segments"
    text = " ".join(_text("06.06-personas-built-from-the-survey.ipynb").split())
    assert f"Five of the {len(survey):,} respondents" in text
    assert "older (most are 55 or over), prefer the phone, pay more each month" in text
    assert "one comment in five is about the **loyalty penalty**" in text
    long_no = survey[segments == LONG_NO]
    # "older (most are 55 or over), prefer the phone, pay more each month"
    assert (long_no["age_band"] == "55+").mean() > 0.5
    assert long_no["preferred_channel"].value_counts().index[0] == "phone"
    assert long_no["monthly_bill_gbp"].mean() > survey.loc[segments != LONG_NO,
                                                           "monthly_bill_gbp"].mean()
    # "one comment in five is about the loyalty penalty"
    top = profiles.loc[LONG_NO, "top pain points"]
    assert top.startswith("loyalty penalty (20%)")
    # "have the lowest NPS, CSAT and CES of all, with long holds and slow evenings"
    for column in ("NPS", "CSAT", "CES"):
        assert profiles[column].idxmin() == LONG_YES
    assert {"long hold", "slow evening speeds"} <= {
        p.split(" (")[0] for p in profiles.loc[LONG_YES, "top pain points"].split(", ")}
    # "The two largest segments are simply new customers ... installation and the first bill"
    largest = profiles.index[:2]
    assert all(name.startswith("tenure months below 3") for name in largest)
    for name in largest:
        themes = profiles.loc[name, "top pain points"]
        assert "installation no-show" in themes and "billing surprise" in themes


def test_0606_kmeans_segments(survey):
    clusters = org.kmeans_segments(survey, attributes=["tenure_months", "works_from_home",
                                                       "preferred_channel", "age_band"],
                                   k=5, seed=2026)
    profiles = org.profile_segments(survey, clusters)
    # "finds the long-standing, older phone customers (with the loyalty penalty) again"
    loyal = profiles["tenure (months)"].idxmax()
    assert profiles.loc[loyal, ["age band", "preferred channel"]].tolist() == ["55+", "phone"]
    assert "loyalty penalty" in profiles.loc[loyal, "top pain points"]
    # "home workers in families who prefer chat, with long holds and slow evenings"
    homes = profiles[(profiles["works from home"] > 0.75)
                     & (profiles["household"] == "family with children")]
    assert len(homes) == 1
    row = homes.iloc[0]
    assert row["preferred channel"] == "chat"
    assert row["top pain points"].startswith("long hold")
    assert "slow evening speeds" in row["top pain points"]


def test_0606_the_phone_share_and_the_worked_persona(survey, rule_profiles):
    segments, _ = rule_profiles
    inside = segments == LONG_NO
    # Worked answer: "60.2% prefer the phone, against 23.3% of everyone else: 37 points"
    here = (survey.loc[inside, "preferred_channel"] == "phone").mean()
    rest = (survey.loc[~inside, "preferred_channel"] == "phone").mean()
    assert round(100 * here, 1) == 60.2 and round(100 * rest, 1) == 23.3
    assert round(100 * (here - rest)) == 37
    text = " ".join(_text("06.06-personas-built-from-the-survey.ipynb").split())
    rules = org.personas
    assert (f"at least **{rules.MIN_RESPONDENTS} respondents and {rules.MIN_SHARE:.0%}** of them"
            f"; * a fact is **right** when it is within {rules.TOLERANCE_RELATIVE:.0%} of the "
            f"segment's value ({100 * rules.TOLERANCE_SHARE:.0f} points for a share, "
            f"{rules.TOLERANCE_NPS:.0f} for NPS)") in text
    assert (f"**{100 * here:.1f}%** prefer the phone, against {100 * rest:.1f}% of everyone "
            f"else: a difference of {round(100 * (here - rest))} points") in text
    margaret = org.Persona(
        "Margaret, the loyal caller", LONG_NO,
        "Has been with Northwave for five years or more, is over 55 and rings rather than "
        "taps. She pays more each year and feels that loyalty earns her nothing.",
        facts={"tenure_months": 69, "age_band=55+": 0.58, "preferred_channel=phone": 0.6,
               "nps": 0})
    check = org.check_persona(margaret, survey, segments)
    # "three facts that hold and set her segment apart ... and one that holds but does not"
    assert check.backed
    assert check.facts["sets apart"].tolist() == ["yes", "yes", "yes", "no"]
    assert check.facts["right"].tolist() == ["yes"] * 4
    assert round(survey.loc[inside, "tenure_months"].mean()) == 69


# ------------------------------------------------------------------------------------- 06.07

def test_0607_the_words_written_for_the_plan():
    responses = data.load("survey_responses")
    northwave = journey.load_journey()
    # "Usage and billing are where customers feel worst."
    emotion = journey.emotion_by_stage(northwave)
    assert set(emotion.nsmallest(2).index) == {"usage", "billing"}
    # "Usage, billing, service and renewal have a negative NPS; the rebooking call and the
    # first bill score worst."
    by_stage = {s: voc.nps(responses.loc[responses["stage"] == s, "ltr"]).value
                for s in responses["stage"].unique()}
    assert {s for s, v in by_stage.items() if v < 0} == {"usage", "billing", "service",
                                                           "renewal"}
    by_touchpoint = {t: voc.nps(g["ltr"]).value for t, g in responses.groupby("touchpoint")}
    assert sorted(by_touchpoint, key=by_touchpoint.get)[:2] == ["T12", "T19"]
    # "Long holds and billing surprises are the loudest complaints."
    counts = voc.theme_counts(responses["comment"])
    pains = [t for t in counts.index if t not in org.PRAISE_THEMES and t != voc.UNTAGGED]
    assert pains[:2] == ["long hold", "billing surprise"]
    # "24 initiatives, each with an owner and a status; two are already in progress."
    backlog = prioritisation.load_backlog()
    assert len(backlog) == 24 and backlog["owner"].notna().all()
    assert int((backlog["status"] == "in progress").sum()) == 2
    text = " ".join(_text("06.07-capstone-a-one-page-cx-plan.ipynb").split())
    assert f"{len(backlog)} initiatives, each with an owner and a status; two are already" in text


def test_0607_roadmap_rhythm_and_dashboard():
    backlog = prioritisation.load_backlog()
    roadmap = prioritisation.plan_roadmap(backlog, capacity=[30, 60, 90])
    scores = prioritisation.priority_scores(backlog)
    short = roadmap.plan.index[roadmap.plan["period"] == "Short term"]
    # Exercise 1: 9 initiatives; "quick wins and fill-ins"; "the single customer record leads
    # the mid term"; "Four initiatives are not planned"
    assert len(short) == 9
    assert set(scores.loc[short, "quadrant"]) == {"quick win", "fill-in"}
    assert roadmap.plan.index[roadmap.plan["period"] == "Mid term"][0] == "CX-13"
    assert len(roadmap.not_planned) == 4
    text = " ".join(_text("06.07-capstone-a-one-page-cx-plan.ipynb").split())
    assert "Four initiatives are not planned" in text
    assert "The single customer record leads the mid term" in text
    # Worked answer: "21 huddles of 15 minutes (5.25 hours) and 4 weekly meetings of an hour:
    # 9.25 hours, about 6% of a month's working time"
    rhythm = org.operating_rhythm("2027-10")
    meetings = rhythm.calendar["Meeting"].value_counts()
    assert meetings["Huddle"] == 21 and meetings["Weekly project meeting"] == 4
    assert rhythm.hours.loc["project team", "Total hours"] == pytest.approx(9.25)
    assert 0.055 < 9.25 / (21 * 7.5) < 0.065
    assert ("21 huddles of 15 minutes (5.25 hours) and 4 weekly meetings of an hour: "
            "**9.25 hours**, about 6% of a month's working time") in text
    # "The campaign needs almost twice its recent pace ... Two flagship tasks are late, both
    # with IT delivery"
    outlook = org.campaign_outlook(prioritisation.load_quick_wins()["removed_on"], target=99,
                                   start="2027-01-01", end="2027-12-31", as_of="2027-09-30")
    assert 1.6 < outlook.needed_per_month / outlook.recent_per_month < 2.0
    status = org.batch_status(data.load("flagship_tasks_2027"), as_of="2027-09-30")
    assert len(status.overdue) == 2
    assert set(status.overdue["Owner"]) == {"IT delivery lead"}
    assert "The campaign needs almost twice its recent pace to reach 99" in text
    assert "Two flagship tasks are late, both with IT delivery" in text
    assert np.isfinite(outlook.needed_per_month)
