"""Sealed questions score exactly like the plain ones, without carrying a readable key."""

from __future__ import annotations

import json

import numpy as np
import pytest

from cxlab import quiz
from cxlab.quiz.questions import QuestionError


def _pair(q):
    return q, quiz.seal(q, salt="test-salt")


@pytest.mark.parametrize(
    "question",
    [
        quiz.numeric(14, abs_tol=0.5, id="abs"),
        quiz.numeric(0.8884, abs_tol=0.001, id="small"),
        quiz.numeric(-3.2, abs_tol=0.25, id="negative"),
        quiz.numeric(1234.5, rel_tol=0.01, id="rel"),
        quiz.numeric(-0.07, rel_tol=0.05, id="rel-negative"),
        quiz.numeric(20, id="default-tol"),
        quiz.numeric(0, abs_tol=0.1, id="zero-abs"),
    ],
    ids=lambda q: q.id,
)
def test_sealed_numeric_agrees_with_plain_everywhere(question) -> None:
    plain, sealed = _pair(question)
    a = question.answer
    tol = question.abs_tol or (question.rel_tol or 0.005) * abs(a)
    rng = np.random.default_rng(7)
    values = list(a + rng.uniform(-4 * tol, 4 * tol, 3000))
    values += [a, a + tol, a - tol, a + tol * (1 + 1e-9), a - tol * (1 + 1e-9), a * 10, -a, 0.0]
    for v in values:
        assert sealed.score(float(v)) == plain.score(float(v)), v


def test_sealed_numeric_near_miss_gets_direction_far_miss_does_not() -> None:
    _, sealed = _pair(quiz.numeric(14, abs_tol=0.5, id="n", unit="agents"))
    assert "a little too low" in sealed.check(13.2).message
    assert "a little too high" in sealed.check(14.8).message
    far = sealed.check(30).message
    assert "too" not in far and "not it" in far


@pytest.mark.parametrize(
    ("question", "answers"),
    [
        (quiz.single_choice("C", "ABCD", id="s"), ["C", "c)", "A", "E", None, 3]),
        (quiz.multiple_choice("A, D", "ABCDE", id="m"),
         ["A, D", "A", "A, B", "A, B, C, D, E", "B", "Z"]),
        (quiz.short_text("first contact resolution", "first call resolution", id="t"),
         ["First Contact Resolution", "first call resolution.", "fcr", ""]),
        (quiz.ordering("C, A, D, B", "ABCD", id="o"),
         ["C, A, D, B", "A, C, D, B", "B, D, A, C", "C, A", "CADB"]),
    ],
    ids=["single", "multiple", "text", "ordering"],
)
def test_sealed_choice_text_and_ordering_agree_with_plain(question, answers) -> None:
    plain, sealed = _pair(question)
    for answer in answers:
        assert sealed.score(answer) == plain.score(answer), answer
        assert sealed.check(answer).correct == plain.check(answer).correct, answer


def test_sealed_keys_are_not_readable() -> None:
    q = quiz.single_choice("B", ["Call", "Email"], id="s", explanation="Email can wait a day.")
    sealed = quiz.seal(q, salt="s1")
    text = json.dumps(sealed.to_dict())
    assert "Email can wait" not in text
    assert '"answer"' not in text and '"explanation"' not in text
    assert sealed.check("B").message == "Correct. Email can wait a day."


def test_numeric_box_does_not_show_the_number() -> None:
    q = quiz.numeric(7.84, abs_tol=0.01, id="asa", explanation="Pw x AHT / (N - A) = 7.84 s")
    text = json.dumps(quiz.seal(q, salt="s2").to_dict())
    assert "7.84" not in text


def test_salt_changes_the_digests() -> None:
    q = quiz.single_choice("A", "AB", id="s")
    assert quiz.seal(q, "one").keys != quiz.seal(q, "two").keys


def test_sealing_needs_an_id_and_one_tolerance() -> None:
    with pytest.raises(QuestionError, match="needs an id"):
        quiz.seal(quiz.numeric(3), salt="x")
    with pytest.raises(QuestionError, match="abs_tol or rel_tol, not both"):
        quiz.seal(quiz.numeric(3, abs_tol=0.1, rel_tol=0.1, id="n"), salt="x")
