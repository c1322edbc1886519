"""Repairs for blocking findings: what can be fixed mechanically is fixed, the rest goes back to the backend.

`repair(text, result, ctx)` applies every finding's `fix` (a replacement for text[start:end]; "" deletes),
deleted personal data first and the rest where it does not overlap, tidies the seams (double spaces, a
space before punctuation, a sentence that now starts in lower case), and adds the language's DM hand-off
sentence when personal data was removed.

Personal data that was the object of a word needing one ("sent it to", "zadzwoń pod", "envoyé au";
`dangling` in guardrails/data/repair/<lang>.yaml) takes its sentence along when the rest of the reply
still says something, and the hand-off takes the sentence's place (a short greeting clause before it,
"Hallo Jonas,", stays); else its clause goes ("Hi Anna, please send us ..."); else the whole sentence,
and the hand-off stands alone. So "we sent it to . Please send us ..." never reaches a customer.

Findings without a fix (blame, overpromise, injection, language_mismatch, too_long, multi-word
dismissive phrases) stay in `remaining` unless the sentence holding them went, with `instructions` a
backend can be asked to follow when it redrafts. The drafting service re-checks the repaired text: a
repair must never be trusted blindly.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from guardrails.context import CheckContext
from guardrails.findings import CheckResult, Finding
from guardrails.phrases import CJK, lexicon
from guardrails.pii import URL_OR_HANDLE

_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+([,.!?;:，。！？；：،؟։])")
_DOUBLE_PUNCT = re.compile(r"([,，،])\s*([,.!?，。！？،؟։])")
_LEADING_PUNCT = re.compile(r"(^|[.!?。！？\n]\s*)[,，،]\s*")
_SENTENCE_START = re.compile(r"(^|[.!?]\s+|\n)([a-zà-öø-ÿąćęłńóśźż])")
_SENTENCE_END = re.compile(r"[.!?։](?=\s|$)|[。！？؟\n]")  # not the dot of an e-mail, a link or a price
_HANDLE = re.compile(r"[@＠]\w+")
_CLAUSE_END = re.compile(r"[,;，；、،՝]")


class RepairOutcome(BaseModel):
    """A repaired reply and what still needs a rewrite."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    """The reply with every applicable fix applied."""
    applied: tuple[Finding, ...] = ()
    """Findings whose fix was applied (offsets refer to the original text)."""
    remaining: tuple[Finding, ...] = ()
    """Blocking findings no mechanical fix covers; the backend must redraft (see `instructions`)."""

    @property
    def instructions(self) -> tuple[str, ...]:
        """One instruction per remaining finding, for a backend's redraft prompt (no personal data)."""
        return tuple(f"[{f.rule}] {f.message}" for f in self.remaining)


def _tidy(text: str) -> str:
    text = _DOUBLE_PUNCT.sub(lambda m: m.group(2), text)
    text = _LEADING_PUNCT.sub(lambda m: m.group(1), text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACES.sub(" ", text).strip()
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


@lru_cache(maxsize=16)
def _dangling(language: str) -> re.Pattern[str]:
    """Text that ends in a word needing an object (or a label's colon), before personal data."""
    words = lexicon("repair", language).extra.get("dangling") or lexicon("repair", "en").extra["dangling"]
    alternatives = "|".join(re.escape(str(w)) for w in sorted(words, key=lambda w: -len(str(w))))
    boundary = "" if language in ("zh", "ja") else r"(?<!\w)"
    return re.compile(rf"(?:{boundary}(?:{alternatives})|[:：])[\s:：(\"'«“„]*$", re.IGNORECASE)


def _says_something(text: str) -> bool:
    text = URL_OR_HANDLE.sub(" ", text)
    return any(ch.isalpha() for ch in text)


def _removal(text: str, start: int, end: int, language: str) -> tuple[int, int, bool]:
    """What to delete for personal data at text[start:end]: the span itself, or, when a word before it
    needs it as an object, the sentence (else the clause) that held it; and whether a sentence went."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    if not _dangling(language).search(text, left, start):
        return start, end, False
    while left < start and (text[left].isspace() or text[left] in "@＠"):
        if text[left] in "@＠":  # the @handles a reply starts with stay: they say whom it answers
            handle = _HANDLE.match(text, left)
            if not handle or handle.end() > start:
                break
            left = handle.end()
        else:
            left += 1
    right_end = _SENTENCE_END.search(text, end)
    right = right_end.end() if right_end else len(text)
    while right < len(text) and text[right] in " \t":
        right += 1
    if _says_something(text[:left] + text[right:]):
        greeting = _CLAUSE_END.search(text, left, start)  # "Hallo Jonas, wir haben es an … geschickt."
        if greeting and len(text[left:greeting.start()].split()) <= 3:
            left = greeting.end() + len(text[greeting.end():start]) - len(text[greeting.end():start].lstrip())
        return left, right, True
    clause_left = max((m.end() for m in _CLAUSE_END.finditer(text, left, start)), default=left)
    clause_end = _CLAUSE_END.search(text, end, right)
    clause_right = clause_end.start() if clause_end else right
    if clause_left > left and _says_something(text[left:clause_left]):
        return clause_left, clause_right, False
    return left, right, True


def _after(before: str, sentence: str) -> str:
    """`sentence` as it continues `before`: after a comma it starts in lower case ("Hi Anna, please ...")."""
    if before.rstrip().endswith((",", "،", "՝")) and sentence[1:2].islower():
        return sentence[0].lower() + sentence[1:]
    return sentence


def dm_handoff(language: str) -> str:
    """The DM hand-off sentence in `language` (English when there is none)."""
    value = lexicon("repair", language).extra.get("dm_handoff") or lexicon("repair", "en").extra["dm_handoff"]
    return str(value)


def repair(text: str, result: CheckResult, ctx: CheckContext | None = None) -> RepairOutcome:
    """Apply the fixes of `result`'s findings to `text`; report what is left for the backend."""
    ctx = ctx or CheckContext()
    language = ctx.language or (result.findings[0].language if result.findings else "en")
    applied: list[Finding] = []
    done: set[int] = set()  # id() of the applied findings: a membership test on models compares every field
    remaining: list[Finding] = []
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the original text
    handoff = dm_handoff(language)
    # Deleted personal data first: its removal may widen to a sentence that holds other findings. The first
    # sentence that goes is replaced by the hand-off, so it stands where the personal data stood.
    deletions = [f for f in result.findings if f.rule == "pii" and f.fix == ""]
    sentences: list[tuple[int, int]] = []
    for f in sorted(deletions, key=lambda f: (f.start, f.end), reverse=True):
        start, end, sentence = _removal(text, f.start, f.end, language)
        for s, e, _ in [edit for edit in edits if edit[0] < end and start < edit[1]]:
            start, end = min(s, start), max(e, end)  # two deletions in one sentence: the sentence goes once
        edits = [edit for edit in edits if not (edit[0] < end and start < edit[1])] + [(start, end, "")]
        merged = [(s, e) for s, e in sentences if s < end and start < e]
        sentences = [span for span in sentences if span not in merged] + ([(start, end)] if sentence or merged else [])
        applied.append(f)
        done.add(id(f))
    for f in sorted(result.findings, key=lambda f: (f.start, f.end), reverse=True):
        if f.fix is None or id(f) in done or any(s < f.end and f.start < e for s, e, _ in edits):
            continue
        edits.append((f.start, f.end, f.fix))
        applied.append(f)
        done.add(id(f))
    if sentences:
        first = min(sentences)
        gap = "" if CJK.search(handoff[:1]) or first[1] >= len(text) else " "
        edits = [(s, e, _after(text[:s], handoff) + gap if (s, e) == first else fix) for s, e, fix in edits]
    out = text
    for start, end, fix in sorted(edits, reverse=True):
        out = out[:start] + fix + out[end:]
    for f in result.findings:
        whole = f.start == 0 and f.end == len(text)
        gone = not whole and any(s <= f.start and f.end <= e for s, e, _ in edits)
        if f.severity == "block" and id(f) not in done and not gone:
            remaining.append(f)
    if any(f.rule == "pii" for f in applied) and not sentences and handoff not in out:
        out = out.rstrip()
        out = out + ("" if CJK.search(handoff[:1]) and out.endswith("，") else " ") + _after(out, handoff)
    return RepairOutcome(text=_tidy(out), applied=tuple(sorted(applied, key=lambda f: f.start)),
                         remaining=tuple(sorted(remaining, key=lambda f: f.start)))
