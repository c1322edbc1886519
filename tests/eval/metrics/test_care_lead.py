"""`care_lead`: one pass/fail per case; the reason lists every failed check."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from eval.metrics import get
from eval.metrics.base import FAQ_ANSWERS

ANSWER_EN = "Hi Jake! Orders ship within 1 business day; delivery takes 2–4 business days. – Care"
ANSWER_DE = "Hallo Anna! Danke für deine Nachricht. Jede Schraubkartusche mit Ventil passt auf den Kocher. – Care"
STALL_ES = "¡Hola, Raúl! Gracias por escribirnos. Lo estamos consultando con el equipo y te responderemos por aquí."
ESCALATE_PL = ("Cześć Bartek! Bardzo nam przykro. Prosimy, od razu przestań korzystać z produktu. Nasz zespół ds. "
               "bezpieczeństwa skontaktuje się z Tobą bezpośrednio jeszcze dziś.")
DM_PUBLIC_FR = ("Bonjour Inès ! Nous sommes sincèrement désolés. Pour que nous puissions regarder cela en toute "
                "sécurité, envoyez-nous un message privé et nous prendrons le relais.")
PRAISE_ZH = "明轩，您好！太感谢您了，看到您的留言我们开心了一整天！"


def _case(mk: SimpleNamespace, **fields: Any) -> Any:
    return mk.case(**{"lang": "en", "mood": "calm", "intent": "question", "faq": [], "private": False,
                      "escalate": False, **fields})


def test_a_good_answer_passes(mk: SimpleNamespace) -> None:
    score = get("care_lead").score(_case(mk, faq=["shipping-times"]),
                                   mk.response(mk.draft(ANSWER_EN, faq_ids=["shipping-times"])))
    assert (score.passed, score.failed) == (True, ())


@pytest.mark.parametrize(("fields", "drafts", "failed"), [
    ({"lang": "de", "faq": ["stove"]}, [{"text": ANSWER_DE, "faq_ids": ["stove"]}], ()),
    ({"lang": "de", "faq": ["stove"]}, [{"text": ANSWER_EN, "faq_ids": ["stove"]}],
     ("draft_language: de post answered in en",)),
    ({"lang": "es", "faq": ["gift-cards"]}, [{"text": STALL_ES}],
     ("no_stall: stall phrase", "faq_used: no FAQ used")),
    ({"faq": []}, [{"text": ANSWER_EN, "faq_ids": ["shipping-times"]}],
     ("no_forced_answer: answers with shipping-times where no FAQ applies",)),
    # safety: escalating wording without a plan is not enough (the plan is what every backend renders)
    ({"lang": "pl", "mood": "anxious", "intent": "safety", "escalate": True}, [{"text": ESCALATE_PL}],
     ("escalation_in_draft: no plan",)),
    ({"lang": "pl", "mood": "anxious", "intent": "safety", "escalate": True},
     [{"text": ESCALATE_PL, "plan": {"actions": ["greet", "apologise", "escalate"]}}], ()),
    # private: the public reply hands off and a DM draft asks for the details
    ({"lang": "fr", "mood": "upset", "intent": "problem", "private": True, "faq": ["refund-timing"]},
     [{"text": DM_PUBLIC_FR, "faq_ids": ["refund-timing"]}], ("dm_pair: no DM for a private case",)),
    ({"lang": "fr", "mood": "upset", "intent": "problem", "private": True, "faq": ["refund-timing"]},
     [{"text": DM_PUBLIC_FR, "faq_ids": ["refund-timing"]},
      {"text": "Merci ! Envoyez-nous votre numéro de commande.", "visibility": "private"}], ()),
    # praise: thanks, no apology, no DM
    ({"lang": "zh", "mood": "happy", "intent": "praise"}, [{"text": PRAISE_ZH}], ()),
    ({"lang": "zh", "mood": "happy", "intent": "praise"},
     [{"text": PRAISE_ZH}, {"text": "请私信我们您的订单号。", "visibility": "private"}], ("praise: DM for praise",)),
    ({"lang": "en", "mood": "happy", "intent": "praise"}, [{"text": "Hi Jake! So sorry to hear that. Thanks!"}],
     ("mood_fit: apology to a happy post",)),
    ({"lang": "en", "mood": "happy", "intent": "praise"}, [{"text": "Hi Jake! I'm really sorry about this."}],
     ("mood_fit: apology to a happy post", "mood_fit: no thanks for praise")),
    ({"lang": "en", "mood": "happy", "intent": "praise"},
     [{"text": "Thank you! We'll look into it.", "plan": {"actions": ["thank", "unknown"]}}],
     ("praise: says we'll get back",)),
    # tone on a complaint: one apology, no emoji
    ({"lang": "en", "mood": "upset", "intent": "problem"},
     [{"text": "Hi Jake! I'm really sorry about this. I'm sorry it hasn't arrived! Please DM us."}],
     ("tone_fit: apologises more than once on a complaint",)),
    ({"lang": "en", "mood": "upset", "intent": "complaint"}, [{"text": "Hi Jake! We hear you 🙏"}],
     ("tone_fit: no apology on a complaint", "tone_fit: emoji on a complaint")),
    # guardrails, privacy and length
    ({"lang": "en", "pii": ["BF-482913"]}, [{"text": "Hi! About BF-482913: please DM us. " + "x" * 260,
                                              "blocked": True, "findings": [{"rule": "pii", "severity": "block"}]}],
     ("not_blocked: blocked by pii", "pii_not_echoed: echoes 1 of 1 PII strings", "length_ok: over the twitter limit")),
])
def test_rubric(mk: SimpleNamespace, fields: dict[str, Any], drafts: list[dict[str, Any]],
                failed: tuple[str, ...]) -> None:
    response = mk.response(*(mk.draft(**d) for d in drafts))
    score = get("care_lead").score(_case(mk, **fields), response)
    assert score.failed == failed
    assert score.passed is (not failed)
    assert score.reason == ("; ".join(failed) or "passes the rubric")


SHIPPING = {"shipping-times": {"en": "Orders ship within 1 business day. Delivery takes 2–4 business days in "
                                    "Germany.",
                              "de": "Bestellungen verschicken wir innerhalb von 1 Werktag. Die Lieferung dauert in "
                                    "Deutschland 2–4 Werktage."}}


@pytest.mark.parametrize(("lang", "text", "failed"), [
    ("en", ANSWER_EN, ()),  # keeps both durations of three facts
    ("en", "Hi Jake! Orders ship fast, and delivery is quick. – Care", ("fact_coverage: drops place, quantity",)),
    ("de", "Hallo Anna! Wir verschicken in 1 Werktag, nach Deutschland dauert es 2 bis 4 Werktage.", ()),
    ("de", "Hallo Anna! Danke! Die Lieferung nach Deutschland dauert ein paar Tage.",
     ("fact_coverage: drops quantity",)),
])
def test_a_cited_answer_keeps_at_least_half_its_facts(mk: SimpleNamespace, lang: str, text: str,
                                                      failed: tuple[str, ...]) -> None:
    response = mk.response(mk.draft(text, faq_ids=["shipping-times"], language=lang))
    response[FAQ_ANSWERS] = SHIPPING
    score = get("care_lead").score(_case(mk, lang=lang, faq=["shipping-times"]), response)
    assert score.failed == failed


def test_no_draft_fails_unless_troll(mk: SimpleNamespace) -> None:
    assert get("care_lead").score(_case(mk), mk.response()).failed == ("draft: no public draft",)
    assert get("care_lead").score(_case(mk, troll=True), mk.response()).passed is True
