"""Closing the loop: the detractors to call back, most urgent first."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

from .._validation import (
    CxlabValueError,
    check_column,
    check_integer,
    check_names,
    describe,
)
from .themes import UNTAGGED, tag_themes

__all__ = ["callback_list"]


def callback_list(
    responses: pd.DataFrame,
    *,
    ltr: str = "ltr",
    threshold: int = 6,
    who: str = "respondent_id",
    date: str | None = "date",
    columns: Sequence[str] = ("touchpoint", "stage", "csat", "comment"),
    themes: Mapping[str, Sequence[str]] | None = None,
    comment: str = "comment",
) -> pd.DataFrame:
    """Detractors to call back: who, when, where in the journey, their score and comment.

    A detractor answered 0 to ``threshold`` (6) to "How likely are you to recommend us?".
    The list is sorted so that a team working down it calls first those most at risk and
    most likely to remember: **lowest score first**, then **most recent first**, then those
    who left a comment (there is something specific to talk about) before those who did not.

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per response.
    ltr : str, default "ltr"
        Likelihood-to-recommend column (0-10).
    threshold : int, default 6
        Highest score that counts as a detractor (6 in the NPS definition).
    who : str, default "respondent_id"
        Column identifying the customer to call.
    date : str or None, default "date"
        Response date, for the "most recent first" order; ``None`` if there is none.
    columns : sequence of str
        Further columns to show, when present in ``responses``.
    themes : dict, optional
        A theme dictionary (see :mod:`cxlab.voc.themes`): adds a ``themes`` column naming
        the themes of each comment, so the caller knows what it is about.
    comment : str, default "comment"
        Comment column, used for the order and for ``themes``.

    Returns
    -------
    pandas.DataFrame
        One row per detractor response, in calling order, numbered from 1.

    Examples
    --------
    >>> frame = pd.DataFrame({"respondent_id": ["R1", "R2", "R3", "R4"],
    ...                       "date": pd.to_datetime(["2026-01-05", "2026-01-09",
    ...                                               "2026-01-07", "2026-01-08"]),
    ...                       "ltr": [3, 3, 9, 6], "touchpoint": ["T11", "T19", "T22", "T22"],
    ...                       "comment": ["engineer never came", "bill higher", "great", ""]})
    >>> callback_list(frame, columns=["touchpoint", "comment"])  # doctest: +NORMALIZE_WHITESPACE
      respondent_id       date  ltr touchpoint              comment
    1            R2 2026-01-09    3        T19          bill higher
    2            R1 2026-01-05    3        T11  engineer never came
    3            R4 2026-01-08    6        T22
    """
    if not isinstance(responses, pd.DataFrame):
        raise CxlabValueError(f"responses must be a table (a pandas DataFrame), got "
                              f"{describe(responses)}")
    threshold = check_integer("threshold", threshold, minimum=0, scalar=True)
    if threshold > 10:
        raise CxlabValueError(f"threshold must be a whole number from 0 to 10, got {threshold}")
    needed = [who, ltr] + ([date] if date is not None else [])
    for param, column in zip(("who", "ltr", "date"), needed, strict=False):
        check_column(param, column, responses, "responses")
    columns = check_names("columns", columns, what="column names")
    if not isinstance(comment, Hashable):
        raise CxlabValueError(f"comment must be a column name, got {describe(comment)}")
    scores = pd.to_numeric(responses[ltr], errors="coerce")
    detractors = responses[scores <= threshold].copy()
    shown = [c for c in dict.fromkeys([who, *needed[2:], ltr, *columns])
             if c in detractors.columns]
    has_comment = pd.Series(False, index=detractors.index)
    if comment in detractors.columns:
        text = detractors[comment].fillna("").astype(str).str.strip()
        has_comment = text != ""
        detractors[comment] = detractors[comment].fillna("")
    order = pd.DataFrame({"score": scores[detractors.index],
                          "no_comment": ~has_comment})
    keys, ascending = ["score"], [True]
    if date is not None:
        order["date"] = pd.to_datetime(detractors[date])
        keys.append("date")
        ascending.append(False)
    keys.append("no_comment")
    ascending.append(True)
    ranked = order.sort_values(keys, ascending=ascending, kind="stable").index
    result = detractors.loc[ranked, shown]
    if themes is not None and comment in detractors.columns:
        tags = tag_themes(result[comment], themes).drop(columns=UNTAGGED)
        result["themes"] = [", ".join(tags.columns[row]) for row in tags.to_numpy(dtype=bool)]
    result.index = np.arange(1, len(result) + 1)
    return result
