"""Visible examples for moh-attention: run with `dojo check moh-attention` or pytest."""
import torch

from moh_attention import moh_attention

X = torch.tensor([[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]])
EYE_HEADS = torch.tensor([[[1.0], [0.0]], [[0.0], [1.0]]])
MHA = {"W_Q": EYE_HEADS, "W_K": EYE_HEADS, "W_V": EYE_HEADS, "W_O": torch.tensor([[[1.0, 0.0]], [[0.0, 1.0]]]), "b_O": torch.tensor([0.0, 0.5])}


def test_example_1_all_gates_one_is_mha():
    gates = {"W_s": torch.zeros(2, 1), "W_r": torch.zeros(2, 1), "W_h": torch.zeros(2, 2)}
    expected = torch.tensor([[[0.8446, 1.1667], [0.6667, 1.3446], [0.8446, 1.3446]]])
    torch.testing.assert_close(moh_attention(X, MHA, gates, 1), expected, rtol=1e-3, atol=1e-4)


def test_example_2_two_stage_weights():
    gates = {"W_s": torch.zeros(2, 1), "W_r": torch.zeros(2, 1), "W_h": torch.tensor([[2.0, 0.0], [0.0, 0.0]])}
    expected = torch.tensor([[[1.4879, 0.6589], [0.6667, 1.3446], [1.4879, 0.7014]]])
    torch.testing.assert_close(moh_attention(X, MHA, gates, 1), expected, rtol=1e-3, atol=1e-4)
