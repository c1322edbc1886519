"""Language identification on short posts, incl. scripts langdetect cannot tell."""

from __future__ import annotations

from pathlib import Path

import pytest

from guardrails import detect

CASES = [
    ("Gdzie jest moja paczka?", "pl", None),
    ("Wo ist mein Paket?", "de", None),
    ("¿Dónde está mi pedido?", "es", None),
    ("Où est ma commande ?", "fr", None),
    ("Where is my order?", "en", None),
    ("我的包裹在哪里？", "zh", "Hans"),
    ("我的包裹在哪裡？請幫忙", "zh", "Hant"),
    ("我那趟12美元的車程直接變成387美元。真的假的", "zh", "Hant"),  # 車, 變: beyond the hand-picked list
    ("帐篷太棒了，质量很好，谢谢！", "zh", "Hans"),
    ("سفارش من کجاست؟", "fa", None),
    ("Որտե՞ղ է իմ պատվերը", "hy", None),
    ("@BrightfernCare где мой заказ??? 😡 https://t.co/x", "ru", None),
]


@pytest.mark.parametrize(("text", "language", "script"), CASES)
def test_detect(text: str, language: str, script: str | None) -> None:
    guess = detect(text)
    assert (guess.language, guess.script) == (language, script)


def test_nothing_to_go_on_is_unknown() -> None:
    assert detect("@someone 👍 https://t.co/x 123").language == "und"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("نامساوي مردان در سفارش", "fa"),  # Persian typed with Arabic-keyboard ي is still Persian
        ("أين طلبي؟ لم يصل بعد", "ar"),
        ("Де моє замовлення? Досі не прийшло", "uk"),
        ("Где мой заказ? До сих пор не пришёл", "ru"),
        ("Çok teşekkürler, sipariş geldi", "tr"),
    ],
)
def test_close_scripts_and_neighbours(text: str, language: str) -> None:
    assert detect(text).language == language


@pytest.mark.parametrize(
    ("text", "prior", "language"),
    [
        ("Danke!", ("de", "en"), "de"),  # German and Dutch tie on one word: the brand's language decides
        ("Danke!", (), "und"),  # ...and without a prior it is honestly unknown
        ("Merci !", ("fr", "en"), "fr"),
        ("ok", ("de", "en"), "und"),  # a prior does not invent a language for a universal word
        ("Dzięki!", ("de", "en"), "pl"),  # nor does it overrule a clear answer
    ],
)
def test_brand_languages_as_prior(text: str, prior: tuple[str, ...], language: str) -> None:
    assert detect(text, prior=prior).language == language


def test_function_words_belong_to_one_language_each() -> None:
    from guardrails.langid import _function_words

    owners = _function_words()
    assert owners["the"] == "en" and owners["und"] == "de" and owners["się"] == "pl"
    assert "está" not in owners  # listed for es and pt: evidence for neither


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We are sorry about the delay, please send us your order number in a DM.", "en"),
        ("Das tut uns leid, bitte schick uns deine Bestellnummer per DM und wir kümmern uns.", "de"),
        ("Przepraszamy za opóźnienie, już sprawdzamy, co się stało z paczką.", "pl"),
        ("Nous sommes désolés pour le retard, pouvez-vous nous écrire en message privé avec votre commande ?",
         "fr"),
        ("I've checked it and we're sorry: it's on the way.", "en"),  # "I've" is one word, not Turkish "ve"
    ],
)
def test_lopsided_function_words_decide_without_the_ngram_model(text: str, language: str) -> None:
    from guardrails.langid import DEFAULT_LANGUAGES, _by_function_words, clean

    fast = _by_function_words(clean(text), DEFAULT_LANGUAGES)
    assert fast is not None and fast.language == language
    assert detect(text).language == language


@pytest.mark.parametrize("text", ["Danke schön", "Sorry!", "El pedido", "ok ok"])
def test_too_little_evidence_goes_to_the_ngram_model(text: str) -> None:
    from guardrails.langid import DEFAULT_LANGUAGES, _by_function_words, clean

    assert _by_function_words(clean(text), DEFAULT_LANGUAGES) is None


SENTENCES = Path(__file__).resolve().parents[3] / "shared" / "data" / "lingua_langid_testdata" / "test.jsonl"


@pytest.mark.skipif(not SENTENCES.is_file(), reason="shared corpora not present")
def test_function_word_decisions_are_right_on_real_sentences() -> None:
    """Leipzig sentences (lingua's test data), odd ids (the dev half) in our languages: the fast look may
    decline, but when it answers it must be right at least as often as the n-gram model (~99%)."""
    import json

    from guardrails.langid import DEFAULT_LANGUAGES, _by_function_words, clean

    answered = right = 0
    for line in filter(None, SENTENCES.read_text(encoding="utf-8").split("\n")):
        row = json.loads(line)
        if row["lang"] not in DEFAULT_LANGUAGES or row["kind"] != "sentences" or int(row["id"][-1]) % 2 == 0:
            continue
        fast = _by_function_words(clean(row["text"]), DEFAULT_LANGUAGES)
        if fast is not None:
            answered += 1
            right += fast.language == row["lang"]
    assert answered > 100
    assert right / answered >= 0.99


def test_the_expected_language_is_taken_from_its_words_alone_but_never_against_the_evidence() -> None:
    from guardrails.langid import DEFAULT_LANGUAGES, _by_function_words

    taken = _by_function_words("Gracias, ya lo vemos", DEFAULT_LANGUAGES, prior=("es",))
    assert taken is not None and taken.language == "es"
    assert _by_function_words("Thanks a lot", DEFAULT_LANGUAGES, prior=("pl",)) is None
    english = _by_function_words("Thanks, looking into it", DEFAULT_LANGUAGES, prior=("pl",))
    assert english is not None and english.language == "en"
    assert detect("Thanks for your patience, we're on it", prior=("pl",)).language == "en"
