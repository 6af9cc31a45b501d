"""Compare a learner's decoded output with the reference's: types, then shapes, then values.

Returns the first difference as a sentence a learner can act on, or None when they agree.
Broadcasting never applies: shapes must match exactly before any value is looked at.
"""
from __future__ import annotations

import sys
from typing import Any

import numpy as np



def _torch() -> Any:
    """torch if loaded: a value can only be a tensor once torch is imported, so numpy-only
    graders (and notebook kernels) never pay for importing it."""
    return sys.modules.get("torch")


def kind_of(value: Any) -> str:
    if isinstance(value, np.bool_):
        return "bool"
    if isinstance(value, (np.integer, np.floating)):
        return "number"
    if value is None:
        return "None"
    if type(value) is bool:
        return "bool"
    if type(value) in (int, float):
        return "number"
    if type(value) is str:
        return "str"
    if type(value) in (list, tuple):
        return "sequence"
    if type(value) is dict:
        return "dict"
    if type(value) is np.ndarray:
        return "ndarray"
    torch = _torch()
    if torch is not None and isinstance(value, torch.Tensor):
        return "tensor"
    return type(value).__name__


def describe_type(value: Any) -> str:
    kind = kind_of(value)
    if kind in ("ndarray", "tensor"):
        name = "np.ndarray" if kind == "ndarray" else "torch.Tensor"
        return f"{name} of shape {tuple(value.shape)} and dtype {str(value.dtype).removeprefix('torch.')}"
    if kind == "sequence":
        return f"{type(value).__name__} of length {len(value)}"
    return type(value).__name__


def _as_numpy(value: Any) -> np.ndarray:
    torch = _torch()
    if torch is not None and isinstance(value, torch.Tensor):
        t = value.detach()
        if t.dtype == torch.bfloat16:
            t = t.float()
        return t.numpy()
    return np.asarray(value)


def _scalar_like(value: Any) -> bool:
    kind = kind_of(value)
    return kind == "number" or (kind in ("ndarray", "tensor") and tuple(value.shape) == ())


def _index(flat: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(int(i) for i in np.unravel_index(flat, shape)) if shape else ()


def _fmt(x: Any) -> str:
    if isinstance(x, (float, np.floating)):
        return np.format_float_positional(float(x), precision=6, trim="-") if np.isfinite(x) else str(float(x))
    if isinstance(x, np.generic):
        return repr(x.item())
    return repr(x)


def _compare_arrays(expected: Any, actual: Any, rtol: float, atol: float, where: str) -> str | None:
    exp, act = _as_numpy(expected), _as_numpy(actual)
    if exp.shape != act.shape:
        return f"{where} has shape {act.shape}, expected {exp.shape}"
    ek, ak = exp.dtype.kind, act.dtype.kind
    groups = {"b": "bool", "i": "integer", "u": "integer", "f": "floating", "c": "complex"}
    if groups.get(ek) != groups.get(ak):
        return f"{where} has dtype {act.dtype} ({groups.get(ak, ak)}), expected a {groups.get(ek, ek)} dtype like {exp.dtype}"
    if exp.size == 0:
        return None
    if ek in "biu":
        bad = np.flatnonzero(exp.ravel() != act.ravel())
        if bad.size:
            idx = _index(int(bad[0]), exp.shape)
            at = f" at index {idx}" if idx else ""
            return (f"{where} differs{at}: got {_fmt(act[idx])}, expected {_fmt(exp[idx])} "
                    f"({bad.size} of {exp.size} entries differ)")
        return None
    e64 = exp.astype(np.complex128 if ek == "c" else np.float64)
    a64 = act.astype(np.complex128 if ek == "c" else np.float64)
    for name, test in (("NaN", np.isnan), ("inf", np.isinf)):
        wrong = test(a64) & ~test(e64)
        if wrong.any():
            idx = _index(int(np.flatnonzero(wrong.ravel())[0]), exp.shape)
            return f"{where} has {name} at index {idx} ({int(wrong.sum())} such entries); expected {_fmt(exp[idx])}"
        missing = test(e64) & ~test(a64)
        if missing.any():
            idx = _index(int(np.flatnonzero(missing.ravel())[0]), exp.shape)
            return f"{where} at index {idx} is {_fmt(act[idx])}, expected {name}"
    finite = np.isfinite(e64) & np.isfinite(a64)
    same_inf = ~finite & ((e64 == a64) | (np.isnan(e64) & np.isnan(a64)))  # NaN where NaN is expected is right
    err = np.where(finite, np.abs(a64 - e64), np.where(same_inf, 0.0, np.inf))
    tol = atol + rtol * np.where(finite, np.abs(e64), 0.0)
    bad = err > tol
    if bad.any():
        flat = int(np.argmax(np.where(bad, err - tol, -np.inf)))
        idx = _index(flat, exp.shape)
        at = f" at index {idx}" if idx else ""
        return (f"{where} differs: max abs error {_fmt(float(err.ravel()[flat]))}{at} "
                f"(got {_fmt(act[idx] if act.shape else act.item())}, expected {_fmt(exp[idx] if exp.shape else exp.item())}; "
                f"{int(bad.sum())} of {exp.size} entries outside rtol={rtol:g}, atol={atol:g})")
    return None


def first_difference(expected: Any, actual: Any, rtol: float, atol: float, where: str = "output") -> str | None:
    """The first way `actual` differs from `expected`, in words; None when they agree."""
    ek, ak = kind_of(expected), kind_of(actual)
    if _scalar_like(expected) and _scalar_like(actual) and "bool" not in (ek, ak):
        return _compare_arrays(np.asarray(_as_numpy(expected)), np.asarray(_as_numpy(actual)), rtol, atol, where)
    if ek != ak:
        return f"{where} is a {describe_type(actual)}, expected a {describe_type(expected)}"
    if ek in ("ndarray", "tensor"):
        return _compare_arrays(expected, actual, rtol, atol, where)
    if ek in ("None", "bool"):
        return None if expected == actual else f"{where} is {actual!r}, expected {expected!r}"
    if ek == "str":
        if expected == actual:
            return None
        i = next((i for i, (a, b) in enumerate(zip(expected, actual)) if a != b), min(len(expected), len(actual)))
        return (f"{where} differs from character {i} on: got {actual[i:i + 20]!r}, expected {expected[i:i + 20]!r}"
                f" (lengths {len(actual)} and {len(expected)})")
    if ek == "sequence":
        if len(expected) != len(actual):
            return f"{where} has length {len(actual)}, expected {len(expected)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            diff = first_difference(e, a, rtol, atol, f"{where}[{i}]")
            if diff:
                return diff
        return None
    if ek == "dict":
        missing = [k for k in expected if k not in actual]
        extra = [k for k in actual if k not in expected]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing keys {sorted(map(repr, missing))[:5]}")
            if extra:
                parts.append(f"unexpected keys {sorted(map(repr, extra))[:5]}")
            return f"{where}: " + ", ".join(parts)
        for k in expected:
            diff = first_difference(expected[k], actual[k], rtol, atol, f"{where}[{k!r}]")
            if diff:
                return diff
        return None
    return f"{where}: cannot compare values of type {ek}"
