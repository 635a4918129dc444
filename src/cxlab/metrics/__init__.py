"""Module 02, metric interrelationships: the metric map, what-if and working backwards.

* :func:`metric_map`: the drivers and outcomes of a contact centre and how they link;
* :func:`what_if`: change a driver and follow it through every formula (Erlang, arithmetic,
  the repeat-contact loop), with the directions that are likely to follow;
* :func:`diagnose`: split a missed service level between volume, AHT, agents and randomness;
* :func:`weekly_metrics`: a year of weekly metrics generated from known causes, for the
  lesson that correlation is not causation.

Figures are in :mod:`cxlab.metrics.plots` (imported by notebooks only).
"""

from __future__ import annotations

from .diagnose import DRIVER_LABELS, DRIVERS, Diagnosis, diagnose
from .map import LINKS, METRICS, Link, Metric, MetricMap, metric_map
from .weekly import weekly_metrics
from .whatif import Baseline, WhatIf, what_if

__all__ = [
    "DRIVERS",
    "DRIVER_LABELS",
    "LINKS",
    "METRICS",
    "Baseline",
    "Diagnosis",
    "Link",
    "Metric",
    "MetricMap",
    "WhatIf",
    "diagnose",
    "metric_map",
    "weekly_metrics",
    "what_if",
]
