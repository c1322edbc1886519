"""Chinese script conversion, so a reply keeps the customer's script: the one home of `opencc`.

Phrase packs and FAQ translations are written in Simplified Chinese; a customer who writes in
Traditional characters gets the reply converted with OpenCC's standard s2t table (character and phrase
level, not regional vocabulary, so neither Taiwan nor Hong Kong usage is imposed).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _s2t() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    """`text` with Simplified characters converted to Traditional."""
    return str(_s2t().convert(text))
