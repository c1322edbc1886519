"""The e5-prototype mood reader (opt-in, ~6 s to embed the prototypes once): languages with no lexicon."""

from __future__ import annotations

import pytest

from assistant.mood_e5 import read_mood_e5, read_mood_hybrid

CASES = [
    ("Sono furioso, nessuno mi risponde da una settimana!", "upset"),
    ("Grazie mille, lo zaino è perfetto!", "happy"),
    ("Sono molto preoccupata, arriverà in tempo per il viaggio?", "anxious"),
    ("Avete negozi a Milano?", "calm"),  # a plain question is not confusion
]


@pytest.mark.parametrize(("text", "mood"), CASES)
def test_e5_prototypes_read_a_language_without_lexicon(text: str, mood: str) -> None:
    assert read_mood_e5(text)[0] == mood


def test_hybrid_keeps_the_lexicon_answer_when_it_has_one() -> None:
    # sarcasm is a lexicon rule; e5 alone reads the praise words as happy
    assert read_mood_hybrid("wow, 3 weeks and still no refund. love that for me 🙃", "en")[0] == "upset"
