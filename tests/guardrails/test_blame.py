"""`blame`, table-driven in eight languages: the customer's fault and harmless look-alikes side by side."""

from __future__ import annotations

import pytest

from guardrails import CheckContext, check

CASES = [
    # (language, reply, flagged)
    ("en", "You should have read the manual before using it.", True),
    ("en", "This is user error, the cartridge was not screwed in.", True),
    ("en", "You should have received an email with the label.", False),
    ("en", "This is not your fault at all, we'll sort it out.", False),
    ("pl", "Trzeba było przeczytać instrukcję przed użyciem.", True),
    ("pl", "To nie twoja wina, zaraz to naprawimy.", False),
    ("de", "Sie hätten die Anleitung lesen sollen.", True),
    ("de", "Das ist nicht Ihre Schuld, wir kümmern uns darum.", False),
    ("es", "Deberías haber leído las instrucciones.", True),
    ("es", "Deberías haber recibido un correo con la etiqueta.", False),
    ("fr", "C'est de votre faute, vous avez oublié de serrer la cartouche.", True),
    ("fr", "Ce n'est pas votre faute, nous allons régler cela.", False),
    ("zh", "这是您操作不当造成的。", True),
    ("zh", "这不是您的错，我们马上为您处理。", False),
    ("fa", "این مشکل تقصیر خودتان است.", True),
    ("fa", "این اصلاً تقصیر شما نیست، پیگیری می‌کنیم.", False),
    ("hy", "Դուք մոռացել եք ամրացնել բալոնը։", True),
    ("hy", "Սա Ձեր մեղքը չէ, մենք կօգնենք։", False),
]


@pytest.mark.parametrize(("language", "reply", "flagged"), CASES)
def test_blame(language: str, reply: str, flagged: bool) -> None:
    found = [f for f in check(reply, CheckContext(language=language)).findings if f.rule == "blame"]
    assert bool(found) == flagged, [f.message for f in found]
    assert all(f.severity == "block" and "fault" in f.message for f in found)


def test_a_joke_that_blames_the_customer_is_both_blame_and_humour_on_a_complaint() -> None:
    reply = "Haha, bad luck! Maybe don't leave your stove on next time 😂"
    rules = {f.rule for f in check(reply, CheckContext(language="en", complaint=True)).findings}
    assert {"blame", "humor_on_complaint"} <= rules
    # Without a complaint the joke may pass, the blame may not.
    rules = {f.rule for f in check(reply, CheckContext(language="en")).findings}
    assert "blame" in rules and "humor_on_complaint" not in rules


NEXT_TIME = [
    ("en", "Maybe don't leave your stove on next time.", True),
    ("en", "Next time we'll send a reminder before it ships.", False),
    ("de", "Passen Sie nächstes Mal besser auf den Herd auf.", True),
    ("es", "La próxima vez no dejes el hornillo encendido.", True),
    ("fr", "La prochaine fois, ne laissez pas votre réchaud allumé.", True),
    ("pl", "Następnym razem nie zostawiaj kuchenki włączonej.", True),
    ("zh", "下次别把炉子开着走开。", True),
    ("fa", "دفعه بعد حواستان به اجاق باشد.", True),
    ("hy", "Հաջորդ անգամ մի թողեք վառարանը միացված։", True),
]


@pytest.mark.parametrize(("language", "reply", "flagged"), NEXT_TIME)
def test_telling_the_customer_what_not_to_do_next_time_is_blame(language: str, reply: str, flagged: bool) -> None:
    found = [f for f in check(reply, CheckContext(language=language)).findings if f.rule == "blame"]
    assert bool(found) == flagged, [f.message for f in found]
