"""Personal cases on assessment 00 (start here): the draw and the keys, checked here with this
file's own arithmetic (calls x AHT / 1,800 s) and pandas, never with cxlab's models.

The whole cycle (release, typed own code and answers, grading, feedback, report) runs in
test_cycle.py and the other trainer-workflow tests, through ``perfect(course, student)``.
"""

from __future__ import annotations

import json

import pytest

from cxlab.cases import code_for, draw
from cxlab.grading.marking import Key, mark
from tests.conftest import ROOT
from tests.grading.conftest import ASSIGNMENT, calls_per_day

pytestmark = pytest.mark.grading

SOURCE = ROOT / "assessments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
CODES = [code_for(b"a course secret", f"p{i}") for i in range(300)]


def test_cases_are_realistic_beginner_friendly_and_away_from_the_lessons() -> None:
    lessons = {(120, 240), (100, 180), (150, 240), (240, 300)}
    seen_queues, seen_days = set(), set()
    for code in CODES:
        v = draw(ASSIGNMENT, code).values
        calls, aht = v["calls1"], v["aht1"]
        assert 60 <= calls <= 300 and calls % 10 == 0
        assert 120 <= aht <= 360 and aht % 30 == 0
        assert (calls, aht) not in lessons
        erlangs = calls * aht / 1800
        assert round(erlangs, 1) == erlangs and erlangs != 7.5  # 7.5 is the question's example
        assert v["day3"] != "Monday"  # the busiest day, named in the welcome lesson
        seen_queues.add((calls, aht))
        seen_days.add(v["day3"])
    assert len(seen_queues) > 50
    assert seen_days == {"Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


def _marks(code: str, typed: dict[str, str]) -> dict[str, object]:
    key = Key.from_notebook(json.loads(SOURCE.read_text()))
    return {m.answer: m for m in mark(key, typed, code=code)}


@pytest.mark.parametrize("code", CODES[:5])
def test_own_right_answers_earn_the_marks_and_slips_are_named(code: str) -> None:
    v = draw(ASSIGNMENT, code).values
    erlangs = v["calls1"] * v["aht1"] / 1800
    days = calls_per_day()
    # worked by hand from the shipped week: Monday 1,742 ... Sunday 310, 8,269 in all
    assert days["Monday"] == 1742 and days["Sunday"] == 310 and sum(days.values()) == 8269
    right = _marks(code, {"q1": f"{erlangs:g} Erlangs", "q3": f"{days[v['day3']]:,}"})
    assert right["q1"].points == 1 and right["q3"].points == 1
    slips = _marks(code, {"q1": f"{erlangs / 2:g}", "q3": "1742"})
    assert slips["q1"].points == 0 and slips["q3"].points == 0
    assert "3,600" in slips["q1"].misconception
    assert "busiest day" in slips["q3"].misconception
    week = _marks(code, {"q1": f"{v['calls1'] * v['aht1']}", "q3": "8,269 calls"})
    assert "not divided" in week["q1"].misconception
    assert "whole week" in week["q3"].misconception
