"""Builders for metric tests: a case, a draft, a plan and a response JSON, with small defaults."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from eval.metrics import CareCase


def case(**fields: Any) -> CareCase:
    return CareCase.model_validate({"id": "c1", "text": "a customer post", **fields})


def plan(*actions: str, **fields: Any) -> dict[str, Any]:
    return {"intent": "question", "mood": "calm", "language": "en", "actions": list(actions), **fields}


def draft(text: str = "Thanks for reaching out.", visibility: str = "public", **fields: Any) -> dict[str, Any]:
    return {"id": "d1" if visibility == "public" else "dm1", "text": text, "language": "en",
            "visibility": visibility, "faq_ids": [], "findings": [], "blocked": False, "repaired": [], **fields}


def response(*drafts: dict[str, Any], **reading: Any) -> dict[str, Any]:
    return {"reading": {"language": "en", "mood": "calm", "intent": "other", "faq": [], "private": False,
                        "flags": [], **reading}, "drafts": list(drafts)}


@pytest.fixture
def mk() -> SimpleNamespace:
    """mk.case(...), mk.draft(...), mk.plan(...), mk.response(...)."""
    return SimpleNamespace(case=case, draft=draft, plan=plan, response=response)
