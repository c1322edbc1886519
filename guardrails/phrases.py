"""Phrase lists (data files) compiled once into word-bounded regexes.

Latin, Cyrillic, Armenian and Arabic-script phrases match as whole words (Unicode-aware `\\w`
boundaries). Han script has no word boundaries, so CJK phrases match as plain substrings; the lists for
zh therefore hold multi-character phrases only.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from guardrails.languages import data_path, needed

CJK = re.compile(r"[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF]")


def _tokens(phrase: str) -> list[str]:
    """A phrase as regex pieces, one per character, with `\\s+` between its words (lower case)."""
    tokens: list[str] = []
    for i, word in enumerate(phrase.lower().split()):
        if i:
            tokens.append(r"\s+")
        tokens += [re.escape(ch) for ch in word]
    return tokens


def _emit(node: dict[str, Any]) -> str:
    """A trie node as a regex: longer continuations are tried before the phrase that ends here."""
    alternatives = [key + _emit(child) for key, child in sorted(node.items()) if key]
    if "" in node:
        alternatives.append(node[""])
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def _trie_source(phrases: Iterable[str], lower_case_text: bool) -> str | None:
    """The regex source of a character trie of `phrases` (None when there are none).

    A phrase starting or ending with a word character is word-bounded there, unless it holds Han/kana/
    Hangul, which has no word boundaries. For text already in lower case the left boundary is checked
    after the first character (`x(?<!\\w.)`), so every branch starts with a literal and the engine can
    skip to positions where some phrase could start."""
    bounded: dict[str, Any] = {}
    free: dict[str, Any] = {}
    for phrase in {normalise(p.strip()) for p in phrases if p.strip()}:
        cjk = bool(CJK.search(phrase))
        left = not cjk and re.match(r"\w", phrase) is not None
        tokens = _tokens(phrase)
        if left and lower_case_text:
            tokens[0] += r"(?<!\w.)"
        node = bounded if left and not lower_case_text else free
        for token in tokens:
            node = node.setdefault(token, {})
        node[""] = "" if cjk or not re.search(r"\w$", phrase) else r"(?!\w)"
    parts = ([r"(?<!\w)" + _emit(bounded)] if bounded else []) + ([_emit(free)] if free else [])
    return "|".join(parts) or None


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for all phrases, longest match first; None for an empty list.

    The phrases are merged into a character trie, so the regex engine tests each position against a
    handful of first characters instead of every phrase in turn (a flat alternation of 60 phrases was
    ~20x slower)."""
    source = _trie_source(phrases, lower_case_text=False)
    return re.compile(source, re.IGNORECASE) if source else None


def compile_lower(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """Like `compile_phrases`, for text that is already lower-cased (`text.lower()`): about 3x faster to
    scan, because every branch starts with a literal the engine can skip ahead to."""
    source = _trie_source(phrases, lower_case_text=True)
    return re.compile(source) if source else None


def _key(phrase: str) -> str:
    return " ".join(normalise(phrase).lower().split())


@lru_cache(maxsize=256)
def read_data(package: str, kind: str, language: str) -> dict[str, Any]:
    """<package>/data/<kind>/<language>.yaml as a mapping; {} when that language has none, unless the
    registry says a drafting language needs it (then FileNotFoundError naming the file to add)."""
    path = resources.files(package) / "data" / kind / f"{language}.yaml"
    if path.is_file():
        return _mapping(path.read_text(encoding="utf-8"))
    if needed(package, kind, language):
        raise FileNotFoundError(f"{data_path(package, kind, language)} is missing: {language!r} is a drafting "
                                "language in guardrails/data/languages.yaml, so it needs this file")
    return {}


def data_file(name: str, package: str = "guardrails") -> dict[str, Any]:
    """<package>/data/<name>, a YAML file that must exist, as a mapping ({} when it holds none)."""
    return _mapping((resources.files(package) / "data" / name).read_text(encoding="utf-8"))


def as_list(value: object) -> list[Any]:
    """`value` when it is a list (a data file's entry), else []."""
    return value if isinstance(value, list) else []


def _mapping(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text) or {}
    return data if isinstance(data, dict) else {}


@lru_cache(maxsize=32)
def data_languages(package: str, kind: str) -> tuple[str, ...]:
    """Languages that have a <package>/data/<kind>/<language>.yaml file."""
    folder = resources.files(package) / "data" / kind
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))) if folder.is_dir() else ()


def load_list(kind: str, language: str) -> dict[str, Any]:
    """guardrails/data/<kind>/<language>.yaml, or {} when there is none for that language."""
    return read_data("guardrails", kind, language)


def _groups(data: dict[str, Any]) -> dict[str, Any]:
    """A list file's named groups, with a plain `phrases: [...]` list as the group "phrases"."""
    groups = dict(data.get("groups") or {})
    if data.get("phrases"):
        groups["phrases"] = data["phrases"]
    return groups


class Lexicon:
    """One rule's phrase list for one language: named groups of phrases, `allowed` look-alikes, hints.

    The YAML holds either `phrases: [...]` (one group called "phrases") or `groups: {name: [...]}`, plus
    optional `allowed: [...]` (a match inside an allowed phrase is not a match) and `hints: {phrase: text}`.
    Apostrophes are normalised (’ to ') before matching, one character each, so spans stay valid.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        groups = _groups(data)
        self.groups: dict[str, re.Pattern[str]] = {
            str(name): pat for name, items in groups.items() if (pat := compile_phrases(items or [])) is not None
        }
        # One pass over the lower-cased text for all groups: one trie, the longest phrase wins, and the
        # matched phrase tells its group (the first group that lists it). Text whose lower case changes its
        # length (rare: "İ") is scanned with named alternatives per group instead, case-insensitively.
        self._group_of: dict[str, str] = {}
        for name, items in groups.items():
            for item in items or []:
                self._group_of.setdefault(_key(str(item)), str(name))
        source = _trie_source(self._group_of, lower_case_text=True)
        self._lower = re.compile(source) if source else None
        self._names = list(self.groups)
        self._all = re.compile(
            "|".join(f"(?P<g{i}>{self.groups[n].pattern})" for i, n in enumerate(self._names)), re.IGNORECASE
        ) if self.groups else None
        self.allowed = compile_phrases(data.get("allowed") or [])
        self._allowed_lower = compile_lower(data.get("allowed") or [])
        self.hints = {str(k).lower(): str(v) for k, v in (data.get("hints") or {}).items()}
        self.extra = data
        # Prefilter: a phrase can only match if its first word is among the text's words (Latin etc.) or
        # its first two characters occur in it (CJK). Most replies match nothing, and this skips the scan.
        phrases = [str(p) for items in groups.values() for p in items or []]
        self._always = any(not _WORD.search(p) for p in phrases)
        self._first_words = frozenset(
            _WORD.findall(p.lower())[0] for p in phrases if _WORD.search(p) and not CJK.search(p)
        )
        self._cjk_heads = tuple({p[:2] for p in phrases if CJK.search(p)})

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """(group, start, end) of every match not inside an allowed phrase, without overlaps, in text order.

        The longest phrase wins where two match at the same place; a phrase listed in two groups belongs
        to the one earlier in the file."""
        if self._all is None or self._lower is None:
            return []
        text = normalise(text)
        if not self._always and self._first_words.isdisjoint(words(text)) and not any(
                h in text for h in self._cjk_heads):
            return []
        lower = text.lower()
        if len(lower) == len(text):
            matches = [(self._group_of.get(" ".join(m.group().split()), self._names[0]), m.start(), m.end())
                       for m in self._lower.finditer(lower)]
        else:
            matches = [(self._names[int(str(m.lastgroup)[1:])], m.start(), m.end()) for m in self._all.finditer(text)]
        found: list[tuple[str, int, int]] = []
        safe: list[tuple[int, int]] | None = None
        for group, start, end in matches:
            if end == start:
                continue
            if safe is None:
                safe = self.allowed_spans(text)
            if any(s <= start and end <= e for s, e in safe):
                continue
            found.append((group, start, end))
        return found

    def allowed_spans(self, text: str) -> list[tuple[int, int]]:
        """Spans of the `allowed` look-alikes in `text` (apostrophes already normalised)."""
        if self.allowed is None or self._allowed_lower is None:
            return []
        lower = text.lower()
        pattern, haystack = (self._allowed_lower, lower) if len(lower) == len(text) else (self.allowed, text)
        return [m.span() for m in pattern.finditer(haystack)]

    def hint(self, phrase: str, default: str) -> str:
        """The list's hint for a matched phrase, or `default`."""
        return self.hints.get(normalise(phrase).lower(), default)


_WORD = re.compile(r"\w+")


@lru_cache(maxsize=64)
def words(text: str) -> frozenset[str]:
    """The lower-cased \\w+ tokens of a text (cached: every rule's lists look at the same reply)."""
    return frozenset(_WORD.findall(text.lower()))


_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def normalise(text: str) -> str:
    """Curly apostrophes to straight ones (same length, so offsets stay valid)."""
    if "’" not in text and "‘" not in text and "ʼ" not in text:
        return text  # the common case: skip the copy
    return text.translate(_QUOTES)


@lru_cache(maxsize=256)
def lexicon(kind: str, language: str) -> Lexicon:
    """The compiled list guardrails/data/<kind>/<language>.yaml (empty when there is none)."""
    return Lexicon(load_list(kind, language))


_BREAK = re.compile(r"[.!?。！？\n؟։]")


@lru_cache(maxsize=64)
def _breaks(text: str) -> tuple[int, ...]:
    """Offsets of the sentence breaks in a text (cached: several rules ask about the same reply)."""
    return tuple(m.start() for m in _BREAK.finditer(text))


@lru_cache(maxsize=256)
def lexicons(kind: str, languages: tuple[str, ...]) -> Lexicon:
    """The lists of `kind` for several languages as one lexicon, so a reply is scanned once: groups and
    `allowed` joined, a phrase's hint from the first language that has one, other keys of the first."""
    if len(languages) == 1:
        return lexicon(kind, languages[0])
    datas = [load_list(kind, language) for language in languages]
    groups: dict[str, list[Any]] = {}
    allowed: list[Any] = []
    hints: dict[str, Any] = {}
    for data in datas:
        for name, items in _groups(data).items():
            groups.setdefault(str(name), []).extend(items or [])
        allowed += data.get("allowed") or []
        for phrase, hint in (data.get("hints") or {}).items():
            hints.setdefault(phrase, hint)
    first = next((d for d in datas if d), {})
    return Lexicon({**first, "phrases": None, "groups": groups, "allowed": allowed, "hints": hints})


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end]: from after the previous . ! ? 。！？ or newline to the next one."""
    breaks = _breaks(text)
    before = bisect_left(breaks, start)
    after = bisect_left(breaks, end)
    left = breaks[before - 1] + 1 if before else 0
    right = breaks[after] + 1 if after < len(breaks) else len(text)
    while left < start and text[left].isspace():
        left += 1
    return left, right
