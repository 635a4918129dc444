"""Answers typed the way people type them are read, and feedback says which way to go."""

from __future__ import annotations

import pytest

from cxlab import quiz


@pytest.mark.parametrize(
    ("typed", "value"),
    [(14, 14.0), ("14", 14.0), (" 14 agents ", 14.0), ("1,250", 1250.0), ("7,5", 7.5),
     ("7.84 s", 7.84), ("80%", 0.8), ("-3", -3.0), ("\u22123", -3.0), ("1e3", 1000.0)],
)
def test_parse_number_reads_what_people_type(typed: object, value: float) -> None:
    assert quiz.parse_number(typed) == pytest.approx(value)


@pytest.mark.parametrize(
    ("typed", "message"),
    [("fourteen", "could not find a number"), ("13 or 14", "more than one number"),
     (True, "yes/no"), ([14], "should be a number"), (float("inf"), "ordinary number")],
)
def test_parse_number_explains_what_it_cannot_read(typed: object, message: str) -> None:
    with pytest.raises(quiz.QuizInputError, match=message):
        quiz.parse_number(typed)


def test_check_number_right_wrong_and_unanswered() -> None:
    assert quiz.check_number("16 Erlangs", 16, abs_tol=0.05).correct is True
    low = quiz.check_number(12, 16, unit="Erlangs")
    assert low.correct is False and "too low, by about 25%" in low.message
    high = quiz.check_number(20, 16)
    assert "too high" in high.message
    assert "16" not in high.message.replace("20", ""), "the expected value is not revealed"
    assert quiz.check_number(None, 16).correct is None
    assert "Not read" in quiz.check_number("lots", 16).message


def test_number_matches_never_raises() -> None:
    assert quiz.number_matches([1, 2], 1) is False
    assert quiz.number_matches("10.02", 10, abs_tol=0.05) is True
    assert quiz.number_matches(10.6, 10, abs_tol=0.5) is False


@pytest.mark.parametrize("typed", ["b", " b ", "B)", "(b)", "b.", "Option B", "answer: B"])
def test_choice_normalisation(typed: str) -> None:
    assert quiz.normalise_choice(typed) == "B"


@pytest.mark.parametrize("typed", ["E", "BC", "", 2, None])
def test_choice_outside_options_gets_a_plain_message(typed: object) -> None:
    with pytest.raises(quiz.QuizInputError, match="letter"):
        quiz.normalise_choice(typed)


def test_unanswered_shows_only_the_message_in_ipython() -> None:
    with pytest.raises(quiz.Unanswered) as info:
        quiz.require_answer(..., "Question 2")
    assert info.value._render_traceback_() == [
        "Question 2 is not answered yet: type your answer in the cell above."
    ]
    assert isinstance(info.value, AssertionError), "nbgrader must count it as a failed test"
