"""Service level from counts (ICMI definitions) and the staffing plan."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxlab import data
from cxlab import service_level as sl
from cxlab._validation import CxlabValueError

# REFERENCES.md: 1000 answered, 60 abandoned, 860 answered within T, 20 abandoned within T.
ICMI = {"short_abandons_met": 0.83, "answered": 0.86, "offered": 0.81,
        "short_abandons_excluded": 0.83}


@pytest.mark.parametrize(("definition", "expected"), ICMI.items())
def test_icmi_reference_values(definition: str, expected: float) -> None:
    value = sl.service_level_from_counts(1000, 60, 860, 20, definition=definition)
    assert round(value, 2) == expected


def test_icmi_exact_fractions() -> None:
    assert sl.service_level_from_counts(1000, 60, 860, 20, definition="offered") == 860 / 1060
    assert sl.service_level_from_counts(1000, 60, 860, 20,
                                        definition="short_abandons_excluded") == 860 / 1040


def test_counts_on_the_sample_week_are_vectorised() -> None:
    week = data.load("voice_week")
    per_interval = sl.service_level_from_counts(
        week["answered"], week["abandoned"], week["answered_within_20s"],
        week["abandoned_within_20s"], definition="answered")
    assert isinstance(per_interval, pd.Series) and len(per_interval) == len(week)
    assert ((per_interval >= 0) & (per_interval <= 1)).all()
    # The definitions order the same way on any data with abandons after the threshold.
    totals = week[["answered", "abandoned", "answered_within_20s", "abandoned_within_20s"]].sum()
    values = {d: sl.service_level_from_counts(*totals.to_numpy(), definition=d)
              for d in sl.SL_DEFINITIONS}
    assert values["offered"] <= values["short_abandons_excluded"] <= values["answered"]
    assert values["offered"] <= values["short_abandons_met"]


def test_counts_validation() -> None:
    with pytest.raises(CxlabValueError, match="definition must be one of 'offered'"):
        sl.service_level_from_counts(10, 1, 8, definition="icmi")
    with pytest.raises(CxlabValueError,
                       match="answered_within must be at most answered, got 12 > 10"):
        sl.service_level_from_counts(10, 1, 12)
    with pytest.raises(CxlabValueError, match="abandoned must be 0 or more"):
        sl.service_level_from_counts(10, -1, 8)
    assert sl.service_level_from_counts(0, 0, 0) == 1.0  # nothing offered, nothing missed


@pytest.fixture(scope="module")
def plan() -> sl.StaffingPlan:
    return sl.staffing_plan(data.load("voice_week"))


def test_plan_per_interval_agrees_with_the_erlang_functions(plan) -> None:
    rows = plan.intervals
    week = data.load("voice_week")
    assert len(rows) == len(week)
    a = week["forecast_calls"] * week["forecast_aht_seconds"] / 1800
    assert np.allclose(rows["erlangs"], a)
    for i in (0, 20, 77, len(rows) - 1):
        n = sl.agents_required(a[i], week["forecast_aht_seconds"][i], 20, 0.8)
        assert rows["agents_required"][i] == n
        assert rows["scheduled_staff"][i] == sl.scheduled_staff(n, 0.3)
        assert rows["service_level_staffed"][i] == pytest.approx(
            sl.service_level(week["agents_staffed"][i], a[i], week["forecast_aht_seconds"][i], 20))
    assert (rows["service_level"] >= 0.8).all()
    assert (rows["gap"] == rows["agents_staffed"] - rows["agents_required"]).all()


def test_plan_days_and_total_weight_service_level_by_calls(plan) -> None:
    rows, days = plan.intervals, plan.days
    assert len(days) == 7
    monday = rows[rows["interval_start"].dt.day_name() == "Monday"]
    expected = (monday["service_level"] * monday["calls"]).sum() / monday["calls"].sum()
    assert days["service_level"].iloc[0] == pytest.approx(expected)
    assert days["calls"].sum() == pytest.approx(plan.total["calls"])
    assert plan.total["agent_hours_required"] == pytest.approx(rows["agents_required"].sum() / 2)
    assert plan.total["intervals_understaffed"] == (rows["gap"] < 0).sum()
    assert "StaffingPlan: 148 intervals over 7 day(s)" in repr(plan)


def test_plan_with_other_columns_and_options() -> None:
    frame = pd.DataFrame({"start": pd.date_range("2026-03-02 09:00", periods=3, freq="30min"),
                          "n": [100, 0, 200], "h": [180, float("nan"), 180]})
    plan = sl.staffing_plan(frame, calls="n", aht="h", time="start", staffed=None,
                            max_occupancy=0.85, target_sl=0.9, shrinkage=0.35)
    assert plan.intervals["agents_required"].tolist()[1] == 0
    assert (plan.intervals["occupancy"] <= 0.85).all()
    assert "agents_staffed" not in plan.intervals


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"calls": "volume"}, r"intervals has no column 'volume' for the calls; it has"),
        ({"target_sl": 80}, r"target_sl must be in \[0, 1\), got 80"),
        ({"shrinkage": 1}, r"shrinkage must be in \[0, 1\), got 1"),
        ({"staffed": "heads"}, r"no column 'heads' for the staffed"),
    ],
)
def test_plan_errors(kwargs, message) -> None:
    with pytest.raises(CxlabValueError, match=message):
        sl.staffing_plan(data.load("voice_week"), **kwargs)


def test_plan_rejects_non_tables() -> None:
    with pytest.raises(CxlabValueError, match="intervals must be a table"):
        sl.staffing_plan([1, 2, 3])
    with pytest.raises(CxlabValueError, match="intervals is empty"):
        sl.staffing_plan(pd.DataFrame())
