"""Benchmark of ``cxlab grade --jobs 2`` against plain serial ``nbgrader autograde``.

Prints timings and ratios, asserts nothing. Run with ``make bench-grading`` or::

    python benchmarks/bench_grading.py [--n 60] [--jobs 2] [--assignment 00-start-here]

Both graders get the same ``n`` synthetic submissions (answers varied: right, wrong, blank,
typed differently) of one assessment, each in its own throwaway copy of the released course.
00-start-here is personal: each participant types their own personal code (from the course's
fixed benchmark secret) and answers drawn from variants that include the right answers to their
own case. nbgrader's in-kernel run draws the case from the typed code, cxlab's grader from the
participant id, so with own codes both must give the same scores:

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

#: The course secret of the benchmark's course: every participant's personal code, and so
#: their case, is the same in every run.
SECRET = "cxlab benchmark course secret"


def _calls_per_day() -> dict[str, int]:
    """Calls offered per day of the shipped voice week (question 3), read with pandas."""
    import pandas as pd

    week = pd.read_csv(ROOT / "src" / "cxlab" / "data" / "voice_week.csv",
                       parse_dates=["interval_start"])
    return {day: int(n) for day, n in
            week.groupby(week["interval_start"].dt.day_name())["offered"].sum().items()}


def _variants(student: str) -> dict[str, list[str]]:
    """What ``student`` may type under each answer cell's first line ("" = left empty): their
    own personal code (as printed, or as a person might type it) and, for each question, right
    answers to their own case of 00-start-here, worked out here, among wrong ones."""
    from cxlab.cases import code_for, draw

    code = code_for(SECRET, student)
    v = draw("00-start-here", code).values
    erlangs = v["calls1"] * v["aht1"] / 1800
    days = _calls_per_day()
    calls = days[v["day3"]]
    return {
        "code": [code, code.lower().replace("-", " ")],
        "q1": [f"{erlangs:g}", f"{erlangs:g} Erlangs", f"{erlangs - 2:g}", f"{erlangs / 2:g}",
               f"{v['calls1']} x {v['aht1']} / 1800", ""],
        "q2": ["B", " b) ", "A", "D", ""],
        "q3": [f"{calls}", f"{calls:,} calls", f"{max(days.values())}", "1234", ""],
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
    (course / ".cxlab").mkdir(exist_ok=True)
    (course / ".cxlab" / "secret").write_text(SECRET + "\n")
    return course


def _submissions(course: Path, assignment: str, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    release = json.loads((course / "release" / assignment / f"{assignment}.ipynb").read_text())
    for i in range(n):
        student = f"p{i:03d}"
        variants = _variants(student)
        nb = json.loads(json.dumps(release))
        for cell in nb["cells"]:
            gid = cell["metadata"].get("nbgrader", {}).get("grade_id")
            if gid in variants:
                cell["source"] = "".join(cell["source"]).rstrip("\n") + "\n" + rng.choice(
                    variants[gid])
        folder = course / "submitted" / student / assignment
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
