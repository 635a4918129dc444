"""Student notebooks are derived from the worked solutions by one rule set."""

from __future__ import annotations

import pytest

from cxlab import _authoring


def _nb(*cells: dict) -> dict:
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _code(text: str, **meta) -> dict:
    return {"cell_type": "code", "metadata": meta, "source": text, "outputs": [],
            "execution_count": None, "id": "c"}


def _md(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text, "id": "m"}


def _text(nb: dict) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"]]


def test_solution_assignments_become_empty_answers() -> None:
    nb = _nb(
        _code("x = 1\n### BEGIN SOLUTION\nanswer_agents = 14\nhelper(3)\n### END SOLUTION\ny = 2")
    )
    assert _text(_authoring.derive_student(nb)) == [
        f"x = 1\nanswer_agents = None  {_authoring.STUB_COMMENT}\ny = 2"
    ]


def test_comparison_is_not_an_assignment() -> None:
    nb = _nb(_code("### BEGIN SOLUTION\nanswer == 3\n### END SOLUTION"))
    assert _text(_authoring.derive_student(nb)) == [""]


def test_markdown_solution_is_removed() -> None:
    nb = _nb(
        _md("Before\n<!-- BEGIN SOLUTION -->\nThe answer is 14.\n<!-- END SOLUTION -->\nAfter")
    )
    assert _text(_authoring.derive_student(nb)) == ["Before\nAfter"]


def test_solution_only_cells_are_dropped_and_outputs_cleared() -> None:
    run = _code("print(1)")
    run["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "1"}]
    run["execution_count"] = 3
    nb = _nb(run, _code("secret", tags=["solution-only"]))
    student = _authoring.derive_student(nb)
    assert len(student["cells"]) == 1
    assert student["cells"][0]["outputs"] == [] and student["cells"][0]["execution_count"] is None
    assert run["outputs"], "the input notebook is not modified"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("### BEGIN SOLUTION\nx = 1", "never closed"),
        ("x = 1\n### END SOLUTION", "without"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "inside a solution block"),
    ],
)
def test_unbalanced_code_markers_are_reported(source: str, message: str) -> None:
    with pytest.raises(_authoring.SolutionMarkerError, match=f"demo.ipynb, cell 1: .*{message}"):
        _authoring.derive_student(_nb(_code(source)), name="demo.ipynb")


def test_unbalanced_markdown_markers_are_reported() -> None:
    with pytest.raises(_authoring.SolutionMarkerError, match="unbalanced"):
        _authoring.derive_student(_nb(_md("<!-- BEGIN SOLUTION -->\nno end")))


def test_check_reports_stale_course_notebook(tmp_path) -> None:
    import json

    (tmp_path / "solutions" / "00-x").mkdir(parents=True)
    (tmp_path / "course").mkdir()
    nb = _nb(
        _md("# T\n\n**Time:** about 5 minutes"),
        _code("### BEGIN SOLUTION\nq = 1\n### END SOLUTION"),
    )
    (tmp_path / "solutions" / "00-x" / "00.01-x.ipynb").write_text(json.dumps(nb))
    assert _authoring.main(["check", "--root", str(tmp_path)]) == 1
    assert _authoring.main(["build", "--root", str(tmp_path)]) == 0
    assert _authoring.main(["check", "--root", str(tmp_path)]) == 0
    built = json.loads((tmp_path / "course" / "00-x" / "00.01-x.ipynb").read_text())
    assert "q = None" in "".join(built["cells"][1]["source"])
