"""Visible examples for moh-balance-loss: run with `dojo check moh-balance-loss` or pytest."""
import torch

from moh_balance_loss import moh_balance_loss


def test_example_1_collapsed_router():
    p = torch.tensor([[0.7, 0.2, 0.1], [0.6, 0.3, 0.1], [0.5, 0.1, 0.4], [0.8, 0.1, 0.1]])
    m = torch.tensor([[1, 0, 0]] * 4, dtype=torch.bool)
    out = moh_balance_loss(p, m)
    assert out.dim() == 0, "return a 0-dim tensor"
    torch.testing.assert_close(out, torch.tensor(1.95))


def test_example_2_balanced_routing_gives_k():
    p = torch.full((4, 4), 0.25)
    m = torch.tensor([[1, 1, 0, 0], [0, 0, 1, 1], [1, 0, 1, 0], [0, 1, 0, 1]], dtype=torch.bool)
    torch.testing.assert_close(moh_balance_loss(p, m), torch.tensor(2.0))


def test_gradient_flows_to_gate_probs():
    p = torch.tensor([[0.7, 0.2, 0.1], [0.6, 0.3, 0.1], [0.5, 0.1, 0.4], [0.8, 0.1, 0.1]], requires_grad=True)
    m = torch.tensor([[1, 0, 0]] * 4, dtype=torch.bool)
    moh_balance_loss(p, m).backward()
    # dL/dp[t, i] = h_r * f_i / N = 3 * (1, 0, 0) / 4 for every token
    torch.testing.assert_close(p.grad, torch.tensor([[0.75, 0.0, 0.0]] * 4))
