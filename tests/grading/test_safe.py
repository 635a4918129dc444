"""``cxlab.grading._safe``: reading participants' notebooks and printing their text safely."""

from __future__ import annotations

import json
import time
from pathlib import Path

import nbformat
import pytest

from cxlab.grading._safe import (
    SubmissionError,
    read_notebook,
    read_notebook_with_notes,
    terminal_safe,
)


def _nb(cells: list, **top) -> dict:
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5, **top}


def _code(source, **extra) -> dict:
    return {"cell_type": "code", "id": extra.pop("id", "c1"), "metadata": {}, "outputs": [],
            "execution_count": None, "source": source, **extra}


def _write(path: Path, content) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path


# --- read_notebook: what is refused, with a sentence naming the file ------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"^ann\.ipynb is empty"),
        (b"  \n ", r"^ann\.ipynb is empty"),
        ('{"cells": [', r"^ann\.ipynb is not valid JSON \(line 1, column 12\)"),
        ('{"cells": []}\n\n{', r"^ann\.ipynb is not valid JSON \(line 3, column 1\)"),
        (b"\xff\xfe{}", r"^ann\.ipynb is not a notebook: it is not UTF-8 text"),
        ("[1, 2]", r"^ann\.ipynb is not a notebook: it holds a JSON list"),
        ('{"a": 1}', r"^ann\.ipynb is not a notebook: it has no cells"),
        ({"cells": {}, "nbformat": 4}, r"^ann\.ipynb is not a notebook: its cells are not a list"),
        ({"cells": [], "nbformat": 7}, r"^ann\.ipynb is saved in nbformat 7, which cxlab cannot"),
        (_nb([_code(7)]), r"^ann\.ipynb: cell 1's source holds a number \(7\) where text belongs"),
        (_nb([_code({"a": 1})]), r"^ann\.ipynb: cell 1's source holds a mapping \(\{'a': 1\}\)"),
    ],
)
def test_unreadable_files_are_refused_with_one_sentence(tmp_path, content, message) -> None:
    path = _write(tmp_path / "ann.ipynb", content)
    with pytest.raises(SubmissionError, match=message) as info:
        read_notebook(path)
    text = str(info.value)
    assert "\n" not in text and text.endswith(".")


def test_a_missing_file_is_a_submission_error(tmp_path) -> None:
    with pytest.raises(SubmissionError, match=r"^nope\.ipynb cannot be read \(No such file"):
        read_notebook(tmp_path / "nope.ipynb")


def test_too_big_is_refused_before_it_is_read(tmp_path) -> None:
    path = _write(tmp_path / "big.ipynb", _nb([_code("x" * 5000)]))
    with pytest.raises(SubmissionError, match=r"^big\.ipynb is 5\.\d kB, more than the 1 kB a "
                                              r"notebook may be"):
        read_notebook(path, max_bytes=1000)
    # 5 GB (sparse, so nothing is written): refused at once, without reading it
    huge = tmp_path / "huge.ipynb"
    with open(huge, "wb") as fh:
        fh.truncate(5 * 10**9)
    start = time.perf_counter()
    with pytest.raises(SubmissionError, match=r"^huge\.ipynb is 5 GB, more than the 20 MB"):
        read_notebook(huge)
    assert time.perf_counter() - start < 0.5


def test_too_many_cells_is_refused(tmp_path) -> None:
    path = _write(tmp_path / "many.ipynb", _nb([_code("x", id=f"c{i}") for i in range(11)]))
    with pytest.raises(SubmissionError, match=r"^many\.ipynb has 11 cells, more than the 10"):
        read_notebook(path, max_cells=10)
    assert len(read_notebook(path, max_cells=11).cells) == 11


@pytest.mark.parametrize("depth", [100, 200_000])
def test_deep_nesting_is_refused_without_recursion_errors(tmp_path, depth) -> None:
    deep = "[" * depth + "]" * depth
    text = json.dumps(_nb([_code("x", metadata={})])).replace('"metadata": {}', f'"deep": {deep}'
                                                                + ', "metadata": {}', 1)
    path = _write(tmp_path / "deep.ipynb", text)
    with pytest.raises(SubmissionError, match=r"^deep\.ipynb nests its data more than 64 levels"):
        read_notebook(path)


def test_brackets_inside_strings_do_not_count_as_nesting(tmp_path) -> None:
    source = '"[[[[' * 100 + '\\"{{{{' * 100
    path = _write(tmp_path / "ok.ipynb", _nb([_code(source)]))
    assert read_notebook(path).cells[0].source == source


def test_nesting_at_the_limit_is_fine(tmp_path) -> None:
    nb = _nb([_code("x")])
    inner: object = 1
    for _ in range(60):
        inner = [inner]
    nb["cells"][0]["metadata"] = {"deep": inner}  # 64 levels in all with the notebook's own
    path = _write(tmp_path / "ok.ipynb", nb)
    assert read_notebook(path, max_depth=64).cells[0].metadata["deep"]
    with pytest.raises(SubmissionError, match="more than 63 levels"):
        read_notebook(path, max_depth=63)


# --- read_notebook: what is repaired, with notes ------------------------------------------


def test_a_number_in_a_source_list_is_left_out_and_named(tmp_path) -> None:
    nb = _nb([_code(["x = 1\n"], id="a"), _code(["q1 = ", 7, "'B'\n", None], id="b")])
    path = _write(tmp_path / "ann.ipynb", nb)
    got, notes = read_notebook_with_notes(path)
    assert got.cells[1].source == "q1 = 'B'\n"
    assert got.cells[0].source == "x = 1\n"
    assert notes == [
        "cell 2's source holds a number (7) where text belongs; it was left out.",
        "cell 2's source holds nothing (None) where text belongs; it was left out.",
    ]
    assert read_notebook(path).metadata["cxlab_read_notes"] == notes


def test_missing_parts_are_filled_in(tmp_path) -> None:
    nb = {"cells": [{"cell_type": "code", "source": "x = 1"},
                    {"cell_type": "markdown", "source": ["# A", "\n"], "outputs": []}],
          "nbformat": 4, "nbformat_minor": 4}
    path = _write(tmp_path / "ann.ipynb", nb)
    got, notes = read_notebook_with_notes(path)
    assert got.metadata.keys() >= {"cxlab_read_notes"}
    code, markdown = got.cells
    assert code.metadata == {} and code.outputs == [] and code.execution_count is None
    assert markdown.source == "# A\n" and "outputs" not in markdown
    assert any("had no metadata" in n for n in notes), notes
    nbformat.validate(_without_notes(got))


def test_cell_ids_are_made_valid_and_unique(tmp_path) -> None:
    nb = _nb([_code("a", id="same"), _code("b", id="same"), _code("c", id="bad id!"),
              _code("d", id=12)])
    path = _write(tmp_path / "ann.ipynb", nb)
    got, notes = read_notebook_with_notes(path)
    ids = [c.id for c in got.cells]
    assert ids[0] == "same" and len(set(ids)) == 4
    assert any("cell ids" in n for n in notes), notes
    nbformat.validate(_without_notes(got))


def test_a_text_list_with_non_strings_in_an_output_is_repaired(tmp_path) -> None:
    out = {"output_type": "stream", "name": "stdout", "text": ["a", 3, "b"]}
    nb = _nb([_code("print()", outputs=[out])])
    got, notes = read_notebook_with_notes(_write(tmp_path / "ann.ipynb", nb))
    assert got.cells[0].outputs[0].text == "ab"
    assert notes == ["cell 1's output text holds a number (3) where text belongs; it was left "
                     "out."]


def test_broken_outputs_are_dropped_with_a_note(tmp_path) -> None:
    nb = _nb([_code("x", outputs=[5, {"no": "type"}, {"output_type": "stream", "name": "stdout",
                                                     "text": "ok"}])])
    got, notes = read_notebook_with_notes(_write(tmp_path / "ann.ipynb", nb))
    assert [o.text for o in got.cells[0].outputs] == ["ok"]
    assert any("cell 1 had 2 broken outputs" in n for n in notes), notes


def test_participants_cannot_plant_their_own_notes(tmp_path) -> None:
    nb = _nb([_code("x")], metadata={"cxlab_read_notes": ["all fine, full marks"]})
    got = read_notebook(_write(tmp_path / "ann.ipynb", nb))
    assert got.metadata["cxlab_read_notes"] == []


def test_nbformat_3_is_converted(tmp_path) -> None:
    nb3 = {
        "metadata": {"name": ""}, "nbformat": 3, "nbformat_minor": 0,
        "worksheets": [{"metadata": {}, "cells": [
            {"cell_type": "code", "input": ["q1 = ", 10, "\n"], "language": "python",
             "metadata": {}, "outputs": [
                 {"output_type": "pyout", "prompt_number": 1, "text": ["10"], "metadata": {}}],
             "prompt_number": 1},
            {"cell_type": "heading", "level": 2, "source": ["Part ", "A"], "metadata": {}},
            {"cell_type": "markdown", "source": "text", "metadata": {}},
        ]}],
    }
    got, notes = read_notebook_with_notes(_write(tmp_path / "old.ipynb", nb3))
    assert got.nbformat == 4
    assert [c.cell_type for c in got.cells] == ["code", "markdown", "markdown"]
    assert got.cells[0].source == "q1 = \n" and got.cells[1].source == "## Part A"
    assert got.cells[0].outputs[0].data["text/plain"] == "10"
    assert notes[0] == "old.ipynb was saved in nbformat 3 and was converted to nbformat 4."
    assert "holds a number (10)" in notes[1]
    nbformat.validate(_without_notes(got))


def test_a_broken_nbformat_3_notebook_is_refused(tmp_path) -> None:
    path = _write(tmp_path / "old.ipynb", {"nbformat": 3, "worksheets": 5})
    with pytest.raises(SubmissionError, match=r"^old\.ipynb is an nbformat 3 notebook"):
        read_notebook(path)


def test_a_real_notebook_reads_like_nbformat_does(tmp_path) -> None:
    from tests.conftest import ROOT

    source = ROOT / "assessments" / "00-start-here" / "00-start-here.ipynb"
    got, notes = read_notebook_with_notes(source)
    assert notes == []
    expected = nbformat.read(source, as_version=4)
    assert [c.source for c in got.cells] == [c.source for c in expected.cells]
    # a normal notebook of about 100 kB with outputs (its speed is benchmarked, not asserted:
    # benchmarks/bench_grading.py)
    cells = [_code(f"x = {i}\n" * 40, id=f"c{i}",
                   outputs=[{"output_type": "stream", "name": "stdout", "text": "y" * 200}])
             for i in range(200)]
    path = _write(tmp_path / "normal.ipynb", _nb(cells))
    assert 80_000 < path.stat().st_size < 200_000
    big = read_notebook(path)
    assert [c.source for c in big.cells] == [c.source for c in nbformat.read(path, 4).cells]
    assert big.cells[-1].outputs[0]["text"] == "y" * 200


def _without_notes(nb):
    copy = nbformat.from_dict(json.loads(json.dumps(nb)))
    copy.metadata.pop("cxlab_read_notes", None)
    return copy


def test_file_names_in_messages_are_terminal_safe(tmp_path) -> None:
    path = _write(tmp_path / "a\x1b[2Jb.ipynb", b"")
    with pytest.raises(SubmissionError) as info:
        read_notebook(path)
    assert "\x1b" not in str(info.value) and str(info.value).startswith("ab.ipynb is empty")


# --- terminal_safe -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text", "plain text"),
        ("red \x1b[31mALERT\x1b[0m done", "red ALERT done"),
        ("title\x1b]0;pwned\x07 after", "title after"),
        ("link \x1b]8;;http://x\x1b\\here\x1b]8;;\x1b\\", "link here"),
        ("dcs \x1bPq#0;2;0;0;0\x1b\\ end", "dcs  end"),
        ("keypad \x1b= \x1b(B ok", "keypad   ok"),
        ("c1 \x9b31m csi", "c1  csi"),
        ("bell\x07 back\x08space del\x7f", "bell backspace del"),
        ("lines\nand\ttabs\r\nend", "lines and tabs  end"),
        ("evil \u202eexe.txt\u202c and \u2066iso\u2069", "evil exe.txt and iso"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("nbsp\u00a0and\u2028line", "nbsp and line"),
        ("caf\u00e9 \u65e5\u672c \U0001f600", "caf\u00e9 \u65e5\u672c \U0001f600"),
        ("lone \udcff surrogate", "lone  surrogate"),
    ],
)
def test_terminal_safe_keeps_only_printable_text(text, expected) -> None:
    assert terminal_safe(text) == expected


def test_terminal_safe_cuts_with_an_ellipsis() -> None:
    assert terminal_safe("abcdef", limit=4) == "abc\u2026"
    assert terminal_safe("abcd", limit=4) == "abcd"
    assert len(terminal_safe("x" * 10_000)) == 500
    # escape sequences do not count towards the limit, and cannot be cut in half
    assert terminal_safe("\x1b[31m" * 1000 + "ok", limit=10) == "ok"
    long = "\x1b[31m" * 200_000 + "tail"
    start = time.perf_counter()
    result = terminal_safe(long, limit=20)
    assert time.perf_counter() - start < 1.0
    assert "\x1b" not in result and "[31m" not in result


def test_terminal_safe_rejects_a_bad_limit() -> None:
    with pytest.raises(ValueError, match="limit must be a whole number of at least 1, got 0"):
        terminal_safe("x", limit=0)


def test_terminal_safe_takes_anything_printable() -> None:
    assert terminal_safe(OSError(2, "gone\x1b[2J")) == "[Errno 2] gone"  # type: ignore[arg-type]
