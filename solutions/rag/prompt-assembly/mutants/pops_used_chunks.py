"""Consumes the caller's chunks list with pop(0) while assembling, leaving it empty."""
HEADER = "Answer the question using only the sources below. Cite the sources you use as [1], [2], ...\n\n"


def render(question, texts):
    return HEADER + "".join(f"[{n}] {t}\n\n" for n, t in enumerate(texts, start=1)) + f"Question: {question}\nAnswer:"


def assemble_prompt(question, chunks, budget, count_tokens):
    if count_tokens(render(question, [])) > budget:
        raise ValueError("the budget cannot even hold the question")
    used, texts, i = [], [], 0
    while chunks:
        t = chunks.pop(0)
        if count_tokens(render(question, texts + [t])) <= budget:
            used.append(i)
            texts.append(t)
        i += 1
    return render(question, texts), used
