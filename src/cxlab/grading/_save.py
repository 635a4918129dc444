"""Write marks into nbgrader's gradebook and ``autograded/`` folder, many submissions at once.

nbgrader's ``Autograde`` converter costs about half a second per submission here (two
nbconvert passes and some seventy gradebook queries), which would be most of the time
``cxlab grade`` takes once no kernel runs. :class:`GradebookWriter` does the same writes with
nbgrader's own API in one gradebook session for a whole assignment:

* the student and the submission (``Gradebook.update_or_create_submission``, which mirrors the
  assignment's notebooks, grades and comments), with the hand-in time from ``timestamp.txt``;
* each grade cell's automatic score from its outputs by nbgrader's ``utils.determine_grade``
  (the marker's points in the test cells; the checksum rule for written answers), and
  ``needs_manual_grade`` exactly as ``SaveAutoGrades`` sets it, so a trainer's manual grades and
  comments are kept;
* the "No response." comments (nbgrader's checksum rule) and the late-submission penalty by the
  configured ``LateSubmissionPlugin``, as ``AssignLatePenalties`` does;
* the read-only ``autograded/<id>/<assignment>/`` copy: the notebook (test cells with their
  hidden tests from the gradebook, as nbgrader's ``OverwriteCells`` leaves them for the trainer),
  ``timestamp.txt`` and the assignment's other source files.

``tests/grading/test_gradebook_writer.py`` checks every field against nbgrader's own
``autograde`` on the same submissions.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import warnings
from pathlib import Path
from typing import Any

from ._course import Course

__all__ = ["GradebookWriter"]


class GradebookWriter:
    """One gradebook session for saving the marked submissions of one assignment."""

    def __init__(self, course: Course, assignment: str) -> None:
        from nbgrader.preprocessors import AssignLatePenalties

        self.course = course
        self.assignment = assignment
        self._gb = course.gradebook()
        self._gb.__enter__()
        self._sources: dict[str, dict[str, Any]] = {}  # nbgrader's SourceCell by cell name
        assignment_row = self._gb.find_assignment(assignment)
        for notebook in assignment_row.notebooks:
            self._sources[notebook.name] = {c.name: c for c in notebook.source_cells}
        late = AssignLatePenalties(config=course.config)
        late.init_plugin()
        self._late = late
        source_dir = course.folder("source") / assignment
        ignore = set(course.coursedir.ignore)
        self._support = [
            p for p in sorted(source_dir.rglob("*"))
            if p.is_file() and p.suffix != ".ipynb"
            and not any(part in ignore or part.endswith(".pyc") for part in p.parts)
        ]
        self._source_dir = source_dir

    def close(self) -> None:
        self._gb.__exit__(None, None, None)

    def __enter__(self) -> GradebookWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def save(self, student: str, notebooks: dict[str, dict]) -> tuple[float, float]:
        """Save one submission (``notebooks``: file name -> marked notebook); returns its
        (score, maximum score) as nbgrader counts them."""
        from nbformat import from_dict
        from nbgrader import utils

        gb = self._gb
        coursedir = self.course.coursedir
        submitted = self.course.folder("submitted") / student / self.assignment
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SQLAlchemy session warnings from nbgrader
            timestamp = coursedir.get_existing_timestamp(str(submitted))
            try:
                gb.update_or_create_student(student)
                if timestamp:
                    submission = gb.update_or_create_submission(self.assignment, student,
                                                                timestamp=timestamp)
                else:
                    submission = gb.update_or_create_submission(self.assignment, student)
                by_name = {nb.name: nb for nb in submission.notebooks}
                for file_name, data in notebooks.items():
                    name = Path(file_name).stem
                    row = by_name.get(name)
                    if row is None:
                        continue
                    nb = from_dict(data)
                    self._restore_tests(nb, name)
                    grades = {g.name: g for g in row.grades}
                    comments = {c.name: c for c in row.comments}
                    for cell in nb.cells:
                        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
                        if utils.is_grade(cell) and gid in grades:
                            grade = grades[gid]
                            grade.auto_score = utils.determine_grade(cell)[0]
                            grade.needs_manual_grade = (grade.manual_score is not None
                                                        or grade.auto_score is None)
                        if (utils.is_solution(cell) or utils.is_task(cell)) and gid in comments:
                            unchanged = (cell.metadata.nbgrader.get("checksum")
                                         == utils.compute_checksum(cell))
                            comments[gid].auto_comment = (
                                "No response." if unchanged and not utils.is_task(cell)
                                else None)
                    gb.db.flush()
                    row.late_submission_penalty = None
                    if submission.total_seconds_late > 0:
                        penalty = self._late.plugin_inst.late_submission_penalty(
                            student, row.score, submission.total_seconds_late)
                        if penalty is not None:
                            row.late_submission_penalty = self._late._check_late_penalty(
                                row, penalty)
                    self._write(student, file_name, nb)
                gb.db.commit()
                score, max_score = float(submission.score), float(submission.max_score)
            except Exception:
                gb.db.rollback()
                raise
        self._copy_support(student, submitted)
        return score, max_score

    def _restore_tests(self, nb, name: str) -> None:
        """Test cells carry their hidden tests in the trainer's copy, as nbgrader leaves them."""
        sources = self._sources.get(name, {})
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            source = sources.get(meta.get("grade_id"))
            if source is not None and meta.get("grade") and cell.cell_type == "code" \
                    and source.cell_type == "code":
                cell.source = source.source

    def _folder(self, student: str) -> Path:
        folder = self.course.folder("autograded") / student / self.assignment
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _write(self, student: str, file_name: str, nb) -> None:
        import nbformat

        path = self._folder(student) / file_name
        if path.exists():
            os.chmod(path, stat.S_IWUSR | stat.S_IRUSR)
            path.unlink()
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(nbformat.writes(nb), encoding="utf-8")
        os.replace(tmp, path)
        os.chmod(path, 0o444)

    def _copy_support(self, student: str, submitted: Path) -> None:
        folder = self._folder(student)
        # the hand-in time, and the exchange's secret (nbgrader release_feedback needs it)
        targets = [(submitted / name, folder / name)
                   for name in ("timestamp.txt", "submission_secret.txt")
                   if (submitted / name).is_file()]
        targets += [(p, folder / p.relative_to(self._source_dir)) for p in self._support]
        for source, target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                os.chmod(target, stat.S_IWUSR | stat.S_IRUSR)
                target.unlink()
            shutil.copyfile(source, target)


def marked_notebook(composed: dict, marks: list[dict], case=None) -> dict:
    """The composed notebook with the marker's outputs in its test cells, under each answer
    cell how its answer reads, and, for a personal case, each question's own numbers under its
    ``case.show("qN")`` cell (so the feedback shows the numbers the participant answered)."""
    import re

    from ..quiz.typed import Form, label, parse_answer_cell, read_typed
    from .marking import Mark, marked_outputs

    nb = json.loads(json.dumps(composed))
    by_id = {m["grade_id"]: Mark(**m) for m in marks}
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        gid = meta.get("grade_id")
        source = cell.get("source", "")
        source = source if isinstance(source, str) else "".join(source)
        shown = re.fullmatch(r'\s*case\.show\(["\'](\w+)["\']\)\s*', source)
        if case is not None and shown and meta.get("locked") and shown.group(1) in case.texts:
            text = case.text(shown.group(1))
            cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                                "data": {"text/markdown": text,
                                         "text/plain": text.replace("**", "")}}]
            continue
        if meta.get("grade"):
            if gid in by_id:
                cell["outputs"] = marked_outputs(by_id[gid])
            else:
                cell["outputs"] = [{"output_type": "error", "ename": "NotMarked",
                                    "evalue": "no mark was computed",
                                    "traceback": ["NotMarked"]}]
        elif meta.get("solution"):
            source = cell.get("source", "")
            parsed = parse_answer_cell(source if isinstance(source, str) else "".join(source))
            if parsed is None:
                continue
            try:
                reading = read_typed(parsed[2], Form.parse(parsed[1]), name=parsed[0])
            except ValueError:
                continue
            cell["outputs"] = [{"output_type": "stream", "name": "stdout",
                                "text": reading.sentence(label(parsed[0]),
                                                         marked_later=False) + "\n"}]
    return nb
