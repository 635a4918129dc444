"""Stakeholder rankings: combine them, measure agreement, find the contested initiatives.

Several stakeholders (operations, finance, IT, marketing, ...) each rank the same initiatives,
1 being their first choice. Rankings come as either

* a table (a DataFrame, a 2-D numpy array or a list of rows) with one row per stakeholder and
  one column per initiative holding the rank, equal ranks for a tie (``1, 2, 2, 4`` or
  ``1, 2.5, 2.5, 4``: both read as a tie for second and third place); or
* a dict ``{stakeholder: [first, second, ...]}`` listing initiatives best first, with a tuple
  for a tie: ``["Web chat", ("IVR", "FAQ"), "Callback"]``.

Ties get the average of the places they share (2.5 each above), as in Kendall (1948).

>>> votes = {"Ops": ["A", "B", "C"], "Finance": ["A", "C", "B"], "IT": ["B", "A", "C"]}
>>> borda(votes).to_dict()
{'A': 5.0, 'B': 3.0, 'C': 1.0}
>>> round(kendalls_w(votes).w, 3)
0.444
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import CxlabValueError, check_table, describe

__all__ = [
    "KendallW",
    "borda",
    "contested",
    "kendalls_w",
    "mean_rank",
    "rank_table",
    "ranking_summary",
]


def _from_mapping(rankings: Mapping) -> pd.DataFrame:
    rows: dict[str, dict[str, float]] = {}
    for who, order in rankings.items():
        if isinstance(order, (str, bytes)) or not isinstance(order, Sequence):
            raise CxlabValueError(f"rankings: the ranking of {who!r} must be a list of "
                                  f"initiatives, best first, got {describe(order)}")
        ranks: dict[str, float] = {}
        place = 1
        for entry in order:
            group = list(entry) if isinstance(entry, (tuple, set, frozenset)) else [entry]
            if not group:
                raise CxlabValueError(f"rankings: the ranking of {who!r} has an empty tie group")
            shared = place + (len(group) - 1) / 2
            for item in group:
                if item in ranks:
                    raise CxlabValueError(f"rankings: the ranking of {who!r} lists {item!r} twice")
                ranks[item] = shared
            place += len(group)
        rows[str(who)] = ranks
    items: list = []
    for ranks in rows.values():
        items += [i for i in ranks if i not in items]
    for who, ranks in rows.items():
        missing = [i for i in items if i not in ranks]
        if missing:
            raise CxlabValueError(
                f"every stakeholder must rank every initiative; {who!r} did not rank "
                f"{', '.join(map(repr, missing))}")
    return pd.DataFrame.from_dict(rows, orient="index")[items]


def rank_table(rankings: object) -> pd.DataFrame:
    """Rankings as a stakeholders x initiatives table of ranks, ties averaged.

    >>> table = rank_table({"Ops": ["A", ("B", "C")], "IT": ["C", "B", "A"]})
    >>> table.loc["Ops"].to_dict()
    {'A': 1.0, 'B': 2.5, 'C': 2.5}
    >>> rank_table(np.array([[1, 2, 3], [2, 1, 3]])).loc["stakeholder 2"].tolist()
    [2.0, 1.0, 3.0]
    """
    if isinstance(rankings, pd.DataFrame):
        table = rankings.copy()
    elif isinstance(rankings, (np.ndarray, list, tuple)):
        table = check_table("rankings", rankings)
        table.index = [f"stakeholder {i + 1}" for i in range(table.shape[0])]
        table.columns = [f"initiative {j + 1}" for j in range(table.shape[1])]
    elif isinstance(rankings, Mapping):
        if not rankings:
            raise CxlabValueError("rankings is empty: give at least two stakeholders' rankings")
        table = _from_mapping(rankings)
    else:
        raise CxlabValueError("rankings must be a table (a row per stakeholder, a column per "
                              "initiative) or a dict {stakeholder: [best, next, ...]}, got "
                              f"{describe(rankings)}")
    if table.shape[0] < 1 or table.shape[1] < 2:
        raise CxlabValueError(f"rankings need at least 2 initiatives and 1 stakeholder, got "
                              f"{table.shape[1]} initiatives and {table.shape[0]} stakeholders")
    values = table.apply(pd.to_numeric, errors="coerce")
    n = table.shape[1]
    for who, row in values.iterrows():
        bad = [c for c in table.columns if not np.isfinite(row[c]) or not 1 <= row[c] <= n]
        if bad:
            shown = ", ".join(f"{c!r}: {describe(table.loc[who, c])}" for c in bad[:3])
            raise CxlabValueError(
                f"rankings: ranks must be numbers from 1 (first choice) to {n}; {who!r} gave "
                f"{shown}"
                + (" (a blank means that initiative was not ranked)" if row.isna().any()
                   else ""))
    from scipy import stats  # here, not at the top: importing scipy.stats takes seconds

    ranked = values.apply(lambda row: pd.Series(stats.rankdata(row), index=row.index), axis=1)
    ranked.index.name = table.index.name or "stakeholder"
    ranked.columns.name = table.columns.name or "initiative"
    return ranked.astype(float)


def borda(rankings: object) -> pd.Series:
    """Borda count: each stakeholder gives ``n - rank`` points; most points first.

    With n initiatives, a first choice earns n - 1 points and a last choice 0; a tie shares
    the points of the places it covers.
    """
    table = rank_table(rankings)
    points = (table.shape[1] - table).sum(axis=0)
    return points.sort_values(ascending=False, kind="stable").rename("borda_points")


def mean_rank(rankings: object) -> pd.Series:
    """Average rank of each initiative (1 is best), best first."""
    return rank_table(rankings).mean(axis=0).sort_values(kind="stable").rename("mean_rank")


@dataclass(frozen=True)
class KendallW:
    """Kendall's coefficient of concordance and its test.

    ``w`` runs from 0 (no agreement: every initiative gets the same rank sum) to 1 (every
    stakeholder gives the same ranking). ``mean_spearman`` is the average rank correlation
    between pairs of stakeholders, ``(m W - 1) / (m - 1)``. ``chi2`` with ``df = n - 1`` tests
    the hypothesis of no agreement (the Friedman test); trust ``p_value`` from about 7
    initiatives up.
    """

    w: float
    m: int
    n: int
    chi2: float
    df: int
    p_value: float
    mean_spearman: float
    tie_correction: float

    def interpretation(self) -> str:
        """Plain words for W, after Schmidt (1997): 0.1 very weak ... 0.9 unusually strong."""
        for floor, words in ((0.9, "unusually strong agreement"), (0.7, "strong agreement"),
                             (0.5, "moderate agreement"), (0.3, "weak agreement"),
                             (0.1, "very weak agreement")):
            if self.w >= floor:
                return words
        return "virtually no agreement"

    def __str__(self) -> str:
        return (f"Kendall's W = {self.w:.2f} ({self.interpretation()}) from {self.m} "
                f"stakeholders ranking {self.n} initiatives; p = {self.p_value:.3g}")


def kendalls_w(rankings: object) -> KendallW:
    """Kendall's W for m stakeholders ranking the same n initiatives, with ties corrected.

    ``W = 12 S / (m^2 (n^3 - n) - m T)``, where S is the sum of squared deviations of the
    initiatives' rank sums from their mean and ``T = sum over tie groups of (t^3 - t)``
    (Kendall and Babington Smith, 1939; tie correction from Kendall, 1948).

    >>> kendalls_w({"A": ["x", "y", "z"], "B": ["x", "y", "z"]}).w
    1.0
    """
    table = rank_table(rankings)
    m, n = table.shape
    if m < 2:
        raise CxlabValueError(f"Kendall's W needs at least 2 stakeholders' rankings, got {m}")
    sums = table.sum(axis=0).to_numpy()
    s = float(((sums - sums.mean()) ** 2).sum())
    ties = 0.0
    for _, row in table.iterrows():
        _, counts = np.unique(row.to_numpy(), return_counts=True)
        ties += float((counts**3 - counts).sum())
    denominator = m**2 * (n**3 - n) - m * ties
    if denominator <= 0:
        raise CxlabValueError("every stakeholder tied all initiatives: there is no ranking to "
                              "agree on")
    w = 12 * s / denominator
    w = min(max(w, 0.0), 1.0)
    from scipy import stats  # here, not at the top: importing scipy.stats takes seconds

    chi2 = m * (n - 1) * w
    df = n - 1
    return KendallW(w=w, m=m, n=n, chi2=chi2, df=df, p_value=float(stats.chi2.sf(chi2, df)),
                    mean_spearman=(m * w - 1) / (m - 1), tie_correction=ties)


def ranking_summary(rankings: object) -> pd.DataFrame:
    """One row per initiative: Borda points and place, mean rank, and how far opinions differ.

    ``spread`` is the standard deviation of the ranks given (0 when everyone agrees); ``best``
    and ``worst`` are the highest and lowest places anyone gave. Sorted by Borda points.
    """
    table = rank_table(rankings)
    summary = pd.DataFrame({
        "borda_points": (table.shape[1] - table).sum(axis=0),
        "mean_rank": table.mean(axis=0),
        "spread": table.std(axis=0, ddof=0),
        "best": table.min(axis=0),
        "worst": table.max(axis=0),
    })
    summary = summary.sort_values(["borda_points", "spread"], ascending=[False, True],
                                  kind="stable")
    summary.insert(1, "place", summary["borda_points"].rank(ascending=False, method="min")
                   .astype(int))
    summary.index.name = "initiative"
    return summary


def contested(rankings: object, top: int = 3) -> pd.DataFrame:
    """The initiatives stakeholders disagree on most (largest spread of ranks) first.

    These are the ones to talk through before the roadmap is agreed: buy-in is the point.
    Each row also names who ranked it highest (``champion``) and who lowest (``sceptic``);
    stakeholders who tie are all named, joined by "and".
    """
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise CxlabValueError(f"top must be a whole number of at least 1, got {describe(top)}")
    table = rank_table(rankings)
    summary = ranking_summary(table)
    summary = summary.sort_values(["spread", "mean_rank"], ascending=[False, True],
                                  kind="stable").head(int(top))
    summary["champion"] = [" and ".join(table.index[table[i] == table[i].min()])
                           for i in summary.index]
    summary["sceptic"] = [" and ".join(table.index[table[i] == table[i].max()])
                          for i in summary.index]
    return summary[["spread", "best", "worst", "champion", "sceptic", "mean_rank"]]
