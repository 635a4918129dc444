"""The numbers lessons 07.01 to 07.04 state in their prose are what the models give.

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


# --------------------------------------------------------------------------------------------
# 07.03 Chat, messaging and bots (the notebook's parameters: slowdown 0.3, seed 7, 100 half
# hours, 4 runs; the values themselves are also pinned in tests/planning/test_channels.py)


def test_0703_concurrency_and_the_slots_rule():
    text = _prose("07.03-chat-messaging-and-bots.ipynb")
    handle = planning.chat_handle_seconds(360, pd.Series([1, 2, 3, 4]), slowdown=0.3)
    per_hour = [k * 3600 / h for k, h in zip([1, 2, 3, 4], handle, strict=True)]
    _says(text, f"each chat takes {handle[1]:.0f} seconds instead of 360",
          f"finishes {per_hour[1]:.1f} chats an hour instead of {per_hour[0]:.0f}",
          f"{per_hour[2]:.1f} an hour at three, {per_hour[3]:.1f} at four",
          f"100 × {handle[1]:.0f} ÷ 1,800 = {100 * handle[1] / 1800:.0f} Erlangs",
          "(with a slowdown of 0.3: " + ", ".join(f"{v:.1f}".removesuffix(".0")
                                                  for v in per_hour[:3])
          + f" and {per_hour[3]:.1f} chats an hour)")
    need = planning.chat_agents_required(100, 360, concurrency=pd.Index([1, 2, 3, 4]),
                                         slowdown=0.3, threshold_seconds=60, target_sl=0.8)
    need = [int(n) for n in need]
    _says(text, f"which is why it asked for {need[1]}")
    _says(text, f"One chat at a time needs {need[0]} agents; two at a time {need[1]}, a third "
                f"fewer; three {need[2]}; four {need[3]}.")
    balanced = planning.chat_agents_required(100, 360, concurrency=pd.Index([1, 2, 3, 4]),
                                             slowdown=0.3, threshold_seconds=60,
                                             target_sl=0.8, method="balanced")
    fewer = [k for k, s, b in zip([1, 2, 3, 4], need, balanced, strict=True) if b == s - 1]
    assert fewer == [2, 3] and "One agent fewer at two and three chats" in text
    slower = planning.chat_agents_required(100, 360, concurrency=2, slowdown=0.5,
                                           threshold_seconds=60, target_sl=0.8)
    slots = sl.agents_required(100 * 540 / 1800, 540, 60, 0.8)
    _says(text, f"= {100 * 540 / 1800:.0f} Erlangs of slot time", f"needs **{slots} slots**",
          f"so **{slower} agents**: two more than with a slowdown of 0.3")
    assert slower - need[1] == 2


def test_0703_the_simulated_team_of_15():
    text = _prose("07.03-chat-messaging-and-bots.ipynb")
    table = planning.chat_concurrency_table(100, 360, 15, slowdown=0.3, threshold_seconds=60,
                                            intervals=100, replications=4, rng=7)
    two = table.loc[2]
    _says(text, f"gives 15 agents **{_pct(two['sl_slots'])}**, just short of 80%",
          f"The simulation gives about **{round(100 * two['sl_simulated'])}%**",
          f"about {round(100 * two['sl_simulated_low'])}% to "
          f"{round(100 * two['sl_simulated_high'])}%",
          f"only **{two['simulated_chats_per_agent']:.1f} chats** open",
          f"about **{two['simulated_handle_seconds']:.0f} seconds**, not 468")
    assert two["sl_slots"] < 0.8 <= two["sl_simulated"]  # "15 agents are enough"
    # "It stays within about 2 points of the simulation" (2.9 points at two chats)
    assert (table["sl_balanced"] - table["sl_simulated"]).abs().max() < 0.03


def test_0703_messaging_and_its_backlog():
    text = _prose("07.03-chat-messaging-and-bots.ipynb")
    hours = [f"{h:02d}:00" for h in range(8, 20)]
    conversations = pd.Series([30, 55, 70, 65, 60, 55, 50, 55, 60, 70, 60, 40], index=hours)
    day = planning.messaging_workload(conversations, messages_per_conversation=3,
                                      minutes_between_messages=25)
    messages = day.periods["messages"]
    _says(text, f"At 08:00, 30 new conversations bring only {messages['08:00']:.0f} messages",
          f"at 19:00, 40 new conversations come with about {round(messages['19:00'], -1):.0f}",
          f"about **{day.after_end:.0f} follow-ups**",
          f"so each agent answers {sl.handling_capacity(1, 75):.0f} an hour")
    three = sl.backlog(messages, sl.handling_capacity(3, 75))
    four = sl.backlog(messages, sl.handling_capacity(4, 75))
    behind = hours[int(three.periods["backlog"].gt(0).idxmax())]
    _says(text, f"Three agents ({sl.handling_capacity(3, 75):.0f} messages an hour) fall behind "
                f"from {behind}: only {_pct(three.share_within(1))} of messages are answered "
                f"within an hour and {three.unhandled:.0f} are still waiting at 20:00",
          f"Four agents ({sl.handling_capacity(4, 75):.0f} an hour) keep up all day")
    assert four.unhandled == 0


def test_0703_the_bot_and_its_money():
    text = _prose("07.03-chat-messaging-and-bots.ipynb")
    bot = planning.bot_outcome(10_000, containment_rate=0.45, repeat_rate=0.3, aht_seconds=300,
                               transfer_aht_seconds=330, repeat_aht_seconds=420)
    _says(text, f"Of the {bot.contained_reported:,.0f} conversations reported as contained, "
                f"{bot.repeats:,.0f} come back: the bot really contains "
                f"{bot.contained_real:,.0f}, **{_pct(bot.containment_real)}**")
    money = planning.bot_costs(bot, cost_per_paid_hour=28, occupancy=0.85, shrinkage=0.33,
                               overhead_fraction=0.3, bot_cost_per_conversation=0.4)
    _says(text, f"costs about {money.cost_per_agent_hour:.2f} once occupancy",
          f"each issue costs **{money.cost_per_issue_without_bot:.2f}**",
          f"suggests {money.cost_with_bot_reported / bot.offered:.2f}; really it is "
          f"**{money.cost_per_issue_with_bot:.2f}**",
          f"about {money.saving:,.0f} a month rather than the {money.saving_reported:,.0f}")
    assert money.saving / money.saving_reported < 0.5  # "more than half of the promised saving"
    real = planning.bot_outcome(8_000, containment_rate=0.4, repeat_rate=0.35, aht_seconds=300)
    _says(text, f"40% of 8,000 is {real.contained_reported:,.0f} conversations",
          f"35% of them come back, {real.repeats:,.0f}; so {real.contained_real:,.0f} are "
          f"really contained", f"= **{100 * real.containment_real:.0f}%**")


# --------------------------------------------------------------------------------------------
# 07.04 The money behind CX (the values are also pinned in tests/prioritisation/test_money.py)


def _cost_per_contact(seconds: float, occupancy: float) -> float:
    from cxlab import prioritisation

    return float(prioritisation.cost_per_contact(seconds, cost_per_paid_hour=28,
                                                 occupancy=occupancy, shrinkage=0.33,
                                                 overhead_fraction=0.3))


def test_0704_cost_per_contact_and_clv():
    from cxlab import prioritisation as pr

    text = _prose("07.04-the-money-behind-cx.ipynb")
    phone = _cost_per_contact(420, 0.85)
    _says(text, f"420 seconds is {420 / 3600:.4f} hours, × 28 = {420 / 3600 * 28:.2f} pounds",
          f"= {420 / 3600 * 28 / (0.85 * 0.67):.2f} pounds of paid time",
          f"× 1.3 = **{phone:.2f} pounds** a call")
    assert 0.9 < _cost_per_contact(480, 0.95) / phone < 1.1  # "about the same"
    clv = pr.customer_lifetime_value(25, 0.015)
    discounted = pr.customer_lifetime_value(25, 0.015, annual_discount_rate=0.1)
    _says(text, f"25 × 0.985 ÷ 0.015 = **{clv:,.0f} pounds**", f"worth about **{discounted:,.0f}**")
    lost = {churn: 1 - (pr.customer_lifetime_value(25, churn / 12, annual_discount_rate=0.1)
                        / pr.customer_lifetime_value(25, churn / 12)) for churn in (0.12, 0.24)}
    _says(text, f"at 12% churn it takes away {lost[0.12]:.0%} of the value, at 24% "
                f"{lost[0.24]:.0%}")
    exercise = pr.customer_lifetime_value(30, 0.02)
    _says(text, f"CLV = 30 × 0.98 ÷ 0.02 = **{exercise:,.0f} pounds**",
          f"about {pr.customer_lifetime_value(30, 0.02, annual_discount_rate=0.1):,.0f}")


def test_0704_the_callback_case():
    from cxlab import prioritisation as pr

    text = _prose("07.04-the-money-behind-cx.ipynb")
    backlog = pr.load_backlog()
    assert pr.priority_scores(backlog).loc["CX-05", "total_cost"] == 35
    cost, effort = backlog.loc["CX-05", ["cost", "effort"]]
    _says(text, f"is {cost:g} k plus {effort:g} person-weeks at 2.5 k: "
                f"**{1000 * (cost + 2.5 * effort):,.0f} pounds**")
    saved = 400 * _cost_per_contact(420, 0.85)
    case = pr.money_case(one_off_cost=35_000, monthly_benefit=saved, monthly_running_cost=300,
                         horizon_months=36, annual_discount_rate=0.1)
    _says(text, f"400 × {_cost_per_contact(420, 0.85):.2f} = {saved:,.0f} a month saved, less "
                f"300, is {saved - 300:,.0f} net",
          f"35,000 ÷ {saved - 300:,.0f} = {case.payback_months:.1f} months",
          f"benefit 36 × {saved:,.0f} = {case.total_benefit:,.0f} against cost 35,000 + 36 × "
          f"300 = {case.total_cost:,.0f}", f"= {case.roi:.0%}",
          f"**NPV** at 10% a year: {case.npv:,.0f} pounds",
          f"undiscounted {case.total_benefit - case.total_cost:,.0f}")


def test_0704_the_loyalty_price_review():
    from cxlab import prioritisation as pr

    text = _prose("07.04-the-money-behind-cx.ipynb")
    scores = pr.priority_scores(pr.load_backlog())
    _says(text, f"(priority {scores.loc['CX-12', 'priority']:.2f}, rank "
                f"{scores.loc['CX-12', 'rank']})")
    kept = pr.retention_value(customers=120_000, annual_churn=0.18, churn_reduction=0.005,
                              monthly_margin=25, annual_discount_rate=0.1)
    _says(text, f"**{kept.retained_per_year:.0f} customers kept a year**, "
                f"{kept.retained_per_month:.0f} a month",
          f"worth about {kept.value_per_customer:,.0f} pounds discounted",
          f"about {round(kept.value_per_year, -3):,.0f} of lifetime value")

    def review(cut: float, cost: float = scores.loc["CX-12", "total_cost"] * 1000):
        v = pr.retention_value(customers=120_000, annual_churn=0.18, churn_reduction=cut,
                               monthly_margin=25)
        return pr.money_case(one_off_cost=cost, monthly_benefit=v.months["margin_gained"],
                             monthly_running_cost=4_000, annual_discount_rate=0.1)

    half, quarter = review(0.005), review(0.0025)
    fewer = pr.retention_value(customers=120_000, annual_churn=0.18, churn_reduction=0.0025,
                               monthly_margin=25)
    _says(text, f"{fewer.retained_per_year:.0f} customers are kept a year "
                f"({fewer.retained_per_month:.0f} a month)")
    _says(text, f"the {scores.loc['CX-12', 'total_cost'] * 1000:,.0f} spend",
          f"pays back after **{half.payback_months:.1f} months**",
          f"NPV is about **{round(half.npv, -1):,.0f} pounds**",
          f"pays back after **{quarter.payback_months:.1f} months** instead of "
          f"{half.payback_months:.1f}",
          f"the return falls from {half.roi:.0%} to {quarter.roi:.0%}")
    assert not review(0.001).pays_back and "does not pay back" in text
    assert 1 - quarter.npv / half.npv == pytest.approx(0.75, abs=0.02)  # "about three quarters"
    record = scores.loc["CX-13", "total_cost"] * 1000
    both = review(0.005, scores.loc["CX-12", "total_cost"] * 1000 + record)
    _says(text, f"whose total cost is {record:,.0f}",
          f"falls to about {round(both.npv, -1):,.0f} and payback to "
          f"{both.payback_months:.0f} months")
