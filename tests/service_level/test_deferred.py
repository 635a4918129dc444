"""Deferred channels: backlog arithmetic and FIFO response times, worked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from cxlab._validation import CxlabValueError
from cxlab.service_level.deferred import backlog, handling_capacity


def test_backlog_carries_over_and_clears() -> None:
    b = backlog([120, 120, 40, 0], [100, 100, 100, 100])
    assert b.periods["handled"].tolist() == [100, 100, 80, 0]
    assert b.periods["backlog"].tolist() == [20, 40, 0, 0]
    assert b.unhandled == 0


def test_response_times_fifo_by_hand() -> None:
    # 100 arrive evenly in hour 0; 50 handled evenly in each of hours 0 and 1.
    # Item at rank r arrives at r/100 h and is done at r/50 h (r <= 50) or 1 + (r-50)/50 h:
    # its wait is r/100 h, so waits are spread evenly over 0..1 h.
    b = backlog([100, 0], [50, 50], resolution=1000)
    assert b.mean_response_hours == pytest.approx(0.5, abs=1e-3)
    assert b.share_within(0.5) == pytest.approx(0.5, abs=2e-3)
    assert b.share_within(1.0) == pytest.approx(1.0)


def test_start_backlog_waits_from_the_start() -> None:
    # 50 items waiting at 08:00, nothing new, 25 handled an hour: the last waits 2 h.
    b = backlog([0, 0, 0], [25, 25, 25], start_backlog=50, resolution=1000)
    assert b.waits_hours.max() == pytest.approx(2.0, abs=2e-3)
    assert b.share_within(1.0) == pytest.approx(0.5, abs=2e-3)


def test_unhandled_items_count_as_late() -> None:
    b = backlog([120] * 8, [100] * 8)
    assert b.unhandled == 160
    assert b.share_within(100) == pytest.approx(800 / 960)


def test_capacity_from_agents() -> None:
    assert handling_capacity(5, 360) == 50
    assert handling_capacity(np.array([2, 4]), 720, utilisation=0.5).tolist() == [5, 10]
    with pytest.raises(CxlabValueError, match=r"utilisation must be in \(0, 1\], got 1.5"):
        handling_capacity(5, 360, utilisation=1.5)


def test_backlog_validation() -> None:
    with pytest.raises(CxlabValueError, match="arrivals and capacity must have the same length"):
        backlog([1, 2, 3], [1, 2])
    with pytest.raises(CxlabValueError, match="capacity must be 0 or more, got -1"):
        backlog([1], [-1])
    assert backlog([0, 0], [0, 0]).share_within(1) == 1.0


def test_backlog_refuses_a_table_for_a_list() -> None:
    # Before: "only 0-dimensional arrays can be converted to Python scalars".
    with pytest.raises(CxlabValueError, match=r"^capacity must be a list of numbers, one per "
                                              r"period, got \[\[1.0\]\]$"):
        backlog([1, 2], [[1.0]])
