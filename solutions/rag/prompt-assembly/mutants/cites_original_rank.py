"""Numbers each chunk by its original rank (i + 1) instead of its position in the prompt."""
HEADER = "Answer the question using only the sources below. Cite the sources you use as [1], [2], ...\n\n"


def assemble_prompt(question, chunks, budget, count_tokens):
    def render(pairs):
        return HEADER + "".join(f"[{i + 1}] {t}\n\n" for i, t in pairs) + f"Question: {question}\nAnswer:"
    if count_tokens(render([])) > budget:
        raise ValueError("budget")
    used = []
    for i, t in enumerate(chunks):
        if count_tokens(render([(j, chunks[j]) for j in used] + [(i, t)])) <= budget:
            used.append(i)
    return render([(j, chunks[j]) for j in used]), used
