"""Holt-Winters forecasts against statsmodels, accuracy measures by hand, forecast error to SL."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cxlab import CxlabValueError
from cxlab.planning import (
    bias,
    clean_history,
    forecast_accuracy,
    holt_winters,
    mape,
    service_level_impact,
    unusual_days,
    wape,
)


def _exponential_smoothing():
    """statsmodels' ExponentialSmoothing (in the test extra); skip only the tests that need it."""
    return pytest.importorskip("statsmodels.tsa.holtwinters").ExponentialSmoothing


def _series(weeks: int, *, seed: int = 3, closed: bool = False) -> np.ndarray:
    """Half-hourly calls with a trend, a daily and a weekly shape, and noise (all positive)."""
    rng = np.random.default_rng(seed)
    t = np.arange(weeks * 336)
    day = 1 + 0.6 * np.sin(2 * np.pi * (t % 48) / 48 - 1.2)
    week = 1 + 0.25 * np.cos(2 * np.pi * (t % 336) / 336)
    calls = (100 + 0.004 * t) * day * week + rng.normal(0, 3, t.size)
    calls = np.maximum(calls, 5.0)
    if closed:
        calls[(t % 48 < 16) | (t % 48 >= 40)] = 0.0  # open 08:00-20:00
    return calls


def _statsmodels(y, *, periods, kind, trend, params, level, slope, seasonal):
    model = _exponential_smoothing()(
        y, trend="add" if trend else None, seasonal=kind, seasonal_periods=periods,
        initialization_method="known", initial_level=level,
        initial_trend=slope if trend else None, initial_seasonal=seasonal,
    )
    fit_params = {"smoothing_level": params[0], "smoothing_seasonal": params[2]}
    if trend:
        fit_params["smoothing_trend"] = params[1]
    return model.fit(optimized=False, **fit_params)


def _check_forecast(ours: np.ndarray, theirs, periods: int, kind: str) -> None:
    """Forecasts agree with statsmodels, except at whole seasons ahead.

    statsmodels 0.15 uses a seasonal value one season too old when the horizon is a whole
    number of seasons (statsmodels issue #9538, fixed by pull request #10230). There the
    forecast is checked against the textbook formula (Hyndman and Athanasopoulos,
    *Forecasting: principles and practice*, section 8.3), ``l_T + h b_T`` with the newest
    seasonal value of that position added or multiplied, built from statsmodels' own final
    level, trend and seasonal states.
    """
    h = np.arange(1, ours.size + 1)
    whole = h % periods == 0
    expected = np.asarray(theirs.forecast(ours.size), dtype=float)
    trend = theirs.trend[-1] if theirs.trend is not None else 0.0
    newest = np.asarray(theirs.season)[-periods:][(h - 1) % periods]
    textbook = theirs.level[-1] + h * trend
    textbook = textbook + newest if kind == "add" else textbook * newest
    # cxlab gives a forecast below 0 calls as 0.
    np.testing.assert_allclose(ours[~whole], np.maximum(expected[~whole], 0), rtol=1e-9,
                               atol=1e-9)
    np.testing.assert_allclose(ours, np.maximum(textbook, 0), rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("periods", [48, 336])
@pytest.mark.parametrize("kind", ["add", "mul"])
@pytest.mark.parametrize("trend", [True, False])
def test_fixed_parameters_agree_with_statsmodels(periods, kind, trend):
    y = _series(6)
    level = float(y[:periods].mean())
    slope = 0.01 if trend else 0.0
    pattern = y[:periods] - level if kind == "add" else y[:periods] / level
    params = (0.25, 0.05 if trend else 0.0, 0.15)
    ours = holt_winters(
        y, seasonal_periods=periods, trend=trend,
        seasonal="additive" if kind == "add" else "multiplicative",
        alpha=params[0], beta=params[1] if trend else None, gamma=params[2],
        initial_level=level, initial_trend=slope if trend else None,
        initial_seasonal=pattern,
    )
    theirs = _statsmodels(y, periods=periods, kind=kind, trend=trend, params=params,
                          level=level, slope=slope, seasonal=pattern)
    np.testing.assert_allclose(ours.fitted, theirs.fittedvalues, rtol=1e-9, atol=1e-9)
    _check_forecast(ours.forecast(700), theirs, periods, kind)
    assert ours.level == pytest.approx(theirs.level[-1], rel=1e-9)
    assert ours.sse == pytest.approx(theirs.sse, rel=1e-9)
    assert ours.optimized == ()


def test_fitted_parameters_do_at_least_as_well_as_statsmodels_fit():
    """Both minimise the same sum of squared errors from the same starting values."""
    y = _series(8, seed=5)
    ours = holt_winters(y, seasonal_periods=336, seasonal="multiplicative")
    theirs = _exponential_smoothing()(
        y, trend="add", seasonal="mul", seasonal_periods=336, initialization_method="known",
        initial_level=ours.initial_level, initial_trend=ours.initial_trend,
        initial_seasonal=ours.initial_seasonal[0],
    ).fit()
    assert ours.optimized == ("alpha", "beta", "gamma")
    assert ours.sse <= theirs.sse * (1 + 1e-3)
    for name in ("alpha", "beta", "gamma"):
        assert 0 <= getattr(ours, name) <= 1


def _taylor(y, m1, m2, kind, alpha, beta, gamma, delta, level, slope, d0, w0):
    """Taylor's double seasonal method, one half hour at a time (independent of cxlab)."""
    d, w = list(d0), list(w0)
    fitted = []
    for t, obs in enumerate(y):
        i, j = t % m1, t % m2
        base = level + slope
        if kind == "add":
            f = base + d[i] + w[j]
            e = obs - f
            new_level = base + alpha * e
            d[i], w[j] = d[i] + gamma * e, w[j] + delta * e
        else:
            f = base * d[i] * w[j]
            new_level = alpha * obs / (d[i] * w[j]) + (1 - alpha) * base
            d[i], w[j] = (gamma * obs / (base * w[j]) + (1 - gamma) * d[i],
                          delta * obs / (base * d[i]) + (1 - delta) * w[j])
        slope = beta * (new_level - level) + (1 - beta) * slope
        level = new_level
        fitted.append(f)
    return np.array(fitted), level, slope


@pytest.mark.parametrize("kind", ["additive", "multiplicative"])
def test_double_seasonal_matches_a_direct_loop(kind):
    y = _series(4, seed=9)
    level = float(y[:336].mean())
    if kind == "additive":
        d0 = np.sin(np.arange(48) / 7.0) * 20
        w0 = np.cos(np.arange(336) / 50.0) * 5
    else:
        d0 = 1 + 0.4 * np.sin(np.arange(48) / 7.0)
        w0 = 1 + 0.1 * np.cos(np.arange(336) / 50.0)
    ours = holt_winters(y, seasonal_periods=(48, 336), seasonal=kind, alpha=0.2, beta=0.03,
                        gamma=0.1, delta=0.05, initial_level=level, initial_trend=0.02,
                        initial_seasonal=(d0, w0))
    fitted, final_level, final_slope = _taylor(y, 48, 336, kind[:3], 0.2, 0.03, 0.1, 0.05,
                                               level, 0.02, d0, w0)
    np.testing.assert_allclose(ours.fitted, np.maximum(fitted, 0), rtol=1e-9, atol=1e-9)
    assert ours.level == pytest.approx(final_level, rel=1e-9)
    assert ours.slope == pytest.approx(final_slope, rel=1e-6, abs=1e-12)


def test_closed_hours_are_skipped_like_a_series_of_open_hours_only():
    """A day of 24 open half hours behaves as statsmodels on the open half hours alone."""
    y = _series(3, closed=True)
    open_ = y > 0
    compressed = y[open_]
    level = float(compressed[:24].mean())
    pattern = compressed[:24] / level
    full_pattern = np.zeros(48)
    full_pattern[16:40] = pattern
    ours = holt_winters(y, seasonal_periods=48, alpha=0.3, beta=0.05, gamma=0.2,
                        initial_level=level, initial_trend=0.01, initial_seasonal=full_pattern)
    theirs = _statsmodels(compressed, periods=24, kind="mul", trend=True,
                          params=(0.3, 0.05, 0.2), level=level, slope=0.01, seasonal=pattern)
    np.testing.assert_allclose(ours.fitted[open_], theirs.fittedvalues, rtol=1e-9)
    assert (ours.fitted[~open_] == 0).all()
    ahead = ours.forecast(96)
    assert (ahead[(np.arange(96) % 48 < 16) | (np.arange(96) % 48 >= 40)] == 0).all()
    _check_forecast(ahead[ahead > 0], theirs, 24, "mul")


def test_fitting_recovers_a_clean_pattern_and_forecasts_a_year_quickly_enough_to_use():
    y = _series(52, closed=True)
    model = holt_winters(y, seasonal_periods=336)
    ahead = model.forecast(336)
    # Next week: the pattern continues (closed nights 0), the level about last week's.
    assert (ahead.reshape(7, 48)[:, :16] == 0).all()
    assert ahead.sum() == pytest.approx(y[-336:].sum(), rel=0.05)
    assert "multiplicative seasons of 336 intervals" in repr(model)


def test_forecast_is_never_below_zero():
    y = _series(3, closed=True)
    model = holt_winters(y, seasonal_periods=48, seasonal="additive")
    assert model.fitted.min() >= 0 and model.forecast(200).min() >= 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: holt_winters(np.ones(90), seasonal_periods=48),
         r"calls must cover at least two seasons \(96 intervals\), got 90"),
        (lambda: holt_winters(np.ones(700), seasonal_periods=(48, 100)),
         "whole number of short ones"),
        (lambda: holt_winters(np.ones(700), seasonal_periods=48, alpha=1.5),
         r"alpha must be in \[0, 1\], got 1.5"),
        (lambda: holt_winters(np.r_[-1, np.ones(700)], seasonal_periods=48),
         "calls must be 0 or more, got -1 at position 0"),
        (lambda: holt_winters(np.r_[np.nan, np.ones(700)], seasonal_periods=48),
         "calls must be a finite number, got nan"),
        (lambda: holt_winters(np.ones(700), seasonal="mult"),
         "seasonal must be one of 'additive', 'multiplicative'; got 'mult'"),
        (lambda: holt_winters(np.ones(700), seasonal_periods=48, trend=False, beta=0.1),
         "beta smooths the trend"),
        (lambda: holt_winters(np.zeros(700), seasonal_periods=48),
         "some calls in each of the first cycles"),
        (lambda: holt_winters(np.ones(700), seasonal_periods=48, initial_seasonal=[1] * 47),
         r"one value per position of the season \(48\), got 47"),
        (lambda: holt_winters(np.ones(700), seasonal_periods=48).forecast(0),
         "steps must be a whole number of at least 1, got 0"),
        (lambda: holt_winters(np.ones(700), seasonal_periods=48).forecast(10**6),
         "steps must be at most 17,568"),
    ],
)
def test_bad_input_is_explained(call, message):
    with pytest.raises(CxlabValueError, match=message):
        call()


# --------------------------------------------------------------------------------------------
# Accuracy: values by hand


def test_accuracy_measures_by_hand():
    actual = [100, 80, 0, 20]
    forecast = [90, 100, 4, 20]
    # MAPE: (10/100 + 20/80 + 0/20) / 3 = (0.1 + 0.25 + 0) / 3 = 0.116667 (the 0 is left out)
    assert mape(actual, forecast) == pytest.approx(0.35 / 3)
    # WAPE: (10 + 20 + 4 + 0) / 200 = 0.17
    assert wape(actual, forecast) == pytest.approx(0.17)
    # bias: (-10 + 20 + 4 + 0) / 200 = 0.07 (over-forecast)
    assert bias(actual, forecast) == pytest.approx(0.07)
    result = forecast_accuracy(actual, forecast)
    assert result.intervals == 4 and result.intervals_without_calls == 1
    assert result.actual_calls == 200 and result.forecast_calls == 214
    assert repr(result) == ("ForecastAccuracy over 4 intervals (1 without calls, left out of "
                            "MAPE): MAPE 11.7%, WAPE 17.0%, bias +7.0%")
    assert result.table()["Value (%)"].tolist() == [11.7, 17.0, 7.0]


def test_mape_refuses_zero_call_intervals_when_asked_and_measures_explain_themselves():
    with pytest.raises(CxlabValueError, match="1 interval\\(s\\) with no calls, where MAPE is "
                                              "undefined \\(the first at position 2\\)"):
        mape([5, 5, 0], [5, 5, 1], zero_calls="error")
    with pytest.raises(CxlabValueError, match="actual has no interval with calls"):
        mape([0, 0], [1, 1])
    with pytest.raises(CxlabValueError, match="actual has no calls at all, so WAPE"):
        wape([0, 0], [1, 1])
    with pytest.raises(CxlabValueError, match="same number of intervals, got 2 and 3"):
        bias([1, 2], [1, 2, 3])
    with pytest.raises(CxlabValueError, match="zero_calls must be one of"):
        mape([1], [1], zero_calls="skip")


# --------------------------------------------------------------------------------------------
# Forecast error to service level: Erlang C written out here, independently


def _erlang_c_sl(agents: int, erlangs: float, aht: float, threshold: float) -> float:
    if erlangs == 0:
        return 1.0
    if agents <= erlangs:
        return 0.0
    terms = sum(erlangs**k / math.factorial(k) for k in range(agents))
    top = erlangs**agents / math.factorial(agents) * agents / (agents - erlangs)
    wait = top / (terms + top)
    return 1 - wait * math.exp(-(agents - erlangs) * threshold / aht)


def _required(erlangs: float, aht: float) -> int:
    n = 0
    while _erlang_c_sl(n, erlangs, aht, 20) < 0.8:
        n += 1
    return n


def test_service_level_impact_agrees_with_erlang_c_written_out():
    forecast = [100, 60, 0, 30]
    actual = [110, 50, 3, 30]
    impact = service_level_impact(actual, forecast, aht_seconds=180)
    table = impact.intervals
    for i, (f, a) in enumerate(zip(forecast, actual, strict=True)):
        agents = _required(f * 180 / 1800, 180)
        assert table["agents"].iloc[i] == agents
        assert table["agents_needed"].iloc[i] == _required(a * 180 / 1800, 180)
        assert table["service_level_actual"].iloc[i] == pytest.approx(
            _erlang_c_sl(agents, a * 180 / 1800, 180, 20), abs=1e-12)
    # 100 calls at 180 s is 10 Erlangs: 14 agents (module 01); 110 calls get only 78.3%.
    assert table["agents"].iloc[0] == 14
    # The closed interval (forecast 0) has no agents: its 3 calls get 0%.
    assert table["service_level_actual"].iloc[2] == 0.0
    summary = impact.summary
    weights = np.array(actual, dtype=float)
    expected = (table["service_level_actual"].to_numpy() * weights).sum() / weights.sum()
    assert summary["service_level_actual"] == pytest.approx(expected)
    assert summary["intervals_below_target"] == 2
    assert summary["wape"] == pytest.approx(23 / 193)
    assert "below target" in repr(impact)


def test_service_level_impact_rejects_bad_input():
    with pytest.raises(CxlabValueError, match="aht_seconds must be positive"):
        service_level_impact([1], [1], aht_seconds=0)
    with pytest.raises(CxlabValueError, match="aht_seconds must be one number or one per "
                                              "interval \\(2\\), got 3"):
        service_level_impact([1, 2], [1, 2], aht_seconds=[100, 100, 100])
    with pytest.raises(CxlabValueError, match="target_sl must be in \\[0, 1\\), got 80"):
        service_level_impact([1], [1], aht_seconds=100, target_sl=80)


# --------------------------------------------------------------------------------------------
# Cleaning the history


def _flat_weeks(weeks: int) -> pd.Series:
    index = pd.date_range("2025-01-06", periods=weeks * 7 * 48, freq="30min")  # a Monday
    values = np.where((index.hour >= 8) & (index.hour < 20), 10, 0)
    return pd.Series(values, index=index)


def test_unusual_days_by_hand():
    calls = _flat_weeks(6)
    calls["2025-01-21"] = 0  # a Tuesday holiday: 0 against a typical 24 x 10 = 240
    calls.loc["2025-01-29 09:00":"2025-01-29 14:30"] += 5  # 12 half hours x 5 = +60 (+25%)
    table = unusual_days(calls, threshold=0.2)
    assert table.index.strftime("%Y-%m-%d").tolist() == ["2025-01-21", "2025-01-29"]
    assert table["weekday"].tolist() == ["Tuesday", "Wednesday"]
    assert table["typical_calls"].tolist() == [240.0, 240.0]
    assert table["difference"].tolist() == [-1.0, 0.25]
    assert unusual_days(calls, threshold=0.3).index.strftime("%Y-%m-%d").tolist() == [
        "2025-01-21"]


def test_clean_history_copies_the_nearest_ordinary_week():
    calls = _flat_weeks(4)
    calls[calls.index.normalize() == "2025-01-13"] = np.arange(48)  # Monday, week 2
    calls["2025-01-20"] = 99  # Monday, week 3: unusual
    calls["2025-01-06"] = 7  # Monday, week 1: unusual too
    clean = clean_history(calls, days=["2025-01-20", "2025-01-06"])
    # Week 3's Monday copies week 2's; week 1's has no earlier week, and week 2 is next.
    assert clean["2025-01-20"].tolist() == list(range(48))
    assert clean["2025-01-06"].tolist() == list(range(48))
    assert calls["2025-01-20"].iloc[0] == 99  # the original is not changed
    assert clean.drop(clean["2025-01-06"].index.union(clean["2025-01-20"].index)).equals(
        calls.drop(calls["2025-01-06"].index.union(calls["2025-01-20"].index)))


def test_cleaning_bad_input():
    calls = _flat_weeks(2)
    with pytest.raises(CxlabValueError, match="calls must be a Series of calls indexed by "):
        unusual_days(calls.to_numpy())
    with pytest.raises(CxlabValueError, match="days must be days of the history "
                                              r"\(2025-01-06 to 2025-01-19\), got 2025-03-01"):
        clean_history(calls, days=["2025-03-01"])
    with pytest.raises(CxlabValueError, match="days must be dates such as"):
        clean_history(calls, days=["soon"])
    with pytest.raises(CxlabValueError, match="threshold must be positive"):
        unusual_days(calls, threshold=0)
