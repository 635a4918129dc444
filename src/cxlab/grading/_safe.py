"""Reading participants' notebooks, and showing their text, without trusting either.

Participants hand in files the trainer's tools then read: a notebook may be empty, broken,
enormous, nested thousands of levels deep, saved by an old Jupyter, or hand-edited into
something nbformat would crash on. And any text taken from it (a file name, a cell, an
exception message) may hold terminal escape sequences that rewrite the trainer's screen.

* :func:`read_notebook` (and :func:`read_notebook_with_notes`) reads a notebook as nbformat 4
  or raises :class:`SubmissionError`, whose message is one plain sentence for the trainer.
  Limits (size, cells, nesting) are checked before anything is parsed; harmless damage is
  repaired and described in notes.
* :func:`terminal_safe` keeps only printable text, for anything printed or reported.

>>> terminal_safe("Ann\\x1b[2J Lee\\n(late)")
'Ann Lee (late)'
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
import uuid
from pathlib import Path

import nbformat

from .._validation import CxlabValueError, check_integer

__all__ = ["SubmissionError", "read_notebook", "read_notebook_with_notes", "terminal_safe"]

#: Key of the notebook metadata where :func:`read_notebook` leaves its notes.
NOTES_KEY = "cxlab_read_notes"


class SubmissionError(CxlabValueError):
    """A submitted file cannot be used; ``str(exc)`` is one sentence naming the file.

    ``limit`` is True when the file was refused for its size, its number of cells or its
    nesting (a file built to exhaust the grader rather than a damaged one).

    >>> str(SubmissionError("ann.ipynb is empty."))
    'ann.ipynb is empty.'
    """

    def __init__(self, message: str, *, limit: bool = False) -> None:
        super().__init__(message)
        self.limit = limit


# --- terminal_safe ----------------------------------------------------------------------

_ESCAPES = re.compile(
    r"""
      \x1b\[[0-?]*[\x20-/]*[@-~]?          # CSI: colours, cursor moves, clear screen
    | \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC: window titles, hyperlinks
    | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?        # DCS, SOS, PM, APC strings
    | \x1b[\x20-/]*[0-~]?                  # any other escape (charset, keypad, ...)
    | \x9b[0-?]*[\x20-/]*[@-~]?            # the same as 8-bit C1 codes
    | \x9d[^\x07\x1b\x9c]*(?:\x07|\x9c)?
    | [\x90\x98\x9e\x9f][^\x1b\x9c]*\x9c?
    """,
    re.VERBOSE,
)
_SPACES = frozenset("\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85")


class _PrintableTable(dict):
    """``str.translate`` table: printable characters kept, spaces made plain, the rest gone."""

    def __missing__(self, code: int):
        char = chr(code)
        if char in _SPACES or unicodedata.category(char) in ("Zs", "Zl", "Zp"):
            value: int | str | None = " "
        elif char.isprintable():
            value = code
        else:  # controls, bidi overrides and other format characters, surrogates, unassigned
            value = None
        self[code] = value
        return value


_PRINTABLE = _PrintableTable()


def terminal_safe(text: str, limit: int = 500) -> str:
    """``text`` with nothing but printable characters, at most ``limit`` characters long.

    Removes ANSI/VT escape sequences (7- and 8-bit), other control characters, bidi
    overrides and other invisible format characters; newlines and tabs become spaces; text
    longer than ``limit`` ends with an ellipsis. Use it for every participant-controlled
    string that reaches a terminal, the grading table or a report.

    Parameters
    ----------
    text
        Any text (anything else is converted with ``str``).
    limit
        The most characters returned, the ellipsis included.

    Returns
    -------
    str

    Examples
    --------
    >>> terminal_safe("\\x1b]0;owned\\x07title \\u202eevil")
    'title evil'
    >>> terminal_safe("abcdef", limit=4)
    'abc…'
    """
    limit = int(check_integer("limit", limit, minimum=1))
    text = text if isinstance(text, str) else str(text)
    window = max(100 * limit, 100_000)  # never scan megabytes to print a line
    cut = len(text) > window
    text = _ESCAPES.sub("", text[:window]).translate(_PRINTABLE)
    if cut or len(text) > limit:
        return text[: limit - 1] + "\u2026"
    return text


# --- read_notebook ----------------------------------------------------------------------

_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_CELL_ID = re.compile(r"^[a-zA-Z0-9-_]{1,64}$")
_MAX_ITEM_NOTES = 20
_KINDS = {bool: "a true/false value", int: "a number", float: "a number", type(None): "nothing",
          list: "a list", dict: "a mapping"}


def _size(n: float) -> str:
    """A file size for people: 5.1 kB, 20 MB, 3 GB."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            text = f"{n / scale:.1f}"
            return (text[:-2] if text.endswith(".0") else text) + f" {unit}"
    return f"{int(n)} bytes"


def _show(value: object) -> str:
    return terminal_safe(repr(value), 40)


def _too_deep(text: str, max_depth: int) -> bool:
    """True if brackets outside strings nest deeper than ``max_depth`` (no recursion used)."""
    if text.count("[") + text.count("{") <= max_depth:
        return False
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > max_depth:
                return True
        elif token in "]}":
            depth -= 1
    return False


class _Repairs:
    """The notes of one read: item by item up to a point, then counted."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self.items = 0
        self.counts: dict[str, int] = {}

    def item(self, note: str) -> None:
        self.items += 1
        if self.items <= _MAX_ITEM_NOTES:
            self.notes.append(note)

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def finish(self) -> list[str]:
        notes = list(self.notes)
        if self.items > _MAX_ITEM_NOTES:
            notes.append(f"{self.items - _MAX_ITEM_NOTES} more items that were not text were "
                         "left out.")
        for what, n in self.counts.items():
            notes.append(what.format(n=n, s="" if n == 1 else "s"))
        return notes


def _join(value, where: str, repairs: _Repairs) -> str:
    """A multi-line string field as one string; non-string items are left out, with a note."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, str):
                parts.append(item)
            else:
                kind = _KINDS.get(type(item), "something")
                repairs.item(f"{where} holds {kind} ({_show(item)}) where text belongs; "
                             "it was left out.")
        return "".join(parts)
    raise TypeError(value)


def _field(container: dict, key: str, where: str, repairs: _Repairs, name: str) -> None:
    if key not in container:
        return
    try:
        container[key] = _join(container[key], where, repairs)
    except TypeError:
        value = container[key]
        if value is None:
            container[key] = ""
            repairs.item(f"{where} holds nothing (None) where text belongs; it was left out.")
            return
        kind = _KINDS.get(type(value), "something")
        raise SubmissionError(f"{name}: {where} holds {kind} ({_show(value)}) where text "
                              "belongs.") from None


_OUTPUT_TYPES = {"stream", "display_data", "execute_result", "error"}
_V3_OUTPUT_FIELDS = {"output_type", "metadata", "prompt_number", "traceback", "ename", "evalue",
                     "stream"}


def _repair_outputs(cell: dict, where: str, repairs: _Repairs, name: str) -> None:
    outputs = cell.get("outputs")
    if outputs is None:
        cell["outputs"] = []
        repairs.count("{n} code cell{s} had no outputs list; an empty one was added.")
        return
    if not isinstance(outputs, list):
        cell["outputs"] = []
        repairs.item(f"{where}'s outputs were not a list and were left out.")
        return
    kept = []
    for out in outputs:
        kind = out.get("output_type") if isinstance(out, dict) else None
        if kind not in _OUTPUT_TYPES:
            continue
        if not isinstance(out.get("metadata", {}), dict):
            out["metadata"] = {}
        if kind in ("display_data", "execute_result"):
            out.setdefault("metadata", {})
            data = out.get("data")
            if not isinstance(data, dict):
                continue
            for mime in list(data):
                if not isinstance(mime, str):
                    del data[mime]
                elif not re.search(r"json$", mime):
                    try:
                        data[mime] = _join(data[mime], f"{where}'s output {mime}", repairs)
                    except TypeError:
                        del data[mime]
                        repairs.item(f"{where}'s output {terminal_safe(mime, 60)} was not text "
                                     "and was left out.")
            if kind == "execute_result":
                count = out.get("execution_count")
                if not (count is None or (isinstance(count, int) and not isinstance(count, bool)
                                          and count >= 0)):
                    out["execution_count"] = None
        elif kind == "stream":
            if out.get("name") not in ("stdout", "stderr"):
                continue
            try:
                out["text"] = _join(out.get("text", ""), f"{where}'s output text", repairs)
            except TypeError:
                continue
        elif kind == "error":
            if not isinstance(out.get("traceback"), list):
                out["traceback"] = []
            out["traceback"] = [t if isinstance(t, str) else repr(t) for t in out["traceback"]]
            out["ename"] = str(out.get("ename", ""))
            out["evalue"] = str(out.get("evalue", ""))
        kept.append(out)
    if len(kept) != len(outputs):
        repairs.item(f"{where} had {len(outputs) - len(kept)} broken output"
                     f"{'' if len(outputs) - len(kept) == 1 else 's'}; "
                     f"{'it was' if len(outputs) - len(kept) == 1 else 'they were'} left out.")
    cell["outputs"] = kept


def _repair_v3(nb: dict, name: str, repairs: _Repairs) -> dict:
    """Make the text fields of an nbformat 3 notebook plain strings so it can be converted."""
    sheets = nb.get("worksheets")
    if not isinstance(sheets, list) or not all(isinstance(s, dict) for s in sheets):
        raise ValueError("it has no worksheets list")
    number = 0
    for sheet in sheets:
        if not isinstance(sheet.get("cells", []), list):
            raise ValueError("a worksheet's cells are not a list")
        for cell in sheet.get("cells", []):
            number += 1
            if not isinstance(cell, dict):
                raise ValueError(f"cell {number} is not a cell")
            where = f"cell {number}'s source"
            for key in ("input", "source"):
                _field(cell, key, where, repairs, name)
            if not isinstance(cell.get("metadata", {}), dict):
                cell["metadata"] = {}
            for out in cell.get("outputs", []) if isinstance(cell.get("outputs"), list) else []:
                if not isinstance(out, dict):
                    continue
                for key in list(out):
                    if key not in _V3_OUTPUT_FIELDS and not key.endswith("json"):
                        try:
                            out[key] = _join(out[key], f"cell {number}'s output text", repairs)
                        except TypeError:
                            del out[key]
    return nb


def _convert_v3(nb: dict, name: str, repairs: _Repairs) -> dict:
    try:
        _repair_v3(nb, name, repairs)
        converted = nbformat.convert(nbformat.from_dict(nb), 4)
    except SubmissionError:
        raise
    except Exception as exc:  # nbformat's converter raises many kinds on damaged input
        detail = terminal_safe(str(exc).split("\n")[0], 120)
        raise SubmissionError(f"{name} is an nbformat 3 notebook that cannot be converted to "
                              f"nbformat 4 ({detail}).") from None
    repairs.notes.insert(0, f"{name} was saved in nbformat 3 and was converted to nbformat 4.")
    return json.loads(json.dumps(converted))  # plain dicts again, for the repairs


def _repair_v4(nb: dict, name: str, repairs: _Repairs) -> None:
    if not isinstance(nb.get("metadata"), dict):
        nb["metadata"] = {}
        repairs.count(name + " had no metadata; empty metadata was added.")
    if not isinstance(nb.get("nbformat_minor"), int) or isinstance(nb["nbformat_minor"], bool):
        nb["nbformat_minor"] = 4
    nb["nbformat"] = 4
    with_ids = nb["nbformat_minor"] >= 5
    cells, seen_ids, new_ids = [], set(), 0
    for number, cell in enumerate(nb["cells"], start=1):
        where = f"cell {number}"
        if not isinstance(cell, dict):
            repairs.item(f"{where} is not a cell ({_show(cell)}) and was left out.")
            continue
        kind = cell.get("cell_type")
        if kind not in ("code", "markdown", "raw"):
            repairs.item(f"{where} has no known cell type ({_show(kind)}); it was kept as a "
                         "raw cell, which is never run.")
            cell["cell_type"] = kind = "raw"
        if "source" not in cell:
            cell["source"] = ""
        _field(cell, "source", f"{where}'s source", repairs, name)
        if not isinstance(cell.get("metadata"), dict):
            cell["metadata"] = {}
            repairs.count("{n} cell{s} had no metadata; empty metadata was added.")
        grading = cell["metadata"].get("nbgrader")
        if grading is not None and not isinstance(grading, dict):
            del cell["metadata"]["nbgrader"]
            repairs.item(f"{where}'s grading information was damaged and was left out.")
        if kind == "code":
            _repair_outputs(cell, where, repairs, name)
            count = cell.get("execution_count")
            if not (count is None or (isinstance(count, int) and not isinstance(count, bool)
                                      and count >= 0)):
                count = None
            cell["execution_count"] = count
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
            if "attachments" in cell and not isinstance(cell["attachments"], dict):
                del cell["attachments"]
        if with_ids:
            cid = cell.get("id")
            if not isinstance(cid, str) or not _CELL_ID.match(cid) or cid in seen_ids:
                cid = uuid.uuid4().hex[:8]
                while cid in seen_ids:
                    cid = uuid.uuid4().hex[:8]
                cell["id"] = cid
                new_ids += 1
            seen_ids.add(cid)
        elif "id" in cell:
            del cell["id"]  # ids belong to nbformat 4.5 and later
        cells.append(cell)
    nb["cells"] = cells
    if new_ids:
        repairs.notes.append(f"{new_ids} cell ids were missing, invalid or repeated and were "
                             "replaced." if new_ids > 1 else
                             "1 of the cell ids was missing, invalid or repeated and was "
                             "replaced.")


def read_notebook_with_notes(
    path: str | os.PathLike,
    *,
    max_bytes: int = 20_000_000,
    max_cells: int = 2_000,
    max_depth: int = 64,
) -> tuple[nbformat.NotebookNode, list[str]]:
    """Read a participant's notebook as nbformat 4; returns it and notes on what was repaired.

    Refused, with :class:`SubmissionError`: a file that cannot be read, is empty, larger than
    ``max_bytes``, not UTF-8, not JSON, nested deeper than ``max_depth``, not a notebook, or
    with more than ``max_cells`` cells; a cell whose text is not text. The size is checked
    before the file is read and the nesting before it is parsed, so no input can exhaust
    memory or the recursion limit.

    Repaired, with a note each (plain sentences): nbformat 3 converted to 4; non-text items in
    a cell's source or an output's text left out (the text around them kept); missing
    metadata, outputs and execution counts added; broken outputs, damaged grading metadata
    and cells that are not cells left out; invalid or repeated cell ids replaced.

    Parameters
    ----------
    path
        The notebook file.
    max_bytes, max_cells, max_depth
        The largest file, the most cells and the deepest nesting of brackets accepted.

    Returns
    -------
    tuple[NotebookNode, list[str]]

    Raises
    ------
    SubmissionError
        The file cannot be used; the message names it and says why.
    """
    path = Path(path)
    name = terminal_safe(path.name, 120)
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise SubmissionError(f"{name} is {_size(size)}, more than the {_size(max_bytes)} "
                                      "a notebook may be.", limit=True)
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        reason = terminal_safe(exc.strerror or exc.__class__.__name__, 100)
        raise SubmissionError(f"{name} cannot be read ({reason}).") from None
    if len(raw) > max_bytes:  # it grew while we looked
        raise SubmissionError(f"{name} is more than the {_size(max_bytes)} a notebook may be.",
                              limit=True)
    if not raw.strip():
        raise SubmissionError(f"{name} is empty ({len(raw)} bytes of notebook).")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionError(f"{name} is not a notebook: it is not UTF-8 text.") from None
    if _too_deep(text, max_depth):
        raise SubmissionError(f"{name} nests its data more than {max_depth} levels deep, which "
                              "no notebook needs.", limit=True)
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SubmissionError(f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno})"
                              ": the file is damaged or incomplete.") from None
    except ValueError as exc:  # e.g. a number with more digits than Python converts
        detail = terminal_safe(str(exc), 100)
        raise SubmissionError(f"{name} is not valid JSON ({detail}).") from None
    if not isinstance(nb, dict):
        kind = {list: "a JSON list"}.get(type(nb), "a single JSON value")
        raise SubmissionError(f"{name} is not a notebook: it holds {kind}, not a notebook.")
    version = nb.get("nbformat", 4 if "cells" in nb else None)
    repairs = _Repairs()
    if version == 3:
        sheets = nb.get("worksheets")
        count = sum(len(s.get("cells", [])) for s in sheets if isinstance(s, dict)
                    and isinstance(s.get("cells", []), list)) if isinstance(sheets, list) else 0
        if count > max_cells:
            raise SubmissionError(f"{name} has {count} cells, more than the {max_cells} a "
                                  "notebook may have.", limit=True)
        nb = _convert_v3(nb, name, repairs)
    elif version is None:
        raise SubmissionError(f"{name} is not a notebook: it has no cells.")
    elif version != 4:
        raise SubmissionError(f"{name} is saved in nbformat {_show(version)}, which cxlab "
                              "cannot read (it reads nbformat 3 and 4).")
    if not isinstance(nb.get("cells"), list):
        raise SubmissionError(f"{name} is not a notebook: its cells are not a list.")
    if len(nb["cells"]) > max_cells:
        raise SubmissionError(f"{name} has {len(nb['cells'])} cells, more than the {max_cells} a "
                              "notebook may have.", limit=True)
    _repair_v4(nb, name, repairs)
    notes = repairs.finish()
    node = nbformat.from_dict(nb)
    node.metadata[NOTES_KEY] = list(notes)  # always ours: a participant's own value is replaced
    return node, notes


def read_notebook(
    path: str | os.PathLike,
    *,
    max_bytes: int = 20_000_000,
    max_cells: int = 2_000,
    max_depth: int = 64,
) -> nbformat.NotebookNode:
    """Read a participant's notebook as nbformat 4; notes in ``metadata["cxlab_read_notes"]``.

    See :func:`read_notebook_with_notes` for what is refused and what is repaired.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "ann.ipynb"
    ...     _ = path.write_text('{"cells": [{"cell_type": "code", "source": ["x = ", 1]}]}')
    ...     nb = read_notebook(path)
    >>> nb.cells[0].source, nb.metadata["cxlab_read_notes"][0]
    ('x = ', "cell 1's source holds a number (1) where text belongs; it was left out.")
    """
    nb, _ = read_notebook_with_notes(path, max_bytes=max_bytes, max_cells=max_cells,
                                     max_depth=max_depth)
    return nb
