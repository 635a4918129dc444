"""The cohort report's named slips, wrong answers across personal cases and copying signals.

Pure functions first, on hand-made marks, keys and notebooks: every expected value is worked
out by hand in the comments, never with the code under test. Then one cohort end to end on
assessment 01 (personal cases), whose right answers this file computes with its own queueing
arithmetic (an Erlang B recursion for Erlang C), not with cxlab's models.
"""

from __future__ import annotations

import csv
import json
import math
import random
import shutil
import time
from pathlib import Path

import pytest

from cxlab.cases import code_for
from cxlab.grading import _signals
from cxlab.grading.marking import Key, mark
from cxlab.grading.report import CohortReport, _html
from tests.conftest import ROOT

from .conftest import OTHER, hand_in, release_nb, with_answers

NB = "case.ipynb"
SECRET = b"signals test secret"
PEOPLE = ["a", "b", "c", "d", "e", "f"]
CODES = {p: code_for(SECRET, p) for p in PEOPLE}

#: Hand-picked cases, and the right answers worked out by hand:
#:   q1 = calls x aht / 1800; q2 = ceil(need / (1 - shrink)); q3 = (emails - capacity) x hours;
#:   q4 = B for everyone; q5 = agents x 1800 / aht.
CASES = {
    # 240 x 300 / 1800 = 40; 14 / 0.70 = 20; (150 - 120) x 6 = 180; 10 x 1800 / 300 = 60
    "a": {"calls": 240, "aht": 300, "need": 14, "shrink": 0.30, "emails": 150,
          "capacity": 120, "hours": 6, "agents": 10},
    # 100 x 180 / 1800 = 10; 21 / 0.75 = 28; (200 - 150) x 4 = 200; 12 x 1800 / 180 = 120
    "b": {"calls": 100, "aht": 180, "need": 21, "shrink": 0.25, "emails": 200,
          "capacity": 150, "hours": 4, "agents": 12},
    # 150 x 240 / 1800 = 20; 18 / 0.60 = 30; (90 - 60) x 5 = 150; 9 x 1800 / 240 = 67.5
    "c": {"calls": 150, "aht": 240, "need": 18, "shrink": 0.40, "emails": 90,
          "capacity": 60, "hours": 5, "agents": 9},
    # 300 x 150 / 1800 = 25; 30 / 0.65 = 46.15 -> 47; (120 - 100) x 8 = 160; 20 x 1800 / 150 = 240
    "d": {"calls": 300, "aht": 150, "need": 30, "shrink": 0.35, "emails": 120,
          "capacity": 100, "hours": 8, "agents": 20},
    # 200 x 270 / 1800 = 30; 11 / 0.73 = 15.07 -> 16; (140 - 80) x 7 = 420; 6 x 1800 / 270 = 40
    "e": {"calls": 200, "aht": 270, "need": 11, "shrink": 0.27, "emails": 140,
          "capacity": 80, "hours": 7, "agents": 6},
    # 120 x 330 / 1800 = 22; 16 / 0.67 = 23.88 -> 24; (100 - 90) x 6 = 60; 7 x 1800 / 330 = 38.18
    "f": {"calls": 120, "aht": 330, "need": 16, "shrink": 0.33, "emails": 100,
          "capacity": 90, "hours": 6, "agents": 7},
}
RIGHT = {
    "a": {"q1": "40", "q2": "20", "q3": "180", "q4": "B", "q5": "60"},
    "b": {"q1": "10", "q2": "28", "q3": "200", "q4": "B", "q5": "120"},
    "c": {"q1": "20", "q2": "30", "q3": "150", "q4": "B", "q5": "67.5"},
}


def _cell(kind: str, source: str, **nbgrader) -> dict:
    cell = {"cell_type": kind, "metadata": {"nbgrader": nbgrader} if nbgrader else {},
            "source": source}
    if kind == "code":
        cell.update(outputs=[], execution_count=None)
    return cell


def _test(answer: str, code: str, points: float = 1) -> dict:
    return _cell("code", f"### BEGIN HIDDEN TESTS\n{code}\n### END HIDDEN TESTS",
                 grade=True, locked=True, solution=False, points=points,
                 grade_id=f"{answer}_test")


def _answer(name: str, spec: str) -> dict:
    return _cell("code", f"%%answer {name} {spec}\n", grade=False, locked=False,
                 solution=True, grade_id=name)


def personal_key() -> Key:
    """A small personal assessment: 5 automatic marks (q1, q2, q3, q5 personal; q4 not)."""
    table = {CODES[p]: v for p, v in CASES.items()}
    setup = f"import math\nfrom cxlab import quiz\nCASES = {table!r}\ncase = CASES[code]\n"
    cells = [
        _answer("code", "code"),
        _cell("code", setup, grade=False, locked=True, solution=False, grade_id="setup"),
        _answer("q1", "number Erlangs"),
        _test("q1", 'quiz.points(q1, quiz.numeric(case["calls"] * case["aht"] / 1800, '
                    'abs_tol=0.05), out_of=1)'),
        _answer("q2", "number people"),
        _test("q2", '_people = math.ceil(case["need"] / (1 - case["shrink"]))\n'
                    'quiz.points(q2, quiz.numeric(_people, abs_tol=0.5, '
                    'mistakes={"shrinkage forgotten": case["need"]}), out_of=1)'),
        _answer("q3", "number emails"),
        _test("q3", 'quiz.points(q3, quiz.numeric((case["emails"] - case["capacity"]) * '
                    'case["hours"], abs_tol=0.5), out_of=1)'),
        _answer("q4", "letter ABCD"),
        _test("q4", 'quiz.points(q4, quiz.single_choice("B", "ABCD"), out_of=1)'),
        _answer("q5", "number calls"),
        _test("q5", 'quiz.points(q5, quiz.numeric(case["agents"] * 1800 / case["aht"], '
                    'abs_tol=0.5), out_of=1)'),
        _cell("markdown", "YOUR ANSWER HERE", grade=True, locked=False, solution=True,
              points=2, grade_id="q6_written"),
    ]
    return Key.from_notebook({"cells": cells}, "case")


def record(typed: dict[str, str], code: str | None = None, own: str | None = None,
           right_q4: str = "B") -> dict:
    """A marks record as ``cxlab grade`` writes it, with only what the case fit reads."""
    marks = [{"grade_id": f"{q}_test", "answer": q, "typed": typed.get(q, ""),
              "points": 0.0, "out_of": 1.0, "right": right_q4 if q == "q4" else ""}
             for q in ("q1", "q2", "q3", "q4", "q5")]
    out: dict = {"marks": {NB: marks}, "notes": []}
    if code is not None:
        out["code"] = {"typed": code, "own": own}
    return out


# -- named slips ------------------------------------------------------------------------------
def _m(answer, points=0.0, out_of=1.0, typed="", read_as="", right="", misconception=""):
    return {"grade_id": f"{answer}_test", "answer": answer, "points": points, "out_of": out_of,
            "typed": typed, "read_as": read_as, "right": right,
            "misconception": misconception}


def test_a_planted_misconception_is_counted_once_per_participant() -> None:
    records = {
        # ann forgot shrinkage in q2 (and the same slip shows in a second notebook: once)
        "ann": {"marks": {"x.ipynb": [_m("q2", typed="14", read_as="14 people", right="20 people",
                                         misconception="shrinkage forgotten")],
                          "y.ipynb": [_m("q2", typed="14", read_as="14 people",
                                         misconception="shrinkage forgotten")]}},
        "bob": {"marks": {"x.ipynb": [
            _m("q2", typed="21", read_as="21 people", right="28 people",
               misconception="shrinkage forgotten"),
            _m("q3", typed="0.9", read_as="0.9%", right="90.2%",
               misconception="a fraction given where a percentage is asked")]}},
        "cat": {"marks": {"x.ipynb": [_m("q2", points=1, typed="30", read_as="30 people",
                                         right="30 people"),
                                      _m("q1", typed="7", read_as="7 Erlangs")]}},
    }
    # by hand: q2 "shrinkage forgotten" by ann and bob = 2; q3's fraction slip by bob = 1;
    # q1 first (the question order given), but it has no named slip
    assert _signals.misconceptions(records, ["q1", "q2", "q3"]) == [
        {"question": "q2", "misconception": "shrinkage forgotten", "participants": 2},
        {"question": "q3", "misconception": "a fraction given where a percentage is asked",
         "participants": 1},
    ]


# -- wrong answers across personal cases ------------------------------------------------------
def test_wrong_answers_of_personal_questions_are_grouped_and_fixed_ones_stay_raw() -> None:
    records = {
        "ann": {"marks": {NB: [_m("q1", typed="25", read_as="25 Erlangs", right="40 Erlangs"),
                               _m("q4", typed="C", read_as="C", right="B")]}},
        "bob": {"marks": {NB: [_m("q1", typed="", right="10 Erlangs"),
                               _m("q4", typed="c)", read_as="C", right="B")]}},
        "cat": {"marks": {NB: [_m("q1", typed="forty", right="20 Erlangs"),
                               _m("q4", points=1, typed="B", read_as="B", right="B")]}},
        "dan": {"marks": {NB: [_m("q1", typed="12.5", read_as="12.5 Erlangs", right="25 Erlangs",
                                  misconception="divided by 3,600")]}},
        "eve": {"marks": {NB: [_m("q1", typed="99", read_as="99 Erlangs", right="22 Erlangs")]}},
    }
    kinds = {"q1": "numeric", "q4": "single"}
    # q1's right answer differs (40, 10, 20, 25, 22 Erlangs): ann's 25 and eve's 99 are
    # "another wrong value" (2), bob "(no answer)", cat "unreadable: forty", dan his slip;
    # q4's is B for everyone: raw, ann's C and bob's " c) " (read as C) are one answer (2)
    assert _signals.wrong_answers(records, kinds, personal=True, top=5) == [
        {"question": "q1", "kind": "numeric", "answer": "another wrong value", "participants": 2},
        {"question": "q1", "kind": "numeric", "answer": "(no answer)", "participants": 1},
        {"question": "q1", "kind": "numeric", "answer": "divided by 3,600", "participants": 1},
        {"question": "q1", "kind": "numeric", "answer": "unreadable: forty", "participants": 1},
        {"question": "q4", "kind": "single", "answer": "C", "participants": 2},
    ]
    # not a personal assessment: every answer as it was read
    raw = _signals.wrong_answers(records, kinds, personal=False, top=5)
    assert {r["answer"] for r in raw if r["question"] == "q1"} == {
        "25 Erlangs", "99 Erlangs", "12.5 Erlangs", "(no answer)", "unreadable: forty"}


# -- answers that fit another participant's case -----------------------------------------------
def test_the_bar_for_fitting_another_case() -> None:
    # 5 automatic marks: the bar is max(2, 20% of 5 = 1) = 2 marks more, and 2.5 at least
    assert _signals.fits_better(1, 3, 5)  # 3 >= 1 + 2 and 3 >= 2.5
    assert not _signals.fits_better(1, 2.9, 5)  # 2.9 < 3
    assert not _signals.fits_better(0, 2, 5)  # 2 >= 0 + 2 but 2 < 2.5
    # 20 automatic marks: 20% = 4 marks more, and 10 at least
    assert _signals.fits_better(5, 10, 20)
    assert not _signals.fits_better(6, 9.5, 20)  # 9.5 < 10
    assert not _signals.fits_better(7, 10.5, 20)  # 10.5 < 7 + 4


def test_swapped_answers_are_flagged_both_ways_and_honest_ones_are_not() -> None:
    key = personal_key()
    records = {
        "a": record(RIGHT["b"]),  # a typed b's right answers
        "b": record(RIGHT["a"]),  # b typed a's right answers
        "c": record(RIGHT["c"]),  # honest, all right
        # honest and weak: 25 is right (d's q1), 30 is d's need (shrinkage forgotten) and
        # happens to be c's right q2, 999 fits nobody, C is wrong, q5 left empty
        "d": record({"q1": "25", "q2": "30", "q3": "999", "q4": "C"}),
        # e typed c's code (as read from a slip: lower case, spaces) and answered nothing
        "e": record({}, code=CODES["c"].lower().replace("-", " "), own=CODES["e"]),
        "f": record({}, code="PRACTICE", own=CODES["f"]),  # a practice case: no sign
    }
    rows = _signals.case_fit({NB: key}, records, CODES)
    # a on own case: only q4 (B) = 1; on b's case all 5 (10, 28, 200, B, 120);
    # on c's, d's, e's and f's cases only q4 (q1 20/25/30/22, q2 30/47/16/24, q3 150/160/420/60,
    # q5 67.5/240/40/38.18 never match) = 1. 5 >= 1 + 2 and 5 >= 2.5: flagged. Same for b.
    # c: 5 on own case, nothing can be 2 more. d: 1 on own (q1 25), best 1 on c's (q2 30).
    # e: 0 on own and 0 anywhere, but typed c's code. f typed PRACTICE: not listed.
    assert rows == [
        {"participant": "a", "fits_case_of": "b", "score_own_case": 1.0,
         "score_their_case": 5.0, "automatic_max": 5.0, "typed_code_of": ""},
        {"participant": "b", "fits_case_of": "a", "score_own_case": 1.0,
         "score_their_case": 5.0, "automatic_max": 5.0, "typed_code_of": ""},
        {"participant": "e", "fits_case_of": "", "score_own_case": 0.0,
         "score_their_case": "", "automatic_max": 5.0, "typed_code_of": "c"},
    ]


def test_a_code_outside_the_cohort_is_named_as_such() -> None:
    key = personal_key()
    stranger = code_for(b"another course", "zed")
    typo = CODES["c"][:-1] + ("A" if CODES["c"][-1] != "A" else "B")  # wrong check character
    records = {"a": record(RIGHT["a"], code=stranger, own=CODES["a"]),
               "b": record(RIGHT["b"], code=CODES["b"], own=CODES["b"]),
               "c": record(RIGHT["c"], code=typo, own=CODES["c"])}
    rows = _signals.case_fit({NB: key}, records, {p: CODES[p] for p in "abc"})
    # a: 5 on own case (all right); b: typed own code, 5 on own case; c: a typo is no sign
    assert rows == [{"participant": "a", "fits_case_of": "", "score_own_case": 5.0,
                     "score_their_case": "", "automatic_max": 5.0,
                     "typed_code_of": f"not in this cohort ({stranger})"}]


def test_questions_the_same_on_every_case_are_not_marked_again() -> None:
    key = personal_key()
    # q4's key is B for everyone and its test reads nothing of the case: marked once
    reduced, dropped = _signals._case_dependent(key, fixed={"q4"})
    assert dropped == {"q4_test"}
    assert [t.grade_id for t in reduced.tests] == ["q1_test", "q2_test", "q3_test", "q5_test"]
    # q1 reads the case: kept even if its right answer happened to be the same for everyone
    _, dropped = _signals._case_dependent(key, fixed={"q1", "q4"})
    assert dropped == {"q4_test"}


def test_case_fit_on_100_participants_of_assessment_01_is_timed() -> None:
    """Timing only (printed, not asserted): 100 participants of 01, every answer typed."""
    source = ROOT / "assessments" / OTHER / f"{OTHER}.ipynb"
    key = Key.from_notebook(json.loads(source.read_text()), OTHER)
    nb = f"{OTHER}.ipynb"
    rng = random.Random(7)
    codes = {f"p{i:03}": code_for(b"timing", f"p{i:03}") for i in range(100)}
    right = {p: {m.answer: m.right for m in mark(key, {}, participant=p, code=c)}
             for p, c in codes.items()}
    records = {}
    for p, c in codes.items():
        # each answer right (as shown in feedback) with chance 0.6, else a number 1-200;
        # p000 and p001 swap their right answers
        source_of = {"p000": "p001", "p001": "p000"}.get(p, p)
        typed = {}
        for a in key.answers:
            if a.form.kind == "code":
                continue
            mine = right[source_of][a.name]
            if source_of != p or rng.random() < 0.6:
                typed[a.name] = mine.split(" ")[0].rstrip("%") if a.form.kind == "numeric" \
                    else mine
            else:
                typed[a.name] = str(rng.randint(1, 200))
        marks = mark(key, typed, participant=p, code=c)
        records[p] = {"marks": {nb: [m.as_dict() for m in marks]},
                      "code": {"typed": c, "own": c}}
    start = time.perf_counter()
    rows = _signals.case_fit({nb: key}, records, codes)
    seconds = time.perf_counter() - start
    print(f"\ncase fit of 100 participants of {OTHER}: {seconds:.1f} s "
          f"({len(rows)} listed)")
    listed = {r["participant"]: r["fits_case_of"] for r in rows}
    assert listed.get("p000") == "p001" and listed.get("p001") == "p000"


# -- near-identical written answers ----------------------------------------------------------
ORIGINAL = ("Raising occupancy to ninety five percent means fewer agents for the same workload "
            "so service level falls and callers wait much longer.")
# small edits: "ninety five" -> "95", "falls" -> "drops", case and punctuation changed
EDITED = ("raising OCCUPANCY to 95 percent means fewer agents for the same workload, so "
          "service level drops and callers wait much longer!")
# the same topic, written apart
OTHER_WORDS = ("Keep the target and pool the queues instead; agents burn out when they never get "
               "a break between calls, and absence rises.")


def test_similarity_of_a_lightly_edited_copy_is_worked_out_by_hand() -> None:
    a, b = _signals.normalise_words(ORIGINAL), _signals.normalise_words(EDITED)
    # ORIGINAL has 22 words, EDITED 21 ("ninety five" became "95"). Matching blocks:
    # "percent means fewer agents for the same workload so service level" (11), then on its
    # left "raising occupancy to" (3) and on its right "and callers wait much longer" (5):
    # M = 19, similarity = 2 x 19 / (22 + 21) = 38 / 43 = 0.8837
    assert (len(a), len(b)) == (22, 21)
    assert _signals.similarity(a, b) == pytest.approx(38 / 43)
    assert 0.88 < _signals.similarity(a, b) < 0.89


def test_copied_written_answers_are_listed_and_different_ones_are_not() -> None:
    answers = {"q11_written": {"ann": ORIGINAL, "bob": EDITED, "cat": OTHER_WORDS,
                               "dan": "I do not know.", "eve": "I do not know."}}
    rows = _signals.near_identical(answers)
    # ann-bob: 38/43 (above). cat against either shares only "the", "and", "agents" (3 words
    # of 22 + 22): at most 2 x 3 / 44 = 0.14. dan and eve: 4 words each, under the 8 compared.
    assert rows == [{"question": "q11_written", "participant_a": "ann", "participant_b": "bob",
                     "similarity": round(38 / 43, 3), "text_a": ORIGINAL, "text_b": EDITED}]


def test_written_answers_are_read_from_marked_notebooks() -> None:
    def nb(*texts):
        cells = [_cell("markdown", "## Question 11", grade=False, locked=True, solution=False,
                       grade_id="q11_text")]
        cells += [_cell("markdown", t, grade=True, locked=False, solution=True, points=3,
                        grade_id=f"q{11 + i}_written") for i, t in enumerate(texts)]
        cells.append(_cell("markdown", "A note of my own"))
        return {"cells": cells}

    found = _signals.written_answers({
        "ann": [nb(ORIGINAL, "YOUR ANSWER HERE")],
        "bob": [nb("YOUR ANSWER HERE\n\n" + EDITED, "   ")],
        "cat": [nb("*your answer here*", ["Pool ", "the queues."])],
    })
    # ann's q12 and bob's q12 are unanswered; cat's q11 holds only the placeholder; bob left
    # the placeholder above his answer (kept as written); cat's q12 was a list of lines
    assert found == {"q11_written": {"ann": ORIGINAL, "bob": "YOUR ANSWER HERE\n\n" + EDITED},
                     "q12_written": {"cat": "Pool the queues."}}


def test_the_report_page_escapes_written_answers() -> None:
    evil = "<script>alert('copied')</script> " + ORIGINAL
    rep = CohortReport("01-service-level", Path("."), personal=True)
    rep.grades = [{"participant_id": "ann", "total": 1.0, "max": 2.0, "percent": 50.0,
                   "to_mark_by_hand": 0}]
    rep.copying_written = [{"question": "q11_written", "participant_a": "ann",
                            "participant_b": "bob", "similarity": 0.9, "text_a": evil,
                            "text_b": evil + " & more"}]
    rep.copying_case_fit = [{"participant": "<b>ann</b>", "fits_case_of": "bob",
                             "score_own_case": 1.0, "score_their_case": 5.0,
                             "automatic_max": 5.0, "typed_code_of": ""}]
    page = _html(rep, ["", ""])
    assert "<script>" not in page and "<b>ann" not in page
    assert "&lt;script&gt;alert(&#x27;copied&#x27;)&lt;/script&gt;" in page
    assert "&amp; more" in page
    assert "not verdicts" in page and "they are not proof of copying" in page


# -- end to end on assessment 01 ---------------------------------------------------------------
def _erlang_c(n: int, a: float) -> float:
    """Erlang C from the Erlang B recursion B(k) = a B(k-1) / (k + a B(k-1)), B(0) = 1."""
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return n * b / (n - a * (1 - b))


def _sl(n: int, a: float, aht: float, t: float) -> float:
    return 1 - _erlang_c(n, a) * math.exp(-(n - a) * t / aht)


def _right_01(values: dict) -> dict[str, str]:
    """Right answers of 01's questions 1-5 and 10 (personal) and 6, 7, 9 (the same for all)."""
    a = values["calls2"] * values["aht2"] / 1800
    need = math.floor(a) + 1
    while _sl(need, a, values["aht2"], 20) < 0.8:
        need += 1
    n4 = values["agents4"]
    return {
        "q1": f"{values['calls1'] * values['aht1'] / 1800:.2f}",
        "q2": str(need),
        "q3": f"{100 * _sl(values['agents3'], a, values['aht2'], 20):.1f}",
        "q4": f"{_erlang_c(n4, a) * values['aht2'] / (n4 - a):.2f}",
        "q5": str(math.ceil(values["need5"] / (1 - values["shrink5_pct"] / 100))),
        "q10": str((values["emails10"] - values["capacity10"]) * values["hours10"]),
        "q6": "A, C", "q7": "B", "q9": "B, C, A",
    }


def _csv(path: Path) -> list[dict]:
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.grading
def test_report_signals_end_to_end_on_personal_assessment_01(released_template, tmp_path) -> None:
    from cxlab.cases import draw
    from cxlab.grading import grade, report
    from cxlab.grading._course import open_course

    course = tmp_path / "course"
    shutil.copytree(released_template, course)
    # a fixed secret: the same cases every run (checked below to differ where it matters)
    (course / ".cxlab").mkdir(exist_ok=True)
    (course / ".cxlab" / "secret").write_text("report-signals-end-to-end\n")
    secret = open_course(course).secret()
    codes = {p: code_for(secret, p) for p in ("a", "b", "c", "d")}
    values = {p: draw(OTHER, c).values for p, c in codes.items()}
    right = {p: _right_01(v) for p, v in values.items()}
    personal = ["q1", "q2", "q3", "q4", "q5", "q10"]
    # the swap only shows if a's and b's answers differ
    assert all(right["a"][q] != right["b"][q] for q in personal)

    base = release_nb(course, OTHER)
    written = ("At 95% occupancy there are fewer agents for the same workload, so the service "
               "level falls and ASA rises; agents burn out. Pool queues and cap occupancy.")
    typed = {
        # a and b typed each other's answers (questions 6, 7, 9 are the same for all)
        "a": {**right["b"], "code": codes["a"], "q11_written": written},
        "b": {**right["a"], "code": codes["b"],
              "q11_written": "<script>alert(1)</script> " + written.lower()},
        # c: honest; forgets shrinkage in q5 (c's need5) and picks C in q7
        "c": {**right["c"], "q5": str(values["c"]["need5"]), "q7": "C", "code": codes["c"],
              "q11_written": "Occupancy follows from workload and staffing; forcing it up "
                             "means long queues, abandoned calls and tired agents who leave."},
        # d answered a's case with a's code
        "d": {**right["a"], "code": codes["a"]},
    }
    for p, answers in typed.items():
        hand_in(course, p, with_answers(base, answers), assignment=OTHER)
    summary = grade(course, OTHER, jobs=2, progress=False)
    assert [r.status for r in summary.results] == ["graded"] * 4

    rep = report(OTHER, course)
    folder = course / "reports" / OTHER
    assert rep.personal
    fit = {r["participant"]: r for r in _csv(folder / "copying_case_fit.csv")}
    # by hand, out of 12 automatic marks (q8 left empty by all): a and b on the other's case
    # earn q1-q5 and q10 (6) + q6 (2) + q7 (1) + q9 (2) = 11; on their own only 5 (6, 7, 9)
    # c earns 12 - q5 - q7 - q8 = 9 on own case: never 2.4 less than another case
    # d typed a's right answers with a's code: 11 on a's case, 5 on own
    assert set(fit) == {"a", "b", "d"}
    assert (fit["a"]["fits_case_of"], fit["b"]["fits_case_of"], fit["d"]["fits_case_of"]) \
        == ("b", "a", "a")
    assert {p: float(fit[p]["score_their_case"]) for p in fit} == {"a": 11, "b": 11, "d": 11}
    assert {p: float(fit[p]["score_own_case"]) for p in fit} == {"a": 5, "b": 5, "d": 5}
    assert {p: fit[p]["typed_code_of"] for p in fit} == {"a": "", "b": "", "d": "a"}
    assert float(fit["a"]["automatic_max"]) == 12

    # c's slip in q5 is counted; q7's wrong "C" stays raw (B for everyone); in q1 the wrong
    # answers of a, b and d are counted as "another wrong value", never as raw numbers
    assert {"question": "q5", "misconception": "shrinkage forgotten", "participants": "1"} \
        in _csv(folder / "misconceptions.csv")
    wrong = {(r["question"], r["answer"]): int(r["participants"])
             for r in _csv(folder / "wrong_answers.csv")}
    assert wrong[("q7", "C")] == 1
    assert {answer for q, answer in wrong if q == "q1"} <= {
        "another wrong value", "divided by 3,600 (an hour) instead of 1,800 (a half hour)",
        "calls x handle time, not divided by the seconds in a half hour"}
    assert sum(n for (q, _), n in wrong.items() if q == "q1") == 3

    # difficulty and discrimination still come from the gradebook: q1 right for c only
    # (1 of 4); top 27% of 4 = 1 participant: c (9) scored 1; bottom 1 (a, b or d, 5) scored 0
    questions = {r["cell"]: r for r in _csv(folder / "questions.csv")}
    assert float(questions["q1_test"]["difficulty"]) == pytest.approx(0.25)
    assert float(questions["q1_test"]["discrimination"]) == 1.0
    assert float(questions["q6_test"]["difficulty"]) == 1.0

    # a's and b's written answers are near-identical; c's is not; d wrote nothing
    pairs = _csv(folder / "copying_written.csv")
    assert [(r["question"], r["participant_a"], r["participant_b"]) for r in pairs] == [
        ("q11_written", "a", "b")]
    page = (folder / "report.html").read_text()
    assert "not verdicts" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
