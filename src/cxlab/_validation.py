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
from collections.abc import Hashable, Iterable
from typing import Any, Literal, TypeAlias, cast, overload

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "CxlabFileNotFoundError",
    "CxlabTypeError",
    "CxlabValueError",
    "as_float_array",
    "check_bool",
    "check_choice",
    "check_date",
    "check_in_range",
    "check_instance",
    "check_integer",
    "check_names",
    "check_non_negative",
    "check_positive",
    "check_table",
    "describe",
]


#: What the checks give back without ``scalar=True``: the values as floats (whole numbers for
#: :func:`check_integer`), in the shape given.
FloatArray: TypeAlias = NDArray[np.float64]
IntArray: TypeAlias = NDArray[np.int64]


class CxlabValueError(ValueError):
    """A value a user gave is outside what cxlab accepts.

    A subclass of ``ValueError`` so ordinary ``except ValueError`` code keeps working. Every
    cxlab error derives from it, and tracebacks show it under its public name.
    """


CxlabValueError.__module__ = "cxlab"


class CxlabTypeError(CxlabValueError, TypeError):
    """A value of the wrong kind altogether (a number where a scorecard belongs, say).

    Derives from :class:`CxlabValueError`, so one ``except`` catches every cxlab error, and
    from ``TypeError``, the name Python gives to this kind of mistake.
    """


CxlabTypeError.__module__ = "cxlab"


class CxlabFileNotFoundError(CxlabValueError, FileNotFoundError):
    """A file a user named is not there.

    A :class:`CxlabValueError` (one ``except`` catches every cxlab error) and a
    ``FileNotFoundError``, the name Python gives to this mistake, so code that catches either
    keeps working.
    """


CxlabFileNotFoundError.__module__ = "cxlab"


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
    >>> describe(np.zeros((2, 3)))
    'a 2 by 3 array'
    """
    if isinstance(value, np.generic):
        value = value.item()
    if type(value).__name__ == "DataFrame" and hasattr(value, "columns"):
        rows, cols = cast("Any", value).shape  # a pandas DataFrame (pandas is not imported here)
        return f"a table of {rows} rows and {cols} columns"
    if isinstance(value, np.ndarray) and value.ndim == 2:
        return f"a {value.shape[0]} by {value.shape[1]} array"
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


def _single(name: str, arr: np.ndarray, value: object) -> float:
    """The one number in ``arr``, or a message saying a single number was wanted."""
    if arr.size != 1:
        raise CxlabValueError(f"{name} must be a single number, got {describe(value)}")
    return float(arr.reshape(()))


@overload
def as_float_array(name: str, value: object, *, scalar: Literal[True]) -> float: ...
@overload
def as_float_array(name: str, value: object, *, scalar: Literal[False] = ...) -> FloatArray: ...
@overload
def as_float_array(name: str, value: object, *, scalar: bool) -> float | FloatArray: ...


def as_float_array(name: str, value: object, *, scalar: bool = False) -> float | FloatArray:
    """Convert ``value`` to a float array, or explain why it cannot be a number.

    With ``scalar=True`` the value must be one number and a Python ``float`` comes back; this
    (or the same keyword of the ``check_*`` helpers) is how options such as
    ``threshold_seconds`` refuse a list or a table.

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
    >>> as_float_array("threshold_seconds", [], scalar=True)
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: threshold_seconds must be a single number, got []
    """
    if isinstance(value, (bool, np.bool_)):
        raise CxlabValueError(f"{name} must be a number, got {value!r} (a yes/no value)")
    if isinstance(value, (str, bytes)):
        raise CxlabValueError(f"{name} must be a number, got {describe(value)}")
    if value is None or isinstance(value, (dict, set)):
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
    return _single(name, arr, value) if scalar else arr


def _first_offender(arr: np.ndarray, mask: np.ndarray) -> str:
    if arr.ndim == 0:
        return describe(float(arr))
    idx = int(np.flatnonzero(mask.ravel())[0])
    return f"{describe(float(arr.ravel()[idx]))} at position {idx}"


@overload
def check_positive(name: str, value: object, *, scalar: Literal[True]) -> float: ...
@overload
def check_positive(name: str, value: object, *, scalar: Literal[False] = ...) -> FloatArray: ...
@overload
def check_positive(name: str, value: object, *, scalar: bool) -> float | FloatArray: ...


def check_positive(name: str, value: object, *, scalar: bool = False) -> float | FloatArray:
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
    return _single(name, arr, value) if scalar else arr


@overload
def check_non_negative(name: str, value: object, *, scalar: Literal[True]) -> float: ...
@overload
def check_non_negative(name: str, value: object, *, scalar: Literal[False] = ...) -> FloatArray: ...
@overload
def check_non_negative(name: str, value: object, *, scalar: bool) -> float | FloatArray: ...


def check_non_negative(name: str, value: object, *, scalar: bool = False) -> float | FloatArray:
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
    return _single(name, arr, value) if scalar else arr


@overload
def check_in_range(
    name: str, value: object, low: float, high: float, *, low_inclusive: bool = ...,
    high_inclusive: bool = ..., hint: str = ..., scalar: Literal[True]
) -> float: ...
@overload
def check_in_range(
    name: str, value: object, low: float, high: float, *, low_inclusive: bool = ...,
    high_inclusive: bool = ..., hint: str = ..., scalar: Literal[False] = ...
) -> FloatArray: ...
@overload
def check_in_range(
    name: str, value: object, low: float, high: float, *, low_inclusive: bool = ...,
    high_inclusive: bool = ..., hint: str = ..., scalar: bool
) -> float | FloatArray: ...


def check_in_range(
    name: str,
    value: object,
    low: float,
    high: float,
    *,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
    hint: str = "",
    scalar: bool = False,
) -> float | FloatArray:
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
    return _single(name, arr, value) if scalar else arr


@overload
def check_integer(
    name: str, value: object, *, minimum: int | None = ..., maximum: int | None = ...,
    scalar: Literal[True]
) -> int: ...
@overload
def check_integer(
    name: str, value: object, *, minimum: int | None = ..., maximum: int | None = ...,
    scalar: Literal[False] = ...
) -> IntArray: ...
@overload
def check_integer(
    name: str, value: object, *, minimum: int | None = ..., maximum: int | None = ...,
    scalar: bool
) -> int | IntArray: ...


def check_integer(
    name: str,
    value: object,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    scalar: bool = False,
) -> int | IntArray:
    """Require whole numbers (optionally at least ``minimum``, at most ``maximum``).

    Returns an int array, or a Python ``int`` with ``scalar=True``. ``maximum`` bounds sizes
    (weeks, replications, agents) so a slip such as ``10**9`` is refused at once instead of
    running for hours.

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
    >>> check_integer("weeks", 10**9, minimum=1, maximum=520)
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: weeks must be a whole number of at least 1 and at most 520, got 1e+09
    """
    arr = as_float_array(name, value)
    if minimum is not None and maximum is not None:
        need = f"a whole number of at least {minimum} and at most {maximum}"
    elif maximum is not None:
        need = f"a whole number of at most {maximum}"
    else:
        need = "a whole number" + ("" if minimum is None else f" of at least {minimum}")
    mask = arr != np.round(arr)
    if minimum is not None:
        mask |= arr < minimum
    if maximum is not None:
        mask |= arr > maximum
    if mask.any():
        raise CxlabValueError(f"{name} must be {need}, got {_first_offender(arr, mask)}")
    return int(_single(name, arr, value)) if scalar else arr.astype(np.int64)


def check_instance(name: str, value: object, kind: type | tuple[type, ...], what: str) -> Any:
    """Require ``value`` to be a ``kind`` (described to the reader as ``what``).

    >>> check_instance("scorecard", "card.yml", dict, "a scorecard (see load_scorecard)")
    Traceback (most recent call last):
    ...
    cxlab.CxlabTypeError: scorecard must be a scorecard (see load_scorecard), got 'card.yml'
    """
    if not isinstance(value, kind):
        raise CxlabTypeError(f"{name} must be {what}, got {describe(value)}")
    return value


def check_names(name: str, value: object, *, what: str = "names") -> list[str]:
    """Require a list (or tuple or set) of text ``what``; a single text counts as a list of one.

    >>> check_names("teams", ("Billing", "Field"))
    ['Billing', 'Field']
    >>> check_names("teams", 3, what="team names")
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: teams must be a list of team names, got 3
    """
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple, set, frozenset)) and all(
        isinstance(v, str) for v in value
    ):
        return list(value)
    if _is_series(value) or isinstance(value, np.ndarray):
        items = list(np.asarray(value).ravel())
        if all(isinstance(v, str) for v in items):
            return items
    raise CxlabValueError(f"{name} must be a list of {what}, got {describe(value)}")


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


def check_bool(name: str, value: object) -> bool:
    """Require ``True`` or ``False`` (a numpy yes/no value counts too).

    >>> check_bool("include_done", True)
    True
    >>> check_bool("include_done", "yes")
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: include_done must be True or False, got 'yes'
    """
    if not isinstance(value, (bool, np.bool_)):
        raise CxlabValueError(f"{name} must be True or False, got {describe(value)}")
    return bool(value)


def check_date(name: str, value: object, *, example: str = "2027-01-31") -> Any:
    """Require one date: a ``datetime.date``, a pandas ``Timestamp`` or text pandas reads.

    Returns a pandas ``Timestamp``. A number is refused (``0`` would read as 1 January 1970),
    and so are a blank (``None``, ``nan``) and a list or table.

    >>> check_date("as_of", "2027-07-31")
    Timestamp('2027-07-31 00:00:00')
    >>> check_date("as_of", "next week")
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: as_of must be a date such as '2027-01-31', got 'next week'
    >>> check_date("start", None, example="2028-01-01")
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: start must be a date such as '2028-01-01', got None
    """
    import datetime as dt
    import warnings

    import pandas as pd

    stamp: Any = pd.NaT
    if isinstance(value, (str, dt.date, np.datetime64)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # pandas' guesses about a date's format
                stamp = pd.Timestamp(value)
        except (TypeError, ValueError, OverflowError):
            stamp = pd.NaT
    if pd.isna(stamp):
        raise CxlabValueError(f"{name} must be a date such as {example!r}, got {describe(value)}")
    return stamp


def check_table(name: str, value: object, *, min_rows: int = 1) -> Any:
    """Require a table: a DataFrame, a 2-D numpy array or a list of rows; returns a DataFrame.

    Whatever takes a table takes all three alike; arrays and lists get columns 0, 1, 2, ...

    >>> check_table("rankings", [[1, 2, 3], [2, 1, 3]]).shape
    (2, 3)
    >>> check_table("rankings", np.arange(6).reshape(2, 3)).shape
    (2, 3)
    >>> check_table("rankings", 5)
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: rankings must be a table (a DataFrame, a 2-D array or a list of \
rows), got 5
    """
    import pandas as pd

    wanted = f"{name} must be a table (a DataFrame, a 2-D array or a list of rows)"
    if isinstance(value, pd.DataFrame):
        table = value
    elif isinstance(value, np.ndarray) and value.ndim == 2:
        table = pd.DataFrame(value)
    elif (
        isinstance(value, (list, tuple))
        and value
        and all(isinstance(row, (list, tuple, np.ndarray)) for row in value)
    ):
        lengths = {len(row) for row in value}
        if len(lengths) != 1:
            raise CxlabValueError(
                f"{wanted}, got rows of different lengths {sorted(lengths)}"
            )
        table = pd.DataFrame([list(row) for row in value])
    else:
        raise CxlabValueError(f"{wanted}, got {describe(value)}")
    if len(table) < min_rows:
        need = "a non-empty table" if min_rows == 1 else f"a table of at least {min_rows} rows"
        raise CxlabValueError(f"{name} must be {need}, got {describe(table)}")
    return table


def check_column(name: str, value: object, table: Any, table_name: str) -> str:
    """Require ``value`` to name a column of ``table`` (called ``table_name`` in the message).

    >>> import pandas as pd
    >>> check_column("outcome", "nps", pd.DataFrame({"csat": [5]}), "evaluations")
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: evaluations has no column 'nps' for outcome; its columns are 'csat'
    """
    columns = list(getattr(table, "columns", []))
    # An unhashable value (a list, an array, a table) is never a column name.
    found = isinstance(value, Hashable) and value in columns
    if isinstance(value, bool) or not found:
        listed = ", ".join(repr(c) for c in columns[:12]) + (", ..." if len(columns) > 12 else "")
        raise CxlabValueError(
            f"{table_name} has no column {describe(value)} for {name}; its columns are {listed}"
        )
    return value  # type: ignore[return-value]
