"""The metric map and what-if: formulas agree with module 01, the loop converges."""

from __future__ import annotations

import math

import pytest

from cxlab import metrics
from cxlab import service_level as sl
from cxlab._validation import CxlabValueError
from cxlab.metrics.whatif import Baseline


def test_every_link_is_documented() -> None:
    m = metrics.metric_map()
    for link in m.links:
        assert link.source in m.metrics and link.target in m.metrics
        assert link.sign in (+1, -1)
        assert link.kind in ("formula", "direction")
        if link.kind == "formula":
            assert link.formula, link
        else:
            assert link.why and link.reference, link
    covered = {end for link in m.links for end in (link.source, link.target)}
    for name in ["forecast_accuracy", "contact_volume", "talk_seconds", "hold_seconds",
                 "acw_seconds", "adherence", "shrinkage", "occupancy", "service_level",
                 "asa_seconds", "abandonment", "fcr", "repeat_contacts", "quality", "csat",
                 "cost_per_contact", "engagement", "attrition"]:
        assert name in covered, name


def test_map_lookups() -> None:
    m = metrics.metric_map()
    assert {"contact_volume", "service_level", "cost_per_contact"} <= set(m.downstream("fcr"))
    assert "repeat_contacts" in m.downstream("contact_volume"), "the loop is on the map"
    assert len(m.table()) == len(m.links)
    with pytest.raises(CxlabValueError, match="there is no metric 'sl'"):
        m.drivers_of("sl")


def test_baseline_is_module_01_reference_case() -> None:
    r = metrics.what_if(fcr=0.8)  # no change
    t = r.table
    assert t.loc["contact_volume", "before"] == pytest.approx(100)
    assert t.loc["aht_seconds", "before"] == pytest.approx(180)
    assert t.loc["agents", "before"] == 14
    assert t.loc["service_level", "before"] == pytest.approx(0.916792, abs=5e-7)  # published
    assert t.loc["abandonment", "before"] == pytest.approx(0.013984, abs=5e-7)  # published
    assert r.moved() == []


def test_ten_percent_aht_rise_moves_metrics_exactly_as_erlang_a_says() -> None:
    r = metrics.what_if(aht_seconds=198)
    t = r.table
    expected = sl.erlang_a(14, 100 * 198 / 1800, 198, 300, 20)
    assert t.loc["service_level", "after"] == pytest.approx(expected.service_level, rel=1e-12)
    assert t.loc["asa_seconds", "after"] == pytest.approx(expected.asa, rel=1e-12)
    assert t.loc["occupancy", "after"] == pytest.approx(expected.occupancy, rel=1e-12)
    assert t.loc["abandonment", "after"] == pytest.approx(expected.p_abandon, rel=1e-12)
    cost = 22 * 0.5 * 30 / (100 * (1 - expected.p_abandon))
    assert t.loc["cost_per_contact", "after"] == pytest.approx(cost, rel=1e-12)
    assert t.loc["talk_seconds", "after"] == pytest.approx(165)
    assert set(r.moved()) >= {"service_level", "asa_seconds", "occupancy", "cost_per_contact"}


def test_erlang_c_when_nobody_hangs_up() -> None:
    r = metrics.what_if(Baseline(patience_seconds=None), scheduled_staff=20)
    t = r.table
    assert t.loc["service_level", "before"] == pytest.approx(0.88835, abs=5e-6)  # published
    assert t.loc["agents", "after"] == math.floor(20 * 0.7 * 0.92)  # 12
    assert t.loc["service_level", "after"] == pytest.approx(sl.service_level(12, 10, 180, 20))


def test_fcr_loop_converges_to_the_closed_form() -> None:
    r = metrics.what_if(fcr=0.7, repeat_share=0.9)
    volume = 80 / (1 - 0.9 * 0.3)
    assert r.table.loc["contact_volume", "after"] == pytest.approx(volume, rel=1e-8)
    assert r.table.loc["repeat_contacts", "after"] == pytest.approx(volume - 80, rel=1e-7)
    assert r.loop_steps > 5, "followed round the loop, not solved in one step"
    assert r.table.loc["service_level", "change"] < 0  # more volume, worse service
    assert r.table.loc["occupancy", "change"] > 0


def test_shrinkage_and_adherence_cost_whole_agents() -> None:
    assert metrics.what_if(shrinkage=0.35).table.loc["agents", "after"] == 13
    assert metrics.what_if(adherence=0.85).table.loc["agents", "after"] == math.floor(
        22 * 0.7 * 0.85)


def test_directions_follow_with_reasons_and_no_numbers() -> None:
    r = metrics.what_if(quality="down")
    likely = dict(zip(r.likely["metric"], r.likely["direction"], strict=True))
    assert likely == {"fcr": "down", "csat": "down"}
    assert r.moved() == []
    high_occupancy = metrics.what_if(scheduled_staff=19)  # fewer agents: occupancy up
    assert "engagement" in set(high_occupancy.likely["metric"])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"fcr": 1.5}, r"fcr must be in \[0, 1\], got 1.5"),
        ({"speed": 3}, r"what_if cannot change speed"),
        ({"quality": "lower"}, r"quality has no formula on the map, so it takes 'up' or 'down'"),
        ({"fcr": 0.0}, r"repeat_share x \(1 - fcr\) must be below 1"),
        ({"shrinkage": 1.0}, r"shrinkage must be in \[0, 1\)"),
    ],
)
def test_bad_changes_are_named(changes: dict, message: str) -> None:
    with pytest.raises(CxlabValueError, match=message):
        metrics.what_if(**changes)


# For each metric, a change to the baseline that moves it (and nothing it does not drive).
_MOVE = {
    "talk_seconds": {"talk_seconds": 170.0},
    "hold_seconds": {"hold_seconds": 30.0},
    "acw_seconds": {"acw_seconds": 40.0},
    "first_contacts": {"first_contacts": 90.0},
    "fcr": {"fcr": 0.85},
    "repeat_contacts": {"fcr": 0.75},
    "contact_volume": {"first_contacts": 90.0},
    "aht_seconds": {"talk_seconds": 170.0},
    "scheduled_staff": {"scheduled_staff": 25},
    "shrinkage": {"shrinkage": 0.36},
    "adherence": {"adherence": 0.80},
    "agents": {"scheduled_staff": 25},
    "erlangs": {"first_contacts": 90.0},
}


def test_every_formula_link_moves_its_target_the_documented_way() -> None:
    graph = metrics.metric_map()
    checked = 0
    for link in graph.links:
        if link.kind != "formula":
            continue
        change = _MOVE[link.source]
        t = metrics.what_if(**change).table
        source_change = t.loc[link.source, "change"]
        target_change = t.loc[link.target, "change"]
        assert source_change != 0, link
        assert target_change != 0, link
        assert (target_change > 0) == (source_change * link.sign > 0), (link, t.loc[
            [link.source, link.target]])
        checked += 1
    assert checked == sum(link.kind == "formula" for link in graph.links)


def test_service_level_and_occupancy_feed_back_into_quality() -> None:
    """Issue 19: the queue drives quality too (long waits and busy agents -> rushed contacts)."""
    m = metrics.metric_map()
    into_quality = {link.source: link for link in m.drivers_of("quality")}
    assert into_quality["service_level"].sign == +1  # better service level, better quality
    assert into_quality["occupancy"].sign == -1  # busier agents, lower quality
    for source in ("service_level", "occupancy"):
        assert into_quality[source].kind == "direction"  # a documented sign, never a size
    # The loop closes: quality -> FCR -> repeats -> volume -> workload -> service level -> quality
    assert "quality" in m.downstream("service_level")
    assert "service_level" in m.downstream("quality")
    path = ["quality", "fcr", "repeat_contacts", "contact_volume", "erlangs", "service_level",
            "quality"]
    links = {(link.source, link.target): link.sign for link in m.links}
    signs = [links[(a, b)] for a, b in zip(path, path[1:], strict=False)]
    assert signs == [+1, -1, +1, +1, -1, +1]
    assert math.prod(signs) == +1, "a reinforcing loop: a fall in quality feeds on itself"


def test_a_worse_queue_now_points_to_lower_quality_and_fcr() -> None:
    rise = metrics.what_if(aht_seconds=198)  # service level down, occupancy up
    likely = dict(zip(rise.likely["metric"], rise.likely["direction"], strict=True))
    assert likely["quality"] == "down" and likely["fcr"] == "down"
    reasons = dict(zip(rise.likely["metric"], rise.likely["because"], strict=True))
    assert reasons["quality"].startswith("Service level down: long queues push agents")
    more_staff = metrics.what_if(scheduled_staff=25)  # service level up, occupancy down
    likely = dict(zip(more_staff.likely["metric"], more_staff.likely["direction"], strict=True))
    assert likely["quality"] == "up" and likely["fcr"] == "up"


def test_link_counts_quoted_in_lesson_02_01() -> None:
    """The prose of 02.01 quotes how many links of each kind the map has."""
    kinds = [link.kind for link in metrics.metric_map().links]
    assert (kinds.count("formula"), kinds.count("direction")) == (22, 12)


def test_what_if_baseline_must_be_a_baseline() -> None:
    # Before: "'str' object has no attribute 'validate'".
    for bad in ("abc", 10**9, {"fcr": 0.7}):
        with pytest.raises(CxlabValueError, match="^baseline must be the centre's starting "
                                                  r"figures, a Baseline\(\.\.\.\), or None"):
            metrics.what_if(bad)
    with pytest.raises(CxlabValueError, match="^quality has no formula on the map, so it "
                                              "takes 'up' or 'down'"):
        metrics.what_if(quality=[1, 2])
