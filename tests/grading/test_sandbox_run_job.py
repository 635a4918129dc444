"""A notebook executed the way ``cxlab grade --execute`` does it (``_worker.run_job``).

The kernel is started by nbgrader's ``Execute`` through ``SandboxKernelManager``, inside the
sandbox; the participant's code tries what it should not, and the outputs come back capped.
"""

from __future__ import annotations

import base64
import json
import os
import random
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from traitlets.config import Config

from cxlab.grading import Limits
from cxlab.grading._worker import MAX_OUTPUT_CHARS, Job, run_job
from cxlab.grading.sandbox import Sandbox
from tests.conftest import ROOT

PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f0cb5c0000000049454e44ae426082"
)).decode()


def _attempt(what: str, code: str) -> str:
    body = "\n".join("    " + line for line in code.strip().splitlines())
    return (f"try:\n{body}\n    print('ALLOWED {what}')\n"
            f"except Exception as exc:\n    print('BLOCKED {what}', type(exc).__name__)\n")


def _run(tmp_path: Path, box: Sandbox, cells: list[str]) -> tuple[dict, nbformat.NotebookNode]:
    nb = new_notebook(cells=[new_code_cell(c) for c in cells], metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    path = tmp_path / "a1.ipynb"
    path.write_text(nbformat.writes(nb))
    (tmp_path / "data.csv").write_text("a,b\n1,2\n")
    job = Job(student="ann", assignment="a1", notebooks=[path],
              support_files=[(tmp_path / "data.csv", "data.csv")], snapshot_url="sqlite://",
              config=Config(), cell_timeout=60, submission_timeout=120)
    out = run_job(job, box)
    assert not out["error"], (out["error"], out.get("traceback"))
    return out, nbformat.reads(out["notebooks"]["a1.ipynb"], as_version=4)


def _texts(nb) -> list[str]:
    found = []
    for cell in nb.cells:
        parts = []
        for out in cell.outputs:
            if out.output_type == "stream":
                parts.append(out.text)
            elif out.output_type == "error":
                parts.append(f"{out.ename}: {out.evalue}")
            else:
                parts.append(str(out.get("data", {}).get("text/plain", "")))
        found.append("".join(parts))
    return found


@pytest.mark.skipif(os.geteuid() != 0 or not sys.platform.startswith("linux"),
                    reason="the full sandbox needs root on Linux (CI runs as root, so this "
                           "runs there)")
def test_a_notebook_runs_contained_and_its_outputs_are_capped(tmp_path) -> None:
    course = tmp_path / "course"
    course.mkdir()
    (course / "gradebook.db").write_text("SECRET")
    key = random.randint(10**8, 2**31 - 1)
    source = ROOT / "assessments" / "00-start-here" / "00-start-here.ipynb"
    cells = [
        "import json, os\nprint(json.dumps({'uid': os.getuid(), 'cwd': os.getcwd(), "
        "'csv': open('data.csv').read()}))",
        _attempt("source", f"open({str(source)!r}).read()"),
        _attempt("gradebook", f"open({str(course / 'gradebook.db')!r}).read()"),
        _attempt("write home", f"open({str(Path.home() / 'cxlab-x')!r}, 'w').write('x')"),
        "print('x' * 3_000_000)",
        f"import base64\nfrom IPython.display import Image, display\n"
        f"display(Image(data=base64.b64decode({PNG!r})))",
        "import ctypes\nprint(ctypes.CDLL(None).shmget(" + str(key) + ", 4096, 0o1666) >= 0)",
        "import pandas as pd\npd.DataFrame({'q': [1, 2]})",
        "raise ValueError('wrong answer')",
    ]
    box = Sandbox.for_course(course, Limits())
    assert box.full, box.reason
    uid = box.users[0][0]
    try:
        out, nb = _run(tmp_path, box, cells)
    finally:
        box.release()
    texts = _texts(nb)
    first = json.loads(texts[0])
    assert first["uid"] == uid and first["csv"] == "a,b\n1,2\n"
    for index, what in ((1, "source"), (2, "gradebook"), (3, "write home")):
        assert f"BLOCKED {what}" in texts[index], texts[index]
    assert not (Path.home() / "cxlab-x").exists()
    assert len(texts[4]) < MAX_OUTPUT_CHARS + 200 and "[output cut: 3000001 characters]" \
        in texts[4]
    assert any("image/png" in o.get("data", {}) for o in nb.cells[5].outputs)
    assert texts[6].strip() == "True"
    assert "q" in texts[7]
    assert texts[8].startswith("ValueError: wrong answer")
    assert "a1: 1 output(s) too big to keep were cut or replaced by a note" in out["notes"]
    with open("/proc/sysvipc/shm") as fh:
        assert str(key) not in {line.split()[0] for line in fh}


def test_the_limited_sandbox_still_executes(tmp_path) -> None:
    box = Sandbox.for_course(tmp_path / "course", Limits(), enabled=False)
    try:
        out, nb = _run(tmp_path, box, ["import os\nprint(os.getcwd())", "print(1 + 1)",
                                       "print('y' * 100_000)"])
    finally:
        box.release()
    texts = _texts(nb)
    assert texts[0].strip().endswith("/work") and texts[1] == "2\n"
    assert "[output cut: 100001 characters]" in texts[2]
    assert out["notes"] == ["a1: 1 output(s) too big to keep were cut or replaced by a note"]
