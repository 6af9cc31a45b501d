"""The grader's own copy of the train-char-gpt architecture: judges returned weights without learner code.

Same parameter names and maths as the shipped train_char_gpt_model.CharGPT, written independently
(F.scaled_dot_product_attention, F.layer_norm) so that the grader never imports a file the learner can edit.
The held-out text lives beside this file and is never shipped to learners.
"""
from __future__ import annotations

import math
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

from grader.protocol import Failure

HERE = Path(__file__).resolve().parent
HELDOUT_PATH = HERE / "macbeth_heldout.txt"


def vocab(text: str) -> dict[str, int]:
    return {c: i for i, c in enumerate(sorted(set(text)))}


def expected_shapes(V: int, n_ctx: int, d_model: int, n_layer: int, n_head: int) -> dict[str, tuple[int, ...]]:
    D = d_model
    shapes = {"tok_emb.weight": (V, D), "pos_emb.weight": (n_ctx, D)}
    for i in range(n_layer):
        p = f"blocks.{i}."
        shapes.update({
            p + "ln1.weight": (D,), p + "ln1.bias": (D,),
            p + "attn.qkv.weight": (3 * D, D), p + "attn.qkv.bias": (3 * D,),
            p + "attn.proj.weight": (D, D), p + "attn.proj.bias": (D,),
            p + "ln2.weight": (D,), p + "ln2.bias": (D,),
            p + "mlp.fc.weight": (4 * D, D), p + "mlp.fc.bias": (4 * D,),
            p + "mlp.proj.weight": (D, 4 * D), p + "mlp.proj.bias": (D,),
        })
    shapes.update({"ln_f.weight": (D,), "ln_f.bias": (D,), "lm_head.weight": (V, D), "lm_head.bias": (V,)})
    return shapes


def check_state_dict(sd, V: int, config: dict) -> None:
    """Raise Failure naming the first missing or unexpected key, wrong type, shape, dtype or non-finite value."""
    if type(sd) is not dict:
        raise Failure(f"train_char_gpt must return a dict of parameter name -> torch.Tensor, got {type(sd).__name__}")
    want = expected_shapes(V, **config)
    missing = [k for k in want if k not in sd]
    if missing:
        raise Failure(f"the returned state_dict lacks {missing[0]!r} ({len(missing)} key(s) missing)")
    extra = [k for k in sd if k not in want]
    if extra:
        raise Failure(f"the returned state_dict has an unexpected key {extra[0]!r} (CharGPT has no such parameter)")
    for name, shape in want.items():
        t = sd[name]
        if not isinstance(t, torch.Tensor):
            raise Failure(f"{name} should be a torch.Tensor, got {type(t).__name__}")
        if tuple(t.shape) != shape:
            raise Failure(f"{name} has shape {tuple(t.shape)}, expected {shape} (V={V}, config={config})")
        if t.dtype != torch.float32:
            raise Failure(f"{name} has dtype {t.dtype}, expected torch.float32")
        if not torch.isfinite(t).all():
            raise Failure(f"{name} contains nan or inf: training diverged")


class TrustedCharGPT(nn.Module):
    """The architecture of CharGPT with the same parameter names, written with functional ops."""

    def __init__(self, V: int, n_ctx: int, d_model: int, n_layer: int, n_head: int):
        super().__init__()
        self.n_ctx, self.n_head, self.n_layer = n_ctx, n_head, n_layer
        for name, shape in expected_shapes(V, n_ctx, d_model, n_layer, n_head).items():
            # nested names ("blocks.0.ln1.weight") are kept flat in a ParameterDict-like way below
            self._set(name, nn.Parameter(torch.zeros(shape)))

    def _set(self, name: str, p: nn.Parameter) -> None:
        *path, leaf = name.split(".")
        mod: nn.Module = self
        for part in path:
            if not hasattr(mod, part):
                mod.add_module(part, nn.Module())
            mod = getattr(mod, part)
        mod.register_parameter(leaf, p)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        p = dict(self.named_parameters())
        B, T = idx.shape
        assert T <= self.n_ctx, "sequence longer than n_ctx"
        D = p["tok_emb.weight"].shape[1]
        H = self.n_head
        x = p["tok_emb.weight"][idx] + p["pos_emb.weight"][:T]  # (B, T, D)
        for i in range(self.n_layer):
            b = f"blocks.{i}."
            h = F.layer_norm(x, (D,), p[b + "ln1.weight"], p[b + "ln1.bias"], eps=1e-5)
            qkv = F.linear(h, p[b + "attn.qkv.weight"], p[b + "attn.qkv.bias"])  # (B, T, 3D)
            q, k, v = (t.view(B, T, H, D // H).transpose(1, 2) for t in qkv.split(D, dim=-1))  # (B, H, T, Dh)
            a = F.scaled_dot_product_attention(q, k, v, is_causal=True)  # (B, H, T, Dh), scale 1/sqrt(Dh)
            x = x + F.linear(a.transpose(1, 2).reshape(B, T, D), p[b + "attn.proj.weight"], p[b + "attn.proj.bias"])
            h = F.layer_norm(x, (D,), p[b + "ln2.weight"], p[b + "ln2.bias"], eps=1e-5)
            h = F.gelu(F.linear(h, p[b + "mlp.fc.weight"], p[b + "mlp.fc.bias"]), approximate="tanh")  # (B, T, 4D)
            x = x + F.linear(h, p[b + "mlp.proj.weight"], p[b + "mlp.proj.bias"])
        x = F.layer_norm(x, (D,), p["ln_f.weight"], p["ln_f.bias"], eps=1e-5)
        return F.linear(x, p["lm_head.weight"], p["lm_head.bias"])  # (B, T, V)


def load(sd: dict, train_text: str, config: dict) -> TrustedCharGPT:
    """Check `sd` against the architecture for `train_text`'s vocabulary, then load it strictly."""
    V = len(set(train_text))
    check_state_dict(sd, V, config)
    model = TrustedCharGPT(V, **config)
    with torch.no_grad():
        model.load_state_dict({k: v.to(torch.float32) for k, v in sd.items()}, strict=True)
    model.eval()
    return model


@torch.no_grad()
def loss_on(model: TrustedCharGPT, text: str, stoi: dict[str, int]) -> float:
    """Mean next-character cross-entropy over consecutive non-overlapping windows of n_ctx characters."""
    ids = torch.tensor([stoi[c] for c in text], dtype=torch.long)
    T = model.n_ctx
    n = (len(ids) - 1) // T
    x = ids[: n * T].view(n, T)  # (n, T)
    y = ids[1 : n * T + 1].view(n, T)  # (n, T)
    logits = model(x)  # (n, T, V)
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1)).item()


def heldout_text() -> str:
    return HELDOUT_PATH.read_text(encoding="utf-8")


@torch.no_grad()
def greedy_ids(model: TrustedCharGPT, prompt_ids: list[int], n: int) -> list[int]:
    ids = list(prompt_ids)
    for _ in range(n):
        ctx = torch.tensor([ids[-model.n_ctx :]], dtype=torch.long)  # (1, T)
        ids.append(int(model(ctx)[0, -1].argmax()))
    return ids


def unigram_loss(train_text: str, text: str) -> float:
    """Cross-entropy of the best context-free model (training-text character frequencies) on `text`."""
    counts: dict[str, int] = {}
    for c in train_text:
        counts[c] = counts.get(c, 0) + 1
    n = len(train_text)
    return -sum(math.log(counts[c] / n) for c in text[1:]) / (len(text) - 1)
