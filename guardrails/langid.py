"""Language identification for short social posts: the one home of `langdetect` and `lingua`.

Order of evidence: (1) the text is cleaned of handles, URLs, hashtags' '#', digits and emoji; (2) scripts
that name a language outright decide it (Armenian; Han without kana/hangul is Chinese, with Hans/Hant from
characters that exist in one form only; Arabic script with Persian letters is Persian); (3) lingua,
restricted to the candidate languages, ranks the rest; (4) the brand's languages act as a prior: their
shares are multiplied by PRIOR_WEIGHT before ranking, so "Danke!" for a German brand is German while
the same word with no prior stays unknown (German and Dutch are too close to call); (5) langdetect
(seeded) is the fallback for languages lingua is not asked for.
Below `min_confidence` the answer is "und" (unknown) rather than a guess. The default 0.55 was chosen on the
odd-numbered half of lingua's test data (bench/bench_langid.py --part dev): it keeps ~97% precision on word
pairs while still answering ~96% of them; the even half is held out.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

from guardrails.languages import read_languages

UNKNOWN = "und"
PRIOR_WEIGHT = 3.0
"""How much more likely a brand language is a priori: lingua's share for it is multiplied by this."""
DEFAULT_LANGUAGES = read_languages()
"""Every language of the registry (guardrails/data/languages.yaml)."""

_HANDLE = re.compile(r"(?:^|\s)[@＠][\w.]+|https?://\S+|www\.\S+|\S+@\S+\.\w+")
_NOISE = re.compile(r"[#\d_\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d]+")
_ARMENIAN = re.compile(r"[\u0531-\u058F]")
_HAN = re.compile(r"[\u4E00-\u9FFF\u3400-\u4DBF]")
_KANA_HANGUL = re.compile(r"[\u3040-\u30FF\uAC00-\uD7AF]")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
_PERSIAN_ONLY = re.compile(r"[پچژگکی]")
_LETTER = re.compile(r"[^\W\d_]")

# Characters that exist in only one of the two Chinese scripts: common ones in customer posts, plus the
# 400 most frequent differing characters of real Weibo posts (data file, with its source).
_HANS = set("这们说个为会对时国发后还过没么吗让买货钱单邮号订经问题质员务处请给现该实东门见关点")
_HANT = set("這們說個為會對時國發後還過沒麼嗎讓買貨錢單郵號訂經問題質員務處請給現該實東門見關點")
_SCRIPT_DATA = yaml.safe_load((resources.files("guardrails") / "data" / "langid" / "zh_script.yaml").read_text("utf-8"))
_HANS |= set(_SCRIPT_DATA["hans"])
_HANT |= set(_SCRIPT_DATA["hant"])
_SHARED = _HANS & _HANT
_HANS, _HANT = _HANS - _SHARED, _HANT - _SHARED


class LanguageGuess(BaseModel):
    """What language a text is in, and how sure we are."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    language: str
    """ISO 639-1 code, or "und" when unsure."""
    script: Literal["Hans", "Hant"] | None = None
    """Chinese script, when the language is zh."""
    confidence: float
    """0..1."""


_SPACE = re.compile(r"\s+")
_OTHER_SCRIPTS = re.compile(r"[\u0531-\u058F\u0600-\u06FF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF]")


def clean(text: str) -> str:
    """The text without handles, URLs, e-mail addresses, hashtag signs, digits and emoji."""
    if "@" in text or "＠" in text or "http" in text or "www." in text:
        text = _HANDLE.sub(" ", text)
    return _SPACE.sub(" ", _NOISE.sub(" ", text)).strip()


def chinese_script(text: str) -> Literal["Hans", "Hant"]:
    """Hant when traditional-only characters outnumber simplified-only ones, else Hans."""
    hant = sum(ch in _HANT for ch in text)
    hans = sum(ch in _HANS for ch in text)
    return "Hant" if hant > hans else "Hans"


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
FAST_MIN_WORDS = 2
"""The fast first look decides when one language has at least this many function words in the text…"""
FAST_MIN_RATIO = 4
"""…and this many times as many as any other language."""


@lru_cache(maxsize=1)
def _function_words() -> dict[str, str]:
    """word -> its one language (guardrails/data/langid/function_words.yaml; words of two languages dropped)."""
    data = yaml.safe_load((resources.files("guardrails") / "data" / "langid" / "function_words.yaml")
                          .read_text(encoding="utf-8")) or {}
    owner: dict[str, str] = {}
    shared: set[str] = set()
    for language, words in data.items():
        for word in map(str, words or []):
            if word in owner and owner[word] != language:
                shared.add(word)
            owner[word] = str(language)
    return {w: lang for w, lang in owner.items() if w not in shared}


def _by_function_words(body: str, candidates: tuple[str, ...], prior: tuple[str, ...] = ()) -> LanguageGuess | None:
    """A confident guess from function words alone, or None (then the n-gram model decides).

    ~10x cheaper than lingua; taken only when the evidence is lopsided, which most replies are: at least
    FAST_MIN_WORDS words of one language and FAST_MIN_RATIO times any other's, or, for the one expected
    (`prior`) language, any of its words and none of another's. (On lingua's dev-half word pairs with a
    wrong prior, the second way accepted the prior for 1 in 122.)"""
    owner = _function_words()
    votes = Counter(filter(None, map(owner.get, _WORD.findall(body.lower().replace("’", "'")))))
    if not votes:
        return None
    ranked = sorted(votes.items(), key=lambda kv: kv[1], reverse=True)
    code, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if len(prior) == 1 and len(votes) == 1 and code in prior and code in candidates:
        return LanguageGuess(language=code, confidence=0.8)
    if code not in candidates or best < FAST_MIN_WORDS or best < FAST_MIN_RATIO * runner_up:
        return None
    return LanguageGuess(language=code, confidence=round(best / (best + runner_up + 0.5), 3))


_LINGUA_LOCK = threading.Lock()


@lru_cache(maxsize=8)
def _lingua(languages: tuple[str, ...]) -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    known = []
    for code in languages:
        try:
            known.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except (AttributeError, ValueError):
            continue
    if len(known) < 2:
        return None
    return LanguageDetectorBuilder.from_languages(*known).build()


def _langdetect(text: str) -> tuple[str, float]:
    from langdetect import DetectorFactory, LangDetectException, detect_langs

    DetectorFactory.seed = 0
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return UNKNOWN, 0.0
    code = best.lang.split("-")[0]
    return code, float(best.prob)


def _by_script(body: str, share: int, candidates: tuple[str, ...]) -> LanguageGuess | None:
    """Armenian, Chinese or Persian when the script says so outright; None otherwise."""
    if len(_ARMENIAN.findall(body)) * 2 >= share:
        return LanguageGuess(language="hy", confidence=1.0)
    han = len(_HAN.findall(body))
    if han and han * 3 >= share and not _KANA_HANGUL.search(body):
        return LanguageGuess(language="zh", script=chinese_script(body), confidence=1.0)
    if len(_ARABIC_SCRIPT.findall(body)) * 2 >= share and _PERSIAN_ONLY.search(body) and "fa" in candidates:
        # Persian typed on an Arabic keyboard uses ي/ك, so Arabic letters do not rule Persian out; the
        # four Persian-only letters (and Persian ی/ک) do rule Arabic out. Otherwise lingua weighs fa/ar.
        return LanguageGuess(language="fa", confidence=0.95)
    return None


def detect(
    text: str,
    candidates: Iterable[str] = DEFAULT_LANGUAGES,
    prior: Iterable[str] = (),
    min_confidence: float = 0.55,
) -> LanguageGuess:
    """Identify the language of a short post among `candidates`, preferring `prior` on near ties."""
    body = clean(text)
    if _LETTER.search(body) is None:
        return LanguageGuess(language=UNKNOWN, confidence=0.0)
    candidates = tuple(dict.fromkeys(candidates))
    by_script = _by_script(body, len(_LETTER.findall(body)), candidates) if _OTHER_SCRIPTS.search(body) else None
    if by_script is not None:
        return by_script
    prior = tuple(dict.fromkeys(prior))
    fast = _by_function_words(body, candidates, prior)
    if fast is not None and fast.confidence >= min_confidence:
        return fast
    detector = _lingua(tuple(c for c in candidates if c not in ("hy", "zh")) or candidates)
    if detector is None:
        code, prob = _langdetect(body)
        return LanguageGuess(language=code if prob >= min_confidence else UNKNOWN, confidence=round(prob, 3))
    with _LINGUA_LOCK:
        ranked = detector.compute_language_confidence_values(body)
    preferred = set(prior)
    weighted = sorted(
        ((r.language.iso_code_639_1.name.lower(), float(r.value)) for r in ranked),
        key=lambda cv: cv[1] * (PRIOR_WEIGHT if cv[0] in preferred else 1.0),
        reverse=True,
    )
    top = [(c, v * (PRIOR_WEIGHT if c in preferred else 1.0)) for c, v in weighted[:3]]
    code, value = top[0]
    # lingua's values are shares of probability mass over the candidates; what matters for a short
    # post is the lead over the runner-up, so confidence is value / (value + best other value).
    runner_up = max((v for c, v in top if c != code), default=0.0)
    confidence = value / (value + runner_up) if value > 0 else 0.0
    if confidence < min_confidence:
        return LanguageGuess(language=UNKNOWN, confidence=round(confidence, 3))
    return LanguageGuess(language=code, confidence=round(confidence, 3))
