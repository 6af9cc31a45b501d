"""The foundations references against independent implementations (PyTorch built-ins)."""
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from grader import trusted
from grader.catalog import load_catalog


def _ref(slug):
    return trusted.load_reference(load_catalog().get(slug))


@pytest.mark.parametrize("seed", range(5))
def test_cross_entropy_matches_torch(seed):
    """Does the reference match F.cross_entropy with ignore_index on random inputs?"""
    ref = _ref("cross-entropy")
    rng = np.random.default_rng(seed)
    n, v = rng.integers(1, 40), rng.integers(2, 30)
    logits = rng.normal(scale=3.0, size=(n, v))
    y = rng.integers(0, v, size=n)
    y[rng.random(n) < 0.3] = -100
    if (y == -100).all():
        y[0] = 0
    expected = F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(y), ignore_index=-100).item()
    assert math.isclose(ref.cross_entropy(logits, y), expected, rel_tol=1e-10, abs_tol=1e-12)
    y2 = np.where(y == -100, 1, y)  # now the real class 1 is the ignored label
    y2[0] = 0
    expected = F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(y2), ignore_index=1).item()
    assert math.isclose(ref.cross_entropy(logits, y2, ignore_index=1), expected, rel_tol=1e-10, abs_tol=1e-12)


def test_cross_entropy_all_ignored_is_nan_like_torch():
    """When every row is ignored, do both return nan?"""
    ref = _ref("cross-entropy")
    logits, y = np.zeros((3, 4)), np.full(3, -100)
    assert math.isnan(F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(y)).item())
    assert math.isnan(ref.cross_entropy(logits, y))


def test_cross_entropy_large_logits_match_torch():
    """Are logits of +-1e4 handled like torch does?"""
    ref = _ref("cross-entropy")
    logits = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 9999.0]])
    y = np.array([2, 2])
    expected = F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(y)).item()
    assert math.isclose(ref.cross_entropy(logits, y), expected, rel_tol=1e-12)


@pytest.mark.parametrize("eps", [1e-5, 0.1, 1.0])
def test_layer_norm_matches_torch(eps):
    """Does the reference match F.layer_norm, for small and large eps?"""
    ref = _ref("layernorm")
    rng = np.random.default_rng(int(eps * 1e5))
    x = rng.normal(loc=2.0, scale=1.5, size=(3, 4, 10))
    w, b = rng.normal(size=10), rng.normal(size=10)
    expected = F.layer_norm(torch.from_numpy(x), (10,), torch.from_numpy(w), torch.from_numpy(b), eps=eps).numpy()
    np.testing.assert_allclose(ref.layer_norm(x, w, b, eps=eps), expected, rtol=1e-10, atol=1e-12)


def test_layer_norm_constant_rows_match_torch():
    """Do constant rows give just the bias, as in torch?"""
    ref = _ref("layernorm")
    x, w, b = np.full((2, 5), 3.0), np.arange(5.0), np.linspace(-1, 1, 5)
    expected = F.layer_norm(torch.from_numpy(x), (5,), torch.from_numpy(w), torch.from_numpy(b)).numpy()
    np.testing.assert_allclose(ref.layer_norm(x, w, b), expected, atol=1e-12)


@pytest.mark.parametrize("approximate,name", [("none", "gelu_exact"), ("tanh", "gelu_tanh")])
def test_gelu_matches_torch(approximate, name):
    """Do both GELU forms match F.gelu(approximate=...) on random and extreme inputs?"""
    ref = _ref("gelu")
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.normal(scale=3.0, size=200), [-1e4, -30.0, 0.0, 30.0, 1e4]]).reshape(5, 41)
    expected = F.gelu(torch.from_numpy(x), approximate=approximate).numpy()
    np.testing.assert_allclose(getattr(ref, name)(x), expected, rtol=1e-12, atol=1e-15)


def test_char_tokenizer_matches_nanogpt_prepare():
    """Does build_vocab / encode agree with nanoGPT's prepare.py recipe, and make_batch with get_batch?"""
    ref = _ref("char-tokenizer")
    text = "First Citizen:\nBefore we proceed any further, hear me speak.\n"
    chars = sorted(list(set(text)))
    stoi, itos = ref.build_vocab(text)
    assert stoi == {ch: i for i, ch in enumerate(chars)} and itos == {i: ch for i, ch in enumerate(chars)}
    data = torch.tensor(ref.encode(text, stoi), dtype=torch.long)
    block = 8
    ix = torch.randint(len(data) - block, (4,), generator=torch.Generator().manual_seed(0))
    x_t = torch.stack([data[i:i + block] for i in ix])
    y_t = torch.stack([data[i + 1:i + 1 + block] for i in ix])
    x, y = ref.make_batch(data.numpy(), ix.numpy(), block)
    np.testing.assert_array_equal(x, x_t.numpy())
    np.testing.assert_array_equal(y, y_t.numpy())
    assert ref.decode(data.tolist(), itos) == text


# ---- the promises the statements make beyond the values (issue 16) ----


def test_float_outputs_are_float64_arrays():
    """Do the references return the float64 np.ndarrays their statements name, for float64 inputs?"""
    x = np.random.default_rng(0).normal(size=(3, 4))
    outs = [_ref("stable-softmax").softmax(x), _ref("layernorm").layer_norm(x, np.ones(4), np.zeros(4)),
            _ref("gelu").gelu_exact(x), _ref("gelu").gelu_tanh(x)]
    for out in outs:
        assert type(out) is np.ndarray and out.dtype == np.float64


def test_cross_entropy_edge_rows_match_torch():
    """V = 1, rows near -1e4 and an ignored row of huge logits: does the reference agree with F.cross_entropy?"""
    ref = _ref("cross-entropy")
    for logits, y in [(np.array([[3.0], [-2.0]]), np.array([0, 0])),
                      (np.array([[-1e4, -1e4 + 3.0, -1e4], [-9000.0, -9001.0, -9002.0]]), np.array([0, 2])),
                      (np.array([[1e4, -1e4], [0.5, -0.5], [-1e4, -1e4]]), np.array([-100, 1, -100]))]:
        expected = F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(y)).item()
        out = ref.cross_entropy(logits, y)
        assert type(out) is float and math.isclose(out, expected, rel_tol=1e-12, abs_tol=1e-12)


def test_layer_norm_large_offset_matches_torch():
    """Rows around 1e4 with unit spread: does the two-pass variance agree with torch?"""
    ref = _ref("layernorm")
    x = 1e4 + np.random.default_rng(1).normal(size=(3, 8))
    expected = F.layer_norm(torch.from_numpy(x), (8,)).numpy()
    np.testing.assert_allclose(ref.layer_norm(x, np.ones(8), np.zeros(8)), expected, rtol=1e-9, atol=1e-9)


def test_char_tokenizer_types_and_bounds():
    """Python ints from encode, a tuple from make_batch, and ValueError exactly outside [0, N - block - 1]?"""
    ref = _ref("char-tokenizer")
    stoi, itos = ref.build_vocab("abca")
    assert type(stoi) is dict and type(itos) is dict
    assert all(type(i) is int for i in ref.encode("cab", stoi))
    data = np.arange(10)
    out = ref.make_batch(data, np.array([0, 5]), 4)
    assert type(out) is tuple and all(a.dtype == data.dtype for a in out)
    for bad in (-1, 6):
        with pytest.raises(ValueError):
            ref.make_batch(data, np.array([0, bad]), 4)
