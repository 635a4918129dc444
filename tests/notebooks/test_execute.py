"""Run every course and solution notebook top to bottom with papermill.

One test per notebook (the test id is its path). Each runs in its own temporary directory,
with the parameters the notebook asks CI to use (``metadata.cxlab.ci_parameters``), so CI
can shrink simulations. A failure names the failing cell, shows its source and the error.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import papermill
import pytest

from tests.conftest import ROOT, load_notebook, notebooks_under

NOTEBOOKS = notebooks_under("course", "solutions")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _failure_report(path: Path, exc: papermill.PapermillExecutionError) -> str:
    source = exc.source if isinstance(exc.source, str) else "".join(exc.source)
    trace = _ANSI.sub("", "\n".join(exc.traceback[-12:]))
    return (
        f"{path.relative_to(ROOT)} failed in cell {exc.exec_count} "
        f"(cell index {exc.cell_index}):\n"
        f"--- cell source ---\n{source}\n"
        f"--- error ---\n{exc.ename}: {exc.evalue}\n{trace}"
    )


@pytest.mark.notebook
@pytest.mark.parametrize(
    "path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS]
)
def test_notebook_runs(path: Path, tmp_path: Path, record_property) -> None:
    nb = load_notebook(path)
    parameters = nb.get("metadata", {}).get("cxlab", {}).get("ci_parameters", {})
    work = tmp_path / path.name
    shutil.copy(path, work)
    start = time.perf_counter()
    try:
        papermill.execute_notebook(
            str(work),
            str(tmp_path / f"executed-{path.name}"),
            parameters=parameters,
            cwd=str(tmp_path),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
        )
    except papermill.PapermillExecutionError as exc:
        pytest.fail(_failure_report(path, exc), pytrace=False)
    finally:
        record_property("notebook", str(path.relative_to(ROOT)))
        record_property("notebook_seconds", time.perf_counter() - start)
