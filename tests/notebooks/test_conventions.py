"""Committed notebooks are product: clean, complete, and derived from one source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cxlab import _authoring
from tests.conftest import ROOT, load_notebook, notebooks_under

ALL = notebooks_under("course", "solutions", "assessments")
LESSONS = notebooks_under("course", "solutions")
SOLUTIONS = notebooks_under("solutions")
NAME_RE = re.compile(r"^\d\d\.\d\d-[a-z0-9-]+\.ipynb$")


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in paths]


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_there_are_notebooks_to_check() -> None:
    assert SOLUTIONS, "no solution notebooks found"
    assert len(LESSONS) == 2 * len(SOLUTIONS)


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_committed_without_outputs(path: Path) -> None:
    nb = load_notebook(path)
    dirty = [
        i + 1
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, f"cells {dirty} carry outputs or execution counts; clear them first"


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_kernel_metadata_present(path: Path) -> None:
    """Without a kernelspec JupyterLab opens a 'Select Kernel' dialog."""
    meta = load_notebook(path)["metadata"]
    assert meta.get("kernelspec", {}).get("name") == "python3"
    assert meta.get("language_info", {}).get("name") == "python"


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_lesson_structure(path: Path) -> None:
    assert NAME_RE.match(path.name), f"{path.name} is not named NN.MM-short-title.ipynb"
    assert path.parent.name[:2] == path.name[:2], "notebook number must match its module folder"
    nb = load_notebook(path)
    cells = nb["cells"]
    first, last = _source(cells[0]), _source(cells[-1])
    assert cells[0]["cell_type"] == "markdown" and first.startswith("# "), "first cell: title"
    info = _authoring.notebook_info(path)
    assert info.minutes, "first cell must say '**Time:** about N minutes'"
    assert "learn" in first.lower() or "objective" in first.lower(), "first cell: objectives"
    assert cells[-1]["cell_type"] == "markdown" and "next" in last.lower(), "last cell: next step"
    tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"


@pytest.mark.parametrize("path", SOLUTIONS, ids=_ids(SOLUTIONS))
def test_student_version_is_derived_from_solution(path: Path) -> None:
    student = ROOT / "course" / path.relative_to(ROOT / "solutions")
    assert student.exists(), f"missing participant version {student.relative_to(ROOT)}"
    derived = _authoring.derive_student(load_notebook(path), name=path.name)
    assert _authoring.dumps(derived) == student.read_text(encoding="utf-8"), (
        f"{student.relative_to(ROOT)} differs from what its solution gives; "
        "run `make notebooks`"
    )


@pytest.mark.parametrize("path", SOLUTIONS, ids=_ids(SOLUTIONS))
def test_student_version_has_no_solution_text(path: Path) -> None:
    student = load_notebook(ROOT / "course" / path.relative_to(ROOT / "solutions"))
    text = "\n".join(_source(c) for c in student["cells"])
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "solution-only"):
        assert marker not in text


def test_course_index_is_current() -> None:
    assert (ROOT / "course" / "README.md").read_text(encoding="utf-8") == _authoring.render_index(
        ROOT / "solutions"
    ), "course/README.md is out of date; run `make notebooks`"


def test_course_index_lists_every_module_and_notebook() -> None:
    index = (ROOT / "course" / "README.md").read_text(encoding="utf-8")
    for _folder, title, _ in _authoring.MODULES:
        assert title in index
    for path in notebooks_under("course"):
        assert f"]({path.parent.name}/{path.name})" in index


#: The most lines a code cell a participant sees may have (issue 18): longer code belongs in
#: the library, where it is tested, and the lesson calls it.
MAX_CODE_LINES = 10
COURSE = notebooks_under("course")


@pytest.mark.parametrize("path", COURSE, ids=_ids(COURSE))
def test_no_code_cell_is_longer_than_ten_lines(path: Path) -> None:
    long = [
        f"cell {i + 1} ({len(_source(cell).splitlines())} lines): "
        f"{_source(cell).splitlines()[0][:60]!r}"
        for i, cell in enumerate(load_notebook(path)["cells"])
        if cell["cell_type"] == "code" and len(_source(cell).splitlines()) > MAX_CODE_LINES
    ]
    assert not long, (f"{path.name} has code cells longer than {MAX_CODE_LINES} lines; move "
                      "the code into the library:\n  " + "\n  ".join(long))
