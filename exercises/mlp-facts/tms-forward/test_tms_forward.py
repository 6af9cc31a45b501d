"""Visible examples for tms-forward: run with `dojo check tms-forward` or pytest."""
import numpy as np

from tms_forward import sample_features, tms_forward, tms_loss


def test_example_1_antipodal_pair_in_one_dimension():
    x = np.array([[1.0, 0.0], [0.5, 0.0]])
    W = np.array([[1.0, -1.0]])
    np.testing.assert_allclose(tms_forward(x, W, np.zeros(2)), [[1.0, 0.0], [0.5, 0.0]], atol=1e-12)
    np.testing.assert_allclose(tms_forward(x, W, np.array([-0.1, -0.1])), [[0.9, 0.0], [0.4, 0.0]], atol=1e-12)


def test_example_2_importance_weighted_loss():
    loss = tms_loss(np.array([[1.0, 0.0]]), np.array([[0.5, 0.5]]), np.array([1.0, 0.5]))
    assert type(loss) is float, f"tms_loss must return a Python float, got {type(loss).__name__}"
    np.testing.assert_allclose(loss, 0.375, rtol=1e-12)


def test_example_3_seeded_sparse_features():
    x = sample_features(4, 3, 0.5, 0)
    expected = np.array([[0.63696169, 0.0, 0.04097352],
                         [0.0, 0.81327024, 0.91275558],
                         [0.0, 0.0, 0.0],
                         [0.0, 0.81585355, 0.0027385]])
    np.testing.assert_allclose(x, expected, atol=1e-8)
