"""`dojo try`: the learner's own input, read as literals only, run beside the reference."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from grader.cli import main
from grader.tryout import InputError, load_input, parse_args

ROOT = Path(__file__).resolve().parent.parent


def test_literals_and_literal_arrays():
    args, kwargs = parse_args("np.array([[1.0, -2.5], [3, 4]]), [1, 2], 'x', axis=-1, scale=1/4, flag=None")
    assert type(args[0]) is np.ndarray and args[0].dtype == np.float64 and args[0].shape == (2, 2)
    assert args[1:] == [[1, 2], "x"]
    assert kwargs == {"axis": -1, "scale": 0.25, "flag": None}
    (x,), _ = parse_args("np.zeros((2, 3), dtype=np.float32)")
    assert x.dtype == np.float32 and x.shape == (2, 3)
    (y,), _ = parse_args("np.array([np.inf, -np.inf, float('nan')])")
    assert np.isinf(y[:2]).all() and np.isnan(y[2])


def test_torch_tensors():
    torch = pytest.importorskip("torch")
    (t,), kw = parse_args("torch.tensor([[1, 2]], dtype=torch.float64), dim=0")
    assert isinstance(t, torch.Tensor) and t.dtype == torch.float64 and kw == {"dim": 0}


@pytest.mark.parametrize("text", [
    "__import__('os').system('true')",
    "np.load('secret.npy')",
    "open('/etc/passwd').read()",
    "np.array([1]).tofile('x')",
    "[x for x in range(3)]",
    "lambda: 1",
    "*[1, 2]",
    "**{'a': 1}",
    "np.zeros((100000, 100000))",
    "torch.zeros(100000, 100000)",
    "np.eye(10, 10000000)",
    "np.arange(10**12)",
    "f'{1}'",
])
def test_anything_but_a_literal_is_refused(text):
    with pytest.raises(InputError):
        parse_args(text)


def test_input_files(tmp_path):
    np.save(tmp_path / "x.npy", np.arange(6.0).reshape(2, 3))
    args, kwargs = load_input(tmp_path / "x.npy", "numpy")
    assert args[0].shape == (2, 3) and kwargs == {}
    np.savez(tmp_path / "k.npz", logits=np.ones((2, 4)), targets=np.array([1, 3]))
    args, kwargs = load_input(tmp_path / "k.npz", "numpy")
    assert args == [] and set(kwargs) == {"logits", "targets"}
    (tmp_path / "in.json").write_text(json.dumps({"args": [{"ndarray": [1, 2], "dtype": "float32"}, [1, 2]],
                                                  "kwargs": {"axis": 0}}))
    args, kwargs = load_input(tmp_path / "in.json", "numpy")
    assert args[0].dtype == np.float32 and args[1] == [1, 2] and kwargs == {"axis": 0}
    np.save(tmp_path / "obj.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(InputError):
        load_input(tmp_path / "obj.npy", "numpy")  # pickles are never loaded


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("DOJO_WORKSPACE", str(tmp_path / "ws"))
    assert main(["init"]) == 0
    return tmp_path / "ws"


@pytest.mark.slow
def test_try_shows_both_outputs_and_the_first_difference(workspace, capsys):
    mine = workspace / "foundations" / "stable-softmax" / "stable_softmax.py"
    shutil.copyfile(ROOT / "solutions/foundations/stable-softmax/stable_softmax.py", mine)
    capsys.readouterr()
    assert main(["try", "stable-softmax", "--args", "np.array([1.0, 2.0, 3.0])"]) == 0
    out = capsys.readouterr().out
    assert "your output:" in out and "reference:" in out and "the same" in out
    assert "0.665241" in out  # softmax([1, 2, 3])[2], printed by both

    mine.write_text("import numpy as np\n\ndef softmax(x, axis=-1):\n    e = np.exp(x)\n    return e / e.sum(axis=axis, keepdims=True)\n")
    assert main(["try", "1", "--args", "np.array([1000.0, 0.0])"]) == 1
    out = capsys.readouterr().out
    assert "NaN" in out and "stable_softmax.py:4: RuntimeWarning" in out  # the warning cites the learner's file

    mine.write_text("def softmax(x, axis=-1):\n    return undefined_name\n")
    assert main(["try", "stable-softmax", "--args", "np.array([1.0])"]) == 1
    out = capsys.readouterr().out
    assert "NameError" in out and "stable_softmax.py:2 in softmax" in out
