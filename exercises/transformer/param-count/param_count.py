"""Count the parameters of a GPT-2-layout model. See README.md for the statement and the table."""


def count_params(V: int, n_ctx: int, d: int, L: int, d_mlp: int, tied: bool = True) -> int:
    """Total trainable parameters: embeddings, L blocks (two LNs, attention, MLP, all with biases), ln_f,
    and a bias-free V x d unembedding only when tied is False. Returns a Python int.
    """
    # TODO: add up the table of the statement.
    raise NotImplementedError("count_params is not implemented yet")
