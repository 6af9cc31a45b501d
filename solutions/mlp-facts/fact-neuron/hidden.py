"""Hidden cases for fact-neuron: the learner's MLP is run in the trusted process and judged by
what it writes for every fact, every single name, every non-fact pair and the zero vector."""
from itertools import combinations

import numpy as np

from grader.protocol import Call, Case, Failure

TOL = 1e-4


def _weights(ctx):
    (out,) = ctx.outputs
    directions = np.asarray(ctx.calls[0].args[0])
    D = directions.shape[1]
    if not isinstance(out, (list, tuple)) or len(out) != 4:
        raise Failure("return a tuple of four arrays (W_in, b_in, W_out, b_out)")
    if type(out) is not tuple:
        raise Failure(f"return a tuple (W_in, b_in, W_out, b_out), not a {type(out).__name__}")
    names = ("W_in", "b_in", "W_out", "b_out")
    for name, w in zip(names, out):
        if not isinstance(w, np.ndarray) or w.dtype.kind != "f":
            raise Failure(f"{name} must be a float np.ndarray")
        if not np.isfinite(w).all():
            raise Failure(f"{name} contains NaN or inf")
    W_in, b_in, W_out, b_out = out
    if W_in.ndim != 2 or W_in.shape[0] != D or W_in.shape[1] < 1:
        raise Failure(f"W_in has shape {W_in.shape}; expected (D, M) = ({D}, M) with M >= 1")
    M = W_in.shape[1]
    if b_in.shape != (M,):
        raise Failure(f"b_in has shape {b_in.shape}; expected (M,) = ({M},)")
    if W_out.shape != (M, D):
        raise Failure(f"W_out has shape {W_out.shape}; expected (M, D) = ({M}, {D})")
    if b_out.shape != (D,):
        raise Failure(f"b_out has shape {b_out.shape}; expected (D,) = ({D},)")
    return directions, W_in, b_in, W_out, b_out


def stores_the_facts(ctx):
    directions, W_in, b_in, W_out, b_out = _weights(ctx)
    facts = [tuple(f) for f in ctx.calls[0].args[1]]
    N, D = directions.shape

    def mlp(x):  # (B, D) -> (B, D)
        return np.maximum(x @ W_in + b_in, 0.0) @ W_out + b_out

    def expect(x, target, what):
        err = np.abs(mlp(x[None])[0] - target).max()
        if err > TOL:
            raise Failure(f"{what}: the MLP's output is off by {err:.3g} (allowed {TOL:g})")

    expect(np.zeros(D), np.zeros(D), "the zero vector should write nothing")
    for a, b, c in facts:
        expect(directions[a] + directions[b], directions[c],
               f"fact {(a, b, c)}: direction {a} + direction {b} should write direction {c}")
    for i in range(N):
        expect(directions[i], np.zeros(D), f"direction {i} alone should write (almost) nothing")
    subjects = {frozenset((a, b)) for a, b, _ in facts}
    for i, j in combinations(range(N), 2):
        if frozenset((i, j)) not in subjects:
            expect(directions[i] + directions[j], np.zeros(D),
                   f"directions {i} + {j} are not a fact's pair and should write (almost) nothing")


def random_directions(rng, N, D):
    q, _ = np.linalg.qr(rng.normal(size=(D, D)))  # a random rotation: rows orthonormal
    return np.ascontiguousarray(q[:N])


def random_facts(rng, N, n_facts):
    pairs = list(combinations(range(N), 2))
    chosen = rng.choice(len(pairs), size=n_facts, replace=False)
    facts = []
    for k in chosen:
        a, b = pairs[k]
        if rng.random() < 0.5:
            a, b = b, a
        c = int(rng.choice([i for i in range(N) if i not in (a, b)]))
        facts.append((int(a), int(b), c))
    return facts


def cases():
    rng = np.random.default_rng(27)
    yield Case("one_fact_basis", Call("build_fact_mlp", np.eye(4), [(0, 1, 2)]), compare=False, reference=False, check=stores_the_facts)
    for N, D, n_facts in [(6, 8, 2), (10, 16, 5), (12, 12, 8), (20, 32, 15)]:
        yield Case(f"rotated_{N}_dirs_in_{D}d_{n_facts}_facts",
                   Call("build_fact_mlp", random_directions(rng, N, D), random_facts(rng, N, n_facts)),
                   compare=False, reference=False, check=stores_the_facts)
    # "Michael Jordan" -> basketball, "Michael Phelps" -> swimming: a shared first name.
    dirs = random_directions(rng, 5, 7)
    yield Case("shared_first_name", Call("build_fact_mlp", dirs, [(0, 1, 2), (0, 3, 4)]), compare=False, reference=False, check=stores_the_facts)
    # The answer of one fact is a subject of another.
    dirs = random_directions(rng, 6, 6)
    yield Case("answer_is_a_subject", Call("build_fact_mlp", dirs, [(0, 1, 2), (2, 3, 4), (4, 5, 0)]),
               compare=False, reference=False, check=stores_the_facts)
    # The smallest statement: three names in three dimensions (N = D), one fact.
    yield Case("three_names_full_rank", Call("build_fact_mlp", random_directions(rng, 3, 3), [(2, 0, 1)]),
               compare=False, reference=False, check=stores_the_facts)
    yield Case("reversed_pair_order", Call("build_fact_mlp", random_directions(rng, 4, 9), [(3, 1, 0)]),
               compare=False, reference=False, check=stores_the_facts)
