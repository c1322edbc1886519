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
