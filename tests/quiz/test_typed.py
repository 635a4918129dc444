"""Typed answers: the ``%%answer`` cell, its reader, and the end-of-notebook summary."""

from __future__ import annotations

import pytest

from cxlab.quiz.typed import Form, answer_summary, clean_typed, parse_answer_cell, read_typed

# (form, typed, value read) -- what a manager writes on paper.
READABLE = [
    ("number Erlangs", "40", 40.0),
    ("number Erlangs", "40 Erlangs", 40.0),
    ("number Erlangs", "  40.0  ", 40.0),
    ("number calls", "1,742 calls", 1742.0),
    ("number", "7,5", 7.5),
    ("number %", "79.6 %", 79.6),
    ("number %", "79.6%", 79.6),
    ("number %", "79.6", 79.6),
    ("number", "80%", 0.8),  # a fraction asked, a percentage typed
    ("number s", "7.8 s", 7.8),
    ("number s", "7.8 seconds", 7.8),
    ("number s", "2 min", 120.0),
    ("number s", "0.5 minutes", 30.0),
    ("number points", "-23.5", -23.5),
    ("number points", "−23.5", -23.5),  # a typographic minus
    ("letter ABCD", "B", "B"),
    ("letter ABCD", "b)", "B"),
    ("letter ABCD", "(b)", "B"),
    ("letter ABCD", "Option B", "B"),
    ("letters ABCD", "a and c", frozenset("AC")),
    ("letters ABCD", "A, C", frozenset("AC")),
    ("letters ABCD", "AC", frozenset("AC")),
    ("letters ABCDE", "A; C & E", frozenset("ACE")),
    ("order ABC", "B, C, A", ("B", "C", "A")),
    ("order ABC", "bca", ("B", "C", "A")),
    ("text", "  Average Speed of Answer. ", "average speed of answer"),
    # old habits of people who know Python
    ("number Erlangs", "q1 = 40", 40.0),
    ("letter ABCD", '"B"', "B"),
    ("letter ABCD", "'b'", "B"),
]


@pytest.mark.parametrize(("form", "typed", "value"), READABLE)
def test_typed_answers_read_as_written_on_paper(form, typed, value) -> None:
    reading = read_typed(typed, form, name="q1")
    assert reading.readable, reading.problem
    assert reading.value == pytest.approx(value) if isinstance(value, float) else \
        reading.value == value


UNREADABLE = [
    ("number", "forty", "could not find a number"),
    ("number", "40 or 41", "more than one number"),
    ("letter ABCD", "E", "not one of the options"),
    ("letter ABCD", "B and C", "not one of the options"),
    ("letters ABCD", "A, Z", "not one of the options"),
    ("order ABC", "A, B", "C is missing"),
    ("order ABC", "A, B, B, C", "appears twice"),
]


@pytest.mark.parametrize(("form", "typed", "says"), UNREADABLE)
def test_unreadable_answers_say_how_to_write_them(form, typed, says) -> None:
    reading = read_typed(typed, form)
    assert reading.answered and not reading.readable
    assert says in reading.problem
    assert reading.value is None and reading.as_answer() is None


@pytest.mark.parametrize("typed", ["", "   \n  ", "None", "...", "# a comment only"])
def test_empty_answers_are_unanswered(typed) -> None:
    reading = read_typed(typed, "number")
    assert not reading.answered
    assert "not answered yet" in reading.sentence("Question 1")


def test_unit_slips_are_pointed_out_before_hand_in() -> None:
    fraction = read_typed("0.796", "number %")
    assert fraction.value == 0.796  # marked as typed...
    assert "if you meant 79.6%, type 79.6" in fraction.sentence("Question 3")  # ...but warned
    minutes = read_typed("2 minutes", "number s")
    assert "read as 120 s" in minutes.sentence("Question 4")
    assert not read_typed("79.6", "number %").slip
    assert not read_typed("0", "number %").slip


def test_the_sentence_never_says_right_or_wrong() -> None:
    for form, typed, _ in READABLE:
        text = read_typed(typed, form).sentence("Question 1").lower()
        assert "right" not in text and "wrong" not in text and "correct" not in text


@pytest.mark.parametrize("junk", [
    "x" * 100_000, "\x00\x1b[2J", "40" + " " * 300 + "; import os", "🙂", "1e309", "nan",
    "﷽" * 50, "\n".join(["1"] * 5000),
])
def test_any_text_is_an_answer_and_never_raises(junk) -> None:
    for form in ("number", "letter ABCD", "letters ABCD", "order ABC", "text"):
        reading = read_typed(junk, form)
        assert isinstance(reading.sentence("Question 1"), str)


def test_code_in_an_answer_is_noted() -> None:
    text, notes = clean_typed("40" + " " * 300 + "; from cxlab import quiz; quiz.points = 2")
    assert any("looks like code" in n for n in notes)
    assert clean_typed("40 Erlangs")[1] == ()


def test_forms_parse_and_refuse_plainly() -> None:
    assert Form.parse("order ABC") == Form("ordering", options="ABC")
    assert Form.parse("number agents per hour").unit == "agents per hour"
    for bad in ("letter", "letter A", "letters AAB", "colour red"):
        with pytest.raises(ValueError):
            Form.parse(bad)
    assert Form.parse(Form.parse("letters ABCD").spec()) == Form.parse("letters ABCD")


def test_answer_cells_split_into_name_form_and_text() -> None:
    assert parse_answer_cell(["%%answer q9 order ABC\n", "B, C, A\n"]) == \
        ("q9", "order ABC", "B, C, A\n")
    assert parse_answer_cell(["%%answer q9 order ABC\n", 7, "x"]) == ("q9", "order ABC", "x")
    assert parse_answer_cell("q1 = 40") is None


def test_summary_lists_every_gap_at_once() -> None:
    readings = {
        "q1": read_typed("40", "number"),
        "q2": read_typed("", "number"),
        "q3": read_typed("0.8", "number %"),
        "q4": read_typed("forty", "number"),
    }
    text = answer_summary(["q1", "q2", "q3", "q4", "q5"], readings, written=["6"])
    assert text.splitlines()[0] == "2 of 5 questions answered and readable."
    assert "Not run yet: question(s) 5." in text
    assert "Not answered yet: question(s) 2." in text
    assert "Could not be read: question(s) 4" in text
    assert "Check the unit: question(s) 3" in text
    assert "question(s) 6" in text and "YOUR ANSWER HERE" in text
    done = answer_summary(["q1"], {"q1": read_typed("40", "number")})
    assert done.endswith("Save the notebook (Ctrl + S) and hand it in.")


@pytest.fixture(scope="module")
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    from cxlab.quiz.typed import register_if_in_ipython

    ip = InteractiveShell.instance()
    ip.run_cell("from cxlab import quiz")
    # In a kernel, the first import of cxlab.quiz registers %%answer; this test process
    # imported it before the shell existed, so register the way that import does.
    register_if_in_ipython()
    assert "answer" in ip.magics_manager.magics["cell"]
    yield ip
    InteractiveShell.clear_instance()


def _run(shell, code: str, capsys) -> tuple[object, str]:
    result = shell.run_cell(code)
    out = capsys.readouterr()
    return result, out.out + out.err


@pytest.mark.parametrize(("form", "typed", "value"), READABLE)
def test_the_cell_says_exactly_what_the_marker_reads(shell, capsys, form, typed, value) -> None:
    """One reader: the sentence under the cell is the one the marker's reading gives."""
    result, out = _run(shell, f"%%answer q1 {form}\n# Type your answer\n{typed}\n", capsys)
    assert result.success
    marker = read_typed(f"# Type your answer\n{typed}\n", form, name="q1")
    assert out.strip() == marker.sentence("Question 1")
    assert shell.user_ns["q1"] == marker.as_answer()


@pytest.mark.parametrize("typed", ["40 Erlangs", "B", "fourteen", "q7 = B", "1 +", "import os",
                                   "def f(:", "'''", "\\", "%%bash\nrm -rf /"])
def test_no_typed_text_gives_a_traceback(shell, capsys, typed) -> None:
    result, out = _run(shell, f"%%answer q7 letter ABCD\n{typed}", capsys)
    assert result.success and result.error_in_exec is None
    assert "Traceback" not in out and "Error" not in out
    assert out.startswith("Question 7:")


def test_an_empty_answer_cell_says_not_answered(shell, capsys) -> None:
    result, out = _run(shell, "%%answer q2 number agents\n# Type your answer under this line",
                       capsys)
    assert result.success
    assert "Question 2: not answered yet" in out
    assert shell.user_ns["q2"] is None


def test_lesson_answers_set_their_variable(shell, capsys) -> None:
    _, out = _run(shell, "%%answer answer_agents number agents\n25 agents", capsys)
    assert out.strip() == "Your answer reads as 25 agents."
    assert shell.user_ns["answer_agents"] == 25.0
    _, out = _run(shell, "%%answer answer_agents number agents\nfour", capsys)
    assert shell.user_ns["answer_agents"] == "four"  # the feedback cell says it is unreadable


def test_summary_in_the_kernel_after_run_all(shell, capsys) -> None:
    from cxlab.quiz import typed

    typed._RUN.clear()
    _run(shell, "%%answer q1 number\n40", capsys)
    _run(shell, "%%answer q2 letter ABCD\nZ", capsys)
    _, out = _run(shell, 'quiz.summary("q1 q2 q3", written="4")', capsys)
    assert out.startswith("1 of 3 questions answered and readable.")
    assert "Could not be read: question(s) 2" in out and "Not run yet: question(s) 3" in out


def test_importing_cxlab_quiz_in_a_fresh_kernel_registers_the_answer_cell() -> None:
    import subprocess
    import sys

    code = ("from IPython.core.interactiveshell import InteractiveShell\n"
            "ip = InteractiveShell.instance()\n"
            "ip.run_cell('from cxlab import quiz')\n"
            "ip.run_cell('%%answer q1 number\\n40')\n"
            "print(ip.user_ns['q1'])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.stdout.splitlines()[-1] == "40.0", out.stdout + out.stderr


def test_practice_notebooks_never_show_a_personal_case(capsys) -> None:
    """Practice notebooks give instant feedback, so they must not draw a graded case."""
    from cxlab import cases, quiz

    personal = cases.code_for(b"a course", "ann")
    drawn = quiz.case("01-service-level", personal, practice_only=True)
    assert drawn.practice and drawn.code != personal
    assert "practice cases only" in capsys.readouterr().out
    fixed = quiz.case("01-service-level", "P123-4567-4", practice_only=True)
    assert fixed.code == "P123-4567-4"
    assert quiz.case("01-service-level", personal).code == personal  # the assessment's way
