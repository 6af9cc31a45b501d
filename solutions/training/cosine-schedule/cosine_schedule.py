"""Linear warmup then cosine decay: nanoGPT's get_lr.

Source: karpathy/nanoGPT, train.py, get_lr (the (it + 1) / (warmup_iters + 1) warmup of the current
version); the cosine shape is SGDR's (Loshchilov & Hutter 2016), without restarts.
"""
import math


def cosine_lr(it: int, warmup: int, decay_iters: int, lr_max: float, lr_min: float) -> float:
    # 1) linear warmup; the +1s keep iteration 0 from having lr = 0 (a wasted step)
    if it < warmup:
        return lr_max * (it + 1) / (warmup + 1)
    # 2) past the end of the decay, hold the floor
    if it > decay_iters:
        return float(lr_min)  # a Python float even when lr_min was given as an int
    # 3) in between, half a cosine from lr_max (ratio 0) down to lr_min (ratio 1)
    decay_ratio = (it - warmup) / (decay_iters - warmup)
    assert 0 <= decay_ratio <= 1, "warmup < decay_iters is required"
    coeff = 0.5 * (1.0 + math.cos(math.pi * decay_ratio))  # 1 -> 0
    return lr_min + coeff * (lr_max - lr_min)
