"""Does helping need the customer's account? Positives and look-alike general questions side by side."""

from __future__ import annotations

import pytest

from assistant import read
from assistant.privacy import needs_account

CASES = [
    # (language, text, needs account data)
    ("en", "charged twice for my sleeping bag?? what's going on", True),
    ("en", "Is there a fee if I pay by card?", False),
    ("en", "my refund still isn't showing on my statement", True),
    ("en", "how long does a refund usually take?", False),
    ("en", "can I change my delivery address? moving house this week", True),
    ("en", "how do I change the colour of my tent pegs lol", False),
    ("pl", "gdzie jest moja paczka? miała być wczoraj", True),
    ("pl", "ile idzie paczka do Krakowa?", False),
    ("de", "Mir wurde die Bestellung zweimal abgebucht.", True),
    ("de", "Wie lange dauert die Lieferung normalerweise?", False),
    ("es", "mi pedido todavía no ha llegado y ya van 10 días", True),
    ("es", "¿cuánto tarda un pedido a Valencia?", False),
    ("fr", "je dois changer l'adresse de livraison, je viens de déménager", True),
    ("fr", "Vous livrez en Belgique ?", False),
    ("zh", "我的订单一直显示处理中，能帮我查一下吗？", True),
    ("zh", "寄到奥地利要几天？满多少包邮？", False),
    ("fa", "سفارشم یه هفته‌ست که هنوز نرسیده", True),
    ("fa", "کایاک هم می‌فروشید؟", False),
    ("hy", "Քարտիցս երկու անգամ գումար են գանձել", True),
    ("hy", "Կայակներ վաճառու՞մ եք", False),
]


@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_needs_account(language: str, text: str, expected: bool) -> None:
    assert needs_account(text, language) is expected


def test_read_sets_private_from_the_text_alone() -> None:
    assert read("where is my order?? placed it two weeks ago").private
    assert not read("do you ship to Ireland?").private
