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


def test_check_table_reports_cells_direction_and_size() -> None:
    import pandas as pd

    expected = pd.DataFrame({"agents": [14, 17, 12], "sl": [0.88, 0.81, 0.9]},
                            index=["Mon", "Tue", "Wed"])
    answer = expected.copy()
    answer.loc["Tue", "agents"] = 15
    answer.loc["Wed", "sl"] = 0.95
    feedback = quiz.check_table(answer, expected)
    assert feedback.correct is False
    assert feedback.score == pytest.approx(4 / 6)
    lines = feedback.message.splitlines()
    assert lines[0] == "Not yet: 2 of 6 values are off."
    assert "- row 'Tue', column 'agents': 15 is too low, by 2 (12%)." in lines
    assert any("row 'Wed', column 'sl': 0.95 is too high" in line for line in lines)


def test_check_table_order_does_not_matter_and_tolerance_applies() -> None:
    import pandas as pd

    expected = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]}, index=["x", "y"])
    shuffled = expected.loc[["y", "x"], ["b", "a"]] + 0.004
    assert quiz.check_table(shuffled, expected, abs_tol=0.01).correct is True
    assert quiz.check_table(shuffled, expected, abs_tol=0.001).correct is False


def test_check_table_names_missing_and_extra_rows_and_columns() -> None:
    import pandas as pd

    expected = pd.DataFrame({"a": [1, 2]}, index=["x", "y"])
    message = quiz.check_table(pd.DataFrame({"a": [1]}, index=["x"]), expected).message
    assert message == "Not yet: row 'y' is missing."
    extra = quiz.check_table(pd.DataFrame({"a": [1, 2], "z": [0, 0]}, index=["x", "y"]), expected)
    assert extra.correct is False and "'z' is not expected" in extra.message


def test_check_table_limits_the_list_and_handles_odd_input() -> None:
    import pandas as pd

    expected = pd.DataFrame({"a": range(10)})
    message = quiz.check_table(pd.DataFrame({"a": [v + 5 for v in range(10)]}), expected).message
    assert message.count("\n- ") == 5 + 1 and "... and 5 more." in message
    assert quiz.check_table(None, expected).correct is None
    assert "should be a table" in quiz.check_table(42, expected).message
    words = quiz.check_table(pd.DataFrame({"a": ["x"] * 10}), expected).message
    assert "'x' is not a number" in words


def test_check_number_in_percent_reads_a_percent_sign_as_percent() -> None:
    feedback = quiz.check_number("83%", 83.2, abs_tol=1.5, unit="%")
    assert feedback.correct is True and feedback.message == "Correct: 83%."
    assert quiz.check_number("0.83", 0.832, abs_tol=0.01).correct is True
    assert quiz.check_number("83%", 0.832, abs_tol=0.01).correct is True  # fraction asked


def test_check_choice_by_number_or_words() -> None:
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    for typed in (5, "5", " friday ", "FRIDAY", "fri"):
        assert quiz.check_choice(typed, "Friday", days).correct is True, typed
    wrong = quiz.check_choice(3, "Friday", days, hint="Look for the most negative number.")
    assert wrong.message == "Not yet: Wednesday is not it. Look for the most negative number."
    assert "too" not in wrong.message, "option numbers are names, not amounts"
    assert quiz.check_choice(None, "Friday", days).correct is None
    assert quiz.check_choice("t", "Friday", days).message.startswith("Not read")  # ambiguous
    assert quiz.check_choice(True, "Friday", days).message.startswith("Not read")
    assert quiz.check_choice(2, 2, ["volume", "AHT", "agents"]).message == "Correct: AHT."
    with pytest.raises(ValueError, match="expected must be one of the options"):
        quiz.check_choice(1, "Someday", days)
