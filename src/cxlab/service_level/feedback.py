"""Feedback on a number of agents, in whole agents and in the service level they give.

``quiz.check_number`` speaks of any number in percent ("20 agents is too low, by about
20%"), which is an odd way to talk about people. :func:`check_agents` says how many agents
short (or over) an answer is and what the typed number of agents would give: "Not yet: 21
agents are 4 too few (with 21, 30.0% of calls are answered within 20 s), short of the 80%
target."
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, cast

from .._validation import (
    CxlabValueError,
    check_in_range,
    check_instance,
    check_integer,
    check_non_negative,
    check_positive,
    describe,
)
from ..quiz import feedback as _quiz_feedback
from ..quiz.answers import QuizInputError, is_unanswered, parse_number
from ..quiz.feedback import Feedback

__all__ = ["check_agents"]

#: The most agents :func:`check_agents` looks through for the fewest that meet a target.
MOST_AGENTS = 10_000

# Results go to the participant's progress, as quiz.check_number's do (when that exists).
_recorded = getattr(_quiz_feedback, "_recorded", lambda check: check)


def _share_function(achieved: object) -> Callable[[int], float | None]:
    wanted = ("achieved must be a function of the number of agents or a table of shares by "
              f"number of agents, such as {{20: 0.75, 21: 0.82}}; got {describe(achieved)}")
    if callable(achieved) and not isinstance(achieved, type):
        return lambda n: float(achieved(n))
    is_series = type(achieved).__name__ == "Series" and hasattr(achieved, "items")
    table_like = cast("Any", achieved)  # below: a Mapping or a Series, both with len and items
    if not (isinstance(achieved, Mapping) or is_series) or len(table_like) == 0:
        raise CxlabValueError(wanted)
    pairs = list(table_like.items())
    try:
        check_integer("achieved", [n for n, _ in pairs], minimum=0)
        check_in_range("achieved", [v for _, v in pairs], 0, 1)
    except CxlabValueError:
        raise CxlabValueError(wanted) from None
    table = {int(n): float(v) for n, v in pairs}
    return lambda n: table.get(n)


def _fewest(share: Callable[[int], float | None], target: float, candidates: range,
            check: str) -> int:
    for n in candidates:
        value = share(n)
        if value is not None and value >= target:
            return n
    raise CxlabValueError(f"no number of agents from {candidates.start} to {candidates.stop - 1}"
                          f" reaches the target {target:.0%}; check {check}")


@_recorded
def check_agents(
    answer: object,
    intensity: float | None = None,
    aht_seconds: float | None = None,
    threshold_seconds: float = 20,
    target_sl: float = 0.8,
    *,
    patience_seconds: float | None = None,
    achieved: Callable[[int], float] | Mapping[int, float] | None = None,
    measure: str | None = None,
    agents: range | None = None,
    hint: str = "",
) -> Feedback:
    """Check a number of agents: the fewest that meet a target.

    By default the target is a service level worked out with Erlang C (or Erlang A, given
    ``patience_seconds``) from the workload ``intensity`` in Erlangs. Any other measure can be
    given as ``achieved``: a function from a number of agents to the share they reach (or a
    table of shares by number of agents), described in words by ``measure``.

    Parameters
    ----------
    answer : object
        What the participant typed (``"25"``, ``"25 agents"``) or None.
    intensity, aht_seconds, threshold_seconds, target_sl : float
        The queue and its objective, for the Erlang models.
    patience_seconds : float, optional
        Callers' mean patience: use Erlang A (service level over calls offered).
    achieved : function or table, optional
        Instead of the Erlang models: the share (0 to 1) that ``n`` agents reach.
    measure : str, optional
        What the share is of, after the percentage ("of half hours meet 80% in 20 s").
    agents : range, optional
        The numbers of agents to look through (by default 1 to 10,000).
    hint : str
        Added to the feedback on a wrong answer.

    Returns
    -------
    Feedback
        ``correct`` is None when nothing is typed yet.

    Examples
    --------
    >>> check_agents(25, 20, 240, 20, 0.8)
    Correct: 25 agents.
    >>> check_agents(21, 20, 240, 20, 0.8)
    Not yet: 21 agents are 4 too few (with 21, 30.0% of calls are answered within 20 s), \
short of the 80% target.
    >>> check_agents("27 agents", 20, 240, 20, 0.8)
    Not yet: 27 agents meet the target (with 27, 94.6% of calls are answered within 20 s), \
but 2 fewer would too: the answer is the fewest agents that reach 80%.
    """
    target = check_in_range("target_sl", target_sl, 0, 1, low_inclusive=False, scalar=True)
    if measure is not None:
        check_instance("measure", measure, str, "words saying what the share is of, such as "
                       "'of emails are handled within 4 hours'")
    check_instance("hint", hint, str, "words to add to the feedback")
    candidates = agents if agents is not None else range(1, MOST_AGENTS + 1)
    if not isinstance(candidates, range) or len(candidates) == 0:
        raise CxlabValueError(f"agents must be a range of agent numbers, got {describe(agents)}")
    check_integer("agents", candidates.start, minimum=1)
    if achieved is None:
        if intensity is None or aht_seconds is None:
            raise CxlabValueError("give intensity and aht_seconds (Erlang C or A), or achieved "
                                  "(a share for each number of agents)")
        load = check_non_negative("intensity", intensity, scalar=True)
        handle = check_positive("aht_seconds", aht_seconds, scalar=True)
        threshold = check_non_negative("threshold_seconds", threshold_seconds, scalar=True)
        patience = (None if patience_seconds is None
                    else check_positive("patience_seconds", patience_seconds, scalar=True))
        if patience is None and load >= candidates.stop - 1:
            raise CxlabValueError(
                f"intensity must be below {candidates.stop - 1:,} Erlangs (the most agents "
                f"looked at), got {describe(load)}: with no more agents than Erlangs the "
                "queue never clears")
        share: Callable[[int], float | None] = _erlang_share(load, handle, threshold, patience)
        measure = measure or (f"of calls {'offered ' if patience else ''}are "
                              f"answered within {threshold:g} s")
        check = "intensity, aht_seconds and target_sl"
    else:
        share = _share_function(achieved)
        if not measure:
            raise CxlabValueError("measure must say what the share is of, such as "
                                  "'of emails are handled within 4 hours'")
        check = "achieved and target_sl"
    need = _fewest(share, target, candidates, check)

    if is_unanswered(answer):
        return Feedback(None, 0.0, "Not answered yet: type your answer under the first line of "
                                   "the answer cell, press Shift + Enter there, then run this "
                                   "cell again.")
    try:
        value = parse_number(answer, name="your answer")
    except QuizInputError as exc:
        return Feedback(False, 0.0, f"Not read: {exc}")
    if not math.isfinite(value) or value != int(value) or value < 0:
        return Feedback(False, 0.0, f"Not yet: {value:g} is not a whole number of agents. "
                                    "Agents come in whole people: type a whole number.")
    n = int(value)
    if n == need:
        return Feedback(True, 1.0, f"Correct: {n} agents.")
    try:
        got = share(n) if n >= 1 else 0.0
    except CxlabValueError:  # beyond what the model takes (over 100,000 agents): no share
        got = None
    with_n = f" (with {n}, {got:.1%} {measure})" if got is not None else ""
    if n < need:
        message = (f"Not yet: {n} agent{'s are' if n != 1 else ' is'} {need - n} too few"
                   f"{with_n}, short of the {target:.0%} target.")
    else:
        message = (f"Not yet: {n} agents meet the target{with_n}, but {n - need} fewer would "
                   f"too: the answer is the fewest agents that reach {target:.0%}.")
    return Feedback(False, 0.0, f"{message} {hint}".strip())


def _erlang_share(intensity: Any, aht_seconds: Any, threshold_seconds: Any,
                  patience_seconds: Any) -> Callable[[int], float]:
    from .erlang import erlang_a, service_level

    if patience_seconds is None:
        return lambda n: float(service_level(n, intensity, aht_seconds, threshold_seconds))
    return lambda n: float(erlang_a(n, intensity, aht_seconds, patience_seconds,
                                    threshold_seconds).service_level)
