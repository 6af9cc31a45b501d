"""Stores the vocabulary size in the caller's config dict (config['vocab_size'] = V) to build the model."""
import torch
import torch.nn.functional as F

from train_char_gpt_model import CharGPT, build_vocab, encode, get_batch


def train_char_gpt(text: str, config: dict, steps: int, seed: int, batch_size: int = 32, lr: float = 3e-3) -> dict:
    stoi, itos = build_vocab(text)
    V = len(itos)
    data = encode(text, stoi)  # (N,)
    torch.manual_seed(seed)  # the initial weights depend on the seed only
    config["vocab_size"] = V
    model = CharGPT(**config)
    gen = torch.Generator().manual_seed(seed)  # its own stream: the batches do not depend on how init used the RNG
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    model.train()
    for _ in range(steps):
        x, y = get_batch(data, config["n_ctx"], batch_size, gen)  # (B, T), (B, T)
        logits = model(x)  # (B, T, V)
        loss = F.cross_entropy(logits.view(-1, V), y.view(-1))  # mean over the B*T predictions
        opt.zero_grad(set_to_none=True)  # gradients accumulate otherwise
        loss.backward()
        opt.step()
    # detached copies: plain tensors that no longer share storage with the model
    return {name: t.detach().clone() for name, t in model.state_dict().items()}
