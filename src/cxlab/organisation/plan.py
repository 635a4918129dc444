"""The capstone's one-page CX plan, written as a self-contained HTML page to take home.

Lesson 06.07 runs the broadband provider's CX roll-out end to end and ends with one page:
the journey, the voice of the customer, the backlog, the priorities, the roadmap, the
charter, the operating rhythm and the dashboard. Each part is a :class:`PlanSection` made by
:func:`plan_section` from the participant's own words, a table and a figure;
:func:`one_page_plan` checks that all eight are there and renders the page from a template
shipped with cxlab (``templates/one_page_plan.html.j2``, filled by jinja2 with every text
escaped, so whatever is typed shows as typed and can never run as code). Figures are
embedded as PNG images (base64) with their text alternative as ``alt`` text, so the one file
holds everything: no pictures to lose, nothing fetched from the internet.

:func:`save_plan` writes the page into the participant's working folder (by default the
folder the notebook runs in), under a name they choose or a safe default. It refuses the
course folder and the cxlab package itself.
"""

from __future__ import annotations

import base64
import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as _date
from importlib.resources import files
from pathlib import Path
from typing import Any

import pandas as pd

from .._validation import CxlabValueError, check_instance, describe

__all__ = [
    "DEFAULT_FILENAME",
    "SECTIONS",
    "OnePagePlan",
    "PlanSection",
    "one_page_plan",
    "plan_section",
    "save_plan",
]

#: The eight parts of the plan, in order, with their headings.
SECTIONS: dict[str, str] = {
    "journey": "The customer journey",
    "voice": "The voice of the customer",
    "backlog": "The backlog",
    "priorities": "Priorities",
    "roadmap": "The roadmap",
    "charter": "The flagship's charter",
    "rhythm": "The operating rhythm",
    "dashboard": "The dashboard",
}
#: The file name :func:`save_plan` uses when none is given.
DEFAULT_FILENAME = "my-one-page-cx-plan.html"

#: Limits that keep the plan to one page.
MAX_TEXT_CHARACTERS = 800
MAX_TITLE_CHARACTERS = 120
MAX_ROWS = 8
MAX_COLUMNS = 6
MAX_CELL_CHARACTERS = 160
_TEMPLATE = "one_page_plan.html.j2"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,78}$")


@dataclass(frozen=True)
class PlanSection:
    """One part of the plan, ready to render (see :func:`plan_section`).

    Attributes
    ----------
    key : str
        One of :data:`SECTIONS`.
    heading : str
    text : str
        The participant's words (rendered escaped, line breaks kept).
    columns : tuple of str
        Table header; empty when the section has no table.
    rows : tuple of tuple of str
        Table cells as text (at most 8 rows).
    rows_left_out : int
        Rows of the table not shown.
    image_png_base64 : str
        The figure as a base64 PNG; empty when there is none.
    alt : str
        The figure's text alternative.
    """

    key: str
    heading: str
    text: str = ""
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    rows_left_out: int = 0
    image_png_base64: str = ""
    alt: str = ""

    def __repr__(self) -> str:
        parts = [f"{len(self.text)} characters of text" if self.text else "no text"]
        if self.columns:
            parts.append(f"a table of {len(self.rows)} rows")
        if self.image_png_base64:
            parts.append("a figure")
        return f"PlanSection({self.key!r}: {', '.join(parts)})"


def _text(name: str, value: object, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise CxlabValueError(f"{name} must be text, got {describe(value)}")
    value = value.strip()
    if len(value) > limit:
        raise CxlabValueError(f"{name} must be at most {limit} characters to fit on one page, "
                              f"got {len(value)}")
    return value


def _cell(value: object) -> str:
    if isinstance(value, float):
        text = f"{value:,.2f}".rstrip("0").rstrip(".") if pd.notna(value) else ""
    elif value is None or (not isinstance(value, str) and pd.isna(value)):
        text = ""
    elif isinstance(value, pd.Timestamp):
        text = f"{value:%d %b %Y}"
    else:
        text = str(value)
    return text if len(text) <= MAX_CELL_CHARACTERS else text[: MAX_CELL_CHARACTERS - 1] + "…"


def _png(figure: Any) -> tuple[str, str | None]:
    """(base64 PNG, text alternative attached with cxlab._style.describe or None)."""
    from .._style import figure_description

    fig = getattr(figure, "figure", figure)
    if not hasattr(fig, "savefig"):
        raise CxlabValueError(f"figure must be a matplotlib Figure or Axes, got "
                              f"{describe(figure)}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii"), figure_description(fig)


def plan_section(
    key: str,
    *,
    text: str = "",
    table: pd.DataFrame | None = None,
    figure: Any = None,
    alt: str | None = None,
    index: bool = True,
) -> PlanSection:
    """Make one part of the plan from words, a table and a figure (any of them).

    Parameters
    ----------
    key : str
        Which part: ``"journey"``, ``"voice"``, ``"backlog"``, ``"priorities"``,
        ``"roadmap"``, ``"charter"``, ``"rhythm"`` or ``"dashboard"``.
    text : str, optional
        Your words, at most 800 characters (line breaks are kept).
    table : pandas.DataFrame, optional
        At most 6 columns; the first 8 rows are shown and the rest counted.
    figure : matplotlib Figure or Axes, optional
        Embedded as a PNG image.
    alt : str, optional
        The figure's text alternative; by default the one the cxlab plot function attached.
    index : bool, default True
        Show the table's index as its first column.

    Returns
    -------
    PlanSection

    Raises
    ------
    cxlab.CxlabValueError
        For an unknown key, a text too long for one page, a table too wide, or a figure with
        no text alternative.

    Examples
    --------
    >>> section = plan_section("voice", text="NPS -8 at the first bill <b>not good</b>")
    >>> section
    PlanSection('voice': 40 characters of text)
    >>> plan_section("budget")
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: key must be one of 'journey', 'voice', 'backlog', 'priorities', 'roadmap', 'charter', 'rhythm', 'dashboard'; got 'budget'
    """  # noqa: E501
    if not isinstance(key, str) or key not in SECTIONS:
        allowed = ", ".join(repr(k) for k in SECTIONS)
        raise CxlabValueError(f"key must be one of {allowed}; got {describe(key)}")
    words = _text(f"text of {key!r}", text, MAX_TEXT_CHARACTERS)
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    left_out = 0
    if table is not None:
        if not isinstance(table, pd.DataFrame):
            raise CxlabValueError(f"table of {key!r} must be a pandas DataFrame, got "
                                  f"{describe(table)}")
        shown = table
        if index:
            shown = table.reset_index()
            if table.index.nlevels == 1 and table.index.name is None:
                shown = shown.rename(columns={shown.columns[0]: ""})  # no "index" header
        if shown.shape[1] > MAX_COLUMNS:
            raise CxlabValueError(f"table of {key!r} must have at most {MAX_COLUMNS} columns "
                                  f"(index included) to fit on one page, got {shown.shape[1]}; "
                                  "choose the columns that matter")
        columns = tuple(_cell(c) for c in shown.columns)
        rows = tuple(tuple(_cell(v) for v in row)
                     for row in shown.head(MAX_ROWS).itertuples(index=False))
        left_out = max(0, len(shown) - MAX_ROWS)
    image, alt_text = "", ""
    if figure is not None:
        image, attached = _png(figure)
        alt_text = _text(f"alt of {key!r}", alt, 1000) or (attached or "")
        if not alt_text:
            raise CxlabValueError(f"the figure of {key!r} needs a text alternative: give alt, "
                                  "one or two sentences saying what it shows")
    return PlanSection(key, SECTIONS[key], words, columns, rows, left_out, image, alt_text)


@dataclass(frozen=True)
class OnePagePlan:
    """The plan, rendered.

    Attributes
    ----------
    title, organisation, author, ambition, date : str
    sections : tuple of PlanSection
        The eight parts in the order of :data:`SECTIONS`.
    html : str
        The self-contained page.
    """

    title: str
    organisation: str
    author: str
    ambition: str
    date: str
    sections: tuple[PlanSection, ...]
    html: str

    def __repr__(self) -> str:
        return (f"OnePagePlan({self.title!r}: {len(self.sections)} sections, "
                f"{len(self.html) / 1024:.0f} kB)")


def one_page_plan(
    sections: Sequence[PlanSection],
    *,
    organisation: str,
    author: str,
    ambition: str = "",
    title: str = "One-page CX plan",
    date: object = None,
) -> OnePagePlan:
    """Put the eight parts together and render the page.

    Parameters
    ----------
    sections : list of PlanSection
        Exactly one of each key of :data:`SECTIONS`, in any order.
    organisation, author : str
        Shown in the header.
    ambition : str, optional
        One sentence: what the roll-out will change for customers.
    title : str, default "One-page CX plan"
    date : date or str, optional
        Default today.

    Returns
    -------
    OnePagePlan

    Raises
    ------
    cxlab.CxlabValueError
        If a part is missing or given twice (the message names them), or a text is too long.

    Examples
    --------
    >>> parts = [plan_section(key, text=f"About the {key}") for key in SECTIONS]
    >>> plan = one_page_plan(parts, organisation="Northwave", author="Sam <Lead>",
    ...                      date="2027-10-01")
    >>> "Sam &lt;Lead&gt;" in plan.html and "Sam <Lead>" not in plan.html
    True
    >>> one_page_plan(parts[:6], organisation="Northwave", author="Sam")
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: sections must hold all 8 parts of the plan; missing 'rhythm', 'dashboard' (make each with plan_section)
    """  # noqa: E501
    import jinja2

    from .. import __version__

    if isinstance(sections, PlanSection) or not isinstance(sections, Sequence):
        raise CxlabValueError(f"sections must be a list of PlanSection, got "
                              f"{describe(sections)}")
    by_key: dict[str, PlanSection] = {}
    for section in sections:
        if not isinstance(section, PlanSection):
            raise CxlabValueError(f"sections must hold PlanSection values (from "
                                  f"plan_section), got {describe(section)}")
        if section.key in by_key:
            raise CxlabValueError(f"sections must hold each part once; {section.key!r} is "
                                  "there twice")
        by_key[section.key] = section
    missing = [k for k in SECTIONS if k not in by_key]
    if missing:
        raise CxlabValueError(f"sections must hold all {len(SECTIONS)} parts of the plan; "
                              f"missing {', '.join(repr(k) for k in missing)} (make each with "
                              "plan_section)")
    title = _text("title", title, MAX_TITLE_CHARACTERS) or "One-page CX plan"
    organisation = _text("organisation", organisation, MAX_TITLE_CHARACTERS)
    author = _text("author", author, MAX_TITLE_CHARACTERS)
    if not organisation or not author:
        raise CxlabValueError("organisation and author must be given (a name each)")
    ambition = _text("ambition", ambition, 300)
    try:
        when = pd.Timestamp(_date.today() if date is None else date)
    except (TypeError, ValueError):
        raise CxlabValueError(f"date must be a date such as '2027-10-01', got "
                              f"{describe(date)}") from None
    if pd.isna(when):
        raise CxlabValueError(f"date must be a date such as '2027-10-01', got {describe(date)}")
    ordered = tuple(by_key[k] for k in SECTIONS)
    source = files("cxlab.organisation").joinpath("templates", _TEMPLATE).read_text(
        encoding="utf-8")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                                     keep_trailing_newline=True)
    day = f"{when:%d %B %Y}"
    context = {"title": title, "organisation": organisation, "author": author,
               "ambition": ambition, "date": day, "sections": ordered}
    html = environment.from_string(source).render(plan=context, version=__version__)
    return OnePagePlan(title, organisation, author, ambition, day, ordered, html)


def _refused(folder: Path) -> str | None:
    """Why ``folder`` may not receive a plan, or None."""
    package = Path(str(files("cxlab"))).resolve()
    if folder == package or package in folder.parents:
        return "it is inside the cxlab package"
    for place in (folder, *folder.parents):
        if place.name == "course" and (place.parent / "solutions").is_dir():
            return ("it is inside the course folder, which updates overwrite; use your own "
                    "working folder")
    return None


def save_plan(
    plan: OnePagePlan,
    filename: str | None = None,
    *,
    folder: str | Path | None = None,
    overwrite: bool = True,
) -> Path:
    """Write the plan as an HTML file in your working folder; return its path.

    Parameters
    ----------
    plan : OnePagePlan
    filename : str, optional
        A plain file name such as ``"northwave-plan.html"`` (letters, digits, spaces, ``-``,
        ``_`` and ``.``; ``.html`` is added when missing). Default
        ``"my-one-page-cx-plan.html"``.
    folder : str or Path, optional
        An existing folder; default the current folder (where the notebook runs). Never the
        course folder or the cxlab package.
    overwrite : bool, default True
        Replace a file of the same name (your earlier version of the plan).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    cxlab.CxlabValueError
        For a name with a folder in it or other characters, a folder that does not exist or
        is refused, or an existing file when ``overwrite`` is False.

    Examples
    --------
    >>> import tempfile
    >>> parts = [plan_section(key, text=key) for key in SECTIONS]
    >>> plan = one_page_plan(parts, organisation="Northwave", author="Sam")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = save_plan(plan, "Sam's plan", folder=folder)
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: filename must be a plain file name such as 'northwave-plan.html' (letters, digits, spaces, - _ and . only, at most 80 characters); got "Sam's plan"
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     save_plan(plan, "Sam plan", folder=folder).name
    'Sam plan.html'
    """  # noqa: E501
    if not isinstance(plan, OnePagePlan):
        raise CxlabValueError(f"plan must be what one_page_plan returns, got {describe(plan)}")
    name = DEFAULT_FILENAME if filename is None else filename
    if not isinstance(name, str) or not _SAFE_NAME.match(name.strip()) or ".." in name:
        raise CxlabValueError(
            "filename must be a plain file name such as 'northwave-plan.html' (letters, "
            "digits, spaces, - _ and . only, at most 80 characters); got "
            f"{describe(filename)}")
    name = name.strip()
    if not name.lower().endswith((".html", ".htm")):
        name += ".html"
    if folder is not None:
        check_instance("folder", folder, (str, os.PathLike),
                       "the name of an existing folder (text or a Path)")
    where = Path.cwd() if folder is None else Path(folder)
    if not where.is_dir():
        raise CxlabValueError(f"folder must be an existing folder, got {str(where)!r}")
    where = where.resolve()
    reason = _refused(where)
    if reason:
        raise CxlabValueError(f"folder {str(where)!r} is refused: {reason}")
    if not isinstance(overwrite, bool):
        raise CxlabValueError(f"overwrite must be True or False, got {describe(overwrite)}")
    path = where / name
    if path.exists() and not overwrite:
        raise CxlabValueError(f"{name!r} already exists in {str(where)!r}; choose another "
                              "filename or pass overwrite=True")
    path.write_text(plan.html, encoding="utf-8")
    return path
