"""Personal cases on assessment 04, end to end through release, grading and feedback.

Right answers are worked out here from each participant's numbers and the shipped CSV files
with this file's own arithmetic and pandas: the cost/benefit score and RICE by their formulas,
AHP's consistency ratio by power iteration, Kendall's W, Borda points and the spread of ranks
by their textbook formulas, the roadmap and the change board by an independent reading of
their planning rules, the campaign's plan by counting days. Never with cxlab's models, which
the grader uses.
"""

from __future__ import annotations

import io
import json
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxlab.cases import code_for, draw
from tests.grading.conftest import (
    auto_scores,
    hand_in,
    personal_course,
    release_nb,
    with_answers,
)

pytestmark = pytest.mark.grading

A = "04-prioritisation"
AUTO_MAX = 14.0
#: Questions with numbers, and how close an answer must be (the hidden tests' tolerances).
NUMERIC = {"q1": 0.006, "q3": 1, "q5": 0.006, "q7": 0.1, "q10": 0.5, "q12": 0.6}
POINTS = {"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q5": 1, "q6": 2, "q7": 1, "q8": 1, "q9": 1,
          "q10": 1, "q11": 2, "q12": 1}


# -- the shipped data, read straight from the CSV files ----------------------------------------
def _csv(name: str, **kwargs) -> pd.DataFrame:
    text = files("cxlab.data").joinpath(name).read_text(encoding="utf-8")
    return pd.read_csv(io.StringIO(text), **kwargs)


def _initiatives(name: str) -> pd.DataFrame:
    table = _csv(name, dtype=str, keep_default_na=False).set_index("code")
    for column in ("customer_benefit", "business_benefit", "cost", "effort", "risk"):
        table[column] = table[column].astype(float)
    table["deps"] = [tuple(d for d in value.split(";") if d) for value in table["dependencies"]]
    return table


BACKLOG = _initiatives("cx_backlog.csv")
REQUESTS = _initiatives("change_requests.csv")
RANKINGS = _csv("stakeholder_rankings.csv", index_col="stakeholder")
REMOVED = pd.to_datetime(_csv("quick_wins_2027.csv")["removed_on"])


def priority(rows: pd.DataFrame, weight: float = 0.6, rate: float = 2.5) -> pd.Series:
    value = weight * rows["customer_benefit"] + (1 - weight) * rows["business_benefit"]
    confidence = 1 - 0.1 * (rows["risk"] - 1)
    return value * confidence / ((rows["cost"] + rows["effort"] * rate) / 10)


def plan(table: pd.DataFrame, capacity: list[float], pinned: dict | None = None) -> dict:
    """Period (0, 1, 2) of each planned initiative, by the rules in 04.04's section 1."""
    table = table.assign(priority=priority(table))
    order: list[str] = []

    def visit(code: str) -> None:
        if code not in order:
            for dep in table.loc[code, "deps"]:
                visit(dep)
            order.append(code)

    for code in table.index:
        visit(code)
    best = dict(table["priority"])  # an enabler inherits the priority of what waits for it
    for code in reversed(order):
        for dep in table.loc[code, "deps"]:
            best[dep] = max(best[dep], best[code])
    done = set(table.index[table["status"] == "done"])
    active = [c for c in table.index if c not in done]
    pinned = dict(pinned or {})
    for code in active:
        if table.loc[code, "status"] == "in progress":
            pinned.setdefault(code, 1)
    waits = {c: [d for d in table.loc[c, "deps"] if d not in done] for c in active}
    waiting_for = {c: [x for x in active if c in waits[x]] for c in table.index}
    free, period, dropped = list(capacity), {}, set()

    def drop(code: str) -> None:
        dropped.add(code)
        for later in waiting_for[code]:
            if later not in dropped and later not in period:
                drop(later)

    ready = [c for c in active if not waits[c]]
    while ready:
        ready.sort(key=lambda c: (c not in pinned, -best[c], order.index(c)))
        code = ready.pop(0)
        if code in dropped or code in period:
            continue
        effort = table.loc[code, "effort"]
        if table.loc[code, "status"] == "on hold":
            drop(code)
        else:
            earliest = max([period[d] for d in waits[code]], default=0)
            if code in pinned:
                earliest = max(earliest, pinned[code] - 1)
            room = [p for p in range(earliest, len(free)) if free[p] >= effort]
            if room:
                free[room[0]] -= effort
                period[code] = room[0]
            else:
                drop(code)
        for later in waiting_for[code]:
            if later not in dropped and all(d in period or d in dropped for d in waits[later]):
                ready.append(later)
    return period


def free_weeks(capacity: list[float], period: dict) -> list[float]:
    return [cap - sum(BACKLOG.loc[c, "effort"] for c, p in period.items() if p == i)
            for i, cap in enumerate(capacity)]


def pushed_back(capacity: list[float]) -> list[str]:
    """The change board of 04.04: qualify February's requests, plan again, compare."""
    before = plan(BACKLOG, capacity)
    titles = set(BACKLOG["title"].str.strip().str.lower())
    ok = REQUESTS[(REQUESTS["owner"].str.strip() != "")
                  & (REQUESTS["pain_point"].str.strip() != "")
                  & (0.6 * REQUESTS["customer_benefit"] + 0.4 * REQUESTS["business_benefit"]
                     >= 2.5)
                  & ~REQUESTS["title"].str.strip().str.lower().isin(titles)]
    combined = pd.concat([BACKLOG, ok.assign(status="approved")])
    keep = {c: p + 1 for c, p in before.items()
            if p == 0 or BACKLOG.loc[c, "status"] == "in progress"}
    after = plan(combined, capacity, pinned=keep)
    return [c for c, p in before.items() if c not in after or after[c] > p]


def consistency_ratio(a: float, b: float, c: float) -> float:
    m = np.array([[1, a, c], [1 / a, 1, b], [1 / c, 1 / b, 1]])
    v = np.ones(3)
    for _ in range(500):
        v = m @ v
        v /= v.sum()
    lam = float(np.mean(m @ v / v))
    return (lam - 3) / 2 / 0.58


def shortlisted(values: dict) -> pd.DataFrame:
    return RANKINGS[list(values["shortlist"])].rank(axis=1).astype(int)


def kendall(table: pd.DataFrame) -> float:
    m, n = table.shape
    sums = table.sum()
    return 12 * float(((sums - m * (n + 1) / 2) ** 2).sum()) / (m**2 * (n**3 - n))


def worked(code: str) -> dict:
    """The participant's right values, worked out here."""
    v = draw(A, code).values
    out: dict = {}
    row = BACKLOG.loc[[v["code1"]]]
    out["q1"] = float(priority(row, v["weight1"], v["rate1"]).iloc[0])
    row = BACKLOG.loc[v["code2"]]
    high_value = 0.6 * row["customer_benefit"] + 0.4 * row["business_benefit"] >= 3
    high_effort = row["effort"] > v["effort2"]
    out["q2"] = {(True, False): "A", (True, True): "B", (False, False): "C",
                 (False, True): "D"}[(bool(high_value), bool(high_effort))]
    out["q3"] = v["reach3"] * v["impact3"] * v["confidence3_pct"] / 100 / v["effort3"]
    cr = consistency_ratio(v["benefit_cost4"], v["cost_risk4"], v["benefit_risk4"])
    out["q4"] = "A" if cr < 0.10 else "B"
    table = shortlisted(v)
    m, n = table.shape
    w = kendall(table)
    out["q5"] = w
    borda = (n - table).sum()
    pairs = table.T.corr(method="spearman").to_numpy()[np.triu_indices(m, 1)]
    true6 = [letter for letter, ok in (("A", w < 0.3), ("B", borda.idxmax() == v["code6"]),
                                       ("D", pairs.mean() > 0.5)) if ok]
    out["q6"] = ", ".join(true6)
    out["q7"] = float(borda[v["code7"]])
    spread = table.std(ddof=0)
    out["q8"] = "ABCD"[int(np.argmax([spread[c] for c in v["options8"]]))]
    out["q9"] = "B"  # static: CX-13 inherits its dependants' priority and is too big for 30
    capacity = [v["capacity_short"], v["capacity_mid"], v["capacity_long"]]
    free = free_weeks(capacity, plan(BACKLOG, capacity))
    out["q10"] = free[["Short term", "Mid term", "Long term"].index(v["period10"])]
    pushed = pushed_back([v["tight_short"], v["tight_mid"], v["tight_long"]])
    out["q11"] = ", ".join(x for x, c in zip("ABCD", v["options11"], strict=True) if c in pushed)
    as_of = pd.Timestamp(v["as_of12"])
    days = (as_of - pd.Timestamp("2027-01-01")).days
    planned = round(v["target12"] * days / 364, 1)
    out["q12"] = planned - int((REMOVED <= as_of).sum())
    return out


def typed_answers(code: str) -> dict[str, str]:
    right = worked(code)
    return {
        "code": code,
        "q1": f"{right['q1']:.2f}",
        "q2": right["q2"],
        "q3": f"{right['q3']:.0f}",
        "q4": right["q4"],
        "q5": f"{right['q5']:.2f}",
        "q6": right["q6"],
        "q7": f"{right['q7']:g} points",
        "q8": right["q8"],
        "q9": right["q9"],
        "q10": f"{right['q10']:g} person-weeks",
        "q11": right["q11"],
        "q12": f"{round(right['q12'])}",
    }




def scores(course: Path, student: str) -> dict[str, float]:
    return {k.removesuffix("_test"): v or 0 for k, v in auto_scores(course, student, A).items()
            if k.endswith("_test")}


@pytest.fixture(scope="module")
def personal(tmp_path_factory):
    from cxlab.grading import feedback, grade

    course, codes = personal_course(tmp_path_factory, A)
    base = release_nb(course, A)
    right = {s: typed_answers(c) for s, c in codes.items()}
    hand_in(course, "ann", with_answers(base, right["ann"]), assignment=A)
    hand_in(course, "bob", with_answers(base, right["bob"]), assignment=A)
    # cat hands in bob's notebook: bob's code and bob's answers
    hand_in(course, "cat", with_answers(base, right["bob"]), assignment=A)
    # dan takes n as 10 for the Borda points of his shortlist (question 7) and gives the gap
    # to the whole target instead of the gap to the plan (question 12)
    v = draw(A, codes["dan"]).values
    ranks = shortlisted(v)[v["code7"]]
    done = int((REMOVED <= pd.Timestamp(v["as_of12"])).sum())
    slips = {**right["dan"], "q7": f"{int((10 - ranks).sum())} points",
             "q12": f"{v['target12'] - done}"}
    hand_in(course, "dan", with_answers(base, slips), assignment=A)
    summary = grade(course, A, jobs=2, progress=False)
    feedback(course, A)
    return course, codes, right, {r.student: r for r in summary.results}


def test_two_participants_get_different_numbers(personal) -> None:
    _, codes, _, _ = personal
    ann, bob = draw(A, codes["ann"]), draw(A, codes["bob"])
    assert ann.values != bob.values
    assert draw(A, codes["ann"]).values == ann.values  # the same code, the same case


def test_own_right_answers_earn_every_mark_and_the_others_do_not(personal) -> None:
    course, codes, _, results = personal
    assert results["ann"].status == results["bob"].status == "graded"
    for student in ("ann", "bob"):
        got = scores(course, student)
        assert got == {q: float(p) for q, p in POINTS.items()}, (student, got)
    # cat typed bob's answers: marked on cat's own case, a question earns nothing wherever
    # bob's right answer is not also cat's
    bob, cat = worked(codes["bob"]), worked(codes["cat"])
    got = scores(course, "cat")
    for q, tol in NUMERIC.items():
        if abs(bob[q] - cat[q]) > 2 * tol:
            assert got[q] == 0, (q, bob[q], cat[q])
    for q in ("q2", "q4", "q8"):
        if bob[q] != cat[q]:
            assert got[q] == 0, (q, bob[q], cat[q])
    assert sum(got.values()) < AUTO_MAX


def test_a_notebook_answered_with_someone_elses_code_is_flagged(personal) -> None:
    _, _, _, results = personal
    assert any("answered with the personal code of participant bob" in n
               for n in results["cat"].notes), results["cat"].notes
    assert not any("personal code" in n for n in results["ann"].notes)


def test_misconceptions_are_named_in_the_record_and_the_feedback(personal) -> None:
    course, _, _, _ = personal
    got = scores(course, "dan")
    assert got["q7"] == 0 and got["q12"] == 0 and got["q5"] == 1
    record = json.loads((course / ".cxlab" / "marks" / A / "dan.json").read_text())
    named = {m["answer"]: m["misconception"] for m in record["marks"][f"{A}.ipynb"]}
    seven = "n taken as 10 (all the initiatives), not the number on your shortlist"
    twelve = "the gap to the whole target, not to the plan by the report date"
    assert named["q7"] == seven
    assert named["q12"] == twelve
    page = (course / "feedback" / "dan" / A / f"{A}.html").read_text()
    assert f"Your answer matches a known slip: {seven}." in page
    assert f"Your answer matches a known slip: {twelve}." in page


def test_feedback_shows_the_participants_own_right_values(personal) -> None:
    course, codes, _, _ = personal
    right = worked(codes["dan"])
    page = (course / "feedback" / "dan" / A / f"{A}.html").read_text()
    assert f"The right answer is {right['q7']:g} points." in page
    v = draw(A, codes["dan"]).values
    assert f"The plan by {v['as_of12_text']} is {v['target12']} x" in page


def test_the_trainer_rebuilds_any_sheet_from_the_id(personal, capsys) -> None:
    from cxlab.grading.cli import main

    course, codes, right, _ = personal
    assert main(["case", A, "bob", "--course-dir", str(course)]) == 0
    out = capsys.readouterr().out
    v = draw(A, codes["bob"]).values
    assert f"personal code {codes['bob']}" in out
    assert f"Your shortlist: {v['shortlist_text']}" in out
    assert f"q7: {right['bob']['q7']}" in out


def test_the_shortlist_is_the_rankings_ranked_again() -> None:
    from cxlab import prioritisation
    from cxlab.cases import prioritisation as personal

    full = prioritisation.load_stakeholder_rankings()
    case = draw(A, code_for(b"a course", "eve"))
    table = personal.shortlist(case, full)
    assert list(table.columns) == list(case.shortlist)
    assert table.equals(shortlisted(case.values))
    for _, row in table.iterrows():
        assert sorted(row) == list(range(1, len(case.shortlist) + 1))
    # before a code is typed the notebook still runs, on the table as it is
    assert personal.shortlist(object(), full) is full


def test_no_case_reuses_the_lessons_numbers() -> None:
    for i in range(25):
        v = draw(A, code_for(b"another course", f"p{i}")).values
        assert v["weight1"] not in (0.3, 0.6, 0.9) and v["rate1"] != 2.5
        assert v["code1"] not in ("CX-01", "CX-04") and v["code2"] != "CX-16"
        assert v["effort2"] != 8
        assert (v["capacity_short"], v["capacity_mid"], v["capacity_long"]) != (30, 60, 90)
        assert (v["tight_short"], v["tight_mid"], v["tight_long"]) != (30, 55, 90)
        assert v["target12"] != 99 and v["as_of12"] not in ("2027-09-30", "2027-06-30")
        w = kendall(shortlisted(v))
        assert abs(w - 0.171) > 0.01 and abs(w - 0.312) > 0.01
        cr = consistency_ratio(v["benefit_cost4"], v["cost_risk4"], v["benefit_risk4"])
        assert not 0.07 < cr < 0.14  # clearly on one side of Saaty's 0.10
        assert worked_pushed(v)


def worked_pushed(v: dict) -> bool:
    """Question 11 has one to three right letters (and so one to three wrong ones)."""
    pushed = pushed_back([v["tight_short"], v["tight_mid"], v["tight_long"]])
    return 1 <= sum(c in pushed for c in v["options11"]) <= 3
