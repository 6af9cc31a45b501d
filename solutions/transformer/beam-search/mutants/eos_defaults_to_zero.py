"""Gives eos the default 0 instead of None: with eos left out, token 0 still ends hypotheses."""
import numpy as np


def _rank(hyp):
    seq, score = hyp
    return (-score, seq)  # best score first; equal scores: the lexicographically smaller sequence first


def beam_search(logprob_fn, bos: int, width: int, max_len: int, eos: int | None = 0):
    if width < 1 or max_len < 1:
        raise ValueError(f"width and max_len must be >= 1, got width={width}, max_len={max_len}")
    beams = [([bos], 0.0)]  # live hypotheses: (tokens including bos, sum of log-probs)
    finished = []
    for _ in range(max_len):
        if not beams:
            break  # every slot was taken by a finished hypothesis
        candidates = []
        for seq, score in beams:
            lp = np.asarray(logprob_fn(list(seq)), dtype=np.float64)  # (V,) log p(next | seq)
            candidates += [(seq + [v], score + float(lp[v])) for v in range(lp.shape[0])]
        candidates.sort(key=_rank)  # one global ranking across all beams, not per beam
        beams = []
        for seq, score in candidates[:width]:  # a finished hypothesis uses up one of the width slots
            (finished if eos is not None and seq[-1] == eos else beams).append((seq, score))
    complete = sorted(finished + beams, key=_rank)  # hypotheses still alive at max_len count as complete
    return [(seq[1:], score) for seq, score in complete[:width]]  # drop bos
