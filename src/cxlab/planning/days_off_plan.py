"""Days off: the post-office problem, as an integer programme.

:func:`days_off` is the classic problem of operations-research textbooks: each employee works
``days_on`` consecutive days (5) then has the rest of the week off (2); how few employees
cover the number needed each day? The unknowns are how many start their working stretch on
each weekday (the week wraps around). Winston's example (*Operations Research: Applications
and Algorithms*, 4th ed., section 3.5) needs 17, 13, 15, 19, 14, 16 and 11 employees Monday to
Sunday: the linear relaxation needs 22 1/3 and the integer optimum is 23.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validation import CxlabValueError, check_integer, describe
from .shifts import MAX_AGENTS

__all__ = ["DaysOffPlan", "days_off"]

#: The most days a days-off plan may cover.
MAX_DAYS = 28


@dataclass(frozen=True)
class DaysOffPlan:
    """A days-off plan: how many employees start their working stretch on each day.

    Attributes
    ----------
    employees : int
        Employees needed in all.
    table : DataFrame, one row per day
        ``required``, ``starting`` (employees whose stretch of working days starts that
        day), ``working`` and ``surplus`` (working minus required).
    lp_bound : float
        Employees the linear relaxation needs (fractional employees allowed).
    days_on : int
        Consecutive working days of each employee.
    """

    employees: int
    table: pd.DataFrame
    lp_bound: float
    days_on: int

    def __repr__(self) -> str:
        return (
            f"DaysOffPlan: {self.employees} employees, each {self.days_on} days on and "
            f"{len(self.table) - self.days_on} off (linear relaxation {self.lp_bound:.2f}); "
            f"{int(self.table['surplus'].sum())} employee-days beyond the requirement"
        )


def days_off(required_per_day: Any, *, days_on: int = 5) -> DaysOffPlan:
    """The fewest employees who cover each day when everyone works consecutive days.

    Each employee works ``days_on`` consecutive days and has the rest of the cycle off; the
    cycle wraps around (a stretch starting on Friday covers Friday to Tuesday).

    Parameters
    ----------
    required_per_day : Series or list of whole numbers
        Employees needed each day of the cycle, e.g. Monday to Sunday.
    days_on : int, default 5
        Consecutive working days, 1 to the cycle length minus 1.

    Returns
    -------
    DaysOffPlan

    Examples
    --------
    Winston's post-office example (Operations Research, section 3.5):

    >>> plan = days_off([17, 13, 15, 19, 14, 16, 11])
    >>> plan.employees, round(plan.lp_bound, 4)
    (23, 22.3333)
    """
    from scipy.optimize import LinearConstraint, milp

    values = np.atleast_1d(check_integer("required_per_day", required_per_day, minimum=0))
    if values.ndim != 1 or not 2 <= values.size <= MAX_DAYS:
        raise CxlabValueError(
            f"required_per_day must list 2 to {MAX_DAYS} days, got {values.size}"
        )
    if values.max() > MAX_AGENTS:
        raise CxlabValueError(
            f"required_per_day must be at most {MAX_AGENTS:,}, got {int(values.max()):,}"
        )
    n = values.size
    on = check_integer("days_on", days_on, minimum=1, scalar=True)
    if on >= n:
        raise CxlabValueError(
            f"days_on must be less than the {n} days of the cycle (someone must have a day "
            f"off), got {on}"
        )
    cover = np.zeros((n, n))
    for start in range(n):
        for d in range(on):
            cover[(start + d) % n, start] = 1.0
    constraint = LinearConstraint(cover, lb=values.astype(float), ub=np.inf)
    relaxed = milp(np.ones(n), integrality=np.zeros(n, dtype=np.int64),
                   constraints=[constraint])
    result = milp(np.ones(n), integrality=np.ones(n, dtype=np.int64), constraints=[constraint])
    if result.x is None or relaxed.fun is None:  # pragma: no cover - always feasible
        raise CxlabValueError(f"no days-off plan was found for required_per_day "
                              f"{describe(values)}")
    x = np.round(result.x).astype(np.int64)
    working = (cover @ x).astype(np.int64)
    index = required_per_day.index if isinstance(required_per_day, pd.Series) else \
        pd.RangeIndex(1, n + 1, name="day")
    table = pd.DataFrame({"required": values, "starting": x, "working": working,
                          "surplus": working - values}, index=index)
    return DaysOffPlan(int(x.sum()), table, float(relaxed.fun), on)
