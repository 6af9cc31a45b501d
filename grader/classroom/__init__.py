"""Instructor tooling for a whole class: batch grading, the gradebook and everything built from it.

batch.py plans and runs (student, exercise) grades in parallel; locate.py, unpack.py and layouts.py
find submissions in folders, notebooks, zips and LMS downloads (Canvas, Moodle); gradebook.py is the
SQLite gradebook (migrations.py: its schema versions), identity.py what it keeps of each submission;
roster.py, course.py, deadlines.py and overrides.py bring in the course (who, when due, what an
instructor changed), setup.py for a grade-batch run; marks.py says which points count; export.py
and lms.py (CSV, Canvas, Moodle), report.py (HTML, with similarity.py's list), feedback.py (pages to
hand back) and gradescope.py (autograder bundle and run) turn grades into outputs.

May import the core (catalog, grading, trusted, sandbox); never the site or the CLI.
"""
