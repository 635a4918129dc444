"""Execution: the charter, batch status, the operating rhythm and the veto screen."""

from __future__ import annotations

import pandas as pd
import pytest

from cxlab import CxlabValueError, data
from cxlab.organisation import Charter, batch_status, operating_rhythm, veto_screen

GOOD = {
    "name": "Right first bill",
    "sponsor": "Chief executive",
    "owner": "Head of billing",
    "customer_outcome": "The first bill matches what the customer was told at sale",
    "objectives": ("Halve calls about the first bill",),
    "definition_of_done": ("First-bill calls below 6 per 100 new customers for 3 months",),
}


def test_a_complete_charter_is_kept_tidy():
    charter = Charter(**GOOD | {"benefits": ["Fewer calls", "  "], "phases": "Understand",
                                "name": "  Right first bill "})
    assert charter.name == "Right first bill"
    assert charter.benefits == ("Fewer calls",)
    assert charter.phases == ("Understand",)
    table = charter.table()
    assert table.index.tolist() == ["Project", "Sponsor", "Owner", "Customer outcome",
                                    "Objectives", "Benefits", "Definition of done", "Phases"]
    assert table.loc["Objectives", "Charter"] == "Halve calls about the first bill"
    two = Charter(**GOOD | {"benefits": ["Fewer calls", "Trust"]})
    assert two.table().loc["Benefits", "Charter"] == "1. Fewer calls; 2. Trust"
    assert two.table().loc["Phases", "Charter"] == "(none yet)"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"customer_outcome": "   "}, "customer_outcome must say what changes for the customer"
                                    r".*the charter 'Right first bill' has none"),
        ({"definition_of_done": ()}, "definition_of_done must list at least one check anyone "
                                     "can verify"),
        ({"definition_of_done": ("", " ")}, "definition_of_done must list at least one check"),
        ({"objectives": []}, "objectives must list at least one objective"),
        ({"sponsor": ""}, "sponsor must name a person or a role; the charter 'Right first bill' "
                          "has none"),
        ({"name": ""}, "name must give the project a name"),
        ({"objectives": (3,)}, "objectives must hold text, got 3"),
        ({"customer_outcome": None}, "customer_outcome must be text, got None"),
    ],
)
def test_an_incomplete_charter_is_refused_with_a_clear_message(change, message):
    with pytest.raises(CxlabValueError, match=message):
        Charter(**GOOD | change)


def test_batch_status_of_the_flagship():
    status = batch_status(data.load("flagship_tasks_2027"), as_of="2027-09-30")
    batches = status.batches
    assert batches.index.tolist() == ["1 Understand", "2 Quick fixes", "3 Fix the cause",
                                      "4 Prove and hand over"]
    assert batches["Status"].tolist() == ["done", "done", "late", "not started"]
    assert batches["Done"].tolist() == [3, 4, 2, 0]
    # T07 was due 30 April and done 21 May.
    assert batches.loc["2 Quick fixes", "Done late"] == 1
    late = status.overdue
    # T08 due 31 August: 30 days by 30 September; T09 due 15 September: 15 days.
    assert late["Task"].tolist() == ["Show part-month charges on their own line of the bill",
                                     "Pilot one customer record for billing and the CRM"]
    assert late["Days overdue"].tolist() == [30, 15]
    assert late["Deadline"].tolist() == ["31 Aug 2027", "15 Sep 2027"]
    assert status.summary() == ("2 of 4 batches done by 30 Sep 2027; 9 of 14 tasks done. "
                                "2 tasks are overdue (owner: IT delivery lead).")


def _tasks(**change) -> pd.DataFrame:
    frame = pd.DataFrame({"batch": ["1", "1"], "task": ["Map the process", "Fix the letter"],
                          "owner": ["Ann", "Bo"], "deadline": ["2027-03-31", "2027-04-30"],
                          "done_on": ["2027-03-20", ""]})
    for column, values in change.items():
        frame[column] = values
    return frame


def test_batch_status_messages():
    with pytest.raises(CxlabValueError, match="owner must name who does each task; task "
                                              "'Fix the letter' has no owner"):
        batch_status(_tasks(owner=["Ann", " "]), as_of="2027-04-01")
    with pytest.raises(CxlabValueError, match="deadline must be a date; task 'Fix the letter' "
                                              "has ''"):
        batch_status(_tasks(deadline=["2027-03-31", ""]), as_of="2027-04-01")
    with pytest.raises(CxlabValueError, match="done_on must be a date, or blank while open; "
                                              "task 'Map the process' has 'soon'"):
        batch_status(_tasks(done_on=["soon", ""]), as_of="2027-04-01")
    with pytest.raises(CxlabValueError, match="done_on must not be after as_of .2027-03-01.; "
                                              "task 'Map the process' is done on 2027-03-20"):
        batch_status(_tasks(), as_of="2027-03-01")
    with pytest.raises(CxlabValueError, match="tasks must have the columns batch, task, owner, "
                                              "deadline, done_on; it is missing owner"):
        batch_status(_tasks().drop(columns="owner"), as_of="2027-04-01")
    with pytest.raises(CxlabValueError, match="as_of must be a date"):
        batch_status(_tasks(), as_of="next week")


def test_nothing_overdue_is_said():
    status = batch_status(_tasks(), as_of="2027-04-01")
    assert status.batches["Status"].tolist() == ["on track"]
    assert status.summary().endswith("Nothing is overdue.")


def test_october_2027_rhythm_by_hand():
    rhythm = operating_rhythm("2027-10")
    calendar = rhythm.calendar
    # October 2027 starts on a Friday: 21 weekdays; Mondays 4, 11, 18, 25; the first
    # Tuesday is the 5th and the last Thursday the 28th.
    assert (calendar["Meeting"] == "Huddle").sum() == 21
    mondays = calendar.loc[calendar["Meeting"] == "Weekly project meeting", "Date"]
    assert mondays.dt.day.tolist() == [4, 11, 18, 25]
    review = calendar.loc[calendar["Meeting"] == "Leaders' review", "Date"].iloc[0]
    board = calendar.loc[calendar["Meeting"] == "Change board", "Date"].iloc[0]
    assert (review.day, board.day) == (5, 28)
    # Project team: 21 x 15 min + 4 x 60 min = 315 + 240 min = 9.25 h.
    assert rhythm.hours.loc["project team", "Total hours"] == pytest.approx(9.25)
    # Project lead also sits in the review (90 min) and the board (120 min): 12.75 h.
    assert rhythm.hours.loc["project lead", "Total hours"] == pytest.approx(12.75)
    assert rhythm.hours.loc["leaders", "Total hours"] == pytest.approx(1.5)


def test_rhythm_holidays_and_lengths():
    # 25 December 2028 is a Monday: no huddle and no weekly meeting that day.
    rhythm = operating_rhythm("2028-12", holidays=["2028-12-25", "2028-12-26"],
                              huddle_minutes=10)
    days = set(rhythm.calendar["Date"].dt.day)
    assert 25 not in days and 26 not in days
    # December 2028: 21 weekdays, less the two holidays.
    assert (rhythm.calendar["Meeting"] == "Huddle").sum() == 19
    assert rhythm.hours.loc["project team", "Huddle"] == pytest.approx(19 * 10 / 60)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"month": "Octember"}, "month must be a month such as '2027-10', got 'Octember'"),
        ({"month": None}, "month must be a month such as '2027-10', got None"),
        ({"month": "2027-10", "huddle_minutes": 0},
         "huddle_minutes must be a whole number of at least 1, got 0"),
        ({"month": "2027-10", "board_minutes": 600},
         r"board_minutes must be at most 480 \(a working day\), got 600"),
        ({"month": "2027-10", "holidays": ["someday"]}, "holidays must be dates"),
    ],
)
def test_rhythm_messages(kwargs, message):
    with pytest.raises(CxlabValueError, match=message):
        operating_rhythm(**kwargs)


def test_veto_screen_of_the_shipped_requests():
    screened = veto_screen(data.load("investment_requests_2027")).set_index("request_id")
    # Read off the file: chat "because competitors have it", the break-room tables, the CRM
    # upgrade "that came with the licence", the brand campaign and the packing line give no
    # customer reason; the automatic refunds name the customer but offer no measure.
    assert screened["verdict"].to_dict() == {
        "INV-01": "veto", "INV-02": "passes", "INV-03": "veto", "INV-04": "passes",
        "INV-05": "veto", "INV-06": "passes", "INV-07": "veto",
        "INV-08": "ask for a measure", "INV-09": "passes", "INV-10": "veto",
    }


def test_veto_screen_says_why_and_checks_its_input():
    requests = pd.DataFrame({"investment": ["A", "B", "C"],
                             "customer_reason": [None, "Staff asked", "Customers wait less"]})
    screened = veto_screen(requests)
    assert screened["verdict"].tolist() == ["veto", "veto", "ask for a measure"]
    assert screened["why"].iloc[0] == "no customer reason given"
    assert "not the customer's" in screened["why"].iloc[1]
    with pytest.raises(CxlabValueError, match="customer_reason must be text; 'A' has 5"):
        veto_screen(pd.DataFrame({"investment": ["A"], "customer_reason": [5]}))
    with pytest.raises(CxlabValueError, match="requests must have the columns investment and "
                                              "customer_reason; it is missing customer_reason"):
        veto_screen(pd.DataFrame({"investment": ["A"]}))
