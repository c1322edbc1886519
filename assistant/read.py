"""Reading a post: language, intent, mood, flags, privacy need (retrieval is added by the drafting service).

Intent and mood come from the e5 classifier (assistant/classifier.py), which reads any language e5 knows;
the lexicon's strong cues and the flags overrule it in the few places listed in `_settle_mood` and
`_settle_intent`, each for a reason the classifier cannot see. `private` is set when the post holds
personal data (`pii`), its text names an account need in the lexicon (assistant/privacy.py), or the
classifier's `private` head reaches its threshold; the service adds the FAQ-tag route on top.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from assistant.classifier import INTENTS, MOODS, ReaderModel, classify, model
from assistant.flags import read_flags
from assistant.mood import Cues, lexicon_cues
from assistant.privacy import needs_account
from assistant.reading import Flag, Intent, Mood, Reading
from assistant.suggestion import is_suggestion
from guardrails import detect
from guardrails.langid import DEFAULT_LANGUAGES

_HAPPYISH: tuple[Mood, ...] = ("happy", "playful", "calm")
_DISTRESS: tuple[Mood, ...] = ("upset", "anxious", "sad")


def _settle_mood(p: Mapping[str, float], cues: Cues, flags: Sequence[Flag]) -> Mood:
    """The classifier's mood, overruled where it is known to be blind.

    - `troll` -> upset: abuse is upset even when it laughs ("boycott you lol"); laughter in an insult is
      contempt, and the flag's phrase lists are tested per language.
    - `escalate` -> the likeliest of upset/anxious/sad: a safety incident is never answered as happy or
      calm, and the model's own ranking says which of the three.
    - sarcasm (praise or 👏/🙃 next to a named problem) or irony without laughter -> upset when the model
      reads happy/playful/calm: e5 embeds "great, another week without my parcel" near real praise.
    - mock anger with laughter and no named problem -> playful when the model reads upset but gives play
      some weight (p >= 0.05; the care-trained model gives playful little mass): "you monsters 😤 third tent
      this year 😂" embeds near anger, while "worst company in the universe… boycott you lol" is contempt
      with a laugh, not play.
    - laughter with no named problem and no anger words -> playful when the model reads distress: e5 puts
      hyperbole ("my wallet is crying 😂", "las rebajas están que arden jajaja") near real distress.
    - anger words at least as many as all other feeling words in the lexicon -> upset when the model reads
      anxious, sad or confused: e5 blurs anger into worry in short non-English posts ("Jestem wściekły,
      paczka znowu nie dotarła!" read as anxious), and a listed anger word ("wściekły", "ridiculous") is
      direct evidence.

    A calm reading is no longer overruled by the lexicon's feeling words: since the model is trained on real
    care tweets, that rule turned 12 right readings of the held-out tune brands into wrong ones for 5 fixes
    ("Hi, ... I still haven't received it" is calm to a care lead; the lexicon read upset).
    """
    mood = max(MOODS, key=lambda m: p[m])
    if "troll" in flags:
        return "upset"
    if "escalate" in flags:
        return mood if mood in _DISTRESS else max(_DISTRESS, key=lambda m: p[m])
    if (cues.sarcastic or cues.ironic) and mood in _HAPPYISH:
        return "upset"
    if cues.mock_anger and cues.laughter and mood == "upset" and p["playful"] >= 0.05:
        return "playful"
    if cues.laughter and not cues.complaints and not cues.counts["upset"] and mood in _DISTRESS:
        return "playful"
    others = sum(n for m, n in cues.counts.items() if m != "upset")
    if cues.counts["upset"] >= max(1, others) and mood in ("anxious", "sad", "confused"):
        return "upset"
    return mood


def _settle_intent(p: Mapping[str, float], mood: Mood, cues: Cues, flags: Sequence[Flag], suggests: bool = False
                   ) -> Intent:
    """The classifier's intent, overruled by the flags, by sarcasm and by suggestion cues.

    - `escalate` -> safety: the flag's lists name the incidents that must reach the safety team; the model
      has seen few safety posts and must not decide that one alone (it may still say `safety` without the
      flag; the planner then treats it as a problem).
    - `troll` -> abuse (the service drops the flag, and the planner the intent, when there is something to
      solve).
    - `injection` -> other, unless the model saw a problem, complaint or safety case next to it: the request
      in the text is addressed to the assistant, not the brand, and is never answered.
    - sarcastic praise -> complaint: "thanks for the huge delays" thanks no one.
    - a suggestion (assistant/suggestion.py) read as a question, as other, as a problem with no named
      problem or as praise with no praising words -> feedback: e5 puts "Could you add a dark mode?" next to
      questions, and a question with no FAQ answer is answered "I'm checking with the team", which promises
      a reply about a product idea. Real praise and complaints keep their intent ("love it, please add X" is
      thanked as praise, "worst menu ever, bring back the old one" is a complaint passed on).
    """
    intent = max(INTENTS, key=lambda i: p[i])
    if "escalate" in flags:
        return "safety"
    if "troll" in flags:
        return "abuse"
    if "injection" in flags and intent not in ("problem", "complaint", "safety"):
        return "other"
    if intent == "praise" and mood == "upset" and (cues.sarcastic or cues.ironic):
        return "complaint"
    if suggests and (intent in ("question", "other") or (intent == "problem" and not cues.complaints)
                     or (intent == "praise" and not cues.counts["happy"] and not cues.counts["playful"])):
        return "feedback"
    return intent


def _intensity(mood: Mood, p: Mapping[str, float], cues: Cues) -> float:
    """0.1 for calm; otherwise grows with the model's confidence, repeated mood words, intensifiers, "!!" and
    shouting."""
    if mood == "calm":
        return 0.1
    repeated = 0.1 * min(2, max(0, cues.counts.get(mood, 0) - 1))
    return round(min(1.0, 0.3 + 0.4 * p.get(mood, 0.0) + repeated + 0.1 * cues.boosts), 2)


_UNSURE = 0.5
"""Below this probability of `upset`, a question with no feeling words is read as calm."""


def _feeling(cues: Cues) -> bool:
    """The lexicons found feeling words, emoji, named problems, intensifiers or irony."""
    return bool(sum(cues.counts.values()) or cues.complaints or cues.boosts or cues.irony or cues.sarcasm)


def read(
    text: str,
    prior: Iterable[str] = (),
    order_id_pattern: str | None = None,
    candidates: Iterable[str] = DEFAULT_LANGUAGES,
    vector: Any = None,
    reader: ReaderModel | None = None,
) -> Reading:
    """Read one post; `prior` are the brand's languages, preferred on near ties; `vector` is the post's e5
    query embedding when the caller already has it (else it is computed here, ~20-80 ms); `reader` is a
    classifier other than the shipped one (for evaluation)."""
    prior = tuple(prior)
    guess = detect(text, candidates=tuple(dict.fromkeys((*prior, *candidates))), prior=prior)
    flags = read_flags(text, guess.language, order_id_pattern)
    cues = lexicon_cues(text, guess.language)
    p = classify(text, guess.language, vector, reader)
    threshold = (reader or model()).private_threshold
    mood = _settle_mood(p["mood"], cues, flags)
    suggests = is_suggestion(text, guess.language)
    intent = _settle_intent(p["intent"], mood, cues, flags, suggests)
    plain = intent == "question" or (intent == "feedback" and suggests)
    if mood == "upset" and plain and p["mood"]["upset"] < _UNSURE and not _feeling(cues):
        # The care prior leans to upset; a plain question (or a suggestion asked as one) with no feeling words
        # and an unsure model is calm: an apology to a calm question reads worse than none to a mildly annoyed one.
        mood = "calm"
    return Reading(
        language=guess.language, script=guess.script,
        intent=intent,
        mood=mood, intensity=_intensity(mood, p["mood"], cues),
        private="pii" in flags or needs_account(text, guess.language)
        or (threshold is not None and p["private"]["private"] >= threshold),
        flags=tuple(flags),
    )
