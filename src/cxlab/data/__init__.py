"""Sample data sets shipped with cxlab, and a loader that checks your own interval data.

The sample data are synthetic but realistic; ``python -m cxlab.data.generate`` rebuilds them
and its module docstring explains how every column is made.

>>> "voice_week" in list_datasets()
True
>>> week = load("voice_week")
>>> week.shape
(148, 10)

Your own data, exported from your phone system or workforce-management tool as a CSV file,
is read with :func:`load_csv`, which says in plain words what is wrong with a file, with the
row numbers you see in a spreadsheet (the header is row 1).

For module 03 (quality monitoring), :func:`load_scorecard` returns the voice QA scorecard the
``qa_evaluations`` and ``qa_calibration`` data sets are scored with.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import IO, TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from cxlab._validation import CxlabValueError, check_choice, describe

if TYPE_CHECKING:
    from cxlab.coaching.scorecard import Scorecard

__all__ = [
    "DATASETS",
    "SCHEMAS",
    "Column",
    "DataValidationError",
    "RowRule",
    "Schema",
    "describe_dataset",
    "list_datasets",
    "load",
    "load_csv",
    "load_scorecard",
]

ColumnType = Literal["int", "float", "datetime"]

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
    """

    name: str
    dtype: ColumnType
    required: bool = True
    non_negative: bool = True
    allow_blank: bool = False
    description: str = ""


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
    >>> schema = SCHEMAS["voice_intervals"]
    >>> schema.required
    ('interval_start', 'offered', 'answered', 'abandoned', 'answered_within_20s', 'aht_seconds')
    >>> print(schema.rules[0])
    answered + abandoned must be at most offered
    """

    kind: str
    columns: tuple[Column, ...]
    rules: tuple[RowRule, ...] = ()

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
        kinds = {"int": "whole number", "float": "number", "datetime": "date and time"}
        width = max(len(c.name) for c in self.columns) + 2
        lines = [f"{self.kind}: one row per interval"]
        for c in self.columns:
            need = "required" if c.required else "optional"
            lines.append(f"{c.name:<{width}}{kinds[c.dtype]:<15}{need:<10}{c.description}")
        return "\n".join(lines)


_VOICE_INTERVALS = Schema(
    kind="voice_intervals",
    columns=(
        Column("interval_start", "datetime", description="interval start, e.g. 2026-03-02 08:30"),
        Column("offered", "int", description="calls that reached the queue"),
        Column("answered", "int", description="calls an agent answered"),
        Column("abandoned", "int", description="callers who hung up before being answered"),
        Column("answered_within_20s", "int", description="calls answered within 20 s"),
        Column(
            "aht_seconds",
            "float",
            allow_blank=True,
            description="mean handle time (blank if none answered)",
        ),
        Column(
            "abandoned_within_20s",
            "int",
            required=False,
            description="callers who hung up within 20 s",
        ),
        Column("agents_staffed", "int", required=False, description="agents on the phones"),
        Column("forecast_calls", "float", required=False, description="calls forecast"),
        Column(
            "forecast_aht_seconds",
            "float",
            required=False,
            description="average handle time forecast",
        ),
        Column(
            "agents_planned",
            "int",
            required=False,
            description="agents the staffing plan asked for",
        ),
    ),
    rules=(
        RowRule(("answered", "abandoned"), "offered"),
        RowRule(("answered_within_20s",), "answered"),
        RowRule(("abandoned_within_20s",), "abandoned"),
    ),
)

_SURVEY_RESPONSES = Schema(
    kind="survey_responses",
    columns=(
        Column("date", "datetime", description="date of the response, e.g. 2026-01-05"),
        Column("ltr", "int", description="likelihood to recommend us, 0-10"),
        Column("csat", "int", required=False, description="satisfaction with the contact, 1-5"),
        Column("ces", "int", required=False,
               description="effort (CES 2.0: made it easy), 1-7, higher is easier"),
    ),
)

#: Schema of each kind of data :func:`load_csv` accepts.
SCHEMAS: Mapping[str, Schema] = MappingProxyType(
    {"voice_intervals": _VOICE_INTERVALS, "survey_responses": _SURVEY_RESPONSES}
)

#: Name of each sample data set and what it holds.
DATASETS: Mapping[str, str] = MappingProxyType(
    {
        "voice_week": (
            "one week (2-8 March 2026) of 30-minute intervals for an inbound voice queue: "
            "calls offered, answered and abandoned, answered within 20 s, handle time, "
            "agents and forecast"
        ),
        "voice_week_incidents": (
            "one week (13-19 April 2026) of the same voice queue, with its forecast, staffing "
            "plan and what happened: find why service level was missed (module 02)"
        ),
        "qa_evaluations": (
            "three months (January-March 2026) of QA evaluations of 40 voice agents by 4 "
            "evaluators on the qa_scorecard, with the customer's CSAT answer where surveyed "
            "(module 03)"
        ),
        "qa_calibration": (
            "a calibration session: 4 evaluators each scored the same 12 contacts on every "
            "qa_scorecard item (module 03)"
        ),
        "survey_responses": (
            "about 2,000 touchpoint survey responses (5 January to 29 March 2026) from "
            "customers of the sample broadband journey: likelihood to recommend 0-10, CSAT "
            "1-5, CES 1-7 and a comment (module 05)"
        ),
        "quick_wins_2027": (
            "a 2027 campaign to remove 99 small customer pain points: id, journey stage and "
            "the date each was removed, as of 30 September 2027 (module 04)"
        ),
        "cx_maturity_answers": (
            "eight Northwave managers' answers, 1 (not at all) to 5 (fully), blank for don't "
            "know, to the 24 statements of the CX maturity questionnaire (module 06)"
        ),
        "quick_wins_2027_owners": (
            "for each pain point of quick_wins_2027: the department that owns the fix and who "
            "found it (module 06)"
        ),
        "flagship_tasks_2027": (
            "the flagship project 'Right first bill' on 30 September 2027: tasks in batches, "
            "owner, deadline and the day each was done (module 06)"
        ),
        "investment_requests_2027": (
            "investments departments asked for in 2027, with their answer to 'how will this "
            "improve the customer experience?' and the measure offered (module 06)"
        ),
        "customer_comments": (
            "360 things customers said outside the survey in the same twelve weeks "
            "(complaint e-mails, chats, social media, app reviews, empathy sessions), with the "
            "touchpoint, pain or praise, and the personal data customers wrote (module 06)"
        ),
        "survey_profiles": (
            "the profile answers and account facts of each survey_responses respondent: "
            "age band, household, working from home, preferred channel, package, tenure, "
            "contacts in 90 days and monthly bill (module 06)"
        ),
        "voice_year": (
            "every half hour of 2025 (17,520 rows) for the voice queue of voice_week: calls "
            "offered, 0 while closed; history for forecasting (module 07)"
        ),
    }
)

# Sample data set name -> (file in this package, schema kind).
_DATASET_FILES = {
    "voice_week": ("voice_week.csv", "voice_intervals"),
    "voice_week_incidents": ("voice_week_incidents.csv", "voice_intervals"),
    "survey_responses": ("survey_responses.csv", "survey_responses"),
}

# QA sample data set -> (file in this package, columns before the scorecard items, after them).
_QA_FILES = {
    "qa_evaluations": (
        "qa_evaluations.csv",
        ("evaluation_id", "agent", "evaluator", "date", "contact_id"),
        ("csat",),
    ),
    "qa_calibration": ("qa_calibration.csv", ("contact_id", "evaluator"), ()),
}

# Plain CSV data sets built by tools/datagen/ -> (file in this package, columns read as dates).
# Numbers are read as numbers, blank cells as missing (NaN or NaT).
_PLAIN_FILES = {
    "cx_maturity_answers": ("cx_maturity_answers.csv", ()),
    "quick_wins_2027_owners": ("quick_wins_2027_owners.csv", ()),
    "flagship_tasks_2027": ("flagship_tasks_2027.csv", ("deadline", "done_on")),
    "investment_requests_2027": ("investment_requests_2027.csv", ()),
    "customer_comments": ("customer_comments.csv", ("date",)),
    "survey_profiles": ("survey_profiles.csv", ()),
    "voice_year": ("voice_year.csv", ("interval_start",)),
}


def _load_quick_wins() -> pd.DataFrame:
    text = files("cxlab.data").joinpath("quick_wins_2027.csv").read_text(encoding="utf-8")
    table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    table["removed_on"] = pd.to_datetime(table["removed_on"].replace("", None))
    return table


def list_datasets() -> list[str]:
    """Names of the sample data sets shipped with cxlab.

    Returns
    -------
    list of str
        Names to pass to :func:`load`; :func:`describe_dataset` says what each holds.

    Examples
    --------
    >>> list_datasets()[-3:]
    ['voice_week', 'voice_week_incidents', 'voice_year']
    """
    return sorted(DATASETS)


def _check_dataset_name(name: object) -> str:
    if not isinstance(name, str) or name not in DATASETS:
        allowed = ", ".join(repr(n) for n in list_datasets())
        raise CxlabValueError(
            f"name must be one of {allowed}; got {describe(name)} "
            "(cxlab.data.list_datasets() lists them)"
        )
    return name


def describe_dataset(name: str) -> str:
    """One line saying what the sample data set ``name`` holds.

    Parameters
    ----------
    name : str
        One of :func:`list_datasets`.

    Returns
    -------
    str

    Raises
    ------
    cxlab.CxlabValueError
        If there is no data set of that name; the message lists the names there are.

    Examples
    --------
    >>> describe_dataset("voice_week")[:40]
    'one week (2-8 March 2026) of 30-minute i'
    """
    return DATASETS[_check_dataset_name(name)]


def load(name: str) -> pd.DataFrame:
    """Load a sample data set shipped with cxlab.

    Parameters
    ----------
    name : str
        One of :func:`list_datasets`, e.g. ``"voice_week"``.

    Returns
    -------
    pandas.DataFrame
        A fresh copy each call, so changing it does not change the next load.
        ``interval_start`` is a date-time column, counts are whole numbers. In
        ``qa_evaluations`` and ``qa_calibration`` the item answers are text exactly as
        written (``"yes"``, ``"no"``, ``"n/a"``, or ``"1"`` to ``"5"``), ``date`` is a date
        and ``csat`` a nullable whole number (``<NA>`` when the customer was not surveyed).

    Raises
    ------
    cxlab.CxlabValueError
        If there is no data set of that name; the message lists the names there are.

    Examples
    --------
    >>> week = load("voice_week")
    >>> list(week.columns[:4])
    ['interval_start', 'offered', 'answered', 'abandoned']
    >>> week["interval_start"].min()
    Timestamp('2026-03-02 08:00:00')
    >>> load("voice")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: name must be one of ...; got 'voice' (cxlab.data.list_datasets() lists them)
    >>> evaluations = load("qa_evaluations")
    >>> evaluations[["agent", "evaluator", "greeting", "empathy"]].iloc[0].tolist()
    ['A01', 'E2', 'yes', '3']
    """  # noqa: E501
    name = _check_dataset_name(name)
    if name in _QA_FILES:
        return _load_qa(name)
    if name == "quick_wins_2027":
        return _load_quick_wins()
    if name in _PLAIN_FILES:
        return _load_plain(name)
    file_name, kind = _DATASET_FILES[name]
    text = files("cxlab.data").joinpath(file_name).read_text(encoding="utf-8")
    return _parse(text, SCHEMAS[kind], source=f"sample data set {name!r}")


def _load_plain(name: str) -> pd.DataFrame:
    file_name, dates = _PLAIN_FILES[name]
    text = files("cxlab.data").joinpath(file_name).read_text(encoding="utf-8")
    table = pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""])
    for column in dates:
        table[column] = pd.to_datetime(table[column], format="ISO8601")
    return table


def _load_qa(name: str) -> pd.DataFrame:
    """Read a QA sample data set; check it has its details columns and every scorecard item."""
    file_name, before, after = _QA_FILES[name]
    text = files("cxlab.data").joinpath(file_name).read_text(encoding="utf-8")
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    items = tuple(item.id for item in load_scorecard().items)
    required = (*before, *items, *after)
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise DataValidationError(
            f"sample data set {name!r} is missing {len(missing)} required column"
            f"{'' if len(missing) == 1 else 's'}: {', '.join(missing)} (it must have "
            f"{', '.join(required)})"
        )
    if "date" in frame:
        frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
    if "csat" in frame:
        frame["csat"] = pd.to_numeric(frame["csat"].replace("", None)).astype("Int64")
    return frame


def load_scorecard(name: str = "qa_scorecard") -> Scorecard:
    """Load a QA scorecard shipped with cxlab.

    Parameters
    ----------
    name : str, default "qa_scorecard"
        The scorecard's file name in this package, without ``.yml``. ``"qa_scorecard"`` is
        the voice scorecard of module 03, used by ``qa_evaluations`` and ``qa_calibration``.

    Returns
    -------
    cxlab.coaching.scorecard.Scorecard

    Raises
    ------
    cxlab.CxlabValueError
        If there is no scorecard of that name.

    Examples
    --------
    >>> card = load_scorecard()
    >>> len(card.scored), len(card.critical)
    (12, 4)
    >>> round(sum(item.weight for item in card.scored), 6)
    1.0
    """
    import yaml

    from cxlab.coaching.scorecard import Scorecard

    shipped = sorted(
        entry.name[: -len(".yml")]
        for entry in files("cxlab.data").iterdir()
        if entry.name.endswith(".yml") and not entry.name.endswith("_journey.yml")
    )
    if not isinstance(name, str) or name not in shipped:
        raise CxlabValueError(
            f"name must be one of {', '.join(repr(n) for n in shipped)}; got {describe(name)}"
        )
    text = files("cxlab.data").joinpath(f"{name}.yml").read_text(encoding="utf-8")
    return Scorecard.from_dict(yaml.safe_load(text))


def load_csv(
    path_or_buffer: str | os.PathLike[str] | IO[str] | IO[bytes],
    kind: str = "voice_intervals",
) -> pd.DataFrame:
    """Load your own CSV file and check it has the columns and values cxlab needs.

    The file must have a header row with the column names. The loader is forgiving where a
    person would be: column names may use any upper or lower case and spaces instead of
    underscores (``Answered Within 20s``), spaces around names and values are ignored, the
    columns may come in any order, a byte-order mark (Excel's "CSV UTF-8") is fine, values may
    be separated by ``;`` or tabs instead of commas, and blank lines are skipped. Columns the
    schema does not know are kept as they are. The file on disk is never changed.

    Every problem found is reported in one message, with row numbers as in a spreadsheet
    (the header is row 1): missing columns, cells that are not numbers or dates, negative or
    fractional counts, and rows whose numbers do not add up.

    Parameters
    ----------
    path_or_buffer : str, path or open file
        The file name (e.g. ``"my_week.csv"``), or an open text or binary file.
    kind : str, default "voice_intervals"
        Which schema to check against; one of ``SCHEMAS``. ``print(SCHEMAS[kind].describe())``
        lists its columns.

    Returns
    -------
    pandas.DataFrame
        One row per non-blank line. Known columns get their lower-case names and types
        (``datetime64`` for dates, ``int64`` for counts, ``float64`` for measures); other
        columns keep their names and the types pandas would give them.

    Raises
    ------
    FileNotFoundError
        If there is no file at ``path_or_buffer``.
    DataValidationError
        If the file is empty or not a CSV file, or its columns or values are not what
        ``kind`` needs. A subclass of ``ValueError``.
    cxlab.CxlabValueError
        If ``kind`` is not one of ``SCHEMAS``.

    Examples
    --------
    >>> import io
    >>> text = '''Interval Start, Offered ,Answered,Abandoned,Answered_Within_20s,AHT_seconds,team
    ... 2026-03-02 08:00,40,38,2,35,281.5,North
    ... 2026-03-02 08:30,52,51,1,44,275.0,North
    ... '''
    >>> frame = load_csv(io.StringIO(text))
    >>> list(frame.columns)
    ['interval_start', 'offered', 'answered', 'abandoned', 'answered_within_20s', 'aht_seconds', 'team']
    >>> int(frame["answered_within_20s"].sum())
    79
    >>> load_csv(io.StringIO(text.replace(",38,", ",39,")))
    Traceback (most recent call last):
    ...
    cxlab.data.DataValidationError: answered + abandoned must be at most offered, got 39 + 2 = 41 > 40 in row 2
    """  # noqa: E501
    schema = SCHEMAS[check_choice("kind", kind, SCHEMAS)]
    text, source = _read_text(path_or_buffer)
    return _parse(text, schema, source=source)


# --------------------------------------------------------------------------------------------
# Reading


def _read_text(path_or_buffer: object) -> tuple[str, str | None]:
    """Return the text of the file and a name for it in messages (None for unnamed buffers)."""
    if isinstance(path_or_buffer, (str, os.PathLike)):
        path = Path(path_or_buffer).expanduser()
        source = str(path_or_buffer)
        if not path.exists():
            raise FileNotFoundError(
                f"there is no file {source!r} (looked for {path.resolve()}); check the name "
                f"and the folder: relative names start from {Path.cwd()}"
            )
        if path.is_dir():
            raise DataValidationError(f"{source} is a folder, not a CSV file")
        data: str | bytes = path.read_bytes()
    elif hasattr(path_or_buffer, "read"):
        name = getattr(path_or_buffer, "name", None)
        source = str(name) if isinstance(name, (str, os.PathLike)) else None
        data = path_or_buffer.read()  # type: ignore[union-attr]
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


def _parse(text: str, schema: Schema, *, source: str | None) -> pd.DataFrame:
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
    known = {c.name for c in schema.columns}
    for position, header in enumerate(headers):
        key = _key(header)
        if key in known:
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
            f"{schema.kind} data must have the columns {', '.join(schema.required)} "
            f"(optional: {', '.join(schema.optional)}); the file has {found}"
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
        key = _key(header)
        if positions.get(key) == position:
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
    if column.dtype == "datetime":
        try:
            values = pd.to_datetime(cells, format="ISO8601", errors="coerce")
            if values.dt.tz is not None:
                values = values.dt.tz_localize(None)  # keep the clock time as written
        except (ValueError, TypeError):  # offsets that differ, e.g. across a clock change
            values = pd.to_datetime(pd.Series([_one_datetime(cell) for cell in cells]))
        bad = values.isna().to_numpy() & ~(blank & column.allow_blank)
        if bad.any():
            items = [(_cell_text(cells[i]), int(row_numbers[i])) for i in np.flatnonzero(bad)]
            problems.append(
                f"{column.name} must be a date and time written like 2026-03-02 08:30, "
                f"{_where(items)}"
            )
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
    # Faulty cells become NaN so that the row rules skip them.
    numbers = np.where(negative | fractional, np.nan, numbers)
    return pd.Series(numbers, name=column.name)


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
