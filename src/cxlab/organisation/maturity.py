"""A CX maturity self-assessment: six pillars, scored, compared with a target, put in order.

The questionnaire has four statements for each pillar of CX management (:data:`PILLARS`).
Each manager answers every statement on the scale :data:`SCALE`, from 1 (not at all true of
us) to 5 (fully true); a blank means "don't know" and is left out, never read as a low score.

Scoring, stated once and used everywhere:

1. a manager's **pillar score** is the mean of their answers to that pillar's statements; a
   manager who answered fewer than half of them (fewer than 2 of 4) gets no score there;
2. the organisation's **pillar score** is the mean of the managers' pillar scores;
3. the **spread** of a pillar is its highest manager score minus its lowest; a spread of
   :data:`DISAGREEMENT_POINTS` (2 points) or more is a disagreement worth discussing before
   anyone acts on the average;
4. the **gap** is the target minus the score (0 where the score already meets the target),
   and the **weighted gap** is the gap times the pillar's foundation weight
   (:data:`FOUNDATION_WEIGHTS`: 2 for strategy, which everything else serves; 1.5 for
   customer understanding, which design and measurement need; 1 for the rest). What to do
   first is the pillar with the largest weighted gap.

>>> answers = pd.DataFrame({"respondent": ["R1", "R2"], "role": ["CX lead", "IT director"],
...                         "S1": [2, 4], "S2": [2, 4], "C1": [1, 5], "C2": [2, None]})
>>> questions = pd.DataFrame({"statement_id": ["S1", "S2", "C1", "C2"],
...                           "pillar": ["strategy", "strategy", "culture", "culture"],
...                           "statement": ["a", "b", "c", "d"]})
>>> result = score_maturity(answers, questionnaire=questions)
>>> result.profile.to_dict()
{'strategy': 3.0, 'culture': 3.25}
>>> result.spread.loc["culture", "spread"]
np.float64(3.5)
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from .._validation import CxlabValueError, check_in_range, describe
from ..data.registry import dataset_text

__all__ = [
    "DISAGREEMENT_POINTS",
    "FOUNDATION_WEIGHTS",
    "PILLARS",
    "SCALE",
    "MaturityResult",
    "load_questionnaire",
    "maturity_gaps",
    "score_maturity",
    "screen_tool_purchases",
]

#: The six pillars of CX management, in the order a roll-out builds them.
PILLARS: tuple[str, ...] = ("strategy", "customer understanding", "design", "measurement",
                            "culture", "governance")

#: The answer scale: how true each statement is of the organisation today.
SCALE: Mapping[int, str] = MappingProxyType(
    {1: "not at all", 2: "a little", 3: "partly", 4: "largely", 5: "fully"}
)

#: Foundation weight of each pillar in the weighted gap: strategy first, then the customer
#: understanding that design and measurement are built on.
FOUNDATION_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"strategy": 2.0, "customer understanding": 1.5, "design": 1.0, "measurement": 1.0,
     "culture": 1.0, "governance": 1.0}
)

#: A pillar whose highest and lowest manager scores are this far apart (or more) is a
#: disagreement.
DISAGREEMENT_POINTS = 2.0

#: The most respondents and statements a questionnaire may have (keeps every call quick).
MAX_RESPONDENTS = 1_000
MAX_STATEMENTS = 200

_MIN_SHARE_ANSWERED = 0.5


def load_questionnaire() -> pd.DataFrame:
    """The CX maturity questionnaire shipped with cxlab: 24 statements, 4 per pillar.

    Returns
    -------
    pandas.DataFrame
        Columns ``statement_id``, ``pillar`` (one of :data:`PILLARS`) and ``statement``.

    Examples
    --------
    >>> questions = load_questionnaire()
    >>> questions.groupby("pillar", sort=False).size().tolist()
    [4, 4, 4, 4, 4, 4]
    >>> questions.iloc[0]["statement_id"], questions.iloc[0]["pillar"]
    ('S1', 'strategy')
    """
    text = dataset_text("cx_maturity_statements")
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


@dataclass(frozen=True)
class MaturityResult:
    """Scores of a maturity self-assessment.

    Attributes
    ----------
    by_respondent : pandas.DataFrame
        One row per respondent (index: respondent id), a ``role`` column and one column per
        pillar: the respondent's pillar score, 1-5 (``NaN`` if they answered too few).
    profile : pandas.Series
        The organisation's score per pillar, 1-5: the mean of the respondents' scores.
    spread : pandas.DataFrame
        Per pillar: ``lowest`` and ``highest`` respondent score, ``spread`` (highest minus
        lowest), ``respondents`` scored, and ``disagreement`` (spread of at least
        ``disagreement_points``).
    dont_know : pandas.Series
        "Don't know" answers per pillar (blanks), a finding too: nobody can judge it.
    disagreement_points : float
        The spread that counts as a disagreement.
    """

    by_respondent: pd.DataFrame
    profile: pd.Series
    spread: pd.DataFrame
    dont_know: pd.Series
    disagreement_points: float

    @property
    def disagreements(self) -> list[str]:
        """Pillars where the managers disagree (spread of at least ``disagreement_points``)."""
        return self.spread.index[self.spread["disagreement"]].tolist()

    def table(self) -> pd.DataFrame:
        """The profile as a table with plain column names, for showing in a lesson."""
        out = pd.DataFrame({
            "Score (1-5)": self.profile.round(2),
            "Lowest manager": self.spread["lowest"].round(2),
            "Highest manager": self.spread["highest"].round(2),
            "Spread (points)": self.spread["spread"].round(2),
            "Don't know": self.dont_know,
        })
        out.index = [p.capitalize() for p in out.index]
        out.index.name = "Pillar"
        return out

    def summary(self) -> str:
        """Plain sentences: strongest and weakest pillar, and any disagreement."""
        strongest, weakest = self.profile.idxmax(), self.profile.idxmin()
        text = (f"{len(self.by_respondent)} managers scored {len(self.profile)} pillars. "
                f"Strongest: {strongest} ({self.profile[strongest]:.1f} of 5); weakest: "
                f"{weakest} ({self.profile[weakest]:.1f}).")
        for pillar in self.disagreements:
            row = self.spread.loc[pillar]
            text += (f" The managers disagree on {pillar}: from {row['lowest']:.1f} to "
                     f"{row['highest']:.1f}, so its average of {self.profile[pillar]:.1f} "
                     "describes nobody's view.")
        return text

    def __str__(self) -> str:
        return self.summary()


def _check_frame(name: str, value: object) -> pd.DataFrame:
    if not isinstance(value, pd.DataFrame):
        raise CxlabValueError(f"{name} must be a table (pandas DataFrame), got {describe(value)}")
    return value


def _check_questionnaire(questionnaire: object) -> pd.DataFrame:
    questions = _check_frame("questionnaire", questionnaire)
    missing = [c for c in ("statement_id", "pillar") if c not in questions.columns]
    if missing:
        raise CxlabValueError(f"questionnaire must have the columns statement_id and pillar; "
                              f"it is missing {', '.join(missing)}")
    if not 1 <= len(questions) <= MAX_STATEMENTS:
        raise CxlabValueError(f"questionnaire must have 1 to {MAX_STATEMENTS} statements, got "
                              f"{len(questions)}")
    ids = questions["statement_id"].astype(str)
    if ids.duplicated().any():
        twice = ids[ids.duplicated()].iloc[0]
        raise CxlabValueError(f"questionnaire has the statement id {twice!r} twice; each "
                              "statement needs its own id")
    return questions


def score_maturity(
    answers: pd.DataFrame,
    *,
    questionnaire: pd.DataFrame | None = None,
    disagreement_points: float = DISAGREEMENT_POINTS,
) -> MaturityResult:
    """Score a maturity self-assessment per pillar, with the spread between respondents.

    Parameters
    ----------
    answers : pandas.DataFrame
        One row per respondent: a ``respondent`` column (an id), optionally a ``role``
        column, and one column per statement id holding 1-5, or blank (``NaN``) for
        "don't know"; for example ``cxlab.data.load("cx_maturity_answers")``.
    questionnaire : pandas.DataFrame, optional
        Statement ids and their pillars; by default :func:`load_questionnaire`.
    disagreement_points : float, default 2.0
        The spread (highest minus lowest respondent score) that counts as a disagreement;
        between 0 and 4 points.

    Returns
    -------
    MaturityResult

    Raises
    ------
    cxlab.CxlabValueError
        If a statement of the questionnaire has no column, an answer is not a whole number
        from 1 to 5 (naming the respondent and the statement), a respondent id is repeated,
        or there are no respondents or more than 1,000.

    Examples
    --------
    >>> from cxlab import data
    >>> result = score_maturity(data.load("cx_maturity_answers"))
    >>> result.profile.round(2).to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'strategy': 2.5, 'customer understanding': 3.06, 'design': 2.38, 'measurement': 3.53,
     'culture': 2.85, 'governance': 2.07}
    >>> result.disagreements
    ['culture']
    """
    frame = _check_frame("answers", answers)
    questions = _check_questionnaire(
        load_questionnaire() if questionnaire is None else questionnaire)
    limit = check_in_range("disagreement_points", disagreement_points, 0, 4, scalar=True)
    if "respondent" not in frame.columns:
        raise CxlabValueError("answers must have a respondent column (an id per respondent); "
                              f"it has {', '.join(map(str, frame.columns)) or 'no columns'}")
    if not 1 <= len(frame) <= MAX_RESPONDENTS:
        raise CxlabValueError(f"answers must have 1 to {MAX_RESPONDENTS} respondents, got "
                              f"{len(frame)}")
    ids = frame["respondent"].astype(str)
    if ids.duplicated().any():
        raise CxlabValueError(f"answers has the respondent {ids[ids.duplicated()].iloc[0]!r} "
                              "twice; each respondent needs one row")
    statement_ids = questions["statement_id"].astype(str).tolist()
    columns = {str(c): c for c in frame.columns}
    missing = [s for s in statement_ids if s not in columns]
    if missing:
        raise CxlabValueError(f"answers has no column for the statement(s) {', '.join(missing)} "
                              "of the questionnaire")
    raw = frame[[columns[s] for s in statement_ids]]
    raw.columns = statement_ids
    values = raw.apply(pd.to_numeric, errors="coerce")
    bad = (values.isna() & raw.notna() & (raw.astype(str).apply(lambda c: c.str.strip()) != ""))
    bad |= values.notna() & ~values.isin([1, 2, 3, 4, 5])
    if bad.to_numpy().any():
        row, col = np.argwhere(bad.to_numpy())[0]
        raise CxlabValueError(
            f"answers must be whole numbers from 1 to 5 (or blank for don't know); respondent "
            f"{ids.iloc[row]} has {describe(raw.iloc[row, col])} for statement "
            f"{statement_ids[col]}")
    values.index = pd.Index(ids, name="respondent")
    pillar_of = dict(zip(statement_ids, questions["pillar"].astype(str), strict=True))
    order = list(dict.fromkeys(questions["pillar"].astype(str)))
    grouped = values.T.groupby(pd.Series(pillar_of), sort=False)
    means = grouped.mean().T[order]
    share = grouped.count().T[order] / grouped.size()[order]
    scores = means.where(share >= _MIN_SHARE_ANSWERED)
    scores.columns.name = None
    profile = scores.mean().rename("score")
    lowest, highest = scores.min(), scores.max()
    spread = pd.DataFrame({"lowest": lowest, "highest": highest, "spread": highest - lowest,
                           "respondents": scores.count()})
    spread["disagreement"] = spread["spread"] >= limit - 1e-9
    dont_know = values.isna().T.groupby(pd.Series(pillar_of), sort=False).sum().T[order].sum()
    by_respondent = scores.copy()
    if "role" in frame.columns:
        by_respondent.insert(0, "role", frame["role"].astype(str).to_numpy())
    return MaturityResult(by_respondent=by_respondent, profile=profile, spread=spread,
                          dont_know=dont_know.astype(int).rename("dont_know"),
                          disagreement_points=limit)


def _target_series(target: object, pillars: pd.Index) -> pd.Series:
    if isinstance(target, Mapping):
        unknown = [str(k) for k in target if k not in pillars]
        if unknown:
            raise CxlabValueError(f"target names the pillar(s) {', '.join(unknown)}, not in the "
                                  f"assessment ({', '.join(pillars)})")
        absent = [p for p in pillars if p not in target]
        if absent:
            raise CxlabValueError(f"target must give a level for every pillar; missing "
                                  f"{', '.join(absent)}")
        values = [target[p] for p in pillars]
    else:
        values = [target] * len(pillars)
    hint = "a level on the 1-5 scale, e.g. 3.5"
    if any(np.ndim(v) != 0 for v in values):  # a list or a table where one level belongs
        offender = next(v for v in values if np.ndim(v) != 0)
        raise CxlabValueError(f"target must be one level per pillar ({hint}), or a mapping "
                              f"of pillars to levels; got {describe(offender)}")
    levels = check_in_range("target", np.asarray(values, dtype=object), 1, 5, hint=hint)
    return pd.Series(levels, index=pillars, name="target")


def maturity_gaps(
    result: MaturityResult,
    *,
    target: float | Mapping[str, float] = 3.5,
    weights: Mapping[str, float] = FOUNDATION_WEIGHTS,
) -> pd.DataFrame:
    """Gaps to a target profile, weighted, in the order to work on them.

    Parameters
    ----------
    result : MaturityResult
        What :func:`score_maturity` returned.
    target : float or mapping, default 3.5
        The level to reach, on the 1-5 scale: one level for every pillar, or a level per
        pillar (``{"strategy": 4, ...}``, every pillar named).
    weights : mapping, default FOUNDATION_WEIGHTS
        Foundation weight per pillar (a pillar not named weighs 1); each from 0 to 5.

    Returns
    -------
    pandas.DataFrame
        One row per pillar (index ``Pillar``), largest weighted gap first, with plain column
        names: ``Score``, ``Target``, ``Gap`` (target minus score, 0 if the target is met),
        ``Weight``, ``Weighted gap`` and ``Order`` (1 = do first; pillars already at target
        come last).

    Raises
    ------
    cxlab.CxlabValueError
        For a target outside 1-5, a target that misses or invents a pillar, or a weight
        outside 0-5.

    Examples
    --------
    >>> from cxlab import data
    >>> result = score_maturity(data.load("cx_maturity_answers"))
    >>> gaps = maturity_gaps(result, target=3.5)
    >>> gaps.index[:3].tolist()
    ['strategy', 'governance', 'design']
    >>> round(float(gaps.loc["strategy", "Weighted gap"]), 2)
    2.0
    """
    if not isinstance(result, MaturityResult):
        raise CxlabValueError(f"result must be what score_maturity() returns, got "
                              f"{describe(result)}")
    profile = result.profile
    goal = _target_series(target, profile.index)
    if not isinstance(weights, Mapping):
        raise CxlabValueError(f"weights must map pillars to weights, got {describe(weights)}")
    weight = pd.Series([weights.get(p, 1.0) for p in profile.index], index=profile.index,
                       dtype=float)
    check_in_range("weights", weight.to_numpy(), 0, 5)
    gap = (goal - profile).clip(lower=0)
    table = pd.DataFrame({"Score": profile, "Target": goal, "Gap": gap, "Weight": weight,
                          "Weighted gap": gap * weight})
    table = table.sort_values("Weighted gap", ascending=False, kind="stable")
    table["Order"] = np.arange(1, len(table) + 1)
    table.index.name = "Pillar"
    return table


def screen_tool_purchases(
    actions: pd.DataFrame,
    result: MaturityResult,
    *,
    strategy_floor: float = 3.0,
) -> pd.DataFrame:
    """Flag tool purchases planned while the CX strategy is missing or weak.

    Strategy before tools: a tool bought before there is a strategy for it to serve tends to
    decide the strategy by default. A planned action whose ``kind`` is ``"tool"`` is flagged
    when the strategy pillar has no score (not assessed, or too many "don't know") or scores
    below ``strategy_floor``.

    Parameters
    ----------
    actions : pandas.DataFrame
        One row per planned action, with columns ``action`` (what), ``kind`` (``"tool"`` or
        ``"practice"``) and ``pillar`` (the pillar it serves).
    result : MaturityResult
        The assessment the plan follows from.
    strategy_floor : float, default 3.0
        The strategy score (1-5) below which tool purchases wait; 3 is "partly true".

    Returns
    -------
    pandas.DataFrame
        ``actions`` with ``flagged`` (True or False) and ``comment`` (a plain sentence).

    Raises
    ------
    cxlab.CxlabValueError
        For missing columns, a kind other than tool or practice, or a floor outside 1-5.

    Examples
    --------
    >>> from cxlab import data
    >>> result = score_maturity(data.load("cx_maturity_answers"))
    >>> plan = pd.DataFrame({"action": ["Buy speech analytics", "Agree the CX strategy"],
    ...                      "kind": ["tool", "practice"],
    ...                      "pillar": ["measurement", "strategy"]})
    >>> screen_tool_purchases(plan, result)["flagged"].tolist()
    [True, False]
    """
    plan = _check_frame("actions", actions)
    missing = [c for c in ("action", "kind", "pillar") if c not in plan.columns]
    if missing:
        raise CxlabValueError(f"actions must have the columns action, kind and pillar; it is "
                              f"missing {', '.join(missing)}")
    if not isinstance(result, MaturityResult):
        raise CxlabValueError(f"result must be what score_maturity() returns, got "
                              f"{describe(result)}")
    floor = check_in_range("strategy_floor", strategy_floor, 1, 5, scalar=True)
    kinds = plan["kind"].astype(str).str.strip().str.lower()
    wrong = kinds[~kinds.isin(["tool", "practice"])]
    if len(wrong):
        raise CxlabValueError(f"kind must be 'tool' or 'practice'; got {describe(wrong.iloc[0])} "
                              f"for {plan.loc[wrong.index[0], 'action']!r}")
    strategy = result.profile.get("strategy", np.nan)
    if pd.isna(strategy):
        reason = ("a tool purchase with no strategy score: the strategy pillar was not "
                  "assessed, so nobody can say what the tool is for")
    elif strategy < floor:
        reason = (f"a tool purchase while strategy scores {strategy:.1f} of 5 (below "
                  f"{floor:.1f}): agree the CX strategy first, then buy what it needs")
    else:
        reason = ""
    out = plan.copy()
    out["flagged"] = (kinds == "tool") & bool(reason)
    out["comment"] = np.where(out["flagged"], reason,
                              np.where(kinds == "tool", "a tool the strategy can direct",
                                       "a practice: no purchase to screen"))
    return out
