"""`avoid_word`: the brand's own banned phrases from voice.md, incl. "as the first word", eight languages."""

from __future__ import annotations

import pytest

from guardrails import CheckContext, check

AVOID = {
    "en": (("unfortunately", True), ("no worries", False)),
    "pl": (("niestety", True), ("nie ma sprawy", False)),
    "de": (("leider", True), ("kein Problem", False)),
    "es": (("lamentablemente", True), ("no pasa nada", False)),
    "fr": (("malheureusement", True), ("pas de souci", False)),
    "zh": (("很遗憾", True), ("没关系", False)),
    "fa": (("متأسفانه", True), ("اشکالی نداره", False)),
    "hy": (("ցավոք", True), ("ոչինչ", False)),
}
CASES = [
    # (language, reply, flagged)
    ("en", "Unfortunately the parcel is late.", True),
    ("en", "Hi Mark, unfortunately the parcel is late.", True),
    ("en", "The parcel is, unfortunately, late.", False),
    ("en", "No worries, we'll fix it.", True),
    ("pl", "Niestety paczka się spóźnia.", True),
    ("pl", "Paczka niestety się spóźnia.", False),
    ("de", "Leider ist das Paket verspätet.", True),
    ("de", "Das Paket ist leider verspätet.", False),
    ("es", "Lamentablemente el pedido llega tarde.", True),
    ("es", "El pedido llega tarde, lamentablemente.", False),
    ("fr", "Malheureusement le colis est en retard.", True),
    ("fr", "Pas de souci, nous allons vérifier.", True),
    ("fr", "Le colis est malheureusement en retard.", False),
    ("zh", "很遗憾，包裹延误了。", True),
    ("zh", "包裹延误了，没关系我们会处理。", True),
    ("zh", "包裹延误了，我们马上处理。", False),
    ("fa", "متأسفانه بسته دیر رسیده است.", True),
    ("fa", "بسته متأسفانه دیر رسیده است.", False),
    ("hy", "Ցավոք, առաքումն ուշանում է։", True),
    ("hy", "Առաքումը, ցավոք, ուշանում է։", False),
]


@pytest.mark.parametrize(("language", "reply", "flagged"), CASES)
def test_avoid_word(language: str, reply: str, flagged: bool) -> None:
    ctx = CheckContext(language=language, avoid=AVOID[language])
    found = [f for f in check(reply, ctx).findings if f.rule == "avoid_word"]
    assert bool(found) == flagged, [f.message for f in found]
