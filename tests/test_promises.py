"""What the grader enforces beyond the return value: arguments left as they were sent (unless a call
declares `mutates=`), exact types end to end, the learner's own exception in property checks,
readable feedback, and `dojo dev check`'s reference and statement checks. Each test builds a small
exercise of its own in tmp_path, so the catalog's exercises can change without breaking these."""
from __future__ import annotations

import re
import textwrap
import types
from pathlib import Path

import numpy as np
import pytest

from grader import trusted
from grader.calls import call_outcome, encode_outcome
from grader.catalog import Exercise, load_catalog
from grader.compare import first_change
from grader.devcheck import lint_statement, numpy_scalar_arguments, reference_mutations
from grader.grading import grade, judge_case
from grader.notebooks.nbgrader_hidden import run_cases
from grader.promises import unheld_promises
from grader.submission import Source
from grader import wire

RNG = np.random.default_rng(5)
P = RNG.normal(size=(3, 4))
G = RNG.normal(size=(3, 4))

EXERCISE_TOML = """\
title = "Step"
difficulty = "easy"
framework = "numpy"
entry = ["step"]
tags = ["t"]
resources = [{ kind = "paper", title = "P", url = "https://example.org" }]
"""

REFERENCE = """\
import numpy as np

def step(p, g, lr=0.1):
    return p - lr * g
"""

HIDDEN = """\
import numpy as np
from grader.protocol import Call, Case

def cases():
    rng = np.random.default_rng(5)
    p, g = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    yield Case("one_step", Call("step", p, g))
"""


def make_exercise(root: Path, reference: str = REFERENCE, hidden: str = HIDDEN, readme: str = "# Step\n",
                  slug: str = "step") -> Exercise:
    """A one-exercise catalog under `root`, loaded as `dojo` would load the real one."""
    module = slug.replace("-", "_")
    (root / "exercises").mkdir(parents=True)
    (root / "exercises" / "tracks.toml").write_text(textwrap.dedent(f"""\
        [[track]]
        slug = "basics"
        title = "Basics"
        blurb = "b"
        exercises = ["{slug}"]
        """))
    folder = root / "exercises" / "basics" / slug
    folder.mkdir(parents=True)
    (folder / "exercise.toml").write_text(EXERCISE_TOML)
    (folder / "README.md").write_text(readme)
    (folder / f"{module}.py").write_text("def step(p, g, lr=0.1):\n    raise NotImplementedError\n")
    (folder / f"test_{module}.py").write_text("def test_a():\n    pass\n")
    solutions = root / "solutions" / "basics" / slug
    solutions.mkdir(parents=True)
    (solutions / f"{module}.py").write_text(reference)
    (solutions / "hidden.py").write_text(hidden)
    return load_catalog(root).get(slug)


def in_kernel(ex: Exercise, learner: str) -> list[str]:
    """Each case's message when the learner's code runs in this process, as the nbgrader cell runs it."""
    namespace: dict = {}
    exec(compile(learner, "<learner>", "exec"), namespace)
    return [c.message for c in run_cases(ex, namespace).cases]


IN_PLACE = """\
def step(params, grad, lr=0.1):
    params -= lr * grad
    return params
"""

RESTORES = """\
def step(p, g, lr=0.1):
    saved = p.copy()
    p -= lr * g
    out = p.copy()
    p[...] = saved
    return out
"""


def test_an_in_place_learner_is_caught_in_the_sandbox(tmp_path, sandbox):
    """The child sends the arguments back after the call; the message names the reference's
    parameter `p` (not the learner's `params`), the largest change and where it is."""
    ex = make_exercise(tmp_path)
    result = grade(sandbox, Source(ex, IN_PLACE.encode(), "in_place"))
    change = np.abs(0.1 * G)
    where = tuple(int(i) for i in np.unravel_index(np.argmax(change), change.shape))
    assert not result.passed
    assert result.cases[0].message == (f"`step(...)` modified its argument `p` in place "
                                       f"(max change {change.max():.3g} at index {where})")
    assert in_kernel(ex, IN_PLACE) == [result.cases[0].message]  # the nbgrader cell agrees with `dojo grade`


def test_a_learner_who_restores_the_argument_has_not_modified_it(tmp_path, sandbox):
    ex = make_exercise(tmp_path)
    assert grade(sandbox, Source(ex, RESTORES.encode(), "restores")).passed
    assert in_kernel(ex, RESTORES) == [""]


def test_declared_mutations_are_not_checked(tmp_path):
    """`mutates=` by position or keyword: the reference and the learner may modify those only."""
    reference = "def step(p, g, lr=0.1):\n    p -= lr * g\n    g *= 0\n    return None\n"
    hidden = HIDDEN.replace('Call("step", p, g)', 'Call("step", p, g=g, mutates=(0, "g"))')
    ex = make_exercise(tmp_path, reference=reference, hidden=hidden)
    assert reference_mutations(ex, trusted.hidden_cases(ex)) == []
    assert in_kernel(ex, reference) == [""]
    only_p = HIDDEN.replace('Call("step", p, g)', 'Call("step", p, g=g, mutates=(0,))')
    ex2 = make_exercise(tmp_path / "two", reference=reference, hidden=only_p)
    assert in_kernel(ex2, reference) == ["`step(...)` modified its argument `g` in place "
                                         f"(max change {np.abs(G).max():.3g} at index "
                                         f"{tuple(int(i) for i in np.unravel_index(np.argmax(np.abs(G)), G.shape))})"]


def test_mutates_must_name_an_argument_of_the_call():
    from grader.protocol import Call

    with pytest.raises(ValueError, match="mutates=2"):
        Call("step", 1, 2, mutates=(2,))
    with pytest.raises(ValueError, match="'cache'"):
        Call("step", 1, mutates=("cache",))


def test_a_reference_that_modifies_an_undeclared_argument_fails_dev_check(tmp_path):
    ex = make_exercise(tmp_path, reference=IN_PLACE)
    problems = reference_mutations(ex, trusted.hidden_cases(ex))
    assert len(problems) == 1 and "one_step" in problems[0] and "modified its argument `params` in place" in problems[0]  # the reference names it so
    assert reference_mutations(make_exercise(tmp_path / "ok"), []) == []


def test_nested_and_unsendable_changes_are_named(tmp_path):
    hidden = HIDDEN.replace('Call("step", p, g)', 'Call("step", [p, {"k": g}], g)')
    ex = make_exercise(tmp_path, reference="def step(p, g, lr=0.1):\n    return 0.0\n", hidden=hidden)
    nested = "def step(p, g, lr=0.1):\n    p[1]['k'][0, 0] = float('nan')\n    return 0.0\n"
    assert in_kernel(ex, nested) == ["`step(...)` modified its argument `p` in place (p[1]['k']: entry (0, 0) "
                                     "changed to nan)"]
    grown = "def step(p, g, lr=0.1):\n    p.append(len)\n    return 0.0\n"
    assert in_kernel(ex, grown) == ["`step(...)` modified its argument `p` in place "
                                    "(it now holds something that cannot be sent back)"]


def test_first_change_is_exact():
    assert first_change(np.array([np.nan, 1.0]), np.array([np.nan, 1.0])) is None
    assert first_change(np.array([-0.0]), np.array([0.0])) == ("", "entry (0,) changed from -0 to 0")
    assert first_change(np.ones(2, np.float32), np.ones(2)) == ("", "its dtype changed from float32 to float64")
    assert first_change({"a": [1]}, {"a": [1, 2]}) == ("['a']", "its length changed from 1 to 2")
    assert first_change(np.arange(4), np.arange(4)[::-1].copy())[1] == "max change 3 at index (0,)"
    assert first_change([1.5, "abc"], [1.25, "abc"]) == ("[0]", "it changed by 0.25")
    assert first_change(["secret"], ["x" * 1000]) == ("[0]", "it was changed")  # nothing of either text shown
    key = "k" * 100
    assert len(first_change({}, {key: 1})[1]) < 50  # a key the learner's code added is shown short


# ---------------------------------------------------------------- exact types end to end


TYPES_REFERENCE = """\
import collections
import numpy as np

def step(p, g, lr=0.1):
    return (int(p.shape[0]), float(p.sum()), collections.OrderedDict(w=(p - lr * g).astype(np.float32)))
"""

TYPES_HIDDEN = HIDDEN + """\
    yield Case("loose", Call("step", p, g), exact_types=False)
"""


@pytest.mark.parametrize("learner, words", [
    ("return (np.int64(p.shape[0]), float(p.sum()), collections.OrderedDict(w=(p - lr * g).astype(np.float32)))",
     "output[0]: expected a Python int, got numpy.int64"),
    ("return (int(p.shape[0]), p.sum(), collections.OrderedDict(w=(p - lr * g).astype(np.float32)))",
     "output[1]: expected a Python float, got numpy.float64"),
    ("return [int(p.shape[0]), float(p.sum()), collections.OrderedDict(w=(p - lr * g).astype(np.float32))]",
     "output: expected a tuple of length 3, got a list of length 3"),
    ("return (int(p.shape[0]), float(p.sum()), dict(w=(p - lr * g).astype(np.float32)))",
     "output[2]: expected an OrderedDict, got a dict"),
    ("return (int(p.shape[0]), float(p.sum()), collections.OrderedDict(w=p - lr * g))",
     "output[2]['w']: expected dtype float32, got float64"),
])
def test_exact_types_travel_and_are_compared(tmp_path, learner, words):
    ex = make_exercise(tmp_path, reference=TYPES_REFERENCE, hidden=TYPES_HIDDEN)
    code = f"import collections\nimport numpy as np\n\ndef step(p, g, lr=0.1):\n    {learner}\n"
    exact, loose = in_kernel(ex, code)
    assert words in exact and loose == ""
    assert in_kernel(ex, TYPES_REFERENCE) == ["", ""]


def test_exact_types_in_the_sandbox(tmp_path, sandbox):
    ex = make_exercise(tmp_path, reference=TYPES_REFERENCE, hidden=TYPES_HIDDEN)
    code = TYPES_REFERENCE.replace("int(p.shape[0])", "np.int64(p.shape[0])")
    result = grade(sandbox, Source(ex, code.encode(), "np_int"))
    assert "expected a Python int, got numpy.int64" in result.cases[0].message and result.cases[1].passed


# ---------------------------------------------------------------- Raised and property checks


RAISING_REFERENCE = """\
def step(p, g, lr=0.1):
    raise KeyError("key 'alpha' is missing")
"""

RAISING_HIDDEN = """\
from grader.protocol import Call, Case, Failure, Raised

def names_alpha(ctx):
    (out,) = ctx.outputs
    assert isinstance(out, Raised)
    if "alpha" not in out.message:
        raise Failure(f"your {out.type_name} should name the key 'alpha': {out.message}")

def cases():
    yield Case("missing_key", Call("step", [1.0], [2.0]), check=names_alpha)
"""


def test_a_check_sees_the_learners_own_exception(tmp_path):
    ex = make_exercise(tmp_path, reference=RAISING_REFERENCE, hidden=RAISING_HIDDEN)
    assert in_kernel(ex, "def step(p, g, lr=0.1):\n    raise KeyError('alpha not found')\n") == [""]
    vague = "class MissingKey(KeyError):\n    pass\n\ndef step(p, g, lr=0.1):\n    raise MissingKey('no such key')\n"
    assert in_kernel(ex, vague) == ["your MissingKey should name the key 'alpha': 'no such key'"]


def test_raised_is_still_importable_from_trusted():
    from grader.protocol import Raised

    assert trusted.Raised is Raised


def test_a_broken_check_says_which_type_was_expected(tmp_path):
    hidden = HIDDEN.replace('Call("step", p, g))', 'Call("step", p, g), check=lambda ctx: ctx.outputs[0].sum(-1), compare=False)')
    ex = make_exercise(tmp_path, hidden=hidden)
    (message,) = in_kernel(ex, "def step(p, g, lr=0.1):\n    return float((p - lr * g).sum())\n")
    assert message.startswith("the property check could not read your output (AttributeError")
    assert message.endswith("`step(...)` returned a Python float, expected an np.ndarray of dtype float64")


def test_call_outcome_sends_back_only_what_could_have_changed():
    module = types.ModuleType("learner")
    call = {"entry": "step", "args": [np.ones(2), 3, (1.0, 2.0), (np.ones(1),)], "kwargs": {"lr": 0.5, "acc": []},
            "init": None, "state_dict": None, "method": None, "grad_wrt": [], "grad_output": None,
            "cotangent": None, "mutates": [3]}
    exec("def step(*args, **kwargs):\n    return 1\n", module.__dict__)
    answer = wire.decode(encode_outcome(call_outcome(module, 0, call)))
    assert sorted(answer["args_after"]) == [0] and sorted(answer["kwargs_after"]) == ["acc"]


# ---------------------------------------------------------------- dev check's statement lint


STATEMENT = """\
# Step

One step of gradient descent.

```
Input: p = [1.0], g = [2.0]
Raises nothing here, never mind.
```

- `p`: the parameters; do not modify them in place.
- `lr`: the learning rate. Raises `ValueError` when `lr` is negative.
- `g`: the gradient. It must have the shape of `p`, or `step` raises `ValueError` on the shape mismatch.
"""


def test_lint_lists_promises_no_case_or_declared_promise_holds(tmp_path):
    unheld = unheld_promises(STATEMENT, ["one_step", "shape_mismatch_raises"])
    assert [(u.line, u.sentence) for u in unheld] == [
        (11, "Raises `ValueError` when `lr` is negative.")]
    assert unheld_promises(STATEMENT, ["one_step", "shape_mismatch_raises", "negative_lr_raises"]) == []
    declared = "- a negative `lr` raises `ValueError` -> case `one_step`"
    assert unheld_promises(STATEMENT, ["one_step", "shape_mismatch_raises"], declared) == []


def test_dev_check_reads_the_tracks_promises_document(tmp_path):
    ex = make_exercise(tmp_path, readme=STATEMENT)
    cases = trusted.hidden_cases(ex)
    assert [w.split(":")[1] for w in lint_statement(ex, cases)] == ["11", "12"]
    (tmp_path / "docs" / "promises").mkdir(parents=True)
    (tmp_path / "docs" / "promises" / "basics.md").write_text(
        "## step\n- negative `lr` raises ValueError -> lr_negative\n- shape mismatch of `g` -> g_shape_mismatch\n"
        "## other\n- nothing\n")
    assert lint_statement(ex, cases) == []


def test_numpy_scalar_arguments_are_flagged(tmp_path):
    hidden = HIDDEN.replace('Call("step", p, g)', 'Call("step", p, g, lr=np.float32(0.5))')
    ex = make_exercise(tmp_path, hidden=hidden)
    (warning,) = numpy_scalar_arguments(trusted.hidden_cases(ex))
    assert "one_step" in warning and "lr is numpy.float32" in warning
    assert numpy_scalar_arguments(trusted.hidden_cases(make_exercise(tmp_path / "plain"))) == []
