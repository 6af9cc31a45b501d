"""Visible examples for checkpoint-averaging: run with `dojo check checkpoint-averaging` or pytest."""
import pytest
import torch

from checkpoint_averaging import average_checkpoints


def _two():
    a = {"w": torch.tensor([[1.0, 2.0], [3.0, 4.0]]), "b": torch.tensor([0.5, -0.5]), "steps": torch.tensor(7)}
    b = {"w": torch.tensor([[3.0, 2.0], [1.0, 0.0]]), "b": torch.tensor([0.0, 1.0]), "steps": torch.tensor(8)}
    return a, b


def test_example_1_mean_per_key():
    out = average_checkpoints(list(_two()))
    assert sorted(out) == ["b", "steps", "w"]
    torch.testing.assert_close(out["w"], torch.tensor([[2.0, 2.0], [2.0, 2.0]]))
    torch.testing.assert_close(out["b"], torch.tensor([0.25, 0.25]))
    assert out["steps"].dtype == torch.int64 and out["steps"].item() == 7, "integer tensors: floor of the mean"


def test_example_2_missing_key_raises():
    a, b = _two()
    del b["steps"]
    with pytest.raises(ValueError, match="steps"):
        average_checkpoints([a, b])


def test_example_3_integer_floor():
    out = average_checkpoints([{"n": torch.tensor([-3, 4, 5])}, {"n": torch.tensor([0, 0, 0])}])
    assert torch.equal(out["n"], torch.tensor([-2, 2, 2]))


def test_plain_dict_and_inputs_untouched():
    a = {"w": torch.tensor([1.0, 2.0], dtype=torch.float64), "steps": torch.tensor(3)}
    b = {"w": torch.tensor([3.0, 0.0], dtype=torch.float64), "steps": torch.tensor(4)}
    out = average_checkpoints([a, b])
    assert type(out) is dict, "return a plain dict (an OrderedDict is refused)"
    assert out["w"].dtype == torch.float64 and out["steps"].dtype == torch.int64
    assert torch.equal(a["w"], torch.tensor([1.0, 2.0], dtype=torch.float64)), "the first checkpoint was modified in place"
    assert a["steps"].item() == 3, "the first checkpoint was modified in place"
