"""The similarity list: normalised tokens, the starter's code set aside, winnowed fingerprints."""
from __future__ import annotations

import random

from grader.classroom.similarity import fingerprints, similar_pairs, tokens

STARTER = b'''"""Layer norm. See README.md."""
import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    """Normalise the last axis, then scale and shift."""
    raise NotImplementedError
'''

ALICE = b'''"""Layer norm. See README.md."""
import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    """Normalise the last axis, then scale and shift."""
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    normed = (x - mean) / np.sqrt(var + eps)
    out = normed * gamma + beta
    return out
'''

# Alice's code with new names, new comments, other numbers' spelling and layout: the same once normalised.
BOB = b'''import numpy as np

# my own work!!
def layer_norm(inp, g, b, eps=1e-5):
    mu  = inp.mean(axis = -1, keepdims = True)   # average
    s2  = ((inp - mu) ** 2).mean(axis = -1, keepdims = True)
    z   = (inp - mu) / np.sqrt(s2 + eps)
    res = z * g + b
    return res
'''

# Alice's code with one extra line in the middle: near, not identical.
CAROL = ALICE.replace(b"    out = normed", b"    normed = np.asarray(normed)\n    out = normed")

# Written independently.
DAVE = b'''import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    centred = x - np.mean(x, -1, keepdims=True)
    scale = 1.0 / np.sqrt(np.var(x, axis=-1, keepdims=True) + eps)
    return gamma * (centred * scale) + beta
'''


def test_names_literals_comments_and_layout_do_not_count():
    assert [t.text for t in tokens(ALICE.decode())] == [t.text for t in tokens(BOB.decode())]
    assert [t.text for t in tokens(ALICE.decode())] != [t.text for t in tokens(DAVE.decode())]
    normal = [t.text for t in tokens('x = 3  # three\ny = "s"\n')]
    assert normal == ["V", "=", "N", "V", "=", "S"]


def test_copies_are_listed_identical_first_and_independent_work_is_not():
    pairs = similar_pairs("layer-norm", {"alice": ALICE, "bob": BOB, "carol": CAROL, "dave": DAVE, "erin": ALICE},
                          STARTER)
    listed = [(p.a, p.b, p.identical) for p in pairs]
    assert listed[0] == ("alice", "erin", "same file")
    assert ("alice", "bob", "same once normalised") in listed and ("bob", "erin", "same once normalised") in listed
    near = [p for p in pairs if not p.identical]
    assert {(p.a, p.b) for p in near} == {("alice", "carol"), ("bob", "carol"), ("carol", "erin")}
    assert all(p.share >= 0.8 for p in near)
    assert not any("dave" in (p.a, p.b) for p in pairs)
    kinds = [bool(p.identical) for p in pairs]
    assert kinds == sorted(kinds, reverse=True)


def test_the_starter_is_nobodys_work():
    """Two untouched starters, or two solutions that only share the starter's lines, are not listed."""
    assert similar_pairs("layer-norm", {"a": STARTER, "b": STARTER}, STARTER) == []
    tiny_a = STARTER.replace(b"raise NotImplementedError", b"return x")
    tiny_b = STARTER.replace(b"raise NotImplementedError", b"return gamma")
    assert similar_pairs("layer-norm", {"a": tiny_a, "b": tiny_b}, STARTER, threshold=0.5) == []


def test_matched_lines_point_at_the_shared_code():
    (pair,) = [p for p in similar_pairs("layer-norm", {"alice": ALICE, "carol": CAROL}, STARTER)]
    lines = ALICE.decode().splitlines()
    body = {n for n, line in enumerate(lines, 1) if line.startswith(("    mean", "    var", "    normed", "    out"))}
    assert body <= set(pair.lines_a)
    # nothing above the signature (the starter's docstring and import), nor the function's docstring
    assert min(pair.lines_a) >= lines.index("def layer_norm(x, gamma, beta, eps=1e-5):") + 1
    assert lines.index('    """Normalise the last axis, then scale and shift."""') + 1 not in pair.lines_a


def test_winnowing_keeps_one_fingerprint_per_window():
    """Every window of WINDOW hashes holds a chosen one, so no long enough match is missed."""
    rng = random.Random(7)
    code = "\n".join(f"v{rng.randrange(9)} = v{rng.randrange(9)} + {rng.randrange(99)}" for _ in range(40))
    toks = tokens(code)
    prints = fingerprints(toks, k=5, window=4)
    chosen = sorted(pos for positions in prints.values() for pos in positions)
    n_hashes = len(toks) - 5 + 1
    for start in range(n_hashes - 4 + 1):
        assert any(start <= pos < start + 4 for pos in chosen)
    assert len(chosen) < n_hashes  # and far fewer than every k-gram


def test_unreadable_code_is_still_compared():
    broken = ALICE + b'\n    s = "unterminated\n'
    pairs = similar_pairs("layer-norm", {"alice": ALICE, "broken": broken}, STARTER)
    assert [(p.a, p.b) for p in pairs] == [("alice", "broken")]
