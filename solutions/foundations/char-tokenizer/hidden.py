"""Hidden cases for char-tokenizer: vocabularies, round trips, batches and their bounds, return types.

The grader also checks, on every call, that no argument was modified. make_batch may return any integer
dtype (the statement says so), so its cases compare dtypes by family and `batch_types` checks the rest.
"""
import numpy as np

from grader.protocol import Call, Case, Failure

SHAKESPEARE = ("First Citizen:\nBefore we proceed any further, hear me speak.\n\nAll:\nSpeak, speak.\n\n"
               "First Citizen:\nYou are all resolved rather to die than to famish?\n")


def _any_int_dtype(name, *calls, **kwargs):
    """A Case whose arrays may have any integer dtype, as the statement allows."""
    return Case(name, *calls, exact_types=False, **kwargs)


def _vocab(text):
    # input construction only: a mapping to hand to encode / decode
    chars = sorted(set(text))
    return {c: i for i, c in enumerate(chars)}, {i: c for i, c in enumerate(chars)}


def vocab_types(ctx):
    (out,) = ctx.outputs
    if type(out) is not tuple or len(out) != 2:
        raise Failure(f"build_vocab should return a tuple (stoi, itos), got a {type(out).__name__}")
    for name, d in zip(("stoi", "itos"), out):
        if type(d) is not dict:
            raise Failure(f"{name} should be a plain dict, got a {type(d).__name__}")


def _is_id_list(out):
    if type(out) is not list:
        raise Failure(f"encode should return a list of Python ints, got a {type(out).__name__}")


def ids_are_a_list(ctx):
    (out,) = ctx.outputs
    _is_id_list(out)


def round_trips(ctx):
    ids, text = ctx.outputs
    _is_id_list(ids)
    original = ctx.calls[0].args[0]
    if text != original:
        raise Failure("decode(encode(text)) did not give the text back")


def batch_types(ctx):
    (out,) = ctx.outputs
    if type(out) is not tuple or len(out) != 2:
        raise Failure(f"make_batch should return a tuple (x, y), got a {type(out).__name__}")
    for name, a in zip(("x", "y"), out):
        if type(a) is not np.ndarray or a.dtype.kind not in "iu":
            raise Failure(f"{name} should be an np.ndarray of an integer dtype, got "
                          f"{type(a).__name__} {getattr(a, 'dtype', '')}".rstrip())


def y_is_x_shifted(ctx):
    batch_types(ctx)
    (out,) = ctx.outputs
    x, y = out
    ctx.assert_close(y[:, :-1], x[:, 1:], "y[:, :-1] should equal x[:, 1:] (y is x shifted by one)")


def cases():
    rng = np.random.default_rng(20261204)
    yield Case("vocab_shakespeare", Call("build_vocab", SHAKESPEARE), check=vocab_types)
    yield Case("vocab_unicode_and_digits", Call("build_vocab", "zébra 42 Ωmega\tZ9!é"))
    yield Case("vocab_single_character_repeated", Call("build_vocab", "aaaa"))
    yield Case("vocab_empty_text", Call("build_vocab", ""), check=vocab_types)

    stoi, itos = _vocab(SHAKESPEARE)
    yield Case("encode_decode_round_trip", Call("encode", SHAKESPEARE, stoi),
               Call("decode", [stoi[c] for c in SHAKESPEARE], itos), check=round_trips)
    custom = {"c": 0, "a": 2, "b": 1, " ": 5}
    yield Case("encode_uses_the_given_mapping", Call("encode", "abc cab", custom), check=ids_are_a_list)
    yield Case("decode_uses_the_given_mapping", Call("decode", [2, 1, 0, 5, 5], {0: "c", 1: "b", 2: "a", 5: " "}))
    yield Case("encode_empty_text", Call("encode", "", stoi), check=ids_are_a_list)
    yield Case("decode_empty_list", Call("decode", [], itos))
    yield Case("encode_unknown_character_raises_KeyError", Call("encode", "Zebra", stoi))

    data = rng.integers(0, 65, size=200)
    ix = rng.integers(0, 200 - 8, size=6)
    yield _any_int_dtype("batch_random_B6_block8", Call("make_batch", data, ix, 8), check=y_is_x_shifted)
    yield _any_int_dtype("batch_first_and_last_valid_start", Call("make_batch", data, np.array([0, 200 - 16 - 1]), 16),
                         check=y_is_x_shifted)
    yield _any_int_dtype("batch_block_1", Call("make_batch", np.arange(5), np.array([3, 0, 2]), 1), check=batch_types)
    yield _any_int_dtype("batch_single_window_N_is_block_plus_1",
                         Call("make_batch", np.arange(7, 13), np.array([0]), 5), check=y_is_x_shifted)
    yield _any_int_dtype("batch_int32_corpus", Call("make_batch", data.astype(np.int32), ix[:3], 4), check=batch_types)
    yield Case("batch_start_too_late_raises", Call("make_batch", data, np.array([200 - 8, 200 - 8]), 8))
    yield Case("batch_start_N_minus_block_raises", Call("make_batch", np.arange(10), np.array([6]), 4))
    yield Case("batch_negative_start_raises", Call("make_batch", data, np.array([-3]), 2))
    yield Case("batch_start_minus_1_raises", Call("make_batch", data, np.array([-1, 0]), 2))
    yield Case("batch_one_late_start_among_good_raises", Call("make_batch", data, np.array([0, 10, 20, 200 - 4]), 4))
    yield Case("batch_one_negative_start_among_good_raises", Call("make_batch", data, np.array([5, 40, -2]), 2))
