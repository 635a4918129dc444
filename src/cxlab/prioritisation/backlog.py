"""The CX initiative backlog as data: one row per initiative, checked on load.

Columns (a CSV file or a DataFrame; header names are matched case-insensitively):

=================  ========  =============================================================
column             type      meaning
=================  ========  =============================================================
code               text      short unique id, e.g. ``CX-07``
title              text      what will be done
domain             text      where it lands: Digital, Contact centre, Billing, ...
customer_benefit   1 to 5    how much customers will feel it (5 = removes a major pain)
business_benefit   1 to 5    savings, revenue or risk reduction for the business
cost               >= 0      one-off spend in thousands (licences, suppliers)
effort             > 0       work in person-weeks of the organisation's own people
risk               1 to 5    delivery risk (1 = done it before, 5 = never tried)
dependencies       codes     initiatives that must come first, separated by ``;`` (or blank)
owner              text      the person accountable (a name or role)
status             choice    idea, approved, in progress, done, on hold
=================  ========  =============================================================

Optional columns are kept as they are (for example ``source``: the journey finding behind
the initiative, or ``pain_point`` for a change request).

>>> backlog = load_backlog()
>>> backlog.loc["CX-01", "title"]
'Send a plain-language first bill explainer'
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import IO

import pandas as pd

from .._validation import (
    CxlabFileNotFoundError,
    CxlabValueError,
    check_instance,
    check_names,
    describe,
)
from ..data.registry import dataset_text

__all__ = ["BACKLOG_COLUMNS", "STATUSES", "BacklogError", "load_backlog", "validate_backlog"]

#: Required columns, in the order :func:`validate_backlog` returns them.
BACKLOG_COLUMNS = ("code", "title", "domain", "customer_benefit", "business_benefit", "cost",
                   "effort", "risk", "dependencies", "owner", "status")
#: Allowed statuses, in the order work moves through them (``on hold`` is set aside).
STATUSES = ("idea", "approved", "in progress", "done", "on hold")
_SCALES = {"customer_benefit": (1, 5), "business_benefit": (1, 5), "risk": (1, 5)}
_TEXT = ("code", "title", "domain", "owner")
MAX_SHOWN = 5


class BacklogError(CxlabValueError):
    """A backlog has missing columns or values out of range; ``problems`` lists them all."""

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:MAX_SHOWN]
        more = f"\n  ... and {len(problems) - MAX_SHOWN} more" if len(problems) > MAX_SHOWN else ""
        super().__init__("the backlog has problems:\n  " + "\n  ".join(shown) + more)
        self.problems = tuple(problems)


def _split_codes(value: object) -> tuple[str, ...]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return tuple(part.strip() for part in str(value).replace(",", ";").split(";")
                 if part.strip())


def validate_backlog(backlog: pd.DataFrame, *, name: str = "backlog",
                     blank_ok: tuple[str, ...] = (),
                     known_codes: object = ()) -> pd.DataFrame:
    """Check a backlog table and return a clean copy indexed by ``code``.

    Rows are reported as a spreadsheet shows them (the header is row 1), so "row 5" is the
    fifth line of the file. ``dependencies`` becomes a tuple of codes per initiative.
    ``blank_ok`` names text columns that may be blank (a change request's owner, say);
    ``known_codes`` are codes outside this table that dependencies may name (the backlog a
    change request builds on).

    Raises
    ------
    BacklogError
        Listing every missing column, blank or out-of-range value, duplicate code, unknown
        status and dependency on a code that is not in the backlog.
    """
    if not isinstance(backlog, pd.DataFrame):
        raise CxlabValueError(f"{name} must be a table (DataFrame) of initiatives, got "
                              f"{describe(backlog)}")
    table = backlog.reset_index() if backlog.index.name == "code" else backlog.copy()
    table.columns = [str(c).strip().lower().replace(" ", "_") for c in table.columns]
    missing = [c for c in BACKLOG_COLUMNS if c not in table.columns]
    if missing:
        raise BacklogError([f"missing column{'s' if len(missing) > 1 else ''}: "
                            + ", ".join(missing)
                            + f" (a {name} needs: {', '.join(BACKLOG_COLUMNS)})"])
    if table.empty:
        raise BacklogError([f"the {name} has no initiatives (no rows under the header)"])
    problems: list[str] = []
    rows = range(2, len(table) + 2)  # spreadsheet rows: the header is row 1

    for column in _TEXT:
        text = table[column].astype("string").str.strip()
        for row, value in zip(rows, text, strict=True):
            if (pd.isna(value) or value == "") and column not in blank_ok:
                problems.append(f"row {row}: {column} is blank")
        table[column] = text.fillna("")
    for column in ("customer_benefit", "business_benefit", "risk", "cost", "effort"):
        numbers = pd.to_numeric(table[column], errors="coerce")
        for row, raw, value in zip(rows, table[column], numbers, strict=True):
            if pd.isna(value):
                problems.append(f"row {row}: {column} must be a number, got {describe(raw)}")
            elif column in _SCALES:
                low, high = _SCALES[column]
                if not (low <= value <= high) or value != int(value):
                    problems.append(f"row {row}: {column} must be a whole number from {low} to "
                                    f"{high}, got {describe(raw)}")
            elif column == "cost" and value < 0:
                problems.append(f"row {row}: cost must be 0 or more (thousands), got "
                                f"{describe(raw)}")
            elif column == "effort" and value <= 0:
                problems.append(f"row {row}: effort must be above 0 person-weeks, got "
                                f"{describe(raw)}")
        table[column] = numbers
    status = table["status"].astype("string").str.strip().str.lower()
    for row, raw, value in zip(rows, table["status"], status, strict=True):
        if pd.isna(value) or value not in STATUSES:
            problems.append(f"row {row}: status must be one of {', '.join(STATUSES)}; got "
                            f"{describe(raw)}")
    table["status"] = status
    seen: dict[str, int] = {}
    for row, code in zip(rows, table["code"], strict=True):
        if pd.isna(code) or code == "":
            continue
        if code in seen:
            problems.append(f"row {row}: code {code!r} is already used in row {seen[code]}")
        else:
            seen[code] = row
    table["dependencies"] = [_split_codes(v) for v in table["dependencies"]]
    outside = set(check_names("known_codes", known_codes, what="initiative codes"))
    for row, code, deps in zip(rows, table["code"], table["dependencies"], strict=True):
        for dep in deps:
            if dep == code:
                problems.append(f"row {row}: {code!r} depends on itself")
            elif dep not in seen and dep not in outside:
                problems.append(f"row {row}: {code!r} depends on {dep!r}, which is not in the "
                                f"{name}")
    if problems:
        raise BacklogError(problems)
    for column in ("customer_benefit", "business_benefit", "risk"):
        table[column] = table[column].astype(int)
    table["code"] = table["code"].astype(str)
    ordered = list(BACKLOG_COLUMNS) + [c for c in table.columns if c not in BACKLOG_COLUMNS]
    return table[ordered].set_index("code")


def load_backlog(path: str | os.PathLike | IO[str] | None = None) -> pd.DataFrame:
    """Read and check a backlog CSV file; without ``path``, the sample broadband backlog.

    The sample (``cx_backlog.csv``) holds the initiatives a broadband provider's CX team
    drew from its journey map (module 05): see the ``source`` column.

    Raises
    ------
    FileNotFoundError (a cxlab.CxlabValueError too)
        If there is no such file (the message says where it looked).
    BacklogError
        If columns are missing or values are out of range (every problem, by row).
    """
    if path is None:
        source: str | IO[str] = io.StringIO(dataset_text("cx_backlog"))
        name = "backlog"
    elif hasattr(path, "read"):
        source, name = path, "backlog"  # type: ignore[assignment]
    else:
        check_instance("path", path, (str, os.PathLike),
                       "the name of a backlog CSV file, such as 'my_backlog.csv'")
        p = Path(path).expanduser()
        if not p.exists():
            raise CxlabFileNotFoundError(
                f"path must name an existing file; there is no file {str(path)!r} (looked for "
                f"{p.resolve()}); check the name and the folder: relative names start from "
                f"{Path.cwd()}")
        if p.is_dir():
            raise CxlabValueError(f"path {str(path)!r} is a folder, not a backlog CSV file")
        source, name = str(p), f"backlog file {p.name!r}"
    try:
        raw = pd.read_csv(source, dtype=str, keep_default_na=False, na_values=[""],
                          skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise CxlabValueError(f"cannot read the {name} as CSV: {exc}") from exc
    return validate_backlog(raw, name=name)
