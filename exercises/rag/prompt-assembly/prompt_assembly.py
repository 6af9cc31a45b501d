"""Prompt assembly with citations. See README.md for the statement."""

HEADER = "Answer the question using only the sources below. Cite the sources you use as [1], [2], ...\n\n"


def assemble_prompt(question: str, chunks: list, budget: int, count_tokens) -> tuple:
    """Greedy, rank-ordered prompt within `budget` tokens.

    question: str. chunks: list of str, best first. budget: int.
    count_tokens: callable str -> int (see prompt_assembly_tokens.py).
    Returns (prompt: str, used: list of int indices into chunks); raises ValueError when even the
    prompt without chunks exceeds the budget.
    """
    # TODO: render HEADER + "[n] text\n\n" per included chunk + "Question: ...\nAnswer:";
    # include chunk i when count_tokens(whole prompt with it) <= budget, else skip it.
    raise NotImplementedError("assemble_prompt is not implemented yet")
