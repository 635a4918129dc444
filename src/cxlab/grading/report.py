"""``cxlab report``: where the cohort struggled, as HTML with figures and as CSV files.

Written to ``reports/<assignment>/`` in the course directory:

* ``report.html``: score distribution, per-question difficulty and discrimination, most
  common wrong answers and named slips, and signals of copying for the trainer to look at
  (figures embedded as PNG, so the file can be e-mailed on its own);
* ``grades.csv``: ``participant_id,total,max,percent,to_mark_by_hand``, one row per
  participant, for an LMS grade import; ``to_mark_by_hand`` counts the answers still waiting
  for the trainer (formgrader), whose points are not in the total yet;
* ``grades_by_question.csv``: ``participant_id``, one column per graded cell (its points;
  empty while a written answer waits to be marked by hand), ``total`` and ``max``, for an LMS
  that takes one grade item per question;
* ``questions.csv``: per graded cell: max points, mean score, difficulty, discrimination;
* ``wrong_answers.csv``: the most common wrong answers to choice and numeric questions. In a
  personal assessment (each participant answers about numbers of their own), a question whose
  right answer differs between participants lists its wrong answers by the named slip they
  match, or as ``(no answer)``, ``unreadable: ...`` or ``another wrong value``: raw values of
  different cases cannot be counted together;
* ``misconceptions.csv``: ``question,misconception,participants``: how many participants made
  each named slip (a wrong answer a question's key recognises, such as "shrinkage forgotten");
* ``copying_case_fit.csv`` (personal assessments only): participants whose answers earn clearly
  more marks on another participant's case than on their own, or who typed another personal
  code: ``participant,fits_case_of,score_own_case,score_their_case,automatic_max,typed_code_of``;
* ``copying_written.csv``: pairs of near-identical written answers to the same question:
  ``question,participant_a,participant_b,similarity`` (the texts side by side are in the HTML);
* ``not_graded.csv`` (only when there are some): submissions ``cxlab grade`` could not grade
  (an empty or broken file, the wrong assignment's notebook), with the reason, so no
  participant silently goes missing from the grades.

Difficulty is the mean score divided by the maximum (1 = everyone right). Discrimination is
the upper-lower index: the mean score fraction on the question among the top 27% of
participants by total score minus that among the bottom 27% (Kelley 1939); from -1 to 1,
below about 0.2 the question does not separate stronger from weaker participants.

The two copying tables are signals for the trainer to look at, never verdicts
(:mod:`cxlab.grading._signals` says how each is computed). Answers fit another case when,
marked again on that participant's case, they earn at least ``max(2, 20% of the automatic
maximum)`` marks more than on their own and at least half the automatic maximum. Written answers
are near-identical when their word-sequence similarity (difflib's Ratcliff/Obershelp ratio on
case-folded words without punctuation) is at least 0.8.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import math
import os
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import numpy as np

from . import _signals
from ._course import GradingError, open_course
from ._state import load_state, state_path

__all__ = ["CohortReport", "discrimination_index", "report"]


def discrimination_index(item_scores, totals, *, fraction: float = 0.27) -> float:
    """Upper-lower discrimination index of one question.

    ``item_scores`` are fractions of the question's marks (0 to 1) per participant,
    ``totals`` their total scores. The groups hold ``round(fraction * n)`` participants
    (at least 1), ranked by total; ties are broken by order of appearance.

    >>> discrimination_index([1, 1, 0, 0], [9, 8, 2, 1], fraction=0.5)
    1.0
    >>> discrimination_index([0, 1, 0, 1], [9, 8, 2, 1], fraction=0.5)
    0.0
    """
    items = np.asarray(item_scores, dtype=float)
    order = np.argsort(-np.asarray(totals, dtype=float), kind="stable")
    size = max(1, int(round(fraction * len(items))))
    if len(items) < 2:
        return math.nan
    return float(items[order[:size]].mean() - items[order[-size:]].mean())


@dataclass
class CohortReport:
    """The numbers behind the report, and where its files were written."""

    assignment: str
    folder: Path
    grades: list[dict] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)
    wrong_answers: list[dict] = field(default_factory=list)
    not_graded: list[dict] = field(default_factory=list)
    misconceptions: list[dict] = field(default_factory=list)
    #: participants whose answers fit another participant's case (personal assessments)
    copying_case_fit: list[dict] = field(default_factory=list)
    #: near-identical written answers, with both texts (``text_a``, ``text_b``)
    copying_written: list[dict] = field(default_factory=list)
    personal: bool = False  # each participant answered about a case of their own
    #: per participant, the points of each graded cell ("" while waiting to be marked by hand)
    question_grades: list[dict] = field(default_factory=list)

    @property
    def html_path(self) -> Path:
        return self.folder / "report.html"


def _figure_png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode()


def report(
    assignment: str,
    course_dir: str | os.PathLike | None = None,
    *,
    top_wrong: int = 3,
) -> CohortReport:
    """Write the cohort report of one assignment from the gradebook and autograded notebooks.

    Parameters
    ----------
    assignment
        The assignment (a folder of the source directory).
    course_dir
        The course directory; default the current directory.
    top_wrong
        How many of the most common wrong answers to list per question.

    Returns
    -------
    CohortReport

    Examples
    --------
    >>> report("00-start-here", "/nonexistent-course")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cxlab.grading._course.GradingError: course_dir must be a folder holding nbgrader_config.py...
    """
    from nbgrader.api import MissingEntry

    course = open_course(course_dir)
    course.check_assignment(assignment)
    folder = course.root / "reports" / assignment
    rep = CohortReport(assignment, folder)
    per_cell: dict[str, dict[str, float]] = {}
    max_points: dict[str, float] = {}
    unmarked: dict[str, set[str]] = {}
    with course.gradebook() as gb:
        cohort = sorted(s.id for s in gb.students)
        try:
            submissions = gb.assignment_submissions(assignment)
        except MissingEntry as exc:
            raise GradingError(f"{assignment} has not been graded yet: run cxlab grade") from exc
        for sub in sorted(submissions, key=lambda s: s.student.id):
            total, top = float(sub.score), float(sub.max_score)
            # unmarked: no points from the autograder (a written answer that is not blank)
            # and none from the trainer yet
            pending = sum(1 for nb in sub.notebooks for g in nb.grades
                          if g.manual_score is None and g.auto_score is None)
            rep.grades.append({
                "participant_id": sub.student.id, "total": round(total, 4), "max": top,
                "percent": round(100 * total / top, 2) if top else 0.0,
                "to_mark_by_hand": pending,
            })
            for nb in sub.notebooks:
                for g in nb.grades:
                    per_cell.setdefault(g.name, {})[sub.student.id] = float(g.score)
                    max_points[g.name] = float(g.max_score)
                    if g.manual_score is None and g.auto_score is None:
                        unmarked.setdefault(sub.student.id, set()).add(g.name)
    if not rep.grades:
        raise GradingError(f"{assignment} has no graded submission yet: run cxlab grade")
    students = [g["participant_id"] for g in rep.grades]
    totals = [g["total"] for g in rep.grades]
    for row in rep.grades:
        pid = row["participant_id"]
        rep.question_grades.append({
            "participant_id": pid,
            **{cell: "" if cell in unmarked.get(pid, ()) else round(per_cell[cell].get(pid, 0.0), 4)
               for cell in sorted(per_cell)},
            "total": row["total"], "max": row["max"],
        })
    for cell_id in sorted(per_cell):
        top = max_points[cell_id]
        fractions = [per_cell[cell_id].get(s, 0.0) / top if top else 0.0 for s in students]
        rep.questions.append({
            "cell": cell_id, "max_points": top,
            "mean_score": round(float(np.mean(fractions)) * top, 4),
            "difficulty": round(float(np.mean(fractions)), 4),
            "discrimination": round(discrimination_index(fractions, totals), 4),
        })
    keys = _keys(course, assignment)
    records = _records(course, assignment, students)
    kinds = {a.name: a.form.kind for key in keys.values() for a in key.answers
             if a.form.kind != "code"}
    rep.personal = any(key.personal for key in keys.values())
    rep.wrong_answers = _signals.wrong_answers(records, kinds, personal=rep.personal,
                                               top=top_wrong)
    rep.misconceptions = _signals.misconceptions(records, list(kinds))
    if rep.personal:
        from cxlab.cases import code_for

        secret = course.secret()
        codes = {s: code_for(secret, s) for s in students}
        # whose code a notebook was answered with: anyone in the gradebook or who handed in
        handed_in = {f.parent.name for f in course.folder("submitted").glob(f"*/{assignment}")}
        owners = {code_for(secret, s): s for s in sorted(set(cohort) | handed_in | set(students))}
        rep.copying_case_fit = _signals.case_fit(keys, records, codes, cohort_codes=owners)
    rep.copying_written = _signals.near_identical(
        _signals.written_answers(_marked_notebooks(course, assignment, students)))
    rep.not_graded = _not_graded(course, assignment, set(students))
    _write(rep)
    return rep


def _keys(course, assignment: str) -> dict:
    """How each notebook of the assignment is marked: file name -> marking.Key."""
    from .marking import Key

    return {src.name: Key.from_notebook(json.loads(src.read_text(encoding="utf-8")), src.stem)
            for src in course.source_notebooks(assignment)}


def _records(course, assignment: str, students: list[str]) -> dict[str, dict]:
    """What ``cxlab grade`` recorded for each graded participant
    (``.cxlab/marks/<assignment>/<id>.json``): each answer as typed and as read, its marks,
    the right answer and the slip it matches."""
    folder = course.state_dir() / "marks" / assignment
    records = {}
    for student in students:
        try:
            record = json.loads((folder / f"{student}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(record, dict):
            records[student] = record
    return records


def _marked_notebooks(course, assignment: str, students: list[str]) -> dict[str, list[dict]]:
    """Each graded participant's marked notebooks (``autograded/<id>/<assignment>``)."""
    out: dict[str, list[dict]] = {}
    for student in students:
        folder = course.folder("autograded") / student / assignment
        nbs = []
        for path in sorted(folder.glob("*.ipynb")):
            try:
                nbs.append(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                continue
        out[student] = nbs
    return out


def _not_graded(course, assignment: str, graded: set[str]) -> list[dict]:
    """Submissions the last ``cxlab grade`` could not grade, with its reason."""
    state = load_state(state_path(course, assignment))
    return [{"participant_id": student, "reason": entry.get("reason", "")}
            for student, entry in sorted(state.items())
            if isinstance(entry, dict) and entry.get("status") == "failed"
            and student not in graded]


def _write(rep: CohortReport) -> None:
    from cxlab.grading import _figures

    rep.folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (("grades", rep.grades), ("grades_by_question", rep.question_grades),
                       ("questions", rep.questions),
                       ("wrong_answers", rep.wrong_answers), ("not_graded", rep.not_graded)):
        if name == "not_graded" and not rows:
            (rep.folder / "not_graded.csv").unlink(missing_ok=True)
            continue
        _write_csv(rep.folder / f"{name}.csv", rows, list(rows[0]) if rows else ["empty"])
    _write_csv(rep.folder / "misconceptions.csv", rep.misconceptions,
               _signals.MISCONCEPTION_FIELDS)
    if rep.personal:
        _write_csv(rep.folder / "copying_case_fit.csv", rep.copying_case_fit,
                   _signals.CASE_FIT_FIELDS)
    else:
        (rep.folder / "copying_case_fit.csv").unlink(missing_ok=True)
    _write_csv(rep.folder / "copying_written.csv", rep.copying_written, _signals.WRITTEN_FIELDS)
    dist, items = _figures.figures(rep)  # plain Figure objects: no pyplot, no global state
    images = [_figure_png(dist), _figure_png(items)]
    rep.html_path.write_text(_html(rep, images), encoding="utf-8")


def _write_csv(path: Path, rows: list[dict], fields: list[str]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


#: Characters of a written answer shown in the report (the CSV has none of the text).
_SHOWN_CHARS = 4000

#: The page's template, shipped with cxlab (``cxlab/grading/templates/``).
_TEMPLATE = "cohort_report.html.j2"


def _shown(text: str) -> str:
    text = str(text)
    if len(text) > _SHOWN_CHARS:
        text = text[:_SHOWN_CHARS] + " [...]"
    return text


def _escaped(value: object) -> str:
    """Every value the template prints, escaped as :func:`html.escape` does (quotes too)."""
    from markupsafe import Markup

    return value if isinstance(value, Markup) else Markup(html.escape(str(value)))


def _html(rep: CohortReport, images: list[str]) -> str:
    """The report page, from ``templates/cohort_report.html.j2`` (autoescaped: a participant's
    name or written answer is shown as text, never run as HTML)."""
    import jinja2

    source = files("cxlab.grading").joinpath("templates", _TEMPLATE).read_text(encoding="utf-8")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                                     keep_trailing_newline=True, finalize=_escaped)
    percents = [g["percent"] for g in rep.grades]
    stats = {"mean": f"{np.mean(percents):.1f}", "median": f"{np.median(percents):.1f}",
             "lowest": f"{min(percents):.1f}", "highest": f"{max(percents):.1f}"}
    written = [{**r, "similarity": f"{r['similarity']:.3f}", "text_a": _shown(r["text_a"]),
                "text_b": _shown(r["text_b"])} for r in rep.copying_written]
    return environment.from_string(source).render(
        rep=rep, images=images, stats=stats, written=written,
        waiting=sum(1 for g in rep.grades if g["to_mark_by_hand"]),
        written_threshold=f"{_signals.WRITTEN_THRESHOLD:g}", min_words=_signals.MIN_WORDS)
