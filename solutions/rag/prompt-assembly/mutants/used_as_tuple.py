"""Returns the used indices as a tuple where the statement asks for a list."""
HEADER = "Answer the question using only the sources below. Cite the sources you use as [1], [2], ...\n\n"


def render(question, texts):
    return HEADER + "".join(f"[{n}] {t}\n\n" for n, t in enumerate(texts, start=1)) + f"Question: {question}\nAnswer:"


def assemble_prompt(question, chunks, budget, count_tokens):
    if count_tokens(render(question, [])) > budget:
        raise ValueError("the budget cannot even hold the question")
    used = []
    for i, t in enumerate(chunks):
        if count_tokens(render(question, [chunks[j] for j in used] + [t])) <= budget:
            used.append(i)
    return render(question, [chunks[j] for j in used]), tuple(used)
