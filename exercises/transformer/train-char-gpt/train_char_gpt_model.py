"""The tiny character-level GPT of train-char-gpt: vocabulary, batches, the model, its loss, generation.

This file is given, complete: it fixes the architecture and the parameter names the grader loads your
weights into. You write the training loop in train_char_gpt.py. The model follows Karpathy's
"Let's build GPT" (https://www.youtube.com/watch?v=kCc8FmEb1nY) and nanoGPT's model.py: learned positions,
pre-LN blocks with causal multi-head attention and a tanh-GELU MLP, a final layer norm and an untied
`lm_head` with a bias.

Parameters of CharGPT(V, n_ctx, d_model=D, n_layer=L, n_head=H), as in `model.state_dict()`:
    tok_emb.weight                  (V, D)        token embeddings
    pos_emb.weight                  (n_ctx, D)    learned positional embeddings
    for i in 0..L-1:
    blocks.{i}.ln1.weight, .bias    (D,)          layer norm before attention
    blocks.{i}.attn.qkv.weight      (3D, D)       query, key, value projections, stacked in that order
    blocks.{i}.attn.qkv.bias        (3D,)
    blocks.{i}.attn.proj.weight     (D, D)        output projection of the heads
    blocks.{i}.attn.proj.bias       (D,)
    blocks.{i}.ln2.weight, .bias    (D,)          layer norm before the MLP
    blocks.{i}.mlp.fc.weight        (4D, D)
    blocks.{i}.mlp.fc.bias          (4D,)
    blocks.{i}.mlp.proj.weight      (D, 4D)
    blocks.{i}.mlp.proj.bias        (D,)
    ln_f.weight, ln_f.bias          (D,)          final layer norm
    lm_head.weight                  (V, D)        unembedding (not tied to tok_emb)
    lm_head.bias                    (V,)
The model has no buffers: the causal mask is built on the fly.
"""
from __future__ import annotations

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

# The architecture the held-out case trains (the grader passes it as `config`).
CONFIG = {"n_ctx": 32, "d_model": 64, "n_layer": 2, "n_head": 4}


def build_vocab(text: str) -> tuple[dict[str, int], dict[int, str]]:
    """(stoi, itos) over the sorted distinct characters of `text`: id i is the i-th smallest character."""
    chars = sorted(set(text))
    return {c: i for i, c in enumerate(chars)}, dict(enumerate(chars))


def encode(text: str, stoi: dict[str, int]) -> torch.Tensor:
    """The ids of the characters of `text`, a LongTensor (N,)."""
    return torch.tensor([stoi[c] for c in text], dtype=torch.long)


def decode(ids, itos: dict[int, str]) -> str:
    return "".join(itos[int(i)] for i in ids)


def get_batch(data: torch.Tensor, n_ctx: int, batch_size: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """`batch_size` random windows of `data` (N,) and their next-character targets, both (B, n_ctx).

    Window starts are drawn with `torch.randint(len(data) - n_ctx, (batch_size,), generator=generator)`,
    and y[b, t] = data[start_b + t + 1]: the character that follows x[b, t].
    """
    ix = torch.randint(len(data) - n_ctx, (batch_size,), generator=generator)  # (B,)
    x = torch.stack([data[i : i + n_ctx] for i in ix.tolist()])  # (B, T)
    y = torch.stack([data[i + 1 : i + 1 + n_ctx] for i in ix.tolist()])  # (B, T), shifted by one
    return x, y


class CausalSelfAttention(nn.Module):
    def __init__(self, d_model: int, n_head: int):
        super().__init__()
        assert d_model % n_head == 0, "d_model must be a multiple of n_head"
        self.n_head = n_head
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.proj = nn.Linear(d_model, d_model)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, T, D = x.shape
        H, Dh = self.n_head, D // self.n_head
        q, k, v = self.qkv(x).split(D, dim=-1)  # each (B, T, D)
        q = q.view(B, T, H, Dh).transpose(1, 2)  # (B, H, T, Dh)
        k = k.view(B, T, H, Dh).transpose(1, 2)  # (B, H, T, Dh)
        v = v.view(B, T, H, Dh).transpose(1, 2)  # (B, H, T, Dh)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(Dh)  # (B, H, T, T)
        causal = torch.ones(T, T, dtype=torch.bool, device=x.device).tril()  # True = may attend
        att = att.masked_fill(~causal, float("-inf")).softmax(dim=-1)  # a query never sees later keys
        y = (att @ v).transpose(1, 2).reshape(B, T, D)  # (B, T, D), heads side by side
        return self.proj(y)


class MLP(nn.Module):
    def __init__(self, d_model: int):
        super().__init__()
        self.fc = nn.Linear(d_model, 4 * d_model)
        self.proj = nn.Linear(4 * d_model, d_model)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(F.gelu(self.fc(x), approximate="tanh"))  # (B, T, D)


class Block(nn.Module):
    def __init__(self, d_model: int, n_head: int):
        super().__init__()
        self.ln1 = nn.LayerNorm(d_model)
        self.attn = CausalSelfAttention(d_model, n_head)
        self.ln2 = nn.LayerNorm(d_model)
        self.mlp = MLP(d_model)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.ln1(x))  # pre-LN: normalise the input of each sublayer, not the stream
        return x + self.mlp(self.ln2(x))


class CharGPT(nn.Module):
    """CharGPT(vocab_size, n_ctx, d_model, n_layer, n_head): idx (B, T) with T <= n_ctx -> logits (B, T, V)."""

    def __init__(self, vocab_size: int, n_ctx: int, d_model: int, n_layer: int, n_head: int):
        super().__init__()
        self.n_ctx = n_ctx
        self.tok_emb = nn.Embedding(vocab_size, d_model)
        self.pos_emb = nn.Embedding(n_ctx, d_model)
        self.blocks = nn.ModuleList([Block(d_model, n_head) for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(d_model)
        self.lm_head = nn.Linear(d_model, vocab_size)
        # nanoGPT's init: small normal weights, zero biases, so the first logits are near uniform (loss ~ ln V).
        for module in self.modules():
            if isinstance(module, (nn.Linear, nn.Embedding)):
                nn.init.normal_(module.weight, mean=0.0, std=0.02)
                if getattr(module, "bias", None) is not None:
                    nn.init.zeros_(module.bias)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        B, T = idx.shape
        if T > self.n_ctx:
            raise ValueError(f"sequence of length {T} is longer than n_ctx={self.n_ctx}")
        pos = torch.arange(T, device=idx.device)  # (T,)
        x = self.tok_emb(idx) + self.pos_emb(pos)  # (B, T, D)
        for block in self.blocks:
            x = block(x)  # (B, T, D)
        return self.lm_head(self.ln_f(x))  # (B, T, V)


@torch.no_grad()
def char_gpt_loss(model: CharGPT, text: str, stoi: dict[str, int]) -> float:
    """Mean next-character cross-entropy (nats) of `model` on `text`: the grader's held-out measure.

    The ids of `text` are cut into consecutive, non-overlapping windows of n_ctx characters (the tail that
    does not fill a window is dropped); every position of every window predicts the character after it.
    """
    ids = encode(text, stoi)
    T = model.n_ctx
    n = (len(ids) - 1) // T
    if n < 1:
        raise ValueError(f"text needs at least n_ctx + 1 = {T + 1} characters")
    x = ids[: n * T].view(n, T)  # (n, T)
    y = ids[1 : n * T + 1].view(n, T)  # (n, T)
    logits = model(x)  # (n, T, V)
    return F.cross_entropy(logits.reshape(-1, logits.size(-1)), y.reshape(-1)).item()


@torch.no_grad()
def generate(model: CharGPT, prompt: str, stoi: dict[str, int], itos: dict[int, str], max_new_tokens: int,
             temperature: float = 1.0, greedy: bool = False, seed: int | None = None) -> str:
    """`prompt` followed by `max_new_tokens` characters, each predicted from (at most) the last n_ctx ones.

    greedy=True takes the most likely character every time (deterministic); otherwise characters are
    sampled from softmax(logits / temperature), with a torch.Generator seeded by `seed` when given.
    """
    gen = torch.Generator().manual_seed(seed) if seed is not None else None
    idx = encode(prompt, stoi).view(1, -1)  # (1, T0)
    for _ in range(max_new_tokens):
        logits = model(idx[:, -model.n_ctx :])[:, -1, :]  # (1, V): the prediction after the last character
        if greedy:
            nxt = logits.argmax(dim=-1, keepdim=True)  # (1, 1)
        else:
            probs = F.softmax(logits / temperature, dim=-1)  # (1, V)
            nxt = torch.multinomial(probs, num_samples=1, generator=gen)  # (1, 1)
        idx = torch.cat([idx, nxt], dim=1)  # (1, T + 1)
    return decode(idx[0].tolist(), itos)
