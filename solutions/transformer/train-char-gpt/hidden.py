"""Hidden cases for train-char-gpt: the learner trains in the sandbox, the trusted side judges the weights.

No case runs the reference (training it again here would double the cost and tell nothing): each check
loads the returned weights into the grader's own copy of the architecture (char_gpt_trusted.py) and
measures what it needs itself, on text the learner never sees.
"""
import importlib.util
import math
import sys
from pathlib import Path

import torch

from grader.protocol import Call, Case, Failure

HERE = Path(__file__).resolve().parent
TRAIN_PATH = HERE.parents[2] / "exercises" / "transformer" / "train-char-gpt" / "macbeth_train.txt"

CONFIG = {"n_ctx": 32, "d_model": 64, "n_layer": 2, "n_head": 4}
STEPS = 300
THRESHOLD = 2.40  # nats; the best bigram model scores about 2.45 on the held-out text, the reference about 2.21
TIME_LIMIT_S = 180.0
PATTERN = "the cat sat on the mat.\n" * 40
PATTERN_CONFIG = {"n_ctx": 16, "d_model": 32, "n_layer": 1, "n_head": 2}
PATTERN_THRESHOLD = 0.5  # nats; the reference reaches about 0.08, character frequencies alone about 2.25
PROMPT = "MACBETH.\n"


def trusted():
    """The grader's copy of the architecture, imported by path under a name no learner module can take."""
    name = "dojo_trusted_char_gpt"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HERE / "char_gpt_trusted.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def train_text() -> str:
    return TRAIN_PATH.read_text(encoding="utf-8")


def names_and_shapes(text, config):
    def check(ctx):
        for sd in ctx.outputs:
            trusted().load(sd, text, config)
    return check


def same_weights(ctx):
    first, second = ctx.outputs
    names_and_shapes(ctx.calls[0].args[0], ctx.calls[0].args[1])(ctx)
    for name, t in first.items():
        if not torch.equal(t, second[name]):
            raise Failure(f"two runs with the same seed returned different {name}: seed torch (and your batch "
                          "generator) with `seed` so that a run is reproducible")


def different_seeds(ctx):
    a, b = ctx.outputs
    names_and_shapes(ctx.calls[0].args[0], ctx.calls[0].args[1])(ctx)
    if torch.equal(a["tok_emb.weight"], b["tok_emb.weight"]):
        raise Failure("seeds 7 and 8 gave the same initial tok_emb.weight: call torch.manual_seed(seed) before "
                      "building the model")


def untrained(text, config):
    """steps = 0: CharGPT's own initialisation, untouched by any optimizer step."""
    def check(ctx):
        names_and_shapes(text, config)(ctx)
        (sd,) = ctx.outputs
        for name, t in sd.items():
            if name.endswith(".bias") and torch.count_nonzero(t):
                raise Failure(f"with steps = 0, {name} should still be all zeros (CharGPT's initialisation); "
                              "no optimizer step may run")
            if (".ln" in name or name.startswith("ln")) and name.endswith(".weight") and not torch.all(t == 1):
                raise Failure(f"with steps = 0, {name} should still be all ones (CharGPT's initialisation); "
                              "no optimizer step may run")
    return check


def learns_pattern(ctx):
    (sd,) = ctx.outputs
    tr = trusted()
    model = tr.load(sd, PATTERN, PATTERN_CONFIG)
    loss = tr.loss_on(model, PATTERN, tr.vocab(PATTERN))
    if not loss < PATTERN_THRESHOLD:
        raise Failure(f"after 150 steps on a line repeated 40 times, the loss on that text is {loss:.3f} nats, "
                      f"not below {PATTERN_THRESHOLD} (character frequencies alone give "
                      f"{tr.unigram_loss(PATTERN, PATTERN):.2f}): the model is not learning from its context")


def held_out(text):
    def check(ctx):
        (sd,) = ctx.outputs
        tr = trusted()
        model = tr.load(sd, text, CONFIG)
        stoi = tr.vocab(text)
        heldout = tr.heldout_text()
        loss = tr.loss_on(model, heldout, stoi)
        if not math.isfinite(loss) or not loss < THRESHOLD:
            raise Failure(
                f"held-out loss {loss:.3f} nats is not below {THRESHOLD} (an untrained model scores "
                f"ln V = {math.log(len(stoi)):.2f}, character frequencies alone "
                f"{tr.unigram_loss(text, heldout):.2f}, the best bigram model about 2.45)")
        prompt = [stoi[c] for c in PROMPT]
        once, twice = tr.greedy_ids(model, prompt, 100), tr.greedy_ids(model, prompt, 100)
        if once != twice:
            raise Failure("greedy generation from your weights gave two different texts from the same prompt")
    return check


def cases():
    text = train_text()
    wide = {"n_ctx": 16, "d_model": 48, "n_layer": 3, "n_head": 3}
    short = "to be, or not to be: that is the question.\n" * 3
    tiny = {"n_ctx": 8, "d_model": 16, "n_layer": 1, "n_head": 2}
    yield Case("names_and_shapes_default_config", Call("train_char_gpt", text, CONFIG, 1, 0),
               compare=False, reference=False, check=names_and_shapes(text, CONFIG))
    yield Case("names_and_shapes_follow_config", Call("train_char_gpt", text, wide, 1, 1),
               compare=False, reference=False, check=names_and_shapes(text, wide))
    yield Case("vocab_of_a_short_text", Call("train_char_gpt", short, tiny, 2, 0),
               compare=False, reference=False, check=names_and_shapes(short, tiny))
    yield Case("same_seed_same_weights", Call("train_char_gpt", text, tiny, 3, 7), Call("train_char_gpt", text, tiny, 3, 7),
               compare=False, reference=False, check=same_weights)
    yield Case("different_seeds_different_init", Call("train_char_gpt", text, tiny, 0, 7),
               Call("train_char_gpt", text, tiny, 0, 8), compare=False, reference=False, check=different_seeds)
    yield Case("zero_steps_returns_initial_weights", Call("train_char_gpt", short, tiny, 0, 4),
               compare=False, reference=False, check=untrained(short, tiny))
    yield Case("learns_a_repeating_line", Call("train_char_gpt", PATTERN, PATTERN_CONFIG, 150, 3),
               compare=False, reference=False, check=learns_pattern)
    yield Case("held_out_macbeth_below_threshold", Call("train_char_gpt", text, CONFIG, STEPS, 0),
               compare=False, reference=False, check=held_out(text), time_limit_s=TIME_LIMIT_S)
