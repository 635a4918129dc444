"""cxlab: a hands-on training and assessment kit for customer-experience management.

The topic modules mirror the course modules one to one::

    from cxlab import service_level as sl   # module 01: service level and response time
    from cxlab import data                  # sample data sets and CSV loading
    from cxlab import quiz                  # answer checks and feedback

Topic modules are imported on first use, so ``import cxlab`` is quick and never pulls in
matplotlib, ipywidgets or IPython; figures live in ``<topic>.plots`` and interactive front
ends in ``<topic>.widgets``, imported only by the notebooks that use them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Topic modules, loaded lazily on first attribute access.
_TOPICS = (
    "coaching",
    "data",
    "journey",
    "metrics",
    "organisation",
    "planning",
    "prioritisation",
    "quiz",
    "service_level",
    "voc",
)

__all__ = ["CxlabTypeError", "CxlabValueError", "__version__", *_TOPICS]

if TYPE_CHECKING:  # pragma: no cover - for editors and type checkers only
    from . import (  # noqa: F401
        coaching,
        data,
        journey,
        metrics,
        organisation,
        planning,
        prioritisation,
        quiz,
        service_level,
        voc,
    )
    from ._validation import CxlabTypeError, CxlabValueError


def __getattr__(name: str) -> Any:
    if name in ("CxlabValueError", "CxlabTypeError"):  # the errors checks raise, loaded late
        from . import _validation

        return getattr(_validation, name)
    if name in _TOPICS:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'cxlab' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
