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
are flagged (nobody should send those even privately). With the customer's post (`ctx.post`), a number the
customer posted (5+ digits, or 4+ digits with letters or after "#": an order, account or booking number in
any format) counts as personal data when the public reply repeats it, unless an FAQ answer the reply uses
holds it too (a phone line or a product code of the brand's own).
Fix: delete the data; guardrails/repair.py then drops a sentence the deletion would leave dangling and adds a
DM hand-off sentence.
"""

from __future__ import annotations

import re

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
    taken = [(f.start, f.end) for f in findings]
    if ctx.public:
        for start, end in _posted_numbers(text, ctx):
            if not any(a < end and start < b for a, b in taken):
                findings.append(Finding(
                    rule="pii", severity="block", start=start, end=end, language=language,
                    message="The reply repeats a number the customer posted (an order, account or booking "
                            "number); remove it and continue in a direct message.",
                    fix="",
                ))
    return sorted(findings, key=lambda f: f.start)


_TOKEN = re.compile(r"#?[^\W_]*\d[\w-]*")


def _posted_numbers(text: str, ctx: CheckContext) -> list[tuple[int, int]]:
    """Spans of `text` that repeat an identifier-like number of the post."""
    spans: list[tuple[int, int]] = []
    for token in set(_TOKEN.findall(ctx.post or "")):
        core = token.lstrip("#").strip("-")
        digits = sum(ch.isdigit() for ch in core)
        if digits < 4 or (digits == 4 and not token.startswith("#") and not any(ch.isalpha() for ch in core)):
            continue
        whole = re.compile(rf"(?<![\w-]){re.escape(core)}(?![\w-])")
        if not any(whole.search(answer) for answer in ctx.faq_answers):
            spans += [m.span() for m in whole.finditer(text)]
    return sorted(spans)
