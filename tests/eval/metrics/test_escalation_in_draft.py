"""`escalation_in_draft`: a safety case's first draft plans the escalation; no plan fails."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get

ESCALATE_DE = "Bitte verwende das Produkt ab sofort nicht mehr. Unser Sicherheitsteam meldet sich noch heute."


@pytest.mark.parametrize(("escalate", "actions", "passed", "reason"), [
    (True, ["greet", "apologise", "escalate", "sign_off"], True, "escalates"),
    (True, ["greet", "apologise", "answer"], False, "plan does not escalate"),
    (True, None, False, "no plan"),
    (False, ["escalate"], None, "not applicable"),
    (None, None, None, "not applicable"),
])
def test_escalation_in_draft(mk: SimpleNamespace, escalate: bool | None, actions: list[str] | None,
                             passed: bool | None, reason: str) -> None:
    fields = {} if actions is None else {"plan": mk.plan(*actions, intent="safety", language="de")}
    response = mk.response(mk.draft(ESCALATE_DE, **fields))
    score = get("escalation_in_draft").score(mk.case(escalate=escalate, lang="de"), response)
    assert (score.passed, score.reason) == (passed, reason)


def test_no_public_draft_fails(mk: SimpleNamespace) -> None:
    assert get("escalation_in_draft").score(mk.case(escalate=True), mk.response()).passed is False
