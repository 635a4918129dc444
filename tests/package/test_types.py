"""cxlab's annotations are checked and shipped (issue 17).

``make test`` runs pytest, so mypy runs here, in parallel with the rest, with the configuration
in pyproject.toml (``[tool.mypy]``: src/cxlab, Python 3.11). A failure prints mypy's report.
"""

from __future__ import annotations

import subprocess
import sys

import tomllib

from tests.conftest import ROOT


def test_mypy_finds_no_errors_in_src() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-pretty", "--no-color-output"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    report = (result.stdout + result.stderr).strip()
    assert result.returncode == 0, f"mypy over src/cxlab (pyproject.toml [tool.mypy]):\n{report}"
    # the configuration was read: it names src/cxlab, so mypy checked files rather than none
    assert "Success: no issues found in" in report, report


#: Code a typed project might write with cxlab: mypy must accept it and agree on every type.
USER_CODE = """
from typing import Any, assert_type

import numpy as np
from numpy.typing import NDArray

from cxlab import service_level as sl
from cxlab.prioritisation import money, scoring

Floats = float | NDArray[np.float64]
Ints = int | NDArray[np.int64]

# single numbers in, a float (or an int of agents or people) out
assert_type(sl.erlang_c(14, 10), float)
assert_type(sl.service_level(14, 10.0, 180, 20), float)
assert_type(sl.asa(14, 10, 180), float)
assert_type(sl.traffic_intensity(100, 180), float)
assert_type(sl.agents_required(10, 180, 20, 0.8), int)
assert_type(sl.scheduled_staff(14, 0.3), int)
assert_type(sl.people_to_schedule(14, shrinkage=0.3), int)
assert_type(sl.handling_capacity(5, 360), float)
assert_type(money.cost_per_contact(300, cost_per_paid_hour=30, occupancy=0.8,
                                   shrinkage=0.3), float)
assert_type(money.payback_months([-1000, 300, 300, 300, 300]), float)
assert_type(scoring.rice(1000, 2, 0.8, 4), float)

# arrays in: an array, or a float when the array holds one number
agents = np.arange(10, 20)
assert_type(sl.service_level(agents, 8, 180, 20), Floats)
assert_type(sl.erlang_b([5, 6], 4.0), Floats)
assert_type(sl.agents_required(np.array([10.0, 20.0]), 180, 20, 0.8), Ints)
assert_type(money.net_present_value(np.ones((2, 3)), annual_discount_rate=0.1), Floats)

# a pandas Series in gives a Series out: untyped (pandas has no types here), so Any
series: Any = None
assert_type(sl.erlang_c(series, 10), Any)
"""


def test_public_functions_give_precise_types(tmp_path) -> None:
    """The overloads of the vectorised functions, seen from a user's project."""
    user = tmp_path / "user_code.py"
    user.write_text(USER_CODE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
         "--no-pretty", "--no-color-output", str(user)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    report = (result.stdout + result.stderr).strip()
    assert result.returncode == 0, f"mypy on a user's code:\n{report}"


def test_mypy_configuration_checks_the_package_without_blanket_ignores() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["files"] == ["src/cxlab"]
    assert config["python_version"] == "3.11"
    assert "ignore_missing_imports" not in config, "name untyped packages in an override"
    for override in config.get("overrides", []):
        modules = override["module"]
        assert all(not m.startswith("cxlab") for m in modules), modules


def test_py_typed_marker_ships_in_the_package() -> None:
    """PEP 561: projects that use cxlab get its annotations only when py.typed is installed."""
    assert (ROOT / "src" / "cxlab" / "py.typed").is_file()
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    assert "py.typed" in setuptools["package-data"]["cxlab"]
