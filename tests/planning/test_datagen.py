"""The module 07 data are rebuilt byte for byte by tools/datagen/planning.py, and tell its story."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from importlib.resources import files

import numpy as np
import pandas as pd
import pytest

from cxlab import data
from tests.conftest import ROOT

SCRIPT = ROOT / "tools" / "datagen" / "planning.py"


@pytest.fixture(scope="module")
def datagen():
    spec = importlib.util.spec_from_file_location("planning_datagen", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def year() -> pd.Series:
    table = data.load("voice_year")
    return table.set_index("interval_start")["calls"]


def test_shipped_file_equals_a_fresh_build(datagen):
    shipped = files("cxlab.data").joinpath("voice_year.csv").read_bytes()
    assert shipped == datagen.render(datagen.build_voice_year()).encode("utf-8")


def test_check_mode_exits_0_on_the_shipped_file():
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


def test_build_is_seeded(datagen):
    assert datagen.build_voice_year(seed=3).equals(datagen.build_voice_year(seed=3))
    assert not datagen.build_voice_year(seed=3).equals(datagen.build_voice_year(seed=4))


def test_loads_as_every_half_hour_of_2025(year):
    assert year.size == 17_520 and year.dtype == np.int64
    assert year.index[0] == pd.Timestamp("2025-01-01 00:00")
    assert (np.diff(year.index.to_numpy()) == np.timedelta64(30, "m")).all()
    assert (year >= 0).all()
    assert "module 07" in data.describe_dataset("voice_year")


def test_closed_at_night_and_on_public_holidays(year):
    hours = year.index.hour
    assert year[(hours < 8) | (hours >= 20)].sum() == 0
    sunday = year.index.day_of_week == 6
    assert year[sunday & ((hours < 10) | (hours >= 16))].sum() == 0
    for day in ("2025-01-01", "2025-04-21", "2025-12-25"):
        assert year[day].sum() == 0, day


def test_the_story_is_in_the_data(year):
    weekly = year.resample("W-SUN").sum()
    # Growth: the last full weeks of November are busier than the same weeks of February.
    assert year["2025-11-03":"2025-11-30"].sum() > 1.04 * year["2025-02-03":"2025-03-02"].sum()
    # The price-change letter: the week of 8 September is the busiest full week of the year.
    assert weekly.idxmax() == pd.Timestamp("2025-09-14")
    # The outage: Tuesday 14 October afternoon about twice the Tuesday before.
    outage = year["2025-10-14 13:00":"2025-10-14 17:30"].sum()
    before = year["2025-10-07 13:00":"2025-10-07 17:30"].sum()
    assert 1.7 < outage / before < 2.3
    # Monday is the busiest weekday, Sunday the quietest, as in voice_week.
    by_day = year.groupby(year.index.day_of_week).sum()
    assert by_day.idxmax() == 0 and by_day.idxmin() == 6
