"""`tactful demo`: ingest the shipped example brand, draft replies to posts in several languages, and
show the guardrails catching a bad reply. Offline, no key."""

from __future__ import annotations

import time
from importlib import resources
from pathlib import Path

import yaml

from assistant import DraftingService, DraftRequest
from knowledge import load_pack

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
        r = response.reading
        print(f"── {post['author']}: {post['text']}")
        print(f"   read as {r.language}, {r.mood}, private={r.private}, flags={list(r.flags)}, "
              f"faq={[f.id for f in r.faq]}")
        for d in response.drafts:
            state = "BLOCKED" if d.blocked else "ok"
            print(f"   [{d.visibility} {state}] {d.text}")
            for f in d.findings:
                print(f"      {f.severity} {f.rule}: {f.message}")
        print()
    result = service.check(BAD_REPLY, pack, "twitter", language="en")
    print(f"── Guardrails on a bad reply: {BAD_REPLY!r}")
    for f in result.findings:
        print(f"   {f.severity} {f.rule} @{f.start}-{f.end}: {f.message}")
    print(f"   blocked={result.blocked}")
    return 0
