"""Deciding the reply plan (assistant/plan.py) from the reading, the brand and the retrieved FAQ entries."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from assistant.drafts import Turn
from assistant.lexicon import languages as lexicon_languages
from assistant.lexicon import lexicon
from assistant.plan import Action, Plan
from assistant.reading import Intent, Reading
from assistant.suggestion import outside_suggestions
from guardrails import person_first_name
from guardrails.languages import drafting_languages
from knowledge import BrandPack, FaqEntry
from prompts import PhrasePack, phrase_pack

_QUESTION = re.compile(r"[?？؟՞;]")  # Latin, full-width, Arabic-script, Armenian and Greek question marks
_FEEDBACK_TAGS = frozenset({"feedback", "suggestion", "suggestions", "ideas"})
"""FAQ tags of an entry that answers feedback itself (the brand's words for "thanks, passed on")."""
_NEEDS_BY_TAG = {
    "payment": "payment", "payments": "payment", "billing": "payment", "charge": "payment",
    "address": "address", "login": "account", "password": "account",
    "booking": "booking", "flight": "booking", "reservation": "booking",
}


class Situation(BaseModel):
    """What the plan is decided from."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    pack: BrandPack
    """The brand."""
    reading: Reading
    """How the post was read."""
    post: str
    """The customer's post."""
    language: str
    """Language the reply is written in."""
    faq: tuple[FaqEntry, ...] = ()
    """Usable FAQ entries, best first."""
    author: str | None = None
    """Display name of the customer."""
    thread: tuple[Turn, ...] = ()
    """Earlier messages."""
    now: datetime
    """Current time (for support hours)."""


def in_hours(pack: BrandPack, now: datetime) -> bool:
    """Whether `now` falls inside the brand's support hours (always, for a 24/7 brand)."""
    return pack.brand.support_hours.is_open(now)


def already_said(entry: FaqEntry, thread: tuple[Turn, ...]) -> bool:
    """An agent already gave this answer earlier in the thread (in any of its languages)."""
    agent = " ".join(t.text for t in thread if t.role == "agent")
    answers = [entry.answer, *(t.answer for t in entry.translations.values())]
    return bool(agent) and any(answer[:60] in agent for answer in answers)


def dm_asks(pack: BrandPack, language: str, faq: tuple[FaqEntry, ...], safety: bool = False) -> tuple[str, ...]:
    """What the DM asks for, in `language`: the best entry's own `dm_asks`, else the brand's, else what its
    tags name, else the order number (brands with order numbers) or the account and what happened."""
    phrases = phrase_pack_for(pack, language)
    brand = pack.brand
    has_orders = bool(brand.order_id_pattern or brand.order_number_example)
    if safety:
        return (phrases.need("incident"), *((phrases.need("order", brand.order_number_example),) if has_orders else ()))
    if faq:
        own = faq[0].text_in(language, brand.default_language).dm_asks
        if own and faq[0].speaks(language, brand.default_language):
            return (own,)
    if language in brand.dm_asks:
        return (brand.dm_asks[language],)
    tags = faq[0].tags if faq else ()
    keys = [n for n in dict.fromkeys(_NEEDS_BY_TAG.get(t) for t in tags) if n]
    if not keys:
        keys = ["details", "order"] if has_orders else ["details", "account"]
    elif "account" not in keys and "booking" not in keys and has_orders:
        keys = ["order", *keys]
    return tuple(phrases.need(k, brand.order_number_example) for k in keys)


def phrase_pack_for(pack: BrandPack, language: str) -> PhrasePack:
    """The phrase pack of `language` in the brand's form of address (the brand's language, then English,
    when there is no pack for `language`)."""
    for lang in (language, pack.brand.default_language, "en"):
        try:
            return phrase_pack(lang, pack.brand.address.get(lang))
        except KeyError:
            continue
    raise KeyError("no phrase pack for en; the prompts package is incomplete")


def reply_language(pack: BrandPack, customer_language: str) -> str:
    """The customer's language whenever Tactful drafts in it (the language registry), else the brand's default
    language."""
    if customer_language in drafting_languages():
        return customer_language
    return pack.brand.default_language


def answer_action(entry: FaqEntry, language: str, default: str) -> Action:
    """`answer` when the entry exists in `language`, else `foreign_answer`: quoted in the brand's language
    after a line in the customer's that says so."""
    return "answer" if entry.speaks(language, default) else "foreign_answer"


def effective_intent(reading: Reading, faq: tuple[FaqEntry, ...]) -> Intent:
    """The reading's intent, with the flags' word on safety and abuse (a troll with something to solve is a
    problem or a question, never ignored)."""
    if "escalate" in reading.flags:
        return "safety"
    if "troll" in reading.flags and not faq and not reading.private:
        return "abuse"
    if reading.intent == "abuse" and (faq or reading.private):
        return "problem"
    if reading.intent == "safety":
        return "problem"  # the classifier alone, without a safety cue in the text, does not escalate
    return reading.intent


# A display name that no given-name list knows ("Ngozi Okafor", "Łucja W.") is still greeted by its first
# word when it looks like a person's full name: two or three words of letters, each capitalised (or an
# initial; lower-case particles such as "de" and "van" aside), no handle signs, and no word that names a
# company, a role, a title or a nickname in any language with a list (assistant/data/names/<lang>.yaml:
# "Customer Care", "Obsługa Klienta", "Happy Camper", "Herr Müller"). Capitals are what tell a name here, so
# scripts without them (Persian, Chinese) rely on the given-name lists of guardrails alone.
# False-positive risk: a two-word nickname of unlisted words ("Pixel Wizard") is greeted "Hi Pixel!"; a
# single unlisted word ("Skylar", "Foodie") gets the plain greeting, because "Hi Foodie" reads worse than "Hi".
_HANDLE_SIGNS = re.compile(r"[@＠#_\d/:]")
_DECORATION = re.compile(r"[^\w\s'’.-]+")
_INITIAL = re.compile(r"[^\W\d_]\.?")
_CAPITALISED_PART = re.compile(r"(?:Mc|Mac|O'|O’|D'|D’)?([^\W\d_])([^\W\d_]+)")


def _capitalised(word: str) -> bool:
    """A word of letters with one leading capital per hyphenated part ("Okafor", "Jean-Luc", "McBride")."""
    for part in word.split("-"):
        m = _CAPITALISED_PART.fullmatch(part)
        if m is None or not m.group(1).isupper() or not m.group(2).islower():
            return False
    return True


@lru_cache(maxsize=2)
def _listed(key: str) -> frozenset[str]:
    """The `key` words of every language's names list (a company's display name need not be in its customers'
    language): `not_names`, and `particles` that join the parts of a name ("de", "van")."""
    words: set[str] = set()
    for lang in lexicon_languages("names"):
        listed = lexicon("names", lang).get(key)
        words |= {str(w).casefold() for w in listed} if isinstance(listed, list) else set()
    return frozenset(words)


def greeting_name(author: str | None) -> str | None:
    """The first name to greet `author` with: the listed given name (guardrails.person_first_name), else the
    first word of a display name shaped like a person's full name; None for handles and anything else."""
    listed = person_first_name(author)
    if listed or not author or _HANDLE_SIGNS.search(author):
        return listed
    words = [w for w in _DECORATION.sub(" ", author).split() if w not in _listed("particles")]
    if not 2 <= len(words) <= 3:
        return None
    first, rest = words[0], words[1:]
    if len(first) < 2 or not _capitalised(first) or not all(_capitalised(w) or _INITIAL.fullmatch(w) for w in rest):
        return None
    if any(w.strip(".").casefold() in _listed("not_names") for w in words) or len(set(words)) < len(words):
        return None
    return first


def make_plan(s: Situation) -> Plan:
    """Decide what the reply does. Rules of social care (DESIGN.md, "Drafting rules"): thank praise and never
    apologise to a happy customer; one apology for the upset; answer from the FAQ whenever it answers, in a
    private case too (the DM then offers the account check); never stall when there is an answer; say
    honestly when there is none; escalate safety; one calm line for abuse; support hours when out of hours."""
    reading, pack, faq = s.reading, s.pack, s.faq
    intent = effective_intent(reading, faq)
    mood = reading.mood
    phrases = phrase_pack_for(pack, s.language)
    name = greeting_name(s.author)
    fresh = tuple(e for e in faq if not already_said(e, s.thread))
    repeated = bool(faq) and not fresh
    # "Sorry you've had to write again" when the customer's last message went unanswered or an agent's answer
    # did not help; any other reply to an agent is a conversation going on, not a second attempt.
    # Praise and suggestions are never a second attempt: "sorry you've had to write again" is an apology.
    again = bool(s.thread) and (s.thread[-1].role == "customer" or repeated) and intent not in ("praise", "feedback")
    out_of_hours = not in_hours(pack, s.now)
    actions: list[Action] = ["greet", "again"] if again else ["greet"]

    def plan(**fields: object) -> Plan:
        return Plan(intent=intent, mood=mood, language=s.language, address=phrases.form, name=name,
                    **fields)  # type: ignore[arg-type]

    if intent == "safety":
        # Escalate, and nothing else: a retrieved FAQ answer next to "stop using it" (which cartridges the stove
        # takes, after a gas smell) reads as if we had not heard; the DM carries the rest.
        actions += ["apologise", "escalate", "dm"]
        actions += ["hours", "sign_off"] if out_of_hours else ["sign_off"]
        return plan(actions=tuple(actions), dm_asks=dm_asks(pack, s.language, faq, safety=True))
    if intent == "abuse" or ("injection" in reading.flags and not faq and not reading.private):
        # One calm line; injected instructions are never followed or even acknowledged.
        return plan(actions=("greet", "deflect", "sign_off"), recommend="no_reply" if intent == "abuse" else "reply")

    # Praise and suggestions get an answer only when they also ask something: an FAQ entry that merely
    # shares words with a compliment is no reason to recite it. The question mark of a suggestion ("Could you
    # add a dark mode?") asks for a product change, not for information, so it does not count.
    chatty = intent in ("praise", "feedback")
    asks = chatty and bool(_QUESTION.search(outside_suggestions(s.post, reading.language)))
    answer = fresh[:2] if not chatty or asks else ()
    # A suggestion is passed on in the brand's own words when a retrieved FAQ entry is about feedback ("We'll
    # forward your feedback ..."): it says what the generic thanks and "passed it on" would, as the brand does.
    own_words = tuple(e for e in fresh if _FEEDBACK_TAGS & set(e.tags))[:1] \
        if intent == "feedback" and not answer else ()
    answer = answer or own_words
    default = pack.brand.default_language
    # Translated answers only; a quote in another language when nothing is translated (one is enough to read).
    answer = tuple(e for e in answer if e.speaks(s.language, default)) or answer[:1]
    kind = answer_action(answer[0], s.language, default) if answer else None

    # Tone: one line that mirrors the mood and fits the intent.
    if intent == "praise":
        actions.append("thank")
    elif intent == "feedback":
        actions += [] if own_words else ["thank", "feedback_noted"]
    else:
        if mood == "anxious":
            actions.append("reassure")
        elif mood in ("upset", "sad") or (intent in ("problem", "complaint") and mood not in ("happy", "playful")):
            if not again:  # "again" has already apologised; a happy customer gets no apology
                actions.append("apologise")
        elif not answer and not reading.private:
            actions.append("thank")
        if intent == "complaint" and not answer and not reading.private:
            actions.append("complaint_noted")

    if repeated:
        actions.append("dm")  # the answer was given already and the customer is back: take it to a DM
    elif kind:
        actions.append(kind)
        if reading.private:
            actions.append("dm")
    elif reading.private:
        actions.append("dm")
    elif intent == "question":
        actions.append("unknown")
    elif intent == "problem":
        actions.append("ask_details")
    if out_of_hours and (intent not in ("praise", "feedback") or "dm" in actions):
        actions.append("hours")  # when someone may wait for us; dropped first when the reply is too long
    actions.append("sign_off")
    return plan(
        actions=tuple(actions),
        answer=tuple(e.id for e in answer) if not repeated else (),
        answer_language=default if kind == "foreign_answer" else None,
        dm_asks=dm_asks(pack, s.language, faq) if "dm" in actions else (),
    )
