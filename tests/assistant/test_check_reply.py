"""Checking an agent's own reply (`tactful check`, POST /v1/checks): context from the post, backing from the FAQ."""

from __future__ import annotations

from assistant import DraftingService
from knowledge import BrandPack


def _rules(report: object) -> set[str]:
    return {f.rule for f in report.findings}  # type: ignore[attr-defined]


def test_a_reply_that_says_what_the_faq_says_is_no_overpromise_without_naming_entries(
    service: DraftingService, pack: BrandPack
) -> None:
    answer = pack.entry("refund-timing").answer  # type: ignore[union-attr]
    report = service.check_reply(f"Hi Sam! {answer}", pack, "twitter")
    assert "overpromise" not in _rules(report), report.findings


def test_a_number_elsewhere_in_the_faq_does_not_back_a_different_claim(service: DraftingService, pack: BrandPack
                                                                        ) -> None:
    # "24 hours" is in the password-reset answer; it says nothing about refunds.
    report = service.check_reply("Hi Sam, refunds arrive within 24 hours, guaranteed!", pack, "twitter")
    assert "overpromise" in _rules(report)


def test_the_post_makes_a_joke_about_the_customers_mishap_blame_and_humour(service: DraftingService,
                                                                          pack: BrandPack) -> None:
    reply = "Haha, bad luck! Maybe don't leave your stove on next time 😂"
    post = "My stove was left on and it scorched the floor of my tent, I'm gutted"
    report = service.check_reply(reply, pack, "twitter", post=post)
    assert {"blame", "humor_on_complaint"} <= _rules(report), report.findings
    assert report.blocked


def test_asking_for_card_details_in_public_is_a_pii_request(service: DraftingService, pack: BrandPack) -> None:
    report = service.check_reply("Please reply here with your full card number and expiry date.", pack, "twitter")
    assert "pii_request" in _rules(report) and report.blocked


def test_the_post_gives_the_language(service: DraftingService, pack: BrandPack) -> None:
    report = service.check_reply("Thanks, we will look into it!", pack, "twitter",
                                 post="Moja paczka nie dotarła, co mam zrobić?")
    assert "language_mismatch" in _rules(report)


def test_an_agent_may_answer_in_a_language_tactful_has_no_phrases_for(service: DraftingService,
                                                                      pack: BrandPack) -> None:
    report = service.check_reply("Ciao! Gli ordini partono entro 1 giorno lavorativo.", pack, "twitter",
                                 post="Quanto tempo ci vuole per la consegna in Germania?")
    assert not any(f.rule == "language_mismatch" and f.severity == "block" for f in report.findings)
