"""Marking typed answers in the trainer's process: participants' code is never run to mark them.

See docs/answering-and-marking.md for the design. In short:

* :class:`Key` is read from the assessment's **source** notebook (the trainer's, with hidden
  tests): its answer cells (``%%answer qN FORM``), its test cells (graded, locked code cells,
  each marking the answer cell above it) and its set-up cells;
* :func:`compose` builds the notebook nbgrader will save from the **released** notebook, with
  the text each participant typed put into the answer cells and their written answers into the
  written-answer cells; cells they added are kept (not run) and every departure from the
  release is noted for the trainer;
* :func:`mark` reads each typed answer with :func:`cxlab.quiz.read_typed` (the reader the
  participant's own check used) and evaluates each hidden test here, in the grader, with the
  answers bound as plain values. A hidden test ends, as before, with
  ``quiz.points(q3, quiz.numeric(79.56, abs_tol=0.1), out_of=1)`` or asserts.

Nothing here executes anything a participant wrote: their text is only ever read.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..quiz.typed import Form, Reading, label, parse_answer_cell, read_typed, show_value

__all__ = ["AnswerCell", "Key", "Mark", "Setups", "TestCell", "compose", "mark", "warm_up"]

HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"


def _text(cell: Mapping) -> str:
    source = cell.get("source", "")
    if isinstance(source, list):
        return "".join(s for s in source if isinstance(s, str))
    return source if isinstance(source, str) else ""


def _meta(cell: Mapping) -> dict:
    meta = cell.get("metadata")
    nbg = meta.get("nbgrader") if isinstance(meta, Mapping) else None
    return nbg if isinstance(nbg, dict) else {}


def _gid(cell: Mapping) -> str:
    gid = _meta(cell).get("grade_id")
    return gid if isinstance(gid, str) else ""


@dataclass(frozen=True)
class AnswerCell:
    name: str  # the question name on the %%answer line, e.g. "q3"
    grade_id: str
    form: Form


@dataclass(frozen=True)
class TestCell:
    grade_id: str
    answer: str  # name of the answer cell above it ("" if none)
    points: float
    code: str  # what is evaluated: the hidden-test region (or the whole cell)


@dataclass(frozen=True)
class Key:
    """How one notebook of an assessment is marked (read from its source notebook)."""

    notebook: str
    answers: tuple[AnswerCell, ...]
    tests: tuple[TestCell, ...]
    setup: tuple[str, ...]  # locked, ungraded code cells run before the tests
    written: tuple[str, ...]  # grade ids of answers marked by hand

    @classmethod
    def from_notebook(cls, nb: Mapping, name: str = "notebook") -> Key:
        answers: list[AnswerCell] = []
        tests: list[TestCell] = []
        setup: list[str] = []
        written: list[str] = []
        current = ""
        for cell in nb.get("cells", []):
            meta = _meta(cell)
            text = _text(cell)
            if cell.get("cell_type") == "markdown":
                if meta.get("solution") and meta.get("grade"):
                    written.append(_gid(cell))
                continue
            if cell.get("cell_type") != "code":
                continue
            parsed = parse_answer_cell(text)
            if parsed is not None and meta.get("solution"):
                qname, spec, _ = parsed
                answers.append(AnswerCell(qname, _gid(cell), Form.parse(spec)))
                current = qname
            elif meta.get("grade"):
                code = _hidden_region(text)
                tests.append(TestCell(_gid(cell), current, float(meta.get("points", 0)), code))
            elif meta.get("locked") and parsed is None:
                setup.append(text)
        return cls(name, tuple(answers), tuple(tests), tuple(setup), tuple(written))

    def answer(self, name: str) -> AnswerCell | None:
        return next((a for a in self.answers if a.name == name), None)

    @property
    def personal(self) -> bool:
        """True when a set-up cell draws a personal case (uses participant, case or code)."""
        return any(re.search(r"\b(participant|case|code)\b", code) for code in self.setup)


def _hidden_region(text: str) -> str:
    if HIDDEN_BEGIN not in text:
        return text
    inside, lines = False, []
    for line in text.splitlines():
        if line.strip() == HIDDEN_BEGIN:
            inside = True
        elif line.strip() == HIDDEN_END:
            inside = False
        elif inside:
            lines.append(line)
    return "\n".join(lines)


# -- reading a submission --------------------------------------------------------------------
@dataclass
class Composed:
    """The notebook nbgrader saves, the typed answers found in it, and notes for the trainer."""

    notebook: dict
    typed: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    added_code: int = 0


def compose(released: Mapping, submitted: Mapping, key: Key) -> Composed:
    """The released notebook with this participant's answers put in (see module docstring)."""
    out = copy.deepcopy(dict(released))
    cells_out: list[dict] = []
    notes: list[str] = []
    given = [c for c in submitted.get("cells", []) if isinstance(c, Mapping)]
    by_id: dict[str, list[Mapping]] = {}
    for cell in given:
        gid = _gid(cell)
        if gid:
            by_id.setdefault(gid, []).append(cell)
    released_cells = [c for c in released.get("cells", [])]
    released_ids = {_gid(c): c for c in released_cells if _gid(c)}
    answer_ids = {a.grade_id: a for a in key.answers}
    typed: dict[str, str] = {}
    used: set[int] = set()
    deleted: dict[str, list[str]] = {"answer cell": [], "written answer": [], "test cell": []}

    for gid, copies in by_id.items():
        if gid in released_ids and len(copies) > 1:
            notes.append(f"cell {gid} appears {len(copies)} times (the first is used)")
        if gid not in released_ids:
            notes.append(f"cell {gid} carries nbgrader marks that were never released (ignored)")

    for cell in released_cells:
        gid = _gid(cell)
        new = copy.deepcopy(cell)
        mine = by_id.get(gid, [None])[0] if gid else None
        if mine is not None:
            used.add(id(mine))
            if mine.get("cell_type") != cell.get("cell_type"):
                notes.append(f"cell {gid} was changed from {cell.get('cell_type')} to "
                             f"{mine.get('cell_type')} (marked as released)")
            elif _meta(mine) != _meta(cell) and not _only_checksum_differs(mine, cell):
                notes.append(f"the nbgrader settings of cell {gid} were edited "
                             "(the released settings were used)")
        if gid in answer_ids:
            answer = answer_ids[gid]
            if mine is None:
                mine = _find_by_first_line(given, answer.name, used)
                if mine is not None:
                    used.add(id(mine))
                    notes.append(f"answer cell {gid} had lost its nbgrader id; found by its "
                                 f"first line (%%answer {answer.name})")
                else:
                    deleted["answer cell"].append(gid)
            body = ""
            if mine is not None:
                parsed = parse_answer_cell(_text(mine))
                body = parsed[2] if parsed is not None else _text(mine)
                if parsed is None and _text(mine).strip():
                    notes.append(f"answer cell {gid} lost its first line (%%answer ...); "
                                 "its text was read as the answer")
            typed[answer.name] = body
            first = _text(cell).split("\n", 1)[0]
            new["source"] = first + "\n" + body if body else _text(cell)
        elif _meta(cell).get("solution") and cell.get("cell_type") == "markdown":
            if mine is not None:
                new["source"] = _text(mine)
            else:
                deleted["written answer"].append(gid)
        elif mine is not None and _meta(cell).get("locked") and (
                _text(mine).strip() != _text(cell).strip()):
            notes.append(f"read-only cell {gid} was edited (the released cell was used)")
        elif gid and mine is None and _meta(cell).get("grade"):
            deleted["test cell"].append(gid)
        new["source"] = _text(new)
        if new.get("cell_type") == "code":
            new["outputs"] = []
            new["execution_count"] = None
        cells_out.append(new)
        # cells the participant added right after this one
        if mine is not None:
            cells_out.extend(_added_after(given, mine, released_ids, used))

    for what, ids in deleted.items():
        if ids:
            fix = "put back" if what == "test cell" else "marked as unanswered"
            notes.append(f"{what}{'s' if len(ids) > 1 else ''} {', '.join(ids)} "
                         f"{'were' if len(ids) > 1 else 'was'} deleted ({fix})")
    added_code = 0
    leftovers = [c for c in given if id(c) not in used and not _is_released_copy(c, released_cells)]
    for cell in leftovers:
        cells_out.append(_as_added(cell, len(cells_out)))
    for cell in cells_out:
        if cell.get("metadata", {}).get("cxlab_added") and cell.get("cell_type") == "code":
            added_code += 1
    hidden = sum(1 for c in cells_out if c.get("metadata", {}).get("cxlab_added")
                 and c.get("cell_type") == "code" and c["metadata"].get("cxlab_was_hidden"))
    if added_code:
        note = (f"carries {added_code} code cell(s) it added (kept for you to read; "
                "not run, no effect on marks)")
        if hidden:
            note += f"; {hidden} of them were collapsed or hidden"
        notes.append(note)
    for a in key.answers:
        reading_notes = read_typed(typed.get(a.name, ""), a.form, name=a.name).notes
        for n in reading_notes:
            notes.append(f"answer {a.name}: {n}")
    out["cells"] = cells_out
    return Composed(out, typed, notes, added_code)


def _only_checksum_differs(mine: Mapping, cell: Mapping) -> bool:
    a = {k: v for k, v in _meta(mine).items() if k != "checksum"}
    b = {k: v for k, v in _meta(cell).items() if k != "checksum"}
    return a == b


def _find_by_first_line(given: list[Mapping], name: str, used: set[int]) -> Mapping | None:
    for cell in given:
        if id(cell) in used or cell.get("cell_type") != "code":
            continue
        parsed = parse_answer_cell(_text(cell))
        if parsed is not None and parsed[0] == name:
            return cell
    return None


def _is_released_copy(cell: Mapping, released_cells: list) -> bool:
    """A released cell whose metadata was stripped (same text): not the participant's work."""
    text = _text(cell).strip()
    return any(text == _text(r).strip() and r.get("cell_type") == cell.get("cell_type")
               for r in released_cells)


def _added_after(given, anchor, released_ids, used) -> list[dict]:
    out = []
    start = next(i for i, c in enumerate(given) if c is anchor) + 1
    for cell in given[start:]:
        gid = _gid(cell)
        if gid in released_ids:
            break
        if id(cell) in used:
            continue
        if parse_answer_cell(_text(cell)) is not None:
            break  # may be an answer cell that lost its id: matched later
        used.add(id(cell))
        if _is_released_copy(cell, []):
            continue
        out.append(_as_added(cell, start))
    return out


def _as_added(cell: Mapping, index: int) -> dict:
    kind = cell.get("cell_type") if cell.get("cell_type") in ("code", "markdown", "raw") else "raw"
    found = cell.get("metadata")
    meta: Mapping = found if isinstance(found, Mapping) else {}
    found = meta.get("jupyter")
    jupyter: Mapping = found if isinstance(found, Mapping) else {}
    hidden = bool(meta.get("collapsed") or jupyter.get("source_hidden"))
    new: dict[str, Any] = {"cell_type": kind, "metadata": {"cxlab_added": True},
                           "source": _text(cell)[:200_000],
                           "id": f"added-{index}-{id(cell) % 10**6}"}
    if hidden:
        new["metadata"]["cxlab_was_hidden"] = True
    if kind == "code":
        new["outputs"] = []
        new["execution_count"] = None
    return new


# -- marking -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Mark:
    """The mark of one test cell, with what the participant is told."""

    grade_id: str
    answer: str
    points: float
    out_of: float
    comment: str
    typed: str = ""
    read_as: str = ""
    right: str = ""
    misconception: str = ""
    problem: str = ""  # for the trainer: the key itself failed
    kind: str = ""  # the kind of the key's question (numeric, single, ...), when known
    key: dict | None = None  # the key as plain data (see key_spec), when known

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


class _Recorder:
    """Stands in for ``cxlab.quiz`` in hidden tests: ``points`` also records the question."""

    def __init__(self) -> None:
        from cxlab import quiz

        self._quiz = quiz
        self.calls: list[tuple[Any, Any, float]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._quiz, name)

    def points(self, answer: object, question: Any, out_of: float = 1.0) -> float:
        value = self._quiz.points(answer, question, out_of)
        self.calls.append((answer, question, float(out_of)))
        return value


@contextlib.contextmanager
def _quiet():
    """Keep what the trainer's code prints out of the grader's terminal."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield


def _run(code: str, namespace: dict) -> Any:
    """Execute ``code``; return the value of its last line if that is an expression."""
    tree = ast.parse(code)
    last = None
    tail = tree.body[-1] if tree.body else None
    if isinstance(tail, ast.Expr):
        tree.body.pop()
        last = ast.Expression(tail.value)
    exec(compile(tree, "<hidden test>", "exec"), namespace)
    if last is not None:
        return eval(compile(last, "<hidden test>", "eval"), namespace)
    return None


#: Set-up namespaces that do not depend on the participant, by set-up code.
def warm_up(key: Key) -> list[str]:
    """Run the set-up cells once (data loading) so later marks, and forked workers, reuse it;
    the problems met (a set-up cell that failed), for the trainer. A personal set-up needs a
    participant's code, so there only the modules it imports are warmed: its problems here
    say nothing about any participant's and are not returned."""
    problems = _SHARED.namespace(key, "", None)[1]
    return [] if key.personal else list(problems)


class Setups:
    """Set-up namespaces already run, by (set-up cells, participant, code).

    A set-up that does not depend on the participant runs once per process (the shared
    instance behind :func:`mark`). A personal one (it draws the participant's case) runs for
    every mark, unless the caller passes its own ``Setups`` to :func:`mark`: the cohort
    report's case fit marks every participant's answers on every other case, so it keeps
    each case's set-up for the length of one report. Each mark gets a shallow copy of the
    namespace, so one test cannot change what the next one sees.
    """

    def __init__(self, *, personal: bool = True) -> None:
        self._personal = personal
        self._done: dict[tuple, tuple[dict, list[str]]] = {}

    def namespace(self, key: Key, participant: str, code: str | None
                  ) -> tuple[dict, list[str]]:
        if key.personal:
            if not self._personal:
                return _fresh_setup(key, participant, code)
            entry: tuple[object, ...] = (key.setup, participant, code)
        else:
            entry = (key.setup,)
        if entry not in self._done:
            self._done[entry] = _fresh_setup(key, participant if key.personal else "",
                                             code if key.personal else None)
        namespace, problems = self._done[entry]
        if not key.personal:
            namespace = dict(namespace, participant=participant, code=code)
        return dict(namespace), list(problems)


#: Set-ups shared by every mark of this process: the ones that do not depend on the participant.
_SHARED = Setups(personal=False)


def _fresh_setup(key: Key, participant: str, code: str | None) -> tuple[dict, list[str]]:
    # ``code`` is the participant's own personal code, derived by the grader from the id in
    # the gradebook (never the one typed in the notebook): the set-up cell draws their case
    namespace: dict[str, Any] = {"__name__": "__cxlab_marking__", "participant": participant,
                                 "code": code}
    problems = []
    for code in key.setup:
        lines = [ln for ln in code.splitlines() if not ln.lstrip().startswith(("%", "!"))]
        code = "\n".join(lines)
        if "quiz.summary(" in code:
            continue
        try:
            with _quiet():
                _run(code, namespace)
        except Exception as exc:  # the trainer's set-up cell failed: say so
            problems.append(f"a set-up cell failed in the grader ({exc.__class__.__name__}: {exc})")
    namespace["quiz"] = _Recorder()
    return namespace, problems


def mark(key: Key, typed: Mapping[str, str], *, participant: str = "", code: str | None = None,
         setups: Setups | None = None) -> list[Mark]:
    """Mark every test cell of ``key`` for the typed answers ``typed`` (name -> text).

    ``code`` is the participant's own personal code (see :mod:`cxlab.cases`), for assessments
    whose set-up cell draws a personal case from it. ``setups`` keeps personal set-ups for
    reuse across many marks (see :class:`Setups`); by default only shared ones are kept.
    """
    namespace, setup_problems = (setups or _SHARED).namespace(key, participant, code)
    readings: dict[str, Reading] = {}
    for a in key.answers:
        reading = read_typed(typed.get(a.name, ""), a.form, name=a.name)
        readings[a.name] = reading
        if a.form.kind != "code":  # the typed code never replaces the grader's own
            namespace[a.name] = reading.as_answer()
    marks = []
    for test in key.tests:
        recorder = namespace["quiz"] = _Recorder()
        answered = readings.get(test.answer)
        problem = "; ".join(setup_problems)
        try:
            with _quiet():
                value = _run(test.code, namespace)
            if value is None:
                points = test.points
            else:
                points = float(value)
                if not math.isfinite(points):
                    problem = f"the test of {test.grade_id} gave {value!r}, not a number of marks"
                    points = 0.0
        except AssertionError:
            points = 0.0
        except Exception as exc:
            points = 0.0
            problem = (f"the test of {test.grade_id} failed in the grader "
                       f"({exc.__class__.__name__}: {str(exc)[:200]})")
        points = min(max(points, 0.0), test.points)
        question = recorder.calls[-1][1] if recorder.calls else None
        marks.append(_mark(test, answered, points, question, problem))
    return marks


def _right_answer(question: Any, form: Form | None) -> str:
    if question is None or not hasattr(question, "answer") or question.answer is None:
        return ""
    kind = getattr(question, "kind", "")
    answer = question.answer
    if kind == "numeric":
        tol = question.abs_tol if question.abs_tol else None
        if tol:
            decimals = max(0, math.ceil(-math.log10(tol)))
            answer = round(answer, decimals)
        return show_value(float(answer), form or Form("numeric"))
    if kind == "multiple":
        return ", ".join(sorted(answer))
    if kind == "ordering":
        return ", ".join(answer)
    if kind == "text":
        accepted = question.extra.get("accepted") if question.extra else None
        return str(accepted[0] if accepted else answer[0])
    return str(answer)


def _marks(points: float, out_of: float) -> str:
    return f"{points:g} of {out_of:g} mark{'' if out_of == 1 else 's'}"


def _mark(test: TestCell, reading: Reading | None, points: float, question: Any,
          problem: str) -> Mark:
    form = reading.form if reading is not None else None
    right = _right_answer(question, form)
    who = label(test.answer) if test.answer else "This question"
    typed = reading.text if reading is not None else ""
    read_as = reading.shown if reading is not None else ""
    score = _marks(points, test.points)
    if reading is not None and not reading.answered:
        comment = f"{who}: not answered, {score}."
    elif reading is not None and reading.problem:
        comment = f"{who}: {reading.problem} {score[0].upper()}{score[1:]}."
    elif points >= test.points:
        comment = f"{who}: your answer {read_as} is right, {score}."
    elif points > 0:
        comment = f"{who}: your answer {read_as} earns {score}."
    else:
        comment = f"{who}: your answer {read_as} is not right, {score}."
    if right and points < test.points:
        comment += f" The right answer is {right}."
    explanation = getattr(question, "explanation", "") if question is not None else ""
    if explanation:
        comment += f" {explanation.strip()}"
    if reading is not None and reading.slip and points < test.points:
        comment += f" Note: {reading.slip}"
    misconception = _misconception(question, reading, points, test.points)
    if misconception:
        comment += f" Your answer matches a known slip: {misconception}."
    return Mark(test.grade_id, test.answer, round(points, 4), test.points, comment, typed,
                read_as, right, misconception, problem, getattr(question, "kind", ""),
                key_spec(question))


def key_spec(question: Any) -> dict | None:
    """A question's key as plain data (kept with the marks), or None for a test without one.

    :func:`score_on_key` marks any answer against it exactly as the hidden test did, so the
    cohort report can ask how a participant's answers fare on another's case without running
    the hidden tests again.
    """
    from ..quiz.questions import Question

    if not isinstance(question, Question):
        return None
    answer = question.answer
    if isinstance(answer, (frozenset, set, tuple)):
        answer = sorted(answer) if question.kind == "multiple" else list(answer)
    spec = {"kind": question.kind, "answer": answer, "abs_tol": question.abs_tol,
            "rel_tol": question.rel_tol, "options": len(question.options)}
    if question.kind == "text":
        spec["answer"] = list(question.extra.get("accepted", question.answer))
    return spec


def score_on_key(spec: Mapping, typed: str, form: Form, out_of: float) -> float:
    """Marks ``typed`` earns against the key ``spec`` (what ``quiz.points`` would give)."""
    from .. import quiz
    from ..quiz.answers import letters

    reading = read_typed(typed, form)
    if not reading.readable:
        return 0.0
    kind, answer = spec["kind"], spec["answer"]
    options = letters(int(spec.get("options") or 0)) if spec.get("options") else ""
    if kind == "numeric":
        question = quiz.numeric(answer, abs_tol=spec.get("abs_tol"), rel_tol=spec.get("rel_tol"))
    elif kind == "single":
        question = quiz.single_choice(answer, options)
    elif kind == "multiple":
        question = quiz.multiple_choice(", ".join(answer), options)
    elif kind == "ordering":
        question = quiz.ordering(", ".join(answer), options)
    else:
        question = quiz.short_text(*answer)
    return quiz.points(reading.as_answer(), question, out_of=out_of)


def _misconception(question: Any, reading: Reading | None, points: float, out_of: float) -> str:
    """The named mistake a wrong answer matches, if the key knows it (``mistakes=``)."""
    if reading is None or not reading.readable or points >= out_of or question is None:
        return ""
    if reading.slip and reading.form.unit == "%":
        return "a fraction given where a percentage is asked"
    mistakes = (getattr(question, "extra", None) or {}).get("mistakes", {})
    if getattr(question, "kind", "") != "numeric" or not mistakes:
        return ""
    value = reading.value
    for name, wrong in mistakes.items():
        if _near(value, float(wrong), question.abs_tol, question.rel_tol):
            return name
    return ""


def _near(value: float, target: float, abs_tol: float | None, rel_tol: float | None) -> bool:
    if abs_tol is not None and abs(value - target) <= abs_tol + 1e-9:
        return True
    if rel_tol is not None and abs(value - target) <= rel_tol * abs(target) + 1e-12:
        return True
    if abs_tol is None and rel_tol is None:
        return math.isclose(value, target, rel_tol=0.005)
    return False


def marked_outputs(m: Mark) -> list[dict]:
    """The outputs a test cell gets in the saved notebook: the comment, then the points."""
    return [
        {"output_type": "display_data", "metadata": {},
         "data": {"text/plain": m.comment, "text/markdown": _escape_md(m.comment)}},
        {"output_type": "execute_result", "execution_count": None, "metadata": {},
         "data": {"text/plain": f"{m.points:g}"}},
    ]


def _escape_md(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", text)
