"""Hidden cases for cross-attention: random shapes (Tq != Tk, H > 1), padding, padded contents, no pad,
zero decoder rows, large scores of both signs.

The grader also checks, on every call, that the arguments are unchanged and the types are exact.
"""
import numpy as np

from grader.protocol import Call, Case, Failure


def _params(rng, H, D, Dh, scale=1.0):
    s = scale / np.sqrt(D)
    return {"W_Q": s * rng.normal(size=(H, D, Dh)), "W_K": s * rng.normal(size=(H, D, Dh)),
            "W_V": rng.normal(size=(H, D, Dh)) / np.sqrt(D), "W_O": rng.normal(size=(H, Dh, D)) / np.sqrt(Dh),
            "b_O": rng.normal(size=D)}


def pads_get_zero(ctx):
    for call, result in zip(ctx.calls, ctx.outputs):
        if type(result) is not tuple or len(result) != 2:
            raise Failure(f"cross_attention should return a tuple (out, weights), got a {type(result).__name__}")
        out, w = result
        pad = call.kwargs.get("pad")
        ctx.assert_close(w.sum(-1), np.ones(w.shape[:-1]), "weights summed over the encoder positions")
        if pad is not None and np.abs(w[..., pad]).max(initial=0.0) > 0.0:
            raise Failure("a padded encoder position got a non-zero attention weight")


def zero_queries_are_uniform(ctx):
    """A zero decoder row scores 0 against every key: equal weights over the unpadded keys."""
    pads_get_zero(ctx)
    (result,) = ctx.outputs
    w = result[1]
    pad = ctx.calls[0].kwargs["pad"]
    ctx.assert_close(w, np.broadcast_to(~pad / (~pad).sum(), w.shape), "weights of zero decoder rows (equal over the unpadded keys)")


def padded_contents_do_not_matter(ctx):
    pads_get_zero(ctx)
    (out, _), (out2, _) = ctx.outputs
    ctx.assert_close(out2, out, "output after changing the padded encoder rows")


def cases():
    rng = np.random.default_rng(20261209)
    for Tq, Tk, D, H, Dh, n_pad in [(3, 5, 8, 2, 4, 0), (4, 7, 12, 3, 4, 2), (1, 6, 6, 2, 3, 5), (6, 2, 4, 1, 4, 1),
                                    (5, 9, 16, 4, 4, 3)]:
        dec, enc = rng.normal(size=(Tq, D)), rng.normal(size=(Tk, D))
        pad = np.zeros(Tk, dtype=bool)
        pad[Tk - n_pad:] = True  # padding at the end, as in a right-padded batch
        kwargs = {"pad": pad} if n_pad else {}
        yield Case(f"random_Tq{Tq}_Tk{Tk}_D{D}_H{H}_pad{n_pad}", Call("cross_attention", dec, enc, _params(rng, H, D, Dh),
                                                                       **kwargs), check=pads_get_zero)

    yield Case("single_encoder_position", Call("cross_attention", rng.normal(size=(3, 4)), rng.normal(size=(1, 4)),
                                                 _params(rng, 2, 4, 2), pad=np.array([False])), check=pads_get_zero)

    dec, enc = rng.normal(size=(4, 8)), rng.normal(size=(6, 8))
    params = _params(rng, 2, 8, 4)
    yield Case("pad_none_equals_all_false", Call("cross_attention", dec, enc, params),
               Call("cross_attention", dec, enc, params, pad=np.zeros(6, dtype=bool)), check=padded_contents_do_not_matter)

    pad = np.array([False, True, False, True, True, False])
    enc2 = enc.copy()
    enc2[pad] = rng.normal(scale=50.0, size=(3, 8))
    yield Case("padded_contents_do_not_matter", Call("cross_attention", dec, enc, params, pad=pad),
               Call("cross_attention", dec, enc2, params, pad=pad), check=padded_contents_do_not_matter)

    enc3 = enc.copy()
    enc3[pad] = 1e3 * rng.normal(size=(3, 8))
    yield Case("huge_padded_contents_do_not_matter", Call("cross_attention", dec, enc, params, pad=pad),
               Call("cross_attention", dec, enc3, params, pad=pad), check=padded_contents_do_not_matter)

    yield Case("zero_decoder_rows", Call("cross_attention", np.zeros((3, 8)), enc, params, pad=pad),
               check=zero_queries_are_uniform)

    # every score near -1800: exp alone underflows to 0 / 0
    x = 1.0 + 0.05 * rng.normal(size=(4, 4))
    W = np.stack([30.0 * np.eye(4)] * 2)
    big = {"W_Q": W, "W_K": -W, "W_V": rng.normal(size=(2, 4, 4)), "W_O": rng.normal(size=(2, 4, 4)), "b_O": rng.normal(size=4)}
    yield Case("large_negative_scores", Call("cross_attention", x[:3], x, big, pad=np.array([False, False, True, False])),
               check=pads_get_zero)

    pad = np.ones(6, dtype=bool)
    pad[3] = False
    yield Case("one_unpadded_key", Call("cross_attention", dec, enc, params, pad=pad), check=pads_get_zero)
    yield Case("large_scores", Call("cross_attention", dec, enc, _params(rng, 2, 8, 4, scale=30.0),
                                    pad=np.array([False] * 4 + [True] * 2)), check=pads_get_zero)
