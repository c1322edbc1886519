"""`composer`: the offline, deterministic default backend.

Builds replies from the per-language phrase pack (prompts/packs/<lang>.yaml) and the retrieved FAQ
answers in the customer's language: greeting by first name, one line that mirrors the mood, the facts
(or a DM hand-off for private cases, or the safety line), support hours when out of hours, the brand's
sign-off. Pieces are dropped in a fixed order until the reply fits the channel.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from assistant.backends import backend
from assistant.backends.base import Brief, Composed, first_name
from assistant.script import to_traditional
from guardrails import channel as get_channel
from knowledge import BrandPack, FaqEntry
from prompts import PhrasePack, phrase_pack

_DAYS = {"mon-fri": 4, "mon-sat": 5, "mon-sun": 6}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？؟։])\s*")
_NEEDS_BY_TAG = {
    "payment": "payment", "payments": "payment", "billing": "payment", "charge": "payment",
    "address": "address", "login": "account", "password": "account",
}


def in_hours(pack: BrandPack, now: datetime) -> bool:
    """Whether `now` falls inside the brand's support hours (unknown time zone: assume yes)."""
    hours = pack.brand.support_hours
    try:
        local = now.astimezone(ZoneInfo(hours.timezone))
    except ZoneInfoNotFoundError:
        return True
    opens, closes = (time.fromisoformat(t) for t in (hours.opens, hours.closes))
    return local.weekday() <= _DAYS[hours.days] and opens <= local.time() < closes


def hours_text(pack: BrandPack, phrases: PhrasePack) -> str:
    """Support hours in the customer's language."""
    h = pack.brand.support_hours
    days = phrases.days.get(h.days, h.days)
    return phrases.hours.format(hours=f"{days} {h.opens}–{h.closes} ({h.timezone})")


def _needs(entries: tuple[FaqEntry, ...]) -> list[str]:
    """What the DM asks for, from the tags of the best entry: order number plus payment/address details."""
    tags = entries[0].tags if entries else ()
    extra = [n for n in dict.fromkeys(_NEEDS_BY_TAG.get(t) for t in tags) if n]
    return ["account"] if "account" in extra else ["order", *extra]


def _fit(parts: list[str], optional: list[int], limit: int, measure: Callable[[str], int],
         join: Callable[[list[str]], str]) -> str:
    """Join parts, dropping optional ones (in the given order) until the text fits `limit`."""
    keep = list(range(len(parts)))
    text = join(parts)
    for index in optional:
        if measure(text) <= limit:
            break
        keep.remove(index)
        text = join([parts[i] for i in keep])
    return text


def _shorten(answer: str, room: int, measure: Callable[[str], int]) -> str:
    """The answer cut at a sentence end so it fits `room` (whole answer when it fits)."""
    if measure(answer) <= room:
        return answer
    out = ""
    for sentence in _SENTENCE_END.split(answer):
        if measure(f"{out} {sentence}") > room:
            break
        out = f"{out} {sentence}".strip()
    if out:
        return out
    while answer and measure(answer + "…") > room:
        answer = answer[:-1]
    return answer.rstrip() + "…"


def _already_said(entry: FaqEntry, brief: Brief) -> bool:
    """An agent already gave this answer earlier in the thread (in any of its languages)."""
    agent = " ".join(t.text for t in brief.thread if t.role == "agent")
    if not agent:
        return False
    answers = [entry.answer, *(t.answer for t in entry.translations.values())]
    return any(answer[:60] in agent for answer in answers)


class Composer:
    """Deterministic replies from phrase packs and FAQ answers."""

    name = "composer"

    def compose(self, brief: Brief) -> list[Composed]:
        drafts = self._compose(brief)
        if brief.language == "zh" and brief.reading.script == "Hant":
            return [d.model_copy(update={"text": to_traditional(d.text)}) for d in drafts]
        return drafts

    def _compose(self, brief: Brief) -> list[Composed]:
        phrases = self._phrases(brief)
        reading, pack = brief.reading, brief.pack
        name = first_name(brief.author)
        greeting = phrases.greeting.named.format(name=name) if name else phrases.greeting.anonymous
        sign_off = pack.brand.sign_off
        again = phrases.again if any(t.role == "customer" for t in brief.thread) else ""
        hours = "" if in_hours(pack, brief.now) else hours_text(pack, phrases)
        ch = get_channel(brief.channel)

        def fit(parts: list[str], optional: list[int]) -> str:
            return _fit(parts, optional, ch.limit, ch.length, phrases.join)

        if "escalate" in reading.flags:
            text = fit([greeting, phrases.opener["upset"], phrases.escalate, sign_off], [1])
            dm = self._dm(brief, phrases, greeting, ["order"]) if reading.private else []
            return [Composed(text=text), *dm]
        nothing_to_solve = not brief.faq and not reading.private
        if nothing_to_solve and ("troll" in reading.flags or "injection" in reading.flags):
            # One calm, brief line; injected instructions are never followed or even acknowledged.
            return [Composed(text=fit([greeting, phrases.troll, sign_off], []))]

        opener = phrases.opener.get(reading.mood, phrases.opener["calm"])
        fresh = tuple(e for e in brief.faq if not _already_said(e, brief))
        if brief.faq and not fresh:
            # The agent already gave this answer and the customer is back: take it to a conversation.
            public = fit([greeting, phrases.again, phrases.dm_public, hours, sign_off], [3, 1])
            return [Composed(text=public), *self._dm(brief, phrases, greeting, _needs(brief.faq))]
        brief = brief.model_copy(update={"faq": fresh})
        if reading.private:
            public = fit([greeting, again, opener, phrases.dm_public, hours, sign_off], [4, 2, 1])
            faq_ids = tuple(e.id for e in brief.faq[:1])
            return [Composed(text=public, faq_ids=faq_ids), *self._dm(brief, phrases, greeting, _needs(brief.faq))]

        # Variant 1: every usable entry (a post may ask two things); 2: the best entry alone, no opener;
        # 3+: the next entries, in case the best one is not what the customer meant. An entry with no
        # translation in the customer's language is never pasted in another language into the first
        # draft: that one says we will follow up, and a later variant (blocked by language_mismatch)
        # carries the untranslated answer for the agent to translate.
        default = pack.brand.default_language
        speaks = tuple(e for e in brief.faq if brief.language == default or brief.language in e.translations)
        choices: list[tuple[tuple[FaqEntry, ...], bool]] = [(speaks[:2], True)]
        if speaks:
            choices += [(speaks[:1], False), *[((entry,), True) for entry in speaks[1:]]]
        choices += [((entry,), True) for entry in brief.faq if entry not in speaks]
        drafts: list[Composed] = []
        for entries, with_opener in choices:
            if len(drafts) == brief.variants:
                break
            answers = [e.text_in(brief.language, pack.brand.default_language).answer for e in entries]
            lead = opener if with_opener else ""
            room = max(40, ch.limit - ch.length(phrases.join([greeting, lead, sign_off])) - 2)
            if len(answers) > 1 and ch.length(phrases.join(answers)) > room:
                entries, answers = entries[:1], answers[:1]
            body = _shorten(phrases.join(answers), room, ch.length) if answers else phrases.no_answer
            text = fit([greeting, again, lead, body, hours, sign_off], [4, 1, 2])
            candidate = Composed(text=text, faq_ids=tuple(e.id for e in entries))
            if candidate not in drafts:
                drafts.append(candidate)
        return drafts

    def _dm(self, brief: Brief, phrases: PhrasePack, greeting: str, needs: list[str]) -> list[Composed]:
        ask = phrases.dm_private.format(needs=phrases.join_needs(needs))
        text = phrases.join([greeting, ask, phrases.dm_never, brief.pack.brand.sign_off])
        return [Composed(text=text, visibility="private", faq_ids=tuple(e.id for e in brief.faq[:1]))]

    @staticmethod
    def _phrases(brief: Brief) -> PhrasePack:
        for language in (brief.language, brief.pack.brand.default_language, "en"):
            try:
                return phrase_pack(language)
            except KeyError:
                continue
        raise KeyError("no phrase pack for en; the prompts package is incomplete")


@backend("composer")
def make_composer() -> Composer:
    return Composer()
