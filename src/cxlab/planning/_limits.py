"""Size limits shared by the planning modules, so a slip such as 10**9 calls is refused plainly."""

from __future__ import annotations

import numpy as np

from .._validation import CxlabValueError
from ..service_level.erlang import MAX_AGENTS

#: The largest workload Erlang C is asked about, in Erlangs (agents busy at once).
MAX_WORKLOAD = MAX_AGENTS * 0.9


def check_workload(load: object, inputs: str) -> None:
    """Refuse a workload beyond :data:`MAX_WORKLOAD`, naming the ``inputs`` it came from.

    >>> check_workload(np.array([12.0, 9.5]), "calls and aht_seconds")
    >>> check_workload(2e8, "calls and aht_seconds")
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: calls and aht_seconds give a workload of 200,000,000 Erlangs (agents busy at once) in an interval; at most 90,000 is allowed, so check calls and aht_seconds
    """  # noqa: E501
    arr = np.asarray(load, dtype=float)
    if arr.size and float(arr.max()) > MAX_WORKLOAD:
        raise CxlabValueError(
            f"{inputs} give a workload of {float(arr.max()):,.0f} Erlangs (agents busy at "
            f"once) in an interval; at most {MAX_WORKLOAD:,.0f} is allowed, so check {inputs}"
        )
