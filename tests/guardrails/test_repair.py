"""Repair: mechanical fixes are applied and re-checked clean; what needs a rewrite is handed back."""

from __future__ import annotations

import pytest

from guardrails import CheckContext, check
from guardrails.repair import dm_handoff, repair

CASES = [
    # (language, reply, rules fixed mechanically, rules left for the backend)
    ("en", "Hi Mark, just restart the app. We emailed mark.smith@example.com the label.", {"dismissive", "pii"}, set()),
    ("en", "Please reply with your card number so we can check. Thanks!", {"pii_request"}, set()),
    ("en", "You should have read the manual, obviously.", {"dismissive"}, {"blame"}),
    ("pl", "Po prostu zadzwoń pod +48 601 234 567.", {"pii"}, set()),  # the sentence, "po prostu" too, goes
    ("pl", "Po prostu zrestartuj aplikację. Numer +48 601 234 567 zapisaliśmy.", {"pii"}, {"dismissive"}),
    ("zh", "请提供您的银行卡号。我们会尽快处理。", {"pii_request"}, set()),
    ("de", "Wir garantieren die Lieferung morgen.", set(), {"overpromise"}),
    ("fr", "Malheureusement, le colis a du retard.", {"avoid_word"}, set()),
]


@pytest.mark.parametrize(("language", "reply", "fixed", "left"), CASES)
def test_repair(language: str, reply: str, fixed: set[str], left: set[str]) -> None:
    ctx = CheckContext(language=language, complaint=True, avoid=(("malheureusement", True),))
    outcome = repair(reply, check(reply, ctx), ctx)
    assert {f.rule for f in outcome.applied} == fixed
    assert {f.rule for f in outcome.remaining} == left
    assert len(outcome.instructions) == len(outcome.remaining)
    after = {f.rule for f in check(outcome.text, ctx).findings if f.severity == "block"}
    assert not (after & fixed), (outcome.text, after)


def test_removed_personal_data_is_replaced_by_a_dm_handoff_and_never_kept() -> None:
    reply = "Hi Anna, we emailed anna@example.com the label."
    outcome = repair(reply, check(reply, CheckContext(language="en")), CheckContext(language="en"))
    assert "anna@example.com" not in outcome.text
    assert outcome.text.startswith("Hi Anna, we emailed the label.") and outcome.text.endswith(dm_handoff("en"))
    assert outcome.text[0].isupper()


# Personal data that was the object of "to", "pod", "an die", "au", "寄到" ... takes its sentence along (the
# hand-off stands in its place), or its clause when nothing else would be left: never "sent it to . Please".
DANGLING = [
    ("en", "Hi Anna, we sent the label to anna@example.com.",
     "Hi Anna, please send us a direct message and we'll take it from there."),
    ("en", "Thanks for waiting! We sent it to anna@example.com. It should arrive soon.",
     "Thanks for waiting! Please send us a direct message and we'll take it from there. It should arrive soon."),
    ("en", "Call me on +48 601 234 567", "Please send us a direct message and we'll take it from there."),
    ("en", "@anna_b We sent it to anna@example.com. Thanks for waiting!",  # the @handle it answers stays
     "@anna_b Please send us a direct message and we'll take it from there. Thanks for waiting!"),
    ("en", "Thanks! Your number is +1 415 555 0132 and your email is a.b@example.com. Bye",
     "Thanks! Please send us a direct message and we'll take it from there. Bye"),
    ("pl", "Dzień dobry! Wysłaliśmy paczkę na ul. Długa 5/3, Warszawa. Pozdrawiamy",
     "Dzień dobry! Napisz do nas proszę wiadomość prywatną – tam zajmiemy się resztą. Pozdrawiamy"),
    ("de", "Hallo Jonas, wir haben es an die Berliner Straße 12 geschickt. Viele Grüße",
     "Hallo Jonas, schreiben Sie uns bitte eine Direktnachricht – dort kümmern wir uns um alles Weitere. Viele Grüße"),
    ("es", "Hola Lucía, lo hemos enviado a Calle Mayor 12, Madrid. ¡Gracias!",
     "Hola Lucía, envíanos un mensaje directo y nos encargamos desde allí. ¡Gracias!"),
    ("fr", "Bonjour, appelez-nous à +33 6 12 34 56 78 demain. Bonne journée",
     "Bonjour, envoyez-nous un message privé et nous prendrons le relais. Bonne journée"),
    ("zh", "您好，包裹已寄到北京市朝阳区建国路88号。感谢您的耐心。",
     "您好，请私信我们，我们会在私信里继续跟进。感谢您的耐心。"),
    ("fa", "سلام، بسته را به خیابان ولیعصر، کوچه نسترن، پلاک ۱۲ فرستادیم. ممنون از صبر شما",
     "سلام، لطفاً به ما پیام خصوصی بدهید تا از آنجا پیگیری کنیم. ممنون از صبر شما"),
    ("hy", "Բարև, ուղարկել ենք Աբովյան փողոց 12։ Շնորհակալություն",
     "Բարև, խնդրում ենք գրել մեզ անձնական հաղորդագրությամբ, և մենք այնտեղից կշարունակենք։ Շնորհակալություն"),
]


@pytest.mark.parametrize(("language", "reply", "repaired"), DANGLING)
def test_no_dangling_word_is_left_where_personal_data_was(language: str, reply: str, repaired: str) -> None:
    ctx = CheckContext(language=language)
    found = check(reply, ctx)
    data = [reply[f.start:f.end] for f in found.findings if f.rule == "pii"]
    outcome = repair(reply, found, ctx)
    assert outcome.text == repaired
    assert data and not any(d in outcome.text for d in data)
    assert not check(outcome.text, ctx).blocked
