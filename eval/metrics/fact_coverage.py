"""`fact_coverage`: the share of the facts of the FAQ answers the first public draft uses that the draft keeps.

Facts are links, money, clock times, phone numbers, quantities ("5–7 business days"), other numbers and places
(eval/metrics/_facts.py, words in eval/data/metrics/facts/). The answers are those of the draft's `faq_ids`,
each in the language the draft quotes it in: the plan's `answer_language` when the reply quotes the brand's
language on purpose, else the draft's language when the entry has it, else the brand's default language. A
draft that cites an entry but drops its link or its time limit leaves the customer without the answer while
the agent believes it was given. Not applicable when the draft uses no FAQ entry or the used answers hold no
facts; skipped when the runner passed no FAQ text (`FAQ_ANSWERS`).

Pass: at least half of the facts (ENOUGH = 0.5), fixed before any run and never tuned. Half: the draft keeps at least
as much of the answer as it drops; with one fact it must keep it, with two one, with three two. A reply
may shorten a long answer to fit the channel (keep the link, drop the opening hours) but not cite an entry
and keep its least part only. The value is the share itself, so reports show how much is kept beyond the mark.
"""

from __future__ import annotations

from typing import Any

from eval.metrics._facts import Fact, facts
from eval.metrics.base import (
    NOT_APPLICABLE,
    CareCase,
    Metric,
    Score,
    faq_answers,
    first_public,
    plan,
    register,
    skip,
)

ENOUGH = 0.5
"""Share of the used answers' facts a draft must keep to pass (see the module docstring)."""


def answer_in(texts: dict[str, str], languages: list[str | None]) -> str | None:
    """The answer in the first of `languages` it has, else in the brand's default language (listed first)."""
    for language in languages:
        if language and language in texts:
            return texts[language]
    return next(iter(texts.values()), None)


def wanted(draft: dict[str, Any], answers: dict[str, dict[str, str]]) -> set[Fact] | None:
    """The facts of the answers the draft uses, in the language it quotes them in; None when no text is known."""
    p = plan(draft) or {}
    languages = [p.get("answer_language"), draft.get("language")]
    texts = [answer_in(answers[i], languages) for i in draft.get("faq_ids") or () if answers.get(i)]
    if not texts:
        return None
    return {fact for text in texts if text for fact in facts(text)}


@register
class FactCoverage(Metric):
    name = "fact_coverage"
    description = "share of the used FAQ answers' facts (numbers, durations, money, links, places) the draft keeps"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        draft = first_public(response)
        if draft is None:
            return skip("no public draft")
        if not draft.get("faq_ids"):
            return NOT_APPLICABLE
        needed = wanted(draft, faq_answers(response))
        if needed is None:
            return skip("no FAQ text")
        if not needed:
            return skip("no facts in the answer")
        kept = needed & facts(str(draft.get("text", "")))
        value = round(len(kept) / len(needed), 4)
        dropped = sorted({kind for kind, _ in needed - kept})
        reason = f"keeps {len(kept)} of {len(needed)} facts" if value >= ENOUGH else f"drops {', '.join(dropped)}"
        return Score(value=value, passed=value >= ENOUGH, reason=reason)
