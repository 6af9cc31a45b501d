"""Gets the straight-through gradient by overwriting the caller's z with the codes (`z.data = e`) and returning z itself."""
import torch


def vq_bottleneck(z: torch.Tensor, codebook: torch.Tensor, beta: float = 0.25):
    D = z.shape[-1]
    flat = z.reshape(-1, D)  # (N, D)
    # squared distances computed directly, so that exact ties stay exact
    dist = ((flat[:, None, :] - codebook[None, :, :]) ** 2).sum(-1)  # (N, K)
    codes = torch.argmin(dist, dim=-1)  # (N,); argmin returns the first (lowest) index among ties
    e = codebook[codes].reshape(z.shape)  # (..., D) the chosen code vectors
    codebook_loss = torch.mean((z.detach() - e) ** 2)  # moves the codes towards the encoder outputs
    commitment = torch.mean((z - e.detach()) ** 2)  # keeps the encoder close to its code
    loss = codebook_loss + beta * commitment
    z_q = z
    z_q.data = e.detach().clone()  # value e; the gradient still flows to z
    return z_q, codes.reshape(z.shape[:-1]), loss
