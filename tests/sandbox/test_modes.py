"""The golden scenarios in every isolation mode this machine can produce, each from a grader that
runs the way instructors run it: as an ordinary user (user namespaces; Landlock where they are
refused; limits only), and as root without CAP_SYS_ADMIN, as in a default Docker container (user
namespaces; a dedicated uid where those are refused).

Each mode runs tests/sandbox/golden_driver.py once, in a copy of the project owned by the user the
grader runs as, so that an attack on the project's files would really reach them; root with
CAP_SYS_ADMIN (namespaces) too, the mode CI and most instructors' servers have.

The ordinary user needs a Python it can read: the default one here may live under /root (mode
700), so these tests make a venv from Debian's /usr/bin/python3 (once; DOJO_TEST_USER_VENV names
where) with numpy and torch.
"""
from __future__ import annotations

import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
SCENARIOS = sorted(p.name for p in GOLDEN.iterdir() if (p / "submission.py").is_file())
USER = 4242
USER_VENV = Path(os.environ.get("DOJO_TEST_USER_VENV", "/tmp/dojo-test-user-venv"))
USER_PACKAGES = ["torch==2.13.0", "numpy", "rich", "pytest"]

# mode -> how the grader is started, and the isolation the sandbox must then report
MODES = {
    "root": {"as": "root", "env": {}, "expect": "namespaces"},
    "user-userns": {"as": "user", "env": {}, "expect": "userns"},
    "user-landlock": {"as": "user", "env": {"DOJO_SANDBOX": "landlock"}, "expect": "landlock"},
    "user-limits": {"as": "user", "env": {"DOJO_SANDBOX": "limits"}, "expect": "limits"},
    "container-root": {"as": "root-no-sys-admin", "env": {}, "expect": "userns"},
    "container-root-uid": {"as": "root-no-sys-admin", "env": {"DOJO_SANDBOX": "uid"}, "expect": "uid"},
}
PROTECTIVE = {"namespaces", "userns", "uid", "landlock"}


def _why_not_here() -> str | None:
    if sys.platform != "linux":
        return "isolation modes are Linux features"
    if os.geteuid() != 0:
        return "needs root to start the grader as another user and to drop CAP_SYS_ADMIN"
    for tool in ("setpriv", "capsh"):
        if shutil.which(tool) is None:
            return f"needs {tool} (util-linux, libcap2-bin)"
    if not Path("/usr/bin/python3").exists():
        return "needs Debian's /usr/bin/python3 for a Python every user can read"
    return None


pytestmark = [pytest.mark.slow, pytest.mark.skipif(_why_not_here() is not None, reason=str(_why_not_here()))]


def _user_venv() -> Path:
    """A venv every user can read, with what the grader and the scenarios import."""
    marker = USER_VENV / ".dojo-ready"
    wanted = " ".join(USER_PACKAGES)
    if marker.exists() and marker.read_text() == wanted:
        return USER_VENV
    shutil.rmtree(USER_VENV, ignore_errors=True)
    subprocess.run(["/usr/bin/python3", "-m", "venv", str(USER_VENV)], check=True)
    subprocess.run([str(USER_VENV / "bin/pip"), "install", "-q", *USER_PACKAGES], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run(["chmod", "-R", "a+rX", str(USER_VENV)], check=True)
    marker.write_text(wanted)
    return USER_VENV


def _project_copy(base: Path, owner: int) -> Path:
    """grader/, exercises/, solutions/ and the golden scenarios, owned by the user the grader runs as."""
    project = base / "project"
    for name in ("grader", "exercises", "solutions"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(GOLDEN, project / "tests" / "sandbox" / "golden")
    shutil.copy(Path(__file__).parent / "golden_driver.py", project / "tests" / "sandbox" / "golden_driver.py")
    os.chmod(base, 0o755)
    if owner:
        subprocess.run(["chown", "-R", f"{owner}:{owner}", str(base)], check=True)
    return project


def _scenarios_for(mode: str) -> list[str]:
    if MODES[mode]["expect"] in PROTECTIVE:
        return SCENARIOS
    return [s for s in SCENARIOS if not _expected(s).get("sandboxed_only")]


def _expected(scenario: str) -> dict:
    return tomllib.loads((GOLDEN / scenario / "expected.toml").read_text())


CONCURRENT_DRIVERS = 3  # most of a scenario's time is a wall-clock wait (timeouts), not CPU


def _run_driver(mode: str, base: Path) -> dict:
    spec = MODES[mode]
    user = spec["as"] == "user"
    # A container's Python is readable by every uid: the dedicated uids need that too.
    python = sys.executable if spec["as"] == "root" else str(USER_VENV / "bin/python")
    project = _project_copy(base, USER if user else 0)
    out = base / "report.json"
    driver = [python, str(project / "tests/sandbox/golden_driver.py"), str(project), str(out), *_scenarios_for(mode)]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(base), "LANG": "C.UTF-8", "DOJO_IMPORT_ALLOWANCE_S": "6",
           **spec["env"]}
    if user:
        cmd = [shutil.which("setpriv") or "setpriv", f"--reuid={USER}", f"--regid={USER}", "--clear-groups", *driver]
    elif spec["as"] == "root":
        cmd = driver
    else:
        cmd = [shutil.which("capsh") or "capsh", "--drop=cap_sys_admin", "--", "-c", " ".join(f"'{a}'" for a in driver)]
    proc = subprocess.run(cmd, env=env, cwd=base, capture_output=True, text=True, timeout=1800)
    if not out.exists():
        return {"failed": f"the driver wrote no report (exit {proc.returncode}):\n{proc.stderr[-3000:]}"}
    return json.loads(out.read_text())


@pytest.fixture(scope="module")
def reports(request):
    """Every selected mode's driver, started together (a few at a time) on first use."""
    selected = sorted({item.callspec.params["mode"] for item in request.session.items
                       if getattr(item, "callspec", None) and "mode" in item.callspec.params
                       and item.module is request.module})
    _user_venv()
    bases = {mode: Path(tempfile.mkdtemp(prefix=f"dojo-mode-{mode}-", dir="/tmp")) for mode in selected}
    # The isolating modes run side by side; limits-only runs alone afterwards, since its attacks do
    # reach the shared /tmp and would look like another mode's failure.
    isolating = [m for m in selected if MODES[m]["expect"] in PROTECTIVE]
    with concurrent.futures.ThreadPoolExecutor(CONCURRENT_DRIVERS) as pool:
        futures = {mode: pool.submit(_run_driver, mode, bases[mode]) for mode in isolating}
        done = {mode: future.result() for mode, future in futures.items()}
    for mode in selected:
        if mode not in done:
            done[mode] = _run_driver(mode, bases[mode])
    yield done
    for base in bases.values():
        shutil.rmtree(base, ignore_errors=True)


def _report(mode: str, reports: dict) -> dict:
    report = reports[mode]
    assert "failed" not in report, report.get("failed")
    return report


@pytest.mark.parametrize("mode", sorted(MODES))
def test_the_mode_in_force_is_the_one_expected(mode, reports):
    report = _report(mode, reports)
    assert report["mode"] == MODES[mode]["expect"], report["mode_notes"]
    assert report["protects_references"] == (MODES[mode]["expect"] in PROTECTIVE)
    assert report["uid"] == (USER if MODES[mode]["as"] == "user" else 0)
    if MODES[mode]["expect"] not in PROTECTIVE:
        assert report["mode"] == "limits"  # and batch grading refuses it: tests/classroom


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("mode", sorted(MODES))
def test_scenario_in_mode(mode, scenario, reports):
    if scenario not in _scenarios_for(mode):
        pytest.skip(f"{MODES[mode]['expect']} cannot stop this scenario; batch grading refuses that mode")
    got = _report(mode, reports)["scenarios"][scenario]
    expected = _expected(scenario)
    text = got["text"]
    if "points" in expected:
        assert got["points"] == expected["points"], text
    if "min_points" in expected:
        assert expected["min_points"] <= got["points"] <= expected["max_points"], text
    assert got["status"] == expected["status"], text
    for needle in expected.get("message", []):
        assert needle in text, f"{needle!r} not in feedback: {text}"
    for needle in expected.get("absent", []):
        assert needle not in text and needle not in got["output"], f"{needle!r} reached the feedback or output"
    assert got["isolation"] == MODES[mode]["expect"]
    assert got["honest_points"] > 0 and not got["honest_error"], "the grader stopped working after the scenario"
    assert not got["changed"], f"the submission changed files of the project: {got['changed']}"
    assert not got["pwned"], f"the submission wrote outside its sandbox: {got['pwned']}"
    assert got["connections"] == 0, "the submission reached a server on loopback"
    assert not got["leftovers"], f"processes of the sandbox outlived the run: {got['leftovers']}"
    assert not got.get("ipc_left"), f"System V IPC objects outlived the run: {got['ipc_left']}"
