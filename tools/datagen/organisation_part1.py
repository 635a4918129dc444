"""Build the sample data of module 06, part 1 (lessons 06.01-06.03), for Northwave Broadband.

A maintainer script: it writes CSV files into ``src/cxlab/data/`` that ship with cxlab. Every
random draw comes from a seeded generator, so a rebuild gives the same bytes::

    python tools/datagen/organisation_part1.py           # rewrite the files
    python tools/datagen/organisation_part1.py --check   # exit 1 if a shipped file differs

The files, and how each is made:

``cx_maturity_statements.csv`` (artefact, read by ``cxlab.organisation.load_questionnaire``)
    The CX maturity questionnaire: 24 statements, four for each of the six pillars of CX
    management. Written by hand below.

``cx_maturity_answers.csv`` (data set ``cx_maturity_answers``)
    Eight Northwave managers answer every statement on the scale 1 (not at all true of us)
    to 5 (fully true); a blank is "don't know". Each answer is a manager's view of the
    pillar (the pillar's level below, plus the manager's own leaning, plus a statement
    effect) with noise, rounded and kept within 1-5. What is planted:

    * governance and design are weakest, measurement strongest (a centre that measures a lot
      and acts little), strategy weak: a CX vision on the wall, no strategy in the plan;
    * culture splits the managers: the three directors furthest from customers (marketing,
      IT, finance) see a customer-centred culture, the managers of customer-facing teams do
      not, so the culture average hides a disagreement;
    * the statement "we check a tool serves the strategy before buying it" is low for all.

``cx_roles.csv`` (artefact, read by ``cxlab.organisation.load_role_table``)
    For eight departments: the customer outcome the department affects, the CX
    responsibility written into its roles, the measure of it, its staff and how many have
    had basic CX training. Written by hand below; the customer-facing teams are well
    trained, the back office much less.

``quick_wins_2027_owners.csv`` (data set ``quick_wins_2027_owners``)
    For each of the 99 pain points of ``quick_wins_2027``: the department that owns the fix
    (from the journey stage, with router delivery split between Field Operations and
    Warehousing and refunds between Billing and Finance) and who found it: frontline staff,
    customer feedback or the CX team. Planted: frontline staff found the pain points that
    were removed more often than those still open (they know the fix as well as the pain).

``flagship_tasks_2027.csv`` (data set ``flagship_tasks_2027``)
    The flagship project "Right first bill" as of 30 September 2027: 14 tasks in four
    batches, each with an owner, a deadline and the day it was done (blank while open).
    Written by hand: batches 1 and 2 done (one task late), batch 3 overdue on two IT tasks,
    batch 4 not due yet.

``investment_requests_2027.csv`` (data set ``investment_requests_2027``)
    Ten investments departments asked for in 2027, each with the answer given to "how will
    this improve the customer experience?" and the measure offered. Written by hand: some
    name a customer outcome and a measure, some a customer outcome only, some no customer
    reason at all.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "src" / "cxlab" / "data"

#: Seeds of the random files.
MATURITY_SEED = 6
OWNERS_SEED = 2027

PILLARS = ("strategy", "customer understanding", "design", "measurement", "culture",
           "governance")

# ------------------------------------------------------------------ maturity questionnaire

STATEMENTS: tuple[tuple[str, str, str], ...] = (
    ("S1", "strategy", "We have a written CX strategy that says which customers we serve and "
     "what experience we promise them."),
    ("S2", "strategy", "Our CX goals are part of the business plan and the budget, not a "
     "side project."),
    ("S3", "strategy", "Our leaders can explain how the customer experience drives our "
     "business results."),
    ("S4", "strategy", "Before we buy a tool or open a channel, we check that it serves the "
     "CX strategy."),
    ("U1", "customer understanding", "We have personas built from research and data, and "
     "teams use them."),
    ("U2", "customer understanding", "We have mapped the whole journey, billing and "
     "installation included, not only sales and service."),
    ("U3", "customer understanding", "We collect the voice of the customer at the key "
     "touchpoints and read the comments, not only the scores."),
    ("U4", "customer understanding", "We know which moments of the journey drive loyalty "
     "most."),
    ("D1", "design", "New products and processes are designed across the journey, not "
     "department by department."),
    ("D2", "design", "We try changes with customers or frontline staff before rolling them "
     "out."),
    ("D3", "design", "Our process maps show where each process touches the customer."),
    ("D4", "design", "Frontline staff help design the changes that affect their work."),
    ("M1", "measurement", "We track a few customer measures (such as NPS, satisfaction, "
     "effort) beside the operational ones."),
    ("M2", "measurement", "Customer measures are linked to the operational drivers, so we "
     "know what to change to move them."),
    ("M3", "measurement", "Every CX initiative has a measure of success agreed before it "
     "starts."),
    ("M4", "measurement", "We can show what a better customer experience is worth in money."),
    ("C1", "culture", "CX responsibilities are written into job roles in every department, "
     "not only in customer service."),
    ("C2", "culture", "Everyone, not only the frontline, has had basic CX training."),
    ("C3", "culture", "We celebrate the people who deliver a great customer experience."),
    ("C4", "culture", "Employees are asked what gets in the customers' way, and we act on "
     "what they say."),
    ("G1", "governance", "A named leader owns the customer experience and has the authority "
     "to act."),
    ("G2", "governance", "A regular forum, such as a monthly change board, decides CX "
     "priorities and resources."),
    ("G3", "governance", "CX projects have a charter, owners and deadlines, and progress is "
     "reviewed every month."),
    ("G4", "governance", "Every department's investment must say how it will improve the "
     "customer experience."),
)


def build_maturity_statements() -> pd.DataFrame:
    """The questionnaire: statement id, pillar, statement."""
    return pd.DataFrame(STATEMENTS, columns=["statement_id", "pillar", "statement"])


# ------------------------------------------------------------------ maturity answers

# Respondent id -> role.
RESPONDENTS = (
    ("R1", "CX lead"),
    ("R2", "Contact centre director"),
    ("R3", "Head of billing"),
    ("R4", "Marketing director"),
    ("R5", "IT director"),
    ("R6", "HR business partner"),
    ("R7", "Field operations manager"),
    ("R8", "Finance director"),
)
# The level each pillar sits at, as the managers see it on average (1-5).
_PILLAR_LEVEL = {"strategy": 2.4, "customer understanding": 3.0, "design": 2.3,
                 "measurement": 3.5, "culture": 3.0, "governance": 1.9}
# Culture as each respondent sees it: directors far from customers see it rosy.
_CULTURE_VIEW = {"R1": 2.4, "R2": 2.0, "R3": 2.0, "R4": 4.3, "R5": 4.1, "R6": 2.4,
                 "R7": 1.8, "R8": 4.2}
# Statement effects (points above or below its pillar's level).
_STATEMENT_EFFECT = {"S4": -0.9, "S3": 0.4, "U3": 0.5, "U1": -0.5, "M1": 0.5, "M4": -0.8,
                     "G1": 0.3, "G4": -0.4, "D3": -0.4}
_NOISE_POINTS = 0.55
_DONT_KNOW = 0.05


def build_maturity_answers(seed: int = MATURITY_SEED) -> pd.DataFrame:
    """Eight managers' answers, one row each, one column per statement ('' = don't know)."""
    rng = np.random.default_rng(seed)
    leaning = rng.normal(0.0, 0.25, size=len(RESPONDENTS))
    rows = []
    for (rid, role), lean in zip(RESPONDENTS, leaning, strict=True):
        row: dict[str, object] = {"respondent": rid, "role": role}
        for sid, pillar, _text in STATEMENTS:
            level = _CULTURE_VIEW[rid] if pillar == "culture" else _PILLAR_LEVEL[pillar] + lean
            value = level + _STATEMENT_EFFECT.get(sid, 0.0) + rng.normal(0.0, _NOISE_POINTS)
            dont_know = rng.random() < _DONT_KNOW
            row[sid] = "" if dont_know else str(int(np.clip(np.rint(value), 1, 5)))
        rows.append(row)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ roles

ROLES: tuple[tuple[str, str, str, str, int, int], ...] = (
    ("Finance",
     "Refunds and credits reach the customer quickly and without a chase",
     "Pay approved refunds within two working days and review the cost of failure, such as "
     "credits and repeat calls, with the CX lead every month",
     "Approved refunds paid within 2 working days, share", 24, 3),
    ("Warehousing",
     "The customer's router arrives complete before the installation day",
     "Pick and dispatch each router so it arrives two days before the engineer, and text "
     "the customer when it ships",
     "Routers delivered before the installation day, share", 38, 2),
    ("IT",
     "Customers and agents never have to repeat details the company already has",
     "Test every system change on a customer journey before release, and keep billing and "
     "the customer record in step",
     "Customer-facing incidents caused by changes, per month", 55, 8),
    ("HR",
     "Customers meet staff who are trained and allowed to solve their problem",
     "Write CX responsibilities into every job description and give every new starter basic "
     "CX training",
     "New starters with basic CX training in their first month, share", 12, 10),
    ("Marketing",
     "What an advert promises is what the customer gets",
     "Check every offer with Billing and Field Operations before launch, so prices and "
     "installation dates can be kept",
     "Complaints about a broken promise, per 1,000 new customers", 20, 12),
    ("Billing",
     "The first bill matches what the customer was told when they ordered",
     "Explain part-month charges before the first bill arrives and fix each billing error "
     "at its cause",
     "Calls about the first bill, per 100 new customers", 46, 14),
    ("Contact centre",
     "Customers get their problem solved in one contact, without a long wait",
     "Resolve at first contact where possible and pass every recurring cause to the team "
     "that owns it",
     "First contact resolution and service level, weekly", 180, 171),
    ("Field operations",
     "The engineer arrives in the window promised to the customer and leaves the line "
     "working",
     "Keep appointment windows, text the customer before arrival and test the line with "
     "them before leaving",
     "Appointments kept in the promised window, share", 120, 96),
)


def build_roles() -> pd.DataFrame:
    """The role table: department, customer outcome, responsibility, measure, training."""
    return pd.DataFrame(ROLES, columns=["department", "customer_outcome", "responsibility",
                                        "measure", "staff", "trained_basic_cx"])


# ------------------------------------------------------------------ quick-wins owners

# Journey stage -> ((owner, chance), ...).
_STAGE_OWNERS = {
    "discovery": (("Marketing", 1.0),),
    "purchase": (("Digital", 0.7), ("Sales", 0.3)),
    "installation": (("Field Operations", 0.7), ("Warehousing", 0.3)),
    "onboarding": (("Digital", 0.6), ("Network Operations", 0.4)),
    "usage": (("Network Operations", 1.0),),
    "billing": (("Billing", 0.8), ("Finance", 0.2)),
    "service": (("Customer Service", 1.0),),
    "renewal": (("Retention", 1.0),),
}
FOUND_BY = ("frontline staff", "customer feedback", "CX team")
# Who found a pain point, by whether it was removed by 30 September 2027.
_FOUND_BY_CHANCE = {True: (0.6, 0.25, 0.15), False: (0.3, 0.45, 0.25)}


def build_quick_wins_owners(seed: int = OWNERS_SEED) -> pd.DataFrame:
    """Owner and finder of each quick-wins pain point (joins ``quick_wins_2027``)."""
    rng = np.random.default_rng(seed)
    text = (DATA_DIR / "quick_wins_2027.csv").read_text(encoding="utf-8")
    wins = pd.read_csv(pd.io.common.StringIO(text), dtype=str, keep_default_na=False)
    owners, finders = [], []
    for stage, removed_on in zip(wins["stage"], wins["removed_on"], strict=True):
        names, chances = zip(*_STAGE_OWNERS[stage], strict=True)
        owners.append(str(rng.choice(names, p=chances)))
        finders.append(str(rng.choice(FOUND_BY, p=_FOUND_BY_CHANCE[removed_on != ""])))
    return pd.DataFrame({"pain_point_id": wins["pain_point_id"], "owner": owners,
                         "found_by": finders})


# ------------------------------------------------------------------ flagship tasks

TASKS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("T01", "1 Understand", "Listen to 50 first-bill calls with agents",
     "Contact centre manager", "2027-02-26", "2027-02-19"),
    ("T02", "1 Understand", "Sort a month of first-bill calls by reason", "CX analyst",
     "2027-02-26", "2027-02-24"),
    ("T03", "1 Understand", "Map the billing process from order to first bill",
     "Head of billing", "2027-02-26", "2027-02-26"),
    ("T04", "2 Quick fixes", "Send a plain-language first-bill explainer", "Head of billing",
     "2027-04-30", "2027-04-12"),
    ("T05", "2 Quick fixes", "Say the part-month charge at the point of sale", "Sales manager",
     "2027-04-30", "2027-04-28"),
    ("T06", "2 Quick fixes", "Give agents a one-page guide to the first bill",
     "Contact centre manager", "2027-04-30", "2027-03-31"),
    ("T07", "2 Quick fixes", "Refund bill errors under 20 pounds without a call",
     "Finance manager", "2027-04-30", "2027-05-21"),
    ("T08", "3 Fix the cause", "Show part-month charges on their own line of the bill",
     "IT delivery lead", "2027-08-31", ""),
    ("T09", "3 Fix the cause", "Pilot one customer record for billing and the CRM",
     "IT delivery lead", "2027-09-15", ""),
    ("T10", "3 Fix the cause", "Let customers choose their direct debit date",
     "Head of billing", "2027-08-31", "2027-08-20"),
    ("T11", "3 Fix the cause", "Try the new bill layout with 20 customers", "CX analyst",
     "2027-08-31", "2027-07-30"),
    ("T12", "4 Prove and hand over", "Report first-bill calls per 100 new customers monthly",
     "CX analyst", "2027-11-30", ""),
    ("T13", "4 Prove and hand over", "Hand the new process over to business as usual",
     "Head of billing", "2027-12-15", ""),
    ("T14", "4 Prove and hand over", "Tell the project's story at the all-hands meeting",
     "Chief executive", "2027-12-15", ""),
)


def build_flagship_tasks() -> pd.DataFrame:
    """The flagship project's tasks: id, batch, task, owner, deadline, done on."""
    return pd.DataFrame(TASKS, columns=["task_id", "batch", "task", "owner", "deadline",
                                        "done_on"])


# ------------------------------------------------------------------ investment requests

INVESTMENTS: tuple[tuple[str, str, str, int, str, str], ...] = (
    ("INV-01", "Contact centre", "Live chat on the website", 85_000,
     "Every competitor offers live chat", ""),
    ("INV-02", "Digital", "Live chat inside the app for customers in the middle of a fault",
     60_000, "Customers with a fault can get help without losing their place in the app or "
     "waiting on the phone", "Repeat fault calls within 7 days, per 100 faults"),
    ("INV-03", "Facilities", "New tables for the staff break room", 6_000,
     "Staff asked for them", ""),
    ("INV-04", "Billing", "Text a reminder three days before the first bill", 9_000,
     "New customers know what their first bill will be before it arrives",
     "Calls about the first bill, per 100 new customers"),
    ("INV-05", "IT", "Upgrade the CRM to the vendor's new version", 240_000,
     "It came with our licence and the old version goes out of support", ""),
    ("INV-06", "Field operations", "Tablets for engineers with the customer's history",
     120_000, "Customers no longer repeat their problem to the engineer who arrives",
     "Repeat visits within 30 days, share"),
    ("INV-07", "Marketing", "A summer brand campaign on social media", 150_000,
     "Raise brand awareness among young renters", ""),
    ("INV-08", "Finance", "Automatic refunds of bill errors under 20 pounds", 30_000,
     "Customers get their money back without having to call", ""),
    ("INV-09", "HR", "Basic CX training for every new starter", 18_000,
     "Customers meet staff in every team who know what the customer goes through",
     "Complaints passed between teams, per month"),
    ("INV-10", "Warehousing", "A second packing line", 75_000,
     "More routers packed per hour for the same staff", ""),
)


def build_investment_requests() -> pd.DataFrame:
    """Investments asked for, with the answer to the veto question and the measure."""
    return pd.DataFrame(INVESTMENTS, columns=["request_id", "department", "investment",
                                              "cost_gbp", "customer_reason", "measure"])


# ------------------------------------------------------------------ writing

#: File name -> builder.
BUILDERS: dict[str, Callable[[], pd.DataFrame]] = {
    "cx_maturity_statements.csv": build_maturity_statements,
    "cx_maturity_answers.csv": build_maturity_answers,
    "cx_roles.csv": build_roles,
    "quick_wins_2027_owners.csv": build_quick_wins_owners,
    "flagship_tasks_2027.csv": build_flagship_tasks,
    "investment_requests_2027.csv": build_investment_requests,
}


def render(frame: pd.DataFrame) -> str:
    """CSV text that is the same on every machine: no index, ``\\n`` line ends."""
    return frame.to_csv(index=False, lineterminator="\n")


def main(argv: list[str] | None = None) -> int:
    """Write the files, or with ``--check`` say which shipped file differs from a rebuild."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _cli import run

    return run(BUILDERS, render, data_dir=DATA_DIR, script="organisation_part1.py",
               description=__doc__.splitlines()[0], argv=argv)


if __name__ == "__main__":
    sys.exit(main())
