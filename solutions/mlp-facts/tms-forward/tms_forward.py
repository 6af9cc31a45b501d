"""The toy model of superposition: F sparse features squeezed through H < F dimensions and back.

Source: Elhage et al., "Toy Models of Superposition" (Anthropic, 2022), section "Demonstrating
Superposition": h = W x, x' = ReLU(W^T h + b), loss = sum_i I_i (x_i - x'_i)^2.
"""
import numpy as np


def tms_forward(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    h = x @ W.T  # (B, H) each feature i is embedded along column W[:, i]
    return np.maximum(h @ W + b, 0.0)  # (B, F) the ReLU (with a negative b) filters interference


def tms_loss(x: np.ndarray, x_hat: np.ndarray, importance: np.ndarray) -> float:
    per_example = ((x - x_hat) ** 2 * importance).sum(axis=-1)  # (B,) importance-weighted over features
    return float(per_example.mean())  # mean over the batch, so the loss does not grow with B


def sample_features(B: int, F: int, p: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    values = rng.random((B, F))  # (B, F) uniform [0, 1): drawn first
    keep = rng.random((B, F)) >= p  # (B, F) drawn second: a feature is zero with probability p
    return values * keep  # sparsity S = p
