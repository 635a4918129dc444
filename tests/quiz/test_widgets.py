"""The practice quiz widget: every question type, feedback, hints, score, plain text."""

from __future__ import annotations

import pytest

from cxlab import quiz
from cxlab.quiz import widgets as qw


@pytest.fixture
def practice_bank() -> quiz.Bank:
    plain = quiz.Bank("demo", "Demo quiz", (
        quiz.single_choice("B", ["Calls", "Email"], id="single", prompt="Which waits?",
                           explanation="Email waits.", hint="Not live."),
        quiz.multiple_choice("A, C", ["Breaks", "Talk", "Meetings"], id="multi",
                             prompt="Shrinkage?", hint="Lost time."),
        quiz.numeric(20, abs_tol=0.5, unit="agents", id="number", prompt="How many?",
                     hint="Divide by 0.7."),
        quiz.short_text("average speed of answer", id="text", prompt="ASA?"),
        quiz.ordering("B, A, C", ["Second", "First", "Third"], id="order", prompt="Order?"),
    ))
    return plain.sealed()


def test_each_question_type_in_the_widget(practice_bank) -> None:
    widget = qw.practice(practice_bank)
    single, multi, number, text, order = widget.cards

    single.input.value = "A"
    single.check_button.click()
    assert "✘" in single.feedback.value and "Not live." in single.feedback.value
    assert "Email waits." not in single.feedback.value
    single.input.value = "B"
    single.check_button.click()
    assert "✔" in single.feedback.value and "Email waits." in single.feedback.value
    assert "(try 2)" in single.feedback.value

    multi.input.children[0].value = True
    assert multi.submit().score == pytest.approx(0.5)
    multi.input.children[2].value = True
    assert multi.submit().correct is True

    number.input.value = "20 agents"
    assert number.submit().correct is True

    text.input.value = "Average Speed of Answer"
    assert text.submit().correct is True

    order.input.children[0].value = "B"
    assert "every position" in order.submit().message
    order.input.children[1].value = "A"
    order.input.children[2].value = "C"
    assert order.submit().correct is True

    points, first_try, total = widget.score()
    assert (points, first_try, total) == (5.0, 3, 5)
    assert "Score: 5 of 5" in widget.summary.value


def test_unreadable_answer_is_explained_and_not_counted_as_a_try(practice_bank) -> None:
    widget = qw.practice(practice_bank, ["number"])
    card = widget.cards[0]
    card.input.value = "twenty"
    card.check_button.click()
    assert "could not find a number" in card.feedback.value
    assert card.tries == 0


def test_empty_answer_says_not_answered(practice_bank) -> None:
    card = qw.practice(practice_bank, ["single"]).cards[0]
    assert card.submit().correct is None


def test_plain_text_form_lists_the_whole_quiz(practice_bank) -> None:
    widget = qw.practice(practice_bank)
    bundle = widget._repr_mimebundle_()
    text = bundle["text/plain"]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    for i in range(1, 6):
        assert f"Question {i} [" in text
    assert "B) Email" in text and 'load_bank("demo").check' in text


def test_practice_by_bank_name_and_selection() -> None:
    widget = qw.practice("00-start-here", ["asa-calc", "asa-meaning"])
    assert [c.question.id for c in widget.cards] == ["asa-calc", "asa-meaning"]
