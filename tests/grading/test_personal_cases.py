"""Personal cases on assessment 01, end to end through release, grading and feedback.

Right answers are worked out here from each participant's numbers with this file's own
queueing arithmetic (the Erlang B recursion for Erlang C; a birth-death chain for Erlang A),
never with cxlab's models, which the grader uses.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from cxlab.cases import code_for, draw
from tests.grading.conftest import (
    OTHER,
    auto_scores,
    auto_total,
    hand_in,
    release_nb,
    with_answers,
)

pytestmark = pytest.mark.grading

AUTO_MAX = 12.0


def erlang_c(n: int, a: float) -> float:
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return n * b / (n - a * (1 - b))


def service_level(n: int, a: float, aht: float, t: float) -> float:
    return 1 - erlang_c(n, a) * math.exp(-(n - a) * t / aht)


def agents_needed(a: float, aht: float, t: float, target: float) -> int:
    n = math.floor(a) + 1
    while service_level(n, a, aht, t) < target:
        n += 1
    return n


def abandoned_share(n: int, calls: float, aht: float, patience: float) -> float:
    """Erlang A (M/M/n+M) abandonment from the stationary birth-death chain, per second."""
    lam, mu, theta = calls / 1800, 1 / aht, 1 / patience
    weights, w = [1.0], 1.0
    for k in range(1, n + 4000):
        w *= lam / (min(k, n) * mu + max(k - n, 0) * theta)
        weights.append(w)
        if k > n and w < 1e-300:
            break
    total = sum(weights)
    queue = sum(max(k - n, 0) * w for k, w in enumerate(weights)) / total
    return theta * queue / lam


def right_answers(code: str) -> dict[str, str]:
    v = draw(OTHER, code).values
    a = v["calls2"] * v["aht2"] / 1800
    pw4 = erlang_c(v["agents4"], a)
    abandoned = abandoned_share(v["agents8"], v["calls2"], v["aht2"], v["patience8"])
    return {
        "code": code,
        "q1": f"{v['calls1'] * v['aht1'] / 1800:.2f} Erlangs",
        "q2": str(agents_needed(a, v["aht2"], 20, 0.8)),
        "q3": f"{100 * service_level(v['agents3'], a, v['aht2'], 20):.1f} %",
        "q4": f"{pw4 * v['aht2'] / (v['agents4'] - a):.2f} s",
        "q5": str(math.ceil(v["need5"] / (1 - v["shrink5_pct"] / 100))),
        "q6": "A, C",  # pooling and a longer AHT raise occupancy (static question)
        "q7": "B",  # the formula that ignores abandoned calls (static question)
        "q8": f"{v['calls2'] * abandoned:.2f}",
        # static question: 130 calls of 200 s; 90%/10 s needs the most agents, then 80%/20 s;
        # with callers hanging up after 120 s (Erlang A) fewer are needed
        "q9": "B, C, A",
        "q10": str((v["emails10"] - v["capacity10"]) * v["hours10"]),
    }




def total(course: Path, student: str) -> float:
    return auto_total(course, student, OTHER)


@pytest.fixture(scope="module")
def personal(released_template, tmp_path_factory):
    import shutil

    from cxlab.grading import feedback, grade
    from cxlab.grading._course import open_course

    course = tmp_path_factory.mktemp("personal") / "course"
    shutil.copytree(released_template, course)
    secret = open_course(course).secret()
    codes = {s: code_for(secret, s) for s in ("ann", "bob", "cat", "dan")}
    base = release_nb(course, OTHER)
    right = {s: right_answers(c) for s, c in codes.items()}
    hand_in(course, "ann", with_answers(base, right["ann"]), assignment=OTHER)
    hand_in(course, "bob", with_answers(base, right["bob"]), assignment=OTHER)
    # cat answers bob's case with bob's code (a copied notebook)
    hand_in(course, "cat", with_answers(base, right["bob"]), assignment=OTHER)
    # dan forgets shrinkage in question 5 and types a fraction for question 3's percentage
    slips = {**right["dan"], "q5": str(draw(OTHER, codes["dan"]).values["need5"]),
             "q3": f"{float(right['dan']['q3'].rstrip(' %')) / 100:.4f}"}
    hand_in(course, "dan", with_answers(base, slips), assignment=OTHER)
    summary = grade(course, OTHER, jobs=2, progress=False)
    feedback(course, OTHER)
    return course, codes, right, {r.student: r for r in summary.results}


def test_two_participants_get_different_numbers(personal) -> None:
    _, codes, _, _ = personal
    ann, bob = draw(OTHER, codes["ann"]), draw(OTHER, codes["bob"])
    assert ann.values != bob.values
    assert draw(OTHER, codes["ann"]).values == ann.values  # the same code, the same case


def _number(text: str) -> float:
    return float(text.split()[0])


def test_own_right_answers_earn_every_mark_and_the_others_do_not(personal) -> None:
    course, codes, _, results = personal
    assert results["ann"].status == results["bob"].status == "graded"
    assert total(course, "ann") == AUTO_MAX
    assert total(course, "bob") == AUTO_MAX
    # cat typed bob's answers: the questions every participant shares are right (q6 2 marks,
    # q7 1, q9 2), and a personal one only where bob's number happens to fit cat's case too
    bob, cat = right_answers(codes["bob"]), right_answers(codes["cat"])
    tolerances = {"q1": 0.05, "q2": 0.5, "q3": 0.1, "q4": 0.06, "q5": 0.5, "q8": 0.15,
                  "q10": 0.5}
    coincide = sum(abs(_number(bob[q]) - _number(cat[q])) <= tol
                   for q, tol in tolerances.items())
    assert total(course, "cat") == 5 + coincide
    assert coincide <= 2  # the cases really differ


def test_a_notebook_answered_with_someone_elses_code_is_flagged(personal) -> None:
    _, _, _, results = personal
    assert any("answered with the personal code of participant bob" in n
               for n in results["cat"].notes), results["cat"].notes
    assert not any("personal code" in n for n in results["ann"].notes)


def test_misconceptions_are_named_in_feedback(personal) -> None:
    course, _, _, _ = personal
    scores = auto_scores(course, "dan", OTHER)
    assert scores["q5_test"] == 0 and scores["q3_test"] == 0 and scores["q2_test"] == 1
    record = json.loads((course / ".cxlab" / "marks" / OTHER / "dan.json").read_text())
    named = {m["answer"]: m["misconception"] for m in record["marks"][f"{OTHER}.ipynb"]}
    assert named["q5"] == "shrinkage forgotten"
    assert named["q3"] == "a fraction given where a percentage is asked"
    page = (course / "feedback" / "dan" / OTHER / f"{OTHER}.html").read_text()
    assert "Your answer matches a known slip: shrinkage forgotten." in page


def test_feedback_shows_the_participants_own_right_values(personal) -> None:
    course, codes, _, _ = personal
    v = draw(OTHER, codes["dan"]).values
    people = math.ceil(v["need5"] / (1 - v["shrink5_pct"] / 100))
    page = (course / "feedback" / "dan" / OTHER / f"{OTHER}.html").read_text()
    assert f"The right answer is {people} people." in page
    # and the numbers dan answered, under each question
    assert f"<strong>{v['need5']} agents</strong>" in page
    assert f"<strong>{v['calls2']} calls</strong>" in page


def test_the_trainer_rebuilds_any_sheet_from_the_id(personal, capsys) -> None:
    from cxlab.grading.cli import main

    course, codes, right, _ = personal
    assert main(["case", OTHER, "bob", "--course-dir", str(course)]) == 0
    out = capsys.readouterr().out
    v = draw(OTHER, codes["bob"]).values
    assert f"personal code {codes['bob']}" in out
    assert f"{v['calls2']} calls per half hour" in out
    assert f"q2: {right['bob']['q2']} agents" in out
    roster = course / "roster.csv"
    roster.write_text("participant_id,name\nann,Ann Lee\nbob,Bo Berg\n")
    assert main(["codes", "--roster", str(roster), "--course-dir", str(course)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"ann,{codes['ann']}", f"bob,{codes['bob']}"]


def test_the_report_scores_other_cases_from_kept_keys_as_the_hidden_tests_do(personal) -> None:
    """The cohort report's fast path (keys kept with the marks) gives the rows the slow path
    (running every hidden test again on every other case) gives."""
    from cxlab.grading._course import open_course
    from cxlab.grading._signals import case_fit
    from cxlab.grading.marking import Key

    course, codes, _, _ = personal
    source = course / "assessments" / OTHER / f"{OTHER}.ipynb"
    keys = {f"{OTHER}.ipynb": Key.from_notebook(json.loads(source.read_text()))}
    folder = course / ".cxlab" / "marks" / OTHER
    records = {p.stem: json.loads(p.read_text()) for p in folder.glob("*.json")}
    own = {p: code_for(open_course(course).secret(), p) for p in records}
    fast = case_fit(keys, records, own)
    stripped = json.loads(json.dumps(records))
    for record in stripped.values():
        for marks in record["marks"].values():
            for m in marks:
                m.pop("key", None)
    slow = case_fit(keys, stripped, own)
    assert fast == slow
    assert {row["participant"] for row in fast} >= {"cat"}
