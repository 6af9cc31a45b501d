"""Hidden cases for prompt-assembly: random chunk lists and budgets under both token counters,
exact fits, non-additive counting, skipping, empty inputs, and a budget too small."""
import numpy as np

from grader.protocol import Build, Call, Case, Failure

WORDS = "query chunk vector token rank fusion budget prompt cite source answer model retrieval dense sparse".split()


def exact_types(ctx):
    for out in ctx.outputs:
        if type(out) is not tuple or len(out) != 2:
            raise Failure(f"assemble_prompt should return a tuple (prompt, used), got a {type(out).__name__}")
        prompt, used = out
        if type(prompt) is not str:
            raise Failure(f"the prompt should be a str, got a {type(prompt).__name__}")
        if type(used) is not list or any(type(i) is not int for i in used):
            raise Failure("used should be a list of Python ints")


def within_budget_and_cited(ctx):
    exact_types(ctx)
    for call, out in zip(ctx.calls, ctx.outputs):
        prompt, used = out
        question, chunks, budget, counter = call.args
        count = len(prompt.split()) if counter.attr == "WhitespaceTokens" else -(-len(prompt) // counter.args[0])
        if count > budget:
            raise Failure(f"the prompt costs {count} tokens, over the budget of {budget}")
        if list(used) != sorted(used):
            raise Failure("the included chunks are not in rank order")
        for n, i in enumerate(used, start=1):
            if f"[{n}] {chunks[i]}\n\n" not in prompt:
                raise Failure(f"chunk {i} should appear as [{n}] in the prompt")


def random_chunks(rng, n, max_words):
    return [" ".join(rng.choice(WORDS, size=int(rng.integers(1, max_words + 1)))) for _ in range(n)]


def cases():
    rng = np.random.default_rng(53)
    ws, ch4 = Build("prompt_assembly_tokens", "WhitespaceTokens"), Build("prompt_assembly_tokens", "CharTokens", 4)
    for n, max_words, budget in [(5, 12, 50), (10, 30, 120), (8, 6, 45)]:
        chunks = random_chunks(rng, n, max_words)
        yield Case(f"whitespace_random_{n}_chunks_budget{budget}", Call("assemble_prompt", "How are chunks ranked?", chunks, budget, ws), check=within_budget_and_cited)
    for n, max_words, budget in [(6, 10, 90), (12, 25, 250)]:
        chunks = random_chunks(rng, n, max_words)
        yield Case(f"chartokens_random_{n}_chunks_budget{budget}", Call("assemble_prompt", "Which source says so?", chunks, budget, ch4), check=within_budget_and_cited)
    chunks = ["one two three", "a b c d e f g h i j k l", "four five", "six"]
    empty = 24  # whitespace tokens of the prompt with no chunk for this question
    yield Case("exact_fit_is_allowed", Call("assemble_prompt", "Is the budget inclusive here?", chunks, empty + 4, ws), check=within_budget_and_cited)
    yield Case("skips_then_fits_later", Call("assemble_prompt", "Is the budget inclusive here?", chunks, empty + 8, ws), check=within_budget_and_cited)
    yield Case("nothing_fits", Call("assemble_prompt", "Is the budget inclusive here?", ["x " * 50], empty + 1, ws), check=within_budget_and_cited)
    yield Case("no_chunks", Call("assemble_prompt", "Anything?", [], 100, ws), check=exact_types)
    yield Case("budget_too_small_raises", Call("assemble_prompt", "Is the budget inclusive here?", chunks, empty - 1, ws))
    yield Case("budget_equal_to_empty_prompt", Call("assemble_prompt", "Is the budget inclusive here?", chunks, empty, ws),
               check=within_budget_and_cited)
    yield Case("budget_equal_to_empty_prompt_no_chunks", Call("assemble_prompt", "Is the budget inclusive here?", [], empty, ws),
               check=within_budget_and_cited)
    # the whole prompt with chunks 0 and 2 costs exactly the budget (35) under CharTokens(4); the empty one costs 29
    yield Case("exact_fit_char_tokens", Call("assemble_prompt", "Q?", ["abcdefgh", "x" * 40, "ijkl"], 35, ch4), check=within_budget_and_cited)
    yield Case("char_tokens_budget_too_small_raises", Call("assemble_prompt", "Q?", ["ab"], 28, ch4))
    for budget in (32, 33):
        yield Case(f"non_additive_counter_budget{budget}", Call("assemble_prompt", "Q?", ["ab", "abc", "a", "abcd", "ab"], budget, ch4), check=within_budget_and_cited)
