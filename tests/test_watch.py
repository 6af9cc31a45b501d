"""`dojo watch`: a run per save (visible examples, then the hidden grade once they pass), one
screen each, progress recorded, and Ctrl-C ends it cleanly."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.catalog import load_catalog
from grader.progress import Progress
from grader.workspace import init_workspace

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "solutions" / "foundations" / "gelu" / "gelu.py"


@pytest.mark.slow
def test_watch_rechecks_on_save_then_grades_and_moves_on(tmp_path, capsys):
    from grader.sandbox.parent import Sandbox
    from grader.watch import Watcher

    catalog = load_catalog()
    ws, _ = init_workspace(catalog, tmp_path / "ws")
    ex = catalog.get("gelu")
    mine = ws.learner_file(ex)
    with Sandbox() as sandbox:
        watcher = Watcher(sandbox, catalog, ws, ex, follow=True)
        assert watcher.run_once() == "failing"
        out = capsys.readouterr().out
        assert "NotImplementedError" in out and "Hidden tests" not in out
        assert not watcher.changed()
        time.sleep(0.01)
        shutil.copyfile(REFERENCE, mine)
        assert watcher.changed()
        assert watcher.run_once() == "passed"
        out = capsys.readouterr().out
        assert "Hidden tests" in out and "10.00/10" in out and "Now watching" in out
        assert len(sandbox.zygote_pids()) == 1, "a numpy exercise should never start the torch zygote"
    assert Progress(ws.state_dir).status("gelu") == "passed"
    assert watcher.ex != ex, "without a SLUG, watch moves on to the next exercise"


@pytest.mark.slow
def test_ctrl_c_stops_watch_cleanly(tmp_path):
    catalog = load_catalog()
    init_workspace(catalog, tmp_path / "ws")
    env = {**os.environ, "DOJO_WORKSPACE": str(tmp_path / "ws")}
    proc = subprocess.Popen([sys.executable, "-m", "grader", "watch", "gelu"], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        seen = ""
        while "Ctrl-C to stop" not in seen and time.monotonic() < deadline:
            seen += proc.stdout.readline()
        assert "Ctrl-C to stop" in seen, seen
        os.killpg(proc.pid, signal.SIGINT)  # what the terminal does: the whole foreground group
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0
    assert "Stopped watching" in out
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
