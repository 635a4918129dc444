"""Question banks: YAML sources for trainers, sealed JSON for participants."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from cxlab import quiz
from cxlab.quiz import bank as bank_module
from cxlab.quiz.bank import BankError, read_bank_file
from tests.conftest import ROOT

SOURCES = sorted((ROOT / "banks").glob("*.yml"))


@pytest.mark.parametrize("source", SOURCES, ids=[s.name for s in SOURCES])
def test_every_bank_has_at_least_ten_questions_with_explanations_and_hints(source: Path) -> None:
    plain = read_bank_file(source)
    assert len(plain) >= 10
    for q in plain:
        assert q.prompt and q.explanation and q.hint, q.id


def test_start_here_bank_covers_the_basics() -> None:
    plain = read_bank_file(ROOT / "banks" / "00-start-here.yml")
    kinds = {q.kind for q in plain}
    assert kinds == {"single", "multiple", "numeric", "text", "ordering"}
    text = " ".join(q.prompt.lower() for q in plain)
    for topic in ["service level", "response time", "asa", "occupancy", "shrinkage",
                  "first-contact resolution", "quality"]:
        assert topic in text, topic


def test_numeric_answers_in_the_start_here_bank_follow_from_the_prompts() -> None:
    """Worked independently of the bank: the keys must be the arithmetic the prompts ask."""
    plain = read_bank_file(ROOT / "banks" / "00-start-here.yml")
    assert plain["asa-calc"].answer == pytest.approx((60 * 0 + 40 * 30) / 100)
    assert plain["erlangs-calc"].answer == pytest.approx(150 * 240 / 1800)
    assert plain["occupancy-calc"].answer == pytest.approx(100 * 10 / 14, abs=0.01)
    assert plain["shrinkage-roster"].answer == pytest.approx(14 / (1 - 0.30))


@pytest.mark.parametrize("source", SOURCES, ids=[s.name for s in SOURCES])
def test_shipped_bank_is_the_sealed_source_and_checks_the_same(source: Path) -> None:
    plain = read_bank_file(source)
    shipped = quiz.load_bank(plain.id)
    assert shipped.is_sealed and shipped.ids == plain.ids
    for q in plain:
        right = _right_answer(q)
        assert shipped[q.id].score(right) == 1.0, q.id
        assert shipped.check(q.id, right).message == q.check(right).message, q.id


def _right_answer(q):
    return {"multiple": lambda: sorted(q.answer), "text": lambda: q.answer[0],
            "ordering": lambda: ", ".join(q.answer)}.get(q.kind, lambda: q.answer)()


def test_sealed_banks_are_current() -> None:
    assert bank_module.main(["check", "--root", str(ROOT)]) == 0, "run `make notebooks`"


def test_build_and_check_in_a_scratch_tree(tmp_path: Path) -> None:
    (tmp_path / "banks").mkdir()
    source = {"id": "demo", "title": "Demo", "questions": [
        {"id": "one", "kind": "single", "prompt": "?", "options": ["x", "y"], "answer": "B"}]}
    (tmp_path / "banks" / "demo.yml").write_text(yaml.safe_dump(source))
    assert bank_module.main(["check", "--root", str(tmp_path)]) == 1
    assert bank_module.main(["build", "--root", str(tmp_path)]) == 0
    assert bank_module.main(["check", "--root", str(tmp_path)]) == 0
    built = tmp_path / "src" / "cxlab" / "quiz" / "banks" / "demo.json"
    first = built.read_text()
    bank_module.main(["build", "--root", str(tmp_path)])
    assert built.read_text() == first, "rebuilding gives the same bytes"
    assert quiz.load_bank(built).check("one", "b").correct is True


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id: x\nquestions: []\n", "'questions' must be a non-empty list"),
        ("title: no id\nquestions: [{}]\n", "the field 'id' is missing"),
        ("id: x\nquestions:\n  - {id: a, kind: single, options: [p, q], answer: Z}\n",
         r"x.yml, question 1 'a'.*not one of"),
        ("id: x\nquestions:\n  - {id: a, kind: text, answer: t}\n"
         "  - {id: a, kind: text, answer: u}\n", "the id 'a' is used twice"),
        ("id: x\nquestions: [\n", "could not be read"),
    ],
)
def test_bad_bank_files_say_where(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "x.yml"
    path.write_text(content)
    with pytest.raises(BankError, match=message):
        quiz.load_bank(path)


def test_unknown_bank_name_lists_the_banks() -> None:
    with pytest.raises(BankError, match=r"no bank called 'basics'; the banks are .*00-start-here"):
        quiz.load_bank("basics")


def test_offline_check_and_text_rendering() -> None:
    shipped = quiz.load_bank("00-start-here")
    text = shipped.render_text()
    assert text.startswith("Contact-centre basics")
    assert len(re.findall(r"^Question \d+ \[", text, re.M)) == len(shipped)
    with pytest.raises(KeyError, match="has no question 'nope'"):
        shipped.check("nope", "A")


def test_sealed_json_holds_no_answer_fields() -> None:
    for path in (ROOT / "src" / "cxlab" / "quiz" / "banks").glob("*.json"):
        data = json.loads(path.read_text())
        for q in data["questions"]:
            assert set(q) <= {"id", "kind", "prompt", "options", "unit", "hint", "sealed"}, q["id"]


def test_unquoted_colon_in_an_option_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("id: x\nquestions:\n  - id: a\n    kind: single\n    answer: A\n"
                    "    options:\n      - Good news: it worked\n      - Bad news\n")
    with pytest.raises(BankError, match=r"option 1 is not plain text .* must be put in quotes"):
        quiz.load_bank(path)


def test_numeric_answers_of_modules_01_to_03_follow_from_their_prompts() -> None:
    """Worked independently (arithmetic here, not cxlab), so a wrong key cannot hide."""
    import math

    b01 = read_bank_file(ROOT / "banks" / "01-service-level.yml")
    assert b01["asa-from-pw"].answer == pytest.approx(0.174 * 180 / (14 - 10), abs=0.01)
    assert b01["shrinkage-schedule"].answer == math.ceil(23 / (1 - 0.35))
    assert b01["backlog-end-of-day"].answer == 8 * (120 - 100)
    b02 = read_bank_file(ROOT / "banks" / "02-metric-interrelationships.yml")
    assert b02["aht-parts"].answer == 240 + 30 + 60
    assert b02["fcr-volume"].answer == pytest.approx(90 / 0.75)
    assert b02["agents-available"].answer == math.floor(30 * 0.7 * 0.9)
    b03 = read_bank_file(ROOT / "banks" / "03-coaching-scoring.yml")
    assert b03["na-reweight"].answer == pytest.approx(100 * (0.2 + 0.5 * 0.5) / 0.7, abs=0.05)
    observed, chance = 35 / 50, (25 / 50) * (30 / 50) + (25 / 50) * (20 / 50)
    assert b03["kappa-calc"].answer == pytest.approx((observed - chance) / (1 - chance))
    assert b03["sample-size"].answer == math.ceil((1.959964 * 12 / 4) ** 2)
