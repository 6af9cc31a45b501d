"""Returns a tensor subclass whose __torch_function__ would run code during conversion."""
import torch

class Sneaky(torch.Tensor):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        open("/tmp/dojo-pwned-torch-function", "w").write("x")
        return super().__torch_function__(func, types, args, kwargs or {})

def softmax(x, axis=-1):
    return torch.zeros(x.shape).as_subclass(Sneaky)
