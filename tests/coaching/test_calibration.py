"""Calibration report: the disputed item and the lenient evaluator are found."""

from __future__ import annotations

import pandas as pd
import pytest

from cxlab._validation import CxlabValueError
from cxlab.coaching.calibration import against_standard, calibration_report
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


# --- against an agreed standard (issue 19) -------------------------------------------------

STD_CARD = Scorecard.from_dict({"sections": [{"name": "All", "items": [
    {"id": "greet", "weight": 0.4}, {"id": "empathy", "kind": "scale", "weight": 0.6}]}]})


def _sheets() -> pd.DataFrame:
    """Five contacts. By hand, score = 0.4 x greet + 0.6 x (empathy - 1) / 4, in points:

    Lead (the standard): greet yes, empathy 3 on every contact -> 40 + 30 = 70.
    A: as the lead, but empathy 4 on C5 (85: +15) -> within 5 points on 4 of 5 = 80%.
    B: empathy 4 everywhere -> +15 on every contact (lenient).
    C: empathy 2, 2, 4, 4, 3 -> -15, -15, +15, +15, 0: mean 0, within on 1 of 5.
    D: greet no everywhere -> 30: -40 on every contact (harsh).
    """
    empathy = {"Lead": [3] * 5, "A": [3, 3, 3, 3, 4], "B": [4] * 5, "C": [2, 2, 4, 4, 3],
               "D": [3] * 5}
    rows = []
    for who, values in empathy.items():
        for k, value in enumerate(values, start=1):
            rows.append({"contact_id": f"C{k}", "evaluator": who,
                         "greet": "no" if who == "D" else "yes", "empathy": value})
    return pd.DataFrame(rows)


def test_against_the_lead_with_a_tolerance_by_hand() -> None:
    check = against_standard(STD_CARD, _sheets(), "Lead")
    table = check.evaluators
    assert list(table.index) == ["A", "B", "C", "D"], "the lead is the standard, not compared"
    assert table["verdict"].to_dict() == {"A": "calibrated", "B": "lenient",
                                          "C": "inconsistent", "D": "harsh"}
    assert check.differences["A"].tolist() == pytest.approx([0, 0, 0, 0, 15])
    assert table.loc["A", "within_tolerance"] == pytest.approx(0.8)
    assert table.loc["B", "mean_difference"] == pytest.approx(15)
    assert table.loc["C", "mean_difference"] == pytest.approx(0)
    assert table.loc["C", "mean_absolute_difference"] == pytest.approx(12)  # 60 / 5
    assert table.loc["C", "within_tolerance"] == pytest.approx(0.2)
    assert table.loc["D", "mean_difference"] == pytest.approx(-40)
    # item agreement: one point apart on a 1-5 scale still agrees; D misses every greeting
    assert table.loc["C", "item_agreement"] == 1.0
    assert table.loc["D", "item_agreement"] == pytest.approx(0.5)
    assert check.calibrated() == ["A"]
    assert (check.standard, check.tolerance_points, check.required_share) == ("Lead", 5.0, 0.8)


def test_the_rule_is_the_tolerance_and_the_share() -> None:
    sheets = _sheets()
    strict = against_standard(STD_CARD, sheets, "Lead", required_share=0.9)
    assert strict.evaluators.loc["A", "verdict"] == "inconsistent"  # 80% is not 90%
    loose = against_standard(STD_CARD, sheets, "Lead", tolerance_points=15)
    assert loose.evaluators["verdict"].to_dict() == {
        "A": "calibrated", "B": "calibrated", "C": "calibrated", "D": "harsh"}


def test_an_anchor_evaluation_works_like_the_leads_sheets() -> None:
    sheets = _sheets()
    anchor = sheets[sheets["evaluator"] == "Lead"].drop(columns="evaluator")
    by_anchor = against_standard(STD_CARD, sheets, anchor)
    assert by_anchor.standard == "the anchor evaluation"
    assert by_anchor.evaluators.loc["Lead", "verdict"] == "calibrated"
    by_lead = against_standard(STD_CARD, sheets, "Lead")
    pd.testing.assert_frame_equal(by_anchor.evaluators.drop(index="Lead"), by_lead.evaluators)


def test_the_panel_mean_can_hide_what_the_standard_shows() -> None:
    """B and C lean and wander; against the panel C looks in line, against the lead it is not."""
    sheets = _sheets()
    panel = calibration_report(STD_CARD, sheets[sheets["evaluator"] != "D"]).evaluators
    assert panel.loc["C", "leaning"] == "in line"
    check = against_standard(STD_CARD, sheets, "Lead")
    assert check.evaluators.loc["C", "verdict"] == "inconsistent"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"standard": "QA lead"}, r"standard must name an evaluator of the table \('A', 'B', "),
        ({"standard": 3}, r"standard must be an evaluator's name or a table of anchor answers"),
        ({"tolerance_points": 0}, r"tolerance_points must be positive"),
        ({"required_share": 80}, r"required_share must be in \[0, 1\], got 80"),
    ],
)
def test_against_standard_errors(change, message) -> None:
    kwargs = {"standard": "Lead", **change}
    standard = kwargs.pop("standard")
    with pytest.raises(CxlabValueError, match=message):
        against_standard(STD_CARD, _sheets(), standard, **kwargs)


def test_against_standard_table_errors() -> None:
    sheets = _sheets()
    anchor = sheets[sheets["evaluator"] == "Lead"].drop(columns="evaluator")
    with pytest.raises(CxlabValueError, match=r"anchor table is missing the column\(s\) 'empathy'"):
        against_standard(STD_CARD, sheets, anchor.drop(columns="empathy"))
    with pytest.raises(CxlabValueError, match="the anchor table answers contact 'C1' twice"):
        against_standard(STD_CARD, sheets, pd.concat([anchor, anchor.head(1)]))
    with pytest.raises(CxlabValueError, match="no contact in common"):
        against_standard(STD_CARD, sheets, anchor.assign(contact_id=[f"X{k}" for k in range(5)]))
    with pytest.raises(CxlabValueError, match="every sheet in the table is the standard's own"):
        against_standard(STD_CARD, sheets[sheets["evaluator"] == "Lead"], "Lead")
    with pytest.raises(CxlabValueError, match="scored contact 'C1' twice"):
        against_standard(STD_CARD, pd.concat([sheets, sheets.head(1)]), "Lead")
