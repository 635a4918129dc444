"""Module 03's sample data: QA evaluations and a calibration session (tools/datagen/core.py).

A maintainer module: ``python tools/datagen/core.py`` writes the files. Both are scored on the
voice QA scorecard ``qa_scorecard.yml`` (:func:`cxlab.data.load_scorecard`). **Trainers
only:** how agents, evaluators and CSAT are made, and which behaviours drive CSAT, is in the
docstrings of :func:`build_qa_evaluations` and :func:`build_qa_calibration` (which items the
calibration session disputes).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from core_voice import check_seed

from cxlab._validation import CxlabValueError
from cxlab.data import load_scorecard

#: Seed of the shipped ``qa_evaluations.csv``.
QA_EVALUATIONS_SEED = 4

#: Seed of the shipped ``qa_calibration.csv``.
QA_CALIBRATION_SEED = 7

#: Details columns of ``qa_evaluations.csv``, before the scorecard items (``csat`` comes last).
QA_EVALUATION_DETAILS = ("evaluation_id", "agent", "evaluator", "date", "contact_id")

QA_AGENTS = tuple(f"A{n:02d}" for n in range(1, 41))
QA_EVALUATORS = ("E1", "E2", "E3", "E4")
QA_MONTHS = ("2026-01", "2026-02", "2026-03")
#: Agents coached at the end of January on ownership, empathy and next steps.
QA_COACHED_AGENTS = ("A05", "A12", "A23", "A34")
QA_COACHED_ITEMS = ("ownership", "empathy", "next_steps")
#: Items the calibration session disagrees on.
QA_DISPUTED_ITEMS = ("probing", "empathy", "policy_applied")

# Yes/no items: log-odds of a "yes" for an average agent. Scale items: mean on 1..5.
_QA_YES_LOGIT = {
    "greeting": 2.6,
    "verify_identity": 3.2,
    "listening": 1.8,
    "probing": 0.9,
    "confirms_need": 0.7,
    "next_steps": 0.8,
    "hold_transfer": 1.4,
    "correct_information": 2.6,
    "policy_applied": 2.3,
    "data_protection": 4.0,
    "summary": 0.9,
    "further_help": 1.8,
    "closing": 2.3,
}
_QA_SCALE_MEAN = {"empathy": 3.3, "ownership": 3.2, "clarity": 3.6}
# Share of contacts where the item does not arise (N/A).
_QA_NOT_APPLICABLE = {
    "verify_identity": 0.10,
    "data_protection": 0.10,
    "probing": 0.04,
    "confirms_need": 0.05,
    "hold_transfer": 0.60,
    "policy_applied": 0.55,
}
# Effect of each behaviour on the customer's satisfaction (points on the 1-5 CSAT scale):
# per scale point above 3 for scale items, for a "yes" rather than a "no" for yes/no items.
_QA_CSAT_EFFECT = {
    "ownership": 0.55,
    "empathy": 0.40,
    "clarity": 0.20,
    "correct_information": 1.60,
    "next_steps": 0.45,
    "probing": 0.15,
    "listening": 0.15,
    "greeting": 0.0,
    "closing": 0.05,
}
_QA_CSAT_BASE = 1.95
_QA_CSAT_NOISE = 0.6
_QA_SURVEYED = 0.5
# Evaluator bias: P(no read as yes), P(yes read as no), shift on 1..5 scale items.
_QA_EVALUATOR_BIAS = {
    "E1": (0.30, 0.02, 0.6),  # lenient
    "E2": (0.02, 0.15, -0.5),  # harsh
    "E3": (0.04, 0.04, 0.1),
    "E4": (0.04, 0.04, -0.1),
}
_QA_SCALE_READING_NOISE = 0.3


def _qa_items() -> tuple:
    items = load_scorecard().items
    known = set(_QA_YES_LOGIT) | set(_QA_SCALE_MEAN)
    if {item.id for item in items} != known:  # pragma: no cover - the two must be kept in step
        raise CxlabValueError("qa_scorecard.yml and the QA generator name different items")
    return items


def _qa_true_contact(rng: np.random.Generator, items: tuple, skill: dict[str, float]) -> dict:
    """What really happened on one contact: 1/0 for yes/no, 1..5 for scales, None for N/A."""
    truth: dict[str, float | None] = {}
    for item in items:
        if rng.random() < _QA_NOT_APPLICABLE.get(item.id, 0.0):
            truth[item.id] = None
        elif item.kind == "scale":
            value = _QA_SCALE_MEAN[item.id] + 0.7 * skill[item.id] + rng.normal(0.0, 0.7)
            truth[item.id] = float(np.clip(np.rint(value), 1, 5))
        else:
            logit = _QA_YES_LOGIT[item.id] + 0.9 * skill[item.id]
            truth[item.id] = float(rng.random() < 1.0 / (1.0 + math.exp(-logit)))
    if truth["data_protection"] is None or truth["verify_identity"] is None:
        truth["data_protection"] = truth["verify_identity"] = None  # no account discussed
    return truth


def _qa_csat(rng: np.random.Generator, truth: dict) -> int:
    value = _QA_CSAT_BASE + rng.normal(0.0, _QA_CSAT_NOISE)
    for item_id, effect in _QA_CSAT_EFFECT.items():
        answer = truth[item_id]
        if answer is None:
            continue
        value += effect * ((answer - 3.0) if item_id in _QA_SCALE_MEAN else answer)
    return int(np.clip(np.rint(value), 1, 5))


def _qa_reading(
    rng: np.random.Generator,
    items: tuple,
    truth: dict,
    evaluator: str,
    disputed: tuple[str, ...] = (),
) -> dict[str, str]:
    """How ``evaluator`` scores a contact: answers as written in the file."""
    lenient, harsh, shift = _QA_EVALUATOR_BIAS[evaluator]
    answers: dict[str, str] = {}
    for item in items:
        answer = truth[item.id]
        if answer is None:
            answers[item.id] = "n/a"
        elif item.kind == "scale":
            spread = 1.3 if item.id in disputed else _QA_SCALE_READING_NOISE
            value = answer + shift + rng.normal(0.0, spread)
            answers[item.id] = str(int(np.clip(np.rint(value), 1, 5)))
        else:
            if item.id in disputed:
                flip = 0.4
            else:
                flip = lenient if answer == 0.0 else harsh
            seen = answer if rng.random() >= flip else 1.0 - answer
            answers[item.id] = "yes" if seen == 1.0 else "no"
    return answers


def _qa_business_days(month: str) -> pd.DatetimeIndex:
    start = pd.Timestamp(month + "-01")
    days = pd.bdate_range(start, start + pd.offsets.MonthEnd(0))
    return days[~((days.month == 1) & (days.day == 1))]  # closed on New Year's Day


def build_qa_evaluations(seed: int = QA_EVALUATIONS_SEED) -> pd.DataFrame:
    """Three months of QA evaluations of 40 voice agents, with the customer's CSAT answer.

    **Trainers only: the rules below are what participants are asked to discover.**

    * **Agents.** 40 agents, ``A01``-``A40``. Each has a general ability (normal, mean 0,
      sd 1); the skill on a behaviour is 0.6 x ability plus a personal strength or weakness
      on that behaviour (normal, sd 0.6): for a
      yes/no item the chance of doing it is a logistic curve of that skill around the item's
      base rate (greeting 93% for an average agent, probing 71%, confirming the need 67%,
      next steps 69%, correct information 93%, data protection 98%, ...); for the 1-5 scale
      items (empathy, ownership, clarity) the score on a contact is the item's mean (3.3,
      3.2, 3.6) plus 0.7 per unit of skill plus noise (sd 0.7), rounded and kept in 1..5.
    * **Items that do not arise** are N/A: a hold or transfer on 40% of contacts only,
      a refund or credit request on 45%, no account discussed on 10% (then identity
      check and data protection are both N/A), probing 4%, confirming the need 5%.
    * **Evaluations.** For each agent and month (January, February, March 2026) 4-6
      contacts on random working days; each evaluation is done by one of four evaluators at
      random. The evaluators read the same calls differently: **E1 is lenient** (reads 30%
      of the no's as yes, scales +0.6), **E2 is harsh** (reads 15% of the yes's as no,
      scales -0.5), **E3 and E4 are close to consensus** (4% slips either way, scales
      +/-0.1); every scale reading has some noise (sd 0.3).
    * **CSAT** is the customer's survey answer for the contact, driven by what really
      happened on the call (not by the evaluator's reading): 1.95, plus 0.55 per ownership
      point above 3, 0.40 per empathy point above 3, 0.20 per clarity point above 3, 1.6
      if the information was correct, 0.45 for next steps explained, 0.15 each for probing
      and listening, 0.05 for the closing, **nothing for the greeting**, and nothing for
      the refund policy (a customer given a credit the policy did not allow is not
      unhappy), plus noise (sd 0.6), rounded to 1..5. About half the customers answered
      the survey; the other half are blank. So ownership, correct information, empathy and
      next steps drive CSAT strongly; greeting, closing and the compliance items barely.
    * **Coaching.** Agents ``A05``, ``A12``, ``A23`` and ``A34`` start weak (general ability
      -1.2) and are coached at the end of January on ownership, empathy and next steps:
      their skill on those three rises by 0.9 in February and 1.8 in March, so their QA
      scores and CSAT improve month on month. Nobody else changes.

    With the shipped seed, on the surveyed contacts CSAT correlates about 0.45 with
    ownership and empathy, 0.35 with next steps and correct information, and about 0 with
    the greeting. Rows are sorted by date; about 600 evaluations.

    Parameters
    ----------
    seed : int, default QA_EVALUATIONS_SEED
        Seed of the random generator; the shipped file uses the default.

    Returns
    -------
    pandas.DataFrame
        One row per evaluation: ``evaluation_id, agent, evaluator, date, contact_id``, one
        column per scorecard item (``"yes"``/``"no"``/``"n/a"`` or ``"1"``-``"5"``/``"n/a"``)
        and ``csat`` (nullable whole number, missing when the customer was not surveyed).
    """
    seed = check_seed(seed)
    items = _qa_items()
    rng = np.random.default_rng([seed, 301])
    ability = rng.normal(0.0, 1.0, size=len(QA_AGENTS))
    for agent in QA_COACHED_AGENTS:
        ability[QA_AGENTS.index(agent)] = -1.2
    own = rng.normal(0.0, 0.6, size=(len(QA_AGENTS), len(items)))
    contact_numbers = rng.choice(np.arange(100000, 1000000), size=40 * 3 * 7, replace=False)
    rows = []
    for month_number, month in enumerate(QA_MONTHS):
        days = _qa_business_days(month)
        for a, agent in enumerate(QA_AGENTS):
            skill = {item.id: 0.6 * ability[a] + own[a, i] for i, item in enumerate(items)}
            if agent in QA_COACHED_AGENTS:
                for item_id in QA_COACHED_ITEMS:
                    skill[item_id] += 0.9 * month_number
            for _ in range(int(rng.integers(4, 7))):
                truth = _qa_true_contact(rng, items, skill)
                evaluator = QA_EVALUATORS[int(rng.integers(len(QA_EVALUATORS)))]
                csat = _qa_csat(rng, truth)
                surveyed = rng.random() < _QA_SURVEYED
                row = {
                    "agent": agent,
                    "evaluator": evaluator,
                    "date": days[int(rng.integers(len(days)))],
                    "contact_id": f"C{contact_numbers[len(rows)]}",
                    **_qa_reading(rng, items, truth, evaluator),
                    "csat": csat if surveyed else pd.NA,
                }
                rows.append(row)
    frame = pd.DataFrame(rows).sort_values(["date", "agent", "contact_id"], kind="stable")
    frame.insert(0, "evaluation_id", [f"QA{n:04d}" for n in range(1, len(frame) + 1)])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["csat"] = frame["csat"].astype("Int64")
    columns = [*QA_EVALUATION_DETAILS, *(item.id for item in items), "csat"]
    return frame[columns].reset_index(drop=True)


def build_qa_calibration(seed: int = QA_CALIBRATION_SEED) -> pd.DataFrame:
    """A calibration session: the four evaluators each score the same 12 recorded contacts.

    **Trainers only.** The 12 contacts are drawn like those of :func:`build_qa_evaluations`
    (agents of varied ability; a refund or credit request on most of them so that the
    policy item applies), and every evaluator scores every item of every contact with the
    same biases as there (E1 lenient, E2 harsh, E3 and E4 close to consensus). Three items
    are **disputed**: the scorecard's wording leaves room for interpretation, so each
    evaluator reads them almost independently: ``probing`` and ``policy_applied`` (yes/no:
    40% of readings are the opposite of what happened) and ``empathy`` (1-5 scale: reading
    noise sd 1.3 instead of 0.3). The other items are mostly agreed; N/A is always agreed.

    Parameters
    ----------
    seed : int, default QA_CALIBRATION_SEED
        Seed of the random generator; the shipped file uses the default.

    Returns
    -------
    pandas.DataFrame
        48 rows (12 contacts x 4 evaluators): ``contact_id, evaluator`` and one column per
        scorecard item, answers as in ``qa_evaluations``.
    """
    seed = check_seed(seed)
    items = _qa_items()
    rng = np.random.default_rng([seed, 302])
    rows = []
    for number in range(1, 13):
        ability = rng.normal(0.0, 1.0)
        skill = {item.id: 0.6 * ability + rng.normal(0.0, 0.6) for item in items}
        truth = _qa_true_contact(rng, items, skill)
        if truth["policy_applied"] is None and rng.random() < 0.8:
            truth["policy_applied"] = float(rng.random() < 0.75)
        for evaluator in QA_EVALUATORS:
            answers = _qa_reading(rng, items, truth, evaluator, QA_DISPUTED_ITEMS)
            rows.append({"contact_id": f"CAL{number:02d}", "evaluator": evaluator, **answers})
    return pd.DataFrame(rows)


