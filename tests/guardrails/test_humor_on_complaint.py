"""`humor_on_complaint`: laughing, jokes and emoji only matter when the customer complains."""

from __future__ import annotations

import pytest

from guardrails import CheckContext, check

CASES = [
    # (language, reply, complaint, flagged)
    ("en", "Oops, looks like the courier had a fun day 😂", True, True),
    ("en", "Haha, could be worse, at least it arrived!", True, True),
    ("en", "Thank you so much, that made our day! 😄", False, False),
    ("en", "I'm really sorry the stove arrived dented.", True, False),
    ("pl", "Hehe, przynajmniej nie zgubili paczki 🙂", True, True),
    ("pl", "Bardzo przepraszamy za opóźnienie.", True, False),
    ("de", "Hoppla, da hat wohl jemand geschlafen 😅", True, True),
    ("de", "Es tut uns sehr leid, dass das Paket beschädigt ist.", True, False),
    ("es", "Jaja, míralo por el lado bueno: ¡ya tienes excusa para salir!", True, True),
    ("es", "Sentimos mucho el retraso del pedido.", True, False),
    ("fr", "Oups, c'est une blague ce colis 😂", True, True),
    ("fr", "Nous sommes vraiment désolés pour ce retard.", True, False),
    ("zh", "哈哈，快递小哥可能迷路了😂", True, True),
    ("zh", "非常抱歉包裹延误了，我们马上核实。", True, False),
    ("fa", "خخخ، بدتر هم می‌توانست باشد 😂", True, True),
    ("fa", "بابت تأخیر واقعاً متأسفیم.", True, False),
    ("hy", "Հահա, կարող էր ավելի վատ լինել 😂", True, True),
    ("hy", "Շատ ենք ցավում ուշացման համար։", True, False),
    ("hy", "Հահա, շնորհակալություն 😂", False, False),
]


@pytest.mark.parametrize(("language", "reply", "complaint", "flagged"), CASES)
def test_humor_on_complaint(language: str, reply: str, complaint: bool, flagged: bool) -> None:
    ctx = CheckContext(language=language, complaint=complaint)
    found = [f for f in check(reply, ctx).findings if f.rule == "humor_on_complaint"]
    assert bool(found) == flagged, [f.message for f in found]
    assert all(f.fix == "" for f in found)


def test_laughing_at_bad_luck_on_a_complaint_blocks() -> None:
    reply = "Haha, bad luck! Maybe don't leave your stove on next time 😂"
    found = [f for f in check(reply, CheckContext(language="en", complaint=True)).findings
             if f.rule == "humor_on_complaint"]
    assert {reply[f.start:f.end] for f in found} >= {"Haha", "bad luck", "😂"}
    assert all(f.severity == "block" for f in found)
