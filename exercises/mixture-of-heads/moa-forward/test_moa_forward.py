"""Visible examples for moa-forward: run with `dojo check moa-forward` or pytest."""
import torch

from moa_forward import moa

X = torch.tensor([[[1.0, 0.0], [0.0, 1.0]]])
W_G = torch.tensor([[2.0, 0.0], [0.0, 1.0]])
W_Q = torch.tensor([[[1.0], [0.0]], [[0.0], [1.0]]])
W_O = torch.tensor([[[1.0, 0.0]], [[0.0, 1.0]]])
W_K = torch.tensor([[1.0], [0.0]])
W_V = torch.tensor([[1.0], [0.0]])


def test_example_1_top_1():
    expected = torch.tensor([[[0.6439, 0.0], [0.0, 0.5344]]])
    torch.testing.assert_close(moa(X, W_G, W_Q, W_O, W_K, W_V, 1), expected, rtol=1e-3, atol=1e-4)


def test_example_2_top_2_and_causal():
    torch.testing.assert_close(moa(X, W_G, W_Q, W_O, W_K, W_V, 2), torch.tensor([[[0.6439, 0.0596], [0.1345, 0.5344]]]), rtol=1e-3, atol=1e-4)
    torch.testing.assert_close(moa(X, W_G, W_Q, W_O, W_K, W_V, 1, causal=True), torch.tensor([[[0.8808, 0.0], [0.0, 0.5344]]]), rtol=1e-3, atol=1e-4)
