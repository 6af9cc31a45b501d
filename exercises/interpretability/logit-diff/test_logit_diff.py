"""Visible examples for logit-diff: run with `dojo check logit-diff` or pytest."""
import numpy as np

from logit_diff import residual_stack_to_logit_diff


def test_example_1_two_components_cancel():
    out = residual_stack_to_logit_diff(np.array([[[1.0, 3.0]], [[2.0, 0.0]]]), np.array([[2.0]]), np.array([[1.0, -1.0]]))
    np.testing.assert_allclose(out, [-1.0, 1.0], atol=1e-12)


def test_example_2_full_decomposition():
    stack = np.array([[[1.0, 0.0, 2.0], [0.0, 1.0, 1.0]],
                      [[0.0, 2.0, 0.0], [3.0, 0.0, 0.0]],
                      [[1.0, 1.0, -2.0], [0.0, 2.0, -1.0]]])
    ln_scale = np.sqrt(stack.sum(0).var(-1, keepdims=True))
    directions = np.array([[1.0, -1.0, 0.0], [0.0, 1.0, -1.0]])
    out = residual_stack_to_logit_diff(stack, ln_scale, directions)
    np.testing.assert_allclose(out, [0.40089186, -0.80178373, 1.06066017], rtol=1e-6)
    np.testing.assert_allclose(out.sum(), 0.6597683089111845, rtol=1e-9)
