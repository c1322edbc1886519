"""`tone_fit`: on a complaint the first public draft apologises exactly once and uses no emoji.

This is the part of the care lead's tone rules that `mood_fit` leaves out. mood_fit already fails an apology to
a happy or praising post, cheer, humour or a laughing emoji on an upset one, and praise without thanks, on
labelled cases. tone_fit adds:

- the number of apologies on a complaint: none reads as cold; two or more read as scripted ("I'm really sorry
  about this ... I'm sorry it hasn't arrived!", often a FAQ answer's own apology quoted after ours);
- any other emoji on a complaint (🙏, ❤️, 👍, 🙂): an upset customer reads them as not being taken seriously
  (laughing and party emoji are mood_fit's "cheer", so they are not counted twice);
- cases without mood and intent labels: judged by the reading's mood and intent, and there tone_fit applies
  mood_fit's rules too, which mood_fit itself applies to labelled cases only.

A complaint is mood_fit's upset post: intent problem, complaint or safety, or mood upset, sad or anxious.
Apologies are counted per sentence holding a phrase of eval/data/metrics/mood/<language>.yaml `apology` (an
apology, or the sympathy that stands for one: "Je suis de tout cœur avec vous"), so "We're so sorry and
apologise" is one, and "Sorry you've had to write again. I'm really sorry about this." two. False-positive
risk: "sorry" in a quoted phrase or "no need to apologise" counts as an apology; a calm post labelled
`problem` ("my code doesn't work, how do I reset it?") still expects one apology, which a care lead may find
optional.
"""

from __future__ import annotations

import re
from typing import Any

from eval.metrics._phrases import pattern
from eval.metrics.base import NOT_APPLICABLE, CareCase, Metric, Score, first_public, reading, register, skip, verdict
from eval.metrics.mood_fit import LAUGHING_EMOJI, UPSET_INTENTS, UPSET_MOODS, misfits
from guardrails.phrases import normalise

EMOJI = re.compile("[\U0001F300-\U0001F5FF\U0001F600-\U0001F64F\U0001F680-\U0001F6FF\U0001F900-\U0001F9FF"
                   "\U0001FA70-\U0001FAFF\u2600-\u26FF\u2700-\u27BF]")
"""Pictographs, emoticons, transport, supplemental symbols, and the miscellaneous symbols and dingbats blocks."""
_SENTENCE_END = re.compile(r"[.!?。！？\n؟։]+")


def apologies(text: str) -> int:
    """How many sentences of `text` hold an apology phrase."""
    compiled = pattern("mood", "apology")
    if compiled is None:
        return 0
    text = normalise(text)
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    return len({sum(1 for e in ends if e <= m.start()) for m in compiled.finditer(text)})


def complaint_misfits(text: str) -> list[str]:
    """What in a reply to a complaint breaks the tone rules mood_fit does not check."""
    problems = []
    count = apologies(text)
    if count == 0:
        problems.append("no apology on a complaint")
    elif count > 1:
        problems.append("apologises more than once on a complaint")
    if any(not LAUGHING_EMOJI.match(e) for e in EMOJI.findall(text)):
        problems.append("emoji on a complaint")
    return problems


@register
class ToneFit(Metric):
    name = "tone_fit"
    description = "on a complaint the first public draft apologises exactly once and uses no emoji"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        labelled = bool(case.mood or case.intent)
        read = reading(response)
        mood, intent = (case.mood, case.intent) if labelled else (read.get("mood"), read.get("intent"))
        complaint = mood in UPSET_MOODS or intent in UPSET_INTENTS
        if not complaint and (labelled or not (mood or intent)):
            return NOT_APPLICABLE
        draft = first_public(response)
        if draft is None:
            return skip("no public draft")
        text = str(draft.get("text", ""))
        problems = complaint_misfits(text) if complaint else []
        if not labelled:
            problems += misfits(case.model_copy(update={"mood": mood, "intent": intent}), text)
        return verdict(not problems, "; ".join(problems) or "fits the tone")
