"""Numbers quoted in the prose of lesson 01.04 agree with the planning functions behind them."""

from __future__ import annotations

import json
import math

import pytest

from cxlab import service_level as sl
from tests.conftest import ROOT

LESSON = ROOT / "solutions" / "01-service-level" / "01.04-shrinkage-and-the-intraday-plan.ipynb"


def prose() -> str:
    nb = json.loads(LESSON.read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return " ".join(text.split())


def test_01_04_shrinkage_and_adherence_numbers() -> None:
    text = prose()
    share = sl.available_share(shrinkage=0.30, adherence=0.92)
    assert f"{100 * share:.1f}" == "64.4"
    assert "30% shrinkage and 92% adherence leave 0.70 × 0.92 = **64.4%** of paid time" in text
    added = 0.30 + (1 - 0.92)
    overstated = added - (1 - share)  # the 8% taken of all paid time instead of the 70% left
    assert f"{100 * overstated:.1f}" == "2.4" and overstated == pytest.approx(0.30 * 0.08)
    assert "(30% + 8% lost)" in text and "overstate the loss by 2.4 points (0.30 × 0.08)" in text
    people = sl.people_to_schedule(14, shrinkage=0.30, adherence=0.92)
    assert people == 22 and sl.people_to_schedule(14, shrinkage=0.30) == 20
    assert f"{14 / share:.1f}" == "21.7" and math.ceil(14 / share) == people
    assert "takes **22 people** instead of 20: 14 ÷ 0.644 = 21.7, rounded up" in text
    assert "(30% and 92% leave 64.4% of paid time; 14 agents need 22 people)" in text
