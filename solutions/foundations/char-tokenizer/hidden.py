"""Hidden cases for char-tokenizer: vocabularies, round trips, batches and their bounds."""
import numpy as np

from grader.protocol import Call, Case, Failure

SHAKESPEARE = ("First Citizen:\nBefore we proceed any further, hear me speak.\n\nAll:\nSpeak, speak.\n\n"
               "First Citizen:\nYou are all resolved rather to die than to famish?\n")


def _vocab(text):
    # input construction only: a mapping to hand to encode / decode
    chars = sorted(set(text))
    return {c: i for i, c in enumerate(chars)}, {i: c for i, c in enumerate(chars)}


def round_trips(ctx):
    ids, text = ctx.outputs
    original = ctx.calls[0].args[0]
    if text != original:
        raise Failure("decode(encode(text)) did not give the text back")


def y_is_x_shifted(ctx):
    (out,) = ctx.outputs
    x, y = out
    ctx.assert_close(y[:, :-1], x[:, 1:], "y[:, :-1] should equal x[:, 1:] (y is x shifted by one)")


def cases():
    rng = np.random.default_rng(20261204)
    yield Case("vocab_shakespeare", Call("build_vocab", SHAKESPEARE))
    yield Case("vocab_unicode_and_digits", Call("build_vocab", "zébra 42 Ωmega\tZ9!é"))
    yield Case("vocab_single_character_repeated", Call("build_vocab", "aaaa"))
    yield Case("vocab_empty_text", Call("build_vocab", ""))

    stoi, itos = _vocab(SHAKESPEARE)
    yield Case("encode_decode_round_trip", Call("encode", SHAKESPEARE, stoi),
               Call("decode", [stoi[c] for c in SHAKESPEARE], itos), check=round_trips)
    custom = {"c": 0, "a": 2, "b": 1, " ": 5}
    yield Case("encode_uses_the_given_mapping", Call("encode", "abc cab", custom))
    yield Case("decode_uses_the_given_mapping", Call("decode", [2, 1, 0, 5, 5], {0: "c", 1: "b", 2: "a", 5: " "}))
    yield Case("encode_empty_text", Call("encode", "", stoi))
    yield Case("encode_unknown_character_raises_KeyError", Call("encode", "Zebra", stoi))

    data = rng.integers(0, 65, size=200)
    ix = rng.integers(0, 200 - 8, size=6)
    yield Case("batch_random_B6_block8", Call("make_batch", data, ix, 8), check=y_is_x_shifted)
    yield Case("batch_last_valid_start", Call("make_batch", data, np.array([0, 200 - 16 - 1]), 16), check=y_is_x_shifted)
    yield Case("batch_block_1", Call("make_batch", np.arange(5), np.array([3, 0, 2]), 1))
    yield Case("batch_start_too_late_raises", Call("make_batch", data, np.array([200 - 8, 200 - 8]), 8))
    yield Case("batch_negative_start_raises", Call("make_batch", data, np.array([-3]), 2))
