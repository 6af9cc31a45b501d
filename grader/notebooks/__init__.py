"""Jupyter: learner notebooks and a real nbgrader course.

learner.py writes a learner's notebook for an exercise; nbgrader_export.py writes an nbgrader course
(source notebooks with v3 cell metadata); solution_cell.py builds the `### BEGIN SOLUTION` cells;
nbgrader_hidden.py is what the hidden-test cell runs inside the kernel.

May import the core (catalog, protocol, calls, wire, grading, trusted); never the classroom or the site.
"""
