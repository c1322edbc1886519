"""`tactful demo`: ingest the shipped example brand, draft replies to posts in several languages, and
show the guardrails catching a bad reply. Offline, no key."""

from __future__ import annotations

import time
from importlib import resources
from pathlib import Path

import yaml

from assistant import DraftingService, DraftRequest
from knowledge import load_pack
from tactful.render import print_draft_response, print_findings

BAD_REPLY = "Calm down, as stated you simply need to email us at jan.kowalski@example.com with order BF-123456."


def run_demo(service: DraftingService, pack_dir: Path) -> int:
    pack = load_pack(pack_dir)
    started = time.perf_counter()
    report = service.ingest(pack)
    state = "already ingested" if report.unchanged else f"ingested {report.documents} documents"
    print(f"Brand: {pack.brand.name} ({pack_dir}) - {state} in {time.perf_counter() - started:.1f}s\n")
    posts = yaml.safe_load((resources.files("tactful") / "demo_posts.yaml").read_text(encoding="utf-8"))
    for post in posts:
        response = service.draft(DraftRequest(text=post["text"], author=post["author"]), pack)
        print(f"── {post['author']}: {post['text']}")
        print_draft_response(response, indent="   ")
        print()
    result = service.check(BAD_REPLY, pack, "twitter", language="en")
    print(f"── Guardrails on a bad reply: {BAD_REPLY!r}")
    print_findings(result.findings, indent="   ")
    print(f"   blocked={result.blocked}")
    return 0
