"""Build the sample data of modules 01-05 shipped in ``src/cxlab/data/``, with cxlab's own models.

A maintainer script, not part of the library participants use. The data are synthetic but
built to behave like a real contact centre, so that every number a participant computes from
them (service level, abandonment, occupancy, forecast accuracy) is plausible and mutually
consistent. Everything is drawn from seeded random generators, so the files can be rebuilt
and explained::

    python tools/datagen/core.py           # rewrite the CSV files in src/cxlab/data/
    python tools/datagen/core.py --check   # exit 1 naming every shipped file that differs

The builders live beside this script:

* ``core_voice.py``: ``voice_week`` and ``voice_week_incidents`` (modules 01 and 02), one
  builder for both; staffing by cxlab's Erlang C (:func:`cxlab.service_level.agents_required`)
  and each day played out by the queue engine of :func:`cxlab.service_level.simulate`. Its
  docstring explains every column and, for trainers, the seeded causes of the missed week.
* ``core_qa.py``: ``qa_evaluations`` and ``qa_calibration`` (module 03).
* here: ``quick_wins_2027`` (module 04) and ``survey_responses`` (module 05).

``survey_responses``
--------------------
For module 05 (journey mapping and the voice of the customer): about 2,000 touchpoint
survey responses (likelihood to recommend, CSAT, CES 2.0 and a comment) from customers of
the sample broadband journey ``broadband_journey.yml`` (:func:`cxlab.journey.load_journey`).
**Trainers only:** which touchpoints drive likelihood to recommend and which themes the
comments carry is in the docstring of :func:`build_survey_responses`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from core_qa import (
    QA_CALIBRATION_SEED,
    QA_COACHED_AGENTS,
    QA_DISPUTED_ITEMS,
    QA_EVALUATIONS_SEED,
    build_qa_calibration,
    build_qa_evaluations,
)
from core_voice import (
    VOICE_WEEK_COLUMNS,
    VOICE_WEEK_INCIDENTS_COLUMNS,
    VOICE_WEEK_INCIDENTS_SEED,
    VOICE_WEEK_SEED,
    build_voice_week,
    build_voice_week_incidents,
    check_seed,
)

from cxlab._validation import CxlabValueError, check_integer

__all__ = [
    "BUILDERS",
    "DATA_DIR",
    "QA_CALIBRATION_SEED",
    "QA_COACHED_AGENTS",
    "QA_DISPUTED_ITEMS",
    "QA_EVALUATIONS_SEED",
    "SURVEY_RESPONSES_COLUMNS",
    "SURVEY_RESPONSES_SEED",
    "VOICE_WEEK_COLUMNS",
    "VOICE_WEEK_INCIDENTS_COLUMNS",
    "VOICE_WEEK_INCIDENTS_SEED",
    "VOICE_WEEK_SEED",
    "build_qa_calibration",
    "build_qa_evaluations",
    "build_quick_wins",
    "build_survey_responses",
    "build_voice_week",
    "build_voice_week_incidents",
    "main",
    "render_csv",
]

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "src" / "cxlab" / "data"


def _format_column(values: pd.Series, decimals: int) -> list[str]:
    kind = values.dtype.kind
    if kind == "M":
        if (values == values.dt.normalize()).all():  # dates only, e.g. an evaluation date
            return values.dt.strftime("%Y-%m-%d").tolist()
        return values.dt.strftime("%Y-%m-%d %H:%M").tolist()
    if kind in "iu":  # a nullable whole-number column writes missing values as empty cells
        return ["" if v is pd.NA else str(v) for v in values.tolist()]
    if kind == "f":
        if values.isna().any():
            raise CxlabValueError(f"column {values.name!r} must have no missing values")
        return [f"{v:.{decimals}f}" for v in values.tolist()]
    texts = [str(v) for v in values.tolist()]
    if any(ch in text for text in texts for ch in ',"\n\r'):
        raise CxlabValueError(
            f"column {values.name!r} must hold plain text without commas, quotes or line breaks"
        )
    return texts


def render_csv(df: pd.DataFrame, *, decimals: int = 1) -> str:
    """Render ``df`` as CSV text that is the same, byte for byte, on every machine.

    Columns keep their order, there is no index, lines end with ``\\n``, dates are written
    ``YYYY-MM-DD HH:MM``, whole numbers as they are and other numbers with ``decimals``
    decimals.

    Parameters
    ----------
    df : pandas.DataFrame
        The data set to write.
    decimals : int, default 1
        Decimals for float columns.

    Returns
    -------
    str
        The CSV text, ending with a line break.

    Examples
    --------
    >>> frame = pd.DataFrame({"interval_start": pd.to_datetime(["2026-03-02 08:00"]),
    ...                       "offered": [52], "aht_seconds": [287.26]})
    >>> print(render_csv(frame), end="")
    interval_start,offered,aht_seconds
    2026-03-02 08:00,52,287.3
    """
    decimals = int(check_integer("decimals", decimals, minimum=0))
    columns = [_format_column(df[name], decimals) for name in df.columns]
    lines = [",".join(str(name) for name in df.columns)]
    lines.extend(",".join(cells) for cells in zip(*columns, strict=True))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- quick-wins campaign (04)

#: Seed of the quick-wins campaign log.
QUICK_WINS_SEED = 2027
_QUICK_WIN_STAGES = ("discovery", "purchase", "installation", "onboarding", "usage",
                     "billing", "service", "renewal")


def build_quick_wins(seed: int = QUICK_WINS_SEED) -> pd.DataFrame:
    """A year's campaign to remove 99 small customer pain points (module 04), as of 30 Sep 2027.

    One row per pain point: ``pain_point_id``, the journey ``stage`` it sits in and
    ``removed_on`` (blank while it is still open). The team started slowly (January and
    February) and sped up from spring, so by 30 September it is behind the straight-line plan.
    """
    rng = np.random.default_rng(check_seed(seed))
    stages = rng.choice(_QUICK_WIN_STAGES, size=99,
                        p=[0.06, 0.1, 0.16, 0.12, 0.14, 0.2, 0.16, 0.06])
    # Removal day of year: a slow start, then a steady pace (gamma-spaced gaps).
    gaps = np.concatenate([rng.gamma(2.0, 6.0, size=8), rng.gamma(2.0, 1.75, size=91)])
    days = np.cumsum(gaps).round().astype(int)
    cutoff = pd.Timestamp("2027-09-30")
    removed = [pd.Timestamp("2027-01-01") + pd.Timedelta(days=int(d)) for d in days]
    removed = [d.strftime("%Y-%m-%d") if d <= cutoff else "" for d in removed]
    return pd.DataFrame({"pain_point_id": [f"PP-{i:03d}" for i in range(1, 100)],
                         "stage": stages, "removed_on": removed})


# ---------------------------------------------------------------- survey responses (05)

#: Seed of the shipped ``survey_responses.csv``.
SURVEY_RESPONSES_SEED = 5

#: Column order of ``survey_responses.csv``.
SURVEY_RESPONSES_COLUMNS = (
    "respondent_id",
    "date",
    "touchpoint",
    "touchpoint_name",
    "stage",
    "channel",
    "ltr",
    "csat",
    "ces",
    "comment",
)

# Surveyed touchpoint -> (share of surveys, weight of its CSAT in likelihood to recommend,
# base experience, {negative theme: chance}, [positive themes]). Weights are the planted
# drivers: the moments of truth (installation visit T11, first bill T19, fault call T22,
# renewal call T26) and the rebooking call T12 move LTR most.
_SURVEYED = {
    "T05": (5, 0.35, 0.5, {"chat queue": 0.25}, ["helpful agent"]),
    "T06": (6, 0.35, 0.5, {"pushy sale": 0.25, "long hold": 0.1}, ["helpful agent"]),
    "T07": (12, 0.45, 0.6, {"details twice": 0.15, "late slot": 0.2}, ["easy order"]),
    "T11": (12, 1.5, 0.5, {"no-show": 0.28, "day off": 0.12}, ["engineer praise"]),
    "T12": (5, 1.1, -0.6, {"long hold": 0.45, "repeat myself": 0.25, "no-show": 0.2},
            ["helpful agent"]),
    "T13": (8, 0.5, 0.6, {"wifi coverage": 0.22}, ["working fast"]),
    "T15": (7, 0.3, 1.0, {"app login": 0.15}, ["easy app"]),
    "T16": (8, 0.7, 0.0, {"slow evenings": 0.45}, ["working fast"]),
    "T19": (12, 1.4, -0.2, {"billing surprise": 0.4, "confusing bill": 0.12},
            ["bill as expected"]),
    "T20": (6, 0.3, 0.9, {"billing surprise": 0.08}, ["easy app"]),
    "T22": (10, 1.3, -0.1, {"long hold": 0.32, "repeat myself": 0.2, "slow evenings": 0.2},
            ["helpful agent"]),
    "T23": (5, 0.5, 0.2, {"repeat myself": 0.25, "billing surprise": 0.2}, ["helpful agent"]),
    "T24": (4, 0.8, 0.3, {"repeat myself": 0.2, "no-show": 0.12}, ["engineer praise"]),
    "T26": (6, 1.2, 0.2, {"loyalty penalty": 0.4}, ["helpful agent", "good deal"]),
}

# What customers write. No commas or double quotes (the CSV is written plain). Some phrases
# deliberately use words a first keyword dictionary will miss ("the bloke never showed").
_PHRASES = {
    "chat queue": ["Waited 20 minutes in the chat queue before anyone answered",
                   "Chat queue was so long I nearly gave up",
                   "Took ages to get a reply on chat"],
    "pushy sale": ["Kept pushing the TV bundle when I only wanted broadband",
                   "Felt like a hard sell for extras I did not ask for"],
    "long hold": ["On hold for 40 minutes", "Hold music for half an hour before I got through",
                  "Far too long on hold", "Waited ages to speak to someone",
                  "45 minutes to get through to a person"],
    "details twice": ["Had to type my details twice at checkout",
                      "The order form asked for the same information twice"],
    "late slot": ["First installation date was three weeks away",
                  "Could not get an installation date for weeks"],
    "no-show": ["Engineer did not turn up and nobody called",
                "Waited in all day and the engineer never came",
                "Second missed appointment in a row", "The bloke never showed"],
    "day off": ["Had to take a day off work for a four hour slot",
                "Took a day off to wait in and no arrival time was given"],
    "repeat myself": ["Had to repeat everything after being transferred",
                      "Got passed around three teams and explained it each time",
                      "Nobody had read my notes so I started again from scratch"],
    "wifi coverage": ["Wi-Fi does not reach the upstairs rooms",
                      "Signal is weak in the bedroom"],
    "app login": ["Could not log in to the app without an account number I did not have",
                  "App login was a pain"],
    "slow evenings": ["Speed is slow every evening", "Buffering every night from 8 pm",
                      "Speeds drop at peak times", "Great in the day but crawls at night"],
    "billing surprise": ["First bill was higher than I was told",
                         "Unexpected router fee on my bill",
                         "Overcharged with part-month charges nobody mentioned",
                         "Price went up without warning", "Bill was double what I expected"],
    "confusing bill": ["The bill is impossible to understand", "Could not work out the bill"],
    "loyalty penalty": ["New customers get a better deal than loyal ones",
                        "Only got a fair price when I threatened to leave",
                        "Had to haggle for half an hour to keep a decent price"],
    "helpful agent": ["The agent was really helpful", "Friendly and patient adviser",
                      "She sorted it in one call", "Polite and knew what she was doing",
                      "Great service from the person I spoke to"],
    "engineer praise": ["Engineer was great and explained everything",
                        "Engineer was on time and very tidy", "Brilliant engineer"],
    "easy order": ["Easy to order online", "Ordering took five minutes"],
    "working fast": ["Fast and reliable so far", "Working straight away"],
    "easy app": ["The app is easy to use", "Easy app to check everything",
                 "Paid my bill in the app in a minute"],
    "bill as expected": ["Bill was exactly what I was told", "No surprises on the bill"],
    "good deal": ["Got a good deal to stay"],
}
_NEUTRAL_PHRASES = ["Fine", "No complaints", "OK I suppose", "Nothing to add",
                    "All good thanks", "Could be better", "Average"]
_SURVEY_START = "2026-01-05"
_SURVEY_DAYS = 84  # twelve weeks: 5 January to 29 March 2026
_SURVEY_SIZE = 2000


def build_survey_responses(seed: int = SURVEY_RESPONSES_SEED) -> pd.DataFrame:
    """About 2,000 touchpoint survey responses for the sample broadband journey (module 05).

    **Trainers only: the rules below are what participants are asked to discover.**

    After 14 of the touchpoints of ``broadband_journey.yml`` (sales chat and call, ordering,
    the installation visit, the rebooking call, going live, the app, a speed test, the first
    bill, the app bill, a fault call, a bill chat, a repair visit and the renewal call), a
    customer is sent a short survey: overall likelihood to recommend (``ltr``, 0-10), CSAT
    with this contact (1-5), CES 2.0 "Northwave made it easy to handle my issue" (1 strongly
    disagree .. 7 strongly agree) and an optional comment. Each row is one response by one
    respondent (``R0001``...), dated between 5 January and 29 March 2026.

    * **Experience.** Each response has a latent experience: the touchpoint's base level,
      plus the customer's general mood (normal, sd 0.6), plus noise (sd 0.7). With the
      touchpoint's chance, one problem happens (e.g. the engineer does not turn up at T11:
      28%; a billing surprise on the first bill T19: 40%; slow evenings at the speed test
      T16: 45%; a loyalty penalty on the renewal call T26: 40%), lowering the experience by
      about 2 points; otherwise, with chance 35%, something goes notably well (+0.6).
      ``csat`` is 3.8 + the experience, rounded and kept in 1..5. ``ces`` is 4.6 + 1.1 x the
      experience (1.4 lower still after a hold, a transfer or a no-show), rounded, 1..7.
    * **Likelihood to recommend** is 7.7 + 1.1 x mood + weight x (csat - 3.5) + noise (sd
      1.3), rounded and kept in 0..10. The planted **drivers** are the weights: 1.5 at the
      installation visit (T11), 1.4 at the first bill (T19), 1.3 at the fault call (T22), 1.2
      at the renewal call (T26), 1.1 at the rebooking call (T12), 0.3-0.8 elsewhere.
    * **Comments.** 72% of customers with a problem write one, 45% of the others. A problem
      gives a phrase about it (and with chance 30% a second, about another problem of the
      touchpoint); a good experience (or CSAT 5) a phrase of praise; otherwise, half the
      time, a short neutral remark ("Fine", "Could be better"), else nothing.
      Some phrases use words that :data:`cxlab.voc.SAMPLE_THEMES` misses on purpose ("The
      bloke never showed", "crawls at night") so that learners extend the dictionary.

    With the shipped seed overall NPS is about +2 (33% promoters, 31% detractors); the
    moments of truth T11, T19, T22 and T26 are the touchpoints whose CSAT correlates most
    with LTR (0.75 to 0.85), the app and ordering the least (about 0.4).

    Parameters
    ----------
    seed : int, default SURVEY_RESPONSES_SEED
        Seed of the random generator; the shipped file uses the default.

    Returns
    -------
    pandas.DataFrame
        2,000 rows sorted by date, columns ``SURVEY_RESPONSES_COLUMNS``; ``comment`` is
        empty when the customer wrote none.
    """
    from cxlab.journey import load_journey

    seed = check_seed(seed)
    journey = load_journey()
    rng = np.random.default_rng([seed, 501])
    ids = list(_SURVEYED)
    shares = np.array([_SURVEYED[t][0] for t in ids], dtype=float)
    chosen = rng.choice(len(ids), size=_SURVEY_SIZE, p=shares / shares.sum())
    days = rng.integers(0, _SURVEY_DAYS, size=_SURVEY_SIZE)
    rows = []
    for pick, day in zip(chosen.tolist(), days.tolist(), strict=True):
        touchpoint = journey.touchpoint(ids[pick])
        _, weight, base, problems, praise = _SURVEYED[touchpoint.id]
        mood = rng.normal(0.0, 0.6)
        experience = base + mood + rng.normal(0.0, 0.7)
        happened = [name for name, chance in problems.items() if rng.random() < chance]
        problem = happened[0] if happened else None
        delight = problem is None and rng.random() < 0.35
        effort = 0.0
        if problem is not None:
            experience -= 2.0 + rng.normal(0.0, 0.4)
            if problem in {"long hold", "repeat myself", "no-show", "chat queue"}:
                effort = -1.4
        elif delight:
            experience += 0.6
        csat = int(np.clip(np.rint(3.8 + experience), 1, 5))
        ces = int(np.clip(np.rint(4.6 + 1.1 * experience + effort + rng.normal(0.0, 0.6)),
                          1, 7))
        ltr = int(np.clip(np.rint(7.7 + 1.1 * mood + weight * (csat - 3.5)
                                  + rng.normal(0.0, 1.3)), 0, 10))
        comment = ""
        if rng.random() < (0.72 if problem is not None else 0.45):
            if problem is not None:
                parts = [str(rng.choice(_PHRASES[problem]))]
                if len(happened) > 1 and rng.random() < 0.3:
                    parts.append(str(rng.choice(_PHRASES[happened[1]])))
                elif rng.random() < 0.15:
                    other = [p for p in problems if p != problem]
                    if other:
                        parts.append(str(rng.choice(_PHRASES[str(rng.choice(other))])))
            elif delight or csat >= 5:
                parts = [str(rng.choice(_PHRASES[str(rng.choice(praise))]))]
            elif rng.random() < 0.5:
                parts = [str(rng.choice(_NEUTRAL_PHRASES))]
            else:
                parts = []
            comment = ". ".join(parts)
        rows.append({
            "date": pd.Timestamp(_SURVEY_START) + pd.Timedelta(days=day),
            "touchpoint": touchpoint.id,
            "touchpoint_name": touchpoint.name,
            "stage": touchpoint.stage,
            "channel": touchpoint.channel,
            "ltr": ltr,
            "csat": csat,
            "ces": ces,
            "comment": comment,
        })
    frame = pd.DataFrame(rows).sort_values(["date", "touchpoint"], kind="stable")
    frame.insert(0, "respondent_id", [f"R{n:04d}" for n in range(1, len(frame) + 1)])
    return frame[list(SURVEY_RESPONSES_COLUMNS)].reset_index(drop=True)


#: File name -> function building its data frame.
BUILDERS: dict[str, Callable[[], pd.DataFrame]] = {
    "voice_week.csv": build_voice_week,
    "voice_week_incidents.csv": build_voice_week_incidents,
    "qa_evaluations.csv": build_qa_evaluations,
    "qa_calibration.csv": build_qa_calibration,
    "survey_responses.csv": build_survey_responses,
    "quick_wins_2027.csv": build_quick_wins,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Write the files, or with ``--check`` say which shipped file differs from a rebuild."""
    from _cli import run

    return run(BUILDERS, render_csv, data_dir=DATA_DIR, script="core.py",
               description=__doc__.splitlines()[0], argv=argv)


if __name__ == "__main__":
    sys.exit(main())
