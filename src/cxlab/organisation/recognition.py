"""Celebrating the frontline, and recognition that backfires: a seeded simulation.

Lesson 06.05 shows with data how a recognition scheme tied to one number gets gamed, and
compares it with one designed not to be, on the **same simulated agents and calls**.

The model (every number below is an option or a module constant, so it can be questioned):

* **Agents.** ``agents`` agents in teams of 10, each with a skill (normal, mean 0, sd 1) and a
  temptation to game (beta(2, 5): most agents are rarely tempted, a few often).
* **Calls.** Each agent takes ``contacts_per_week`` calls a week. Handled honestly, a call
  takes a lognormal time with median 300 s x exp(-0.08 x skill) and shape 0.5 (mean about
  340 s); 3% need another team and are transferred (60% of those are then resolved); the rest
  are resolved with chance 0.8 + 0.05 x tanh(skill). A resolved customer is satisfied (CSAT 4
  or 5) with chance 0.9, an unresolved one with chance 0.25. Every unresolved call brings a
  **repeat contact**; 3% of unresolved calls, and 20% of calls the agent hung up on, bring a
  **complaint**.
* **Gaming.** A gaming agent uses the tactics that move the rewarded number. Against a
  **handle-time** reward: hang up on 4% of calls after 15 s, and transfer after 60 s any call
  that would have taken more than 480 s (half of those are resolved by the next team).
  Against a **survey** reward, when agents choose whom to survey: offer the survey only to
  customers who sound satisfied. A survey is otherwise offered to 10% of calls at random.
* **Rewards.** Individually, the best 10% of agents on the rewarded number each week (lowest
  handle time; highest CSAT as surveyed; or, for a ``balanced`` measure, first-contact
  resolution plus CSAT as surveyed, each put on the same scale). Team-based, every member of
  a team whose number is better than the median team.
* **How gaming spreads.** An honest agent starts gaming in a week with chance temptation x
  incentive x (0.15 + 0.6 x the share of last week's rewards that went to gaming agents):
  gaming spreads when people see it pay. The incentive is 1 when a tactic moves the rewarded
  number, 0.5 when it moves half of a balanced measure (agents choose whom to survey), 0
  when no tactic pays; a quarter of that when rewards are team-based (one agent moves a team
  number little).
* **Guardrails.** With guardrails, an agent who transfers more than 10% of calls or hangs up
  on more than 2% is not rewarded that week and has a coaching conversation; 70% of those
  caught stop gaming.
* **Stories and peer nomination** recognise what no number sees; in the model they change no
  number and open no tactic.

Everything random comes from ``rng``: the same seed gives the same agents, the same calls and
the same decisions, so two schemes run with one seed differ only by the scheme.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._validation import CxlabValueError, check_choice, check_in_range, check_integer, describe

__all__ = [
    "BALANCED_SCHEME",
    "HANDLE_TIME_SCHEME",
    "MEASURES",
    "SURVEY_SCHEME",
    "RecognitionResult",
    "Scheme",
    "SchemeComparison",
    "compare_schemes",
    "format_measures",
    "review_scheme",
    "simulate_recognition",
]

#: What a scheme can reward.
MEASURES = ("handle time", "survey score", "balanced")
#: Who chooses which customers are surveyed.
SAMPLINGS = ("random", "agent chooses")

# Model constants (see the module docstring).
MEDIAN_HANDLE_SECONDS = 300.0
HANDLE_SHAPE = 0.5
SKILL_SPEED = 0.08
LEGIT_TRANSFER = 0.03
RESOLVED_AFTER_LEGIT_TRANSFER = 0.6
RESOLVED_AFTER_GAMED_TRANSFER = 0.5
HANG_UP = 0.04
HANG_UP_SECONDS = 15.0
TRANSFER_AFTER_SECONDS = 60.0
LONG_CALL_SECONDS = 480.0
SATISFIED_IF_RESOLVED = 0.9
SATISFIED_IF_NOT = 0.25
COMPLAINT_IF_UNRESOLVED = 0.03
COMPLAINT_IF_HUNG_UP = 0.2
SURVEYED = 0.1
SURVEYED_IF_SATISFIED_BY_GAMER = 0.12
GUARDRAIL_TRANSFERS = 0.10
GUARDRAIL_HANG_UPS = 0.02
STOP_AFTER_CAUGHT = 0.7
TEAM_SIZE = 10
REWARDED_SHARE = 0.1

_MAX_CALLS_PER_WEEK = 200_000


@dataclass(frozen=True)
class Scheme:
    """A recognition scheme: what it rewards and how.

    Parameters
    ----------
    name : str
        A short name for tables and figures.
    measure : {"handle time", "survey score", "balanced"}
        The number the scheme rewards; ``balanced`` is first-contact resolution and CSAT
        together.
    team_based : bool, default False
        Reward teams that do better than the median team, not the best individuals.
    guardrails : bool, default False
        Watch transfers and hang-ups; an agent over the line is not rewarded and is coached.
    survey_sampling : {"random", "agent chooses"}, default "random"
        Who decides which customers are offered the survey.
    stories_and_peers : bool, default False
        Also recognise through customer stories and peer nomination.

    Examples
    --------
    >>> Scheme("Fastest wins", measure="handle time")
    Scheme('Fastest wins': handle time, individual, no guardrails, survey random)
    >>> Scheme("x", measure="speed")
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: measure must be one of 'handle time', 'survey score', 'balanced'; got 'speed'
    """  # noqa: E501

    name: str
    measure: str
    team_based: bool = False
    guardrails: bool = False
    survey_sampling: str = "random"
    stories_and_peers: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise CxlabValueError(f"name must be a short text, got {describe(self.name)}")
        check_choice("measure", self.measure, MEASURES)
        check_choice("survey_sampling", self.survey_sampling, SAMPLINGS)
        for flag in ("team_based", "guardrails", "stories_and_peers"):
            value = getattr(self, flag)
            if not isinstance(value, bool):
                raise CxlabValueError(f"{flag} must be True or False, got {describe(value)}")

    def __repr__(self) -> str:
        parts = [self.measure, "team-based" if self.team_based else "individual",
                 "guardrails" if self.guardrails else "no guardrails",
                 f"survey {self.survey_sampling}"]
        if self.stories_and_peers:
            parts.append("stories and peer nomination")
        return f"Scheme({self.name!r}: {', '.join(parts)})"

    @property
    def incentive(self) -> float:
        """How much a gaming tactic moves what this scheme rewards, 0 to 1 (see the model)."""
        if self.measure == "handle time":
            pays = 1.0
        elif self.survey_sampling == "agent chooses":
            pays = 1.0 if self.measure == "survey score" else 0.5
        else:
            pays = 0.0
        return pays * (0.25 if self.team_based else 1.0)

    @property
    def tactic(self) -> str:
        """The tactic a gaming agent uses: ``"handle time"``, ``"survey"`` or ``"none"``."""
        if self.measure == "handle time":
            return "handle time"
        if self.survey_sampling == "agent chooses":
            return "survey"
        return "none"


#: A number scheme: each week the fastest tenth of the agents win a voucher.
HANDLE_TIME_SCHEME = Scheme("Fastest handle time wins", measure="handle time")
#: A number scheme on the survey, where agents choose whom to survey.
SURVEY_SCHEME = Scheme("Best survey score wins", measure="survey score",
                       survey_sampling="agent chooses")
#: A scheme designed not to be gamed.
BALANCED_SCHEME = Scheme("Team, balance and stories", measure="balanced", team_based=True,
                         guardrails=True, survey_sampling="random", stories_and_peers=True)


# ------------------------------------------------------------------- the review

_PRINCIPLES = (
    ("balanced", "Rewards a balance of measures (resolution and satisfaction), not one number",
     "One number invites people to move the number rather than the experience: reward "
     "resolution and satisfaction together."),
    ("team", "Rewards teams, so no one gains much by bending their own number",
     "Individual rankings on a number make a few winners and a reason to game: reward the "
     "team's result."),
    ("guardrails", "Watches guardrail measures (transfers, hang-ups) and coaches instead of "
     "rewarding", "Without guardrails the tactics that move the number go unseen: watch "
     "transfers and short calls."),
    ("sampling", "Surveys customers at random, never chosen by the agent",
     "When agents choose whom to survey, the survey hears only happy customers: sample at "
     "random."),
    ("stories", "Celebrates customer stories and peer nominations",
     "Recognition by customers' own words and colleagues' nominations celebrates what no "
     "number sees."),
)


def review_scheme(scheme: Scheme) -> pd.DataFrame:
    """Check a scheme against five design principles, in plain words.

    Parameters
    ----------
    scheme : Scheme

    Returns
    -------
    pandas.DataFrame
        One row per principle: ``principle``, ``met`` ("yes" or "no") and ``advice`` (what
        to change, empty when met). ``attrs["met"]`` counts the principles met.

    Examples
    --------
    >>> review = review_scheme(HANDLE_TIME_SCHEME)
    >>> review.attrs["met"], review["met"].tolist()
    (1, ['no', 'no', 'no', 'yes', 'no'])
    """
    if not isinstance(scheme, Scheme):
        raise CxlabValueError(f"scheme must be a Scheme, got {describe(scheme)}")
    met = {
        "balanced": scheme.measure == "balanced",
        "team": scheme.team_based,
        "guardrails": scheme.guardrails,
        "sampling": scheme.survey_sampling == "random",
        "stories": scheme.stories_and_peers,
    }
    rows = [{"principle": text, "met": "yes" if met[key] else "no",
             "advice": "" if met[key] else advice} for key, text, advice in _PRINCIPLES]
    table = pd.DataFrame(rows)
    table.attrs["met"] = int(sum(met.values()))
    return table


# ------------------------------------------------------------------- the simulation

#: Weekly measures of :class:`RecognitionResult`, with plain names for tables.
WEEKLY_MEASURES = {
    "handle_time_seconds": "Handle time as measured (s)",
    "csat_as_surveyed": "CSAT as surveyed",
    "csat_all_customers": "CSAT of all customers",
    "first_contact_resolution": "First-contact resolution",
    "transfer_rate": "Transfers",
    "repeat_contacts_per_100": "Repeat contacts per 100 calls",
    "complaints_per_1000": "Complaints per 1,000 calls",
    "agents_gaming": "Agents gaming",
}


_SHARES = {"csat_as_surveyed", "csat_all_customers", "first_contact_resolution",
           "transfer_rate", "agents_gaming"}


def _format(measure: str, value: float, *, change: bool) -> str:
    key = next((k for k, v in WEEKLY_MEASURES.items() if v == measure), measure)
    if key in _SHARES:
        text = f"{100 * value:+.1f} points" if change else f"{value:.1%}"
    elif key == "handle_time_seconds":
        text = f"{value:+.0f} s" if change else f"{value:.0f} s"
    else:
        text = f"{value:+.1f}" if change else f"{value:.1f}"
    return text.replace("+0.0 ", "0.0 ").replace("-0.0 ", "0.0 ").replace("+0 s", "0 s")


def format_measures(table: pd.DataFrame) -> pd.DataFrame:
    """The numbers of a summary or comparison table as text, each with its unit.

    Shares read as percentages (``"77.3%"``), a change of a share in percentage points, handle
    time in seconds, counts with one decimal.

    Parameters
    ----------
    table : pandas.DataFrame
        :meth:`RecognitionResult.summary` (measures in rows) or
        :attr:`SchemeComparison.table` (measures in columns).

    Returns
    -------
    pandas.DataFrame
        The same shape, text.

    Examples
    --------
    >>> summary = simulate_recognition(BALANCED_SCHEME, rng=1).summary()
    >>> format_measures(summary).loc["Transfers"].tolist()
    ['3.0%', '3.0%', '0.0 points']
    """
    if not isinstance(table, pd.DataFrame):
        raise CxlabValueError(f"table must be a summary or comparison table, got "
                              f"{describe(table)}")
    names = set(WEEKLY_MEASURES.values())
    if set(table.index) <= names:
        return pd.DataFrame({column: [_format(m, v, change=column == "change")
                                      for m, v in table[column].items()]
                             for column in table.columns}, index=table.index)
    if set(table.columns) <= names:
        return pd.DataFrame({m: [_format(m, v, change=False) for v in table[m]]
                             for m in table.columns}, index=table.index)
    raise CxlabValueError("table must be a summary() or a comparison table of "
                          "recognition measures")


@dataclass(frozen=True)
class RecognitionResult:
    """One scheme simulated week by week.

    Attributes
    ----------
    scheme : Scheme
    weekly : pandas.DataFrame
        One row per week (1, 2, ...), one column per key of ``WEEKLY_MEASURES``: rates are
        fractions, handle time in seconds.
    agents : pandas.DataFrame
        One row per agent: ``team``, ``skill``, ``temptation``, ``weeks_gaming``,
        ``rewards`` and ``times_caught``.
    """

    scheme: Scheme
    weekly: pd.DataFrame
    agents: pd.DataFrame = field(repr=False)

    def __repr__(self) -> str:
        last = self.weekly.iloc[-1]
        return (f"RecognitionResult({self.scheme.name!r}, {len(self.weekly)} weeks: "
                f"{last['agents_gaming']:.0%} of agents gaming in the last week)")

    def summary(self, *, weeks: int = 4) -> pd.DataFrame:
        """Mean of each measure over the first and the last ``weeks`` weeks, and the change.

        Returns
        -------
        pandas.DataFrame
            Index: the plain names of ``WEEKLY_MEASURES``; columns ``first weeks``,
            ``last weeks`` and ``change``.
        """
        weeks = check_integer("weeks", weeks, minimum=1, scalar=True)
        if 2 * weeks > len(self.weekly):
            raise CxlabValueError(f"weeks must be at most half the {len(self.weekly)} weeks "
                                  f"simulated, got {weeks}")
        first = self.weekly.iloc[:weeks].mean()
        last = self.weekly.iloc[-weeks:].mean()
        table = pd.DataFrame({"first weeks": first, "last weeks": last,
                              "change": last - first})
        return table.rename(index=WEEKLY_MEASURES)


def _seed(rng: np.random.Generator | int | None) -> int:
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(0, 2**32))
    if rng is None:
        return int(np.random.default_rng().integers(0, 2**32))
    if isinstance(rng, bool) or not isinstance(rng, (int, np.integer)) or rng < 0:
        raise CxlabValueError(f"rng must be a numpy Generator, a whole number of 0 or more, or "
                              f"None; got {describe(rng)}")
    return int(rng)


def _population(seed: int, agents: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 1])
    return pd.DataFrame({
        "team": [f"Team {i // TEAM_SIZE + 1}" for i in range(agents)],
        "skill": rng.normal(0.0, 1.0, size=agents),
        "temptation": rng.beta(2.0, 5.0, size=agents),
    }, index=pd.Index([f"A{i + 1:02d}" for i in range(agents)], name="agent"))


def _zscore(values: np.ndarray) -> np.ndarray:
    spread = values.std()
    return (values - values.mean()) / spread if spread > 0 else np.zeros_like(values)


def simulate_recognition(
    scheme: Scheme,
    *,
    agents: int = 40,
    weeks: int = 12,
    contacts_per_week: int = 150,
    start_gaming: float = 0.0,
    rng: np.random.Generator | int | None = None,
) -> RecognitionResult:
    """Simulate ``weeks`` weeks of a recognition scheme (the model is in the module docstring).

    Parameters
    ----------
    scheme : Scheme
    agents : int, default 40
        Number of agents, 10 to 200 (teams of 10).
    weeks : int, default 12
        Number of weeks, 2 to 52.
    contacts_per_week : int, default 150
        Calls each agent takes a week, 20 to 500.
    start_gaming : float, default 0.0
        Share of agents (the most tempted first) who already game in week 1, 0 to 1.
    rng : numpy.random.Generator, int or None
        Seed or generator; the same seed gives the same agents and calls for every scheme.

    Returns
    -------
    RecognitionResult

    Raises
    ------
    cxlab.CxlabValueError
        If an option is out of range.

    Examples
    --------
    >>> result = simulate_recognition(HANDLE_TIME_SCHEME, rng=2026)
    >>> result
    RecognitionResult('Fastest handle time wins', 12 weeks: 72% of agents gaming in the last week)
    >>> summary = result.summary()
    >>> bool(summary.loc["Handle time as measured (s)", "change"] < 0)  # the number looks better
    True
    >>> bool(summary.loc["Repeat contacts per 100 calls", "change"] > 0)  # customers call again
    True
    """
    if not isinstance(scheme, Scheme):
        raise CxlabValueError(f"scheme must be a Scheme, got {describe(scheme)}")
    n_agents = check_integer("agents", agents, minimum=10, scalar=True)
    n_weeks = check_integer("weeks", weeks, minimum=2, scalar=True)
    calls = check_integer("contacts_per_week", contacts_per_week, minimum=20, scalar=True)
    if n_agents > 200:
        raise CxlabValueError(f"agents must be at most 200, got {n_agents}")
    if n_weeks > 52:
        raise CxlabValueError(f"weeks must be at most 52, got {n_weeks}")
    if calls > 500:
        raise CxlabValueError(f"contacts_per_week must be at most 500, got {calls}")
    start = check_in_range("start_gaming", start_gaming, 0, 1,
                                 hint="a fraction: write 10% as 0.1", scalar=True)
    seed = _seed(rng)
    people = _population(seed, n_agents)
    skill = people["skill"].to_numpy()
    temptation = people["temptation"].to_numpy()
    teams = people["team"].to_numpy()
    team_ids = np.unique(teams, return_inverse=True)[1]
    n_teams = int(team_ids.max()) + 1

    calls_rng = np.random.default_rng([seed, 2])  # the calls: the same for every scheme
    choice_rng = np.random.default_rng([seed, 3])  # decisions to start or stop gaming

    gaming = np.zeros(n_agents, dtype=bool)
    gaming[np.argsort(-temptation, kind="stable")[: int(round(start * n_agents))]] = True
    weeks_gaming = np.zeros(n_agents, dtype=np.int64)
    rewards = np.zeros(n_agents, dtype=np.int64)
    caught_count = np.zeros(n_agents, dtype=np.int64)
    gamer_reward_share = 0.0
    median = MEDIAN_HANDLE_SECONDS * np.exp(-SKILL_SPEED * skill)[:, None]
    p_resolve = (0.8 + 0.05 * np.tanh(skill))[:, None]
    rows = []
    for _week in range(n_weeks):
        # Decide who games this week (before the calls, from last week's rewards).
        if _week > 0 and scheme.incentive > 0:
            chance = temptation * scheme.incentive * (0.15 + 0.6 * gamer_reward_share)
            gaming |= choice_rng.random(n_agents) < chance
        else:
            choice_rng.random(n_agents)  # keep the decision stream aligned across schemes
        game = gaming[:, None]

        # The same random draws every week, whatever the scheme.
        u = calls_rng.random((n_agents, calls, 6))
        natural = median * np.exp(HANDLE_SHAPE * calls_rng.standard_normal((n_agents, calls)))
        legit = u[..., 0] < LEGIT_TRANSFER
        hang_up = game & (scheme.tactic == "handle time") & ~legit & (u[..., 1] < HANG_UP)
        gamed_transfer = (game & (scheme.tactic == "handle time") & ~legit & ~hang_up
                          & (natural > LONG_CALL_SECONDS))
        handled = np.where(hang_up, HANG_UP_SECONDS,
                           np.where(gamed_transfer, TRANSFER_AFTER_SECONDS, natural))
        p_res = np.where(legit, RESOLVED_AFTER_LEGIT_TRANSFER,
                         np.where(gamed_transfer, RESOLVED_AFTER_GAMED_TRANSFER,
                                  np.where(hang_up, 0.0, p_resolve)))
        resolved = u[..., 2] < p_res
        satisfied = u[..., 3] < np.where(resolved, SATISFIED_IF_RESOLVED, SATISFIED_IF_NOT)
        complaint = u[..., 4] < np.where(hang_up, COMPLAINT_IF_HUNG_UP,
                                         np.where(resolved, 0.0, COMPLAINT_IF_UNRESOLVED))
        cherry_pick = game & (scheme.tactic == "survey")
        surveyed = np.where(cherry_pick, satisfied & (u[..., 5] < SURVEYED_IF_SATISFIED_BY_GAMER),
                            u[..., 5] < SURVEYED)
        transferred = legit | gamed_transfer

        # Each agent's numbers this week.
        aht = handled.mean(axis=1)
        n_surveyed = surveyed.sum(axis=1)
        csat_surveyed = np.where(n_surveyed > 0,
                                 (satisfied & surveyed).sum(axis=1) / np.maximum(n_surveyed, 1),
                                 np.nan)
        fcr = resolved.mean(axis=1)
        csat_for_rank = np.where(np.isnan(csat_surveyed), np.nanmean(csat_surveyed),
                                 csat_surveyed)
        if scheme.measure == "handle time":
            goodness = -aht
        elif scheme.measure == "survey score":
            goodness = csat_for_rank
        else:
            goodness = _zscore(fcr) + _zscore(csat_for_rank)

        # Guardrails and rewards.
        caught = np.zeros(n_agents, dtype=bool)
        if scheme.guardrails:
            caught = ((transferred.mean(axis=1) > GUARDRAIL_TRANSFERS)
                      | (hang_up.mean(axis=1) > GUARDRAIL_HANG_UPS))
        if scheme.team_based:
            team_score = np.bincount(team_ids, weights=goodness, minlength=n_teams).astype(float)
            team_score /= np.bincount(team_ids, minlength=n_teams)
            winner = team_score[team_ids] > np.median(team_score)
        else:
            k = max(1, int(round(REWARDED_SHARE * n_agents)))
            winner = np.zeros(n_agents, dtype=bool)
            winner[np.argsort(-goodness, kind="stable")[:k]] = True
        winner &= ~caught
        gamer_reward_share = float((winner & gaming).sum() / winner.sum()) if winner.any() else 0.0

        rows.append({
            "handle_time_seconds": float(handled.mean()),
            "csat_as_surveyed": float((satisfied & surveyed).sum() / max(surveyed.sum(), 1)),
            "csat_all_customers": float(satisfied.mean()),
            "first_contact_resolution": float(resolved.mean()),
            "transfer_rate": float(transferred.mean()),
            "repeat_contacts_per_100": float(100 * (~resolved).mean()),
            "complaints_per_1000": float(1000 * complaint.mean()),
            "agents_gaming": float(gaming.mean()),
        })
        weeks_gaming += gaming
        rewards += winner
        caught_count += caught & gaming
        # Caught gamers are coached; most stop.
        stop = caught & gaming & (choice_rng.random(n_agents) < STOP_AFTER_CAUGHT)
        gaming &= ~stop

    weekly = pd.DataFrame(rows, index=pd.RangeIndex(1, n_weeks + 1, name="week"))
    people = people.assign(weeks_gaming=weeks_gaming, rewards=rewards, times_caught=caught_count)
    return RecognitionResult(scheme, weekly, people)


@dataclass(frozen=True)
class SchemeComparison:
    """Several schemes simulated on the same agents and calls.

    Attributes
    ----------
    results : dict of str to RecognitionResult
        By scheme name.
    table : pandas.DataFrame
        Mean of the last ``weeks`` weeks: one row per scheme, one column per plain measure
        name of ``WEEKLY_MEASURES``.
    """

    results: Mapping[str, RecognitionResult]
    table: pd.DataFrame

    def __repr__(self) -> str:
        return f"SchemeComparison({', '.join(self.results)})"


def compare_schemes(
    schemes: Sequence[Scheme] = (HANDLE_TIME_SCHEME, BALANCED_SCHEME),
    *,
    agents: int = 40,
    weeks: int = 12,
    contacts_per_week: int = 150,
    last_weeks: int = 4,
    rng: np.random.Generator | int | None = 2026,
) -> SchemeComparison:
    """Run every scheme on the same simulated agents and calls, and compare the last weeks.

    Parameters
    ----------
    schemes : list of Scheme, default (HANDLE_TIME_SCHEME, BALANCED_SCHEME)
        Names must differ.
    agents, weeks, contacts_per_week : int
        As in :func:`simulate_recognition`.
    last_weeks : int, default 4
        Weeks at the end averaged in ``table``.
    rng : numpy.random.Generator, int or None, default 2026
        One seed for all schemes.

    Returns
    -------
    SchemeComparison

    Examples
    --------
    >>> comparison = compare_schemes(rng=2026)
    >>> comparison.table["Repeat contacts per 100 calls"].round(1).tolist()
    [25.9, 20.5]
    """
    if isinstance(schemes, Scheme):
        schemes = [schemes]
    if isinstance(schemes, (str, bytes, dict)) or not hasattr(schemes, "__iter__"):
        raise CxlabValueError(f"schemes must be a list of Schemes (such as [HANDLE_TIME_SCHEME, "
                              f"BALANCED_SCHEME]), got {describe(schemes)}")
    schemes = list(schemes)
    if not schemes:
        raise CxlabValueError("schemes must list at least one Scheme")
    for s in schemes:
        if not isinstance(s, Scheme):
            raise CxlabValueError(f"schemes must be Schemes, got {describe(s)}")
    names = [s.name for s in schemes]
    if len(set(names)) != len(names):
        raise CxlabValueError(f"schemes must have different names, got {names}")
    last = check_integer("last_weeks", last_weeks, minimum=1, scalar=True)
    seed = _seed(rng)
    results = {s.name: simulate_recognition(s, agents=agents, weeks=weeks,
                                            contacts_per_week=contacts_per_week, rng=seed)
               for s in schemes}
    if last > len(next(iter(results.values())).weekly):
        raise CxlabValueError(f"last_weeks must be at most weeks ({weeks}), got {last}")
    table = pd.DataFrame({name: r.weekly.iloc[-last:].mean() for name, r in results.items()}).T
    table = table.rename(columns=WEEKLY_MEASURES)
    table.index.name = "scheme"
    return SchemeComparison(results, table)
