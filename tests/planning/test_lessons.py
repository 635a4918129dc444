"""The numbers lessons 07.01 and 07.02 state in their prose are what the models give.

Each test recomputes a number the way the lesson's cells do and checks that the lesson's text
says it, so a change to the data or a model that moves a number fails here, not in class.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cxlab import data, planning
from cxlab import service_level as sl
from tests.conftest import ROOT, load_notebook

FOLDER = ROOT / "solutions" / "07-planning-the-operation"


def _prose(name: str) -> str:
    nb = load_notebook(FOLDER / name)
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return " ".join(text.split())


def _says(text: str, *phrases: str) -> None:
    for phrase in phrases:
        assert phrase in text, f"the lesson does not say {phrase!r}"


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


# --------------------------------------------------------------------------------------------
# 07.01 Forecasting calls


@pytest.fixture(scope="module")
def forecasting():
    year = data.load("voice_year").set_index("interval_start")["calls"]
    history = year[:"2025-11-02"]
    actual = year["2025-11-03":].iloc[: 4 * 7 * 48]
    unusual = planning.unusual_days(history)
    cleaned = planning.clean_history(history, days=unusual)
    naive = pd.Series(list(cleaned.iloc[-336:].to_numpy()) * 4, index=actual.index)
    model = planning.holt_winters(cleaned, seasonal_periods=336)
    forecast = pd.Series(model.forecast(len(actual)), index=actual.index)
    raw = planning.holt_winters(history, seasonal_periods=336).forecast(len(actual))
    return {"year": year, "history": history, "actual": actual, "unusual": unusual,
            "naive": naive, "model": model, "forecast": forecast, "raw": raw,
            "text": _prose("07.01-forecasting-calls.ipynb")}


def test_0701_the_year_and_its_pattern(forecasting):
    year, history, text = forecasting["year"], forecasting["history"], forecasting["text"]
    _says(text, f"{len(year):,} rows")
    assert year.resample("MS").sum().idxmax().month_name() == "September"
    per_day = history.groupby(history.index.normalize()).sum()
    by_weekday = per_day.groupby(per_day.index.day_of_week).mean()
    assert list(by_weekday.sort_values(ascending=False).index) == [0, 1, 2, 3, 4, 5, 6]


def test_0701_unusual_days(forecasting):
    unusual, text = forecasting["unusual"], forecasting["text"]
    assert len(unusual) == 12
    _says(text, "Twelve days")
    assert (unusual["calls"] == 0).sum() == 6
    _says(text, "Six are **public holidays**")
    diff = unusual["difference"]
    assert pd.Timestamp("2025-04-19") in unusual.index
    _says(text, f"{round(100 * diff['2025-09-08'])}% more calls on the Monday",
          f"still {round(100 * diff['2025-09-11'])}% more on the Thursday",
          f"outage** in one region ({round(100 * diff['2025-10-14'])}% more calls)")


def test_0701_smoothing(forecasting):
    model = forecasting["model"]
    assert model.alpha < 0.01 and model.beta < 0.01
    assert round(model.gamma, 2) == 0.09
    _says(forecasting["text"], "gamma near 0.09")


def test_0701_accuracy_table(forecasting):
    actual, text = forecasting["actual"], forecasting["text"]
    naive = planning.forecast_accuracy(actual, forecasting["naive"])
    raw = planning.forecast_accuracy(actual, forecasting["raw"])
    best = planning.forecast_accuracy(actual, forecasting["forecast"])
    _says(text, f"misses {_pct(naive.wape)} of the calls (WAPE) and is {_pct(-naive.bias)} too low",
          f"WAPE {_pct(raw.wape)}, and {_pct(raw.bias)} too high",
          f"misses {_pct(best.wape)} of the calls and is {_pct(-best.bias)} too low",
          f"({_pct(best.mape)} for the best)",
          f"{best.intervals_without_calls} of the {best.intervals:,} half hours had no calls")
    assert naive.wape < raw.wape and best.wape < naive.wape
    assert best.mape > best.wape


def test_0701_service_level_impact(forecasting):
    actual, forecast, text = forecasting["actual"], forecasting["forecast"], forecasting["text"]
    impact = planning.service_level_impact(actual.iloc[:336], forecast.iloc[:336],
                                           aht_seconds=290)
    s = impact.summary
    _says(text, f"promises {_pct(s['service_level_planned'])}",
          f"get only {_pct(s['service_level_actual'])}",
          f"the forecast was {_pct(-s['bias'])} too low, get",
          f"{int(s['intervals_below_target'])} half hours fall below the target")


def test_0701_a_ten_percent_miss():
    text = _prose("07.01-forecasting-calls.ipynb")
    one = planning.service_level_impact([90, 100, 110], [100] * 3, aht_seconds=290).intervals
    low, planned, high = one["service_level_actual"]
    _says(text, f"staffs it with {one['agents'].iloc[0]} agents",
          f"answer {_pct(planned)} within 20 seconds",
          f"from {_pct(planned)} to {_pct(high)}", f"raises it to {_pct(low)}",
          f"almost {math.ceil(100 * (planned - high))} points lost",
          f"{round(100 * (low - planned))} points gained",
          f"turns an {round(100 * planned)}% half hour into a {round(100 * high)}% one")


def test_0701_exercise_two_worked_answer():
    text = _prose("07.01-forecasting-calls.ipynb")
    table = planning.service_level_impact([132], [120], aht_seconds=290).intervals.iloc[0]
    _says(text, f"120 calls of 290 seconds are {120 * 290 / 1800:.1f} Erlangs",
          f"Erlang C needs {int(table['agents'])} agents",
          f"facing 132 calls ({132 * 290 / 1800:.1f} Erlangs)",
          f"**{_pct(table['service_level_actual'])}** within 20 seconds")


# --------------------------------------------------------------------------------------------
# 07.02 Shifts and rosters


@pytest.fixture(scope="module")
def rostering():
    plan = sl.staffing_plan(data.load("voice_week"))
    required = plan.intervals.set_index("interval_start")["agents_required"]
    flexible = planning.build_roster(required)
    strict = planning.build_roster(required, shift_hours=(4, 8), start_every_minutes=60)
    return {"plan": plan, "required": required, "flexible": flexible, "strict": strict,
            "text": _prose("07.02-shifts-and-rosters.ipynb")}


def test_0702_requirement_and_candidates(rostering):
    days, text = rostering["plan"].days, rostering["text"]
    _says(text, f"Monday needs {int(days['peak_agents_required'].iloc[0])} agents at its peak "
                f"and {days['agent_hours_required'].iloc[0]:.0f} agent-hours",
          f"Sunday needs {int(days['peak_agents_required'].iloc[-1])} at most")
    assert 1000 < len(planning.shift_catalogue(rostering["required"])) < 2000
    _says(text, "More than a thousand possible shifts")


def test_0702_flexible_and_strict_rosters(rostering):
    flexible, strict, text = rostering["flexible"], rostering["strict"], rostering["text"]
    required_hours = flexible.days["required_hours"].sum()
    assert flexible.paid_hours == required_hours and flexible.intervals["over"].sum() == 0
    _says(text, f"{flexible.paid_hours:,.1f} paid hours for {required_hours:,.1f} hours required")
    extra = strict.paid_hours - flexible.paid_hours
    _says(text, f"need {strict.paid_hours:,.0f} paid hours instead of {flexible.paid_hours:,.1f}",
          f"**{round(100 * extra / flexible.paid_hours)}% more paid hours** a week",
          f"{round(100 * extra / flexible.paid_hours)}% more for the same service",
          f"= **{extra:.1f} paid hours**")
    first = strict.intervals.iloc[0]
    assert first.name == pd.Timestamp("2026-03-02 08:00")
    assert first["over"] == 7
    _says(text, "seven agents too many at 08:00")


def test_0702_capped_roster(rostering):
    capped = planning.build_roster(rostering["required"], shift_hours=(4, 8),
                                   start_every_minutes=60, max_shifts_per_day=30,
                                   shortfall_cost=20)
    monday = capped.intervals.loc["2026-03-02"]
    short = monday[monday["under"] > 0]["under"]
    assert rostering["strict"].days["shifts"].iloc[0] == 33
    assert len(short) == 4 and set(short) <= {1, 2}
    assert (monday["over"] > 0).any()
    _says(rostering["text"], "With 30 people instead of 33, Monday is short in four half hours")


def test_0702_days_off(rostering):
    text = rostering["text"]
    post = planning.days_off([17, 13, 15, 19, 14, 16, 11])
    assert post.employees == 23 and post.lp_bound == pytest.approx(22 + 1 / 3)
    assert post.table["surplus"].sum() == 10 and post.table["surplus"].iloc[4] == 7
    _says(text, "needs **23 employees**", "22⅓ would do", "Ten employee-days",
          "on Friday seven more people work")
    shifts = rostering["flexible"].days["shifts"]
    staff = planning.days_off(shifts.to_numpy())
    _says(text, f"**{staff.employees} employees**, where {shifts.sum()} shifts divided by 5 days "
                f"would suggest {shifts.sum() / 5:.1f}",
          f"leaves {staff.table['surplus'].sum()} employee-days spare")
    assert staff.table["surplus"].idxmax() == 7  # Sunday
    exercise = planning.days_off([20, 16, 13, 16, 19, 14, 12])
    assert exercise.employees == 22 and exercise.lp_bound == pytest.approx(22)
    assert exercise.table["surplus"].sum() == 0
    _says(text, "**22 employees**", "22 × 5 = 110 worked")


def test_0702_intraday(rostering):
    plan, strict, text = rostering["plan"], rostering["strict"], rostering["text"]
    monday = plan.intervals[plan.intervals["interval_start"].dt.day_name() == "Monday"]
    rostered = strict.intervals.loc["2026-03-02"]
    replan = planning.replan_intraday(
        monday.set_index("interval_start")["calls"],
        actual_calls=(monday["calls"].iloc[:6] * 1.08).round(),
        agents_on_phones=rostered["on_phones"], breaks=rostered["on_break"],
        aht_seconds=monday["aht_seconds"].iloc[6:].mean(), absent_agents=1)
    r = replan.summary
    _says(text, f"calls so far, {r['ratio']:.0%})",
          f"would answer only {_pct(r['service_level_as_is'])}",
          f"Moving two breaks lifts it to {_pct(r['service_level_after_moves'])}",
          f"**{r['overtime_hours']:.0f} hours of overtime**",
          f"back to {_pct(r['service_level_with_overtime'])}")
    assert r["breaks_moved"] == 2
