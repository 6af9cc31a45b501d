"""Takes the running mean along the channel axis C instead of the time axis T."""
import numpy as np


def prefix_mean(x):
    C = x.shape[-1]
    return np.cumsum(x, axis=-1) / np.arange(1, C + 1)
