"""The loaders: sample data sets by name (through the registry) and your own CSV files."""

from __future__ import annotations

import io
import os
from typing import IO

import pandas as pd

from cxlab._validation import CxlabValueError, check_choice, describe

from ._schema import DataValidationError, parse, read_text
from .registry import REGISTRY, SCHEMAS, Dataset, check_dataset_name, dataset_text
from .scorecard import Scorecard

__all__ = ["load", "load_csv", "load_scorecard"]


def load(name: str) -> pd.DataFrame:
    """Load a sample data set shipped with cxlab.

    Parameters
    ----------
    name : str
        One of :func:`list_datasets`, e.g. ``"voice_week"``: every one but the scorecard
        (:func:`load_scorecard`) and the journey (:func:`cxlab.journey.load_journey`).

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
    DataValidationError
        If a shipped file breaks its schema (names the row, as a spreadsheet counts it,
        and the column).

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
    record = REGISTRY[check_dataset_name(name)]
    source = f"sample data set {name!r}"
    if record.form in ("scorecard", "journey"):
        how = ("cxlab.data.load_scorecard()" if record.form == "scorecard"
               else "cxlab.journey.load_journey()")
        raise CxlabValueError(
            f"name {name!r} is a {record.form}, not a table: load it with {how}"
        )
    text = dataset_text(name)
    if record.form == "qa":
        return _load_qa(record, text)
    if record.schema is not None:
        checked = parse(text, record.schema, source=source)
        if record.form == "checked":
            return checked
    if record.form == "strings":
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        for column in record.dates:
            table[column] = pd.to_datetime(table[column].replace("", None))
        return table
    table = pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""])
    for column in record.dates:
        table[column] = pd.to_datetime(table[column], format="ISO8601")
    return table


def _scorecard_items(name: str = "qa_scorecard") -> tuple[str, ...]:
    """Ids of the items of a shipped scorecard, read from its file (no scorecard checks)."""
    import yaml

    data = yaml.safe_load(dataset_text(_check_scorecard_name(name)))
    return tuple(
        str(item["id"]) for section in data["sections"] for item in section["items"]
    )


def _load_qa(record: Dataset, text: str) -> pd.DataFrame:
    """Read a QA sample data set; check it has its details columns and every scorecard item."""
    before, after = record.qa_columns
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    items = _scorecard_items()
    required = (*before, *items, *after)
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise DataValidationError(
            f"sample data set {record.name!r} is missing {len(missing)} required column"
            f"{'' if len(missing) == 1 else 's'}: {', '.join(missing)} (it must have "
            f"{', '.join(required)})"
        )
    if "date" in frame:
        frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
    if "csat" in frame:
        frame["csat"] = pd.to_numeric(frame["csat"].replace("", None)).astype("Int64")
    return frame


def _check_scorecard_name(name: object) -> str:
    shipped = sorted(n for n, r in REGISTRY.items() if r.form == "scorecard")
    if not isinstance(name, str) or name not in shipped:
        raise CxlabValueError(
            f"name must be one of {', '.join(repr(n) for n in shipped)}; got {describe(name)}"
        )
    return name


def load_scorecard(name: str = "qa_scorecard") -> Scorecard:
    """Load a QA scorecard shipped with cxlab.

    Parameters
    ----------
    name : str, default "qa_scorecard"
        The scorecard's file name in this package, without ``.yml``. ``"qa_scorecard"`` is
        the voice scorecard of module 03, used by ``qa_evaluations`` and ``qa_calibration``.

    Returns
    -------
    cxlab.coaching.Scorecard (defined in :mod:`cxlab.data.scorecard`)

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

    text = dataset_text(_check_scorecard_name(name))
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
    text, source = read_text(path_or_buffer)
    return parse(text, schema, source=source)

