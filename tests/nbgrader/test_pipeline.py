"""Every assessment goes through nbgrader as a trainer would use it.

For each assignment under ``assessments/``, in a throwaway course directory:

* ``nbgrader validate`` passes on the source (the worked answers pass every test);
* ``nbgrader generate_assignment`` makes the participant release;
* the release carries no solution text and no hidden test;
* the source, handed in, autogrades to full marks on the automatic questions and the blank
  release to 0, both by nbgrader's own in-kernel autograde (an independent check that the
  ``%%answer`` cells and hidden tests agree) and by ``cxlab grade`` (which marks from the typed
  text without running anything).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, load_notebook

ASSIGNMENTS = sorted(p.name for p in (ROOT / "assessments").iterdir() if p.is_dir())

pytestmark = pytest.mark.nbgrader


def _nbgrader(course: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        # nbgrader runs `alembic` from PATH: use the one installed beside this Python.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "JUPYTER_CONFIG_DIR": str(course / ".jupyter"),
        "JUPYTER_DATA_DIR": str(course / ".jupyter-data"),
        "IPYTHONDIR": str(course / ".ipython"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check and result.returncode != 0:
        pytest.fail(
            f"nbgrader {' '.join(args)} exited {result.returncode}\n"
            f"--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}",
            pytrace=False,
        )
    return result


def _region_lines(text: str, begin: str, end: str) -> list[str]:
    lines, inside = [], False
    for line in text.splitlines():
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


def _secret_lines(nb: dict) -> list[str]:
    """Solution and hidden-test lines, and the text of manually graded model answers."""
    secrets: list[str] = []
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        meta = cell.get("metadata", {}).get("nbgrader", {})
        secrets += _region_lines(text, "BEGIN SOLUTION", "END SOLUTION")
        secrets += _region_lines(text, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
        if cell["cell_type"] == "markdown" and meta.get("solution"):
            secrets += [line.strip() for line in text.splitlines() if len(line.strip()) > 20]
    return secrets


def _runs_top_to_bottom(path: Path, *, personal: bool) -> None:
    """The release, as a participant gets it, runs top to bottom with no error (unanswered,
    and, for a personal assessment, with PRACTICE typed as the code)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(str(path), as_version=4)
    if personal:
        cell = next(c for c in nb.cells if c.source.startswith("%%answer code code"))
        cell.source += "\nPRACTICE\n"
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, f"{path.name}: {errors[0].ename}: {errors[0].evalue}"
    text = json.dumps([c.get("outputs", []) for c in nb.cells])
    assert "not answered yet" in text
    if personal:
        assert "Practice case P" in text


@pytest.fixture(params=ASSIGNMENTS)
def course(request, tmp_path: Path) -> tuple[Path, str]:
    assignment = request.param
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    shutil.copytree(ROOT / "assessments" / assignment, tmp_path / "assessments" / assignment)
    return tmp_path, assignment


def test_there_are_assessments() -> None:
    assert "00-start-here" in ASSIGNMENTS


def test_assessment_pipeline(course: tuple[Path, str]) -> None:
    from nbgrader.api import Gradebook

    root, assignment = course
    sources = sorted((root / "assessments" / assignment).glob("*.ipynb"))
    assert sources, f"assessments/{assignment} has no notebook"

    for source in sources:
        validated = _nbgrader(root, "validate", str(source))
        assert "Success! Your notebook passes all the tests." in validated.stdout, validated.stdout

    _nbgrader(root, "generate_assignment", assignment, "--force")
    released = {p.name: p for p in (root / "release" / assignment).glob("*.ipynb")}
    assert set(released) == {s.name for s in sources}

    for source in sources:
        release_nb = load_notebook(released[source.name])
        release_text = json.dumps(release_nb)
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "model answer"):
            assert marker not in release_text, f"{source.name}: release contains {marker!r}"
        release_lines = {
            line.strip()
            for cell in release_nb["cells"]
            for line in "".join(cell["source"]).splitlines()
        }
        leaked = [s for s in _secret_lines(load_notebook(source)) if s in release_lines]
        assert not leaked, f"{source.name}: release leaks {leaked}"
        assert "raise NotImplementedError" not in release_text
        _runs_top_to_bottom(released[source.name], personal="%%answer code code" in release_text)

    for student, folder in (("perfect", root / "assessments"), ("blank", root / "release")):
        target = root / "submitted" / student / assignment
        target.mkdir(parents=True)
        for source in sources:
            shutil.copy(folder / assignment / source.name, target / source.name)
        (target / "timestamp.txt").write_text("2026-11-20 09:00:00.000000 UTC\n")

    graded = _nbgrader(root, "autograde", assignment, "--create", "--force")
    assert "Traceback" not in graded.stderr.replace("Traceback (most recent call last)", ""), (
        graded.stderr[-3000:]
    )

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        perfect = gb.find_submission(assignment, "perfect")
        blank = gb.find_submission(assignment, "blank")
        auto_max = sum(
            g.max_score for nb in perfect.notebooks for g in nb.grades if g.auto_score is not None
        )
        auto_perfect = sum(g.auto_score or 0 for nb in perfect.notebooks for g in nb.grades)
        auto_blank = sum(g.auto_score or 0 for nb in blank.notebooks for g in nb.grades)
        manual = [g for nb in perfect.notebooks for g in nb.grades if g.auto_score is None]
        assert auto_max > 0
        assert auto_perfect == pytest.approx(auto_max), "the worked answers lose marks"
        assert auto_blank == 0
        assert blank.score == 0
        assert manual, "every assessment has a manually graded written answer"
        assert perfect.needs_manual_grade

    for student in ("perfect", "blank"):
        for source in sources:
            assert (root / "autograded" / student / assignment / source.name).exists()

    # cxlab's marker, from the typed text alone, agrees with nbgrader's in-kernel autograde
    from cxlab.grading import grade

    summary = grade(root, assignment, jobs=2, force=True, progress=False)
    results = {r.student: r for r in summary.results}
    assert {r.status for r in summary.results} == {"graded"}, str(summary)
    assert results["blank"].score == 0, str(summary)
    if any("%%answer code code" in s.read_text() for s in sources):
        # personal cases: the worked copy answers the demo code's case, and "perfect" has a
        # code of its own, so cxlab marks it on its own case and says why
        assert any("personal code of someone else" in n for n in results["perfect"].notes)
    else:
        assert results["perfect"].score == pytest.approx(auto_max), str(summary)


def test_release_answer_cells_name_their_question_and_form() -> None:
    """Participants see ``%%answer qN FORM`` and where to type, never an error stub."""
    for assignment in ASSIGNMENTS:
        for source in (ROOT / "assessments" / assignment).glob("*.ipynb"):
            for cell in load_notebook(source)["cells"]:
                meta = cell.get("metadata", {}).get("nbgrader", {})
                if cell["cell_type"] == "code" and meta.get("solution"):
                    text = "".join(cell["source"])
                    before = text.split("### BEGIN SOLUTION")[0]
                    assert re.match(
                        rf"%%answer {meta['grade_id']} "
                        r"(number|letters? [A-Z]+|order [A-Z]+|text|code)"
                        r".*\n# Type your answer under this line", before), (
                        f"{source.name} cell {meta['grade_id']} does not start as an answer cell"
                    )
