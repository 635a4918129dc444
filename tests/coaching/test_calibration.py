"""Calibration report: the disputed item and the lenient evaluator are found."""

from __future__ import annotations

import pandas as pd
import pytest

from cxlab._validation import CxlabValueError
from cxlab.coaching.calibration import calibration_report
from cxlab.coaching.scorecard import Scorecard

CARD = Scorecard.from_dict({"sections": [{"name": "All", "items": [
    {"id": "greet", "weight": 0.4}, {"id": "empathy", "kind": "scale", "weight": 0.6},
    {"id": "id_check", "critical": "compliance"}]}]})


def _table() -> pd.DataFrame:
    rows = []
    for contact in range(1, 9):
        for evaluator in ("E1", "E2", "E3"):
            # greeting: everyone agrees; empathy: E3 always one point higher (lenient);
            # id_check: E2 disagrees on half the contacts (disputed)
            empathy = 3 + (contact % 2) + (1 if evaluator == "E3" else 0)
            id_check = "no" if (evaluator == "E2" and contact % 2 == 0) else "yes"
            rows.append({"contact_id": f"C{contact}", "evaluator": evaluator,
                         "greet": "yes" if contact != 3 else "no", "empathy": empathy,
                         "id_check": id_check})
    return pd.DataFrame(rows)


def test_items_ranked_by_agreement() -> None:
    report = calibration_report(CARD, _table())
    items = report.items
    assert items.loc["greet", "all_agree"] == 1.0
    assert items.loc["id_check", "all_agree"] == pytest.approx(0.5)
    assert items.loc["empathy", "all_agree"] == 0.0  # E3 is always one point off ...
    assert items.loc["empathy", "pairwise_agreement"] == 1.0  # ... which is adjacent agreement
    # pairwise for id_check: E1-E3 agree always, E1-E2 and E2-E3 half the time
    assert items.loc["id_check", "pairwise_agreement"] == pytest.approx((1 + 0.5 + 0.5) / 3)
    assert report.disputed() == ["id_check"]
    assert list(items.index)[0] == "id_check", "most disputed first"


def test_lenient_evaluator_is_found() -> None:
    report = calibration_report(CARD, _table())
    bias = report.evaluators
    assert bias.loc["E3", "leaning"] == "lenient"
    assert bias.loc["E3", "score_vs_panel"] > 0
    assert report.scores.shape == (8, 3)


def test_calibration_errors() -> None:
    table = _table()
    with pytest.raises(CxlabValueError, match="at least 2 evaluators, got 1"):
        calibration_report(CARD, table[table["evaluator"] == "E1"])
    with pytest.raises(CxlabValueError, match="the calibration table is empty"):
        calibration_report(CARD, table.head(0))
    with pytest.raises(CxlabValueError, match="scored contact 'C1' twice"):
        calibration_report(CARD, pd.concat([table, table.head(1)]))
    with pytest.raises(CxlabValueError, match="needs a 'evaluator' column"):
        calibration_report(CARD, table.drop(columns="evaluator"))
