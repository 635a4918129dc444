"""Reading a journey from a file: YAML (the whole journey) or CSV (touchpoints, process steps).

:func:`load_journey` reads either, or the sample journey shipped with cxlab (through the data
registry), and checks it with :mod:`._checks`.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from typing import Any

from .._validation import CxlabFileNotFoundError, CxlabValueError, describe
from ..data.registry import dataset_text
from ._checks import _build
from .model import SAMPLE_JOURNEY, SAMPLE_JOURNEY_DATASET, Journey, JourneyError

__all__ = ["load_journey"]


def load_journey(
    path: str | os.PathLike[str] | None = None,
    *,
    steps_path: str | os.PathLike[str] | None = None,
) -> Journey:
    """Load and check a journey from a YAML or CSV file; the sample journey when no path.

    Parameters
    ----------
    path : str or path, optional
        A ``.yml``/``.yaml`` file (the whole journey) or a ``.csv`` file (one row per
        touchpoint; see the module docstring for the columns). Without a path, the sample
        journey of a broadband provider shipped with cxlab.
    steps_path : str or path, optional
        For a CSV journey only: a CSV file of process steps (``id, name, lane, stage``,
        optionally ``owner``).

    Returns
    -------
    Journey

    Raises
    ------
    FileNotFoundError
        If there is no file at ``path`` or ``steps_path`` (a ``cxlab.CxlabValueError`` too,
        naming the parameter).
    JourneyError
        If the journey has problems; the message lists them all with their line or row.

    Examples
    --------
    >>> journey = load_journey()
    >>> [s.id for s in journey.stages][:4]
    ['discovery', 'consideration', 'purchase', 'installation']
    >>> journey.persona.name
    'Priya'
    """
    if path is None:
        if steps_path is not None:
            raise CxlabValueError("steps_path is for a CSV journey; give path as well")
        return _from_yaml(dataset_text(SAMPLE_JOURNEY_DATASET), source=SAMPLE_JOURNEY)
    if not isinstance(path, (str, os.PathLike)):
        raise CxlabValueError(f"path must be a file name, got {describe(path)}")
    file = _existing(path)
    suffix = file.suffix.lower()
    if suffix in {".yml", ".yaml"}:
        if steps_path is not None:
            raise CxlabValueError(
                "steps_path is for a CSV journey; a YAML journey lists its process_steps itself"
            )
        return _from_yaml(file.read_text(encoding="utf-8-sig"), source=str(path))
    if suffix == ".csv":
        steps_text = None
        if steps_path is not None:
            steps_text = _existing(steps_path, "steps_path").read_text(encoding="utf-8-sig")
        return _from_csv(file.read_text(encoding="utf-8-sig"), source=str(path),
                         steps_text=steps_text, steps_source=str(steps_path))
    raise CxlabValueError(
        f"path must end in .yml, .yaml or .csv, got {describe(str(path))}"
    )


def _existing(path: str | os.PathLike[str], name: str = "path") -> Path:
    file = Path(path).expanduser()
    if file.is_dir():
        raise CxlabValueError(
            f"{name} {str(path)!r} is a folder, not a journey file (.yml or .csv)")
    if not file.is_file():
        raise CxlabFileNotFoundError(
            f"{name} must name an existing file; there is no file {str(path)!r} (looked for "
            f"{file.resolve()}); check the name and the folder: relative names start from "
            f"{Path.cwd()}"
        )
    return file


class _Located(dict):
    """A mapping read from a file that remembers where it starts (and, for CSV, which file)."""

    line: int | None = None
    source: str | None = None


class _LocatedList(list):
    line: int | None = None


def _yaml_loader() -> type:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def mapping(loader: Any, node: Any) -> _Located:
        result = _Located(loader.construct_mapping(node, deep=True))
        result.line = node.start_mark.line + 1
        return result

    def sequence(loader: Any, node: Any) -> _LocatedList:
        result = _LocatedList(loader.construct_sequence(node, deep=True))
        result.line = node.start_mark.line + 1
        return result

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, sequence)
    return Loader


def _from_yaml(text: str, *, source: str) -> Journey:
    import yaml

    try:
        data = yaml.load(text, Loader=_yaml_loader())  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise JourneyError(f"{source}{where}: could not be read as YAML ({problem}); check "
                           "the indentation and that each list entry starts with '- '") from exc
    if data is None:
        raise JourneyError(f"{source} is empty: a journey needs stages and touchpoints")
    return _build(data, source=source)


_CSV_REQUIRED = ("id", "name", "stage", "channel", "owner", "emotion")
_CSV_OPTIONAL = ("customer_goal", "stage_name", "moment_of_truth", "pain_points",
                 "process_steps")
_STEPS_REQUIRED = ("id", "name", "lane", "stage")


def _csv_rows(text: str, source: str, required: tuple[str, ...]) -> list[_Located]:
    reader = csv.reader(io.StringIO(text))
    rows = [(number, row) for number, row in enumerate(reader, start=1)
            if any(cell.strip() for cell in row)]
    if not rows:
        raise JourneyError(f"{source} is empty: expected a header row with the columns "
                           f"{', '.join(required)}")
    header_number, header = rows[0]
    keys = [re.sub(r"[\s\-]+", "_", h.strip().lstrip("\ufeff").lower()) for h in header]
    missing = [c for c in required if c not in keys]
    if missing:
        raise JourneyError(
            f"{source} is missing the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}; it must have {', '.join(required)}; the file has "
            f"{', '.join(repr(h) for h in header if h.strip()) or 'no column names'}"
        )
    result = []
    for number, row in rows[1:]:
        item = _Located({k: (row[i].strip() if i < len(row) else "")
                         for i, k in enumerate(keys) if k})
        item.line = -number  # negative: a CSV row
        result.append(item)
    return result


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _from_csv(text: str, *, source: str, steps_text: str | None, steps_source: str) -> Journey:
    rows = _csv_rows(text, source, _CSV_REQUIRED)
    stages: dict[str, _Located] = {}
    touchpoints = []
    for row in rows:
        stage = row.get("stage", "")
        if stage and stage not in stages:
            stages[stage] = _Located({"id": stage, "name": row.get("stage_name") or stage})
            stages[stage].line = row.line
        entry = _Located(row)
        entry["pain_points"] = _split(row.get("pain_points", ""))
        entry["process_steps"] = _split(row.get("process_steps", ""))
        entry.line = row.line
        touchpoints.append(entry)
    data: dict[str, Any] = {"stages": list(stages.values()), "touchpoints": touchpoints}
    if steps_text is not None:
        steps = _csv_rows(steps_text, steps_source, _STEPS_REQUIRED)
        for step in steps:
            step.source = steps_source
        data["process_steps"] = steps
    return _build(data, source=source)

