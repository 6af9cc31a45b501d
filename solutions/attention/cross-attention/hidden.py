"""Hidden cases for cross-attention: random shapes (Tq != Tk, H > 1), padding, padded contents, no pad."""
import numpy as np

from grader.protocol import Call, Case, Failure


def _params(rng, H, D, Dh, scale=1.0):
    s = scale / np.sqrt(D)
    return {"W_Q": s * rng.normal(size=(H, D, Dh)), "W_K": s * rng.normal(size=(H, D, Dh)),
            "W_V": rng.normal(size=(H, D, Dh)) / np.sqrt(D), "W_O": rng.normal(size=(H, Dh, D)) / np.sqrt(Dh),
            "b_O": rng.normal(size=D)}


def pads_get_zero(ctx):
    for call, (out, w) in zip(ctx.calls, ctx.outputs):
        pad = call.kwargs.get("pad")
        ctx.assert_close(w.sum(-1), np.ones(w.shape[:-1]), "weights summed over the encoder positions")
        if pad is not None and np.abs(w[..., pad]).max(initial=0.0) > 0.0:
            raise Failure("a padded encoder position got a non-zero attention weight")


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

    dec, enc = rng.normal(size=(4, 8)), rng.normal(size=(6, 8))
    params = _params(rng, 2, 8, 4)
    yield Case("pad_none_equals_all_false", Call("cross_attention", dec, enc, params),
               Call("cross_attention", dec, enc, params, pad=np.zeros(6, dtype=bool)), check=padded_contents_do_not_matter)

    pad = np.array([False, True, False, True, True, False])
    enc2 = enc.copy()
    enc2[pad] = rng.normal(scale=50.0, size=(3, 8))
    yield Case("padded_contents_do_not_matter", Call("cross_attention", dec, enc, params, pad=pad),
               Call("cross_attention", dec, enc2, params, pad=pad), check=padded_contents_do_not_matter)

    pad = np.ones(6, dtype=bool)
    pad[3] = False
    yield Case("one_unpadded_key", Call("cross_attention", dec, enc, params, pad=pad), check=pads_get_zero)
    yield Case("large_scores", Call("cross_attention", dec, enc, _params(rng, 2, 8, 4, scale=30.0),
                                    pad=np.array([False] * 4 + [True] * 2)), check=pads_get_zero)
