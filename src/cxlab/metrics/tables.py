"""What-if results written for a manager to read (lessons 02.01 and 02.02).

Rows are labelled with each metric's plain name and unit; shares read as percentages
(``91.7%``) and their changes as percentage points (``-6.7 points``); other numbers keep two
decimals. The numbers behind each table stay in the :class:`~cxlab.metrics.WhatIf` result.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from .._validation import CxlabValueError
from ..service_level.erlang import erlang_a, traffic_intensity
from ..show import Table, table
from .diagnose import Diagnosis
from .map import METRICS
from .whatif import Baseline, WhatIf, what_if

__all__ = ["baseline_table", "biggest_causes_table", "daily_changes_table", "daily_service",
           "daily_service_table", "diagnosis_table", "likely_table", "metrics_table",
           "shrinkage_steps", "swap_orders_table", "values_table", "what_if_table"]


def _row_label(name: str) -> str:
    metric = METRICS[name]
    unit = {"calls": "contacts", "cost": "cost units"}.get(metric.unit, metric.unit)
    return f"{metric.label} ({unit})" if metric.unit != "%" else metric.label


def _value(name: str, value: float, *, change: bool = False) -> str:
    if METRICS[name].unit == "%":
        text = f"{100 * value:,.1f}"
        return (f"+{text}" if value > 0 else text) + " points" if change else f"{text}%"
    text = f"{value:,.2f}"
    return f"+{text}" if change and value > 0 else text


def what_if_table(result: WhatIf, *, rows: Iterable[str] | None = None) -> Table:
    """Before, after and change of the metrics of ``result`` that moved (or of ``rows``).

    Examples
    --------
    >>> from cxlab.metrics import what_if
    >>> shown = what_if_table(what_if(aht_seconds=198), rows=["service_level", "erlangs"])
    >>> shown.frame.values.tolist()
    [['91.7%', '84.9%', '-6.7 points'], ['10.00', '11.00', '+1.00']]
    """
    if not isinstance(result, WhatIf):
        raise CxlabValueError(f"result must be a WhatIf (from what_if); got "
                              f"{type(result).__name__}")
    names = list(rows) if rows is not None else result.moved()
    unknown = [n for n in names if n not in result.table.index]
    if unknown:
        raise CxlabValueError(f"rows must be metrics of the what-if table, such as "
                              f"'service_level'; got {', '.join(map(str, unknown))}")
    shown = pd.DataFrame(
        {
            "Before": [_value(n, result.table.at[n, "before"]) for n in names],
            "After": [_value(n, result.table.at[n, "after"]) for n in names],
            "Change": [_value(n, result.table.at[n, "change"], change=True) for n in names],
        },
        index=pd.Index([_row_label(n) for n in names], name="Metric"),
    )
    return table(shown)


def likely_table(result: WhatIf) -> Table:
    """The metrics likely to follow a change, with the direction and the chain of reasons.

    Examples
    --------
    >>> from cxlab.metrics import what_if
    >>> likely_table(what_if(aht_seconds=198)).frame.iloc[0, :2].tolist()
    ['Customer satisfaction', 'down']
    """
    if not isinstance(result, WhatIf):
        raise CxlabValueError(f"result must be a WhatIf (from what_if); got "
                              f"{type(result).__name__}")
    likely = result.likely
    shown = pd.DataFrame({
        "Metric": [METRICS[n].label for n in likely["metric"]],
        "Likely to go": list(likely["direction"]),
        "Because": list(likely["because"]),
    })
    return table(shown, index=False, caption=None if len(shown) else "Nothing is likely to follow")


def baseline_table(base: Baseline) -> Table:
    """The drivers of a :class:`Baseline` in plain words, shares as percentages.

    Examples
    --------
    >>> baseline_table(Baseline()).frame.loc["First-contact resolution", "Value"]
    '80.0%'
    """
    if not isinstance(base, Baseline):
        raise CxlabValueError(f"base must be a Baseline; got {type(base).__name__}")
    words = {
        "repeat_share": "Unresolved issues that come back",
        "threshold_seconds": "Service-level threshold (s)",
        "patience_seconds": "Mean patience (s)",
        "interval_seconds": "Interval length (s)",
        "cost_per_hour": "Cost per paid hour",
    }
    values = dataclasses.asdict(base)
    labels = {n: words.get(n, _row_label(n) if n in METRICS else n) for n in values}
    shares = [n for n in values if n == "repeat_share" or (n in METRICS and METRICS[n].unit == "%")]
    return table(values, labels=labels, percent=shares, decimals=1)


def shrinkage_steps(base: Baseline, shrinkages: Sequence[float]) -> Table:
    """Agents on the phones, service level and abandonment for each shrinkage in ``shrinkages``.

    Shows why the map counts whole agents: people x (1 - shrinkage) x adherence, rounded down.

    Examples
    --------
    >>> shrinkage_steps(Baseline(), [0.30, 0.31]).frame["Agents on the phones"].tolist()
    ['14', '13']
    """
    if not isinstance(base, Baseline):
        raise CxlabValueError(f"base must be a Baseline; got {type(base).__name__}")
    if not 1 <= len(shrinkages) <= 50:
        raise CxlabValueError(f"shrinkages must hold 1 to 50 values; got {len(shrinkages)}")
    rows = []
    for shrinkage in shrinkages:
        after = what_if(base, shrinkage=shrinkage).table["after"]
        rows.append({
            "Shrinkage": shrinkage,
            f"{base.scheduled_staff} x (1 - shrinkage) x {base.adherence:g}":
                base.scheduled_staff * (1 - shrinkage) * base.adherence,
            "Agents on the phones": int(after["agents"]),
            "Service level": after["service_level"],
            "Abandonment": after["abandonment"],
        })
    frame = pd.DataFrame(rows).set_index("Shrinkage")
    frame.index = pd.Index([f"{100 * s:.1f}%" for s in frame.index], name="Shrinkage")
    return table(frame, percent=["Service level", "Abandonment"], decimals=2)


_WEEK_COLUMNS = ("interval_start", "offered", "answered", "aht_seconds", "answered_within_20s",
                 "agents_staffed", "forecast_calls", "forecast_aht_seconds", "agents_planned")


def _check_week(week: object) -> pd.DataFrame:
    if not isinstance(week, pd.DataFrame):
        raise CxlabValueError(f"week must be a DataFrame of half hours; got {type(week).__name__}")
    missing = [c for c in _WEEK_COLUMNS if c not in week.columns]
    if missing:
        raise CxlabValueError(f"week must have the columns {', '.join(_WEEK_COLUMNS)}; "
                              f"it lacks {', '.join(missing)}")
    if week.empty:
        raise CxlabValueError("week must have at least one half hour; got an empty table")
    return week


def daily_service(week: pd.DataFrame, *, patience_seconds: float = 150.0,
                  threshold_seconds: float = 20.0) -> pd.DataFrame:
    """Per day: forecast calls, calls offered, measured service level and the plan's promise.

    The promise is Erlang A with the planned agents, forecast calls and forecast AHT, weighted
    by the calls offered; service levels are fractions (answered within the threshold ÷
    offered).

    Examples
    --------
    >>> from cxlab import data
    >>> days = daily_service(data.load("voice_week_incidents"))
    >>> round(float(days["measured_sl"].iloc[0]), 3) <= 1
    True
    """
    week = _check_week(week)
    day = week["interval_start"].dt.normalize()
    promised = erlang_a(
        week["agents_planned"],
        traffic_intensity(week["forecast_calls"], week["forecast_aht_seconds"]),
        week["forecast_aht_seconds"], patience_seconds, threshold_seconds,
    ).service_level
    offered = week.groupby(day)["offered"].sum()
    frame = pd.DataFrame({
        "forecast_calls": week.groupby(day)["forecast_calls"].sum().round(),
        "offered": offered,
        "measured_sl": week.groupby(day)["answered_within_20s"].sum() / offered,
        "promised_sl": (promised * week["offered"]).groupby(day).sum() / offered,
    })
    frame.index.name = "date"
    return frame


def daily_service_table(week: pd.DataFrame, *, patience_seconds: float = 150.0,
                        threshold_seconds: float = 20.0, target: float = 0.8) -> Table:
    """:func:`daily_service` for reading, with the target beside each day."""
    days = daily_service(week, patience_seconds=patience_seconds,
                         threshold_seconds=threshold_seconds)
    days["target"] = target
    days.index = pd.Index(days.index.strftime("%a %d %b"), name="Day")
    return table(days, percent=["measured_sl", "promised_sl", "target"],
                 labels={"forecast_calls": "Forecast calls", "offered": "Calls offered",
                         "measured_sl": "Measured SL", "promised_sl": "Plan promised",
                         "target": "Target"})


def daily_changes_table(week: pd.DataFrame) -> Table:
    """Per day, how far calls, AHT and agents were from the forecast and the plan, in %.

    AHT is weighted by calls answered (measured) and by forecast calls (forecast).

    Examples
    --------
    >>> from cxlab import data
    >>> daily_changes_table(data.load("voice_week_incidents")).frame.columns.tolist()
    ['Calls vs forecast', 'AHT vs forecast', 'Agents vs plan']
    """
    week = _check_week(week)
    by = week.groupby(week["interval_start"].dt.normalize())
    aht_measured = (week["aht_seconds"] * week["answered"]).groupby(
        week["interval_start"].dt.normalize()).sum() / by["answered"].sum()
    aht_forecast = (week["forecast_aht_seconds"] * week["forecast_calls"]).groupby(
        week["interval_start"].dt.normalize()).sum() / by["forecast_calls"].sum()
    frame = pd.DataFrame({
        "Calls vs forecast": by["offered"].sum() / by["forecast_calls"].sum() - 1,
        "AHT vs forecast": aht_measured / aht_forecast - 1,
        "Agents vs plan": by["agents_staffed"].sum() / by["agents_planned"].sum() - 1,
    })
    frame.index = pd.Index(frame.index.strftime("%a %d %b"), name="Day")
    return table(frame, percent=True, signed=True)


def swap_orders_table(plan: Mapping[str, float], actual: Mapping[str, float], *,
                      patience_seconds: float = 150.0,
                      threshold_seconds: float = 20.0) -> Table:
    """Swap the drivers ``volume``, ``aht`` and ``agents`` from plan to actual in every order.

    Each row is one order; each column the service level (percentage points) that driver's
    swap moved; the last row averages over all orders (the Shapley share).

    Examples
    --------
    >>> shown = swap_orders_table({"volume": 100, "aht": 180, "agents": 14},
    ...                           {"volume": 115, "aht": 198, "agents": 13})
    >>> shown.frame.index[-1]
    'Average over all orders (Shapley)'
    """
    names = ("volume", "aht", "agents")
    for what, given in (("plan", plan), ("actual", actual)):
        if not isinstance(given, Mapping) or set(given) != set(names):
            raise CxlabValueError(f"{what} must be a dict with the keys volume, aht and agents; "
                                  f"got {given!r}")

    def model_sl(changed: list[str]) -> float:
        now = {k: actual[k] if k in changed else plan[k] for k in names}
        workload = traffic_intensity(now["volume"], now["aht"])
        return float(erlang_a(now["agents"], workload, now["aht"], patience_seconds,
                              threshold_seconds).service_level)

    rows = {}
    for order in itertools.permutations(names):
        changed: list[str] = []
        row = {}
        for driver in order:
            before = model_sl(changed)
            changed.append(driver)
            row[driver] = model_sl(changed) - before
        rows[" → ".join({"aht": "AHT"}.get(d, d) for d in order)] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")[list(names)]
    frame.loc["Average over all orders (Shapley)"] = frame.mean()
    frame.index.name = "Order of the swaps"
    shown = frame.map(lambda v: f"{100 * v:+.1f} points")
    return table(shown, labels={"volume": "Volume", "aht": "AHT", "agents": "Agents"})


def diagnosis_table(diagnosis: Diagnosis, *, by: str = "day") -> Table:
    """A :class:`~cxlab.metrics.Diagnosis` per day (or per half hour, ``by="interval"``).

    Service levels read as percentages; the gap and its parts (volume, AHT, agents,
    randomness) as signed percentage points, which add up to the gap.

    Examples
    --------
    >>> from cxlab import data
    >>> from cxlab.metrics import diagnose
    >>> shown = diagnosis_table(diagnose(data.load("voice_week_incidents"), patience_seconds=150))
    >>> shown.frame.columns.tolist()[:3]
    ['Plan promised', 'Modelled', 'Measured']
    """
    if not isinstance(diagnosis, Diagnosis):
        raise CxlabValueError(f"diagnosis must be a Diagnosis (from diagnose); got "
                              f"{type(diagnosis).__name__}")
    if by not in ("day", "interval"):
        raise CxlabValueError(f"by must be 'day' or 'interval'; got {by!r}")
    source = diagnosis.days if by == "day" else diagnosis.intervals
    levels = {"planned_sl": "Plan promised", "modelled_sl": "Modelled",
              "measured_sl": "Measured"}
    parts = {"gap": "Gap", "volume": "Volume", "aht": "AHT", "agents": "Agents",
             "randomness": "Randomness"}
    shown = pd.DataFrame({name: [f"{100 * v:.1f}%" for v in source[col]]
                          for col, name in levels.items()})
    for col, name in parts.items():
        shown[f"{name} (points)"] = [f"{100 * v:+.1f}" for v in source[col]]
    if by == "day":
        shown.index = pd.Index(source.index.strftime("%a %d %b"), name="Day")
    else:
        shown.index = pd.Index(source["interval_start"].dt.strftime("%a %d %b %H:%M"),
                               name="Half hour")
    return table(shown)


def biggest_causes_table(diagnosis: Diagnosis, *, n: int = 8) -> Table:
    """The ``n`` half hours and drivers that cost the most service level, worst first.

    Examples
    --------
    >>> from cxlab import data
    >>> from cxlab.metrics import diagnose
    >>> d = diagnose(data.load("voice_week_incidents"), patience_seconds=150)
    >>> biggest_causes_table(d, n=2).frame.columns.tolist()
    ['Half hour', 'Driver', 'Effect (points)']
    """
    if not isinstance(diagnosis, Diagnosis):
        raise CxlabValueError(f"diagnosis must be a Diagnosis (from diagnose); got "
                              f"{type(diagnosis).__name__}")
    if not isinstance(n, int) or not 1 <= n <= 100:
        raise CxlabValueError(f"n must be a whole number from 1 to 100; got {n!r}")
    worst = diagnosis.biggest_causes(n)
    names = {"volume": "Volume", "aht": "AHT", "agents": "Agents"}
    shown = pd.DataFrame({
        "Half hour": worst["interval_start"].dt.strftime("%a %d %b %H:%M"),
        "Driver": [names.get(d, d) for d in worst["driver"]],
        "Effect (points)": [f"{100 * v:+.1f}" for v in worst["effect"]],
    })
    return table(shown, index=False)


def values_table(result: WhatIf, *, when: str = "before") -> Table:
    """Every metric of ``result`` with its value ``before`` or ``after`` the change.

    Examples
    --------
    >>> from cxlab.metrics import what_if
    >>> values_table(what_if()).frame.loc["Service level", "Value"]
    '91.7%'
    """
    if not isinstance(result, WhatIf):
        raise CxlabValueError(f"result must be a WhatIf (from what_if); got "
                              f"{type(result).__name__}")
    if when not in ("before", "after"):
        raise CxlabValueError(f"when must be 'before' or 'after'; got {when!r}")
    names = list(result.table.index)
    shown = pd.DataFrame({"Value": [_value(n, result.table.at[n, when]) for n in names]},
                         index=pd.Index([_row_label(n) for n in names], name="Metric"))
    return table(shown)


def metrics_table() -> Table:
    """The metrics of the map: the name to type in code (in quotes), label, unit and meaning.

    Examples
    --------
    >>> metrics_table().frame.iloc[0].tolist()[:2]
    ['"forecast_accuracy"', 'Forecast accuracy']
    """
    shown = pd.DataFrame([{"Name to type": f'"{name}"', "Metric": m.label, "Unit": m.unit,
                           "Meaning": m.meaning} for name, m in METRICS.items()])
    return table(shown, index=False)
