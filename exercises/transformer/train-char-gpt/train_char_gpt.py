"""Train the tiny character-level GPT. See README.md for the statement and the recipe."""
import torch
import torch.nn.functional as F

from train_char_gpt_model import CharGPT, build_vocab, encode, get_batch


def train_char_gpt(text: str, config: dict, steps: int, seed: int, batch_size: int = 32, lr: float = 3e-3) -> dict:
    """Train CharGPT on `text` for `steps` AdamW steps and return its weights.

    text: the training corpus; the vocabulary is its sorted distinct characters (build_vocab), V of them.
    config: the architecture, CharGPT's keyword arguments: n_ctx, d_model, n_layer, n_head.
    steps: number of optimizer steps (0 returns the initial weights).
    seed: torch.manual_seed(seed) before building the model; batches from torch.Generator().manual_seed(seed).
    batch_size, lr: B windows of n_ctx characters per step; AdamW's learning rate.
    Returns model.state_dict() as a plain dict: parameter name -> float32 torch.Tensor, e.g.
    "tok_emb.weight" (V, d_model), "lm_head.bias" (V,) (every name and shape is listed in train_char_gpt_model.py).
    """
    # TODO: vocabulary and encoded data; seed, build CharGPT(V, **config), AdamW(lr=lr);
    # each step: get_batch -> logits (B, T, V) -> cross-entropy with the targets (B, T) -> zero_grad, backward, step.
    raise NotImplementedError("train_char_gpt is not implemented yet")
