"""Attention-head detectors: previous-token, current-token and first-token scores.

Source: A Mathematical Framework for Transformer Circuits (Elhage et al., 2021),
https://transformer-circuits.pub/2021/framework/index.html, and ARENA 1.2 "Finding induction heads"
(current_attn_detector, prev_attn_detector, first_attn_detector).
"""
import numpy as np


def head_scores(pattern: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # pattern[h, q, k]: how much query position q of head h attends to key position k
    H, T, _ = pattern.shape
    # diagonal over the (query, key) axes, one row per head; offset -1 is key = query - 1
    prev = np.diagonal(pattern, offset=-1, axis1=1, axis2=2).mean(axis=-1)  # (H,) over T-1 queries 1..T-1
    current = np.diagonal(pattern, offset=0, axis1=1, axis2=2).mean(axis=-1)  # (H,) over all T queries
    first = pattern[:, :, 0].mean(axis=-1)  # (H,) over all T queries, query 0 included
    return prev, current, first
