"""Key-driver analysis recovers planted drivers and states its caveats."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxlab._validation import CxlabValueError
from cxlab.voc import CAVEATS, key_drivers, touchpoint_drivers


def _planted(n: int = 2000, seed: int = 4) -> pd.DataFrame:
    """LTR driven by installation (strong) and billing (weak); the app does nothing."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "installation": rng.normal(3.5, 1.0, n),
        "billing": rng.normal(3.0, 1.0, n),
        "app": rng.normal(4.0, 1.0, n),
    })
    frame["ltr"] = 2 + 1.2 * frame["installation"] + 0.3 * frame["billing"] + rng.normal(0, 1, n)
    return frame


def test_planted_driver_comes_first_with_the_right_weight() -> None:
    frame = _planted()
    result = key_drivers(frame, "ltr")
    table = result.table
    assert list(table.index) == ["installation", "billing", "app"]
    # True standardised weights: b x sd(x) / sd(y), sd(y) = sqrt(1.2^2 + 0.3^2 + 1).
    sd_y = np.sqrt(1.2**2 + 0.3**2 + 1)
    assert table.loc["installation", "beta"] == pytest.approx(1.2 / sd_y, abs=0.03)
    assert table.loc["billing", "beta"] == pytest.approx(0.3 / sd_y, abs=0.03)
    assert abs(table.loc["app", "beta"]) < 0.04
    assert result.r_squared == pytest.approx((1.2**2 + 0.3**2) / sd_y**2, abs=0.03)
    assert table["importance"].sum() == pytest.approx(1.0)
    assert (table["vif"] < 1.1).all()
    assert result.n == 2000
    assert result.caveats == CAVEATS  # nothing specific to warn about


def test_beta_equals_least_squares_on_z_scores() -> None:
    frame = _planted(200, seed=9)
    result = key_drivers(frame, "ltr", ["app", "installation"])
    z = (frame - frame.mean()) / frame.std(ddof=1)
    x = z[["app", "installation"]].to_numpy()
    beta = np.linalg.solve(x.T @ x, x.T @ z["ltr"].to_numpy())
    assert result.table.loc["app", "beta"] == pytest.approx(beta[0])
    assert result.table.loc["installation", "beta"] == pytest.approx(beta[1])
    assert result.table.loc["app", "correlation"] == pytest.approx(
        frame["app"].corr(frame["ltr"]))


def test_opposite_signs_are_explained_as_suppression() -> None:
    rng = np.random.default_rng(6)
    a = rng.normal(size=3000)
    b = 0.8 * a + 0.6 * rng.normal(size=3000)  # b follows a
    frame = pd.DataFrame({"a": a, "b": b, "ltr": a - 0.5 * b + 0.3 * rng.normal(size=3000)})
    result = key_drivers(frame, "ltr")
    assert result.table.loc["b", "beta"] < -0.1 and result.table.loc["b", "correlation"] > 0.1
    assert any(c.startswith("Beta and correlation have opposite signs for b") for c in
               result.caveats)


def test_collinear_drivers_are_flagged() -> None:
    rng = np.random.default_rng(2)
    csat = rng.normal(size=500)
    frame = pd.DataFrame({"csat": csat, "ces": csat + rng.normal(0, 0.2, 500)})
    frame["ltr"] = frame["csat"] + rng.normal(0, 1, 500)
    result = key_drivers(frame, "ltr", ["csat", "ces"])
    assert (result.table["vif"] > 5).all()
    assert any(c.startswith("Collinear in this data (VIF above 5): ") for c in result.caveats)
    assert "Correlation is not causation" in str(result)


def test_small_sample_and_blanks() -> None:
    frame = _planted(25)
    frame.loc[0, "billing"] = np.nan
    result = key_drivers(frame, "ltr")
    assert result.n == 24
    assert "Only 24 complete responses for 3 driver(s): weights are noisy." in result.caveats


def test_key_driver_errors() -> None:
    frame = _planted(50)
    with pytest.raises(CxlabValueError, match="data has no column 'nps' for outcome; its "
                                              "columns are"):
        key_drivers(frame, "nps")
    with pytest.raises(CxlabValueError, match="the outcome 'ltr' cannot also be a driver"):
        key_drivers(frame, "ltr", ["ltr", "app"])
    with pytest.raises(CxlabValueError, match="need at least 5 complete rows"):
        key_drivers(frame.head(4), "ltr")
    flat = frame.assign(app=3.0)
    with pytest.raises(CxlabValueError, match="'app' has the same value in every row"):
        key_drivers(flat, "ltr")
    with pytest.raises(CxlabValueError, match="column 'app' must hold numbers"):
        key_drivers(frame.assign(app="good"), "ltr", ["app", "billing"])


def test_touchpoint_drivers_find_the_touchpoint_that_moves_ltr() -> None:
    rng = np.random.default_rng(5)
    rows = []
    for touchpoint, weight in [("install", 1.5), ("bill", 0.8), ("app", 0.0)]:
        score = rng.integers(1, 6, 300)
        ltr = np.clip(np.rint(6 + weight * (score - 3) + rng.normal(0, 1.2, 300)), 0, 10)
        rows.append(pd.DataFrame({"touchpoint": touchpoint, "csat": score, "ltr": ltr}))
    frame = pd.concat(rows, ignore_index=True)
    table = touchpoint_drivers(frame).table
    assert list(table.index) == ["install", "bill", "app"]
    assert table.loc["install", "slope"] == pytest.approx(1.5, abs=0.15)
    assert table.loc["app", "ci_low"] < 0 < table.loc["app", "ci_high"]
    install = frame[frame["touchpoint"] == "install"]
    r = install["csat"].corr(install["ltr"])
    half = 1.959963984540054 / np.sqrt(300 - 3)
    assert table.loc["install", "correlation"] == pytest.approx(r)
    assert table.loc["install", "ci_low"] == pytest.approx(np.tanh(np.arctanh(r) - half))


def test_touchpoint_drivers_flag_small_groups() -> None:
    frame = pd.DataFrame({"touchpoint": ["a"] * 5 + ["b"] * 40,
                          "csat": [1, 2, 3, 4, 5] + [1, 5] * 20,
                          "ltr": [1, 3, 5, 7, 9] + [4, 8] * 20})
    result = touchpoint_drivers(frame)
    assert result.table.loc["a", "small_sample"] and not result.table.loc["b", "small_sample"]
    assert any("Fewer than 30 responses at a" in c for c in result.caveats)


def test_column_parameters_must_name_columns() -> None:
    # Before: "unhashable type: 'list'" and "'int' object is not iterable".
    frame = _planted(50)
    with pytest.raises(CxlabValueError, match=r"^data has no column \['ltr'\] for outcome"):
        key_drivers(frame, ["ltr"])
    with pytest.raises(CxlabValueError, match="^drivers must be a list of column names of "
                                              "data, got 0$"):
        key_drivers(frame, "ltr", 0)
    with pytest.raises(CxlabValueError, match="^data has no column 'abc' for drivers"):
        key_drivers(frame, "ltr", "abc")
    responses = pd.DataFrame({"touchpoint": ["A"] * 4, "csat": [1, 2, 4, 5],
                              "ltr": [2, 4, 8, 10]})
    for parameter in ("by", "score", "outcome"):
        with pytest.raises(CxlabValueError, match=rf"^responses has no column \[\] for "
                                                  rf"{parameter};"):
            touchpoint_drivers(responses, **{parameter: []})
    with pytest.raises(CxlabValueError, match="^responses must be a non-empty table"):
        touchpoint_drivers(pd.DataFrame())


def test_key_drivers_take_an_array_as_a_table() -> None:
    frame = _planted(200)
    by_name = key_drivers(frame, "ltr")
    array = frame[[*by_name.table.index, "ltr"]].to_numpy()
    by_position = key_drivers(array, len(by_name.table.index))
    assert by_position.table["beta"].tolist() == pytest.approx(by_name.table["beta"].tolist())
