"""`pii`: personal data in a public reply.

Severity block: a public reply that repeats an e-mail, phone, card, IBAN, order number, street address or full
name exposes the customer for good. False positives: long product codes or dates written as digit groups can
look like phone numbers (in links only query-string values count: ?phone=, ?tel=, or an international number);
a given name before an unlisted capitalised product word, a brand before a census surname, or in English text
two capitalised words no dictionary, place list or brand list has (a new brand, a word of another language)
can look like a full name, and a celebrity's full name counts like a customer's (common words, sign-offs,
places and listed brands do not); card and IBAN matches need a valid checksum, so those are rare
(guardrails/pii.py and guardrails/names.py have the detail). A lone first name (how replies greet customers)
is never flagged, nor the customer's own name as the context gives it (`customer_name`: "Hi Marta Nowak!" to
Marta Nowak, "王磊，您好" to 王磊; any other full name still counts). In a private DM only cards and IBANs
are flagged (nobody should send those even privately).
Fix: delete the data; guardrails/repair.py then drops a sentence the deletion would leave dangling and adds a
DM hand-off sentence.
"""

from __future__ import annotations

from guardrails.context import CheckContext
from guardrails.findings import Finding
from guardrails.names import own_name
from guardrails.pii import find_pii
from guardrails.rules import rule

_WHAT = {
    "email": "an e-mail address", "phone": "a phone number", "card": "a payment card number",
    "iban": "a bank account number (IBAN)", "order": "an order number", "address": "a street address",
    "name": "a full name (use the customer's first name only)",
}


@rule("pii")
def pii(text: str, ctx: CheckContext, language: str) -> list[Finding]:
    findings = []
    for span in find_pii(text, ctx.order_id_pattern):
        if not ctx.public and span.kind not in ("card", "iban"):
            continue
        if span.kind == "name" and own_name(text[span.start:span.end], ctx.customer_name):
            continue
        findings.append(Finding(
            rule="pii", severity="block", start=span.start, end=span.end, language=language,
            message=f"The reply contains {_WHAT[span.kind]}; remove it and continue in a direct message.",
            fix="",
        ))
    return findings
