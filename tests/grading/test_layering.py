"""The trainer's tooling (``cxlab.grading``) is a layer of its own: no participant-facing module
imports it, so a participant's ``import cxlab`` never pulls in nbgrader, the gradebook or the
grading sandbox.

Two checks: every other cxlab module imported in a fresh interpreter leaves no
``cxlab.grading`` module in ``sys.modules``; and no import statement in those modules (at the
top or inside a function, absolute or relative) names ``cxlab.grading``.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "cxlab"
TRAINER_LAYER = "cxlab.grading"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_trainer(name: str) -> bool:
    return name == TRAINER_LAYER or name.startswith(TRAINER_LAYER + ".")


def participant_modules() -> dict[str, Path]:
    """Every cxlab module outside ``cxlab.grading``, found on disk (nothing is imported to list
    them: walking packages with pkgutil would import ``cxlab.grading`` itself)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _module_name(path)
        if _is_trainer(name) or path.name == "__main__.py":  # __main__ runs a command line
            continue
        found[name] = path
    return found


def _imported_names(path: Path, module: str) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import statement in the file."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names.append((node.lineno, target))
            # ``from cxlab import grading`` / ``from .. import grading``
            names.extend((node.lineno, f"{target}.{alias.name}") for alias in node.names)
    return names


def test_the_participant_modules_are_found() -> None:
    modules = participant_modules()
    assert "cxlab" in modules and "cxlab.service_level" in modules
    assert "cxlab.quiz.typed" in modules
    assert not any(_is_trainer(name) for name in modules)


def test_no_participant_module_has_an_import_statement_naming_the_grading_layer() -> None:
    offending = [f"{path.relative_to(ROOT)}:{line} imports {target}"
                 for module, path in participant_modules().items()
                 for line, target in _imported_names(path, module) if _is_trainer(target)]
    assert offending == []


def test_the_static_check_sees_relative_and_absolute_imports(tmp_path: Path) -> None:
    # the checker itself, on a module written here: it must see each of the four forms
    source = tmp_path / "example.py"
    source.write_text("import cxlab.grading.grade\n"
                      "from ..grading import report\n"
                      "from .. import grading\n"
                      "def f():\n    from cxlab.grading._course import open_course\n")
    found = [t for _, t in _imported_names(source, "cxlab.metrics.example") if _is_trainer(t)]
    assert "cxlab.grading.grade" in found and "cxlab.grading" in found
    assert "cxlab.grading.report" in found and "cxlab.grading._course" in found


@pytest.mark.parametrize("start", ["cxlab", "every participant module"])
def test_importing_participant_modules_loads_no_grading_module(start: str) -> None:
    modules = ["cxlab"] if start == "cxlab" else sorted(participant_modules())
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m == 'cxlab.grading'\n"
        "                        or m.startswith('cxlab.grading.'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "MPLBACKEND": "Agg"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
