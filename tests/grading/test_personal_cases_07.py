"""Personal cases on assessment 07 (planning the operation), end to end through release,
grading and feedback.

Right answers are worked out here from each participant's numbers with this file's own
arithmetic (WAPE by its definition, a cost per contact from paid time, the retention formula
with a compounded monthly rate, payback by division, NPV by discounting each month), and with
independent tools where a formula will not do: the days-off roster by brute force over every
way to start the stretches (small weeks only, see ``fewest_employees``) and the chat agents by
Erlang C written out here. Never with cxlab's models, which the grader uses.
"""

from __future__ import annotations

import html
import json
import math

import pytest

from cxlab.cases import draw
from tests.grading.conftest import (
    auto_scores,
    auto_total,
    hand_in,
    personal_course,
    release_nb,
    with_answers,
)

pytestmark = pytest.mark.grading

A = "07-planning-the-operation"
AUTO_MAX = 10.0
#: Questions the same for everyone, with their points.
STATIC = {"q10": ("B", 1.0)}
TOL = {"q1": 0.1, "q2": 0.5, "q3": 0.5, "q4": 0.5, "q5": 0.01, "q6": 1, "q7": 0.05, "q8": 1,
       "q9": 0.1}


def erlang_c_wait(servers: int, load: float) -> float:
    """Probability of waiting (Erlang C), by the textbook sum."""
    if load >= servers:
        return 1.0
    terms = [load**k / math.factorial(k) for k in range(servers)]
    top = load**servers / math.factorial(servers) * servers / (servers - load)
    return top / (sum(terms) + top)


def chat_agents(v: dict, concurrency: int, slowdown: float) -> int:
    """Agents for the chat queue: Erlang C on agents x concurrency places, each chat lasting
    its single handle time x (1 + slowdown x (concurrency - 1)); agents rounded up."""
    handle = v["aht2"] * (1 + slowdown * (concurrency - 1))
    load = v["chats2"] * handle / 1800
    places = math.floor(load) + 1
    while True:
        wait = erlang_c_wait(places, load)
        sl = 1 - wait * math.exp(-(places - load) * v["threshold2"] / handle)
        if sl >= v["target2_pct"] / 100:
            return -(-places // concurrency)
        places += 1


def fewest_employees(required: tuple[int, ...]) -> int:
    """The post-office days-off problem by exhaustive search, for a 7-day week.

    With ``x[s]`` employees starting their 5 days on day ``s``, those off on day ``d`` are the
    ones starting on ``d + 1`` and ``d + 2`` (mod 7), so ``T`` employees cover day ``d`` if
    ``x[d + 1] + x[d + 2] <= T - required[d]``. Try totals ``T`` upward from the lower bound
    and search every ``x`` adding up to ``T`` under those pair limits.
    """
    n = len(required)
    assert n == 7

    def feasible(total: int) -> bool:
        cap = [total - required[(i - 1) % n] for i in range(n)]  # limit on x[i] + x[i + 1]
        if min(cap) < 0:
            return False

        def place(i: int, left: int, x: list[int]) -> bool:
            if i == n - 1:
                last = left
                return last + x[-1] <= cap[n - 2] and last + x[0] <= cap[n - 1]
            for value in range(left + 1):
                if i > 0 and x[-1] + value > cap[i - 1]:
                    break
                if place(i + 1, left - value, [*x, value]):
                    return True
            return False

        return place(0, total, [])

    total = max(max(required), -(-sum(required) // 5))
    while not feasible(total):
        total += 1
    return total


def right_answers(code: str) -> dict[str, str]:
    v = draw(A, code).values
    actual, forecast = v["actual1_list"], v["forecast1_list"]
    wape = 100 * sum(abs(f - a) for a, f in zip(actual, forecast, strict=True)) / sum(actual)
    capacity = v["agents3"] * 60 / v["handle3"]
    left = v["start3"] + 8 * (v["arrivals3"] - capacity)
    labour = v["aht5"] / 3600 * v["pay5"] / (v["occupancy5_pct"] / 100
                                             * (1 - v["shrinkage5_pct"] / 100))
    cost = labour * (1 + v["overhead5_pct"] / 100)
    d = (1 + v["rate6_pct"] / 100) ** (1 / 12) - 1
    stay = 1 - v["churn6_pct"] / 100
    clv = v["margin6"] * stay / (1 + d - stay)
    net = v["saving7"] - v["running7"]
    monthly = (1 + v["rate8_pct"] / 100) ** (1 / 12) - 1
    npv = -v["spend7"] + sum(net / (1 + monthly) ** t for t in range(1, v["months8"] + 1))
    real = 100 * (v["offered9"] - v["transferred9"] - v["repeats9"]) / v["offered9"]
    return {
        "code": code,
        "q1": f"{wape:.3f} %",
        "q2": str(chat_agents(v, v["concurrency2"], v["slowdown2_pct"] / 100)),
        "q3": f"{left:.2f}",
        "q4": str(fewest_employees(v["required4_list"])),
        "q5": f"{cost:.4f}",
        "q6": f"{clv:.2f}",
        "q7": f"{v['spend7'] / net:.4f}",
        "q8": f"{npv:.2f}",
        "q9": f"{real:.3f} %",
        "q10": STATIC["q10"][0],
    }


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
    # dan gives MAPE for WAPE (q1), CLV without discounting (q6) and plans chat as one at a
    # time (q2)
    v = draw(A, codes["dan"]).values
    actual, forecast = v["actual1_list"], v["forecast1_list"]
    mape = 100 * sum(abs(f - a) / a for a, f in zip(actual, forecast, strict=True)) / 4
    stay = 1 - v["churn6_pct"] / 100
    slips = {**right["dan"], "q1": f"{mape:.3f} %",
             "q2": str(chat_agents(v, 1, v["slowdown2_pct"] / 100)),
             "q6": f"{v['margin6'] * stay / (1 - stay):.2f}"}
    hand_in(course, "dan", with_answers(base, slips), assignment=A)
    summary = grade(course, A, jobs=2, progress=False)
    feedback(course, A)
    return course, codes, right, {r.student: r for r in summary.results}


def test_the_brute_force_roster_finds_the_textbook_optimum() -> None:
    # Winston's post-office week: 23 employees (Operations Research, section 3.5)
    assert fewest_employees((17, 13, 15, 19, 14, 16, 11)) == 23


def test_two_participants_get_different_numbers(personal) -> None:
    _, codes, right, _ = personal
    ann, bob = draw(A, codes["ann"]), draw(A, codes["bob"])
    assert ann.values != bob.values
    assert draw(A, codes["ann"]).values == ann.values  # the same code, the same case
    for q in ("q1", "q5", "q6", "q8"):  # numbers of their own: different right answers
        assert right["ann"][q] != right["bob"][q], q


def test_own_right_answers_earn_every_mark_and_the_others_do_not(personal) -> None:
    course, _, right, results = personal
    assert results["ann"].status == results["bob"].status == "graded"
    assert auto_total(course, "ann", A) == AUTO_MAX
    assert auto_total(course, "bob", A) == AUTO_MAX
    same = sum(1 for q in TOL if _same(q, right["bob"][q], right["cat"][q]))
    assert auto_total(course, "cat", A) == sum(p for _, p in STATIC.values()) + same
    assert auto_total(course, "cat", A) < AUTO_MAX


def _same(q: str, a: str, b: str) -> bool:
    return abs(float(a.rstrip(" %")) - float(b.rstrip(" %"))) <= TOL[q]


def test_a_notebook_answered_with_someone_elses_code_is_flagged(personal) -> None:
    _, _, _, results = personal
    assert any("answered with the personal code of participant bob" in n
               for n in results["cat"].notes), results["cat"].notes
    assert not any("personal code" in n for n in results["ann"].notes)


def test_misconceptions_are_named_in_feedback_and_counted_in_the_report(personal) -> None:
    from cxlab.grading import report

    course, _, _, _ = personal
    scores = auto_scores(course, "dan", A)
    assert scores["q1_test"] == scores["q2_test"] == scores["q6_test"] == 0
    assert scores["q5_test"] == 1
    record = json.loads((course / ".cxlab" / "marks" / A / "dan.json").read_text())
    named = {m["answer"]: m["misconception"] for m in record["marks"][f"{A}.ipynb"]}
    assert named["q1"] == "MAPE where WAPE was asked"
    assert named["q2"] == "chat handled as one at a time"
    assert named["q6"] == "CLV without discounting"
    page = html.unescape((course / "feedback" / "dan" / A / f"{A}.html").read_text())
    assert "Your answer matches a known slip: CLV without discounting." in page
    rep = report(A, course)
    text = html.unescape(rep.html_path.read_text())
    assert "MAPE where WAPE was asked" in text and "chat handled as one at a time" in text


def test_the_trainer_rebuilds_any_sheet_from_the_id(personal, capsys) -> None:
    from cxlab.grading.cli import main

    course, codes, right, _ = personal
    assert main(["case", A, "bob", "--course-dir", str(course)]) == 0
    out = capsys.readouterr().out
    v = draw(A, codes["bob"]).values
    assert f"personal code {codes['bob']}" in out
    assert f"{v['chats2']} chats" in out
    assert f"q2: {right['bob']['q2']} agents" in out
