"""Visible examples for vq-bottleneck: run with `dojo check vq-bottleneck` or pytest."""
import torch

from vq_bottleneck import vq_bottleneck

CODEBOOK = [[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0]]
Z = [[0.9, 0.1], [-1.2, 0.4], [0.0, 0.0]]


def test_example_1_values_and_ties():
    z = torch.tensor(Z)
    out = vq_bottleneck(z, torch.tensor(CODEBOOK), 0.25)
    assert type(out) is tuple, "return the tuple (z_q, codes, loss)"
    z_q, codes, loss = out
    torch.testing.assert_close(z, torch.tensor(Z), msg="do not modify z in place")
    torch.testing.assert_close(z_q, torch.tensor([[1.0, 0.0], [-1.0, 0.0], [1.0, 0.0]]))
    assert codes.dtype == torch.int64 and codes.tolist() == [0, 1, 0]
    assert loss.dim() == 0
    torch.testing.assert_close(loss, torch.tensor(1.25 * 1.22 / 6), rtol=1e-5, atol=1e-6)


def test_example_2_loss_gradients():
    z = torch.tensor(Z, requires_grad=True)
    cb = torch.tensor(CODEBOOK, requires_grad=True)
    _, _, loss = vq_bottleneck(z, cb, 0.25)
    loss.backward()
    torch.testing.assert_close(z.grad, 0.25 * 2 * (torch.tensor(Z) - torch.tensor([[1.0, 0.0], [-1.0, 0.0], [1.0, 0.0]])) / 6)
    torch.testing.assert_close(cb.grad, torch.tensor([[1.1, -0.1], [0.2, -0.4], [0.0, 0.0]]) / 3, rtol=1e-5, atol=1e-6)


def test_straight_through_gradient():
    z = torch.randn(2, 3, 2, requires_grad=True)
    cb = torch.tensor(CODEBOOK, requires_grad=True)
    z_q, codes, _ = vq_bottleneck(z, cb, 0.25)
    assert z_q.shape == z.shape and codes.shape == (2, 3)
    w = torch.randn(2, 3, 2)
    (z_q * w).sum().backward()
    torch.testing.assert_close(z.grad, w)
    assert cb.grad is None or torch.count_nonzero(cb.grad) == 0
