"""Never calls opt.step(): the gradients are computed but the initial weights come back unchanged."""
import torch
import torch.nn.functional as F

from train_char_gpt_model import CharGPT, build_vocab, encode, get_batch


def train_char_gpt(text, config, steps, seed, batch_size=32, lr=3e-3):
    stoi, itos = build_vocab(text)
    V = len(itos)
    data = encode(text, stoi)
    torch.manual_seed(seed)
    model = CharGPT(V, **config)
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    for _ in range(steps):
        x, y = get_batch(data, config["n_ctx"], batch_size, gen)
        loss = F.cross_entropy(model(x).view(-1, V), y.view(-1))
        opt.zero_grad()
        loss.backward()
    return {k: v.detach().clone() for k, v in model.state_dict().items()}
