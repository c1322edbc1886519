"""Threads and Chinese scripts: the reply keeps the customer's script and does not repeat the agent."""

from __future__ import annotations

from assistant import DraftingService, DraftRequest, Turn
from knowledge import BrandPack


def test_traditional_chinese_post_gets_traditional_reply(service: DraftingService, pack: BrandPack) -> None:
    response = service.draft(DraftRequest(text="退貨以後多久才能收到退款？請問一下", author="志明"), pack)
    assert (response.reading.language, response.reading.script) == ("zh", "Hant")
    text = response.drafts[0].text
    assert "退款" in text and "们" not in text and "货" not in text, text


def test_customer_writing_again_is_acknowledged_and_answer_not_repeated(
    service: DraftingService, pack: BrandPack
) -> None:
    answer = pack.entry("refund-timing").answer
    thread = (Turn(role="customer", text="How long do refunds take?"), Turn(role="agent", text=f"Hi Sam, {answer}"))
    response = service.draft(DraftRequest(text="How long do refunds take after the return arrives??",
                                          author="Sam", thread=thread), pack)
    public = response.drafts[0]
    assert answer not in public.text
    assert "again" in public.text.lower()
