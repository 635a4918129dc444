"""Tables and figures the way a manager reads them, in a notebook.

A lesson shows numbers a manager reads, not Python's own printout: no ``Name: count,
dtype: int64``, no ``['a', 'b']``, no column called ``asa_seconds``. Two functions build
what a cell shows:

* :func:`table` turns a DataFrame, a Series or a result object into a :class:`Table` with
  plain headers (``asa_seconds`` reads *ASA (s)*), percentages written one way (``0.892``
  reads *89.2%*), whole numbers with thousands separators, dates as dates, yes/no for true
  and false, and nothing for a missing value;
* :func:`counts` counts values (a column of stages, channels, statuses) into a two-column
  table with plain headers.

A :class:`Table` shows as an HTML table in JupyterLab and as aligned text everywhere else;
the numbers behind it stay in the DataFrame the lesson computed.

Figures: every cxlab plot function attaches a short text alternative to its figure
(:func:`cxlab._style.describe`). The first time that happens in a notebook, this module
teaches IPython to show such a figure as an HTML ``<img>`` whose ``alt`` text is the
description, so a screen reader reads it; the figure's plain-text form becomes the
description too (instead of ``<Figure size 800x380 with 1 Axes>``). Figures without a
description are shown as IPython always shows them.

This module imports pandas, and IPython and matplotlib only inside the functions that need
them, so the model layer may use :func:`label` freely.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import html
import math
import numbers
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from ._validation import CxlabValueError
from ._validation import describe as _describe_value

if TYPE_CHECKING:
    from matplotlib.typing import ColorType

__all__ = ["LABELS", "PERCENT_COLUMNS", "VALUE_LABELS", "Table", "contrast_ratio", "counts",
           "label", "readable_on", "table"]

#: Plain headers for the column names used across cxlab, with units where they have one.
#: Names not listed here read with spaces for underscores and a capital first letter.
LABELS: dict[str, str] = {
    # module 01: calls, service level, backlogs
    "interval_start": "Half hour starting",
    "interval": "Half hour",
    "offered": "Offered",
    "answered": "Answered",
    "abandoned": "Abandoned",
    "answered_within": "Answered in time",
    "answered_within_20s": "Answered within 20 s",
    "abandoned_within_20s": "Abandoned within 20 s",
    "aht_seconds": "AHT (s)",
    "agents_staffed": "Agents staffed",
    "forecast_calls": "Forecast calls",
    "forecast_aht_seconds": "Forecast AHT (s)",
    "service_level": "Service level",
    "asa": "ASA (s)",
    "asa_seconds": "ASA (s)",
    "occupancy": "Occupancy",
    "p_wait": "Waited at all",
    "p_abandon": "Abandoned",
    "mean_wait_all": "Mean wait of all callers (s)",
    "arrivals": "Arrived",
    "capacity": "Capacity",
    "handled": "Handled",
    "backlog": "Backlog at the end",
    "period": "Period",
    "agents": "Agents",
    "teams": "Teams",
    "erlangs": "Erlangs",
    "agents_separate": "Agents, separate teams",
    "agents_pooled": "Agents, one pooled team",
    "agents_saved": "Agents saved",
    "occupancy_separate": "Occupancy, separate",
    "occupancy_pooled": "Occupancy, pooled",
    "idle_seconds_pooled": "Idle seconds between calls, pooled",
    # module 03: scorecards and coaching
    "evaluation_id": "Evaluation",
    "contact_id": "Contact",
    "items_applicable": "Items that apply",
    "customer_ok": "No customer-critical error",
    "business_ok": "No business-critical error",
    "compliance_ok": "No compliance-critical error",
    "weight": "Weight",
    "critical": "Critical error category",
    "csat_met": "CSAT when met (1-5)",
    "csat_missed": "CSAT when missed (1-5)",
    "impact": "Impact (CSAT points)",
    "agent_score": "Agent's score",
    "team_score": "Team's score",
    "priority": "Priority",
    "rank": "Rank",
    "customer_impact": "Customer impact",
    "agreed_action": "Agreed action",
    "follow_up": "Follow-up",
    "days_to_follow_up": "Days to follow-up",
    "pairwise_agreement": "Pairwise agreement",
    # module 04: backlog, roadmap, change board
    "code": "Code",
    "id": "ID",
    "customer_benefit": "Customer benefit (1-5)",
    "business_benefit": "Business benefit (1-5)",
    "cost": "Cost (k)",
    "effort": "Effort (person-weeks)",
    "risk": "Risk (1-5)",
    "dependencies": "Waits for",
    "total_cost": "Total cost (k)",
    "value": "Value (1-5)",
    "confidence": "Confidence",
    "quadrant": "Quadrant",
    "planned": "Planned (person-weeks)",
    "free": "Free (person-weeks)",
    "ends": "Ends",
    "deadline": "Deadline",
    "pain_point": "Pain point",
    "pain_points": "Pain points",
    "removed_on": "Removed on",
    "pain_point_id": "Pain point",
    "cumulative": "Removed so far",
    "plan": "Plan",
    "forecast": "Forecast",
    "removed": "Removed in the month",
    "was": "Was",
    "now": "Now",
    # module 05: journey and the voice of the customer
    "touchpoint": "Touchpoint",
    "touchpoint_id": "Touchpoint",
    "touchpoint_name": "Touchpoint name",
    "customer_goal": "Customer's goal",
    "moment_of_truth": "Moment of truth",
    "emotion": "Emotion (-2 to +2)",
    "step_id": "Step ID",
    "step_owner": "Step owned by",
    "pinned": "Named in the journey file",
    "respondent_id": "Respondent",
    "ltr": "Likelihood to recommend (0-10)",
    "csat": "CSAT",
    "ces": "CES (1-7)",
    "nps": "NPS",
    "nps_low": "NPS, low end",
    "nps_high": "NPS, high end",
    "n": "Answers",
    "correlation": "Correlation",
    "ci_low": "Interval, low end",
    "ci_high": "Interval, high end",
    "slope": "Slope",
    "mean_score": "Mean score",
    "small_sample": "Small sample",
}

#: Plain words for code values that appear in cxlab's tables (other values with underscores
#: read with spaces: ``in_home`` reads *in home*).
VALUE_LABELS: dict[str, str] = {"yes_no": "yes/no", "in_home": "in home", "sms": "SMS"}

#: Columns that hold a share (0 to 1) under these names everywhere in cxlab: :func:`table`
#: writes them as percentages without being told.
PERCENT_COLUMNS: frozenset[str] = frozenset(
    {"service_level", "occupancy", "occupancy_separate", "occupancy_pooled", "p_wait",
     "p_abandon", "share"}
)

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def label(name: object) -> str:
    """The plain header for a column or index name.

    Known names come from :data:`LABELS`; other names in lower case get spaces for
    underscores and a capital letter; anything else is kept as it is.

    >>> label("asa_seconds"), label("in_home"), label("what it means"), label("T01")
    ('ASA (s)', 'In home', 'What it means', 'T01')
    """
    if isinstance(name, str):
        if name in LABELS:
            return LABELS[name]
        if name == name.lower() and name.strip():
            text = name.replace("_", " ") if _IDENTIFIER.match(name) else name
            return text[0].upper() + text[1:]
        return name
    if name is None:
        return ""
    return str(name)


def _value_label(value: object) -> object:
    """A row label in words: ``short_abandons_met`` reads *Short abandons met*, ``billing``
    reads *Billing*; labels with capitals or digits first (``T01``, ``Monday``) stay."""
    if isinstance(value, str) and value in VALUE_LABELS:
        text = VALUE_LABELS[value]
        return text[0].upper() + text[1:]
    if isinstance(value, str) and value.strip() and value == value.lower() and value[0].isalpha():
        text = value.replace("_", " ") if _IDENTIFIER.match(value) else value
        return text[0].upper() + text[1:]
    return value


# -- formatting one value --------------------------------------------------------------------


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, (str, tuple, list)) else False
    except (TypeError, ValueError):
        return False


def _number(value: float, decimals: int) -> str:
    return f"{value:,.{max(decimals, 0)}f}"


def _cell(value: object, *, percent: bool, decimals: int, signed: bool,
          percent_decimals: int = 1) -> str:
    if _is_missing(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (tuple, list, set, frozenset)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, pd.Timestamp | dt.datetime):
        stamp = pd.Timestamp(value)
        if stamp.hour or stamp.minute:
            return f"{stamp:%a} {stamp.day} {stamp:%b %Y %H:%M}"
        return f"{stamp.day} {stamp:%b %Y}"
    if isinstance(value, dt.date):
        return f"{value.day} {value:%b %Y}"
    if isinstance(value, pd.Timedelta | dt.timedelta):
        return str(value)
    if isinstance(value, str):
        # a code name among the values (in_home) reads as words (in home)
        if value in VALUE_LABELS:
            return VALUE_LABELS[value]
        return value.replace("_", " ") if "_" in value and _IDENTIFIER.match(value) else value
    if isinstance(value, numbers.Real):
        number = float(value)  # numpy scalars too
        if not math.isfinite(number):
            return "no limit" if number > 0 else "-"
        if percent:
            text = f"{100 * number:,.{percent_decimals}f}%"
        elif isinstance(value, numbers.Integral) or decimals == 0:
            text = f"{number:,.0f}"
        else:
            text = _number(number, decimals)
        return f"+{text}" if signed and number > 0 else text
    return str(value)


# -- the table --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Table:
    """A table to read: every cell already written as text, headers in plain words.

    ``frame`` holds the text; ``show_index`` says whether the row labels are part of the
    table; ``caption`` is an optional title above it; ``left`` names the (shown) columns of
    running text, aligned left in HTML. Shows as HTML in JupyterLab and as aligned text in a
    terminal or a plain-text viewer.
    """

    frame: pd.DataFrame
    show_index: bool = True
    caption: str | None = None
    left: tuple[str, ...] = ()

    def to_html(self) -> str:
        """The table as an HTML ``<table>``: a ``<caption>`` when it has one, column headers
        and row labels as ``<th>`` with their scope, and no empty header cell (screen readers
        announce each cell with its headers)."""

        def cell(tag: str, text: object, scope: str = "", left: bool = False) -> str:
            where = f' scope="{scope}"' if scope else ""
            where += ' style="text-align: left"' if left else ""
            return f"<{tag}{where}>{html.escape(str(text))}</{tag}>"

        head = []
        if self.show_index:
            name = self.frame.index.name
            head.append(cell("th", name, "col") if name else "<td></td>")
        head += [cell("th", c, "col") for c in self.frame.columns]
        rows = []
        for label, values in zip(self.frame.index, self.frame.itertuples(index=False),
                                 strict=True):
            row = [cell("th", label, "row")] if self.show_index else []
            row += [cell("td", v, left=c in self.left)
                    for c, v in zip(self.frame.columns, values, strict=True)]
            rows.append(f"<tr>{''.join(row)}</tr>")
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (f'<table class="dataframe cxlab-table">{caption}<thead><tr>{"".join(head)}'
                f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_text(self) -> str:
        """The table as aligned plain text."""
        text = self.frame.to_string(index=self.show_index, na_rep="")
        return f"{self.caption}\n{text}" if self.caption else text

    def __repr__(self) -> str:
        return self.to_text()

    def __str__(self) -> str:
        return self.to_text()


def _measures(data: object) -> dict[str, object] | None:
    """A result object or a dict as {measure name: value}; None for anything else."""
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        return {f.name: getattr(data, f.name) for f in dataclasses.fields(data)}
    if isinstance(data, Mapping):
        return dict(data)
    return None


def _as_frame(data: object) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, pd.Series):
        return data.to_frame(name=data.name if data.name is not None else "value")
    raise CxlabValueError(
        "data must be a DataFrame, a Series, a result (dataclass) or a dictionary; "
        f"got {_describe_value(data)}"
    )


def _chosen(option: object, columns: Sequence[object], what: str) -> set[object]:
    """The column names ``option`` picks (one name, a list of names, or True for all)."""
    if option is True:
        return set(columns)
    if option is None or option is False:
        return set()
    if isinstance(option, str):
        chosen: set[object] = {option}
    elif isinstance(option, Iterable):
        chosen = set(option)
    else:
        raise CxlabValueError(
            f"{what} must be a column name, a list of column names or True for all; "
            f"got {_describe_value(option)}"
        )
    unknown = [c for c in chosen if c not in columns]
    if unknown:
        raise CxlabValueError(
            f"{what} names columns the table does not have: {', '.join(map(str, unknown))}; "
            f"it has {', '.join(map(str, columns))}"
        )
    return chosen


def _default_index(frame: pd.DataFrame) -> bool:
    """True when the row labels carry no information (0, 1, 2, ... or any unnamed numbers)."""
    index = frame.index
    return index.name is None and not isinstance(index, pd.MultiIndex) and (
        isinstance(index, pd.RangeIndex) or pd.api.types.is_integer_dtype(index.dtype)
    )


def _row_label(value: object) -> object:
    if isinstance(value, pd.Timestamp | dt.date):
        return _cell(value, percent=False, decimals=0, signed=False)
    return _value_label(value)


def table(
    data: object,
    *,
    percent: object = None,
    decimals: int | Mapping[str, int] = 1,
    percent_decimals: int = 1,
    signed: object = None,
    labels: Mapping[str, str] | None = None,
    index: bool | None = None,
    caption: str | None = None,
    left: object = None,
) -> Table:
    """A DataFrame, Series or result written for reading: plain headers, units, percentages.

    Parameters
    ----------
    data : DataFrame, Series, dataclass result or dict
        What to show. A result object (such as :class:`~cxlab.service_level.ErlangAResult`)
        or a dict becomes a table of measures and their values.
    percent : column name, list of names or True, optional
        Columns holding shares (0.892) to write as percentages (89.2%); ``True`` for every
        numeric column. Columns (or measures) named in :data:`PERCENT_COLUMNS` are
        percentages anyway.
    decimals : int or dict, default 1
        Decimals of numbers that are not whole, for every column or per column name.
    percent_decimals : int, default 1
        Decimals of every percentage, so that percentages read one way throughout (89.2%).
    signed : column name, list of names or True, optional
        Columns whose positive numbers get a ``+`` (changes, differences).
    labels : dict, optional
        Headers to use instead of :func:`label`'s, by column (or measure) name.
    index : bool, optional
        Whether to show the row labels; by default they are shown unless they are just
        0, 1, 2, ...
    caption : str, optional
        A title shown above the table.
    left : column name or list of names, optional
        Columns of running text (comments, advice) to align left, as text is read.

    Returns
    -------
    Table

    Raises
    ------
    CxlabValueError
        If ``data`` is not a table, or ``percent``, ``signed`` or ``labels`` name a column
        that is not in it.

    Examples
    --------
    >>> import pandas as pd
    >>> week = pd.DataFrame({"agents": [13, 14], "service_level": [0.7962, 0.8884],
    ...                      "asa_seconds": [17.08, 7.77]})
    >>> table(week)
    Agents Service level ASA (s)
        13         79.6%    17.1
        14         88.8%     7.8
    >>> table({"service_level": 0.917, "asa": 3.94}, caption="14 agents")
    14 agents
                   Value
    Service level  91.7%
    ASA (s)          3.9
    """
    measures = _measures(data)
    if measures is not None:
        names = list(measures)
        pct = _chosen(percent, names, "percent") | (PERCENT_COLUMNS & set(names))
        rows = {name: _cell(measures[name], percent=name in pct,
                            decimals=_places(decimals, name), signed=False,
                            percent_decimals=percent_decimals) for name in names}
        given = dict(labels or {})
        shown = pd.DataFrame({"Value": list(rows.values())},
                             index=[given.get(n, label(n)) for n in names])
        return Table(shown, show_index=True, caption=caption)

    frame = _as_frame(data)
    if frame.columns.duplicated().any():
        twice = ", ".join(map(str, frame.columns[frame.columns.duplicated()]))
        raise CxlabValueError(f"the table has two columns with the same name: {twice}")
    columns = list(frame.columns)
    numeric = [c for c in columns if pd.api.types.is_numeric_dtype(frame[c])
               and not pd.api.types.is_bool_dtype(frame[c])]
    as_percent = set(numeric) if percent is True else _chosen(percent, columns, "percent")
    as_percent |= PERCENT_COLUMNS & set(columns)
    with_sign = set(numeric) if signed is True else _chosen(signed, columns, "signed")
    given = dict(labels or {})
    _chosen(list(given), columns, "labels")

    shown = pd.DataFrame(index=range(len(frame)))
    for position, column in enumerate(columns):
        values = frame.iloc[:, position]
        digits = _places(decimals, column, None if column in as_percent else values)
        cells = [_cell(v, percent=column in as_percent, decimals=digits,
                       signed=column in with_sign, percent_decimals=percent_decimals)
                 for v in values.tolist()]
        shown[position] = cells
    shown.columns = [given.get(c, label(c)) for c in columns]
    left_columns = tuple(shown.columns[columns.index(c)]
                         for c in _chosen(left, columns, "left"))
    if isinstance(frame.index, pd.MultiIndex):
        shown.index = frame.index.set_names([label(n) for n in frame.index.names])
    else:
        shown.index = pd.Index([_row_label(v) for v in frame.index],
                               name=label(frame.index.name) or None)
    show_index = (not _default_index(frame)) if index is None else bool(index)
    return Table(shown, show_index=show_index, caption=caption, left=left_columns)


def _places(decimals: int | Mapping[Any, int], column: object,
            values: pd.Series | None = None) -> int:
    """Decimals for a column: as asked, or none when every number in it is whole."""
    places = int(decimals.get(column, 1)) if isinstance(decimals, Mapping) else int(decimals)
    if values is not None and pd.api.types.is_float_dtype(values):
        finite = values[np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))]
        if len(finite) and (finite == finite.round()).all():
            return 0
    return places


def counts(
    values: object,
    *,
    what: str,
    count: str = "Number",
    order: Iterable[object] | None = None,
    top: int | None = None,
    total: bool = False,
) -> Table:
    """Count the values of a column into a two-column table with plain headers.

    Parameters
    ----------
    values : Series or list
        The values to count, one per row (for example a table's ``stage`` column).
    what : str
        Header of the first column (what is counted, such as ``"Stage"``).
    count : str, default "Number"
        Header of the count column (such as ``"Pain points still open"``).
    order : list, optional
        The rows in this order (values never seen count 0); by default the most frequent
        first.
    top : int, optional
        Keep only the first ``top`` rows.
    total : bool, default False
        Add a last row with the total.

    Examples
    --------
    >>> counts(["billing", "usage", "billing"], what="Stage", count="Pain points")
      Stage Pain points
    Billing           2
      Usage           1
    >>> counts(["idea", "idea"], what="Status", order=["idea", "done"], total=True)
    Status Number
      Idea      2
      Done      0
     Total      2
    """
    if (isinstance(values, pd.DataFrame) or isinstance(values, (str, bytes))
            or not isinstance(values, Iterable)):
        raise CxlabValueError("values must be one column of values (a Series or a list), "
                              f"got {_describe_value(values)}")
    series = pd.Series(list(values) if not isinstance(values, pd.Series) else values,
                       dtype=object)
    found = series.dropna().value_counts(sort=True)
    if order is not None:
        found = found.reindex(list(order), fill_value=0)
    if top is not None:
        found = found.iloc[: int(top)]
    rows = [(_row_name(v), int(n)) for v, n in found.items()]
    if total:
        rows.append(("Total", int(found.sum())))
    frame = pd.DataFrame(rows, columns=[what, count])
    return table(frame, index=False)


def _row_name(value: object) -> str:
    named = _value_label(value)
    return named if isinstance(named, str) else str(named)


# -- colours: text that can be read -----------------------------------------------------------


def _luminance(colour: object) -> float:
    """WCAG 2 relative luminance of a colour (any matplotlib colour: name, hex, RGB)."""
    from matplotlib.colors import to_rgb

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    # cast: any colour matplotlib reads (arrays too); to_rgb raises ValueError for the rest
    r, g, b = (linear(c) for c in to_rgb(cast("ColorType", colour)))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: object, background: object) -> float:
    """The WCAG 2 contrast ratio of two colours, from 1 (none) to 21 (black on white).

    WCAG AA asks for at least 4.5 for normal text and 3 for large text.

    >>> round(contrast_ratio("black", "white"), 1), round(contrast_ratio("#777777", "white"), 2)
    (21.0, 4.48)
    """
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_on(background: object) -> str:
    """``"black"`` or ``"white"``, whichever is easier to read on ``background``.

    >>> readable_on("#0072B2"), readable_on("#F0E442")
    ('white', 'black')
    """
    return "black" if contrast_ratio("black", background) >= contrast_ratio(
        "white", background) else "white"


# -- figures: the text alternative reaches the page -------------------------------------------


def _figure_html(figure: Any) -> str | None:
    """A described figure as an HTML image whose ``alt`` text is its description."""
    from ._style import figure_description

    text = figure_description(figure)
    if text is None:
        return None
    from IPython.core.pylabtools import print_figure

    png = print_figure(figure, "png", bbox_inches="tight")
    if not png:
        return None
    data = base64.b64encode(png).decode("ascii")
    alt = html.escape(text, quote=True)
    return (f'<figure class="cxlab-figure" style="margin: 0">'
            f'<img src="data:image/png;base64,{data}" alt="{alt}" '
            f'style="max-width: 100%; height: auto"></figure>')


def _figure_text(figure: Any, printer: Any, cycle: bool) -> None:
    from ._style import figure_description

    text = figure_description(figure)
    printer.text(f"Figure: {text}" if text else repr(figure))


def install_figure_display() -> bool:
    """Show described figures with their text alternative in the running IPython kernel.

    Called by :func:`cxlab._style.describe`; does nothing outside IPython. Returns whether
    the formatters are in place.
    """
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = ipython.get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    from matplotlib.figure import Figure

    formatters = shell.display_formatter.formatters
    formatters["text/html"].for_type(Figure, _figure_html)
    formatters["text/plain"].for_type(Figure, _figure_text)
    return True
