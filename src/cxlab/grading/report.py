"""``cxlab report``: where the cohort struggled, as HTML with figures and as CSV files.

Written to ``reports/<assignment>/`` in the course directory:

* ``report.html``: score distribution, per-question difficulty and discrimination, most
  common wrong answers (figures embedded as PNG, so the file can be e-mailed on its own);
* ``grades.csv``: ``participant_id,total,max,percent,to_mark_by_hand``, one row per
  participant, for an LMS grade import; ``to_mark_by_hand`` counts the answers still waiting
  for the trainer (formgrader), whose points are not in the total yet;
* ``questions.csv``: per graded cell: max points, mean score, difficulty, discrimination;
* ``wrong_answers.csv``: the most common wrong answers to choice and numeric questions;
* ``not_graded.csv`` (only when there are some): submissions ``cxlab grade`` could not grade
  (an empty or broken file, the wrong assignment's notebook), with the reason, so no
  participant silently goes missing from the grades.

Difficulty is the mean score divided by the maximum (1 = everyone right). Discrimination is
the upper-lower index: the mean score fraction on the question among the top 27% of
participants by total score minus that among the bottom 27% (Kelley 1939); from -1 to 1,
below about 0.2 the question does not separate stronger from weaker participants.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import math
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ._course import GradingError, open_course

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
    with course.gradebook() as gb:
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
    if not rep.grades:
        raise GradingError(f"{assignment} has no graded submission yet: run cxlab grade")
    students = [g["participant_id"] for g in rep.grades]
    totals = [g["total"] for g in rep.grades]
    for cell_id in sorted(per_cell):
        top = max_points[cell_id]
        fractions = [per_cell[cell_id].get(s, 0.0) / top if top else 0.0 for s in students]
        rep.questions.append({
            "cell": cell_id, "max_points": top,
            "mean_score": round(float(np.mean(fractions)) * top, 4),
            "difficulty": round(float(np.mean(fractions)), 4),
            "discrimination": round(discrimination_index(fractions, totals), 4),
        })
    rep.wrong_answers = _wrong_answers(course, assignment, per_cell, max_points, top_wrong)
    rep.not_graded = _not_graded(course, assignment, set(students))
    _write(rep)
    return rep


def _wrong_answers(course, assignment, per_cell, max_points, top_wrong) -> list[dict]:
    """The commonest answers to each question among those who did not get full marks.

    Read from what ``cxlab grade`` recorded (``.cxlab/marks/<assignment>/<id>.json``): each
    answer as it was read, so ``" c) "`` and ``"C"`` count as one answer.
    """
    from .marking import Key

    kinds = {}
    for src in course.source_notebooks(assignment):
        key = Key.from_notebook(json.loads(src.read_text(encoding="utf-8")))
        kinds.update({a.name: a.form.kind for a in key.answers})
    counts: dict[str, Counter] = {name: Counter() for name in kinds}
    folder = course.state_dir() / "marks" / assignment
    for path in sorted(folder.glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for marks in record.get("marks", {}).values():
            for m in marks:
                name = m.get("answer")
                if name not in counts or m.get("points", 0) >= m.get("out_of", 0):
                    continue
                if not m.get("typed"):
                    shown = "(no answer)"
                elif not m.get("read_as"):
                    shown = f"unreadable: {m['typed'][:40]}"
                else:
                    shown = m["read_as"]
                counts[name][shown] += 1
    rows = []
    for name, counter in counts.items():
        for answer, n in counter.most_common(top_wrong):
            rows.append({"question": name, "kind": kinds[name], "answer": answer,
                         "participants": n})
    return rows


def _not_graded(course, assignment: str, graded: set[str]) -> list[dict]:
    """Submissions the last ``cxlab grade`` could not grade, with its reason."""
    path = course.state_dir() / f"grading-{assignment}.json"
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [{"participant_id": student, "reason": entry.get("reason", "")}
            for student, entry in sorted(state.items())
            if entry.get("status") == "failed" and student not in graded]


def _write(rep: CohortReport) -> None:
    from cxlab.grading import _figures

    rep.folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (("grades", rep.grades), ("questions", rep.questions),
                       ("wrong_answers", rep.wrong_answers), ("not_graded", rep.not_graded)):
        if name == "not_graded" and not rows:
            (rep.folder / "not_graded.csv").unlink(missing_ok=True)
            continue
        with open(rep.folder / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
            fields = list(rows[0]) if rows else ["empty"]
            writer = csv.DictWriter(fh, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
    dist, items = _figures.figures(rep)  # plain Figure objects: no pyplot, no global state
    images = [_figure_png(dist), _figure_png(items)]
    rep.html_path.write_text(_html(rep, images), encoding="utf-8")


def _table(rows: list[dict]) -> str:
    if not rows:
        return "<p>None.</p>"
    head = "".join(f"<th>{html.escape(str(k))}</th>" for k in rows[0])
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row.values()) + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _pending(rep: CohortReport) -> str:
    waiting = [g["participant_id"] for g in rep.grades if g["to_mark_by_hand"]]
    if not waiting:
        return ""
    return (f"<p><strong>Not final yet:</strong> {len(waiting)} of {len(rep.grades)} "
            "participants have answers still to mark by hand (Formgrader); their totals leave "
            "those points out. Mark them, then run <code>cxlab report</code> again.</p>\n")


def _not_graded_html(rep: CohortReport) -> str:
    if not rep.not_graded:
        return ""
    return ("<h2>Not graded (not in grades.csv)</h2><p>The last <code>cxlab grade</code> could "
            "not grade these submissions; ask for the file again or fix it, then grade again."
            f"</p>{_table(rep.not_graded)}")


def _html(rep: CohortReport, images: list[str]) -> str:
    percents = [g["percent"] for g in rep.grades]
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Cohort report: {html.escape(rep.assignment)}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2em .6em}}</style>
</head><body>
<h1>Cohort report: {html.escape(rep.assignment)}</h1>
<p>{len(rep.grades)} participants; mean {np.mean(percents):.1f}%, median
{np.median(percents):.1f}%, lowest {min(percents):.1f}%, highest {max(percents):.1f}%.</p>
{_pending(rep)}
<h2>Score distribution</h2><img alt="score distribution" src="data:image/png;base64,{images[0]}">
<h2>Questions</h2>
<p>Difficulty = mean score / maximum (1 = everyone right). Discrimination = upper-lower 27%
index: mean score fraction of the top 27% by total minus that of the bottom 27%; below about
0.2 a question does not separate stronger from weaker participants.</p>
<img alt="difficulty and discrimination" src="data:image/png;base64,{images[1]}">
{_table(rep.questions)}
<h2>Most common wrong answers (choice and numeric questions)</h2>
{_table(rep.wrong_answers)}
<h2>Grades</h2>{_table(rep.grades)}
{_not_graded_html(rep)}
</body></html>
"""
