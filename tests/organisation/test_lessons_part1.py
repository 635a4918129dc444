"""The numbers the prose of lessons 06.01-06.03 quotes agree with the data and the models.

Each test recomputes a number (with the library, and by hand where the comment says so)
and checks that the lesson's text quotes it, so a change to the data that changes a number
fails here instead of leaving a lesson that says something untrue.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from cxlab import data, organisation
from tests.conftest import ROOT

LESSONS = ROOT / "solutions" / "06-making-cx-stick"


def _text(name: str) -> str:
    nb = json.loads((LESSONS / name).read_text(encoding="utf-8"))
    return " ".join(" ".join("".join(c["source"]).split()) for c in nb["cells"])


@pytest.fixture(scope="module")
def maturity():
    return organisation.score_maturity(data.load("cx_maturity_answers"))


def test_0601_profile_numbers(maturity):
    text = _text("06.01-cx-maturity.ipynb")
    profile = maturity.profile
    assert profile.idxmax() == "measurement" and f"({profile['measurement']:.2f})" in text
    assert profile.idxmin() == "governance" and f"({profile['governance']:.2f})" in text
    assert profile["strategy"] == 2.5 and "**Strategy** scores 2.5" in text
    s4 = data.load("cx_maturity_answers")["S4"]
    assert set(s4) <= {1, 2} and "gets nothing but 1s and 2s" in text


def test_0601_culture_disagreement(maturity):
    text = _text("06.01-cx-maturity.ipynb")
    culture = maturity.by_respondent.set_index("role")["culture"]
    directors = culture[["Finance director", "Marketing director", "IT director"]]
    assert (directors.min(), round(directors.max(), 2)) == (4.0, 4.33)
    assert "rate the culture 4.0 to 4.33" in text
    assert culture["Contact centre director"] == culture["Field operations manager"] == 1.5
    assert "field operations manager rate it 1.5." in text
    spread = maturity.spread.loc["culture"]
    assert f"(here culture, {spread['lowest']:g} to {spread['highest']:.2f})" in text
    assert f"The average, {maturity.profile['culture']:.2f}," in text
    # Exercise 1: 4.33 - 1.5 = 2.83.
    assert round(maturity.spread.loc["culture", "spread"], 2) == 2.83
    assert "4.33 - 1.5 = **2.83 points**" in text


def test_0601_gaps_and_tools(maturity):
    text = _text("06.01-cx-maturity.ipynb")
    gaps = organisation.maturity_gaps(maturity, target=3.5)
    plain = organisation.maturity_gaps(maturity, target=3.5, weights={})
    assert plain.index[0] == "governance" and f"({plain['Gap'].iloc[0]:.2f} points)" in text
    assert gaps.index[:3].tolist() == ["strategy", "governance", "design"]
    assert gaps.loc["strategy", "Weighted gap"] == 2.0 and "times 2: 2.0" in text
    plan = pd.DataFrame({"action": ["a", "b", "c", "d"],
                         "kind": ["tool", "practice", "tool", "practice"],
                         "pillar": ["measurement", "strategy", "customer understanding",
                                    "governance"]})
    assert organisation.screen_tool_purchases(plan, maturity)["flagged"].tolist() == [
        True, False, True, False]
    assert "Both tool purchases are flagged" in text


def test_0601_exercise_2_worked_answer(maturity):
    text = _text("06.01-cx-maturity.ipynb")
    board = {"strategy": 4, "customer understanding": 4, "design": 3, "measurement": 3,
             "culture": 3, "governance": 3}
    gaps = organisation.maturity_gaps(maturity, target=board)
    assert gaps.index[:2].tolist() == ["strategy", "customer understanding"]
    # By hand: (4 - 3.0625) x 1.5 = 1.406; (4 - 2.5) x 2 = 3.0; 3 - 2.0729 = 0.927;
    # 3 - 2.375 = 0.625; 3 - 2.854 = 0.146.
    assert gaps.loc["customer understanding", "Weighted gap"] == pytest.approx(1.40625)
    assert gaps.loc["measurement", "Gap"] == 0
    for quoted in ("4 - 3.06 = 0.94", "1.41", "3.0", "(3 - 2.07 = 0.93)", "design (0.62)",
                   "culture (0.15)"):
        assert quoted in text


def test_0602_matching_key_and_training():
    text = _text("06.02-cx-in-every-job-role.ipynb")
    roles = organisation.load_role_table()
    matching = organisation.role_matching(
        roles, departments=["Finance", "Warehousing", "IT", "HR", "Marketing", "Billing"], rng=6)
    assert ", ".join(matching.key) in text
    share = organisation.training_coverage(roles)["Trained (share)"]
    # By hand: 171/180 = 95%, 10/12 = 83%, 96/120 = 80%, 14/46 = 30%, 8/55 = 15%,
    # 316/495 = 64%.
    for department, quoted in [("Contact centre", "95%"), ("HR", "83%"),
                               ("Field operations", "80%"), ("Billing", "30%"), ("IT", "15%"),
                               ("All departments", "64%")]:
        assert f"{share[department]:.0%}" == quoted and quoted in text
    assert "finance (3 of 24)" in text and "warehouse (2 of 38)" in text
    back_office = share[["Warehousing", "Finance", "IT", "Billing"]]
    assert back_office.idxmin() == "Warehousing" and back_office.idxmax() == "Billing"
    assert (share.drop(back_office.index) > back_office.max()).all()  # "the least trained"
    assert f"least trained ({back_office.min():.0%} to {back_office.max():.0%})" in text


def test_0603_campaign_numbers():
    text = _text("06.03-momentum-and-execution.ipynb")
    wins, owners = data.load("quick_wins_2027"), data.load("quick_wins_2027_owners")
    outlook = organisation.campaign_outlook(wins["removed_on"], target=99, start="2027-01-01",
                                            end="2027-12-31", as_of="2027-09-30")
    for value in (outlook.recent_per_month, outlook.pace_per_month, outlook.needed_per_month):
        assert f"{value:.1f}" in text
    assert f"{outlook.stretch:.1f} times the recent pace" in text
    by_owner = organisation.campaign_breakdown(wins, owners, months_left=3).drop("All")
    assert by_owner.index[0] == "Billing" and by_owner.loc["Billing", "Open"] == 12
    assert by_owner.loc["Billing", "Per month to finish"] == 4
    all_open = organisation.campaign_breakdown(wins, owners, months_left=3).loc["All", "Open"]
    assert f"(12 of the {all_open}): 4 a month" in text
    assert by_owner.loc["Sales", "Removed"] == 0
    assert (by_owner["Per month to finish"].drop("Billing") < 2).all()
    found = organisation.campaign_breakdown(wins, owners, by="found_by")
    assert found.loc["frontline staff", ["Pain points", "Removed"]].tolist() == [43, 33]
    for finder, quoted in [("frontline staff", "77%"), ("customer feedback", "46%"),
                           ("CX team", "24%")]:
        assert f"{found.loc[finder, 'Removed (share)']:.0%}" == quoted and quoted in text
    assert "33 / 55 = **60%**" in text and found.loc["All", "Removed"] == 55
    assert (f"found {found.loc['frontline staff', 'Pain points']} of the "
            f"{found.loc['All', 'Pain points']} pain points, and "
            f"{found.loc['frontline staff', 'Removed']} of theirs are gone") in text
    assert "frontline found 60% of the pain points removed so far" in text


def test_0603_batches_rhythm_and_veto():
    text = _text("06.03-momentum-and-execution.ipynb")
    status = organisation.batch_status(data.load("flagship_tasks_2027"), as_of="2027-09-30")
    assert status.batches["Status"].tolist()[:2] == ["done", "done"]
    tasks = status.tasks.set_index("task_id")
    # T07 due 30 April, done 21 May: three weeks late.
    assert (tasks.loc["T07", "done_on"] - tasks.loc["T07", "deadline"]).days == 21
    assert status.overdue["Days overdue"].tolist() == [30, 15] and "30 and 15 days" in text
    october = organisation.operating_rhythm("2027-10").hours["Total hours"]
    assert october["project team"] == 9.25 and october["project lead"] == 12.75
    assert ("a team member spends 9.25 hours in the rhythm, about 6% of a month of 7.5-hour "
            "working days; the project lead 12.75") in text
    # "costs a team member about 9 to 11 hours a month" (every month of 2027)
    months = [organisation.operating_rhythm(f"2027-{m:02d}").hours.loc["project team",
                                                                       "Total hours"]
              for m in range(1, 13)]
    assert 9 <= min(months) and max(months) <= 11 and "about 9 to 11 hours a month" in text
    assert round(9.25 / (21 * 7.5), 2) == 0.06 and "about 6%" in text
    november = organisation.operating_rhythm("2027-11").calendar
    assert (november["Meeting"] == "Huddle").sum() == 22
    assert (november["Meeting"] == "Weekly project meeting").sum() == 5
    assert "**10.5 hours**" in text
    verdicts = organisation.veto_screen(data.load("investment_requests_2027"))["verdict"]
    assert (verdicts == "veto").sum() == 5 and "Five vetoes in ten" in text
