"""Fixtures for the notebook and nbgrader tests: the foundations track."""
from __future__ import annotations

import pytest

from grader.catalog import Exercise, load_catalog
from nb_helpers import TRACK


@pytest.fixture(scope="session")
def foundations() -> list[Exercise]:
    track = load_catalog().track(TRACK)
    assert track is not None and len(track.exercises) == 5, "the foundations track should have 5 exercises"
    return list(track.exercises)
