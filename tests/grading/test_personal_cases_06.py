"""Personal cases on assessment 06 (making CX stick), end to end through release, grading,
feedback and the cohort report.

Right answers are worked out here from each participant's numbers with this file's own
arithmetic and the shipped CSV and YAML files read with pandas and PyYAML: pillar scores by the
stated rule (a manager's mean of a pillar's statements, then the mean of the managers),
weighted gaps with the lesson's weights, calendar months, the working days of a month, Erlang C
by the Erlang B recursion, stories to choose from by 06.04's rule, the five principles of a
scheme, shares of a segment binned here. Two steps come from cxlab, each tested on its own in
tests/organisation: the privacy rule (``organisation.redact``) that question 9's word counts
need, and the seeded simulation of question 10, run here scheme by scheme with
``simulate_recognition`` and averaged here, not read from ``compare_schemes``' table.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import html
import json
import math
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
import yaml

from cxlab.cases import code_for, draw
from tests.conftest import ROOT
from tests.grading.conftest import (
    auto_scores,
    auto_total,
    hand_in,
    personal_course,
    release_nb,
    with_answers,
)

pytestmark = pytest.mark.grading

A = "06-making-cx-stick"
AUTO_MAX = 14.0
#: Questions the same for everyone, with their right answers and points.
STATIC = {"q5": ("B, D", 2.0), "q6": ("C", 1.0), "q8": ("C", 1.0)}
#: Personal questions with their points and the tolerance of their keys (None: a choice).
PERSONAL = {"q1": (1, 0.01), "q2": (1, None), "q3": (1, 0.1), "q4": (1, 0.01),
            "q7": (1, 0.5), "q9": (1, 0.5), "q10": (1, 0.1), "q11": (2, None),
            "q12": (1, 0.1)}
DATA = ROOT / "src" / "cxlab" / "data"
#: 06.01's foundation weights, as the lesson states them.
WEIGHTS = {"strategy": 2.0, "customer understanding": 1.5, "design": 1.0, "measurement": 1.0,
           "culture": 1.0, "governance": 1.0}


# -- question 1 and 2: pillar scores -------------------------------------------------------------
@cache
def pillar_of() -> dict[str, str]:
    statements = pd.read_csv(DATA / "cx_maturity_statements.csv")
    return dict(zip(statements["statement_id"], statements["pillar"], strict=True))


def pillar_scores(v: dict) -> dict[str, float]:
    """Each manager's mean of the pillar's answers (blanks left out; none below two answers),
    then the mean of the managers who have one."""
    ids = list(pillar_of())
    scores = {}
    for pillar in dict.fromkeys(pillar_of().values()):
        managers = []
        for row in v["answers1"]:
            mine = [a for s, a in zip(ids, row, strict=True)
                    if pillar_of()[s] == pillar and a is not None]
            if len(mine) >= 2:
                managers.append(sum(mine) / len(mine))
        scores[pillar] = sum(managers) / len(managers)
    return scores


def first_pillar(v: dict) -> str:
    scores = pillar_scores(v)
    weighted = {p: max(v["target2"] - s, 0) * WEIGHTS[p] for p, s in scores.items()}
    return max(weighted, key=weighted.get)


# -- question 3: the campaign ---------------------------------------------------------------------
def months_between_month_ends(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def campaign_needed(v: dict) -> float:
    as_of, end = dt.date.fromisoformat(v["as_of3"]), dt.date.fromisoformat(v["end3"])
    done = sum(1 for d in v["removed3"] if d and dt.date.fromisoformat(d) <= as_of)
    return (v["target3"] - done) / months_between_month_ends(as_of, end)


# -- question 4: the rhythm -----------------------------------------------------------------------
def rhythm_hours(v: dict) -> float:
    year, month = map(int, v["month4"].split("-"))
    holiday = dt.date.fromisoformat(v["holiday4"])
    days = [dt.date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)]
    working = [d for d in days if d.weekday() < 5 and d != holiday]
    minutes = len(working) * v["huddle4"]
    minutes += sum(1 for d in working if d.weekday() == 0) * v["weekly4"]
    if v["group4"] == "project lead":
        minutes += v["review4"] if any(d.weekday() == 1 for d in working) else 0
        minutes += v["board4"] if any(d.weekday() == 3 for d in working) else 0
    return minutes / 60


# -- question 7: Erlang C by the Erlang B recursion ----------------------------------------------
def erlang_c(n: int, a: float) -> float:
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return n * b / (n - a * (1 - b))


def agents_needed(calls: float, aht: float, t: float = 20, target: float = 0.8) -> int:
    a = calls * aht / 1800
    n = math.floor(a) + 1
    while 1 - erlang_c(n, a) * math.exp(-(n - a) * t / aht) < target:
        n += 1
    return n


def extra_agent_hours(seconds: float) -> float:
    """Half hour by half hour, the agents 80% in 20 s needs with the extra seconds minus those
    it needs now, times half an hour (half hours without calls need none; a half hour without
    a handle time takes the week's mean)."""
    week = pd.read_csv(DATA / "voice_week.csv")
    mean_aht = week["aht_seconds"][week["aht_seconds"] > 0].mean()
    hours = 0.0
    for calls, aht in zip(week["offered"], week["aht_seconds"], strict=True):
        if calls <= 0:
            continue
        aht = aht if aht > 0 else mean_aht
        hours += 0.5 * (agents_needed(calls, aht + seconds) - agents_needed(calls, aht))
    return hours


# -- question 9: stories to choose from -----------------------------------------------------------
@cache
def touchpoints_of() -> dict[str, tuple[set, set]]:
    """Department -> (touchpoints it owns, touchpoints it supports), from the journey YAML."""
    journey = yaml.safe_load((DATA / "broadband_journey.yml").read_text())
    owner = {s["id"]: s.get("owner") for s in journey["process_steps"]}
    found: dict[str, tuple[set, set]] = {}
    for t in journey["touchpoints"]:
        found.setdefault(t["owner"], (set(), set()))[0].add(t["id"])
        causes = [s for p in t.get("pain_points") or [] if isinstance(p, dict)
                  for s in p.get("caused_by") or []]
        for step in [*t.get("process_steps", []), *causes]:
            who = owner[step]
            if who and who != t["owner"]:
                found.setdefault(who, (set(), set()))[1].add(t["id"])
    return found


@cache
def pain_comments() -> pd.DataFrame:
    from cxlab.organisation import redact

    survey = pd.read_csv(DATA / "survey_responses.csv", keep_default_na=False)
    survey = survey[survey["comment"].str.strip() != ""]
    survey = survey[survey["csat"] <= 2]
    other = pd.read_csv(DATA / "customer_comments.csv")
    other = other[other["tone"] == "pain"]
    both = pd.concat([survey[["date", "touchpoint", "comment"]],
                      other[["date", "touchpoint", "comment"]]], ignore_index=True)
    shared = redact(both["comment"])
    placeholders = r"\[(?:e-mail|account number|phone|name)\]"
    both["words"] = shared.str.replace(placeholders, " ", regex=True).str.split().str.len()
    both["date"] = pd.to_datetime(both["date"])
    return both


def stories_to_choose_from(team: str, week: str) -> int:
    start = pd.Timestamp(week)
    rows = pain_comments()
    rows = rows[(rows["date"] >= start) & (rows["date"] < start + pd.Timedelta(days=7))
                & (rows["words"] >= 8)]
    for touchpoints in touchpoints_of()[team]:
        count = int(rows["touchpoint"].isin(touchpoints).sum())
        if count:
            return count
    return 0


# -- questions 10 and 11: recognition -------------------------------------------------------------
def repeat_gap(v: dict) -> float:
    from cxlab import organisation as org

    last = [org.simulate_recognition(s, agents=v["agents10"], weeks=v["weeks10"],
                                     contacts_per_week=v["calls10"], rng=v["seed10"])
            .weekly["repeat_contacts_per_100"].iloc[-4:].mean()
            for s in (org.HANDLE_TIME_SCHEME, org.BALANCED_SCHEME)]
    return last[0] - last[1]


def principles_missed(v: dict) -> str:
    missed = [v["measure11"] != "balanced", not v["team11"], not v["guardrails11"],
              v["sampling11"] != "random", not v["stories11"]]
    return ", ".join(letter for letter, no in zip("ABCDE", missed, strict=True) if no)


# -- question 12: a segment's share ----------------------------------------------------------------
@cache
def survey() -> pd.DataFrame:
    return pd.read_csv(DATA / "survey_responses.csv").merge(
        pd.read_csv(DATA / "survey_profiles.csv"), on="respondent_id")


def segment_share(v: dict) -> float:
    rows = survey()
    number, cuts, text = v["split12_number"], list(v["split12_cuts"]), v["split12_text"]
    words = number.replace("_", " ")
    names = ([f"{words} below {cuts[0]}"]
             + [f"{words} {a} to below {b}" for a, b in zip(cuts, cuts[1:], strict=False)]
             + [f"{words} {cuts[-1]} or more"])
    band = [names[sum(x >= c for c in cuts)] for x in rows[number]]
    label = pd.Series(band, index=rows.index) + ", " + text.replace("_", " ") + ": " \
        + rows[text].astype(str)
    column, value = v["measure12"].split("=", 1)
    inside = rows[label == v["segment12"]]
    return 100 * float((inside[column].astype(str) == value).mean())


def right_answers(code: str) -> dict[str, str]:
    v = draw(A, code).values
    return {
        "code": code,
        "q1": f"{pillar_scores(v)[v['pillar1']]:.3f}",
        "q2": "ABCD"[list(v["pillars2"]).index(first_pillar(v))],
        "q3": f"{campaign_needed(v):.2f} pain points",
        "q4": f"{rhythm_hours(v):.3f} hours",
        "q5": STATIC["q5"][0],
        "q6": STATIC["q6"][0],
        "q7": f"{extra_agent_hours(v['seconds7']):g} hours",
        "q8": STATIC["q8"][0],
        "q9": f"{stories_to_choose_from(v['team9'], v['week9'])} comments",
        "q10": f"{repeat_gap(v):.2f}",
        "q11": principles_missed(v),
        "q12": f"{segment_share(v):.2f} %",
    }


def total(course: Path, student: str) -> float:
    return auto_total(course, student, A)


def _rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def personal(tmp_path_factory):
    from cxlab.grading import feedback, grade, report

    course, codes = personal_course(tmp_path_factory, A)
    base = release_nb(course, A)
    right = {s: right_answers(c) for s, c in codes.items()}
    hand_in(course, "ann", with_answers(base, right["ann"]), assignment=A)
    hand_in(course, "bob", with_answers(base, right["bob"]), assignment=A)
    # cat answers bob's case with bob's code (a copied notebook)
    hand_in(course, "cat", with_answers(base, right["bob"]), assignment=A)
    # dan scores question 1 on all 24 statements instead of the pillar's four, and works out
    # the campaign's pace on its whole length instead of the months left
    v = draw(A, codes["dan"]).values
    every = [a for row in v["answers1"] for a in row if a is not None]
    length = months_between_month_ends(dt.date.fromisoformat(v["start3"]),
                                       dt.date.fromisoformat(v["end3"])) + 1
    left = campaign_needed(v) * months_between_month_ends(
        dt.date.fromisoformat(v["as_of3"]), dt.date.fromisoformat(v["end3"]))
    slips = {**right["dan"], "q1": f"{sum(every) / len(every):.3f}",
             "q3": f"{left / length:.2f}"}
    hand_in(course, "dan", with_answers(base, slips), assignment=A)
    summary = grade(course, A, jobs=2, progress=False)
    feedback(course, A)
    report(A, course)
    return course, codes, right, {r.student: r for r in summary.results}


def test_two_participants_get_different_numbers(personal) -> None:
    _, codes, right, _ = personal
    ann, bob = draw(A, codes["ann"]), draw(A, codes["bob"])
    assert ann.values != bob.values
    assert draw(A, codes["ann"]).values == ann.values  # the same code, the same case
    for q in ("q1", "q3", "q4", "q7", "q10", "q12"):  # numbers of their own
        assert right["ann"][q] != right["bob"][q], q


def test_own_right_answers_earn_every_mark_and_the_others_do_not(personal) -> None:
    course, _, right, results = personal
    assert results["ann"].status == results["bob"].status == "graded"
    for student in ("ann", "bob"):
        assert total(course, student) == AUTO_MAX, auto_scores(course, student, A)
    # cat typed bob's answers: only the questions everybody shares, and any whose right
    # answer happens to be the same on both cases, can earn marks
    same = sum(points for q, (points, tol) in PERSONAL.items()
               if _same(right["bob"][q], right["cat"][q], tol))
    assert total(course, "cat") == sum(p for _, p in STATIC.values()) + same
    assert total(course, "cat") < AUTO_MAX - 4


def _same(a: str, b: str, tol: float | None) -> bool:
    if tol is None:
        return a == b
    return abs(float(a.split()[0]) - float(b.split()[0])) <= tol


def test_a_notebook_answered_with_someone_elses_code_is_flagged(personal) -> None:
    _, _, _, results = personal
    assert any("answered with the personal code of participant bob" in n
               for n in results["cat"].notes), results["cat"].notes
    assert not any("personal code" in n for n in results["ann"].notes)


def test_planted_slips_are_named_in_feedback_and_counted_in_the_report(personal) -> None:
    course, _, _, _ = personal
    scores = auto_scores(course, "dan", A)
    assert scores["q1_test"] == 0 and scores["q3_test"] == 0 and scores["q4_test"] == 1
    record = json.loads((course / ".cxlab" / "marks" / A / "dan.json").read_text())
    named = {m["answer"]: m["misconception"] for m in record["marks"][f"{A}.ipynb"]}
    one = "the mean of all 24 statements, not the pillar's four"
    three = "the campaign's whole length, not the months left"
    assert (named["q1"], named["q3"]) == (one, three)
    page = html.unescape((course / "feedback" / "dan" / A / f"{A}.html").read_text())
    assert f"Your answer matches a known slip: {one}." in page
    assert f"Your answer matches a known slip: {three}." in page
    counted = _rows(course / "reports" / A / "misconceptions.csv")
    assert {"question": "q1", "misconception": one, "participants": "1"} in counted
    assert {"question": "q3", "misconception": three, "participants": "1"} in counted


def test_feedback_explains_with_the_participants_own_numbers(personal) -> None:
    course, codes, _, _ = personal
    v = draw(A, codes["dan"]).values
    page = html.unescape((course / "feedback" / "dan" / A / f"{A}.html").read_text())
    done = sum(1 for d in v["removed3"] if d)
    left = v["target3"] - done
    months = months_between_month_ends(dt.date.fromisoformat(v["as_of3"]),
                                       dt.date.fromisoformat(v["end3"]))
    # the right answer is shown to the key's tolerance (0.1 and 0.01)
    assert f"The right answer is {round(campaign_needed(v), 1):g} pain points." in page
    assert f"{done} of {v['target3']} are removed by {v['as_of3_text']}" in page
    assert f"{left} / {months} = {left / months:.1f} a month." in page
    assert f"The right answer is {round(pillar_scores(v)[v['pillar1']], 2):g} points." in page


def test_the_trainer_rebuilds_any_sheet_from_the_id(personal, capsys) -> None:
    from cxlab.grading.cli import main

    course, codes, right, _ = personal
    assert main(["case", A, "bob", "--course-dir", str(course)]) == 0
    out = capsys.readouterr().out
    v = draw(A, codes["bob"]).values
    assert f"personal code {codes['bob']}" in out
    assert f"The team: {v['team9']}. The week starting Monday {v['week9_text']}" in out
    assert f"q9: {right['bob']['q9']}" in out
    assert f"q11: {right['bob']['q11']}" in out


# -- the cases themselves ----------------------------------------------------------------------
def test_cases_keep_away_from_the_lessons_and_make_fair_questions() -> None:
    for i in range(20):
        v = draw(A, code_for(b"another course", f"p{i}")).values
        assert 5 <= v["managers1"] <= 9 and len(v["answers1"]) == v["managers1"]
        assert all(a is None or a in (1, 2, 3, 4, 5) for row in v["answers1"] for a in row)
        assert v["target2"] not in (3.0, 3.5, 4.0)
        assert first_pillar(v) in v["pillars2"]
        # 06.01's rule, not the largest plain gap: the two differ in every case
        scores = pillar_scores(v)
        plain = max(scores, key=lambda p: v["target2"] - scores[p])
        assert plain != first_pillar(v) and plain in v["pillars2"]
        assert v["target3"] != 99 and v["start3"].startswith("2028")
        as_of = dt.date.fromisoformat(v["as_of3"])
        assert as_of.day == calendar.monthrange(as_of.year, as_of.month)[1]
        assert v["month4"] not in ("2027-10", "2027-11")
        assert (v["huddle4"], v["weekly4"]) != (15, 60) and v["huddle4"] != 15
        assert dt.date.fromisoformat(v["holiday4"]).weekday() < 5
        assert v["seconds7"] != 45 and 20 <= v["seconds7"] <= 90
        assert v["week9"] != "2026-03-02" and (v["team9"], v["week9"]) != ("Billing",
                                                                          "2026-03-09")
        assert stories_to_choose_from(v["team9"], v["week9"]) >= 2
        assert (v["agents10"], v["weeks10"], v["calls10"], v["seed10"]) != (40, 12, 150, 2026)
        assert v["agents10"] != 40 and v["seed10"] != 2026
        assert 1 <= len(principles_missed(v).split(", ")) <= 4
        assert (v["split12_number"], tuple(v["split12_cuts"]), v["split12_text"]) != (
            "tenure_months", (3, 36), "works_from_home")
        assert 3 <= segment_share(v) <= 97


def test_the_independent_erlang_gives_the_lessons_week() -> None:
    """06.04's prose: 45 seconds a call cost about 118 extra agent-hours in the week."""
    assert extra_agent_hours(45) == 118.0


def test_the_screen_of_the_draw_counts_stories_as_the_model_does() -> None:
    from cxlab import data, journey
    from cxlab import organisation as org
    from cxlab.cases import organisation as personal

    pool = org.story_pool(data.load("survey_responses"), data.load("customer_comments"))
    northwave = journey.load_journey()
    for week in ("2026-01-12", "2026-03-16"):
        for options in ({}, {"min_words": 1}, {"tone": "either"}):
            table = org.weekly_stories(pool, northwave, week_start=week, **options)
            for team, n in zip(table["team"], table["candidates"], strict=True):
                assert personal.candidates(team, week, **options) == n, (week, options, team)
                if not options:
                    assert stories_to_choose_from(team, week) == n, (week, team)


def test_the_tables_a_case_makes(personal) -> None:
    from cxlab.cases import organisation as personal_tables

    _, codes, _, _ = personal
    case = draw(A, codes["ann"])
    answers = personal_tables.maturity_answers(case)
    assert list(answers.columns[:2]) == ["respondent", "role"]
    assert list(answers.columns[2:]) == list(pillar_of())
    assert len(answers) == case.values["managers1"]
    log = personal_tables.campaign_log(case)
    assert len(log) == len(case.values["removed3"])
    assert log["removed_on"].isna().sum() == sum(1 for d in case.values["removed3"] if not d)
    assert personal_tables.scheme(case).measure == case.values["measure11"]
    assert personal_tables.split(case) == {case.values["split12_number"]:
                                           list(case.values["split12_cuts"]),
                                           case.values["split12_text"]: None}
    for make in (personal_tables.maturity_answers, personal_tables.campaign_log,
                 personal_tables.scheme, personal_tables.split):
        assert make(object()) is None  # no code typed yet: nothing to show


def test_the_static_keys_agree_with_the_models_and_the_options_with_the_review() -> None:
    """Question 5's key is the veto screen's verdict on its four requests, and question 11's
    options are the five principles in the order the review lists them."""
    from cxlab import organisation as org

    nb = json.loads((ROOT / "assessments" / A / f"{A}.ipynb").read_text())
    text = {c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in nb["cells"]}
    requests = pd.DataFrame({
        "investment": ["evening text", "cooling", "first-bill video", "sponsorship"],
        "customer_reason": [
            "Customers know their time slot and can rebook without calling.",
            "The vendor ends support for the old one next year.",
            "New customers see why their first bill has part-month charges before it arrives.",
            "Every competitor sponsors a club."],
        "measure": ["missed visits per 100 appointments", "", "",
                    "brand awareness in the yearly survey"]})
    for reason in requests["customer_reason"]:
        assert reason in " ".join(text["q5_text"].split())
    verdicts = org.veto_screen(requests)["verdict"].tolist()
    assert verdicts == ["passes", "veto", "ask for a measure", "veto"]
    assert STATIC["q5"][0] == ", ".join(letter for letter, v in zip("ABCD", verdicts,
                                                                     strict=True) if v == "veto")
    principles = org.review_scheme(org.HANDLE_TIME_SCHEME)["principle"].tolist()
    shown = " ".join(text["q11_text"].split())
    for letter, principle in zip("ABCDE", principles, strict=True):
        assert f"**{letter}** {principle}" in shown


@pytest.mark.parametrize(("options", "message"), [
    ({"team": "Biling", "week": "2026-03-09"}, r"team must be one of .*'Billing'.*got 'Biling'"),
    ({"team": "Billing", "week": "soon"}, r"week must be a date such as '2026-03-09', got 'soon'"),
    ({"team": "Billing", "week": "2026-03-09", "tone": "angry"},
     r"tone must be one of 'pain', 'praise', 'mixed', 'either'; got 'angry'"),
    ({"team": "Billing", "week": "2026-03-09", "min_words": 0},
     r"min_words must be a whole number of at least 1, got 0"),
])
def test_the_story_count_names_what_is_wrong(options: dict, message: str) -> None:
    from cxlab import CxlabValueError
    from cxlab.cases.organisation import candidates

    with pytest.raises(CxlabValueError, match=message):
        candidates(**options)


def test_the_banks_numeric_answers_follow_from_their_prompts() -> None:
    """Module 06's practice bank, worked by hand from each prompt."""
    from cxlab.quiz.bank import read_bank_file

    bank = read_bank_file(ROOT / "banks" / f"{A}.yml")
    assert len(bank) >= 12
    # (target 3.5 - strategy 2.7) x weight 2; governance's (3.5 - 2.2) x 1 = 1.3 is smaller
    assert bank["weighted-gap-calc"].answer == pytest.approx((3.5 - 2.7) * 2)
    # 120 - 64 left over September to December
    assert bank["campaign-pace"].answer == pytest.approx((120 - 64) / 4)
    # 20 huddles of 15 minutes and 4 weekly meetings of an hour
    assert bank["rhythm-calc"].answer == pytest.approx((20 * 15 + 4 * 60) / 60)
