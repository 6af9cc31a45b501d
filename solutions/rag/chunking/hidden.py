"""Hidden cases for chunking: random texts, exact fits, short texts, empty text, bad arguments."""
import numpy as np

from grader.protocol import Call, Case, Failure


def exact_types(ctx):
    for chunks in ctx.outputs:
        if type(chunks) is not list:
            raise Failure(f"chunk should return a list of tuples, got a {type(chunks).__name__}")
        for c in chunks:
            if type(c) is not tuple or len(c) != 3:
                raise Failure(f"each chunk should be a tuple (start, end, text), got a {type(c).__name__}")
            if type(c[0]) is not int or type(c[1]) is not int or type(c[2]) is not str:
                raise Failure(f"each chunk should be (int, int, str), got ({', '.join(type(v).__name__ for v in c)})")


def covers_and_overlaps(ctx):
    exact_types(ctx)
    (chunks,) = ctx.outputs
    text, size = ctx.calls[0].args[:2]
    overlap = ctx.calls[0].args[2] if len(ctx.calls[0].args) > 2 else ctx.calls[0].kwargs.get("overlap", 0)
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
    yield Case("empty_text", Call("chunk", "", 4, 1), check=exact_types)
    text = "".join(rng.choice(alphabet, size=45))
    yield Case("default_overlap_is_zero", Call("chunk", text, 7), check=covers_and_overlaps)
    yield Case("overlap_keyword", Call("chunk", text, 10, overlap=4), check=covers_and_overlaps)
    yield Case("size_one", Call("chunk", "abcde", 1), check=covers_and_overlaps)
    yield Case("size_one_overlap_zero", Call("chunk", "xyz", 1, 0), check=covers_and_overlaps)
    yield Case("negative_size_raises", Call("chunk", "abcdef", -2, 0))
    yield Case("empty_text_bad_overlap_raises", Call("chunk", "", 3, 3))
    yield Case("empty_text_zero_size_raises", Call("chunk", "", 0, 0))
    yield Case("unicode_characters", Call("chunk", "naïve café — déjà vu", 6, 2), check=covers_and_overlaps)
    yield Case("overlap_equal_size_raises", Call("chunk", "abcdef", 3, 3))
    yield Case("overlap_larger_than_size_raises", Call("chunk", "abcdef", 3, 5))
    yield Case("negative_overlap_raises", Call("chunk", "abcdef", 3, -1))
    yield Case("zero_size_raises", Call("chunk", "abcdef", 0, 0))
