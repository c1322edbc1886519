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

# Account access and account-specific state for any brand (streaming, travel, delivery), next to the
# general questions that stay public.
ACCOUNT = [
    ("en", "my account was hijacked and someone is streaming on it", True),
    ("en", "someone changed my email and password, I can't get in", True),
    ("en", "I'm locked out of my account since yesterday", True),
    ("en", "I pay for Premium but my account shows Free", True),
    ("en", "my plan shows the wrong tier", True),
    ("en", "why was I charged in the wrong currency?", True),
    ("en", "the payment country on my account is wrong", True),
    ("en", "I need a refund for order 88123, it came broken", True),
    ("en", "can you change the flight on my booking? booking reference XK9P2Q", True),
    ("en", "my parcel didn't arrive", True),
    ("en", "how do I change my plan?", False),
    ("en", "do you ship to Poland?", False),
    ("en", "how long do refunds take?", False),
    ("en", "what does Premium include?", False),
    ("de", "Mein Konto wurde gehackt, jemand hat mein Passwort geändert", True),
    ("de", "Ich zahle für Premium, aber die App zeigt Free an", True),
    ("de", "Mir wurde in der falschen Währung abgebucht", True),
    ("de", "Können Sie meinen Flug umbuchen? Buchungsnummer steht unten", True),
    ("de", "Liefert ihr auch nach Polen?", False),
    ("de", "Wie ändere ich meinen Tarif?", False),
    ("es", "Me hackearon la cuenta y cambiaron mi correo", True),
    ("es", "Pago premium y mi cuenta aparece como gratis", True),
    ("es", "Necesito cambiar mi vuelo, el código de reserva es ABC123", True),
    ("es", "¿Enviáis a Polonia?", False),
    ("es", "¿Cómo cambio de plan?", False),
    ("fr", "Mon compte a été piraté, quelqu'un a changé mon mot de passe", True),
    ("fr", "J'ai été débité dans la mauvaise devise", True),
    ("fr", "Mon colis n'est pas arrivé", True),
    ("fr", "Comment changer d'offre ?", False),
    ("fr", "Combien de temps prennent les remboursements ?", False),
    ("pl", "Ktoś włamał się na moje konto i zmienił hasło", True),
    ("pl", "Płacę za premium, a aplikacja pokazuje wersję darmową", True),
    ("pl", "Pobrali mi opłatę w złej walucie", True),
    ("pl", "Czy wysyłacie do Niemiec?", False),
    ("pl", "Jak zmienić plan?", False),
    ("zh", "我的账号被盗了，有人改了我的密码", True),
    ("zh", "买了会员却还是免费版", True),
    ("zh", "我想改签，预订号是ABC123", True),
    ("zh", "寄到波兰要几天？", False),
    ("zh", "会员怎么改套餐？", False),
    ("fa", "حسابم هک شده و یکی رمزم رو عوض کرده", True),
    ("fa", "کد رزرو من ABC123 است، می‌خوام پروازم رو تغییر بدم", True),
    ("fa", "به لهستان ارسال دارید؟", False),
    ("hy", "Հաշիվս կոտրել են, գաղտնաբառս փոխել են", True),
    ("hy", "Ինչպե՞ս փոխել փաթեթը", False),
]


@pytest.mark.parametrize(("language", "text", "expected"), CASES + ACCOUNT)
def test_needs_account(language: str, text: str, expected: bool) -> None:
    assert needs_account(text, language) is expected


def test_read_sets_private_from_the_text_alone() -> None:
    assert read("where is my order?? placed it two weeks ago").private
    assert not read("do you ship to Ireland?").private
