"""`language_mismatch`: the reply's language against the customer's, eight languages, short replies exempt."""

from __future__ import annotations

import pytest

from guardrails import CheckContext, check

CASES = [
    # (customer language, reply, flagged)
    ("pl", "Thanks for reaching out, your parcel is on its way and should arrive soon.", True),
    ("pl", "Dziękujemy za wiadomość, paczka jest już w drodze i niedługo dotrze.", False),
    ("de", "Gracias por escribirnos, tu paquete ya está en camino.", True),
    ("de", "Danke für deine Nachricht, dein Paket ist schon unterwegs.", False),
    ("es", "Merci pour votre message, votre colis est déjà en route.", True),
    ("es", "Gracias por escribirnos, tu paquete ya está en camino.", False),
    ("fr", "Danke für deine Nachricht, dein Paket ist schon unterwegs.", True),
    ("fr", "Merci pour votre message, votre colis est déjà en route.", False),
    ("zh", "Thanks for reaching out, your parcel is on its way and should arrive soon.", True),
    ("zh", "感谢您的留言，您的包裹已经在路上了，很快就会送到。", False),
    ("fa", "Thanks for reaching out, your parcel is on its way and should arrive soon.", True),
    ("fa", "از پیام شما ممنونیم، بسته شما در راه است و به زودی می‌رسد.", False),
    ("hy", "Спасибо за сообщение, ваша посылка уже в пути и скоро будет у вас.", True),
    ("hy", "Շնորհակալություն նամակի համար, Ձեր առաքումն արդեն ճանապարհին է։", False),
    ("en", "感谢您的留言，您的包裹已经在路上了，很快就会送到。", True),
    ("en", "Hi Anna 🙂", False),  # too short to judge
]


@pytest.mark.parametrize(("language", "reply", "flagged"), CASES)
def test_language_mismatch(language: str, reply: str, flagged: bool) -> None:
    found = [f for f in check(reply, CheckContext(language=language)).findings if f.rule == "language_mismatch"]
    assert bool(found) == flagged, [f.message for f in found]


ANSWER = "Standard shipping takes 3-5 days and is free over 50 euros."
QUOTED = [
    # (customer language, lead-in in the customer's language, FAQ answer quoted in the brand's language)
    ("pl", "Ta odpowiedź jest dostępna tylko po angielsku:", ANSWER),
    ("de", "Diese Antwort gibt es leider nur auf Englisch:", ANSWER),
    ("es", "Esta respuesta solo está disponible en inglés:", ANSWER),
    ("fr", "Cette réponse n'existe qu'en anglais :", ANSWER),
    ("zh", "这条回答目前只有英文版本：", ANSWER),
    ("fa", "این پاسخ فعلاً فقط به زبان انگلیسی موجود است:", ANSWER),
    ("hy", "Այս պատասխանը հասանելի է միայն անգլերենով։", ANSWER),
    ("en", "This answer is only available in Polish:", "Wysyłka standardowa trwa 3-5 dni roboczych i jest darmowa."),
]


@pytest.mark.parametrize(("language", "lead", "answer"), QUOTED)
def test_a_deliberately_quoted_answer_warns_instead_of_blocking(language: str, lead: str, answer: str) -> None:
    reply = f"{lead} {answer}"
    result = check(reply, CheckContext(language=language, quoted=(answer,)))
    found = [f for f in result.findings if f.rule == "language_mismatch"]
    assert [f.severity for f in found] == ["warn"], [f.message for f in found]
    assert reply[found[0].start:found[0].end] == answer
    assert "translate it before sending" in found[0].message and "FAQ has no" in found[0].message
    assert not result.blocked, [f.rule for f in result.findings]


def test_a_quote_does_not_excuse_a_reply_written_in_the_wrong_language() -> None:
    answer = "Standard shipping takes 3-5 days."
    reply = f"Thanks so much for reaching out, here is what our FAQ says: {answer}"
    found = [f for f in check(reply, CheckContext(language="pl", quoted=(answer,))).findings
             if f.rule == "language_mismatch"]
    assert [f.severity for f in found] == ["block"]

