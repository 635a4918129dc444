"""Weekly metrics generated from known causes: the lesson's correlations are really there."""

from __future__ import annotations

import numpy as np
import pytest

from cxlab import metrics
from cxlab._validation import CxlabValueError


def test_same_seed_same_weeks_and_sensible_ranges() -> None:
    a, b = metrics.weekly_metrics(rng=7), metrics.weekly_metrics(rng=7)
    assert a.equals(b)
    assert len(a) == 52
    for column in ("service_level", "fcr", "quality", "csat", "occupancy", "abandonment"):
        assert a[column].between(0, 1).all(), column


def test_quality_and_service_level_move_together_through_fcr() -> None:
    for seed in range(5):
        f = metrics.weekly_metrics(rng=seed)
        assert np.corrcoef(f["quality"], f["service_level"])[0, 1] > 0.2
        assert np.corrcoef(f["quality"], f["fcr"])[0, 1] > 0.5
        # the mechanism: FCR lowers volume per first contact
        repeats_share = 1 - f["first_contacts"] / f["contact_volume"]
        assert np.allclose(repeats_share, 1 - f["fcr"])


def test_season_is_a_common_cause_of_volume_and_agents() -> None:
    f = metrics.weekly_metrics()
    assert np.corrcoef(f["season"], f["contact_volume"])[0, 1] > 0.7
    assert np.corrcoef(f["season"], f["agents"])[0, 1] > 0.7


def test_weeks_must_be_enough() -> None:
    with pytest.raises(CxlabValueError, match="weeks must be a whole number of at least 4"):
        metrics.weekly_metrics(2)
