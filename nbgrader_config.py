"""nbgrader configuration for the cxlab assessments.

Sources live in assessments/<assignment>/; nbgrader writes release/, submitted/,
autograded/, feedback/ and gradebook.db beside this file (all git-ignored).
"""

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "cxlab"
c.CourseDirectory.source_directory = "assessments"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"

# Answer cells carry their own friendly placeholder (``q1 = None``) above the solution block,
# so the release needs no stub: participants never meet "raise NotImplementedError()".
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# A runaway answer must not hold up grading (seconds per cell).
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True
