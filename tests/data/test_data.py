"""Tests for the sample data sets (built by tools/datagen/core.py) and the loaders (cxlab.data)."""

from __future__ import annotations

import importlib.util
import io
import os
import re
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxlab._validation import CxlabValueError
from cxlab.coaching.scorecard import Scorecard, score_evaluations
from cxlab.data import (
    DATASETS,
    REGISTRY,
    SCHEMAS,
    DataValidationError,
    describe_dataset,
    list_datasets,
    load,
    load_csv,
    load_scorecard,
)
from cxlab.service_level import agents_required, traffic_intensity

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "datagen" / "core.py"


def _load_generator():
    """The maintainer's generator tools/datagen/core.py, imported from its file."""
    spec = importlib.util.spec_from_file_location("cxlab_datagen_core", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate = _load_generator()
QA_DISPUTED_ITEMS = generate.QA_DISPUTED_ITEMS
VOICE_WEEK_COLUMNS = generate.VOICE_WEEK_COLUMNS
VOICE_WEEK_INCIDENTS_COLUMNS = generate.VOICE_WEEK_INCIDENTS_COLUMNS
build_qa_calibration = generate.build_qa_calibration
build_qa_evaluations = generate.build_qa_evaluations
build_voice_week = generate.build_voice_week
build_voice_week_incidents = generate.build_voice_week_incidents
render_csv = generate.render_csv

HEADER = "interval_start,offered,answered,abandoned,answered_within_20s,aht_seconds\n"

# Sample data set -> (builder, columns, first interval start).
SAMPLES = {
    "voice_week": (build_voice_week, VOICE_WEEK_COLUMNS, "2026-03-02 08:00"),
    "voice_week_incidents": (
        build_voice_week_incidents,
        VOICE_WEEK_INCIDENTS_COLUMNS,
        "2026-04-13 08:00",
    ),
}


@pytest.fixture(scope="module", params=sorted(SAMPLES))
def name(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def week(name) -> pd.DataFrame:
    return load(name)


@pytest.fixture(scope="module")
def incidents() -> pd.DataFrame:
    return load("voice_week_incidents")


def _voice_csv(*rows: str, header: str = HEADER) -> io.StringIO:
    return io.StringIO(header + "".join(row + "\n" for row in rows))


# --------------------------------------------------------------------------------------------
# The shipped file is exactly what the generator makes


def test_shipped_csv_equals_a_fresh_build_byte_for_byte():
    shipped = files("cxlab.data").joinpath("voice_week.csv").read_bytes()
    assert shipped == render_csv(build_voice_week()).encode("utf-8")


def test_shipped_incidents_csv_equals_a_fresh_build_byte_for_byte():
    shipped = files("cxlab.data").joinpath("voice_week_incidents.csv").read_bytes()
    assert shipped == render_csv(build_voice_week_incidents()).encode("utf-8")


QA_SAMPLES = {"qa_evaluations": build_qa_evaluations, "qa_calibration": build_qa_calibration}


def test_every_sample_data_set_has_a_builder_and_a_shipped_file():
    names = set(SAMPLES) | set(QA_SAMPLES) | {"survey_responses", "quick_wins_2027"}
    assert set(generate.BUILDERS) == {f"{name}.csv" for name in names}
    # The registry says core.py builds exactly these.
    assert {n for n, r in REGISTRY.items() if r.built_by == "tools/datagen/core.py"} == names
    for name in names:
        assert files("cxlab.data").joinpath(f"{name}.csv").is_file()


def test_generate_check_exits_0_on_the_shipped_files():
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_generate_check_exits_1_and_names_a_stale_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(generate, "DATA_DIR", tmp_path)
    assert generate.main([]) == 0
    assert generate.main(["--check"]) == 0
    path = tmp_path / "voice_week.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",", ";", 1)
    path.write_text("".join(lines), encoding="utf-8", newline="")
    capsys.readouterr()
    assert generate.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert "out of date: voice_week.csv (line 4 differs);" in err
    assert "run python tools/datagen/core.py" in err
    path.unlink()
    assert generate.main(["--check"]) == 1
    assert "out of date: voice_week.csv (missing)" in capsys.readouterr().err


def test_generate_writes_and_checks_the_incidents_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(generate, "DATA_DIR", tmp_path)
    assert generate.main([]) == 0
    written = (tmp_path / "voice_week_incidents.csv").read_bytes()
    assert written == files("cxlab.data").joinpath("voice_week_incidents.csv").read_bytes()
    (tmp_path / "voice_week_incidents.csv").unlink()
    capsys.readouterr()
    assert generate.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert "out of date: voice_week_incidents.csv (missing);" in err
    assert "voice_week.csv" not in err


def test_build_is_deterministic_and_seeded():
    assert render_csv(build_voice_week(seed=11)) == render_csv(build_voice_week(seed=11))
    assert not build_voice_week(seed=11).equals(build_voice_week(seed=12))


def test_build_rejects_a_bad_seed():
    with pytest.raises(CxlabValueError, match="seed must be a whole number of at least 0, got -1"):
        build_voice_week(seed=-1)


def test_incidents_build_is_deterministic_seeded_and_checks_its_seed():
    first = build_voice_week_incidents(seed=11)
    assert render_csv(first) == render_csv(build_voice_week_incidents(seed=11))
    assert not first.equals(build_voice_week_incidents(seed=12))
    with pytest.raises(CxlabValueError, match="seed must be a whole number of at least 0, got -1"):
        build_voice_week_incidents(seed=-1)
    with pytest.raises(CxlabValueError, match="got a Generator"):
        build_voice_week_incidents(seed=np.random.default_rng(1))


def test_render_csv_text_is_fixed():
    text = render_csv(build_voice_week())
    assert "\r" not in text
    assert text.endswith("\n")
    lines = text.splitlines()
    assert lines[0] == ",".join(VOICE_WEEK_COLUMNS)
    first = lines[1].split(",")
    assert first[0] == "2026-03-02 08:00"
    for cell, name in zip(first, VOICE_WEEK_COLUMNS, strict=True):
        if name in {"aht_seconds", "forecast_calls", "forecast_aht_seconds"}:
            assert len(cell.split(".")[1]) == 1, (name, cell)
        elif name != "interval_start":
            assert cell.isdigit(), (name, cell)


def test_incidents_csv_text_is_fixed():
    text = files("cxlab.data").joinpath("voice_week_incidents.csv").read_text(encoding="utf-8")
    assert "\r" not in text
    assert text.endswith("\n")
    lines = text.splitlines()
    assert lines[0] == ",".join(VOICE_WEEK_INCIDENTS_COLUMNS)
    assert lines[0].endswith(",forecast_calls,forecast_aht_seconds,agents_planned")
    first = lines[1].split(",")
    assert first[0] == "2026-04-13 08:00"
    for cell, column in zip(first, VOICE_WEEK_INCIDENTS_COLUMNS, strict=True):
        if column in {"aht_seconds", "forecast_calls", "forecast_aht_seconds"}:
            assert len(cell.split(".")[1]) == 1, (column, cell)
        elif column != "interval_start":
            assert cell.isdigit(), (column, cell)


def test_loading_and_rendering_again_gives_the_shipped_bytes(week, name):
    shipped = files("cxlab.data").joinpath(f"{name}.csv").read_bytes()
    assert render_csv(week).encode("utf-8") == shipped


# --------------------------------------------------------------------------------------------
# Invariants of the loaded sample data


def test_columns_and_types(week, name):
    columns = SAMPLES[name][1]
    assert tuple(week.columns) == columns
    assert week["interval_start"].dtype.kind == "M"
    counts = VOICE_WEEK_COLUMNS[1:6] + ("agents_staffed",)
    if name == "voice_week_incidents":
        counts += ("agents_planned",)
    for column in counts:
        assert week[column].dtype == np.int64, column
    for column in ("aht_seconds", "forecast_calls", "forecast_aht_seconds"):
        assert week[column].dtype == np.float64, column
    assert not week.isna().any().any()


def test_one_week_of_half_hours_in_opening_hours(week, name):
    stamps = week["interval_start"]
    days = stamps.dt.normalize()
    assert days.nunique() == 7
    assert stamps.min() == pd.Timestamp(SAMPLES[name][2])
    assert list(days.dt.day_name().unique()) == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    for _, day in week.groupby(days):
        steps = day["interval_start"].diff().dropna()
        assert (steps == pd.Timedelta(minutes=30)).all()
    clock = stamps.dt.strftime("%H:%M")
    weekday = stamps.dt.day_of_week
    opening = {0: ("08:00", "19:30"), 5: ("09:00", "16:30"), 6: ("10:00", "15:30")}
    for number in range(7):
        first, last = opening.get(number, opening[0])
        assert clock[weekday == number].iloc[0] == first
        assert clock[weekday == number].iloc[-1] == last
    assert len(week) == 5 * 24 + 16 + 12


def test_outcomes_are_consistent(week):
    assert (week["answered"] + week["abandoned"] == week["offered"]).all()
    assert (week["answered_within_20s"] <= week["answered"]).all()
    assert (week["abandoned_within_20s"] <= week["abandoned"]).all()
    numbers = week.drop(columns="interval_start")
    assert (numbers >= 0).all().all()
    assert (week["agents_staffed"] >= 2).all()
    assert (week["answered"] > 0).all()


def test_weekly_and_intraday_shape_is_realistic(week):
    day_total = week.groupby(week["interval_start"].dt.day_of_week)["offered"].sum()
    assert day_total[0] > day_total[4] > day_total[6]
    assert day_total[0] == day_total.max()
    assert day_total[5] < day_total[4] and day_total[6] < day_total[5]
    monday = week[week["interval_start"].dt.day_of_week == 0]
    busiest = monday.loc[monday["offered"].idxmax()]
    assert "09:30" <= busiest["interval_start"].strftime("%H:%M") <= "12:00"
    assert 120 <= busiest["offered"] <= 160
    # A second, smaller peak in the early afternoon, and a quiet evening.
    clock = monday["interval_start"].dt.strftime("%H:%M")
    afternoon = monday.loc[clock.between("14:00", "15:00"), "forecast_calls"].max()
    lunch = monday.loc[clock.between("12:30", "13:00"), "forecast_calls"].min()
    evening = monday.loc[clock >= "18:00", "forecast_calls"].max()
    assert evening < lunch < afternoon < monday["forecast_calls"].max()


def test_simulated_service_and_handle_times_are_plausible(week):
    service_level = week["answered_within_20s"].sum() / week["answered"].sum()
    assert 0.6 <= service_level <= 0.95
    abandon_rate = week["abandoned"].sum() / week["offered"].sum()
    assert 0.01 <= abandon_rate <= 0.10
    interval_sl = week["answered_within_20s"] / week["answered"]
    assert (interval_sl < 0.8).sum() >= 3  # a few intervals miss the target
    mean_aht = (week["aht_seconds"] * week["answered"]).sum() / week["answered"].sum()
    assert 240 <= mean_aht <= 330
    assert 240 <= week["aht_seconds"].median() <= 330
    assert week["forecast_aht_seconds"].between(240, 330).all()


def test_forecast_is_close_and_smooth(week):
    error = (week["offered"] - week["forecast_calls"]).abs() / week["forecast_calls"]
    assert 0.02 <= error.median() <= 0.15
    assert abs(week["offered"].sum() / week["forecast_calls"].sum() - 1) < 0.05
    days = week["interval_start"].dt.normalize()
    steps = week.groupby(days)["forecast_aht_seconds"].diff().abs().dropna()
    assert steps.max() < 10


def test_staffing_follows_the_forecast(week):
    correlation = np.corrcoef(week["forecast_calls"], week["agents_staffed"])[0, 1]
    assert correlation > 0.95


# --------------------------------------------------------------------------------------------
# voice_week_incidents: the plan, and the seeded causes where they are and nowhere else


def _clock(frame: pd.DataFrame) -> pd.Series:
    return frame["interval_start"].dt.strftime("%H:%M")


def _weekday(frame: pd.DataFrame) -> pd.Series:
    return frame["interval_start"].dt.day_of_week


def _slower_handling(frame: pd.DataFrame) -> pd.Series:
    """Tuesday 10:00 to Wednesday 11:30 (interval starts)."""
    day, clock = _weekday(frame), _clock(frame)
    return ((day == 1) & (clock >= "10:00")) | ((day == 2) & (clock <= "11:30"))


def _handle_time_ratio(frame: pd.DataFrame) -> float:
    """Total handle time of the answered calls over what the forecast AHT would give."""
    actual = (frame["aht_seconds"] * frame["answered"]).sum()
    return float(actual / (frame["forecast_aht_seconds"] * frame["answered"]).sum())


def test_incidents_plan_is_the_erlang_c_requirement_on_the_forecast(incidents):
    workload = traffic_intensity(incidents["forecast_calls"], incidents["forecast_aht_seconds"])
    required = agents_required(workload, incidents["forecast_aht_seconds"], 20, 0.8)
    assert np.array_equal(incidents["agents_planned"].to_numpy(), np.asarray(required))
    assert (incidents["agents_planned"] >= 2).all()


def test_incidents_week_is_the_same_queue_a_different_week(incidents):
    assert incidents["interval_start"].min() == pd.Timestamp("2026-04-13 08:00")
    assert incidents["interval_start"].max() == pd.Timestamp("2026-04-19 15:30")
    voice_week = load("voice_week")
    assert (_clock(incidents).to_numpy() == _clock(voice_week).to_numpy()).all()
    assert np.allclose(
        incidents["forecast_aht_seconds"], voice_week["forecast_aht_seconds"], atol=0.11
    )


def test_handle_time_jumps_from_tuesday_10_to_wednesday_12_only(incidents):
    ratio = incidents["aht_seconds"] / incidents["forecast_aht_seconds"]
    slow = _slower_handling(incidents)
    assert ratio[slow].mean() > 1.15
    assert _handle_time_ratio(incidents[slow]) > 1.15
    monday = _weekday(incidents) == 0
    assert 0.95 <= ratio[monday].mean() <= 1.05
    assert 0.95 <= _handle_time_ratio(incidents[monday]) <= 1.05
    # Nowhere else: from Wednesday noon on, day by day, handle times are as forecast.
    for day in range(2, 7):
        rows = incidents[(_weekday(incidents) == day) & ~slow]
        assert 0.95 <= _handle_time_ratio(rows) <= 1.05, day


def test_thursday_is_short_of_agents_all_day_and_only_thursday(incidents):
    ratio = incidents["agents_staffed"] / incidents["agents_planned"]
    day = _weekday(incidents)
    assert ratio[day == 3].mean() < 0.85
    thursday = incidents[day == 3]
    assert (thursday["agents_staffed"] < thursday["agents_planned"]).mean() > 0.9
    for other in (0, 1, 2, 4, 5, 6):
        assert 0.95 <= ratio[day == other].mean() <= 1.05, other
    # Elsewhere the plan is kept, give or take an agent now and then.
    gap = (incidents["agents_staffed"] - incidents["agents_planned"])[day != 3]
    assert gap.abs().max() <= 1
    assert 0.5 <= (gap == 0).mean() < 1


def test_friday_morning_brings_more_calls_than_forecast_and_no_other_morning(incidents):
    day, clock = _weekday(incidents), _clock(incidents)
    morning = clock.between("09:00", "12:30")

    def calls_ratio(rows: pd.Series) -> float:
        chosen = incidents[rows]
        return float(chosen["offered"].sum() / chosen["forecast_calls"].sum())

    assert 1.25 < calls_ratio(morning & (day == 4)) < 1.55
    for other in range(4):
        assert 0.85 <= calls_ratio(morning & (day == other)) <= 1.15, other
    assert 0.85 <= calls_ratio((day == 4) & ~morning) <= 1.15
    assert 0.95 <= calls_ratio((day != 4) | ~morning) <= 1.05


def test_service_level_is_missed_on_the_days_with_a_cause(incidents):
    days = incidents.groupby(_weekday(incidents))
    service_level = days["answered_within_20s"].sum() / days["offered"].sum()
    assert service_level[0] >= 0.85  # Monday meets the 80% target comfortably
    for day in (1, 3, 4):  # Tuesday, Thursday, Friday
        assert service_level[day] <= service_level[0] - 0.10, day
        assert service_level[day] < 0.80, day
    assert service_level[5] >= 0.85 and service_level[6] >= 0.85
    abandon_rate = days["abandoned"].sum() / days["offered"].sum()
    assert abandon_rate[[1, 3, 4]].min() > 2 * abandon_rate[0]


# --------------------------------------------------------------------------------------------
# Catalogue and load()


def test_list_and_describe_datasets():
    assert list_datasets() == [
        "broadband_journey", "change_requests", "customer_comments", "cx_backlog",
        "cx_maturity_answers", "cx_maturity_statements", "cx_roles", "flagship_tasks_2027",
        "investment_requests_2027", "journey_actions_draft", "qa_calibration",
        "qa_evaluations", "qa_scorecard", "quick_wins_2027", "quick_wins_2027_owners",
        "stakeholder_rankings", "survey_profiles", "survey_responses", "voice_week",
        "voice_week_incidents", "voice_year",
    ]
    assert set(DATASETS) == set(list_datasets())
    assert "30-minute intervals" in describe_dataset("voice_week")
    assert "module 02" in describe_dataset("voice_week_incidents")


def test_incidents_description_does_not_give_the_causes_away():
    text = describe_dataset("voice_week_incidents").lower()
    assert "service level was missed" in text
    for clue in (
        "aht",
        "handle",
        "system",
        "sick",
        "absence",
        "mailing",
        "marketing",
        "campaign",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "%",
    ):
        assert clue not in text, clue


def test_load_unknown_name_lists_the_names():
    names = re.escape(", ".join(repr(name) for name in list_datasets()))
    with pytest.raises(CxlabValueError, match=rf"name must be one of {names}; got 'voice'"):
        load("voice")
    with pytest.raises(CxlabValueError, match=rf"name must be one of {names}; got 3"):
        describe_dataset(3)


def test_load_gives_a_fresh_copy():
    first = load("voice_week")
    first.loc[0, "offered"] = -1
    assert load("voice_week").loc[0, "offered"] > 0
    incidents = load("voice_week_incidents")
    incidents.loc[0, "agents_planned"] = -1
    assert load("voice_week_incidents").loc[0, "agents_planned"] > 0


# --------------------------------------------------------------------------------------------
# load_csv: what it tolerates


def test_user_file_with_extra_columns_and_another_order_loads(tmp_path):
    path = tmp_path / "my week.csv"
    path.write_text(
        "team,AHT_Seconds,answered,Interval_Start,abandoned,offered,answered_within_20s,note\n"
        "North,281.5,38,2026-03-02 08:00,2,40,35,\n"
        "North,275.0,51,2026-03-02 08:30,1,52,44,busy\n",
        encoding="utf-8",
    )
    frame = load_csv(path)
    assert list(frame.columns) == [
        "team",
        "aht_seconds",
        "answered",
        "interval_start",
        "abandoned",
        "offered",
        "answered_within_20s",
        "note",
    ]
    assert frame["team"].tolist() == ["North", "North"]
    assert frame["note"].isna().tolist() == [True, False]
    assert frame["offered"].tolist() == [40, 52]
    assert frame["offered"].dtype == np.int64
    assert frame["interval_start"].iloc[1] == pd.Timestamp("2026-03-02 08:30")


def test_extra_numeric_columns_keep_their_pandas_types():
    frame = load_csv(
        _voice_csv("2026-03-02 08:00,40,38,2,35,281.5,7", header=HEADER[:-1] + ",queue_id\n")
    )
    assert frame["queue_id"].dtype.kind == "i"


def test_names_and_cells_are_read_the_way_a_person_would():
    header = " Interval Start ,OFFERED, Answered,abandoned ,Answered-Within-20s,aht_seconds\n"
    frame = load_csv(
        io.StringIO(
            "\ufeff" + header + "\n 2026-03-02 08:00 , 40 ,38,2,35, 281.5\n\n"
            "2026-03-02 08:30,52.0,51,1,44,\n\n"
        )
    )
    assert list(frame.columns) == list(HEADER.strip().split(","))
    assert frame["offered"].tolist() == [40, 52]
    assert frame["aht_seconds"].iloc[0] == 281.5
    assert np.isnan(frame["aht_seconds"].iloc[1])  # blank handle time is allowed


def test_byte_order_mark_and_semicolons_from_excel(tmp_path):
    path = tmp_path / "export.csv"
    text = HEADER.replace(",", ";") + "2026-03-02 08:00;40;38;2;35;281.5\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    frame = load_csv(str(path))
    assert frame["interval_start"].iloc[0] == pd.Timestamp("2026-03-02 08:00")
    assert frame["aht_seconds"].iloc[0] == 281.5


def test_binary_buffer_and_optional_columns():
    text = (
        HEADER[:-1]
        + ",abandoned_within_20s,agents_staffed,forecast_calls,forecast_aht_seconds\n"
        + "2026-03-02 08:00,40,38,2,35,281.5,1,9,41.5,290.0\n"
    )
    frame = load_csv(io.BytesIO(text.encode("utf-8")))
    assert frame["agents_staffed"].dtype == np.int64
    assert frame["forecast_calls"].iloc[0] == 41.5


def test_agents_planned_is_an_optional_whole_number_column():
    header = HEADER[:-1] + ",Agents Planned\n"
    frame = load_csv(_voice_csv("2026-03-02 08:00,40,38,2,35,281.5,9", header=header))
    assert list(frame.columns)[-1] == "agents_planned"
    assert frame["agents_planned"].dtype == np.int64
    assert frame["agents_planned"].tolist() == [9]
    with pytest.raises(
        DataValidationError, match=r"^agents_planned must be 0 or more, got -1 in row 2$"
    ):
        load_csv(_voice_csv("2026-03-02 08:00,40,38,2,35,281.5,-1", header=header))
    with pytest.raises(
        DataValidationError, match=r"^agents_planned must be a whole number, got 9.5 in row 2$"
    ):
        load_csv(_voice_csv("2026-03-02 08:00,40,38,2,35,281.5,9.5", header=header))
    assert "agents_planned        whole number   optional" in SCHEMAS["voice_intervals"].describe()


def test_load_csv_does_not_change_the_file(tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    original = (
        " Interval_Start,offered ,answered,abandoned,answered_within_20s,aht_seconds\n"
        "2026-03-02 08:00,40,38,2,35,281.5\n\n"
    )
    good.write_text(original, encoding="utf-8")
    bad.write_text(original.replace(",38,", ",39,"), encoding="utf-8")
    before = {path: (path.read_bytes(), os.stat(path).st_mtime_ns) for path in (good, bad)}
    load_csv(good)
    with pytest.raises(DataValidationError):
        load_csv(bad)
    for path, (content, mtime) in before.items():
        assert path.read_bytes() == content
        assert os.stat(path).st_mtime_ns == mtime


# --------------------------------------------------------------------------------------------
# load_csv: every error says what is wrong, where


def test_missing_columns_are_all_named_with_what_is_required():
    with pytest.raises(DataValidationError) as caught:
        load_csv(_voice_csv("2026-03-02 08:00,40,38", header="interval_start,offered,Answered\n"))
    message = str(caught.value)
    assert message.startswith(
        "The data is missing 3 required columns: abandoned, answered_within_20s, aht_seconds. "
    )
    assert (
        "voice_intervals data must have the columns interval_start, offered, answered, "
        "abandoned, answered_within_20s, aht_seconds" in message
    )
    assert "the file has 'interval_start', 'offered', 'Answered'" in message


def test_missing_column_in_a_named_file(tmp_path):
    path = tmp_path / "week.csv"
    path.write_text(HEADER.replace(",aht_seconds", "") + "2026-03-02 08:00,40,38,2,35\n")
    with pytest.raises(
        DataValidationError, match=r"week\.csv is missing 1 required column: aht_seconds\."
    ):
        load_csv(path)


def test_text_in_a_number_column_names_column_and_row():
    with pytest.raises(
        DataValidationError,
        match=r"^offered must be a whole number, got 'forty' in row 3$",
    ):
        load_csv(
            _voice_csv("2026-03-02 08:00,40,38,2,35,281.5", "2026-03-02 08:30,forty,38,2,35,281.5")
        )
    with pytest.raises(
        DataValidationError,
        match=r"^aht_seconds must be a number, got '4 min' in row 2 \(write plain numbers",
    ):
        load_csv(_voice_csv("2026-03-02 08:00,40,38,2,35,4 min"))


def test_empty_count_cell_is_reported():
    with pytest.raises(
        DataValidationError, match=r"^answered must be a whole number, got an empty cell in row 2$"
    ):
        load_csv(_voice_csv("2026-03-02 08:00,40,,2,35,281.5"))


def test_bad_date_names_column_and_row():
    with pytest.raises(
        DataValidationError,
        match=(
            r"^interval_start must be a date and time written like 2026-03-02 08:30, "
            r"got '02/03/2026 08:00' in row 3$"
        ),
    ):
        load_csv(
            _voice_csv("2026-03-02 08:00,40,38,2,35,281.5", "02/03/2026 08:00,40,38,2,35,281.5")
        )


def test_negative_counts_are_rejected():
    with pytest.raises(
        DataValidationError, match=r"^abandoned must be 0 or more, got -2 in row 2$"
    ):
        load_csv(_voice_csv("2026-03-02 08:00,40,38,-2,35,281.5"))


def test_fractional_counts_are_rejected():
    with pytest.raises(
        DataValidationError, match=r"^offered must be a whole number, got 40.5 in row 2$"
    ):
        load_csv(_voice_csv("2026-03-02 08:00,40.5,38,2,35,281.5"))


def test_answered_plus_abandoned_above_offered_lists_first_rows_and_total():
    rows = [f"2026-03-02 {8 + i:02d}:00,40,38,{3 + i},35,281.5" for i in range(8)]
    with pytest.raises(
        DataValidationError,
        match=(
            r"^answered \+ abandoned must be at most offered, got 38 \+ 3 = 41 > 40 in row 3, "
            r"38 \+ 4 = 42 > 40 in row 4, .*38 \+ 7 = 45 > 40 in row 7 "
            r"and 3 more rows \(8 in total\)$"
        ),
    ):
        load_csv(_voice_csv("2026-03-02 07:30,40,38,2,35,281.5", *rows))


def test_answered_within_20s_above_answered():
    with pytest.raises(
        DataValidationError,
        match=r"^answered_within_20s must be at most answered, got 39 > 38 in row 2$",
    ):
        load_csv(_voice_csv("2026-03-02 08:00,40,38,2,39,281.5"))


def test_abandoned_within_20s_above_abandoned():
    header = HEADER[:-1] + ",abandoned_within_20s\n"
    with pytest.raises(
        DataValidationError,
        match=r"^abandoned_within_20s must be at most abandoned, got 3 > 2 in row 2$",
    ):
        load_csv(_voice_csv("2026-03-02 08:00,40,38,2,35,281.5,3", header=header))


def test_all_problems_are_reported_together(tmp_path):
    path = tmp_path / "week.csv"
    path.write_text(
        HEADER
        + "2026-03-02 08:00,ten,38,2,35,281.5\n"
        + "2026-03-02 08:30,40,38.5,2,35,-1\n"
        + "2026-03-02 09:00,40,38,3,35,281.5\n",
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError) as caught:
        load_csv(path)
    assert str(caught.value) == (
        f"{path} has 4 problems:\n"
        "- offered must be a whole number, got 'ten' in row 2\n"
        "- answered must be a whole number, got 38.5 in row 3\n"
        "- aht_seconds must be 0 or more, got -1 in row 3\n"
        "- answered + abandoned must be at most offered, got 38 + 3 = 41 > 40 in row 4"
    )
    assert len(caught.value.problems) == 4


def test_a_column_given_twice():
    header = "interval_start,offered,Offered,answered,abandoned,answered_within_20s,aht_seconds\n"
    with pytest.raises(
        DataValidationError,
        match=r"column offered must appear once, got it twice \('offered' in column 2 and",
    ):
        load_csv(_voice_csv("2026-03-02 08:00,40,40,38,2,35,281.5", header=header))


def test_a_row_with_too_many_values():
    with pytest.raises(DataValidationError, match=r"row 3 has 7 values but the first row has 6"):
        load_csv(
            _voice_csv("2026-03-02 08:00,40,38,2,35,281.5", "2026-03-02 08:30,40,38,2,35,281,5")
        )


def test_missing_file_gets_a_clear_message(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"there is no file '.*nope\.csv' \(looked for "):
        load_csv(tmp_path / "nope.csv")


def test_empty_file_and_header_only(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataValidationError, match=r"empty\.csv is empty: expected a header row"):
        load_csv(empty)
    blank = tmp_path / "blank.csv"
    blank.write_text("\n  \n")
    with pytest.raises(DataValidationError, match=r"blank\.csv is empty"):
        load_csv(blank)
    with pytest.raises(
        DataValidationError, match=r"^The data has column names but no rows of data$"
    ):
        load_csv(io.StringIO(HEADER))


def test_folder_and_workbook_are_not_csv(tmp_path):
    with pytest.raises(DataValidationError, match=r"is a folder, not a CSV file"):
        load_csv(tmp_path)
    workbook = tmp_path / "week.xlsx"
    workbook.write_bytes(b"PK\x03\x04rest of a zip file")
    with pytest.raises(DataValidationError, match=r"week\.xlsx looks like an Excel workbook"):
        load_csv(workbook)


def test_unknown_kind_and_bad_argument():
    with pytest.raises(
        CxlabValueError,
        match=r"kind must be one of 'voice_intervals', 'survey_responses'; got 'email'",
    ):
        load_csv(_voice_csv(), kind="email")
    with pytest.raises(
        CxlabValueError, match=r"path_or_buffer must be a file name or an open file"
    ):
        load_csv(42)


def test_data_validation_error_is_a_value_error():
    assert issubclass(DataValidationError, CxlabValueError)
    assert issubclass(DataValidationError, ValueError)
    assert SCHEMAS["voice_intervals"].optional == (
        "abandoned_within_20s",
        "agents_staffed",
        "forecast_calls",
        "forecast_aht_seconds",
        "agents_planned",
    )


def test_importing_the_data_layer_pulls_in_no_jupyter_or_plotting():
    code = (
        "import sys, cxlab.data; "
        "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'IPython') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]"


def test_row_numbers_count_blank_lines_as_a_spreadsheet_shows_them():
    text = (
        "\n\n" + HEADER + "\n2026-03-02 08:00,40,38,2,35,281.5\n\n2026-03-02 08:30,40,38,2,35,x\n"
    )
    with pytest.raises(
        DataValidationError, match=r"^aht_seconds must be a number, got 'x' in row 7$"
    ):
        load_csv(io.StringIO(text))
    frame = load_csv(io.StringIO(text.replace(",x", ",280")[:-1] + "\n\n"))
    assert len(frame) == 2


def test_one_more_row_is_singular():
    rows = [f"2026-03-02 08:00,40,38,{3 + i},35,281.5" for i in range(6)]
    with pytest.raises(DataValidationError, match=r"and 1 more row \(6 in total\)$"):
        load_csv(_voice_csv(*rows))


# --------------------------------------------------------------------------------------------
# Module 03: QA scorecard, evaluations and calibration


@pytest.fixture(scope="module")
def card() -> Scorecard:
    return load_scorecard()


@pytest.fixture(scope="module")
def evaluations() -> pd.DataFrame:
    return load("qa_evaluations")


@pytest.fixture(scope="module")
def calibration() -> pd.DataFrame:
    return load("qa_calibration")


def _as_number(column: pd.Series) -> pd.Series:
    """yes -> 1, no -> 0, n/a -> NaN, scale answers as numbers."""
    return pd.to_numeric(column.replace({"yes": "1", "no": "0", "n/a": ""}), errors="coerce")


def test_scorecard_has_four_sections_weights_summing_to_1_and_critical_items(card):
    sections = list(dict.fromkeys(item.section for item in card.items))
    assert sections == ["Opening", "Understanding the need", "Resolution", "Closing"]
    assert len(card.scored) == 12
    assert sum(item.weight for item in card.scored) == pytest.approx(1.0, abs=1e-9)
    assert {item.id for item in card.scored if item.kind == "scale"} == {
        "empathy",
        "ownership",
        "clarity",
    }
    categories = {item.critical for item in card.critical}
    assert categories == {"customer", "business", "compliance"}
    assert all(item.kind == "yes_no" and item.weight == 0 for item in card.critical)


def test_load_scorecard_rejects_an_unknown_name():
    with pytest.raises(CxlabValueError, match="name must be one of 'qa_scorecard'; got 'nope'"):
        load_scorecard("nope")


@pytest.mark.parametrize("qa_name", sorted(QA_SAMPLES))
def test_shipped_qa_csv_equals_a_fresh_build_and_loads_back(qa_name):
    shipped = files("cxlab.data").joinpath(f"{qa_name}.csv").read_bytes()
    assert shipped == render_csv(QA_SAMPLES[qa_name]()).encode("utf-8")
    assert render_csv(load(qa_name)).encode("utf-8") == shipped


def test_qa_builders_are_seeded():
    first = build_qa_evaluations(seed=11)
    assert first.equals(build_qa_evaluations(seed=11))
    assert not first.equals(build_qa_evaluations(seed=12))
    assert build_qa_calibration(seed=5).equals(build_qa_calibration(seed=5))
    with pytest.raises(CxlabValueError, match="seed"):
        build_qa_calibration(seed=-1)


def test_evaluations_columns_and_types(evaluations, card):
    items = [item.id for item in card.items]
    details = ["evaluation_id", "agent", "evaluator", "date", "contact_id"]
    assert list(evaluations.columns) == [*details, *items, "csat"]
    assert evaluations["date"].dtype.kind == "M"
    assert str(evaluations["csat"].dtype) == "Int64"
    assert evaluations["evaluation_id"].is_unique
    assert evaluations["contact_id"].is_unique
    for item in card.items:
        allowed = {"yes", "no", "n/a"} if item.kind == "yes_no" else {"1", "2", "3", "4", "5"}
        assert set(evaluations[item.id]) <= allowed | {"n/a"}, item.id
    assert (evaluations[["hold_transfer", "policy_applied"]] == "n/a").mean().min() > 0.3


def test_every_evaluation_scores(evaluations, card):
    scores = score_evaluations(card, evaluations.drop(columns=["csat"]))
    assert len(scores.evaluations) == len(evaluations)
    assert scores.evaluations["score"].between(0, 1).all()
    assert scores.accuracy.between(0.8, 1.0).all()
    assert len(scores.by_agent) == 40


def test_40_agents_4_evaluators_3_months(evaluations):
    assert sorted(evaluations["agent"].unique()) == [f"A{n:02d}" for n in range(1, 41)]
    assert sorted(evaluations["evaluator"].unique()) == ["E1", "E2", "E3", "E4"]
    months = evaluations["date"].dt.to_period("M").astype(str)
    assert sorted(months.unique()) == ["2026-01", "2026-02", "2026-03"]
    per_agent_month = evaluations.groupby(["agent", months]).size()
    assert len(per_agent_month) == 120
    assert per_agent_month.between(4, 6).all()
    assert (evaluations["date"].dt.day_of_week < 5).all()


def test_about_half_the_contacts_have_a_csat_answer(evaluations):
    surveyed = evaluations["csat"].notna()
    assert 0.4 < surveyed.mean() < 0.6
    assert evaluations.loc[surveyed, "csat"].between(1, 5).all()
    assert 3.5 < evaluations["csat"].mean() < 4.5


def test_csat_follows_ownership_empathy_and_correct_information_not_greeting(evaluations):
    surveyed = evaluations[evaluations["csat"].notna()]
    csat = surveyed["csat"].astype(float)
    corr = {item: _as_number(surveyed[item]).corr(csat) for item in surveyed.columns[5:-1]}
    greeting = abs(corr["greeting"])
    assert greeting < 0.1
    for driver in ("ownership", "empathy", "correct_information", "next_steps"):
        assert corr[driver] > 0.25, (driver, corr[driver])
        assert corr[driver] > greeting + 0.2, driver


def test_evaluators_differ_lenient_and_harsh(evaluations, card):
    scores = score_evaluations(card, evaluations.drop(columns=["csat"])).evaluations
    by_evaluator = scores.groupby("evaluator")["score"].mean()
    assert by_evaluator.idxmax() == "E1"
    assert by_evaluator.idxmin() == "E2"
    assert abs(by_evaluator["E3"] - by_evaluator["E4"]) < 0.05


def test_coached_agents_improve_over_the_three_months(evaluations, card):
    scores = score_evaluations(card, evaluations.drop(columns=["csat"])).evaluations
    scores["month"] = evaluations["date"].dt.month
    coached = scores[scores["agent"].isin(generate.QA_COACHED_AGENTS)]
    by_month = coached.groupby("month")["score"].mean()
    assert by_month[3] > by_month[1] + 0.1
    others = scores[~scores["agent"].isin(generate.QA_COACHED_AGENTS)]
    change = others.groupby("month")["score"].mean()
    assert abs(change[3] - change[1]) < 0.05


def test_calibration_is_12_contacts_by_4_evaluators(calibration, card):
    assert list(calibration.columns) == ["contact_id", "evaluator", *(i.id for i in card.items)]
    assert calibration["contact_id"].nunique() == 12
    assert (
        calibration.groupby("contact_id")["evaluator"].apply(sorted).map(tuple)
        == ("E1", "E2", "E3", "E4")
    ).all()
    assert len(calibration) == 48
    score_evaluations(card, calibration)  # every answer is valid


def test_disputed_items_show_lower_agreement(calibration, card):
    """Pairwise agreement per contact: same answer, or within 1 point on a 1-5 scale."""

    def agreement(item) -> float:
        shares = []
        for _, answers in calibration.groupby("contact_id")[item.id]:
            values = answers.tolist()
            pairs = [(a, b) for i, a in enumerate(values) for b in values[i + 1 :]]
            same = 0
            for a, b in pairs:
                if item.kind == "scale" and "n/a" not in (a, b):
                    same += abs(int(a) - int(b)) <= 1
                else:
                    same += a == b
            shares.append(same / len(pairs))
        return sum(shares) / len(shares)

    agree = {item.id: agreement(item) for item in card.items}
    disputed = [agree[item] for item in QA_DISPUTED_ITEMS]
    rest = [value for item, value in agree.items() if item not in QA_DISPUTED_ITEMS]
    assert len(QA_DISPUTED_ITEMS) == 3
    assert max(disputed) < 0.65
    assert min(rest) > 0.7
    assert sum(rest) / len(rest) > 0.85


def test_qa_load_names_missing_columns(monkeypatch):
    from cxlab.data import loaders

    items = loaders._scorecard_items()
    monkeypatch.setattr(loaders, "_scorecard_items", lambda: (*items, "room"))
    with pytest.raises(DataValidationError, match="missing 1 required column: room"):
        load("qa_calibration")


# --------------------------------------------------------------------------------------------
# Module 05: survey responses (content is tested in tests/voc/test_sample_survey.py)


def test_shipped_survey_csv_equals_a_fresh_build_byte_for_byte():
    shipped = files("cxlab.data").joinpath("survey_responses.csv").read_bytes()
    assert shipped == render_csv(generate.build_survey_responses()).encode("utf-8")


def test_survey_is_listed_and_described():
    assert "survey_responses" in list_datasets()
    assert "module 05" in describe_dataset("survey_responses")
    assert load("survey_responses").shape == (2000, 10)


def test_the_journey_file_is_not_offered_as_a_scorecard():
    with pytest.raises(CxlabValueError, match="name must be one of 'qa_scorecard'; got"):
        load_scorecard("broadband_journey")
