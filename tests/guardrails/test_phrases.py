"""Phrase lists compiled into one trie-shaped regex: the matches a flat alternation would give."""

from __future__ import annotations

import re

import pytest

from guardrails.phrases import compile_phrases

PHRASES = ["just", "just to confirm", "as stated", "calm down", "it's not that hard", "简单", "简单地说", ":)"]


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("Just restart it.", ["Just"]),
        ("just to confirm, is it blue?", ["just to confirm"]),  # the longest phrase wins
        ("Adjust the strap", []),  # word-bounded on the left
        ("justice for all", []),  # and on the right
        ("As  stated\nbefore", ["As  stated"]),  # any whitespace between words
        ("CALM DOWN please", ["CALM DOWN"]),
        ("It's not that hard", ["It's not that hard"]),
        ("这很简单地说明了", ["简单地说"]),  # Han: no word boundaries, longest first
        ("这很简单", ["简单"]),
        ("ok:)", [":)"]),  # not a word character: no boundary asked for
    ],
)
def test_compile_phrases(text: str, matches: list[str]) -> None:
    pattern = compile_phrases(PHRASES)
    assert pattern is not None
    assert [m.group() for m in pattern.finditer(text)] == matches


def test_agrees_with_a_flat_alternation_on_every_phrase() -> None:
    phrases = ["per our policy", "per our", "obviously", "simply", "a.b", "c++", "naprawdę", "այդպես", "فقط"]
    flat = re.compile("|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)), re.IGNORECASE)
    pattern = compile_phrases(phrases)
    assert pattern is not None
    for phrase in phrases:
        text = f"x {phrase.upper()} y"
        assert pattern.search(text).group() == flat.search(text).group()  # type: ignore[union-attr]


def test_empty_list_compiles_to_none() -> None:
    assert compile_phrases(["", "  "]) is None
