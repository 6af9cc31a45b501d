"""Adds up the token counts of the prompt's parts instead of counting the whole prompt."""
HEADER = "Answer the question using only the sources below. Cite the sources you use as [1], [2], ...\n\n"


def assemble_prompt(question, chunks, budget, count_tokens):
    footer = f"Question: {question}\nAnswer:"
    total = count_tokens(HEADER) + count_tokens(footer)
    if total > budget:
        raise ValueError("budget")
    used, parts = [], []
    for i, t in enumerate(chunks):
        part = f"[{len(used) + 1}] {t}\n\n"
        if total + count_tokens(part) <= budget:
            total += count_tokens(part)
            used.append(i)
            parts.append(part)
    return HEADER + "".join(parts) + footer, used
