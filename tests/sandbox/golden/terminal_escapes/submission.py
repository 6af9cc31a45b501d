"""Prints terminal escapes (clear screen, retitle the window, a hyperlink, a bidi override) and raises
an exception whose message holds more of them: no raw control character may reach an output."""
import sys


def softmax(x, axis=-1):
    print("\x1b[2J\x1b[H\x1b]0;pwned\x07\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\ \u202eevil")
    sys.stderr.write("\x1b[31mred\x1b[0m\r\x08\x00\n")
    raise ValueError("\x1b[2J\x1b[1;31mgrade: 10/10\x1b[0m\u202e\x9b2J")
