"""Figures for module 07, planning the operation.

Every function returns the matplotlib Axes it drew on (or the Figure, for figures of several
panels), takes an optional ``ax`` where it draws one panel, uses the colours of
:mod:`cxlab._style` and attaches a text alternative built from the data shown
(:func:`cxlab._style.describe`). No global style or backend is set here. Meaning is never
carried by colour alone: lines differ by style and marker, shaded areas by hatching, and
labels say what they are.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt  # noqa: F401  (the examples below close figures with it)
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from .._bars import Part, labelled_bars
from .._style import axes_or_new, colour, describe
from .._validation import CxlabValueError, check_instance
from .._validation import describe as describe_value

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

from ..prioritisation.business_case import MoneyCase
from .channels import BotOutcome
from .forecast import ForecastAccuracy, ServiceLevelImpact, forecast_accuracy
from .roster import DaysOffPlan, IntradayReplan, Roster

__all__ = [
    "plot_bot_waterfall",
    "plot_chat_concurrency",
    "plot_coverage",
    "plot_days_off",
    "plot_forecast",
    "plot_money_case",
    "plot_replan",
    "plot_roster_gantt",
    "plot_service_level_impact",
]

_OVER_HATCH = "//"
_UNDER_HATCH = "xx"


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


# ----------------------------------------------------------------------------- 07.01


def plot_forecast(
    actual: pd.Series,
    forecast: Any,
    *,
    history: pd.Series | None = None,
    accuracy: ForecastAccuracy | None = None,
    title: str = "Forecast and actual calls",
    ax: Axes | None = None,
) -> Axes:
    """Forecast against actual calls per interval, with MAPE, WAPE and bias in a box.

    Parameters
    ----------
    actual : Series indexed by interval start
        The calls that arrived.
    forecast : Series or array of the same length
        The forecast for those intervals.
    history : Series, optional
        Earlier calls, drawn in grey before the forecast starts.
    accuracy : ForecastAccuracy, optional
        Shown in the box; computed from ``actual`` and ``forecast`` if not given.
    title : str
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from cxlab._style import figure_description
    >>> when = pd.date_range("2025-11-03 08:00", periods=4, freq="30min")
    >>> ax = plot_forecast(pd.Series([40, 60, 80, 70], index=when), [50, 60, 70, 70])
    >>> figure_description(ax)[:64]
    'Line chart of calls per half hour from 3 Nov 2025 to 3 Nov 2025:'
    >>> plt.close("all")
    """
    if not isinstance(actual, pd.Series) or not isinstance(actual.index, pd.DatetimeIndex):
        raise CxlabValueError("actual must be a Series of calls indexed by interval start, got "
                              f"{describe_value(actual)}")
    values = np.asarray(forecast, dtype=float).ravel()
    if values.size != actual.size:
        raise CxlabValueError(f"forecast must have one value per interval of actual "
                              f"({actual.size}), got {values.size}")
    predicted = pd.Series(values, index=actual.index)
    if accuracy is None:
        accuracy = forecast_accuracy(actual.to_numpy(), predicted.to_numpy())
    ax = axes_or_new(ax, (11, 4.2))
    if history is not None:
        ax.plot(history.index, history.to_numpy(), color="grey", lw=0.8,
                label="History (calls)")
    ax.plot(actual.index, actual.to_numpy(), color=colour("black"), lw=1.0,
            label="Actual calls")
    ax.plot(predicted.index, predicted.to_numpy(), color=colour("orange"), lw=1.6,
            linestyle="--", label="Forecast")
    box = (f"MAPE {_pct(accuracy.mape)}\nWAPE {_pct(accuracy.wape)}\n"
           f"Bias {100 * accuracy.bias:+.1f}%")
    ax.text(0.01, 0.97, box, transform=ax.transAxes, va="top", ha="left", fontsize=9,
            bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "grey"})
    ax.set_ylabel("Calls per half hour")
    ax.set_title(title)
    ax.legend(loc="upper right", fontsize=8)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=8))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%a %d %b"))
    ax.grid(axis="y", alpha=0.3)
    first, last = actual.index[0], actual.index[-1]
    direction = "too high" if accuracy.bias > 0 else "too low"
    text = (
        f"Line chart of calls per half hour from {first:%-d %b %Y} to {last:%-d %b %Y}: the "
        f"actual calls as a solid line, the forecast dashed. The forecast missed by "
        f"{_pct(accuracy.wape)} of all calls (WAPE), {_pct(accuracy.mape)} of the typical half "
        f"hour (MAPE), and was {abs(100 * accuracy.bias):.1f}% {direction} on the whole."
    )
    return describe(ax, text)


def plot_service_level_impact(impact: ServiceLevelImpact, *, ax: Axes | None = None) -> Axes:
    """Service level per interval when staffed to the forecast: planned against achieved.

    Parameters
    ----------
    impact : ServiceLevelImpact
        What :func:`~cxlab.planning.service_level_impact` returned.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from cxlab.planning import service_level_impact
    >>> ax = plot_service_level_impact(service_level_impact([110, 90], [100, 100],
    ...                                                     aht_seconds=180))
    >>> plt.close("all")
    """
    check_instance("impact", impact, ServiceLevelImpact, "what service_level_impact() returns")
    table = impact.intervals
    s = impact.summary
    ax = axes_or_new(ax, (11, 4))
    x = table.index if isinstance(table.index, pd.DatetimeIndex) else np.arange(len(table))
    with_calls = table["actual_calls"] > 0
    ax.plot(x, 100 * table["service_level_planned"], color=colour("blue"), lw=1.2,
            linestyle="--", label="Planned (forecast calls)")
    ax.plot(np.asarray(x)[with_calls], 100 * table["service_level_actual"][with_calls],
            color=colour("vermillion"), lw=0, marker="o", markersize=3.5,
            label="Achieved (actual calls)")
    ax.axhline(100 * s["target_sl"], color=colour("black"), lw=1, linestyle=":",
               label=f"Target {s['target_sl']:.0%}")
    ax.set_ylim(0, 102)
    ax.set_ylabel("Answered within the threshold (%)")
    ax.set_title(f"Staffed to the forecast: planned {_pct(s['service_level_planned'])}, "
                 f"achieved {_pct(s['service_level_actual'])}")
    ax.legend(loc="lower left", fontsize=8)
    if isinstance(table.index, pd.DatetimeIndex):
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=8))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%a %d %b"))
    else:
        ax.set_xlabel("Interval")
    ax.grid(axis="y", alpha=0.3)
    text = (
        f"Service level per interval with agents staffed to the forecast (Erlang C): planned "
        f"{_pct(s['service_level_planned'])} as a dashed line, achieved by the actual calls "
        f"{_pct(s['service_level_actual'])} as dots, against the target of "
        f"{s['target_sl']:.0%} (dotted). {int(s['intervals_below_target'])} of "
        f"{int(with_calls.sum())} intervals with calls fell below the target."
    )
    return describe(ax, text)


# ----------------------------------------------------------------------------- 07.02


def _pick_day(frame: pd.DataFrame, day: Any, what: str) -> tuple[pd.DataFrame, str]:
    """Rows of one day of a roster table (all rows for a one-day roster)."""
    index = frame.index
    if not isinstance(index, pd.DatetimeIndex):
        return frame, "the day"
    dates = index.normalize()
    days = pd.unique(dates)
    if day is None:
        if len(days) > 1:
            raise CxlabValueError(
                f"{what} covers {len(days)} days; pick one with day=..., e.g. "
                f"day='{pd.Timestamp(days[0]):%Y-%m-%d}' or day='Monday'"
            )
        chosen = pd.Timestamp(days[0])
    elif isinstance(day, str) and day.capitalize() in {pd.Timestamp(d).day_name()
                                                       for d in days}:
        chosen = next(pd.Timestamp(d) for d in days
                      if pd.Timestamp(d).day_name() == day.capitalize())
    else:
        try:
            chosen = pd.Timestamp(day).normalize()
        except (ValueError, TypeError):
            chosen = None
        if chosen is None or chosen not in set(pd.to_datetime(days)):
            listed = ", ".join(f"{pd.Timestamp(d):%a %Y-%m-%d}" for d in days)
            raise CxlabValueError(f"day must be one of the days of the {what} ({listed}), "
                                  f"got {describe_value(day)}")
    return frame[dates == chosen], f"{chosen:%A %d %B %Y}"


def plot_coverage(roster: Roster, *, day: Any = None, ax: Axes | None = None) -> Axes:
    """Agents required against agents on the phones by interval, over and under shaded.

    Over-staffed intervals are shaded with diagonal hatching, under-staffed ones with
    crossed hatching, and both are named in the legend, so colour is never needed to tell
    them apart.

    Parameters
    ----------
    roster : Roster
        What :func:`~cxlab.planning.build_roster` returned.
    day : date, date text or weekday name, optional
        The day to show (needed when the roster covers several days).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from cxlab.planning import build_roster
    >>> from cxlab._style import figure_description
    >>> plan = build_roster([2, 2, 3, 3, 3, 3, 2, 2, 1, 1, 1, 1], shift_hours=(6,),
    ...                     break_window_hours=(1, 1))
    >>> ax = plot_coverage(plan)
    >>> figure_description(ax)[:50]
    'Step chart of agents required and agents on the ph'
    >>> plt.close("all")
    """
    check_instance("roster", roster, Roster, "what build_roster() returns")
    rows, label = _pick_day(roster.intervals, day, "roster")
    ax = axes_or_new(ax, (11, 4))
    if isinstance(rows.index, pd.DatetimeIndex):
        x = np.arange(len(rows) + 1)
        ticks = [t.strftime("%H:%M") for t in rows.index]
    else:
        x = np.arange(len(rows) + 1)
        ticks = [str(t) for t in rows.index]
    need = rows["required"].to_numpy()
    have = rows["on_phones"].to_numpy()
    edges_need = np.r_[need, need[-1]]
    edges_have = np.r_[have, have[-1]]
    ax.step(x, edges_need, where="post", color=colour("black"), lw=2,
            label="Agents required")
    ax.step(x, edges_have, where="post", color=colour("blue"), lw=1.6, linestyle="--",
            label="Agents on the phones (rostered)")
    over = have > need
    under = have < need
    for i in np.flatnonzero(over):
        ax.fill_between([x[i], x[i + 1]], need[i], have[i], facecolor=colour("sky_blue"),
                        alpha=0.5, hatch=_OVER_HATCH, edgecolor=colour("blue"), lw=0)
    for i in np.flatnonzero(under):
        ax.fill_between([x[i], x[i + 1]], have[i], need[i], facecolor=colour("orange"),
                        alpha=0.6, hatch=_UNDER_HATCH, edgecolor=colour("vermillion"), lw=0)
    handles, labels = ax.get_legend_handles_labels()
    handles += [Patch(facecolor=colour("sky_blue"), alpha=0.5, hatch=_OVER_HATCH,
                      edgecolor=colour("blue"), label="Over-staffed (more than required)"),
                Patch(facecolor=colour("orange"), alpha=0.6, hatch=_UNDER_HATCH,
                      edgecolor=colour("vermillion"), label="Under-staffed (short)")]
    ax.legend(handles=handles, loc="upper right", fontsize=8)
    step = max(1, len(ticks) // 12)
    ax.set_xticks(x[:-1][::step] + 0.5, ticks[::step])
    ax.set_xlim(0, len(rows))
    ax.set_ylim(0, max(need.max(), have.max()) * 1.25 + 1)
    ax.set_ylabel("Agents")
    ax.set_xlabel("Half hour starting")
    ax.set_title(f"Coverage of the requirement, {label}")
    ax.grid(axis="y", alpha=0.3)
    text = (
        f"Step chart of agents required and agents on the phones per half hour, {label}: "
        f"{int(over.sum())} of {len(rows)} half hours are over-staffed (by "
        f"{int((have - need)[over].sum())} agent-half-hours in all) and {int(under.sum())} are "
        f"under-staffed (short by {int((need - have)[under].sum())})."
    )
    return describe(ax, text)


def plot_roster_gantt(roster: Roster, *, day: Any = None, ax: Axes | None = None) -> Axes:
    """The roster as a Gantt chart: one bar per shift, its break as a hatched gap.

    Each bar is labelled with how many agents work that shift and its length; bar colours
    follow the shift length, which the labels also say.

    Parameters
    ----------
    roster : Roster
    day : date, date text or weekday name, optional
        The day to show (needed when the roster covers several days).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from cxlab.planning import build_roster
    >>> plan = build_roster([2, 2, 3, 3, 3, 3, 2, 2, 1, 1, 1, 1], shift_hours=(3, 6),
    ...                     break_window_hours=(1, 1))
    >>> ax = plot_roster_gantt(plan)
    >>> plt.close("all")
    """
    check_instance("roster", roster, Roster, "what build_roster() returns")
    rows, label = _pick_day(roster.intervals, day, "roster")
    shifts = roster.shifts
    if isinstance(rows.index, pd.DatetimeIndex):
        chosen = rows.index[0].normalize()
        shifts = shifts[pd.to_datetime(shifts["day"]) == chosen]
        origin = rows.index[0]
        width = (rows.index[1] - rows.index[0]) if len(rows) > 1 else pd.Timedelta(minutes=30)

        def pos(value: Any) -> float:
            return float((value - origin) / width)

        ticks = [t.strftime("%H:%M") for t in rows.index]
    else:
        def pos(value: Any) -> float:
            return float(value)

        ticks = [str(t) for t in rows.index]
    ax = axes_or_new(ax, (11, max(3.0, 0.32 * len(shifts) + 1.5)))
    palette = [colour(c) for c in ("blue", "orange", "green", "purple", "sky_blue",
                                   "vermillion", "yellow")]
    lengths = sorted(set(shifts["hours"]))
    each = list(shifts.itertuples())
    starts = np.array([pos(shift.start) for shift in each], dtype=float)
    ends = np.array([pos(shift.end) for shift in each], dtype=float)
    fills = [palette[lengths.index(shift.hours) % len(palette)] for shift in each]
    thin = {"lw": 0.6}
    labelled_bars(ax, np.arange(len(each)), [Part(ends - starts, fills)], start=starts,
                  thickness=0.7, bar_style=thin, gap=0.15, text_style={"fontsize": 8},
                  labels=[f"{shift.agents} x {shift.hours:g} h" for shift in each])
    breaks = [(y, pos(shift.break_start)) for y, shift in enumerate(each)
              if shift.break_start is not None and not pd.isna(shift.break_start)]
    if breaks:
        rows_with_break, break_starts = zip(*breaks, strict=True)
        labelled_bars(ax, rows_with_break, [Part(np.ones(len(breaks)), "white", "..")],
                      start=break_starts, thickness=0.7, bar_style=thin)
    ax.set_yticks(range(len(shifts)), [f"{pd.Timestamp(s).strftime('%H:%M')}"
                                       if isinstance(s, pd.Timestamp) else str(s)
                                       for s in shifts["start"]])
    ax.invert_yaxis()
    step = max(1, len(ticks) // 12)
    ax.set_xticks(np.arange(len(ticks))[::step], ticks[::step])
    ax.set_xlim(0, len(rows) + 2.5)
    ax.set_xlabel("Time of day")
    ax.set_ylabel("Shift start")
    ax.set_title(f"Roster, {label}: {int(shifts['agents'].sum())} people")
    ax.legend(handles=[Patch(facecolor="white", hatch="..", edgecolor="black",
                             label="Unpaid break")], loc="lower right", fontsize=8)
    counts = shifts.groupby("hours")["agents"].sum()
    parts = ", ".join(f"{int(n)} of {h:g} hours" for h, n in counts.items())
    text = (
        f"Gantt chart of the roster for {label}: one bar per shift from its start to its end, "
        f"labelled with the number of agents and its length, the unpaid break a dotted gap. "
        f"{int(shifts['agents'].sum())} people work: {parts}."
    )
    return describe(ax, text)


def plot_days_off(plan: DaysOffPlan, *, ax: Axes | None = None) -> Axes:
    """Employees required and working each day of a days-off plan, the surplus labelled.

    Examples
    --------
    >>> from cxlab.planning import days_off
    >>> ax = plot_days_off(days_off([17, 13, 15, 19, 14, 16, 11]))
    >>> plt.close("all")
    """
    check_instance("plan", plan, DaysOffPlan, "what days_off() returns")
    table = plan.table
    ax = axes_or_new(ax, (8, 4))
    x = np.arange(len(table))
    labelled_bars(ax, x - 0.2, [Part(table["required"], colour("sky_blue"), label="Required")],
                  thickness=0.4, vertical=True)
    beyond = [f"+{work - need}" if work > need else "="
              for need, work in zip(table["required"], table["working"], strict=True)]
    labelled_bars(ax, x + 0.2, [Part(table["working"], colour("blue"), "//", "Working")],
                  thickness=0.4, vertical=True, labels=beyond, gap=0.3,
                  text_style={"fontsize": 8, "va": "baseline"})
    ax.set_xticks(x, [str(i) for i in table.index])
    ax.set_ylabel("Employees")
    ax.set_title(f"{plan.employees} employees, {plan.days_on} consecutive days each")
    ax.legend(loc="lower right", fontsize=8)
    surplus = int(table["surplus"].sum())
    text = (
        f"Bar chart of employees required and working on each of {len(table)} days, with "
        f"{plan.employees} employees each working {plan.days_on} consecutive days; "
        f"{surplus} employee-days beyond the requirement in all, labelled above the bars."
    )
    return describe(ax, text)


def plot_replan(replan: IntradayReplan, *, ax: Axes | None = None) -> Axes:
    """The rest of the day: agents required after the re-forecast, as rostered, after moves.

    Examples
    --------
    >>> from cxlab.planning import replan_intraday
    >>> ax = plot_replan(replan_intraday([100] * 6, actual_calls=[115, 120],
    ...                                  agents_on_phones=[15, 15, 14, 16, 13, 16],
    ...                                  aht_seconds=180, breaks=[0, 0, 1, 0, 2, 0]))
    >>> plt.close("all")
    """
    check_instance("replan", replan, IntradayReplan, "what replan_intraday() returns")
    table = replan.intervals
    s = replan.summary
    ax = axes_or_new(ax, (11, 4))
    x = np.arange(len(table))
    if isinstance(table.index, pd.DatetimeIndex):
        ticks = [t.strftime("%H:%M") for t in table.index]
    else:
        ticks = [str(t) for t in table.index]
    ax.step(x, table["required"], where="mid", color=colour("black"), lw=2,
            label="Required (re-forecast)")
    ax.plot(x, table["available"], color=colour("vermillion"), marker="v", lw=1,
            label="Available as rostered, after absence")
    ax.plot(x, table["available_after_moves"], color=colour("blue"), marker="o", lw=1,
            linestyle="--", label="After moving breaks")
    overtime = table["overtime"].to_numpy()
    if overtime.any():
        some = overtime > 0
        labelled_bars(ax, x[some], [Part(overtime[some], colour("green"), "++", "Overtime needed")],
                      start=table["available_after_moves"].to_numpy()[some], vertical=True,
                      bar_style={"alpha": 0.6})
    step = max(1, len(ticks) // 12)
    ax.set_xticks(x[::step], ticks[::step])
    ax.set_ylim(0, max(table["required"].max(), table["available"].max()) * 1.15 + 1)
    ax.set_ylabel("Agents on the phones")
    ax.set_title(f"Rest of the day: calls running at {s['ratio']:.0%} of forecast")
    ax.legend(loc="lower left", fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    text = (
        f"Chart of the rest of the day, {len(table)} intervals: agents required after "
        f"re-forecasting at {s['ratio']:.0%} of the forecast, against the agents available "
        f"as rostered ({_pct(s['service_level_as_is'])} service level), after moving "
        f"{int(s['breaks_moved'])} breaks ({_pct(s['service_level_after_moves'])}), and the "
        f"{s['overtime_hours']:.1f} overtime hours still needed "
        f"({_pct(s['service_level_with_overtime'])})."
    )
    return describe(ax, text)


# ------------------------------------------------------------- 07.03 and 07.04: channels, money


def plot_chat_concurrency(table: pd.DataFrame, *, target_sl: float | None = None,
                          ax: Axes | None = None) -> Axes:
    """Chat service level against concurrency: the slots rule, the balanced model, simulation.

    ``table`` is :func:`cxlab.planning.chat_concurrency_table` output. The slots rule is a
    dashed line with square markers, the balanced model a solid line with circles, and the
    simulation black diamonds with their 95 % range; ``target_sl`` adds a dotted target line.
    The tick labels give each concurrency's handle time per chat.
    """
    needed = ("handle_seconds", "sl_slots", "sl_balanced", "sl_simulated", "sl_simulated_low",
              "sl_simulated_high")
    if not isinstance(table, pd.DataFrame) or any(c not in table.columns for c in needed):
        raise CxlabValueError("table must be what chat_concurrency_table() returns, got "
                              f"{describe_value(table)}")
    ax = axes_or_new(ax, (8, 4.5))
    k = table.index.to_numpy()
    ax.plot(k, 100 * table["sl_slots"], ls="--", marker="s", color=colour("orange"),
            label="Slots rule (Erlang C, stretched handle time)")
    ax.plot(k, 100 * table["sl_balanced"], ls="-", marker="o", color=colour("blue"),
            label="Balanced model")
    sim = table.dropna(subset=["sl_simulated"])
    if len(sim):
        low = 100 * (sim["sl_simulated"] - sim["sl_simulated_low"])
        high = 100 * (sim["sl_simulated_high"] - sim["sl_simulated"])
        ax.errorbar(sim.index, 100 * sim["sl_simulated"], yerr=[low, high], fmt="D",
                    color="black", ms=7, capsize=4, label="Simulation (95% range)", zorder=3)
    if target_sl is not None:
        ax.axhline(100 * float(target_sl), color="0.4", ls=":", lw=1.5,
                   label=f"Target {float(target_sl):.0%}")
    ax.set_xticks(k, [f"{c} chat{'s' if c > 1 else ''}\n{h:.0f} s each"
                      for c, h in zip(k, table["handle_seconds"], strict=True)])
    ax.set_ylim(-3, 103)
    ax.set_xlabel("Chats an agent handles at once (handle time of a chat at that level)")
    ax.set_ylabel("Chats answered within the target (%)")
    attrs = table.attrs
    who = (f"{attrs['agents']} agents, {attrs['chats']:g} chats per "
           f"{attrs['interval_seconds'] / 60:g} minutes, {attrs['slowdown']:.0%} slowdown"
           if {"agents", "chats", "interval_seconds", "slowdown"} <= set(attrs) else "")
    ax.set_title("Chat service level and concurrency" + (f"\n({who})" if who else ""),
                 fontsize=11)
    ax.legend(fontsize=8, loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    parts = [f"{c} at once: slots rule {s:.0%}, balanced {b:.0%}"
             + ("" if np.isnan(m) else f", simulated {m:.0%}")
             for c, s, b, m in zip(k, table["sl_slots"], table["sl_balanced"],
                                   table["sl_simulated"], strict=True)]
    describe(ax, "Line chart of the share of chats answered within the target as agents take "
             f"more chats at once: {'; '.join(parts)}. The slots rule prices every chat at "
             "its full-concurrency handle time, so it is on the safe side.")
    return ax


def plot_bot_waterfall(outcome: BotOutcome, *, ax: Axes | None = None) -> Axes:
    """Waterfall of a bot's conversations: offered, transferred, reported contained, repeats,
    really contained (:func:`cxlab.planning.bot_outcome`).

    Totals are solid bars from zero; the steps down are hatched bars floating where they take
    the count from; every bar has its number written on it.
    """
    check_instance("outcome", outcome, BotOutcome, "what bot_outcome() returns")
    steps = outcome.steps()
    ax = axes_or_new(ax, (9, 4.5))
    level = 0.0
    for i, (label, row) in enumerate(steps.iterrows()):
        value = float(row["conversations"])
        if row["kind"] == "total":
            bottom, height, level = 0.0, value, value
            face = colour("blue") if i == 0 else colour("sky_blue")
            part = Part([height], colour("green") if label == "Really contained" else face)
            see_through: dict[str, Any] = {}
            text = f"{value:,.0f}"
        else:
            bottom, height = level + value, -value
            level += value
            part, see_through = Part([height], colour("vermillion"), "//"), {"alpha": 0.85}
            text = f"-{-value:,.0f}"
        labelled_bars(ax, [i], [part], start=bottom, vertical=True, bar_style=see_through,
                      labels=[text], gap=outcome.offered * 0.01,
                      text_style={"fontweight": "bold"})
    ax.set_xticks(range(len(steps)), [textwrap.fill(s, 14) for s in steps.index])
    ax.set_ylabel("Conversations")
    ax.set_ylim(0, outcome.offered * 1.12 if outcome.offered else 1)
    ax.set_title(f"Where the bot's conversations end up: {outcome.containment_reported:.0%} "
                 f"reported contained, {outcome.containment_real:.0%} really", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    describe(ax, f"Waterfall chart: of {outcome.offered:,.0f} conversations offered to the "
             f"bot, {outcome.transferred:,.0f} are transferred to an agent, leaving "
             f"{outcome.contained_reported:,.0f} reported as contained; "
             f"{outcome.repeats:,.0f} of those come back as repeat contacts, so "
             f"{outcome.contained_real:,.0f} ({outcome.containment_real:.0%}) are really "
             "contained.")
    return ax


def plot_money_case(case: MoneyCase, *, ax: Axes | None = None) -> Axes:
    """Cumulative cash flow of an initiative by month, with the payback month labelled.

    ``case`` is :func:`cxlab.prioritisation.money_case` output. The solid line is the
    cumulative net cash flow, the dashed line the same discounted (its last point is the
    NPV); a vertical line and a label mark the payback month, or a label says it does not pay
    back within the horizon.
    """
    check_instance("case", case, MoneyCase, "what money_case() returns")
    months = case.months
    ax = axes_or_new(ax, (9, 4.5))
    ax.axhline(0, color="black", lw=0.8)
    ax.plot(months["month"], months["cumulative"], color=colour("blue"), lw=2.2,
            label="Cumulative cash flow")
    ax.plot(months["month"], months["discounted_cumulative"], color=colour("orange"), lw=2,
            ls="--", label=f"Discounted at {case.annual_discount_rate:.0%} a year (ends at NPV)")
    if case.pays_back:
        ax.axvline(case.payback_months, color="0.3", ls=":", lw=1.5)
        ax.annotate(f"Pays back after\n{case.payback_months:.1f} months",
                    (case.payback_months, 0), xytext=(-14, 36), textcoords="offset points",
                    ha="right", fontsize=9, fontweight="bold",
                    arrowprops={"arrowstyle": "->", "color": "0.3"})
        back = f"it pays back after {case.payback_months:.1f} months"
    else:
        ax.text(0.98, 0.06, f"Does not pay back within {case.horizon_months} months",
                transform=ax.transAxes, ha="right", fontsize=10, fontweight="bold")
        back = f"it does not pay back within {case.horizon_months} months"
    ax.annotate(f"NPV {case.npv:,.0f}", (months["month"].iloc[-1],
                                         months["discounted_cumulative"].iloc[-1]),
                xytext=(-10, -16 if case.npv >= 0 else 10), textcoords="offset points",
                ha="right", fontsize=9, color="black")
    ax.set_xlabel("Month (0 = the one-off spend)")
    ax.set_ylabel("Money (cumulative)")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.set_title(f"The money case over {case.horizon_months} months: return "
                 f"{case.roi:.0%}, NPV {case.npv:,.0f}", fontsize=11)
    ax.legend(fontsize=8, loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)
    describe(ax, f"Line chart of the cumulative cash flow by month: it starts at "
             f"{months['cumulative'].iloc[0]:,.0f} (the one-off spend) and ends at "
             f"{months['cumulative'].iloc[-1]:,.0f} after {case.horizon_months} months; "
             f"{back}. Discounted, it ends at the net present value of {case.npv:,.0f}.")
    return ax
