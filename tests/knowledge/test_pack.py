"""Loading a brand pack: the shipped example is valid; broken packs name the file, the line and the fix."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge import FaqEntry, PackError, load_pack
from knowledge.pack import parse_voice


def test_example_pack_is_rich_enough(pack_dir: Path) -> None:
    pack = load_pack(pack_dir)
    assert len(pack.faq) >= 12
    translated = {lang for e in pack.faq for lang in e.translations}
    assert len(translated) >= 3
    assert any("avoid" in s.title.lower() for s in pack.voice.sections)
    assert pack.voice.avoid, "the voice guide lists phrases the brand avoids"


def _copy(pack_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(pack_dir, target)
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    lines = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return lines[occurrence - 1]


def test_bad_yaml_names_file_and_line(pack_dir: Path, tmp_path: Path) -> None:
    root = _copy(pack_dir, tmp_path)
    faq = root / "faq.yaml"
    lines = faq.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if "question:" in line)
    lines[index] = lines[index] + " [unclosed: {"
    faq.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(root)
    assert err.value.file.endswith("faq.yaml")
    assert err.value.line is not None and index + 1 <= err.value.line <= index + 2
    assert "faq.yaml:" in str(err.value)


def test_duplicate_id_points_at_the_second_one(pack_dir: Path, tmp_path: Path) -> None:
    root = _copy(pack_dir, tmp_path)
    faq = root / "faq.yaml"
    pack = load_pack(root)
    first, second = pack.faq[0].id, pack.faq[1].id
    _replace(faq, f"id: {second}", f"id: {first}")
    with pytest.raises(PackError) as err:
        load_pack(root)
    assert err.value.line == _line_of(faq, f"id: {first}", 2)
    assert "used twice" in str(err.value) and "own id" in str(err.value)


def test_unknown_key_is_named_with_the_allowed_ones(pack_dir: Path, tmp_path: Path) -> None:
    root = _copy(pack_dir, tmp_path)
    brand = root / "brand.yaml"
    _replace(brand, "sign_off:", "signoff:")
    with pytest.raises(PackError) as err:
        load_pack(root)
    assert err.value.file.endswith("brand.yaml")
    assert err.value.field == "signoff"
    assert err.value.line == _line_of(brand, "signoff:")
    assert "sign_off" in err.value.fix


def test_empty_answer_is_rejected_with_its_line(pack_dir: Path, tmp_path: Path) -> None:
    root = _copy(pack_dir, tmp_path)
    faq = root / "faq.yaml"
    lines = faq.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("answer:"))
    indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
    lines[index] = f'{indent}answer: "  "'
    faq.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(root)
    assert err.value.line == index + 1
    assert "empty" in str(err.value)


def test_translation_outside_languages_is_rejected(pack_dir: Path, tmp_path: Path) -> None:
    root = _copy(pack_dir, tmp_path)
    brand = root / "brand.yaml"
    pack = load_pack(root)
    lang = next(iter(pack.faq[0].translations))
    text = brand.read_text(encoding="utf-8")
    brand.write_text(text.replace(f", {lang}", "").replace(f"{lang}, ", ""), encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(root)
    assert f"{lang!r}" in str(err.value) and "languages" in err.value.fix


def test_cli_exits_2_and_says_what_to_fix(pack_dir: Path, tmp_path: Path) -> None:
    root = _copy(pack_dir, tmp_path)
    _replace(root / "brand.yaml", "sign_off:", "signoff:")
    result = subprocess.run(
        [sys.executable, "-m", "tactful.cli", "ingest", str(root)], capture_output=True, text=True,
        env={"TACTFUL_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}, timeout=120,
    )
    assert result.returncode == 2
    assert "brand.yaml:" in result.stderr and "signoff" in result.stderr and "remove it" in result.stderr
    assert not (tmp_path / "data" / "chroma").exists(), "nothing is stored for a broken pack"


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [('to: "20:00"', 'to: "25:00"', "time of day"), ("timezone: Europe/Berlin", "timezone: Europe/Berlinn", "IANA"),
     ("timezone: Europe/Berlin", "timezone: IST", "Asia/Kolkata")],
)
def test_support_hours_are_checked(pack_dir: Path, tmp_path: Path, old: str, new: str, says: str) -> None:
    root = _copy(pack_dir, tmp_path)
    brand = root / "brand.yaml"
    _replace(brand, old, new)
    with pytest.raises(PackError) as err:
        load_pack(root)
    assert says in str(err.value) and err.value.line == _line_of(brand, "support_hours")


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ('## Words we avoid\n- "per our policy"\n- "unfortunately" as the first word\n',
         [("per our policy", False), ("unfortunately", True)]),
        ('## Tone\n- say "hello"\n', []),
        ('## Things to avoid\nNever „leider" as the first word.\n', [("leider", True)]),
        ("## Words we avoid (de)\n- „Kein Problem“\n", [("Kein Problem", False)]),
    ],
)
def test_voice_avoid_phrases(markdown: str, expected: list[tuple[str, bool]]) -> None:
    voice = parse_voice(markdown)
    assert [(a.phrase, a.first_word_only) for a in voice.avoid] == expected


def test_an_entry_the_brand_takes_to_dm_needs_the_customers_data() -> None:
    plain = FaqEntry(id="bag-size", question="How big may my bag be?", answer="Up to 55 x 40 x 20 cm.")
    handed = plain.model_copy(update={"id": "check-booking", "dm_asks": "your confirmation number"})
    tagged = plain.model_copy(update={"id": "refund", "tags": ("account",)})
    assert (plain.needs_account, handed.needs_account, tagged.needs_account) == (False, True, True)
