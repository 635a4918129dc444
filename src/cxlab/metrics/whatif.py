"""What-if: change a driver and follow it through every formula on the metric map.

One half-hour interval of a voice queue is described by its drivers (:class:`Baseline`).
:func:`what_if` recomputes every downstream metric with the changes applied:

* AHT = talk + hold + after-call work;
* contact volume = first contacts + repeat contacts, where repeats = repeat share x
  (1 - FCR) x volume. Repeats add volume, which adds repeats: the loop is followed step by
  step until it settles (it converges whenever repeat share x (1 - FCR) < 1, to
  first contacts / (1 - repeat share x (1 - FCR)));
* agents = floor(scheduled staff x (1 - shrinkage) x adherence), by
  :func:`cxlab.service_level.agents_on_phones`: shrinkage is the paid time planned or known
  to be away (breaks, meetings, training, absence), adherence the share of the remaining
  scheduled time agents are really on contacts, so each lost minute counts once;
* workload, service level, ASA, abandonment and occupancy from Erlang A (or Erlang C when
  no patience is given), exactly as in module 01;
* cost per contact = scheduled staff x interval hours x cost per hour / contacts answered.

Links that are directions only (quality to FCR, occupancy to engagement, ...) are reported as
"likely to move" with their sign and reason, never with an invented number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Any

import pandas as pd

from .._validation import (
    CxlabValueError,
    check_in_range,
    check_instance,
    check_non_negative,
    check_positive,
)
from ..service_level.erlang import asa, erlang_a, occupancy, service_level
from ..service_level.planning import agents_on_phones
from .map import METRICS, metric_map

__all__ = ["Baseline", "WhatIf", "what_if"]


@dataclass(frozen=True)
class Baseline:
    """The drivers of one half-hour interval. The defaults reproduce module 01's example:
    100 contacts, AHT 180 s and 14 agents on the phones."""

    first_contacts: float = 80.0
    fcr: float = 0.80
    repeat_share: float = 1.0
    talk_seconds: float = 150.0
    hold_seconds: float = 10.0
    acw_seconds: float = 20.0
    scheduled_staff: int = 22
    shrinkage: float = 0.30
    adherence: float = 0.92
    threshold_seconds: float = 20.0
    patience_seconds: float | None = 300.0
    interval_seconds: float = 1800.0
    cost_per_hour: float = 30.0

    def validate(self) -> Baseline:
        check_non_negative("first_contacts", self.first_contacts)
        for name in ("fcr", "repeat_share", "adherence"):
            check_in_range(name, getattr(self, name), 0, 1, hint="a fraction: 80% is 0.8")
        check_in_range("shrinkage", self.shrinkage, 0, 1, high_inclusive=False,
                       hint="a fraction: 30% is 0.3")
        for name in ("talk_seconds", "hold_seconds", "acw_seconds", "threshold_seconds",
                     "cost_per_hour"):
            check_non_negative(name, getattr(self, name))
        if self.talk_seconds + self.hold_seconds + self.acw_seconds <= 0:
            raise CxlabValueError("talk_seconds + hold_seconds + acw_seconds must be above 0")
        check_non_negative("scheduled_staff", self.scheduled_staff)
        check_positive("interval_seconds", self.interval_seconds)
        if self.patience_seconds is not None:
            check_positive("patience_seconds", self.patience_seconds)
        if self.repeat_share * (1 - self.fcr) >= 1:
            raise CxlabValueError("repeat_share x (1 - fcr) must be below 1, or repeats would "
                                  "grow without end")
        return self


def _volume(base: Baseline, tolerance: float = 1e-13) -> tuple[float, int]:
    """Follow the repeat loop until volume settles; return (volume, steps)."""
    loop = base.repeat_share * (1 - base.fcr)
    volume = base.first_contacts
    for step in range(1, 100_000):
        new = base.first_contacts + loop * volume
        if abs(new - volume) <= tolerance * max(1.0, new):
            return new, step
        volume = new
    raise CxlabValueError("the repeat-contact loop did not settle")  # pragma: no cover


def outcomes(base: Baseline) -> dict[str, float]:
    """Every computed metric for one set of drivers."""
    base.validate()
    volume, _ = _volume(base)
    aht = base.talk_seconds + base.hold_seconds + base.acw_seconds
    agents = agents_on_phones(base.scheduled_staff, shrinkage=base.shrinkage,
                              adherence=base.adherence)  # each lost minute counted once
    erlangs = volume * aht / base.interval_seconds
    if base.patience_seconds is None:
        sl = service_level(agents, erlangs, aht, base.threshold_seconds)
        wait = asa(agents, erlangs, aht)
        abandon = 0.0
        occ = occupancy(agents, erlangs)
    else:
        r = erlang_a(agents, erlangs, aht, base.patience_seconds, base.threshold_seconds)
        sl, wait, abandon, occ = r.service_level, r.asa, r.p_abandon, r.occupancy
    answered = volume * (1 - abandon)
    staff_cost = base.scheduled_staff * base.interval_seconds / 3600 * base.cost_per_hour
    return {
        "first_contacts": base.first_contacts,
        "fcr": base.fcr,
        "repeat_contacts": volume - base.first_contacts,
        "contact_volume": volume,
        "talk_seconds": base.talk_seconds,
        "hold_seconds": base.hold_seconds,
        "acw_seconds": base.acw_seconds,
        "aht_seconds": aht,
        "scheduled_staff": float(base.scheduled_staff),
        "shrinkage": base.shrinkage,
        "adherence": base.adherence,
        "agents": float(agents),
        "erlangs": erlangs,
        "service_level": float(sl),
        "asa_seconds": float(wait),
        "abandonment": float(abandon),
        "occupancy": float(occ),
        "cost_per_contact": staff_cost / answered if answered > 0 else math.inf,
    }


@dataclass(frozen=True)
class WhatIf:
    """Before, after and change for every metric, plus the directions likely to follow.

    Attributes
    ----------
    table : DataFrame indexed by metric: before, after, change, change_pct, how
    likely : DataFrame of metrics that only have documented directions: metric, direction,
        because (the chain of reasons)
    before, after : the two Baselines
    loop_steps : steps the repeat-contact loop took to settle in the changed scenario
    nudged : direction-only drivers that were moved ("quality": "down", ...)
    """

    table: pd.DataFrame
    likely: pd.DataFrame
    before: Baseline
    after: Baseline
    loop_steps: int
    nudged: dict

    def moved(self) -> list[str]:
        """The metrics whose value changed."""
        return list(self.table.index[self.table["change"].abs() > 1e-12])

    def __repr__(self) -> str:
        shown = self.table.loc[self.moved()] if self.moved() else self.table.head(0)
        lines = ["What-if: " + ", ".join(
            [f"{k} {getattr(self.before, k):g} -> {getattr(self.after, k):g}"
             for k in _changed(self.before, self.after)]
            + [f"{k} {v}" for k, v in self.nudged.items()])]
        for name, row in shown.iterrows():
            lines.append(f"  {METRICS[name].label:<26} {row['before']:>10.4g} -> "
                         f"{row['after']:>10.4g} ({row['change']:+.4g})")
        for _, row in self.likely.iterrows():
            lines.append(f"  likely {row['direction']:<4} {METRICS[row['metric']].label}: "
                         f"{row['because']}")
        return "\n".join(lines)


def _changed(a: Baseline, b: Baseline) -> list[str]:
    return [f.name for f in fields(Baseline) if getattr(a, f.name) != getattr(b, f.name)]


def what_if(baseline: Baseline | None = None, **changes: Any) -> WhatIf:
    """Apply ``changes`` to ``baseline`` and follow them through the metric map.

    ``changes`` name :class:`Baseline` fields (``fcr=0.7``, ``scheduled_staff=24``), or
    ``aht_seconds=198`` to scale talk, hold and after-call work together. Drivers that have
    only documented directions take ``"up"`` or ``"down"``: ``quality="down"``,
    ``forecast_accuracy="up"``.

    Examples
    --------
    >>> r = what_if(aht_seconds=198)          # AHT up 10%
    >>> round(float(r.table.loc["service_level", "before"]), 4)
    0.9168
    >>> bool(r.table.loc["service_level", "after"] < r.table.loc["service_level", "before"])
    True
    >>> round(float(what_if(fcr=0.7).table.loc["contact_volume", "after"]), 2)  # 80 / 0.7
    114.29
    """
    if baseline is None:
        baseline = Baseline()
    check_instance("baseline", baseline, Baseline,
                   "the centre's starting figures, a Baseline(...), or None for the sample centre")
    base = baseline.validate()
    nudges = {}
    for name in _DIRECTION_ONLY:
        if name in changes:
            value = changes.pop(name)
            if not isinstance(value, str) or value not in ("up", "down"):
                raise CxlabValueError(f"{name} has no formula on the map, so it takes 'up' or "
                                      f"'down'; got {value!r}")
            nudges[name] = 1 if value == "up" else -1
    known = {f.name for f in fields(Baseline)} | {"aht_seconds"}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise CxlabValueError(f"what_if cannot change {', '.join(unknown)}; it can change "
                              f"{', '.join(sorted(known))}")
    updates = dict(changes)
    if "aht_seconds" in updates:
        target = check_positive("aht_seconds", updates.pop("aht_seconds"), scalar=True)
        current = base.talk_seconds + base.hold_seconds + base.acw_seconds
        factor = target / current
        for part in ("talk_seconds", "hold_seconds", "acw_seconds"):
            updates.setdefault(part, getattr(base, part) * factor)
    after = replace(base, **updates).validate()
    before_values, after_values = outcomes(base), outcomes(after)
    rows = []
    for name in before_values:
        b, a = before_values[name], after_values[name]
        change = a - b if math.isfinite(a) and math.isfinite(b) else (0.0 if a == b else math.inf)
        rows.append({"metric": name, "before": b, "after": a, "change": change,
                     "change_pct": change / b if b not in (0, math.inf) else math.nan,
                     "how": "input" if name in updates or name in changes else "formula"})
    table = pd.DataFrame(rows).set_index("metric")
    likely = _directions(table, nudges)
    shown = {k: "up" if v > 0 else "down" for k, v in nudges.items()}
    return WhatIf(table, likely, base, after, _volume(after)[1], shown)


_DIRECTION_ONLY = ("quality", "forecast_accuracy", "engagement", "attrition")

#: How many direction-only links to follow: further than two steps is speculation.
MAX_HOPS = 2


def _directions(table: pd.DataFrame, nudges: dict[str, int]) -> pd.DataFrame:
    """Follow direction-only links from everything that moved (or was nudged)."""
    graph = metric_map()
    sign: dict[str, int] = dict(nudges)
    reason: dict[str, str] = {}
    for name, row in table.iterrows():
        if abs(row["change"]) > 1e-12:
            sign[name] = 1 if row["change"] > 0 else -1
    depth = dict.fromkeys(sign, 0)
    queue = list(sign)
    found: list[str] = []
    while queue:
        current = queue.pop(0)
        if depth[current] >= MAX_HOPS:
            continue
        for link in graph.effects_of(current):
            if link.kind != "direction" or link.target in sign:
                continue
            depth[link.target] = depth[current] + 1
            sign[link.target] = sign[current] * link.sign
            up = "up" if sign[current] > 0 else "down"
            reason[link.target] = (f"{METRICS[current].label} {up}: {link.why}"
                                   + (f" <- {reason[current]}" if current in reason else ""))
            found.append(link.target)
            queue.append(link.target)
    return pd.DataFrame([{"metric": m, "direction": "up" if sign[m] > 0 else "down",
                          "because": reason[m]} for m in found],
                        columns=["metric", "direction", "because"])
