"""Benchmark of ``cxlab grade --jobs 2`` against plain serial ``nbgrader autograde``.

Prints timings and ratios, asserts nothing. Run with ``make bench-grading`` or::

    python benchmarks/bench_grading.py [--n 60] [--jobs 2] [--assignment 00-start-here]

Both graders get the same ``n`` synthetic submissions (answers varied: right, wrong, blank,
typed differently) of one assessment, each in its own throwaway copy of the released course:

* ``nbgrader autograde ASSIGNMENT --force``: nbgrader's own command, one submission after
  another in one process, no sandbox;
* ``cxlab grade ASSIGNMENT --jobs N --force``: parallel workers, every kernel in the sandbox
  (full when run as root, limited otherwise; the line printed says which).

Per-submission overhead is wall time / n for each; the ratio is nbgrader / cxlab.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

VARIANTS = {
    "q1": ["q1 = 10", "q1 = '10 Erlangs'", "q1 = 8", "q1 = 100 * 180 / 1800", "q1 = None"],
    "q2": ['q2 = "B"', 'q2 = " b) "', 'q2 = "A"', 'q2 = "D"', "q2 = None"],
    "q3": ['q3 = week.groupby(week["interval_start"].dt.date)["offered"].sum().max()',
           "q3 = 1234", "q3 = None"],
    "q4": ['q4 = "Average speed of answer"', 'q4 = "average speed to answer"',
           'q4 = "answer speed"', "q4 = None"],
    "q5": ['q5 = "A, C, E"', 'q5 = "A C"', 'q5 = "A, B, C"', "q5 = None"],
}


def _env() -> dict[str, str]:
    return {**os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def _course(base: Path, assignment: str) -> Path:
    course = base / "course"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(ROOT / "assessments" / assignment, course / "assessments" / assignment)
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", assignment,
                    "--force"], cwd=course, env=_env(), check=True, capture_output=True)
    return course


def _submissions(course: Path, assignment: str, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    release = json.loads((course / "release" / assignment / f"{assignment}.ipynb").read_text())
    for i in range(n):
        nb = json.loads(json.dumps(release))
        for cell in nb["cells"]:
            gid = cell["metadata"].get("nbgrader", {}).get("grade_id")
            if gid in VARIANTS:
                cell["source"] = rng.choice(VARIANTS[gid])
        folder = course / "submitted" / f"p{i:03d}" / assignment
        folder.mkdir(parents=True)
        (folder / f"{assignment}.ipynb").write_text(json.dumps(nb))
        (folder / "timestamp.txt").write_text("2026-11-20 09:00:00.000000 UTC\n")


def _timed(cmd: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--assignment", default="00-start-here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cxlab-bench-") as tmp:
        (Path(tmp) / "template").mkdir()
        template = _course(Path(tmp) / "template", args.assignment)
        _submissions(template, args.assignment, args.n)
        plain = Path(tmp) / "plain"
        ours = Path(tmp) / "ours"
        shutil.copytree(template, plain)
        shutil.copytree(template, ours)

        print(f"{args.n} submissions of {args.assignment}, {os.cpu_count()} CPU cores")
        t_nbg, r_nbg = _timed([sys.executable, "-m", "nbgrader", "autograde", args.assignment,
                               "--force"], plain)
        graded = len(list((plain / "autograded").glob(f"*/{args.assignment}")))
        print(f"nbgrader autograde (serial):     {t_nbg:7.1f} s  "
              f"{t_nbg / args.n:5.2f} s per submission  ({graded} graded, exit {r_nbg.returncode})")
        t_cx, r_cx = _timed([sys.executable, "-m", "cxlab.grading.cli", "grade", args.assignment,
                             "--jobs", str(args.jobs), "--force", "--quiet"], ours)
        lines = r_cx.stdout.splitlines()
        last = lines[-1] if lines else r_cx.stderr[-300:]
        print(f"cxlab grade --jobs {args.jobs}:             {t_cx:7.1f} s  "
              f"{t_cx / args.n:5.2f} s per submission  ({last})")
        print(f"  {lines[0] if lines else ''}")
        print(f"ratio nbgrader / cxlab:          {t_nbg / t_cx:7.2f}x")
        same = _same_scores(plain, ours, args.assignment)
        print(f"identical scores for all {args.n} submissions: {same}")


def _same_scores(a: Path, b: Path, assignment: str) -> bool:
    import sqlite3

    query = ("SELECT sa.student_id, bc.name, g.auto_score FROM grade g "
             "JOIN base_cell bc ON g.cell_id = bc.id "
             "JOIN submitted_notebook sn ON g.notebook_id = sn.id "
             "JOIN submitted_assignment sa ON sn.assignment_id = sa.id ORDER BY 1, 2")
    try:
        rows = [sorted(sqlite3.connect(p / "gradebook.db").execute(query).fetchall())
                for p in (a, b)]
    except sqlite3.Error as exc:
        return f"could not compare ({exc})"
    return rows[0] == rows[1] and len(rows[0]) > 0


if __name__ == "__main__":
    main()
