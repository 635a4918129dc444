"""Benchmark of ``cxlab grade --jobs 2`` against plain serial ``nbgrader autograde``.

Prints timings and ratios, asserts nothing. Run with ``make bench-grading`` or::

    python benchmarks/bench_grading.py [--n 60] [--jobs 2] [--assignment 00-start-here]

Both graders get the same ``n`` synthetic submissions (answers varied: right, wrong, blank,
typed differently) of one assessment, each in its own throwaway copy of the released course:

* ``nbgrader autograde ASSIGNMENT --force``: nbgrader's own command, one submission after
  another in one process, each notebook run in a kernel (answers and hidden tests together);
* ``cxlab grade ASSIGNMENT --jobs N --force``: parallel workers that read the typed answers
  and mark them in the grader, no kernel (``--with-execute`` adds ``cxlab grade --execute``,
  which also runs every notebook in the sandbox for the trainer to read).

Each command runs ``--repeat`` times on a fresh copy, alternated (A B A B), and the medians
with their spread, the ratio of medians and whether the scores equal nbgrader's in every run
are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

VARIANTS = {  # what participants type under each answer cell's first line ("" = left empty)
    "q1": ["10", "10 Erlangs", "8", "100 x 180 / 1800", ""],
    "q2": ["B", " b) ", "A", "D", ""],
    "q3": ["1742", "1,742 calls", "1234", ""],
    "q4": ["Average speed of answer", "average speed to answer", "answer speed", ""],
    "q5": ["A, C, E", "A C", "a, b and c", ""],
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
                cell["source"] = "".join(cell["source"]).rstrip("\n") + "\n" + rng.choice(
                    VARIANTS[gid])
        folder = course / "submitted" / f"p{i:03d}" / assignment
        folder.mkdir(parents=True)
        (folder / f"{assignment}.ipynb").write_text(json.dumps(nb))
        (folder / "timestamp.txt").write_text("2026-11-20 09:00:00.000000 UTC\n")


def _timed(cmd: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True)
    return time.perf_counter() - start, result


def _scores(course: Path) -> list[tuple]:
    import sqlite3

    query = ("SELECT sa.student_id, bc.name, g.auto_score FROM grade g "
             "JOIN base_cell bc ON g.cell_id = bc.id "
             "JOIN submitted_notebook sn ON g.notebook_id = sn.id "
             "JOIN submitted_assignment sa ON sn.assignment_id = sa.id ORDER BY 1, 2")
    try:
        with sqlite3.connect(course / "gradebook.db") as db:
            return sorted(db.execute(query).fetchall())
    except sqlite3.Error:
        return []


def _spread(times: list[float]) -> str:
    return (f"median {statistics.median(times):7.2f} s  (min {min(times):.2f}, "
            f"max {max(times):.2f}; {statistics.median(times) / N_SUBMISSIONS[0]:.3f} s per "
            "submission)")


N_SUBMISSIONS = [60]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, alternated")
    parser.add_argument("--assignment", default="00-start-here")
    parser.add_argument("--with-execute", action="store_true",
                        help="also time cxlab grade --execute (every notebook run, sandboxed)")
    args = parser.parse_args()
    N_SUBMISSIONS[0] = args.n

    commands = {
        "nbgrader autograde (serial)": [sys.executable, "-m", "nbgrader", "autograde",
                                        args.assignment, "--force"],
        f"cxlab grade --jobs {args.jobs}": [sys.executable, "-m", "cxlab.grading.cli", "grade",
                                            args.assignment, "--jobs", str(args.jobs),
                                            "--force", "--quiet"],
    }
    if args.with_execute:
        commands[f"cxlab grade --jobs {args.jobs} --execute"] = [
            *commands[f"cxlab grade --jobs {args.jobs}"], "--execute"]
    times: dict[str, list[float]] = {name: [] for name in commands}
    scores: dict[str, list] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory(prefix="cxlab-bench-") as tmp:
        (Path(tmp) / "template").mkdir()
        template = _course(Path(tmp) / "template", args.assignment)
        _submissions(template, args.assignment, args.n)
        print(f"{args.n} submissions of {args.assignment}, {os.cpu_count()} CPU cores, "
              f"{args.repeat} runs of each, alternated")
        for run in range(args.repeat):
            for name, cmd in commands.items():  # A B A B: load drifts hit both sides alike
                course = Path(tmp) / f"run{run}-{len(times[name])}-{abs(hash(name))}"
                shutil.copytree(template, course)
                seconds, result = _timed(cmd, course)
                times[name].append(seconds)
                scores[name].append(_scores(course))
                status = "ok" if result.returncode == 0 else f"exit {result.returncode}"
                print(f"  run {run + 1}: {name:<34} {seconds:7.2f} s  ({status})")
                shutil.rmtree(course, ignore_errors=True)
        print()
        for name in commands:
            print(f"{name:<38} {_spread(times[name])}")
        base = statistics.median(times["nbgrader autograde (serial)"])
        for name in list(commands)[1:]:
            print(f"ratio nbgrader / {name}: {base / statistics.median(times[name]):6.2f}x "
                  "(medians)")
        reference = scores["nbgrader autograde (serial)"][0]
        for name in commands:
            same = all(run == reference for run in scores[name]) and len(reference) > 0
            print(f"scores of {name} identical to nbgrader's in every run: {same}")


if __name__ == "__main__":
    main()
