"""Backlog validation and the cost/benefit score, RICE and WSJF (REFERENCES.md formulas)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from cxlab import CxlabValueError
from cxlab.prioritisation import (
    BACKLOG_COLUMNS,
    BacklogError,
    load_backlog,
    priority_scores,
    quadrant,
    rice,
    validate_backlog,
    wsjf,
)


def test_sample_backlog_loads_clean():
    backlog = load_backlog()
    assert list(backlog.columns[: len(BACKLOG_COLUMNS) - 1]) == list(BACKLOG_COLUMNS[1:])
    assert backlog.index.is_unique and len(backlog) >= 20
    assert set(backlog["status"]) <= {"idea", "approved", "in progress", "done", "on hold"}
    assert backlog.loc["CX-06", "dependencies"] == ("CX-13",)


def test_missing_columns_are_named(backlog_of):
    table = backlog_of({"code": "A"}).drop(columns=["risk", "owner"])
    with pytest.raises(BacklogError, match="missing columns: risk, owner"):
        validate_backlog(table)


def test_every_problem_is_listed_with_spreadsheet_rows(backlog_of):
    table = backlog_of(
        {"code": "A", "customer_benefit": 7},
        {"code": "A", "status": "started"},
        {"code": "C", "effort": 0, "dependencies": "Z"},
        {"code": "D", "cost": "lots", "dependencies": "D"},
    )
    with pytest.raises(BacklogError) as caught:
        validate_backlog(table)
    problems = "\n".join(caught.value.problems)
    assert "row 2: customer_benefit must be a whole number from 1 to 5, got 7" in problems
    assert "row 3: status must be one of idea, approved, in progress, done, on hold; " \
           "got 'started'" in problems
    assert "row 3: code 'A' is already used in row 2" in problems
    assert "row 4: effort must be above 0 person-weeks, got 0" in problems
    assert "row 4: 'C' depends on 'Z', which is not in the backlog" in problems
    assert "row 5: cost must be a number, got 'lots'" in problems
    assert "row 5: 'D' depends on itself" in problems


def test_empty_backlog_is_refused(backlog_of):
    with pytest.raises(BacklogError, match="has no initiatives"):
        validate_backlog(backlog_of({"code": "A"}).iloc[0:0])


def test_csv_file_with_blank_owner(tmp_path):
    text = ("code,title,domain,customer_benefit,business_benefit,cost,effort,risk,"
            "dependencies,owner,status\nA,Fix it,Billing,3,3,1,1,1,,,idea\n")
    with pytest.raises(BacklogError, match="row 2: owner is blank"):
        load_backlog(io.StringIO(text))
    with pytest.raises(FileNotFoundError, match="no file"):
        load_backlog(tmp_path / "missing.csv")
    with pytest.raises(CxlabValueError, match="is a folder"):
        load_backlog(tmp_path)


def test_priority_score_by_hand(backlog_of):
    table = backlog_of(
        {"code": "A", "customer_benefit": 4, "business_benefit": 3, "cost": 5, "effort": 3},
        {"code": "B", "customer_benefit": 5, "business_benefit": 5, "cost": 100,
         "effort": 20, "risk": 5},
    )
    scores = priority_scores(table)
    # A: value 0.6*4 + 0.4*3 = 3.6; total 5 + 3*2.5 = 12.5 k; 3.6 * 1.0 / 1.25 = 2.88
    assert scores.loc["A", "value"] == pytest.approx(3.6)
    assert scores.loc["A", "total_cost"] == pytest.approx(12.5)
    assert scores.loc["A", "priority"] == pytest.approx(2.88)
    # B: value 5; confidence 1 - 0.1*4 = 0.6; total 150 k; 5 * 0.6 / 15 = 0.2
    assert scores.loc["B", "confidence"] == pytest.approx(0.6)
    assert scores.loc["B", "priority"] == pytest.approx(0.2)
    assert list(scores.index) == ["A", "B"] and list(scores["rank"]) == [1, 2]


def test_weights_change_the_value(backlog_of):
    table = backlog_of({"code": "A", "customer_benefit": 5, "business_benefit": 1})
    assert priority_scores(table, customer_weight=1.0).loc["A", "value"] == 5
    assert priority_scores(table, customer_weight=0.0).loc["A", "value"] == 1


@pytest.mark.parametrize(
    ("value", "effort", "expected"),
    [(4, 2, "quick win"), (4, 9, "major project"), (2, 2, "fill-in"), (2, 9, "money pit"),
     (3, 5, "quick win"), (2.9, 5.01, "money pit")],
)
def test_quadrants(value, effort, expected):
    assert quadrant(value, effort, effort_threshold=5) == expected


def test_default_effort_threshold_is_the_median(backlog_of):
    table = backlog_of({"code": "A", "effort": 1}, {"code": "B", "effort": 3},
                       {"code": "C", "effort": 10, "customer_benefit": 5})
    scores = priority_scores(table)
    assert scores.attrs["effort_threshold"] == 3
    assert scores.loc["C", "quadrant"] == "major project"
    assert scores.loc["B", "quadrant"] == "quick win"  # value 3 is high, effort 3 not above 3


def test_done_is_left_out_unless_asked(backlog_of):
    table = backlog_of({"code": "A", "status": "done"}, {"code": "B"})
    assert list(priority_scores(table).index) == ["B"]
    assert len(priority_scores(table, include_done=True)) == 2
    with pytest.raises(CxlabValueError, match="every initiative in the backlog is done"):
        priority_scores(table.iloc[:1])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"customer_weight": 1.5}, r"customer_weight must be in \[0, 1\], got 1.5"),
     ({"risk_discount": 0.5}, r"risk_discount must be in \[0, 0.25\]"),
     ({"cost_per_person_week": -1}, "cost_per_person_week must be 0 or more"),
     ({"effort_threshold": 0}, "effort_threshold must be positive")],
)
def test_bad_scoring_parameters(backlog_of, kwargs, message):
    with pytest.raises(CxlabValueError, match=message):
        priority_scores(backlog_of({"code": "A"}), **kwargs)


def test_free_initiative_needs_a_cost_rate(backlog_of):
    with pytest.raises(CxlabValueError, match="total cost is 0 for A"):
        priority_scores(backlog_of({"code": "A", "cost": 0}), cost_per_person_week=0)


def test_rice_reference_formula():
    # reach x impact x confidence / effort
    assert rice(reach=500, impact=3, confidence=1.0, effort=2) == 750.0
    assert rice(reach=1000, impact=0.25, confidence=0.5, effort=1) == 125.0
    scores = rice(pd.Series([100, 200], index=["x", "y"]), 1, 0.8, 2)
    assert scores.to_dict() == {"x": 40.0, "y": 80.0}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"impact": 4}, "impact must be one of 3 .massive."),
     ({"confidence": 80}, r"write 80% as 0.8"),
     ({"confidence": 0}, r"confidence must be in \(0, 1\]"),
     ({"effort": 0}, "effort must be positive"),
     ({"reach": -5}, "reach must be 0 or more")],
)
def test_rice_bad_input(kwargs, message):
    args = {"reach": 100, "impact": 1, "confidence": 0.8, "effort": 1, **kwargs}
    with pytest.raises(CxlabValueError, match=message):
        rice(**args)


def test_wsjf_reference_formula():
    # (business value + time criticality + risk reduction) / job size
    assert wsjf(8, 5, 3, 8) == 2.0
    got = wsjf(np.array([1, 20]), np.array([1, 13]), np.array([1, 2]), np.array([3, 5]))
    assert got.tolist() == [1.0, 7.0]
    with pytest.raises(CxlabValueError, match="job_size must be positive"):
        wsjf(1, 1, 1, 0)
