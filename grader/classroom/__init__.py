"""Instructor tooling for a whole class: batch grading, the gradebook and everything built from it.

batch.py plans and runs (student, exercise) grades in parallel; locate.py and unpack.py find
submissions in folders, notebooks and zips; gradebook.py is the SQLite gradebook; export.py (CSV),
report.py (HTML) and gradescope.py (autograder bundle and run) turn grades into outputs.

May import the core (catalog, grading, trusted, sandbox); never the site or the CLI.
"""
