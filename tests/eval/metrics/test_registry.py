"""The metric registry: every metric declares what reports need, has its test file, and its phrase data
exists for every language."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.metrics import METRICS, Metric, get, metrics, register
from eval.metrics._phrases import DATA, LANGUAGES, groups

HERE = Path(__file__).resolve().parent


@pytest.mark.parametrize("name", sorted(METRICS))
def test_metric_declares_name_description_and_has_a_test(name: str) -> None:
    cls = METRICS[name]
    assert cls.name == name and cls.description and "\n" not in cls.description
    assert (HERE / f"test_{name}.py").is_file(), f"metric {name} needs tests/eval/metrics/test_{name}.py"


def test_the_brief_metrics_are_registered() -> None:
    assert {"mood", "intent", "faq_hit_at_3", "private", "escalate", "draft_language", "faq_used",
            "dm_iff_private", "escalation_in_draft", "no_stall", "mood_fit", "not_blocked", "pii_not_echoed",
            "length_ok", "similarity_chrf", "similarity_cosine", "care_lead", "troll", "injection", "pii",
            "faq_hit_at_1", "fact_coverage", "tone_fit"} <= set(METRICS)


def test_metrics_lists_reading_first_rubric_last_and_can_leave_out_costly_ones() -> None:
    names = [m.name for m in metrics()]
    assert names[-1] == "care_lead" and names.index("mood") < names.index("faq_used")
    assert "similarity_cosine" not in [m.name for m in metrics(costly=False)]


def test_a_metric_without_a_name_is_refused() -> None:
    class Nameless(Metric):
        description = "no name"

    with pytest.raises(TypeError, match="needs a `name`"):
        register(Nameless)
    with pytest.raises(KeyError, match="known: "):
        get("nope")


FACT_GROUPS = {"range", "unit_minute", "unit_hour", "unit_day", "unit_business_day", "unit_week", "unit_month",
               "unit_year", "currency_EUR", "places"}


@pytest.mark.parametrize(("kind", "needed"), [("stall", {"stall"}), ("mood", {"apology", "cheer", "humour", "thanks"}),
                                              ("facts", FACT_GROUPS)])
@pytest.mark.parametrize("language", LANGUAGES)
def test_phrase_data_covers_every_language(kind: str, needed: set[str], language: str) -> None:
    assert (DATA / kind / f"{language}.yaml").is_file()
    found = groups(kind, language)
    assert all(found.get(g) for g in needed), f"{kind}/{language}.yaml lacks {needed - set(found)}"
