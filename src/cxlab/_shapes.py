"""Give results back in the shape the caller used: float, numpy array or pandas Series."""

from __future__ import annotations

from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike

from ._validation import FloatArray, IntArray

__all__ = ["ArrayLike", "FloatArray", "Floats", "IntArray", "Ints", "restore_shape"]

#: What a vectorised function gives back: a float for plain numbers in, otherwise an array in
#: the inputs' shape. (A pandas Series in gives a Series out; pandas has no types here, so a
#: Series argument makes the result untyped, ``Any``.)
Floats: TypeAlias = float | FloatArray
#: The same for whole numbers (agents, people): an int, or an array of them.
Ints: TypeAlias = int | IntArray


def _is_series(value: object) -> bool:
    return type(value).__name__ == "Series" and hasattr(value, "index")


def restore_shape(result: np.ndarray, *templates: Any) -> Any:
    """Return a float for scalar inputs, a Series if any input was a Series, else an array.

    >>> restore_shape(np.asarray(2.0), 1)
    2.0
    >>> restore_shape(np.asarray([1.0, 2.0]), [1, 2]).tolist()
    [1.0, 2.0]
    """
    for template in templates:
        if _is_series(template):
            values = np.broadcast_to(result, np.shape(template)).copy()
            return type(template)(values, index=template.index, name=template.name)
    if np.ndim(result) == 0:
        return float(result)
    return result
