"""Visible examples for train-char-gpt: run with `dojo check train-char-gpt` or pytest.

They use a small model and a few steps so they stay fast; the hidden test trains the full CONFIG for 300
steps and measures the loss on held-out text.
"""
import math
from pathlib import Path

import torch

from train_char_gpt import train_char_gpt
from train_char_gpt_model import CharGPT, build_vocab, char_gpt_loss

TEXT = Path(__file__).with_name("macbeth_train.txt").read_text(encoding="utf-8")
SMALL = {"n_ctx": 16, "d_model": 32, "n_layer": 1, "n_head": 2}


def _loss(state_dict, text=TEXT, config=SMALL):
    stoi, itos = build_vocab(text)
    model = CharGPT(len(itos), **config)
    model.load_state_dict(state_dict)  # strict: every name and shape must match
    return char_gpt_loss(model, text[:3000], stoi)


def test_example_1_state_dict_names_and_shapes():
    sd = train_char_gpt(TEXT, SMALL, steps=1, seed=0)
    assert type(sd) is dict
    want = CharGPT(67, **SMALL).state_dict()
    assert sorted(sd) == sorted(want), "return exactly the keys of model.state_dict()"
    for name, t in sd.items():
        assert isinstance(t, torch.Tensor) and t.dtype == torch.float32, name
        assert t.shape == want[name].shape, name
    assert tuple(sd["tok_emb.weight"].shape) == (67, 32)
    assert tuple(sd["lm_head.bias"].shape) == (67,)


def test_example_2_sixty_steps_lower_the_loss():
    after = _loss(train_char_gpt(TEXT, SMALL, steps=60, seed=0))
    # the reference gets 2.8561; a uniform guess scores ln 67 = 4.2047
    assert after < math.log(67) - 0.5, f"after 60 steps the loss is {after:.3f}, hardly below ln 67 = 4.205"


def test_example_3_same_seed_same_weights():
    a = train_char_gpt(TEXT, SMALL, steps=3, seed=5)
    b = train_char_gpt(TEXT, SMALL, steps=3, seed=5)
    assert all(torch.equal(a[k], b[k]) for k in a), "seed torch and the batch generator with `seed`"
