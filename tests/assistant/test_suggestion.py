"""A feature request asked as a question is feedback: thanked and passed on, never "we're checking".

Cues and look-alikes side by side in every language with a cue file (assistant/data/intent/)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant import DraftingService, DraftRequest, read
from assistant.suggestion import is_suggestion
from knowledge import BrandPack
from prompts import phrase_pack

IN_HOURS = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)

SUGGESTIONS = [
    ("en", "Could you add a dark mode?"),
    ("en", "Can you please add gluten-free options?"),
    ("en", "Any chance you'll bring back the McRib?"),
    ("en", "Please bring back the old menu!"),
    ("en", "It would be great if you added Apple Pay."),
    ("de", "Könntet ihr einen Dark Mode einbauen?"),
    ("de", "Bitte bringt den alten Rucksack zurück!"),
    ("de", "Wäre toll, wenn ihr glutenfreie Optionen anbieten würdet."),
    ("es", "¿Podríais añadir un modo oscuro?"),
    ("es", "¿Podéis volver a traer la mochila roja?"),
    ("es", "Estaría genial que añadierais opciones sin gluten."),
    ("fr", "Pourriez-vous ajouter un mode sombre ?"),
    ("fr", "Vous pourriez remettre le sac rouge en vente ?"),
    ("fr", "Ce serait super si vous proposiez des options sans gluten."),
    ("pl", "Czy moglibyście dodać tryb ciemny?"),
    ("pl", "Przywróćcie proszę stary plecak!"),
    ("pl", "Fajnie by było, gdybyście dodali opcje bezglutenowe."),
    ("zh", "能不能增加深色模式？"),
    ("fa", "لطفاً حالت تاریک را اضافه کنید"),
    ("hy", "Կարո՞ղ եք ավելացնել մուգ ռեժիմ։"),
]

# The customer's own order, account or money: something to fix or look up, not an idea for the product.
LOOK_ALIKES = [
    ("en", "Can you add my new address to the order?"),
    ("en", "Can you offer me a refund?"),
    ("en", "Please add the missing item to my order"),
    ("en", "Please bring back my bag, the driver took it"),
    ("en", "Can you please tell me when my order arrives?"),
    ("de", "Könnt ihr meine Adresse hinzufügen?"),
    ("de", "Bitte schickt mir das Geld zurück."),
    ("es", "¿Podéis añadir mi nueva dirección al pedido?"),
    ("es", "¿Puedes revisar mi pedido?"),
    ("fr", "Pouvez-vous ajouter ma nouvelle adresse à la commande ?"),
    ("fr", "Pouvez-vous me rembourser ?"),
    ("pl", "Czy możecie dodać mój nowy adres do zamówienia?"),
    ("pl", "Czy możecie sprawdzić moje zamówienie?"),
    ("zh", "能不能把我的地址加到订单里？"),
    ("fa", "لطفاً سفارشم را بررسی کنید"),
    ("hy", "Կարո՞ղ եք ստուգել իմ պատվերը։"),
]


@pytest.mark.parametrize(("language", "text"), SUGGESTIONS)
def test_a_feature_request_is_a_suggestion(language: str, text: str) -> None:
    assert is_suggestion(text, language)


@pytest.mark.parametrize(("language", "text"), LOOK_ALIKES)
def test_a_request_about_the_customers_own_case_is_no_suggestion(language: str, text: str) -> None:
    assert not is_suggestion(text, language)


@pytest.mark.parametrize(("language", "text"), [s for s in SUGGESTIONS if s[0] in ("en", "de", "es", "fr", "pl")])
def test_a_feature_request_is_read_as_feedback(language: str, text: str) -> None:
    reading = read(text)
    assert (reading.language, reading.intent) == (language, "feedback")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Could you add a lighter version of the Ridgeline for solo hikers?", "en"),
        ("Can you please add gluten-free options?", "en"),
        ("Könntet ihr eine leichtere Version des Ridgeline-Zelts einbauen?", "de"),
        ("¿Podríais añadir una versión más ligera de la tienda Ridgeline?", "es"),
        ("Pourriez-vous ajouter une version plus légère de la tente Ridgeline ?", "fr"),
        ("Czy moglibyście dodać lżejszą wersję namiotu Ridgeline?", "pl"),
    ],
)
def test_the_draft_thanks_and_passes_the_idea_on_without_stalling(
    service: DraftingService, pack: BrandPack, text: str, language: str
) -> None:
    response = service.draft(DraftRequest(text=text, author="Sam"), pack, now=IN_HOURS)
    [draft] = response.drafts  # no DM for an idea
    phrases = phrase_pack(language, pack.brand.address.get(language))
    assert phrases.thank.feedback in draft.text and phrases.feedback_noted in draft.text, draft.text
    assert phrases.unknown not in draft.text and phrases.ask_details not in draft.text
    assert draft.plan is not None and draft.plan.does("feedback_noted")
    assert not draft.plan.does("unknown") and not draft.plan.does("answer") and not draft.faq_ids


def test_a_question_next_to_a_suggestion_is_still_answered(service: DraftingService, pack: BrandPack) -> None:
    response = service.draft(DraftRequest(
        text="Could you add a dark mode to the app? Also, how long do refunds take after I send a return?",
        author="Sam"), pack, now=IN_HOURS)
    draft = response.drafts[0]
    assert draft.plan is not None and draft.plan.does("answer") and draft.faq_ids, draft.text
