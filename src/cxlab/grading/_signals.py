"""What the cohort report reads from the marks: named slips, wrong answers and copying signals.

Pure functions over what ``cxlab grade`` recorded (``.cxlab/marks/<assignment>/<id>.json``,
here "records": participant id -> that file's content) and the marked notebooks; report.py
reads the files and writes the tables.

* :func:`misconceptions`: how many participants made each named slip, per question;
* :func:`wrong_answers`: the commonest wrong answers per question. Where each participant has
  a case of their own and the right answer differs between participants, a raw value means
  nothing across the cohort, so wrong answers are grouped as the named slip they match, or
  ``(no answer)``, ``unreadable: ...``, ``another wrong value``;
* :func:`case_fit`: participants whose typed answers earn clearly more marks on another
  participant's case than on their own, or who typed someone else's personal code;
* :func:`near_identical`: pairs of written answers to the same question that are nearly the
  same text (:func:`similarity`).

The last two are **signals for the trainer to look at, never verdicts**: colleagues may have
worked through a case together as they were allowed, a participant may have mis-typed a code,
and two careful managers can write the same short sentence.
"""

from __future__ import annotations

import ast
import dataclasses
import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

__all__ = [
    "CASE_FIT_FIELDS",
    "MISCONCEPTION_FIELDS",
    "WRITTEN_FIELDS",
    "case_fit",
    "fits_better",
    "misconceptions",
    "near_identical",
    "normalise_words",
    "similarity",
    "varying_questions",
    "written_answers",
    "wrong_answer_label",
    "wrong_answers",
]

MISCONCEPTION_FIELDS = ["question", "misconception", "participants"]
CASE_FIT_FIELDS = ["participant", "fits_case_of", "score_own_case", "score_their_case",
                   "automatic_max", "typed_code_of"]
WRITTEN_FIELDS = ["question", "participant_a", "participant_b", "similarity"]

#: A written answer is compared when, after normalising, it has at least this many words:
#: two people who both write "I don't know" or "Hire more agents" have not copied.
MIN_WORDS = 8
#: Words of a written answer compared (the asked 4-6 sentences are about 100): bounds the
#: cost of a pathological answer; SequenceMatcher is quadratic in the worst case.
MAX_WORDS = 600
#: Pairs at or above this similarity are listed.
WRITTEN_THRESHOLD = 0.8
#: What nbgrader puts in a written-answer cell at release.
PLACEHOLDER = "YOUR ANSWER HERE"


def _marks_of(record: Mapping) -> Iterator[Mapping]:
    marks = record.get("marks", {}) if isinstance(record, Mapping) else {}
    for notebook_marks in (marks.values() if isinstance(marks, Mapping) else []):
        for m in notebook_marks if isinstance(notebook_marks, list) else []:
            if isinstance(m, Mapping):
                yield m


def _wrong(m: Mapping) -> bool:
    return float(m.get("points") or 0) < float(m.get("out_of") or 0)


# -- misconceptions ----------------------------------------------------------------------------
def misconceptions(records: Mapping[str, Mapping], order: Sequence[str] = ()) -> list[dict]:
    """Participants who made each named slip, per question (each participant counted once).

    Rows ``{"question", "misconception", "participants"}``, questions in ``order`` (then by
    name), the commonest slip of a question first.
    """
    who: dict[tuple[str, str], set[str]] = defaultdict(set)
    for participant, record in records.items():
        for m in _marks_of(record):
            if m.get("misconception") and m.get("answer"):
                who[(str(m["answer"]), str(m["misconception"]))].add(participant)
    rank = {name: i for i, name in enumerate(order)}
    rows = sorted(who.items(), key=lambda item: (rank.get(item[0][0], len(rank)), item[0][0],
                                                 -len(item[1]), item[0][1]))
    return [{"question": q, "misconception": name, "participants": len(people)}
            for (q, name), people in rows]


# -- wrong answers -----------------------------------------------------------------------------
def varying_questions(records: Mapping[str, Mapping]) -> set[str]:
    """Questions whose right answer (as shown to participants) is not the same for everyone."""
    rights: dict[str, set[str]] = defaultdict(set)
    for record in records.values():
        for m in _marks_of(record):
            if m.get("answer") and m.get("right"):
                rights[str(m["answer"])].add(str(m["right"]))
    return {name for name, seen in rights.items() if len(seen) > 1}


def wrong_answer_label(m: Mapping, *, raw: bool = True) -> str:
    """How a wrong answer is counted: as it was read (``raw``), or by what went wrong."""
    typed = str(m.get("typed") or "")
    if not typed:
        return "(no answer)"
    if not m.get("read_as"):
        return f"unreadable: {typed[:40]}"
    if raw:
        return str(m["read_as"])
    return str(m.get("misconception") or "another wrong value")


def wrong_answers(records: Mapping[str, Mapping], kinds: Mapping[str, str], *,
                  personal: bool, top: int = 3) -> list[dict]:
    """The ``top`` commonest wrong answers of each question in ``kinds`` (name -> kind).

    Each answer as it was read (``" c) "`` and ``"C"`` are one answer), except, in a personal
    assessment, for questions whose right answer differs between participants: there a wrong
    answer is counted as the slip it matches, or as ``another wrong value``.
    """
    varying = varying_questions(records) if personal else set()
    counts: dict[str, Counter] = {name: Counter() for name in kinds}
    for record in records.values():
        for m in _marks_of(record):
            name = m.get("answer")
            if name not in counts or not _wrong(m):
                continue
            counts[name][wrong_answer_label(m, raw=name not in varying)] += 1
    rows = []
    for name, counter in counts.items():
        for answer, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
            rows.append({"question": name, "kind": kinds[name], "answer": answer,
                         "participants": n})
    return rows


# -- answers that fit another participant's case -------------------------------------------------
def fits_better(own: float, theirs: float, automatic_max: float, *, min_gain: float = 2.0,
                gain_share: float = 0.2, floor_share: float = 0.5) -> bool:
    """Whether a score of ``theirs`` on another case is clearly above ``own`` on one's own.

    Clearly: at least ``max(min_gain, gain_share * automatic_max)`` marks more, and at least
    ``floor_share`` of the automatic maximum (a few lucky marks on a weak paper are no sign).

    >>> fits_better(1, 5, 5), fits_better(1, 2.9, 5), fits_better(0, 2, 5)
    (True, False, False)
    """
    margin = max(min_gain, gain_share * automatic_max)
    eps = 1e-9
    return theirs + eps >= own + margin and theirs + eps >= floor_share * automatic_max


def _normalised_code(text: object) -> str:
    """A personal code as :func:`cxlab.cases.read_code` writes it, or "" if it cannot be one."""
    from ..cases import CodeError, read_code

    try:
        return read_code(str(text or "").strip())
    except CodeError:
        return ""


def _typed_answers(record: Mapping, notebook: str, key) -> dict[str, str]:
    """The text typed in each answer cell of ``notebook``, from its marks (code cell left out)."""
    skip = {a.name for a in key.answers if a.form.kind == "code"}
    typed: dict[str, str] = {}
    marks = record.get("marks", {}).get(notebook, []) if isinstance(record, Mapping) else []
    for m in marks if isinstance(marks, list) else []:
        name = m.get("answer") if isinstance(m, Mapping) else None
        if name and name not in skip and name not in typed:
            typed[name] = str(m.get("typed") or "")
    return typed


def _names(code: str) -> tuple[set[str], set[str]] | None:
    """(names a cell's code stores, names it reads), or None if it does not parse."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    stored: set[str] = set()
    loaded: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else stored).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stored.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            stored.update((a.asname or a.name).split(".")[0] for a in node.names)
    return stored, loaded


def _case_dependent(key, fixed: set[str]):
    """``key`` without the tests that mark the same on every case, and those tests' ids.

    A test is left out when the right answer of its question is the same for every
    participant (``fixed``, from the marks) and its code reads nothing that depends on the
    case: not ``case``, ``participant`` or ``code``, nothing the set-up cells assign (imports
    aside), nothing a kept test assigns; and no kept test reads what it assigns. Its marks on
    any case are the participant's marks on their own. (In 01, questions 6, 7 and 9, whose
    key computes Erlang A in a loop: most of the time of marking again.)
    """
    dependent = {"case", "participant", "code"}
    for code in key.setup:
        try:
            tree = ast.parse("\n".join(ln for ln in code.splitlines()
                                       if not ln.lstrip().startswith(("%", "!"))))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                dependent.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                dependent.add(node.name)
    names = {t.grade_id: _names(t.code) for t in key.tests}
    kept = {t.grade_id for t in key.tests if t.answer not in fixed or names[t.grade_id] is None}
    changed = True
    while changed:
        changed = False
        parsed = [found for g in kept if (found := names[g]) is not None]
        read_by_kept: set[str] = set().union(*(loads for _, loads in parsed))
        for stores, _ in parsed:
            dependent |= stores
        for t in key.tests:
            if t.grade_id in kept:
                continue
            found = names[t.grade_id]
            assert found is not None  # kept holds every test whose code does not parse
            stored, loaded = found
            if loaded & dependent or stored & read_by_kept:
                kept.add(t.grade_id)
                changed = True
    tests = tuple(t for t in key.tests if t.grade_id in kept)
    dropped = {t.grade_id for t in key.tests} - kept
    return dataclasses.replace(key, tests=tests), dropped


def case_fit(keys: Mapping[str, Any], records: Mapping[str, Mapping],
             codes: Mapping[str, str], *, cohort_codes: Mapping[str, str] | None = None,
             min_gain: float = 2.0, gain_share: float = 0.2, floor_share: float = 0.5
             ) -> list[dict]:
    """Participants whose answers fit another participant's case better than their own.

    ``keys``: notebook file name -> :class:`~cxlab.grading.marking.Key`; ``records``: the
    graded participants' marks; ``codes``: participant -> own personal code (every graded
    participant: their cases are the ones compared); ``cohort_codes``: code -> participant,
    to name whose code was typed (default: from ``codes``).

    Each participant P's typed answers are marked again on their own case and on every other
    participant Q's case; P is listed when the best Q scores :func:`fits_better` than their
    own, or when P typed a personal code other than their own (``typed_code_of`` names whose,
    when it is a code of the cohort). Only automatic marks count; ``automatic_max`` is their
    maximum. An unanswered or unreadable answer earns nothing on any case, so a participant
    whose readable answers cannot reach the bar is not marked again.
    """
    from ..quiz.typed import read_typed
    from .marking import Setups, mark

    setups = Setups()
    owner = dict(cohort_codes) if cohort_codes is not None else {c: p for p, c in codes.items()}
    personal = {nb: key for nb, key in keys.items() if key.personal}
    if not personal:
        return []
    automatic_max = sum(t.points for key in keys.values() for t in key.tests)
    margin = max(min_gain, gain_share * automatic_max)
    people = sorted(p for p in records if p in codes)
    fixed = set(_right_answers(records)) - varying_questions(records)
    reduced = {nb: _case_dependent(key, fixed) for nb, key in personal.items()}
    typed = {p: {nb: _typed_answers(records[p], nb, key) for nb, key in keys.items()}
             for p in people}

    def own_score(p: str) -> tuple[float, float]:
        """(marks on the participant's own case, those of them the same on every case)."""
        total = same = 0.0
        for nb, key in keys.items():
            if nb not in personal:  # the same on every case: the marks recorded at grading
                points = sum(float(m.get("points") or 0)
                             for m in records[p].get("marks", {}).get(nb, []))
                total, same = total + points, same + points
                continue
            for m in mark(key, typed[p][nb], participant=p, code=codes[p], setups=setups):
                total += m.points
                if m.grade_id in reduced[nb][1]:
                    same += m.points
        return total, same

    def score_on(p: str, q: str, same: float) -> float:
        total = same
        for nb, (key, _) in reduced.items():
            if key.tests:
                total += sum(m.points for m in mark(key, typed[p][nb], participant=q,
                                                    code=codes[q], setups=setups))
        return round(total, 4)

    def reachable(p: str) -> float:
        """Most marks the participant's readable answers could earn on any case."""
        total = 0.0
        for nb, key in keys.items():
            forms = {a.name: a.form for a in key.answers}
            for test in key.tests:
                form = forms.get(test.answer)
                if form is None or read_typed(typed[p][nb].get(test.answer, ""), form).readable:
                    total += test.points
        return total

    fast = _fast_fit(keys, personal, records, people, typed)
    if fast is not None:  # every varying key was kept with the marks: no hidden test re-run
        own_score = fast["own"]  # the same two functions, from the kept keys
        score_on = fast["on"]

    rows = []
    for p in people:
        own, same = own_score(p)
        own = round(own, 4)
        best, best_of = -1.0, []
        if reachable(p) + 1e-9 >= max(own + margin, floor_share * automatic_max):
            for q in people:
                if q == p:
                    continue
                theirs = score_on(p, q, same)
                if theirs > best + 1e-9:
                    best, best_of = theirs, [q]
                elif abs(theirs - best) <= 1e-9:
                    best_of.append(q)
        fits = bool(best_of) and fits_better(own, best, automatic_max, min_gain=min_gain,
                                             gain_share=gain_share,
                                             floor_share=floor_share)
        typed_code_of = _other_code(records[p], codes[p], owner)
        if fits or typed_code_of:
            rows.append({
                "participant": p,
                "fits_case_of": ", ".join(best_of) if fits else "",
                "score_own_case": own,
                "score_their_case": best if fits else "",
                "automatic_max": automatic_max,
                "typed_code_of": typed_code_of,
            })
    return rows


def _fast_fit(keys, personal, records, people, typed):
    """Own-case and other-case scores from the keys kept with each participant's marks.

    ``cxlab grade`` keeps each test's key as plain data (:func:`marking.key_spec`); scoring an
    answer against another participant's key is then arithmetic, where running the hidden
    tests again on every other case would take minutes for assessments that draw their case
    from data. Returns None (use the hidden tests) when a test of a personal notebook has no
    kept key (a hidden test that asserts instead of calling ``quiz.points``, or marks from an
    older grade).
    """
    from .marking import score_on_key

    forms = {nb: {a.name: a.form for a in key.answers} for nb, key in keys.items()}
    tests = {nb: {t.grade_id: t for t in key.tests} for nb, key in keys.items()}
    kept: dict[str, dict[tuple[str, str], dict]] = {}
    for p in people:
        kept[p] = {}
        for nb in personal:
            for m in records[p].get("marks", {}).get(nb, []):
                if not isinstance(m, Mapping) or not isinstance(m.get("key"), Mapping):
                    return None
                kept[p][(nb, m["grade_id"])] = m["key"]
            if len([g for g in kept[p] if g[0] == nb]) != len(tests[nb]):
                return None

    def own(p: str) -> tuple[float, float]:
        total = sum(float(m.get("points") or 0) for nb in keys
                    for m in records[p].get("marks", {}).get(nb, []))
        same = sum(float(m.get("points") or 0) for nb in keys if nb not in personal
                   for m in records[p].get("marks", {}).get(nb, []))
        return total, same

    def on(p: str, q: str, same: float) -> float:
        total = same
        for (nb, gid), spec in kept[q].items():
            test = tests[nb][gid]
            form = forms[nb].get(test.answer)
            if form is not None:
                total += score_on_key(spec, typed[p][nb].get(test.answer, ""), form,
                                      test.points)
        return round(total, 4)

    return {"own": own, "on": on}


def _right_answers(records: Mapping[str, Mapping]) -> set[str]:
    """Questions with a right answer recorded for at least one participant."""
    return {str(m["answer"]) for record in records.values() for m in _marks_of(record)
            if m.get("answer") and m.get("right")}


def _other_code(record: Mapping, own: str, owner: Mapping[str, str]) -> str:
    """Whose personal code the participant typed, when it is not their own ("" if their own,
    none, a practice code or one with a typo: ``cxlab grade`` notes those, and they are no
    sign of copying; a code with a right check character that is not theirs is)."""
    entry = record.get("code") if isinstance(record, Mapping) else None
    if not isinstance(entry, Mapping) or not entry.get("typed"):
        return ""
    typed = _normalised_code(entry["typed"])
    if not typed or typed.startswith("P") or typed == _normalised_code(entry.get("own") or own):
        return ""
    whose = owner.get(typed) or entry.get("typed_code_of")
    return str(whose) if whose else f"not in this cohort ({typed[:20]})"


# -- near-identical written answers --------------------------------------------------------------
def normalise_words(text: str) -> list[str]:
    """The words of a written answer: Unicode-normalised, case-folded, punctuation and markup
    dropped (any run of characters that are not letters or digits separates words).

    >>> normalise_words("Pool the queues -- don't *over*-staff!")
    ['pool', 'the', 'queues', 'don', 't', 'over', 'staff']
    """
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    return re.findall(r"[^\W_]+", text)


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """How much of two word lists is the same text in the same order, from 0 to 1.

    ``2 M / (len(a) + len(b))``, where ``M`` counts the words in the matching blocks that
    :class:`difflib.SequenceMatcher` finds (Ratcliff/Obershelp: the longest run of words the
    two share, then the same on each side of it). A copy with ``k`` of its ``n`` words
    replaced scores ``(n - k) / n``; with ``j`` words added, ``2n / (2n + j)``: small edits
    keep it high, and 0.8 is reached only when about four words in five are the other
    answer's, in its order. Two answers written apart share words (the topic's vocabulary) but
    in short runs, and ``M`` is never more than the words they share: four answers written
    apart to question 11 of assessment 01 (about 60 words each) score 0.09 to 0.27 against each
    other. The order matters, unlike a bag of words, because the same vocabulary is expected
    of everyone; single changed words matter less than with word n-gram (shingle) Jaccard,
    where each replaced word breaks up to n shingles and a copy with a few edits falls below
    0.8. The heuristic that treats frequent words as junk (``autojunk``) is off, so common
    words count like any other.

    >>> similarity("a b c d".split(), "a b x d".split())
    0.75
    """
    if not a and not b:
        return 0.0
    return _matcher(a, b).ratio()


def _matcher(a: Sequence[str], b: Sequence[str]) -> difflib.SequenceMatcher:
    return difflib.SequenceMatcher(None, list(a), list(b), autojunk=False)


def _answer_text(text: str) -> str:
    """The participant's own words: nbgrader's placeholder left in the cell is dropped."""
    return re.sub(re.escape(PLACEHOLDER), " ", str(text), flags=re.IGNORECASE).strip()


def written_answers(notebooks: Mapping[str, Iterable[Mapping]]) -> dict[str, dict[str, str]]:
    """Written answers per question: ``{grade_id: {participant: text}}``.

    ``notebooks``: participant -> their marked notebooks (``autograded/<id>/<assignment>``).
    A written answer is a Markdown cell with nbgrader ``solution`` and ``grade``; one still
    holding only ``YOUR ANSWER HERE``, or empty, is left out.
    """
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for participant, nbs in notebooks.items():
        for nb in nbs:
            cells = nb.get("cells", []) if isinstance(nb, Mapping) else []
            for cell in cells if isinstance(cells, list) else []:
                if not isinstance(cell, Mapping) or cell.get("cell_type") != "markdown":
                    continue
                meta = cell.get("metadata", {})
                meta = meta.get("nbgrader", {}) if isinstance(meta, Mapping) else {}
                if not (isinstance(meta, Mapping) and meta.get("solution") and meta.get("grade")):
                    continue
                source = cell.get("source", "")
                text = "".join(source) if isinstance(source, list) else str(source)
                if normalise_words(_answer_text(text)) and meta.get("grade_id"):
                    found[str(meta["grade_id"])].setdefault(participant, text.strip())
    return dict(found)


def near_identical(answers: Mapping[str, Mapping[str, str]], *,
                   threshold: float = WRITTEN_THRESHOLD) -> list[dict]:
    """Pairs of written answers to the same question with :func:`similarity` >= threshold.

    Rows ``{"question", "participant_a", "participant_b", "similarity", "text_a", "text_b"}``
    (a before b by id), the most similar first. Answers shorter than :data:`MIN_WORDS` words are
    not compared; only the first :data:`MAX_WORDS` words of a long one are.
    """
    rows: list[dict[str, Any]] = []
    for question in sorted(answers):
        texts = answers[question]
        words = {p: normalise_words(_answer_text(t))[:MAX_WORDS] for p, t in texts.items()}
        people = sorted(p for p, w in words.items() if len(w) >= MIN_WORDS)
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                matcher = _matcher(words[a], words[b])
                # both quick ratios are upper bounds of the ratio (lengths; words shared)
                if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                    continue
                score = matcher.ratio()
                if score >= threshold:
                    rows.append({"question": question, "participant_a": a,
                                 "participant_b": b, "similarity": round(score, 3),
                                 "text_a": texts[a], "text_b": texts[b]})
    rows.sort(key=lambda r: (r["question"], -r["similarity"], r["participant_a"],
                             r["participant_b"]))
    return rows
