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
    assert phrase_pack("en").dm_public_after_answer in public and weighted_length(public) <= 280
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
