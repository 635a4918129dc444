"""Numbers quoted in the prose of lessons 02.01 and 02.04 agree with the models behind them.

Each test reads the worked lesson (``solutions/``) for the sentence that quotes a number and
recomputes the number, so an edit to the model or to the text that parts them fails here.
"""

from __future__ import annotations

import json

from cxlab import metrics
from tests.conftest import ROOT

LESSONS = ROOT / "solutions" / "02-metric-interrelationships"


def prose(name: str) -> str:
    """The Markdown of a worked lesson, one string, line breaks as spaces."""
    nb = json.loads((LESSONS / name).read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return " ".join(text.split())


def test_02_01_counts_the_links_of_each_kind() -> None:
    kinds = [link.kind for link in metrics.metric_map().links]
    formulas, directions = kinds.count("formula"), kinds.count("direction")
    assert f"There are {formulas} **formula** links and {directions} **direction** links" in (
        prose("02.01-the-metric-map.ipynb"))


def test_02_01_names_the_signs_of_the_links_back_to_quality() -> None:
    text = prose("02.01-the-metric-map.ipynb")
    signs = {link.source: link.sign for link in metrics.metric_map().drivers_of("quality")}
    assert signs["service_level"] == +1 and signs["occupancy"] == -1
    assert "service level with a **+** (better service level, better quality), occupancy with a" \
        " **−** (busier agents, lower quality)" in text


def test_02_04_the_simulated_year_has_moderate_occupancy() -> None:
    weekly = metrics.weekly_metrics(52, rng=2026)
    correlation = weekly["quality"].corr(weekly["service_level"])
    assert f"{correlation:.2f}" == "0.51"  # the answer of exercise A, not quoted in the prose
    text = prose("02.04-leading-lagging-and-the-dashboard.ipynb")
    assert "one correlation mixes them: it cannot say which way the cause runs" in text
    # "its occupancy stays in the moderate range": below the 85-90% of the map's warning
    assert weekly["occupancy"].max() < 0.85
    assert "its occupancy stays in the moderate range" in text
