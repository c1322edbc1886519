"""`pii_request`: a public reply asks for sensitive data (card number, password, full address ...).

A sentence is flagged when it names a sensitive item, asks for it (an ask phrase in the same sentence)
and is not a warning ("never share your password"). Items in group `secret` (cards, passwords, codes,
bank details) are flagged even in a DM: nobody should ask for them at all. Items in group `personal`
(address, birth date, phone, e-mail) may be asked for in a private reply or with a DM cue ("send us your
address by DM"). Severity block. False-positive risk: a sentence that names an item and an ask phrase
without asking for the item ("we'll send it to the address on your order" has no ask phrase in the list,
but looser wording can slip through). Fix: replace the sentence with a DM hand-off.
"""

from __future__ import annotations

import re
from functools import lru_cache

from guardrails.context import CheckContext
from guardrails.findings import Finding
from guardrails.phrases import compile_phrases, lexicon, lexicons, normalise, sentence_span
from guardrails.repair import dm_handoff
from guardrails.rules import rule
from guardrails.rules._common import languages


@lru_cache(maxsize=32)
def _cues(language: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None]:
    extra = lexicon("pii_request", language).extra
    return (compile_phrases(extra.get("asks") or []), compile_phrases(extra.get("negations") or []),
            compile_phrases(extra.get("dm_cues") or []))


_URL = re.compile(r"(?:https?://|www\.)\S+")


@rule("pii_request")
def pii_request(text: str, ctx: CheckContext, language: str) -> list[Finding]:
    # A URL becomes a sentence break plus same-length filler: its own dots split nothing, and a link ends
    # the sentence before it ("... steps on this page: https://... Let us know.").
    norm = normalise(text)
    if "http" in norm or "www." in norm:
        norm = _URL.sub(lambda m: "\n" + "_" * (len(m.group()) - 1), norm)
    langs = languages(language, ctx)
    findings: list[Finding] = []
    cues = [_cues(c) for c in langs]
    for group, start, end in lexicons("pii_request", tuple(langs)).find(norm):
        s_start, s_end = sentence_span(norm, start, end)
        if any(f.start <= start < f.end for f in findings):
            continue
        sentence = norm[s_start:s_end]
        if not any(ask is not None and ask.search(sentence) for ask, _, _ in cues):
            continue
        if any(neg is not None and neg.search(sentence) for _, neg, _ in cues):
            continue
        # A DM cue counts in this sentence or the one before ("Please DM us. Include your full name.").
        back = max(s_start - 2, 0)
        before = norm[sentence_span(norm, back, back)[0]:s_end] if s_start else sentence
        private = not ctx.public or any(dm is not None and dm.search(before) for _, _, dm in cues)
        if group == "personal" and private:
            continue
        where = "at all" if group == "secret" else "in a public reply"
        findings.append(Finding(
            rule="pii_request", severity="block", start=s_start, end=s_end, language=language,
            message=f"The reply asks for {text[start:end]!s} {where}; ask the customer to send what is needed "
                    "in a direct message instead, and never ask for card numbers or passwords.",
            fix=dm_handoff(ctx.language or language),
        ))
    return findings
