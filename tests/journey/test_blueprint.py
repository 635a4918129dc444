"""Ownership matrix, blueprint links, pain-point causes and emotion per stage."""

from __future__ import annotations

import math

import pytest

from cxlab._validation import CxlabValueError
from cxlab.journey import (
    Journey,
    blueprint_links,
    emotion_by_stage,
    load_journey,
    ownership_matrix,
    pain_point_causes,
)

SMALL = Journey.from_dict({
    "stages": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}, {"id": "c", "name": "C"}],
    "touchpoints": [
        {"id": "T1", "name": "One", "stage": "a", "channel": "web", "owner": "Sales",
         "emotion": 2, "process_steps": ["P1", "P2"],
         "pain_points": ["Slow page", {"text": "Wrong price", "caused_by": ["P2"]}]},
        {"id": "T2", "name": "Two", "stage": "a", "channel": "phone", "owner": "Service",
         "emotion": -1, "process_steps": ["P2"]},
        {"id": "T3", "name": "Three", "stage": "b", "channel": "phone", "owner": "Service",
         "emotion": 0.5, "pain_points": ["Nobody knows"]},
    ],
    "process_steps": [
        {"id": "P1", "name": "Browse", "lane": "customer", "stage": "a"},
        {"id": "P2", "name": "Price rules", "lane": "support", "stage": "a", "owner": "Pricing"},
    ],
})


def test_ownership_matrix_owns_and_supports() -> None:
    matrix = ownership_matrix(SMALL)
    assert list(matrix.index) == ["Sales", "Service", "Pricing"]
    assert list(matrix.columns) == ["T1", "T2", "T3"]
    assert matrix.to_dict("index") == {
        "Sales": {"T1": "owns", "T2": "", "T3": ""},
        "Service": {"T1": "", "T2": "owns", "T3": "owns"},
        "Pricing": {"T1": "supports", "T2": "supports", "T3": ""},
    }


def test_the_department_where_a_pain_starts_supports_the_moment() -> None:
    journey = Journey.from_dict({
        "stages": [{"id": "a", "name": "A"}],
        "touchpoints": [{"id": "T1", "name": "Bill", "stage": "a", "channel": "post",
                         "owner": "Billing", "emotion": -1,
                         "pain_points": [{"text": "Price rose", "caused_by": ["P9"]}]}],
        "process_steps": [{"id": "P9", "name": "Set prices", "lane": "support", "stage": "a",
                           "owner": "Pricing"}],
    })
    assert ownership_matrix(journey)["T1"].to_dict() == {"Billing": "owns",
                                                         "Pricing": "supports"}
    # in the sample, Pricing's price rules start the first-bill surprise
    assert ownership_matrix(load_journey()).loc["Pricing", "T19"] == "supports"


def test_sample_ownership_has_one_owner_per_touchpoint() -> None:
    journey = load_journey()
    matrix = ownership_matrix(journey)
    assert ((matrix == "owns").sum() == 1).all()
    # The installation visit leans on dispatch and scheduling (Field Operations) only;
    # the rebooking call also on IT's job system: a hand-off between departments.
    assert matrix["T12"].to_dict()["IT"] == "supports"
    assert matrix.loc["Customer Service", "T12"] == "owns"


def test_blueprint_links_one_row_per_link() -> None:
    links = blueprint_links(SMALL)
    assert links[["touchpoint_id", "step_id", "lane"]].values.tolist() == [
        ["T1", "P1", "customer"], ["T1", "P2", "support"], ["T2", "P2", "support"],
        ["T3", "", ""],
    ]
    sample = blueprint_links(load_journey())
    assert len(sample) == sum(len(t.process_steps) for t in load_journey().touchpoints)


def test_pain_point_causes_pinned_or_candidates() -> None:
    causes = pain_point_causes(SMALL)
    rows = causes[["pain_point", "step_id", "pinned"]].values.tolist()
    # "Slow page" is not pinned: candidates are T1's steps outside the customer lane (P2).
    assert rows == [["Slow page", "P2", False], ["Wrong price", "P2", True],
                    ["Nobody knows", "", False]]


def test_sample_pain_points_all_have_a_cause() -> None:
    journey = load_journey()
    causes = pain_point_causes(journey)
    assert (causes["step_id"] != "").all() and causes["pinned"].all()
    n_pains = sum(len(t.pain_points) for t in journey.touchpoints)
    assert causes.drop_duplicates(["touchpoint_id", "pain_point"]).shape[0] == n_pains
    bill = causes[causes["pain_point"].str.startswith("First bill higher")]
    assert set(bill["step_id"]) == {"P30", "P02"}
    assert set(bill["step_owner"]) == {"Billing", "Pricing"}


def test_emotion_by_stage_is_the_mean() -> None:
    values = emotion_by_stage(SMALL)
    assert values["a"] == pytest.approx((2 - 1) / 2)
    assert values["b"] == 0.5
    assert math.isnan(values["c"])
    sample = emotion_by_stage(load_journey())
    assert sample["billing"] == pytest.approx((-2 + 1 - 1) / 3)


def test_tables_reject_a_non_journey() -> None:
    with pytest.raises(CxlabValueError, match="journey must be a Journey"):
        ownership_matrix({"stages": []})
