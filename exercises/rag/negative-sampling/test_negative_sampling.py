"""Visible examples for negative-sampling: run with `dojo check negative-sampling` or pytest."""
import numpy as np

from negative_sampling import noise_distribution, sgns_loss_and_grads


def test_example_1_loss_and_grads():
    out = sgns_loss_and_grads(np.array([1.0, 0.0]), np.array([2.0, 0.0]), np.array([[0.0, 1.0], [-1.0, 0.0]]))
    assert isinstance(out, tuple) and len(out) == 4, "return the tuple (loss, grad_v_in, grad_u_pos, grad_U_neg)"
    loss, gv, gu, gneg = out
    np.testing.assert_allclose(loss, 1.1333368791211407, rtol=1e-6)
    np.testing.assert_allclose(gv, [-0.50734727, 0.5], rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(gu, [-0.11920292, 0.0], rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(gneg, [[0.5, 0.0], [0.26894142, 0.0]], rtol=1e-6, atol=1e-8)


def test_example_2_noise_distribution():
    counts = np.array([1, 16, 0, 81])
    p = noise_distribution(counts)
    assert p.dtype == np.float64, f"expected dtype float64, got {p.dtype}"
    np.testing.assert_allclose(p, [1 / 36, 8 / 36, 0.0, 27 / 36], rtol=1e-7)
    assert counts.tolist() == [1, 16, 0, 81], "do not modify counts in place"


def test_large_scores_stay_finite():
    loss, gv, gu, gneg = sgns_loss_and_grads(np.array([10.0, 10.0]), np.array([-50.0, -50.0]), np.array([[50.0, 50.0]]))
    assert np.isfinite(loss), "use -np.logaddexp(0, -x) for log sigmoid"
    np.testing.assert_allclose(loss, 2000.0)
