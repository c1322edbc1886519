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
