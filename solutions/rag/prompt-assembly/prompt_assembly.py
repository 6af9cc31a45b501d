"""Prompt assembly, the "A" of RAG: put the retrieved chunks into the prompt, best first, numbered
for citation, without ever exceeding the model's token budget.

Source: "RAG From Scratch" (Towards AI), the augmentation step.
"""

HEADER = "Answer the question using only the sources below. Cite the sources you use as [1], [2], ...\n\n"


def _render(question: str, texts: list) -> str:
    sources = "".join(f"[{n}] {text}\n\n" for n, text in enumerate(texts, start=1))  # numbered by position
    return HEADER + sources + f"Question: {question}\nAnswer:"


def assemble_prompt(question: str, chunks: list, budget: int, count_tokens) -> tuple:
    if count_tokens(_render(question, [])) > budget:
        raise ValueError("the budget does not even fit the instructions and the question")
    used = []
    for i, text in enumerate(chunks):  # rank order: a better chunk is always offered first
        candidate = [chunks[j] for j in used] + [text]
        if count_tokens(_render(question, candidate)) <= budget:  # count the whole prompt: counters need not add up
            used.append(i)
        # a chunk that does not fit is skipped; a shorter one further down may still fit
    return _render(question, [chunks[j] for j in used]), used
