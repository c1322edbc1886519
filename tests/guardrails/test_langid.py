"""Language identification on short posts, incl. scripts langdetect cannot tell."""

from __future__ import annotations

import pytest

from guardrails import detect

CASES = [
    ("Gdzie jest moja paczka?", "pl", None),
    ("Wo ist mein Paket?", "de", None),
    ("¿Dónde está mi pedido?", "es", None),
    ("Où est ma commande ?", "fr", None),
    ("Where is my order?", "en", None),
    ("我的包裹在哪里？", "zh", "Hans"),
    ("我的包裹在哪裡？請幫忙", "zh", "Hant"),
    ("سفارش من کجاست؟", "fa", None),
    ("Որտե՞ղ է իմ պատվերը", "hy", None),
    ("@BrightfernCare где мой заказ??? 😡 https://t.co/x", "ru", None),
]


@pytest.mark.parametrize(("text", "language", "script"), CASES)
def test_detect(text: str, language: str, script: str | None) -> None:
    guess = detect(text)
    assert (guess.language, guess.script) == (language, script)


def test_nothing_to_go_on_is_unknown() -> None:
    assert detect("@someone 👍 https://t.co/x 123").language == "und"
