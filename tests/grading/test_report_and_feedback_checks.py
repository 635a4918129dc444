"""The statistics of the cohort report and the leak checks of the feedback, on their own."""

from __future__ import annotations

import numpy as np
import pytest

from cxlab.grading.feedback import find_leaks, secret_lines
from cxlab.grading.report import discrimination_index


def test_discrimination_index_against_a_hand_count() -> None:
    # 10 participants; 27% of 10 rounds to 3 per group.
    totals = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    item = [1, 1, 0, 1, 0, 1, 0, 0, 1, 0]
    # top 3 (totals 10, 9, 8): 1, 1, 0 -> 2/3; bottom 3 (3, 2, 1): 0, 1, 0 -> 1/3
    assert discrimination_index(item, totals) == pytest.approx(2 / 3 - 1 / 3)


def test_discrimination_index_with_partial_credit_and_one_participant() -> None:
    assert discrimination_index([0.5, 0.25], [4, 2]) == pytest.approx(0.25)
    assert np.isnan(discrimination_index([1], [3]))


def test_secret_lines_include_model_answers() -> None:
    nb = {"cells": [{"cell_type": "markdown", "metadata": {"nbgrader": {"solution": True}},
                     "source": ["Calls arrive in random bursts, so queues build.\n", "Short\n"]}]}
    assert secret_lines(nb) == ([], ["Calls arrive in random bursts, so queues build."])


def test_leaks_are_found_through_syntax_highlighting_and_entities() -> None:
    page = ('<span class="k">assert</span> <span class="n">q2</span> <span class="o">=='
            '</span> <span class="s2">&quot;B&quot;</span>')
    assert find_leaks(page, ['assert q2 == "B"']) == ['assert q2 == "B"']
    assert find_leaks(page, ['assert q2 == "C"']) == []
