"""A trainer's view: nbgrader's Formgrader in the browser lists the released assessments.

The server serves a course directory (nbgrader_config.py, assessments/, a throwaway exchange)
in which every assessment was generated and released with nbgrader beforehand, as a trainer
would do it; nbgrader's server extension is the one installed in this venv.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_formgrader_lists_the_released_assessments(lab, released) -> None:
    # The assessments the trainer released (the server's copy of assessments/).
    assessments = sorted(p.name for p in (released / "assessments").iterdir() if p.is_dir())
    assert assessments == sorted(p.name for p in (released / "release").iterdir())
    assert assessments, "no assessments to list"

    lab.page.goto(f"{lab.server.url}/formgrader?token={lab.server.token}")
    expect(lab.page.locator("body")).to_contain_text("Manage Assignments")
    rows = lab.page.locator("#main-table tr")
    expect(rows).to_have_count(len(assessments))

    names = [text.strip() for text in rows.locator("td.name").all_inner_texts()]
    statuses = [text.strip() for text in rows.locator("td.status").all_inner_texts()]
    assert sorted(names) == assessments
    assert statuses == ["released"] * len(assessments), dict(zip(names, statuses, strict=True))
    # Each row links to its release folder for preview.
    previews = rows.locator("td.preview a")
    expect(previews).to_have_count(len(assessments))
    assert sorted(previews.evaluate_all("links => links.map(a => a.getAttribute('href'))")) == [
        f"/tree/./release/{name}" for name in assessments
    ]
    # No warning that the exchange is missing (release and collect would not work).
    expect(lab.page.locator("body")).not_to_contain_text("exchange directory")
    assert lab.errors == [], "errors in the browser console:\n" + "\n".join(lab.errors)
