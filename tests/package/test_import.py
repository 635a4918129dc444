"""`import cxlab` stays light: no Jupyter, matplotlib or ipywidgets, and quick."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("matplotlib", "ipywidgets", "IPython", "ipykernel", "nbformat", "nbgrader")

PROBE = """
import json, sys, time
t0 = time.perf_counter()
import cxlab
t1 = time.perf_counter()
for topic in {topics!r}:
    __import__("cxlab." + topic)
t2 = time.perf_counter()
heavy = sorted(m for m in {heavy!r} if m in sys.modules)
print(json.dumps({{"import_s": t1 - t0, "model_s": t2 - t1, "heavy": heavy,
                  "pandas_at_import": "pandas" in sys.modules}}))
"""


def _probe(*topics: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(topics=topics, heavy=HEAVY)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_import_cxlab_imports_nothing_heavy() -> None:
    result = _probe()
    assert result["heavy"] == []
    assert not result["pandas_at_import"], "topic modules must load lazily"
    print(f"import cxlab: {result['import_s'] * 1000:.1f} ms")


def test_model_layer_imports_no_jupyter_or_plotting() -> None:
    import cxlab

    result = _probe(*cxlab._TOPICS)
    assert result["heavy"] == [], f"model layer pulled in {result['heavy']}"


def test_topics_are_reachable_as_attributes() -> None:
    import cxlab

    for topic in cxlab._TOPICS:
        assert getattr(cxlab, topic).__name__ == f"cxlab.{topic}"
    assert set(cxlab._TOPICS) <= set(dir(cxlab))


def test_unknown_attribute_is_an_attribute_error() -> None:
    import pytest

    import cxlab

    with pytest.raises(AttributeError, match="no attribute 'servicelevel'"):
        cxlab.servicelevel  # noqa: B018


def test_the_error_class_is_public_and_lazy() -> None:
    import cxlab
    from cxlab._validation import CxlabValueError

    assert cxlab.CxlabValueError is CxlabValueError
    assert issubclass(cxlab.CxlabValueError, ValueError)
