"""Shared fixtures: the catalog and one grading sandbox per test session."""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")


@pytest.fixture(scope="session")
def catalog():
    from grader.catalog import load_catalog

    return load_catalog(strict=True)


@pytest.fixture(scope="session")
def sandbox():
    from grader.sandbox.parent import Sandbox

    with Sandbox() as sb:
        yield sb


@pytest.fixture(autouse=True)
def _no_learner_workspace(monkeypatch, tmp_path_factory):
    """The suite never reads or writes a learner's workspace or progress: learner commands look for
    one where none exists (a test that needs a workspace makes its own under tmp_path)."""
    monkeypatch.setenv("DOJO_WORKSPACE", str(tmp_path_factory.getbasetemp() / "no-learner-workspace"))
