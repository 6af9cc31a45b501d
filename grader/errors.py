"""One exception tree: everything the CLI turns into a one-line message."""
from __future__ import annotations


class DojoError(Exception):
    """An error a user can act on; the CLI prints it as one line and exits 2."""


class CatalogError(DojoError):
    """A catalog file is malformed: names the file and, where known, the key."""

    def __init__(self, path: object, message: str, key: str | None = None) -> None:
        self.path = str(path)
        self.key = key
        self.message = message
        where = f"{self.path}: key '{key}'" if key else self.path
        super().__init__(f"{where}: {message}")


class UsageError(DojoError):
    """The command line asks for something that does not exist."""


class SubmissionError(DojoError):
    """A submission cannot be read (bad path, not UTF-8, invalid notebook, ...)."""
