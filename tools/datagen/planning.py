"""Build the sample data of module 07 (planning the operation) for Northwave Broadband.

A maintainer script: it writes a CSV file into ``src/cxlab/data/`` that ships with cxlab. Every
random draw comes from a seeded generator, so a rebuild gives the same bytes::

    python tools/datagen/planning.py           # rewrite the file
    python tools/datagen/planning.py --check   # exit 1 if the shipped file differs

``voice_year.csv`` (data set ``voice_year``)
    Calls offered to the inbound voice queue of ``voice_week`` in every half hour of 2025,
    1 January to 31 December: 17,520 rows, ``interval_start`` and ``calls`` (whole calls, 0
    while the centre is closed). The queue is the one of modules 01 and 02: the opening
    hours (Monday to Friday 08:00-20:00, Saturday 09:00-17:00, Sunday 10:00-16:00), the
    shape of each weekday and the weekday peaks are those of ``core_voice.py`` here, which
    builds ``voice_week`` (March 2026), so the year leads into that week. How the expected
    calls of a half hour are made, before Poisson noise:

    * **weekly and daily pattern**: the weekday's busiest half hour (Monday busiest, easing
      to Friday, weekend low) times the weekday's intraday shape;
    * **trend**: the customer base grows, so calls grow by 9% from January to December,
      reaching about 90% of the March 2026 week at the end of the year;
    * **time of year**: about 5% more calls in January (first bills after the holidays) and
      6% fewer in late July and August (holidays), a smooth curve over the year;
    * **public holidays**: the centre is closed (0 calls) on 1 January, 18 and 21 April,
      5 and 26 May, 25 August and 25 and 26 December; the next open day has 20% more calls;
    * **a marketing event**: a price-change letter reaches customers on Monday 8 September;
      that week has 35% more calls on the Monday, easing by 6 points a day; most of the
      extra calls come between 09:00 and 15:00;
    * **an outage**: on Tuesday 14 October from 13:00 to 17:30 the broadband network is down
      in one region, and calls double.

    Calls are Poisson counts around the expected calls. The lesson 07.01 fits Holt-Winters to
    the history up to 2 November, forecasts the four weeks that follow and compares.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import core_voice
from core import render_csv

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "src" / "cxlab" / "data"

#: Seed of the shipped ``voice_year.csv``.
VOICE_YEAR_SEED = 2025

_YEAR = "2025"
#: Calls at the end of 2025 as a share of the voice_week (March 2026) weekday peaks.
_END_OF_YEAR_LEVEL = 0.90
_GROWTH = 0.09  # January to December
_HOLIDAYS = ("2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26",
             "2025-08-25", "2025-12-25", "2025-12-26")
_AFTER_HOLIDAY = 1.20
_LETTER_DAY = "2025-09-08"
_LETTER_LIFT = (0.35, 0.29, 0.23, 0.17, 0.11, 0.05, 0.0)
_OUTAGE = ("2025-10-14 13:00", "2025-10-14 17:30", 2.0)


def _open(stamps: pd.DatetimeIndex) -> np.ndarray:
    hours = stamps.hour + stamps.minute / 60
    first = np.array([core_voice.OPEN_HOURS[d][0] for d in stamps.day_of_week])
    close = np.array([core_voice.OPEN_HOURS[d][1] for d in stamps.day_of_week])
    return (hours >= first) & (hours < close)


def expected_calls() -> pd.Series:
    """Expected calls per half hour of 2025 (before Poisson noise), 0 when closed."""
    stamps = pd.date_range(f"{_YEAR}-01-01", f"{_YEAR}-12-31 23:30", freq="30min")
    midpoint = stamps.hour + stamps.minute / 60 + 0.25
    weekday = stamps.day_of_week.to_numpy()
    shape = np.zeros(stamps.size)
    for day in range(7):
        mask = weekday == day
        shape[mask] = (core_voice.intraday_shape(np.asarray(midpoint[mask]), day)
                       * core_voice.DAY_PEAK_CALLS[day])
    fraction = np.asarray((stamps - stamps[0]) / (stamps[-1] - stamps[0]), dtype=float)
    trend = _END_OF_YEAR_LEVEL * (1 + _GROWTH * (fraction - 1))
    day_of_year = np.asarray(stamps.day_of_year, dtype=float)
    season = (1 + 0.05 * np.exp(-0.5 * ((day_of_year - 15) / 20) ** 2)
              - 0.06 * np.exp(-0.5 * ((day_of_year - 215) / 22) ** 2))
    calls = shape * trend * season
    dates = stamps.normalize()
    holiday = dates.isin(pd.to_datetime(_HOLIDAYS))
    open_ = _open(stamps) & ~holiday
    # The first open day after a holiday catches up.
    day_open = pd.Series(open_, index=stamps).groupby(dates).any()
    days = day_open.index
    after = np.zeros(days.size, dtype=bool)
    for i in range(1, days.size):
        j = i - 1
        if days[j] in pd.to_datetime(_HOLIDAYS):
            after[i] = day_open.iloc[i]
    catch_up = pd.Series(after, index=days).reindex(dates).to_numpy()
    calls = np.where(catch_up, calls * _AFTER_HOLIDAY, calls)
    letter = pd.Timestamp(_LETTER_DAY)
    hours = stamps.hour + stamps.minute / 60
    for offset, lift in enumerate(_LETTER_LIFT):
        on_day = dates == letter + pd.Timedelta(days=offset)
        weight = np.where((hours >= 9) & (hours < 15), 1.4, 0.5)
        calls = np.where(on_day, calls * (1 + lift * weight), calls)
    start, stop, factor = _OUTAGE
    outage = (stamps >= pd.Timestamp(start)) & (stamps <= pd.Timestamp(stop))
    calls = np.where(outage, calls * factor, calls)
    return pd.Series(np.where(open_, calls, 0.0), index=stamps, name="expected_calls")


def build_voice_year(seed: int = VOICE_YEAR_SEED) -> pd.DataFrame:
    """The ``voice_year`` data set: calls offered per half hour of 2025."""
    rng = np.random.default_rng(seed)
    expected = expected_calls()
    calls = rng.poisson(expected.to_numpy())
    return pd.DataFrame({"interval_start": expected.index, "calls": calls.astype(np.int64)})


BUILDERS = {"voice_year.csv": build_voice_year}


def render(frame: pd.DataFrame) -> str:
    """CSV text, the same byte for byte on every machine (core.render_csv)."""
    return render_csv(frame)


def main(argv: list[str] | None = None) -> int:
    """Write the files, or with ``--check`` say which shipped file differs from a rebuild."""
    from _cli import run

    return run(BUILDERS, render, data_dir=DATA_DIR, script="planning.py",
               description=__doc__.splitlines()[0], argv=argv)


if __name__ == "__main__":
    sys.exit(main())
