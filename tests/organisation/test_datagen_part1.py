"""The module 06 part 1 data are rebuilt byte for byte by tools/datagen/organisation_part1.py."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from importlib.resources import files

import pytest

from cxlab import data
from tests.conftest import ROOT

SCRIPT = ROOT / "tools" / "datagen" / "organisation_part1.py"


@pytest.fixture(scope="module")
def datagen():
    spec = importlib.util.spec_from_file_location("organisation_part1", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_shipped_file_equals_a_fresh_build(datagen):
    for name, build in datagen.BUILDERS.items():
        shipped = files("cxlab.data").joinpath(name).read_bytes()
        assert shipped == datagen.render(build()).encode("utf-8"), name


def test_check_mode_exits_0_on_the_shipped_files():
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_random_files_are_seeded(datagen):
    assert datagen.build_maturity_answers().equals(datagen.build_maturity_answers())
    assert not datagen.build_maturity_answers(seed=1).equals(datagen.build_maturity_answers())
    assert datagen.build_quick_wins_owners().equals(datagen.build_quick_wins_owners())


def test_data_sets_load_with_their_types():
    answers = data.load("cx_maturity_answers")
    assert answers.shape == (8, 26)
    assert set(answers.iloc[:, 2:].stack().dropna().unique()) <= {1, 2, 3, 4, 5}
    owners = data.load("quick_wins_2027_owners")
    wins = data.load("quick_wins_2027")
    assert owners["pain_point_id"].tolist() == wins["pain_point_id"].tolist()
    tasks = data.load("flagship_tasks_2027")
    assert str(tasks["deadline"].dtype).startswith("datetime64")
    assert tasks["done_on"].isna().sum() == 5
    requests = data.load("investment_requests_2027")
    assert requests["cost_gbp"].dtype.kind == "i"
    for name in ("cx_maturity_answers", "quick_wins_2027_owners", "flagship_tasks_2027",
                 "investment_requests_2027"):
        assert "module 06" in data.describe_dataset(name)
