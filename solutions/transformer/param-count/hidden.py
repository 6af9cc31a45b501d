"""Hidden cases for param-count: the GPT-2 family, GPT-3, untied heads, L=0, tiny and odd shapes.

Every case checks that the count is a Python int (not a float, not a NumPy integer).
"""
from grader.protocol import Call, Case, Failure


def is_int(ctx):
    for out in ctx.outputs:
        if type(out) is not int:
            name = f"numpy.{type(out).__name__}" if type(out).__module__ == "numpy" else type(out).__name__
            raise Failure(f"count_params returned a {name}; return a Python int")


def tying_saves_V_times_d(ctx):
    is_int(ctx)
    tied, untied = ctx.outputs
    V, d = ctx.calls[0].args[0], ctx.calls[0].args[2]
    if untied - tied != V * d:
        raise Failure(f"untying the head should add exactly V * d = {V * d} parameters, it added {untied - tied}")


def cases():
    yield Case("gpt2_small", Call("count_params", 50257, 1024, 768, 12, 3072), check=is_int)
    yield Case("gpt2_medium", Call("count_params", 50257, 1024, 1024, 24, 4096), check=is_int)
    yield Case("gpt2_xl_untied", Call("count_params", 50257, 1024, 1600, 48, 6400, tied=False), check=is_int)
    yield Case("no_blocks", Call("count_params", 65, 256, 32, 0, 128), check=is_int)
    yield Case("tiny_untied", Call("count_params", 7, 5, 4, 3, 10, tied=False), check=is_int)
    yield Case("d_mlp_not_4d", Call("count_params", 100, 64, 48, 2, 100), check=is_int)
    # GPT-3 175B (Brown et al. 2020, table 2.1): n_ctx 2048, d 12288, 96 layers
    yield Case("gpt3_175b", Call("count_params", 50257, 2048, 12288, 96, 49152), check=is_int)
    yield Case("tied_passed_explicitly", Call("count_params", 65, 256, 64, 4, 256, True),
               Call("count_params", 65, 256, 64, 4, 256, tied=True), check=is_int)
    yield Case("tying_saves_V_times_d", Call("count_params", 1000, 128, 64, 4, 256),
               Call("count_params", 1000, 128, 64, 4, 256, tied=False), check=tying_saves_V_times_d)
    yield Case("d_one", Call("count_params", 3, 2, 1, 1, 1), check=is_int)
