"""The capstone's one-page plan: rendered, complete, escaped, images with alt text, saved safely."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import cxlab
from cxlab import CxlabValueError
from cxlab._style import describe
from cxlab.organisation import (
    DEFAULT_FILENAME,
    SECTIONS,
    OnePagePlan,
    one_page_plan,
    plan_section,
    save_plan,
)


@pytest.fixture(autouse=True, scope="module")
def _no_display():
    plt.switch_backend("Agg")
    yield
    plt.close("all")


HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


class _Page(HTMLParser):
    """Collects headings, images and scripts of a page (the standard library's parser)."""

    def __init__(self) -> None:
        super().__init__()
        self.h2: list[str] = []
        self.images: list[dict[str, str]] = []
        self.scripts = 0
        self.cells: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))
        if tag == "script":
            self.scripts += 1
        self._in = tag

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, text):
        if self._in == "h2":
            self.h2.append(text)
        if self._in == "td":
            self.cells.append(text)


def _figure(text: str | None = "Two bars: 3 and 5."):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["a", "b"], [3, 5])
    if text:
        describe(fig, text)
    return fig


@pytest.fixture(scope="module")
def plan() -> OnePagePlan:
    sections = [plan_section(key, text=f"Our {key}. {HOSTILE}") for key in SECTIONS]
    sections[0] = plan_section("journey", text="Nine stages.", figure=_figure())
    sections[2] = plan_section("backlog", table=pd.DataFrame(
        {"title": [f"Idea {i} {HOSTILE}" for i in range(11)], "owner": ["Billing"] * 11},
        index=pd.Index([f"CX-{i:02d}" for i in range(11)], name="code")))
    plt.close("all")
    return one_page_plan(sections[::-1], organisation="Northwave", author=f"Sam {HOSTILE}",
                         ambition=f"Right first time {HOSTILE}", date="2027-10-01")


def test_the_page_renders_every_section_in_order(plan):
    page = _Page()
    page.feed(plan.html)
    assert page.h2 == [f"{n}. {heading}" for n, heading in enumerate(SECTIONS.values(), 1)]
    assert [s.key for s in plan.sections] == list(SECTIONS)
    assert plan.html.startswith("<!DOCTYPE html>")
    assert "01 October 2027" in plan.html


def test_typed_text_is_escaped_everywhere(plan):
    page = _Page()
    page.feed(plan.html)
    assert page.scripts == 0
    assert HOSTILE not in plan.html
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    # author, ambition, six section texts and the eight table rows shown
    assert plan.html.count(escaped) == 1 + 1 + 6 + 8


def test_tables_show_eight_rows_and_count_the_rest(plan):
    backlog = plan.sections[2]
    assert backlog.columns == ("code", "title", "owner")
    assert len(backlog.rows) == 8 and backlog.rows_left_out == 3
    assert "and 3 more" in plan.html


def test_images_are_embedded_png_with_alt_text(plan):
    page = _Page()
    page.feed(plan.html)
    assert len(page.images) == 1
    image = page.images[0]
    assert image["alt"] == "Two bars: 3 and 5."
    head, _, payload = image["src"].partition(",")
    assert head == "data:image/png;base64"
    assert base64.b64decode(payload)[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_page_is_self_contained(plan):
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", plan.html)
    assert "@import" not in plan.html and "<link" not in plan.html


def test_an_alt_given_by_hand_is_escaped_and_a_figure_needs_one():
    section = plan_section("roadmap", figure=_figure(None), alt='Roadmap "Q1" <now>')
    assert section.alt == 'Roadmap "Q1" <now>'
    parts = [section] + [plan_section(k) for k in SECTIONS if k != "roadmap"]
    html = one_page_plan(parts, organisation="N", author="S").html
    assert 'alt="Roadmap &#34;Q1&#34; &lt;now&gt;"' in html
    with pytest.raises(CxlabValueError, match="the figure of 'roadmap' needs a text "
                                              "alternative"):
        plan_section("roadmap", figure=_figure(None))
    plt.close("all")


def test_plan_parts_are_checked():
    parts = [plan_section(k) for k in SECTIONS]
    with pytest.raises(CxlabValueError, match="missing 'dashboard'"):
        one_page_plan(parts[:-1], organisation="N", author="S")
    with pytest.raises(CxlabValueError, match="'voice' is there twice"):
        one_page_plan(parts + [plan_section("voice")], organisation="N", author="S")
    with pytest.raises(CxlabValueError, match="text of 'voice' must be at most 800 characters"):
        plan_section("voice", text="x" * 801)
    with pytest.raises(CxlabValueError, match="table of 'backlog' must have at most 6 columns"):
        plan_section("backlog", table=pd.DataFrame([[1] * 7]), index=False)
    with pytest.raises(CxlabValueError, match="organisation and author must be given"):
        one_page_plan(parts, organisation=" ", author="S")


def test_the_template_is_package_data():
    template = files("cxlab.organisation").joinpath("templates", "one_page_plan.html.j2")
    assert template.is_file()
    # Nothing in the template switches escaping off.
    assert not re.search(r"\|\s*safe|autoescape\s+false", template.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------------
# Saving into the participant's working folder

def test_save_plan_writes_the_default_name_in_the_current_folder(plan, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = save_plan(plan)
    assert path == tmp_path / DEFAULT_FILENAME
    assert path.read_text(encoding="utf-8") == plan.html


def test_save_plan_takes_a_plain_name(plan, tmp_path):
    assert save_plan(plan, " northwave plan ", folder=tmp_path).name == "northwave plan.html"
    assert save_plan(plan, "v2.htm", folder=tmp_path).name == "v2.htm"
    with pytest.raises(CxlabValueError, match="already exists"):
        save_plan(plan, "v2.htm", folder=tmp_path, overwrite=False)


@pytest.mark.parametrize("name", ["../escape.html", "sub/plan.html", "/tmp/plan.html",
                                  "plan<1>.html", "", ".hidden", "x" * 90])
def test_save_plan_refuses_names_with_folders_or_odd_characters(plan, tmp_path, name):
    with pytest.raises(CxlabValueError, match="filename must be a plain file name"):
        save_plan(plan, name, folder=tmp_path)


def test_save_plan_refuses_the_course_folder_and_the_package(plan, tmp_path):
    (tmp_path / "solutions").mkdir()
    course = tmp_path / "course" / "06-making-cx-stick"
    course.mkdir(parents=True)
    with pytest.raises(CxlabValueError, match="inside the course folder"):
        save_plan(plan, folder=course)
    package = Path(cxlab.__file__).parent
    with pytest.raises(CxlabValueError, match="inside the cxlab package"):
        save_plan(plan, folder=package / "organisation")
    with pytest.raises(CxlabValueError, match="folder must be an existing folder"):
        save_plan(plan, folder=tmp_path / "nowhere")
    assert not list(course.iterdir())
