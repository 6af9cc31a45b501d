"""The hidden-test protocol: what solutions/<track>/<slug>/hidden.py declares.

A hidden.py defines `cases()`, a generator of `Case`s. Each case holds one or more `Call`s of
the learner's entry points on plain-data inputs (numbers, strings, lists, tuples, dicts, numpy
arrays, torch tensors, `Build` helpers). The grader runs the calls in the learner's sandboxed
child and, in the trusted process, on the reference; then, unless the case says otherwise,
compares each output with the reference's within the exercise's tolerance, and finally runs the
case's `check` (a property) on the learner's outputs. See docs/authoring.md.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence


class Failure(Exception):
    """Raised by a property check: the message is shown to the learner as is."""


@dataclass(frozen=True)
class Raised:
    """A call that raised. As an expected value: the reference raised, so the learner must raise an
    exception of the same type. In `ctx.outputs`: the learner raised that type, and this holds the
    learner's own exception type name and message (so a check can test what the message says)."""

    type_name: str
    message: str


@dataclass(frozen=True)
class Build:
    """An argument built inside the child by a support module shipped with the exercise.

    `Build("toy_lm", "MarkovLM", table)` becomes `toy_lm.MarkovLM(table)` in the child: the way to
    pass callables (a language model, a hooked model) that plain data cannot carry.
    """

    module: str
    attr: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    def __init__(self, module: str, attr: str, *args: Any, **kwargs: Any) -> None:
        object.__setattr__(self, "module", module)
        object.__setattr__(self, "attr", attr)
        object.__setattr__(self, "args", tuple(args))
        object.__setattr__(self, "kwargs", dict(kwargs))


@dataclass(frozen=True)
class Call:
    """One call of a learner entry point.

    Functions: `Call("softmax", x, axis=0)`.
    nn.Module classes: `Call("MLP", x, init=dict(d=8), state_dict={...})` builds `MLP(**init)`,
    loads `state_dict` strictly (so weights never depend on creation order), then calls
    `module(x)` (or `method`).
    `grad_wrt`: indices of positional tensor args to differentiate; the child then returns
    `(output, grads)` where grads are d(sum(output[grad_output] * cotangent))/d(arg).
    `mutates`: the arguments the contract lets the call modify in place (positional indices or
    keyword names). Every other argument is compared, after the call, with what was sent.
    """

    entry: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    init: dict[str, Any] | None = None
    state_dict: dict[str, Any] | None = None
    method: str | None = None
    grad_wrt: tuple[int, ...] = ()
    grad_output: int | None = None
    cotangent: Any = None
    mutates: tuple[int | str, ...] = ()

    def __init__(
        self,
        entry: str,
        *args: Any,
        init: dict[str, Any] | None = None,
        state_dict: dict[str, Any] | None = None,
        method: str | None = None,
        grad_wrt: Sequence[int] = (),
        grad_output: int | None = None,
        cotangent: Any = None,
        mutates: Sequence[int | str] = (),
        **kwargs: Any,
    ) -> None:
        mutates = (mutates,) if isinstance(mutates, (int, str)) else tuple(mutates)
        for m in mutates:
            if type(m) is int and not 0 <= m < len(args):
                raise ValueError(f"Call({entry!r}): mutates={m} is not a positional argument (it has {len(args)})")
            if type(m) is str and m not in kwargs:
                raise ValueError(f"Call({entry!r}): mutates={m!r} is not one of its keyword arguments {sorted(kwargs)}")
            if type(m) not in (int, str):
                raise ValueError(f"Call({entry!r}): mutates holds {m!r}; use positional indices or keyword names")
        object.__setattr__(self, "entry", entry)
        object.__setattr__(self, "args", tuple(args))
        object.__setattr__(self, "kwargs", dict(kwargs))
        object.__setattr__(self, "init", init)
        object.__setattr__(self, "state_dict", state_dict)
        object.__setattr__(self, "method", method)
        object.__setattr__(self, "grad_wrt", tuple(grad_wrt))
        object.__setattr__(self, "grad_output", grad_output)
        object.__setattr__(self, "cotangent", cotangent)
        object.__setattr__(self, "mutates", mutates)

    def describe(self) -> str:
        """A short signature-like description that never prints input values."""
        parts = [_shape_of(a) for a in self.args] + [f"{k}={_shape_of(v)}" for k, v in self.kwargs.items()]
        return f"{self.entry}({', '.join(parts)})"

    def to_wire(self) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "args": list(self.args),
            "kwargs": self.kwargs,
            "init": self.init,
            "state_dict": self.state_dict,
            "method": self.method,
            "grad_wrt": list(self.grad_wrt),
            "grad_output": self.grad_output,
            "cotangent": self.cotangent,
            "mutates": list(self.mutates),
        }


def _shape_of(value: Any) -> str:
    shape = getattr(value, "shape", None)
    if shape is not None:
        return f"<{type(value).__name__} {tuple(shape)}>"
    if isinstance(value, (int, float, bool, str)) or value is None:
        text = repr(value)
        return text if len(text) <= 20 else text[:17] + "..."
    if isinstance(value, Build):
        return f"<{value.attr}>"
    if isinstance(value, (list, tuple)):
        return f"<{type(value).__name__} of {len(value)}>"
    if isinstance(value, dict):
        return f"<{type(value).__name__} of {len(value)}>"
    return f"<{type(value).__name__}>"


@dataclass
class CheckContext:
    """What a property check sees: the calls, the learner's outputs, the reference's outputs."""

    case: "Case"
    outputs: list[Any]
    expected: list[Any] | None
    rtol: float
    atol: float

    @property
    def calls(self) -> tuple[Call, ...]:
        return self.case.calls

    def assert_close(self, actual: Any, expected: Any, what: str = "output", rtol: float | None = None,
                     atol: float | None = None, exact_types: bool = False) -> None:
        """Raise Failure with the first difference when `actual` is not close to `expected`.

        Types are compared by family (any float dtype against any float dtype, list against tuple):
        a property compares derived quantities, whose exact types are the check's own business.
        """
        from grader.compare import first_difference

        diff = first_difference(expected, actual, self.rtol if rtol is None else rtol, self.atol if atol is None else atol,
                                exact_types=exact_types)
        if diff is not None:
            raise Failure(f"{what}: {diff}")


Check = Callable[[CheckContext], None]


@dataclass(frozen=True)
class Case:
    """A named hidden case: calls, whether to compare with the reference, and a property check.

    compare=False skips the reference comparison (for random or non-unique answers, judged by
    `check` alone); reference=False also skips running the reference (expected is then None).
    exact_types=True (the default) compares types exactly: array dtypes, tuple vs list vs dict vs
    OrderedDict, Python int/float/bool vs numpy scalars; False compares them by family only.
    """

    name: str
    calls: tuple[Call, ...]
    check: Check | None = None
    compare: bool = True
    reference: bool = True
    rtol: float | None = None
    atol: float | None = None
    time_limit_s: float | None = None
    exact_types: bool = True

    def __init__(
        self,
        name: str,
        *calls: Call,
        check: Check | None = None,
        compare: bool = True,
        reference: bool = True,
        rtol: float | None = None,
        atol: float | None = None,
        time_limit_s: float | None = None,
        exact_types: bool = True,
    ) -> None:
        if not calls:
            raise ValueError(f"case {name!r} has no calls")
        if not compare and check is None:
            raise ValueError(f"case {name!r} neither compares nor checks: it could never fail")
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "calls", tuple(calls))
        object.__setattr__(self, "check", check)
        object.__setattr__(self, "compare", compare and reference)
        object.__setattr__(self, "reference", reference)
        object.__setattr__(self, "rtol", rtol)
        object.__setattr__(self, "atol", atol)
        object.__setattr__(self, "time_limit_s", time_limit_s)
        object.__setattr__(self, "exact_types", bool(exact_types))


def collect_cases(generated: Iterable[Case], source: str) -> list[Case]:
    cases = list(generated)
    names = [c.name for c in cases]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValueError(f"{source}: duplicate case names {dupes}")
    if not cases:
        raise ValueError(f"{source}: cases() yielded nothing")
    return cases
