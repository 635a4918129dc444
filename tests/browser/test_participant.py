"""A participant's session in JupyterLab, in a real (headless) browser.

Each test opens a course notebook as a participant would, runs it from the Run menu and uses
its widgets; the expected numbers are worked out here from the formulas, not read back from
cxlab.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import time

import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT, load_notebook

pytestmark = pytest.mark.browser

WELCOME = "course/00-start-here/00.01-welcome.ipynb"
ASSESSMENT = "00-start-here"


def _notebook_using(folder: str, call: str) -> str:
    """The notebook under ``folder`` whose code calls ``call`` (path relative to the repo)."""
    found = [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / folder).glob("*.ipynb"))
        if any(
            call in "".join(cell["source"])
            for cell in load_notebook(path)["cells"]
            if cell["cell_type"] == "code"
        )
    ]
    assert len(found) == 1, f"expected one notebook in {folder} calling {call}, found {found}"
    return found[0]


def _erlang_c(agents: int, erlangs: float) -> float:
    """Probability of waiting, via the Erlang B recursion B(k) = A B(k-1) / (k + A B(k-1))."""
    b = 1.0
    for k in range(1, agents + 1):
        b = erlangs * b / (k + erlangs * b)
    return agents * b / (agents - erlangs * (1 - b))


def _staffing(calls: int, aht: int, threshold: int, target: float) -> tuple[int, float, float]:
    """(agents needed, their service level, their ASA) for a half hour, Erlang C."""
    a = calls * aht / 1800
    n = math.floor(a) + 1
    while True:
        pw = _erlang_c(n, a)
        sl = 1 - pw * math.exp(-(n - a) * threshold / aht)
        if sl >= target:
            return n, sl, pw * aht / (n - a)
        n += 1


def test_the_tests_own_erlang_c_matches_published_values() -> None:
    # The project's reference table (REFERENCES.md, Erlang C): C(3, 2) = 4/9, C(2, 1.5) = 9/14;
    # 100 calls of 180 s at 80/20 need N = 14 (Pw 0.17413, SL 0.88835, ASA 7.84 s) and
    # N = 13 gives SL 0.7956.
    assert _erlang_c(3, 2) == pytest.approx(4 / 9)
    assert _erlang_c(2, 1.5) == pytest.approx(9 / 14)
    n, sl, asa = _staffing(100, 180, 20, 0.8)
    assert n == 14
    assert _erlang_c(14, 10) == pytest.approx(0.17413, abs=5e-6)
    assert sl == pytest.approx(0.88835, abs=5e-6)
    assert asa == pytest.approx(7.84, abs=5e-3)
    assert 1 - _erlang_c(13, 10) * math.exp(-3 * 20 / 180) == pytest.approx(0.7956, abs=5e-5)


def _no_errors(lab) -> None:
    assert lab.errors == [], "errors in the browser console:\n" + "\n".join(lab.errors)


def test_welcome_runs_and_the_slider_changes_the_workload(lab) -> None:
    lab.open_notebook(WELCOME)
    assert lab.dialogs() == []
    lab.run_all()

    # The sliders are found by the names a screen reader says (their visible labels).
    output = lab.output_with(".cxlab-slider", "Calls / 30 min")
    slider = output.get_by_role("slider", name="Calls / 30 min", exact=True)
    sentence = output.locator(".widget-html-content")
    output.scroll_into_view_if_needed()
    aht = int(output.get_by_role("spinbutton", name="AHT (seconds): type a number")
              .input_value())
    before = int(slider.input_value())
    expect(sentence).to_contain_text(
        f"{before} calls x {aht} s in 30 minutes = {before * aht / 1800:.1f} Erlangs"
    )

    slider.focus()
    slider.press("ArrowRight")  # one step of the slider: 5 calls
    after = before + 5
    expect(slider).to_have_value(str(after))
    expect(slider).to_have_attribute("aria-valuetext", str(after))
    expect(sentence).to_contain_text(
        f"{after} calls x {aht} s in 30 minutes = {after * aht / 1800:.1f} Erlangs"
    )
    _no_errors(lab)


_IMAGE_DIGEST = """async (img) => {
    if (!img.src || !img.complete || img.naturalWidth === 0) return null;
    const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return {
        png: String.fromCharCode(...bytes.slice(1, 4)) === 'PNG',
        width: img.naturalWidth,
        sha256: Array.from(hash, b => b.toString(16).padStart(2, '0')).join(''),
    };
}"""


def _figure(image, *, differing_from: str | None = None, timeout: float = 20.0) -> dict:
    """The picture shown (PNG check, width, SHA-256), once it differs from ``differing_from``."""
    deadline = time.monotonic() + timeout
    while True:
        shown = image.evaluate(_IMAGE_DIGEST)
        if shown is not None and shown["sha256"] != differing_from:
            return shown
        if time.monotonic() > deadline:
            pytest.fail(f"the figure did not change within {timeout:.0f} s (shown: {shown})")
        time.sleep(0.2)


def test_erlang_calculator_follows_a_change_of_aht(lab) -> None:
    lab.open_notebook(_notebook_using("course/01-service-level", "erlang_calculator("))
    lab.run_all()

    output = lab.output_with(".cxlab-slider", "Calls per 30 min")
    output.scroll_into_view_if_needed()

    def readout(label: str):
        """The number box beside the slider ``label`` (the exact value, to read or type)."""
        return output.get_by_role("spinbutton", name=f"{label}: type a number", exact=True)

    calls = int(readout("Calls per 30 min").input_value())
    threshold = int(readout("Threshold T (seconds)").input_value())
    target = int(readout("Target service level").input_value()) / 100  # the box shows 80 (%)
    summary = output.locator(".widget-html-content")
    image = output.locator("img")

    def expect_numbers(aht: int) -> None:
        n, sl, asa = _staffing(calls, aht, threshold, target)
        expect(summary).to_contain_text(
            f"Workload: {calls:,} calls x {aht} s / 1,800 s = {calls * aht / 1800:.1f} Erlangs"
        )
        expect(summary).to_contain_text(
            f"Agents needed for {target:.0%} in {threshold} s (Erlang C): {n} on the phones"
        )
        expect(summary).to_contain_text(
            f"With {n} agents (Erlang C, nobody hangs up): service level {sl:.1%}, "
            f"ASA {asa:.1f} s"
        )

    expect_numbers(int(readout("AHT (seconds)").input_value()))
    first = _figure(image)
    assert first["png"] and first["width"] > 300, first

    # A participant clicks the AHT number and types a new one.
    readout("AHT (seconds)").click()
    lab.page.keyboard.press("Control+A")
    lab.page.keyboard.type("240")
    lab.page.keyboard.press("Enter")
    expect(readout("AHT (seconds)")).to_have_value("240")
    expect(output.get_by_role("slider", name="AHT (seconds)")).to_have_value("240")
    expect_numbers(240)
    second = _figure(image, differing_from=first["sha256"])
    assert second["png"] and second["width"] > 300, second

    # A percentage is typed as it reads (85 for 85%); a number between steps goes to the
    # nearest step (the threshold moves in 5 s steps).
    for label, typed in [("Target service level", "85"), ("Threshold T (seconds)", "32")]:
        readout(label).fill(typed)
        readout(label).press("Enter")
    expect(output.get_by_role("slider", name="Target service level")).to_have_attribute(
        "aria-valuetext", "85%")
    expect(readout("Threshold T (seconds)")).to_have_value("30")
    target, threshold = 0.85, 30
    expect_numbers(240)
    _no_errors(lab)


def test_practice_quiz_gives_feedback_wrong_then_right(lab) -> None:
    bank = json.loads((ROOT / "src/cxlab/quiz/banks/00-start-here.json").read_text())
    question = next(q for q in bank["questions"] if q["id"] == "erlangs-calc")
    assert "150 calls" in question["prompt"] and "240 seconds" in question["prompt"]
    right = 150 * 240 / 1800  # 20 Erlangs

    lab.open_notebook(WELCOME)
    lab.run_all()
    card = lab.page.locator(".cxlab-question").filter(has_text=question["prompt"][:40])
    card.scroll_into_view_if_needed()
    answer = card.locator("input[type=text]")
    feedback = card.locator(".widget-html-content").last
    score = lab.page.locator(".cxlab-quiz").locator(".widget-html-content").last

    answer.fill(f"{right * 0.75:g}")
    card.get_by_role("button", name="Check").click()
    expect(feedback).to_contain_text("✘")
    expect(feedback).to_contain_text(question["hint"])
    expect(feedback).to_contain_text("(try 1)")

    answer.fill(f"{right:g}")
    card.get_by_role("button", name="Check").click()
    expect(feedback).to_contain_text("✔")
    expect(feedback).to_contain_text("Correct")
    expect(feedback).to_contain_text("(try 2)")
    total = len(bank["questions"])
    expect(score).to_contain_text(f"Score: 1 of {total}")
    expect(score).to_contain_text(f"1 of {total} tried")
    expect(score).to_contain_text("0 right at the first try")
    _no_errors(lab)


def _cells(nb: dict) -> list[tuple[str, str, dict]]:
    return [
        (c["cell_type"], "".join(c["source"]), c["metadata"].get("nbgrader", {}))
        for c in nb["cells"]
    ]


def _calls_per_day() -> dict[str, int]:
    """Calls offered per day of the shipped voice week, read here with pandas."""
    import pandas as pd

    week = pd.read_csv(ROOT / "src" / "cxlab" / "data" / "voice_week.csv",
                       parse_dates=["interval_start"])
    return {day: int(n) for day, n in
            week.groupby(week["interval_start"].dt.day_name())["offered"].sum().items()}


def _typed(code: str) -> dict[str, str]:
    """What a manager types under each answer cell's first line (no quotes, units allowed):
    their personal code, then the right answers to their own case, worked out here."""
    from cxlab.cases import draw

    v = draw(ASSESSMENT, code).values
    return {"code": code.lower().replace("-", " "),  # as a person might type it
            "q1": f"{v['calls1'] * v['aht1'] / 1800:g} Erlangs", "q2": "b)",
            "q3": f"{_calls_per_day()[v['day3']]:,} calls", "q4": "average speed of answer",
            "q5": "A, C and E"}


def test_typed_answers_without_quotes_are_handed_in_and_marked_right(lab, released) -> None:
    from cxlab.cases import code_for
    from cxlab.grading import grade
    from cxlab.grading._course import open_course

    student = "browser-participant"
    typed = _typed(code_for(open_course(released).secret(), student))
    # The participant's copy of the release, as they would receive it.
    release = released / "release" / ASSESSMENT / f"{ASSESSMENT}.ipynb"
    mine = released / "participant" / ASSESSMENT / release.name
    mine.parent.mkdir(parents=True)
    shutil.copy(release, mine)
    original = load_notebook(release)

    lab.open_notebook(mine.relative_to(released).as_posix())
    assert lab.dialogs() == []
    for name, text in typed.items():
        cell = lab.page.locator(".jp-CodeCell").filter(has_text=f"%%answer {name} ")
        cell.locator(".cm-content").click()
        lab.page.keyboard.press("Control+End")
        lab.page.keyboard.press("Enter")
        lab.page.keyboard.type(text)
    tab = lab.page.locator(".lm-TabBar-tab.jp-mod-current")
    modified = re.compile(r"\bjp-mod-dirty\b")  # the tab's "not saved yet" dot
    expect(tab).to_have_class(modified)
    lab.run_all()
    # each answer says how it reads, and the summary at the end finds nothing missing
    expect(lab.output_with("pre", f"Question 1: your answer reads as {typed['q1']}"
                           )).to_be_visible()
    expect(lab.output_with("pre", "Question 5: your answer reads as A, C, E"
                           )).to_be_visible()
    summary = lab.output_with("pre", "5 of 5 questions answered and readable")
    expect(summary).to_be_visible()
    summary.scroll_into_view_if_needed()
    lab.page.screenshot(path=str(_shots() / "typed-answers-summary.png"))
    lab.page.keyboard.press("Control+S")
    expect(tab).not_to_have_class(modified, timeout=15_000)

    deadline = time.monotonic() + 15
    while "A, C and E" not in mine.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    saved = load_notebook(mine)
    for _, src, meta in _cells(saved):
        if meta.get("grade_id") in typed:
            assert src.rstrip().endswith(typed[meta["grade_id"]]), src
    # Everything else nbgrader grades by (cell types, ids, points, locked sources) is untouched.
    assert [(k, m) for k, _, m in _cells(saved)] == [(k, m) for k, _, m in _cells(original)]
    assert [s for _, s, m in _cells(saved) if m.get("locked")] == \
        [s for _, s, m in _cells(original) if m.get("locked")]
    _no_errors(lab)

    # Hand in: the trainer collects the saved file and marks it.
    target = released / "submitted" / student / ASSESSMENT
    target.mkdir(parents=True)
    shutil.copy(mine, target / mine.name)
    summary = grade(released, ASSESSMENT, students=[student], progress=False)
    assert [r.status for r in summary.results] == ["graded"], str(summary)
    assert summary.results[0].score == 6  # every automatic mark; the written answer is open
    # typed with the participant's own code: nothing to flag
    assert not any("personal code" in n for n in summary.results[0].notes), \
        summary.results[0].notes


def _shots():
    folder = ROOT / "test-artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_personal_code_shows_the_participants_own_numbers(lab, released) -> None:
    from cxlab.cases import code_for, draw
    from cxlab.grading._course import open_course

    assignment = "01-service-level"
    release = released / "release" / assignment / f"{assignment}.ipynb"
    mine = released / "participant-personal" / assignment / release.name
    mine.parent.mkdir(parents=True)
    shutil.copy(release, mine)
    code = code_for(open_course(released).secret(), "browser-personal")
    numbers = draw(assignment, code).values

    lab.open_notebook(mine.relative_to(released).as_posix())
    cell = lab.page.locator(".jp-CodeCell").filter(has_text="%%answer code code")
    cell.locator(".cm-content").click()
    lab.page.keyboard.press("Control+End")
    lab.page.keyboard.press("Enter")
    lab.page.keyboard.type(code.lower().replace("-", " "))  # as a person might type it
    lab.run_all()
    expect(lab.output_with("pre", f"Your personal code reads as {code}")).to_be_visible()
    box = lab.page.locator(".jp-RenderedMarkdown").filter(
        has_text=f"{numbers['calls2']} calls per half hour")
    expect(box).to_be_visible()
    assert f"{numbers['aht2']} seconds" in (box.first.text_content() or "")
    box.scroll_into_view_if_needed()
    lab.page.screenshot(path=str(_shots() / "personal-case-numbers.png"))
    _no_errors(lab)
