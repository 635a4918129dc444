"""Run every course and solution notebook top to bottom with papermill.

One test per notebook (the test id is its path). Each runs in its own temporary directory,
with the parameters the notebook asks CI to use (``metadata.cxlab.ci_parameters``), so CI
can shrink simulations. A failure names the failing cell, shows its source and the error.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import warnings
from pathlib import Path

import papermill
import pytest
from nbclient.exceptions import DeadKernelError

from tests.conftest import ROOT, load_notebook, notebooks_under

NOTEBOOKS = notebooks_under("course", "solutions")
#: A cell running longer than this is taken as hung (the slowest cell today takes ~2 s).
CELL_TIMEOUT_SECONDS = 240
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _failure_report(name: str, exc: papermill.PapermillExecutionError) -> str:
    source = exc.source if isinstance(exc.source, str) else "".join(exc.source)
    trace = _ANSI.sub("", "\n".join(exc.traceback[-12:]))
    return (
        f"{name} failed in cell {exc.exec_count} (cell index {exc.cell_index}):\n"
        f"--- cell source ---\n{source}\n"
        f"--- error ---\n{exc.ename}: {exc.evalue}\n{trace}"
    )


def execute(path: Path, workdir: Path, name: str) -> float:
    """Execute a copy of ``path`` inside ``workdir``; return seconds, or fail with a report."""
    nb = load_notebook(path)
    parameters = nb.get("metadata", {}).get("cxlab", {}).get("ci_parameters", {})
    work = workdir / path.name
    shutil.copy(path, work)
    start = time.perf_counter()
    for attempt in (1, 2):
        try:
            papermill.execute_notebook(
                str(work),
                str(workdir / f"executed-{path.name}"),
                parameters=parameters,
                cwd=str(workdir),
                kernel_name="python3",
                progress_bar=False,
                log_output=False,
                execution_timeout=CELL_TIMEOUT_SECONDS,
            )
            break
        except papermill.PapermillExecutionError as exc:
            pytest.fail(_failure_report(name, exc), pytrace=False)
        except (TimeoutError, DeadKernelError) as exc:
            # A kernel that stops answering is not the notebook's fault (seen once in a
            # fresh venv: kernel and client both idle, a reply lost). Try once more, and
            # say so; a second hang fails the test instead of holding CI for 90 minutes.
            if attempt == 2:
                pytest.fail(f"{name}: the kernel stopped answering twice ({exc!r})",
                            pytrace=False)
            warnings.warn(f"{name}: kernel stopped answering ({exc!r}); retrying once",
                          stacklevel=1)
    return time.perf_counter() - start


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_notebook_runs(path: Path, tmp_path: Path, record_property) -> None:
    name = str(path.relative_to(ROOT))
    seconds = execute(path, tmp_path, name)
    record_property("notebook", name)
    record_property("notebook_seconds", seconds)


def test_a_failing_cell_is_reported_with_its_source_and_error(tmp_path: Path) -> None:
    broken = {
        "cells": [
            {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "id": "a",
             "source": "size = 3", "outputs": [], "execution_count": None},
            {"cell_type": "code", "metadata": {}, "id": "b",
             "source": "calls = size * 10\ncalls / 0", "outputs": [], "execution_count": None},
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"},
                     "cxlab": {"ci_parameters": {"size": 1}}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    path = tmp_path / "src" / "broken.ipynb"
    path.parent.mkdir()
    path.write_text(json.dumps(broken))
    (tmp_path / "run").mkdir()
    with pytest.raises(pytest.fail.Exception) as info:
        execute(path, tmp_path / "run", "broken.ipynb")
    message = str(info.value)
    assert "broken.ipynb failed in cell" in message
    assert "calls = size * 10\ncalls / 0" in message
    assert "ZeroDivisionError" in message
    executed = load_notebook(tmp_path / "run" / "executed-broken.ipynb")
    injected = [
        c for c in executed["cells"] if "injected-parameters" in c["metadata"].get("tags", [])
    ]
    assert injected and "size = 1" in "".join(injected[0]["source"]), "CI parameters are injected"
