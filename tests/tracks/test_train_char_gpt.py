"""Independent checks of train-char-gpt: the grader's copy of the model, the corpus split, the baselines."""
from __future__ import annotations

import importlib.util
import math
import sys

import pytest
import torch

from grader.catalog import load_catalog
from grader.protocol import Failure
from grader.trusted import load_module, load_reference

EX = load_catalog().get("train-char-gpt")


def _hidden():
    return load_module(EX.hidden_path, "dojo_hidden_train_char_gpt", [EX.dir, EX.solution_dir])


def _shipped():
    """The model file learners receive, imported under its own name."""
    name = "train_char_gpt_model"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, EX.dir / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


HIDDEN = _hidden()
TR = HIDDEN.trusted()
TEXT = HIDDEN.train_text()
HELDOUT = TR.heldout_text()
STOI = TR.vocab(TEXT)


def _random_weights(V, config, seed):
    """A CharGPT state_dict with every tensor random (not the near-zero init), so every path matters."""
    torch.manual_seed(seed)
    model = _shipped().CharGPT(V, **config)
    return {k: torch.randn_like(v) * 0.3 for k, v in model.state_dict().items()}


@pytest.mark.parametrize("config", [
    {"n_ctx": 32, "d_model": 64, "n_layer": 2, "n_head": 4},
    {"n_ctx": 8, "d_model": 12, "n_layer": 3, "n_head": 3},
    {"n_ctx": 5, "d_model": 8, "n_layer": 0, "n_head": 2},
])
def test_trusted_model_matches_the_shipped_model(config):
    """Does the grader's functional copy (SDPA, F.layer_norm) give the shipped CharGPT's logits?"""
    V = 11
    sd = _random_weights(V, config, seed=config["d_model"])
    shipped = _shipped().CharGPT(V, **config)
    shipped.load_state_dict(sd)
    trusted = TR.TrustedCharGPT(V, **config)
    trusted.load_state_dict(sd, strict=True)
    idx = torch.randint(V, (3, config["n_ctx"]), generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        torch.testing.assert_close(trusted(idx), shipped(idx), rtol=1e-5, atol=1e-5)
        # causal: changing the last token leaves every earlier position's logits unchanged
        idx2 = idx.clone()
        idx2[:, -1] = (idx2[:, -1] + 1) % V
        torch.testing.assert_close(trusted(idx2)[:, :-1], trusted(idx)[:, :-1])


def test_trusted_loss_is_the_shipped_char_gpt_loss():
    config = HIDDEN.CONFIG
    sd = _random_weights(len(STOI), config, seed=3)
    shipped = _shipped().CharGPT(len(STOI), **config)
    shipped.load_state_dict(sd)
    ours = TR.loss_on(TR.load(sd, TEXT, config), HELDOUT, STOI)
    assert ours == pytest.approx(_shipped().char_gpt_loss(shipped, HELDOUT, STOI), rel=1e-5)
    # and it is the mean cross-entropy written out by hand
    T = config["n_ctx"]
    ids = [STOI[c] for c in HELDOUT]
    n = (len(ids) - 1) // T
    with torch.no_grad():
        logp = torch.log_softmax(shipped(torch.tensor(ids[: n * T]).view(n, T)), dim=-1).view(n * T, -1)
    by_hand = -sum(logp[i, ids[i + 1]].item() for i in range(n * T)) / (n * T)
    assert ours == pytest.approx(by_hand, rel=1e-4)


def test_the_corpus_split_has_no_overlap():
    """Is the held-out text unseen (no 120-character stretch of it in the training text) and unshipped?"""
    assert len(TEXT) > 80_000 and len(HELDOUT) > 8_000
    assert set(HELDOUT) <= set(TEXT), "every held-out character must be in the training vocabulary"
    for start in range(0, len(HELDOUT) - 120, 40):
        assert HELDOUT[start : start + 120] not in TEXT, f"held-out text at {start} also appears in the training text"
    probe = HELDOUT[:400]
    for path in (EX.dir.parent.parent).rglob("*"):
        if path.is_file() and path.suffix in (".txt", ".py", ".md"):
            assert probe not in path.read_text(encoding="utf-8", errors="ignore"), f"{path} ships held-out text"


def test_an_untrained_model_scores_ln_v():
    ref = load_reference(EX)
    sd = ref.train_char_gpt(TEXT, HIDDEN.CONFIG, 0, 0)
    loss = TR.loss_on(TR.load(sd, TEXT, HIDDEN.CONFIG), HELDOUT, STOI)
    assert len(STOI) == 67
    assert loss == pytest.approx(math.log(67), abs=0.02)
    assert loss > HIDDEN.THRESHOLD


def test_the_unigram_baseline_fails_the_threshold():
    """Character frequencies alone (the unigram mutant) score ~3.35 nats: far above the pass mark."""
    mutant = load_module(EX.solution_dir / "mutants" / "unigram_constant.py", "dojo_unigram_train_char_gpt",
                         [EX.dir, EX.solution_dir])
    sd = mutant.train_char_gpt(TEXT, HIDDEN.CONFIG, HIDDEN.STEPS, 0)
    loss = TR.loss_on(TR.load(sd, TEXT, HIDDEN.CONFIG), HELDOUT, STOI)
    assert loss == pytest.approx(TR.unigram_loss(TEXT, HELDOUT), abs=0.01)
    assert 3.3 < loss and loss > HIDDEN.THRESHOLD + 0.5


def _failure_of(sd, V=7, config=None):
    config = config or {"n_ctx": 4, "d_model": 8, "n_layer": 1, "n_head": 2}
    with pytest.raises(Failure) as info:
        TR.check_state_dict(sd, V, config)
    return str(info.value)


def test_the_check_names_the_first_bad_key():
    config = {"n_ctx": 4, "d_model": 8, "n_layer": 1, "n_head": 2}
    good = {k: v.clone() for k, v in _shipped().CharGPT(7, **config).state_dict().items()}
    TR.check_state_dict(good, 7, config)  # no Failure

    missing = dict(good)
    del missing["pos_emb.weight"]
    assert "'pos_emb.weight'" in _failure_of(missing)
    extra = dict(good, **{"blocks.1.ln1.weight": torch.ones(8)})
    assert "unexpected key 'blocks.1.ln1.weight'" in _failure_of(extra)
    wrong = dict(good, **{"lm_head.weight": torch.zeros(8, 7)})
    assert "lm_head.weight has shape (8, 7), expected (7, 8)" in _failure_of(wrong)
    doubles = dict(good, **{"ln_f.bias": torch.zeros(8, dtype=torch.float64)})
    assert "dtype" in _failure_of(doubles)
    nan = dict(good, **{"tok_emb.weight": torch.full((7, 8), float("nan"))})
    assert "nan" in _failure_of(nan)
    assert "dict" in _failure_of([1, 2])


def test_greedy_generation_is_deterministic_and_in_vocab():
    sd = _random_weights(len(STOI), HIDDEN.CONFIG, seed=5)
    model = TR.load(sd, TEXT, HIDDEN.CONFIG)
    prompt = [STOI[c] for c in HIDDEN.PROMPT]
    a, b = TR.greedy_ids(model, prompt, 50), TR.greedy_ids(model, prompt, 50)
    assert a == b and len(a) == len(prompt) + 50 and all(0 <= i < len(STOI) for i in a)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1])
def test_the_reference_beats_the_threshold_with_margin(seed):
    """Does 300 steps of the recipe land well below 2.40 nats on the held-out text (seed 0 is graded)?"""
    torch.set_num_threads(1)
    ref = load_reference(EX)
    sd = ref.train_char_gpt(TEXT, HIDDEN.CONFIG, HIDDEN.STEPS, seed)
    loss = TR.loss_on(TR.load(sd, TEXT, HIDDEN.CONFIG), HELDOUT, STOI)
    assert loss < HIDDEN.THRESHOLD - 0.1, f"the reference reaches only {loss:.3f} with seed {seed}"
