"""check_agents speaks of whole agents and of the service level the typed number gives."""

from __future__ import annotations

import math

import pytest

from cxlab import CxlabValueError
from cxlab import service_level as sl


def erlang_c_sl(agents: int, erlangs: float, aht: float, threshold: float) -> float:
    """Erlang C service level, written out here from the textbook formula (not cxlab's)."""
    top = erlangs**agents / math.factorial(agents) * agents / (agents - erlangs)
    pw = top / (sum(erlangs**k / math.factorial(k) for k in range(agents)) + top)
    return 1 - pw * math.exp(-(agents - erlangs) * threshold / aht)


# Lesson 01.02, exercise (a): 150 calls x 240 s / 1,800 s = 20 Erlangs, 80% in 20 s.
QUEUE = {"intensity": 20.0, "aht_seconds": 240, "threshold_seconds": 20, "target_sl": 0.8}


def test_the_fewest_agents_is_correct() -> None:
    assert erlang_c_sl(24, 20, 240, 20) < 0.8 <= erlang_c_sl(25, 20, 240, 20)
    feedback = sl.check_agents("25 agents", **QUEUE)
    assert feedback.correct is True and str(feedback) == "Correct: 25 agents."


def test_too_few_says_how_many_short_and_the_service_level_they_give() -> None:
    by_hand = erlang_c_sl(21, 20, 240, 20)
    assert f"{by_hand:.1%}" == "30.0%"
    feedback = sl.check_agents(21, **QUEUE)
    assert feedback.correct is False
    assert str(feedback) == ("Not yet: 21 agents are 4 too few (with 21, 30.0% of calls are "
                             "answered within 20 s), short of the 80% target.")
    assert "%" not in str(sl.check_agents(24, **QUEUE)).split("(")[0]  # no "by about 4%"


def test_too_many_says_how_many_over() -> None:
    by_hand = erlang_c_sl(27, 20, 240, 20)
    feedback = sl.check_agents(27, **QUEUE, hint="Find the smallest number.")
    assert str(feedback) == (f"Not yet: 27 agents meet the target (with 27, {by_hand:.1%} of "
                             "calls are answered within 20 s), but 2 fewer would too: the "
                             "answer is the fewest agents that reach 80%. Find the smallest "
                             "number.")


def test_erlang_a_with_patience() -> None:
    # Published reference for 10 Erlangs, AHT 180 s, 14 agents, mean patience 300 s:
    # service level (answered within 20 s / offered) 91.7% (lesson 01.05 quotes it).
    feedback = sl.check_agents(14, 10, 180, 20, 0.8, patience_seconds=300)
    assert str(feedback).startswith("Not yet: 14 agents meet the target (with 14, 91.7% of "
                                    "calls offered are answered within 20 s), but 1 fewer")


def test_any_measure_given_as_a_table_or_a_function() -> None:
    shares = {13: 0.64, 14: 0.83, 15: 0.925, 16: 0.968}
    kwargs = {"achieved": shares, "target_sl": 0.9, "measure": "of half hours meet 80%",
              "agents": range(13, 17)}
    assert sl.check_agents(15, **kwargs).correct
    assert str(sl.check_agents(14, **kwargs)) == (
        "Not yet: 14 agents are 1 too few (with 14, 83.0% of half hours meet 80%), short of "
        "the 90% target.")
    assert str(sl.check_agents(12, **kwargs)) == (  # not in the table: no percentage to give
        "Not yet: 12 agents are 3 too few, short of the 90% target.")
    doubled = sl.check_agents(3, achieved=lambda n: n / 4, target_sl=0.5,
                              measure="of the work done")
    assert str(doubled) == ("Not yet: 3 agents meet the target (with 3, 75.0% of the work "
                            "done), but 1 fewer would too: the answer is the fewest agents "
                            "that reach 50%.")


def test_unanswered_unreadable_and_part_agents() -> None:
    assert sl.check_agents(None, **QUEUE).correct is None
    assert str(sl.check_agents(None, **QUEUE)).startswith("Not answered yet")
    assert str(sl.check_agents("many", **QUEUE)).startswith("Not read:")
    assert str(sl.check_agents("24.5", **QUEUE)) == (
        "Not yet: 24.5 is not a whole number of agents. Agents come in whole people: type a "
        "whole number.")
    assert str(sl.check_agents(1, **QUEUE)).startswith("Not yet: 1 agent is 24 too few")


def test_bad_set_ups_are_named() -> None:
    with pytest.raises(CxlabValueError, match="give intensity and aht_seconds"):
        sl.check_agents(3)
    with pytest.raises(CxlabValueError, match="measure must say what the share is of"):
        sl.check_agents(3, achieved={3: 1.0})
    with pytest.raises(CxlabValueError, match="achieved must be a function of the number of "
                                              "agents or a table"):
        sl.check_agents(3, achieved=0.5, measure="of calls")
    with pytest.raises(CxlabValueError, match="no number of agents from 1 to 3 reaches the "
                                              "target 90%"):
        sl.check_agents(3, achieved={1: 0.1}, measure="of calls", target_sl=0.9,
                        agents=range(1, 4))
    with pytest.raises(CxlabValueError, match="target_sl"):
        sl.check_agents(3, **{**QUEUE, "target_sl": 1.5})


# --- bad set-ups refused plainly (issue 17) -----------------------------------------------


def test_a_queue_value_that_is_no_number_is_named() -> None:
    with pytest.raises(CxlabValueError, match="^threshold_seconds must be a number, got 'abc'$"):
        sl.check_agents(25, **{**QUEUE, "threshold_seconds": "abc"})
    with pytest.raises(CxlabValueError, match=r"^patience_seconds must be a single number, "
                                              r"got \[\]$"):
        sl.check_agents(25, **QUEUE, patience_seconds=[])
    with pytest.raises(CxlabValueError, match=r"^measure must be words saying what the share "
                                              r"is of.*, got \[\[1, 2, 3\], \[4, 5, 6\]\]$"):
        sl.check_agents(25, **QUEUE, measure=[[1, 2, 3], [4, 5, 6]])


def test_achieved_must_be_shares_by_number_of_agents() -> None:
    # Before: a list reached .items() and failed with a raw AttributeError.
    for bad in ([0.5, 0.9], "abc", {}, {"a": 1}, {20: 1.5}):
        with pytest.raises(CxlabValueError, match="^achieved must be a function of the number "
                                                  "of agents or a table of shares"):
            sl.check_agents(3, achieved=bad, measure="of calls")


def test_a_workload_no_agent_count_can_carry_names_intensity() -> None:
    with pytest.raises(CxlabValueError, match="^intensity must be below 10,000 Erlangs"):
        sl.check_agents(25, **{**QUEUE, "intensity": 10**9})
    with pytest.raises(CxlabValueError, match="check intensity, aht_seconds and target_sl$"):
        sl.check_agents(25, **QUEUE, agents=range(1, 22))


def test_a_huge_answer_is_answered_in_words() -> None:
    # Before: the model's own limit (100,000 agents) escaped as an error about "agents".
    assert str(sl.check_agents(10**9, **QUEUE)) == (
        "Not yet: 1000000000 agents meet the target, but 999999975 fewer would too: the "
        "answer is the fewest agents that reach 80%.")
