"""Hidden cases for chunking: random texts, exact fits, short texts, empty text, bad arguments."""
import numpy as np

from grader.protocol import Call, Case, Failure


def covers_and_overlaps(ctx):
    (chunks,) = ctx.outputs
    text, size, overlap = ctx.calls[0].args
    if not text:
        return
    if chunks[0][0] != 0 or chunks[-1][1] != len(text):
        raise Failure("the chunks must start at 0 and the last one must end at len(text)")
    for (s, e, t) in chunks:
        if t != text[s:e]:
            raise Failure(f"chunk ({s}, {e}) does not hold text[{s}:{e}]")
    for (s1, e1, _), (s2, e2, _) in zip(chunks, chunks[1:]):
        if e1 - s2 != overlap:
            raise Failure(f"chunks ({s1}, {e1}) and ({s2}, {e2}) overlap by {e1 - s2}, expected {overlap}")


def cases():
    rng = np.random.default_rng(49)
    alphabet = np.array(list("abcdefghij klmnop.,"))
    for n, size, overlap in [(57, 8, 3), (100, 10, 0), (33, 7, 6), (250, 64, 16)]:
        text = "".join(rng.choice(alphabet, size=n))
        yield Case(f"random_n{n}_size{size}_overlap{overlap}", Call("chunk", text, size, overlap), check=covers_and_overlaps)
    yield Case("exact_fit_no_tail", Call("chunk", "abcdefghijk", 5, 2), check=covers_and_overlaps)
    yield Case("text_shorter_than_size", Call("chunk", "tiny", 10, 3), check=covers_and_overlaps)
    yield Case("text_equal_to_size", Call("chunk", "abcde", 5, 4), check=covers_and_overlaps)
    yield Case("empty_text", Call("chunk", "", 4, 1))
    yield Case("unicode_characters", Call("chunk", "naïve café — déjà vu", 6, 2), check=covers_and_overlaps)
    yield Case("overlap_equal_size_raises", Call("chunk", "abcdef", 3, 3))
    yield Case("overlap_larger_than_size_raises", Call("chunk", "abcdef", 3, 5))
    yield Case("negative_overlap_raises", Call("chunk", "abcdef", 3, -1))
    yield Case("zero_size_raises", Call("chunk", "abcdef", 0, 0))
