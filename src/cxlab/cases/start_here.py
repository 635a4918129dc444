"""Personal cases of assessment 00 (start here: the warm-up that teaches answering and handing in).

Two questions are numeric and get numbers of their own:

* Question 1 asks for the workload of a half hour: calls and an average handle time drawn
  within what a real voice queue sees, in round numbers a beginner can work with (calls in
  tens, handle times in half minutes, a workload with at most one decimal), and away from the
  queues the lessons use (120 calls of 240 s in 00.01-welcome; 100 calls of 180 s, 150 of 240 s
  and 240 of 300 s in module 01). The workload is never the question's example (7.5).
* Question 3 asks for the calls offered on one day of the shipped sample week
  (``data.load("voice_week")``), read from the table of daily totals the notebook shows. Every
  participant shares the week; what is personal is **which day** the question asks about. The
  busiest day, Monday, is never drawn: the welcome lesson names it, and it was the answer
  everyone gave before the assessment was personal.

Nothing in a case is an answer: the hidden tests compute the workload and read the day's total
from the data.
"""

from __future__ import annotations

from . import register

ASSIGNMENT = "00-start-here"

#: (calls, AHT seconds) pairs the lessons use: never drawn.
LESSON_QUEUES = {(120, 240), (100, 180), (150, 240), (240, 300)}
#: The workload the question gives as its example: never a right answer.
EXAMPLE_WORKLOAD = 7.5
#: The days question 3 may ask about (Monday, the busiest, is named in the welcome lesson).
DAYS = ("Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

TEXTS = {
    "q1": "In one half hour your queue receives **{calls1} calls** with an average handle time "
          "of **{aht1} seconds**.",
    "q3": "Your day: **{day3}**.",
}


@register(ASSIGNMENT)
def draw_start_here(rng) -> tuple[dict, dict]:
    while True:
        calls1 = int(rng.integers(6, 31)) * 10
        aht1 = int(rng.integers(4, 13)) * 30
        if (calls1, aht1) in LESSON_QUEUES:
            continue
        if (calls1 * aht1) % 180:  # a workload with more than one decimal
            continue
        if calls1 * aht1 == EXAMPLE_WORKLOAD * 1800:
            continue
        values = {"calls1": calls1, "aht1": aht1, "day3": str(rng.choice(DAYS))}
        return values, TEXTS
