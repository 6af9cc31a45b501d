"""Visible examples for moh-gates: run with `dojo check moh-gates` or pytest."""
import torch

from moh_gates import moh_gates

X = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
W_S = torch.tensor([[0.5, 0.0], [0.0, 0.0]])
W_R = torch.tensor([[1.0, 2.0, 0.0], [0.5, 0.0, 3.0]])
W_H = torch.tensor([[0.0, 1.0], [0.0, 0.0]])


def test_example_1_top_1():
    expected = torch.tensor([[0.6696, 0.4061, 0.0, 1.4621, 0.0], [1.0, 1.0, 0.0, 0.0, 1.0]])
    torch.testing.assert_close(moh_gates(X, W_S, W_R, W_H, 1), expected, rtol=1e-3, atol=1e-4)


def test_example_2_top_2():
    expected = torch.tensor([[0.6696, 0.4061, 0.7864, 2.1378, 0.0], [1.0, 1.0, 0.1517, 0.0, 1.8483]])
    torch.testing.assert_close(moh_gates(X, W_S, W_R, W_H, 2), expected, rtol=1e-3, atol=1e-4)


def test_zero_routers_give_all_ones():
    g = moh_gates(torch.randn(3, 4, 2), torch.zeros(2, 2), torch.zeros(2, 3), torch.zeros(2, 2), 3)
    torch.testing.assert_close(g, torch.ones(3, 4, 5))
