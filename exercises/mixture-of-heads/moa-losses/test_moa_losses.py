"""Visible examples for moa-losses: run with `dojo check moa-losses` or pytest."""
import torch

from moa_losses import moa_losses


def check(out, expected):
    assert set(out) == {"switch", "cv", "z"}
    for name, value in expected.items():
        torch.testing.assert_close(out[name], torch.tensor(value), rtol=1e-3, atol=1e-4, msg=f"{name} differs")


def test_example_1_unbalanced_router():
    logits = torch.tensor([[2.0, 0.0, 0.0], [1.0, 0.0, 0.5], [0.0, 3.0, 0.0], [1.0, 1.5, 0.0]])
    check(moa_losses(logits, 1), {"switch": 1.2822, "cv": 0.7579, "z": 5.4612})


def test_example_2_balanced_router():
    logits = torch.tensor([[3.0, 0.0, 0.0], [0.0, 3.0, 0.0], [0.0, 0.0, 3.0]])
    check(moa_losses(logits, 1), {"switch": 1.0, "cv": 0.0, "z": 9.5785})
