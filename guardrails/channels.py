"""Channels and their length limits. X counts weighted characters: CJK and emoji count double."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

_URL = re.compile(r"https?://\S+")
_REPLY_HANDLES = re.compile(r"^(?:@\w+\s+)+")


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
        """Length as the channel counts it (on X the @handles a reply starts with are not counted)."""
        return weighted_length(_REPLY_HANDLES.sub("", text)) if self.weighted else len(text)


CHANNELS: dict[str, Channel] = {
    c.name: c
    for c in (
        Channel(name="twitter", limit=280, weighted=True),
        Channel(name="facebook", limit=8000),
        Channel(name="instagram", limit=2200),
    )
}


# X's twitter-text config v3: these ranges weigh 1, everything else (CJK, emoji, ...) weighs 2.
_HEAVY = re.compile("[^\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")


def weighted_length(text: str) -> int:
    """X's weighted length: URLs count 23, light scripts 1 per character, CJK and emoji 2."""
    urls = _URL.findall(text)
    rest = _URL.sub("", text) if urls else text
    return 23 * len(urls) + len(rest) + len(_HEAVY.findall(rest))


def channel(name: str) -> Channel:
    """The channel called `name`; ValueError names the known ones."""
    try:
        return CHANNELS[name]
    except KeyError:
        raise ValueError(f"unknown channel {name!r}; use one of {', '.join(CHANNELS)}") from None
