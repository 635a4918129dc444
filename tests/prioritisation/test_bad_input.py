"""Bad input to module 04's functions is refused plainly, naming the parameter (issue 17).

Each case was a raw pandas or Python message (or a message naming nothing) before; the
message expected is pinned here. The shared checks they use (``check_date``, ``check_bool``,
``CxlabFileNotFoundError``) are tested at the bottom.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

import cxlab
from cxlab import CxlabValueError
from cxlab._validation import CxlabFileNotFoundError, check_bool, check_date
from cxlab.prioritisation import (
    ahp,
    campaign_progress,
    change_board,
    load_backlog,
    load_change_requests,
    plan_roadmap,
    priority_scores,
    weighted_scores,
)

CAMPAIGN = {"removed_on": ["2027-02-01", "2027-03-01"], "target": 10, "start": "2027-01-01",
            "end": "2027-12-31"}


@pytest.fixture(scope="module")
def backlog() -> pd.DataFrame:
    return load_backlog()


# -- the campaign's burn-up -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        # Before: "NaTType does not support strftime"
        ({"start": None}, r"^start must be a date such as '2027-01-01', got None$"),
        ({"end": math.nan}, r"^end must be a date such as '2027-12-31', got nan$"),
        ({"as_of": math.nan}, r"^as_of must be a date such as '2027-07-31', got nan$"),
        # Before: "Unknown datetime string format, unable to parse: abc"
        ({"as_of": "abc"}, r"^as_of must be a date such as '2027-07-31', got 'abc'$"),
        # Before: "Cannot convert input [True] of type <class 'bool'> to Timestamp"
        ({"as_of": True}, r"^as_of must be a date such as '2027-07-31', got True$"),
        # A number is no date (0 would be 1 January 1970).
        ({"as_of": 0}, r"^as_of must be a date such as '2027-07-31', got 0$"),
        # Before: "The truth value of an array with more than one element is ambiguous"
        ({"removed_on": np.zeros((2, 3))},
         r"^removed_on must be a list or column of dates \(one per pain point removed\), "
         r"got a 2 by 3 array$"),
        ({"removed_on": ["2027-02-01", 5]}, r"^removed_on must hold dates, got 5$"),
        # Before: "Invalid frequency: abc. Failed to parse with error message: ..."
        ({"freq": "abc"}, r"^freq must be a pandas frequency such as 'MS' \(month starts\) or "
                          r"'W-MON' \(weeks\), got 'abc'$"),
    ],
)
def test_campaign_progress_names_what_is_wrong(changes: dict, message: str) -> None:
    with pytest.raises(CxlabValueError, match=message):
        campaign_progress(**{**CAMPAIGN, **changes})


def test_campaign_progress_still_takes_dates_of_every_kind() -> None:
    # Two removals in a campaign of 364 days, reported on day 181 (1 July):
    # planned by now 10 * 181 / 364 = 4.97..., rounded to 5.0.
    for as_of in ("2027-07-01", dt.date(2027, 7, 1), pd.Timestamp("2027-07-01"),
                  np.datetime64("2027-07-01")):
        c = campaign_progress(**CAMPAIGN, as_of=as_of)
        assert (c.done, c.planned_by_now) == (2, 5.0)
        assert c.as_of == pd.Timestamp("2027-07-01")
    removed = pd.Series(pd.to_datetime(["2027-02-01", None, "2027-03-01"]))
    assert campaign_progress(**{**CAMPAIGN, "removed_on": removed}).done == 2


# -- the roadmap and the change board -------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        # Before: "'int' object is not iterable"
        ({"pinned": -1}, r"^pinned must map initiative codes to period numbers, such as "
                         r"\{'A': 1\}; got -1$"),
        # Before: "The truth value of a DataFrame is ambiguous"
        ({"pinned": pd.DataFrame()}, r"^pinned must map initiative codes to period numbers"),
        ({"pinned": {"CX-01": "first"}}, r"^pinned period for CX-01 must be from 1 to 3, "
                                         r"got 'first'$"),
        # Before: "Data must be 1-dimensional, got ndarray of shape (2, 3) instead"
        ({"priority": np.zeros((2, 3))}, r"^priority must give a number per initiative code "
                                         r"\(a Series or a dict such as \{'A': 3.2, 'B': 2.5\}"
                                         r"\), got a 2 by 3 array$"),
    ],
)
def test_plan_roadmap_names_what_is_wrong(backlog: pd.DataFrame, changes: dict,
                                          message: str) -> None:
    with pytest.raises(CxlabValueError, match=message):
        plan_roadmap(backlog, capacity=[30, 60, 90], **changes)


def test_plan_roadmap_refuses_an_infinite_priority(backlog: pd.DataFrame) -> None:
    priority = dict.fromkeys(backlog.index, 1.0) | {"CX-01": math.inf}
    with pytest.raises(CxlabValueError, match=r"^priority has no number for CX-01$"):
        plan_roadmap(backlog, capacity=[30, 60, 90], priority=priority)


@pytest.mark.parametrize("criteria", [{}, [], 0, "abc", {"no owner": "owner is blank"}])
def test_change_board_names_bad_criteria(backlog: pd.DataFrame, criteria: object) -> None:
    # Before: {} qualified every request, then failed on a blank owner with a message about
    # the backlog's row 29; a number gave "'int' object is not iterable".
    roadmap = plan_roadmap(backlog, capacity=[30, 60, 90])
    with pytest.raises(CxlabValueError, match=r"^criteria must be a dict of reason -> test, "
                                              r"each test\(request, roadmap\) giving True or "
                                              r"False, with at least one test"):
        change_board(roadmap, load_change_requests(), criteria=criteria)


def test_change_board_takes_criteria_of_ones_own(backlog: pd.DataFrame) -> None:
    roadmap = plan_roadmap(backlog, capacity=[30, 60, 90])
    requests = load_change_requests()
    decision = change_board(roadmap, requests, criteria={"never": lambda row, _: False})
    assert len(decision.accepted) == 0
    assert len(decision.rejected) == len(requests)
    assert set(decision.rejected["reasons"]) == {"never"}


@pytest.mark.parametrize("flag", [np.zeros((2, 3)), pd.DataFrame(), "yes", None, 1])
def test_include_done_must_be_true_or_false(backlog: pd.DataFrame, flag: object) -> None:
    # Before: "The truth value of an array with more than one element is ambiguous"
    with pytest.raises(CxlabValueError, match=r"^include_done must be True or False, got "):
        priority_scores(backlog, include_done=flag)
    with pytest.raises(CxlabValueError, match=r"^include_done must be True or False, got "):
        weighted_scores(backlog, {"Low cost": 1.0}, include_done=flag)


# -- AHP and the backlog file ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ({}, r"^matrix must compare at least 2 items: a square table, or a dict of "
             r"judgements like \{\('A', 'B'\): 3, \.\.\.\}; got \{\}$"),
        (pd.DataFrame(), r"^matrix must compare at least 2 items \(AHP needs 2 or more\), "
                         r"got 0$"),
        ({"A": 3}, r"^matrix \(a dict of judgements\): each judgement in pairs needs a pair "
                   r"of items like \('A', 'B'\), got 'A'$"),
    ],
)
def test_ahp_names_the_matrix(matrix: object, message: str) -> None:
    with pytest.raises(CxlabValueError, match=message):
        ahp(matrix)


def test_a_missing_backlog_file_is_a_cxlab_error_and_a_file_not_found(tmp_path,
                                                                      monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CxlabFileNotFoundError, match=r"^path must name an existing file; "
                                                     r"there is no file 'missing.csv'"):
        load_backlog("missing.csv")
    assert issubclass(CxlabFileNotFoundError, FileNotFoundError)
    assert issubclass(CxlabFileNotFoundError, cxlab.CxlabValueError)
    with pytest.raises(CxlabValueError, match=r"^path '' is a folder, not a backlog CSV file$"):
        load_backlog("")


# -- the shared checks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2027-07-31", pd.Timestamp(2027, 7, 31)), (dt.date(2027, 7, 31), pd.Timestamp(2027, 7, 31)),
     (dt.datetime(2027, 7, 31, 9, 30), pd.Timestamp(2027, 7, 31, 9, 30)),
     (np.datetime64("2027-07-31"), pd.Timestamp(2027, 7, 31))],
)
def test_check_date_takes_a_date_in_any_form(value: object, expected: pd.Timestamp) -> None:
    assert check_date("as_of", value) == expected


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "None"), (math.nan, "nan"), (pd.NaT, "NaT"), ("", "''"), ("soon", "'soon'"),
     (0, "0"), (True, "True"), (["2027-07-31"], r"\['2027-07-31'\]"),
     (pd.DataFrame(), "a table of 0 rows and 0 columns")],
)
def test_check_date_refuses_anything_else(value: object, shown: str) -> None:
    with pytest.raises(CxlabValueError, match=rf"^as_of must be a date such as '2027-01-31', "
                                              rf"got {shown}$"):
        check_date("as_of", value)


def test_check_bool() -> None:
    assert check_bool("overwrite", True) is True
    assert check_bool("overwrite", np.bool_(False)) is False
    for value in (1, 0, "True", None, np.array([True])):
        with pytest.raises(CxlabValueError, match=r"^overwrite must be True or False, got "):
            check_bool("overwrite", value)
