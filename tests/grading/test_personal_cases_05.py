"""Personal cases on assessment 05 (journey mapping and the voice of the customer), end to end
through release, grading and feedback.

Right answers are worked out here from each participant's numbers, from the shipped survey CSV
read with pandas (the participant's region picked out of it) and from the journey YAML read
with PyYAML: NPS and CSAT by their textbook definitions, detractors counted by their score,
pain points traced to their process steps, all with this file's own arithmetic, never with
cxlab's models (voc, journey), which the grader uses.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from cxlab.cases import draw
from cxlab.cases.journey import region_responses
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

A = "05-journey-mapping"
AUTO_MAX = 12.0
#: Questions the same for everyone, with their points: q7 (2), q8 (2) and q10 (1).
STATIC = {"q7": ("A, C", 2.0), "q8": ("B, C, D, A", 2.0), "q10": ("C", 1.0)}
DATA = ROOT / "src" / "cxlab" / "data"


def survey() -> pd.DataFrame:
    return pd.read_csv(DATA / "survey_responses.csv")


def region(v: dict) -> pd.DataFrame:
    """The participant's region, picked out of the CSV as read by pandas."""
    return region_responses(draw(A, v["code"]), survey())


def nps(ltr: pd.Series) -> float:
    return 100 * ((ltr >= 9).sum() - (ltr <= 6).sum()) / len(ltr)


def below_the_line(department: str) -> tuple[int, int]:
    """(different pain points with a cause step of the department below the line, all of the
    department's pain points)."""
    journey = yaml.safe_load((DATA / "broadband_journey.yml").read_text())
    steps = {s["id"]: s for s in journey["process_steps"]}
    below, every = set(), set()
    for touchpoint in journey["touchpoints"]:
        for pain in touchpoint.get("pain_points") or []:
            text = pain["text"] if isinstance(pain, dict) else pain
            causes = pain.get("caused_by") if isinstance(pain, dict) else None
            if not causes:
                causes = [s for s in touchpoint.get("process_steps", [])
                          if steps[s]["lane"] != "customer"]
            for step in (steps[s] for s in causes):
                if step.get("owner") == department:
                    every.add(text)
                    if step["lane"] in ("backstage", "support"):
                        below.add(text)
    return len(below), len(every)


def right_answers(code: str) -> dict[str, str]:
    v = {**draw(A, code).values, "code": code}
    mine = region(v)
    stage = mine.loc[mine["stage"] == v["stage4"], "ltr"]
    csat = {t: 100 * (mine.loc[mine["touchpoint"] == t, "csat"] >= 4).mean()
            for t in v["touchpoints5"]}
    lowest = min(csat, key=csat.get)
    here = mine.loc[mine["touchpoint"] == v["touchpoint6"], "ltr"]
    return {
        "code": code,
        "q1": f"{100 * (v['promoters1'] - v['detractors1']) / v['answers1']:.2f}",
        "q2": f"{100 * (v['fives2'] + v['fours2']) / v['answers2']:.2f} %",
        "q3": "A" if v["ces_billing3"] > v["ces_service3"] else "B",
        "q4": f"{nps(stage):.2f}",
        "q5": "ABCD"[list(v["touchpoints5"]).index(lowest)],
        "q6": str(int((here <= 6).sum())),
        "q7": STATIC["q7"][0],
        "q8": STATIC["q8"][0],
        "q9": str(below_the_line(v["department9"])[0]),
        "q10": STATIC["q10"][0],
    }




def total(course: Path, student: str) -> float:
    return auto_total(course, student, A)


@pytest.fixture(scope="module")
def personal(tmp_path_factory):
    from cxlab.grading import feedback, grade

    course, codes = personal_course(tmp_path_factory, A)
    base = release_nb(course, A)
    right = {s: right_answers(c) for s, c in codes.items()}
    hand_in(course, "ann", with_answers(base, right["ann"]), assignment=A)
    hand_in(course, "bob", with_answers(base, right["bob"]), assignment=A)
    # cat answers bob's case with bob's code (a copied notebook)
    hand_in(course, "cat", with_answers(base, right["bob"]), assignment=A)
    # dan leaves the passives out of the total in question 1 and counts them as detractors
    # in question 6
    v = {**draw(A, codes["dan"]).values, "code": codes["dan"]}
    here = region(v).loc[lambda r: r["touchpoint"] == v["touchpoint6"], "ltr"]
    promoters, detractors = v["promoters1"], v["detractors1"]
    slips = {**right["dan"],
             "q1": f"{100 * (promoters - detractors) / (promoters + detractors):.2f}",
             "q6": str(int((here <= 8).sum()))}
    hand_in(course, "dan", with_answers(base, slips), assignment=A)
    summary = grade(course, A, jobs=2, progress=False)
    feedback(course, A)
    return course, codes, right, {r.student: r for r in summary.results}


def test_two_participants_get_different_numbers(personal) -> None:
    _, codes, right, _ = personal
    ann, bob = draw(A, codes["ann"]), draw(A, codes["bob"])
    assert ann.values != bob.values
    assert draw(A, codes["ann"]).values == ann.values  # the same code, the same case
    for q in ("q1", "q2", "q4"):  # numbers of their own: different right answers
        assert right["ann"][q] != right["bob"][q], q


def test_each_region_is_the_participants_own_share_of_the_survey(personal) -> None:
    from cxlab import data

    _, codes, _, _ = personal
    whole = data.load("survey_responses")
    ann = region_responses(draw(A, codes["ann"]), whole)
    bob = region_responses(draw(A, codes["bob"]), whole)
    assert 1000 <= len(ann) <= 1400 and len(ann) == draw(A, codes["ann"]).values["responses4"]
    assert set(ann["respondent_id"]) <= set(whole["respondent_id"])
    assert set(ann["respondent_id"]) != set(bob["respondent_id"])
    again = region_responses(draw(A, codes["ann"]), data.load("survey_responses"))
    assert ann["respondent_id"].tolist() == again["respondent_id"].tolist()
    assert region_responses(object(), whole) is None  # no code typed yet: nothing to show


def test_own_right_answers_earn_every_mark_and_the_others_do_not(personal) -> None:
    course, _, right, results = personal
    assert results["ann"].status == results["bob"].status == "graded"
    assert total(course, "ann") == AUTO_MAX
    assert total(course, "bob") == AUTO_MAX
    # cat typed bob's answers: only the questions every participant shares, and any whose
    # right answer happens to be the same on both cases, can be right
    varying = ("q1", "q2", "q3", "q4", "q5", "q6", "q9")
    same = sum(1 for q in varying if _same(q, right["bob"][q], right["cat"][q]))
    assert total(course, "cat") == sum(p for _, p in STATIC.values()) + same
    assert total(course, "cat") < AUTO_MAX


def _same(q: str, a: str, b: str) -> bool:
    tol = {"q1": 0.1, "q2": 0.1, "q4": 0.1, "q6": 0.5, "q9": 0.5}
    if q not in tol:
        return a == b
    return abs(float(a.rstrip(" %")) - float(b.rstrip(" %"))) <= tol[q]


def test_a_notebook_answered_with_someone_elses_code_is_flagged(personal) -> None:
    _, _, _, results = personal
    assert any("answered with the personal code of participant bob" in n
               for n in results["cat"].notes), results["cat"].notes
    assert not any("personal code" in n for n in results["ann"].notes)


def test_misconceptions_are_named_in_feedback(personal) -> None:
    course, _, _, _ = personal
    scores = auto_scores(course, "dan", A)
    assert scores["q1_test"] == 0 and scores["q6_test"] == 0 and scores["q4_test"] == 1
    record = json.loads((course / ".cxlab" / "marks" / A / "dan.json").read_text())
    named = {m["answer"]: m["misconception"] for m in record["marks"][f"{A}.ipynb"]}
    assert named["q1"] == "passives left out of the total"
    assert named["q6"] == "passives (7 or 8) counted too"
    page = html.unescape((course / "feedback" / "dan" / A / f"{A}.html").read_text())
    assert "Your answer matches a known slip: passives left out of the total." in page


def test_feedback_explains_with_the_participants_own_numbers(personal) -> None:
    course, codes, right, _ = personal
    v = draw(A, codes["dan"]).values
    page = html.unescape((course / "feedback" / "dan" / A / f"{A}.html").read_text())
    assert f"The right answer is {right['dan']['q6']} detractors." in page
    assert (f"{v['promoters1']} promoters of {v['answers1']} "
            f"({100 * v['promoters1'] / v['answers1']:.1f}%) minus {v['detractors1']} "
            "detractors") in page
