"""`composer`: the offline, deterministic default backend.

Renders the reply plan (assistant/plan.py) from the per-language phrase pack (prompts/packs/<lang>.yaml):
each plan action is one named slot, written only because the plan calls for it, so no sentence promises
what the reply does not do. Answers come from the FAQ in the reply's language, or quoted in the brand's
language with a line that says so. When the reply is too long for the channel, slots are dropped in
`_DROP` order and then the answer is cut at a sentence end.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.backends import backend
from assistant.backends.base import Brief, Composed
from assistant.plan import Action, Plan
from assistant.planner import already_said, answer_action, phrase_pack_for
from assistant.script import to_traditional
from guardrails import channel as get_channel
from knowledge import BrandPack, FaqEntry
from prompts import PhrasePack

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？؟։])\s*")
_DROP: tuple[Action, ...] = ("hours", "again", "thank", "reassure", "feedback_noted", "complaint_noted")
"""Slots dropped first when a reply is too long; then the answer is cut, then the apology goes."""
_TONE: tuple[Action, ...] = ("again", "thank", "reassure", "apologise", "feedback_noted", "complaint_noted")
"""Slots a shorter variant leaves out."""


def _entries(brief: Brief, ids: tuple[str, ...]) -> list[FaqEntry]:
    """The entries with these ids, from the brief's retrieved entries (the pack's when not retrieved)."""
    known = {e.id: e for e in brief.faq}
    return [e for e in (known.get(i) or brief.pack.entry(i) for i in ids) if e is not None]


def _safety_promise(brief: Brief, plan: Plan, phrases: PhrasePack) -> str:
    """The brand's safety promise in the reply's language, else the phrase pack's."""
    return brief.pack.brand.safety_promise.get(plan.language, phrases.safety_promise)


def hours_text(pack: BrandPack, phrases: PhrasePack) -> str:
    """Support hours in the customer's language."""
    h = pack.brand.support_hours
    days = phrases.days.get(h.days, h.days)
    return phrases.hours.format(hours=f"{days} {h.opens}–{h.closes} ({h.timezone})")


def _shorten(answer: str, room: int, measure: Callable[[str], int]) -> str:
    """The answer cut at a sentence end so it fits `room` (whole answer when it fits)."""
    if measure(answer) <= room:
        return answer
    out = ""
    for sentence in _SENTENCE_END.split(answer):
        if measure(f"{out} {sentence}".strip()) > room:
            break
        out = f"{out} {sentence}".strip()
    if out:
        return out
    while answer and measure(answer + "…") > room:
        answer = answer[:-1]
    return answer.rstrip() + "…"


class Composer:
    """Deterministic replies: the plan rendered from phrase packs and FAQ answers."""

    name = "composer"

    def compose(self, brief: Brief) -> list[Composed]:
        drafts = self._compose(brief)
        if brief.language == "zh" and brief.reading.script == "Hant":
            return [d.model_copy(update={"text": to_traditional(d.text)}) for d in drafts]
        return drafts

    def _compose(self, brief: Brief) -> list[Composed]:
        plan = brief.plan
        phrases = phrase_pack_for(brief.pack, plan.language)
        drafts = [Composed(text=self.render(brief, plan, phrases), faq_ids=plan.answer)]
        if plan.does("answer") or plan.does("foreign_answer"):
            for variant in self._variants(brief, plan):
                if len(drafts) >= brief.variants:
                    break
                candidate = Composed(text=self.render(brief, variant, phrases), faq_ids=variant.answer, plan=variant)
                if all(candidate.text != d.text for d in drafts):
                    drafts.append(candidate)
        if plan.does("dm"):
            needs = phrases.join_list(list(plan.dm_asks))
            name = phrases.greeting.named.format(name=plan.name) if plan.name else phrases.greeting.anonymous
            text = phrases.join([name, phrases.dm_private.format(needs=needs), phrases.dm_never,
                                 brief.pack.brand.sign_off])
            drafts.append(Composed(text=text, visibility="private", faq_ids=plan.answer[:1]))
        return drafts

    @staticmethod
    def _variants(brief: Brief, plan: Plan) -> list[Plan]:
        """The best answer alone without the tone line (shorter), the plan with a thank-you for getting in
        touch (warmer), then each further usable entry not given yet in the thread, in case the best one is
        not what the customer meant; each answer in the customer's language or quoted with its intro."""
        default = brief.pack.brand.default_language

        def answering(entry: FaqEntry, actions: tuple[Action, ...]) -> Plan:
            kind = answer_action(entry, plan.language, default)
            return plan.model_copy(update={
                "answer": (entry.id,), "answer_language": default if kind == "foreign_answer" else None,
                "actions": tuple(kind if a in ("answer", "foreign_answer") else a for a in actions),
            })

        lean = tuple(a for a in plan.actions if a not in _TONE)
        warm = plan.actions if plan.does("thank") or plan.does("apologise") else (
            plan.actions[:1] + ("thank",) + plan.actions[1:])
        best = _entries(brief, plan.answer[:1])
        variants = [answering(best[0], lean)] if best else []
        variants.append(plan.model_copy(update={"actions": warm}))
        variants += [answering(e, lean) for e in brief.faq
                     if e.id not in plan.answer[:1] and not already_said(e, brief.thread)]
        return variants

    def render(self, brief: Brief, plan: Plan, phrases: PhrasePack) -> str:
        """The public reply for `plan`, fitted to the channel: optional slots go first, then the answer is
        cut at a sentence end, and only then the apology; the escalation always stays, and so does the DM
        hand-off outside safety cases."""
        ch = get_channel(brief.channel)
        slots = {a: self._slot(a, brief, plan, phrases) for a in plan.actions}
        answer_slot: Action | None = (
            "answer" if plan.does("answer") else "foreign_answer" if plan.does("foreign_answer") else None)
        full = slots.get(answer_slot, "") if answer_slot else ""

        def text() -> str:
            return phrases.join([slots[a] for a in plan.actions if a in slots])

        def fit_answer() -> None:
            if answer_slot:
                slots[answer_slot] = ""
                room = ch.limit - ch.length(text()) - 1
                slots[answer_slot] = _shorten(full, max(40, room), ch.length)

        # In a safety case the private DM draft and the safety team's promise carry the follow-up, so the
        # public DM sentence may go before the apology; elsewhere it is the only pointer to the DM.
        for action in (*_DROP, "dm") if plan.intent == "safety" else _DROP:
            if ch.length(text()) <= ch.limit:
                return text()
            slots.pop(action, None)
        if ch.length(text()) > ch.limit:
            fit_answer()
        if ch.length(text()) > ch.limit:
            slots.pop("apologise", None)  # only when even a cut answer does not fit beside it
            fit_answer()
        return text()

    def _slot(self, action: Action, brief: Brief, plan: Plan, phrases: PhrasePack) -> str:
        pack = brief.pack
        if action == "greet":
            return phrases.greeting.named.format(name=plan.name) if plan.name else phrases.greeting.anonymous
        if action == "thank":
            if plan.intent == "praise":
                return phrases.thank.playful if plan.mood == "playful" else phrases.thank.praise
            return phrases.thank.feedback if plan.intent == "feedback" else phrases.thank.contact
        if action == "apologise":
            key = "safety" if plan.intent == "safety" else plan.mood if plan.mood in ("upset", "sad") else "problem"
            return str(getattr(phrases.apologise, key))
        if action in ("answer", "foreign_answer"):
            return self._answer(brief, plan, phrases, action == "foreign_answer")
        if action == "dm":
            if plan.answer and self._answer_asks_for_dm(brief, plan):
                return ""  # the FAQ answer is itself the hand-off: no second request
            if plan.intent == "safety" and phrases.asks_for_dm(_safety_promise(brief, plan, phrases)):
                return ""  # "our safety team will contact you by DM" already says where this continues
            return phrases.dm_public_after_answer if plan.answer else phrases.dm_public
        if action == "escalate":
            advice = pack.brand.safety_advice.get(plan.language, phrases.escalate_stop)
            return phrases.join([advice, _safety_promise(brief, plan, phrases)])
        if action == "hours":
            return hours_text(pack, phrases)
        if action == "sign_off":
            return pack.brand.sign_off
        simple: dict[str, str] = {
            "again": phrases.again, "reassure": phrases.reassure, "feedback_noted": phrases.feedback_noted,
            "complaint_noted": phrases.complaint_noted, "unknown": phrases.unknown,
            "ask_details": phrases.ask_details, "deflect": phrases.deflect,
        }
        return simple.get(action, "")

    @staticmethod
    def _answer_asks_for_dm(brief: Brief, plan: Plan) -> bool:
        language = plan.answer_language or plan.language
        answer_phrases = phrase_pack_for(brief.pack, language)
        default = brief.pack.brand.default_language
        return any(answer_phrases.asks_for_dm(e.text_in(language, default).answer)
                   for e in _entries(brief, plan.answer))

    @staticmethod
    def _answer(brief: Brief, plan: Plan, phrases: PhrasePack, foreign: bool) -> str:
        pack = brief.pack
        entries = _entries(brief, plan.answer)
        language = plan.answer_language if foreign and plan.answer_language else plan.language
        answers = [e.text_in(language, pack.brand.default_language).answer for e in entries]
        body = phrases.join(answers) if not foreign else " ".join(answers)
        if foreign:
            return phrases.join([phrases.foreign_answer.format(language=phrases.language_name(language)), body])
        if plan.mood == "confused" and len(_SENTENCE_END.split(body)) > 1:
            return phrases.join([phrases.steps_intro, body])
        return body


@backend("composer")
def make_composer() -> Composer:
    return Composer()
