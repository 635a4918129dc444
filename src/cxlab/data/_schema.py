"""The schema engine behind every data loader: columns, row rules, and a forgiving CSV reader.

A :class:`Schema` names the columns a kind of data must have (type, whether required, the
range or values allowed) and the rules each row must follow; :func:`parse` reads CSV text
against it and reports every problem at once, each with the row number a spreadsheet shows
(the header is row 1) and the column at fault.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from cxlab._validation import CxlabFileNotFoundError, CxlabValueError, describe

__all__ = ["MAX_ROWS_SHOWN", "Column", "DataValidationError", "RowRule", "Schema", "parse",
           "read_text"]

ColumnType = Literal["int", "float", "datetime", "date", "text"]

#: How many offending rows an error message shows before saying how many there are in all.
MAX_ROWS_SHOWN = 5


class DataValidationError(CxlabValueError):
    """A data file does not have the columns or values cxlab needs.

    The message lists every problem found; ``problems`` holds them one per item.
    """

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems or (message,)


@dataclass(frozen=True)
class Column:
    """One column of a data schema.

    Parameters
    ----------
    name : str
        Column name, lower case, as the loader returns it.
    dtype : {"int", "float", "datetime"}
        ``"int"`` for counts (whole numbers), ``"float"`` for measures, ``"datetime"`` for
        interval starts written ``YYYY-MM-DD HH:MM``.
    required : bool, default True
        Whether a file must have this column.
    non_negative : bool, default True
        Whether values below 0 are rejected.
    allow_blank : bool, default False
        Whether an empty cell is accepted (read as missing, ``NaN``).
    description : str
        One line saying what the column holds.
    minimum, maximum : float or None, default None
        The allowed range of a number (both ends allowed); None for no bound.
    choices : tuple of str, default ()
        The values a ``"text"`` column may hold; empty for any text.

    ``dtype`` may also be ``"date"`` (a day written ``YYYY-MM-DD``, read as a date-time at
    midnight) or ``"text"`` (kept as written).
    """

    name: str
    dtype: ColumnType
    required: bool = True
    non_negative: bool = True
    allow_blank: bool = False
    description: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowRule:
    """Within each row, the sum of ``parts`` must be at most ``whole``.

    The rule is checked only when all its columns are in the file.
    """

    parts: tuple[str, ...]
    whole: str

    def __str__(self) -> str:
        return f"{' + '.join(self.parts)} must be at most {self.whole}"


@dataclass(frozen=True)
class Schema:
    """The columns one kind of data must have, and the rules each row must follow.

    Examples
    --------
    >>> from cxlab.data import SCHEMAS
    >>> schema = SCHEMAS["voice_intervals"]
    >>> schema.required
    ('interval_start', 'offered', 'answered', 'abandoned', 'answered_within_20s', 'aht_seconds')
    >>> print(schema.rules[0])
    answered + abandoned must be at most offered
    """

    kind: str
    columns: tuple[Column, ...]
    rules: tuple[RowRule, ...] = ()
    row: str = "interval"

    @property
    def required(self) -> tuple[str, ...]:
        """Names of the columns a file must have."""
        return tuple(c.name for c in self.columns if c.required)

    @property
    def optional(self) -> tuple[str, ...]:
        """Names of the columns that are checked when present."""
        return tuple(c.name for c in self.columns if not c.required)

    def describe(self) -> str:
        """One line per column: name, type, required or optional, meaning.

        >>> from cxlab.data import SCHEMAS
        >>> print(SCHEMAS["voice_intervals"].describe())  # doctest: +NORMALIZE_WHITESPACE
        voice_intervals: one row per interval
        interval_start        date and time  required  interval start, e.g. 2026-03-02 08:30
        offered               whole number   required  calls that reached the queue
        answered              whole number   required  calls an agent answered
        abandoned             whole number   required  callers who hung up before being answered
        answered_within_20s   whole number   required  calls answered within 20 s
        aht_seconds           number         required  mean handle time (blank if none answered)
        abandoned_within_20s  whole number   optional  callers who hung up within 20 s
        agents_staffed        whole number   optional  agents on the phones
        forecast_calls        number         optional  calls forecast
        forecast_aht_seconds  number         optional  average handle time forecast
        agents_planned        whole number   optional  agents the staffing plan asked for
        """
        kinds = {"int": "whole number", "float": "number", "datetime": "date and time",
                 "date": "date", "text": "text"}
        width = max(len(c.name) for c in self.columns) + 2
        lines = [f"{self.kind}: one row per {self.row}"]
        for c in self.columns:
            need = "required" if c.required else "optional"
            lines.append(f"{c.name:<{width}}{kinds[c.dtype]:<15}{need:<10}{c.description}")
        return "\n".join(lines)


def read_text(path_or_buffer: object) -> tuple[str, str | None]:
    """Return the text of the file and a name for it in messages (None for unnamed buffers)."""
    source: str | None
    if isinstance(path_or_buffer, (str, os.PathLike)):
        path = Path(path_or_buffer).expanduser()
        source = str(path_or_buffer)
        if not path.exists():
            raise CxlabFileNotFoundError(
                f"path_or_buffer must name an existing file; there is no file {source!r} "
                f"(looked for {path.resolve()}); check the name and the folder: relative "
                f"names start from {Path.cwd()}"
            )
        if path.is_dir():
            raise DataValidationError(f"{source} is a folder, not a CSV file")
        data: str | bytes = path.read_bytes()
    elif hasattr(path_or_buffer, "read"):
        name = getattr(path_or_buffer, "name", None)
        source = str(name) if isinstance(name, (str, os.PathLike)) else None
        data = path_or_buffer.read()
    else:
        raise CxlabValueError(
            f"path_or_buffer must be a file name or an open file, got {describe(path_or_buffer)}"
        )
    if isinstance(data, bytes):
        if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
            raise DataValidationError(
                f"{_label(source)} looks like an Excel workbook, not a CSV file: in Excel use "
                "File > Save As > CSV UTF-8 (comma delimited) and load that file"
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    elif isinstance(data, str):
        text = data
    else:
        raise CxlabValueError(f"path_or_buffer must give text or bytes, got {describe(data)}")
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise DataValidationError(
            f"{_label(source)} is empty: expected a header row with the column names, then one "
            "row per interval"
        )
    return text, source


def _label(source: str | None) -> str:
    return source if source is not None else "The data"


def _separator(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    if "," not in header:
        for candidate in (";", "\t"):
            if candidate in header:
                return candidate
    return ","


def _key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _where(items: list[tuple[str, int]]) -> str:
    """'got A in row 3, B in row 7 and 12 more rows (14 in total)'."""
    shown = [f"{value} in row {row}" for value, row in items[:MAX_ROWS_SHOWN]]
    more = len(items) - len(shown)
    if more:
        rows = "row" if more == 1 else "rows"
        return f"got {', '.join(shown)} and {more} more {rows} ({len(items)} in total)"
    if len(shown) == 1:
        return f"got {shown[0]}"
    return f"got {', '.join(shown[:-1])} and {shown[-1]}"


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _cell_text(cell: str) -> str:
    return "an empty cell" if cell == "" else describe(cell)


def parse(text: str, schema: Schema, *, source: str | None) -> pd.DataFrame:
    """Read CSV ``text`` against ``schema``; raise one :class:`DataValidationError` naming
    every problem by column and spreadsheet row (``source`` names the file in messages)."""
    label = _label(source)
    body = text.lstrip(" \t\r\n")  # pandas cannot start a file at a blank line
    lines_skipped = text[: len(text) - len(body)].count("\n")
    text = body
    sep = _separator(text)
    try:
        raw = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        fields = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if fields:
            expected, line, saw = fields.groups()
            raise DataValidationError(
                f"{label} could not be read as a CSV file: row {line} has {saw} values but "
                f"the first row has {expected} (a comma inside a value, or a missing column "
                "name?)"
            ) from exc
        raise DataValidationError(f"{label} could not be read as a CSV file: {exc}") from exc
    except pd.errors.EmptyDataError as exc:
        raise DataValidationError(f"{label} is empty: expected a header row") from exc
    raw = raw.fillna("").apply(lambda col: col.str.strip())
    non_blank = (raw != "").any(axis=1).to_numpy()
    if not non_blank.any():
        raise DataValidationError(f"{label} has no column names and no data, only empty cells")
    header_at = int(np.flatnonzero(non_blank)[0])
    headers = [str(h).lstrip("\ufeff").strip() for h in raw.iloc[header_at]]
    rows = np.flatnonzero(non_blank[header_at + 1 :]) + header_at + 1
    data = raw.iloc[rows]
    row_numbers = rows + 1 + lines_skipped  # as in a spreadsheet: the first line is row 1

    # Which file column holds each schema column.
    positions: dict[str, int] = {}
    problems: list[str] = []
    known = {_key(c.name): c.name for c in schema.columns}
    for position, header in enumerate(headers):
        key = known.get(_key(header), "")
        if key:
            if key in positions:
                first = headers[positions[key]]
                problems.append(
                    f"column {key} must appear once, got it twice ({first!r} in column "
                    f"{positions[key] + 1} and {header!r} in column {position + 1})"
                )
            else:
                positions[key] = position
    missing = [name for name in schema.required if name not in positions]
    if missing:
        found = ", ".join(repr(h) for h in headers if h) or "no column names"
        message = (
            f"{label} is missing {len(missing)} required column"
            f"{'' if len(missing) == 1 else 's'}: {', '.join(missing)}. "
            f"{schema.kind} data must have the columns {', '.join(schema.required)}"
            + (f" (optional: {', '.join(schema.optional)})" if schema.optional else "")
            + f"; the file has {found}"
        )
        if len(headers) == 1 and any(ch in headers[0] for ch in ";\t|"):
            message += ". The values seem to be separated by something other than commas"
        raise DataValidationError(message, tuple(problems) + (message,))
    if problems:
        raise _problems_error(source, problems)
    if data.empty:
        raise DataValidationError(f"{label} has column names but no rows of data")

    columns: dict[str, pd.Series] = {}
    for column in schema.columns:
        if column.name in positions:
            cells = data.iloc[:, positions[column.name]]
            columns[column.name] = _convert(column, cells, row_numbers, problems)

    for rule in schema.rules:
        if all(name in columns for name in (*rule.parts, rule.whole)):
            total = sum(columns[name].to_numpy(dtype=float) for name in rule.parts)
            whole = columns[rule.whole].to_numpy(dtype=float)
            bad = np.flatnonzero(total > whole)  # rows with unreadable cells compare False
            if bad.size:
                items = []
                for i in bad:
                    parts = [_number_text(columns[name].iloc[i]) for name in rule.parts]
                    value = " + ".join(parts)
                    if len(parts) > 1:
                        value += f" = {_number_text(total[i])}"
                    items.append((f"{value} > {_number_text(whole[i])}", int(row_numbers[i])))
                problems.append(f"{rule}, {_where(items)}")

    if problems:
        raise _problems_error(source, problems)

    extra_positions = [p for p in range(len(headers)) if p not in positions.values()]
    extras = _read_extras(text, sep, len(raw), header_at, rows, extra_positions)
    result: dict[str, pd.Series] = {}
    for position, header in enumerate(headers):
        key = known.get(_key(header), "")
        if key and positions.get(key) == position:
            series = columns[key]
            if _column(schema, key).dtype == "int":
                series = series.astype(np.int64)
            result[key] = series
            continue
        values = extras[position]
        if not header and values.isna().all():
            continue  # an unnamed, empty column, e.g. from trailing commas
        name = base = header or f"Unnamed: {position}"
        suffix = 1
        while name in result or name in positions:
            name, suffix = f"{base}.{suffix}", suffix + 1
        result[name] = values
    return pd.DataFrame(result)


def _column(schema: Schema, name: str) -> Column:
    return next(c for c in schema.columns if c.name == name)


def _read_extras(
    text: str, sep: str, raw_rows: int, header_at: int, rows: np.ndarray, positions: list[int]
) -> dict[int, pd.Series]:
    """Columns the schema does not know, with the types pandas would give them.

    ``raw_rows`` is how many rows the first reading found; ``rows`` are the ones kept.
    """
    if not positions:
        return {}
    options = {"sep": sep, "header": None, "usecols": positions}
    lines = text.splitlines()
    if len(lines) == raw_rows:
        # One line per row: read only the kept rows, so that blank lines do not make
        # whole numbers floats.
        frame = pd.read_csv(io.StringIO("\n".join(lines[i] for i in rows)), **options)
    else:  # a value spans several lines
        frame = pd.read_csv(
            io.StringIO(text), skip_blank_lines=False, skiprows=header_at + 1, **options
        )
        frame = frame.iloc[rows - header_at - 1].reset_index(drop=True)
    return {p: frame[p].rename(None) for p in positions}


def _convert(
    column: Column, cells: pd.Series, row_numbers: np.ndarray, problems: list[str]
) -> pd.Series:
    """Parse one column of stripped text cells; append a line to ``problems`` per kind of fault."""
    cells = cells.reset_index(drop=True)
    blank = (cells == "").to_numpy()
    if column.dtype == "text":
        return _convert_text(column, cells, blank, row_numbers, problems)
    if column.dtype in ("datetime", "date"):
        try:
            values = pd.to_datetime(cells, format="ISO8601", errors="coerce")
            if values.dt.tz is not None:
                values = values.dt.tz_localize(None)  # keep the clock time as written
        except (ValueError, TypeError):  # offsets that differ, e.g. across a clock change
            values = pd.to_datetime(pd.Series([_one_datetime(cell) for cell in cells]))
        bad = values.isna().to_numpy() & ~(blank & column.allow_blank)
        if bad.any():
            items = [(_cell_text(cells[i]), int(row_numbers[i])) for i in np.flatnonzero(bad)]
            written = (
                "a date written like 2026-03-02" if column.dtype == "date"
                else "a date and time written like 2026-03-02 08:30"
            )
            problems.append(f"{column.name} must be {written}, {_where(items)}")
        return values.rename(column.name)

    numbers = pd.to_numeric(cells, errors="coerce").to_numpy(dtype=float)
    not_number = ~np.isfinite(numbers) & ~(blank & column.allow_blank)
    if not_number.any():
        items = [(_cell_text(cells[i]), int(row_numbers[i])) for i in np.flatnonzero(not_number)]
        need = "a whole number" if column.dtype == "int" else "a number"
        hint = ""
        if any(re.search(r"\d", cells[i]) for i in np.flatnonzero(not_number)):
            hint = " (write plain numbers such as 1234 or 285.5, without separators or units)"
        problems.append(f"{column.name} must be {need}, {_where(items)}{hint}")
    numbers = np.where(not_number, np.nan, numbers)
    negative = numbers < 0 if column.non_negative else np.zeros(numbers.shape, dtype=bool)
    if negative.any():
        items = [(_number_text(numbers[i]), int(row_numbers[i])) for i in np.flatnonzero(negative)]
        problems.append(f"{column.name} must be 0 or more, {_where(items)}")
    fractional = np.zeros(numbers.shape, dtype=bool)
    if column.dtype == "int":
        fractional = np.isfinite(numbers) & (numbers != np.round(numbers))
        if fractional.any():
            items = [
                (_number_text(numbers[i]), int(row_numbers[i])) for i in np.flatnonzero(fractional)
            ]
            problems.append(f"{column.name} must be a whole number, {_where(items)}")
    outside = _outside(column, numbers, row_numbers, problems)
    # Faulty cells become NaN so that the row rules skip them.
    numbers = np.where(negative | fractional | outside, np.nan, numbers)
    return pd.Series(numbers, name=column.name)


def _outside(
    column: Column, numbers: np.ndarray, row_numbers: np.ndarray, problems: list[str]
) -> np.ndarray:
    """Cells outside the column's allowed range (NaN cells are never outside)."""
    low = -np.inf if column.minimum is None else column.minimum
    high = np.inf if column.maximum is None else column.maximum
    with np.errstate(invalid="ignore"):
        outside = (numbers < low) | (numbers > high)
    if outside.any():
        items = [(_number_text(numbers[i]), int(row_numbers[i])) for i in np.flatnonzero(outside)]
        if column.minimum is not None and column.maximum is not None:
            allowed = (f"between {_number_text(column.minimum)} and "
                       f"{_number_text(column.maximum)}")
        elif column.minimum is not None:
            allowed = f"{_number_text(column.minimum)} or more"
        elif column.maximum is not None:
            allowed = f"{_number_text(column.maximum)} or less"
        else:  # pragma: no cover - no bound, nothing is outside
            allowed = "a number"
        problems.append(f"{column.name} must be {allowed}, {_where(items)}")
    return outside


def _convert_text(
    column: Column, cells: pd.Series, blank: np.ndarray, row_numbers: np.ndarray,
    problems: list[str],
) -> pd.Series:
    """Text cells as written: check blanks and, if the column has them, the allowed values."""
    empty = blank & ~column.allow_blank
    if empty.any():
        items = [("an empty cell", int(row_numbers[i])) for i in np.flatnonzero(empty)]
        problems.append(f"{column.name} must not be empty, {_where(items)}")
    if column.choices:
        wrong = ~cells.isin(column.choices).to_numpy() & ~blank
        if wrong.any():
            items = [(_cell_text(cells[i]), int(row_numbers[i])) for i in np.flatnonzero(wrong)]
            allowed = ", ".join(repr(c) for c in column.choices)
            problems.append(f"{column.name} must be one of {allowed}, {_where(items)}")
    return cells.rename(column.name)


def _one_datetime(cell: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(pd.to_datetime(cell, format="ISO8601"))
    except (ValueError, TypeError):
        return pd.NaT
    return stamp.tz_localize(None) if stamp.tzinfo is not None else stamp


def _problems_error(source: str | None, problems: list[str]) -> DataValidationError:
    if len(problems) == 1:
        prefix = f"{source}: " if source is not None else ""
        return DataValidationError(prefix + problems[0], tuple(problems))
    head = f"{source} has" if source is not None else "The data has"
    lines = "\n".join(f"- {p}" for p in problems)
    return DataValidationError(f"{head} {len(problems)} problems:\n{lines}", tuple(problems))
