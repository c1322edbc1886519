"""`faq_hit_at_1`: the first FAQ retrieved is an acceptable one (cases where a FAQ applies).

Stricter than `faq_hit_at_3`: the drafts answer from the top hits, so a right entry ranked second or third
may still be quoted, but the first is the one a composer reply leads with.
"""

from __future__ import annotations

from typing import ClassVar

from eval.metrics.base import register
from eval.metrics.faq_hit_at_3 import FaqHitAt3


@register
class FaqHitAt1(FaqHitAt3):
    name = "faq_hit_at_1"
    description = "the reading's first FAQ hit is an acceptable FAQ id"
    k: ClassVar[int] = 1
