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
import re
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
    # numpy scalars keep their exact type: np.int64 is not a Python int, np.float32 not a float.
    if isinstance(value, np.generic) and kind.__module__ == "numpy":
        if kind is not np.dtype(kind).type or np.dtype(kind).name not in ALLOWED_DTYPES:
            raise WireError(f"{where}: numpy scalar of type {kind.__name__} cannot be sent back")
        return _array_node(np.asarray(value), blobs, "$scalar", np.dtype(kind).name, {})
    if kind is list or kind is tuple:
        items = [_encode(v, blobs, depth + 1, allow_build, f"{where}[{i}]") for i, v in enumerate(value)]
        return items if kind is list else {"$tuple": items}
    if kind is dict or kind is collections.OrderedDict:  # model.state_dict() is an OrderedDict: it stays one
        pairs = []
        for k, v in value.items():
            if type(k) not in (str, int):
                raise WireError(f"{where}: dict keys must be str or int, got {type(k).__name__}")
            pairs.append([k, _encode(v, blobs, depth + 1, allow_build, f"{where}[{k!r}]")])
        return {"$dict": pairs} if kind is dict else {"$odict": pairs}
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
#
# The trusted side decodes what an untrusted child wrote, so decoding is total: whatever the bytes,
# it returns a value or raises WireError, and its cost is bounded by the message's length (no
# recursion blow-up, no allocation an .npy header merely claims, no quadratic big integers).

MAX_JSON_DEPTH = 3 * (MAX_DEPTH + 2)  # a dict level is 3 JSON levels: {"$dict": [[key, value]]}
MAX_JSON_HEADER = 32 * 1024 * 1024  # bytes; large data travels as arrays, not JSON lists
MAX_JSON_VALUES = 1 << 22  # values in one header (each costs a Python object)
MAX_BIGINT_DIGITS = 4300  # Python's own limit for int <-> str (sys.get_int_max_str_digits)
MAX_ELEMENTS = 1 << 28  # elements in one array
_BIGINT = re.compile(rf"-?[0-9]{{1,{MAX_BIGINT_DIGITS}}}")
_ESCAPE = re.compile(rb"\\.", re.S)
_STRING = re.compile(rb'"[^"]*"')
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b"[]{},")


def _reject_constant(name: str) -> Any:
    raise WireError(f"malformed message: bare {name} in JSON")


def _check_json_shape(text: bytes) -> None:
    """Refuse JSON nested deeper, or holding more values, than any encoded message can: counted on
    the brackets and commas outside strings, before json.loads builds anything."""
    structure = _STRING.sub(b"", _ESCAPE.sub(b"", text)).translate(None, _NOT_STRUCTURE)
    if structure.count(b",") >= MAX_JSON_VALUES:
        raise WireError(f"malformed message: more than {MAX_JSON_VALUES} values in the JSON header")
    brackets = np.frombuffer(structure.replace(b",", b""), dtype=np.uint8)
    if brackets.size:
        steps = np.where((brackets == ord("[")) | (brackets == ord("{")), 1, -1)
        if int(np.cumsum(steps).max()) > MAX_JSON_DEPTH:
            raise WireError(f"malformed message: JSON nested more than {MAX_JSON_DEPTH} levels deep")


def decode(data: bytes, allow_build: bool = False, torch_tensors: bool = True) -> Any:
    """Decode strictly. Tensors come back as torch tensors (or arrays if torch_tensors=False).

    Raises WireError, and only WireError, for anything that is not a well-formed message.
    """
    try:
        return _decode_message(data, allow_build, torch_tensors)
    except WireError:
        raise
    except Exception as exc:  # noqa: BLE001 - totality: a hostile message must not crash the grader (RecursionError, MemoryError too)
        raise WireError(f"malformed message ({type(exc).__name__})") from None


def _decode_message(data: bytes, allow_build: bool, torch_tensors: bool) -> Any:
    if type(data) is not bytes or not data.startswith(MAGIC) or len(data) < len(MAGIC) + 8:
        raise WireError("malformed message: bad magic")
    pos = len(MAGIC)
    (n,) = struct.unpack_from("<Q", data, pos)
    pos += 8
    if n > len(data) - pos:
        raise WireError("malformed message: truncated header")
    if n > MAX_JSON_HEADER:
        raise WireError(f"malformed message: JSON header of {n} bytes (at most {MAX_JSON_HEADER})")
    header = data[pos : pos + n]
    _check_json_shape(header)
    try:
        tree = json.loads(header.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WireError(f"malformed message: {type(exc).__name__} at byte {getattr(exc, 'pos', getattr(exc, 'start', '?'))}") from None
    pos += n
    blobs: list[bytes] = []
    while pos < len(data):
        if pos + 8 > len(data):
            raise WireError("malformed message: truncated blob length")
        (m,) = struct.unpack_from("<Q", data, pos)
        pos += 8
        if m > len(data) - pos:
            raise WireError("malformed message: truncated blob")
        blobs.append(data[pos : pos + m])
        pos += m
    used: set[int] = set()
    return _decode(tree, blobs, used, allow_build, torch_tensors, 0)


def _read_npy(blob: bytes) -> np.ndarray:
    """An .npy blob as a fresh, writable C-ordered array; the header's claims are checked against
    the blob's length before anything is allocated."""
    fp = io.BytesIO(blob)
    try:
        version = np.lib.format.read_magic(fp)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(fp)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(fp)
        else:
            raise WireError(f"malformed array: .npy version {version}")
    except WireError:
        raise
    except Exception as exc:  # noqa: BLE001 - numpy's header parser on hostile bytes
        raise WireError(f"malformed array: bad .npy header ({type(exc).__name__})") from None
    if dtype.name not in ALLOWED_DTYPES or not dtype.isnative or dtype.hasobject:
        raise WireError("malformed array: dtype not allowed")
    if type(shape) is not tuple or len(shape) > MAX_DEPTH or any(type(d) is not int or d < 0 for d in shape):
        raise WireError("malformed array: bad shape")
    count = math.prod(shape)
    if count > MAX_ELEMENTS:
        raise WireError(f"malformed array: {count} elements (at most {MAX_ELEMENTS})")
    offset = fp.tell()
    if count * dtype.itemsize != len(blob) - offset:
        raise WireError(f"malformed array: the header promises {count * dtype.itemsize} bytes of data, "
                        f"the blob holds {len(blob) - offset}")
    flat = np.frombuffer(blob, dtype=dtype, count=count, offset=offset)
    return np.array(flat.reshape(shape, order="F" if fortran else "C"), order="C", copy=True)


def _load_blob(blobs: list[bytes], index: Any, used: set[int]) -> np.ndarray:
    if type(index) is not int or not 0 <= index < len(blobs):
        raise WireError("malformed message: bad array reference")
    if index in used:  # each reference copies its blob: one blob, one array
        raise WireError("malformed message: an array referenced twice")
    used.add(index)
    return _read_npy(blobs[index])


def _decode(node: Any, blobs: list[bytes], used: set[int], allow_build: bool, torch_tensors: bool, depth: int) -> Any:
    if depth > MAX_DEPTH + 2:
        raise WireError("malformed message: nested too deep")
    kind = type(node)
    if node is None or kind in (bool, int, str):
        return node
    if kind is float:
        if not math.isfinite(node):  # 1e999 parses as inf; non-finite floats travel as {"$float": ...}
            raise WireError("malformed message: non-finite number in JSON")
        return node
    if kind is list:
        return [_decode(v, blobs, used, allow_build, torch_tensors, depth + 1) for v in node]
    if kind is not dict or len(node) == 0:
        raise WireError("malformed message: unexpected JSON value")
    if "$float" in node:
        text = node["$float"]
        if type(text) is not str or text not in ("nan", "inf", "-inf"):
            raise WireError("malformed message: bad float")
        return float(text)
    if "$bigint" in node:
        digits = node["$bigint"]
        if type(digits) is not str or not _BIGINT.fullmatch(digits):
            raise WireError(f"malformed message: $bigint must be at most {MAX_BIGINT_DIGITS} decimal digits")
        return int(digits)
    if "$tuple" in node:
        items = node["$tuple"]
        if type(items) is not list:
            raise WireError("malformed message: $tuple must hold a list")
        return tuple(_decode(v, blobs, used, allow_build, torch_tensors, depth + 1) for v in items)
    if "$dict" in node or "$odict" in node:
        ordered = "$odict" in node  # an OrderedDict travels as one (exact types)
        pairs = node["$odict" if ordered else "$dict"]
        if type(pairs) is not list:
            raise WireError("malformed message: $dict must hold a list of pairs")
        out: dict[Any, Any] = collections.OrderedDict() if ordered else {}
        for pair in pairs:
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) not in (str, int):
                raise WireError("malformed message: bad dict entry")
            out[pair[0]] = _decode(pair[1], blobs, used, allow_build, torch_tensors, depth + 1)
        return out
    if "$array" in node:
        return _load_blob(blobs, node["$array"], used)
    if "$scalar" in node:  # a numpy scalar: a 0-d array of its dtype, returned as that scalar type
        arr = _load_blob(blobs, node["$scalar"], used)
        if arr.shape != ():
            raise WireError("malformed message: a numpy scalar with a shape")
        return arr[()]
    if "$tensor" in node:
        arr = _load_blob(blobs, node["$tensor"], used)
        if not torch_tensors:
            return arr
        try:
            import torch
        except ImportError:  # numpy-only installs
            return arr
        if node.get("dtype") == "bfloat16" and arr.dtype != np.float32:  # bfloat16 travels as float32
            raise WireError("malformed message: a bfloat16 tensor must travel as float32")
        try:
            t = torch.from_numpy(arr)
            if node.get("dtype") == "bfloat16":
                t = t.to(torch.bfloat16)
            if node.get("requires_grad") is True and (t.is_floating_point() or t.is_complex()):
                t.requires_grad_(True)
        except (TypeError, RuntimeError, ValueError) as exc:
            raise WireError(f"malformed message: tensor of dtype {arr.dtype} ({type(exc).__name__})") from None
        return t
    if "$build" in node and allow_build:
        from grader.protocol import Build

        parts = node["$build"]
        if type(parts) is not list or len(parts) != 4 or type(parts[0]) is not str or type(parts[1]) is not str:
            raise WireError("malformed message: bad $build")
        args = _decode(parts[2], blobs, used, True, torch_tensors, depth + 1)
        kwargs = _decode(parts[3], blobs, used, True, torch_tensors, depth + 1)
        if type(args) is not list or type(kwargs) is not dict or any(type(k) is not str for k in kwargs):
            raise WireError("malformed message: bad $build arguments")
        return Build(parts[0], parts[1], *args, **kwargs)
    raise WireError("malformed message: unknown tag")
