"""`politeness`: a curt or blaming first public draft scores below a kind one in every drafting language; the
score is bounded and repeatable; drafts the scorer cannot read are skipped, never scored 0."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get

PAIRS = [
    # (language, curt, polite)
    ("en", "Read the FAQ. We already told you refunds take 5 days.",
     "Hi Ana, I'm so sorry about the wait! Refunds take 5–7 days; could you send us a DM so we can check? "
     "Thanks for your patience."),
    ("en", "Why didn't you check your spam folder? You must DM us.",
     "Thanks for letting us know, Sam! Would you mind checking your spam folder? We're happy to help."),
    ("de", "Lesen Sie die FAQ. Das haben wir schon gesagt.",
     "Hallo Anna, es tut uns sehr leid! Könnten Sie uns bitte eine Direktnachricht schicken? Vielen Dank."),
    ("es", "Lee las preguntas frecuentes. Ya te lo dijimos.",
     "¡Hola, Ana! Lo sentimos mucho. ¿Podrías enviarnos un mensaje directo, por favor? Muchas gracias."),
    ("fr", "Lisez la FAQ. On vous l'a déjà dit.",
     "Bonjour Anne, nous sommes vraiment désolés ! Pourriez-vous nous envoyer un message privé, s'il vous "
     "plaît ? Merci pour votre patience."),
    ("pl", "Przeczytaj FAQ. Już ci to mówiliśmy.",
     "Cześć Ania, bardzo przepraszamy! Czy mogłabyś napisać do nas wiadomość prywatną? Dziękujemy."),
    ("zh", "你为什么不看常见问题？你必须私信我们。", "您好，非常抱歉让您久等了！能否请您私信我们？感谢您的耐心。"),
    ("fa", "چرا سوالات متداول را نخواندید؟ شما باید پیام بدهید.",
     "سلام آنا، واقعاً متأسفیم! لطفاً به ما پیام خصوصی بدهید. از صبر شما ممنونیم."),
    ("hy", "Ինչու՞ չեք կարդացել ՀՏՀ-ն։ Դուք պետք է գրեք մեզ։",
     "Բարև Աննա, շատ ներողություն ենք խնդրում։ Կարո՞ղ եք մեզ գրել։ Շնորհակալություն համբերության համար։"),
]


def _score(mk: SimpleNamespace, text: str, language: str) -> tuple[float | None, bool | None, str]:
    s = get("politeness").score(mk.case(lang=language), mk.response(mk.draft(text, language=language)))
    return s.value, s.passed, s.reason


@pytest.mark.parametrize(("language", "curt", "polite"), PAIRS)
def test_a_curt_reply_scores_below_a_polite_one(mk: SimpleNamespace, language: str, curt: str, polite: str) -> None:
    low, low_passed, low_reason = _score(mk, curt, language)
    high, high_passed, high_reason = _score(mk, polite, language)
    assert low is not None and high is not None and low < high
    assert (low_passed, high_passed) == (False, True)
    assert low_reason == "less polite than an average request"
    assert high_reason == "as polite as an average request or more"


@pytest.mark.parametrize(("language", "curt", "polite"), PAIRS)
def test_bounded_and_deterministic(mk: SimpleNamespace, language: str, curt: str, polite: str) -> None:
    for text in (curt, polite):
        first = _score(mk, text, language)
        assert first[0] is not None and 0.0 <= first[0] <= 1.0
        assert _score(mk, text, language) == first


def test_only_the_first_public_draft_counts(mk: SimpleNamespace) -> None:
    response = mk.response(mk.draft("Read the FAQ."), mk.draft("Thank you so much, we're sorry!"),
                           mk.draft("Thanks so much, could you DM us?", visibility="private"))
    assert get("politeness").score(mk.case(), response).passed is False


@pytest.mark.parametrize(("response", "language", "reason"), [
    ({"reading": {}, "drafts": []}, "en", "no public draft"),
    ({"reading": {}, "drafts": [{"id": "d1", "text": "Спасибо за ваше сообщение!", "language": "ru",
                                 "visibility": "public"}]}, "ru", "no politeness phrases for language ru"),
    ({"reading": {}, "drafts": [{"id": "d1", "text": " ", "language": "en", "visibility": "public"}]}, "en",
     "empty draft"),
])
def test_skipped_never_zero(mk: SimpleNamespace, response: dict[str, object], language: str, reason: str) -> None:
    score = get("politeness").score(mk.case(lang=language), response)
    assert (score.value, score.passed, score.reason) == (None, None, reason)


def test_the_case_language_stands_in_for_a_draft_without_one(mk: SimpleNamespace) -> None:
    draft = {"id": "d1", "text": "Merci beaucoup, pourriez-vous nous écrire ?", "visibility": "public"}
    score = get("politeness").score(mk.case(lang="fr"), {"reading": {}, "drafts": [draft]})
    assert score.value is not None and score.passed is True
