"""Hidden cases for depthwise-separable-conv: random shapes, K=1, T=K, asymmetric kernels, counts, raises."""
import numpy as np

from grader.protocol import Call, Case, Failure


def equals_matrix_product(ctx):
    float64_array(ctx)
    (out,) = ctx.outputs
    x, dw, pw = ctx.calls[0].args
    ctx.assert_close(out, (x * dw[0]) @ pw, "with K = 1 the layer is x * depthwise[0] @ pointwise")


def ints(ctx):
    for out in ctx.outputs:
        if type(out) is not tuple or len(out) != 2 or any(type(v) is not int for v in out):
            got = type(out).__name__ + (f" of ({', '.join(type(v).__name__ for v in out)})" if isinstance(out, (tuple, list)) else "")
            raise Failure(f"conv_param_counts should return a tuple of two Python ints (separable, full), got a {got}")


def float64_array(ctx):
    for out in ctx.outputs:
        if type(out) is not np.ndarray or out.dtype != np.float64:
            raise Failure(f"expected a float64 np.ndarray (the dtype of the inputs), got {getattr(out, 'dtype', type(out).__name__)}")


def cases():
    rng = np.random.default_rng(63)
    for B, T, C, K, Co in [(2, 9, 4, 3, 6), (1, 12, 3, 5, 2), (3, 7, 8, 2, 8)]:
        yield Case(f"random_B{B}_T{T}_C{C}_K{K}_Co{Co}", Call("depthwise_separable_conv1d", rng.normal(size=(B, T, C)),
                                                               rng.normal(size=(K, C)), rng.normal(size=(C, Co))), check=float64_array)
    x, dw, pw = rng.normal(size=(2, 5, 3)), rng.normal(size=(1, 3)), rng.normal(size=(3, 4))
    yield Case("kernel_one_is_pointwise", Call("depthwise_separable_conv1d", x, dw, pw), check=equals_matrix_product)
    yield Case("length_equals_kernel", Call("depthwise_separable_conv1d", rng.normal(size=(2, 4, 3)),
                                            rng.normal(size=(4, 3)), rng.normal(size=(3, 5))), check=float64_array)
    # an asymmetric kernel tells cross-correlation from convolution (a flipped kernel)
    yield Case("asymmetric_kernel", Call("depthwise_separable_conv1d", rng.normal(size=(1, 8, 2)),
                                         np.array([[1.0, 0.0], [0.0, 0.0], [0.0, -2.0]]), np.eye(2)), check=float64_array)
    yield Case("too_short_raises", Call("depthwise_separable_conv1d", rng.normal(size=(1, 2, 3)),
                                        rng.normal(size=(3, 3)), rng.normal(size=(3, 3))))
    yield Case("channel_mismatch_raises", Call("depthwise_separable_conv1d", rng.normal(size=(1, 6, 3)),
                                               rng.normal(size=(3, 4)), rng.normal(size=(4, 2))))
    yield Case("one_short_of_kernel_raises", Call("depthwise_separable_conv1d", rng.normal(size=(2, 4, 2)),
                                                  rng.normal(size=(5, 2)), rng.normal(size=(2, 3))))
    # a single depthwise column would broadcast silently over the 3 channels of x
    yield Case("depthwise_single_column_raises", Call("depthwise_separable_conv1d", rng.normal(size=(1, 6, 3)),
                                                      rng.normal(size=(2, 1)), rng.normal(size=(3, 2))))
    yield Case("pointwise_rows_mismatch_raises", Call("depthwise_separable_conv1d", rng.normal(size=(1, 6, 3)),
                                                      rng.normal(size=(2, 3)), rng.normal(size=(4, 2))))
    # x with one channel broadcasts against a 3-column depthwise, and pointwise matches that 3
    yield Case("single_channel_x_raises", Call("depthwise_separable_conv1d", rng.normal(size=(2, 5, 1)),
                                               rng.normal(size=(2, 3)), rng.normal(size=(3, 2))))
    yield Case("single_channel_in_and_out", Call("depthwise_separable_conv1d", rng.normal(size=(3, 6, 1)),
                                                 rng.normal(size=(3, 1)), rng.normal(size=(1, 1))), check=float64_array)
    yield Case("counts_t2t_layer", Call("conv_param_counts", 3, 512, 512), Call("conv_param_counts", 7, 1024, 2048),
               check=ints)
    yield Case("counts_asymmetric", Call("conv_param_counts", 5, 3, 11), Call("conv_param_counts", 1, 8, 2), check=ints)
    yield Case("counts_all_ones", Call("conv_param_counts", 1, 1, 1), Call("conv_param_counts", 9, 1, 4), check=ints)
