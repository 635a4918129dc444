"""Maintainers' notebook tools: one source per exercise, clean notebooks, the course index.

The worked notebooks under ``solutions/`` are the single source. The participant notebooks
under ``course/`` are derived from them:

* in an answer cell (first line ``%%answer NAME FORM``, see :mod:`cxlab.quiz.typed`) the block
  between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (the typed model answer) is removed,
  leaving the first line and the line saying where to type;
* in other code cells, such a block becomes an empty answer: every ``name = ...`` line in it
  turns into ``name = None`` with a comment telling the learner to type their answer; other
  lines in the block are dropped;
* in Markdown cells, text between ``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->``
  is removed;
* cells tagged ``solution-only`` are left out;
* the notebook's ``language_info`` is the one its kernel reports (JupyterLab writes that in as
  the kernel starts, which would mark a notebook with less "modified" on opening).

Every committed notebook is stored without outputs or execution counts. Run::

    python -m cxlab._authoring build    # rewrite course/ and course/README.md
    python -m cxlab._authoring check    # exit 1 if anything is out of date

This module reads notebooks as plain JSON (no nbformat import), so it is fast in tests.
"""

from __future__ import annotations

import argparse
import copy
import json
import platform
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ._validation import CxlabValueError

__all__ = [
    "MODULES",
    "NotebookInfo",
    "SolutionMarkerError",
    "clean_notebook",
    "derive_student",
    "dumps",
    "kernel_language_info",
    "notebook_info",
    "pinned_python",
    "render_index",
]

#: The course modules, in teaching order: (folder, title, one-line summary).
MODULES: list[tuple[str, str, str]] = [
    ("00-start-here", "Start here", "How the notebooks work, and how to hand in an assessment."),
    (
        "01-service-level",
        "Service level and response time",
        "Erlang staffing, ASA, occupancy, shrinkage, abandonment and randomness.",
    ),
    (
        "02-metric-interrelationships",
        "Metric interrelationships",
        "Cause and effect between metrics; working backwards from a missed target.",
    ),
    (
        "03-coaching-scoring",
        "Monitoring and coaching",
        "QA scorecards, calibration between evaluators and coaching priorities.",
    ),
    (
        "04-prioritisation",
        "Prioritising CX initiatives",
        "Cost and benefit, stakeholder rankings, the roadmap and the change board.",
    ),
    (
        "05-journey-mapping",
        "Customer journey mapping",
        "Stages, touchpoints, emotions, pain points and the voice of the customer.",
    ),
    (
        "06-making-cx-stick",
        "Making CX stick",
        "Maturity, CX in every role, momentum, the operating rhythm, the customer's voice in "
        "every team.",
    ),
    (
        "07-planning-the-operation",
        "Planning the operation",
        "Forecasts, shifts and rosters, digital channels and the money.",
    ),
]

CODE_BEGIN = "### BEGIN SOLUTION"
CODE_END = "### END SOLUTION"
MD_BEGIN = "<!-- BEGIN SOLUTION -->"
MD_END = "<!-- END SOLUTION -->"
STUB_COMMENT = "# <- type your answer in place of None, then run this cell"

_ASSIGN_RE = re.compile(r"^(\s*)([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)")
_MINUTES_RE = re.compile(r"\*\*Time:\*\*\s*about\s+(\d+)\s+minutes", re.I)


_VOLATILE_CELL_METADATA = (
    "execution",
    "collapsed",
    "scrolled",
    "papermill",
    "jp-MarkdownHeadingCollapsed",
)


class SolutionMarkerError(CxlabValueError):
    """A solution block is not closed, or an end marker has no start."""


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _split_source(text: str) -> list[str]:
    """Store source as a list of lines, as Jupyter itself writes it."""
    return text.splitlines(keepends=True)


def _strip_code_solution(text: str, where: str) -> str:
    out: list[str] = []
    inside = False
    answer_cell = text.lstrip().startswith("%%answer")
    for line in text.splitlines():
        stripped = line.strip()
        if stripped == CODE_BEGIN:
            if inside:
                raise SolutionMarkerError(f"{where}: '{CODE_BEGIN}' inside a solution block")
            inside = True
            continue
        if stripped == CODE_END:
            if not inside:
                raise SolutionMarkerError(f"{where}: '{CODE_END}' without '{CODE_BEGIN}'")
            inside = False
            continue
        if inside and answer_cell:
            continue
        if inside:
            match = _ASSIGN_RE.match(line)
            if match:
                indent, name = match.groups()
                out.append(f"{indent}{name} = None  {STUB_COMMENT}")
            continue
        out.append(line)
    if inside:
        raise SolutionMarkerError(f"{where}: '{CODE_BEGIN}' is never closed")
    return "\n".join(out)


def _strip_markdown_solution(text: str, where: str) -> str:
    pattern = re.compile(re.escape(MD_BEGIN) + r".*?" + re.escape(MD_END) + r"\n?", re.S)
    result = pattern.sub("", text)
    if MD_BEGIN in result or MD_END in result:
        raise SolutionMarkerError(f"{where}: unbalanced solution markers in a Markdown cell")
    return result.rstrip("\n")


def clean_notebook(nb: dict) -> dict:
    """Return a copy without outputs, execution counts or per-user cell metadata."""
    nb = copy.deepcopy(nb)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        meta = cell.get("metadata", {})
        for key in _VOLATILE_CELL_METADATA:
            meta.pop(key, None)
        cell["source"] = _split_source(_source(cell))
    nb.get("metadata", {}).pop("papermill", None)
    nb.get("metadata", {}).pop("widgets", None)
    return nb


def kernel_language_info(python_version: str) -> dict:
    """The ``language_info`` ipykernel reports on ``python_version``.

    JupyterLab writes what the kernel reports into the notebook as soon as the kernel starts.
    A notebook holding less (``{"name": "python"}``, say) is therefore changed by opening it:
    its tab shows the "modified" dot before the participant did anything, and closing it asks
    whether to save. The course notebooks hold all of it, for the Python the course is pinned
    to (:func:`pinned_python`).

    >>> kernel_language_info("3.11.7")["version"], kernel_language_info("3.11.7")["mimetype"]
    ('3.11.7', 'text/x-python')
    """
    return {
        "codemirror_mode": {"name": "ipython", "version": int(python_version.split(".")[0])},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
        "version": python_version,
    }


#: The repository this module lies in (``src/cxlab/``), where ``constraints.txt`` is.
_REPOSITORY = Path(__file__).resolve().parents[2]
_PINNED_RE = re.compile(r"\(Python (\d+\.\d+\.\d+)\b")


def pinned_python(root: Path) -> str:
    """The Python version every environment of the course is pinned to: the one named on
    the first line of ``constraints.txt`` (``make lock`` writes it), else the running one."""
    constraints = Path(root) / "constraints.txt"
    text = constraints.read_text(encoding="utf-8") if constraints.exists() else ""
    found = _PINNED_RE.search(text.split("\n", 1)[0])
    return found.group(1) if found else platform.python_version()


def derive_student(nb: dict, *, name: str = "notebook", python_version: str | None = None) -> dict:
    """The participant version of a worked (solution) notebook. It holds the
    ``language_info`` the kernel of ``python_version`` reports (:func:`kernel_language_info`;
    by default the Python this repository is pinned to), so opening it does not mark it
    modified."""
    nb = clean_notebook(nb)
    version = python_version or pinned_python(_REPOSITORY)
    nb.setdefault("metadata", {})["language_info"] = kernel_language_info(version)
    cells = []
    for index, cell in enumerate(nb["cells"]):
        tags = cell.get("metadata", {}).get("tags", [])
        if "solution-only" in tags:
            continue
        where = f"{name}, cell {index + 1}"
        text = _source(cell)
        if cell["cell_type"] == "code":
            text = _strip_code_solution(text, where)
        elif cell["cell_type"] == "markdown":
            text = _strip_markdown_solution(text, where)
        cell["source"] = _split_source(text)
        cells.append(cell)
    nb["cells"] = cells
    return nb


def dumps(nb: dict) -> str:
    """Serialise a notebook the way Jupyter does (1-space indent, sorted keys, newline)."""
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class NotebookInfo:
    path: Path
    title: str
    minutes: int | None


def notebook_info(path: Path) -> NotebookInfo:
    """Title (first heading) and estimated minutes (``**Time:** about N minutes``)."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    first = _source(nb["cells"][0]) if nb.get("cells") else ""
    title_match = re.search(r"^#\s+(.+)$", first, re.M)
    minutes_match = _MINUTES_RE.search(first)
    return NotebookInfo(
        Path(path),
        title_match.group(1).strip() if title_match else Path(path).stem,
        int(minutes_match.group(1)) if minutes_match else None,
    )


def render_index(source_dir: Path) -> str:
    """The course index (course/README.md): every module and notebook with its minutes.

    Reads the worked notebooks in ``source_dir`` (``solutions/``); links point at the
    participant notebooks of the same name beside the index.
    """
    lines = [
        "# cxlab course index",
        "",
        "<!-- Generated by `python -m cxlab._authoring build`; edit the notebooks instead. -->",
        "",
        "Work through the modules in order; each notebook says at the top what you will learn",
        "and about how long it takes. Worked solutions are in `solutions/` under the same names.",
        "",
    ]
    total = 0
    for folder, title, summary in MODULES:
        notebooks = sorted((source_dir / folder).glob("*.ipynb"))
        lines += [f"## {folder[:2]} {title}", "", summary, ""]
        if not notebooks:
            lines += ["*In preparation.*", ""]
            continue
        lines += ["| Notebook | Minutes |", "|---|---|"]
        for nb_path in notebooks:
            info = notebook_info(nb_path)
            total += info.minutes or 0
            minutes = "" if info.minutes is None else str(info.minutes)
            lines.append(f"| [{nb_path.stem} {info.title}]({folder}/{nb_path.name}) | {minutes} |")
        lines.append("")
    lines += [f"Total time for the notebooks available now: about {total} minutes.", ""]
    return "\n".join(lines)


def _pairs(root: Path) -> Iterator[tuple[Path, Path]]:
    for solution in sorted((root / "solutions").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in solution.parts:
            continue
        yield solution, root / "course" / solution.relative_to(root / "solutions")


def expected_files(root: Path) -> dict[Path, str]:
    """Every derived or cleaned file and the text it should have."""
    files: dict[Path, str] = {}
    python = pinned_python(root)
    for solution, student in _pairs(root):
        nb = json.loads(solution.read_text(encoding="utf-8"))
        rel = solution.relative_to(root)
        files[solution] = dumps(clean_notebook(nb))
        files[student] = dumps(derive_student(nb, name=str(rel), python_version=python))
    files[root / "course" / "README.md"] = render_index(root / "solutions")
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cxlab._authoring", description=__doc__)
    parser.add_argument("command", choices=["build", "check"])
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    root = args.root.resolve()
    stale = []
    for path, text in expected_files(root).items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path.relative_to(root))
        if args.command == "build":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    orphans = [
        p.relative_to(root)
        for p in sorted((root / "course").rglob("*.ipynb"))
        if ".ipynb_checkpoints" not in p.parts
        and not (root / "solutions" / p.relative_to(root / "course")).exists()
    ]
    for orphan in orphans:
        print(f"course notebook without a solution source: {orphan}", file=sys.stderr)
    if args.command == "build":
        for path in stale:
            print(f"wrote {path}")
        return 1 if orphans else 0
    for path in stale:
        print(f"out of date: {path} (run `python -m cxlab._authoring build`)", file=sys.stderr)
    return 1 if stale or orphans else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
