"""The customer's voice in every team: redaction of personal data and the weekly stories."""

from __future__ import annotations

import importlib.util
import re

import pandas as pd
import pytest

from cxlab import CxlabValueError, data
from cxlab.journey import load_journey
from cxlab.organisation import (
    find_personal_data,
    redact,
    story_pool,
    team_touchpoints,
    weekly_stories,
)
from tests.conftest import ROOT


def _generator():
    spec = importlib.util.spec_from_file_location(
        "organisation_part2", ROOT / "tools" / "datagen" / "organisation_part2.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------------------------
# Redaction, on personal data planted by hand: the expected texts are written out in full.

PLANTED = [
    ("My name is Sarah Jenkins. The engineer never came.",
     "My name is [name]. The engineer never came."),
    ("This is Mrs Okafor writing about my bill.",
     "This is [name] writing about my bill."),
    ("Dr. Nowak here: slow every evening.", "[name] here: slow every evening."),
    ("Reply to tom.baker+nw@example.co.uk please.", "Reply to [e-mail] please."),
    ("Call me on 07700 900123 or +44 7700 900456 or 020 7946 0999.",
     "Call me on [phone] or [phone] or [phone]."),
    ("Call me on 07700-900-123.", "Call me on [phone]."),
    ("My account is NW12345678.", "My account is [account number]."),
    ("account number 40123456 was charged twice", "[account number] was charged twice"),
    ("Account No: 1234567 is wrong", "[account number] is wrong"),
    ("Fixed at last. Kind regards, Aisha Doyle", "Fixed at last. Kind regards, [name]"),
    ("Brilliant engineer. Thanks, Tom", "Brilliant engineer. Thanks, [name]"),
]

# Numbers and capitals that are not personal data: nothing may change.
NOT_PERSONAL = [
    "I pay for 500 Mb and get 20 from 7 to 11 pm.",
    "My first bill was £61 when I was told £38.",
    "The reminder said 8 am to 12 noon, visit on 2026-03-02.",
    "The app asks for an account number I do not have.",
    "Waited 45 minutes. Thank you.",
    "Priya on the phone was brilliant.",  # a staff name with no cue: kept (and celebrated)
    "Called 3 times in 10 days about order 123456.",
]


@pytest.mark.parametrize(("raw", "expected"), PLANTED)
def test_redact_removes_planted_personal_data(raw, expected):
    assert redact(raw) == expected


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_redact_leaves_what_is_not_personal(text):
    assert redact(text) == text


def test_a_name_without_a_cue_is_missed_unless_given():
    text = "My husband Gareth Hughes waited in all day."
    assert redact(text) == text  # the stated limit of a pattern
    assert redact(text, names=["gareth hughes"]) == "My husband [name] waited in all day."


def test_redact_keeps_the_index_of_a_column_and_reads_blanks_as_empty():
    column = pd.Series(["Thanks, Tom", None, float("nan"), "fine"], index=[10, 11, 12, 13])
    result = redact(column)
    assert result.tolist() == ["Thanks, [name]", "", "", "fine"]
    assert result.index.tolist() == [10, 11, 12, 13]


def test_find_personal_data_lists_each_piece():
    found = find_personal_data(["Mrs Patel, NW12345678, p@example.org, 07700 900001", "ok"])
    assert found[["kind", "found"]].values.tolist() == [
        ["e-mail", "p@example.org"], ["account number", "NW12345678"],
        ["phone", "07700 900001"], ["name", "Mrs Patel"]]
    assert set(found["comment"]) == {0}


def test_shipped_comments_keep_no_planted_personal_data_but_the_three_hidden_names():
    comments = data.load("customer_comments")["comment"]
    clean = redact(comments)
    gen = _generator()
    names = set(gen._FIRST) | set(gen._LAST)
    leftover = [t for t in clean if set(re.findall(r"[A-Z][a-z]+", t)) & names]
    assert leftover == []
    assert not clean.str.contains("@").any()
    assert not clean.str.contains(r"NW\d|07700|7946|\+44").any()
    assert not clean.str.contains(r"account number \d").any()
    hidden = [sentence for _, sentence in gen._HIDDEN_NAMES]
    assert sum(any(s in t for s in hidden) for t in clean) == 3  # missed, as the lesson says


def test_counts_of_found_personal_data_match_an_independent_count():
    raw = data.load("customer_comments")["comment"]
    found = find_personal_data(raw)["kind"].value_counts()
    # Independent counts of the planted forms (see tools/datagen/organisation_part2.py).
    assert found["e-mail"] == raw.str.count("@").sum()
    phones = (raw.str.count(r"(?<!\+44 )07700 900").sum() + raw.str.count(r"\+44 7700").sum()
              + raw.str.count(r"020 7946").sum())
    assert found["phone"] == phones
    assert found["account number"] == (raw.str.count(r"NW\d{8}").sum()
                                       + raw.str.count(r"account number \d{8}").sum())


def test_redact_rejects_what_is_not_text():
    with pytest.raises(CxlabValueError, match="comments must be a text or a list"):
        redact(42)
    with pytest.raises(CxlabValueError, match=r"comments must hold texts; the value at 1 is 3"):
        redact(["fine", 3])
    with pytest.raises(CxlabValueError, match="at most 20,000 characters"):
        redact("x" * 20_001)
    with pytest.raises(CxlabValueError, match="comments must be one column of texts"):
        redact(pd.DataFrame({"comment": ["x"]}))
    with pytest.raises(CxlabValueError, match="names must be names of two letters or more"):
        redact("hello", names=["A"])


# --------------------------------------------------------------------------------------------
# The story pool and the stories per team

JOURNEY = load_journey()


def _pool(rows):
    frame = pd.DataFrame(rows, columns=["story_id", "date", "source", "touchpoint", "tone",
                                        "comment"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def test_story_pool_sets_the_tone_from_csat_and_drops_blank_comments():
    responses = pd.DataFrame({
        "respondent_id": ["R1", "R2", "R3", "R4"],
        "date": pd.to_datetime(["2026-03-02"] * 4),
        "touchpoint": ["T19"] * 4, "csat": [1, 3, 5, 2],
        "comment": ["bad bill", "meh", "great", ""]})
    pool = story_pool(responses)
    assert pool["story_id"].tolist() == ["R1", "R2", "R3"]
    assert pool["tone"].tolist() == ["pain", "mixed", "praise"]
    assert set(pool["source"]) == {"survey"}


def test_story_pool_of_the_sample_data_holds_every_comment():
    responses = data.load("survey_responses")
    comments = data.load("customer_comments")
    pool = story_pool(responses, comments)
    written = int((responses["comment"].fillna("").str.strip() != "").sum())
    assert len(pool) == written + len(comments)
    assert pool["date"].is_monotonic_increasing


def test_team_touchpoints_follow_the_ownership_matrix():
    billing = team_touchpoints(JOURNEY, "Billing")
    assert billing.loc[billing["link"] == "owns", "touchpoint"].tolist() == ["T19", "T20",
                                                                            "T21"]
    # Pricing owns no touchpoint: it supports the advert and the first bill.
    assert team_touchpoints(JOURNEY, "Pricing")["link"].unique().tolist() == ["supports"]


def test_weekly_stories_follow_the_stated_rule():
    long_story = "My first bill was double what I was told and nobody explained the charges"
    pool = _pool([
        # Billing owns T19: the longest pain story of the week wins ...
        ("S1", "2026-03-03", "survey", "T19", "pain", "The bill is impossible to understand "
         "for anyone"),
        ("S2", "2026-03-04", "complaint e-mail", "T19", "pain", long_story),
        # ... a longer one already told, one of last week and a praise one are left out,
        ("S3", "2026-03-05", "web chat", "T19", "pain", long_story + " at all, twice"),
        ("S4", "2026-02-27", "web chat", "T19", "pain", long_story + " again and again"),
        ("S5", "2026-03-05", "app review", "T20", "praise", "Paying in the app takes thirty "
         "seconds and I love it"),
        # ... and a story too short to tell.
        ("S6", "2026-03-06", "survey", "T21", "pain", "Price went up"),
    ])
    week = weekly_stories(pool, JOURNEY, week_start="2026-03-02", exclude=["S3"],
                          teams=["Billing", "Pricing", "IT"]).set_index("team")
    assert week.loc["Billing", "story_id"] == "S2"
    assert week.loc["Billing", "link"] == "owns"
    assert week.loc["Billing", "candidates"] == 2  # S1 and S2 (S6 is too short)
    # Pricing owns nothing, supports T19: it hears the same strongest story of its touchpoints.
    assert week.loc["Pricing", "story_id"] == "S2"
    assert week.loc["Pricing", "link"] == "supports"
    # IT supports none of these touchpoints this week: no story, said plainly.
    assert week.loc["IT", "story"] == "" and week.loc["IT", "candidates"] == 0
    praise = weekly_stories(pool, JOURNEY, week_start="2026-03-02", tone="praise",
                            teams=["Billing"])
    assert praise["story_id"].tolist() == ["S5"]


def test_weekly_stories_show_the_story_redacted():
    pool = _pool([("S1", "2026-03-03", "complaint e-mail", "T22", "pain",
                   "On hold for an hour and then cut off. Call me on 07700 900123. "
                   "Regards, Sarah Jenkins")])
    week = weekly_stories(pool, JOURNEY, week_start="2026-03-02", teams=["Customer Service"])
    assert week.loc[0, "story"] == ("On hold for an hour and then cut off. Call me on [phone]. "
                                    "Regards, [name]")


def test_weekly_stories_give_every_team_a_story_in_a_sample_week():
    pool = story_pool(data.load("survey_responses"), data.load("customer_comments"))
    week = weekly_stories(pool, JOURNEY, week_start="2026-03-02")
    assert week["team"].tolist() == list(JOURNEY.departments)
    assert (week["story"] != "").all()
    assert not week["story"].str.contains("@|07700|NW\\d").any()


def test_weekly_stories_explain_bad_options():
    pool = _pool([])
    with pytest.raises(CxlabValueError, match="week_start must be a date such as '2026-03-02', "
                                              "got 'next week'"):
        weekly_stories(pool, JOURNEY, week_start="next week")
    with pytest.raises(CxlabValueError, match="tone must be one of 'pain', 'praise', 'either'; "
                                              "got 'angry'"):
        weekly_stories(pool, JOURNEY, week_start="2026-03-02", tone="angry")
    with pytest.raises(CxlabValueError, match="teams must be one of 'Marketing'"):
        weekly_stories(pool, JOURNEY, week_start="2026-03-02", teams=["Legal"])
    with pytest.raises(CxlabValueError, match="pool must have the columns .* missing tone"):
        weekly_stories(pool.drop(columns="tone"), JOURNEY, week_start="2026-03-02")
    with pytest.raises(CxlabValueError, match="journey must be a Journey"):
        weekly_stories(pool, "Northwave", week_start="2026-03-02")
    with pytest.raises(CxlabValueError, match="story_pool needs responses, comments or both"):
        story_pool()
