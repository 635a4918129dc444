"""``cxlab release``: the participant versions of the assessments, one zip per assignment."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ._course import GradingError, captured_log, open_course, quiet_logger

__all__ = ["Released", "release"]


@dataclass(frozen=True)
class Released:
    """One released assignment: its folder under ``release/`` and the zip made from it."""

    assignment: str
    folder: Path
    zip_path: Path
    notebooks: tuple[str, ...]


def release(
    course_dir: str | os.PathLike | None = None,
    assignments: Sequence[str] | None = None,
) -> list[Released]:
    """Generate the participant versions with nbgrader and zip each assignment.

    Runs nbgrader's ``GenerateAssignment`` (solutions and hidden tests removed, cells locked,
    checksums and the source cells recorded in the gradebook), then writes
    ``release/<assignment>.zip`` holding ``<assignment>/<notebook>.ipynb`` and any data files,
    ready to upload to an LMS or attach to an e-mail.

    Parameters
    ----------
    course_dir
        The course directory (holding ``nbgrader_config.py``); default the current directory.
    assignments
        Assignment names (folders of the source directory); default all of them.

    Returns
    -------
    list of Released

    Raises
    ------
    GradingError
        Unknown assignment, or nbgrader could not generate it (the message quotes its log).

    Examples
    --------
    >>> release("/nonexistent-course")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cxlab.grading._course.GradingError: course_dir must be a folder holding nbgrader_config.py...
    """
    from nbgrader.converters import GenerateAssignment

    course = open_course(course_dir)
    names = list(assignments) if assignments else course.assignments()
    if not names:
        raise GradingError(f"there is no assignment to release in {course.folder('source')}")
    for name in names:
        course.check_assignment(name)
    done = []
    for name in names:
        coursedir = course.coursedir
        coursedir.assignment_id = name
        app = GenerateAssignment(
            coursedir=coursedir, config=course.config, log=quiet_logger(), force=True
        )
        with captured_log(app) as log:
            cwd = os.getcwd()
            try:
                app.start()
            except Exception as exc:
                raise GradingError(
                    f"nbgrader could not release {name!r}: {exc}\n{log.getvalue()}"
                ) from exc
            finally:
                os.chdir(cwd)
        folder = course.folder("release") / name
        zip_path = folder.parent / f"{name}.zip"
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in files:
                zf.write(path, Path(name) / path.relative_to(folder))
        done.append(
            Released(
                assignment=name,
                folder=folder,
                zip_path=zip_path,
                notebooks=tuple(p.name for p in files if p.suffix == ".ipynb"),
            )
        )
    return done
