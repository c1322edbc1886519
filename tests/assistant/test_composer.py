"""The composer renders the plan: every sentence is there because the plan calls for it, none twice."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.backends.base import Brief
from assistant.backends.composer import Composer
from assistant.planner import Situation, make_plan
from assistant.reading import Reading
from guardrails import weighted_length
from knowledge import BrandPack, FaqEntry
from prompts import phrase_pack

IN_HOURS = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def _compose(pack: BrandPack, post: str, language: str = "en", faq: tuple[FaqEntry, ...] = (),
             author: str | None = None, variants: int = 1, **reading: object) -> list:
    r = Reading.model_validate({"language": language, **reading})
    plan = make_plan(Situation(pack=pack, reading=r, post=post, language=language, faq=faq, author=author,
                               now=IN_HOURS))
    brief = Brief(pack=pack, reading=r, plan=plan, post=post, language=language, channel="twitter", limit=280,
                  author=author, faq=faq, variants=variants, now=IN_HOURS)
    return Composer().compose(brief)


def test_an_faq_answer_that_is_itself_a_dm_hand_off_is_not_followed_by_a_second_one(pack: BrandPack) -> None:
    handoff = FaqEntry(id="dm-order", question="Where is my order?",
                       answer="Please send us a DM with your order number and we'll look into it.")
    drafts = _compose(pack, "where is my order??", faq=(handoff,), intent="problem", mood="upset", private=True)
    public = drafts[0].text
    assert handoff.answer in public
    assert phrase_pack("en").dm_public_after_answer not in public and phrase_pack("en").dm_public not in public
    assert [d.visibility for d in drafts] == ["public", "private"]


@pytest.mark.parametrize("language", ["en", "de", "es", "fr", "pl", "zh", "fa", "hy"])
def test_praise_gets_thanks_in_every_language_and_nothing_else(pack: BrandPack, language: str) -> None:
    phrases = phrase_pack(language, pack.brand.address.get(language))
    [draft] = _compose(pack, "…", language=language, intent="praise", mood="happy")
    assert phrases.thank.praise in draft.text
    for other in (phrases.apologise.upset, phrases.unknown, phrases.dm_public, phrases.ask_details):
        assert other not in draft.text


@pytest.mark.parametrize("language", ["en", "de", "es", "fr", "pl", "zh", "fa", "hy"])
def test_safety_case_escalates_in_every_language_within_the_limit(pack: BrandPack, language: str) -> None:
    phrases = phrase_pack(language, pack.brand.address.get(language))
    drafts = _compose(pack, "…", language=language, intent="safety", mood="anxious", flags=("escalate",),
                      author="Marta Nowak")
    public = drafts[0].text
    assert phrases.escalate_stop in public
    assert weighted_length(public) <= 280
    assert drafts[-1].visibility == "private" and phrases.needs.incident in drafts[-1].text


def test_a_long_answer_is_cut_at_a_sentence_end_and_the_tone_line_goes_first(pack: BrandPack) -> None:
    long = FaqEntry(id="long", question="q", answer=" ".join(f"Step {n} is to check part {n} of the tent." for n in
                                                               range(1, 20)))
    [draft] = _compose(pack, "how?", faq=(long,), intent="question", mood="confused")
    assert weighted_length(draft.text) <= 280
    assert draft.text.rstrip().endswith(pack.brand.sign_off)
    assert "tent." in draft.text  # cut after a whole sentence


def test_a_private_case_keeps_its_dm_hand_off_when_the_answer_is_long(pack: BrandPack) -> None:
    long = FaqEntry(id="long", question="q", answer=" ".join(f"Step {n} is to check part {n} of the tent." for n in
                                                               range(1, 20)))
    drafts = _compose(pack, "my order never came", faq=(long,), intent="problem", mood="upset", private=True)
    public = drafts[0].text
    # the cut answer says in the same line that the rest, and the account check, come by DM
    assert phrase_pack("en").answer_more_dm in public and weighted_length(public) <= 280
    assert phrase_pack("en").apologise.upset in public  # a cut answer is no reason to drop the one apology


def test_every_variant_says_in_the_customers_language_when_its_answer_is_quoted(pack: BrandPack) -> None:
    translated = pack.entry("shipping-times")
    untranslated = next(e for e in pack.faq if "de" not in e.translations)
    assert translated is not None and "de" in translated.translations
    drafts = _compose(pack, "Wie lange dauert die Lieferung?", language="de", faq=(translated, untranslated),
                      variants=4, intent="question", mood="calm")
    intro = phrase_pack("de", pack.brand.address.get("de")).foreign_answer.split("{")[0]
    for d in drafts:
        quoted = untranslated.id in d.faq_ids
        assert (intro in d.text) is quoted, d.text


def test_the_brand_says_what_to_do_in_a_safety_case_and_what_it_promises(pack: BrandPack) -> None:
    airline = pack.model_copy(update={"brand": pack.brand.model_copy(update={
        "safety_advice": {"en": "Please speak to a flight attendant right away."},
        "safety_promise": {"en": "Our safety team will follow up with you."}})})
    public = _compose(airline, "…", intent="safety", mood="anxious", flags=("escalate",))[0].text
    assert "flight attendant" in public and "follow up with you" in public
    assert phrase_pack("en").escalate_stop not in public


def _compose_at(pack: BrandPack, post: str, now: datetime, faq: tuple[FaqEntry, ...] = (), language: str = "en",
                **reading: object) -> list:
    r = Reading.model_validate({"language": language, **reading})
    plan = make_plan(Situation(pack=pack, reading=r, post=post, language=language, faq=faq, now=now))
    brief = Brief(pack=pack, reading=r, plan=plan, post=post, language=language, channel="twitter", limit=280,
                  faq=faq, now=now)
    return Composer().compose(brief)


OUT_OF_HOURS = datetime(2026, 11, 29, 22, 0, tzinfo=UTC)  # Sunday night in Berlin
_LONG = FaqEntry(id="long", question="q", answer=(
    "Orders leave our warehouse within one working day, and you get a tracking link by email as soon as they do. "
    "Delivery then takes two to four working days in Germany and three to seven elsewhere in Europe. "
    "Parcels to Armenia take seven to ten working days and may be held at customs for a few days more."))


@pytest.mark.parametrize(("mood", "intent", "private"), [("anxious", "question", False), ("calm", "question", False),
                                                         ("upset", "problem", True), ("confused", "question", True)])
def test_the_plan_on_a_draft_lists_only_what_its_text_does(pack: BrandPack, mood: str, intent: str, private: bool
                                                            ) -> None:
    """Out of hours with a long answer the hours line (and the tone line) are dropped for length: the plan
    shown to the agent must not claim them."""
    phrases = phrase_pack("en")
    lines = {"hours": "Our team is here", "reassure": phrases.reassure, "thank": phrases.thank.contact,
             "apologise": phrases.apologise.upset, "dm": "direct message"}
    for draft in _compose_at(pack, "when will it arrive?", OUT_OF_HOURS, (_LONG,), mood=mood, intent=intent,
                             private=private):
        if draft.visibility == "private":
            continue
        assert draft.plan is not None and weighted_length(draft.text) <= 280
        for action, line in lines.items():
            assert draft.plan.does(action) == (line in draft.text), (action, draft.plan.actions, draft.text)
        assert draft.plan.does("answer") == bool(draft.faq_ids) == (_LONG.answer[:40] in draft.text)


@pytest.mark.parametrize("language", ["en", "de", "es", "fr", "pl", "zh", "fa", "hy"])
@pytest.mark.parametrize("private", [False, True])
def test_an_answer_is_never_cut_inside_a_sentence(pack: BrandPack, language: str, private: bool) -> None:
    """What is quoted of the answer is whole sentences, and the reply says there is more (or that the answer
    comes by DM); what the public reply promises for the DM, the DM drafts give."""
    phrases = phrase_pack(language, pack.brand.address.get(language))
    drafts = _compose_at(pack, "…", IN_HOURS, (_LONG,), language=language, intent="problem", mood="upset",
                         private=private)
    public, dms = drafts[0], drafts[1:]
    assert "…" not in public.text and weighted_length(public.text) <= 280
    sentences = [s if s.endswith(".") else s + "." for s in _LONG.answer.split(". ")]
    quoted = [s for s in sentences if s[:-1] in public.text]
    assert all(s in public.text for s in quoted), public.text  # each with its full stop
    assert quoted == sentences[:len(quoted)]
    if not quoted:
        assert phrases.answer_by_dm in public.text and not public.faq_ids
    elif len(quoted) < len(sentences):
        assert (phrases.answer_more_dm if private else phrases.answer_more) in public.text, public.text
        assert public.faq_ids == ("long",)
    if private and not quoted:  # handed off: the DM drafts hold the whole answer, each within the limit
        assert all(s in " ".join(d.text for d in dms) for s in sentences)
    assert all(weighted_length(d.text) <= 280 for d in dms)


def test_an_answer_too_long_for_even_one_sentence_is_offered_by_dm_and_said_so(pack: BrandPack) -> None:
    phrases = phrase_pack("en")
    one_sentence = FaqEntry(id="one", question="q", answer=(
        "Our tents are covered for five years against defects in materials and workmanship, including seams, "
        "zips, poles and the groundsheet, as long as you registered the tent within thirty days of purchase, "
        "kept the receipt and used it as described in the care guide that came in the box with it."))
    [public] = _compose_at(pack, "is my tent covered?", IN_HOURS, (one_sentence,), intent="question", mood="calm")
    assert "…" not in public.text and one_sentence.answer[:30] not in public.text
    assert phrases.answer_by_dm in public.text
    assert public.plan is not None and not public.plan.does("answer") and public.plan.does("dm")
    assert public.faq_ids == () and public.plan.answer == ()  # no facts in the text, none claimed

    shorter = one_sentence.model_copy(update={"answer": one_sentence.answer.split(", as long")[0] + "."})
    drafts = _compose_at(pack, "is my tent covered?", IN_HOURS, (shorter,), intent="problem", mood="upset",
                         private=True)
    public, private = drafts[0], drafts[1:]
    assert phrases.answer_by_dm in public.text and phrases.dm_public_after_answer not in public.text
    assert phrases.apologise.upset in public.text  # room for the one apology next to the hand-off
    assert any(shorter.answer in d.text for d in private), "the DM gives the answer the reply promised"
    assert any(phrases.dm_never in d.text for d in private)
    assert all(weighted_length(d.text) <= 280 for d in private)


def test_an_answer_cut_away_is_not_listed_as_used(pack: BrandPack) -> None:
    """Two answers, and room for part of the first only: the draft lists the FAQ id it quotes, not the other."""
    second = FaqEntry(id="second", question="q2", answer="Refunds reach your account within five to seven days.")
    drafts = _compose_at(pack, "when will it arrive and when do I get my refund?", IN_HOURS, (_LONG, second),
                         intent="question", mood="calm")
    public = drafts[0]
    assert second.answer not in public.text and _LONG.answer[:40] in public.text
    assert public.faq_ids == ("long",) and public.plan is not None and public.plan.answer == ("long",)
