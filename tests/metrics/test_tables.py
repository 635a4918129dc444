"""The reading tables of lessons 02.01-02.03 (issue 18): plain labels, numbers kept."""

from __future__ import annotations

import pandas as pd
import pytest

from cxlab import CxlabValueError, data, metrics
from cxlab.metrics import tables


def test_what_if_table_shows_moved_metrics_in_words_and_points() -> None:
    shown = tables.what_if_table(metrics.what_if(aht_seconds=198)).frame
    # the 02.02 lesson: service level 91.7% -> 84.9%, 6.7 points lost; AHT 180 -> 198 s
    assert shown.loc["Service level"].tolist() == ["91.7%", "84.9%", "-6.7 points"]
    assert shown.loc["Average handle time (s)"].tolist() == ["180.00", "198.00", "+18.00"]
    assert "Shrinkage" not in shown.index  # it did not move
    assert all("_" not in name for name in shown.index)


def test_what_if_table_rejects_unknown_rows_and_other_objects() -> None:
    with pytest.raises(CxlabValueError, match="rows must be metrics.*nps"):
        tables.what_if_table(metrics.what_if(), rows=["nps"])
    with pytest.raises(CxlabValueError, match="result must be a WhatIf.*dict"):
        tables.what_if_table({})


def test_likely_table_names_metrics_and_directions() -> None:
    shown = tables.likely_table(metrics.what_if(quality="down")).frame
    assert list(shown.columns) == ["Metric", "Likely to go", "Because"]
    assert "First-contact resolution" in set(shown["Metric"])


def test_baseline_table_shows_shares_as_percentages() -> None:
    shown = tables.baseline_table(metrics.Baseline()).frame["Value"]
    assert shown["Shrinkage"] == "30.0%" and shown["Schedule adherence"] == "92.0%"
    assert shown["Scheduled staff (people)"] == "22"


def test_shrinkage_steps_whole_agents() -> None:
    shown = tables.shrinkage_steps(metrics.Baseline(), [0.30, 0.31, 0.37]).frame
    # 22 x (1 - s) x 0.92 by hand: 14.168, 13.965, 12.751 -> 14, 13, 12 whole agents
    assert shown.iloc[:, 0].tolist() == ["14.17", "13.97", "12.75"]
    assert shown["Agents on the phones"].tolist() == ["14", "13", "12"]
    with pytest.raises(CxlabValueError, match="shrinkages must hold 1 to 50 values; got 0"):
        tables.shrinkage_steps(metrics.Baseline(), [])


def test_daily_tables_agree_with_a_day_by_day_count() -> None:
    week = data.load("voice_week_incidents")
    service = tables.daily_service(week)
    for date, rows in week.groupby(week["interval_start"].dt.date):
        measured = rows["answered_within_20s"].sum() / rows["offered"].sum()
        assert service.loc[pd.Timestamp(date), "measured_sl"] == pytest.approx(measured)
    changes = tables.daily_changes_table(week).frame
    friday = week[week["interval_start"].dt.day_name() == "Friday"]
    calls = friday["offered"].sum() / friday["forecast_calls"].sum() - 1
    assert changes.loc["Fri 17 Apr", "Calls vs forecast"] == f"{100 * calls:+.1f}%"
    shown = tables.daily_service_table(week).frame
    assert shown.loc["Fri 17 Apr", "Measured SL"] == "70.0%"  # lesson 02.03: about 70%


def test_daily_service_rejects_a_table_without_the_plan() -> None:
    with pytest.raises(CxlabValueError, match="lacks agents_planned"):
        tables.daily_service(data.load("voice_week_incidents").drop(columns="agents_planned"))


def test_swap_orders_rows_add_up_to_the_same_total() -> None:
    plan = {"volume": 100, "aht": 180, "agents": 14}
    actual = {"volume": 115, "aht": 198, "agents": 13}
    shown = tables.swap_orders_table(plan, actual).frame
    totals = {round(sum(float(v.split()[0]) for v in row), 0) for _, row in shown.iterrows()}
    assert totals == {-26.0}  # lesson 02.03: every row adds up to about -26 points
    assert len(shown) == 7 and shown.index[-1] == "Average over all orders (Shapley)"
    with pytest.raises(CxlabValueError, match="plan must be a dict with the keys"):
        tables.swap_orders_table({"volume": 100}, actual)


def test_diagnosis_tables() -> None:
    d = metrics.diagnose(data.load("voice_week_incidents"), patience_seconds=150)
    shown = tables.diagnosis_table(d).frame
    assert "Volume (points)" in shown.columns and "AHT (points)" in shown.columns
    worst = tables.biggest_causes_table(d, n=3).frame
    assert len(worst) == 3 and set(worst["Driver"]) <= {"Volume", "AHT", "Agents"}
    with pytest.raises(CxlabValueError, match="by must be 'day' or 'interval'; got 'week'"):
        tables.diagnosis_table(d, by="week")
    with pytest.raises(CxlabValueError, match="n must be a whole number from 1 to 100"):
        tables.biggest_causes_table(d, n=0)


def test_metric_lists() -> None:
    names = tables.metrics_table().frame["Name to type"]
    assert names.tolist() == [f'"{n}"' for n in metrics.METRICS]
    values = tables.values_table(metrics.what_if()).frame["Value"]
    assert values["Occupancy"] == "70.4%" and values["Abandonment"] == "1.4%"  # lesson 02.01
    with pytest.raises(CxlabValueError, match="when must be 'before' or 'after'"):
        tables.values_table(metrics.what_if(), when="during")
