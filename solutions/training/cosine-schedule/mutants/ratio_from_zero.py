"""Measures cosine progress as it / decay_iters, ignoring that the decay starts after warmup."""
import math


def cosine_lr(it, warmup, decay_iters, lr_max, lr_min):
    if it < warmup:
        return lr_max * (it + 1) / (warmup + 1)
    if it > decay_iters:
        return lr_min
    ratio = it / decay_iters
    return lr_min + 0.5 * (1.0 + math.cos(math.pi * ratio)) * (lr_max - lr_min)
