"""Forecast accuracy: MAPE, WAPE and bias of a forecast against what happened.

For ``n`` intervals with actual calls ``A`` and forecast ``F`` (error ``F - A``):

* **MAPE** (mean absolute percentage error) ``= mean(|F - A| / A)``: the typical miss of a
  half hour as a share of its calls. It is undefined where ``A = 0`` (a closed night, or a
  quiet half hour with no calls); such intervals are left out (``zero_calls="exclude"``, and
  the result says how many) or refused with an error (``zero_calls="error"``). Quiet half
  hours with few calls weigh as much as the busiest.
* **WAPE** (weighted absolute percentage error) ``= sum|F - A| / sum A``: all misses, in
  calls, as a share of all calls. Intervals with no calls count (a forecast of 5 for a
  closed half hour is 5 calls of error) and busy half hours weigh more; it is undefined only
  if there were no calls at all.
* **bias** ``= sum(F - A) / sum A``: the mean error as a share of the mean calls. Above 0
  the forecast was too high on the whole (over-forecast: agents idle), below 0 too low
  (under-forecast: service level missed). Misses either way cancel, so a bias near 0 with a
  large WAPE means big misses that happen to balance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validation import CxlabValueError, check_choice, check_non_negative, describe

__all__ = ["ForecastAccuracy", "bias", "forecast_accuracy", "mape", "wape"]


def _pair(actual: Any, forecast: Any, names: tuple[str, str] = ("actual", "forecast")
          ) -> tuple[np.ndarray, np.ndarray]:
    """Both series as 1-D float arrays of one length, checked under the caller's ``names``."""
    first, second = names
    a = check_non_negative(first, actual)
    f = check_non_negative(second, forecast)
    for name, arr, value in ((first, a, actual), (second, f, forecast)):
        if arr.ndim > 1:
            raise CxlabValueError(
                f"{name} must be one series of numbers, got {describe(value)}"
            )
    a, f = np.atleast_1d(a), np.atleast_1d(f)
    if a.size != f.size:
        raise CxlabValueError(
            f"{first} and {second} must have the same number of intervals, got {a.size} and "
            f"{f.size}"
        )
    if a.size == 0:
        raise CxlabValueError(f"{first} and {second} are empty: there is nothing to compare")
    return a, f


def _total_calls(a: np.ndarray, measure: str) -> float:
    total = float(a.sum())
    if total <= 0:
        raise CxlabValueError(
            f"actual has no calls at all, so {measure} (a share of the calls) is undefined"
        )
    return total


def mape(actual: Any, forecast: Any, *, zero_calls: str = "exclude") -> float:
    """Mean absolute percentage error, as a fraction: ``mean(|F - A| / A)``.

    Parameters
    ----------
    actual, forecast : arrays or Series of the same length
        Calls per interval (0 or more).
    zero_calls : {"exclude", "error"}, default "exclude"
        MAPE is undefined for an interval with no calls (``A = 0``). ``"exclude"`` leaves
        such intervals out; ``"error"`` refuses them with a CxlabValueError.

    Returns
    -------
    float
        0.08 means the typical interval was missed by 8% of its calls.

    Examples
    --------
    >>> round(mape([100, 50, 0], [110, 40, 3]), 4)  # (10% + 20%) / 2; the 0 is left out
    0.15
    >>> mape([100, 50, 0], [110, 40, 3], zero_calls="error")
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: actual has 1 interval(s) with no calls, where MAPE is undefined (the first at position 2); pass zero_calls="exclude" to leave them out, or use WAPE
    """  # noqa: E501
    check_choice("zero_calls", zero_calls, ("exclude", "error"))
    a, f = _pair(actual, forecast)
    zero = a == 0
    if zero.any() and zero_calls == "error":
        raise CxlabValueError(
            f"actual has {int(zero.sum())} interval(s) with no calls, where MAPE is undefined "
            f"(the first at position {int(np.flatnonzero(zero)[0])}); pass "
            'zero_calls="exclude" to leave them out, or use WAPE'
        )
    if zero.all():
        raise CxlabValueError(
            "actual has no interval with calls, so MAPE (a share of each interval's calls) "
            "is undefined"
        )
    keep = ~zero
    with np.errstate(over="ignore"):
        value = float(np.mean(np.abs(f[keep] - a[keep]) / a[keep]))
    if not np.isfinite(value):
        raise CxlabValueError(
            "actual has interval(s) with so few calls (a tiny fraction of a call) that MAPE "
            "grows beyond any number; round the calls to whole numbers, or use WAPE"
        )
    return value


def wape(actual: Any, forecast: Any) -> float:
    """Weighted absolute percentage error, as a fraction: ``sum|F - A| / sum A``.

    Intervals with no calls count: a forecast of 3 calls for a closed interval adds 3 calls
    of error. Undefined (an error) only if there were no calls at all.

    Examples
    --------
    >>> round(wape([100, 50, 0], [110, 40, 3]), 4)  # (10 + 10 + 3) / 150
    0.1533
    """
    a, f = _pair(actual, forecast)
    return float(np.abs(f - a).sum() / _total_calls(a, "WAPE"))


def bias(actual: Any, forecast: Any) -> float:
    """Forecast bias, as a fraction: ``sum(F - A) / sum A`` (the mean error over the mean).

    Above 0: the forecast was too high on the whole; below 0: too low.

    Examples
    --------
    >>> round(bias([100, 50, 0], [110, 40, 3]), 4)  # (10 - 10 + 3) / 150
    0.02
    """
    a, f = _pair(actual, forecast)
    return float((f - a).sum() / _total_calls(a, "bias"))


@dataclass(frozen=True)
class ForecastAccuracy:
    """Accuracy of a forecast against what happened (fractions; see the module docstring).

    Attributes
    ----------
    mape : float
        Mean absolute percentage error over the intervals with calls.
    wape : float
        All misses as a share of all calls.
    bias : float
        Total forecast minus total actual, as a share of the actual (above 0: too high).
    intervals : int
        Intervals compared.
    intervals_without_calls : int
        Intervals with no calls, left out of MAPE (WAPE and bias include them).
    actual_calls, forecast_calls : float
        Totals.
    """

    mape: float
    wape: float
    bias: float
    intervals: int
    intervals_without_calls: int
    actual_calls: float
    forecast_calls: float

    def __repr__(self) -> str:
        return (
            f"ForecastAccuracy over {self.intervals:,} intervals "
            f"({self.intervals_without_calls:,} without calls, left out of MAPE): "
            f"MAPE {self.mape:.1%}, WAPE {self.wape:.1%}, bias {self.bias:+.1%}"
        )

    def table(self) -> pd.DataFrame:
        """The three measures as a small table with plain names, in per cent."""
        return pd.DataFrame(
            {"Value (%)": [round(100 * v, 1) for v in (self.mape, self.wape, self.bias)]},
            index=pd.Index(["MAPE", "WAPE", "Bias"], name="Measure"),
        )


def forecast_accuracy(actual: Any, forecast: Any, *, zero_calls: str = "exclude"
                      ) -> ForecastAccuracy:
    """MAPE, WAPE and bias of a forecast in one result.

    Parameters
    ----------
    actual, forecast : arrays or Series of the same length
        Calls per interval (0 or more).
    zero_calls : {"exclude", "error"}, default "exclude"
        What MAPE does with intervals that had no calls (see :func:`mape`).

    Examples
    --------
    >>> forecast_accuracy([100, 50, 0], [110, 40, 3])
    ForecastAccuracy over 3 intervals (1 without calls, left out of MAPE): MAPE 15.0%, WAPE 15.3%, bias +2.0%
    """  # noqa: E501
    a, f = _pair(actual, forecast)
    return ForecastAccuracy(
        mape=mape(a, f, zero_calls=zero_calls),
        wape=wape(a, f),
        bias=bias(a, f),
        intervals=int(a.size),
        intervals_without_calls=int((a == 0).sum()),
        actual_calls=float(a.sum()),
        forecast_calls=float(f.sum()),
    )
