"""Visible examples for train-tms: run with `dojo check train-tms` or pytest."""
import torch

from train_tms import train_tms

DECAY = 0.9 ** torch.arange(5, dtype=torch.float32)


def test_shapes_and_dtype():
    W, b = train_tms(F=8, H=3, p=0.5, importance=None, steps=10, seed=4)
    assert isinstance(W, torch.Tensor) and isinstance(b, torch.Tensor)
    assert W.shape == (3, 8) and b.shape == (8,)
    assert W.dtype == torch.float32 and not W.requires_grad


def test_example_1_dense_features_keep_two():
    W, b = train_tms(F=5, H=2, p=0.0, importance=DECAY, steps=300, seed=0)
    norms = W.norm(dim=0)
    assert int((norms > 0.5).sum()) <= 2, f"column norms {norms.tolist()}: dense data should keep at most 2 features"


def test_example_2_sparse_features_superpose():
    W, b = train_tms(F=5, H=2, p=0.9, importance=DECAY, steps=300, seed=0)
    norms = W.norm(dim=0)
    assert int((norms > 0.5).sum()) > 2, f"column norms {norms.tolist()}: sparse data should keep more than 2 features"
