"""Hidden cases for linear-probe: compared with the closed-form reference; planted attributes must
also be read with >= 95% accuracy on fresh held-out activations."""
import numpy as np

from grader.protocol import Call, Case, Failure


def planted(rng, N, D, strength, offset):
    """Activations with a binary attribute written along one hidden direction, plus a common offset."""
    u = rng.normal(size=D)
    u /= np.linalg.norm(u)
    mu = offset * rng.normal(size=D)

    def sample(n):
        labels = rng.integers(0, 2, size=n)
        acts = rng.normal(size=(n, D)) + mu + np.outer(2 * labels - 1, strength * u)
        return acts, labels

    return sample


def well_typed(ctx):
    (out,) = ctx.outputs
    if type(out) is not tuple or len(out) != 2:
        raise Failure(f"return a tuple (w, b), not a {type(out).__name__}")
    w, b = out
    if type(w) is not np.ndarray or w.dtype.kind != "f":
        raise Failure("w must be a float np.ndarray of shape (D,)")
    if type(b) is not float:
        raise Failure(f"b must be a Python float (wrap it with float(...)), not {type(b).__name__}")


def accurate(ctx, held_out):
    well_typed(ctx)
    (out,) = ctx.outputs
    w, b = out
    acts, labels = held_out
    pred = (acts @ np.asarray(w) + float(b)) > 0
    acc = float((pred == (labels == 1)).mean())
    if acc < 0.95:
        raise Failure(f"the probe reads the planted attribute with accuracy {acc:.3f} on held-out data; need >= 0.95")


def cases():
    rng = np.random.default_rng(29)
    for N, D, strength, offset, l2 in [(400, 32, 2.5, 3.0, 1.0), (300, 64, 2.5, 1.0, 10.0), (1000, 16, 2.0, 5.0, 0.0)]:
        sample = planted(rng, N, D, strength, offset)
        acts, labels = sample(N)
        held_out = sample(2000)
        yield Case(f"planted_N{N}_D{D}_l2_{l2:g}", Call("fit_probe", acts, labels, l2),
                   check=lambda ctx, h=held_out: accurate(ctx, h))
    acts = rng.normal(size=(50, 8)) + 4.0
    yield Case("random_labels_offset_acts", Call("fit_probe", acts, rng.integers(0, 2, size=50), 0.5), check=well_typed)
    yield Case("fewer_samples_than_dims", Call("fit_probe", rng.normal(size=(10, 30)), rng.integers(0, 2, size=10), 2.0),
               check=well_typed)
    yield Case("single_class_gives_zero_w", Call("fit_probe", rng.normal(size=(20, 5)), np.ones(20, dtype=np.int64), 1.0),
               check=well_typed)
    yield Case("single_class_zero_labels", Call("fit_probe", rng.normal(size=(15, 4)) + 1.0, np.zeros(15, dtype=np.int64), 0.3),
               check=well_typed)
    yield Case("single_example", Call("fit_probe", rng.normal(size=(1, 3)), np.array([1]), 0.5), check=well_typed)
    yield Case("huge_l2_shrinks_w", Call("fit_probe", rng.normal(size=(40, 6)) - 2.0, rng.integers(0, 2, size=40), 1e8),
               check=well_typed)
    yield Case("one_dimension_no_penalty", Call("fit_probe", rng.normal(size=(30, 1)) * 3.0 + 1.0,
                                                rng.integers(0, 2, size=30), 0.0), check=well_typed)
