"""Figures for module 06, making CX stick.

Every function returns the matplotlib Axes (or Figure) it drew on, takes an optional ``ax``,
uses the colours of :mod:`cxlab._style` and attaches a text alternative built from the data
shown (:func:`cxlab._style.describe`). No global style or backend is set here. Meaning is
never carried by colour alone: values are written on the bars, and parts of a bar differ by
hatching as well as colour.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, cast

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .._bars import Part, labelled_bars
from .._style import axes_or_new, colour, describe
from .._validation import CxlabValueError, check_instance
from .._validation import describe as describe_value

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .execution import BatchStatus
    from .maturity import MaturityResult
    from .momentum import CampaignOutlook
    from .reality import ExtraWork
    from .recognition import SchemeComparison

__all__ = [
    "plot_batches",
    "plot_campaign_breakdown",
    "plot_dashboard",
    "plot_extra_work",
    "plot_maturity_profile",
    "plot_recognition",
    "plot_respondent_scores",
    "plot_segment_profiles",
    "plot_training_coverage",
]


# ----------------------------------------------------------------------------- 06.01


def plot_maturity_profile(result: MaturityResult, *, target: object = None,
                          ax: Axes | None = None) -> Axes:
    """The maturity profile: one bar per pillar, its score written on it, the managers' range.

    A thin black line across each bar runs from the lowest to the highest manager's score;
    with ``target`` (one level, or a level per pillar) a diamond marks the target.

    Parameters
    ----------
    result : MaturityResult
        What :func:`~cxlab.organisation.score_maturity` returned.
    target : float or mapping, optional
        As in :func:`~cxlab.organisation.maturity_gaps`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from cxlab import data
    >>> from cxlab._style import figure_description
    >>> from cxlab.organisation import score_maturity
    >>> ax = plot_maturity_profile(score_maturity(data.load("cx_maturity_answers")), target=3.5)
    >>> figure_description(ax)[:60]
    'Bar chart of the average maturity score per pillar, 1 to 5: '
    >>> plt.close("all")
    """
    from .maturity import MaturityResult, maturity_gaps

    check_instance("result", result, MaturityResult, "what score_maturity() returns")
    profile = result.profile
    goals = None
    if target is not None:
        level = cast("float | Mapping[str, float]", target)  # maturity_gaps checks it
        goals = maturity_gaps(result, target=level)["Target"].reindex(profile.index)
    ax = axes_or_new(ax, (8, 4.5))
    y = np.arange(len(profile))[::-1]
    labelled_bars(ax, y, [Part(profile.to_numpy(), colour("sky_blue"), label="Average score")])
    low, high = result.spread["lowest"], result.spread["highest"]
    ax.hlines(y, low.to_numpy(), high.to_numpy(), color="black", lw=1.5,
              label="Lowest to highest manager")
    for yi, (pillar, score) in zip(y, profile.items(), strict=True):
        ax.text(0.08, yi, f"{score:.1f}", va="center", ha="left", fontweight="bold")
        if result.spread.loc[pillar, "disagreement"]:
            ax.text(5.05, yi, "disagreement", va="center", ha="left", fontsize=9)
    if goals is not None:
        ax.scatter(goals.to_numpy(), y, marker="D", s=60, color=colour("orange"),
                   edgecolor="black", zorder=3, label="Target")
    ax.set_yticks(y, [p.capitalize() for p in profile.index])
    ax.set_xlim(0, 6)
    ax.set_xticks([1, 2, 3, 4, 5], [f"{k}\n{v}" for k, v in _scale().items()])
    ax.set_xlabel("How true of us (1 = not at all, 5 = fully)")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("CX maturity by pillar")
    parts = ", ".join(f"{p} {s:.1f}" for p, s in profile.items())
    text = f"Bar chart of the average maturity score per pillar, 1 to 5: {parts}."
    if result.disagreements:
        text += (" The managers' scores spread widest on "
                 f"{', '.join(result.disagreements)}.")
    if goals is not None:
        below = [p for p in profile.index if profile[p] < goals[p]]
        text += f" Below target: {', '.join(below) if below else 'none'}."
    describe(ax, text)
    return ax


def _scale() -> dict[int, str]:
    from .maturity import SCALE

    return dict(SCALE)


def plot_respondent_scores(result: MaturityResult, *, pillar: str,
                           ax: Axes | None = None) -> Axes:
    """One pillar as each manager sees it: a bar per manager, score written, average line.

    Parameters
    ----------
    result : MaturityResult
        What :func:`~cxlab.organisation.score_maturity` returned.
    pillar : str
        One of the assessment's pillars, e.g. ``"culture"``.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from cxlab import data
    >>> from cxlab.organisation import score_maturity
    >>> result = score_maturity(data.load("cx_maturity_answers"))
    >>> len(plot_respondent_scores(result, pillar="culture").patches)
    8
    >>> plt.close("all")
    """
    from .maturity import MaturityResult

    check_instance("result", result, MaturityResult, "what score_maturity() returns")
    if pillar not in result.profile.index:
        raise CxlabValueError(f"pillar must be one of {', '.join(map(repr, result.profile.index))}"
                              f"; got {describe_value(pillar)}")
    frame = result.by_respondent
    scores = frame[pillar]
    labels = frame["role"] if "role" in frame.columns else pd.Series(frame.index, frame.index)
    order = scores.sort_values(kind="stable").index
    ax = axes_or_new(ax, (8, 0.45 * len(order) + 1.5))
    y = np.arange(len(order))
    values = scores[order].to_numpy(dtype=float)
    shown = ["no score" if np.isnan(value) else f"{value:.2f}" for value in values]
    labelled_bars(ax, y, [Part(np.nan_to_num(values), colour("blue"))], labels=shown, gap=0.05)
    mean = float(result.profile[pillar])
    ax.axvline(mean, color="black", ls="--", lw=1, label=f"Average of the managers, {mean:.2f}")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_yticks(y, labels[order].tolist())
    ax.set_xlim(0, 6.5)
    ax.set_xlabel(f"{pillar.capitalize()} score (1 = not at all, 5 = fully)")
    ax.set_title(f"{pillar.capitalize()}, as each manager sees it")
    lowest, highest = scores.idxmin(), scores.idxmax()
    describe(ax, f"Bar chart of each manager's {pillar} score: from {scores.min():.2f} "
                 f"({labels[lowest]}) to {scores.max():.2f} ({labels[highest]}), average "
                 f"{mean:.2f}.")
    return ax


# ----------------------------------------------------------------------------- 06.02


def plot_training_coverage(coverage: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Share of each department with basic CX training, labelled "30% (14 of 46)".

    Parameters
    ----------
    coverage : pandas.DataFrame
        What :func:`~cxlab.organisation.training_coverage` returned; its ``All departments``
        row is drawn hatched.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from cxlab.organisation import load_role_table, training_coverage
    >>> ax = plot_training_coverage(training_coverage(load_role_table()))
    >>> ax.texts[0].get_text()
    '5% (2 of 38)'
    >>> plt.close("all")
    """
    needed = ("Staff", "Trained", "Trained (share)")
    if not isinstance(coverage, pd.DataFrame) or any(c not in coverage for c in needed):
        raise CxlabValueError("coverage must be the table training_coverage(roles) returns, "
                              f"got {describe_value(coverage)}")
    ax = axes_or_new(ax, (8, 0.45 * len(coverage) + 1.5))
    y = np.arange(len(coverage))[::-1]
    share = coverage["Trained (share)"].to_numpy(dtype=float)
    total = coverage.index == "All departments"
    faces = ["white" if whole else colour("green") for whole in total]
    hatches = ["//" if whole else "" for whole in total]
    labels = [f"{row['Trained (share)']:.0%} ({int(row['Trained'])} of {int(row['Staff'])})"
              for _, row in coverage.iterrows()]
    labelled_bars(ax, y, [Part(share * 100, faces, hatches)], labels=labels, gap=1)
    ax.set_yticks(y, coverage.index.tolist())
    ax.set_xlim(0, 125)
    ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel("Staff with basic CX training")
    ax.set_title("Basic CX training, by department")
    rows = coverage[~total]
    low, high = rows["Trained (share)"].idxmin(), rows["Trained (share)"].idxmax()
    text = (f"Bar chart of the share of staff with basic CX training: from "
            f"{rows.loc[low, 'Trained (share)']:.0%} in {low} to "
            f"{rows.loc[high, 'Trained (share)']:.0%} in {high}")
    if total.any():
        text += f"; {coverage.loc['All departments', 'Trained (share)']:.0%} of all staff"
    describe(ax, text + ".")
    return ax


# ----------------------------------------------------------------------------- 06.03


def plot_campaign_breakdown(breakdown: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Removed and open pain points per group: a stacked bar each, counts written on.

    Parameters
    ----------
    breakdown : pandas.DataFrame
        What :func:`~cxlab.organisation.campaign_breakdown` returned (its ``All`` row is
        left out).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from cxlab import data
    >>> from cxlab.organisation import campaign_breakdown
    >>> table = campaign_breakdown(data.load("quick_wins_2027"), by="stage")
    >>> ax = plot_campaign_breakdown(table)
    >>> ax.get_title()
    'Pain points removed and still open, by journey stage'
    >>> plt.close("all")
    """
    needed = ("Removed", "Open")
    if not isinstance(breakdown, pd.DataFrame) or any(c not in breakdown for c in needed):
        raise CxlabValueError("breakdown must be the table campaign_breakdown() returns, got "
                              f"{describe_value(breakdown)}")
    table = breakdown.drop(index="All", errors="ignore")
    ax = axes_or_new(ax, (8, 0.45 * len(table) + 1.6))
    y = np.arange(len(table))[::-1]
    removed, still = table["Removed"].to_numpy(), table["Open"].to_numpy()
    labelled_bars(ax, y, [Part(removed, colour("blue"), label="Removed"),
                          Part(still, "white", "//", "Still open")],
                  labels=[f"{o} open" if o else None for o in still], gap=0.3)
    for yi, r in zip(y, removed, strict=True):
        if r:
            ax.text(r / 2, yi, str(r), va="center", ha="center", color="white",
                    fontweight="bold")
    ax.set_yticks(y, table.index.tolist())
    ax.set_xlim(0, float((removed + still).max()) * 1.25 + 1)
    ax.set_xlabel("Pain points")
    name = breakdown.index.name or "group"
    ax.set_title(f"Pain points removed and still open, by {name.lower()}")
    ax.legend(loc="lower right")
    most = table["Open"].idxmax()
    describe(ax, f"Stacked bar chart of pain points removed and still open by {name.lower()}: "
                 f"{int(removed.sum())} removed and {int(still.sum())} open; the most open "
                 f"with {most} ({int(table.loc[most, 'Open'])}).")
    return ax


_STATUS_STYLE = {  # status -> (label, face colour, hatch)
    "done": ("Done", colour("blue"), ""),
    "overdue": ("Overdue", colour("vermillion"), "xx"),
    "open": ("Open, not yet due", "white", "//"),
}


def plot_batches(status: BatchStatus, *, ax: Axes | None = None) -> Axes:
    """Each batch's tasks: done, overdue and open (by colour and hatching), deadline written.

    Parameters
    ----------
    status : BatchStatus
        What :func:`~cxlab.organisation.batch_status` returned.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from cxlab import data
    >>> from cxlab.organisation import batch_status
    >>> status = batch_status(data.load("flagship_tasks_2027"), as_of="2027-09-30")
    >>> [t.get_text() for t in plot_batches(status).texts][2]
    'late, due 15 Sep'
    >>> plt.close("all")
    """
    from .execution import BatchStatus

    check_instance("status", status, BatchStatus, "what batch_status() returns")
    batches = status.batches
    ax = axes_or_new(ax, (8, 0.55 * len(batches) + 1.6))
    y = np.arange(len(batches))[::-1]
    counts = {"done": batches["Done"].to_numpy(), "overdue": batches["Overdue"].to_numpy()}
    counts["open"] = batches["Tasks"].to_numpy() - counts["done"] - counts["overdue"]
    stack = [Part(counts[key], face, hatch, label)
             for key, (label, face, hatch) in _STATUS_STYLE.items()]
    labels = [f"{row['Status']}, due {row['Deadline']:%d %b}" for _, row in batches.iterrows()]
    labelled_bars(ax, y, stack, labels=labels, gap=0.15)
    ax.set_yticks(y, batches.index.tolist())
    ax.set_xlim(0, float(batches["Tasks"].max()) * 2.2)
    ax.set_xlabel("Tasks")
    ax.set_title(f"Project batches on {status.as_of:%d %b %Y}")
    ax.legend(loc="lower right", fontsize=8)
    text = "; ".join(f"{b}: {r['Done']} of {r['Tasks']} done, {r['Status']}"
                     for b, r in batches.iterrows())
    describe(ax, f"Stacked bar chart of tasks per batch. {text}.")
    return ax


def plot_dashboard(outlook: CampaignOutlook, status: BatchStatus) -> Figure:
    """A one-screen dashboard for the leaders' review: the campaign and the flagship.

    Left, the quick-wins burn-up (plan, removed so far, the pace so far carried on, the
    target); right, the flagship's batches as :func:`plot_batches` draws them.

    Parameters
    ----------
    outlook : CampaignOutlook
        What :func:`~cxlab.organisation.campaign_outlook` returned.
    status : BatchStatus
        What :func:`~cxlab.organisation.batch_status` returned.

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> from cxlab import data
    >>> from cxlab.organisation import batch_status, campaign_outlook
    >>> outlook = campaign_outlook(data.load("quick_wins_2027")["removed_on"], target=99,
    ...                            start="2027-01-01", end="2027-12-31", as_of="2027-09-30")
    >>> status = batch_status(data.load("flagship_tasks_2027"), as_of="2027-09-30")
    >>> len(plot_dashboard(outlook, status).axes)
    2
    >>> plt.close("all")
    """
    from .execution import BatchStatus
    from .momentum import CampaignOutlook

    check_instance("outlook", outlook, CampaignOutlook, "what campaign_outlook() returns")
    check_instance("status", status, BatchStatus, "what batch_status() returns")
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.8), layout="constrained")
    table = outlook.campaign.table
    left.plot(table.index, table["plan"], color="black", ls="--", label="Plan")
    done = table["cumulative"].dropna()
    left.step(done.index, done.to_numpy(), where="post", color=colour("blue"), lw=2.5,
              label="Removed so far")
    forecast = table["forecast"].dropna()
    left.plot(forecast.index, forecast.to_numpy(), color=colour("blue"), ls=":",
              label="At the pace so far")
    left.axhline(outlook.target, color=colour("orange"), lw=1.5)
    left.text(table.index[-1], outlook.target, f"target {outlook.target} ", va="bottom",
              ha="right")
    left.set_ylim(0, outlook.target * 1.15)
    left.set_ylabel("Pain points removed")
    left.set_title(textwrap.fill(f"Quick wins: {outlook.done} of {outlook.target}; "
                                 f"{outlook.needed_per_month:.1f} a month needed", 60),
                   fontsize=10)
    left.legend(loc="upper left", fontsize=8)
    left.tick_params(axis="x", labelrotation=30)
    plot_batches(status, ax=right)
    right.set_title(textwrap.fill(f"Flagship: {status.summary().split(';')[0]}", 60),
                    fontsize=10)
    fig.suptitle(f"CX dashboard, {status.as_of:%d %B %Y}")
    describe(fig, f"Two charts. Left: the quick-wins burn-up, {outlook.done} of "
                  f"{outlook.target} removed, {outlook.needed_per_month:.1f} a month needed "
                  f"against {outlook.recent_per_month:.1f} a month lately. Right: "
                  f"{status.summary()}")
    return fig


# ----------------------------------------------------------------------------- 06.04-06.06
# (part 2: operational reality, recognition, personas)


def plot_extra_work(result: ExtraWork, *, day: str = "Monday", ax: Axes | None = None) -> Axes:
    """Occupancy through one day, now and with a CX idea's extra seconds per call.

    Circles joined by a solid line are now, squares joined by a dashed line are with the
    change; the dotted line is the occupancy limit. Half hours above it are counted in the
    title.
    """
    from .reality import ExtraWork

    check_instance("result", result, ExtraWork, "what extra_work() returns")
    days = list(dict.fromkeys(result.intervals["day"]))
    if day not in days:
        raise CxlabValueError(f"day must be one of {', '.join(map(repr, days))}; got "
                              f"{describe_value(day)}")
    part = result.intervals[result.intervals["day"] == day]
    ax = axes_or_new(ax, (10, 4.5))
    x = np.arange(len(part))
    now = 100 * part["occupancy_now"].to_numpy()
    later = 100 * part["occupancy_with_change"].to_numpy()
    limit = 100 * result.occupancy_limit
    ax.plot(x, now, "-o", color=colour("blue"), ms=4, label="Now")
    ax.plot(x, later, "--s", color=colour("vermillion"), ms=4,
            label=f"With +{result.extra_seconds_per_call:g} s per call")
    ax.axhline(limit, color="black", ls=":", lw=1.2, label=f"Limit {limit:.0f}%")
    ticks = x[::2]
    ax.set_xticks(ticks, part["time"].to_numpy()[::2], rotation=45, ha="right")
    ax.set_ylabel("Occupancy (% of agents' time on calls)")
    ax.set_xlabel(f"Half hour starting ({day})")
    over_now, over = int((now > limit).sum()), int((later > limit).sum())
    ax.set_title(f"{day}: half hours above {limit:.0f}% occupancy, {over_now} now and "
                 f"{over} with the change")
    ax.set_ylim(0, max(110.0, float(np.nanmax(later)) + 5))
    ax.legend(loc="lower center", ncol=3, frameon=False)
    peak = int(np.nanargmax(later))
    describe(ax, f"Occupancy through {day}, now and with {result.extra_seconds_per_call:g} "
                 f"extra seconds per call. Half hours above {limit:.0f}% go from {over_now} to "
                 f"{over}; the busiest, {part['time'].iloc[peak]}, goes from {now[peak]:.0f}% to "
                 f"{later[peak]:.0f}%.")
    return ax


_RECOGNITION_PANELS = (
    ("handle_time_seconds", "Handle time as measured (s)", 1.0, "{:.0f} s"),
    ("csat_as_surveyed", "CSAT as surveyed (%)", 100.0, "{:.0f}%"),
    ("repeat_contacts_per_100", "Repeat contacts per 100 calls", 1.0, "{:.1f}"),
    ("complaints_per_1000", "Complaints per 1,000 calls", 1.0, "{:.1f}"),
    ("agents_gaming", "Agents gaming (%)", 100.0, "{:.0f}%"),
    ("csat_all_customers", "CSAT of all customers (%)", 100.0, "{:.0f}%"),
)
_SCHEME_STYLES = (("-", "o"), ("--", "s"), (":", "^"), ("-.", "D"))
_SCHEME_COLOURS = ("vermillion", "blue", "orange", "green")


def plot_recognition(comparison: SchemeComparison) -> Figure:
    """Six small panels, week by week: what each scheme does to the numbers.

    Each scheme has its own line style, marker and colour, named in the legend; the last
    week's value is written at the end of each line.
    """
    from .recognition import SchemeComparison

    check_instance("comparison", comparison, SchemeComparison, "what compare_schemes() returns")
    if len(comparison.results) > len(_SCHEME_STYLES):
        raise CxlabValueError(f"comparison must hold at most {len(_SCHEME_STYLES)} schemes to "
                              f"be read on one figure, got {len(comparison.results)}")
    fig, axes = plt.subplots(2, 3, figsize=(12, 6.5), layout="constrained", sharex=True)
    for ax, (column, label, scale, fmt) in zip(axes.ravel(), _RECOGNITION_PANELS, strict=True):
        for k, (name, result) in enumerate(comparison.results.items()):
            line, marker = _SCHEME_STYLES[k]
            values = scale * result.weekly[column]
            ax.plot(values.index, values.to_numpy(), ls=line, marker=marker, ms=3,
                    color=colour(_SCHEME_COLOURS[k]), label=name)
            ax.annotate(fmt.format(values.iloc[-1]), (values.index[-1], values.iloc[-1]),
                        xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
        ax.set_title(label, fontsize=10)
        ax.margins(x=0.12)
    for ax in axes[-1]:
        ax.set_xlabel("Week")
    axes[0, 0].legend(fontsize=8, loc="best")
    fig.suptitle("The same agents and calls under each recognition scheme")
    last = comparison.table
    parts = [f"{name}: handle time {row['Handle time as measured (s)']:.0f} s, repeat contacts "
             f"{row['Repeat contacts per 100 calls']:.1f} per 100 calls, complaints "
             f"{row['Complaints per 1,000 calls']:.1f} per 1,000, "
             f"{row['Agents gaming']:.0%} of agents gaming"
             for name, row in last.iterrows()]
    describe(fig, "Week by week, the numbers of each recognition scheme on the same agents and "
                  "calls. Over the last weeks, " + "; ".join(parts) + ".")
    return fig


_PROFILE_COLUMNS = ("tenure (months)", "contacts in 90 days", "monthly bill (£)",
                    "works from home", "NPS", "CSAT", "CES")


def plot_segment_profiles(profiles: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Each segment against the average respondent: a grid of numbers, shaded by difference.

    ``profiles`` is :func:`~cxlab.organisation.profile_segments` output. Each cell shows the
    segment's value; the shade says how far it is from the average of all respondents (in
    standard deviations across segments): purple below, orange above, pale about average.
    """
    needed = [c for c in _PROFILE_COLUMNS if c in getattr(profiles, "columns", ())]
    if not isinstance(profiles, pd.DataFrame) or "respondents" not in profiles.columns or (
            len(needed) < 2):
        raise CxlabValueError(f"profiles must be what profile_segments() returns, got "
                              f"{describe_value(profiles)}")
    from .._style import DIVERGING

    values = profiles[needed].astype(float)
    weights = profiles["respondents"].to_numpy(dtype=float)
    mean = (values.mul(weights, axis=0).sum() / weights.sum())
    spread = values.std(ddof=0).replace(0, 1.0)
    shade = ((values - mean) / spread).clip(-2, 2)
    ax = axes_or_new(ax, (1.3 * len(needed) + 3, 0.55 * len(values) + 1.8))
    # The map reversed, so that purple is below the average and orange above it.
    ax.imshow(shade.to_numpy(), cmap=f"{DIVERGING}_r", vmin=-2, vmax=2, aspect="auto")
    shares = ("works from home", "CSAT")
    for (i, j), value in np.ndenumerate(values.to_numpy()):
        column = needed[j]
        text = (f"{value:.0%}" if column in shares else f"{value:+.0f}" if column == "NPS"
                else f"{value:.1f}")
        dark = abs(float(shade.iloc[i, j])) > 1.2
        ax.text(j, i, text, ha="center", va="center", fontsize=9,
                color="white" if dark else "black", fontweight="bold" if dark else "normal")
    ax.set_xticks(range(len(needed)), needed, rotation=30, ha="right")
    labels = [f"{textwrap.fill(str(s), 34)} ({n})"
              for s, n in zip(values.index, profiles["respondents"], strict=True)]
    ax.set_yticks(range(len(values)), labels)
    ax.set_title("Segments against the average respondent (purple below, orange above)")
    far = shade.abs().stack().sort_values(ascending=False).head(3)
    notes = [f"{segment} {'above' if shade.loc[segment, column] > 0 else 'below'} average on "
             f"{column}" for (segment, column), _ in far.items()]
    describe(ax, f"A grid of {len(values)} segments by {len(needed)} measures with each value "
                 f"written in its cell. Furthest from the average: {'; '.join(notes)}.")
    return ax
