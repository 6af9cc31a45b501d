"""Compare a learner's decoded output with the reference's: types, then shapes, then values.

Returns the first difference as a sentence a learner can act on, or None when they agree.
Broadcasting never applies: shapes must match exactly before any value is looked at.

Types are exact by default (`exact_types=True`, as `Case` defaults): an array's dtype, tuple vs
list vs dict vs OrderedDict, a Python int vs a numpy integer, a Python float vs a numpy floating
scalar, bool vs np.bool_. With `exact_types=False` they are compared by family only (any float
dtype against any float dtype, a list against a tuple, a number against a 0-d array).

`first_change` is the other comparison: an argument after a call against what was sent, exactly
(same type, dtype and shape, bitwise equal values, NaN equal to NaN).
"""
from __future__ import annotations

import collections
import sys
from typing import Any

import numpy as np


def _torch() -> Any:
    """torch if loaded: a value can only be a tensor once torch is imported, so numpy-only
    graders (and notebook kernels) never pay for importing it."""
    return sys.modules.get("torch")


def _is_tensor(value: Any) -> bool:
    torch = _torch()
    return torch is not None and isinstance(value, torch.Tensor)


def kind_of(value: Any) -> str:
    """The family of a value, as the loose comparison sees it."""
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
    if type(value) in (dict, collections.OrderedDict):
        return "dict"
    if type(value) is np.ndarray:
        return "ndarray"
    if _is_tensor(value):
        return "tensor"
    return type(value).__name__


def exact_kind(value: Any) -> str:
    """The exact type of a value, as the exact comparison sees it (dtypes are compared apart)."""
    if type(value) is np.ndarray:
        return "ndarray"
    if _is_tensor(value):
        return "tensor"
    if isinstance(value, np.generic):
        return f"numpy.{type(value).__name__}"
    return type(value).__name__


def _dtype(value: Any) -> str:
    return str(value.dtype).removeprefix("torch.")


def describe_type(value: Any) -> str:
    """A value's type in words, without its contents: `np.ndarray of shape (2, 3) and dtype float32`."""
    kind = kind_of(value)
    if kind in ("ndarray", "tensor"):
        name = "np.ndarray" if kind == "ndarray" else "torch.Tensor"
        return f"{name} of shape {tuple(value.shape)} and dtype {_dtype(value)}"
    if kind == "sequence":
        return f"{type(value).__name__} of length {len(value)}"
    return type(value).__name__


def describe_exact_type(value: Any) -> str:
    """As `describe_type`, with an article and the exact scalar type: `a Python float`, `numpy.float64`."""
    if isinstance(value, np.generic):
        return f"numpy.{type(value).__name__}"
    if type(value) in (bool, int, float, complex):
        return f"a Python {type(value).__name__}"
    if value is None:
        return "None"
    text = describe_type(value)
    return f"{'an' if text[0].lower() in 'aeiou' or text.startswith('np.') else 'a'} {text}"


def _as_numpy(value: Any) -> np.ndarray:
    if _is_tensor(value):
        t = value.detach()
        if str(t.dtype) == "torch.bfloat16":
            t = t.float()
        return t.numpy()
    return np.asarray(value)


def _scalar_like(value: Any) -> bool:
    kind = kind_of(value)
    return kind == "number" or (kind in ("ndarray", "tensor") and tuple(value.shape) == ())


def _index(flat: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(int(i) for i in np.unravel_index(flat, shape)) if shape else ()


def _number(x: Any, digits: int) -> str:
    """`x` with `digits` significant digits (never fixed decimals: 0.000699 stays readable)."""
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, bool) or not isinstance(x, (int, float, complex)):
        return repr(x)
    if isinstance(x, int):
        return str(x)
    if isinstance(x, complex):
        return f"({_number(x.real, digits)}{'+' if x.imag >= 0 or x.imag != x.imag else '-'}{_number(abs(x.imag), digits)}j)"
    if x != x or x in (float("inf"), float("-inf")):
        return str(x)
    return f"{x:.{digits}g}"


def format_pair(got: Any, expected: Any) -> tuple[str, str]:
    """Both numbers with enough significant digits that they read differently when they differ."""
    for digits in (6, 9, 12, 17):
        g, e = _number(got, digits), _number(expected, digits)
        if g != e:
            return g, e
    return g, e


def format_number(x: Any, digits: int = 6) -> str:
    return _number(x, digits)


_FAMILIES = {"b": "bool", "i": "integer", "u": "integer", "f": "floating", "c": "complex"}


def _compare_arrays(expected: Any, actual: Any, rtol: float, atol: float, where: str, exact: bool) -> str | None:
    exp, act = _as_numpy(expected), _as_numpy(actual)
    if exp.shape != act.shape:
        return f"{where} has shape {act.shape}, expected {exp.shape}"
    if exact and _dtype(expected) != _dtype(actual):
        return f"{where}: expected dtype {_dtype(expected)}, got {_dtype(actual)}"
    ek, ak = exp.dtype.kind, act.dtype.kind
    if _FAMILIES.get(ek) != _FAMILIES.get(ak):
        return (f"{where} has dtype {act.dtype} ({_FAMILIES.get(ak, ak)}), "
                f"expected a {_FAMILIES.get(ek, ek)} dtype like {exp.dtype}")
    if exp.size == 0:
        return None
    if ek in "biu":
        bad = np.flatnonzero(exp.ravel() != act.ravel())
        if bad.size:
            idx = _index(int(bad[0]), exp.shape)
            at = f" at index {idx}" if idx else ""
            got, want = format_pair(act[idx], exp[idx])
            return f"{where} differs{at}: got {got}, expected {want} ({bad.size} of {exp.size} entries differ)"
        return None
    e64 = exp.astype(np.complex128 if ek == "c" else np.float64)
    a64 = act.astype(np.complex128 if ek == "c" else np.float64)
    for name, test in (("NaN", np.isnan), ("inf", np.isinf)):
        wrong = test(a64) & ~test(e64)
        if wrong.any():
            idx = _index(int(np.flatnonzero(wrong.ravel())[0]), exp.shape)
            at = f" at index {idx}" if idx else ""
            return (f"{where} has {name}{at} ({int(wrong.sum())} such entries); "
                    f"expected {format_number(exp[idx])}")
        missing = test(e64) & ~test(a64)
        if missing.any():
            idx = _index(int(np.flatnonzero(missing.ravel())[0]), exp.shape)
            at = f" at index {idx}" if idx else ""
            return f"{where}{at} is {format_number(act[idx])}, expected {name}"
    finite = np.isfinite(e64) & np.isfinite(a64)
    same_inf = ~finite & ((e64 == a64) | (np.isnan(e64) & np.isnan(a64)))  # NaN where NaN is expected is right
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf where not finite: masked just below
        err = np.where(finite, np.abs(a64 - e64), np.where(same_inf, 0.0, np.inf))
    tol = atol + rtol * np.where(finite, np.abs(e64), 0.0)
    bad = err > tol
    if bad.any():
        flat = int(np.argmax(np.where(bad, err - tol, -np.inf)))
        idx = _index(flat, exp.shape)
        at = f" at index {idx}" if idx else ""
        got, want = format_pair(act[idx] if act.shape else act.item(), exp[idx] if exp.shape else exp.item())
        return (f"{where} differs: max abs error {format_number(float(err.ravel()[flat]), 3)}{at} "
                f"(got {got}, expected {want}; "
                f"{int(bad.sum())} of {exp.size} entries outside rtol={rtol:g}, atol={atol:g})")
    return None


def _type_difference(expected: Any, actual: Any, where: str, exact: bool) -> str | None:
    """The types' difference in words, or None when the comparison may go on to shapes and values."""
    if exact:
        if exact_kind(expected) != exact_kind(actual):
            return f"{where}: expected {describe_exact_type(expected)}, got {describe_exact_type(actual)}"
        return None
    if kind_of(expected) != kind_of(actual):
        return f"{where} is a {describe_type(actual)}, expected a {describe_type(expected)}"
    return None


def first_difference(expected: Any, actual: Any, rtol: float, atol: float, where: str = "output",
                     exact_types: bool = True) -> str | None:
    """The first way `actual` differs from `expected`, in words; None when they agree."""
    ek, ak = kind_of(expected), kind_of(actual)
    if not exact_types and _scalar_like(expected) and _scalar_like(actual) and "bool" not in (ek, ak):
        return _compare_arrays(np.asarray(_as_numpy(expected)), np.asarray(_as_numpy(actual)), rtol, atol, where, False)
    diff = _type_difference(expected, actual, where, exact_types)
    if diff:
        return diff
    if ek in ("ndarray", "tensor"):
        return _compare_arrays(expected, actual, rtol, atol, where, exact_types)
    if exact_types and type(expected) is int:  # Python ints are exact, however large
        return None if expected == actual else f"{where} is {actual}, expected {expected}"
    if ek == "number":  # same exact type when exact: compare as 0-d arrays of that type
        return _compare_arrays(np.asarray(expected), np.asarray(actual), rtol, atol, where, exact_types)
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
            diff = first_difference(e, a, rtol, atol, f"{where}[{i}]", exact_types)
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
            diff = first_difference(expected[k], actual[k], rtol, atol, f"{where}[{k!r}]", exact_types)
            if diff:
                return diff
        return None
    return f"{where}: cannot compare values of type {ek}"


# ---------------------------------------------------------------- arguments after a call


def _bitwise_equal(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """Entry-wise: the same bits, or both NaN (whatever the NaN's payload)."""
    if before.dtype.kind in "fc":
        b, a = np.ascontiguousarray(before), np.ascontiguousarray(after)
        if b.dtype.kind == "c":  # compare real and imaginary parts alike
            shape = (*b.shape, 2)
            b, a = b.reshape(-1).view(b.real.dtype).reshape(shape), a.reshape(-1).view(a.real.dtype).reshape(shape)
        uint = np.dtype(f"u{b.dtype.itemsize}")
        same = (b.view(uint) == a.view(uint)) | (np.isnan(b) & np.isnan(a))
        return same.all(axis=-1) if before.dtype.kind == "c" else same
    return before == after


def _array_change(before: Any, after: Any) -> str | None:
    if _dtype(before) != _dtype(after):
        return f"its dtype changed from {_dtype(before)} to {_dtype(after)}"
    b, a = _as_numpy(before), _as_numpy(after)
    if b.shape != a.shape:
        return f"its shape changed from {b.shape} to {a.shape}"
    changed = ~_bitwise_equal(b, a)
    if not changed.any():
        return None
    n = int(changed.sum())
    first = _index(int(np.flatnonzero(changed.ravel())[0]), b.shape)
    if b.dtype.kind == "b":
        return f"{n} of {b.size} entries changed, the first at index {first}"
    wide = np.complex128 if b.dtype.kind == "c" else np.float64
    b64, a64 = b.astype(wide), a.astype(wide)
    finite = np.isfinite(b64) & np.isfinite(a64)
    odd = changed & ~finite
    if odd.any():  # NaN or inf appeared or moved: a size of change means nothing (and the value sent is not shown)
        idx = _index(int(np.flatnonzero(odd.ravel())[0]), b.shape)
        was = "" if np.isfinite(b64[idx]) else f" from {format_number(b[idx])}"
        return f"entry {idx} changed{was} to {format_number(a[idx])}"
    delta = np.where(changed, np.abs(a64 - b64), 0.0)
    flat = int(np.argmax(delta))
    if delta.ravel()[flat] == 0:  # only the sign of a zero changed
        return f"entry {first} changed from {format_number(b[first])} to {format_number(a[first])}"
    idx = _index(flat, b.shape)
    at = f" at index {idx}" if idx else ""
    return f"max change {format_number(float(delta.ravel()[flat]), 3)}{at}"


def first_change(before: Any, after: Any, where: str = "") -> tuple[str, str] | None:
    """How `after` (an argument after a call) differs from `before` (what was sent), exactly:
    (the path to the first change, the change in words), or None when nothing changed."""
    if exact_kind(before) != exact_kind(after):
        return where, f"it changed from {describe_exact_type(before)} to {describe_exact_type(after)}"
    kind = exact_kind(before)
    if kind in ("ndarray", "tensor") or isinstance(before, np.generic):
        why = _array_change(np.asarray(before) if isinstance(before, np.generic) else before,
                            np.asarray(after) if isinstance(after, np.generic) else after)
        return (where, why) if why else None
    if type(before) in (list, tuple):
        if len(before) != len(after):
            return where, f"its length changed from {len(before)} to {len(after)}"
        for i, (b, a) in enumerate(zip(before, after)):
            found = first_change(b, a, f"{where}[{i}]")
            if found:
                return found
        return None
    if type(before) in (dict, collections.OrderedDict):
        added = [k for k in after if k not in before]
        removed = [k for k in before if k not in after]
        if added or removed:
            parts = ([f"key {_short(added[0])} was added"] if added else []) + \
                    ([f"key {_short(removed[0])} was removed"] if removed else [])
            return where, ", ".join(parts)
        for k in before:
            found = first_change(before[k], after[k], f"{where}[{_short(k)}]")
            if found:
                return found
        return None
    if type(before) is float and before != before and after != after:
        return None  # NaN stays NaN
    if before == after:
        return None
    if type(before) in (int, float) and after == after:
        return where, f"it changed by {format_number(abs(after - before), 3)}"
    if type(before) is str:  # the learner's text is not echoed back
        return where, "it was changed"
    return where, f"it changed from {_short(before)} to {_short(after)}"


def _short(value: Any, limit: int = 30) -> str:
    """repr capped: keys and values a learner's code may have put there are shown, never at length."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
