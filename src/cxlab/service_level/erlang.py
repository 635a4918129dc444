"""Workload and Erlang formulas.

Definitions (shown to learners in module 01):

* traffic intensity (workload) ``A = calls x AHT / interval`` in Erlangs: the number of
  agents that would be busy all the time if calls arrived perfectly evenly.
"""

from __future__ import annotations

from typing import Any

from .._shapes import restore_shape
from .._validation import CxlabValueError, check_non_negative, check_positive

__all__ = ["traffic_intensity"]


def traffic_intensity(calls: Any, aht_seconds: Any, interval_seconds: Any = 1800) -> Any:
    """Workload in Erlangs: ``calls x aht_seconds / interval_seconds``.

    Parameters
    ----------
    calls : number, array or Series
        Calls offered in the interval (0 or more).
    aht_seconds : number, array or Series
        Average handle time in seconds (talk + hold + after-call work), above 0.
    interval_seconds : number, default 1800
        Length of the interval in seconds (1800 = 30 minutes), above 0.

    Returns
    -------
    float, array or Series
        Erlangs, in the shape of the inputs.

    Raises
    ------
    CxlabValueError
        If a value is negative, zero where it must be positive, missing (NaN) or not a number.

    Examples
    --------
    >>> traffic_intensity(100, 180)
    10.0
    >>> traffic_intensity([100, 120], 240).tolist()
    [13.333333333333334, 16.0]
    >>> traffic_intensity(100, 0)
    Traceback (most recent call last):
    ...
    cxlab._validation.CxlabValueError: aht_seconds must be positive (above 0), got 0
    """
    c = check_non_negative("calls", calls)
    h = check_positive("aht_seconds", aht_seconds)
    t = check_positive("interval_seconds", interval_seconds)
    try:
        result = c * h / t
    except ValueError as exc:
        raise CxlabValueError(
            f"calls, aht_seconds and interval_seconds must have matching lengths, "
            f"got {c.shape}, {h.shape} and {t.shape}"
        ) from exc
    return restore_shape(result, calls, aht_seconds, interval_seconds)
