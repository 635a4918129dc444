"""The ``cxlab`` command: release, collect, grade, feedback and report.

Run ``cxlab --help`` or ``cxlab <step> --help``. Every step works on the course directory
(the folder holding ``nbgrader_config.py``; default the current folder, or ``--course-dir``).
"""

from __future__ import annotations

import argparse
import sys

from .._validation import CxlabValueError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cxlab",
        description="Trainer workflow: release assessments, collect and grade submissions, "
        "send feedback and see where the cohort struggled.",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--course-dir", default=None,
                        help="folder holding nbgrader_config.py (default: current folder)")
    steps = parser.add_subparsers(dest="step", required=True, metavar="STEP")

    p = steps.add_parser(
        "release", parents=[common], help="participant versions and a zip per assignment")
    p.add_argument("assignments", nargs="*", metavar="ASSIGNMENT")

    p = steps.add_parser(
        "collect", parents=[common], help="take in a folder or zip of downloaded submissions")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--assignment", default=None)
    p.add_argument("--roster", default=None, help="CSV with a participant_id column")

    p = steps.add_parser(
        "grade", parents=[common], help="mark every submission from its typed answers, in parallel")
    p.add_argument("assignment", nargs="?", default=None, metavar="ASSIGNMENT")
    p.add_argument("--jobs", "-j", type=int, default=2, help="submissions at a time (default 2)")
    p.add_argument("--student", action="append", dest="students", metavar="ID",
                   help="only this participant (repeat for more)")
    p.add_argument("--force", action="store_true", help="grade unchanged submissions again")
    p.add_argument("--execute", action="store_true",
                   help="also run each notebook, sandboxed, so you can read its outputs "
                   "(marks never depend on it)")
    p.add_argument("--cell-timeout", type=int, default=None, metavar="SECONDS")
    p.add_argument("--submission-timeout", type=float, default=600.0, metavar="SECONDS")
    p.add_argument("--no-sandbox", action="store_true",
                   help="run participants' code as yourself (limits and a throwaway folder only)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = steps.add_parser(
        "feedback", parents=[common], help="HTML feedback without hidden tests or solutions")
    p.add_argument("assignment", nargs="?", default=None, metavar="ASSIGNMENT")
    p.add_argument("--student", action="append", dest="students", metavar="ID")

    p = steps.add_parser(
        "report", parents=[common], help="cohort report (HTML and CSV)")
    p.add_argument("assignment", metavar="ASSIGNMENT")

    p = steps.add_parser(
        "codes", parents=[common], help="each participant's personal code (personal cases)")
    p.add_argument("--roster", required=True, help="CSV with a participant_id column")
    p.add_argument("--out", default=None, help="also write them to this CSV")

    p = steps.add_parser(
        "case", parents=[common], help="a participant's sheet: code, numbers, right answers")
    p.add_argument("assignment", metavar="ASSIGNMENT")
    p.add_argument("participant", metavar="PARTICIPANT_ID")

    p = steps.add_parser(
        "room", help="the room at a glance: each participant's lessons, exercises, mistakes")
    p.add_argument("--roster", required=True, help="CSV with a participant_id column")
    p.add_argument("--workspace", default="~{participant}", metavar="PATTERN",
                   help="each participant's workspace (default: their home folder, as on the "
                   "cohort hub; e.g. '/srv/work/{participant}')")
    p.add_argument("--course", default=None, metavar="FOLDER",
                   help="the course whose lessons count (default: a participant's course/)")
    p.add_argument("--csv", default=None, help="also write the table to this CSV")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``cxlab`` command; returns the exit status (0 fine, 1 some failed, 2 error).

    >>> main(["grade", "--jobs", "0", "--course-dir", "/nonexistent"])  # message on stderr
    2
    """
    args = _parser().parse_args(argv)
    from . import collect, feedback, grade, release, report

    try:
        if args.step == "release":
            for r in release(args.course_dir, args.assignments or None):
                print(f"{r.assignment}: {', '.join(r.notebooks)} -> {r.zip_path}")
            return 0
        if args.step == "collect":
            result = collect(args.path, course_dir=args.course_dir, assignment=args.assignment,
                             roster=args.roster)
            print(result.summary())
            return 0
        if args.step == "grade":
            summary = grade(args.course_dir, args.assignment, jobs=args.jobs,
                            students=args.students, force=args.force,
                            execute=args.execute, cell_timeout=args.cell_timeout,
                            submission_timeout=args.submission_timeout,
                            sandbox=not args.no_sandbox, progress=False if args.quiet else None)
            print(summary)
            return 1 if summary.failed else 0
        if args.step == "feedback":
            returned = feedback(args.course_dir, args.assignment, students=args.students)
            for one in returned:
                print(one.summary())
            return 1 if any(one.withheld for one in returned) else 0
        if args.step in ("codes", "case"):
            from .personal import codes, sheet, write_codes

            if args.step == "codes":
                rows = codes(args.course_dir, args.roster)
                for row in rows:
                    print(f"{row['participant_id']},{row['code']}")
                if args.out:
                    print(f"written to {write_codes(rows, args.out)}", file=sys.stderr)
                return 0
            print(sheet(args.course_dir, args.assignment, args.participant))
            return 0
        if args.step == "room":
            from .room import room, workspaces_from_roster

            seen = room(workspaces_from_roster(args.roster, pattern=args.workspace),
                        course_dir=args.course)
            print(seen)
            if args.csv:
                seen.table().to_csv(args.csv, index=False)
                print(f"written to {args.csv}", file=sys.stderr)
            return 0
        rep = report(args.assignment, args.course_dir)
        print(f"{rep.assignment}: {len(rep.grades)} participants -> {rep.html_path}")
        return 0
    except CxlabValueError as exc:
        print(f"cxlab: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cxlab: stopped; run the same command again to resume", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
