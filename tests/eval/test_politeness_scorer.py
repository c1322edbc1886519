"""eval/politeness.py: the strategy lists for every drafting language, what they find, the fitted weights and
the held-out figures they were shipped with."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest
import yaml

from eval import politeness as P
from eval.jsonl import SHARED
from guardrails.languages import drafting_languages


@pytest.mark.parametrize("language", drafting_languages())
def test_every_drafting_language_lists_every_strategy(language: str) -> None:
    assert language in P.languages(), f"add eval/data/politeness/{language}.yaml (see en.yaml)"
    data = yaml.safe_load((P.DATA / f"{language}.yaml").read_text(encoding="utf-8"))
    assert data["language"] == language
    assert all(isinstance(data.get(k), list) for k in P.STRATEGIES)
    assert set(data) <= {"language", "case_sensitive", *P.STRATEGIES}, "a key the scorer does not know"
    assert P.strategies(language)


def test_a_language_file_without_a_strategy_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "xx.yaml").write_text("language: xx\ngratitude: [merci]\n", encoding="utf-8")
    monkeypatch.setattr(P, "DATA", tmp_path)
    P.languages.cache_clear()
    P.strategies.cache_clear()
    try:
        with pytest.raises(ValueError, match="no list for apology"):
            P.strategies("xx")
        with pytest.raises(KeyError, match="no politeness phrases"):
            P.strategies("yy")
    finally:
        P.languages.cache_clear()
        P.strategies.cache_clear()


@pytest.mark.parametrize(("language", "text", "present", "absent"), [
    ("en", "Could you please help me?", {"counterfactual", "please", "second_person"}, {"please_start"}),
    ("en", "Please read the FAQ.", {"please", "please_start"}, {"imperative_start"}),
    ("en", "Read the FAQ. No idea why you asked.", {"imperative_start", "why"}, {"why_start"}),
    ("en", "Why? Good morning, Ana!", {"why_start", "greeting", "exclamation"}, {"deference_start"}),
    ("en", "@brand Great question! Thanks a lot", {"deference_start", "gratitude"}, {"greeting"}),
    ("es", "¿Por qué borraste eso?", {"why", "why_start"}, set()),
    ("es", "Puede que sea un error, ¿puede usted revisarlo?", {"hedge", "indicative", "formal_you"}, set()),
    ("fr", "Pourriez-vous m'aider, s'il vous plaît ?", {"counterfactual", "please", "formal_you", "second_person"},
     {"indicative"}),
    ("de", "Können Sie mir bitte helfen? Es tut uns leid.", {"indicative", "please", "formal_you", "apology"}, set()),
    ("de", "sie haben es gelöscht", set(), {"formal_you"}),  # lower-case "sie" is "they"
    ("pl", "Przepraszamy! Czy mógłby pan nam napisać?", {"apology", "counterfactual", "formal_you", "first_plural"},
     set()),
    ("zh", "我们很抱歉，请您私信我们。", {"apology", "please", "formal_you", "first_plural"}, {"first_person"}),
    ("zh", "我觉得你应该自己看。", {"hedge", "first_person_start", "second_person"}, {"formal_you"}),
    ("fa", "لطفاً به ما پیام دهید. ممنونیم!", {"please", "please_start", "gratitude", "first_plural"}, set()),
    ("fa", "می\u200cتوانید کمک کنید؟", {"indicative"}, set()),  # with a zero-width non-joiner, as people write it
    ("hy", "Բարև, կարո՞ղ եք օգնել։ Շնորհակալություն։", {"greeting", "indicative", "gratitude"}, set()),
    ("hy", "Ինչո՞ւ եք ջնջել։", {"why", "why_start"}, set()),  # the question mark sits inside the word
])
def test_features(language: str, text: str, present: set[str], absent: set[str]) -> None:
    found = {name for name, on in P.features(text, language).items() if on}
    assert present <= found, f"missing {present - found}"
    assert not absent & found, f"unexpected {absent & found}"


def test_weights_cover_every_feature_and_match_the_lists_they_were_fitted_with() -> None:
    model = json.loads(P.MODEL.read_text(encoding="utf-8"))
    assert set(model["weights"]) == set(P.FEATURES)
    assert model["lexicon_sha256"] == P.fingerprint(), (
        "eval/data/politeness/{en,es,fr}.yaml changed since the weights were fitted; run "
        "`.venv/bin/python -m eval.politeness --fit`")
    assert model["weights"]["gratitude"] > 0 > model["weights"]["why"]
    assert {"method", "data", "split", "fitted_on", "heldout"} <= set(model)


def test_scores_are_bounded_deterministic_and_none_without_phrases() -> None:
    texts = ["", "ok", "Thank you so much, we're sorry! Could you DM us, please?", "Why?! Stop. Idiot."]
    for text in texts[1:]:
        value = P.politeness(text, "en")
        assert value is not None and 0.0 < value < 1.0 and value == P.politeness(text, "en")
    assert P.politeness("", "en") is None and P.politeness("!!!", "en") is None
    assert P.politeness("Спасибо!", "ru") is None


def test_a_reply_takes_far_less_than_ten_milliseconds() -> None:
    replies = [f"Hi Ana {i}, we're so sorry about the wait! Could you send us a DM? Thanks!" for i in range(300)]
    P.politeness(replies[0], "en")
    start = time.perf_counter()
    for language in ("en", "zh", "fa"):
        for r in replies:
            P.politeness(r, language)
    assert (time.perf_counter() - start) / (3 * len(replies)) < 0.002


def test_statistics() -> None:
    assert P.ranks(np.array([3.0, 1.0, 3.0, 2.0])).tolist() == [2.5, 0.0, 2.5, 1.0]
    assert P.spearman(np.array([1.0, 2.0, 3.0]), np.array([10.0, 20.0, 90.0])) == pytest.approx(1.0)
    assert P.auc(np.array([0.9, 0.8, 0.1, 0.2]), np.array([True, True, False, False])) == 1.0
    assert P.auc(np.array([0.1, 0.2]), np.array([True, True])) is None
    rng = np.random.default_rng(0)
    x = rng.integers(0, 2, size=(400, 3)).astype(float)
    b, w = P.ridge(x, 0.5 + x @ np.array([1.0, -2.0, 0.0]), np.ones(400), l2=1e-6)
    assert b == pytest.approx(0.5, abs=1e-4) and w == pytest.approx([1.0, -2.0, 0.0], abs=1e-4)


def test_split_is_by_text_so_a_text_shared_by_both_corpora_is_held_out_in_both() -> None:
    assert P.bucket("Could you  help?") == P.bucket("could you help?")
    assert [P.bucket(f"text {i}") < P.HELDOUT_BUCKETS for i in range(1000)].count(True) == pytest.approx(400, abs=60)


needs_corpora = pytest.mark.skipif(not (SHARED / "tydip_politeness_multilingual").is_dir(),
                                   reason="the shared corpora (../shared/data) are not here")


@needs_corpora
def test_the_shipped_heldout_figures_are_what_the_shipped_weights_give() -> None:
    rows = P.rated()
    assert {r.heldout for r in rows if r.part == "tydip-en"} == {True, False}
    stanford = {r.text: r.heldout for r in rows if r.part.startswith("stanford")}
    assert all(stanford[r.text] == r.heldout for r in rows if r.part == "tydip-en" and r.text in stanford)
    predicted = np.array([P.rating(r.text, r.language) for r in rows])
    table = P.heldout_table(rows, predicted, P.zscores(rows))
    assert table == json.loads(P.MODEL.read_text(encoding="utf-8"))["heldout"]
    by_part = {row["part"]: row for row in table}
    assert by_part["stanford-wikipedia"]["spearman"] > 0.4 and by_part["tydip-fr"]["spearman"] > 0.2
