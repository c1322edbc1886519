"""`overpromise`, table-driven in eight languages: claims checked against the FAQ answers the reply used."""

from __future__ import annotations

import pytest

from guardrails import CheckContext, check

FAQ = {
    "en": "We ship within 1 business day; delivery takes 2-4 business days. All stoves carry a 2-year guarantee.",
    "pl": "Wysyłamy w ciągu 1 dnia roboczego; dostawa trwa 2–4 dni robocze.",
    "de": "Wir versenden innerhalb von 1 Werktag; die Lieferung dauert 2–4 Werktage.",
    "es": "Enviamos en 1 día laborable; la entrega tarda 2–4 días laborables.",
    "fr": "Nous expédions sous 1 jour ouvré ; la livraison prend 2 à 4 jours ouvrés.",
    "zh": "我们在1个工作日内发货，运输需要2–4个工作日。",
    "fa": "سفارش‌ها ظرف ۱ روز کاری ارسال می‌شوند و تحویل ۲ تا ۴ روز کاری طول می‌کشد.",
    "hy": "Պատվերներն ուղարկվում են 1 աշխատանքային օրվա ընթացքում, առաքումը՝ 2–4 աշխատանքային օր։",
}

CASES = [
    # (language, reply, flagged)
    ("en", "We guarantee your parcel arrives tomorrow.", True),
    ("en", "It will be with you in 7 days.", True),
    ("en", "Activation can take up to 7 days.", False),  # a hedged limit, not a promise
    ("en", "As a goodwill gesture we'll send you a voucher.", True),
    ("en", "Delivery takes 2-4 business days once it ships.", False),
    ("en", "Your stove carries a 2-year guarantee.", False),
    ("en", "I promise this will never happen again.", True),  # a warranty in the FAQ backs no promise
    ("en", "Your refund will be there in 2 days.", True),  # "2" is in the FAQ, but not as "2 days"
    ("en", "We'll refund you, no return needed.", False),  # not this rule's business: see test_injection
    ("pl", "Gwarantujemy, że paczka dotrze jutro.", True),
    ("pl", "Dostawa trwa 2–4 dni robocze.", False),
    ("de", "Das Paket kommt garantiert morgen an.", True),
    ("de", "Die Lieferung dauert 2–4 Werktage.", False),
    ("de", "Die Prüfung kann bis zu 7 Tage dauern.", False),
    ("de", "Ihr Paket ist in 7 Tagen da.", True),
    ("es", "Te prometo que llegará mañana sin falta.", True),
    ("es", "La entrega tarda 2–4 días laborables.", False),
    ("fr", "Nous vous promettons une livraison demain.", True),
    ("fr", "La livraison prend 2 à 4 jours ouvrés.", False),
    ("zh", "我们保证明天送到。", True),
    ("zh", "运输需要2–4个工作日。", False),
    ("fa", "قول می‌دهیم فردا به دستتان برسد.", True),
    ("fa", "تحویل ۲ تا ۴ روز کاری طول می‌کشد.", False),
    ("hy", "Խոստանում ենք, որ վաղը կստանաք։", True),
    ("hy", "Առաքումը տևում է 2–4 աշխատանքային օր։", False),
]


@pytest.mark.parametrize(("language", "reply", "flagged"), CASES)
def test_overpromise(language: str, reply: str, flagged: bool) -> None:
    ctx = CheckContext(language=language, faq_answers=(FAQ[language],))
    found = [f for f in check(reply, ctx).findings if f.rule == "overpromise"]
    assert bool(found) == flagged, [f.message for f in found]


def test_a_claim_without_any_faq_is_unbacked_and_the_safety_promise_is_always_fine() -> None:
    assert any(f.rule == "overpromise" for f in check("Delivery takes 2-4 business days.").findings)
    safety = "Please stop using the product right away. Our safety team will contact you directly today."
    assert not any(f.rule == "overpromise" for f in check(safety, CheckContext(language="en")).findings)


NO_FAQ_CASES = [
    # (language, reply, flagged): read without any FAQ, a time or price is flagged only as a promise of ours.
    ("en", "Your refund will arrive in 5 days.", True),
    ("en", "You must report damage within 7 days of delivery.", False),  # a requirement on the customer
    ("en", "Please unplug the router for 3 minutes, then try again.", False),  # a duration of a step
    ("en", "Boarding starts 30 minutes prior to departure.", False),  # relative to an event
    ("en", "Our phone line is open 24 hours a day.", False),  # a frequency
    ("en", "We should be open again on Friday if all goes to plan.", False),  # hedged
    ("en", "We'll be open again on Friday.", True),
    ("en", "We're unable to make exceptions to the 30 day wait.", False),  # a refusal
    ("en", "A large pizza is $12.", False),  # a price, no compensation in sight
    ("en", "We'll add a $12 credit to your account.", True),  # compensation
    ("pl", "Zwrot trafi na konto w ciągu 5 dni.", True),
    ("pl", "Uszkodzenie należy zgłosić w ciągu 7 dni od dostawy.", False),
    ("pl", "Odłącz router przez 3 minuty i spróbuj ponownie.", False),
    ("de", "Die Erstattung ist in 5 Tagen auf deinem Konto.", True),
    ("de", "Du musst Schäden innerhalb von 7 Tagen melden.", False),
    ("de", "Trenne den Router für 3 Minuten vom Strom.", False),
    ("es", "El reembolso llegará en 5 días.", True),
    ("es", "Debes informar del daño en 7 días desde la entrega.", False),
    ("es", "Desconecta el router durante 3 minutos.", False),
    ("fr", "Le remboursement arrivera en 5 jours.", True),
    ("fr", "Vous devez signaler le dommage sous 7 jours après la livraison.", False),
    ("fr", "Débranchez le routeur pendant 3 minutes.", False),
    ("zh", "退款会在5天内到账。", True),
    ("zh", "损坏必须在收货后7天内报告。", False),
    ("zh", "请把路由器断电持续3分钟。", False),
    ("fa", "بازپرداخت ظرف ۵ روز به حسابتان می‌رسد.", True),
    ("fa", "خسارت را باید ظرف ۷ روز گزارش دهید.", False),
    ("fa", "روتر را به مدت ۳ دقیقه خاموش کنید.", False),
    ("hy", "Գումարը կվերադարձվի 5 օրում։", True),
    ("hy", "Վնասը պետք է հայտնել 7 օրում։", False),
    ("hy", "Ամեն 3 օրը մեկ ստուգում ենք։", False),
]


@pytest.mark.parametrize(("language", "reply", "flagged"), NO_FAQ_CASES)
def test_only_promises_of_ours_are_claims(language: str, reply: str, flagged: bool) -> None:
    found = [f for f in check(reply, CheckContext(language=language)).findings if f.rule == "overpromise"]
    assert bool(found) == flagged, [(reply[f.start:f.end], f.message) for f in found]


def test_an_faq_answer_backs_with_every_number_it_states_even_a_condition() -> None:
    faq = "You can return any item within 30 days of delivery for a full refund."
    ctx = CheckContext(language="en", faq_answers=(faq,))
    assert not any(f.rule == "overpromise" for f in check("You have 30 days to send it back.", ctx).findings)


BRAND_FAQ = (
    "Returns are free within 30 days of delivery.",
    "We ship to every EU country and the UK.",
    "Standard shipping takes 3-5 business days; express shipping arrives the next business day.",
    "Premium costs 9.99 EUR a month and can be cancelled at any time.",
)


@pytest.mark.parametrize("reply", [
    "Standard shipping takes 3-5 business days, so it should be with you soon.",
    "Express shipping arrives the next business day.",
    "Sorry for the wait! Standard shipping takes 3-5 business days.",
])
def test_a_reply_restating_any_entry_of_the_whole_faq_is_no_overpromise(reply: str) -> None:
    # The service passes the whole FAQ when the agent names no entries: the facts here come from the third.
    ctx = CheckContext(language="en", faq_answers=BRAND_FAQ)
    assert not [f for f in check(reply, ctx).findings if f.rule == "overpromise"]


def test_the_whole_faq_still_backs_no_promise_it_does_not_make() -> None:
    ctx = CheckContext(language="en", faq_answers=BRAND_FAQ)
    assert [f for f in check("Your parcel arrives in 2 days, guaranteed.", ctx).findings if f.rule == "overpromise"]


def test_a_quoted_faq_answer_is_grounded() -> None:
    answer = "Standard shipping takes 3-5 days and costs nothing over 50 euros."
    reply = f"Ta odpowiedź jest dostępna tylko po angielsku: {answer}"
    found = check(reply, CheckContext(language="pl", quoted=(answer,))).findings
    assert not [f for f in found if f.rule == "overpromise"]
