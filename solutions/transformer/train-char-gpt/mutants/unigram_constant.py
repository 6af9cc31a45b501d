"""Memorises the character frequencies in lm_head.bias and zeroes lm_head.weight: the same prediction in every context."""
import torch

from train_char_gpt_model import CharGPT, build_vocab, encode


def train_char_gpt(text, config, steps, seed, batch_size=32, lr=3e-3):
    stoi, itos = build_vocab(text)
    V = len(itos)
    torch.manual_seed(seed)
    model = CharGPT(V, **config)
    counts = torch.bincount(encode(text, stoi), minlength=V).float()
    with torch.no_grad():
        model.lm_head.weight.zero_()  # the logits no longer depend on the context...
        model.lm_head.bias.copy_(torch.log(counts / counts.sum()))  # ...and equal log p(char): a unigram model
    return {k: v.detach().clone() for k, v in model.state_dict().items()}
