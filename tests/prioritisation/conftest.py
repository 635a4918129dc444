"""A small backlog builder for the prioritisation tests."""

from __future__ import annotations

import pandas as pd
import pytest


def make_backlog(*rows: dict) -> pd.DataFrame:
    """Backlog rows with sensible defaults; each row needs at least a code."""
    defaults = {"title": None, "domain": "Digital", "customer_benefit": 3,
                "business_benefit": 3, "cost": 10, "effort": 5, "risk": 1,
                "dependencies": "", "owner": "Owner", "status": "idea"}
    out = []
    for row in rows:
        full = {**defaults, **row}
        full["title"] = full["title"] or f"Initiative {row['code']}"
        out.append(full)
    return pd.DataFrame(out)


@pytest.fixture
def backlog_of():
    return make_backlog
