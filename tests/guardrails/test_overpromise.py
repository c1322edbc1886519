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
