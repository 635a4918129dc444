"""Recognition that backfires: the seeded simulation and the claims lesson 06.05 makes."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from cxlab import CxlabValueError
from cxlab.organisation import (
    BALANCED_SCHEME,
    HANDLE_TIME_SCHEME,
    SURVEY_SCHEME,
    Scheme,
    compare_schemes,
    review_scheme,
    simulate_recognition,
)

SEEDS = (2026, 1, 2, 3, 4)


def test_the_same_seed_gives_the_same_weeks_and_another_seed_others():
    a = simulate_recognition(HANDLE_TIME_SCHEME, rng=7)
    b = simulate_recognition(HANDLE_TIME_SCHEME, rng=7)
    c = simulate_recognition(HANDLE_TIME_SCHEME, rng=8)
    assert a.weekly.equals(b.weekly) and a.agents.equals(b.agents)
    assert not a.weekly.equals(c.weekly)
    generator = simulate_recognition(HANDLE_TIME_SCHEME, rng=np.random.default_rng(7))
    assert len(generator.weekly) == 12


def test_schemes_that_open_no_tactic_see_the_same_calls():
    # Common random numbers: with no tactic to use, the scheme changes nothing in the calls.
    random_survey = Scheme("Survey, random sample", measure="survey score")
    a = simulate_recognition(random_survey, rng=11).weekly
    b = simulate_recognition(BALANCED_SCHEME, rng=11).weekly
    assert a.equals(b)
    assert (b["agents_gaming"] == 0).all()


@pytest.mark.parametrize("seed", SEEDS)
def test_a_handle_time_reward_is_gamed_and_customers_pay(seed):
    comparison = compare_schemes((HANDLE_TIME_SCHEME, BALANCED_SCHEME), rng=seed)
    number = comparison.results[HANDLE_TIME_SCHEME.name].summary()
    # The rewarded number looks better: at least 10% less handle time ...
    before = number.loc["Handle time as measured (s)", "first weeks"]
    assert number.loc["Handle time as measured (s)", "change"] < -0.10 * before
    # ... while repeat contacts, complaints and transfers rise, and gaming spreads.
    assert number.loc["Repeat contacts per 100 calls", "change"] > 1.5
    assert number.loc["Complaints per 1,000 calls", "change"] > 1.5
    assert number.loc["Transfers", "change"] > 0.05
    assert number.loc["Agents gaming", "last weeks"] > 0.4
    # The balanced scheme on the same agents and calls: nobody games, nothing drifts.
    balanced = comparison.results[BALANCED_SCHEME.name].summary()
    assert balanced.loc["Agents gaming", "last weeks"] == 0
    assert abs(balanced.loc["Repeat contacts per 100 calls", "change"]) < 1.5
    table = comparison.table
    assert (table.loc[HANDLE_TIME_SCHEME.name, "Repeat contacts per 100 calls"]
            > table.loc[BALANCED_SCHEME.name, "Repeat contacts per 100 calls"] + 2)
    assert (table.loc[HANDLE_TIME_SCHEME.name, "Complaints per 1,000 calls"]
            > table.loc[BALANCED_SCHEME.name, "Complaints per 1,000 calls"])


@pytest.mark.parametrize("seed", SEEDS)
def test_a_survey_reward_with_chosen_customers_reports_happiness_that_is_not_there(seed):
    comparison = compare_schemes((SURVEY_SCHEME, BALANCED_SCHEME), rng=seed)
    survey = comparison.results[SURVEY_SCHEME.name].weekly
    honest = comparison.results[BALANCED_SCHEME.name].weekly
    last = slice(8, 12)
    assert (survey["csat_as_surveyed"].iloc[last].mean()
            > honest["csat_as_surveyed"].iloc[last].mean() + 0.08)
    # What all customers feel is exactly the same: the calls did not change.
    assert survey["csat_all_customers"].equals(honest["csat_all_customers"])


def test_transfers_when_every_agent_games_match_the_model_by_hand():
    result = simulate_recognition(HANDLE_TIME_SCHEME, start_gaming=1.0, weeks=12, rng=5)
    assert (result.weekly["agents_gaming"] == 1).all()
    # A gaming agent's call is transferred if it needs another team (3%), or else, when not
    # hung up on (96%), if it would take over 480 s: lognormal, median 300 exp(-0.08 skill),
    # shape 0.5. Expected share, averaged over the agents, with scipy's lognormal:
    skill = result.agents["skill"].to_numpy()
    long_call = stats.lognorm.sf(480, s=0.5, scale=300 * np.exp(-0.08 * skill))
    expected = np.mean(0.03 + 0.97 * 0.96 * long_call)
    # 40 agents x 150 calls x 12 weeks = 72,000 calls: a binomial sd of about 0.0013.
    assert result.weekly["transfer_rate"].mean() == pytest.approx(expected, abs=0.005)
    hang_ups_complain = 0.97 * 0.04 * 0.2  # hung up on, 20% complain ...
    assert result.weekly["complaints_per_1000"].mean() / 1000 > hang_ups_complain


def test_honest_first_contact_resolution_matches_the_model_by_hand():
    result = simulate_recognition(BALANCED_SCHEME, weeks=20, rng=6)
    skill = result.agents["skill"].to_numpy()
    # 3% transferred (60% then resolved), the rest resolved with 0.8 + 0.05 tanh(skill).
    expected = np.mean(0.03 * 0.6 + 0.97 * (0.8 + 0.05 * np.tanh(skill)))
    assert result.weekly["first_contact_resolution"].mean() == pytest.approx(expected,
                                                                             abs=0.005)
    assert result.weekly["repeat_contacts_per_100"].mean() == pytest.approx(
        100 * (1 - expected), abs=0.5)


def test_guardrails_and_team_rewards_each_cut_gaming():
    alone = simulate_recognition(HANDLE_TIME_SCHEME, rng=2026).weekly["agents_gaming"]
    guarded = simulate_recognition(Scheme("guarded", measure="handle time", guardrails=True),
                                   rng=2026).weekly["agents_gaming"]
    team = simulate_recognition(Scheme("team", measure="handle time", team_based=True),
                                rng=2026).weekly["agents_gaming"]
    assert guarded.iloc[-4:].mean() < alone.iloc[-4:].mean() / 2
    assert team.iloc[-4:].mean() < alone.iloc[-4:].mean()


def test_review_scheme_names_what_is_missing():
    review = review_scheme(HANDLE_TIME_SCHEME)
    assert review.attrs["met"] == 1
    assert review.loc[review["met"] == "no", "advice"].str.len().gt(20).all()
    assert review_scheme(BALANCED_SCHEME).attrs["met"] == 5
    assert (review_scheme(BALANCED_SCHEME)["advice"] == "").all()


def test_bad_options_are_explained():
    with pytest.raises(CxlabValueError, match="measure must be one of 'handle time', "
                                              "'survey score', 'balanced'; got 'speed'"):
        Scheme("x", measure="speed")
    with pytest.raises(CxlabValueError, match="team_based must be True or False, got 'yes'"):
        Scheme("x", measure="balanced", team_based="yes")
    with pytest.raises(CxlabValueError, match="agents must be at most 200, got 1000"):
        simulate_recognition(BALANCED_SCHEME, agents=1000)
    with pytest.raises(CxlabValueError, match="weeks must be a whole number of at least 2"):
        simulate_recognition(BALANCED_SCHEME, weeks=1)
    with pytest.raises(CxlabValueError, match=r"start_gaming must be in \[0, 1\], got 20"):
        simulate_recognition(BALANCED_SCHEME, start_gaming=20)
    with pytest.raises(CxlabValueError, match="rng must be a numpy Generator"):
        simulate_recognition(BALANCED_SCHEME, rng="seed")
    with pytest.raises(CxlabValueError, match="schemes must have different names"):
        compare_schemes((BALANCED_SCHEME, BALANCED_SCHEME))
    with pytest.raises(CxlabValueError, match="weeks must be at most half"):
        simulate_recognition(BALANCED_SCHEME, weeks=4, rng=1).summary(weeks=3)
