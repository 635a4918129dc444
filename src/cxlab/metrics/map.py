"""The metric map: how contact-centre metrics drive one another.

Each link is either an exact **formula** (arithmetic, Erlang, Little's law), which
:func:`cxlab.metrics.what_if` computes, or a documented **direction** (the sign, one line on
why, and where the relationship is described), which what-if reports as "likely to move"
without inventing a number.

The map has loops. Repeat contacts add volume, which adds repeat contacts (a formula loop).
Quality drives FCR, FCR the repeats, the repeats the workload, the workload service level and
occupancy, and these drive quality again: long waits and agents busy on call after call mean
rushed, tired handling (service level ``+`` and occupancy ``-`` to quality, directions).
Occupancy also drives engagement, engagement attrition, and attrition quality and handle time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from .._validation import CxlabValueError

__all__ = ["LINKS", "METRICS", "Link", "Metric", "MetricMap", "metric_map"]

_ICMI = "Cleveland, Call Center Management on Fast Forward (ICMI), chapters on service level"
_COPC = "COPC Customer Experience Standard: links between quality, resolution and satisfaction"
_GALLUP = "Gallup, State of the Global Workplace: engagement and turnover"


@dataclass(frozen=True)
class Metric:
    """A metric on the map: its name, a readable label, unit and one-line meaning."""

    name: str
    label: str
    unit: str
    meaning: str
    layer: int  # 0 = drivers on the left ... 4 = results on the right (for the figure)


@dataclass(frozen=True)
class Link:
    """``source`` drives ``target``: ``sign`` +1 (same direction) or -1 (opposite).

    ``kind`` is "formula" (computed by what-if; ``formula`` says how) or "direction"
    (documented relationship: ``why`` and ``reference``).
    """

    source: str
    target: str
    sign: int
    kind: str
    why: str
    formula: str = ""
    reference: str = ""


METRICS: dict[str, Metric] = {m.name: m for m in [
    Metric("forecast_accuracy", "Forecast accuracy", "%", "how close forecast calls came to "
           "the calls that arrived", 0),
    Metric("first_contacts", "First contacts", "calls", "contacts about a new issue", 0),
    Metric("talk_seconds", "Talk time", "s", "average time talking to the customer", 0),
    Metric("hold_seconds", "Hold time", "s", "average time the customer is on hold", 0),
    Metric("acw_seconds", "After-call work", "s", "average wrap-up time after the call", 0),
    Metric("scheduled_staff", "Scheduled staff", "people", "people rostered for the interval", 0),
    Metric("shrinkage", "Shrinkage", "%", "paid time planned or known to be away from calls: "
           "breaks, meetings, training, absence", 0),
    Metric("adherence", "Schedule adherence", "%", "share of the time left after shrinkage "
           "that agents are on calls as scheduled (not counted in shrinkage)", 0),
    Metric("quality", "Quality score", "%", "QA score of handled contacts", 0),
    Metric("fcr", "First-contact resolution", "%", "share of issues resolved at the first "
           "contact", 1),
    Metric("repeat_contacts", "Repeat contacts", "calls", "contacts about an issue not "
           "resolved before", 2),
    Metric("contact_volume", "Contact volume", "calls", "all contacts offered in the interval", 2),
    Metric("aht_seconds", "Average handle time", "s", "talk + hold + after-call work", 1),
    Metric("agents", "Agents on the phones", "agents", "scheduled x (1 - shrinkage) x "
           "adherence, whole agents", 1),
    Metric("erlangs", "Workload", "Erlangs", "contacts x AHT / interval", 3),
    Metric("occupancy", "Occupancy", "%", "workload carried / agents", 4),
    Metric("service_level", "Service level", "%", "answered within T / offered", 4),
    Metric("asa_seconds", "ASA", "s", "average wait of answered calls", 4),
    Metric("abandonment", "Abandonment", "%", "callers who hang up before an answer", 4),
    Metric("cost_per_contact", "Cost per contact", "cost", "staff cost / contacts handled", 4),
    Metric("csat", "Customer satisfaction", "%", "share of satisfied customers", 5),
    Metric("engagement", "Agent engagement", "score", "how committed agents feel", 5),
    Metric("attrition", "Agent attrition", "%", "agents leaving per year", 5),
]}

LINKS: tuple[Link, ...] = (
    Link("talk_seconds", "aht_seconds", +1, "formula", "AHT is the sum of its parts",
         "AHT = talk + hold + after-call work"),
    Link("hold_seconds", "aht_seconds", +1, "formula", "AHT is the sum of its parts",
         "AHT = talk + hold + after-call work"),
    Link("acw_seconds", "aht_seconds", +1, "formula", "AHT is the sum of its parts",
         "AHT = talk + hold + after-call work"),
    Link("first_contacts", "contact_volume", +1, "formula", "every new issue is a contact",
         "volume = first contacts + repeat contacts"),
    Link("repeat_contacts", "contact_volume", +1, "formula", "repeats are contacts too",
         "volume = first contacts + repeat contacts"),
    Link("fcr", "repeat_contacts", -1, "formula", "unresolved issues come back",
         "repeats = repeat share x (1 - FCR) x volume (a loop: solved until it settles)"),
    Link("contact_volume", "repeat_contacts", +1, "formula", "more contacts, more unresolved",
         "repeats = repeat share x (1 - FCR) x volume"),
    Link("scheduled_staff", "agents", +1, "formula", "people rostered become agents available",
         "agents = floor(scheduled x (1 - shrinkage) x adherence)"),
    Link("shrinkage", "agents", -1, "formula", "time lost to breaks, meetings and absence",
         "agents = floor(scheduled x (1 - shrinkage) x adherence)"),
    Link("adherence", "agents", +1, "formula", "agents not where the schedule says are not "
         "taking calls", "agents = floor(scheduled x (1 - shrinkage) x adherence)"),
    Link("contact_volume", "erlangs", +1, "formula", "more calls, more work",
         "Erlangs = volume x AHT / interval"),
    Link("aht_seconds", "erlangs", +1, "formula", "longer calls, more work",
         "Erlangs = volume x AHT / interval"),
    Link("erlangs", "service_level", -1, "formula", "more work for the same agents",
         "Erlang A (or C) service level"),
    Link("agents", "service_level", +1, "formula", "more agents free when calls arrive",
         "Erlang A (or C) service level"),
    Link("erlangs", "asa_seconds", +1, "formula", "queues grow with work", "Erlang A (or C)"),
    Link("agents", "asa_seconds", -1, "formula", "more agents, shorter queues",
         "Erlang A (or C)"),
    Link("erlangs", "abandonment", +1, "formula", "longer waits, more hang-ups", "Erlang A"),
    Link("agents", "abandonment", -1, "formula", "shorter waits, fewer hang-ups", "Erlang A"),
    Link("erlangs", "occupancy", +1, "formula", "more work per agent",
         "occupancy = carried Erlangs / agents"),
    Link("agents", "occupancy", -1, "formula", "work spread over more agents",
         "occupancy = carried Erlangs / agents"),
    Link("scheduled_staff", "cost_per_contact", +1, "formula", "more paid hours",
         "cost per contact = scheduled x hours x cost per hour / contacts handled"),
    Link("contact_volume", "cost_per_contact", -1, "formula", "fixed staff cost over more "
         "contacts (while service holds)", "cost per contact = staff cost / contacts handled"),
    Link("forecast_accuracy", "service_level", +1, "direction", "an accurate forecast puts the "
         "agents where the calls are; errors leave intervals short or idle", reference=_ICMI),
    Link("quality", "fcr", +1, "direction", "contacts handled right resolve the issue the first "
         "time", reference=_COPC),
    Link("fcr", "csat", +1, "direction", "customers whose issue is solved at once are the most "
         "satisfied", reference=_COPC),
    Link("service_level", "csat", +1, "direction", "long waits annoy customers, though less "
         "than an unresolved issue", reference=_ICMI),
    Link("abandonment", "csat", -1, "direction", "a caller who gave up was not served",
         reference=_ICMI),
    Link("occupancy", "engagement", -1, "direction", "sustained occupancy above about 85-90% "
         "leaves no recovery time between calls", reference=_ICMI),
    Link("engagement", "attrition", -1, "direction", "disengaged agents leave", reference=_GALLUP),
    Link("attrition", "quality", -1, "direction", "new hires handle contacts less well at first",
         reference=_COPC),
    Link("attrition", "aht_seconds", +1, "direction", "new hires take longer per contact",
         reference=_ICMI),
    Link("engagement", "quality", +1, "direction", "committed agents take more care",
         reference=_GALLUP),
    # The way back from the queue to quality: it closes the loop quality -> FCR -> repeats ->
    # workload -> service level and occupancy -> quality.
    Link("service_level", "quality", +1, "direction", "long queues push agents to rush "
         "callers who are already annoyed: more slips, fewer issues resolved",
         reference=_ICMI),
    Link("occupancy", "quality", -1, "direction", "with no breathing space between contacts "
         "agents tire and cut corners", reference=_ICMI),
)


@dataclass(frozen=True)
class MetricMap:
    """The metrics and the links between them, with look-ups both ways."""

    metrics: dict[str, Metric]
    links: tuple[Link, ...]

    def __iter__(self) -> Iterator[Link]:
        return iter(self.links)

    def _check(self, name: str) -> None:
        if name not in self.metrics:
            raise CxlabValueError(f"there is no metric {name!r}; the metrics are "
                                  f"{', '.join(sorted(self.metrics))}")

    def drivers_of(self, name: str) -> list[Link]:
        """The links pointing into ``name``."""
        self._check(name)
        return [link for link in self.links if link.target == name]

    def effects_of(self, name: str) -> list[Link]:
        """The links leaving ``name``."""
        self._check(name)
        return [link for link in self.links if link.source == name]

    def downstream(self, name: str) -> list[str]:
        """Every metric ``name`` moves, directly or through others (breadth first)."""
        self._check(name)
        seen, queue, order = {name}, [name], []
        while queue:
            current = queue.pop(0)
            for link in self.links:
                if link.source == current and link.target not in seen:
                    seen.add(link.target)
                    queue.append(link.target)
                    order.append(link.target)
        return order

    def table(self) -> pd.DataFrame:
        """Every link as a row: from, to, sign, kind, how or why, reference."""
        return pd.DataFrame([{
            "from": self.metrics[link.source].label,
            "to": self.metrics[link.target].label,
            "sign": "+" if link.sign > 0 else "-",
            "kind": link.kind,
            "how / why": link.formula or link.why,
            "reference": link.reference,
        } for link in self.links])


def metric_map() -> MetricMap:
    """The contact-centre metric map used in module 02.

    >>> m = metric_map()
    >>> "service_level" in m.downstream("talk_seconds")
    True
    >>> [link.source for link in m.drivers_of("aht_seconds") if link.kind == "formula"]
    ['talk_seconds', 'hold_seconds', 'acw_seconds']
    """
    for link in LINKS:
        for end in (link.source, link.target):
            if end not in METRICS:  # pragma: no cover - guards edits to the tables above
                raise CxlabValueError(f"link {link.source} -> {link.target} names unknown {end}")
    return MetricMap(dict(METRICS), LINKS)
