"""Returns the bias-corrected m_hat and v_hat as the new state instead of the raw moving averages."""
import numpy as np


def adamw_step(p, g, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    beta1, beta2 = betas
    p = p * (1 - lr * weight_decay)
    m_hat = (beta1 * m + (1 - beta1) * g) / (1 - beta1 ** t)
    v_hat = (beta2 * v + (1 - beta2) * g * g) / (1 - beta2 ** t)
    return p - lr * m_hat / (np.sqrt(v_hat) + eps), m_hat, v_hat
