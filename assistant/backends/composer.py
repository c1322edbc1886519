"""`composer`: the offline, deterministic default backend.

Renders the reply plan (assistant/plan.py) from the per-language phrase pack (prompts/packs/<lang>.yaml):
each plan action is one named slot, written only because the plan calls for it, so no sentence promises
what the reply does not do. Answers come from the FAQ in the reply's language, or quoted in the brand's
language with a line that says so. When the reply is too long for the channel, slots are dropped in
`_DROP` order, then the answer is cut after a whole sentence with a line that says there is more; when not
even one sentence fits, the reply says the answer is given in a direct message instead. An answer is never
cut inside a sentence. Each draft carries the plan of what its text does after fitting (`Composed.plan`):
a slot dropped for length is no longer in it, and an answer handed off to a DM is no longer an answer.
"""

from __future__ import annotations

import re

from assistant.backends import backend
from assistant.backends.base import Brief, Capabilities, Composed
from assistant.plan import Action, Plan
from assistant.planner import already_said, answer_action, phrase_pack_for
from assistant.script import to_traditional
from guardrails import channel as get_channel
from knowledge import BrandPack, FaqEntry
from prompts import PhrasePack

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？؟։])\s*")
_SENTENCE_END_BY_LANGUAGE = {"hy": re.compile(r"(?<=[։])\s*")}
"""Armenian ends a sentence with "։"; its "." is a colon (միջակետ), after which a sentence goes on."""
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
    """Support hours in the customer's language: day names from the phrase pack, times and zone as numbers."""
    hours = pack.brand.support_hours.describe(phrases.days, phrases.list_separator, phrases.join_list)
    return phrases.hours.format(hours=hours)


def sentences(text: str, language: str) -> list[str]:
    """The sentences of `text`, in order."""
    ends = sorted(len(c) for c in sentence_cuts(text, language))
    starts = [0, *ends]
    return [p for p in (text[a:b].strip() for a, b in zip(starts, [*ends, len(text)], strict=True)) if p]


def sentence_cuts(text: str, language: str) -> list[str]:
    """`text` cut after each of its whole sentences but the last, longest first."""
    ends = _SENTENCE_END_BY_LANGUAGE.get(language, _SENTENCE_END)
    whole = text.rstrip()
    cuts = {text[:m.start()].rstrip() for m in ends.finditer(text) if m.start() < len(whole)}
    return sorted((c for c in cuts if c), key=len, reverse=True)


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
        text, done = self.render(brief, plan, phrases)
        drafts = [Composed(text=text, faq_ids=done.answer, plan=done)]
        if plan.does("answer") or plan.does("foreign_answer"):
            for variant in self._variants(brief, plan):
                if len(drafts) >= brief.variants:
                    break
                text, done = self.render(brief, variant, phrases)
                if all(text != d.text for d in drafts):
                    drafts.append(Composed(text=text, faq_ids=done.answer, plan=done))
        if plan.does("dm"):
            handed_off = bool(plan.answer) and not drafts[0].faq_ids
            drafts += self._direct_messages(brief, plan, phrases, handed_off)
        return drafts

    def _direct_messages(self, brief: Brief, plan: Plan, phrases: PhrasePack, handed_off: bool) -> list[Composed]:
        """The private DM draft that asks for what is needed. When the public reply handed the answer off to
        the DM, the answer comes first, in whole sentences over as many messages as the channel needs."""
        name = phrases.greeting.named.format(name=plan.name) if plan.name else phrases.greeting.anonymous
        sign_off = brief.pack.brand.sign_off
        ask = [phrases.dm_private.format(needs=phrases.join_list(list(plan.dm_asks))), phrases.dm_never]
        if not handed_off:
            return [Composed(text=phrases.join([name, *ask, sign_off]), visibility="private", faq_ids=plan.answer[:1])]
        intro, body, language = self._answer_parts(brief, plan, phrases, plan.does("foreign_answer"))
        answer = [p for p in (intro, *sentences(body, language)) if p]
        ch = get_channel(brief.channel)
        room = ch.limit - ch.length(phrases.join(["", sign_off]))
        messages: list[list[str]] = [[name]]
        for part in [*answer, *ask]:
            if len(messages[-1]) > 1 and ch.length(phrases.join([*messages[-1], part])) > room:
                messages.append([])
            messages[-1].append(part)
        texts = [phrases.join([*m, sign_off]) for m in messages]
        return [Composed(text=t, visibility="private", faq_ids=plan.answer if any(a in t for a in answer) else ())
                for t in texts]

    @staticmethod
    def _answer_action(plan: Plan) -> Action:
        return "foreign_answer" if plan.does("foreign_answer") else "answer"

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

    def render(self, brief: Brief, plan: Plan, phrases: PhrasePack) -> tuple[str, Plan]:
        """The public reply for `plan` fitted to the channel, and the plan of what that text does.

        Optional slots go first (`_DROP`), then the answer is cut after a whole sentence with a line saying
        there is more, and only then the apology. When not one sentence of the answer fits, the reply says
        the answer comes in a direct message, and the plan then hands off to a DM instead of answering. The
        escalation always stays, and so does the DM hand-off outside safety cases."""
        ch = get_channel(brief.channel)
        slots = {a: self._slot(a, brief, plan, phrases) for a in plan.actions}
        answer_slot: Action | None = (
            self._answer_action(plan) if plan.does("answer") or plan.does("foreign_answer") else None)
        dropped: set[Action] = set()

        def text() -> str:
            return phrases.join([slots[a] for a in plan.actions if a in slots])

        def fits() -> bool:
            return ch.length(text()) <= ch.limit

        def drop(action: Action) -> None:
            if slots.pop(action, None) is not None:
                dropped.add(action)

        # In a safety case the private DM draft and the safety team's promise carry the follow-up, so the
        # public DM sentence may go before the apology; elsewhere it is the only pointer to the DM.
        for action in (*_DROP, "dm") if plan.intent == "safety" else _DROP:
            if fits():
                break
            drop(action)
        if answer_slot is None or fits():
            if not fits():
                drop("apologise")
            return text(), self._fitted(plan, dropped, None)

        full, dm_line = slots[answer_slot], slots.get("dm")
        intro, body, body_language = self._answer_parts(brief, plan, phrases, answer_slot == "foreign_answer")
        answer_phrases = phrase_pack_for(brief.pack, body_language)

        def cut_answer() -> bool:
            for cut in sentence_cuts(body, body_language):
                note = phrases.answer_more
                if dm_line is not None and plan.intent != "safety":
                    # One line says both that there is more and where: the DM this case continues in (unless
                    # the answer's own words still ask for the DM).
                    own_ask = answer_phrases.asks_for_dm(cut)
                    slots["dm"], note = ("", note) if own_ask else (phrases.answer_more_dm, "")
                slots[answer_slot] = phrases.join([intro, cut, note])
                if fits():
                    return True
            slots[answer_slot] = full
            if dm_line is not None:
                slots["dm"] = dm_line
            return False

        if cut_answer():
            return text(), self._fitted(plan, dropped, None, self._given(brief, plan, slots[answer_slot]))
        apology = slots.get("apologise")
        drop("apologise")  # only when not even a cut answer fits beside it
        if cut_answer():
            return text(), self._fitted(plan, dropped, None, self._given(brief, plan, slots[answer_slot]))
        # Not one sentence fits: say so, and offer the answer in a DM (the private draft then holds it).
        slots[answer_slot] = phrases.answer_by_dm
        slots.pop("dm", None)
        if apology is not None:
            slots["apologise"] = apology
            if fits():
                dropped.discard("apologise")
            else:
                del slots["apologise"]
        return text(), self._fitted(plan, dropped, answer_slot)

    @staticmethod
    def _given(brief: Brief, plan: Plan, answer: str) -> tuple[str, ...]:
        """The ids of the plan's answers that an answer cut to fit still quotes (from its first sentence)."""
        language = plan.answer_language or plan.language
        default = brief.pack.brand.default_language
        return tuple(e.id for e in _entries(brief, plan.answer)
                     if (sentences(e.text_in(language, default).answer, language) or [""])[0] in answer)

    @staticmethod
    def _fitted(plan: Plan, dropped: set[Action], handed_off: Action | None,
                given: tuple[str, ...] | None = None) -> Plan:
        """`plan` without the actions dropped for length and the answers cut away; an answer handed off to a
        DM becomes `dm`."""
        if given is not None and given != plan.answer:
            plan = plan.model_copy(update={"answer": given})
        if not dropped and handed_off is None:
            return plan
        actions: list[Action] = []
        for a in plan.actions:
            if a in dropped or (handed_off and a == "dm"):
                continue
            actions.append("dm" if a == handed_off else a)
        update: dict[str, object] = {"actions": tuple(actions)}
        if handed_off:
            update |= {"answer": (), "answer_language": None}
        return plan.model_copy(update=update)

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
    def _answer_parts(brief: Brief, plan: Plan, phrases: PhrasePack, foreign: bool) -> tuple[str, str, str]:
        """The line before the answer (quoted-language note or steps intro, "" for none), the answer text,
        and the language the answer text is in."""
        pack = brief.pack
        entries = _entries(brief, plan.answer)
        language = plan.answer_language if foreign and plan.answer_language else plan.language
        answers = [e.text_in(language, pack.brand.default_language).answer for e in entries]
        if foreign:
            return (phrases.foreign_answer.format(language=phrases.language_name(language)), " ".join(answers),
                    language)
        body = phrases.join(answers)
        if plan.mood == "confused" and sentence_cuts(body, language):
            return phrases.steps_intro, body, language
        return "", body, language

    def _answer(self, brief: Brief, plan: Plan, phrases: PhrasePack, foreign: bool) -> str:
        intro, body, _ = self._answer_parts(brief, plan, phrases, foreign)
        return phrases.join([intro, body])


@backend("composer", capabilities=Capabilities(offline=True, rewrite=False))
def make_composer() -> Composer:
    return Composer()
