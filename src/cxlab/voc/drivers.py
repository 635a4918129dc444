"""Key-driver analysis: which scores go with likelihood to recommend, and how strongly.

Two views:

* :func:`key_drivers` for **wide** data (one row per respondent, one column per driver,
  e.g. CSAT and CES, or each touchpoint's rating): the correlation of each driver with the
  outcome, the **standardised regression weight** (beta: how many standard deviations the
  outcome moves per standard deviation of the driver, the others held fixed), Pratt's
  relative importance (beta x correlation / R^2, shares that add up to 1) and the variance
  inflation factor (VIF) that warns of collinearity.
* :func:`touchpoint_drivers` for **long** survey data (one row per response, each about one
  touchpoint): for each touchpoint, the correlation between its score and likelihood to
  recommend among the customers surveyed there, with a 95% interval (Fisher z), and the
  slope in LTR points per score point.

Caveats, stated on every result (``caveats``):

* **Correlation is not causation.** A strong driver goes with the outcome; it does not prove
  that improving it will move the outcome. A third factor (a network fault, a price rise)
  can move both.
* **Collinearity.** Drivers that move together (CSAT and CES often do) share credit: their
  betas become unstable, can change sign, and small changes to the data reorder them. A VIF
  above 5 flags it; read the correlations alongside the betas.
* **Sample size.** With few respondents per driver (fewer than about 10 per driver, or 30
  per touchpoint) the estimates are noisy; rankings of close drivers mean little.
* Rating scales are ordinal and answers from one survey share the respondent's mood (halo):
  weights describe association in this sample, not a law.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._validation import CxlabValueError, check_column, check_table, describe

__all__ = ["CAVEATS", "KeyDriverResult", "key_drivers", "touchpoint_drivers"]

#: The general caveats printed with every key-driver result.
CAVEATS = (
    "Correlation is not causation: a driver goes with the outcome, which does not prove that "
    "improving it will move the outcome.",
    "Drivers that move together (collinearity) share credit: their weights are unstable and "
    "can swap order or sign; read the correlations alongside.",
    "Small samples give noisy weights: close drivers cannot be ranked with confidence.",
)

#: VIF above which a driver is flagged as collinear with the others.
VIF_LIMIT = 5.0


@dataclass(frozen=True, eq=False)
class KeyDriverResult:
    """A key-driver table with the outcome, sample size, fit and caveats."""

    table: pd.DataFrame
    outcome: str
    n: int
    r_squared: float
    caveats: tuple[str, ...] = field(default=CAVEATS)

    def __str__(self) -> str:
        fit = "" if np.isnan(self.r_squared) else f", R^2 = {self.r_squared:.2f}"
        lines = [f"Key drivers of {self.outcome} (n = {self.n}{fit})",
                 self.table.round(3).to_string(), "Caveats:"]
        lines += [f"- {c}" for c in self.caveats]
        return "\n".join(lines)


def _frame(data: object, name: str = "data") -> pd.DataFrame:
    return check_table(name, data)


def _driver_list(drivers: object, data: pd.DataFrame) -> list[str]:
    """The driver columns named by ``drivers`` (one name, or a list of names)."""
    if isinstance(drivers, str):
        return [check_column("drivers", drivers, data, "data")]
    listed = (isinstance(drivers, (list, tuple))
              or (type(drivers).__name__ == "Series" and hasattr(drivers, "tolist"))
              or (isinstance(drivers, np.ndarray) and drivers.ndim == 1))
    if not listed:
        raise CxlabValueError(f"drivers must be a list of column names of data, got "
                              f"{describe(drivers)}")
    return [check_column("drivers", d, data, "data") for d in list(drivers)]  # type: ignore[call-overload]


def key_drivers(
    data: pd.DataFrame, outcome: str = "ltr", drivers: Sequence[str] | None = None
) -> KeyDriverResult:
    """Correlation and standardised regression weight of each driver on the outcome.

    Rows with a blank in the outcome or any driver are left out (complete cases); ``n``
    says how many were used. The regression is ordinary least squares on z-scores.

    Parameters
    ----------
    data : table (DataFrame, 2-D array or list of rows)
        One row per respondent; with an array or a list the columns are 0, 1, 2, ...
    outcome : str, default "ltr"
        The outcome column, e.g. likelihood to recommend (0-10).
    drivers : list of str, optional
        Driver columns; by default every numeric column except the outcome.

    Returns
    -------
    KeyDriverResult
        ``table`` has one row per driver, strongest beta first: ``correlation``, ``beta``
        (standardised weight), ``importance`` (Pratt: beta x correlation / R^2, adds up to
        1), ``vif``; ``caveats`` adds specific warnings (collinear drivers, small sample, a
        beta whose sign differs from its correlation) to the general ones.

    Raises
    ------
    cxlab.CxlabValueError
        If a column is missing or not numbers, a driver does not vary, or there are fewer
        complete rows than drivers + 2.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> frame = pd.DataFrame({"install": rng.normal(size=300), "billing": rng.normal(size=300)})
    >>> frame["ltr"] = 2 * frame["install"] + 0.5 * frame["billing"] + rng.normal(size=300)
    >>> result = key_drivers(frame, "ltr")
    >>> result.table.index.tolist()
    ['install', 'billing']
    >>> bool(result.table.loc["install", "beta"] > 3 * result.table.loc["billing", "beta"])
    True
    """
    data = _frame(data)
    outcome = check_column("outcome", outcome, data, "data")
    if drivers is None:
        drivers = [c for c in data.select_dtypes("number").columns if c != outcome]
    else:
        drivers = _driver_list(drivers, data)
    if not drivers:
        raise CxlabValueError("drivers must name at least one column besides the outcome")
    if outcome in drivers:
        raise CxlabValueError(f"the outcome {outcome!r} cannot also be a driver")
    columns = [outcome, *drivers]
    numeric = {}
    for column in columns:
        values = pd.to_numeric(data[column], errors="coerce")
        if values.notna().sum() < data[column].notna().sum():
            raise CxlabValueError(f"column {column!r} must hold numbers (blanks allowed)")
        numeric[column] = values.astype(float)
    complete = pd.DataFrame(numeric).dropna()
    n, k = len(complete), len(drivers)
    if n < k + 2:
        raise CxlabValueError(
            f"key drivers need at least {k + 2} complete rows (answers to the outcome and all "
            f"{k} drivers), got {n}"
        )
    sd = complete.std(ddof=1)
    flat = [c for c in columns if not sd[c] > 0]
    if flat:
        raise CxlabValueError(f"every column must vary to be a driver or outcome; "
                              f"{', '.join(map(repr, flat))} has the same value in every row")
    z = (complete - complete.mean()) / sd
    x, y = z[drivers].to_numpy(), z[outcome].to_numpy()
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    correlation = z[drivers].apply(lambda col: float(np.corrcoef(col, y)[0, 1]))
    r_squared = float(beta @ correlation.to_numpy())
    corr_xx = np.atleast_2d(np.corrcoef(x, rowvar=False))
    try:
        vif = np.diag(np.linalg.inv(corr_xx)) if k > 1 else np.ones(1)
    except np.linalg.LinAlgError:
        vif = np.full(k, np.inf)
    table = pd.DataFrame(
        {
            "correlation": correlation.to_numpy(),
            "beta": beta,
            "importance": beta * correlation.to_numpy() / r_squared if r_squared > 0
            else np.nan,
            "vif": vif,
        },
        index=pd.Index(drivers, name="driver"),
    ).sort_values("beta", ascending=False, key=np.abs)

    caveats = list(CAVEATS)
    collinear = table.index[table["vif"] > VIF_LIMIT].tolist()
    if collinear:
        caveats.append(f"Collinear in this data (VIF above {VIF_LIMIT:g}): "
                       f"{', '.join(collinear)}.")
    if n < 10 * k or n < 30:
        caveats.append(f"Only {n} complete responses for {k} driver(s): weights are noisy.")
    flipped = table.index[(np.sign(table["beta"]) != np.sign(table["correlation"]))
                          & (table["beta"].abs() >= 0.1)
                          & (table["correlation"].abs() >= 0.1)].tolist()
    if flipped:
        caveats.append(f"Beta and correlation have opposite signs for {', '.join(flipped)}: "
                       "a sign of collinearity (suppression), not of a harmful driver.")
    return KeyDriverResult(table, outcome, n, r_squared, tuple(caveats))


def touchpoint_drivers(
    responses: pd.DataFrame,
    *,
    by: str = "touchpoint",
    score: str = "csat",
    outcome: str = "ltr",
    min_n: int = 30,
    confidence: float = 0.95,
) -> KeyDriverResult:
    """Per touchpoint: how strongly the touchpoint's score goes with likelihood to recommend.

    For survey data with one row per response, each about one touchpoint. Within each
    touchpoint, the correlation of ``score`` (e.g. CSAT) with ``outcome`` (LTR), its
    interval (Fisher z transformation) and the slope (LTR points per score point). A
    touchpoint where the correlation is high is one where the experience and the
    relationship move together: a candidate **moment of truth**. Touchpoints are compared
    on different customers, so differences are only partly about the touchpoint.

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per response.
    by : str, default "touchpoint"
        Column naming the touchpoint (or stage).
    score, outcome : str
        Score column (default ``"csat"``) and outcome column (default ``"ltr"``).
    min_n : int, default 30
        Groups with fewer complete responses are flagged ``small_sample``.
    confidence : float, default 0.95

    Returns
    -------
    KeyDriverResult
        ``table`` has one row per group, strongest correlation first: ``n``,
        ``correlation``, ``ci_low``, ``ci_high``, ``slope``, ``mean_score``,
        ``small_sample``; ``r_squared`` is ``nan`` (no joint model).

    Examples
    --------
    >>> frame = pd.DataFrame({"touchpoint": ["A"] * 4 + ["B"] * 4,
    ...                       "csat": [1, 2, 4, 5, 1, 2, 4, 5],
    ...                       "ltr": [2, 4, 8, 10, 6, 9, 5, 7]})
    >>> result = touchpoint_drivers(frame, min_n=3)
    >>> result.table[["n", "correlation", "slope"]].round(2)  # doctest: +NORMALIZE_WHITESPACE
                n  correlation  slope
    touchpoint
    A           4         1.00    2.0
    B           4        -0.21   -0.2
    """
    from statistics import NormalDist

    from .._validation import check_in_range, check_integer

    responses = _frame(responses, "responses")
    by = check_column("by", by, responses, "responses")
    score = check_column("score", score, responses, "responses")
    outcome = check_column("outcome", outcome, responses, "responses")
    min_n = check_integer("min_n", min_n, minimum=3, scalar=True)
    level = check_in_range("confidence", confidence, 0, 1, low_inclusive=False,
                                 high_inclusive=False, hint="write 95% as 0.95", scalar=True)
    z_crit = NormalDist().inv_cdf(0.5 + level / 2)
    rows, index = [], []
    for key, group in responses.groupby(by, sort=True):
        pair = group[[score, outcome]].apply(pd.to_numeric, errors="coerce").dropna()
        n = len(pair)
        r = slope = low = high = np.nan
        if n >= 3 and pair[score].std() > 0 and pair[outcome].std() > 0:
            r = float(np.corrcoef(pair[score], pair[outcome])[0, 1])
            slope = r * pair[outcome].std() / pair[score].std()
            if n > 3 and abs(r) < 1:
                centre, half = np.arctanh(r), z_crit / np.sqrt(n - 3)
                low, high = float(np.tanh(centre - half)), float(np.tanh(centre + half))
            elif abs(r) == 1:
                low = high = r
        rows.append({"n": n, "correlation": r, "ci_low": low, "ci_high": high,
                     "slope": slope, "mean_score": pair[score].mean() if n else np.nan,
                     "small_sample": n < min_n})
        index.append(key)
    table = pd.DataFrame(rows, index=pd.Index(index, name=by)).sort_values(
        "correlation", ascending=False, na_position="last")
    caveats = list(CAVEATS)
    small = table.index[table["small_sample"]].tolist()
    if small:
        caveats.append(f"Fewer than {min_n} responses at {', '.join(map(str, small))}: "
                       "their correlations are very uncertain.")
    caveats.append("Each touchpoint is rated by different customers: part of a difference "
                   "between touchpoints can be who answers there, not the touchpoint.")
    n_total = int(table["n"].sum())
    return KeyDriverResult(table, outcome, n_total, float("nan"), tuple(caveats))
