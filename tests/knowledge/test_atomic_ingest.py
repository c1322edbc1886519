"""A re-ingest killed halfway (SIGKILL, a real subprocess) leaves the previous knowledge answering."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from knowledge import BrandPack, FaqEntry, KnowledgeStore
from knowledge.store import connect

ROOT = Path(__file__).resolve().parents[2]

# Run in a child process: ingest the example pack (v1) or v1 plus many generated entries (v2), printing
# progress so the parent knows when the new version is partly written.
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from knowledge import FaqEntry, load_pack
    from knowledge.examples import example_pack
    from knowledge.store import KnowledgeStore, connect

    data_dir, version, extra = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    pack = load_pack(example_pack())
    if version == "v2":
        more = tuple(
            FaqEntry(id=f"generated-{i}", question=f"Generated question {i} about item {i * 7}?", answer=f"Answer {i}.")
            for i in range(extra)
        )
        pack = pack.model_copy(update={"faq": pack.faq + more})
    store = KnowledgeStore(connect(data_dir))
    store.ingest(pack, lambda done, total: print(f"progress {done} {total}", flush=True))
    print("done", flush=True)
    """
)


def _child(data_dir: Path, version: str, extra: int = 0) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir), version, str(extra)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env,
    )


@pytest.mark.slow
def test_killed_reingest_leaves_previous_version_answering(tmp_path: Path, pack: BrandPack) -> None:
    first = _child(tmp_path, "v1")
    out, _ = first.communicate(timeout=600)
    assert first.returncode == 0 and "done" in out

    second = _child(tmp_path, "v2", extra=400)
    assert second.stdout is not None
    written = 0
    for line in second.stdout:
        if line.startswith("progress"):
            written = int(line.split()[1])
            break
    second.send_signal(signal.SIGKILL)
    second.wait(timeout=60)
    assert 0 < written < 400, "the child must be killed with the new version only partly written"

    store = KnowledgeStore(connect(tmp_path))
    assert store.fingerprint(pack.brand.id) == pack.fingerprint(), "the registry still points at v1"
    assert [e.id for e in store.pack(pack.brand.id).faq] == [e.id for e in pack.faq]
    hits = store.search(pack.brand.id, "Ile kosztuje wysyłka? Czy jest darmowa dostawa?", language="pl")
    assert hits and hits[0].id == "shipping-costs"

    # a later ingest completes, replaces the half-written leftover, and keeps one version only
    extra = tuple(FaqEntry(id=f"generated-{i}", question=f"Generated question {i}?", answer="A.") for i in range(3))
    report = store.ingest(pack.model_copy(update={"faq": pack.faq + extra}))
    assert not report.unchanged and report.embedded == 3
    assert store.fingerprint(pack.brand.id) != pack.fingerprint()
    names = sorted(c if isinstance(c, str) else c.name for c in connect(tmp_path).list_collections())
    assert names == sorted(["tactful_registry", report.collection])
