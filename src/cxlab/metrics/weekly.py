"""A year of weekly metrics for a contact centre, generated from known causes.

Used to teach that correlation is not causation: every link below is written into the
generator, so the learner can check which correlations are causal, which run through a
chain, and which come from a common cause.

The causal story (one row per week):

* season: demand rises in winter and before the summer holidays (a common cause);
* first contacts = base x season x noise;
* agent engagement wanders slowly; it drives quality (engaged agents take more care);
* quality drives first-contact resolution (FCR);
* repeats = (1 - FCR) x volume, so volume = first contacts / FCR (the repeat loop);
* staff are planned on the *forecast* of first contacts (the plan does not expect the
  repeats), so a fall in FCR is a workload the plan did not foresee;
* service level and ASA come from Erlang A per interval, with the week's volume, AHT and
  agents; occupancy too;
* CSAT is driven by FCR (strongly) and by service level (weakly).

So quality and service level move together, though neither appears in the other's formula:
quality -> FCR -> fewer repeats -> less workload -> better service level.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_integer
from ..service_level.erlang import agents_required, erlang_a

__all__ = ["weekly_metrics"]


#: Ten years of weeks: more is a slip (``10**9``), refused at once rather than generated.
MAX_WEEKS = 520


def weekly_metrics(weeks: int = 52, *, rng: np.random.Generator | int | None = 2026
                   ) -> pd.DataFrame:
    """Weekly metrics of one voice queue with known causes (see the module docstring).

    Values describe an average half hour of the week: volume, AHT, agents, service level
    (answered within 20 s / offered), ASA, occupancy, abandonment, quality, FCR, CSAT and
    engagement (fractions), plus the season factor.

    Examples
    --------
    >>> frame = weekly_metrics(8, rng=1)
    >>> list(frame.columns)[:5]
    ['week', 'season', 'first_contacts', 'fcr', 'contact_volume']
    >>> bool((frame["service_level"] <= 1).all())
    True
    """
    n = check_integer("weeks", weeks, minimum=4, maximum=MAX_WEEKS, scalar=True)
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    week = np.arange(1, n + 1)
    season = 1 + 0.12 * np.cos(2 * np.pi * (week - 2) / 52) + 0.06 * np.exp(
        -((week - 27) / 3.0) ** 2)
    first = 80 * season * gen.normal(1, 0.03, n)
    engagement = np.empty(n)
    level = 0.70
    for i in range(n):  # a slow random walk, pulled back towards 0.70
        level = 0.70 + 0.85 * (level - 0.70) + gen.normal(0, 0.025)
        engagement[i] = np.clip(level, 0.4, 0.95)
    quality = np.clip(0.55 + 0.45 * engagement + gen.normal(0, 0.015, n), 0.5, 0.99)
    fcr = np.clip(0.35 + 0.55 * quality + gen.normal(0, 0.012, n), 0.55, 0.95)
    volume = first / fcr
    aht = 180 * (1 + 0.6 * (0.86 - quality)) * gen.normal(1, 0.01, n)
    forecast_first = 80 * season
    planned_volume = forecast_first / 0.80  # the plan assumes last year's FCR of 80%
    agents = np.asarray(agents_required(planned_volume * 180 / 1800, 180, 20, 0.8))
    erlangs = volume * aht / 1800
    result = erlang_a(agents, erlangs, aht, 150, 20)
    sl = np.asarray(result.service_level)
    csat = np.clip(0.30 + 0.55 * fcr + 0.12 * sl + gen.normal(0, 0.01, n), 0, 1)
    return pd.DataFrame({
        "week": week,
        "season": season,
        "first_contacts": first,
        "fcr": fcr,
        "contact_volume": volume,
        "aht_seconds": aht,
        "agents": agents,
        "service_level": sl,
        "asa_seconds": np.asarray(result.asa),
        "abandonment": np.asarray(result.p_abandon),
        "occupancy": np.asarray(result.occupancy),
        "quality": quality,
        "csat": csat,
        "engagement": engagement,
    })
