"""`dismissive`, table-driven in several languages: bad replies and harmless look-alikes side by side."""

from __future__ import annotations

import pytest

from guardrails import CheckContext, check

CASES = [
    # (language, reply, flagged)
    ("en", "Calm down, the parcel is on its way.", True),
    ("en", "You simply need to restart the app.", True),
    ("en", "As stated before, returns take 60 days.", True),
    ("en", "Just to confirm, was it the blue jacket?", False),
    ("en", "Thanks for your patience, the parcel is on its way.", False),
    ("pl", "Po prostu proszę zrestartować aplikację.", True),
    ("pl", "Dziękujemy za cierpliwość, paczka jest już w drodze.", False),
    ("de", "Wie bereits erwähnt, dauert die Lieferung 3 Tage.", True),
    ("de", "Danke für deine Geduld, das Paket ist unterwegs.", False),
    ("es", "Obviamente tiene que leer las instrucciones.", True),
    ("fr", "Évidemment, il faut lire la notice.", True),
    ("zh", "请冷静一下，包裹已经在路上了。", True),
    ("zh", "感谢您的耐心，包裹已经在路上了。", False),
]


@pytest.mark.parametrize(("language", "reply", "flagged"), CASES)
def test_dismissive(language: str, reply: str, flagged: bool) -> None:
    result = check(reply, CheckContext(language=language))
    found = [f for f in result.findings if f.rule == "dismissive"]
    assert bool(found) == flagged, [f.message for f in found]
    for f in found:
        assert f.severity == "block" and "instead" in f.message or "leave it out" in f.message


@pytest.mark.parametrize(
    ("reply", "flagged"),
    [
        ("Just check your spam folder.", True),
        ("Hi Anna, just make sure the app is up to date.", True),
        ("Can I just check that you mean the blue one?", False),  # about what we do
        ("Let me just check that for you.", False),
    ],
)
def test_just_in_an_instruction_but_not_about_ourselves(reply: str, flagged: bool) -> None:
    found = [f for f in check(reply, CheckContext(language="en")).findings if f.rule == "dismissive"]
    assert bool(found) == flagged
