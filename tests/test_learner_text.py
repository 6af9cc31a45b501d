"""What of a learner's text reaches an output: no control characters, capped pieces, frames taken
from the submitted files, full text for the first failing cases only; and a submission that pours
every hidden input into its exceptions and prints cannot read them back."""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from grader.learner_text import FULL_TEXT_CASES, PRINT_CAP, LearnerText
from grader.text import one_line, printable

SOURCE = b'''import numpy as np


class ShapeError(ValueError):
    pass


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return helper(e, axis)


def helper(e, axis):
    raise ShapeError("axis %d is wrong" % axis)
'''


# ---------------------------------------------------------------- printable


@pytest.mark.parametrize("raw, shown", [
    ("\x1b[2Jclear", "\\x1b[2Jclear"),
    ("bell\x07 cr\r nul\x00 del\x7f csi\x9b", "bell\\x07 cr\\x0d nul\\x00 del\\x7f csi\\x9b"),
    ("rlo\u202e zw\u200b ls\u2028", "rlo\\u202e zw\\u200b ls\\u2028"),
    ("lone \ud800 surrogate", "lone \\ud800 surrogate"),
    ("keeps\nlines\tand tabs", "keeps\nlines\tand tabs"),
    ("José α 中 ✔", "José α 中 ✔"),
])
def test_printable_escapes_what_could_drive_a_terminal(raw, shown):
    assert printable(raw) == shown
    assert printable(printable(raw)) == shown  # idempotent: storing and showing again changes nothing
    printable(raw).encode("utf-8")  # always encodable (SQLite, a UTF-8 terminal)


def test_printable_ascii_only_and_limits():
    assert printable("é\x1b", ascii_only=True) == "\\xe9\\x1b"
    assert printable("\x1b" * 100, limit=10) == "\\x1b\\x1b\\x…"  # cut after escaping: the bound holds
    assert printable("abc", limit=3) == "abc"
    assert printable("abcdef", limit=3, ascii_only=True) == "abc..."
    assert one_line("a\nb\tc\x1b", 20) == "a b c\\x1b"


# ---------------------------------------------------------------- exception summaries


def view() -> LearnerText:
    return LearnerText({"stable_softmax.py": SOURCE, "support.py": b"def ok():\n    return 1\n"})


def test_type_names_are_shown_only_when_known_or_defined_by_the_submission():
    v = view()
    assert v.type_name(["ValueError", "Exception", "BaseException", "object"]) == "ValueError"
    assert v.type_name(["ShapeError", "ValueError"]) == "ShapeError"
    assert v.type_name(["AxisError", "ValueError", "IndexError"]) == "AxisError"
    made_at_run_time = "H" + "0123456789abcdef" * 10
    assert v.type_name([made_at_run_time, "KeyError", "LookupError"]) == "a subclass of KeyError"
    assert v.type_name(["x\x1b[2J", "Exception"]) == "a subclass of Exception"


def test_frames_come_from_the_submitted_files_not_from_the_child():
    v = view()
    sent = ("ShapeError: axis 1 is wrong\n"
            "  line 10 in softmax: return helper(e, axis)\n"
            "  line 14 in helper: raise ShapeError(\"axis %d is wrong\" % axis)")
    assert v.exception(["ShapeError", "ValueError"], sent, full=True) == sent
    forged = ("ShapeError: axis 1 is wrong\n"
              "  line 10 in f_00ff00ff: return helper(e, axis)\n"  # a name the file does not have
              "  line 3 in softmax: # 3ff0000000000000\n"  # a line the file does not have
              "  line 99999 in softmax: raise x")  # a line number past the end
    assert v.exception(["ShapeError", "ValueError"], forged, full=True) == (
        "ShapeError: axis 1 is wrong\n  line 10 in ?: return helper(e, axis)")
    assert v.exception(["ShapeError", "ValueError"], sent, full=False) == "ShapeError (line 14)"
    assert v.exception(["ShapeError", "ValueError"], forged, full=False) == "ShapeError (line 10)"


def test_the_message_is_capped_and_ascii():
    v = view()
    text = v.exception(["ValueError"], "ValueError: " + "é" * 500, full=True)
    assert text.startswith("ValueError: \\xe9") and len(text) <= len("ValueError: ") + 200 + 3
    assert v.exception(["WireError"], "the return value: got an object of type X", full=False) == \
        "(details are shown for the first failing cases only)"


def test_only_the_first_failing_cases_show_text_in_full():
    v = view()
    assert [v.take_full_case() for _ in range(FULL_TEXT_CASES + 2)] == [True] * FULL_TEXT_CASES + [False, False]


def test_printed_output_is_capped():
    assert len(LearnerText.printed("x" * 10_000)) <= PRINT_CAP + 1
    assert LearnerText.printed("\x1b[31mred") == "\\x1b[31mred"


# ---------------------------------------------------------------- the leak, measured

# For every call: the hex of every input's bytes goes into the exception's class name, its message,
# the names and source lines of three frames (the child's summary is replaced, so the child-side
# caps do not apply), and into printed output.
INPUT_BYTES = '''
def _bytes(value):
    if isinstance(value, np.ndarray):
        return np.ascontiguousarray(value).tobytes()
    if isinstance(value, dict):
        return b"".join(_bytes(value[k]) for k in sorted(value))
    if isinstance(value, (list, tuple)):
        return b"".join(_bytes(v) for v in value)
    if isinstance(value, (bool, int, float)):
        return np.asarray(value).tobytes()
    return b""
'''
ATTACK = '''
import numpy as np
import grader.calls
''' + INPUT_BYTES + '''

def _summary(exc, learner_dir=None):
    data = str(exc)
    frames = "".join(f"\\n  line {n} in f_{data}: # {data}" for n in (1, 2, 3))
    return f"{type(exc).__name__}: {data}{frames}"


grader.calls.describe_exception = _summary


def moe_layer(*args, **kwargs):
    data = _bytes(list(args) + [kwargs[k] for k in sorted(kwargs)]).hex()
    print("PRINTED_BY_THE_SUBMISSION", data)
    raise type("H" + data, (Exception,), {})(data)
'''


def input_hex(call) -> str:
    namespace: dict = {"np": np}
    exec(INPUT_BYTES, namespace)
    return namespace["_bytes"](list(call.args) + [call.kwargs[k] for k in sorted(call.kwargs)]).hex()


@pytest.mark.slow
def test_hidden_inputs_cannot_be_read_back_from_results_or_the_gradebook(sandbox, catalog):
    """How many of sparsely-gated-moe's cases' inputs (each 432 bytes or more) can be recovered bit
    for bit from results.json and the gradebook row? None; while the child's own frames carry them all."""
    from grader import trusted
    from grader.classroom.batch import Task, to_row
    from grader.grading import grade, run_learner
    from grader.results import to_gradescope
    from grader.submission import Source

    ex = catalog.get("sparsely-gated-moe")
    cases = trusted.hidden_cases(ex)
    secrets = [input_hex(case.calls[0]) for case in cases]

    raw, outcome = run_learner(sandbox, ex, ATTACK.encode(), cases)
    sent = " ".join(str(r.get("message")) if isinstance(r, dict) else r for r in raw.values()) + outcome.stdout
    assert sum(s in sent for s in secrets) >= len(cases) - 1, "the attack does not get its inputs into its own frames"

    result = grade(sandbox, Source(ex, ATTACK.encode(), "attacker"))
    assert result.points == 0
    results_json = json.dumps(to_gradescope([result], 1.0, "test"))
    row = to_row(Task("attacker", Source(ex, ATTACK.encode(), "attacker"), "s", "e"), result)
    gradebook_row = json.dumps(dataclasses.asdict(row))
    recovered = [case.name for case, s in zip(cases, secrets) if s in results_json or s in gradebook_row]
    assert recovered == []
    assert "a subclass of Exception" in result.cases[0].message
    assert "PRINTED_BY_THE_SUBMISSION" in result.stdout and "PRINTED_BY_THE_SUBMISSION" not in results_json
