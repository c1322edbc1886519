"""The language registry (guardrails/data/languages.yaml): every drafting language has every data file it
needs, the parts that list languages read them from the registry, and a missing file is an error naming it."""

from __future__ import annotations

from importlib import resources

import pytest

from guardrails import languages
from guardrails.langid import DEFAULT_LANGUAGES
from guardrails.phrases import read_data
from prompts import languages as phrase_pack_languages
from prompts import phrase_pack


def _missing(code: str) -> list[str]:
    out = []
    for package, kinds in languages.registry().needs.items():
        for kind in kinds:
            root = resources.files(package)
            path = root / "packs" / f"{code}.yaml" if package == "prompts" else root / "data" / kind / f"{code}.yaml"
            if not path.is_file():
                out.append(languages.data_path(package, kind, code))
    return out


@pytest.mark.parametrize("code", languages.drafting_languages())
def test_a_drafting_language_has_every_data_file_it_needs(code: str) -> None:
    assert _missing(code) == [], f"add these files for {code!r}, or set drafts: false in guardrails/data/languages.yaml"


@pytest.mark.parametrize("code", languages.drafting_languages())
def test_its_phrase_pack_has_the_forms_of_address_the_registry_names(code: str) -> None:
    row = languages.registry().languages[code]
    assert phrase_pack(code).form == row.registers[0], "the registry names the pack's own form first"
    for register in row.registers:
        assert phrase_pack(code, register).form == register


def test_the_lists_of_languages_come_from_the_registry() -> None:
    assert set(phrase_pack_languages()) == set(languages.drafting_languages()), \
        "a phrase pack without a registry row (or a drafting row without a pack)"
    assert languages.read_languages() == DEFAULT_LANGUAGES
    assert set(languages.drafting_languages()) <= set(languages.read_languages())


def test_a_missing_data_file_of_a_drafting_language_is_an_error_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    table = languages.registry()
    it = table.languages["it"].model_copy(update={"drafts": True})
    monkeypatch.setattr(languages, "registry", lambda: table.model_copy(
        update={"languages": {**table.languages, "it": it}}))
    monkeypatch.setattr(languages, "drafting_languages", lambda: (*table.languages, "it"))
    assert "guardrails/data/dismissive/it.yaml" in _missing("it")
    read_data.cache_clear()
    with pytest.raises(FileNotFoundError, match="guardrails/data/dismissive/it.yaml is missing"):
        read_data("guardrails", "dismissive", "it")
    read_data.cache_clear()


def test_a_language_only_read_has_no_lists_and_that_is_fine() -> None:
    assert read_data("guardrails", "dismissive", "ru") == {}
    assert languages.unsupported(["en", "it", "xx"]) == ["it", "xx"]
    assert languages.language_name("hy") == "Armenian" and languages.language_name("xx") == "xx"
