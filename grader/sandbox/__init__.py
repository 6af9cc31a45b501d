"""The security boundary: where learner code runs, and the trusted side's handle on it.

- parent.py: the trusted side (`Sandbox`, `open_sandbox`): starts zygotes, sends jobs, enforces wall-clock
  and output limits, decodes what comes back (outcome.py).
- zygote.py, child.py: the untrusted side. The zygote imports numpy/torch once and forks a warden per job;
  the child imports the learner's module and streams each call's result.
- isolation.py: namespaces, the private read-only root, resource limits.
- spawn.py, spawned.py: the same contract with spawned processes, for platforms without fork.

Never imports the trusted side (grader.trusted, grader.compare, grader.grading), solutions/, hidden
cases, or the classroom: nothing the learner must not see is ever loaded into a process it can reach.
This __init__ imports nothing, so the zygote starts with only what it needs.
"""
