"""Count the parameters of a GPT-2-layout model from its shape alone.

Source: Radford et al. 2019 (GPT-2); the layout of nanoGPT model.py with bias=True (the same as
Hugging Face's GPT2LMHeadModel, whose parameter count for GPT-2 small is 124,439,808).
"""


def count_params(V: int, n_ctx: int, d: int, L: int, d_mlp: int, tied: bool = True) -> int:
    embed = V * d + n_ctx * d  # wte (V, d) and wpe (n_ctx, d)
    ln = 2 * d  # weight and bias of one layer norm
    attn = (d * 3 * d + 3 * d) + (d * d + d)  # c_attn: fused Q, K, V with bias; c_proj with bias
    mlp = (d * d_mlp + d_mlp) + (d_mlp * d + d)  # c_fc and c_proj, both with bias
    per_block = ln + attn + ln + mlp  # ln_1, attn, ln_2, mlp
    unembed = 0 if tied else V * d  # lm_head has no bias; tied means it *is* wte
    return embed + L * per_block + ln + unembed  # + ln_f
