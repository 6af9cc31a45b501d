"""Hidden cases for beam-search: random Markov LMs, eos handling, ties, forbidden tokens, greedy and brute force.

Every returning case checks the promised output: a list of tuples (tokens, score), tokens a list of Python ints,
score a float (a NumPy float64 is accepted, so the cases opt out of the grader's exact scalar types and check
the structure themselves). Cases with a ContractLM also hold the search to its calling contract: a list prefix,
never a finished hypothesis, once per live hypothesis per step.
"""
import numpy as np

from grader.protocol import Build, Call, Case, Failure


def lm(table):
    return Build("beam_search_toy_lm", "MarkovLM", np.asarray(table, dtype=np.float64))


def contract_lm(table, bos, width, max_len, eos):
    """A model that raises when called for a finished hypothesis, more than once per live hypothesis per step
    (counted here by running the statement's procedure), or with a prefix that is not a list."""
    table = np.asarray(table, dtype=np.float64)
    return Build("beam_search_toy_lm", "ContractLM", table, eos=eos,
                 max_calls=_live_expansions(table, bos, width, max_len, eos))


def _live_expansions(table, bos, width, max_len, eos):
    """How many times the statement's search calls logprob_fn: once per live hypothesis per step."""
    live, calls = [([bos], 0.0)], 0
    for _ in range(max_len):
        if not live:
            break
        candidates = []
        for seq, score in live:
            calls += 1
            candidates += [(seq + [v], score + float(table[seq[-1], v])) for v in range(table.shape[1])]
        candidates.sort(key=lambda h: (-h[1], h[0]))
        live = [h for h in candidates[:width] if eos is None or h[0][-1] != eos]
    return calls


def _case(name, *calls, **kw):
    """A Case whose scores may be Python floats or NumPy float64s (`hypotheses` checks the rest of the types)."""
    check = kw.pop("check", None)
    kw["check"] = hypotheses if check is None else _all(hypotheses, check)
    return Case(name, *calls, exact_types=False, **kw)


def _all(*checks):
    def check(ctx):
        for c in checks:
            c(ctx)
    return check


def hypotheses(ctx):
    """A list of tuples (tokens, score): tokens a list of Python ints, score a float."""
    for out in ctx.outputs:
        if type(out) is not list:
            raise Failure(f"beam_search should return a list of (tokens, score) tuples, got a {type(out).__name__}")
        for i, h in enumerate(out):
            if type(h) is not tuple or len(h) != 2:
                what = type(h).__name__ + (f" of length {len(h)}" if isinstance(h, (list, tuple)) else "")
                raise Failure(f"hypothesis {i} should be a tuple (tokens, score), got a {what}")
            tokens, score = h
            if type(tokens) is not list:
                raise Failure(f"hypothesis {i}: tokens should be a list, got a {type(tokens).__name__}")
            bad = next((t for t in tokens if type(t) is not int), None)
            if bad is not None:
                name = f"numpy.{type(bad).__name__}" if type(bad).__module__ == "numpy" else type(bad).__name__
                raise Failure(f"hypothesis {i}: tokens should be Python ints, got a {name} (wrap it in int(...))")
            if not isinstance(score, float):
                name = f"numpy.{type(score).__name__}" if type(score).__module__ == "numpy" else type(score).__name__
                raise Failure(f"hypothesis {i}: the score should be a Python float, got a {name}")


def log_softmax_rows(x):
    m = x.max(axis=1, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=1, keepdims=True))


def brute_force(table, bos, max_len, eos):
    """Every complete sequence and its score, ranked: finished at eos, or max_len tokens without eos."""
    V = table.shape[0]
    out = []

    def walk(seq, score):
        if seq and eos is not None and seq[-1] == eos or len(seq) == max_len:
            out.append((seq, score))
            return
        prev = seq[-1] if seq else bos
        for v in range(V):
            walk(seq + [v], score + float(table[prev, v]))

    walk([], 0.0)
    return sorted(out, key=lambda h: (-h[1], h[0]))


def greedy(table, bos, max_len, eos):
    seq, score, prev = [], 0.0, bos
    for _ in range(max_len):
        v = int(np.argmax(table[prev]))
        seq.append(v)
        score += float(table[prev, v])
        if v == eos:
            break
        prev = v
    return seq, score


def impossible_hypotheses_kept(ctx):
    (out,) = ctx.outputs
    if not any(float(score) == -np.inf for _, score in out):
        raise Failure("no returned hypothesis has score -inf, but fewer than `width` hypotheses are possible: "
                      "-inf extensions fill the free slots and are returned")


def _as_plain(result):
    return [(list(map(int, s)), float(sc)) for s, sc in result]


def _compare(ctx, got, want, what):
    got = _as_plain(got)
    if len(got) != len(want):
        raise Failure(f"{what}: returned {len(got)} hypotheses, expected {len(want)}")
    for i, ((gs, gsc), (ws, wsc)) in enumerate(zip(got, want)):
        if gs != ws:
            raise Failure(f"{what}: hypothesis {i} has tokens {gs}, expected {ws}")
        ctx.assert_close(gsc, wsc, f"{what}: score of hypothesis {i}")


def matches_brute_force(ctx):
    (out,) = ctx.outputs
    call = ctx.calls[0]
    table = call.args[0].args[0]
    bos, width, max_len, eos = call.args[1:5]
    _compare(ctx, out, brute_force(table, bos, max_len, eos)[:width], "full-width beam vs exhaustive search")


def is_greedy(ctx):
    (out,) = ctx.outputs
    call = ctx.calls[0]
    table = call.args[0].args[0]
    bos, _, max_len, eos = call.args[1:5]
    _compare(ctx, out, [greedy(table, bos, max_len, eos)], "width-1 beam vs greedy decoding")


def cases():
    rng = np.random.default_rng(19)
    for V, width, max_len in [(4, 2, 5), (6, 3, 4), (5, 4, 6)]:
        table = log_softmax_rows(1.5 * rng.normal(size=(V, V)))
        yield _case(f"random_V{V}_w{width}_len{max_len}", Call("beam_search", lm(table), V - 1, width, max_len, 0))
    table = log_softmax_rows(1.5 * rng.normal(size=(3, 3)))
    yield _case("full_width_equals_brute_force", Call("beam_search", lm(table), 2, 27, 3, 0), check=matches_brute_force)
    table = log_softmax_rows(2.0 * rng.normal(size=(4, 4)))
    yield _case("full_width_no_eos", Call("beam_search", lm(table), 1, 64, 3, None), check=matches_brute_force)
    table = log_softmax_rows(2.0 * rng.normal(size=(5, 5)))
    yield _case("width_one_is_greedy", Call("beam_search", lm(table), 4, 1, 6, 0), check=is_greedy)
    # eos is very likely after bos: some beams finish at step 1 and keep their slot
    x = rng.normal(size=(5, 5))
    x[:, 0] += 2.5
    yield _case("early_eos_keeps_its_slot", Call("beam_search", lm(log_softmax_rows(x)), 4, 3, 5, 0))
    # a short finished hypothesis can beat longer ones that are still alive
    x = rng.normal(size=(4, 4))
    x[3, 0] += 1.0
    yield _case("finished_vs_alive", Call("beam_search", lm(log_softmax_rows(x)), 3, 2, 4, 0))
    table = log_softmax_rows(rng.normal(size=(4, 4)))
    yield _case("no_eos_runs_to_max_len", Call("beam_search", lm(table), 0, 3, 4, None))
    # eos left out: its default is None, so token 0 (the likeliest everywhere) is an ordinary token here
    x = rng.normal(size=(4, 4))
    x[:, 0] += 2.0
    yield _case("eos_left_out", Call("beam_search", lm(log_softmax_rows(x)), 1, 3, 3))
    yield _case("width_above_candidates", Call("beam_search", lm(log_softmax_rows(rng.normal(size=(3, 3)))), 1, 10, 1, 0))
    # dyadic log-probs give exact ties: ties go to the lexicographically smaller sequence, whatever beam it grew from
    tie = np.array([[-1.0, -2.0, -2.0], [-2.0, -1.0, -1.0], [-1.0, -2.0, -1.0]])
    yield _case("exact_ties_lexicographic", Call("beam_search", lm(tie), 2, 3, 3, None))
    tie = np.array([[-0.5, -1.5, -1.0, -3.0], [-1.0, -1.0, -2.0, -1.0], [-2.0, -0.5, -1.0, -1.5], [-1.5, -1.0, -0.5, -1.0]])
    yield _case("ties_across_beams", Call("beam_search", lm(tie), 3, 2, 4, 0))
    # the beam with the better score is expanded first, but the tie goes to the beam with the smaller tokens
    tie = np.array([[-1.0, -3.0, -3.0], [-2.0, -2.0, -5.0], [-2.0, -1.0, -4.0]])
    yield _case("ties_prefer_smaller_tokens_over_better_beam", Call("beam_search", lm(tie), 2, 2, 2, None))
    x = log_softmax_rows(rng.normal(size=(4, 4)))
    x[2, 1] = -np.inf
    x[3, 3] = -np.inf
    yield _case("forbidden_transitions", Call("beam_search", lm(x), 3, 2, 4, 0))
    # from bos only token 1 is possible, after it only eos: [1, 0] is the one finite hypothesis, so with width 3
    # -inf extensions take the other slots at every step, the live ones are expanded, and two are returned
    x = log_softmax_rows(rng.normal(size=(4, 4)))
    x[3] = [-np.inf, 0.0, -np.inf, -np.inf]
    x[1] = [0.0, -np.inf, -np.inf, -np.inf]
    yield _case("impossible_tokens_fill_the_beam", Call("beam_search", lm(x), 3, 3, 3, 0), check=impossible_hypotheses_kept)
    x = log_softmax_rows(rng.normal(size=(3, 3)))
    x[2] = [-np.inf, -np.inf, 0.0]
    x[1, 0] = -np.inf
    yield _case("impossible_tokens_without_eos", Call("beam_search", lm(x), 2, 4, 3, None), check=impossible_hypotheses_kept)
    # the calling contract: only live hypotheses, once each per step, prefixes as lists
    x = rng.normal(size=(5, 5))
    x[:, 0] += 2.0  # eos is likely everywhere: hypotheses finish early and must not be extended
    table = log_softmax_rows(x)
    yield _case("logprob_fn_only_for_live_hypotheses", Call("beam_search", contract_lm(table, 4, 3, 5, 0), 4, 3, 5, 0))
    table = log_softmax_rows(rng.normal(size=(4, 4)))
    yield _case("prefix_is_a_list", Call("beam_search", contract_lm(table, 3, 2, 3, None), 3, 2, 3, None))
    yield Case("width_zero_raises", Call("beam_search", lm(log_softmax_rows(rng.normal(size=(3, 3)))), 0, 0, 3, 1))
    yield Case("negative_width_raises", Call("beam_search", lm(log_softmax_rows(rng.normal(size=(3, 3)))), 0, -2, 3, 1))
    yield Case("max_len_zero_raises", Call("beam_search", lm(log_softmax_rows(rng.normal(size=(3, 3)))), 0, 2, 0, 1))
