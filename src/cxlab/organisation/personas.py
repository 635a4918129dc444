"""Personas built by the learner from the survey, and a check that a persona is backed by data.

Lesson 06.06. A persona is a short portrait of a group of real customers: who they are, what
they need, what hurts. Here it is built from the survey rather than handed over:

1. :func:`survey_with_profiles` joins each survey answer to the respondent's profile
   (``cxlab.data.load("survey_profiles")``);
2. segment the respondents, either by **rules** you choose (:func:`rule_segments`: split on
   two or three attributes at cut points you pick) or by **k-means** (:func:`kmeans_segments`:
   put together the customers who are most alike on the attributes you pick, once each
   attribute is on the same scale; a fixed seed makes it repeatable);
3. :func:`profile_segments` profiles each segment: size, who they are, scores, top pain
   points and a quote;
4. write your persona (:class:`Persona`) and check it with :func:`check_persona`: is the
   segment big enough to matter, and do the numbers it rests on hold and set it apart?

The measures a persona can rest on (:func:`segment_measures`): the mean of a number column
(``tenure_months``, ``contacts_last_90_days``, ``monthly_bill_gbp``, ``package_mbps``, ``ltr``,
``ces``), ``nps`` (-100 to 100), ``csat`` (share answering 4 or 5) and the share of a value of
a text column, written ``column=value`` (``works_from_home=yes``, ``age_band=55+``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._validation import CxlabValueError, as_float_array, check_integer, describe

__all__ = [
    "PRAISE_THEMES",
    "Persona",
    "PersonaCheck",
    "check_persona",
    "format_facts",
    "format_profiles",
    "kmeans_segments",
    "profile_segments",
    "rule_segments",
    "segment_measures",
    "survey_with_profiles",
]

#: Themes of :data:`cxlab.voc.SAMPLE_THEMES` that are praise, not pain points.
PRAISE_THEMES = frozenset({"helpful agent", "easy app", "engineer praise", "easy to order",
                           "fast and reliable"})
#: Most respondents the segment functions take (a bound, so that nothing runs for hours).
MAX_RESPONDENTS = 200_000
#: Most segments :func:`rule_segments` and :func:`kmeans_segments` make (more cannot be read).
MAX_SEGMENTS = 12
#: A persona's segment must hold at least this many respondents and this share of them.
MIN_RESPONDENTS = 30
MIN_SHARE = 0.05
#: How close a stated fact must be to the data: fraction of the value for means, points of
#: share for shares, NPS points for NPS.
TOLERANCE_RELATIVE = 0.10
TOLERANCE_SHARE = 0.05
TOLERANCE_NPS = 5.0
#: How far a segment must be from everyone else for a fact to set it apart: standard
#: deviations of the measure for means, points of share, NPS points.
APART_SD = 0.5
APART_SHARE = 0.15
APART_NPS = 10.0


def survey_with_profiles(responses: pd.DataFrame | None = None,
                         profiles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Survey answers joined to the respondents' profiles (one row per answer).

    Parameters
    ----------
    responses, profiles : pandas.DataFrame, optional
        Default ``cxlab.data.load("survey_responses")`` and
        ``cxlab.data.load("survey_profiles")``; joined on ``respondent_id``.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> survey = survey_with_profiles()
    >>> survey.shape
    (2000, 18)
    """
    from .. import data

    responses = data.load("survey_responses") if responses is None else responses
    profiles = data.load("survey_profiles") if profiles is None else profiles
    for name, frame in (("responses", responses), ("profiles", profiles)):
        if not isinstance(frame, pd.DataFrame) or "respondent_id" not in frame.columns:
            raise CxlabValueError(f"{name} must be a table with a respondent_id column, got "
                                  f"{describe(frame)}")
    return responses.merge(profiles, on="respondent_id", how="inner", validate="one_to_one")


def _frame(data: object) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame) or data.empty:
        raise CxlabValueError(f"data must be a table of respondents (a pandas DataFrame with "
                              f"rows), got {describe(data)}")
    if len(data) > MAX_RESPONDENTS:
        raise CxlabValueError(f"data must have at most {MAX_RESPONDENTS:,} respondents, got "
                              f"{len(data):,}; take a sample first")
    return data


def _column(data: pd.DataFrame, column: object, role: str) -> str:
    if not isinstance(column, str) or column not in data.columns:
        raise CxlabValueError(f"{role} must be a column of the data ({', '.join(map(str, data.columns))}); "  # noqa: E501
                              f"got {describe(column)}")
    return column


def _is_number(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _number_label(value: float) -> str:
    return f"{value:g}"


def rule_segments(data: pd.DataFrame, *, split: Mapping[str, Sequence[float] | None]
                  ) -> pd.Series:
    """Segments by rules: split respondents on a few attributes at the cut points you choose.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent, e.g. :func:`survey_with_profiles`.
    split : dict
        Attribute -> cut points (for a number column, e.g. ``{"tenure_months": [3, 36]}``
        makes "below 3", "3 to below 36", "36 or more") or ``None`` (for a text column: one
        group per value). One to three attributes.

    Returns
    -------
    pandas.Series
        The segment name of each respondent, in words: the attribute (underscores read as
        spaces) and its band or value, e.g. ``"tenure months 36 or more, works from home:
        no"``; same index as ``data``.

    Raises
    ------
    cxlab.CxlabValueError
        If an attribute is not a column, cut points are not increasing numbers, or the rules
        would make more than 12 segments.

    Examples
    --------
    >>> survey = survey_with_profiles()
    >>> segments = rule_segments(survey, split={"tenure_months": [3, 36],
    ...                                         "works_from_home": None})
    >>> segments.value_counts().head(2).to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'tenure months below 3, works from home: no': 716,
     'tenure months below 3, works from home: yes': 535}
    """
    data = _frame(data)
    if not isinstance(split, Mapping) or not 1 <= len(split) <= 3:
        raise CxlabValueError(
            "split must be a dictionary of one to three attributes, e.g. "
            f"{{'tenure_months': [3, 36], 'works_from_home': None}}; got {describe(split)}"
        )
    parts = []
    groups = 1
    for column, cuts in split.items():
        column = _column(data, column, "each attribute of split")
        values = data[column]
        words = column.replace("_", " ")
        if cuts is None:
            labels = values.astype(str).map(lambda v, c=words: f"{c}: {v}")
            groups *= labels.nunique()
        else:
            if not _is_number(values):
                raise CxlabValueError(f"{column} holds text: give None to make one group per "
                                      f"value, not cut points {describe(cuts)}")
            points = as_float_array(f"cut points of {column}", list(cuts)).ravel()
            if points.size == 0 or np.any(np.diff(points) <= 0):
                raise CxlabValueError(f"cut points of {column} must be increasing numbers, "
                                      f"e.g. [3, 36]; got {describe(cuts)}")
            names = ([f"{words} below {_number_label(points[0])}"]
                     + [f"{words} {_number_label(a)} to below {_number_label(b)}"
                        for a, b in zip(points[:-1], points[1:], strict=True)]
                     + [f"{words} {_number_label(points[-1])} or more"])
            where = np.searchsorted(points, values.to_numpy(dtype=float), side="right")
            labels = pd.Series(np.array(names, dtype=object)[where], index=data.index)
            groups *= len(names)
        parts.append(labels)
    if groups > MAX_SEGMENTS:
        raise CxlabValueError(f"split makes up to {groups} segments; use fewer attributes or "
                              f"cut points (at most {MAX_SEGMENTS} segments can be read)")
    result = parts[0]
    for labels in parts[1:]:
        result = result + ", " + labels
    return result.rename("segment")


def kmeans_segments(data: pd.DataFrame, *, attributes: Sequence[str], k: int,
                    seed: int = 2026) -> pd.Series:
    """Segments by k-means: the ``k`` groups of respondents most alike on ``attributes``.

    In plain words: each attribute is first put on the same scale (divided by its standard
    deviation; a text column becomes one yes/no column per value), so that months of tenure
    do not outweigh a yes/no answer. k-means then places ``k`` centres and moves them until
    each respondent belongs to the nearest centre and each centre sits in the middle of its
    respondents. The start is random, so a fixed ``seed`` makes it repeatable.

    Parameters
    ----------
    data : pandas.DataFrame
    attributes : list of str
        Two to six columns.
    k : int
        Number of segments, 2 to 12.
    seed : int, default 2026

    Returns
    -------
    pandas.Series
        ``"Segment 1"`` (the largest) to ``"Segment k"``, same index as ``data``.

    Examples
    --------
    >>> survey = survey_with_profiles()
    >>> segments = kmeans_segments(survey, attributes=["tenure_months", "works_from_home",
    ...                                                "contacts_last_90_days"], k=4)
    >>> segments.value_counts().sort_index().tolist()
    [1108, 526, 314, 52]
    """
    from scipy.cluster.vq import kmeans2

    data = _frame(data)
    if isinstance(attributes, str) or not isinstance(attributes, Sequence) or not (
            2 <= len(attributes) <= 6):
        raise CxlabValueError(f"attributes must be a list of two to six columns, got "
                              f"{describe(attributes)}")
    k = check_integer("k", k, minimum=2, scalar=True)
    if k > MAX_SEGMENTS:
        raise CxlabValueError(f"k must be at most {MAX_SEGMENTS}, got {k}")
    seed = check_integer("seed", seed, minimum=0, scalar=True)
    columns = []
    for column in attributes:
        column = _column(data, column, "each of attributes")
        values = data[column]
        if _is_number(values):
            columns.append(values.to_numpy(dtype=float))
        else:
            for value in sorted(values.astype(str).unique()):
                columns.append((values.astype(str) == value).to_numpy(dtype=float))
    matrix = np.column_stack(columns)
    if not np.isfinite(matrix).all():
        raise CxlabValueError("attributes must have no missing values")
    spread = matrix.std(axis=0)
    matrix = matrix / np.where(spread > 0, spread, 1.0)
    if len(matrix) < k:
        raise CxlabValueError(f"k must be at most the number of respondents ({len(matrix)})")
    try:
        _, labels = kmeans2(matrix, k, iter=50, minit="++", rng=np.random.default_rng(seed))
    except TypeError:  # scipy before 1.15 calls the generator ``seed``
        _, labels = kmeans2(matrix, k, iter=50, minit="++", seed=np.random.default_rng(seed))
    sizes = np.bincount(labels, minlength=k)
    order = np.argsort(-sizes, kind="stable")
    rename = {int(old): f"Segment {new + 1}" for new, old in enumerate(order)}
    return pd.Series([rename[int(x)] for x in labels], index=data.index, name="segment")


def _segments(data: pd.DataFrame, segments: object) -> pd.Series:
    if not isinstance(segments, pd.Series) or not segments.index.equals(data.index):
        raise CxlabValueError("segments must be the Series rule_segments or kmeans_segments "
                              "returned for the same data")
    return segments.astype(str)


def _nps(ltr: pd.Series) -> float:
    ltr = ltr.to_numpy(dtype=float)
    return float(100 * ((ltr >= 9).mean() - (ltr <= 6).mean())) if ltr.size else np.nan


def _measure_names(data: pd.DataFrame) -> list[str]:
    names = []
    for column in data.columns:
        if column in ("respondent_id", "date", "comment", "touchpoint_name", "csat"):
            continue
        if _is_number(data[column]):
            names.append(column)
        else:
            names += [f"{column}={v}" for v in sorted(data[column].astype(str).unique())
                      if data[column].nunique() <= 12]
    if "ltr" in data.columns:
        names.append("nps")
    if "csat" in data.columns:
        names.append("csat")
    return names


def _measure(data: pd.DataFrame, name: str) -> pd.Series:
    """Per-row values whose mean is the measure (NPS, not a mean, has :func:`_nps`)."""
    if name == "csat":
        return (data["csat"] >= 4).astype(float)
    if "=" in name:
        column, value = name.split("=", 1)
        return (data[column].astype(str) == value).astype(float)
    return data[name].astype(float)


def _kind(name: str) -> str:
    if name == "nps":
        return "nps"
    if name == "csat" or "=" in name:
        return "share"
    return "mean"


def segment_measures(data: pd.DataFrame, segments: pd.Series) -> pd.DataFrame:
    """Every measure a persona can rest on, for each segment and for everyone else.

    Returns
    -------
    pandas.DataFrame
        Index: measures (see the module docstring); columns: for each segment, its value;
        then, for each segment, the value of everyone outside it, named ``"<segment> (rest)"``.

    Examples
    --------
    >>> survey = survey_with_profiles()
    >>> segments = rule_segments(survey, split={"works_from_home": None})
    >>> segment_measures(survey, segments).loc["tenure_months"].round(1).tolist()
    [18.4, 12.9, 12.9, 18.4]
    """
    data = _frame(data)
    segments = _segments(data, segments)
    columns = {}
    names = _measure_names(data)
    for segment in sorted(segments.unique()):
        inside = segments == segment
        for suffix, rows in (("", inside), (" (rest)", ~inside)):
            part = data[rows]
            values = {}
            for name in names:
                values[name] = (_nps(part["ltr"]) if name == "nps"
                                else float(_measure(part, name).mean()) if len(part) else np.nan)
            columns[segment + suffix] = values
    table = pd.DataFrame(columns)
    ordered = sorted(segments.unique())
    return table[ordered + [s + " (rest)" for s in ordered]]


def profile_segments(data: pd.DataFrame, segments: pd.Series, *,
                     themes: Mapping[str, Sequence[str]] | None = None,
                     pain_points: int = 3) -> pd.DataFrame:
    """A profile per segment, in plain columns, largest segment first.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`survey_with_profiles` (or a table with its columns).
    segments : pandas.Series
        From :func:`rule_segments` or :func:`kmeans_segments`.
    themes : dict, optional
        Theme dictionary for the pain points (default :data:`cxlab.voc.SAMPLE_THEMES`);
        praise themes (:data:`PRAISE_THEMES`) are not pain points.
    pain_points : int, default 3

    Returns
    -------
    pandas.DataFrame
        One row per segment: ``respondents``, ``share``, the mean ``tenure (months)``,
        ``contacts in 90 days``, ``monthly bill (£)``, ``works from home`` (share), the most
        common ``age band``, ``household`` and ``preferred channel``, ``NPS``, ``CSAT``
        (share 4-5), ``CES``, ``top pain points`` (the most mentioned, with the share of the
        segment's comments) and ``quote`` (the comment about the top pain point written most
        often; the first such comment on a tie).

    Examples
    --------
    >>> survey = survey_with_profiles()
    >>> segments = rule_segments(survey, split={"works_from_home": None})
    >>> profile_segments(survey, segments)["respondents"].tolist()
    [1117, 883]
    """
    from ..voc import SAMPLE_THEMES, tag_themes

    data = _frame(data)
    segments = _segments(data, segments)
    pain_points = check_integer("pain_points", pain_points, minimum=1, scalar=True)
    themes = SAMPLE_THEMES if themes is None else themes
    tags = tag_themes(data["comment"], themes)
    pains = [t for t in tags.columns if t in themes and t not in PRAISE_THEMES]
    has_text = data["comment"].fillna("").astype(str).str.strip() != ""
    rows = []
    for segment in segments.value_counts(sort=True).index:
        inside = (segments == segment).to_numpy()
        part = data[inside]
        commented = int(has_text[inside].sum())
        counts = tags.loc[inside, pains].sum().sort_values(ascending=False, kind="stable")
        counts = counts[counts > 0].head(pain_points)
        top = ", ".join(f"{name} ({n / max(commented, 1):.0%})" for name, n in counts.items())
        quote = ""
        if len(counts):
            about = part.loc[tags.loc[inside, counts.index[0]].to_numpy(), "comment"]
            quote = str(about.value_counts(sort=True).index[0])
        row = {"segment": segment, "respondents": int(inside.sum()),
               "share": float(inside.mean())}
        for column, label in (("tenure_months", "tenure (months)"),
                              ("contacts_last_90_days", "contacts in 90 days"),
                              ("monthly_bill_gbp", "monthly bill (£)")):
            if column in part:
                row[label] = float(part[column].mean())
        if "works_from_home" in part:
            row["works from home"] = float((part["works_from_home"] == "yes").mean())
        for column, label in (("age_band", "age band"), ("household", "household"),
                              ("preferred_channel", "preferred channel")):
            if column in part:
                row[label] = str(part[column].value_counts(sort=True).index[0])
        row.update({"NPS": _nps(part["ltr"]), "CSAT": float((part["csat"] >= 4).mean()),
                    "CES": float(part["ces"].mean()), "top pain points": top, "quote": quote})
        rows.append(row)
    return pd.DataFrame(rows).set_index("segment")


_PROFILE_FORMATS = {
    "respondents": "{:,.0f}", "share": "{:.0%}", "tenure (months)": "{:.0f}",
    "contacts in 90 days": "{:.1f}", "monthly bill (£)": "£{:.2f}",
    "works from home": "{:.0%}", "NPS": "{:+.0f}", "CSAT": "{:.0%}", "CES": "{:.1f}",
}


def format_profiles(profiles: pd.DataFrame) -> pd.DataFrame:
    """:func:`profile_segments` as text, one segment per column: easy to read side by side.

    Shares read as percentages, NPS with its sign, the bill in pounds.

    Examples
    --------
    >>> survey = survey_with_profiles()
    >>> profiles = profile_segments(survey, rule_segments(survey, split={"works_from_home": None}))
    >>> format_profiles(profiles).loc[["respondents", "share", "NPS"]].to_dict("list")
    {'works from home: no': ['1,117', '56%', '+4'], 'works from home: yes': ['883', '44%', '-2']}
    """
    if not isinstance(profiles, pd.DataFrame) or "respondents" not in profiles.columns:
        raise CxlabValueError(f"profiles must be what profile_segments() returns, got "
                              f"{describe(profiles)}")
    text = pd.DataFrame(index=profiles.index)
    for column in profiles.columns:
        form = _PROFILE_FORMATS.get(column, "{}")
        text[column] = [form.format(v) for v in profiles[column]]
    return text.T.rename_axis(index=None, columns=None)


#: The number measures a persona can rest on, in plain words.
_MEASURE_WORDS = {
    "tenure_months": "Months a customer (mean)",
    "contacts_last_90_days": "Contacts in the last 90 days (mean)",
    "monthly_bill_gbp": "Monthly bill in £ (mean)",
    "package_mbps": "Broadband package in Mbps (mean)",
    "ltr": "Likely to recommend, 0-10 (mean)",
    "ces": "Customer effort, 1-7 (mean)",
    "nps": "NPS (-100 to +100)",
    "csat": "CSAT (share answering 4 or 5)",
}


def _measure_words(name: str) -> str:
    if name in _MEASURE_WORDS:
        return _MEASURE_WORDS[name]
    if "=" in name:
        column, value = name.split("=", 1)
        return f"{column.replace('_', ' ').capitalize()}: {value.replace('_', ' ')} (share)"
    return name.replace("_", " ").capitalize()


def format_facts(measures: pd.DataFrame, segment: str):
    """One segment's measures beside everyone else's, in plain words, for writing facts.

    Each row names the measure in words and gives the name a fact uses (the key of
    ``Persona.facts``); shares read as percentages, NPS in points with its sign, means
    with one decimal.

    Parameters
    ----------
    measures : pandas.DataFrame
        What :func:`segment_measures` returns.
    segment : str
        A segment in it.

    Returns
    -------
    cxlab.show.Table

    Examples
    --------
    >>> survey = survey_with_profiles()
    >>> segments = rule_segments(survey, split={"works_from_home": None})
    >>> shown = format_facts(segment_measures(survey, segments), "works from home: yes")
    >>> shown.frame.set_index("Name in a fact").loc["works_from_home=yes"].tolist()
    ['Works from home: yes (share)', '100.0%', '0.0%']
    """
    from ..show import Table

    if not isinstance(measures, pd.DataFrame) or not all(
            isinstance(name, str) for name in measures.index) or not all(
            pd.api.types.is_numeric_dtype(dtype) for dtype in measures.dtypes):
        raise CxlabValueError(f"measures must be what segment_measures() returns (measure "
                              f"names and numbers), got {describe(measures)}")
    known = [c for c in measures.columns
             if not str(c).endswith(" (rest)") and f"{c} (rest)" in measures.columns]
    if not isinstance(segment, str) or segment not in known:
        raise CxlabValueError(f"segment must be one of the segments of measures "
                              f"({', '.join(map(str, known)) or 'none'}), got "
                              f"{describe(segment)}")
    forms = {"share": "{:.1%}", "nps": "{:+.0f}", "mean": "{:.1f}"}
    rows = [{"Measure": _measure_words(name), "Name in a fact": name,
             **{who: "" if pd.isna(measures.loc[name, column])
                else forms[_kind(name)].format(measures.loc[name, column])
                for who, column in (("This segment", segment),
                                    ("Everyone else", f"{segment} (rest)"))}}
            for name in measures.index]
    # Table as it is: the names in a fact are typed as shown, underscores and all.
    return Table(pd.DataFrame(rows), show_index=False, left=("Measure", "Name in a fact"))


# ------------------------------------------------------------------- the persona and its check

@dataclass(frozen=True)
class Persona:
    """A persona as the learner writes it.

    Parameters
    ----------
    name : str
        A first name and a few words, e.g. ``"Nadia, the home worker"``.
    segment : str
        The segment it portrays (a name from :func:`rule_segments` or
        :func:`kmeans_segments`).
    description : str
        Who they are, what they need, what hurts: two or three sentences.
    facts : dict of str to float
        The numbers the persona rests on: measure -> value, e.g. ``{"works_from_home=yes":
        0.8, "nps": -20}`` (shares as fractions).
    """

    name: str
    segment: str
    description: str
    facts: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for attribute in ("name", "segment", "description"):
            value = getattr(self, attribute)
            if not isinstance(value, str):
                raise CxlabValueError(f"{attribute} must be text, got {describe(value)}")
        if not isinstance(self.facts, Mapping):
            raise CxlabValueError(f"facts must be a dictionary of measure -> number, e.g. "
                                  f"{{'nps': -20}}; got {describe(self.facts)}")
        for key, value in self.facts.items():
            if not isinstance(key, str):
                raise CxlabValueError(f"each fact must be named by a measure (text), got "
                                      f"{describe(key)}")
            as_float_array(f"fact {key!r}", value)


@dataclass(frozen=True)
class PersonaCheck:
    """Whether a persona is backed by data, and why, in plain sentences.

    Attributes
    ----------
    backed : bool
        The segment is big enough, and at least two facts are right and set it apart.
    respondents : int
    share : float
    facts : pandas.DataFrame
        One row per fact: ``stated``, ``data`` (the segment's value), ``everyone else``,
        ``right`` and ``sets apart`` ("yes"/"no").
    messages : tuple of str
    """

    backed: bool
    respondents: int
    share: float
    facts: pd.DataFrame
    messages: tuple[str, ...]

    def __repr__(self) -> str:
        return "\n".join(self.messages)


def _fmt(name: str, value: float) -> str:
    kind = _kind(name)
    if kind == "share":
        return f"{value:.0%}"
    if kind == "nps":
        return f"{value:+.0f}"
    return f"{value:.3g}"


def check_persona(persona: Persona, data: pd.DataFrame, segments: pd.Series) -> PersonaCheck:
    """Say whether a persona is backed by the survey: size, and the numbers it rests on.

    The rule: the segment holds at least 30 respondents and 5% of them; a fact is **right**
    when it is within 10% of the segment's mean (5 points for a share, 5 NPS points), and
    **sets the segment apart** when the segment differs from everyone else by at least half a
    standard deviation (15 points for a share, 10 NPS points). A persona is backed by data
    when at least two facts are both.

    Parameters
    ----------
    persona : Persona
    data : pandas.DataFrame
    segments : pandas.Series

    Returns
    -------
    PersonaCheck

    Examples
    --------
    >>> survey = survey_with_profiles()
    >>> segments = rule_segments(survey, split={"works_from_home": None})
    >>> nadia = Persona("Nadia, works from home", "works from home: yes",
    ...                 "Works from home and needs a line that holds all day.",
    ...                 facts={"works_from_home=yes": 1.0, "tenure_months": 12})
    >>> check_persona(nadia, survey, segments).backed
    False
    """
    if not isinstance(persona, Persona):
        raise CxlabValueError(f"persona must be a Persona, got {describe(persona)}")
    data = _frame(data)
    segments = _segments(data, segments)
    known = sorted(segments.unique())
    if persona.segment not in known:
        raise CxlabValueError(f"persona.segment must be one of {', '.join(map(repr, known))}; "
                              f"got {persona.segment!r}")
    names = _measure_names(data)
    unknown = [f for f in persona.facts if f not in names]
    if unknown:
        raise CxlabValueError(f"facts must name measures of the data, such as "
                              f"{', '.join(names[:6])}...; {unknown[0]!r} is not one "
                              "(segment_measures lists them all)")
    inside = segments == persona.segment
    n, share = int(inside.sum()), float(inside.mean())
    messages = []
    size_ok = n >= MIN_RESPONDENTS and share >= MIN_SHARE
    if size_ok:
        messages.append(f"Size: {n} respondents ({share:.0%} of all), enough to matter.")
    else:
        messages.append(f"Size: only {n} respondents ({share:.1%} of all); a persona needs at "
                        f"least {MIN_RESPONDENTS} and {MIN_SHARE:.0%}. Merge it with a "
                        "neighbouring segment.")
    rows = []
    for name, stated in persona.facts.items():
        stated = as_float_array(f"fact {name!r}", stated, scalar=True)
        kind = _kind(name)
        if kind == "nps":
            here, rest = _nps(data.loc[inside, "ltr"]), _nps(data.loc[~inside, "ltr"])
            right = abs(stated - here) <= TOLERANCE_NPS
            apart = abs(here - rest) >= APART_NPS
        else:
            values = _measure(data, name)
            here, rest = float(values[inside].mean()), float(values[~inside].mean())
            if kind == "share":
                right = abs(stated - here) <= TOLERANCE_SHARE
                apart = abs(here - rest) >= APART_SHARE
            else:
                right = abs(stated - here) <= TOLERANCE_RELATIVE * max(abs(here), 1e-9)
                apart = abs(here - rest) >= APART_SD * float(values.std())
        rows.append({"fact": name, "stated": stated, "data": here, "everyone else": rest,
                     "right": "yes" if right else "no", "sets apart": "yes" if apart else "no"})
        if right and apart:
            messages.append(f"{name}: you say {_fmt(name, stated)}, the data say "
                            f"{_fmt(name, here)} against {_fmt(name, rest)} for everyone else. "
                            "Right, and it sets the segment apart.")
        elif right:
            messages.append(f"{name}: right ({_fmt(name, here)}), but everyone else is much "
                            f"the same ({_fmt(name, rest)}), so it does not set the segment "
                            "apart.")
        else:
            messages.append(f"{name}: you say {_fmt(name, stated)}, the data say "
                            f"{_fmt(name, here)}. Check the profile table.")
    table = pd.DataFrame(rows, columns=["fact", "stated", "data", "everyone else", "right",
                                        "sets apart"]).set_index("fact")
    strong = int(((table["right"] == "yes") & (table["sets apart"] == "yes")).sum())
    backed = size_ok and strong >= 2
    if not persona.name.strip() or len(persona.description.split()) < 8:
        messages.append("Give the persona a name and a description of two or three sentences: "
                        "who they are, what they need, what hurts.")
        backed = False
    if backed:
        messages.insert(0, f"Backed by data: {persona.name} rests on {strong} facts that hold "
                           "and set the segment apart.")
    else:
        messages.insert(0, f"Not yet backed by data: {strong} of the facts hold and set the "
                           "segment apart; a persona needs at least two.")
    return PersonaCheck(backed, n, share, table, tuple(messages))
