"""Does helping need the customer's account data? From per-language lexicons (assistant/data/account/).

A post needs account data when it names something that can only be looked up in their account:
an `always` phrase on its own ("charged twice", "change my delivery address", "locked out of my account"),
or one of the customer's own orders, payments, parcels or cards (`mine`) together with something wrong
or to be changed about it (`problem`). `general` phrases ("how long does it usually take", "in general")
cancel a `mine`+`problem` match, not an `always` one: a policy question is answered in public.
The post's language and English are read (English order words turn up in every language).

False-positive risk: a general complaint phrased in the first person ("my order never arrives on time
with you") moves a reply to DM that could have stayed public; that costs one extra step for the customer,
while the opposite mistake invites them to post order data in public, so the rule leans to DM.
"""

from __future__ import annotations

from assistant.lexicon import lexicon, outside, pattern, spans


def needs_account(text: str, language: str) -> bool:
    """True when helping needs a look at this customer's own order, payment, address or login."""
    for lang in dict.fromkeys((language, "en")):
        if not lexicon("account", lang):
            continue
        if spans(pattern("account", lang, "always"), text):
            return True
        mine = spans(pattern("account", lang, "mine"), text)
        problem = outside(spans(pattern("account", lang, "problem"), text), mine)
        if mine and problem and not spans(pattern("account", lang, "general"), text):
            return True
    return False
