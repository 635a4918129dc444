"""Bad input to module 06's functions is refused plainly, naming the parameter (issue 17).

Each case was a raw pandas or Python message (or a message naming nothing) before; the
message expected is pinned here, and a valid call of the same kind still works.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxlab import CxlabTypeError, CxlabValueError, data
from cxlab import organisation as org

TASKS = pd.DataFrame({"batch": ["1"], "task": ["a"], "owner": ["Ann"],
                      "deadline": ["2027-03-31"], "done_on": [""]})


@pytest.mark.parametrize("as_of", [None, math.nan])
def test_batch_status_needs_a_report_day(as_of: object) -> None:
    # Before: AttributeError: 'NaTType' object has no attribute 'normalize'
    with pytest.raises(CxlabValueError, match=r"^as_of must be a date such as '2027-04-15', "
                                              rf"got {as_of}$"):
        org.batch_status(TASKS, as_of=as_of)


def test_months_covered_names_the_day_that_is_not_a_date() -> None:
    # Before: AttributeError: 'NaTType' object has no attribute 'normalize'
    with pytest.raises(CxlabValueError, match=r"^last_day must be a date such as "
                                              r"'2027-09-30', got None$"):
        org.months_covered("2027-01-01", None)


@pytest.mark.parametrize("as_of", [[], math.inf, "abc", pd.DataFrame()])
def test_campaign_outlook_names_the_report_day(as_of: object) -> None:
    # Before: "Cannot convert input [[]] of type <class 'list'> to Timestamp" and the like
    with pytest.raises(CxlabValueError, match=r"^as_of must be a date such as '2027-07-31', "
                                              r"got "):
        org.campaign_outlook(["2027-01-20"], target=12, start="2027-01-01", end="2027-06-30",
                             as_of=as_of)


@pytest.mark.parametrize("holidays", [0, math.nan, True, {"day": "2027-12-27"}])
def test_operating_rhythm_names_holidays_that_are_not_dates(holidays: object) -> None:
    # Before: TypeError: 'int' object is not iterable
    with pytest.raises(CxlabValueError, match=r"^holidays must be dates such as '2027-12-27'"):
        org.operating_rhythm("2027-12", holidays=holidays)


def test_operating_rhythm_takes_one_holiday_or_none() -> None:
    # December 2027 has 23 weekdays; Monday the 27th off leaves 22 huddles.
    for one in ("2027-12-27", ["2027-12-27"], pd.Timestamp("2027-12-27")):
        huddles = org.operating_rhythm("2027-12", holidays=one).calendar["Meeting"]
        assert (huddles == "Huddle").sum() == 22
    every_day = org.operating_rhythm("2027-12", holidays=None).calendar["Meeting"]
    assert (every_day == "Huddle").sum() == 23


@pytest.mark.parametrize("target", [[], pd.DataFrame(), [3.0, 3.5]])
def test_maturity_gaps_wants_one_level_per_pillar(target: object) -> None:
    # Before: "Data must be 1-dimensional, got ndarray of shape (6, 0) instead"
    result = org.score_maturity(data.load("cx_maturity_answers"))
    with pytest.raises(CxlabValueError, match=r"^target must be one level per pillar \(a level "
                                              r"on the 1-5 scale, e.g. 3.5\), or a mapping of "
                                              r"pillars to levels; got "):
        org.maturity_gaps(result, target=target)


@pytest.mark.parametrize("by", [[], {}, np.zeros((2, 3)), pd.DataFrame()])
def test_campaign_breakdown_names_by(by: object) -> None:
    # Before: TypeError: unhashable type: 'list'
    wins = data.load("quick_wins_2027")
    with pytest.raises(CxlabValueError, match=r"^by must be one of 'owner', 'found_by', "
                                              r"'stage'; got "):
        org.campaign_breakdown(wins, data.load("quick_wins_2027_owners"), by=by)


@pytest.mark.parametrize("departments", [0, math.inf, True, np.zeros((2, 3))])
def test_role_matching_names_departments(departments: object) -> None:
    # Before: TypeError: 'int' object is not iterable (or unhashable type: 'numpy.ndarray')
    with pytest.raises(CxlabValueError, match=r"^departments must be a list of department "
                                              r"names, got "):
        org.role_matching(org.load_role_table(), departments=departments, rng=1)


@pytest.mark.parametrize("folder", [0, [], math.nan, pd.DataFrame()])
def test_save_plan_names_a_folder_that_is_no_folder_name(folder: object, tmp_path: Path,
                                                         monkeypatch) -> None:
    # Before: "expected str, bytes or os.PathLike object, not int"
    monkeypatch.chdir(tmp_path)
    parts = [org.plan_section(key, text=key) for key in org.plan.SECTIONS]
    plan = org.one_page_plan(parts, organisation="Northwave", author="Sam")
    with pytest.raises(CxlabTypeError, match=r"^folder must be the name of an existing folder "
                                             r"\(text or a Path\), got "):
        org.save_plan(plan, "plan", folder=folder)
    assert list(tmp_path.iterdir()) == []  # nothing written


@pytest.mark.parametrize("schemes", [None, 0, math.nan, True])
def test_compare_schemes_names_schemes(schemes: object) -> None:
    # Before: TypeError: 'NoneType' object is not iterable
    with pytest.raises(CxlabValueError, match=r"^schemes must be a list of Schemes \(such as "
                                              r"\[HANDLE_TIME_SCHEME, BALANCED_SCHEME\]\), got "):
        org.compare_schemes(schemes, rng=1)
