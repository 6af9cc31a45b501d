"""The position-wise MLP of a GPT block: Linear -> GELU -> Linear, applied to every token alone.

Source: Vaswani et al. 2017, section 3.3 (position-wise feed-forward network); GPT-2 and nanoGPT
use GELU in its tanh approximation (Hendrycks & Gimpel 2016), as here.
"""
import numpy as np


def gelu_tanh(x: np.ndarray) -> np.ndarray:
    # the tanh approximation GPT-2 was trained with (nanoGPT's NewGELU, F.gelu(approximate="tanh"))
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x**3)))


def mlp(x: np.ndarray, W_in: np.ndarray, b_in: np.ndarray, W_out: np.ndarray, b_out: np.ndarray) -> np.ndarray:
    h = x @ W_in + b_in  # (..., T, d_mlp): every token is projected up on its own
    h = gelu_tanh(h)  # (..., T, d_mlp)
    return h @ W_out + b_out  # (..., T, D): back down to the residual width
