"""Working backwards: the attribution adds up and blames the driver that changed."""

from __future__ import annotations

import pandas as pd
import pytest

from cxlab import metrics
from cxlab import service_level as sl
from cxlab._validation import CxlabValueError


def _frame(**overrides) -> pd.DataFrame:
    row = {"interval_start": pd.Timestamp("2026-04-13 10:00"), "offered": 100.0,
           "aht_seconds": 180.0, "agents_staffed": 14, "answered_within_20s": 88.0,
           "forecast_calls": 100.0, "forecast_aht_seconds": 180.0, "agents_planned": 14}
    row.update(overrides)
    return pd.DataFrame([row])


def _parts(row) -> float:
    return row["volume"] + row["aht"] + row["agents"] + row["randomness"]


@pytest.mark.parametrize(
    ("change", "culprit"),
    [({"offered": 125.0}, "volume"), ({"aht_seconds": 215.0}, "aht"),
     ({"agents_staffed": 12}, "agents")],
)
def test_a_single_change_is_blamed_on_its_driver(change: dict, culprit: str) -> None:
    d = metrics.diagnose(_frame(**change))
    row = d.intervals.iloc[0]
    assert row[culprit] < -0.05
    for other in set(metrics.DRIVERS) - {culprit}:
        assert row[other] == pytest.approx(0.0, abs=1e-12)
    assert _parts(row) == pytest.approx(row["gap"], abs=1e-12)


def test_planned_and_modelled_use_module_01() -> None:
    d = metrics.diagnose(_frame(agents_staffed=13))
    row = d.intervals.iloc[0]
    assert row["planned_sl"] == pytest.approx(sl.service_level(14, 10, 180, 20))
    assert row["modelled_sl"] == pytest.approx(sl.service_level(13, 10, 180, 20))
    assert row["agents"] == pytest.approx(row["modelled_sl"] - row["planned_sl"])
    erlang_a = metrics.diagnose(_frame(agents_staffed=13), patience_seconds=300)
    assert erlang_a.intervals.iloc[0]["planned_sl"] == pytest.approx(
        sl.erlang_a(14, 10, 180, 300, 20).service_level)


def test_shapley_and_sequential_share_the_total_but_not_the_split() -> None:
    frame = _frame(offered=125.0, aht_seconds=200.0, agents_staffed=13)
    shapley = metrics.diagnose(frame).intervals.iloc[0]
    first = metrics.diagnose(frame, method="sequential", order=("volume", "aht", "agents"))
    last = metrics.diagnose(frame, method="sequential", order=("agents", "aht", "volume"))
    total = shapley[list(metrics.DRIVERS)].sum()
    for d in (first, last):
        row = d.intervals.iloc[0]
        assert row[list(metrics.DRIVERS)].sum() == pytest.approx(total, abs=1e-12)
    assert first.intervals.iloc[0]["volume"] != pytest.approx(last.intervals.iloc[0]["volume"])
    # Shapley is the average over all six orders.
    import itertools

    orders = list(itertools.permutations(metrics.DRIVERS))
    mean_volume = sum(metrics.diagnose(frame, method="sequential", order=o).intervals.iloc[0][
        "volume"] for o in orders) / len(orders)
    assert shapley["volume"] == pytest.approx(mean_volume, abs=1e-12)


def test_days_and_week_weight_by_calls_and_add_up() -> None:
    frame = pd.concat([_frame(offered=130.0, answered_within_20s=80.0),
                       _frame(interval_start=pd.Timestamp("2026-04-14 10:00"), offered=50.0,
                              forecast_calls=50.0, answered_within_20s=49.0)],
                      ignore_index=True)
    d = metrics.diagnose(frame)
    w = d.week
    parts = w["volume"] + w["aht"] + w["agents"] + w["randomness"]
    assert parts == pytest.approx(w["gap"], abs=1e-12)
    assert w["measured_sl"] == pytest.approx((80 + 49) / 180)
    assert len(d.days) == 2
    assert "Diagnosis (shapley): planned" in repr(d)
    assert d.biggest_causes(1)["driver"].iloc[0] == "volume"


@pytest.mark.parametrize(
    ("kwargs", "frame", "message"),
    [
        ({}, _frame().drop(columns="agents_planned"), r"plan has no column 'agents_planned'"),
        ({}, _frame(answered_within_20s=150.0), r"answered_within_20s must be at most offered"),
        ({"method": "banzhaf"}, _frame(), r"method must be one of 'shapley', 'sequential'"),
        ({"method": "sequential", "order": ("volume", "aht")}, _frame(),
         r"order must list volume, aht, agents once each"),
        ({"patience_seconds": 0}, _frame(), r"patience_seconds must be positive"),
    ],
)
def test_errors_name_the_problem(kwargs, frame, message) -> None:
    with pytest.raises(CxlabValueError, match=message):
        metrics.diagnose(frame, **kwargs)


def test_diagnosis_recovers_the_seeded_causes_of_the_incident_week() -> None:
    """The sample week hides an AHT jump (Tue 10:00 to Wed 12:00), sickness (Thursday) and a
    mailing (Friday 09:00-13:00); the diagnosis must point at each, where and only where."""
    from cxlab import data

    d = metrics.diagnose(data.load("voice_week_incidents"), patience_seconds=150)
    rows = d.intervals
    when = rows["interval_start"]
    parts = list(metrics.DRIVERS)

    def worst(mask) -> str:
        weighted = rows.loc[mask, parts].mul(rows.loc[mask, "offered"], axis=0).sum()
        return str(weighted.idxmin())

    aht_window = (when >= "2026-04-14 10:00") & (when < "2026-04-15 12:00")
    thursday = when.dt.day_name() == "Thursday"
    mailing = (when.dt.day_name() == "Friday") & (when.dt.hour >= 9) & (when.dt.hour < 13)
    assert worst(aht_window) == "aht"
    assert worst(thursday) == "agents"
    assert worst(mailing) == "volume"
    days = d.days
    monday = days.iloc[0]
    assert min(monday[parts]) > -0.03, "no cause on an ordinary day"
    assert days["aht"].idxmin().day_name() == "Tuesday"
    assert days["agents"].idxmin().day_name() == "Thursday"
    assert days["volume"].idxmin().day_name() == "Friday"
    total = rows[parts + ["randomness"]].sum(axis=1)
    assert (total - rows["gap"]).abs().max() < 1e-12
    w = d.week
    assert w[parts + ["randomness"]].sum() == pytest.approx(w["gap"], abs=1e-12)


def test_a_notebook_shows_the_diagnosis_in_plain_words() -> None:
    from IPython.lib.pretty import pretty

    d = metrics.diagnose(_frame(offered=130.0, answered_within_20s=80.0))
    w = d.week
    shown = pretty(d)
    assert shown == str(d) == d.summary()
    assert shown.startswith(f"Service level: the plan promised {w['planned_sl']:.1%}, "
                            f"{w['measured_sl']:.1%} was measured")
    assert f"AHT {w['aht'] * 100:+.1f}" in shown
    assert "aht" not in shown and "shapley" not in shown
    assert [metrics.DRIVER_LABELS[k] for k in metrics.DRIVERS] == [
        "Volume (calls offered)", "AHT (average handling time)", "Agents (staffed)"]
