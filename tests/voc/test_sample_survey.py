"""The sample survey fits the sample journey and carries the planted drivers and themes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from cxlab.data import SCHEMAS, load, load_csv
from cxlab.journey import load_journey
from cxlab.voc import callback_list, nps, touchpoint_drivers

# The maintainer's generator of the shipped sample data (not part of the library).
_SPEC = importlib.util.spec_from_file_location(
    "voc_datagen_core", Path(__file__).resolve().parents[2] / "tools" / "datagen" / "core.py")
_GENERATOR = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_GENERATOR)
SURVEY_RESPONSES_COLUMNS = _GENERATOR.SURVEY_RESPONSES_COLUMNS
build_survey_responses = _GENERATOR.build_survey_responses


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return load("survey_responses")


def test_shape_columns_and_types(survey) -> None:
    assert list(survey.columns) == list(SURVEY_RESPONSES_COLUMNS)
    assert 1900 <= len(survey) <= 2100
    assert survey["respondent_id"].is_unique
    assert survey["date"].min() >= pd.Timestamp("2026-01-05")
    assert survey["date"].max() <= pd.Timestamp("2026-03-29")
    assert survey["date"].is_monotonic_increasing
    assert survey["ltr"].between(0, 10).all() and survey["csat"].between(1, 5).all()
    assert survey["ces"].between(1, 7).all()
    assert str(survey["ltr"].dtype) == "int64"


def test_touchpoints_and_stages_come_from_the_journey(survey) -> None:
    journey = load_journey()
    for tid, group in survey.groupby("touchpoint"):
        t = journey.touchpoint(tid)
        assert set(group["stage"]) == {t.stage}
        assert set(group["touchpoint_name"]) == {t.name}
        assert set(group["channel"]) == {t.channel}
        assert len(group) >= 50
    assert survey["touchpoint"].nunique() == 14
    assert set(survey["stage"]) == {s.id for s in journey.stages} - {"discovery"}


def test_planted_drivers_are_the_moments_of_truth(survey) -> None:
    table = touchpoint_drivers(survey).table
    top = set(table.index[:5])
    assert top == {"T11", "T12", "T19", "T22", "T26"}
    assert table.loc[["T15", "T07", "T13"], "correlation"].max() < 0.6
    assert table.loc[["T11", "T19", "T22"], "correlation"].min() > 0.7


def test_overall_scores_are_realistic(survey) -> None:
    result = nps(survey["ltr"])
    assert -15 < result.value < 15
    assert 0.2 < result.detractors / result.n < 0.45
    # The worst touchpoints are where the pain points are: rebooking, fault call, first bill.
    by_touchpoint = survey.groupby("touchpoint")["csat"].apply(lambda s: (s >= 4).mean())
    assert set(by_touchpoint.nsmallest(3).index) == {"T12", "T22", "T19"}


def test_comments_are_plain_and_partly_blank(survey) -> None:
    comments = survey["comment"].dropna()
    assert 0.4 < len(comments) / len(survey) < 0.65
    assert not comments.str.contains('[,"\\n]').any()
    calls = callback_list(survey)
    assert (calls["ltr"] <= 6).all() and len(calls) == (survey["ltr"] <= 6).sum()


def test_builder_is_seeded_and_the_file_loads_as_a_survey(tmp_path) -> None:
    assert build_survey_responses(3).equals(build_survey_responses(3))
    assert not build_survey_responses(3).equals(build_survey_responses(4))
    assert SCHEMAS["survey_responses"].required == ("date", "ltr")
    path = tmp_path / "mine.csv"
    path.write_text("Date,LTR,CSAT,comment\n2026-02-01,9,5,great\n2026-02-02,3,1,\n",
                    encoding="utf-8")
    mine = load_csv(path, kind="survey_responses")
    assert mine["ltr"].tolist() == [9, 3]
