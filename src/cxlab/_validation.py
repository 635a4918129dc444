"""One place for argument checks and the messages they give.

Every public function in cxlab checks what it is given through these helpers, so a
participant who types a wrong value reads the same kind of message everywhere: the name of
the parameter, what is allowed, and what was received::

    target_sl must be in [0, 1], got 1.2

The helpers accept Python numbers, numpy arrays and pandas Series. Booleans, NaN and
infinity are rejected: ``True`` agents or ``nan`` seconds are always a mistake.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import numpy as np

__all__ = [
    "CxlabValueError",
    "as_float_array",
    "check_choice",
    "check_in_range",
    "check_integer",
    "check_non_negative",
    "check_positive",
    "describe",
]


class CxlabValueError(ValueError):
    """A value a user gave is outside what cxlab accepts.

    A subclass of ``ValueError`` so ordinary ``except ValueError`` code keeps working. Every
    cxlab error derives from it, and tracebacks show it under its public name.
    """


CxlabValueError.__module__ = "cxlab"


def describe(value: object) -> str:
    """Short, readable description of a value for an error message.

    >>> describe(1.2)
    '1.2'
    >>> describe("14 agents")
    "'14 agents'"
    >>> describe(np.array([1, 2, 3, 4, 5, 6, 7]))
    'array of 7 values [1, 2, 3, ...]'
    >>> describe(np.int64(0))  # a cell taken from a table reads as the number
    '0'
    """
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, np.ndarray) or _is_series(value):
        arr = np.asarray(value)
        if arr.ndim == 0:
            return describe(arr.item())
        flat = arr.ravel()
        head = ", ".join(describe(v.item() if hasattr(v, "item") else v) for v in flat[:3])
        more = ", ..." if flat.size > 3 else ""
        return f"array of {flat.size} values [{head}{more}]"
    if isinstance(value, float):
        return f"{value:g}" if math.isfinite(value) else str(value)
    return repr(value)


def _is_series(value: object) -> bool:
    return type(value).__name__ in {"Series", "Index"} and hasattr(value, "to_numpy")


def as_float_array(name: str, value: object) -> np.ndarray:
    """Convert ``value`` to a float array, or explain why it cannot be a number.

    >>> as_float_array("calls", [100, 120]).tolist()
    [100.0, 120.0]
    >>> as_float_array("calls", "many")
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: calls must be a number, got 'many'
    >>> as_float_array("calls", True)
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: calls must be a number, got True (a yes/no value)
    """
    if isinstance(value, (bool, np.bool_)):
        raise CxlabValueError(f"{name} must be a number, got {value!r} (a yes/no value)")
    if isinstance(value, (str, bytes)):
        raise CxlabValueError(f"{name} must be a number, got {describe(value)}")
    if isinstance(value, numbers.Real):
        arr = np.asarray(float(value))
    else:
        try:
            arr = np.asarray(value)
        except Exception as exc:  # pragma: no cover - exotic containers
            raise CxlabValueError(f"{name} must be a number, got {describe(value)}") from exc
        if arr.dtype == bool:
            raise CxlabValueError(f"{name} must be numbers, got yes/no values")
        if arr.dtype.kind not in "iuf":
            try:
                arr = arr.astype(float)
            except (TypeError, ValueError) as exc:
                raise CxlabValueError(
                    f"{name} must be numbers, got {describe(value)}"
                ) from exc
    arr = arr.astype(float, copy=False)
    bad = ~np.isfinite(arr)
    if bad.any():
        what = "nan (missing)" if np.isnan(arr[bad]).any() else "infinity"
        where = "" if arr.ndim == 0 else f" at position {int(np.flatnonzero(bad.ravel())[0])}"
        raise CxlabValueError(f"{name} must be a finite number, got {what}{where}")
    return arr


def _first_offender(arr: np.ndarray, mask: np.ndarray) -> str:
    if arr.ndim == 0:
        return describe(float(arr))
    idx = int(np.flatnonzero(mask.ravel())[0])
    return f"{describe(float(arr.ravel()[idx]))} at position {idx}"


def check_positive(name: str, value: object) -> np.ndarray:
    """Require every value to be a finite number above zero.

    >>> check_positive("aht_seconds", 180).item()
    180.0
    >>> check_positive("aht_seconds", 0)
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: aht_seconds must be positive (above 0), got 0
    """
    arr = as_float_array(name, value)
    mask = arr <= 0
    if mask.any():
        got = _first_offender(arr, mask)
        raise CxlabValueError(f"{name} must be positive (above 0), got {got}")
    return arr


def check_non_negative(name: str, value: object) -> np.ndarray:
    """Require every value to be a finite number of zero or more.

    >>> check_non_negative("calls", [0, 5]).tolist()
    [0.0, 5.0]
    >>> check_non_negative("calls", -3)
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: calls must be 0 or more, got -3
    """
    arr = as_float_array(name, value)
    mask = arr < 0
    if mask.any():
        raise CxlabValueError(f"{name} must be 0 or more, got {_first_offender(arr, mask)}")
    return arr


def check_in_range(
    name: str,
    value: object,
    low: float,
    high: float,
    *,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
    hint: str = "",
) -> np.ndarray:
    """Require every value to lie between ``low`` and ``high``.

    ``hint`` is appended to the message, for example to say that rates are fractions.

    >>> check_in_range("target_sl", 0.8, 0, 1).item()
    0.8
    >>> check_in_range("target_sl", 80, 0, 1, hint="write 80% as 0.8")
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: target_sl must be in [0, 1], got 80 (write 80% as 0.8)
    >>> check_in_range("shrinkage", 1, 0, 1, high_inclusive=False)
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: shrinkage must be in [0, 1), got 1
    """
    arr = as_float_array(name, value)
    too_low = arr < low if low_inclusive else arr <= low
    too_high = arr > high if high_inclusive else arr >= high
    mask = too_low | too_high
    if mask.any():
        interval = (
            ("[" if low_inclusive else "(")
            + f"{describe(float(low))}, {describe(float(high))}"
            + ("]" if high_inclusive else ")")
        )
        extra = f" ({hint})" if hint else ""
        raise CxlabValueError(
            f"{name} must be in {interval}, got {_first_offender(arr, mask)}{extra}"
        )
    return arr


def check_integer(name: str, value: object, *, minimum: int | None = None) -> np.ndarray:
    """Require whole numbers (optionally at least ``minimum``); returns an int array.

    >>> check_integer("agents", 14).item()
    14
    >>> check_integer("agents", 13.5)
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: agents must be a whole number, got 13.5
    >>> check_integer("agents", 0, minimum=1)
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: agents must be a whole number of at least 1, got 0
    """
    arr = as_float_array(name, value)
    need = "a whole number" + ("" if minimum is None else f" of at least {minimum}")
    mask = arr != np.round(arr)
    if minimum is not None:
        mask |= arr < minimum
    if mask.any():
        raise CxlabValueError(f"{name} must be {need}, got {_first_offender(arr, mask)}")
    return arr.astype(np.int64)


def check_choice(name: str, value: object, choices: Iterable[str]) -> str:
    """Require ``value`` to be one of ``choices`` (exact, case-sensitive names).

    >>> check_choice("definition", "answered", ["answered", "offered"])
    'answered'
    >>> check_choice("definition", "all", ["answered", "offered"])
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: definition must be one of 'answered', 'offered'; got 'all'
    """
    options = list(choices)
    if not isinstance(value, str) or value not in options:
        allowed = ", ".join(repr(c) for c in options)
        raise CxlabValueError(f"{name} must be one of {allowed}; got {describe(value)}")
    return value
