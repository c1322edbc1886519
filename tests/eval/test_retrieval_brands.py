"""The ceiling of a ranking on the care dev set: what no cut-off can exceed."""

from __future__ import annotations

import pytest

from eval.retrieval_brands import ceiling
from knowledge.retrieval import Candidate


def _ranked(*entries: tuple[str, float]) -> list[tuple[Candidate, float]]:
    return [(Candidate(faq_id=i, dense=0.9, dense_language="en", lexical=0.0, features=()), p) for i, p in entries]


@pytest.mark.parametrize(
    ("data", "top_used", "faq_part"),
    [
        # the right entry first, confidently: every cut-off passes it
        ([({"faq": ["a"]}, _ranked(("a", 0.9), ("b", 0.1)))], 1.0, 1.0),
        # the right entry second: no cut-off can make the FAQ part pass
        ([({"faq": ["a"]}, _ranked(("b", 0.9), ("a", 0.8)))], 0.0, 0.0),
        # nothing applies: a cut-off above the top entry keeps the draft silent, which passes
        ([({"faq": []}, _ranked(("b", 0.3)))], 0.0, 1.0),
        # a weak right answer and a stronger entry where none applies: one cut-off cannot pass both
        ([({"faq": ["a"]}, _ranked(("a", 0.1))), ({"faq": []}, _ranked(("b", 0.6)))], 1.0, 0.5),
        # no candidates at all: answerable fails, unanswerable passes
        ([({"faq": ["a"]}, []), ({"faq": []}, [])], 0.0, 0.5),
    ],
)
def test_ceiling(data: list[tuple[dict[str, object], list[tuple[Candidate, float]]]], top_used: float,
                 faq_part: float) -> None:
    bound = ceiling(data)  # type: ignore[arg-type]
    assert bound == {"top_used": top_used, "faq_part": faq_part}
