"""cxlab.planning.channels: chat concurrency checked against Erlang C, a hand-solved chain and
simulation (ours and module 01's); messaging against a Monte Carlo of conversations; bots by
hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cxlab import CxlabValueError
from cxlab import service_level as sl
from cxlab.planning import channels as ch

# -- handle time and the slots approximation --------------------------------------------------


def test_handle_time_grows_with_concurrency() -> None:
    # 360 x (1 + 0.25 x (3 - 1)) = 540; slowdown 1: three at once take three times as long
    assert ch.chat_handle_seconds(360, 3, slowdown=0.25) == pytest.approx(540)
    assert ch.chat_handle_seconds(360, 3, slowdown=1) == pytest.approx(1080)
    assert ch.chat_handle_seconds(360, 1, slowdown=0.7) == pytest.approx(360)
    np.testing.assert_allclose(ch.chat_handle_seconds(300, [1, 2, 4], slowdown=0.5),
                               [300, 450, 750])


def test_one_chat_at_a_time_is_erlang_c() -> None:
    for method in ch.CHAT_METHODS:
        for s in (0, 0.4, 1):
            got = ch.chat_service_level(100, 180, 14, concurrency=1, slowdown=s,
                                        threshold_seconds=20, interval_seconds=1800,
                                        method=method)
            # module 01's example: 100 calls, 180 s, 14 agents, 20 s -> 88.8 %
            assert got == pytest.approx(sl.service_level(14, 10, 180, 20), abs=1e-12)


def test_no_slowdown_is_erlang_c_on_agents_times_concurrency() -> None:
    # Each chat has a place of its own at full speed: M/M/(N x k) exactly, both methods.
    a = 120 * 300 / 1800
    for method in ch.CHAT_METHODS:
        got = ch.chat_service_level(120, 300, 12, concurrency=2, slowdown=0,
                                    threshold_seconds=30, method=method)
        assert got == pytest.approx(sl.service_level(24, a, 300, 30), abs=1e-9)


def test_slots_use_the_stretched_handle_time() -> None:
    # k = 3, slowdown 0.25: 450 s a chat, workload 120 x 450 / 1800 = 30 on 12 x 3 = 36 slots
    got = ch.chat_service_level(120, 300, 12, concurrency=3, slowdown=0.25,
                                threshold_seconds=30)
    assert got == pytest.approx(sl.service_level(36, 30, 450, 30), abs=1e-12)
    # not enough places for the workload: 0
    assert ch.chat_service_level(120, 300, 9, concurrency=3, slowdown=0.25,
                                 threshold_seconds=30) == 0.0


def test_agents_required_by_slots_is_the_erlang_slots_divided_by_k() -> None:
    slots = sl.agents_required(30, 450, 30, 0.8)  # the k = 3 case above
    assert ch.chat_agents_required(120, 300, concurrency=3, slowdown=0.25,
                                   threshold_seconds=30, target_sl=0.8) == math.ceil(slots / 3)
    got = ch.chat_agents_required(pd.Series([60, 120], index=["09:00", "09:30"]), 300,
                                  concurrency=2, slowdown=0.25, threshold_seconds=30,
                                  target_sl=0.8)
    assert list(got.index) == ["09:00", "09:30"]


def test_balanced_staffing_meets_the_target_and_never_exceeds_slots() -> None:
    for k in (1, 2, 3, 4):
        for s in (0.0, 0.25, 0.5, 1.0):
            args = {"concurrency": k, "slowdown": s, "threshold_seconds": 30}
            slots = ch.chat_agents_required(120, 300, target_sl=0.8, **args)
            bal = ch.chat_agents_required(120, 300, target_sl=0.8, method="balanced", **args)
            assert bal <= slots
            assert ch.chat_service_level(120, 300, bal, method="balanced", **args) >= 0.8
            assert ch.chat_service_level(120, 300, bal - 1, method="balanced", **args) < 0.8


# -- the simulation, checked against exact answers ----------------------------------------------


def test_simulation_of_one_agent_matches_the_chain_solved_by_hand() -> None:
    # One agent, up to 2 chats, slowdown 0.5, 6 chats per 1,800 s of 300 s each (1 Erlang).
    # With j chats open the agent finishes j / (1 + 0.5 (j - 1)) chats per 300 s: 1 at j = 1,
    # 4/3 at j = 2. Birth-death chain: p0 : p1 : p2 = 1 : 1 : 3/4, then a geometric tail of
    # ratio 1 / (4/3) = 3/4, so p(n >= 2) = (3/4) / (1/4) p0 = 3 p0 and 1 = p0 (1 + 1 + 3):
    # p0 = 0.2, chance to wait 0.6. Waiting clears at 4/3 - 1 = 1/3 per 300 s = 1 / 900 s:
    # SL(300 s) = 1 - 0.6 exp(-1/3) = 0.570081, ASA = 0.6 x 900 = 540 s. Chats in service on
    # average 1 x 0.2 + 2 x 0.6 = 1.4; Little: mean handle 1.4 x 300 = 420 s.
    exact_sl = 1 - 0.6 * math.exp(-1 / 3)
    assert exact_sl == pytest.approx(0.570081, abs=1e-6)
    args = {"concurrency": 2, "slowdown": 0.5, "threshold_seconds": 300}
    assert ch.chat_service_level(6, 300, 1, method="balanced", **args) == pytest.approx(exact_sl)
    sim = ch.simulate_chat(6, 300, 1, intervals=8000, replications=4, rng=11, **args)
    assert sim.service_level == pytest.approx(exact_sl, abs=0.02)
    assert sim.asa_seconds == pytest.approx(540, rel=0.08)
    assert sim.mean_handle_seconds == pytest.approx(420, rel=0.02)
    assert sim.mean_chats_per_agent == pytest.approx(1.4, rel=0.03)


def test_simulation_without_slowdown_matches_erlang_c_and_module_01s_simulator() -> None:
    # 12 agents x 2 chats at full speed are 24 agents of module 01: 120 chats of 300 s per
    # half hour (20 Erlangs), 30 s target.
    exact = sl.service_level(24, 20, 300, 30)
    ours = ch.simulate_chat(120, 300, 12, concurrency=2, slowdown=0, threshold_seconds=30,
                            intervals=400, replications=4, rng=5)
    theirs = sl.simulate([120] * 400, 300, 24, threshold_seconds=30, rng=6)
    assert ours.service_level == pytest.approx(exact, abs=0.03)
    assert theirs.service_level() == pytest.approx(exact, abs=0.03)
    assert ours.service_level == pytest.approx(theirs.service_level(), abs=0.04)
    assert ours.mean_handle_seconds == pytest.approx(300, rel=0.02)


def test_simulation_is_seeded() -> None:
    args = {"concurrency": 3, "slowdown": 0.3, "threshold_seconds": 60, "intervals": 20}
    a = ch.simulate_chat(90, 360, 12, rng=4, **args)
    b = ch.simulate_chat(90, 360, 12, rng=4, **args)
    assert a == b
    assert "chats open per agent" in repr(a)


# -- where the slots approximation is off (the tolerances stated in the module notes) ----------

# (concurrency, slowdown): the team is sized by the slots rule for 80 % in 30 s, 120 chats of
# 300 s a half hour; the simulated service level minus the slots one must lie in the range.
GAPS = {
    (2, 0.25): (0.0, 0.06),  # about 4 points
    (3, 0.25): (0.02, 0.10),  # about 6 points
    (3, 0.5): (0.04, 0.13),  # about 8 points: "off at high concurrency"
    (2, 1.0): (0.10, 0.25),  # about 17 points: no gain from concurrency at all
}


@pytest.mark.parametrize(("k", "s"), list(GAPS))
def test_slots_are_on_the_safe_side_by_the_stated_margin(k: int, s: float) -> None:
    args = {"concurrency": k, "slowdown": s, "threshold_seconds": 30}
    n = ch.chat_agents_required(120, 300, target_sl=0.8, **args)
    slots = ch.chat_service_level(120, 300, n, **args)
    balanced = ch.chat_service_level(120, 300, n, method="balanced", **args)
    sim = ch.simulate_chat(120, 300, n, intervals=400, replications=4, rng=3, **args)
    low, high = GAPS[(k, s)]
    assert low <= sim.service_level - slots <= high
    # the balanced model is within 2 points of the simulation
    assert balanced == pytest.approx(sim.service_level, abs=0.02)
    # real agents are not always at full concurrency, so chats are quicker than stretched
    assert 300 < sim.mean_handle_seconds < ch.chat_handle_seconds(300, k, slowdown=s)
    assert sim.mean_chats_per_agent < k


def test_a_slots_sized_team_at_high_concurrency_is_larger_than_needed() -> None:
    # The module notes: at k = 3, slowdown 0.5 the slots rule asks for 16 where 15 do.
    args = {"concurrency": 3, "slowdown": 0.5, "threshold_seconds": 30}
    assert ch.chat_agents_required(120, 300, target_sl=0.8, **args) == 16
    fewer = ch.simulate_chat(120, 300, 15, intervals=400, replications=4, rng=8, **args)
    assert fewer.service_level_low > 0.8


def test_concurrency_table() -> None:
    table = ch.chat_concurrency_table(100, 360, 14, concurrency=[1, 2, 3], slowdown=0.25,
                                      threshold_seconds=60, intervals=40, replications=2,
                                      rng=1)
    assert list(table.index) == [1, 2, 3]
    assert table.loc[1, "sl_slots"] == 0.0 and math.isnan(table.loc[1, "sl_simulated"])
    assert table.loc[2, "sl_slots"] == pytest.approx(
        ch.chat_service_level(100, 360, 14, concurrency=2, slowdown=0.25, threshold_seconds=60))
    assert 0 < table.loc[2, "sl_simulated"] <= 1
    assert table.attrs["agents"] == 14 and table.attrs["slowdown"] == 0.25


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ch.chat_handle_seconds(300, 0, slowdown=0.2), r"concurrency must be in \[1, 10\]"),
        (lambda: ch.chat_handle_seconds(300, 2, slowdown=25),
         r"slowdown must be in \[0, 1\], got 25 \(0 = chats do not slow each other"),
        (lambda: ch.chat_service_level(100, 300, 10, concurrency=2.5, slowdown=0.2,
                                       threshold_seconds=30),
         "concurrency must be a whole number of at least 1, got 2.5"),
        (lambda: ch.chat_service_level(100, 300, 10, concurrency=11, slowdown=0.2,
                                       threshold_seconds=30), "concurrency must be at most 10"),
        (lambda: ch.chat_service_level(100, 300, 10, concurrency=2, slowdown=0.2,
                                       threshold_seconds=30, method="exact"),
         "method must be one of 'slots', 'balanced'; got 'exact'"),
        (lambda: ch.chat_agents_required(100, 300, concurrency=2, slowdown=0.2,
                                         threshold_seconds=30, target_sl=80),
         r"target_sl must be in \[0, 1\), got 80"),
        (lambda: ch.simulate_chat(100, 300, 5, concurrency=2, slowdown=0.2,
                                  threshold_seconds=30),
         "5 agents with 2 chats each cannot keep up with 100 chats"),
        (lambda: ch.simulate_chat(100, 300, 20, concurrency=2, slowdown=0.2,
                                  threshold_seconds=30, intervals=100_000),
         "chats x intervals x replications must be at most 2,000,000"),
        (lambda: ch.simulate_chat(100, 300, 20, concurrency=2, slowdown=0.2,
                                  threshold_seconds=30, rng="seed"), "rng must be a numpy"),
        (lambda: ch.simulate_chat(100, 300, 0, concurrency=2, slowdown=0.2,
                                  threshold_seconds=30),
         "agents must be a whole number of at least 1, got 0"),
    ],
)
def test_chat_bad_input(call, message: str) -> None:
    with pytest.raises(CxlabValueError, match=message):
        call()


# -- messaging ---------------------------------------------------------------------------------


def _monte_carlo_messages(conversations: list[int], m: float, gap_minutes: float,
                          rng: np.random.Generator, repeat: int) -> np.ndarray:
    """Play conversations one by one: even starts, geometric message counts, exponential gaps."""
    n_periods = len(conversations)
    counts = np.zeros(n_periods + 1)  # the last cell collects messages after the end
    for _ in range(repeat):
        for period, n in enumerate(conversations):
            start = period + rng.random(n)  # in hours
            messages = rng.geometric(1 / m, size=n)
            for t0, k in zip(start, messages, strict=True):
                times = t0 + np.concatenate([[0.0], np.cumsum(
                    rng.exponential(gap_minutes / 60, size=k - 1))])
                idx = np.minimum(times.astype(int), n_periods)
                np.add.at(counts, idx, 1)
    return counts / repeat


def test_messaging_workload_matches_a_monte_carlo_of_conversations() -> None:
    conversations = [40, 80, 120, 60, 0, 20]
    w = ch.messaging_workload(conversations, messages_per_conversation=2.5,
                              minutes_between_messages=35)
    mc = _monte_carlo_messages(conversations, 2.5, 35, np.random.default_rng(2), repeat=60)
    np.testing.assert_allclose(w.periods["messages"], mc[:-1], rtol=0.03, atol=1.5)
    assert w.after_end == pytest.approx(mc[-1], rel=0.05)
    # every message is somewhere: first messages plus (m - 1) follow-ups each
    total = w.periods["messages"].sum() + w.after_end
    assert total == pytest.approx(sum(conversations) * 2.5)


def test_messaging_by_hand_for_one_hour_of_conversations() -> None:
    # 100 conversations in hour 0, 3 messages on average, 20 minutes apart: follow-ups fade at
    # rate 1 / (3 x 20 min) = 1 an hour (x = 1). Same hour: 2 x (1 - (1 - e^-1)) = 2 e^-1
    # = 0.7358 a conversation; next hour 2 (1 - e^-1)^2 = 0.7992; then x e^-1 = 0.2940.
    w = ch.messaging_workload([100, 0, 0], messages_per_conversation=3,
                              minutes_between_messages=20)
    e = math.exp(-1)
    np.testing.assert_allclose(w.periods["follow_up_messages"],
                               [200 * e, 200 * (1 - e) ** 2, 200 * (1 - e) ** 2 * e])
    assert w.periods["first_messages"].tolist() == [100, 0, 0]


def test_messaging_feeds_module_01s_backlog() -> None:
    hours = [f"{h:02d}:00" for h in range(8, 12)]
    w = ch.messaging_workload(pd.Series([60, 90, 90, 60], index=hours),
                              messages_per_conversation=1, minutes_between_messages=10)
    assert list(w.periods.index) == hours
    # one message per conversation: the workload is the conversations themselves
    assert w.periods["messages"].tolist() == [60, 90, 90, 60]
    day = sl.backlog(w.periods["messages"], sl.handling_capacity(3, 150))  # 72 an hour
    assert day.periods["backlog"].tolist() == pytest.approx([0, 18, 36, 24])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"messages_per_conversation": 0.5}, r"messages_per_conversation must be in \[1, 1000\]"),
        ({"minutes_between_messages": 0}, "minutes_between_messages must be positive"),
        ({"conversations": []}, "conversations must be a list of counts"),
        ({"conversations": [10, -1]}, "conversations must be 0 or more, got -1 at position 1"),
    ],
)
def test_messaging_bad_input(kwargs: dict, message: str) -> None:
    args = {"conversations": [10, 20], "messages_per_conversation": 2,
            "minutes_between_messages": 15, **kwargs}
    with pytest.raises(CxlabValueError, match=message):
        ch.messaging_workload(args.pop("conversations"), **args)


# -- bots --------------------------------------------------------------------------------------


def test_bot_outcome_by_hand() -> None:
    # 10,000 offered; 45 % "contained" = 4,500, 5,500 transferred; 30 % of the contained come
    # back = 1,350 repeats; really contained 3,150 (31.5 %). Agent hours: without the bot
    # 10,000 x 300 s = 833.3 h; with it (5,500 x 240 + 1,350 x 420) / 3,600 = 524.2 h.
    b = ch.bot_outcome(10_000, containment_rate=0.45, repeat_rate=0.3, aht_seconds=300,
                       transfer_aht_seconds=240, repeat_aht_seconds=420)
    assert (b.transferred, b.contained_reported, b.repeats, b.contained_real) == pytest.approx(
        (5500, 4500, 1350, 3150))
    assert b.containment_reported == pytest.approx(0.45)
    assert b.containment_real == pytest.approx(0.315)
    assert b.agent_contacts == pytest.approx(6850)
    assert b.agent_hours_without_bot == pytest.approx(833.333, abs=1e-3)
    assert b.agent_hours_with_bot == pytest.approx(524.167, abs=1e-3)
    assert b.agent_hours_saved == pytest.approx(309.167, abs=1e-3)
    # the report forgets the repeats: 833.3 - 5,500 x 240 / 3,600 = 466.7 h "saved"
    assert b.agent_hours_saved_reported == pytest.approx(466.667, abs=1e-3)
    steps = b.steps()
    assert steps["conversations"].tolist() == pytest.approx([10_000, -5500, 4500, -1350, 3150])


def test_bot_costs_by_hand() -> None:
    b = ch.bot_outcome(10_000, containment_rate=0.45, repeat_rate=0.3, aht_seconds=300)
    c = ch.bot_costs(b, cost_per_paid_hour=30, occupancy=0.8, shrinkage=0.3,
                     overhead_fraction=0.2, bot_cost_per_conversation=0.5)
    hour = 30 / (0.8 * 0.7) * 1.2  # 64.2857 per handled hour
    assert c.cost_per_agent_hour == pytest.approx(hour)
    assert c.cost_without_bot == pytest.approx(833.3333 * hour, rel=1e-6)
    # with the bot: (5,500 + 1,350) x 300 s = 570.83 h of agents, plus 10,000 x 0.5 in fees
    assert c.cost_with_bot == pytest.approx(570.8333 * hour + 5000, rel=1e-6)
    assert c.saving == pytest.approx((833.3333 - 570.8333) * hour - 5000, rel=1e-6)
    # the report counts every "contained" conversation as agent time saved: 4,500 x 300 s
    assert c.saving_reported == pytest.approx(4500 * 300 / 3600 * hour - 5000, rel=1e-6)
    assert c.cost_per_issue_with_bot == pytest.approx(c.cost_with_bot / 10_000)


def test_a_bot_with_many_repeats_can_add_work() -> None:
    # Repeats handled at twice the time: 40 % contained, all come back -> more agent time.
    b = ch.bot_outcome(1000, containment_rate=0.4, repeat_rate=1.0, aht_seconds=300,
                       repeat_aht_seconds=600)
    assert b.containment_real == 0.0
    assert b.agent_hours_saved < 0


def test_bot_bad_input() -> None:
    with pytest.raises(CxlabValueError, match=r"containment_rate must be in \[0, 1\], got 45 "
                                              r"\(write 45% as 0.45\)"):
        ch.bot_outcome(100, containment_rate=45, repeat_rate=0.2, aht_seconds=300)
    with pytest.raises(CxlabValueError, match="repeat_aht_seconds must be positive"):
        ch.bot_outcome(100, containment_rate=0.4, repeat_rate=0.2, aht_seconds=300,
                       repeat_aht_seconds=0)
    with pytest.raises(CxlabValueError, match="outcome must be the result of bot_outcome"):
        ch.bot_costs(100, cost_per_paid_hour=30, occupancy=0.8, shrinkage=0.3)


# -- the numbers lesson 07.03 quotes in its prose (with its default parameters) ----------------


def test_numbers_quoted_in_lesson_07_03() -> None:
    args = {"slowdown": 0.3, "threshold_seconds": 60}
    # section 1
    handle = ch.chat_handle_seconds(360, np.array([1, 2, 3, 4]), slowdown=0.3)
    np.testing.assert_allclose(handle, [360, 468, 576, 684])
    np.testing.assert_allclose(np.round(np.arange(1, 5) * 3600 / handle, 1),
                               [10.0, 15.4, 18.8, 21.1])
    assert 100 * 468 / 1800 == 26
    # section 2 and 3: staffing by the two methods
    need = {m: [ch.chat_agents_required(100, 360, concurrency=k, target_sl=0.8, method=m,
                                        **args) for k in (1, 2, 3, 4)]
            for m in ch.CHAT_METHODS}
    assert need == {"slots": [24, 16, 13, 11], "balanced": [24, 15, 12, 11]}
    # section 3: 15 agents at two chats, seed 7, 100 intervals, 4 replications
    table = ch.chat_concurrency_table(100, 360, 15, intervals=100, replications=4, rng=7,
                                      **args)
    two = table.loc[2]
    assert round(two["sl_slots"], 3) == 0.791
    assert round(two["sl_simulated"], 2) == 0.81
    assert round(two["sl_simulated_low"], 2) == 0.77 and round(two["sl_simulated_high"], 2) == 0.84
    assert round(two["simulated_chats_per_agent"], 1) == 1.6
    assert round(two["simulated_handle_seconds"]) == 443
    assert abs(two["sl_balanced"] - two["sl_simulated"]) < 0.03
    # exercise 1: 540 s, 30 Erlangs, 35 slots, 18 agents
    assert sl.agents_required(30, 540, 60, 0.8) == 35
    # section 5: messaging
    hours = [f"{h:02d}:00" for h in range(8, 20)]
    conv = pd.Series([30, 55, 70, 65, 60, 55, 50, 55, 60, 70, 60, 40], index=hours)
    day = ch.messaging_workload(conv, messages_per_conversation=3, minutes_between_messages=25)
    assert round(day.periods.loc["08:00", "messages"]) == 49
    assert round(day.periods.loc["19:00", "messages"], -1) == 150
    assert round(day.after_end) == 125
    three = sl.backlog(day.periods["messages"], sl.handling_capacity(3, 75))
    four = sl.backlog(day.periods["messages"], sl.handling_capacity(4, 75))
    assert sl.handling_capacity(3, 75) == 144 and sl.handling_capacity(4, 75) == 192
    assert three.periods["backlog"].gt(0).idxmax() == 2  # behind from 10:00
    assert round(three.share_within(1), 3) == 0.556 and round(three.unhandled) == 285
    assert four.unhandled == 0 and four.share_within(0.25) == 1.0
    # section 6: the bot
    bot = ch.bot_outcome(10_000, containment_rate=0.45, repeat_rate=0.3, aht_seconds=300,
                         transfer_aht_seconds=330, repeat_aht_seconds=420)
    assert (bot.contained_reported, bot.repeats, bot.contained_real) == pytest.approx(
        (4500, 1350, 3150))
    money = ch.bot_costs(bot, cost_per_paid_hour=28, occupancy=0.85, shrinkage=0.33,
                         overhead_fraction=0.3, bot_cost_per_conversation=0.4)
    assert round(money.cost_per_agent_hour, 2) == 63.92
    assert round(money.cost_per_issue_without_bot, 2) == 5.33
    assert round(money.cost_with_bot_reported / 10_000, 2) == 3.62
    assert round(money.cost_per_issue_with_bot, 2) == 4.63
    assert round(money.saving) == 6972 and round(money.saving_reported) == 17_039
    # "repeats and longer transfers eat more than half of the promised saving" (59 %)
    assert 0.5 <= 1 - money.saving / money.saving_reported <= 0.6
    # exercise 2
    real = ch.bot_outcome(8_000, containment_rate=0.4, repeat_rate=0.35, aht_seconds=300)
    assert real.containment_real == pytest.approx(0.26)
    assert real.repeats == pytest.approx(1120)


# -- figures -------------------------------------------------------------------------------------


@pytest.fixture
def plots():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from cxlab.planning import plots as module

    yield module
    plt.close("all")


def test_chat_concurrency_figure(plots) -> None:
    from cxlab._style import OKABE_ITO, figure_description

    table = ch.chat_concurrency_table(100, 360, 15, slowdown=0.3, threshold_seconds=60,
                                      intervals=20, replications=2, rng=1)
    ax = plots.plot_chat_concurrency(table, target_sl=0.8)
    text = figure_description(ax)
    assert "2 at once: slots rule 79%" in text and "simulated" in text
    colours = {line.get_color().upper() for line in ax.get_lines()[:2]}
    assert colours <= set(OKABE_ITO.values())
    # the methods differ by line style and marker too, not by colour alone
    assert {line.get_linestyle() for line in ax.get_lines()[:2]} == {"--", "-"}
    assert "468 s each" in " ".join(t.get_text() for t in ax.get_xticklabels())
    with pytest.raises(CxlabValueError, match="table must be what chat_concurrency_table"):
        plots.plot_chat_concurrency(pd.DataFrame({"x": [1]}))


def test_bot_waterfall_figure(plots) -> None:
    from cxlab._style import figure_description

    bot = ch.bot_outcome(10_000, containment_rate=0.45, repeat_rate=0.3, aht_seconds=300)
    ax = plots.plot_bot_waterfall(bot)
    assert len(ax.patches) == 5
    written = [t.get_text() for t in ax.texts]
    assert written == ["10,000", "-5,500", "4,500", "-1,350", "3,150"]
    # the steps down are hatched, the totals are not
    assert [bool(p.get_hatch()) for p in ax.patches] == [False, True, False, True, False]
    assert "3,150 (32%) are really contained" in figure_description(ax)
    with pytest.raises(CxlabValueError, match="outcome must be what bot_outcome"):
        plots.plot_bot_waterfall("bot")


def test_money_case_figure_marks_payback_or_says_it_never_comes(plots) -> None:
    from cxlab._style import figure_description
    from cxlab.prioritisation import money_case

    case = money_case(one_off_cost=10_000, monthly_benefit=1_000, horizon_months=24,
                      annual_discount_rate=0.1)
    ax = plots.plot_money_case(case)
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "Pays back after\n10.0 months" in texts
    assert "it pays back after 10.0 months" in figure_description(ax)
    never = money_case(one_off_cost=10_000, monthly_benefit=100, horizon_months=24)
    ax = plots.plot_money_case(never)
    assert "Does not pay back within 24 months" in " ".join(t.get_text() for t in ax.texts)
    assert "does not pay back within 24 months" in figure_description(ax)
    with pytest.raises(CxlabValueError, match="case must be what money_case"):
        plots.plot_money_case(None)
