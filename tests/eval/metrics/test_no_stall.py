"""`no_stall`: when a FAQ answers the post, no "we'll check and get back" (phrase or plan action)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get

STALLS = [
    "Hi there! I'm checking this with the team and will get back to you here.",
    "Wir klären das gerade mit dem Team und melden uns hier wieder bei dir.",
    "Lo estamos consultando con el equipo y te responderemos por aquí.",
    "Nous vérifions cela avec l'équipe et revenons vers vous ici.",
    "Sprawdzamy to z zespołem i odezwiemy się do Ciebie tutaj.",
    "我们正在和团队核实，稍后会在这里回复您。",
    "موضوع را با همکارانمان بررسی می‌کنیم و همین‌جا به شما خبر می‌دهیم.",
    "Ճշտում ենք թիմի հետ և կպատասխանենք Ձեզ այստեղ։",
]
ANSWERS = [
    "Hi Jake! Orders ship within 1 business day; delivery takes 2–4 business days.",
    "Hallo Anna! Auf den Ember-Kocher passt jede Schraubkartusche mit Ventil nach EN 417.",
    "¡Hola! Sí: tarjetas regalo de 20 € a 500 €, válidas 3 años.",
    "Bonjour ! Les retours sont gratuits pendant 30 jours.",
    "Cześć! Kod można wykorzystać raz na klienta.",
    "您好！订单会在一个工作日内发货。",
    "سلام! سفارش‌ها ظرف یک روز کاری ارسال می‌شوند.",
    "Բարև։ Պատվերները առաքվում են մեկ աշխատանքային օրում։",
    # a hand-off to a DM is not a stall
    "So we can look into this safely, please send us a direct message and we'll take it from there.",
]


@pytest.mark.parametrize("text", STALLS)
def test_stall_phrases_fail(mk: SimpleNamespace, text: str) -> None:
    score = get("no_stall").score(mk.case(faq=["shipping-times"]), mk.response(mk.draft(text)))
    assert (score.passed, score.reason) == (False, "stall phrase")


@pytest.mark.parametrize("text", ANSWERS)
def test_answers_pass(mk: SimpleNamespace, text: str) -> None:
    assert get("no_stall").score(mk.case(faq=["shipping-times"]), mk.response(mk.draft(text))).passed is True


@pytest.mark.parametrize(("actions", "passed", "reason"), [
    (["greet", "unknown", "hours"], False, "plan says unknown"),
    (["greet", "answer", "hours"], True, "answers"),
])
def test_plan_action_unknown(mk: SimpleNamespace, actions: list[str], passed: bool, reason: str) -> None:
    response = mk.response(mk.draft("Hi! Orders ship within a day.", plan=mk.plan(*actions)))
    score = get("no_stall").score(mk.case(faq=["shipping-times"]), response)
    assert (score.passed, score.reason) == (passed, reason)


def test_not_applicable_when_no_faq_answers(mk: SimpleNamespace) -> None:
    assert get("no_stall").score(mk.case(faq=[]), mk.response(mk.draft(STALLS[0]))).passed is None
