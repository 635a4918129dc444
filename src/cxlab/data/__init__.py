"""Sample data sets shipped with cxlab, and a loader that checks your own interval data.

Every shipped file is registered once in :mod:`cxlab.data.registry` (name, file, how it is
loaded and checked, a description and what builds it); :func:`list_datasets` lists them and
:func:`describe_dataset` says what each holds. The sample data are synthetic but realistic;
the seeded generators in ``tools/datagen/`` rebuild them (``make data``) and their docstrings
explain how every column is made.

>>> "voice_week" in list_datasets()
True
>>> week = load("voice_week")
>>> week.shape
(148, 10)

Your own data, exported from your phone system or workforce-management tool as a CSV file,
is read with :func:`load_csv`, which says in plain words what is wrong with a file, with the
row numbers you see in a spreadsheet (the header is row 1).

For module 03 (quality monitoring), :func:`load_scorecard` returns the voice QA scorecard the
``qa_evaluations`` and ``qa_calibration`` data sets are scored with.

The package is split by responsibility: :mod:`._schema` (columns, row rules, the CSV reader),
:mod:`.registry` (the data sets) and :mod:`.loaders`. It imports no topic, except that
:func:`load_scorecard` builds the coaching topic's ``Scorecard`` when called.
"""

from __future__ import annotations

from ._schema import Column, DataValidationError, RowRule, Schema
from .loaders import load, load_csv, load_scorecard
from .registry import (
    DATASETS,
    REGISTRY,
    SCHEMAS,
    Dataset,
    dataset_text,
    describe_dataset,
    list_datasets,
)

__all__ = [
    "DATASETS",
    "REGISTRY",
    "SCHEMAS",
    "Column",
    "DataValidationError",
    "Dataset",
    "RowRule",
    "Schema",
    "dataset_text",
    "describe_dataset",
    "list_datasets",
    "load",
    "load_csv",
    "load_scorecard",
]

# The error tracebacks and doctests show, e.g. cxlab.data.DataValidationError.
for _public in (Column, DataValidationError, RowRule, Schema, Dataset):
    _public.__module__ = __name__
del _public
