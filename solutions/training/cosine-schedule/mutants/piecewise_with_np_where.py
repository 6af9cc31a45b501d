"""Writes the three pieces with np.where: the rate comes back as a 0-d np.ndarray, not a Python float."""
import numpy as np


def cosine_lr(it, warmup, decay_iters, lr_max, lr_min):
    ratio = np.clip((it - warmup) / (decay_iters - warmup), 0.0, 1.0)
    cosine = lr_min + 0.5 * (1.0 + np.cos(np.pi * ratio)) * (lr_max - lr_min)
    return np.where(it < warmup, lr_max * (it + 1) / (warmup + 1), cosine)
