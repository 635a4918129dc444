"""Personal cases of assessment 07 (planning the operation).

Every number is drawn within what a real contact centre sees, and away from the numbers of
the lessons and the practice bank: the four half hours of question 1 are never the bank's
(200, 100, 20 against 180, 110, 30); question 2's chats are never the lessons' 100 chats of
6 minutes; question 5 never costs the docstring's 6 minutes at 30 an hour with 85% occupancy
and 30% shrinkage nor the bank's (80%, 25%); question 6's customer is never 30 a month with 2%
churn (the lesson) nor 20 with 2.5% (the bank); question 7's initiative never the bank's
12,000 and 1,500; and the demand of question 4 is never the textbook's post-office week
(17, 13, 15, 19, 14, 16, 11).

Nothing here is an answer: the hidden tests compute each right answer with the models the
lessons teach (:mod:`cxlab.planning`, :mod:`cxlab.prioritisation.money`,
:func:`cxlab.service_level.backlog`). Draws are redone until the known slips (MAPE where WAPE
was asked, a fraction for a percentage, chat handled as one at a time, CLV without
discounting, ...) give answers clearly apart from the right one, so feedback can name them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from . import register

ASSIGNMENT = "07-planning-the-operation"

LESSON_DAYS = (17, 13, 15, 19, 14, 16, 11)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

TEXTS = {
    "q1": "Four half hours had **{actual1}** calls; the forecast said **{forecast1}**.",
    "q2": "**{chats2} chats** arrive in a half hour. A chat takes **{aht2} s** when it is an "
          "agent's only one; each agent has **{concurrency2} chats** open at once, and each "
          "extra chat makes every chat **{slowdown2_pct}% slower**. The target: "
          "**{target2_pct}% answered within {threshold2} s**.",
    "q3": "**{start3} e-mails** wait at 8:00. In each of the 8 hours to 16:00, "
          "**{arrivals3} e-mails** arrive, and **{agents3} agents** answer e-mails, each taking "
          "**{handle3} minutes** per e-mail.",
    "q4": "Employees needed each day, Monday to Sunday: **{required4}**. Everyone works "
          "**5 days in a row**, then has 2 days off.",
    "q5": "Calls take **{aht5} s**. A paid agent hour costs **{pay5}**; agents are "
          "**{occupancy5_pct}% occupied** and shrinkage is **{shrinkage5_pct}%**; overhead adds "
          "**{overhead5_pct}%** to labour.",
    "q6": "A customer brings a margin of **{margin6} a month**; **{churn6_pct}%** of customers "
          "leave each month; the finance team's discount rate is **{rate6_pct}% a year**.",
    "q7": "An initiative costs **{spend7}** now. From month 1 it saves **{saving7} a month** "
          "and costs **{running7} a month** to run.",
    "q8": "The same initiative over **{months8} months** (month 0 the spend, then months 1 to "
          "{months8} each saving {saving7} and costing {running7}), at a discount rate of "
          "**{rate8_pct}% a year**.",
    "q9": "A bot is offered **{offered9} conversations**. **{transferred9}** are transferred "
          "to an agent; its report counts the rest as contained. Of those, **{repeats9}** "
          "customers contact an agent about the same issue within a week.",
}


def _apart(key: Any, slips: Iterable[Any], tol: float) -> bool:
    """Whether the number ``key`` is more than ``2 tol`` from every slip."""
    return all(abs(key - s) > 2 * tol for s in slips)


# -- each question's numbers ----------------------------------------------------------------------
def _forecast_series(rng) -> dict:
    while True:
        actual = [int(x) for x in rng.integers((120, 60, 15, 150), (320, 180, 45, 360))]
        forecast = [max(1, int(round(a * (1 + e)))) for a, e in
                    zip(actual, rng.uniform(-0.25, 0.35, size=4), strict=True)]
        errors = [f - a for a, f in zip(actual, forecast, strict=True)]
        total = sum(actual)
        wape = 100 * sum(abs(e) for e in errors) / total
        mape = 100 * sum(abs(e) / a for a, e in zip(actual, errors, strict=True)) / 4
        bias = 100 * sum(errors) / total
        if wape < 3 or not _apart(wape, [mape, wape / 100, bias, -bias], 0.1):
            continue
        return {"actual1": ", ".join(map(str, actual)),
                "forecast1": ", ".join(map(str, forecast)),
                "actual1_list": tuple(actual), "forecast1_list": tuple(forecast)}


def _chat(rng) -> dict:
    from cxlab.planning import chat_agents_required

    while True:
        chats = int(rng.integers(14, 45)) * 5  # 70 to 220 chats
        aht = int(rng.integers(48, 96)) * 5  # 4 to 8 minutes
        concurrency = int(rng.integers(2, 4))
        slowdown = int(rng.integers(2, 9)) * 5  # 10% to 40%
        threshold = int(rng.choice([30, 45, 60, 90]))
        target = int(rng.choice([70, 75, 80, 85, 90]))
        if chats == 100 and aht == 360:
            continue
        options: dict[str, Any] = {"slowdown": slowdown / 100, "threshold_seconds": threshold,
                   "target_sl": target / 100}
        key = chat_agents_required(chats, aht, concurrency=concurrency, **options)
        alone = chat_agents_required(chats, aht, concurrency=1, **options)
        no_slowdown = chat_agents_required(chats, aht, concurrency=concurrency,
                                           **{**options, "slowdown": 0.0})
        if not _apart(key, [alone, no_slowdown], 0.5):
            continue
        return {"chats2": chats, "aht2": aht, "concurrency2": concurrency,
                "slowdown2_pct": slowdown, "threshold2": threshold, "target2_pct": target}


def _backlog(rng) -> dict:
    while True:
        start = int(rng.integers(8, 40)) * 10
        arrivals = int(rng.integers(12, 40)) * 5
        agents = int(rng.integers(3, 12))
        handle = int(rng.choice([4, 5, 6, 8, 10, 12]))
        capacity = agents * 60 / handle
        end = start + 8 * (arrivals - capacity)
        slips = [8 * (arrivals - capacity), start + 8 * arrivals - capacity]
        if end < 30 or not _apart(end, slips, 0.5):
            continue
        return {"start3": start, "arrivals3": arrivals, "agents3": agents, "handle3": handle}


def _days(rng) -> dict:
    while True:
        required = tuple(int(x) for x in rng.integers((14, 12, 12, 12, 14, 6, 4),
                                                       (30, 26, 26, 26, 30, 18, 14)))
        if required == LESSON_DAYS:
            continue
        from cxlab.planning import days_off

        key = days_off(list(required)).employees
        if not _apart(key, [math.ceil(sum(required) / 5), max(required)], 0.5):
            continue
        return {"required4": ", ".join(map(str, required)), "required4_list": required}


def _cost(rng) -> dict:
    while True:
        aht = int(rng.integers(36, 96)) * 5  # 3 to 8 minutes
        pay = int(rng.integers(20, 46))
        occupancy = int(rng.integers(70, 91))
        shrinkage = int(rng.integers(20, 41))
        overhead = int(rng.integers(4, 9)) * 5
        if (aht, pay, occupancy, shrinkage) == (360, 30, 85, 30) or (occupancy, shrinkage) == (
                80, 25):
            continue
        labour = aht / 3600 * pay / (occupancy / 100 * (1 - shrinkage / 100))
        key = labour * (1 + overhead / 100)
        slips = [aht / 3600 * pay / (occupancy / 100) * (1 + overhead / 100),
                 aht / 3600 * pay / (1 - shrinkage / 100) * (1 + overhead / 100), labour,
                 aht / 3600 * pay * (1 + overhead / 100)]
        if not _apart(key, slips, 0.01):
            continue
        return {"aht5": aht, "pay5": pay, "occupancy5_pct": occupancy,
                "shrinkage5_pct": shrinkage, "overhead5_pct": overhead}


def _clv(rng) -> dict:
    while True:
        margin = int(rng.integers(12, 61))
        churn = int(rng.integers(8, 41)) / 10  # 0.8% to 4.0% a month
        rate = int(rng.choice([6, 8, 10, 12, 15]))
        if (margin, churn) in ((30, 2.0), (20, 2.5)):
            continue
        from cxlab.prioritisation.money import customer_lifetime_value

        key = customer_lifetime_value(margin, churn / 100, annual_discount_rate=rate / 100)
        slips = [customer_lifetime_value(margin, churn / 100), margin / (churn / 100)]
        if not _apart(key, slips, 1.0):
            continue
        return {"margin6": margin, "churn6_pct": churn, "rate6_pct": rate}


def _initiative(rng) -> dict:
    while True:
        spend = int(rng.integers(8, 61)) * 1000
        saving = int(rng.integers(12, 61)) * 100
        running = int(rng.integers(2, 11)) * 100
        months = int(rng.choice([18, 24, 36]))
        rate = int(rng.choice([6, 8, 10, 12]))
        net = saving - running
        if net <= 0 or (spend, saving) == (12000, 1500):
            continue
        payback = spend / net
        if not 3 <= payback <= months - 3 or not _apart(payback, [spend / saving], 0.05):
            continue
        return {"spend7": spend, "saving7": saving, "running7": running,
                "months8": months, "rate8_pct": rate}


def _bot(rng) -> dict:
    while True:
        offered = int(rng.integers(40, 201)) * 50
        transferred = int(round(offered * rng.uniform(0.25, 0.55)))
        repeats = int(round((offered - transferred) * rng.uniform(0.1, 0.35)))
        key = 100 * (offered - transferred - repeats) / offered
        slips = [100 * (offered - transferred) / offered, key / 100,
                 100 * (offered - transferred - repeats) / (offered - transferred)]
        if not _apart(key, slips, 0.1):
            continue
        return {"offered9": offered, "transferred9": transferred, "repeats9": repeats}


@register(ASSIGNMENT)
def draw_planning(rng) -> tuple[dict, dict]:
    values: dict = {}
    for part in (_forecast_series, _chat, _backlog, _days, _cost, _clv, _initiative, _bot):
        values.update(part(rng))
    return values, TEXTS
