"""`fact_coverage`: the share of the used FAQ answers' facts the first public draft keeps, however it writes them."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from eval.care import evaluate
from eval.metrics import CareCase, get
from eval.metrics._facts import facts
from eval.metrics.base import FAQ_ANSWERS
from knowledge import BrandPack

REFUND = {
    "en": "Refunds go back to your original payment method within 5–7 business days after your return arrives.",
    "de": "Wir erstatten den Betrag innerhalb von 5–7 Werktagen, nachdem deine Rücksendung angekommen ist.",
    "zh": "退货到达我们仓库后，退款会在5–7个工作日内原路退回到你的支付账户。",
    "fa": "پس از رسیدن کالای مرجوعی به انبار ما، مبلغ ظرف 5 تا 7 روز کاری به شما برگردانده می‌شود.",
}
COSTS = {
    "en": "Delivery is free on orders over €79. Below that it costs €4.95 in Germany, €7.95 elsewhere in Europe "
          "and €14.95 to Armenia.",
    "es": "El envío es gratis en pedidos de más de 79 €. Por debajo de esa cifra, cuesta 4,95 € en Alemania, "
          "7,95 € en el resto de Europa y 14,95 € a Armenia.",
    "hy": "79 եվրոն գերազանցող պատվերների առաքումն անվճար է։ Այլ դեպքում այն արժե 4,95 եվրո Գերմանիայում։",
}
RETURNS = {"en": "You can return unused items within 60 days of delivery. Start your return at "
                 "brightfern.example/returns and print the label.",
           "pl": "Nieużywane produkty możesz zwrócić w ciągu 60 dni od dostawy. Zgłoś zwrot na "
                 "brightfern.example/returns."}
HOURS = {"en": "Our shops in Berlin, Munich and Vienna open Mon–Sat 10:00–19:00. Orders are ready within 2 hours."}
CONTACT = {"en": "Call our Baggage Service Center at 800-325-8224. They're open from 7:00 AM to 1:00 AM."}
NO_FACTS = {"en": "Please speak to a member of the flight crew for immediate assistance."}
ANSWERS = {"refund-timing": REFUND, "shipping-costs": COSTS, "returns-window": RETURNS, "store-hours": HOURS,
           "baggage": CONTACT, "crew": NO_FACTS}


def _score(mk: SimpleNamespace, text: str, ids: list[str], language: str = "en", answers: Any = ANSWERS,
           **fields: Any) -> Any:
    response = mk.response(mk.draft(text, faq_ids=ids, language=language, **fields))
    if answers is not None:
        response[FAQ_ANSWERS] = answers
    return get("fact_coverage").score(mk.case(), response)


@pytest.mark.parametrize(("ids", "language", "text", "value", "reason"), [
    # quoted or said another way, in the draft's language
    (["refund-timing"], "en", "Hi Ana! " + REFUND["en"], 1.0, "keeps 1 of 1 facts"),
    (["refund-timing"], "en", "Hi! Your money is back 5 to 7 working days after the parcel arrives.", 1.0,
     "keeps 1 of 1 facts"),
    (["refund-timing"], "en", "Hi! Refunds take a few days once we have your return.", 0.0, "drops quantity"),
    (["refund-timing"], "en", "Hi! Refunds take 5–7 days once we have your return.", 0.0, "drops quantity"),
    (["refund-timing"], "de", "Hallo Tom! Das Geld ist 5 bis 7 Werktage nach Eingang zurück.", 1.0,
     "keeps 1 of 1 facts"),
    (["refund-timing"], "zh", "您好！退款会在5至7个工作日内退回。", 1.0, "keeps 1 of 1 facts"),
    (["refund-timing"], "fa", "سلام! مبلغ ظرف ۵ تا ۷ روز کاری برگردانده می‌شود.", 1.0, "keeps 1 of 1 facts"),
    # the entry has no translation in the draft's language: its facts are those of the default language
    (["refund-timing"], "pl", "Cześć! Zwrot trwa 5–7 business days.", 1.0, "keeps 1 of 1 facts"),
    # seven facts: four amounts and three places
    (["shipping-costs"], "es", "¡Hola! " + COSTS["es"], 1.0, "keeps 7 of 7 facts"),
    (["shipping-costs"], "es", "¡Hola! Es gratis desde 79 €; en Alemania 4,95 € y en Europa 7,95 €.", 0.7143,
     "keeps 5 of 7 facts"),
    (["shipping-costs"], "es", "¡Hola! El envío es gratis a partir de 79 € en Alemania.", 0.2857,
     "drops money, place"),
    (["shipping-costs"], "en", "Hi! Free over 79 euros; €4.95 to Germany, €7.95 in Europe.", 0.7143,
     "keeps 5 of 7 facts"),
    (["shipping-costs"], "hy", "Բարև։ 79 եվրոն գերազանցող պատվերների առաքումն անվճար է։", 0.3333,
     "drops money, place"),
    # links, places, clock times and phone numbers
    (["returns-window"], "en", "Hi! You have 60 days: https://brightfern.example/returns/", 1.0, "keeps 2 of 2 facts"),
    (["returns-window"], "pl", "Cześć! Zwrot zgłosisz na brightfern.example/returns.", 0.5, "keeps 1 of 2 facts"),
    (["store-hours"], "en", "Hi! Berlin, Munich and Vienna: Mon–Sat 10:00–19:00, ready in 2 hours.", 1.0,
     "keeps 6 of 6 facts"),
    (["store-hours"], "en", "Hi! Our shops open 10 to 7 and orders are ready in 2 hours.", 0.1667,
     "drops place, time"),
    (["baggage"], "en", "Hi! Call 800 325 8224, open 7am to 1am.", 1.0, "keeps 3 of 3 facts"),
    (["baggage"], "en", "Hi! Call our baggage team, open early till late.", 0.0, "drops phone, time"),
    # two entries: their facts together
    (["refund-timing", "returns-window"], "en", "Hi! Return within 60 days; refunds take 5–7 business days.",
     0.6667, "keeps 2 of 3 facts"),
])
def test_fact_coverage(mk: SimpleNamespace, ids: list[str], language: str, text: str, value: float,
                       reason: str) -> None:
    score = _score(mk, text, ids, language)
    assert (score.value, score.reason) == (value, reason)
    assert score.passed is (value >= 0.5)


def test_a_quoted_foreign_answer_is_compared_in_the_language_it_is_quoted_in(mk: SimpleNamespace) -> None:
    quoted = "Hola Ana. Te lo decimos en inglés: " + COSTS["en"]
    plan = mk.plan("greet", "foreign_answer", answer_language="en")
    assert _score(mk, quoted, ["shipping-costs"], "es", plan=plan).value == 1.0
    assert _score(mk, quoted, ["shipping-costs"], "es").value == pytest.approx(5 / 7, abs=1e-4)  # Germany, Europe


@pytest.mark.parametrize(("ids", "answers", "text", "reason"), [
    ([], ANSWERS, "Hi! Refunds take 5–7 business days.", "not applicable"),
    (["refund-timing"], None, "Hi! Refunds take 5–7 business days.", "no FAQ text"),
    (["unknown-entry"], ANSWERS, "Hi!", "no FAQ text"),
    (["crew"], ANSWERS, "Hi! Please ask the crew.", "no facts in the answer"),
])
def test_not_judged(mk: SimpleNamespace, ids: list[str], answers: Any, text: str, reason: str) -> None:
    score = _score(mk, text, ids, answers=answers)
    assert (score.value, score.passed, score.reason) == (None, None, reason)


def test_only_the_first_public_draft_counts(mk: SimpleNamespace) -> None:
    response = mk.response(mk.draft("Hi! Please DM us.", faq_ids=["refund-timing"]),
                           mk.draft(REFUND["en"], visibility="private", faq_ids=["refund-timing"]))
    response[FAQ_ANSWERS] = ANSWERS
    assert get("fact_coverage").score(mk.case(), response).reason == "drops quantity"


@pytest.mark.parametrize(("a", "b"), [
    ("5–7 business days", "5 to 7 working days"),
    ("24 to 72 hours", "24-72 hours"),
    ("a 2-year warranty", "2 years of warranty"),
    ("€4.95", "4,95 €"),
    ("$1,000", "1000 USD"),
    ("8 PM", "20:00"),
    ("7:00 AM", "7am"),
    ("0344 493 0787", "0344-493-0787"),
    ("https://t.co/AbC123.", "t.co/abc123"),
    ("5 تا 7 روز کاری", "۵ تا ۷ روز کاری"),
    ("w Niemczech", "do Niemiec"),
    ("德国", "德國"),
    ("in Hong Kong", "to Hong Kong"),
    ("Wir liefern nach Deutschland.", "Deutschland beliefern wir."),
])
def test_the_same_fact_written_two_ways(a: str, b: str) -> None:
    assert facts(a) and facts(a) == facts(b)


@pytest.mark.parametrize(("a", "b"), [
    ("5–7 business days", "5–7 days"),
    ("24 hours", "24 days"),
    ("€4.95", "$4.95"),
    ("brightfern.example/returns", "brightfern.example/track"),
    ("Berlin", "Vienna"),
])
def test_different_facts(a: str, b: str) -> None:
    assert facts(a) and facts(a) != facts(b)


@pytest.mark.parametrize("text", [
    "Please file the report with a Delta representative.",
    "Mobile orders and Reading lists are in the app.",
    "El envío es gratis. Le colis arrive. Die Lieferung ist kostenlos.",
    "Send us a DM and we'll take it from there, e.g. about your order.",
])
def test_no_facts(text: str) -> None:
    assert facts(text) == frozenset()


class _Fixed:
    """A service whose one draft cites `refund-timing` and keeps its time limit."""

    def draft(self, request: object, pack: object) -> Any:
        draft = {"id": "d1", "text": "Hi! Refunds take 5–7 business days.", "language": "en",
                 "visibility": "public", "faq_ids": ["refund-timing"]}
        return SimpleNamespace(model_dump=lambda mode: {"reading": {}, "drafts": [draft]})


def test_the_care_runner_passes_the_used_answers(pack: BrandPack) -> None:
    case = CareCase(id="r1", text="When do I get my refund?", lang="en", faq=["refund-timing"])
    [result] = evaluate(_Fixed(), [case], lambda brand: pack, [get("fact_coverage")], progress=False)  # type: ignore[arg-type]
    assert (result.scores["fact_coverage"].value, result.scores["fact_coverage"].reason) == (1.0, "keeps 1 of 1 facts")
    assert FAQ_ANSWERS not in result.response  # the stored response stays what the service returned
