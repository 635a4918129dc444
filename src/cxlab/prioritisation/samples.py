"""The sample data of module 04, read and checked.

All belong to the broadband provider whose journey module 05 maps: the backlog is in
:func:`cxlab.prioritisation.load_backlog`; here are the stakeholders' rankings, February's
change requests and the quick-wins campaign log.

>>> load_stakeholder_rankings().shape
(6, 10)
>>> load_change_requests().index.tolist()
['CR-01', 'CR-02', 'CR-03', 'CR-04', 'CR-05']
"""

from __future__ import annotations

import io

import pandas as pd

from ..data.registry import dataset_text
from .backlog import load_backlog, validate_backlog
from .ranking import rank_table

__all__ = ["load_change_requests", "load_draft_actions", "load_quick_wins",
           "load_stakeholder_rankings"]


def _read(name: str, **kwargs) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(dataset_text(name)), **kwargs)


def load_stakeholder_rankings() -> pd.DataFrame:
    """Six stakeholders' ranks (1 = first choice) of ten backlog initiatives.

    A table with a row per stakeholder and a column per initiative code, ready for
    :func:`~cxlab.prioritisation.kendalls_w`, :func:`~cxlab.prioritisation.borda` and friends.
    """
    raw = _read("stakeholder_rankings", index_col="stakeholder")
    return rank_table(raw).astype(int)


def load_change_requests() -> pd.DataFrame:
    """Five requests brought to February's change board (backlog columns + ``pain_point``).

    Not every one will qualify: some lack an owner or a named customer pain point.
    """
    raw = _read("change_requests", dtype=str, keep_default_na=False, na_values=[""])
    return validate_backlog(raw, name="change requests", blank_ok=("owner",),
                            known_codes=load_backlog().index)


def load_draft_actions() -> pd.DataFrame:
    """Seven initiatives drafted from the journey findings of module 05, as typed by hand.

    The backlog's columns plus ``source``, one row per initiative (J-01 to J-07), read as
    typed and **not** checked: lesson 05.05 shows what :func:`validate_backlog` finds in them.

    >>> draft = load_draft_actions()
    >>> draft["code"].tolist()[:3], int(draft["risk"].max())
    (['J-01', 'J-02', 'J-03'], 6)
    """
    return _read("journey_actions_draft", keep_default_na=False)


def load_quick_wins() -> pd.DataFrame:
    """The 2027 campaign to remove 99 small pain points: id, stage and removal date.

    ``removed_on`` is a date, or ``NaT`` for the pain points still open on 30 September
    2027 (rebuilt by ``tools/datagen/core.py``).
    """
    from cxlab import data

    return data.load("quick_wins_2027")
