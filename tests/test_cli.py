"""The `tactful` command as scripts use it: --json shapes and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return {**os.environ, "TACTFUL_DATA_DIR": str(tmp_path_factory.mktemp("cli-data"))}


def tactful(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tactful.cli", *args], env=env, capture_output=True,
                          text=True, timeout=300)


def test_draft_json(env: dict[str, str], pack_dir: Path) -> None:
    r = tactful(env, "draft", "--brand", str(pack_dir), "--channel", "twitter", "--author", "Mark", "--json",
                "How long does delivery take to Germany?")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["reading"]["language"] == "en"
    assert data["drafts"][0]["text"].startswith("Hi Mark")
    # the brand is now ingested and can be named by id
    r2 = tactful(env, "draft", "--brand", "brightfern", "--json", "Where can I recycle my old tent?")
    assert r2.returncode == 0, r2.stderr


def test_check_json(env: dict[str, str], pack_dir: Path) -> None:
    r = tactful(env, "check", "--brand", str(pack_dir), "--channel", "twitter", "--json",
                "Calm down, we emailed jo@example.com")
    assert r.returncode == 0
    data = json.loads(r.stdout)
    assert data["blocked"] is True
    assert {f["rule"] for f in data["findings"]} >= {"dismissive", "pii"}
    assert all(set(f) >= {"rule", "severity", "start", "end", "message", "language"} for f in data["findings"])
    assert "jo@example.com" not in json.dumps(data["findings"])
    assert "suggestion" not in data, "a repair that still fails the checks is not offered"
    r = tactful(env, "check", "--brand", str(pack_dir), "--json", "Hi Jo! We sent the label to jo@example.com.")
    suggestion = json.loads(r.stdout)["suggestion"]
    assert "jo@example.com" not in suggestion and "direct message" in suggestion


def test_check_against_the_faq_used(env: dict[str, str], pack_dir: Path) -> None:
    reply = "Hi Sam, refunds arrive within 24 hours, guaranteed!"
    unbacked = json.loads(tactful(env, "check", "--brand", str(pack_dir), "--json", reply).stdout)
    assert any(f["rule"] == "overpromise" for f in unbacked["findings"])
    backed = "Hi Sam, refunds reach your account 5–7 business days after your return arrives."
    r = tactful(env, "check", "--brand", str(pack_dir), "--faq", "refund-timing", "--json", backed)
    assert not any(f["rule"] == "overpromise" for f in json.loads(r.stdout)["findings"]), r.stdout
    r = tactful(env, "check", "--brand", str(pack_dir), "--faq", "nope", "--json", backed)
    assert r.returncode == 2 and "refund-timing" in r.stderr


def test_analyze_json_has_no_faq(env: dict[str, str]) -> None:
    r = tactful(env, "analyze", "--json", "Gdzie jest moja paczka?!")
    assert r.returncode == 0
    data = json.loads(r.stdout)
    assert data["language"] == "pl" and "faq" not in data


def test_bad_input_exits_2_with_a_fix(env: dict[str, str], tmp_path: Path) -> None:
    r = tactful(env, "draft", "--brand", "no-such-brand", "hello")
    assert r.returncode == 2 and "tactful ingest" in r.stderr
    r = tactful(env, "eval", str(tmp_path / "missing.jsonl"), "--brand", "no-such-brand")
    assert r.returncode == 2


def test_eval_json_report_and_baseline_gate(env: dict[str, str], pack_dir: Path, tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in [
        {"id": "a", "text": "Ile kosztuje wysyłka do Polski?", "lang": "pl", "faq": ["shipping-costs"]},
        {"id": "b", "text": "Smelled gas at my Ember stove valve and saw a flame", "lang": "en", "escalate": True,
         "reference": "Please stop using the stove now; our safety team will contact you."},
    ]) + "\n", encoding="utf-8")
    run, page = tmp_path / "run.json", tmp_path / "run.html"
    r = tactful(env, "eval", str(cases), "--brand", str(pack_dir), "--json", str(run), "--report", str(page),
                "--no-cosine")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Care-lead rubric: ") and "2 cases in " in r.stdout
    assert "[eval] 2/2 cases" in r.stderr and "\r" not in r.stderr, "a plain counter when stderr is not a terminal"
    assert "<svg" in page.read_text(encoding="utf-8")
    higher = json.loads(run.read_text(encoding="utf-8"))
    higher["metrics"]["draft_language"]["mean"] = 2.0  # no run can reach it: the gate must fail
    raised = tmp_path / "raised.json"
    raised.write_text(json.dumps(higher), encoding="utf-8")
    # --json before the case file takes no OUT: the run is printed alone on stdout, the gate's table on stderr
    r = tactful(env, "eval", "--json", str(cases), "--brand", str(pack_dir), "--baseline", str(raised),
                "--no-cosine")
    assert r.returncode == 3, r.stderr
    doc = json.loads(r.stdout)
    assert set(doc["cases"][0]["scores"]) == set(doc["metrics"]) and doc["headline"]["cases"] == 2
    assert "REGRESSION: draft_language dropped" in r.stderr


def test_rewrite_json_is_the_checked_result(env: dict[str, str], pack_dir: Path) -> None:
    reply = "Hi Sam! Orders ship within 1 business day. Hope this helps. Have a great day!"
    r = tactful(env, "rewrite", "--brand", str(pack_dir), "--channel", "twitter", "--tone", "shorter", "--json", reply)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data) == {"text", "tone", "language", "changes", "unchanged", "findings", "blocked", "backend"}
    assert data["text"] == "Hi Sam! Orders ship within 1 business day." and data["blocked"] is False
    assert data["tone"] == "shorter" and data["backend"] == "composer"


def test_rewrite_prints_what_was_done_and_what_was_not(env: dict[str, str], pack_dir: Path) -> None:
    r = tactful(env, "rewrite", "--brand", str(pack_dir), "--tone", "formal", "--language", "de",
                "Hallo Jonas! Du kannst deine Bestellung jederzeit verfolgen 😄")
    assert r.returncode == 0, r.stderr
    assert "Guten Tag Jonas!" in r.stdout and "😄" not in r.stdout.splitlines()[0]
    assert "done: replaced" in r.stdout and "not done: the informal form of address (du)" in r.stdout


def test_rewrite_bad_input_exits_2_saying_what_to_fix(env: dict[str, str], pack_dir: Path) -> None:
    r = tactful(env, "rewrite", "--brand", str(pack_dir), "--tone", "angrier", "Hello")
    assert r.returncode == 2 and "--tone" in r.stderr and "warmer" in r.stderr
    r = tactful(env, "rewrite", "--brand", str(pack_dir), "--tone", "fix", "--faq", "nope", "Hello")
    assert r.returncode == 2 and "refund-timing" in r.stderr


def test_backends_lists_what_each_can_do_and_its_options(env: dict[str, str]) -> None:
    r = tactful(env, "backends", "--json")
    assert r.returncode == 0, r.stderr
    backends = {b["name"]: b for b in json.loads(r.stdout)}
    assert set(backends) == {"composer", "openai", "langchain", "fake"}
    assert backends["openai"]["capabilities"]["streaming"] and not backends["composer"]["capabilities"]["streaming"]
    options = {o["name"]: o for o in backends["openai"]["options"]}
    assert options["timeout"]["default"] == 30.0 and "TACTFUL_LLM_TIMEOUT" in options["timeout"]["doc"]


def test_the_llm_path_runs_offline_with_the_fake_backend(env: dict[str, str], pack_dir: Path,
                                                         tmp_path: Path) -> None:
    replies = tmp_path / "replies.json"
    replies.write_text(json.dumps(["not json", "still not json"]), encoding="utf-8")
    fake = {**env, "TACTFUL_BACKEND": "fake", "TACTFUL_FAKE_REPLIES": str(replies)}
    r = tactful(fake, "draft", "--brand", str(pack_dir), "--json", "How long does delivery take to Germany?")
    assert r.returncode == 0, r.stderr
    draft = json.loads(r.stdout)["drafts"][0]
    assert "llm_fallback" in {f["rule"] for f in draft["findings"]}, "two unusable answers: the composer stands in"
    r = tactful({**env, "TACTFUL_BACKEND": "openai"}, "draft", "--brand", str(pack_dir), "Hi")
    assert r.returncode == 2 and "TACTFUL_OPENAI_API_KEY" in r.stderr


def test_init_writes_a_starter_pack_that_validates_and_ingests(env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "my-brand"
    r = tactful(env, "init", str(target))
    assert r.returncode == 0, r.stderr
    assert {p.name for p in target.iterdir()} == {"brand.yaml", "faq.yaml", "voice.md"}
    assert "#" in (target / "brand.yaml").read_text(encoding="utf-8"), "the starter explains itself"
    r = tactful(env, "validate", str(target))
    assert r.returncode == 0 and "valid" in r.stdout, r.stderr
    r = tactful(env, "init", str(target))
    assert r.returncode == 2 and "not an empty folder" in r.stderr, "never overwrites a pack"


def test_validate_lists_every_problem_at_once_and_stores_nothing(tmp_path: Path) -> None:
    env = {**os.environ, "TACTFUL_DATA_DIR": str(tmp_path / "data")}
    target = tmp_path / "broken"
    assert tactful(env, "init", str(target)).returncode == 0
    brand = target / "brand.yaml"
    text = brand.read_text(encoding="utf-8")
    text = text.replace('support_hours: "Mon–Fri 9:00–17:00, Sat 10:00–14:00 Europe/London"',
                        'support_hours: "08:00-22:00 IST, every day"')
    text = text.replace("languages: [en, de]", "languages: [en, de, it]").replace("sign_off:", "signoff:")
    brand.write_text(text, encoding="utf-8")
    faq = target / "faq.yaml"
    faq.write_text(faq.read_text(encoding="utf-8").replace('question: "How do I return an item?"', 'question: ""'),
                   encoding="utf-8")
    r = tactful(env, "validate", "--json", str(target))
    assert r.returncode == 2
    problems = json.loads(r.stdout)["problems"]
    assert {(Path(p["file"]).name, p["field"]) for p in problems} == {
        ("brand.yaml", "support_hours"), ("brand.yaml", "signoff"), ("brand.yaml", "languages"),
        ("faq.yaml", "1.question")}
    by_field = {p["field"]: p for p in problems}
    assert "Asia/Kolkata" in by_field["support_hours"]["problem"] and "e.g." in by_field["support_hours"]["fix"]
    assert "supported: de, en, es, fa, fr, hy, pl, zh" in by_field["languages"]["fix"]
    assert all(p["line"] for p in problems), "every problem names its line"
    r = tactful(env, "validate", str(target))
    assert r.returncode == 2 and "4 problems" in r.stderr and "brand.yaml:9: languages:" in r.stderr
    r = tactful(env, "ingest", str(target))
    assert r.returncode == 2 and "3 more problems" in r.stderr
    assert not (tmp_path / "data" / "chroma").exists(), "a broken pack stores nothing"
