"""Hostile or broken uploads: every one is a PackError naming the file, the line and what to do, never a
crash, a hang or a runaway allocation (YAML bombs, control characters, sizes, regexes RE2 cannot run)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from knowledge import BrandPack, PackError, load_pack
from knowledge.limits import (
    MAX_ANSWER_CHARS,
    MAX_AVOID_PHRASE_CHARS,
    MAX_AVOID_PHRASES,
    MAX_BRAND_BYTES,
    MAX_FAQ_BYTES,
    MAX_FAQ_ENTRIES,
    MAX_VOICE_BYTES,
    MAX_VOICE_SECTIONS,
    MAX_YAML_DEPTH,
)
from knowledge.pack import pack_from_json, pack_to_json
from knowledge.safe_yaml import size_text


def _pack(pack_dir: Path, tmp_path: Path, file: str, edit: Callable[[str], str]) -> Path:
    root = tmp_path / "pack"
    shutil.copytree(pack_dir, root)
    path = root / file
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return root


def _refused(root: Path) -> PackError:
    with pytest.raises(PackError) as err:
        load_pack(root)
    return err.value


def _line_count(text: str) -> int:
    return text.count("\n") + 1


def _laughs(text: str) -> str:
    """Nine levels of nine aliases each: 9**9 (387 million) strings from a few hundred bytes."""
    lines = ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]" for i in range(1, 10)]
    return text + "\n".join(lines) + "\n"


# (case, file, edit, expected line (None: whole file; -1: the last line of the edited file), words in the message)
ATTACKS: list[tuple[str, str, Callable[[str], str], int | None, tuple[str, ...]]] = [
    ("control character", "brand.yaml", lambda t: t.replace("name: Brightfern", "name: Bright\x01fern"), 2,
     ("U+0001", "column 13", "delete it")),
    ("NUL in the voice guide", "voice.md", lambda t: t + "stray\x00byte\n", -1, ("U+0000", "delete it")),
    ("escape sequence in an answer", "faq.yaml", lambda t: t.replace("answer:", "answer: \x1b[31m", 1), None,
     ("U+001B",)),
    ("3,000 nested lists", "faq.yaml", lambda t: "x: " + "[" * 3000 + "]" * 3000 + "\n", 1,
     (f"more than {MAX_YAML_DEPTH} levels", "flatten")),
    ("deep block mappings", "brand.yaml", lambda t: "".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100
     + "v\n", MAX_YAML_DEPTH, ("levels deep",)),
    ("billion laughs", "brand.yaml", _laughs, None, ("aliases", "write the values out")),
    ("alias inside its own anchor", "brand.yaml", lambda t: t + "handles: &h [*h]\n", -1, ("*h", "refers to")),
    ("undefined alias", "brand.yaml", lambda t: t + "sign_off: *nowhere\n", -1, ("undefined alias",)),
    ("integer of 5,000 digits", "brand.yaml", lambda t: t + "extra: " + "9" * 5000 + "\n", -1,
     ("whole number", "quotes")),
    ("impossible date", "brand.yaml", lambda t: t + "extra: 2024-13-45\n", -1, ("as a date", "month")),
    ("a list as a key", "brand.yaml", lambda t: t + "? [a, b]\n: c\n", -1, ("key is a list",)),
    ("unclosed flow list", "brand.yaml", lambda t: t + "languages: [en, de\n", None, ("not valid YAML",)),
]


@pytest.mark.parametrize(("case", "file", "edit", "line", "says"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_yaml_attacks_are_refused_with_file_line_and_fix(
    pack_dir: Path, tmp_path: Path, case: str, file: str, edit: Callable[[str], str], line: int | None,
    says: tuple[str, ...],
) -> None:
    root = _pack(pack_dir, tmp_path, file, edit)
    error = _refused(root)
    assert error.file.endswith(file), case
    text = (root / file).read_text(encoding="utf-8")
    if line == -1:
        assert error.line in (_line_count(text) - 1, _line_count(text) - 2), case  # the added line(s)
    elif line is not None:
        assert error.line == line, case
    for word in says:
        assert word in str(error), (case, str(error))
    assert len(str(error)) < 600, "a message, not a traceback"


def test_a_runaway_list_is_refused_before_it_costs_memory(
    pack_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("knowledge.safe_yaml.MAX_YAML_NODES", 1_000)  # the real bound is 500,000
    error = _refused(_pack(pack_dir, tmp_path, "faq.yaml", lambda t: "- a\n" * 5_000))
    assert error.file.endswith("faq.yaml") and error.line == 1_000
    assert "more than 1,000 values" in str(error)


def test_a_modest_alias_still_loads(pack_dir: Path, tmp_path: Path) -> None:
    """Anchors that only reuse a value (no growth beyond twice the file) are fine."""
    root = _pack(pack_dir, tmp_path, "brand.yaml", lambda t: t.replace(
        'sign_off: "– Brightfern Care"', 'sign_off: &sig "– Brightfern Care"\nresponse_time: *sig').replace(
        'response_time: "within 2 hours during support hours"\n', ""))
    assert load_pack(root).brand.response_time == "– Brightfern Care"


# (file, limit, how the file is grown past it)
SIZES = [
    ("brand.yaml", MAX_BRAND_BYTES, lambda t: t + "# " + "x" * MAX_BRAND_BYTES + "\n"),
    ("faq.yaml", MAX_FAQ_BYTES, lambda t: t + "# " + "x" * MAX_FAQ_BYTES + "\n"),
    ("voice.md", MAX_VOICE_BYTES, lambda t: t + "x" * MAX_VOICE_BYTES),
]


@pytest.mark.parametrize(("file", "limit", "grow"), SIZES, ids=[s[0] for s in SIZES])
def test_oversized_files_name_the_file_size_and_limit(
    pack_dir: Path, tmp_path: Path, file: str, limit: int, grow: Callable[[str], str]
) -> None:
    error = _refused(_pack(pack_dir, tmp_path, file, grow))
    assert error.file.endswith(file)
    assert f"the limit is {size_text(limit)}" in str(error)
    assert error.fix


def _faq(entries: int, answer: str = "See the care card in the box.") -> str:
    return "".join(f"- id: e{i}\n  question: How do I clean product {i}?\n  answer: {answer}\n" for i in range(entries))


def test_too_many_faq_entries_point_at_the_first_one_over(pack_dir: Path, tmp_path: Path) -> None:
    root = _pack(pack_dir, tmp_path, "faq.yaml", lambda t: _faq(MAX_FAQ_ENTRIES + 1))
    error = _refused(root)
    assert f"the limit is {MAX_FAQ_ENTRIES:,}" in str(error)
    assert error.line == 3 * MAX_FAQ_ENTRIES + 1


def test_limits_admit_the_benchmarks_ten_thousand_entries(pack_dir: Path, tmp_path: Path) -> None:
    pack = load_pack(_pack(pack_dir, tmp_path, "faq.yaml", lambda t: _faq(10_000)))
    assert len(pack.faq) == 10_000


def test_a_long_answer_is_refused_with_its_length_and_line(pack_dir: Path, tmp_path: Path) -> None:
    long = "Our warranty covers " + "every seam and zip " * 250
    root = _pack(pack_dir, tmp_path, "faq.yaml", lambda t: _faq(3) + f"- id: long\n  question: Warranty?\n"
                 f"  answer: {long}\n")
    error = _refused(root)
    assert error.field == "3.answer" and error.line == 3 * 3 + 3
    assert f"the limit is {MAX_ANSWER_CHARS:,}" in str(error) and f"{len(long.strip()):,} characters" in str(error)


# (case, text appended to voice.md, words in the message)
VOICE = [
    ("too many sections", "".join(f"\n## Section {i}\nSay it plainly.\n" for i in range(MAX_VOICE_SECTIONS)),
     f"the limit is {MAX_VOICE_SECTIONS}"),
    ("too many avoided phrases", "\n## More words we avoid\n" + "".join(f'- "phrase {i}"\n' for i in range(300)),
     f"more than {MAX_AVOID_PHRASES} avoided phrases"),
    ("an avoided passage", '\n## More words we avoid\n- "' + "we regret to inform you " * 10 + '"\n',
     f"the limit is {MAX_AVOID_PHRASE_CHARS}"),
]


@pytest.mark.parametrize(("case", "extra", "says"), VOICE, ids=[v[0] for v in VOICE])
def test_voice_limits_name_the_line(pack_dir: Path, tmp_path: Path, case: str, extra: str, says: str) -> None:
    root = _pack(pack_dir, tmp_path, "voice.md", lambda t: t + extra)
    error = _refused(root)
    assert error.file.endswith("voice.md") and says in str(error), case
    assert error.line is not None and error.line > _line_count((pack_dir / "voice.md").read_text(encoding="utf-8"))


def test_a_heading_full_of_spaces_parses_at_once() -> None:
    """The old heading regex backtracked quadratically here (64 KiB: 18 s, 250 KiB: 713 s, deaf to SIGTERM)."""
    code = ("from knowledge.pack import parse_voice; "
            "v = parse_voice('## Tone\\nWarm.\\n## a' + ' ' * 250_000 + 'b\\nbody\\n'); "
            "print([s.title.split()[-1] for s in v.sections])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20, check=True)
    assert done.stdout.strip() == "['Tone', 'b']"


# (pattern, words in the message): each names brand.yaml, the line and the field, and says what to write.
PATTERNS = [
    (r"(?<!\d)BF-\d{6}", ("lookaround", "RE2", r"BF-\d{6}", r"\b")),
    (r"BF-\d{6}(?=\s)", ("lookaround",)),
    (r"(\d)\1{5}", ("backreference", "spell the repeated part out")),
    (r"BF-\d{6}\Z", (r"\z",)),
    (r"BF-\d*", ()),  # fine: needs "BF-"
    (r"\d*", ("matches an empty text",)),
    (r"BF-(\d{6}", ("RE2", "github.com/google/re2")),
]


@pytest.mark.parametrize(("pattern", "says"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_order_id_pattern_must_be_re2(pack_dir: Path, tmp_path: Path, pattern: str, says: tuple[str, ...]) -> None:
    quoted = pattern.replace("\\", "\\\\")
    root = _pack(pack_dir, tmp_path, "brand.yaml",
                 lambda t: t.replace('order_id_pattern: "BF-\\\\d{6}"', f'order_id_pattern: "{quoted}"'))
    if not says:
        assert load_pack(root).brand.order_id_pattern == pattern
        return
    error = _refused(root)
    text = (root / "brand.yaml").read_text(encoding="utf-8")
    assert error.file.endswith("brand.yaml") and error.field == "order_id_pattern"
    assert error.line == next(i for i, line in enumerate(text.splitlines(), 1) if "order_id_pattern" in line)
    for word in says:
        assert word in str(error), str(error)


def test_catastrophic_pattern_is_accepted_because_re2_runs_it_in_linear_time(pack_dir: Path, tmp_path: Path) -> None:
    root = _pack(pack_dir, tmp_path, "brand.yaml",
                 lambda t: t.replace('order_id_pattern: "BF-\\\\d{6}"', 'order_id_pattern: "(a+)+b"'))
    assert load_pack(root).brand.order_id_pattern == "(a+)+b"


def test_a_pack_stored_before_the_rules_tightened_is_a_pack_error(pack: BrandPack) -> None:
    """A brand ingested with a lookbehind pattern, before RE2: reading it back says what to fix."""
    stored = json.loads(pack_to_json(pack))
    stored["brand"]["order_id_pattern"] = r"(?<!\d)BF-\d{6}"
    with pytest.raises(PackError) as err:
        pack_from_json(json.dumps(stored))
    assert err.value.file == "brand.yaml" and err.value.field == "order_id_pattern"
    assert "lookaround" in str(err.value) and "ingest it again" in str(err.value)
