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


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("نامساوي مردان در سفارش", "fa"),  # Persian typed with Arabic-keyboard ي is still Persian
        ("أين طلبي؟ لم يصل بعد", "ar"),
        ("Де моє замовлення? Досі не прийшло", "uk"),
        ("Где мой заказ? До сих пор не пришёл", "ru"),
        ("Çok teşekkürler, sipariş geldi", "tr"),
    ],
)
def test_close_scripts_and_neighbours(text: str, language: str) -> None:
    assert detect(text).language == language


@pytest.mark.parametrize(
    ("text", "prior", "language"),
    [
        ("Danke!", ("de", "en"), "de"),  # German and Dutch tie on one word: the brand's language decides
        ("Danke!", (), "und"),  # ...and without a prior it is honestly unknown
        ("Merci !", ("fr", "en"), "fr"),
        ("ok", ("de", "en"), "und"),  # a prior does not invent a language for a universal word
        ("Dzięki!", ("de", "en"), "pl"),  # nor does it overrule a clear answer
    ],
)
def test_brand_languages_as_prior(text: str, prior: tuple[str, ...], language: str) -> None:
    assert detect(text, prior=prior).language == language
