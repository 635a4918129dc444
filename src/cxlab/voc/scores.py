"""NPS, CSAT and CES, each with a confidence interval, and summaries per touchpoint or stage.

Definitions (REFERENCES.md, "Voice of the customer"):

* **NPS** (Net Promoter Score) from "How likely are you to recommend us?", 0 to 10:
  % promoters (9-10) minus % detractors (0-6), from -100 to +100. Passives (7-8) count in
  the total only.
* **CSAT** (customer satisfaction) from "How satisfied were you?", 1 to ``scale`` (5 by
  default): the share of answers in the top ``top_box`` boxes (4 or 5 on a 1-5 scale),
  as a fraction from 0 to 1.
* **CES** (customer effort score), CES 2.0 form: "The company made it easy for me to handle
  my issue", 1 (strongly disagree) to 7 (strongly agree). The score is the mean answer on
  that scale, so **higher is easier**. (The older CES 1.0 asked "How much effort did you
  personally have to put forth?" on 1-5, where lower is better: do not mix the two.)

**Missing answers.** ``NaN`` (or ``None``) in the scores is a question the customer left
blank: it is left out and counted in ``missing``; every other value must be a whole number
on the scale, or a :class:`cxlab.CxlabValueError` names it and the allowed range.

**Confidence intervals** (all at ``confidence``, 95% by default):

* NPS: normal approximation for the difference of two proportions of one trinomial sample.
  With shares of promoters ``p+`` and detractors ``p-``, ``NPS/100 = p+ - p-`` has variance
  ``((p+ + p-) - (p+ - p-)^2) / n``; the interval is ``NPS +/- z * 100 * sqrt(variance)``,
  cut to -100..+100. The approximation is rough below about 30 answers or with fewer than 5
  promoters or detractors (``small_sample`` is then True); with all answers in one group
  the interval shrinks to a point, which is not real certainty.
* CSAT: Wilson score interval for a proportion (stays within 0..1 and behaves at small n).
* CES: t-interval of the mean, ``mean +/- t(n-1) * sd / sqrt(n)``; needs 2 answers or more.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

from .._validation import (
    CxlabValueError,
    check_column,
    check_in_range,
    check_integer,
    check_names,
    check_table,
    describe,
)

__all__ = [
    "CESResult",
    "CSATResult",
    "NPSResult",
    "SMALL_SAMPLE",
    "ces",
    "csat",
    "nps",
    "score_summary",
]

#: Below this many answers a result is flagged ``small_sample``.
SMALL_SAMPLE = 30


@dataclass(frozen=True)
class NPSResult:
    """Net Promoter Score with its confidence interval (all on the -100..+100 scale)."""

    value: float
    n: int
    promoters: int
    passives: int
    detractors: int
    ci_low: float
    ci_high: float
    confidence: float = 0.95
    missing: int = 0
    small_sample: bool = False

    def __str__(self) -> str:
        shares = (f"{self.promoters / self.n:.0%} promoters, {self.passives / self.n:.0%} "
                  f"passives, {self.detractors / self.n:.0%} detractors")
        note = " (small sample: treat with care)" if self.small_sample else ""
        return (f"NPS {self.value:+.0f} ({self.confidence:.0%} CI {self.ci_low:+.0f} to "
                f"{self.ci_high:+.0f}), n = {self.n}: {shares}{note}")


@dataclass(frozen=True)
class CSATResult:
    """CSAT as the fraction of top-box answers, with its Wilson confidence interval."""

    value: float
    n: int
    satisfied: int
    ci_low: float
    ci_high: float
    scale: int = 5
    top_box: int = 2
    confidence: float = 0.95
    missing: int = 0
    small_sample: bool = False

    def __str__(self) -> str:
        note = " (small sample: treat with care)" if self.small_sample else ""
        return (f"CSAT {self.value:.0%} top-{self.top_box} box on 1-{self.scale} "
                f"({self.confidence:.0%} CI {self.ci_low:.0%} to {self.ci_high:.0%}), "
                f"n = {self.n}{note}")


@dataclass(frozen=True)
class CESResult:
    """CES as the mean answer on 1..scale (CES 2.0: higher is easier), with a t-interval."""

    value: float
    n: int
    sd: float
    ci_low: float
    ci_high: float
    scale: int = 7
    confidence: float = 0.95
    missing: int = 0
    small_sample: bool = False

    def __str__(self) -> str:
        note = " (small sample: treat with care)" if self.small_sample else ""
        return (f"CES {self.value:.2f} on 1-{self.scale}, higher is easier "
                f"({self.confidence:.0%} CI {self.ci_low:.2f} to {self.ci_high:.2f}), "
                f"n = {self.n}{note}")


def _answers(name: str, scores: object, low: int, high: int) -> tuple[np.ndarray, int]:
    """Whole-number answers on low..high, and how many were blank (NaN)."""
    if isinstance(scores, (str, bytes)) or isinstance(scores, (bool, np.bool_)):
        raise CxlabValueError(f"{name} must be a list of answers, got {describe(scores)}")
    if np.isscalar(scores):
        scores = [scores]
    try:
        arr = pd.to_numeric(pd.Series(np.asarray(scores, dtype=object).ravel()),
                            errors="raise").to_numpy(dtype=float)
    except (TypeError, ValueError):
        values = np.asarray(scores, dtype=object).ravel()
        bad = next(v for v in values if not _is_number_like(v))
        raise CxlabValueError(
            f"{name} must be whole numbers from {low} to {high}, got {describe(bad)}"
        ) from None
    if any(isinstance(v, (bool, np.bool_)) for v in np.asarray(scores, dtype=object).ravel()):
        raise CxlabValueError(f"{name} must be whole numbers from {low} to {high}, got yes/no "
                              "values")
    blank = np.isnan(arr)
    wrong = ~blank & ((arr < low) | (arr > high) | (arr != np.round(arr)))
    if wrong.any():
        position = int(np.flatnonzero(wrong)[0])
        count = int(wrong.sum())
        more = f" ({count} answers are off the scale)" if count > 1 else ""
        raise CxlabValueError(
            f"{name} must be whole numbers from {low} to {high}, got {describe(arr[position])} "
            f"at position {position}{more}"
        )
    answers = arr[~blank].astype(np.int64)
    if answers.size == 0:
        blanks = f" ({int(blank.sum())} blank)" if blank.any() else ""
        raise CxlabValueError(f"{name} must hold at least one answer from {low} to {high}, "
                              f"got none{blanks}")
    return answers, int(blank.sum())


def _is_number_like(value: object) -> bool:
    try:
        float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True


def _z(confidence: float) -> tuple[float, float]:
    level = check_in_range("confidence", confidence, 0, 1, low_inclusive=False,
                                 high_inclusive=False, hint="write 95% as 0.95", scalar=True)
    return NormalDist().inv_cdf(0.5 + level / 2), level


def nps(scores: object, *, confidence: float = 0.95) -> NPSResult:
    """Net Promoter Score: % promoters (9-10) minus % detractors (0-6), -100 to +100.

    Parameters
    ----------
    scores : array-like of int
        Answers to "How likely are you to recommend us?", whole numbers 0 to 10. ``NaN``
        is a blank answer: left out and counted in ``missing``.
    confidence : float, default 0.95
        Confidence level of the interval, a fraction between 0 and 1.

    Returns
    -------
    NPSResult
        ``value`` from -100 to +100, ``n`` answers, the counts of promoters, passives and
        detractors, ``ci_low`` and ``ci_high`` (normal approximation, see the module
        docstring), ``missing`` and ``small_sample``.

    Raises
    ------
    cxlab.CxlabValueError
        If there is no answer, or an answer is not a whole number from 0 to 10.

    Examples
    --------
    >>> result = nps([10, 9, 9, 8, 7, 6, 3, 10, 9, 5])
    >>> result.promoters, result.passives, result.detractors, result.value
    (5, 2, 3, 20.0)
    >>> print(result)
    NPS +20 (95% CI -34 to +74), n = 10: 50% promoters, 20% passives, 30% detractors (small sample: treat with care)
    >>> nps([9, 11])
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: scores must be whole numbers from 0 to 10, got 11 at position 1
    """  # noqa: E501
    z, level = _z(confidence)
    answers, missing = _answers("scores", scores, 0, 10)
    n = answers.size
    promoters = int((answers >= 9).sum())
    detractors = int((answers <= 6).sum())
    p_pro, p_det = promoters / n, detractors / n
    diff = p_pro - p_det
    variance = max((p_pro + p_det) - diff**2, 0.0) / n
    half = z * math.sqrt(variance)
    return NPSResult(
        value=100 * diff,
        n=n,
        promoters=promoters,
        passives=n - promoters - detractors,
        detractors=detractors,
        ci_low=max(-100.0, 100 * (diff - half)),
        ci_high=min(100.0, 100 * (diff + half)),
        confidence=level,
        missing=missing,
        small_sample=bool(n < SMALL_SAMPLE or promoters < 5 or detractors < 5),
    )


def csat(scores: object, scale: int = 5, top_box: int = 2, *,
         confidence: float = 0.95) -> CSATResult:
    """CSAT: the share of answers in the top ``top_box`` boxes of a 1..``scale`` question.

    Parameters
    ----------
    scores : array-like of int
        Answers, whole numbers 1 to ``scale``; ``NaN`` is a blank answer (left out).
    scale : int, default 5
        Highest answer (1 = very dissatisfied .. 5 = very satisfied).
    top_box : int, default 2
        How many of the top answers count as satisfied: 2 on 1-5 means 4 or 5.
    confidence : float, default 0.95
        Confidence level of the Wilson score interval.

    Returns
    -------
    CSATResult
        ``value`` is a fraction from 0 to 1 (0.8 means 80% satisfied).

    Raises
    ------
    cxlab.CxlabValueError
        If there is no answer, an answer is off the scale, or ``top_box`` is not between 1
        and ``scale``.

    Examples
    --------
    >>> result = csat([5, 4, 4, 3, 2, 5, 1, 4, 5, 3])
    >>> result.satisfied, result.n, result.value
    (6, 10, 0.6)
    >>> round(result.ci_low, 4), round(result.ci_high, 4)
    (0.3127, 0.8318)
    >>> csat([5, 4], scale=5, top_box=6)
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: top_box must be a whole number from 1 to scale (5), got 6
    """
    scale = check_integer("scale", scale, minimum=2, scalar=True)
    box = check_integer("top_box", top_box, minimum=1, scalar=True)
    if box > scale:
        raise CxlabValueError(f"top_box must be a whole number from 1 to scale ({scale}), "
                              f"got {int(box)}")
    z, level = _z(confidence)
    answers, missing = _answers("scores", scores, 1, scale)
    n = answers.size
    satisfied = int((answers > scale - int(box)).sum())
    low, high = _wilson(satisfied, n, z)
    return CSATResult(satisfied / n, n, satisfied, low, high, scale, int(box), level, missing,
                      n < SMALL_SAMPLE)


def _wilson(successes: int, n: int, z: float) -> tuple[float, float]:
    p = successes / n
    denominator = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return max(0.0, centre - half), min(1.0, centre + half)


def ces(scores: object, scale: int = 7, *, confidence: float = 0.95) -> CESResult:
    """CES (customer effort score, CES 2.0 form): the mean answer on 1..``scale``.

    The question is "The company made it easy for me to handle my issue", 1 strongly
    disagree .. 7 strongly agree, so **higher is easier**.

    Parameters
    ----------
    scores : array-like of int
        Answers, whole numbers 1 to ``scale``; ``NaN`` is a blank answer (left out).
    scale : int, default 7
        Highest answer.
    confidence : float, default 0.95
        Confidence level of the t-interval of the mean.

    Returns
    -------
    CESResult
        ``value`` is the mean, ``sd`` the sample standard deviation; with a single answer the
        interval cannot be computed and is ``nan``.

    Examples
    --------
    >>> result = ces([7, 6, 6, 5, 7, 2, 4, 6])
    >>> result.value, result.n
    (5.375, 8)
    >>> round(result.ci_low, 3), round(result.ci_high, 3)
    (3.966, 6.784)
    """
    from ..coaching.sampling import margin_of_error  # the kit's one t-interval half-width

    scale = check_integer("scale", scale, minimum=2, scalar=True)
    _, level = _z(confidence)
    answers, missing = _answers("scores", scores, 1, scale)
    n = answers.size
    mean = float(answers.mean())
    if n < 2:
        sd = low = high = float("nan")
    else:
        sd = float(answers.std(ddof=1))
        half = margin_of_error(sd, n, confidence=level)  # t with n - 1 degrees of freedom
        low, high = mean - half, mean + half
    return CESResult(mean, n, sd, low, high, scale, level, missing, n < SMALL_SAMPLE)


def score_summary(
    responses: pd.DataFrame,
    by: str | Sequence[str] | None = "touchpoint",
    *,
    ltr: str | None = "ltr",
    csat_column: str | None = "csat",
    ces_column: str | None = "ces",
    order: Sequence[object] | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """NPS, CSAT and CES with their intervals for each touchpoint, stage or other group.

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per survey response, e.g. ``cxlab.data.load("survey_responses")``.
    by : str, list of str or None, default "touchpoint"
        Column(s) to group by; ``None`` for one row over all responses.
    ltr, csat_column, ces_column : str or None
        Columns with likelihood to recommend (0-10), CSAT (1-5) and CES (1-7, CES 2.0);
        ``None`` leaves that score out.
    order : list, optional
        Order of the groups in the result (e.g. the journey's stage ids); groups not listed
        are left out, and at least one group must be listed. By default groups are sorted.
    confidence : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per group: ``n`` (responses), ``nps, nps_low, nps_high`` (-100..100),
        ``csat, csat_low, csat_high`` (fractions), ``ces, ces_low, ces_high`` and
        ``small_sample`` (fewer than 30 responses).

    Examples
    --------
    >>> frame = pd.DataFrame({"touchpoint": ["A", "A", "A", "B", "B"],
    ...                       "ltr": [10, 9, 3, 6, 8], "csat": [5, 4, 2, 3, 4],
    ...                       "ces": [7, 6, 2, 4, 5]})
    >>> summary = score_summary(frame)
    >>> summary[["n", "nps", "csat", "ces"]].round(2)  # doctest: +NORMALIZE_WHITESPACE
                n    nps  csat  ces
    touchpoint
    A           3  33.33  0.67  5.0
    B           2 -50.00  0.50  4.5
    """
    responses = check_table("responses", responses)
    keys = [] if by is None else check_names("by", by, what="column names")
    scores = {"nps": ltr, "csat": csat_column, "ces": ces_column}
    functions: dict[str, Callable[..., NPSResult | CSATResult | CESResult]] = {
        "nps": nps, "csat": csat, "ces": ces}
    for key in keys:
        check_column("by", key, responses, "responses")
    for param, named in (("ltr", ltr), ("csat_column", csat_column), ("ces_column", ces_column)):
        if named is not None:
            check_column(param, named, responses, "responses")
    groups = [("all", responses)] if not keys else list(
        responses.groupby(keys if len(keys) > 1 else keys[0], sort=True))
    rows, index = [], []
    for key, group in groups:
        row: dict[str, object] = {"n": len(group)}
        for name, column in scores.items():
            if column is None:
                continue
            values = group[column]
            if values.notna().sum() == 0:
                row.update({name: np.nan, f"{name}_low": np.nan, f"{name}_high": np.nan})
                continue
            function = functions[name]
            try:
                result = function(values, confidence=confidence)
            except CxlabValueError as exc:
                raise CxlabValueError(f"{column} of group {key!r}: {exc}") from None
            row.update({name: result.value, f"{name}_low": result.ci_low,
                        f"{name}_high": result.ci_high})
        row["small_sample"] = len(group) < SMALL_SAMPLE
        rows.append(row)
        index.append(key)
    names = keys if len(keys) > 1 else (keys[0] if keys else None)
    if len(keys) > 1:
        result_index = pd.MultiIndex.from_tuples(index, names=names)
    else:
        result_index = pd.Index(index, name=names)
    summary = pd.DataFrame(rows, index=result_index)
    if order is not None:
        summary = summary.reindex(_groups_in_order(order, summary.index))
    return summary


def _groups_in_order(order: object, groups: pd.Index) -> list[object]:
    """The groups ``order`` lists, in its order; an error if it is no list or lists none."""
    wanted = (f"order must be a list of the groups to show, in order (such as "
              f"{describe(list(groups[:2]))}), got {describe(order)}")
    listed = (isinstance(order, (list, tuple))
              or (isinstance(order, (np.ndarray, pd.Series, pd.Index)) and order.ndim == 1))
    if not listed:
        raise CxlabValueError(wanted)
    try:
        kept = [k for k in list(order) if k in groups]  # type: ignore[call-overload]
    except TypeError:  # a list or an array is never a group name
        raise CxlabValueError(wanted) from None
    if not kept:
        raise CxlabValueError(f"{wanted}, which lists none of them")
    return kept
