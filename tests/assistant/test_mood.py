"""Mood on customer-care posts: sarcasm, mock anger and plain questions, in several languages."""

from __future__ import annotations

import pytest

from assistant import read

CASES = [
    # sarcasm: praise next to a named problem is upset
    ("wow, 3 weeks and still no refund. love that for me 🙃", "upset"),
    ('vaya, "2 años de garantía" y la cremallera rota a los 5 meses. genial 👏', "upset"),
    ("Super, jetzt warte ich schon 9 Tage auf mein Paket. Ganz großes Kino 👏👏", "upset"),
    # ...while real praise stays happy
    ("Thank you so much, the tent is perfect ❤️", "happy"),
    ("Vielen Dank, die Jacke ist super!", "happy"),
    # mock anger with laughter and nothing broken is playful
    ("Brightfern you absolute villains 😤 third tent this year 😂", "playful"),
    ("Wy potwory!! 😤 przez was mój mąż spędza więcej czasu na e-bike'u niż ze mną 😂", "playful"),
    # ...but a real complaint with a laugh is still upset
    ("lol my order is STILL not here after 3 weeks, ridiculous", "upset"),
    # a plain question is calm, not confused
    ("Czy macie w ofercie kajaki albo deski SUP?", "calm"),
    ("你们卖皮划艇吗？", "calm"),
    # abuse reads as upset even without mood words
    ("Brightfern = Müll. Ihr seid alle unfähige Vollidioten.", "upset"),
]


@pytest.mark.parametrize(("text", "mood"), CASES)
def test_mood(text: str, mood: str) -> None:
    assert read(text).mood == mood
