"""The data of lessons 06.04 and 06.06: rebuilt byte for byte by their maintainer script."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from importlib.resources import files

import pandas as pd
import pytest

from cxlab import data
from tests.conftest import ROOT

SCRIPT = ROOT / "tools" / "datagen" / "organisation_part2.py"


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("organisation_part2", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["customer_comments.csv", "survey_profiles.csv"])
def test_rerunning_the_script_reproduces_the_shipped_file_byte_for_byte(generator, name):
    shipped = files("cxlab.data").joinpath(name).read_bytes()
    assert generator.render(generator.BUILDERS[name]()).encode("utf-8") == shipped


def test_the_script_check_passes_on_the_shipped_files():
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_the_script_check_names_a_stale_file(generator, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(generator, "DATA_DIR", tmp_path)
    assert generator.main([]) == 0  # writes both files into tmp_path
    (tmp_path / "survey_profiles.csv").write_text("respondent_id\n", encoding="utf-8")
    assert generator.main(["--check"]) == 1
    assert "survey_profiles.csv" in capsys.readouterr().err


def test_customer_comments_load_with_their_columns_and_touchpoints():
    comments = data.load("customer_comments")
    assert comments.columns.tolist() == ["comment_id", "date", "source", "touchpoint", "tone",
                                         "comment"]
    assert len(comments) == 360 and comments["comment_id"].is_unique
    assert pd.api.types.is_datetime64_any_dtype(comments["date"])
    assert comments["date"].min() >= pd.Timestamp("2026-01-05")
    assert comments["date"].max() <= pd.Timestamp("2026-03-29")
    assert set(comments["tone"]) == {"pain", "praise"}
    from cxlab.journey import load_journey

    known = {t.id for t in load_journey().touchpoints}
    assert set(comments["touchpoint"]) <= known


def test_survey_profiles_match_the_survey_respondents():
    profiles = data.load("survey_profiles")
    responses = data.load("survey_responses")
    assert profiles["respondent_id"].tolist() == responses["respondent_id"].tolist()
    assert set(profiles["works_from_home"]) == {"yes", "no"}
    assert set(profiles["package_mbps"]) == {150, 500, 900}
    assert (profiles["tenure_months"] >= 0).all()
    assert pd.api.types.is_float_dtype(profiles["monthly_bill_gbp"])
    # A response about ordering or the installation visit comes from a new customer.
    new = responses["touchpoint"].isin(["T07", "T11", "T12"])
    assert (profiles.loc[new, "tenure_months"] <= 2).all()
