"""Repairs for blocking findings: what can be fixed mechanically is fixed, the rest goes back to the backend.

`repair(text, result, ctx)` applies every finding's `fix` (a replacement for text[start:end]; "" deletes)
from the end of the text backwards, skipping fixes that overlap one already applied, tidies the seams
(double spaces, a space before punctuation, a sentence that now starts in lower case), and adds the
language's DM hand-off sentence when personal data was removed. Findings without a fix (blame,
overpromise, injection, language_mismatch, too_long, multi-word dismissive phrases) stay in `remaining`,
with `instructions` a backend can be asked to follow when it redrafts. The drafting service re-checks
the repaired text: a repair must never be trusted blindly.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from guardrails.context import CheckContext
from guardrails.findings import CheckResult, Finding
from guardrails.phrases import lexicon

_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+([,.!?;:，。！？；：،؟։])")
_DOUBLE_PUNCT = re.compile(r"([,，،])\s*([,.!?，。！？،؟։])")
_LEADING_PUNCT = re.compile(r"(^|[.!?。！？\n]\s*)[,，،]\s*")
_SENTENCE_START = re.compile(r"(^|[.!?]\s+|\n)([a-zà-öø-ÿąćęłńóśźż])")


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


def dm_handoff(language: str) -> str:
    """The DM hand-off sentence in `language` (English when there is none)."""
    value = lexicon("repair", language).extra.get("dm_handoff") or lexicon("repair", "en").extra["dm_handoff"]
    return str(value)


def repair(text: str, result: CheckResult, ctx: CheckContext | None = None) -> RepairOutcome:
    """Apply the fixes of `result`'s findings to `text`; report what is left for the backend."""
    ctx = ctx or CheckContext()
    applied: list[Finding] = []
    remaining: list[Finding] = []
    taken: list[tuple[int, int]] = []
    out = text
    for f in sorted(result.findings, key=lambda f: (f.start, f.end), reverse=True):
        if f.fix is None or any(s < f.end and f.start < e for s, e in taken):
            continue
        out = out[:f.start] + f.fix + out[f.end:]
        taken.append((f.start, f.end))
        applied.append(f)
    for f in result.findings:
        whole = f.start == 0 and f.end == len(text)
        gone = not whole and any(s <= f.start and f.end <= e for s, e in taken)
        if f.severity == "block" and f not in applied and not gone:
            remaining.append(f)
    language = ctx.language or (result.findings[0].language if result.findings else "en")
    handoff = dm_handoff(language)
    if any(f.rule == "pii" for f in applied) and handoff not in out:
        out = out.rstrip() + " " + handoff
    return RepairOutcome(text=_tidy(out), applied=tuple(reversed(applied)),
                         remaining=tuple(sorted(remaining, key=lambda f: f.start)))
