"""Journey definitions: the sample, the YAML and CSV forms, and clear errors."""

from __future__ import annotations

import copy

import pytest

from cxlab._validation import CxlabValueError
from cxlab.journey import CHANNELS, LANES, Journey, JourneyError, load_journey

MINIMAL = {
    "name": "Minimal",
    "stages": [{"id": "buy", "name": "Purchase"}],
    "touchpoints": [
        {"id": "T1", "name": "Orders online", "stage": "buy", "channel": "web",
         "owner": "Sales", "emotion": 1, "process_steps": ["P1"]}
    ],
    "process_steps": [{"id": "P1", "name": "Checkout", "lane": "frontstage", "stage": "buy",
                       "owner": "Digital"}],
}

YAML = """\
name: Two stages
stages:
  - id: buy
    name: Purchase
  - id: use
    name: Usage
touchpoints:
  - id: T1
    name: Orders online
    stage: buy
    channel: web
    owner: Sales
    emotion: 1
    process_steps: [P1]
  - id: T2
    name: Calls support
    stage: use
    channel: phone
    owner: Service
    emotion: -1
    moment_of_truth: true
    pain_points:
      - Long hold
process_steps:
  - {id: P1, name: Checkout, lane: frontstage, stage: buy, owner: Digital}
"""


def _error(data: dict) -> str:
    with pytest.raises(JourneyError) as info:
        Journey.from_dict(data)
    return str(info.value)


# --------------------------------------------------------------------------------------------
# The sample journey


def test_sample_spans_the_whole_journey_in_order() -> None:
    journey = load_journey()
    assert [s.id for s in journey.stages] == [
        "discovery", "consideration", "purchase", "installation", "onboarding", "usage",
        "billing", "service", "renewal",
    ]
    assert journey.persona is not None and journey.persona.goals
    assert len(journey.touchpoints) >= 20
    for stage in journey.stages:
        assert journey.touchpoints_in(stage.id), f"stage {stage.id} has no touchpoint"


def test_sample_touchpoints_are_complete_and_linked() -> None:
    journey = load_journey()
    step_ids = {s.id for s in journey.process_steps}
    for t in journey.touchpoints:
        assert t.channel in CHANNELS and t.owner and t.customer_goal
        assert -2 <= t.emotion <= 2
        assert t.process_steps and set(t.process_steps) <= step_ids
        for pain in t.pain_points:
            assert pain.caused_by and set(pain.caused_by) <= step_ids
    assert {s.lane for s in journey.process_steps} == set(LANES)
    moments = [t.id for t in journey.touchpoints if t.moment_of_truth]
    assert {"T11", "T19", "T22"} <= set(moments)
    assert sum(len(t.pain_points) for t in journey.touchpoints) >= 25
    # Every process step serves a touchpoint or causes a pain point.
    used = {s for t in journey.touchpoints for s in t.process_steps}
    used |= {s for t in journey.touchpoints for p in t.pain_points for s in p.caused_by}
    assert used == step_ids


def test_lookups_and_tables() -> None:
    journey = load_journey()
    assert journey.touchpoint("T19").stage == "billing"
    assert journey.step("P18").lane == "backstage"
    table = journey.touchpoints_table()
    assert list(table.index) == [t.id for t in journey.ordered_touchpoints()]
    assert table.loc["T11", "pain_points"].startswith("Engineer did not turn up")
    steps = journey.steps_table()
    assert steps.loc["P33", "touchpoints"] == "T12; T22"
    with pytest.raises(CxlabValueError, match="there is no touchpoint 'T99'; the touchpoints "
                                              "are 'T01', 'T02'"):
        journey.touchpoint("T99")


def test_minimal_journey_builds() -> None:
    journey = Journey.from_dict(MINIMAL)
    assert journey.channels == ("web",)
    assert journey.departments == ("Sales", "Digital")
    assert journey.persona is None


# --------------------------------------------------------------------------------------------
# Errors name the offending item


def test_touchpoint_in_an_undefined_stage() -> None:
    data = copy.deepcopy(MINIMAL)
    data["touchpoints"][0]["stage"] = "installation"
    assert _error(data) == (
        "touchpoint 'T1': stage 'installation' is not defined; the stages are 'buy'"
    )


def test_empty_or_missing_stage_list() -> None:
    data = copy.deepcopy(MINIMAL)
    data["stages"] = []
    message = _error(data)
    assert "the stages list is empty or missing: a journey needs at least one stage" in message
    assert "touchpoint 'T1': stage 'buy' is not defined; the stages are none" in message
    del data["stages"]
    assert "the stages list is empty or missing" in _error(data)


def test_unknown_channel_lists_the_allowed_channels() -> None:
    data = copy.deepcopy(MINIMAL)
    data["touchpoints"][0]["channel"] = "pigeon"
    message = _error(data)
    assert message.startswith("touchpoint 'T1': channel must be one of 'advertising', 'web'")
    assert "'in_home', 'post'; got 'pigeon'" in message


@pytest.mark.parametrize("emotion", [3, -2.5, 10])
def test_emotion_off_the_scale(emotion) -> None:
    data = copy.deepcopy(MINIMAL)
    data["touchpoints"][0]["emotion"] = emotion
    assert _error(data) == (
        f"touchpoint 'T1': emotion must be from -2 (very negative) to +2 (very positive), "
        f"got {emotion:g}"
    )


@pytest.mark.parametrize("emotion", ["happy", None, True, float("nan")])
def test_emotion_not_a_number(emotion) -> None:
    data = copy.deepcopy(MINIMAL)
    data["touchpoints"][0]["emotion"] = emotion
    assert "touchpoint 'T1': emotion must be a number from -2 (very negative) to +2" in (
        _error(data))


def test_link_to_an_unknown_process_step() -> None:
    data = copy.deepcopy(MINIMAL)
    data["touchpoints"][0]["process_steps"] = ["P1", "P7"]
    assert _error(data) == (
        "touchpoint 'T1': is linked to process step 'P7', which is not defined; the process "
        "steps are 'P1'"
    )
    data = copy.deepcopy(MINIMAL)
    data["touchpoints"][0]["pain_points"] = [{"text": "Slow", "caused_by": ["P9"]}]
    assert "pain point 'Slow' is caused_by process step 'P9', which is not defined" in (
        _error(data))


def test_other_problems_are_all_reported_together() -> None:
    data = copy.deepcopy(MINIMAL)
    data["touchpoints"].append(dict(data["touchpoints"][0]))  # same id again
    data["touchpoints"][0]["owner"] = ""
    data["process_steps"][0]["lane"] = "kitchen"
    data["touchpoints"][0]["moment_of_truth"] = "maybe"
    with pytest.raises(JourneyError) as info:
        Journey.from_dict(data)
    problems = info.value.problems
    assert len(problems) == 4
    assert str(info.value).startswith("the journey has 4 problems:\n- ")
    assert "process step 'P1': lane must be one of 'customer', 'frontstage', 'backstage', " \
           "'support'; got 'kitchen'" in problems
    assert "touchpoint 'T1': has no owner (its owning department)" in problems
    assert "touchpoint 'T1': moment_of_truth must be yes or no, got 'maybe'" in problems
    assert "touchpoint 'T1': the id is used twice" in problems


def test_not_a_mapping() -> None:
    with pytest.raises(JourneyError, match="a journey must have fields such as stages"):
        Journey.from_dict(["stages"])


def test_journey_error_is_a_value_error() -> None:
    assert issubclass(JourneyError, ValueError)
    assert issubclass(JourneyError, CxlabValueError)


# --------------------------------------------------------------------------------------------
# Files: YAML and CSV


def test_yaml_file_loads(tmp_path) -> None:
    path = tmp_path / "journey.yml"
    path.write_text(YAML, encoding="utf-8")
    journey = load_journey(path)
    assert [t.id for t in journey.touchpoints] == ["T1", "T2"]
    assert journey.touchpoint("T2").moment_of_truth
    assert journey.touchpoint("T2").pain_points[0].text == "Long hold"


def test_yaml_errors_give_file_and_line(tmp_path) -> None:
    path = tmp_path / "journey.yml"
    path.write_text(YAML.replace("channel: phone", "channel: fax"), encoding="utf-8")
    with pytest.raises(JourneyError) as info:
        load_journey(path)
    line = YAML.splitlines().index("  - id: T2") + 1  # where T2 starts in the file
    assert line == 15
    assert str(info.value).startswith(f"{path}, line 15: touchpoint 'T2': channel must be")
    path.write_text(YAML.replace("emotion: -1", "emotion: -3"), encoding="utf-8")
    with pytest.raises(JourneyError, match=r"line 15: touchpoint 'T2': emotion must be from "
                                           r"-2 \(very negative\) to \+2 \(very positive\), "
                                           r"got -3"):
        load_journey(path)


def test_yaml_that_cannot_be_read(tmp_path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("stages:\n  - id: a\n - id: b\n", encoding="utf-8")
    with pytest.raises(JourneyError, match=r"broken.yaml, line \d+: could not be read as YAML"):
        load_journey(path)
    path.write_text("", encoding="utf-8")
    with pytest.raises(JourneyError, match="is empty"):
        load_journey(path)


CSV = """\
id,name,stage,stage_name,channel,owner,emotion,moment_of_truth,pain_points,process_steps
T1,Orders online,buy,Purchase,web,Sales,1,no,,P1
T2,Engineer visit,install,Installation,in_home,Field Ops,-1,yes,No-show; Day off work,P2;P3
"""

STEPS = """\
id,name,lane,stage,owner
P1,Checkout,frontstage,buy,Digital
P2,Dispatch,backstage,install,Field Ops
P3,Scheduling system,support,install,IT
"""


def test_csv_journey_with_steps_loads(tmp_path) -> None:
    (tmp_path / "j.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "s.csv").write_text(STEPS, encoding="utf-8")
    journey = load_journey(tmp_path / "j.csv", steps_path=tmp_path / "s.csv")
    assert [(s.id, s.name) for s in journey.stages] == [("buy", "Purchase"),
                                                        ("install", "Installation")]
    visit = journey.touchpoint("T2")
    assert visit.moment_of_truth and visit.emotion == -1.0
    assert [p.text for p in visit.pain_points] == ["No-show", "Day off work"]
    assert visit.process_steps == ("P2", "P3")


def test_csv_errors_give_file_and_row(tmp_path) -> None:
    (tmp_path / "j.csv").write_text(CSV.replace("in_home", "drone"), encoding="utf-8")
    (tmp_path / "s.csv").write_text(STEPS.replace("support", "basement"), encoding="utf-8")
    with pytest.raises(JourneyError) as info:
        load_journey(tmp_path / "j.csv", steps_path=tmp_path / "s.csv")
    problems = info.value.problems
    assert any(p.startswith(f"{tmp_path / 's.csv'}, row 4: process step 'P3': lane must be")
               for p in problems), problems
    assert any(p.startswith(f"{tmp_path / 'j.csv'}, row 3: touchpoint 'T2': channel must be")
               for p in problems), problems


def test_csv_without_steps_file_reports_unknown_steps(tmp_path) -> None:
    (tmp_path / "j.csv").write_text(CSV, encoding="utf-8")
    with pytest.raises(JourneyError) as info:
        load_journey(tmp_path / "j.csv")
    assert f"{tmp_path / 'j.csv'}, row 2: touchpoint 'T1': is linked to process step 'P1', " \
           "which is not defined; the process steps are none are defined" in info.value.problems


def test_csv_missing_columns_are_named(tmp_path) -> None:
    (tmp_path / "j.csv").write_text("id,name,stage\nT1,Orders,buy\n", encoding="utf-8")
    with pytest.raises(JourneyError, match="is missing the columns channel, owner, emotion; it "
                                           "must have id, name, stage, channel, owner, emotion"):
        load_journey(tmp_path / "j.csv")


def test_bad_paths(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="there is no file"):
        load_journey(tmp_path / "nope.yml")
    with pytest.raises(CxlabValueError, match="is a folder, not a journey file"):
        load_journey(tmp_path)
    (tmp_path / "j.txt").write_text("x", encoding="utf-8")
    with pytest.raises(CxlabValueError, match="path must end in .yml, .yaml or .csv"):
        load_journey(tmp_path / "j.txt")
    with pytest.raises(CxlabValueError, match="steps_path is for a CSV journey"):
        load_journey(steps_path="s.csv")
