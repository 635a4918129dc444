"""A course notebook opened in JupyterLab is not marked modified before the participant acts.

As a kernel starts, JupyterLab writes what the kernel reports into the notebook's metadata
(``language_info``, ``kernelspec``) and marks the notebook modified if that changed anything;
it also upgrades a notebook older than format 4.5 or without cell ids. So every course
notebook must already hold exactly what this environment's kernel reports. The browser test
(tests/browser/test_opens_unchanged.py) checks the tab itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cxlab import _authoring
from tests.conftest import ROOT, load_notebook, notebooks_under

COURSE = notebooks_under("course")


def _kernel() -> tuple[dict, dict]:
    """What ipykernel of this environment reports: its language_info and its kernel spec."""
    from ipykernel.ipkernel import IPythonKernel
    from ipykernel.kernelspec import get_kernel_dict

    spec = get_kernel_dict()
    return (dict(IPythonKernel.language_info),
            {"name": "python3", "display_name": spec["display_name"],
             "language": spec["language"]})


def test_there_are_course_notebooks() -> None:
    assert len(COURSE) > 30


@pytest.mark.parametrize("path", COURSE, ids=[str(p.relative_to(ROOT)) for p in COURSE])
def test_the_notebook_already_holds_what_jupyterlab_writes_on_opening(path: Path) -> None:
    nb = load_notebook(path)
    language_info, kernelspec = _kernel()
    assert nb["metadata"].get("language_info") == language_info, (
        "opening this notebook would change its language_info (this environment's kernel "
        "reports another one; the course is generated for the Python named in "
        "constraints.txt: run `make notebooks` in the pinned environment)")
    assert nb["metadata"].get("kernelspec") == kernelspec
    assert (nb["nbformat"], nb["nbformat_minor"]) >= (4, 5)
    ids = [cell.get("id") for cell in nb["cells"]]
    assert all(ids) and len(set(ids)) == len(ids), "every cell needs an id of its own"


def test_the_generator_writes_what_the_kernel_reports() -> None:
    """The generator's copy of the kernel's report matches ipykernel's own, for the Python
    the course is pinned to (constraints.txt names it)."""
    language_info, _ = _kernel()
    pinned = _authoring.pinned_python(ROOT)
    assert _authoring.kernel_language_info(pinned) == {**language_info, "version": pinned}


def test_the_pinned_python_is_read_from_the_lock_file(tmp_path: Path) -> None:
    (tmp_path / "constraints.txt").write_text(
        "# Every package of .venv pinned (Python 3.12.4, Linux) for make lab, make test,\n"
        "numpy==2.0.0\n")
    assert _authoring.pinned_python(tmp_path) == "3.12.4"
    student = _authoring.derive_student(
        {"cells": [], "metadata": {"language_info": {"name": "python"}},
         "nbformat": 4, "nbformat_minor": 5}, python_version="3.12.4")
    assert student["metadata"]["language_info"]["version"] == "3.12.4"
    assert student["metadata"]["language_info"]["codemirror_mode"] == {"name": "ipython",
                                                                       "version": 3}
