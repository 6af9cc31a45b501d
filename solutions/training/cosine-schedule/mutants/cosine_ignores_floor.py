"""Decays the cosine to 0 instead of lr_min (returns lr_min only after decay_iters)."""
import math


def cosine_lr(it, warmup, decay_iters, lr_max, lr_min):
    if it < warmup:
        return lr_max * (it + 1) / (warmup + 1)
    if it > decay_iters:
        return lr_min
    ratio = (it - warmup) / (decay_iters - warmup)
    return 0.5 * (1.0 + math.cos(math.pi * ratio)) * lr_max
