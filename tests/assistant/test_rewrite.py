"""Rewriting an agent's own reply to a tone (`tactful rewrite`, POST /v1/rewrites): what a user would notice."""

from __future__ import annotations

import json
import re

import pytest

from assistant import BackendError, BadRequest, DraftingService
from assistant.backends import make_backend
from assistant.backends.base import RewriteBrief
from assistant.planner import phrase_pack_for
from assistant.rewrite import MECHANICAL_TONES, TONES, RewriteResult, rewrite, rewrite_data, sentences
from guardrails import channel
from knowledge import BrandPack, KnowledgeStore
from prompts.packs import languages

EMOJI = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]")
FAQ = ("shipping-times",)

UPSET = {  # (the customer's post, an agent's plain reply stating the FAQ's facts)
    "en": ("My order is two weeks late and nobody answers me. This is ridiculous!",
           "Orders ship within 1 business day."),
    "pl": ("Moje zamówienie spóźnia się już dwa tygodnie i nikt mi nie odpowiada. To skandal!",
           "Zamówienia wysyłamy w ciągu 1 dnia roboczego."),
    "de": ("Meine Bestellung ist seit zwei Wochen überfällig und niemand antwortet mir. Das ist eine Frechheit!",
           "Bestellungen verschicken wir innerhalb von 1 Werktag."),
    "es": ("Mi pedido lleva dos semanas de retraso y nadie me responde. ¡Es una vergüenza!",
           "Enviamos los pedidos en 1 día hábil."),
    "fr": ("Ma commande a deux semaines de retard et personne ne me répond. C'est scandaleux !",
           "Les commandes partent sous 1 jour ouvré."),
    "zh": ("我的订单已经晚了两个星期，也没有人回复我。太过分了！", "订单在1个工作日内发货。"),
    "fa": ("سفارشم دو هفته تأخیر دارد و هیچ‌کس جواب نمی‌دهد. واقعاً افتضاح است!",
           "سفارش‌ها ظرف 1 روز کاری ارسال می‌شوند."),
    "hy": ("Պատվերս երկու շաբաթ ուշանում է, և ոչ ոք չի պատասխանում։ Սա անընդունելի է։",
           "Պատվերներն ուղարկվում են 1 աշխատանքային օրվա ընթացքում։"),
}


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+", text)


def _checked_like_a_reply(service: DraftingService, pack: BrandPack, result: RewriteResult, **context: object) -> None:
    """The result's findings are the guardrails' findings on its text, in the same context as a check."""
    report = service.check_reply(result.text, pack, "twitter", **context)  # type: ignore[arg-type]
    assert result.findings == report.findings and result.blocked == report.blocked


# --- every language and tone has what it needs ---------------------------------------------------------------


@pytest.mark.parametrize("language", languages())
def test_every_phrase_pack_language_has_rewrite_lists(language: str) -> None:
    data = rewrite_data(language)
    assert data is not None, f"add assistant/data/rewrite/{language}.yaml"
    assert data.language == language
    for field in ("greetings", "apology", "thanks", "filler", "formal", "joints", "wordy"):
        assert getattr(data, field), f"{language}: {field} is empty"


def test_every_tone_has_a_mechanical_rewrite() -> None:
    assert set(MECHANICAL_TONES) == set(TONES) == {"warmer", "shorter", "formal", "simpler", "fix"}


# --- warmer --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", sorted(UPSET))
def test_warmer_adds_one_apology_and_a_greeting_for_an_upset_customer(
        service: DraftingService, pack: BrandPack, language: str) -> None:
    post, reply = UPSET[language]
    result = rewrite(service, reply, pack, "twitter", "warmer", post=post, faq_ids=FAQ)
    phrases = phrase_pack_for(pack, language)
    assert result.language == language and result.backend == "composer"
    assert reply in result.text, "the agent's own words stay"
    assert _numbers(result.text) == _numbers(reply)
    apologies = [line for line in phrases.apologise.model_dump().values() if line in result.text]
    assert len(apologies) == 1 and result.text.count(apologies[0]) == 1, result.text
    assert result.text.startswith(phrases.greeting.anonymous), result.text
    assert not EMOJI.search(result.text), "no emoji for an upset customer"
    assert any("apology" in c for c in result.changes) and result.unchanged, "it says what it did and did not do"
    assert not result.blocked, result.findings
    _checked_like_a_reply(service, pack, result, faq_ids=FAQ, post=post)


@pytest.mark.parametrize(("reply", "post"), [
    ("Hi Mark, sorry about the wait. Orders ship within 1 business day.", UPSET["en"][0]),
    ("Hallo Jonas, das tut mir leid. Bestellungen verschicken wir innerhalb von 1 Werktag.", UPSET["de"][0]),
    ("¡Hola! Disculpa la espera. Enviamos los pedidos en 1 día hábil.", UPSET["es"][0]),
])
def test_warmer_never_adds_a_second_apology(service: DraftingService, pack: BrandPack, reply: str, post: str) -> None:
    result = rewrite(service, reply, pack, "twitter", "warmer", post=post, faq_ids=FAQ)
    assert result.text == reply and not result.changes
    assert any("nothing was missing" in note for note in result.unchanged)


def test_warmer_thanks_a_calm_customer_and_never_apologises(service: DraftingService, pack: BrandPack) -> None:
    result = rewrite(service, "Hi Sam, orders ship within 1 business day.", pack, "twitter", "warmer",
                     post="How long does delivery to Germany take?", faq_ids=FAQ)
    phrases = phrase_pack_for(pack, "en")
    assert result.text == f"Hi Sam! {phrases.thank.contact} Orders ship within 1 business day.", result.text
    assert not any(line in result.text for line in phrases.apologise.model_dump().values())


def test_warmer_reassures_an_anxious_customer(service: DraftingService, pack: BrandPack) -> None:
    post = ("I'm really worried, my parcel was supposed to arrive yesterday and the tracking hasn't moved. "
            "What should I do?")
    result = rewrite(service, "Hi! You can track it any time at brightfern.example/track.", pack, "twitter",
                     "warmer", post=post)
    assert phrase_pack_for(pack, "en").reassure in result.text
    assert "brightfern.example/track" in result.text


def test_warmer_without_the_post_says_it_could_not_tell_a_complaint(service: DraftingService,
                                                                      pack: BrandPack) -> None:
    result = rewrite(service, "Orders ship within 1 business day.", pack, "twitter", "warmer", faq_ids=FAQ)
    assert any("without the customer's post" in note for note in result.unchanged)


# --- shorter -------------------------------------------------------------------------------------------------

SHORTER = [
    ("en", "Hi Sam! Thanks for reaching out. Refunds go back to your original payment method within 5–7 business "
           "days after your return arrives. Thanks again! Hope this helps. Let us know if you have any other "
           "questions. Have a great day!"),
    ("es", "¡Hola! Gracias por escribirnos. Enviamos los pedidos en 1 día hábil. Espero que te sirva. "
           "¡Que tengas un buen día!"),
    ("de", "Hallo! Du kannst deine Bestellung jederzeit unter brightfern.example/track verfolgen. Ich hoffe, das "
           "hilft. Einen schönen Tag noch!"),
    ("pl", "Cześć! Zamówienia wysyłamy w ciągu 1 dnia roboczego. Mam nadzieję, że to pomoże. Miłego dnia!"),
    ("fr", "Bonjour ! Les commandes partent sous 1 jour ouvré. Bonne journée ! Cordialement."),
    ("zh", "您好！订单在1个工作日内发货。希望对您有帮助。祝您生活愉快！"),
]


@pytest.mark.parametrize(("language", "reply"), SHORTER)
def test_shorter_drops_pleasantries_and_keeps_every_fact(service: DraftingService, pack: BrandPack, language: str,
                                                        reply: str) -> None:
    result = rewrite(service, reply, pack, "twitter", "shorter")
    assert result.language == language
    assert len(result.text) < len(reply)
    assert _numbers(result.text) == _numbers(reply)
    assert ("brightfern.example/track" in result.text) == ("brightfern.example/track" in reply)
    data = rewrite_data(language)
    kept = {reply[a:b] for a, b in sentences(reply, data)}
    assert all(result.text[a:b] in kept for a, b in sentences(result.text, data)), "no sentence is cut inside"
    assert any(re.search(r"removed \d+ sentence", c) for c in result.changes)


def test_shorter_fits_the_channel_without_dropping_a_fact_or_the_dm_handoff(service: DraftingService,
                                                                            pack: BrandPack) -> None:
    reply = ("Hi Sam! Thanks so much for getting in touch with us about your order today. We know how much a "
             "trip depends on the right gear arriving when it should. Our team looks at every message. Your "
             "refund goes back to your original payment method within 5–7 business days after the return "
             "arrives. We really do appreciate you shopping with Brightfern. Please send us a direct message "
             "with your order number so we can check it.")
    assert channel("twitter").length(reply) > 280
    result = rewrite(service, reply, pack, "twitter", "shorter")
    assert channel("twitter").length(result.text) <= 280, result.text
    assert "5–7 business days" in result.text and "direct message" in result.text
    assert not any(f.rule == "too_long" for f in result.findings)
    assert any("to fit the twitter limit" in c for c in result.changes)


def test_shorter_says_when_facts_alone_are_over_the_limit(service: DraftingService, pack: BrandPack) -> None:
    facts = " ".join(f"Item {n} ships from warehouse {n} within 1 business day." for n in range(1, 9))
    result = rewrite(service, facts, pack, "twitter", "shorter")
    assert result.text == facts
    assert any("never cut" in note for note in result.unchanged)


# --- formal --------------------------------------------------------------------------------------------------

FORMAL = [  # (language, reply, words that must be gone, words that must be there, a note about the address)
    ("en", "Hey Sam!! We can't change that, but we'll send a new one ASAP 😊 haha",
     ["Hey", "can't", "we'll", "😊", "haha", "!!"], ["Hello Sam!", "cannot", "we will", "as soon as possible"], False),
    ("de", "Hallo Jonas! Danke dir, das gibt's bei uns leider nicht. Du kannst aber zurückschicken 😄",
     ["Hallo", "gibt's", "😄"], ["Guten Tag Jonas!", "gibt es"], True),
    ("fr", "Salut ! Tu peux suivre ta commande sur brightfern.example/track, merci bcp !!",
     ["Salut", "bcp", "!!"], ["Bonjour !", "merci beaucoup !", "brightfern.example/track"], True),
    ("es", "Buenas, Marta. Puedes devolverlo en 60 días, porfa guarda la etiqueta 😅",
     ["Buenas", "porfa", "😅"], ["Hola, Marta.", "por favor", "60 días"], True),
    ("pl", "Cześć! Dzięki, możesz sprawdzić status na brightfern.example/track.",
     ["Cześć", "Dzięki"], ["Dzień dobry!", "Dziękujemy", "brightfern.example/track"], True),
    ("zh", "你好！你的订单在1个工作日内发货哈哈。", ["你", "哈哈"], ["您好！", "您的订单", "1个工作日"], False),
    ("hy", "Բարև։ Պատվերներն ուղարկվում են 1 աշխատանքային օրվա ընթացքում։", [], ["Բարև Ձեզ։", "1"], False),
    ("fa", "مرسی از پیامتان! الان سفارش‌ها ظرف 1 روز کاری ارسال می‌شوند.", ["مرسی", "الان"],
     ["سپاسگزاریم", "اکنون", "1 روز"], False),
]


@pytest.mark.parametrize(("language", "reply", "gone", "there", "address"), FORMAL)
def test_formal_swaps_listed_words_and_is_honest_about_the_form_of_address(
        service: DraftingService, pack: BrandPack, language: str, reply: str, gone: list[str], there: list[str],
        address: bool) -> None:
    result = rewrite(service, reply, pack, "twitter", "formal", language=language)
    assert result.language == language
    for word in gone:
        assert word not in result.text, (word, result.text)
    for word in there:
        assert word in result.text, (word, result.text)
    assert not EMOJI.search(result.text)
    notes = " ".join(result.unchanged)
    assert ("form of address" in notes) == address, notes
    assert result.changes


# --- simpler -------------------------------------------------------------------------------------------------


def test_simpler_splits_a_long_sentence_replaces_wordy_phrases_and_drops_an_aside(service: DraftingService,
                                                                                  pack: BrandPack) -> None:
    reply = ("In order to start a return (it only takes a minute), please go to brightfern.example/returns and "
             "print the label; at this point in time we are not able to collect parcels from your home, but you "
             "can drop it at any post office within 60 days.")
    result = rewrite(service, reply, pack, "twitter", "simpler")
    assert result.text.startswith("To start a return, please go to brightfern.example/returns")
    assert "it only takes a minute" not in result.text and "in order to" not in result.text.lower()
    assert "brightfern.example/returns" in result.text and "60 days" in result.text
    assert len(sentences(result.text, rewrite_data("en"))) > len(sentences(reply, rewrite_data("en")))
    assert any("hard words" in note for note in result.unchanged)


@pytest.mark.parametrize(("language", "reply", "plain"), [
    ("de", "Zum jetzigen Zeitpunkt können wir leider keine Abholung bei dir zu Hause anbieten, aber du kannst das "
           "Paket innerhalb von 60 Tagen in jeder Postfiliale abgeben, und wir erstatten dir den Betrag.",
     "Jetzt können wir"),
    ("fr", "Afin de lancer votre retour, rendez-vous sur brightfern.example/returns et imprimez l'étiquette ; vous "
           "pourrez ensuite déposer le colis dans n'importe quel bureau de poste sous 60 jours.", "Pour lancer"),
    ("es", "Con el fin de iniciar la devolución, entra en brightfern.example/returns e imprime la etiqueta; después "
           "puedes dejar el paquete en cualquier oficina de correos en un plazo de 60 días.", "Para iniciar"),
])
def test_simpler_in_other_languages_keeps_facts_and_language(service: DraftingService, pack: BrandPack,
                                                             language: str, reply: str, plain: str) -> None:
    result = rewrite(service, reply, pack, "twitter", "simpler", language=language)
    assert result.language == language and plain in result.text, result.text
    assert _numbers(result.text) == _numbers(reply)
    data = rewrite_data(language)
    assert len(sentences(result.text, data)) > len(sentences(reply, data)), "the long sentence was split"
    assert not any(f.rule == "language_mismatch" for f in result.findings)


# --- fix -----------------------------------------------------------------------------------------------------


def test_fix_removes_a_dismissive_word_and_the_reply_passes(service: DraftingService, pack: BrandPack) -> None:
    reply = "Simply start your return at brightfern.example/returns and print the label."
    before = service.check_reply(reply, pack, "twitter")
    assert before.blocked
    result = rewrite(service, reply, pack, "twitter", "fix")
    assert result.text == "Start your return at brightfern.example/returns and print the label."
    assert not result.blocked and any("dismissive" in c for c in result.changes)


def test_fix_takes_personal_data_out_and_lists_what_still_blocks(service: DraftingService, pack: BrandPack) -> None:
    result = rewrite(service, "Obviously we sent it. Calm down, it will arrive.", pack, "twitter", "fix")
    assert "Obviously" not in result.text and "Calm down" in result.text
    assert result.blocked and any("still blocks: [dismissive]" in note for note in result.unchanged)
    result = rewrite(service, "Hi Jo! We sent the label to jo@example.com.", pack, "twitter", "fix")
    assert "jo@example.com" not in result.text and "direct message" in result.text and not result.blocked


def test_fix_of_a_reply_without_blocking_findings_changes_nothing(service: DraftingService, pack: BrandPack) -> None:
    reply = "Hi Sam! Orders ship within 1 business day."
    result = rewrite(service, reply, pack, "twitter", "fix", faq_ids=FAQ)
    assert result.text == reply and not result.changes and "nothing to fix" in result.unchanged[0]


def test_every_rewrite_is_checked(service: DraftingService, pack: BrandPack) -> None:
    post = "My stove scorched my tent floor, I'm gutted"
    result = rewrite(service, "Haha, bad luck!! Maybe don't leave your stove on next time 😂", pack, "twitter",
                     "formal", post=post)
    assert "😂" not in result.text and "Haha" not in result.text
    assert result.blocked and "blame" in {f.rule for f in result.findings}
    _checked_like_a_reply(service, pack, result, post=post)


# --- with a model, and bad input ------------------------------------------------------------------------------


class _Model:
    """A backend that can rewrite (assistant.backends.base.Rewriter), answering what it is told."""

    name = "test-model"

    def __init__(self, answer: str | None | Exception):
        self.answer = answer
        self.briefs: list[RewriteBrief] = []

    def compose(self, brief: object) -> list[object]:
        return []

    def rewrite(self, brief: RewriteBrief) -> str | None:
        self.briefs.append(brief)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def test_a_model_that_can_rewrite_writes_the_rewrite_and_gets_the_findings(store: KnowledgeStore,
                                                                          pack: BrandPack) -> None:
    model = _Model("Hi Sam! Sorry for the wait: orders ship within 1 business day.")
    service = DraftingService(store, model)  # type: ignore[arg-type]
    result = rewrite(service, "Calm down, orders ship within 1 business day.", pack, "twitter", "fix",
                     post=UPSET["en"][0], faq_ids=FAQ)
    assert result.backend == "test-model" and result.text.startswith("Hi Sam! Sorry")
    brief = model.briefs[0]
    assert brief.tone == "fix" and brief.language == "en" and brief.complaint and brief.limit == 280
    assert any(i.startswith("[dismissive]") for i in brief.instructions)
    assert [e.id for e in brief.faq] == list(FAQ)


def test_the_shipped_fake_model_rewrites_through_the_llm_path(store: KnowledgeStore, pack: BrandPack) -> None:
    answer = "Hi Sam! Sorry for the wait: orders ship within 1 business day."
    model = make_backend("fake", replies=(json.dumps({"text": answer}),))
    result = rewrite(DraftingService(store, model), "Orders ship within 1 business day.", pack, "twitter", "warmer",
                     post=UPSET["en"][0], faq_ids=FAQ)
    assert (result.text, result.backend) == (answer, "fake") and not result.blocked
    echo = rewrite(DraftingService(store, model), "Orders ship within 1 business day.", pack, "twitter", "warmer",
                   post=UPSET["en"][0], faq_ids=FAQ)  # the fake echoes once its replies are used up
    assert echo.backend == "composer" and "returned the reply unchanged" in echo.unchanged[0]
    assert "sorry" in echo.text.lower(), "the composer's mechanical rewrite stands in"


@pytest.mark.parametrize(("answer", "why"), [
    (None, "returned no rewrite"),
    (BackendError("the model is down"), "failed"),
    ("Zamówienia wysyłamy w ciągu 1 dnia roboczego.", "answered in 'pl'"),
])
def test_a_model_that_does_not_rewrite_falls_back_to_the_composer(store: KnowledgeStore, pack: BrandPack,
                                                                  answer: str | None | Exception, why: str) -> None:
    service = DraftingService(store, _Model(answer))  # type: ignore[arg-type]
    result = rewrite(service, "Hey, orders ship within 1 business day.", pack, "twitter", "formal", faq_ids=FAQ)
    assert result.backend == "composer" and result.text.startswith("Hello, orders ship")
    assert why in result.unchanged[0]


def test_a_rewrite_that_adds_a_blocking_finding_returns_the_reply_unchanged(store: KnowledgeStore,
                                                                          pack: BrandPack) -> None:
    service = DraftingService(store, _Model("Calm down, orders ship within 1 business day."))  # type: ignore[arg-type]
    reply = "Orders ship within 1 business day."
    result = rewrite(service, reply, pack, "twitter", "warmer", faq_ids=FAQ)
    assert result.text == reply and not result.blocked
    assert any("would have added blocking findings (avoid_word, dismissive)" in n for n in result.unchanged)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"tone": "angrier"}, "tone"),
    ({"text": "  "}, "text"),
    ({"faq_ids": ("no-such-entry",)}, "faq"),
    ({"channel_name": "myspace"}, "channel"),
    ({"language": "english"}, "language"),
])
def test_bad_input_names_the_field(service: DraftingService, pack: BrandPack, kwargs: dict[str, object],
                                   field: str) -> None:
    args: dict[str, object] = {"text": "Orders ship within 1 business day.", "channel_name": "twitter",
                               "tone": "formal", **kwargs}
    with pytest.raises(BadRequest) as error:
        rewrite(service, pack=pack, **args)  # type: ignore[arg-type]
    assert error.value.field == field
