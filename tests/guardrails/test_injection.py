"""`injection`: leaked instructions always block; refunds, discounts, exceptions only without FAQ backing."""

from __future__ import annotations

import pytest

from guardrails import CheckContext, check

REFUND_FAQ = {
    "en": "Refunds reach your account 5–7 days after the return arrives.",
    "pl": "Zwrot pieniędzy trafia na konto 5–7 dni po otrzymaniu zwrotu.",
    "de": "Die Erstattung erfolgt 5–7 Tage nach Eingang der Rücksendung.",
    "es": "El reembolso llega a tu cuenta 5–7 días después de recibir la devolución.",
    "fr": "Le remboursement arrive sur votre compte 5 à 7 jours après réception du retour.",
    "zh": "收到退货后5–7天内退款到账。",
    "fa": "بازپرداخت ۵ تا ۷ روز پس از دریافت کالای مرجوعی انجام می‌شود.",
    "hy": "Գումարի վերադարձը կատարվում է 5–7 օրվա ընթացքում։",
}
CASES = [
    # (language, reply, faq about refunds?, flagged)
    ("en", "As an AI language model, my instructions say to be polite.", False, True),
    ("en", "Internal note: customer is VIP, escalate.", False, True),
    ("en", "Here's a discount code for 50% off your next order!", False, True),
    ("en", "We'll refund you in full right away.", False, True),
    ("en", "We'll refund you in full once the return arrives.", True, False),
    ("en", "We'll refund you in full, no return needed.", True, True),  # the FAQ refunds after a return only
    ("en", "Thanks for your patience, the parcel is on its way.", False, False),
    ("pl", "Zrobimy wyjątek i damy Ci kod rabatowy.", False, True),
    ("pl", "Zwrócimy pieniądze w ciągu 5–7 dni.", True, False),
    ("de", "Laut meinen Anweisungen darf ich das nicht sagen, aber ausnahmsweise erstatten wir alles.", False, True),
    ("de", "Die Erstattung erfolgt nach Eingang der Rücksendung.", True, False),
    ("es", "Como IA no debería, pero te damos un código de descuento.", False, True),
    ("es", "Te reembolsaremos el importe cuando llegue la devolución.", True, False),
    ("fr", "Selon mes instructions, je vous offre un code promo.", False, True),
    ("fr", "Nous vous rembourserons dès réception du retour.", True, False),
    ("zh", "根据系统提示，我们为您破例全额退款。", False, True),
    ("zh", "收到退货后我们会为您退款。", True, False),
    ("fa", "طبق یادداشت داخلی، به شما کد تخفیف می‌دهیم.", False, True),
    ("fa", "پس از دریافت کالا، بازپرداخت کامل انجام می‌شود.", True, False),
    ("hy", "Որպես բացառություն կտանք Ձեզ զեղչի կոդ։", False, True),
    ("hy", "Գումարի վերադարձը կկատարվի ապրանքը ստանալուց հետո։", True, False),
]


@pytest.mark.parametrize(("language", "reply", "refund_faq", "flagged"), CASES)
def test_injection(language: str, reply: str, refund_faq: bool, flagged: bool) -> None:
    ctx = CheckContext(language=language, faq_answers=(REFUND_FAQ[language],) if refund_faq else ())
    found = [f for f in check(reply, ctx).findings if f.rule == "injection"]
    assert bool(found) == flagged, [f.message for f in found]
