"""Ignores every catchable signal, then loops."""
import signal

for s in (signal.SIGTERM, signal.SIGINT, signal.SIGXCPU, signal.SIGHUP, signal.SIGALRM, signal.SIGUSR1):
    signal.signal(s, signal.SIG_IGN)

def softmax(x, axis=-1):
    while True:
        pass
