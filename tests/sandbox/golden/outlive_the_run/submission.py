"""Leaves a daemon behind that would write a file after the run."""
import os
import time

def softmax(x, axis=-1):
    if os.fork() == 0:
        try:
            os.setsid()  # refused by seccomp: the daemon stays in the job's process group
        except OSError:
            pass
        if os.fork() == 0:
            time.sleep(3)
            for path in ("{ROOT}/dojo-pwned-daemon", "/tmp/dojo-pwned-daemon"):
                try:
                    open(path, "w").write("still here")
                except OSError:
                    pass
            os._exit(0)
        os._exit(0)
    raise RuntimeError("left a daemon")
