"""`mood_fit`: no apology to a happy post, no cheer or humour on an upset one, thanks for praise."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get


@pytest.mark.parametrize(("mood", "intent", "text", "passed", "reason"), [
    # happy / praise: thanks, no apology
    ("happy", "praise", "Thank you so much – that made our day!", True, "fits the mood"),
    ("happy", "praise", "Vielen Dank – das hat uns den Tag versüßt!", True, "fits the mood"),
    ("happy", "praise", "太感谢您了，看到您的留言我们开心了一整天！", True, "fits the mood"),
    ("happy", "praise", "I'm so sorry to hear that. Thank you!", False, "apology to a happy post"),
    ("happy", "praise", "Przepraszamy, że musisz pisać do nas ponownie. Dziękujemy!", False,
     "apology to a happy post"),
    ("happy", "praise", "Hi Ana! Our team is here Mon–Sat.", False, "no thanks for praise"),
    ("calm", "praise", "Merci infiniment, vous avez illuminé notre journée !", True, "fits the mood"),
    ("happy", "praise", "ممنون که به ما پیام دادید.", True, "fits the mood"),
    ("happy", "praise", "Մեծ շնորհակալություն, շատ ուրախացրիք մեզ։", True, "fits the mood"),
    ("happy", "question", "Lo sentimos de verdad. Enviamos en un día.", False, "apology to a happy post"),
    # upset / sad / anxious or a complaint, problem or safety post: no cheer, humour or laughing emoji
    ("upset", "complaint", "I'm really sorry about this – that's not the experience we want for you.", True,
     "fits the mood"),
    ("upset", "complaint", "Thank you so much – that made our day!", False, "cheer on an upset post"),
    ("upset", "problem", "Love this! 😄 Refunds take 5 days.", False, "cheer on an upset post"),
    ("sad", "other", "Oops, haha, refunds take 5 days.", False, "humour on an upset post"),
    ("anxious", "question", "Refunds take 5 days 😂", False, "cheer on an upset post"),
    ("calm", "safety", "爱了爱了！请立即停止使用该产品。", False, "cheer on an upset post"),
    ("upset", "complaint", "Das feiern wir! 😄", False, "cheer on an upset post"),
    ("upset", "complaint", "Uwielbiamy to!", False, "cheer on an upset post"),
    ("upset", "complaint", "عاشقش شدیم!", False, "cheer on an upset post"),
    ("sad", "complaint", "Sentimos muchísimo lo que nos cuentas.", True, "fits the mood"),
    ("anxious", "problem", "Nous comprenons votre inquiétude, voici ce qui va se passer.", True, "fits the mood"),
    # playful and calm questions allow light cheer
    ("playful", "question", "Love this! 😄 Gift cards run from €20 to €500.", True, "fits the mood"),
    ("calm", "question", "Thanks for reaching out. Gift cards run from €20 to €500.", True, "fits the mood"),
])
def test_mood_fit(mk: SimpleNamespace, mood: str, intent: str, text: str, passed: bool, reason: str) -> None:
    score = get("mood_fit").score(mk.case(mood=mood, intent=intent), mk.response(mk.draft(text)))
    assert (score.passed, score.reason) == (passed, reason)


def test_reasons_accumulate(mk: SimpleNamespace) -> None:
    score = get("mood_fit").score(mk.case(mood="happy", intent="praise"), mk.response(mk.draft("Sorry!")))
    assert score.reason == "apology to a happy post; no thanks for praise"


def test_not_applicable_without_labels(mk: SimpleNamespace) -> None:
    assert get("mood_fit").score(mk.case(), mk.response(mk.draft("Sorry!"))).passed is None
