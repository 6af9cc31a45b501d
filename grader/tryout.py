"""`dojo try`: run the learner's function and the reference on an input the learner chose.

The input is read, never evaluated: `--args` is parsed as the argument list of a call, and each
argument must be a literal (numbers, strings, lists, tuples, dicts, True/False/None), a literal
array written `np.array([...])` / `torch.tensor([...])` (or zeros, ones, full, arange, eye,
linspace with literal sizes), or a dtype such as `np.float32`. A .npy, .npz or .json file can hold
larger inputs. The learner's call runs in the sandbox like a hidden case; the reference runs in the
trusted process; both outputs are shown with the first difference. Only inputs the learner typed
are ever run through the reference this way, so nothing about the hidden cases is revealed.
"""
from __future__ import annotations

import ast
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from grader import trusted
from grader.catalog import Exercise
from grader.errors import UsageError
from grader.grading import judge_case, run_learner
from grader.protocol import Call, Case
from grader.sandbox.parent import Sandbox

MAX_ELEMENTS = 10_000_000  # per array built from a size: the reference runs in the grader's own process
CONSTRUCTORS = {"array", "asarray", "tensor", "as_tensor", "zeros", "ones", "full", "arange", "eye", "linspace"}
NUMPY_NAMES = ("np", "numpy")
TORCH_NAMES = ("torch",)
CONSTANTS = {"inf": math.inf, "nan": math.nan, "pi": math.pi, "e": math.e}
DTYPES = ("float16", "float32", "float64", "bfloat16", "int8", "int16", "int32", "int64", "uint8", "bool", "bool_",
          "complex64", "complex128", "long", "float", "double", "half", "int")


class InputError(UsageError):
    """The learner's input cannot be read (names the offending piece of text)."""


def _torch() -> Any:
    import torch

    return torch


def _dtype(lib: str, name: str) -> Any:
    if name not in DTYPES:
        raise InputError(f"unknown dtype {lib}.{name}")
    if lib in NUMPY_NAMES:
        if name == "bfloat16":
            raise InputError("numpy has no bfloat16")
        return getattr(np, name if name not in ("float", "int", "double", "half", "long") else
                       {"float": "float64", "int": "int64", "double": "float64", "half": "float16", "long": "int64"}[name])
    return getattr(_torch(), name if name != "bool_" else "bool")


def _size(shape: Any) -> int:
    dims = shape if isinstance(shape, (list, tuple)) else [shape]
    if not all(type(d) is int and d >= 0 for d in dims):
        raise InputError(f"a size must be a non-negative int or a tuple of them, got {shape!r}")
    return math.prod(dims)


def _guard(func: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    """Refuse arrays too large to build in the grader's process."""
    n = 0
    if func in ("zeros", "ones") and len(args) > 1 and all(type(a) is int for a in args):
        n = _size(list(args))  # torch.zeros(2, 3)
    elif func in ("zeros", "ones", "full"):
        n = _size(args[0] if args else kwargs.get("shape", kwargs.get("size", 0)))
    elif func == "eye":
        n = _size(args[0] if args else 0) * _size(args[1] if len(args) > 1 and type(args[1]) is int else (args[0] if args else 0))
    elif func in ("arange", "linspace"):
        nums = [a for a in args if isinstance(a, (int, float))]
        if func == "linspace":
            n = int(nums[2]) if len(nums) > 2 else int(kwargs.get("num", kwargs.get("steps", 50)))
        elif nums:
            start, stop, step = (0, nums[0], 1) if len(nums) == 1 else (nums[0], nums[1], nums[2] if len(nums) > 2 else 1)
            n = int(abs((stop - start) / step)) if step else 0
    if n > MAX_ELEMENTS:
        raise InputError(f"{func}(...) would have {n} elements; `dojo try` builds at most {MAX_ELEMENTS}")


class _Reader:
    """Turns the AST of the learner's argument text into values, refusing anything but literals."""

    def value(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant) and type(node.value) in (int, float, complex, str, bool, bytes, type(None)):
            return node.value
        if isinstance(node, ast.List):
            return [self.value(e) for e in node.elts]
        if isinstance(node, ast.Tuple):
            return tuple(self.value(e) for e in node.elts)
        if isinstance(node, ast.Dict):
            if any(k is None for k in node.keys):
                raise InputError("`**` is not allowed in an input")
            return {self.value(k): self.value(v) for k, v in zip(node.keys, node.values)}  # type: ignore[arg-type]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self.value(node.operand)
            if type(operand) not in (int, float, complex):
                raise InputError(f"`{ast.unparse(node)}`: a sign applies to numbers only")
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            left, right = self.value(node.left), self.value(node.right)
            if type(left) not in (int, float, complex) or type(right) not in (int, float, complex):
                raise InputError(f"`{ast.unparse(node)}`: arithmetic applies to plain numbers only")
            try:
                if isinstance(node.op, ast.Add):
                    return left + right
                if isinstance(node.op, ast.Sub):
                    return left - right
                if isinstance(node.op, ast.Mult):
                    return left * right
                return left / right
            except ZeroDivisionError:
                raise InputError(f"`{ast.unparse(node)}` divides by zero") from None
        if isinstance(node, ast.Name) and node.id in CONSTANTS:
            return CONSTANTS[node.id]
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            lib, attr = node.value.id, node.attr
            if lib in NUMPY_NAMES + TORCH_NAMES + ("math",) and attr in CONSTANTS:
                return CONSTANTS[attr]
            if lib in NUMPY_NAMES + TORCH_NAMES:
                return _dtype(lib, attr)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise InputError(f"`{ast.unparse(node)}` is not a literal: use numbers, strings, lists, tuples, dicts, "
                         "np.array([...]) or torch.tensor([...])")

    def call(self, node: ast.Call) -> Any:
        func = node.func
        if isinstance(func, ast.Name) and func.id == "float" and len(node.args) == 1 and not node.keywords:
            text = self.value(node.args[0])
            if isinstance(text, str) and text.strip().lower() in ("inf", "-inf", "nan", "+inf"):
                return float(text)
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.value.id in NUMPY_NAMES + TORCH_NAMES and func.attr in CONSTRUCTORS):
            raise InputError(f"`{ast.unparse(node)}`: only np.array, torch.tensor and their zeros, ones, full, "
                             "arange, eye, linspace are allowed")
        lib, name = func.value.id, func.attr
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            raise InputError(f"`{ast.unparse(node)}`: no * or ** in an input")
        args = [self.value(a) for a in node.args]
        kwargs = {k.arg: self.value(k.value) for k in node.keywords if k.arg is not None}
        unknown = set(kwargs) - {"dtype", "shape", "size", "num", "steps", "fill_value", "endpoint"}
        if unknown:
            raise InputError(f"`{ast.unparse(node)}`: unexpected keyword {sorted(unknown)[0]!r}")
        if isinstance(kwargs.get("dtype"), str):
            kwargs["dtype"] = _dtype(lib, kwargs["dtype"])
        _guard(name, args, kwargs)
        target = np if lib in NUMPY_NAMES else _torch()
        if lib in NUMPY_NAMES and name in ("tensor", "as_tensor"):
            raise InputError(f"np.{name} does not exist: np.array([...])")
        if lib in TORCH_NAMES and name == "array":
            name = "tensor"
        try:
            return getattr(target, name)(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - a malformed literal array
            raise InputError(f"`{ast.unparse(node)}`: {type(exc).__name__}: {exc}") from None


def parse_args(text: str) -> tuple[list[Any], dict[str, Any]]:
    """`"np.array([1.0, 2.0]), axis=0"` -> ([array([1., 2.])], {"axis": 0}); never evaluates code."""
    try:
        tree = ast.parse(f"f({text})", mode="eval")
    except SyntaxError as exc:
        raise InputError(f"cannot read --args {text!r}: {exc.msg}") from None
    call = tree.body
    if not isinstance(call, ast.Call) or ast.unparse(call.func) != "f":
        raise InputError(f"cannot read --args {text!r}: give the arguments as you would inside the call's parentheses")
    reader = _Reader()
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        raise InputError("no * or ** in --args: write each argument")
    return [reader.value(a) for a in call.args], {k.arg: reader.value(k.value) for k in call.keywords if k.arg}


def _from_json(value: Any, framework: str) -> Any:
    if isinstance(value, dict):
        if set(value) in ({"ndarray"}, {"ndarray", "dtype"}):
            return np.array(value["ndarray"], dtype=_dtype("np", value["dtype"]) if "dtype" in value else None)
        if set(value) in ({"tensor"}, {"tensor", "dtype"}):
            torch = _torch()
            return torch.tensor(value["tensor"], dtype=_dtype("torch", value["dtype"]) if "dtype" in value else None)
        return {k: _from_json(v, framework) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_json(v, framework) for v in value]
    return value


def load_input(path: Path, framework: str) -> tuple[list[Any], dict[str, Any]]:
    """.npy: one array (the first argument); .npz: named arrays (keyword arguments); .json:
    {"args": [...], "kwargs": {...}} or a list of arguments, arrays written {"ndarray": [...]} or
    {"tensor": [...]} with an optional "dtype"."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        if path.suffix == ".npy":
            return [np.load(path, allow_pickle=False)], {}
        if path.suffix == ".npz":
            with np.load(path, allow_pickle=False) as data:
                return [], {k: data[k] for k in data.files}
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, list):
                return [_from_json(v, framework) for v in data], {}
            if isinstance(data, dict) and set(data) <= {"args", "kwargs"} and isinstance(data.get("args", []), list) \
                    and isinstance(data.get("kwargs", {}), dict):
                return ([_from_json(v, framework) for v in data.get("args", [])],
                        {str(k): _from_json(v, framework) for k, v in data.get("kwargs", {}).items()})
            raise InputError(f'{path}: expected a list of arguments or {{"args": [...], "kwargs": {{...}}}}')
    except (ValueError, OSError) as exc:
        raise InputError(f"{path}: cannot be read ({exc})") from None
    raise InputError(f"{path}: expected a .npy, .npz or .json file")


@dataclass
class Tryout:
    call: Call
    answer: dict[str, Any] | str  # what the learner's call did (from the sandbox), or why it has no answer
    expected: Any  # the reference's output, or trusted.Raised
    difference: str | None  # None when the learner's output is what the reference gives
    import_error: str | None
    stdout: str
    stderr: str


def run(sandbox: Sandbox, ex: Exercise, code: bytes, entry: str, args: list[Any], kwargs: dict[str, Any]) -> Tryout:
    call = Call(entry, *args, **kwargs)
    case = Case("your input", call)
    answers, outcome = run_learner(sandbox, ex, code, [case])
    expected, _ = trusted.run_reference(trusted.load_reference(ex), case)
    answer: dict[str, Any] | str = answers.get(0, "not run")
    difference = None
    if outcome.import_error is None:
        difference = judge_case(ex, case, [answer], expected)
    return Tryout(call, answer, expected[0], difference, outcome.import_error, outcome.stdout, outcome.stderr)


def show(value: Any) -> str:
    """A value as the learner would want to read it: type, shape and dtype, then the numbers."""
    if isinstance(value, trusted.Raised):
        return f"raises {value.type_name}: {value.message}"
    torch = sys.modules.get("torch")  # a tensor can only exist once torch is imported
    if torch is not None and isinstance(value, torch.Tensor):
        arr = value.detach().float().numpy() if value.dtype == torch.bfloat16 else value.detach().numpy()
        body = np.array2string(arr, precision=6, threshold=200, edgeitems=4, max_line_width=100)
        return f"torch.Tensor, shape {tuple(value.shape)}, {str(value.dtype).removeprefix('torch.')}\n{body}"
    if isinstance(value, np.ndarray):
        body = np.array2string(value, precision=6, threshold=200, edgeitems=4, max_line_width=100)
        return f"np.ndarray, shape {value.shape}, {value.dtype}\n{body}"
    if isinstance(value, (list, tuple)) and value and any(isinstance(v, (np.ndarray, list, tuple, dict)) or
                                                          (torch is not None and isinstance(v, torch.Tensor)) for v in value):
        parts = [f"[{i}] " + show(v).replace("\n", "\n    ") for i, v in enumerate(value)]
        return f"{type(value).__name__} of {len(value)}:\n" + "\n".join(parts)
    if isinstance(value, dict) and any(isinstance(v, np.ndarray) for v in value.values()):
        return "dict:\n" + "\n".join(f"{k!r}: " + show(v).replace("\n", "\n    ") for k, v in value.items())
    text = repr(value)
    return f"{type(value).__name__}: {text if len(text) <= 2000 else text[:2000] + ' ...'}"
