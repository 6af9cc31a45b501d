"""Hidden cases for beam-search: random Markov LMs, eos handling, ties, forbidden tokens, greedy and brute force."""
import numpy as np

from grader.protocol import Build, Call, Case, Failure


def lm(table):
    return Build("beam_search_toy_lm", "MarkovLM", np.asarray(table, dtype=np.float64))


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
        yield Case(f"random_V{V}_w{width}_len{max_len}", Call("beam_search", lm(table), V - 1, width, max_len, 0))
    table = log_softmax_rows(1.5 * rng.normal(size=(3, 3)))
    yield Case("full_width_equals_brute_force", Call("beam_search", lm(table), 2, 27, 3, 0), check=matches_brute_force)
    table = log_softmax_rows(2.0 * rng.normal(size=(4, 4)))
    yield Case("full_width_no_eos", Call("beam_search", lm(table), 1, 64, 3, None), check=matches_brute_force)
    table = log_softmax_rows(2.0 * rng.normal(size=(5, 5)))
    yield Case("width_one_is_greedy", Call("beam_search", lm(table), 4, 1, 6, 0), check=is_greedy)
    # eos is very likely after bos: some beams finish at step 1 and keep their slot
    x = rng.normal(size=(5, 5))
    x[:, 0] += 2.5
    yield Case("early_eos_keeps_its_slot", Call("beam_search", lm(log_softmax_rows(x)), 4, 3, 5, 0))
    # a short finished hypothesis can beat longer ones that are still alive
    x = rng.normal(size=(4, 4))
    x[3, 0] += 1.0
    yield Case("finished_vs_alive", Call("beam_search", lm(log_softmax_rows(x)), 3, 2, 4, 0))
    table = log_softmax_rows(rng.normal(size=(4, 4)))
    yield Case("no_eos_runs_to_max_len", Call("beam_search", lm(table), 0, 3, 4, None))
    yield Case("width_above_candidates", Call("beam_search", lm(log_softmax_rows(rng.normal(size=(3, 3)))), 1, 10, 1, 0))
    # dyadic log-probs give exact ties: ties go to the lexicographically smaller sequence, whatever beam it grew from
    tie = np.array([[-1.0, -2.0, -2.0], [-2.0, -1.0, -1.0], [-1.0, -2.0, -1.0]])
    yield Case("exact_ties_lexicographic", Call("beam_search", lm(tie), 2, 3, 3, None))
    tie = np.array([[-0.5, -1.5, -1.0, -3.0], [-1.0, -1.0, -2.0, -1.0], [-2.0, -0.5, -1.0, -1.5], [-1.5, -1.0, -0.5, -1.0]])
    yield Case("ties_across_beams", Call("beam_search", lm(tie), 3, 2, 4, 0))
    # the beam with the better score is expanded first, but the tie goes to the beam with the smaller tokens
    tie = np.array([[-1.0, -3.0, -3.0], [-2.0, -2.0, -5.0], [-2.0, -1.0, -4.0]])
    yield Case("ties_prefer_smaller_tokens_over_better_beam", Call("beam_search", lm(tie), 2, 2, 2, None))
    x = log_softmax_rows(rng.normal(size=(4, 4)))
    x[2, 1] = -np.inf
    x[3, 3] = -np.inf
    yield Case("forbidden_transitions", Call("beam_search", lm(x), 3, 2, 4, 0))
    yield Case("width_zero_raises", Call("beam_search", lm(log_softmax_rows(rng.normal(size=(3, 3)))), 0, 0, 3, 1))
