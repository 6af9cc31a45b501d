"""Warms up with it / warmup (older nanoGPT): iteration 0 gets a rate of 0."""
import math


def cosine_lr(it, warmup, decay_iters, lr_max, lr_min):
    if it < warmup:
        return lr_max * it / warmup
    if it > decay_iters:
        return lr_min
    ratio = (it - warmup) / (decay_iters - warmup)
    return lr_min + 0.5 * (1.0 + math.cos(math.pi * ratio)) * (lr_max - lr_min)
