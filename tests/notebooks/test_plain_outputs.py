"""Nothing a participant sees after Run All is raw Python output (issue 18).

:func:`raw_output_problems` reads every output of an executed notebook as a participant
would read it:

* no pandas printout: ``dtype:``, ``Name: ...``, ``<NA>``, ``NaN``, ``<pandas... at 0x...>``;
* no bare Python list (``['probing', 'empathy']``) or object repr (``ErlangAResult(p_wait=``);
* no figure shown as ``<Figure size 800x380 with 1 Axes>``: every figure has its text;
* no code name as a table header or row label (``asa_seconds``, ``policy_applied``), and no
  ``aht`` in lower case where a manager reads AHT.

``test_notebook_runs`` in ``test_execute.py`` applies it to every notebook under ``course/``
as it runs it, so no notebook is executed twice; this file holds the scanner and its tests.
"""

from __future__ import annotations

import re

import pytest

#: Raw Python output, each with what it looks like to a reader.
RAW_TEXT = [
    (re.compile(r"\bdtype: \w+"), "a pandas dtype line"),
    (re.compile(r"^Name: .*, dtype", re.M), "a pandas Series footer"),
    (re.compile(r"<NA>|\bNaN\b|\bNaT\b"), "a missing value shown as NaN/<NA>"),
    (re.compile(r"<[\w.]+ (object )?at 0x[0-9a-f]+>"), "an object's address"),
    (re.compile(r"<Figure size \d+x\d+ with \d+ Axes>"), "a figure without its text"),
    (re.compile(r"^\[('[^']*'|\"[^\"]*\"|-?[\d.]+)(, ('[^']*'|\"[^\"]*\"|-?[\d.]+))*\]$", re.M),
     "a bare Python list"),
    # (a question's id in a quiz's text fallback, [aht-parts], is not shown in JupyterLab)
    (re.compile(r"(?<![\w-])aht(?![\w-])"), "a code name (aht) in the text"),
    (re.compile(r"^[A-Z]\w+\((\w+=[^,)]*, )*\w+=.*\)$", re.M), "an object repr"),
]
#: A header or row label that is a code name: lower case words joined by underscores.
CODE_NAME = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
_CELL = re.compile(r"<t([hd])[^>]*>(.*?)</t[hd]>", re.S)


def _plain_texts(cell: dict) -> list[str]:
    texts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            texts.append("".join(output["text"]))
        elif output.get("output_type") in ("execute_result", "display_data"):
            plain = output.get("data", {}).get("text/plain", "")
            texts.append("".join(plain) if isinstance(plain, list) else plain)
    return texts


def _html_headers(cell: dict) -> list[str]:
    """The header cells (and row labels) of every HTML table a cell shows."""
    found = []
    for output in cell.get("outputs", []):
        html = output.get("data", {}).get("text/html", "")
        html = "".join(html) if isinstance(html, list) else html
        found += [text.strip() for kind, text in _CELL.findall(html) if kind == "h"]
    return found


def raw_output_problems(nb: dict) -> list[str]:
    """Every place where a notebook's outputs show raw Python, as 'cell N: what (text)'."""
    problems = []
    for number, cell in enumerate(nb["cells"], start=1):
        if cell["cell_type"] != "code":
            continue
        for text in _plain_texts(cell):
            if "application/vnd.jupyter.widget-view+json" in str(cell.get("outputs")):
                text = text.split("(Open this notebook in JupyterLab")[0]
            for pattern, what in RAW_TEXT:
                match = pattern.search(text)
                if match:
                    problems.append(f"cell {number}: {what} ({match.group(0)[:60]!r})")
        for header in _html_headers(cell):
            if CODE_NAME.match(header):
                problems.append(f"cell {number}: a code name as a table label ({header!r})")
    return problems


def _output(output_type: str, text: str = "", html: str = "") -> dict:
    if output_type == "stream":
        return {"output_type": "stream", "name": "stdout", "text": text}
    data = {"text/plain": text}
    if html:
        data["text/html"] = html
    return {"output_type": output_type, "data": data, "metadata": {}}


@pytest.mark.parametrize(("output", "found"), [
    (_output("execute_result", "stage\nbilling    17\nName: count, dtype: int64"),
     "a pandas dtype line"),
    (_output("stream", "['probing', 'policy_applied', 'empathy']\n"), "a bare Python list"),
    (_output("execute_result", "ErlangAResult(p_wait=14.5%, p_abandon=1.4%)"), "an object repr"),
    (_output("display_data", "<Figure size 800x380 with 1 Axes>"), "a figure without its text"),
    (_output("execute_result", "<pandas.io.formats.style.Styler at 0x7ffb41704e10>"),
     "an object's address"),
    (_output("execute_result", "  csat\n0  <NA>"), "a missing value shown as NaN/<NA>"),
    (_output("stream", "1 volume\n2 aht\n3 agents\n"), "a code name (aht) in the text"),
    (_output("execute_result", "x", "<table><tr><th>asa_seconds</th></tr></table>"),
     "a code name as a table label"),
])
def test_raw_output_is_found(output: dict, found: str) -> None:
    nb = {"cells": [{"cell_type": "code", "source": "x", "outputs": [output]}]}
    problems = raw_output_problems(nb)
    assert problems and found in problems[0], problems


def test_plain_output_passes() -> None:
    plain = [
        _output("stream", "Workload: 10.0 Erlangs\nCalls in each minute: 3 4 7 2\n"),
        _output("execute_result", "Correct: 25 agents."),
        _output("stream", "Question 1 [aht-parts] (number)\nWhat is the AHT, in seconds?\n"),
        _output("display_data", "Figure: Bar chart of calls offered in each half hour."),
        _output("execute_result", "Agents Service level\n    13         79.6%",
                "<table><tr><th>Agents</th><th>Service level</th></tr>"
                "<tr><th>Short abandons met</th><td>yes</td></tr></table>"),
    ]
    nb = {"cells": [{"cell_type": "code", "source": "x", "outputs": plain}]}
    assert raw_output_problems(nb) == []
