"""Personal cases on assessment 03 (coaching and scoring), end to end through release, grading
and feedback.

Right answers are worked out here from each participant's numbers and from the shipped CSV
and YAML files read with pandas and PyYAML: the N/A re-weighted score, kappa by its textbook
formula, the sample size from the normal quantile, critical accuracy, pairwise agreement and
each evaluator's lean against the consensus, all with this file's own arithmetic, never with
cxlab's models, which the grader uses.
"""

from __future__ import annotations

import html
import itertools
import json
import math
from pathlib import Path
from statistics import NormalDist

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

A = "03-coaching-scoring"
AUTO_MAX = 12.0
#: Questions the same for everyone, with their points: q5 (2) and q9 (2).
STATIC = {"q5": ("A, C", 2.0), "q9": ("C, B, D, A", 2.0)}
DATA = ROOT / "src" / "cxlab" / "data"


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)


def _scorecard() -> list[dict]:
    card = yaml.safe_load((DATA / "qa_scorecard.yml").read_text())
    return [item for section in card["sections"] for item in section["items"]]


def _as_number(value: str, item: dict) -> float | None:
    """A scorecard answer on a 0-1 scale (None for N/A)."""
    value = value.strip().lower()
    if value in ("n/a", ""):
        return None
    if item.get("kind") == "scale":
        return (float(value) - 1) / (item.get("scale_max", 5) - 1)
    return 1.0 if value == "yes" else 0.0


def weighted_score(v: dict) -> tuple[float, dict[str, float]]:
    """The call's score in %, and what the known slips give."""
    weights = {"greeting": v["w_greeting1"], "ownership": v["w_ownership1"]}
    said = {"greeting": v["greeting1"], "ownership": v["ownership1"]}
    na = [k for k, s in said.items() if s == "N/A"][0]
    met = sum(weights[k] for k, s in said.items() if s == "yes")
    earned = met + v["w_empathy1"] * (v["empathy1"] - 1) / 4
    return 100 * earned / (100 - weights[na]), {"na_as_no": earned, "earned": earned,
                                                "applies": 100 - weights[na]}


def kappa(v: dict) -> float:
    n = v["calls2"]
    po = (v["both_pass2"] + v["both_fail2"]) / n
    pa = (v["both_pass2"] + v["a_only2"]) / n
    pb = (v["both_pass2"] + v["b_only2"]) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return (po - pe) / (1 - pe)


def band(k: float) -> str:
    return "ABCD"[min(3, max(0, math.ceil(k / 0.2) - 1))]


def evaluations_needed(v: dict) -> int:
    z = NormalDist().inv_cdf(0.975)
    return math.ceil((z * v["sd4"] / v["margin4"]) ** 2 - 1e-9)


def critical_accuracy(v: dict) -> float:
    items = [i for i in _scorecard() if i.get("critical") == v["category6"]]
    rows = _csv("qa_evaluations")
    rows = rows[rows["agent"].isin(v["team6"])]
    answers = rows[[i["id"] for i in items]].apply(lambda col: col.str.strip().str.lower())
    applies = (answers != "n/a").any(axis=1)
    fine = ~(answers == "no").any(axis=1)
    return 100 * fine[applies].mean()


def calibration_answers(v: dict) -> tuple[pd.DataFrame, list[dict]]:
    """Long table: contact, evaluator (their number in this case), item, answer on 0-1."""
    items = _scorecard()
    sheets = _csv("qa_calibration")
    sheets = sheets[sheets["contact_id"].isin(v["contact_ids7"])]
    names = dict(zip(["E1", "E2", "E3", "E4"], v["panel7"], strict=True))
    rows = []
    for _, sheet in sheets.iterrows():
        for item in items:
            rows.append({"contact": sheet["contact_id"], "evaluator": names[sheet["evaluator"]],
                         "item": item["id"], "answer": _as_number(sheet[item["id"]], item),
                         "scale": item.get("kind") == "scale"})
    return pd.DataFrame(rows), items


def disputed(v: dict) -> int:
    long, items = calibration_answers(v)
    count = 0
    for item in items:
        grid = long[long["item"] == item["id"]].pivot(index="contact", columns="evaluator",
                                                     values="answer").dropna()
        if grid.empty:
            continue
        step = 0.25 if item.get("kind") == "scale" else 0.0
        shares = [((grid[a] - grid[b]).abs() <= step + 1e-9).mean()
                  for a, b in itertools.combinations(grid.columns, 2)]
        if sum(shares) / len(shares) < v["threshold7_pct"] / 100:
            count += 1
    return count


def lenient(v: dict) -> tuple[int, int]:
    long, _ = calibration_answers(v)
    long = long.dropna(subset=["answer"])
    consensus = long.groupby(["contact", "item"])["answer"].transform("mean")
    lean = (long["answer"] - consensus).groupby(long["evaluator"]).mean()
    return int(lean.idxmax()[1:]), int(lean.idxmin()[1:])


def right_answers(code: str) -> dict[str, str]:
    v = draw(A, code).values
    k = kappa(v)
    need = v["miss_need10"] * v["impact_need10"]
    nxt = v["miss_next10"] * v["impact_next10"]
    return {
        "code": code,
        "q1": f"{weighted_score(v)[0]:.2f} %",
        "q2": f"{k:.4f}",
        "q3": band(k),
        "q4": str(evaluations_needed(v)),
        "q5": STATIC["q5"][0],
        "q6": f"{critical_accuracy(v):.2f}%",
        "q7": str(disputed(v)),
        "q8": str(lenient(v)[0]),
        "q9": STATIC["q9"][0],
        "q10": "A" if need > nxt else "B",
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
    # dan counts the N/A item as a no in question 1 and picks the harshest evaluator in 8
    v = draw(A, codes["dan"]).values
    slips = {**right["dan"], "q1": f"{weighted_score(v)[1]['na_as_no']:.2f} %",
             "q8": str(lenient(v)[1])}
    hand_in(course, "dan", with_answers(base, slips), assignment=A)
    summary = grade(course, A, jobs=2, progress=False)
    feedback(course, A)
    return course, codes, right, {r.student: r for r in summary.results}


def test_two_participants_get_different_numbers(personal) -> None:
    _, codes, right, _ = personal
    ann, bob = draw(A, codes["ann"]), draw(A, codes["bob"])
    assert ann.values != bob.values
    assert draw(A, codes["ann"]).values == ann.values  # the same code, the same case
    for q in ("q1", "q2", "q4", "q6"):  # numbers of their own: different right answers
        assert right["ann"][q] != right["bob"][q], q


def test_the_data_questions_use_the_participants_own_slice() -> None:
    from cxlab import data
    from cxlab.cases import coaching as personal

    case = draw(A, code_for(b"another course", "eve"))
    team = personal.team_evaluations(case, data.load("qa_evaluations"))
    assert sorted(team["agent"].unique()) == sorted(case.values["team6"])
    assert team["agent"].nunique() < 40
    session = personal.calibration_set(case, data.load("qa_calibration"))
    assert set(session["contact_id"]) == set(case.values["contact_ids7"])
    assert set(session["evaluator"]) == set(case.values["panel7"])
    assert personal.team_evaluations(object(), data.load("qa_evaluations")) is None


def test_own_right_answers_earn_every_mark_and_the_others_do_not(personal) -> None:
    course, _, right, results = personal
    assert results["ann"].status == results["bob"].status == "graded"
    assert total(course, "ann") == AUTO_MAX
    assert total(course, "bob") == AUTO_MAX
    # cat typed bob's answers: only the questions every participant shares, and any whose
    # right answer happens to be the same on both cases, can be right
    points = {"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q6": 1, "q7": 1, "q8": 1, "q10": 1}
    same = sum(p for q, p in points.items() if _same(q, right["bob"][q], right["cat"][q]))
    assert total(course, "cat") == sum(p for _, p in STATIC.values()) + same
    assert total(course, "cat") < AUTO_MAX


def _same(q: str, a: str, b: str) -> bool:
    tol = {"q1": 0.1, "q2": 0.005, "q4": 0.5, "q6": 0.1, "q7": 0.5, "q8": 0.1}
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
    assert scores["q1_test"] == 0 and scores["q8_test"] == 0 and scores["q2_test"] == 1
    record = json.loads((course / ".cxlab" / "marks" / A / "dan.json").read_text())
    named = {m["answer"]: m["misconception"] for m in record["marks"][f"{A}.ipynb"]}
    assert named["q1"] == "N/A counted as a no (the weights not scaled back up)"
    assert named["q8"] == ("the harshest evaluator (furthest below the consensus), "
                           "not the most lenient")
    page = html.unescape((course / "feedback" / "dan" / A / f"{A}.html").read_text())
    assert ("Your answer matches a known slip: N/A counted as a no (the weights not scaled "
            "back up).") in page


def test_feedback_explains_with_the_participants_own_numbers(personal) -> None:
    course, codes, right, _ = personal
    v = draw(A, codes["dan"]).values
    page = html.unescape((course / "feedback" / "dan" / A / f"{A}.html").read_text())
    score, parts = weighted_score(v)
    assert f"The right answer is {round(score, 1):g}%." in page
    assert (f"{parts['earned']:g} points earned of the {parts['applies']}% of weight that "
            "applies") in page
    assert f"E{right['dan']['q8']}" in page
