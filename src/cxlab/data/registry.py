"""The one registry of cxlab's sample data sets: every file shipped in ``cxlab/data/``.

Each data set is a :class:`Dataset` record: its name, its file, how it is loaded and checked,
a one-line description and what builds it (a seeded generator in ``tools/datagen/`` or
"written by hand"). Every loader and every topic reads the shipped files through here
(:func:`dataset_text`), so nothing else opens the data folder.

>>> record = REGISTRY["voice_year"]
>>> record.file, record.built_by
('voice_year.csv', 'tools/datagen/planning.py')
>>> REGISTRY["qa_scorecard"].form
'scorecard'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from types import MappingProxyType
from typing import Literal

from cxlab._validation import CxlabValueError, describe

from ._schema import Column, RowRule, Schema

__all__ = [
    "DATASETS",
    "REGISTRY",
    "SCHEMAS",
    "Dataset",
    "dataset_text",
    "describe_dataset",
    "list_datasets",
]

Form = Literal["checked", "qa", "strings", "plain", "scorecard", "journey"]

_CORE = "tools/datagen/core.py"
_PART1 = "tools/datagen/organisation_part1.py"
_PART2 = "tools/datagen/organisation_part2.py"
_PLANNING = "tools/datagen/planning.py"
_BY_HAND = "written by hand"


@dataclass(frozen=True)
class Dataset:
    """One sample data set shipped with cxlab.

    Attributes
    ----------
    name : str
        The name :func:`cxlab.data.load` takes.
    file : str
        The file in ``cxlab/data/``.
    description : str
        One line saying what it holds (:func:`describe_dataset`).
    form : str
        How it is read: ``"checked"`` (against ``schema``, as :func:`cxlab.data.load_csv`
        reads your files), ``"qa"`` (QA answers as text, checked against the scorecard),
        ``"strings"`` (text, dates parsed), ``"plain"`` (numbers as numbers, blanks missing),
        ``"scorecard"`` or ``"journey"`` (YAML, read by their own loaders).
    built_by : str
        The generator that writes the file, or ``"written by hand"``.
    schema : Schema or None
        The columns and their allowed values, checked at every load; None when the topic's
        own loader checks the file (``checks`` says which).
    dates : tuple of str
        Columns read as dates (``"plain"`` and ``"strings"`` forms).
    qa_columns : tuple of two tuples of str
        For ``"qa"``: the columns before the scorecard items and after them.
    checks : str
        Who checks the file when it has no schema.
    """

    name: str
    file: str
    description: str
    form: Form
    built_by: str
    schema: Schema | None = None
    dates: tuple[str, ...] = ()
    qa_columns: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    checks: str = ""


# --------------------------------------------------------------------------------------------
# Schemas


_VOICE_INTERVALS = Schema(
    kind="voice_intervals",
    columns=(
        Column("interval_start", "datetime", description="interval start, e.g. 2026-03-02 08:30"),
        Column("offered", "int", description="calls that reached the queue"),
        Column("answered", "int", description="calls an agent answered"),
        Column("abandoned", "int", description="callers who hung up before being answered"),
        Column("answered_within_20s", "int", description="calls answered within 20 s"),
        Column(
            "aht_seconds",
            "float",
            allow_blank=True,
            description="mean handle time (blank if none answered)",
        ),
        Column(
            "abandoned_within_20s",
            "int",
            required=False,
            description="callers who hung up within 20 s",
        ),
        Column("agents_staffed", "int", required=False, description="agents on the phones"),
        Column("forecast_calls", "float", required=False, description="calls forecast"),
        Column(
            "forecast_aht_seconds",
            "float",
            required=False,
            description="average handle time forecast",
        ),
        Column(
            "agents_planned",
            "int",
            required=False,
            description="agents the staffing plan asked for",
        ),
    ),
    rules=(
        RowRule(("answered", "abandoned"), "offered"),
        RowRule(("answered_within_20s",), "answered"),
        RowRule(("abandoned_within_20s",), "abandoned"),
    ),
)

_SURVEY_RESPONSES = Schema(
    kind="survey_responses",
    columns=(
        Column("date", "datetime", description="date of the response, e.g. 2026-01-05"),
        Column("ltr", "int", description="likelihood to recommend us, 0-10"),
        Column("csat", "int", required=False, description="satisfaction with the contact, 1-5"),
        Column("ces", "int", required=False,
               description="effort (CES 2.0: made it easy), 1-7, higher is easier"),
    ),
)

#: Schema of each kind of data :func:`cxlab.data.load_csv` accepts.
SCHEMAS: Mapping[str, Schema] = MappingProxyType(
    {"voice_intervals": _VOICE_INTERVALS, "survey_responses": _SURVEY_RESPONSES}
)


def _text(name: str, description: str = "", *, blank: bool = False,
          choices: tuple[str, ...] = ()) -> Column:
    return Column(name, "text", allow_blank=blank, description=description, choices=choices)


_STAGES = ("billing", "discovery", "installation", "onboarding", "purchase", "renewal",
           "service", "usage")
_PILLARS = ("S", "U", "D", "M", "C", "G")  # the six pillars of the maturity questionnaire

_MATURITY_ANSWERS = Schema(
    kind="cx_maturity_answers",
    row="manager",
    columns=(
        _text("respondent", "who answered, R1 to R8"),
        _text("role", "the manager's job"),
        *(
            Column(f"{pillar}{number}", "float", allow_blank=True, minimum=1, maximum=5,
                   description="answer 1 (not at all) to 5 (fully), blank for don't know")
            for pillar in _PILLARS
            for number in range(1, 5)
        ),
    ),
)

_QUICK_WINS = Schema(
    kind="quick_wins_2027",
    row="pain point",
    columns=(
        _text("pain_point_id", "pain point, e.g. PP-001"),
        _text("stage", "journey stage", choices=_STAGES),
        Column("removed_on", "date", allow_blank=True,
               description="day the pain point was removed (blank while open)"),
    ),
)

_QUICK_WINS_OWNERS = Schema(
    kind="quick_wins_2027_owners",
    row="pain point",
    columns=(
        _text("pain_point_id", "pain point, e.g. PP-001"),
        _text("owner", "department that owns the fix"),
        _text("found_by", "who found it",
              choices=("CX team", "customer feedback", "frontline staff")),
    ),
)

_FLAGSHIP_TASKS = Schema(
    kind="flagship_tasks_2027",
    row="task",
    columns=(
        _text("task_id", "task, e.g. T01"),
        _text("batch", "the batch the task belongs to"),
        _text("task", "what is to be done"),
        _text("owner", "who does it"),
        Column("deadline", "date", description="day it is due"),
        Column("done_on", "date", allow_blank=True, description="day it was done (blank: open)"),
    ),
)

_INVESTMENT_REQUESTS = Schema(
    kind="investment_requests_2027",
    row="request",
    columns=(
        _text("request_id", "request, e.g. INV-01"),
        _text("department", "who asks"),
        _text("investment", "what they ask for"),
        Column("cost_gbp", "int", description="cost in pounds"),
        _text("customer_reason", "how it will improve the customer experience"),
        _text("measure", "the measure offered (blank: none)", blank=True),
    ),
)

_CUSTOMER_COMMENTS = Schema(
    kind="customer_comments",
    row="comment",
    columns=(
        _text("comment_id", "comment, e.g. C001"),
        Column("date", "date", description="day it was said"),
        _text("source", "where it was said", choices=(
            "app review", "complaint e-mail", "empathy session", "social media", "web chat")),
        _text("touchpoint", "journey touchpoint, e.g. T10"),
        _text("tone", "pain or praise", choices=("pain", "praise")),
        _text("comment", "what the customer said"),
    ),
)

_SURVEY_PROFILES = Schema(
    kind="survey_profiles",
    row="respondent",
    columns=(
        _text("respondent_id", "respondent, e.g. R0001"),
        _text("age_band", "age band", choices=("18-34", "35-54", "55+")),
        _text("household", "household", choices=(
            "couple", "family with children", "living alone", "sharing")),
        _text("works_from_home", "yes or no", choices=("no", "yes")),
        _text("preferred_channel", "channel", choices=("app", "chat", "phone")),
        Column("package_mbps", "int", minimum=1, description="broadband speed bought"),
        Column("tenure_months", "int", description="months as a customer"),
        Column("contacts_last_90_days", "int", description="contacts in the last 90 days"),
        Column("monthly_bill_gbp", "float", description="monthly bill in pounds"),
    ),
)

_VOICE_YEAR = Schema(
    kind="voice_year",
    columns=(
        Column("interval_start", "datetime", description="interval start, e.g. 2025-01-02 08:30"),
        Column("calls", "int", description="calls offered, 0 while closed"),
    ),
)


# --------------------------------------------------------------------------------------------
# The registry


def _plain(name: str, description: str, built_by: str, schema: Schema | None,
           dates: tuple[str, ...] = (), checks: str = "") -> Dataset:
    return Dataset(name, f"{name}.csv", description, "plain", built_by, schema, dates,
                   checks=checks)


_RECORDS = (
    Dataset(
        "voice_week", "voice_week.csv",
        "one week (2-8 March 2026) of 30-minute intervals for an inbound voice queue: "
        "calls offered, answered and abandoned, answered within 20 s, handle time, "
        "agents and forecast",
        "checked", _CORE, _VOICE_INTERVALS,
    ),
    Dataset(
        "voice_week_incidents", "voice_week_incidents.csv",
        "one week (13-19 April 2026) of the same voice queue, with its forecast, staffing "
        "plan and what happened: find why service level was missed (module 02)",
        "checked", _CORE, _VOICE_INTERVALS,
    ),
    Dataset(
        "qa_evaluations", "qa_evaluations.csv",
        "three months (January-March 2026) of QA evaluations of 40 voice agents by 4 "
        "evaluators on the qa_scorecard, with the customer's CSAT answer where surveyed "
        "(module 03)",
        "qa", _CORE,
        qa_columns=(("evaluation_id", "agent", "evaluator", "date", "contact_id"), ("csat",)),
    ),
    Dataset(
        "qa_calibration", "qa_calibration.csv",
        "a calibration session: 4 evaluators each scored the same 12 contacts on every "
        "qa_scorecard item (module 03)",
        "qa", _CORE, qa_columns=(("contact_id", "evaluator"), ()),
    ),
    Dataset(
        "qa_scorecard", "qa_scorecard.yml",
        "the voice QA scorecard of module 03: sections, items, weights and critical items; "
        "qa_evaluations and qa_calibration are scored on it (load it with load_scorecard)",
        "scorecard", _BY_HAND, checks="cxlab.coaching.scorecard.Scorecard.from_dict",
    ),
    Dataset(
        "survey_responses", "survey_responses.csv",
        "about 2,000 touchpoint survey responses (5 January to 29 March 2026) from "
        "customers of the sample broadband journey: likelihood to recommend 0-10, CSAT "
        "1-5, CES 1-7 and a comment (module 05)",
        "checked", _CORE, _SURVEY_RESPONSES,
    ),
    Dataset(
        "broadband_journey", "broadband_journey.yml",
        "the broadband customer journey of module 05: persona, stages, touchpoints, pain "
        "points and the process steps behind them (load it with cxlab.journey.load_journey)",
        "journey", _BY_HAND, checks="cxlab.journey.load_journey",
    ),
    Dataset(
        "quick_wins_2027", "quick_wins_2027.csv",
        "a 2027 campaign to remove 99 small customer pain points: id, journey stage and "
        "the date each was removed, as of 30 September 2027 (module 04)",
        "strings", _CORE, _QUICK_WINS, dates=("removed_on",),
    ),
    _plain("cx_backlog",
           "the broadband provider's CX initiative backlog: benefits, cost, effort, risk, "
           "owner and status of each initiative (module 04)",
           _BY_HAND, None, checks="cxlab.prioritisation.load_backlog"),
    _plain("stakeholder_rankings",
           "six stakeholders' ranks (1 = first choice) of ten backlog initiatives (module 04)",
           _BY_HAND, None, checks="cxlab.prioritisation.load_stakeholder_rankings"),
    _plain("change_requests",
           "five requests brought to February's change board, with the customer pain point "
           "each addresses (module 04)",
           _BY_HAND, None, checks="cxlab.prioritisation.load_change_requests"),
    _plain("journey_actions_draft",
           "seven initiatives drafted from the journey findings, as typed by hand, not "
           "checked (module 05)",
           _BY_HAND, None, checks="none: lesson 05.05 shows what validate_backlog finds"),
    _plain("cx_maturity_statements",
           "the 24 statements of the CX maturity questionnaire, four per pillar (module 06)",
           _PART1, None, checks="cxlab.organisation.maturity.load_questionnaire"),
    _plain("cx_maturity_answers",
           "eight Northwave managers' answers, 1 (not at all) to 5 (fully), blank for don't "
           "know, to the 24 statements of the CX maturity questionnaire (module 06)",
           _PART1, _MATURITY_ANSWERS),
    _plain("cx_roles",
           "each department's customer outcome, responsibility and measure, its staff and "
           "how many had basic CX training (module 06)",
           _PART1, None, checks="cxlab.organisation.roles"),
    _plain("quick_wins_2027_owners",
           "for each pain point of quick_wins_2027: the department that owns the fix and who "
           "found it (module 06)",
           _PART1, _QUICK_WINS_OWNERS),
    _plain("flagship_tasks_2027",
           "the flagship project 'Right first bill' on 30 September 2027: tasks in batches, "
           "owner, deadline and the day each was done (module 06)",
           _PART1, _FLAGSHIP_TASKS, dates=("deadline", "done_on")),
    _plain("investment_requests_2027",
           "investments departments asked for in 2027, with their answer to 'how will this "
           "improve the customer experience?' and the measure offered (module 06)",
           _PART1, _INVESTMENT_REQUESTS),
    _plain("customer_comments",
           "360 things customers said outside the survey in the same twelve weeks "
           "(complaint e-mails, chats, social media, app reviews, empathy sessions), with the "
           "touchpoint, pain or praise, and the personal data customers wrote (module 06)",
           _PART2, _CUSTOMER_COMMENTS, dates=("date",)),
    _plain("survey_profiles",
           "the profile answers and account facts of each survey_responses respondent: "
           "age band, household, working from home, preferred channel, package, tenure, "
           "contacts in 90 days and monthly bill (module 06)",
           _PART2, _SURVEY_PROFILES),
    _plain("voice_year",
           "every half hour of 2025 (17,520 rows) for the voice queue of voice_week: calls "
           "offered, 0 while closed; history for forecasting (module 07)",
           _PLANNING, _VOICE_YEAR, dates=("interval_start",)),
)

#: Every sample data set shipped with cxlab, by name.
REGISTRY: Mapping[str, Dataset] = MappingProxyType({r.name: r for r in _RECORDS})

#: Name of each sample data set and what it holds.
DATASETS: Mapping[str, str] = MappingProxyType({r.name: r.description for r in _RECORDS})


def list_datasets() -> list[str]:
    """Names of the sample data sets shipped with cxlab.

    Returns
    -------
    list of str
        Every registered data set, sorted. Tables load with :func:`cxlab.data.load`; the QA
        scorecard with :func:`cxlab.data.load_scorecard` and the journey with
        :func:`cxlab.journey.load_journey`. :func:`describe_dataset` says what each holds.

    Examples
    --------
    >>> list_datasets()[-3:]
    ['voice_week', 'voice_week_incidents', 'voice_year']
    """
    return sorted(REGISTRY)


def check_dataset_name(name: object) -> str:
    """Return ``name`` if it names a registered data set; else say which names there are."""
    if not isinstance(name, str) or name not in REGISTRY:
        allowed = ", ".join(repr(n) for n in list_datasets())
        raise CxlabValueError(
            f"name must be one of {allowed}; got {describe(name)} "
            "(cxlab.data.list_datasets() lists them)"
        )
    return name


def describe_dataset(name: str) -> str:
    """One line saying what the sample data set ``name`` holds.

    Parameters
    ----------
    name : str
        One of :func:`list_datasets`.

    Returns
    -------
    str

    Raises
    ------
    cxlab.CxlabValueError
        If there is no data set of that name; the message lists the names there are.

    Examples
    --------
    >>> describe_dataset("voice_week")[:40]
    'one week (2-8 March 2026) of 30-minute i'
    """
    return REGISTRY[check_dataset_name(name)].description


def dataset_text(name: str) -> str:
    """The text of the shipped file of data set ``name``, as written.

    The only way cxlab's topics read the data folder; most callers want
    :func:`cxlab.data.load`, which also checks the file.

    Raises
    ------
    cxlab.CxlabValueError
        If there is no data set of that name.

    Examples
    --------
    >>> dataset_text("quick_wins_2027").splitlines()[0]
    'pain_point_id,stage,removed_on'
    """
    record = REGISTRY[check_dataset_name(name)]
    return files("cxlab.data").joinpath(record.file).read_text(encoding="utf-8")
