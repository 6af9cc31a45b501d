"""Hidden cases for activation-patching: tiny attention-only models built from seeds, normalised scores."""
import numpy as np

import activation_patching_model as apm
from grader.protocol import Build, Call, Case, Failure


def one_hot_first_layer(ctx):
    (out,) = ctx.outputs
    p = ctx.case.name.rsplit("_pos", 1)[1]
    p = int(p)
    row = np.asarray(out)[0]
    want = np.zeros_like(row)
    want[p] = 1.0
    ctx.assert_close(row, want, f"layer 0 when clean and corrupted prompts differ only at position {p} "
                     f"(patching that position restores the whole clean input)")


def earlier_positions_zero(ctx):
    (out,) = ctx.outputs
    first = int(ctx.case.name.rsplit("_first", 1)[1])
    out = np.asarray(out)
    if np.any(np.abs(out[:, :first]) > 1e-6):
        raise Failure(f"positions before {first} are identical in both runs (causal attention), so patching them "
                      "must score 0")


def case(name, seed, sizes, clean, corrupt, correct, wrong, check=None):
    """Clean cache computed here from the same support model the learner's `run` comes from."""
    cache = apm.make_run(seed, **sizes)(np.array(clean))
    metric = apm.logit_diff_metric(correct, wrong)
    gap = metric(cache["logits"]) - metric(apm.make_run(seed, **sizes)(np.array(corrupt))["logits"])
    assert abs(gap) > 0.05, f"{name}: clean and corrupted metrics too close ({gap})"
    return Case(name, Call("patch_residual", Build("activation_patching_model", "make_run", seed, **sizes), cache,
                           np.array(corrupt), Build("activation_patching_model", "logit_diff_metric", correct, wrong)),
                check=check)


def cases():
    yield case("two_layers_one_change_pos2", 0, {}, [1, 2, 3, 4, 5], [1, 2, 7, 4, 5], 3, 7, check=one_hot_first_layer)
    yield case("small_model_first1", 1, dict(V=6, D=4, H=1, Dh=2), [0, 1, 2, 3], [0, 4, 5, 3], 2, 5, check=earlier_positions_zero)
    yield case("three_layers_first2", 5, dict(L=3, V=12, D=10, H=3), [3, 1, 4, 1, 5, 9, 2, 6], [3, 1, 8, 1, 7, 9, 2, 6], 4, 8,
               check=earlier_positions_zero)
    yield case("one_layer_one_change_pos3", 3, dict(L=1, V=8), [0, 1, 2, 3, 4, 5], [0, 1, 2, 6, 4, 5], 1, 6, check=one_hot_first_layer)
    yield case("single_token_one_change_pos0", 4, dict(V=5), [2], [3], 2, 3, check=one_hot_first_layer)
    yield case("all_positions_differ_first0", 6, dict(V=9, H=4, Dh=2), [1, 2, 3, 4, 5, 6], [7, 8, 0, 7, 8, 0], 5, 0,
               check=earlier_positions_zero)
    yield case("long_prompt_first4", 7, dict(V=16, D=12, H=2, Dh=6, n_ctx=24), list(range(16)) + [3, 3],
               list(range(4)) + [9] + list(range(5, 16)) + [3, 3], 3, 9, check=earlier_positions_zero)
