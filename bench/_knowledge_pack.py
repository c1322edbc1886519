"""A generated brand pack of any size for the knowledge benchmark: product x question-template combinations.

Questions are short and varied like a real help centre's (product names, care, sizing, warranty ...),
so the embedding cost per entry is realistic; answers are one or two sentences.
"""

from __future__ import annotations

import itertools
import random

from knowledge import BrandPack, FaqEntry
from knowledge.pack import Brand, parse_voice

_ADJ = ["Ridge", "Summit", "Alder", "Fjord", "Cirrus", "Tundra", "Basalt", "Willow", "Nimbus", "Ember",
        "Granite", "Lark", "Pine", "Talus", "Delta", "Aspen", "Cobalt", "Juniper", "Scree", "Horizon"]
_NOUN = ["backpack", "tent", "rain jacket", "down jacket", "sleeping bag", "stove", "harness", "headlamp",
         "trekking pole", "e-bike", "sleeping mat", "water filter", "fleece", "hiking boot", "helmet",
         "dry bag", "camp chair", "cook set", "rope", "gaiters"]
_TEMPLATES = [
    "How do I clean the {p}?", "Is the {p} waterproof?", "What warranty does the {p} have?",
    "How much does the {p} weigh?", "Can I repair the {p} myself?", "Which size of the {p} should I pick?",
    "How do I store the {p} over winter?", "Is the {p} suitable for children?", "Where is the {p} made?",
    "Can I return the {p} after using it once?", "Does the {p} come with a carry bag?",
    "What is the {p} made of?", "Is there a women's version of the {p}?", "How long does the {p} last?",
    "Can I wash the {p} in a machine?", "Why is my {p} squeaking?", "Are spare parts for the {p} available?",
    "Is the {p} allowed on a plane?", "What colours does the {p} come in?", "Is the {p} vegan?",
    "How do I set up the {p}?",
    "Can I rent the {p} instead of buying it?", "Does the {p} work below freezing?",
    "Is the {p} in the sale?", "How do I register the {p} for its warranty?", "Does the {p} fit in hand luggage?",
]


def generated_pack(entries: int, brand_id: str = "benchbrand") -> BrandPack:
    """A valid pack with `entries` distinct FAQ entries (English only)."""
    products = [f"{a} {n}" for a, n in itertools.product(_ADJ, _NOUN)]
    combos = itertools.islice(itertools.product(_TEMPLATES, products), entries)
    faq = []
    for i, (template, product) in enumerate(combos):
        question = template.format(p=product)
        answer = f"For the {product}: see the care card in the box, or ask us and we will help ({i})."
        faq.append(FaqEntry(id=f"e{i:05d}", question=question, answer=answer))
    if len(faq) < entries:
        raise ValueError(f"at most {len(_TEMPLATES) * len(products)} entries can be generated")
    brand = Brand.model_validate({
        "id": brand_id, "name": "Bench", "default_language": "en", "languages": ["en"],
        "support_hours": {"days": "mon-fri", "from": "09:00", "to": "17:00", "timezone": "UTC"},
    })
    return BrandPack(brand=brand, faq=tuple(faq), voice=parse_voice("## Tone\nFriendly."))


def paraphrase(question: str, rng: random.Random) -> str:
    """A customer-like rewording: lower case, a dropped word, a filler and sometimes an emoji."""
    words = question.rstrip("?").lower().split()
    if len(words) > 4:
        del words[rng.randrange(1, len(words) - 1)]
    return f"{rng.choice(['hey', 'quick q', 'hi all', 'pls help'])} {' '.join(words)}?? {rng.choice(['', '🙏', '😅'])}"
