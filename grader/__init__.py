"""Transformer Dojo: exercises on the parts of a transformer, graded by hidden tests."""

__version__ = "0.1.0"
