"""Personal cases of assessment 04 (prioritising CX initiatives, the roadmap, the change board).

The assessment works on the module's shipped data (the broadband backlog, six stakeholders'
rankings, February's change requests, the quick-wins log). What each participant gets of
their own:

* the steering group's **settings** for the cost/benefit score (question 1: a customer weight
  and a cost per person-week, never the lesson's 0.3, 0.6, 0.9 or 2.5 k) and for the matrix
  (question 2: an effort threshold other than the median of 8), each about an initiative of
  their own, never one the lessons work through (CX-01, CX-04, CX-16);
* a RICE estimate (question 3) and three AHP judgements (question 4), away from the lessons'
  and the question bank's numbers;
* a **shortlist** of six to eight of the ten ranked initiatives (questions 5 to 8):
  :func:`shortlist` keeps those columns of the six rankings and ranks them again in each
  stakeholder's own order; the set-up cell and the hidden tests both call it with the case;
* the team's **capacity** per period (questions 10 and 11, never 30, 60 and 90 or the lesson's
  30, 55 and 90) and how much of it the IT director takes away;
* the quick-wins campaign's **target and report date** (question 12, never 99 or the dates the
  lesson and the question bank use).

A draw is redone until it makes a good question: no tie for the largest spread or the most
Borda points on the shortlist, a Kendall's W away from the lesson's 0.17 and 0.31, an AHP
consistency ratio clearly on one side of 0.10, a change board that pushes back one to three
initiatives, a campaign clearly behind its plan. Options are picked from the participant's
own data (the question 8 options always hold the most contested initiative, the question 11
options every initiative pushed back); the keys are computed by the hidden tests.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from . import Case, register

ASSIGNMENT = "04-prioritisation"

#: Initiatives the lessons work through by hand (04.02: CX-01, CX-04; CX-16's quadrant).
LESSON_INITIATIVES = {"CX-01", "CX-04", "CX-16"}
#: Customer weights and cost per person-week the lessons use.
LESSON_WEIGHTS = {0.3, 0.6, 0.9}
LESSON_RATE = 2.5
#: The effort threshold of the lessons (the backlog's median) and of the question bank.
LESSON_EFFORT_THRESHOLD = 8
#: RICE estimates of 04.02, the question bank, the scoring docstring and the old assessment.
LESSON_RICE = {(6000, 1, 1.0, 0.75), (9000, 2, 0.8, 1), (15000, 1, 0.8, 1), (40000, 2, 0.5, 4),
               (25000, 0.5, 0.5, 10), (5000, 1, 0.5, 2), (2000, 2, 0.8, 4), (3000, 2, 0.8, 1.5)}
#: Kendall's W of the six rankings of all ten (04.03) and without the IT director (exercise).
LESSON_W = (0.171, 0.312)
#: Capacities of 04.04 (the plan, the tighter mid term, exercise 1's answer).
LESSON_CAPACITIES = {(30, 60, 90), (30, 55, 90), (66, 60, 90)}
#: Campaign report dates of 04.04, the campaign docstring and the question bank.
LESSON_DATES = {"2027-09-30", "2027-07-31", "2027-06-30"}
LESSON_TARGET = 99

RICE_IMPACT_WORDS = {3: "massive", 2: "high", 1: "medium", 0.5: "low", 0.25: "minimal"}
RICE_CONFIDENCE = {50: "low", 80: "medium", 100: "high"}
PERIODS = ("Short term", "Mid term", "Long term")

TEXTS = {
    "q1": "Your steering group weights customer benefit at **{weight1}** (business benefit gets "
          "the rest) and counts a person-week of own effort at **{rate1} k**; the risk "
          "discount stays at 0.1. The initiative: **{code1}** ({title1}).",
    "q2": "Your steering group counts effort **above {effort2} person-weeks** as high; value "
          "uses the default weights, and 3 or more is high. The initiative: **{code2}** "
          "({title2}).",
    "q3": "The change reaches **{reach3} customers** a quarter, its impact is "
          "**{impact3_word}** ({impact3}), the team's confidence is **{confidence3_word}** "
          "({confidence3_pct}%) and it takes **{effort3} person-months**.",
    "q4": "Customer benefit is **{benefit_cost4} times** as important as cost, cost is "
          "**{cost_risk4} times** as important as risk, and {third4}.",
    "q5": "Your shortlist: **{shortlist_text}** ({size} initiatives). The set-up cell kept "
          "these columns of the six rankings and ranked them again from 1 to {size}, in each "
          "stakeholder's own order: that table is `rankings`.",
    "q6": "Your shortlist: {shortlist_text}.\n\n"
          "- **A** Kendall's W is below 0.3: the rankings have little in common, so buy-in "
          "still has to be built\n"
          "- **B** {code6} ({title6}) gets the most Borda points\n"
          "- **C** Because a combined Borda order exists, the stakeholders can be said to "
          "support it\n"
          "- **D** On average, two stakeholders' rankings are strongly correlated (above 0.5)",
    "q7": "The initiative: **{code7}** ({title7}), on your shortlist of **{size} "
          "initiatives** ({shortlist_text}).",
    "q8": "{options8_text}",
    "q10": "Your team can give **{capacity_short}**, **{capacity_mid}** and **{capacity_long} "
           "person-weeks** to CX initiatives in the short, mid and long term "
           "(`capacity=[{capacity_short}, {capacity_mid}, {capacity_long}]`). The period: "
           "the **{period10_text}**.",
    "q11": "The IT director moves **{cut11} person-weeks** of your team's **{period11_text}** "
           "capacity (question 10) to another project: plan with "
           "`capacity=[{tight_short}, {tight_mid}, {tight_long}]`. The initiatives:\n\n"
           "{options11_text}",
    "q12": "Your campaign's target: **{target12} pain points** removed between 1 January and "
           "31 December 2027. The report date: **{as_of12_text}** (`as_of=\"{as_of12}\"`).",
}


def _title(backlog, code: str) -> str:
    title = str(backlog.loc[code, "title"])
    return title[0].lower() + title[1:]


def _pick(rng, items):
    items = list(items)
    return items[int(rng.integers(len(items)))]


def _options(backlog, codes) -> str:
    return "\n".join(f"- **{letter}** {code}, {_title(backlog, code)}"
                     for letter, code in zip("ABCD", codes, strict=True))


def _rerank(table):
    return table.rank(axis=1, method="first").astype(int)


def shortlist(case: Any, rankings):
    """The six stakeholders' rankings of the case's shortlist, ranked 1 to n again.

    Keeps the shortlist's columns of ``rankings`` (the table of
    ``prioritisation.load_stakeholder_rankings()``) and ranks them again in each stakeholder's
    own order, so a stakeholder who put CX-02 fourth of ten, behind three initiatives that are
    not on the shortlist, puts it first. Without a personal case (no code typed yet) the table
    comes back as it is, so the notebook still runs; the questions' numbers stay hidden.
    """
    if not isinstance(case, Case) or "shortlist" not in case.values:
        return rankings
    return _rerank(rankings[list(case.shortlist)])


def _shortlist_part(rng, backlog, rankings) -> dict:
    from cxlab import prioritisation as pr

    codes = list(rankings.columns)
    while True:
        size = int(rng.integers(6, 9))
        chosen = sorted(str(c) for c in rng.choice(codes, size=size, replace=False))
        table = _rerank(rankings[chosen])
        summary = pr.ranking_summary(table)
        spread = summary["spread"].sort_values(ascending=False)
        points = summary["borda_points"].sort_values(ascending=False)
        w = pr.kendalls_w(table).w
        if spread.iloc[0] - spread.iloc[1] < 0.05 or points.iloc[0] == points.iloc[1]:
            continue
        if any(abs(w - lesson) < 0.015 for lesson in LESSON_W):
            continue
        code6 = str(_pick(rng, points.index[:2]))
        if w >= 0.3 and code6 != points.index[0]:
            continue  # question 6 needs a true statement
        code7 = str(_pick(rng, [c for c in chosen if c != code6]))
        most = str(spread.index[0])
        others = [c for c in chosen if c != most]
        options8 = sorted([most, *(str(c) for c in rng.choice(others, size=3, replace=False))])
        return {
            "shortlist": tuple(chosen), "shortlist_text": ", ".join(chosen), "size": size,
            "code6": code6, "title6": _title(backlog, code6),
            "code7": code7, "title7": _title(backlog, code7),
            "options8": tuple(options8), "options8_text": _options(backlog, options8),
        }


def _roadmap_part(rng, backlog, requests) -> dict | None:
    from cxlab import prioritisation as pr

    # about the same people every month: the mid term (6 months) has 1.6 to 2.4 times the
    # short term's (3 months) capacity, the long term (9 months) 1.3 to 1.8 times the mid's
    short = int(rng.integers(4, 9)) * 5
    mid = int(rng.integers(math.ceil(max(40, 1.6 * short) / 5), 2.4 * short // 5 + 1)) * 5
    long = int(rng.integers(math.ceil(1.3 * mid / 10), 1.8 * mid // 10 + 1)) * 10
    capacity = (short, mid, long)
    if capacity in LESSON_CAPACITIES:
        return None
    load = pr.plan_roadmap(backlog, list(capacity)).load
    with_room = [p for p in PERIODS if load.loc[p, "free"] >= 2]
    if not with_room:
        return None
    period10 = _pick(rng, with_room)
    for _ in range(6):
        cut = int(rng.integers(3, 13))
        which = int(rng.integers(1, 3))  # the mid or the long term (the short term is promised)
        tight = list(capacity)
        tight[which] -= cut
        if tuple(tight) in LESSON_CAPACITIES or max(tight) < 40:
            continue
        roadmap = pr.plan_roadmap(backlog, tight)
        pushed = list(pr.change_board(roadmap, requests).pushed_back.index)
        later = [c for c in roadmap.plan.index if roadmap.plan.loc[c, "period_number"] > 1]
        calm = [c for c in later if c not in pushed]
        if not 1 <= len(pushed) <= 3 or len(calm) < 4 - len(pushed):
            continue
        extra = [str(c) for c in rng.choice(calm, size=4 - len(pushed), replace=False)]
        options11 = sorted([str(c) for c in pushed] + extra)
        return {
            "capacity_short": capacity[0], "capacity_mid": capacity[1],
            "capacity_long": capacity[2],
            "period10": period10, "period10_text": period10.lower(),
            "cut11": cut, "period11": PERIODS[which], "period11_text": PERIODS[which].lower(),
            "tight_short": tight[0], "tight_mid": tight[1], "tight_long": tight[2],
            "options11": tuple(options11), "options11_text": _options(backlog, options11),
        }
    return None


def _campaign_part(rng, quick_wins) -> dict | None:
    from cxlab import prioritisation as pr

    target = int(_pick(rng, [80, 85, 90, 95, 105, 110, 115, 120]))
    day = dt.date(2027, 3, 1) + dt.timedelta(days=int(rng.integers(0, 213)))
    if day.isoformat() in LESSON_DATES or target == LESSON_TARGET:
        return None
    campaign = pr.campaign_progress(quick_wins["removed_on"], target=target,
                                    start="2027-01-01", end="2027-12-31",
                                    as_of=day.isoformat())
    behind = campaign.planned_by_now - campaign.done
    if behind < 3:
        return None
    return {"target12": target, "as_of12": day.isoformat(),
            "as_of12_text": f"{day.day} {day:%B %Y}"}


def _ahp_part(rng) -> dict:
    from cxlab import prioritisation as pr

    while True:
        a = int(rng.integers(2, 6))
        b = int(rng.integers(2, 5))
        if rng.random() < 0.5:  # customer benefit over risk, near what a and b imply
            c = float(min(9, a * b + int(rng.integers(-3, 3))))
            if c < 2:
                continue
            third = f"customer benefit is **{c:g} times** as important as risk"
        else:  # risk over customer benefit, or equal: the judgements may go round in a circle
            k = int(rng.integers(1, 4))
            c = 1 / k
            third = ("customer benefit and risk are **equally** important" if k == 1 else
                     f"risk is **{k} times** as important as customer benefit")
        ratio = pr.ahp({("Customer benefit", "Cost"): a, ("Cost", "Risk"): b,
                        ("Customer benefit", "Risk"): c}).consistency_ratio
        if 0.07 <= ratio <= 0.14:
            continue  # too close to Saaty's 0.10 to be a fair question
        if (a, b, c) in ((3, 2, 0.5), (3, 3, 1 / 3)):
            continue  # the old, shared question; the circle of 04.02's hurried meeting
        return {"benefit_cost4": a, "cost_risk4": b, "benefit_risk4": c, "third4": third}


@register(ASSIGNMENT)
def draw_prioritisation(rng) -> tuple[dict, dict]:
    from cxlab import prioritisation as pr

    backlog = pr.load_backlog()
    rankings = pr.load_stakeholder_rankings()
    requests = pr.load_change_requests()
    quick_wins = pr.load_quick_wins()
    open_work = backlog[~backlog["status"].isin(["done", "on hold"])]

    # question 1: the steering group's settings, an initiative small enough to score by hand
    weight1 = float(_pick(rng, [0.5, 0.55, 0.65, 0.7, 0.75, 0.8]))
    rate1 = float(_pick(rng, [1.5, 2, 3, 3.5, 4]))
    scorable = [c for c in open_work.index if c not in LESSON_INITIATIVES
                and open_work.loc[c, "cost"] > 0 and open_work.loc[c, "effort"] <= 12]
    code1 = str(_pick(rng, scorable))

    # question 2: an effort threshold of their own, an initiative near it
    effort2 = int(_pick(rng, [5, 6, 10, 12]))
    near = [c for c in open_work.index if c not in LESSON_INITIATIVES and c != code1
            and abs(open_work.loc[c, "effort"] - effort2) <= 4]
    code2 = str(_pick(rng, near))

    # question 3: a RICE estimate
    while True:
        reach3 = int(rng.integers(2, 101)) * 500
        impact3 = _pick(rng, [0.25, 0.5, 1, 2, 3])
        confidence3 = int(_pick(rng, [50, 80, 100]))
        effort3 = _pick(rng, [0.5, 1.5, 2, 2.5, 3, 4, 5, 6, 8])
        if (reach3, impact3, confidence3 / 100, effort3) not in LESSON_RICE:
            break

    while (roadmap_part := _roadmap_part(rng, backlog, requests)) is None:
        pass
    while (campaign_part := _campaign_part(rng, quick_wins)) is None:
        pass
    values = {
        "weight1": weight1, "rate1": rate1, "code1": code1, "title1": _title(backlog, code1),
        "effort2": effort2, "code2": code2, "title2": _title(backlog, code2),
        "reach3": reach3, "impact3": float(impact3), "impact3_word": RICE_IMPACT_WORDS[impact3],
        "confidence3_pct": confidence3, "confidence3_word": RICE_CONFIDENCE[confidence3],
        "effort3": float(effort3),
        **_ahp_part(rng),
        **_shortlist_part(rng, backlog, rankings),
        **roadmap_part,
        **campaign_part,
    }
    return values, TEXTS
