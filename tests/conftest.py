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
