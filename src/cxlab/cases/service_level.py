"""Personal cases of assessment 01 (service level and response time).

Every number is drawn within what a real contact centre sees, and away from the numbers the
lessons use (100 calls of 180 s and 150 calls of 240 s in 01.02, 14 agents at 30% shrinkage in
01.04), so an answer cannot be copied from a lesson. The draw is redone until the case makes a
good question: a queue that needs at least six agents. Question 3 asks about more agents than
the target needs and question 8 about one more or one fewer, never the number question 2 asks
for, so no question gives another's answer away.
"""

from __future__ import annotations

from . import register

ASSIGNMENT = "01-service-level"

#: (calls, AHT seconds) pairs the lessons use: never drawn for a question.
LESSON_QUEUES = {(100, 180), (150, 240), (120, 240), (240, 300)}

TEXTS = {
    "q1": "Your queue receives **{calls1} calls** in a half hour, with an average handle time "
          "of **{aht1} seconds**.",
    "q2": "Your queue: **{calls2} calls** per half hour, average handle time **{aht2} "
          "seconds**, target **80% answered within 20 seconds**.",
    "q3": "The queue of question 2 with **{agents3} agents** on the phones.",
    "q4": "The queue of question 2 with **{agents4} agents** on the phones.",
    "q5": "You need **{need5} agents** on the phones and shrinkage is **{shrink5_pct}%**.",
    "q8": "The queue of question 2 with **{agents8} agents** on the phones; callers hang up "
          "after **{patience8} seconds** on average.",
    "q10": "Your e-mail team receives **{emails10} e-mails an hour** for **{hours10} hours** "
           "and can handle **{capacity10} an hour**. It starts with no backlog.",
}


@register(ASSIGNMENT)
def draw_service_level(rng) -> tuple[dict, dict]:
    from cxlab import service_level as sl

    while True:
        calls1 = int(rng.integers(15, 41)) * 10
        aht1 = int(rng.integers(10, 29)) * 15
        calls2 = int(rng.integers(70, 261))
        aht2 = int(rng.integers(30, 67)) * 5
        if (calls1, aht1) in LESSON_QUEUES or (calls2, aht2) in LESSON_QUEUES:
            continue
        workload = sl.traffic_intensity(calls2, aht2)
        need = int(sl.agents_required(workload, aht2, 20, 0.8))
        if need < 6:
            continue
        need5 = int(rng.integers(10, 41))
        shrink5 = int(rng.integers(25, 39))
        if (need5, shrink5) == (14, 30):
            continue
        extra3, extra4 = (int(x) for x in rng.choice([1, 2, 3], size=2, replace=False))
        emails10 = int(rng.integers(11, 25)) * 10
        capacity10 = int(rng.integers(8, emails10 // 10)) * 10
        values = {
            "calls1": calls1, "aht1": aht1,
            "calls2": calls2, "aht2": aht2,
            "agents3": need + extra3, "agents4": need + extra4,
            "need5": need5, "shrink5_pct": shrink5,
            "agents8": need + int(rng.choice([-1, 1])),
            "patience8": int(rng.integers(4, 17)) * 30,
            "emails10": emails10, "capacity10": capacity10,
            "hours10": int(rng.integers(4, 9)),
        }
        return values, TEXTS
