"""Hidden cases for sae-forward: random untied SAEs, dead latents, and two properties: latents are
non-negative, and shifting x and b_dec together shifts x_hat and leaves f unchanged."""
import numpy as np

from grader.protocol import Call, Case, Failure


def nonnegative_and_consistent(ctx):
    for call, out in zip(ctx.calls, ctx.outputs):
        if not isinstance(out, (list, tuple)) or len(out) != 3 or not isinstance(out[2], dict):
            raise Failure("return a tuple (x_hat, f, losses) with losses a dict")
        if type(out) is not tuple:
            raise Failure(f"return a tuple (x_hat, f, losses), not a {type(out).__name__}")
        _, f, losses = out
        if isinstance(f, np.ndarray) and (f < 0).any():
            raise Failure("f has a negative entry: latent activations go through a ReLU")
        if set(losses) == {"l2", "l1", "loss"}:
            l1_coeff = call.args[5]
            ctx.assert_close(losses["loss"], losses["l2"] + l1_coeff * losses["l1"], "losses['loss'] vs l2 + l1_coeff * l1")


def shift_equivariant(ctx):
    nonnegative_and_consistent(ctx)
    (x_hat, f, _), (x_hat_s, f_s, _) = ctx.outputs
    shift = ctx.calls[1].args[0] - ctx.calls[0].args[0]
    ctx.assert_close(f_s, f, "f after shifting x and b_dec by the same vector (subtract b_dec before encoding)")
    ctx.assert_close(x_hat_s, x_hat + shift, "x_hat after shifting x and b_dec by the same vector")


def random_sae(rng, d_in, d_sae):
    W_enc = rng.normal(size=(d_in, d_sae)) / np.sqrt(d_in)
    W_dec = rng.normal(size=(d_sae, d_in))
    W_dec /= np.linalg.norm(W_dec, axis=1, keepdims=True)  # unit decoder rows, as in the paper
    return W_enc, rng.normal(scale=0.3, size=d_sae), W_dec, rng.normal(size=d_in)


def cases():
    rng = np.random.default_rng(33)
    for B, d_in, d_sae, l1 in [(4, 3, 8, 0.01), (16, 10, 40, 0.1), (1, 6, 12, 1.0), (7, 5, 5, 0.0)]:
        W_enc, b_enc, W_dec, b_dec = random_sae(rng, d_in, d_sae)
        x = rng.normal(size=(B, d_in)) + b_dec
        yield Case(f"random_B{B}_din{d_in}_dsae{d_sae}", Call("sae_forward", x, W_enc, b_enc, W_dec, b_dec, l1),
                   check=nonnegative_and_consistent)
    W_enc, b_enc, W_dec, b_dec = random_sae(rng, 4, 16)
    x = rng.normal(size=(5, 4))
    yield Case("all_latents_dead", Call("sae_forward", x, W_enc, np.full(16, -100.0), W_dec, b_dec, 0.05),
               check=nonnegative_and_consistent)
    shift = 5.0 * rng.normal(size=4)
    yield Case("shift_x_and_b_dec_together", Call("sae_forward", x, W_enc, b_enc, W_dec, b_dec, 0.05),
               Call("sae_forward", x + shift, W_enc, b_enc, W_dec, b_dec + shift, 0.05), check=shift_equivariant)
    yield Case("large_activations", Call("sae_forward", 100.0 * rng.normal(size=(3, 4)), W_enc, b_enc, W_dec, b_dec, 0.001),
               check=nonnegative_and_consistent)
