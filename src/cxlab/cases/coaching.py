"""Personal cases of assessment 03 (monitoring, scoring, calibration and coaching).

Every number is drawn within what a real QA team sees, and away from the numbers the lessons
use: the scorecard of question 1 is never 20/30/50 with greeting yes, ownership N/A and
empathy 3 (bank question na-reweight); the kappa table of question 2 is never the lesson's 50
calls (20, 15, 5, 10) nor the 12-contact pair of 03.03; the sample size of question 4 never
uses the lesson's standard deviations (13.3 points, 12 points for a margin of 4, 10 points in
the docstring); the behaviours of question 10 never miss 40%/20% with impacts 0.1/1.5.

The data questions work on the participant's own slice of the shipped data sets, made by the
functions below, which the notebook (in the cell that draws the case) and the hidden tests
both call:

* :func:`team_evaluations`: the evaluations of the agents in the participant's teams (a drawn
  set of 18 to 30 of the 40 agents), so the critical accuracy of question 6 is never the
  lesson's (81.4%, 86.3%, 84.5% over all 40 agents);
* :func:`calibration_set`: the calibration sheets of a drawn 8 to 11 of the 12 contacts, with
  the four evaluators under other numbers (E1 of the lesson may be E7 here), so the disputed
  items of question 7 (with the participant's own threshold) and the lenient evaluator of
  question 8 are worked out, not remembered.

Draws are redone until the case makes a good question: the kappa of question 2 lies clearly
inside one Landis and Koch band (and each band is as likely), the known slips give answers
clearly apart from the right one, no item's agreement sits on the threshold of question 7,
and one behaviour of question 10 clearly outweighs the other.
"""

from __future__ import annotations

import functools
import math

from . import register

ASSIGNMENT = "03-coaching-scoring"

#: Question 1 set-ups the lessons and the old assessment use: (weights, answers), never drawn.
LESSON_CARDS = {((20, 30, 50), ("yes", "N/A", 3)), ((10, 40, 50), ("no", "N/A", 5))}
#: Kappa tables (both pass, both fail, A only, B only) of the lessons and the old assessment.
LESSON_TABLES = {(20, 15, 5, 10), (24, 6, 4, 6)}
#: Standard deviations (points) the lessons use for the number of evaluations.
LESSON_SDS = {10, 12, 13, 13.3}
#: Miss rates (%) and CSAT impacts of "coach first" in the lessons and the old assessment.
LESSON_COACHING = {(40, 0.1, 20, 1.5), (50, 0.2, 25, 1.2)}
#: Critical accuracies (%) over all 40 agents, shown in lesson 03.02.
LESSON_ACCURACY = (86.3, 84.5, 81.4)
#: Numbers evaluators may be given (3 is the example in question 8, so never an answer).
PANEL_NUMBERS = (1, 2, 4, 5, 6, 7, 8, 9)
KAPPA_BANDS = ("slight", "fair", "moderate", "substantial")
#: The z of 95% confidence as cxlab computes it (scipy's normal quantile).
Z95 = 1.959963984540054

TEXTS = {
    "q1": "A scorecard weights greeting **{w_greeting1}%**, ownership **{w_ownership1}%** and "
          "empathy **{w_empathy1}%** (greeting and ownership are yes/no, empathy is on a 1-5 "
          "scale). On a call the greeting is **{greeting1}**, ownership is **{ownership1}** and "
          "empathy scores **{empathy1}**.",
    "q2": "Two evaluators score the same **{calls2} calls** pass or fail. Both pass "
          "**{both_pass2}** and both fail **{both_fail2}**; A passes **{a_only2}** that B fails, "
          "and B passes **{b_only2}** that A fails.",
    "q4": "Agents' QA scores vary with a standard deviation of **{sd4} points**; you want to know "
          "an agent's mean score within **plus or minus {margin4} points**, with 95% confidence.",
    "q6": "Your teams: the **{agents6} agents** {team6_list}, with **{evaluations6} evaluations** "
          "over the three months (the cell under your personal code keeps them in "
          "`evaluations`). The category: "
          "**{category6}-critical**.",
    "q7": "Your calibration session: **{contacts7} contacts** ({contacts7_list}), each scored by "
          "the evaluators **{panel7_list}** (the cell under your personal code keeps the sheets "
          "in `calibration`). "
          "The agenda takes the items whose pairwise agreement is below **{threshold7_pct}%**.",
    "q8": "The calibration session of question 7: **{contacts7} contacts**, evaluators "
          "**{panel7_list}**.",
    "q10": "An agent misses **confirms the need** on **{miss_need10}%** of calls (calls missing it "
           "score **{impact_need10}** CSAT points lower) and **next steps** on "
           "**{miss_next10}%** (calls missing it score **{impact_next10}** points lower).",
}


# -- the participant's slices of the shipped data (called by the notebook and the tests) -------
def _values(case) -> dict | None:
    """The case's numbers, or None while no personal code is typed (the numbers stay hidden)."""
    try:
        values = case.values
    except AttributeError:
        return None
    return values if isinstance(values, dict) or hasattr(values, "get") else None


def team_evaluations(case, evaluations):
    """The evaluations of the agents in the participant's teams (``None`` without a code)."""
    values = _values(case)
    if values is None:
        return None
    team = set(values["team6"])
    return evaluations[evaluations["agent"].isin(team)].reset_index(drop=True)


def calibration_set(case, calibration):
    """The participant's calibration sheets: their contacts, evaluators under their numbers."""
    values = _values(case)
    if values is None:
        return None
    contacts = set(values["contact_ids7"])
    names = dict(zip(("E1", "E2", "E3", "E4"), values["panel7"], strict=True))
    mine = calibration[calibration["contact_id"].isin(contacts)].copy()
    mine["evaluator"] = mine["evaluator"].map(names)
    return mine.reset_index(drop=True)


# -- the shipped data, read once for the checks of the draw -------------------------------------
@functools.lru_cache(maxsize=1)
def _scored_evaluations():
    from cxlab import coaching, data

    evaluations = data.load("qa_evaluations")
    card = data.load_scorecard()
    return coaching.score_evaluations(card, evaluations.drop(columns=["csat"])).evaluations


@functools.lru_cache(maxsize=1)
def _calibration():
    from cxlab import data

    return data.load_scorecard(), data.load("qa_calibration")


@functools.lru_cache(maxsize=256)
def _calibration_report(contacts: tuple[str, ...]):
    from cxlab import coaching

    card, calibration = _calibration()
    return coaching.calibration_report(card, calibration[calibration["contact_id"].isin(contacts)])


def _apart(key: float, slips, tol: float) -> bool:
    return all(abs(key - s) > 2 * tol for s in slips)


# -- the draw -------------------------------------------------------------------------------------
def _card(rng) -> dict:
    while True:
        w_greeting, w_ownership = (int(x) * 5 for x in rng.integers(2, 9, size=2))
        w_empathy = 100 - w_greeting - w_ownership
        if w_empathy < 20:
            continue
        na = "greeting" if rng.random() < 0.5 else "ownership"
        other = "yes" if rng.random() < 0.5 else "no"
        empathy = int(rng.integers(2, 5))  # 1 and 5 read the same however the scale is read
        answers = {"greeting": other, "ownership": other, na: "N/A"}
        setup = ((w_greeting, w_ownership, w_empathy),
                 (answers["greeting"], answers["ownership"], empathy))
        if setup in LESSON_CARDS:
            continue
        weights = {"greeting": w_greeting, "ownership": w_ownership}
        met = 1.0 if other == "yes" else 0.0
        answered = "ownership" if na == "greeting" else "greeting"
        earned = weights[answered] * met + w_empathy * (empathy - 1) / 4
        key = 100 * earned / (100 - weights[na])
        slips = [earned, earned + weights[na],
                 100 * (weights[answered] * met + w_empathy * empathy / 5) / (100 - weights[na])]
        if not _apart(key, slips, 0.1):
            continue
        return {"w_greeting1": w_greeting, "w_ownership1": w_ownership, "w_empathy1": w_empathy,
                "greeting1": answers["greeting"], "ownership1": answers["ownership"],
                "empathy1": empathy}


def _kappa_table(rng) -> dict:
    band = int(rng.integers(0, 4))  # every Landis and Koch band as likely
    while True:
        calls = int(rng.integers(30, 91))
        a_only, b_only = (int(x) for x in rng.integers(1, max(3, calls // 6), size=2))
        both_fail = int(rng.integers(3, max(4, calls // 3)))
        both_pass = calls - a_only - b_only - both_fail
        if both_pass < both_fail or (both_pass, both_fail, a_only, b_only) in LESSON_TABLES:
            continue
        observed = (both_pass + both_fail) / calls
        pass_a = (both_pass + a_only) / calls
        pass_b = (both_pass + b_only) / calls
        chance = pass_a * pass_b + (1 - pass_a) * (1 - pass_b)
        kappa = (observed - chance) / (1 - chance)
        low, high = 0.2 * band, 0.2 * (band + 1)
        if not (low + 0.03 <= kappa <= high - 0.03):
            continue
        slip = (observed - pass_a * pass_b) / (1 - pass_a * pass_b)
        if not _apart(kappa, [observed, slip], 0.005):
            continue
        return {"calls2": calls, "both_pass2": both_pass, "both_fail2": both_fail,
                "a_only2": a_only, "b_only2": b_only}


def _sample_size(rng) -> dict:
    while True:
        sd = int(rng.integers(14, 37)) / 2  # 7 to 18 points, in halves
        margin = int(rng.integers(6, 13)) / 2  # 3 to 6 points
        if sd in LESSON_SDS or sd / margin < 2.2:
            continue
        exact = (1.96 * sd / margin) ** 2
        key = math.ceil(exact - 1e-9)
        # cxlab uses z = 1.95996...; the number must not depend on which z is used
        if math.ceil((Z95 * sd / margin) ** 2 - 1e-9) != key or exact > key - 0.01:
            continue
        slips = [math.floor(exact), math.ceil(1.96 * sd / margin), math.ceil((sd / margin) ** 2)]
        if not _apart(key, slips, 0.25):
            continue
        return {"sd4": int(sd) if sd.is_integer() else sd,
                "margin4": int(margin) if margin.is_integer() else margin}


def _team(rng) -> dict:
    scored = _scored_evaluations()
    agents = sorted(scored["agent"].unique())
    while True:
        team = sorted(str(a) for a in rng.choice(agents, size=int(rng.integers(18, 31)),
                                                 replace=False))
        category = str(rng.choice(["business", "compliance"]))
        rows = scored[scored["agent"].isin(team)]
        flags = rows[f"{category}_ok"]
        applied = flags.dropna()
        key = 100 * applied.astype(bool).mean()
        slips = [100 - key, 100 * (flags.fillna(True).astype(bool)).mean(), *LESSON_ACCURACY]
        if not _apart(key, slips, 0.1):
            continue
        return {"team6": tuple(team), "agents6": len(team),
                "team6_list": "(" + ", ".join(team) + ")", "evaluations6": len(rows),
                "category6": category}


def _session(rng) -> dict:
    _, calibration = _calibration()
    contacts = sorted(calibration["contact_id"].unique())
    whole = _calibration_report(tuple(contacts))
    while True:
        mine = tuple(sorted(str(c) for c in rng.choice(contacts, size=int(rng.integers(8, 12)),
                                                        replace=False)))
        threshold = int(rng.choice([70, 75, 80]))
        report = _calibration_report(mine)
        agreement = report.items["pairwise_agreement"].dropna()
        if ((agreement - threshold / 100).abs() < 0.005).any():
            continue  # an item on the threshold: "below" would be a matter of rounding
        key = len(report.disputed(threshold / 100))
        slips = [int((report.items["all_agree"] < threshold / 100).sum()),
                 len(whole.disputed(threshold / 100))]
        if key == 0 or key == slips[0]:
            continue
        bias = report.evaluators["mean_difference"].sort_values()
        if bias.iloc[-1] - bias.iloc[-2] < 0.03 or bias.iloc[1] - bias.iloc[0] < 0.01:
            continue  # no clear most lenient (or harshest) evaluator
        panel = tuple(f"E{n}" for n in rng.choice(PANEL_NUMBERS, size=4, replace=False))
        names = sorted(panel, key=lambda e: int(e[1:]))
        return {"contact_ids7": mine, "contacts7": len(mine), "contacts7_list": ", ".join(mine),
                "panel7": panel, "panel7_list": ", ".join(names[:-1]) + " and " + names[-1],
                "threshold7_pct": threshold}


def _coach_first(rng) -> dict:
    while True:
        miss_need = int(rng.integers(6, 15)) * 5  # 30% to 70%
        miss_next = int(rng.integers(2, miss_need // 5)) * 5  # missed less often
        impact_need = int(rng.integers(1, 13)) / 10
        impact_next = int(rng.integers(2, 19)) / 10
        if impact_next <= impact_need:
            continue  # the behaviour missed less often must be the one customers feel more
        if (miss_need, impact_need, miss_next, impact_next) in LESSON_COACHING:
            continue
        need, nxt = miss_need * impact_need, miss_next * impact_next
        if max(need, nxt) < 1.3 * min(need, nxt):
            continue
        return {"miss_need10": miss_need, "impact_need10": impact_need,
                "miss_next10": miss_next, "impact_next10": impact_next}


@register(ASSIGNMENT)
def draw_coaching(rng) -> tuple[dict, dict]:
    values: dict = {}
    values.update(_card(rng))
    values.update(_kappa_table(rng))
    values.update(_sample_size(rng))
    values.update(_team(rng))
    values.update(_session(rng))
    values.update(_coach_first(rng))
    return values, TEXTS
