"""Theme tagging of verbatim comments with a keyword dictionary you can edit.

A **theme dictionary** is a plain ``dict``: theme name -> list of keywords or phrases::

    themes = {
        "billing surprise": ["bill higher", "overcharged", "unexpected charge*"],
        "long hold": ["on hold", "hold music", "waited ages"],
    }

Matching rules:

* case does not matter (``"On Hold"`` matches ``"on hold"``);
* **whole words only**: ``"bill"`` matches "my bill was" but not "billing" or "Billy";
  a phrase matches its words in order, with any spaces between them;
* a keyword ending in ``*`` matches any word starting with it: ``"charge*"`` matches
  charge, charges, charged;
* a comment can carry **several themes**; a comment matching none is **untagged**, and a
  blank comment is not a comment at all (counted apart).

Start from :data:`SAMPLE_THEMES` (written for the sample broadband survey), read the
untagged comments, and add the words customers actually use.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .._validation import CxlabValueError, check_column, check_instance, check_table, describe

__all__ = [
    "SAMPLE_THEMES",
    "UNTAGGED",
    "tag_themes",
    "theme_counts",
    "themes_by",
]

#: Name of the column/row for comments that match no theme.
UNTAGGED = "(untagged)"

#: A starting dictionary for the sample broadband survey; copy it and edit it.
SAMPLE_THEMES: Mapping[str, tuple[str, ...]] = {
    "billing surprise": ("bill was higher", "higher than", "more than I was told",
                         "unexpected", "overcharged", "hidden fee*", "router fee",
                         "part-month", "price rise", "price went up"),
    "installation no-show": ("no-show", "no show", "didn't turn up", "did not turn up",
                             "never turned up", "never came", "waited in", "day off",
                             "missed appointment", "missed the appointment"),
    "slow evening speeds": ("slow", "evening*", "buffer*", "drops out", "speed drops",
                            "peak time*"),
    "long hold": ("on hold", "hold music", "hold time", "held for", "queue*", "waited ages",
                  "minutes to get through"),
    "helpful agent": ("helpful", "friendly", "patient", "knew what", "sorted it",
                      "went above", "polite", "understanding"),
    "easy app": ("app is easy", "easy app", "app made it easy", "in the app", "the app",
                 "easy to use"),
    "repeat myself": ("repeat*", "explain again", "start again", "transferred",
                      "passed around"),
    "engineer praise": ("engineer was great", "engineer was brilliant", "tidy",
                        "on time", "explained everything"),
    "loyalty penalty": ("loyal*", "new customers", "threaten*", "to leave", "haggl*"),
    "pushy sales": ("hard sell", "pushing", "pushy", "bundle"),
    "wait for installation": ("installation date", "for weeks", "weeks away"),
    "wi-fi coverage": ("wi-fi", "wifi", "signal", "upstairs"),
    "easy to order": ("easy to order", "ordering"),
    "confusing bill": ("understand", "work out the bill", "confusing"),
    "fast and reliable": ("fast", "reliable", "working straight away"),
}


def _check_themes(themes: object) -> dict[str, tuple[str, ...]]:
    if not isinstance(themes, Mapping) or not themes:
        raise CxlabValueError(
            "themes must be a dictionary of theme name -> list of keywords, e.g. "
            "{'long hold': ['on hold', 'hold music']}; got " + describe(themes)
        )
    checked = {}
    for name, keywords in themes.items():
        if not isinstance(name, str) or not name.strip():
            raise CxlabValueError(f"themes: each theme needs a name (text), got {describe(name)}")
        if isinstance(keywords, str):
            raise CxlabValueError(
                f"themes: theme {name!r}: keywords must be a list, e.g. [{keywords!r}], got a "
                f"single text {keywords!r} (put it in square brackets; separate several with "
                f"commas)"
            )
        if not isinstance(keywords, Sequence) or not keywords:
            raise CxlabValueError(f"themes: theme {name!r}: keywords must be a non-empty list of "
                                  f"words or phrases, got {describe(keywords)}")
        for keyword in keywords:
            if not isinstance(keyword, str) or not keyword.strip(" *"):
                raise CxlabValueError(f"themes: theme {name!r}: every keyword must be a word or "
                                      f"phrase, got {describe(keyword)}")
        checked[name] = tuple(keywords)
    if UNTAGGED in checked:
        raise CxlabValueError(f"{UNTAGGED!r} is reserved for comments with no theme; rename "
                              "that theme")
    return checked


def _pattern(keywords: Sequence[str]) -> re.Pattern[str]:
    parts = []
    for keyword in keywords:
        text = keyword.strip()
        prefix = text.endswith("*")
        words = text.rstrip("*").split()
        body = r"\s+".join(re.escape(w) for w in words)
        parts.append(rf"(?<!\w){body}" + (r"\w*" if prefix else r"(?!\w)"))
    return re.compile("|".join(parts), flags=re.IGNORECASE)


def _comments(comments: object) -> pd.Series:
    if isinstance(comments, str):
        raise CxlabValueError("comments must be a list or column of comments, got a single "
                              "text; wrap it in a list")
    if isinstance(comments, pd.DataFrame):
        raise CxlabValueError(f"comments must be a list or column of comments, got "
                              f"{describe(comments)} (pick its comment column)")
    if isinstance(comments, (Mapping, set)) or (isinstance(comments, np.ndarray)
                                                and comments.ndim != 1):
        raise CxlabValueError(f"comments must be a list or column of comments, got "
                              f"{describe(comments)}")
    if isinstance(comments, pd.Series):
        series = comments
    else:
        try:
            series = pd.Series(list(comments))  # type: ignore[call-overload]
        except TypeError:
            raise CxlabValueError(f"comments must be a list or column of comments, got "
                                  f"{describe(comments)}") from None
    return series.map(lambda c: "" if c is None or (isinstance(c, float) and np.isnan(c))
                      else str(c))


def tag_themes(comments: object, themes: Mapping[str, Sequence[str]] = SAMPLE_THEMES
               ) -> pd.DataFrame:
    """Which themes each comment mentions.

    Parameters
    ----------
    comments : list or pandas.Series of str
        Verbatim comments; blanks (``""``, ``None``, ``NaN``) are allowed.
    themes : dict, default SAMPLE_THEMES
        Theme name -> list of keywords or phrases (see the module docstring for the rules).

    Returns
    -------
    pandas.DataFrame
        Same index as ``comments``; one True/False column per theme, then ``(untagged)``
        (a non-blank comment matching no theme). A blank comment is False everywhere.

    Examples
    --------
    >>> themes = {"hold": ["on hold"], "bill": ["bill", "charge*"]}
    >>> tag_themes(["On HOLD for ages and my bill is wrong", "Billing charges again",
    ...             "Great service", ""], themes)
        hold   bill  (untagged)
    0   True   True       False
    1  False   True       False
    2  False  False        True
    3  False  False       False
    """
    themes = _check_themes(themes)
    texts = _comments(comments)
    result = pd.DataFrame(index=texts.index)
    for name, keywords in themes.items():
        pattern = _pattern(keywords)
        result[name] = texts.map(lambda text, p=pattern: bool(p.search(text)))
    has_text = texts.str.strip() != ""
    result[UNTAGGED] = has_text & ~result.any(axis=1)
    return result


def theme_counts(comments: object, themes: Mapping[str, Sequence[str]] = SAMPLE_THEMES
                 ) -> pd.DataFrame:
    """How many comments mention each theme, most frequent first; untagged last.

    Returns
    -------
    pandas.DataFrame
        Index: the themes then ``(untagged)``; columns ``comments`` (how many mention it)
        and ``share`` (fraction of the non-blank comments). Shares add up to more than 1
        when comments carry several themes. ``attrs["blank"]`` counts the blank comments.

    Raises
    ------
    cxlab.CxlabValueError
        If ``comments`` holds no comment that is not blank (a share of nothing means
        nothing), or is not a list or column of comments.

    Examples
    --------
    >>> counts = theme_counts(["on hold again", "on hold and a wrong bill", "fine", None],
    ...                       {"hold": ["on hold"], "bill": ["bill"]})
    >>> counts
                comments  share
    hold               2   0.67
    bill               1   0.33
    (untagged)         1   0.33
    >>> counts.attrs["blank"]
    1
    """
    tags = tag_themes(comments, themes)
    texts = _comments(comments)
    n_comments = int((texts.str.strip() != "").sum())
    if not n_comments:
        raise CxlabValueError(f"comments must hold at least one comment that is not blank, "
                              f"got none ({len(texts)} blank)")
    counts = tags.drop(columns=UNTAGGED).sum().sort_values(ascending=False, kind="stable")
    counts[UNTAGGED] = tags[UNTAGGED].sum()
    table = pd.DataFrame({"comments": counts.astype(np.int64)})
    table["share"] = (table["comments"] / n_comments).round(2)
    table.attrs["blank"] = len(texts) - n_comments
    return table


def themes_by(
    responses: pd.DataFrame,
    themes: Mapping[str, Sequence[str]] = SAMPLE_THEMES,
    *,
    by: str = "touchpoint",
    comment: str = "comment",
    share: bool = False,
) -> pd.DataFrame:
    """Theme counts per touchpoint (or stage, or any column).

    Parameters
    ----------
    responses : table (DataFrame, 2-D array or list of rows)
        One row per response, with a comment column.
    themes : dict, default SAMPLE_THEMES
    by : str, default "touchpoint"
        Column to group by.
    comment : str, default "comment"
        Column holding the verbatim comments.
    share : bool, default False
        Give the fraction of each group's comments instead of counts.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``comments`` (non-blank comments), then one column per theme and
        ``(untagged)``.

    Examples
    --------
    >>> frame = pd.DataFrame({"touchpoint": ["call", "call", "bill"],
    ...                       "comment": ["on hold forever", "", "bill too high"]})
    >>> themes_by(frame, {"hold": ["on hold"], "bill": ["bill"]})  # doctest: +NORMALIZE_WHITESPACE
                comments  hold  bill  (untagged)
    touchpoint
    bill               1     0     1           0
    call               1     1     0           0
    """
    responses = check_table("responses", responses)
    for param, column in (("by", by), ("comment", comment)):
        check_column(param, column, responses, "responses")
    check_instance("share", share, (bool, np.bool_), "True or False")
    tags = tag_themes(responses[comment], themes).astype(np.int64)
    tags.insert(0, "comments", (_comments(responses[comment]).str.strip() != "").astype(
        np.int64))
    table = tags.groupby(responses[by].to_numpy()).sum().rename_axis(by)
    if share:
        counts = table["comments"].replace(0, np.nan)
        table = table.drop(columns="comments").div(counts, axis=0).round(3)
        table.insert(0, "comments", counts.fillna(0).astype(np.int64))
    return table
