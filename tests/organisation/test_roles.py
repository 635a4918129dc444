"""CX in every job role: the role table, training coverage, the checkers' plain feedback."""

from __future__ import annotations

import pandas as pd
import pytest

from cxlab import CxlabValueError
from cxlab.organisation import (
    check_matching,
    check_role_description,
    has_customer_reason,
    load_role_table,
    role_matching,
    training_coverage,
)

REQUIRED = ["Finance", "Warehousing", "IT", "HR", "Marketing", "Billing"]


def test_role_table_covers_the_six_departments_with_different_responsibilities():
    roles = load_role_table()
    assert set(REQUIRED) <= set(roles.index)
    assert list(roles.columns) == ["customer_outcome", "responsibility", "measure", "staff",
                                   "trained_basic_cx"]
    for column in ("customer_outcome", "responsibility", "measure"):
        assert roles[column].is_unique, f"{column} must differ from department to department"
        assert (roles[column].str.len() > 10).all()


def test_every_row_of_the_role_table_passes_its_own_checker():
    roles = load_role_table()
    for department, row in roles.iterrows():
        text = f"{row['customer_outcome']}. {row['responsibility']}. Measure: {row['measure']}"
        assert check_role_description(text).correct, department
        assert has_customer_reason(row["customer_outcome"]), department


def test_training_coverage_by_hand():
    roles = pd.DataFrame({"staff": [10, 30, 5], "trained_basic_cx": [9, 3, 5]},
                         index=["Contact centre", "Finance", "HR"])
    table = training_coverage(roles)
    # Finance 3/30 = 10%, Contact centre 9/10 = 90%, HR 5/5 = 100%; all 17/45.
    assert table.index.tolist() == ["Finance", "Contact centre", "HR", "All departments"]
    assert table["Trained (share)"].tolist() == pytest.approx([0.1, 0.9, 1.0, 17 / 45])
    assert table.loc["All departments", "Staff"] == 45


def test_training_coverage_of_the_shipped_table():
    table = training_coverage(load_role_table())
    # 24+38+55+12+20+46+180+120 = 495 staff; 3+2+8+10+12+14+171+96 = 316 trained.
    assert table.loc["All departments", ["Staff", "Trained"]].tolist() == [495, 316]
    assert table.index[0] == "Warehousing"  # 2 of 38, about 5%
    assert table.loc["Warehousing", "Trained (share)"] == pytest.approx(2 / 38)


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        (pd.DataFrame({"staff": [10], "trained_basic_cx": [12]}, index=["IT"]),
         "trained_basic_cx must be at most staff; IT has 12 trained of 10 staff"),
        (pd.DataFrame({"staff": [-1], "trained_basic_cx": [0]}, index=["IT"]),
         "staff must be a whole number of 0 or more; IT has -1"),
        (pd.DataFrame({"staff": [0], "trained_basic_cx": [0]}, index=["IT"]),
         "staff must be at least 1; IT has 0"),
        (pd.DataFrame({"staff": [10]}, index=["IT"]),
         "roles must have the columns staff and trained_basic_cx; it is missing "
         "trained_basic_cx"),
        ("IT: 10 staff", "roles must be a table"),
    ],
)
def test_training_coverage_messages(roles, message):
    with pytest.raises(CxlabValueError, match=message):
        training_coverage(roles)


@pytest.mark.parametrize(
    ("text", "correct", "phrases"),
    [
        ("Billing: the first bill matches what the customer was told; measured by first-bill "
         "calls per 100 new customers", True, ["customer", "a number", "a rate"]),
        ("IT keeps systems running so customers are happy", False,
         ["it names the customer (customers)", "No measure"]),
        ("Finance: refunds within 2 working days", False,
         ["no customer outcome", "It has a measure (a number, a time)"]),
        ("In Marketing, CX is everybody's job", False,
         ["no customer outcome", "No measure", "slogan"]),
    ],
)
def test_role_description_feedback(text, correct, phrases):
    feedback = check_role_description(text)
    assert feedback.correct is correct
    assert feedback.message.startswith("Correct" if correct else "Not yet")
    for phrase in phrases:
        assert phrase in feedback.message


def test_role_description_unanswered_and_not_text():
    for empty in (None, "", "   "):
        feedback = check_role_description(empty)
        assert feedback.correct is None and feedback.message.startswith("Not answered yet")
    with pytest.raises(CxlabValueError, match="text must be text, got 42"):
        check_role_description(42)


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("Every competitor offers live chat", False),
        ("It came with our contact-centre software", False),
        ("Our boss told us to", False),
        ("Management asked for it because customers like chat", False),
        ("Staff asked for them", False),
        ("", False),
        (None, False),
        (float("nan"), False),
        ("Customers at work can ask a question without a phone call", True),
        ("Callers in the middle of a fault get help in the app", True),
    ],
)
def test_customer_reason(reason, expected):
    assert has_customer_reason(reason) is expected


def test_customer_reason_refuses_numbers():
    with pytest.raises(CxlabValueError, match="reason must be text, got 3"):
        has_customer_reason(3)


def test_matching_is_seeded_and_its_key_points_at_each_departments_responsibility():
    roles = load_role_table()
    first = role_matching(roles, departments=REQUIRED, rng=6)
    again = role_matching(roles, departments=REQUIRED, rng=6)
    assert first.key == again.key
    assert first.options.equals(again.options)
    assert first.letters == "ABCDEF"
    for department, letter in zip(first.departments, first.key, strict=True):
        assert first.options.loc[letter, "Responsibility"] == roles.loc[department,
                                                                        "responsibility"]
    assert sorted(first.key) == list("ABCDEF")


def test_matching_feedback():
    matching = role_matching(load_role_table(), departments=REQUIRED, rng=6)
    key = list(matching.key)
    assert check_matching(", ".join(key), matching).correct is True
    swapped = key.copy()
    swapped[0], swapped[5] = swapped[5], swapped[0]
    feedback = check_matching(" ".join(swapped), matching)
    assert feedback.correct is False
    assert feedback.message.startswith("Not yet: 4 of 6 departments are right.")
    assert "- Finance: its customer outcome is" in feedback.message
    assert "- Billing: its customer outcome is" in feedback.message
    assert "Warehousing" not in feedback.message
    assert feedback.score == pytest.approx(4 / 6)
    assert check_matching(None, matching).message.startswith("Not answered yet")
    unreadable = check_matching("A, B", matching)
    assert unreadable.correct is False and unreadable.message.startswith("Not read:")


def test_matching_messages():
    roles = load_role_table()
    with pytest.raises(CxlabValueError, match="departments must be in the role table"):
        role_matching(roles, departments=["Finance", "Legal"])
    with pytest.raises(CxlabValueError, match="departments must be 2 to 26 different"):
        role_matching(roles, departments=["Finance"])
    with pytest.raises(CxlabValueError, match="rng must be a numpy Generator, a seed"):
        role_matching(roles, rng="x")
    with pytest.raises(CxlabValueError, match="matching must be what role_matching"):
        check_matching("A", "ABC")
