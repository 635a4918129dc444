"""Personal cases of assessment 05 (customer journey mapping and the voice of the customer).

Every number is drawn within what a real survey sees, and away from the numbers the lessons
use: the NPS counts of question 1 are never the lesson's 200 answers (80, 70, 50) nor the old
assessment's 250 (95, 80, 75); the CSAT counts of question 2 never the lesson's 80 answers
(20, 28, 16, 10, 6) nor the old 150 (42, 57, 30, 12, 9); the CES values of question 3 never
3.4 and 4.1 (lesson) nor 4.6 and 3.5 (old assessment).

The survey questions work on the participant's own **region**: a drawn 50% to 70% of the
2,000 shipped survey responses, made by :func:`region_responses`, which the notebook (in the
cell that draws the case) and the hidden tests both call. So the stage NPS of question 4 is
never the lesson's (billing -8.0, every stage in 05.03's table), and the detractors of
question 6 never the lesson's 106 first-bill call-backs (its touchpoint is never T19 either).

Question 9 asks about the shipped Northwave journey, which is the same for everyone: the
department it asks about is drawn (never Field Operations, the lesson's exercise, and only
one whose answer differs from the department total the lesson's table shows), and it
asks how many of that department's pain points start **below the line of visibility**, a
count no lesson table shows.

Draws are redone until the case makes a good question: the known slips give answers clearly
apart from the right one, the lowest CSAT of question 5 is clear (at least 2 points below the
next), and the touchpoint of question 6 has detractors in the region.
"""

from __future__ import annotations

import functools

from . import register

ASSIGNMENT = "05-journey-mapping"

#: (promoters, passives, detractors) of the lessons and the old assessment.
LESSON_NPS = {(80, 70, 50), (95, 80, 75)}
#: CSAT counts (5s, 4s, 3s, 2s, 1s) of the lessons and the old assessment.
LESSON_CSAT = {(20, 28, 16, 10, 6), (42, 57, 30, 12, 9)}
#: CES values the lessons and the old assessment use.
LESSON_CES = {3.4, 4.1, 4.6, 3.5}
#: The touchpoint of the lesson's call-back exercise, and its department exercise.
LESSON_TOUCHPOINT = "T19"
LESSON_DEPARTMENT = "Field Operations"
BELOW_THE_LINE = ("backstage", "support")

TEXTS = {
    "q1": "**{answers1} customers** answer \"How likely are you to recommend Northwave?\" (0-10): "
          "**{promoters1}** answer 9 or 10, **{passives1}** answer 7 or 8 and **{detractors1}** "
          "answer 6 or less.",
    "q2": "**{answers2} customers** rate their satisfaction on 1-5: **{fives2}** answer 5, "
          "**{fours2}** answer 4, **{threes2}** answer 3, **{twos2}** answer 2 and **{ones2}** "
          "answer 1.",
    "q3": "Billing's CES is **{ces_billing3}** and service's is **{ces_service3}**, both with "
          "narrow intervals.",
    "q4": "Your region's survey: **{responses4} responses** (the cell under your personal code "
          "keeps them in `responses`). The stage: **{stage4}**.",
    "q5": "The four touchpoints, in your region's responses:\n\n{options5}",
    "q6": "The touchpoint: **{touchpoint6}** ({touchpoint6_name}), in your region's responses.",
    "q9": "The department: **{department9}**.",
}


# -- the participant's region (called by the notebook and the tests) ----------------------------
def region_responses(case, responses):
    """The participant's region: their share of the survey responses (``None`` without a code).

    The rows are chosen by the case's own seed, so the same code always gives the same
    region, in the order of the shipped file.
    """
    import numpy as np

    try:
        values = case.values
    except AttributeError:
        return None
    rng = np.random.default_rng(int(values["region_seed"]))
    chosen = np.sort(rng.choice(len(responses), size=int(values["responses4"]), replace=False))
    return responses.iloc[chosen].reset_index(drop=True)


# -- the shipped data, read once for the checks of the draw -------------------------------------
@functools.lru_cache(maxsize=1)
def _survey():
    from cxlab import data

    return data.load("survey_responses")


@functools.lru_cache(maxsize=1)
def _journey():
    from cxlab import journey

    northwave = journey.load_journey()
    return northwave, journey.pain_point_causes(northwave)


def _apart(key: float, slips, tol: float) -> bool:
    return all(abs(key - s) > 2 * tol for s in slips)


def _nps(ltr) -> float:
    return 100 * ((ltr >= 9).mean() - (ltr <= 6).mean())


# -- the draw -------------------------------------------------------------------------------------
def _nps_counts(rng) -> dict:
    while True:
        promoters, passives, detractors = (int(x) for x in rng.integers(25, 141, size=3))
        if (promoters, passives, detractors) in LESSON_NPS or promoters == detractors:
            continue
        n = promoters + passives + detractors
        key = 100 * (promoters - detractors) / n
        slips = [100 * (promoters - detractors) / (promoters + detractors),
                 promoters - detractors, 100 * promoters / n]
        if not _apart(key, slips, 0.1):
            continue
        return {"answers1": n, "promoters1": promoters, "passives1": passives,
                "detractors1": detractors}


def _csat_counts(rng) -> dict:
    while True:
        counts = tuple(int(x) for x in rng.integers((15, 25, 10, 4, 2), (60, 80, 45, 25, 20)))
        if counts in LESSON_CSAT:
            continue
        n = sum(counts)
        key = 100 * (counts[0] + counts[1]) / n
        slips = [100 * counts[0] / n, 100 * sum(counts[:3]) / n]
        if not _apart(key, slips, 0.1):
            continue
        return dict(zip(("fives2", "fours2", "threes2", "twos2", "ones2"), counts, strict=True),
                    answers2=n)


def _ces(rng) -> dict:
    while True:
        billing, service = (int(x) / 10 for x in rng.integers(28, 59, size=2))
        if abs(billing - service) < 0.4 or {billing, service} & LESSON_CES:
            continue
        return {"ces_billing3": billing, "ces_service3": service}


def _region(rng) -> dict:
    survey = _survey()
    touchpoint_names = survey.drop_duplicates("touchpoint").set_index("touchpoint")[
        "touchpoint_name"]
    stages = sorted(survey["stage"].unique())
    touchpoints = sorted(survey["touchpoint"].unique())
    while True:
        seed = int(rng.integers(1, 2**31))
        size = int(rng.integers(50, 71)) * 20  # 1,000 to 1,400 responses
        mine = region_responses(_Values({"region_seed": seed, "responses4": size}), survey)
        # question 4: a stage's NPS in the region
        stage = str(rng.choice(stages))
        ltr = mine.loc[mine["stage"] == stage, "ltr"]
        key4 = _nps(ltr)
        whole = _nps(survey.loc[survey["stage"] == stage, "ltr"])
        slips4 = [whole, _nps(mine["ltr"]), 100 * (ltr >= 9).mean()]
        if not _apart(key4, slips4, 0.1):
            continue
        # question 5: the lowest CSAT of four touchpoints, clearly lowest
        four = [str(t) for t in rng.choice(touchpoints, size=4, replace=False)]
        csat = mine.groupby("touchpoint")["csat"].apply(lambda s: (s >= 4).mean())[four]
        ranked = csat.sort_values()
        if ranked.iloc[1] - ranked.iloc[0] < 0.02:
            continue
        # question 6: the detractors to call back at one touchpoint
        touchpoint = str(rng.choice([t for t in touchpoints if t != LESSON_TOUCHPOINT]))
        here = mine.loc[mine["touchpoint"] == touchpoint, "ltr"]
        key6 = int((here <= 6).sum())
        slips6 = [int((here <= 8).sum()), int((here <= 5).sum()), len(here),
                  int((survey.loc[survey["touchpoint"] == touchpoint, "ltr"] <= 6).sum())]
        if key6 < 5 or not _apart(key6, slips6, 0.25):
            continue
        names = {t: name[0].lower() + name[1:] for t, name in touchpoint_names.items()}
        options = "\n".join(f"- **{letter}** {t}, {names[t]}"
                            for letter, t in zip("ABCD", four, strict=True))
        return {"region_seed": seed, "responses4": size, "stage4": stage,
                "touchpoints5": tuple(four), "options5": options,
                "touchpoint6": touchpoint, "touchpoint6_name": names[touchpoint]}


def _department(rng) -> dict:
    """A department whose count below the line differs from its total of pain points, which
    lesson 05.04's table shows: the answer cannot be read off the lesson."""
    _, causes = _journey()
    below = causes[causes["lane"].isin(["backstage", "support"])]
    total = causes.groupby("step_owner")["pain_point"].nunique()
    under = below.groupby("step_owner")["pain_point"].nunique()
    owners = sorted(o for o in total.index
                    if o and o != LESSON_DEPARTMENT and under.get(o, 0) != total[o])
    return {"department9": str(rng.choice(owners))}


class _Values:
    """Stands in for a case while drawing it (the region needs only its seed and size)."""

    def __init__(self, values: dict) -> None:
        self.values = values


@register(ASSIGNMENT)
def draw_journey(rng) -> tuple[dict, dict]:
    values: dict = {}
    values.update(_nps_counts(rng))
    values.update(_csat_counts(rng))
    values.update(_ces(rng))
    values.update(_region(rng))
    values.update(_department(rng))
    return values, TEXTS
