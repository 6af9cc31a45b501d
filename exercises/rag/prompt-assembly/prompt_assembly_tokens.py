"""Token counters for the prompt-assembly exercise (and its hidden cases).

`assemble_prompt` receives one of these as `count_tokens`: a callable that takes a string and
returns how many tokens it would cost. Real systems use the model's own tokenizer; these two stand-ins
need no download.
"""
import math


class WhitespaceTokens:
    """One token per whitespace-separated word: `len(text.split())`."""

    def __call__(self, text: str) -> int:
        return len(text.split())


class CharTokens:
    """About `chars_per_token` characters per token, rounded up: `ceil(len(text) / chars_per_token)`.

    Not additive: count(a + b) can be less than count(a) + count(b), so always count the whole prompt.
    """

    def __init__(self, chars_per_token: int = 4):
        self.chars_per_token = chars_per_token

    def __call__(self, text: str) -> int:
        return math.ceil(len(text) / self.chars_per_token)
