"""Warms up with (it + 1) / warmup (build-nanogpt's form), not nanoGPT's (it + 1) / (warmup + 1)."""
import math


def cosine_lr(it, warmup, decay_iters, lr_max, lr_min):
    if it < warmup:
        return lr_max * (it + 1) / warmup
    if it > decay_iters:
        return lr_min
    ratio = (it - warmup) / (decay_iters - warmup)
    return lr_min + 0.5 * (1.0 + math.cos(math.pi * ratio)) * (lr_max - lr_min)
