"""`draft_language`: the first public draft is in the case's language (and Chinese script)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get

EN = "Hi Jake! Orders ship within 1 business day and delivery takes 2 to 4 business days."
DE = "Hallo Anna! Danke für deine Nachricht. Bestellungen werden innerhalb eines Werktags verschickt."
PL = "Cześć Bartek! Dziękujemy za wiadomość. Zamówienia wysyłamy w ciągu jednego dnia roboczego."
ES = "¡Hola, Raúl! Gracias por escribirnos. Enviamos los pedidos en un día laborable."
HANS = "明轩，您好！感谢您联系我们。订单会在一个工作日内发货，这个问题我们会处理。"
HANT = "明軒，您好！感謝您聯繫我們。訂單會在一個工作日內發貨，這個問題我們會處理。"
FA = "سلام شیرین عزیز، ممنون که به ما پیام دادید. سفارش‌ها ظرف یک روز کاری ارسال می‌شوند."
HY = "Բարև, Արամ։ Շնորհակալություն, որ կապվեցիք մեզ հետ։ Պատվերները առաքվում են մեկ աշխատանքային օրում։"


@pytest.mark.parametrize(("lang", "script", "text", "passed"), [
    ("en", None, EN, True),
    ("de", None, DE, True),
    ("de", None, EN, False),
    ("pl", None, PL, True),
    ("pl", None, ES, False),
    ("es", None, ES, True),
    ("zh", "Hans", HANS, True),
    ("zh", "Hant", HANT, True),
    ("zh", "Hant", HANS, False),
    ("zh", None, EN, False),
    ("fa", None, FA, True),
    ("hy", None, HY, True),
    ("hy", None, DE, False),
])
def test_draft_language(mk: SimpleNamespace, lang: str, script: str | None, text: str, passed: bool) -> None:
    score = get("draft_language").score(mk.case(lang=lang, script=script), mk.response(mk.draft(text)))
    assert score.passed is passed, score.reason


def test_judges_the_first_public_draft_not_the_dm(mk: SimpleNamespace) -> None:
    response = mk.response(mk.draft(DE), mk.draft(EN, visibility="private"))
    assert get("draft_language").score(mk.case(lang="de"), response).passed is True
    response = mk.response(mk.draft(EN), mk.draft(DE, visibility="private"))
    score = get("draft_language").score(mk.case(lang="de"), response)
    assert (score.passed, score.reason) == (False, "de post answered in en")


def test_not_applicable_without_a_label_or_a_public_draft(mk: SimpleNamespace) -> None:
    assert get("draft_language").score(mk.case(), mk.response(mk.draft(EN))).passed is None
    assert get("draft_language").score(mk.case(lang="en"), mk.response()).passed is None


def test_an_answer_quoted_in_the_brands_language_on_purpose_is_left_out(mk: SimpleNamespace) -> None:
    intro = "Cześć! Ta odpowiedź jest na razie dostępna tylko po angielsku: "
    quote = ("Standard delivery takes three to five working days, and you can track every parcel from the "
             "link in your confirmation email once it has left our warehouse.")
    text = intro + quote
    warn = {"rule": "language_mismatch", "severity": "warn", "start": len(intro), "end": len(text),
            "message": "quoted", "language": "pl"}
    assert get("draft_language").score(mk.case(lang="pl"), mk.response(mk.draft(text, findings=[warn]))).passed
    unmarked = get("draft_language").score(mk.case(lang="pl"), mk.response(mk.draft(text)))
    assert unmarked.passed is False, "without the service's finding the English quote dominates"
