"""Every kind of output of an executed notebook is capped (``_worker._cap_output``)."""

from __future__ import annotations

import base64
import json

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from cxlab.grading import _worker
from cxlab.grading._worker import (
    MAX_IMAGE_CHARS,
    MAX_JSON_CHARS,
    MAX_NOTEBOOK_OUTPUT_CHARS,
    MAX_OUTPUT_CHARS,
    MAX_RICH_CHARS,
    _cap_output,
)


def _one(output) -> nbformat.NotebookNode:
    return new_notebook(cells=[new_code_cell("x", outputs=[output])])


def _size(nb) -> int:
    return sum(len(json.dumps(o)) for c in nb.cells for o in c.get("outputs", []))


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else value


def test_the_caps_are_sensible() -> None:
    assert MAX_OUTPUT_CHARS <= MAX_RICH_CHARS < MAX_IMAGE_CHARS < MAX_NOTEBOOK_OUTPUT_CHARS
    assert MAX_JSON_CHARS <= MAX_RICH_CHARS
    assert MAX_NOTEBOOK_OUTPUT_CHARS <= 10_000_000


def test_long_streams_are_cut_even_as_lists() -> None:
    for text in ("x" * 5_000_000, ["y" * 1_000] * 5_000):
        nb = _one(new_output("stream", name="stdout", text=text))
        changed = _cap_output(nb)
        out = nb.cells[0].outputs[0]
        assert changed == 1
        assert len(_text(out.text)) < MAX_OUTPUT_CHARS + 200
        assert "[output cut: 5000000 characters]" in _text(out.text)
        nbformat.validate(nb)


def test_small_outputs_are_untouched() -> None:
    png = base64.b64encode(b"\x89PNG" + b"\0" * 3000).decode()
    outputs = [
        new_output("stream", name="stdout", text="hello\n"),
        new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"}),
        new_output("execute_result", data={"text/plain": "0.5", "text/html": "<b>0.5</b>",
                                           "application/json": {"a": [1, 2]}},
                   execution_count=1),
        new_output("error", ename="ValueError", evalue="bad", traceback=["ValueError: bad"]),
    ]
    nb = new_notebook(cells=[new_code_cell("x", outputs=outputs)])
    before = json.dumps(nb, sort_keys=True)
    assert _cap_output(nb) == 0
    assert json.dumps(nb, sort_keys=True) == before


def test_big_plain_text_is_cut_and_rich_text_replaced_by_a_note() -> None:
    nb = _one(new_output("display_data", data={
        "text/plain": "p" * (MAX_OUTPUT_CHARS * 3),
        "text/html": "<table>" + "<tr><td>1</td></tr>" * 50_000 + "</table>",
        "text/markdown": "m" * (MAX_RICH_CHARS + 1),
    }))
    assert _cap_output(nb) == 3
    data = nb.cells[0].outputs[0].data
    assert "text/html" not in data and "text/markdown" not in data
    plain = _text(data["text/plain"])
    assert plain.startswith("p" * 1000) and len(plain) < MAX_OUTPUT_CHARS + 500
    assert "[output removed: text/html of 950015 characters" in plain
    assert "[output removed: text/markdown of" in plain
    nbformat.validate(nb)


def test_big_json_and_images_are_replaced_by_a_note() -> None:
    huge_json = {"rows": [{"a": i, "b": "x" * 20} for i in range(20_000)]}
    nb = new_notebook(cells=[new_code_cell("x", outputs=[
        new_output("execute_result", data={"application/json": huge_json}, execution_count=1),
        new_output("display_data", data={"application/vnd.custom+json": huge_json}),
        new_output("display_data", data={"image/png": "A" * (MAX_IMAGE_CHARS + 4),
                                         "text/plain": "<Figure size 640x480>"}),
        new_output("display_data", data={"image/svg+xml": "<svg>" + " " * MAX_RICH_CHARS}),
    ])])
    assert _cap_output(nb) == 4
    first, second, image, svg = nb.cells[0].outputs
    assert "application/json" not in first.data
    assert _text(first.data["text/plain"]).startswith(
        "[output removed: application/json of ")
    assert "application/vnd.custom+json" not in second.data
    assert "image/png" not in image.data
    assert _text(image.data["text/plain"]).startswith("<Figure size 640x480>")
    assert "[output removed: image/png of" in _text(image.data["text/plain"])
    assert "image/svg+xml" not in svg.data
    assert _size(nb) < 10_000
    nbformat.validate(nb)


def test_big_errors_and_metadata_are_capped() -> None:
    nb = new_notebook(cells=[new_code_cell("x", outputs=[
        new_output("error", ename="E" * 10_000, evalue="v" * 5_000_000,
                   traceback=["t" * 1_000_000] * 50),
        new_output("display_data", data={"text/plain": "ok"},
                   metadata={"junk": "j" * 1_000_000}),
    ])])
    assert _cap_output(nb) >= 3
    error, shown = nb.cells[0].outputs
    assert error.output_type == "error"  # still an error: nbgrader scores the cell 0
    assert len(json.dumps(error)) < 3 * MAX_OUTPUT_CHARS
    assert shown.metadata == {} and shown.data["text/plain"] == "ok"
    nbformat.validate(nb)


def test_the_whole_notebook_is_capped_and_scoring_signals_survive() -> None:
    image = "B" * (MAX_IMAGE_CHARS - 1_000)
    cells = [new_code_cell(f"c{i}", outputs=[
        new_output("display_data", data={"image/png": image, "text/plain": "<Figure>"}),
        new_output("stream", name="stdout", text="o" * 10_000),
    ]) for i in range(20)]
    cells.append(new_code_cell("late_error", outputs=[
        new_output("stream", name="stdout", text="s" * 10_000),
        new_output("error", ename="AssertionError", evalue="wrong", traceback=["wrong"]),
    ]))
    cells.append(new_code_cell("late_stderr", outputs=[
        new_output("stream", name="stderr", text="warning " * 1_000),
    ]))
    cells.append(new_code_cell("late_result", outputs=[
        new_output("execute_result", data={"text/plain": "0.5"}, execution_count=3),
    ]))
    nb = new_notebook(cells=cells)
    assert _cap_output(nb) > 0
    assert _size(nb) <= MAX_NOTEBOOK_OUTPUT_CHARS + 50_000
    late_error, late_stderr, late_result = nb.cells[-3:]
    assert [o.output_type for o in late_error.outputs if o.output_type == "error"] == ["error"]
    assert any(o.output_type == "stream" and o.name == "stderr" for o in late_stderr.outputs)
    result = [o for o in late_result.outputs if o.output_type == "execute_result"]
    assert result and result[0].data["text/plain"] == "0.5"  # partial credit still readable
    notes = [_text(o.text) for c in nb.cells for o in c.outputs if o.output_type == "stream"]
    assert any("outputs passed" in n for n in notes)
    nbformat.validate(nb)


def test_cap_output_names_what_it_did_for_the_trainer() -> None:
    assert _worker.describe_caps("00-start-here", 3) == (
        "00-start-here: 3 output(s) too big to keep were cut or replaced by a note")
    assert _worker.describe_caps("00-start-here", 0) == ""
