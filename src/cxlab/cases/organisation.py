"""Personal cases of assessment 06 (making CX stick: the organisation around the experience).

What each participant gets of their own, every number away from the ones the lessons use:

* **their managers' maturity answers** (questions 1 and 2): five to nine managers of their own
  answer the 24 statements of the shipped questionnaire, with a few "don't know" blanks, never
  the lesson's eight managers; :func:`maturity_answers` turns the case into the table the
  notebook calls ``answers``. Question 1 asks one pillar's score, question 2 what comes first
  against a target of their own (never the lesson's 3.5 nor its board's 4-and-3 targets);
* **a quick-wins campaign** (question 3) in 2028, never the lesson's 99 in 2027: a target, the
  campaign's months, a report date and the campaign's log (:func:`campaign_log`, the notebook's
  ``log``: one row per pain point found, the day it was removed or a blank while open);
* **an operating rhythm** (question 4): a month of 2028, meeting lengths never the lesson's 15
  and 60 minutes, a public holiday, and whose hours are asked (a team member or the lead);
* **a CX idea's seconds** (question 7), never the lesson's 45 a call;
* **a team and a week** (question 9) for the customer story, never the lesson's week of
  2 March 2026 (the lesson shows every team's) nor Billing's week of 9 March (its exercise);
* **a simulated centre** (question 10): agents, weeks, calls and a seed, never the lesson's 40
  agents, 12 weeks, 150 calls and seed 2026;
* **a recognition scheme** (question 11), never one the lessons name or try;
* **a segmentation** (question 12): rules of their own on the survey, never the lesson's
  tenure-and-home-working split, and a segment and a share to read.

Questions 5, 6 and 8 are the same for everybody. Draws are redone until they make a good
question: every known slip the hidden tests name gives an answer clearly apart from the right
one, the first pillar of question 2 differs from the one with the largest plain gap, and so on.
Nothing here is an answer: the hidden tests compute the keys with :mod:`cxlab.organisation`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from typing import Any

from . import Case, register

__all__ = ["ASSIGNMENT", "campaign_log", "candidates", "maturity_answers", "scheme", "split"]

ASSIGNMENT = "06-making-cx-stick"

#: Managers' roles a maturity self-assessment asks (five to nine of them answer).
ROLES = ("CX lead", "Contact-centre director", "Finance director", "IT director",
         "Marketing director", "Head of billing", "Field operations manager", "HR director",
         "Digital manager", "Retention manager", "Network operations manager", "Sales director")
#: Targets the lesson uses (3.5 everywhere; the board's 4 and 3).
LESSON_TARGETS = {3.5, 4.0, 3.0}
TARGETS = (2.75, 3.25, 3.75, 4.25)
#: The lesson's campaign (99 pain points in 2027, reported on 30 September).
LESSON_CAMPAIGN_TARGET = 99
#: The lesson's rhythm: October and November 2027, 15-minute huddles, 1-hour weekly meetings.
LESSON_MONTHS = {"2027-10", "2027-11"}
#: The lesson's idea adds 45 seconds to every call.
LESSON_SECONDS = 45
#: The lesson's week of stories (every team shown) and its exercise (Billing, 9 March).
LESSON_WEEK = "2026-03-02"
LESSON_STORY = ("Billing", "2026-03-09")
#: The survey's weeks (Mondays of the twelve weeks of comments).
FIRST_MONDAY = dt.date(2026, 1, 5)
WEEKS = 12
#: The lesson's simulated centre.
LESSON_CENTRE = (40, 12, 150, 2026)
#: The lesson's segmentation (tenure cut at 3 and 36 months, home working).
LESSON_SPLIT = ("tenure_months", (3, 36), "works_from_home")
SPLIT_NUMBERS = {"tenure_months": ((6,), (12,), (24,), (12, 48), (6, 60)),
                 "contacts_last_90_days": ((2,), (3,), (1, 4)),
                 "monthly_bill_gbp": ((40,), (45,), (50,))}
SPLIT_TEXTS = ("household", "age_band", "works_from_home", "preferred_channel")

TEXTS = {
    "q1": "**{managers1} managers** of your organisation answered the 24 statements (the cell "
          "under your personal code loaded their answers as `answers`; a blank is \"don't "
          "know\"). The pillar: **{pillar1}**.",
    "q2": "The board's target: **{target2}** on every pillar, with the lesson's foundation "
          "weights (strategy 2, customer understanding 1.5, the other four 1). The pillars:"
          "\n\n{options2}",
    "q3": "Your campaign: **{target3} pain points** to remove from **{start3_text}** to "
          "**{end3_text}** (`start=\"{start3}\", end=\"{end3}\"`). The report date: "
          "**{as_of3_text}** (`as_of=\"{as_of3}\"`). The cell under your personal code loaded "
          "the campaign's log as `log`: one row per pain point found so far, with the day it "
          "was removed (blank while it is open).",
    "q4": "The month: **{month4_text}** (`\"{month4}\"`). Your rhythm: huddles of **{huddle4} "
          "minutes**, weekly project meetings of **{weekly4} minutes**, a leaders' review of "
          "**{review4} minutes** and a change board of **{board4} minutes**. "
          "**{holiday4_text}** is a public holiday: no meetings that day. Whose hours: "
          "**{who4}**.",
    "q7": "The idea adds **{seconds7} seconds** to every call "
          "(`extra_seconds_per_call={seconds7}`).",
    "q9": "The team: **{team9}**. The week starting **Monday {week9_text}** "
          "(`week_start=\"{week9}\"`).",
    "q10": "Your simulated centre: **{agents10} agents**, **{weeks10} weeks**, **{calls10} "
           "calls** per agent a week, random seed **{seed10}** "
           "(`agents={agents10}, weeks={weeks10}, contacts_per_week={calls10}, "
           "rng={seed10}`).",
    "q11": "Your scheme:\n\n{scheme11_text}",
    "q12": "Your rules: `split={split12_code}`. The segment: **{segment12}**. The measure: "
           "`{measure12}`, the share of the segment whose {measure12_text}.",
}


# -- tables the notebook and the hidden tests build from the case --------------------------------
def maturity_answers(case: Any):
    """The participant's managers' answers to the maturity questionnaire.

    Parameters
    ----------
    case : cxlab.cases.Case
        A case of assessment 06 (anything else, such as the stand-in shown before a code is
        typed, gives ``None``, so the notebook still runs).

    Returns
    -------
    pandas.DataFrame or None
        One row per manager: ``respondent`` (M1, M2, ...), ``role`` and one column per
        statement id of :func:`cxlab.organisation.load_questionnaire`, holding 1-5 or a blank
        (``NaN``) for "don't know", as ``cxlab.data.load("cx_maturity_answers")``.

    Examples
    --------
    >>> from cxlab.cases import code_for, draw
    >>> case = draw(ASSIGNMENT, code_for(b"course secret", "ann"))
    >>> answers = maturity_answers(case)
    >>> len(answers) == case.values["managers1"], answers.shape[1]
    (True, 26)
    >>> maturity_answers(object()) is None
    True
    """
    import numpy as np
    import pandas as pd

    values = _values(case)
    if values is None or "answers1" not in values:
        return None
    from cxlab.organisation import load_questionnaire

    ids = load_questionnaire()["statement_id"].tolist()
    rows = [[np.nan if a is None else a for a in row] for row in values["answers1"]]
    table = pd.DataFrame(rows, columns=ids, dtype=float)
    table.insert(0, "role", list(values["roles1"]))
    table.insert(0, "respondent", [f"M{i + 1}" for i in range(len(rows))])
    return table


def campaign_log(case: Any):
    """The participant's quick-wins campaign log.

    Parameters
    ----------
    case : cxlab.cases.Case
        A case of assessment 06 (anything else gives ``None``).

    Returns
    -------
    pandas.DataFrame or None
        One row per pain point found so far: ``pain_point_id`` (QW-001, ...) and
        ``removed_on`` (the day it was removed, blank while open), as
        ``cxlab.data.load("quick_wins_2027")``.

    Examples
    --------
    >>> from cxlab.cases import code_for, draw
    >>> log = campaign_log(draw(ASSIGNMENT, code_for(b"course secret", "ann")))
    >>> list(log.columns), bool(log["removed_on"].isna().any())
    (['pain_point_id', 'removed_on'], True)
    """
    import pandas as pd

    values = _values(case)
    if values is None or "removed3" not in values:
        return None
    removed = pd.to_datetime(pd.Series([d or None for d in values["removed3"]], dtype=object))
    return pd.DataFrame({"pain_point_id": [f"QW-{i + 1:03d}" for i in range(len(removed))],
                         "removed_on": removed})


def scheme(case: Any):
    """The participant's recognition scheme of question 11.

    Parameters
    ----------
    case : cxlab.cases.Case
        A case of assessment 06 (anything else gives ``None``).

    Returns
    -------
    cxlab.organisation.Scheme or None

    Examples
    --------
    >>> from cxlab.cases import code_for, draw
    >>> case = draw(ASSIGNMENT, code_for(b"course secret", "ann"))
    >>> scheme(case).measure == case.values["measure11"]
    True
    """
    values = _values(case)
    if values is None or "measure11" not in values:
        return None
    from cxlab.organisation import Scheme

    return Scheme("Your scheme", measure=values["measure11"], team_based=values["team11"],
                  guardrails=values["guardrails11"], survey_sampling=values["sampling11"],
                  stories_and_peers=values["stories11"])


def split(case: Any) -> dict | None:
    """The participant's segmentation rules of question 12.

    Parameters
    ----------
    case : cxlab.cases.Case
        A case of assessment 06 (anything else gives ``None``).

    Returns
    -------
    dict or None
        ``{number column: [cut points], text column: None}``, ready for
        ``cxlab.organisation.rule_segments(survey, split=...)``.

    Examples
    --------
    >>> from cxlab.cases import code_for, draw
    >>> rules = split(draw(ASSIGNMENT, code_for(b"course secret", "ann")))
    >>> len(rules), list(rules.values())[1] is None
    (2, True)
    """
    values = _values(case)
    if values is None or "split12_number" not in values:
        return None
    return {values["split12_number"]: list(values["split12_cuts"]),
            values["split12_text"]: None}


def _values(case: Any) -> dict | None:
    if isinstance(case, Case):
        return dict(case.values)
    values = getattr(case, "values", None)
    return dict(values) if isinstance(values, dict) else None


class _Drawn:
    """Stands in for a case while drawing it (the tables need only its values)."""

    def __init__(self, values: dict) -> None:
        self.values = values


# -- shipped data and models, read once for the checks of the draw -------------------------------
@functools.lru_cache(maxsize=1)
def _pool_and_journey():
    from cxlab import data, journey
    from cxlab import organisation as org

    pool = org.story_pool(data.load("survey_responses"), data.load("customer_comments"))
    return pool, journey.load_journey()


@functools.lru_cache(maxsize=1)
def _survey():
    from cxlab import organisation as org

    return org.survey_with_profiles()


@functools.lru_cache(maxsize=32)
def _extra_work(seconds: int):
    from cxlab import data
    from cxlab import organisation as org

    return org.extra_work(data.load("voice_week"), extra_seconds_per_call=seconds)


def _apart(key: float, slips, gap: float) -> bool:
    return all(abs(key - s) >= gap for s in slips)


def _pick(rng, items):
    items = list(items)
    return items[int(rng.integers(len(items)))]


def _day_text(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


# -- questions 1 and 2: the maturity self-assessment ---------------------------------------------
def _profile(values):
    """Pillar scores by the lesson's rule, in numpy (quick enough to screen many draws): each
    manager's mean of a pillar's four statements (none below two answers), then the mean of
    the managers. ``values``: managers x 24 statements, NaN for "don't know"."""
    import numpy as np

    blocks = values.reshape(len(values), -1, 4)
    answered = (~np.isnan(blocks)).sum(axis=2)
    total = np.nansum(blocks, axis=2)
    mine = np.where(answered >= 2, total / np.maximum(answered, 1), np.nan)
    scored = (~np.isnan(mine)).sum(axis=0)
    return np.where(scored > 0, np.nansum(mine, axis=0) / np.maximum(scored, 1), np.nan)


def _maturity_part(rng) -> dict:
    import numpy as np

    from cxlab import organisation as org

    pillars = list(org.PILLARS)
    weights = np.array([org.FOUNDATION_WEIGHTS[p] for p in pillars])
    while True:
        n = int(rng.integers(5, 10))
        roles = [str(r) for r in rng.choice(ROLES, size=n, replace=False)]
        level = rng.uniform(1.6, 4.2, size=len(pillars))
        bias = rng.normal(0.0, 0.35, size=n)
        split_pillar = int(rng.integers(len(pillars)))  # one pillar the managers see apart
        side = np.where(rng.random(n) < 0.5, -1.0, 1.0)
        raw = np.empty((n, 4 * len(pillars)))
        for p in range(len(pillars)):
            shift = bias + (side if p == split_pillar else 0.0)
            raw[:, 4 * p:4 * p + 4] = level[p] + shift[:, None] + rng.normal(0, 0.6, (n, 4))
        answers = np.clip(np.rint(raw), 1, 5)
        blank = rng.random(answers.shape) < 0.05
        pillar1 = int(rng.integers(len(pillars)))
        columns = slice(4 * pillar1, 4 * pillar1 + 4)
        if not blank[:, columns].any():  # the question's pillar has a "don't know"
            blank[int(rng.integers(n)), 4 * pillar1 + int(rng.integers(4))] = True
        values = np.where(blank, np.nan, answers)
        profile = _profile(values)
        if np.isnan(profile).any():
            continue
        # question 1: the pillar's score, clearly apart from the known slips
        key1 = profile[pillar1]
        slips1 = [np.nanmean(values[:, columns]), np.nanmean(values),
                  _profile(np.where(blank, 1.0, answers))[pillar1]]
        if not _apart(key1, slips1, 0.03):
            continue
        # question 2: what comes first against the board's target, not the largest plain gap
        target = float(_pick(rng, [t for t in TARGETS if t not in LESSON_TARGETS]))
        gap = np.clip(target - profile, 0, None)
        weighted = np.sort(gap * weights)[::-1]
        plain = np.sort(gap)[::-1]
        first, trap = int(np.argmax(gap * weights)), int(np.argmax(gap))
        if first == trap or weighted[0] - weighted[1] < 0.15 or plain[0] - plain[1] < 0.1:
            continue
        others = [p for p in range(len(pillars)) if p not in (first, trap)]
        four = [first, trap, *(int(p) for p in rng.choice(others, size=2, replace=False))]
        four = [pillars[four[i]] for i in rng.permutation(4)]
        options = "\n".join(f"- **{letter}** {pillar}"
                            for letter, pillar in zip("ABCD", four, strict=True))
        rows = tuple(tuple(None if np.isnan(a) else int(a) for a in row) for row in values)
        return {"managers1": n, "roles1": tuple(roles), "answers1": rows,
                "pillar1": pillars[pillar1], "target2": target, "pillars2": tuple(four),
                "options2": options}


# -- question 3: the quick-wins campaign ----------------------------------------------------------
def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _campaign_part(rng) -> dict:
    import numpy as np

    from cxlab import organisation as org

    while True:
        first_month = int(rng.integers(1, 5))
        length = int(rng.integers(6, 14 - first_month))
        gone = int(rng.integers(3, length - 1))  # at least two months left
        start = dt.date(2028, first_month, 1)
        end = _last_day(2028, first_month + length - 1)
        as_of = _last_day(2028, first_month + gone - 1)
        target = int(rng.integers(40, 151))
        if target == LESSON_CAMPAIGN_TARGET:
            continue
        done = int(round(target * gone / length * rng.uniform(0.55, 0.9)))
        still_open = int(rng.integers(3, max(4, (target - done) // 3)))
        span = (as_of - start).days
        offsets = np.sort(np.floor(span * np.sqrt(rng.random(done)))).astype(int)
        days = [(start + dt.timedelta(days=int(o))).isoformat() for o in offsets]
        removed = np.array(days + [""] * still_open, dtype=object)[rng.permutation(
            done + still_open)]
        log = campaign_log(_Drawn({"removed3": tuple(removed)}))
        outlook = org.campaign_outlook(log["removed_on"], target=target, start=start,
                                       end=end, as_of=as_of)
        left = outlook.months_left
        key = outlook.needed_per_month
        slips = [(target - done) / length, target / left,
                 (target - done - still_open) / left, (target - done) / gone, done / gone]
        if outlook.done != done or not _apart(key, slips, 0.25):
            continue
        return {"target3": target, "start3": start.isoformat(), "end3": end.isoformat(),
                "as_of3": as_of.isoformat(), "start3_text": _day_text(start),
                "end3_text": _day_text(end), "as_of3_text": _day_text(as_of),
                "removed3": tuple(str(d) for d in removed)}


# -- question 4: the operating rhythm -------------------------------------------------------------
def _rhythm_part(rng) -> dict:
    from cxlab import organisation as org

    while True:
        month = int(rng.integers(1, 13))
        code = f"2028-{month:02d}"
        huddle = int(_pick(rng, [10, 20]))
        weekly = int(_pick(rng, [45, 75, 90]))
        review = int(_pick(rng, [60, 120]))
        board = int(_pick(rng, [90, 150]))
        days = [dt.date(2028, month, d) for d in range(1, calendar.monthrange(2028, month)[1] + 1)
                if dt.date(2028, month, d).weekday() < 5]
        mondays = [d for d in days if d.weekday() == 0]
        holiday = _pick(rng, mondays) if rng.random() < 0.5 else _pick(rng, days)
        group = str(_pick(rng, ["project team", "project lead"]))
        lengths: dict[str, Any] = {"huddle_minutes": huddle, "weekly_minutes": weekly,
                   "review_minutes": review, "board_minutes": board}
        rhythm = org.operating_rhythm(code, holidays=[holiday.isoformat()], **lengths)
        key = float(rhythm.hours.loc[group, "Total hours"])
        other = "project lead" if group == "project team" else "project team"
        slips = [float(org.operating_rhythm(code, **lengths).hours.loc[group, "Total hours"]),
                 float(rhythm.hours.loc[other, "Total hours"]),
                 float(org.operating_rhythm(code, holidays=[holiday.isoformat()]).hours.loc[
                     group, "Total hours"])]
        if holiday.weekday() == 0:
            slips.append(key + weekly / 60)
        if code in LESSON_MONTHS or not _apart(key, slips, 0.05):
            continue
        who = "one member of the project team" if group == "project team" else \
            "the project lead"
        return {"month4": code, "month4_text": f"{dt.date(2028, month, 1):%B %Y}",
                "huddle4": huddle, "weekly4": weekly, "review4": review, "board4": board,
                "holiday4": holiday.isoformat(),
                "holiday4_text": f"{holiday:%A} {_day_text(holiday)}",
                "group4": group, "who4": who}


# -- question 7: the agents' day ------------------------------------------------------------------
def _extra_work_part(rng) -> dict:
    while True:
        seconds = int(rng.integers(4, 19)) * 5  # 20 to 90 seconds
        if seconds == LESSON_SECONDS:
            continue
        result = _extra_work(seconds)
        work = float(result.by_day["extra_hours_of_work"].sum())
        if abs(result.extra_agent_hours - work) < 2:
            continue
        return {"seconds7": seconds}


# -- question 9: the customer's voice in every team -----------------------------------------------
#: What the privacy rule puts in place of personal data (contact details tell no story).
_PLACEHOLDER = r"\[(?:e-mail|account number|phone|name)\]"


@functools.lru_cache(maxsize=1)
def _stories():
    """The story pool with each comment's words once redacted, and each team's touchpoints
    (owned, supported), read once: screening a draw must be quick, and the hidden test asks
    the model (``weekly_stories``) for the key anyway."""
    from cxlab import journey
    from cxlab import organisation as org

    pool, northwave = _pool_and_journey()
    redacted: Any = org.redact(pool["comment"].astype(str))  # a Series for a Series
    pool = pool.assign(words=redacted
                       .str.replace(_PLACEHOLDER, " ", regex=True).str.split().str.len())
    grid = journey.ownership_matrix(northwave)
    links = {team: tuple(frozenset(t for t in grid.columns if grid.loc[team, t] == link)
                         for link in ("owns", "supports"))
             for team in northwave.departments}
    return pool, links


def candidates(team: str, week: str, *, min_words: int = 8, tone: str = "pain") -> int:
    """Stories ``team`` can choose from in the week starting ``week``, by 06.04's rule.

    The week's comments of the tone about a touchpoint the team owns (if there are none, one
    it supports), of at least ``min_words`` words once redacted: the ``candidates`` of
    ``cxlab.organisation.weekly_stories``, counted quickly to screen the draws (the hidden test
    asks ``weekly_stories`` itself).

    Parameters
    ----------
    team : str
        A department of the Northwave journey.
    week : str
        The Monday the week starts, e.g. ``"2026-03-09"``.
    min_words : int, default 8
    tone : {"pain", "praise", "mixed", "either"}, default "pain"

    Returns
    -------
    int

    Raises
    ------
    cxlab.CxlabValueError
        For a team not on the journey, an unknown tone, ``min_words`` below 1 or a week that
        is not a date.

    Examples
    --------
    >>> candidates("Billing", "2026-03-09")  # 06.04's exercise
    6
    """
    import pandas as pd

    from .._validation import CxlabValueError, check_choice, check_integer

    pool, links = _stories()
    check_choice("team", team, sorted(links))
    check_choice("tone", tone, ["pain", "praise", "mixed", "either"])
    min_words = int(check_integer("min_words", min_words, minimum=1))
    try:
        start = pd.Timestamp(week)
    except (TypeError, ValueError):
        start = pd.NaT
    if pd.isna(start):
        raise CxlabValueError(f"week must be a date such as '2026-03-09', got {week!r}")
    rows = pool[(pool["date"] >= start) & (pool["date"] < start + pd.Timedelta(days=7))
                & (pool["words"] >= min_words)]
    if tone != "either":
        rows = rows[rows["tone"] == tone]
    for touchpoints in links[team]:
        found = int(rows["touchpoint"].isin(touchpoints).sum())
        if found:
            return found
    return 0


def _story_part(rng) -> dict:
    _, links = _stories()
    while True:
        week = (FIRST_MONDAY + dt.timedelta(weeks=int(rng.integers(WEEKS)))).isoformat()
        team = str(_pick(rng, sorted(links)))
        if week == LESSON_WEEK or (team, week) == LESSON_STORY:
            continue
        key = candidates(team, week)
        slips = [candidates(team, week, min_words=1), candidates(team, week, tone="either")]
        if key < 2 or not _apart(key, slips, 1):
            continue
        return {"team9": team, "week9": week,
                "week9_text": _day_text(dt.date.fromisoformat(week))}


# -- question 10: recognition that backfires ------------------------------------------------------
def _centre_part(rng) -> dict:
    from cxlab import organisation as org

    measure = "Repeat contacts per 100 calls"
    while True:
        agents = int(_pick(rng, [20, 30, 50, 60, 70, 80]))
        weeks = int(rng.integers(8, 21))
        calls = int(_pick(rng, [100, 120, 180, 200, 250]))
        seed = int(rng.integers(100, 1000))
        if (agents, weeks, calls, seed) == LESSON_CENTRE:
            continue
        comparison = org.compare_schemes([org.HANDLE_TIME_SCHEME, org.BALANCED_SCHEME],
                                         agents=agents, weeks=weeks, contacts_per_week=calls,
                                         rng=seed)
        table = comparison.table[measure]
        key = float(table.iloc[0] - table.iloc[1])
        number = comparison.results[org.HANDLE_TIME_SCHEME.name]
        balanced = comparison.results[org.BALANCED_SCHEME.name]
        first = (number.weekly["repeat_contacts_per_100"].iloc[:4].mean()
                 - balanced.weekly["repeat_contacts_per_100"].iloc[:4].mean())
        slips = [float(number.summary(weeks=4).loc[measure, "change"]), float(table.iloc[0]),
                 float(first)]
        if key < 0.5 or not _apart(key, slips, 0.25):
            continue
        return {"agents10": agents, "weeks10": weeks, "calls10": calls, "seed10": seed}


# -- question 11: a scheme of their own -----------------------------------------------------------
_MEASURE_WORDS = {
    "handle time": "the lowest **handle time**",
    "survey score": "the highest **CSAT as surveyed**",
    "balanced": "**first-contact resolution and CSAT together** (a balanced measure)",
}


def _scheme_text(measure: str, team: bool, guardrails: bool, sampling: str,
                 stories: bool) -> str:
    lines = [
        (f"- Every week, each member of a **team** whose result beats the median team's is "
         f"rewarded; the result is {_MEASURE_WORDS[measure]}." if team else
         f"- Every week, the **best tenth of the agents** are rewarded, for "
         f"{_MEASURE_WORDS[measure]}."),
        ("- Transfers and hang-ups are **watched**: an agent over the line is not rewarded "
         "that week and gets a coaching conversation." if guardrails else
         "- Nobody watches transfers or hang-ups."),
        ("- Customers are chosen for the survey **at random**." if sampling == "random" else
         "- **The agents choose** which customers are offered the survey."),
        ("- Customer stories and peer nominations are **celebrated** too." if stories else
         "- Nothing else is celebrated."),
    ]
    return "\n".join(lines)


def _scheme_part(rng) -> dict:
    from cxlab import organisation as org

    named = (org.HANDLE_TIME_SCHEME, org.SURVEY_SCHEME, org.BALANCED_SCHEME)
    tried = ("survey score", True, True, "agent chooses", True)  # 06.05's "My scheme"
    while True:
        measure = str(_pick(rng, org.MEASURES))
        team, guardrails, stories = (bool(rng.random() < 0.5) for _ in range(3))
        sampling = str(_pick(rng, ["random", "agent chooses"]))
        choice = (measure, team, guardrails, sampling, stories)
        drawn = org.Scheme("Your scheme", measure=measure, team_based=team,
                           guardrails=guardrails, survey_sampling=sampling,
                           stories_and_peers=stories)
        if choice == tried or any((s.measure, s.team_based, s.guardrails, s.survey_sampling,
                                   s.stories_and_peers) == choice for s in named):
            continue
        if not 1 <= 5 - org.review_scheme(drawn).attrs["met"] <= 4:
            continue
        return {"measure11": measure, "team11": team, "guardrails11": guardrails,
                "sampling11": sampling, "stories11": stories,
                "scheme11_text": _scheme_text(*choice)}


# -- question 12: a segmentation of their own -----------------------------------------------------
@functools.lru_cache(maxsize=64)
def _segments(number: str, cuts: tuple, text: str):
    from cxlab import organisation as org

    return org.rule_segments(_survey(), split={number: list(cuts), text: None})


def _persona_part(rng) -> dict:
    survey = _survey()
    while True:
        number = str(_pick(rng, SPLIT_NUMBERS))
        cuts = tuple(_pick(rng, SPLIT_NUMBERS[number]))
        text = str(_pick(rng, SPLIT_TEXTS))
        if (number, cuts, text) == LESSON_SPLIT:
            continue
        segments = _segments(number, cuts, text)
        sizes = segments.value_counts()
        big = sorted(str(s) for s in sizes.index if sizes[s] >= 60)
        if not big:
            continue
        segment = str(_pick(rng, big))
        column = str(_pick(rng, [c for c in SPLIT_TEXTS if c != text]))
        value = str(_pick(rng, sorted(survey[column].astype(str).unique())))
        has = survey[column].astype(str) == value
        inside = segments == segment
        key = 100 * float(has[inside].mean())
        slips = [100 * float(has[~inside].mean()), 100 * float(has.mean()),
                 100 * float(inside.mean())]
        if not 3 <= key <= 97 or not _apart(key, slips, 0.5):
            continue
        code = "{" + f"\"{number}\": {list(cuts)}, \"{text}\": None" + "}"
        return {"split12_number": number, "split12_cuts": cuts, "split12_text": text,
                "split12_code": code, "segment12": segment, "measure12": f"{column}={value}",
                "measure12_text": f"{column.replace('_', ' ')} is {value}"}


@register(ASSIGNMENT)
def draw_organisation(rng) -> tuple[dict, dict]:
    values: dict = {}
    values.update(_maturity_part(rng))
    values.update(_campaign_part(rng))
    values.update(_rhythm_part(rng))
    values.update(_extra_work_part(rng))
    values.update(_story_part(rng))
    values.update(_centre_part(rng))
    values.update(_scheme_part(rng))
    values.update(_persona_part(rng))
    return values, TEXTS
