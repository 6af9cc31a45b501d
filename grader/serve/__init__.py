"""`dojo serve`: the site as a local web app that edits, runs and grades the learner's workspace.

app.py assembles it (pages from grader.site, static files, the editor, the API) and runs it with
uvicorn on 127.0.0.1; security.py guards every request (Host, Origin, token); api.py is the JSON
API; jobs.py runs Run / Submit / Custom input one at a time per exercise and cancels them;
reports.py turns results into what the page shows. Grading goes through the CLI's own functions
and the sandbox, in this process.
"""
