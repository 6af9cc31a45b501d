"""Every reference leaves the arguments of every hidden call as it found it, except those the call
declares in `mutates=`: checked here by calling the reference directly on deep copies, independently
of the grader's own argument comparison (grader.calls / grader.compare)."""
from __future__ import annotations

import copy
import sys

import numpy as np
import pytest

from grader import trusted
from grader.catalog import load_catalog
from grader.protocol import Build

CATALOG = load_catalog()


def same(before, after) -> bool:
    """Exactly equal, types and dtypes included (NaN equal to NaN)."""
    if type(before) is not type(after):
        return False
    if isinstance(before, np.ndarray):
        return before.dtype == after.dtype and before.shape == after.shape and np.array_equal(before, after, equal_nan=True)
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(before, torch.Tensor):
        both_nan = before.isnan() & after.isnan() if before.is_floating_point() else torch.zeros_like(before, dtype=torch.bool)
        return before.dtype == after.dtype and before.shape == after.shape and bool(((before == after) | both_nan).all())
    if isinstance(before, dict):
        return before.keys() == after.keys() and all(same(before[k], after[k]) for k in before)
    if isinstance(before, (list, tuple)):
        return len(before) == len(after) and all(same(a, b) for a, b in zip(before, after))
    return before == after


def _plain(call) -> bool:
    """Calls of functions on plain data (modules with state_dicts and Build objects are the grader's to check)."""
    return call.init is None and not any(type(a) is Build for a in (*call.args, *call.kwargs.values()))


@pytest.mark.parametrize("slug", [ex.slug for ex in CATALOG.exercises if ex.slug != "train-char-gpt"])
def test_reference_leaves_its_arguments_unchanged(slug):
    ex = CATALOG.get(slug)
    ref = trusted.load_reference(ex)
    checked = 0
    for case in trusted.hidden_cases(ex):
        for call in filter(_plain, case.calls):
            args, kwargs = copy.deepcopy(call.args), copy.deepcopy(call.kwargs)
            try:
                getattr(ref, call.entry)(*args, **kwargs)
            except Exception:  # noqa: BLE001 - the raising cases must leave their arguments alone too
                pass
            allowed = set(call.mutates)
            for i, (a, b) in enumerate(zip(call.args, args)):
                assert i in allowed or same(a, b), f"{slug}: {case.name} modified argument {i}"
            for k in call.kwargs:
                assert k in allowed or same(call.kwargs[k], kwargs[k]), f"{slug}: {case.name} modified {k!r}"
            checked += 1
    if checked == 0:
        pytest.skip(f"{slug}: every call builds a module or an object; the grader compares those arguments")


def test_same_tells_a_changed_array_apart():
    a = np.arange(3.0)
    assert same(a, a.copy()) and not same(a, a + 1) and not same(a, a.astype(np.float32))
    assert same({"x": [1, (2, 3)]}, {"x": [1, (2, 3)]}) and not same([1, 2], (1, 2))
