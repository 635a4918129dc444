"""Trainer workflow over nbgrader: release, collect, grade, feedback and cohort report.

Each step is a function and a ``cxlab`` sub-command::

    cxlab release [ASSIGNMENT...]        # release/<assignment>/ and release/<assignment>.zip
    cxlab collect PATH [--roster CSV]    # LMS download -> submitted/<participant>/<assignment>/
    cxlab grade [ASSIGNMENT] --jobs 2    # parallel, sandboxed, resumable autograding
    cxlab feedback [ASSIGNMENT]          # feedback/<participant>/<assignment>/*.html, scrubbed
    cxlab report ASSIGNMENT              # reports/<assignment>/report.html and CSV files

This package imports nbgrader; ``import cxlab`` does not import it (use
``from cxlab import grading`` or ``import cxlab.grading``).
"""

from __future__ import annotations

from ._course import Course, GradingError, open_course
from .collect import Collected, CollectResult, Unmatched, collect
from .feedback import FeedbackResult, feedback
from .grade import GradingSummary, SubmissionResult, grade
from .release import Released, release
from .report import CohortReport, report
from .sandbox import Limits, Sandbox

__all__ = [
    "CohortReport",
    "Collected",
    "CollectResult",
    "Course",
    "FeedbackResult",
    "GradingError",
    "GradingSummary",
    "Limits",
    "Released",
    "Sandbox",
    "SubmissionResult",
    "Unmatched",
    "collect",
    "feedback",
    "grade",
    "open_course",
    "release",
    "report",
]
