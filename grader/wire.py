"""Plain-data messages between the trusted grader and the learner's child.

A message is a JSON header plus numpy arrays in .npy format, loaded with allow_pickle=False.
Only exact types are encoded (no subclasses, no objects, no __array__ protocols), so nothing the
learner defines can run while the trusted side decodes.

    b"DOJO1" | u64 json length | json | (u64 npy length | npy bytes)*
"""
from __future__ import annotations

import collections
import io
import json
import math
import struct
import sys
from typing import Any

import numpy as np

MAGIC = b"DOJO1"
ALLOWED_DTYPES = {
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64", "complex64", "complex128",
}
MAX_DEPTH = 32


class WireError(Exception):
    """A value cannot be encoded, or a message is malformed."""


def _torch():
    """torch if this process imported it: a value can only be a tensor once torch is loaded."""
    return sys.modules.get("torch")


def _array_node(arr: np.ndarray, blobs: list[bytes], tag: str, dtype_name: str, extra: dict[str, Any]) -> dict[str, Any]:
    if arr.dtype.name not in ALLOWED_DTYPES:
        raise WireError(f"arrays of dtype {arr.dtype} cannot be sent back")
    buf = io.BytesIO()
    np.lib.format.write_array(buf, np.require(arr, requirements="C"), allow_pickle=False)  # keeps 0-d arrays 0-d
    blobs.append(buf.getvalue())
    return {tag: len(blobs) - 1, "dtype": dtype_name, **extra}


def _encode(value: Any, blobs: list[bytes], depth: int, allow_build: bool, where: str) -> Any:
    if depth > MAX_DEPTH:
        raise WireError(f"{where}: nested more than {MAX_DEPTH} levels deep")
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int:
        return value if abs(value) < 2**63 else {"$bigint": str(value)}
    if kind is float:
        return {"$float": repr(value)} if not math.isfinite(value) else value
    # numpy scalars become Python scalars: np.float64(1.0) is just a number to the learner.
    if isinstance(value, np.generic) and kind.__module__ == "numpy":
        if kind is np.bool_:
            return bool(value)
        if np.issubdtype(kind, np.integer):
            return int(value)
        if np.issubdtype(kind, np.floating):
            return _encode(float(value), blobs, depth, allow_build, where)
        raise WireError(f"{where}: numpy scalar of type {kind.__name__} cannot be sent back")
    if kind is list or kind is tuple:
        items = [_encode(v, blobs, depth + 1, allow_build, f"{where}[{i}]") for i, v in enumerate(value)]
        return items if kind is list else {"$tuple": items}
    if kind is dict or kind is collections.OrderedDict:  # model.state_dict() is an OrderedDict
        pairs = []
        for k, v in value.items():
            if type(k) not in (str, int):
                raise WireError(f"{where}: dict keys must be str or int, got {type(k).__name__}")
            pairs.append([k, _encode(v, blobs, depth + 1, allow_build, f"{where}[{k!r}]")])
        return {"$dict": pairs}
    if kind is np.ndarray:
        return _array_node(value, blobs, "$array", value.dtype.name, {})
    torch = _torch()
    if torch is not None and kind in (torch.Tensor, torch.nn.Parameter):
        t = value.detach().cpu()
        name = str(t.dtype).removeprefix("torch.")
        if name == "bfloat16":
            t = t.float()
        if t.is_complex() or t.dtype in (torch.float16, torch.float32, torch.float64, torch.bfloat16):
            arr = t.numpy()
        else:
            arr = t.numpy()
        return _array_node(arr, blobs, "$tensor", name, {"requires_grad": bool(value.requires_grad)})
    if allow_build:
        from grader.protocol import Build

        if kind is Build:
            return {"$build": [value.module, value.attr,
                               _encode(list(value.args), blobs, depth + 1, True, where),
                               _encode(dict(value.kwargs), blobs, depth + 1, True, where)]}
    if isinstance(value, np.ndarray):
        raise WireError(f"{where}: got a subclass of np.ndarray ({kind.__name__}); return a plain np.ndarray")
    if torch is not None and isinstance(value, torch.Tensor):
        raise WireError(f"{where}: got a subclass of torch.Tensor ({kind.__name__}); return a plain tensor")
    raise WireError(
        f"{where}: got an object of type {kind.__name__}, which cannot be sent back "
        "(allowed: None, bool, int, float, str, list, tuple, dict, np.ndarray, torch.Tensor)"
    )


def encode(value: Any, allow_build: bool = False, where: str = "value") -> bytes:
    blobs: list[bytes] = []
    header = json.dumps(_encode(value, blobs, 0, allow_build, where), allow_nan=False).encode()
    parts = [MAGIC, struct.pack("<Q", len(header)), header]
    for blob in blobs:
        parts += [struct.pack("<Q", len(blob)), blob]
    return b"".join(parts)


# ---------------------------------------------------------------- decoding


def _reject_constant(name: str) -> Any:
    raise WireError(f"malformed message: bare {name} in JSON")


def decode(data: bytes, allow_build: bool = False, torch_tensors: bool = True) -> Any:
    """Decode strictly. Tensors come back as torch tensors (or arrays if torch_tensors=False)."""
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 8:
        raise WireError("malformed message: bad magic")
    pos = len(MAGIC)
    (n,) = struct.unpack_from("<Q", data, pos)
    pos += 8
    if pos + n > len(data):
        raise WireError("malformed message: truncated header")
    try:
        tree = json.loads(data[pos : pos + n].decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WireError(f"malformed message: {exc}") from None
    pos += n
    blobs: list[bytes] = []
    while pos < len(data):
        if pos + 8 > len(data):
            raise WireError("malformed message: truncated blob length")
        (m,) = struct.unpack_from("<Q", data, pos)
        pos += 8
        if pos + m > len(data):
            raise WireError("malformed message: truncated blob")
        blobs.append(data[pos : pos + m])
        pos += m
    return _decode(tree, blobs, allow_build, torch_tensors, 0)


def _load_blob(blobs: list[bytes], index: Any) -> np.ndarray:
    if type(index) is not int or not 0 <= index < len(blobs):
        raise WireError("malformed message: bad array reference")
    try:
        arr = np.lib.format.read_array(io.BytesIO(blobs[index]), allow_pickle=False)
    except (ValueError, OSError, EOFError) as exc:
        raise WireError(f"malformed array: {exc}") from None
    if type(arr) is not np.ndarray or arr.dtype.name not in ALLOWED_DTYPES:
        raise WireError(f"malformed array: dtype {arr.dtype}")
    return arr


def _decode(node: Any, blobs: list[bytes], allow_build: bool, torch_tensors: bool, depth: int) -> Any:
    if depth > MAX_DEPTH + 2:
        raise WireError("malformed message: nested too deep")
    kind = type(node)
    if node is None or kind in (bool, int, float, str):
        return node
    if kind is list:
        return [_decode(v, blobs, allow_build, torch_tensors, depth + 1) for v in node]
    if kind is not dict or len(node) == 0:
        raise WireError("malformed message: unexpected JSON value")
    if "$float" in node:
        text = node["$float"]
        if text not in ("nan", "inf", "-inf"):
            raise WireError("malformed message: bad float")
        return float(text)
    if "$bigint" in node:
        return int(str(node["$bigint"]))
    if "$tuple" in node:
        return tuple(_decode(v, blobs, allow_build, torch_tensors, depth + 1) for v in node["$tuple"])
    if "$dict" in node:
        out: dict[Any, Any] = {}
        for pair in node["$dict"]:
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) not in (str, int):
                raise WireError("malformed message: bad dict entry")
            out[pair[0]] = _decode(pair[1], blobs, allow_build, torch_tensors, depth + 1)
        return out
    if "$array" in node:
        return _load_blob(blobs, node["$array"])
    if "$tensor" in node:
        arr = _load_blob(blobs, node["$tensor"])
        if not torch_tensors:
            return arr
        try:
            import torch
        except ImportError:  # numpy-only installs
            return arr
        t = torch.from_numpy(arr.copy())
        if node.get("dtype") == "bfloat16":
            t = t.to(torch.bfloat16)
        if node.get("requires_grad") is True and (t.is_floating_point() or t.is_complex()):
            t.requires_grad_(True)
        return t
    if "$build" in node and allow_build:
        from grader.protocol import Build

        module, attr, args, kwargs = node["$build"]
        return Build(str(module), str(attr), *_decode(args, blobs, True, torch_tensors, depth + 1),
                     **_decode(kwargs, blobs, True, torch_tensors, depth + 1))
    raise WireError("malformed message: unknown tag")
