"""Two grading runs at once never share a sandbox user (so never a process limit)."""

from __future__ import annotations

import os
from pathlib import Path

from cxlab.grading import Limits
from cxlab.grading.sandbox import Sandbox


def test_concurrent_runs_claim_different_users(tmp_path: Path) -> None:
    first = Sandbox.for_course(tmp_path, Limits())
    second = Sandbox.for_course(tmp_path, Limits())
    if os.geteuid() != 0:  # pragma: no cover - CI and this machine run as root
        assert not first.full and not second.full
        return
    assert first.full and second.full, (first.reason, second.reason)
    first.prepare_slots(2)
    second.prepare_slots(2)
    assert len(first.users) == 2 and len(second.users) == 2
    assert not set(first.users) & set(second.users)
    # when a run ends its users are free again
    taken = set(second.users)
    for lock in second._locks:
        lock.close()
    third = Sandbox.for_course(tmp_path, Limits())
    third.prepare_slots(2)
    assert set(third.users) == taken
