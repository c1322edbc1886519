"""Channels and their length limits. X counts weighted characters: CJK and emoji count double."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

_URL = re.compile(r"https?://\S+")


class Channel(BaseModel):
    """A social channel a reply is posted to."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    """Channel id as used on the command line."""
    limit: int
    """Maximum length of one reply."""
    weighted: bool = False
    """Whether length is X's weighted count."""

    def length(self, text: str) -> int:
        """Length as the channel counts it."""
        return weighted_length(text) if self.weighted else len(text)


CHANNELS: dict[str, Channel] = {
    c.name: c
    for c in (
        Channel(name="twitter", limit=280, weighted=True),
        Channel(name="facebook", limit=8000),
        Channel(name="instagram", limit=2200),
    )
}


def _weight(ch: str) -> int:
    # X's twitter-text config v3: these ranges weigh 1, everything else (CJK, emoji, ...) weighs 2.
    code = ord(ch)
    light = (0 <= code <= 4351) or (8192 <= code <= 8205) or (8208 <= code <= 8223) or (8242 <= code <= 8247)
    return 1 if light else 2


_REPLY_MENTIONS = re.compile(r"^(?:\s*@\w+)+\s*")


def weighted_length(text: str) -> int:
    """X's weighted length: leading reply @mentions are free, URLs count 23, light scripts 1, CJK and emoji 2."""
    lead = _REPLY_MENTIONS.match(text)
    text = text[lead.end():] if lead else text
    total = 0
    last = 0
    for m in _URL.finditer(text):
        total += sum(_weight(c) for c in text[last:m.start()]) + 23
        last = m.end()
    return total + sum(_weight(c) for c in text[last:])


def channel(name: str) -> Channel:
    """The channel called `name`; ValueError names the known ones."""
    try:
        return CHANNELS[name]
    except KeyError:
        raise ValueError(f"unknown channel {name!r}; use one of {', '.join(CHANNELS)}") from None
