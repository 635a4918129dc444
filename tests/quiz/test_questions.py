"""The five question types: reading answers, scoring with partial credit, feedback."""

from __future__ import annotations

import pytest

from cxlab import quiz
from cxlab.quiz.questions import Question, QuestionError


def test_single_choice_reads_what_people_type() -> None:
    q = quiz.single_choice("B", ["Target", "Result", "Both"])
    for typed in ["B", "b", " b ", "B)", "(b)", "Option B"]:
        assert q.score(typed) == 1.0, typed
    assert q.score("A") == 0.0
    assert q.score("D") == 0.0  # not an option: no credit, no exception
    assert "not one of the options A, B, C" in q.check("D").message


def test_multiple_choice_partial_credit() -> None:
    q = quiz.multiple_choice(["A", "C", "D"], "ABCDE")
    assert q.score("A, C, D") == 1.0
    assert q.score("acd") == 1.0
    assert q.score(["a", "c"]) == pytest.approx(2 / 3)
    assert q.score("A, C, B") == pytest.approx(1 / 3)  # 2 right - 1 wrong, of 3
    assert q.score("B, E") == 0.0  # never below zero
    assert q.score("A, B, C, D, E") == pytest.approx(1 / 3)  # ticking everything is not free
    feedback = q.check("A, C")
    assert feedback.correct is False and feedback.score == pytest.approx(2 / 3)
    expected = "Partly right: 2 of your ticks are right, 1 right option is not ticked"
    assert expected in feedback.message


def test_numeric_absolute_and_relative_tolerance_and_units() -> None:
    absolute = quiz.numeric(14, abs_tol=0.5, unit="agents")
    assert absolute.score("14 agents") == 1.0
    assert absolute.score(14.5) == 1.0 and absolute.score(14.51) == 0.0
    relative = quiz.numeric(200, rel_tol=0.05)
    assert relative.score(190) == 1.0 and relative.score(189) == 0.0
    default = quiz.numeric(10)
    assert default.score(10.04) == 1.0 and default.score(10.1) == 0.0
    assert "too low" in absolute.check(12).message
    assert "too high" in absolute.check(16).message


def test_numeric_asked_in_percent() -> None:
    q = quiz.numeric(71.43, abs_tol=0.5, unit="%")
    assert q.score("71.4%") == 1.0
    assert q.score(71.4) == 1.0
    note = q.check(0.714).message
    assert "asked in %" in note


def test_short_text_normalised_match() -> None:
    q = quiz.short_text("average speed of answer", "average speed to answer")
    typed_answers = [
        "Average Speed of Answer",
        "  average speed to answer. ",
        "AVERAGE SPEED OF ANSWER!",
    ]
    for typed in typed_answers:
        assert q.score(typed) == 1.0, typed
    assert q.score("average handle time") == 0.0
    assert q.score(14) == 0.0
    assert "as a few words" in q.check(14).message


def test_ordering_scores_pairs_in_the_right_order() -> None:
    q = quiz.ordering("A, B, C, D, E", "ABCDE")
    assert q.score("ABCDE") == 1.0
    assert q.score("B, A, C, D, E") == pytest.approx(9 / 10)  # one adjacent swap
    assert q.score("E, D, C, B, A") == 0.0  # reversed
    assert q.score("A, B, C") == 0.0  # incomplete: unreadable, no credit
    assert "D, E are missing" in q.check("A, B, C").message
    assert "3 of 5 steps are in the right place" in q.check("B, A, C, D, E").message


def test_ordering_from_correct_order_never_shows_the_answer_in_order() -> None:
    steps = ["Forecast", "Workload", "Erlang C", "Shrinkage", "Schedule"]
    q = quiz.ordering.from_correct_order(steps, id="plan")
    assert list(q.options) != steps and sorted(q.options) == sorted(steps)
    right = ", ".join(q.letters[q.options.index(s)] for s in steps)
    assert q.score(right) == 1.0
    again = quiz.ordering.from_correct_order(steps, id="plan")
    assert again.options == q.options, "the same shuffle every time"


@pytest.mark.parametrize("placeholder", [None, ..., "", "   "])
def test_unanswered_is_said_plainly_and_scores_zero(placeholder: object) -> None:
    q = quiz.numeric(14)
    assert q.score(placeholder) == 0.0
    feedback = q.check(placeholder)
    assert feedback.correct is None and feedback.message.startswith("Not answered yet")


def test_explanation_only_when_right_and_hint_only_when_wrong() -> None:
    q = quiz.single_choice("A", "AB", explanation="Because X.", hint="Think of Y.")
    assert q.check("A").message == "Correct. Because X."
    wrong = q.check("B").message
    assert "Think of Y." in wrong and "Because X." not in wrong


def test_points_for_nbgrader_partial_credit() -> None:
    q = quiz.multiple_choice("A, C", "ABCD")
    assert quiz.points("A", q, out_of=2) == 1.0
    assert quiz.points("A, C", q, out_of=2) == 2.0
    assert quiz.points(object(), q, out_of=2) == 0.0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"id": "x", "kind": "single", "options": ["a", "b"], "answer": "C"}, "not one of"),
        ({"id": "x", "kind": "choice", "answer": "A"}, "kind must be one of"),
        ({"id": "x", "kind": "single", "options": ["a"], "answer": "A"}, "at least two"),
        ({"id": "x", "kind": "numeric", "answer": "many"}, "must be a number"),
        ({"id": "x", "kind": "numeric", "answer": 3, "rel_tol": 5}, "rel_tol must be below 1"),
        ({"id": "x", "kind": "numeric", "answer": 3, "abs_tol": -1}, "abs_tol must be a positive"),
        ({"id": "x", "kind": "text"}, "the answer is missing"),
        ({"id": "x", "kind": "ordering", "items": ["only one"]}, "at least two steps"),
        ({"id": "x", "kind": "single", "options": ["a", "b"], "answer": "A", "anwser": 1},
         "unknown field"),
    ],
)
def test_bad_question_definitions_name_the_question_and_field(data: dict, message: str) -> None:
    with pytest.raises(QuestionError, match=rf"question 'x'.*{message}"):
        Question.from_dict(data)


def test_to_dict_round_trips() -> None:
    questions = [
        quiz.single_choice("B", ["p", "q"], id="s", explanation="e", hint="h"),
        quiz.multiple_choice("A, B", ["p", "q", "r"], id="m"),
        quiz.numeric(7.8, abs_tol=0.1, unit="s", id="n"),
        quiz.short_text("ASA", id="t"),
        quiz.ordering.from_correct_order(["one", "two", "three"], id="o"),
    ]
    for q in questions:
        again = Question.from_dict(q.to_dict())
        assert again.score(_right_answer(q)) == 1.0
        assert again.kind == q.kind and again.prompt == q.prompt


def _right_answer(q: Question) -> object:
    if q.kind == "multiple":
        return sorted(q.answer)
    if q.kind == "text":
        return q.answer[0]
    if q.kind == "ordering":
        return ", ".join(q.answer)
    return q.answer


def test_render_text_shows_options_and_how_to_answer() -> None:
    q = quiz.single_choice("A", ["Calls", "Emails"], id="ch", prompt="Which is live?")
    text = q.render_text(3)
    assert text.splitlines()[0] == "Question 3 [ch] (single choice: pick one letter)"
    assert "  A) Calls" in text and "  B) Emails" in text
    assert 'one letter, for example B' in text
