"""`tone_fit`: on a complaint exactly one apology and no emoji; unlabelled cases judged by the reading."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get

FITS = "fits the tone"
NONE = "no apology on a complaint"
TWICE = "apologises more than once on a complaint"
EMOJI = "emoji on a complaint"


@pytest.mark.parametrize(("mood", "intent", "text", "passed", "reason"), [
    ("upset", "complaint", "I'm really sorry about this – that's not the experience we want for you.", True, FITS),
    ("upset", "complaint", "We're so sorry and apologise for the wait.", True, FITS),  # one sentence, one apology
    ("upset", "problem", "I'm really sorry about this. I'm sorry it hasn't arrived! Please DM us.", False, TWICE),
    ("calm", "problem", "Refunds take 5–7 business days.", False, NONE),
    ("anxious", "safety", "Prosimy, od razu przestań korzystać z produktu.", False, NONE),
    ("anxious", "safety", "Bardzo nam przykro. Prosimy, od razu przestań korzystać z produktu.", True, FITS),
    ("upset", "problem", "Das tut uns wirklich leid. Schick uns bitte eine DM.", True, FITS),
    ("upset", "complaint", "Nous sommes désolés. Toutes nos excuses pour l'attente.", False, TWICE),
    ("sad", "complaint", "Je suis de tout cœur avec vous. Écrivez-nous en privé.", True, FITS),  # sympathy counts
    ("sad", "problem", "Das tut mir von Herzen leid. Schreib uns eine DM.", True, FITS),
    ("sad", "problem", "听到这样的情况，真的很心疼。请私信我们。", True, FITS),
    ("upset", "problem", "Sorry you've had to write again. I'm really sorry about this.", False, TWICE),
    ("sad", "complaint", "Sentimos muchísimo lo que nos cuentas. 🙏", False, EMOJI),
    ("upset", "problem", "非常抱歉给您带来不便。请私信我们订单号。", True, FITS),
    ("upset", "problem", "很抱歉！对不起，我们马上处理。", False, TWICE),
    ("upset", "complaint", "متأسفیم که این اتفاق افتاد. ❤️", False, EMOJI),
    ("anxious", "problem", "Ցավում ենք, որ այդպես ստացվեց։ Գրեք մեզ անձնական հաղորդագրությամբ։", True, FITS),
    ("upset", "other", "Hi! 👍", False, f"{NONE}; {EMOJI}"),
    # a laughing emoji is mood_fit's "cheer": not counted twice
    ("upset", "complaint", "Sorry about that 😂", True, FITS),
    # not a complaint: praise and calm questions are mood_fit's
    ("happy", "praise", "Sorry! 🎉", None, "not applicable"),
    ("calm", "question", "Gift cards run from €20 to €500 🙂", None, "not applicable"),
])
def test_tone_fit(mk: SimpleNamespace, mood: str, intent: str, text: str, passed: bool | None, reason: str) -> None:
    score = get("tone_fit").score(mk.case(mood=mood, intent=intent), mk.response(mk.draft(text)))
    assert (score.passed, score.reason) == (passed, reason)


def test_a_laughing_emoji_on_a_complaint_fails_mood_fit_instead(mk: SimpleNamespace) -> None:
    case, response = mk.case(mood="upset", intent="complaint"), mk.response(mk.draft("Sorry about that 😂"))
    assert get("mood_fit").score(case, response).reason == "cheer on an upset post"


@pytest.mark.parametrize(("mood", "intent", "text", "passed", "reason"), [
    ("upset", "problem", "Refunds take 5 days.", False, NONE),
    ("upset", "problem", "Sorry for the trouble! Refunds take 5 days.", True, FITS),
    ("anxious", "question", "Lo sentimos. Jajaja, ¡ups!", False, "humour on an upset post"),
    ("happy", "praise", "Sorry! Hi.", False, "apology to a happy post; no thanks for praise"),
    ("happy", "praise", "Thank you so much!", True, FITS),
    ("calm", "question", "Gift cards run from €20 to €500.", True, FITS),
])
def test_unlabelled_cases_are_judged_by_the_reading_with_mood_fits_rules(
        mk: SimpleNamespace, mood: str, intent: str, text: str, passed: bool, reason: str) -> None:
    score = get("tone_fit").score(mk.case(), mk.response(mk.draft(text), mood=mood, intent=intent))
    assert (score.passed, score.reason) == (passed, reason)


def test_labels_win_over_the_reading(mk: SimpleNamespace) -> None:
    response = mk.response(mk.draft("Refunds take 5 days."), mood="upset", intent="complaint")
    assert get("tone_fit").score(mk.case(mood="calm", intent="question"), response).passed is None


def test_no_public_draft_is_skipped(mk: SimpleNamespace) -> None:
    score = get("tone_fit").score(mk.case(mood="upset"), mk.response(mk.draft("Sorry!", visibility="private")))
    assert (score.passed, score.reason) == (None, "no public draft")
