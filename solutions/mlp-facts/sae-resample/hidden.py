"""Hidden cases for sae-resample: compared with the reference (same seed, same draws), plus
properties: live latents untouched, dead decoder rows are unit-norm inputs the SAE got wrong,
encoder columns point the same way, dead biases 0."""
import numpy as np

from grader.protocol import Call, Case, Failure


def resampled_properly(ctx):
    (out,) = ctx.outputs
    W_enc, W_dec, b_enc, frac_active, x, losses = (np.asarray(a) for a in ctx.calls[0].args[:6])
    if not isinstance(out, (list, tuple)) or len(out) != 3:
        raise Failure("return a tuple (W_enc, W_dec, b_enc)")
    if type(out) is not tuple:
        raise Failure(f"return a tuple (W_enc, W_dec, b_enc), not a {type(out).__name__}")
    new_enc, new_dec, new_b = (np.asarray(a) for a in out)
    if new_enc.shape != W_enc.shape or new_dec.shape != W_dec.shape or new_b.shape != b_enc.shape:
        raise Failure("the returned arrays must keep the shapes of W_enc, W_dec and b_enc")
    live = frac_active > 0
    if not (np.array_equal(new_enc[:, live], W_enc[:, live]) and np.array_equal(new_dec[live], W_dec[live])
            and np.array_equal(new_b[live], b_enc[live])):
        raise Failure("a live latent (frac_active > 0) was changed; only dead latents may be resampled")
    candidates = x[losses > 0] / np.linalg.norm(x[losses > 0], axis=1, keepdims=True)
    for j in np.flatnonzero(~live):
        if abs(np.linalg.norm(new_dec[j]) - 1.0) > 1e-6:
            raise Failure(f"dead latent {j}: its new decoder row must have unit norm")
        if np.abs(candidates - new_dec[j]).max(axis=1).min() > 1e-6:
            raise Failure(f"dead latent {j}: its new decoder row is not a normalised input with non-zero loss")
        if new_b[j] != 0.0:
            raise Failure(f"dead latent {j}: its encoder bias must be reset to 0")
        if np.linalg.norm(new_enc[:, j]) > 0:
            cos = new_enc[:, j] @ new_dec[j] / np.linalg.norm(new_enc[:, j])
            if cos < 1 - 1e-6:
                raise Failure(f"dead latent {j}: the encoder column must point along the new decoder row")


def sae(rng, d_in, d_sae, N, dead_frac):
    W_enc = rng.normal(size=(d_in, d_sae)) * rng.uniform(0.5, 2.0, size=d_sae)
    W_dec = rng.normal(size=(d_sae, d_in))
    W_dec /= np.linalg.norm(W_dec, axis=1, keepdims=True)
    b_enc = rng.normal(size=d_sae) - 1.0
    frac_active = rng.uniform(0.0, 0.2, size=d_sae) * (rng.random(d_sae) >= dead_frac)
    x = rng.normal(size=(N, d_in))
    losses = rng.exponential(size=N)
    return W_enc, W_dec, b_enc, frac_active, x, losses


def cases():
    rng = np.random.default_rng(34)
    for d_in, d_sae, N, dead_frac, seed in [(4, 12, 30, 0.3, 0), (8, 32, 100, 0.5, 1), (3, 5, 10, 0.2, 2), (6, 6, 20, 0.6, 3)]:
        args = sae(rng, d_in, d_sae, N, dead_frac)
        yield Case(f"random_din{d_in}_dsae{d_sae}_seed{seed}", Call("resample_dead", *args, seed), check=resampled_properly)
    W_enc, W_dec, b_enc, frac_active, x, losses = sae(rng, 5, 10, 40, 0.3)
    frac_active[frac_active == 0] = 1e-4  # rare but alive: must be left alone
    frac_active[[2, 7]] = 0.0
    yield Case("rare_latents_are_alive", Call("resample_dead", W_enc, W_dec, b_enc, frac_active, x, losses, 5),
               check=resampled_properly)
    args = list(sae(rng, 4, 8, 25, 0.0))
    args[3] = np.full(8, 0.05)
    yield Case("no_dead_latents", Call("resample_dead", *args, 6), check=resampled_properly)
    args = list(sae(rng, 4, 6, 25, 0.0))
    args[3] = np.zeros(6)
    yield Case("all_dead_unit_scale", Call("resample_dead", *args, 7), check=resampled_properly)
    args = list(sae(rng, 5, 9, 50, 0.4))
    args[5][rng.random(50) < 0.7] = 0.0  # most inputs reconstructed perfectly: never picked
    yield Case("zero_loss_inputs_never_picked", Call("resample_dead", *args, 8, enc_scale=0.5), check=resampled_properly)
