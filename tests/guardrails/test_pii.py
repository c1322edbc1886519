"""PII detection, table-driven: positives and look-alikes side by side, several locales."""

from __future__ import annotations

import pytest

from guardrails import CheckContext, check, find_pii

ORDER = r"BF-\d{6}"

FOUND = [
    ("Write to jan.kowalski@example.com please", "email"),
    ("Call me on +48 601 234 567", "phone"),
    ("Ruf an: +49 30 12345678", "phone"),
    ("mój numer 601 234 567", "phone"),
    ("Tel. 030 1234567", "phone"),
    ("我的手机 13812345678", "phone"),
    ("我的手机 １３８１２３４５６７８", "phone"),  # full-width digits, as Chinese keyboards type them
    ("شماره من ۰۹۱۲۳۴۵۶۷۸۹ است", "phone"),
    ("card 4111 1111 1111 1111 exp 12/29", "card"),
    ("IBAN DE89 3704 0044 0532 0130 00", "iban"),
    ("order BF-123456 never came", "order"),
    ("call +1 (415) 555-0132 any time", "phone"),
    ("Festnetz 030/1234567", "phone"),
    ("تماس: ۰۲۱ ۸۸۷۷ ۶۶۵۵", "phone"),
    ("联系电话 138-1234-5678", "phone"),
    ("Mastercard 5555-5555-5555-4444", "card"),
    ("IBAN PL61 1090 1014 0000 0712 1981 2874", "iban"),
    ("we sent it to 221B Baker Street, London", "address"),
    ("wysłaliśmy na ul. Długa 5/3, Warszawa", "address"),
    ("an die Berliner Straße 12 geschickt", "address"),
    ("enviado a Calle Mayor 12, Madrid", "address"),
    ("envoyé au 12 rue de la Paix", "address"),
    ("寄到北京市朝阳区建国路88号", "address"),
    ("به خیابان ولیعصر، کوچه نسترن، پلاک ۱۲ فرستادیم", "address"),
    ("ուղարկել ենք Աբովյան փողոց 12", "address"),
    ("we spoke to John Smith yesterday", "name"),
    ("Mrs. Kowalska will call you", "name"),
    ("Anna Kowalska, your refund is on its way", "name"),
    ("请联系王小明先生", "name"),
    ("سفارش محمد رضایی ارسال شد", "name"),
    ("Արամ Պետրոսյանի պատվերը", "name"),
]
NOT_FOUND = [
    "card 4111 1111 1111 1112",  # fails Luhn
    "We ship in 2-4 business days",
    "Returns within 60 days, refunds in 5–7 days",
    "Our Ember 2 stove takes 230 g cartridges",
    "email us via the contact form",
    "Hi Anna, your parcel is on its way",  # a first name alone is how replies greet
    "Hi Anna Thanks for writing",
    "王先生您好，包裹已发出",  # surname + honorific is polite address, not a full name
    "مریم جان، ممنون از پیام شما",
    "Our Main Street store opens at 9",
    "Hauptstraße ist gesperrt",
    "Pickup at store 12 from 9 to 17",
    "Barev Aram, shnorhakalutyun",
]


@pytest.mark.parametrize(("text", "kind"), FOUND)
def test_personal_data_is_found(text: str, kind: str) -> None:
    kinds = [s.kind for s in find_pii(text, ORDER)]
    assert kind in kinds, f"{kind} not found in {text!r}"


@pytest.mark.parametrize("text", NOT_FOUND)
def test_look_alikes_are_not_personal_data(text: str) -> None:
    assert find_pii(text, ORDER) == []


def test_finding_points_at_the_email_but_never_echoes_it() -> None:
    reply = "Hi Mark, we emailed mark.smith@example.com the label."
    result = check(reply, CheckContext(language="en"))
    found = [f for f in result.findings if f.rule == "pii"]
    assert len(found) == 1 and result.blocked
    f = found[0]
    assert reply[f.start:f.end] == "mark.smith@example.com"
    assert "mark.smith" not in f.model_dump_json()


def test_private_dm_may_ask_for_order_number_but_never_a_card() -> None:
    ctx = CheckContext(language="en", public=False, order_id_pattern=ORDER)
    assert not check("Is it order BF-123456?", ctx).blocked
    assert check("Your card 4111 1111 1111 1111 was charged", ctx).blocked


def test_no_finding_on_the_labelled_replies_holds_the_personal_data_it_found() -> None:
    import json
    from pathlib import Path

    rows = [json.loads(line) for line in (Path(__file__).resolve().parents[2] / "eval" / "data"
                                          / "guardrail_replies.jsonl").read_text(encoding="utf-8").splitlines()]
    checked = 0
    for row in rows:
        if "pii" not in row["rules"]:
            continue
        for f in check(row["text"], CheckContext(language=row["lang"])).findings:
            if f.rule == "pii":
                checked += 1
                assert row["text"][f.start:f.end] not in f.model_dump_json(), row["id"]
    assert checked >= 40


def test_order_number_inside_a_link_is_found() -> None:
    spans = find_pii("Track it here: https://brightfern.example/track/BF-123456", ORDER)
    assert [s.kind for s in spans] == ["order"]


# Phones in links are looked for in query-string values only, URL-decoded: under a phone-like key, or as
# an international number. Status ids and archive timestamps in paths, and other keys' digits, are not.
QUERY_PHONES = [
    ("Confirm here https://example.com/cb?phone=%2B48601234567 thanks", "%2B48601234567"),
    ("https://example.com/cb?tel=601234567", "601234567"),
    ("https://shop.example.fr/rappel?nom=x&t%C3%A9l%C3%A9phone=%2B33612345678", "%2B33612345678"),
    ("https://example.de/r?Telefon=030%201234567&x=1", "030%201234567"),
    ("https://example.pl/f?numer=601+234+567", "601+234+567"),
    ("https://example.com/f?msisdn=48601234567", "48601234567"),
    ("https://example.es/f?customerPhone=%2B34612345678", "%2B34612345678"),
    ("https://x.example/form?ref=tw&contact=%2B48601234567", "%2B48601234567"),  # any international number
    ("https://x.example/form?c=0048601234567.", "0048601234567"),
]
QUERY_NOT_PHONES = [
    "https://twitter.com/x/status/1234567890123456789",
    "https://web.archive.org/web/20200405070325/https://example.com/?a=1",
    "https://example.com/?id=1234567890",
    "https://example.com/?t=20200405070325",
    "https://example.com/p?page=00012345",
    "https://example.com/?phone=0800123456",  # a free-phone number belongs to a business
    "https://example.com/?utm_campaign=1234567&ts=1588000000000",
    "https://example.com/s?q=%2Bfast+shipping",
]


@pytest.mark.parametrize(("text", "number"), QUERY_PHONES)
def test_phone_in_a_query_string_is_found(text: str, number: str) -> None:
    spans = find_pii(text, ORDER)
    assert [(s.kind, text[s.start:s.end]) for s in spans] == [("phone", number)]


@pytest.mark.parametrize("text", QUERY_NOT_PHONES)
def test_link_digits_are_no_phone(text: str) -> None:
    assert find_pii(text, ORDER) == []


POSTED = [
    # (post, reply, flagged): numbers the customer posted are theirs, in any format
    ("Where is my order #12345?", "Hi! Order #12345 left our warehouse yesterday.", True),
    ("Gdzie jest moje zamówienie 8834521?", "Cześć! Zamówienie 8834521 jest w drodze.", True),
    ("Booking ref AB1234 was cancelled", "Hi! Booking AB1234 is refunded.", True),
    ("Where is my order #12345?", "Hi! Please send us a DM with your order number.", False),
    ("I have been a customer since 2019", "Thanks for being with us since 2019!", False),  # a year, not an id
    ("Is 0800 123456 your hotline?", "Yes, call 0800 123456 any day.", False),  # in the FAQ: the brand's own
]


@pytest.mark.parametrize(("post", "reply", "flagged"), POSTED)
def test_a_public_reply_never_repeats_a_number_the_customer_posted(post: str, reply: str, flagged: bool) -> None:
    ctx = CheckContext(post=post, faq_answers=("Our hotline 0800 123456 is free.",))
    found = [f for f in check(reply, ctx).findings if f.rule == "pii"]
    assert bool(found) == flagged, found
    private = [f for f in check(reply, ctx.model_copy(update={"public": False})).findings if f.rule == "pii"]
    assert not private, "a DM may repeat the customer's own order number"
