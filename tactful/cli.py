"""The `tactful` command (contract in DESIGN.md, "Command line"). A composition root: reads Settings."""

from __future__ import annotations

import argparse
import ipaddress
import json
import logging
import os
import sys
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant import AssistantError, BackendError, BadRequest, DraftRequest, Settings, Turn
from assistant.rewrite import TONES
from assistant.service import load_brand_pack
from assistant.wiring import build_service
from guardrails import CHANNELS
from knowledge import KnowledgeError, pack_problems
from knowledge.examples import example_pack
from tactful.admin import add_commands
from tactful.render import print_draft_response, print_findings, print_rewrite

log = logging.getLogger("tactful")

EXIT_OK, EXIT_UNEXPECTED, EXIT_BAD_INPUT = 0, 1, 2


admin_commands: dict[str, Callable[[argparse.Namespace, Settings], int]] = {}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tactful", description="Draft kind, correct, safe customer-care replies.")
    p.add_argument("-v", "--verbose", action="count", default=0,
                   help="-v info, -vv debug (debug may show customer text)")
    sub = p.add_subparsers(dest="command", required=True)

    sub.add_parser("demo", help="offline showcase on the shipped example brand")

    ingest = sub.add_parser("ingest", help="validate a brand pack and put it into the knowledge store")
    ingest.add_argument("pack", type=Path)

    validate = sub.add_parser("validate", help="list every problem of a brand pack at once (stores nothing)")
    validate.add_argument("pack", type=Path)
    validate.add_argument("--json", action="store_true")

    init = sub.add_parser("init", help="write a commented starter brand pack that validates")
    init.add_argument("pack", type=Path, help="a new or empty folder")

    draft = sub.add_parser("draft", help="draft replies to a customer's post")
    draft.add_argument("--brand", required=True, help="brand pack folder or ingested brand id")
    draft.add_argument("--channel", default="twitter", choices=["twitter", "facebook", "instagram"])
    draft.add_argument("--author")
    draft.add_argument("--variants", type=int, default=1)
    draft.add_argument("--thread", type=Path, help="JSON file: [{role: customer|agent, text}]")
    draft.add_argument("--json", action="store_true")
    draft.add_argument("text")

    chk = sub.add_parser("check", help="run the guardrails on a reply")
    chk.add_argument("--brand", required=True)
    chk.add_argument("--channel", default="twitter", choices=["twitter", "facebook", "instagram"])
    chk.add_argument("--language", help="the customer's language (default: the reply's own)")
    chk.add_argument("--faq", action="append", default=[], metavar="ID[,ID]",
                     help="FAQ entries the reply may draw facts from (repeat or comma-separate; claims beyond "
                          "them are overpromises); default: the entries nearest to the reply and the post")
    chk.add_argument("--post", metavar="CUSTOMER_TEXT",
                     help="the customer's post the reply answers (tells complaint and language)")
    chk.add_argument("--complaint", action="store_true",
                     help="the customer is complaining (no jokes or emoji then)")
    chk.add_argument("--json", action="store_true")
    chk.add_argument("text")

    rw = sub.add_parser("rewrite", help="rewrite an agent's reply to a tone, then check it")
    rw.add_argument("--brand", required=True)
    rw.add_argument("--channel", default="twitter", choices=list(CHANNELS))
    rw.add_argument("--tone", required=True, choices=TONES,
                    help="warmer: greeting, one apology or thanks, reassurance; shorter: drops sentences without "
                         "facts; formal: informal words, emoji, '!!'; simpler: wordy phrases, asides, long "
                         "sentences; fix: the guardrails' mechanical repair")
    rw.add_argument("--post", metavar="CUSTOMER_TEXT",
                    help="the customer's post the reply answers (complaint or not, mood, language)")
    rw.add_argument("--language", help="the customer's language (default: the post's, else the reply's own)")
    rw.add_argument("--faq", action="append", default=[], metavar="ID[,ID]",
                    help="FAQ entries the reply may draw facts from (repeat or comma-separate)")
    rw.add_argument("--json", action="store_true")
    rw.add_argument("text")

    analyze = sub.add_parser("analyze", help="read a post: language, mood, privacy, flags")
    analyze.add_argument("--json", action="store_true")
    analyze.add_argument("text")

    backends = sub.add_parser("backends", help="the drafting backends: what each can do and the options it takes")
    backends.add_argument("--json", action="store_true")

    ev = sub.add_parser("eval", help="draft a case file in this process and score it (care-lead rubric and "
                        "every eval metric); exit 3 when --baseline shows a drop")
    ev.add_argument("cases", type=Path, nargs="?", help="JSONL, one case per line (DESIGN.md, 'Eval cases')")
    ev.add_argument("--brand", required=True, help="pack folder or ingested brand id, for cases without a `brand`")
    ev.add_argument("--packs", type=Path,
                    help="folder of pack folders named by the cases' `brand` (default: the folder holding --brand)")
    ev.add_argument("--report", type=Path, help="write a self-contained HTML report (plots, every failing case)")
    ev.add_argument("--json", nargs="?", const="-", metavar="OUT",
                    help="every metric per case and overall: printed alone on stdout, or written to OUT")
    ev.add_argument("--baseline", type=Path, metavar="PREVIOUS.json",
                    help="an earlier run's --json: print each metric's delta, exit 3 when one drops by more than "
                         "--tolerance")
    ev.add_argument("--tolerance", type=float, default=0.02,
                    help="largest drop of a 0..1 metric that passes the --baseline gate (default 0.02)")
    ev.add_argument("--limit", type=int, help="only the first N cases")
    ev.add_argument("--no-cosine", action="store_true", help="skip the metric that embeds drafts and references")

    serve = sub.add_parser("serve", help="run the REST API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1; about one per core)")
    serve.add_argument("--keep-alive", type=int, default=5, help="seconds an idle keep-alive connection stays open")
    admin_commands.update(add_commands(sub))
    serve.add_argument("--insecure-open", action="store_true",
                       help="answer without API keys on a non-loopback address (logs a warning at every start)")
    return p


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def _thread(path: Path | None) -> tuple[Turn, ...]:
    if path is None:
        return ()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return tuple(Turn.model_validate(t) for t in data)
    except (OSError, json.JSONDecodeError, ValidationError, TypeError) as exc:
        raise BadRequest(f"{path}: not a thread file ({exc}); give a JSON list of {{role, text}}", "thread") from None


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    from guardrails.languages import drafting_languages

    pack, problems = pack_problems(args.pack, supported=drafting_languages())
    if args.json:
        _print_json({"valid": pack is not None, "problems": [
            {"file": p.file, "line": p.line, "field": p.field, "problem": p.problem, "fix": p.fix} for p in problems]})
        return EXIT_OK if pack is not None else EXIT_BAD_INPUT
    if pack is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem{'s' * (len(problems) > 1)} in {args.pack}; nothing was stored",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    b = pack.brand
    translated = {lang: sum(lang in e.translations for e in pack.faq) for lang in b.languages
                  if lang != b.default_language}
    print(f"{args.pack}: valid. Brand {b.id!r} ({b.name}), {len(pack.faq)} FAQ entries in {b.default_language}"
          + "".join(f", {n} in {lang}" for lang, n in translated.items()))
    print(f"  support hours: {b.support_hours.describe()}; {len(pack.voice.sections)} voice sections, "
          f"{len(pack.voice.avoid)} avoided phrases")
    for lang, n in translated.items():
        if n < len(pack.faq):
            print(f"  note: {len(pack.faq) - n} entries have no {lang!r} translation: drafts quote them in "
                  f"{b.default_language!r} and warn the agent")
    return EXIT_OK


def cmd_init(args: argparse.Namespace, settings: Settings) -> int:
    import shutil

    target: Path = args.pack
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BadRequest(f"{target} exists and is not an empty folder; pass a new folder name", "pack")
    target.mkdir(parents=True, exist_ok=True)
    for name in ("brand.yaml", "faq.yaml", "voice.md"):
        shutil.copyfile(example_pack("starter") / name, target / name)
    print(f"wrote {target}/brand.yaml, faq.yaml and voice.md: edit them (docs/brand-pack.md describes every "
          f"field), then `tactful validate {target}` and `tactful ingest {target}`")
    return EXIT_OK


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    pack = load_brand_pack(args.pack)
    service = build_service(settings)
    shown = {"last": -1}

    def progress(done: int, total: int) -> None:
        pct = done * 100 // max(total, 1)
        if total >= 200 and sys.stderr.isatty() and pct != shown["last"]:
            shown["last"] = pct
            bar = "#" * (pct // 4)
            print(f"\ringesting {pack.brand.id}: [{bar:<25}] {done}/{total}", end="", file=sys.stderr)

    from api.db import Database
    from api.records import INGEST_LEASE_SECONDS

    database, holder = Database.open(settings.database()), uuid.uuid4().hex
    if not database.acquire_lease(pack.brand.id, holder, INGEST_LEASE_SECONDS):  # shared with the API's uploads
        raise BadRequest(f"another upload of brand {pack.brand.id!r} is in progress; retry when it has finished",
                         "brand")
    try:
        report = service.ingest(pack, progress)
    finally:
        database.release_lease(pack.brand.id, holder)
    database.audit("brand.upload", "ok", brand=pack.brand.id, client="cli",
                   detail=f"{report.documents} documents, {report.embedded} embedded")
    if shown["last"] >= 0:
        print(file=sys.stderr)
    if report.unchanged:
        print(f"{report.brand_id}: unchanged, {report.documents} documents already ingested")
    else:
        print(f"{report.brand_id}: ingested {report.documents} documents ({report.embedded} embedded, "
              f"{report.documents - report.embedded} reused)")
    return EXIT_OK


def cmd_draft(args: argparse.Namespace, settings: Settings) -> int:
    service = build_service(settings)
    pack = service.brand(args.brand)
    try:
        request = DraftRequest(text=args.text, channel=args.channel, author=args.author,
                               variants=args.variants, thread=_thread(args.thread))
    except ValidationError as exc:
        err = exc.errors()[0]
        raise BadRequest(f"--{err['loc'][0]}: {err['msg']}", str(err["loc"][0])) from None
    response = service.draft(request, pack)
    if args.json:
        _print_json(response.model_dump(mode="json"))
    else:
        print_draft_response(response)
    return EXIT_OK


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    service = build_service(settings)
    pack = service.brand(args.brand)
    ids = tuple(i.strip() for value in args.faq for i in value.split(",") if i.strip())
    report = service.check_reply(args.text, pack, args.channel, faq_ids=ids, language=args.language,
                                 complaint=args.complaint, post=args.post)
    if args.json:
        _print_json(report.wire())
    else:
        print("blocked" if report.blocked else "ok")
        print_findings(report.findings)
        if report.suggestion is not None:
            print(f"\nsuggested reply (passes the checks): {report.suggestion}")
    return EXIT_OK


def cmd_rewrite(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.rewrite import rewrite

    service = build_service(settings)
    pack = service.brand(args.brand)
    ids = tuple(i.strip() for value in args.faq for i in value.split(",") if i.strip())
    result = rewrite(service, args.text, pack, args.channel, args.tone, post=args.post, language=args.language,
                     faq_ids=ids)
    if args.json:
        _print_json(result.model_dump(mode="json"))
    else:
        print_rewrite(result)
    return EXIT_OK


def cmd_backends(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.backends import MODULES, describe

    described = [describe(name) for name in MODULES]
    if args.json:
        _print_json(described)
        return EXIT_OK
    for b in described:
        can = [k.replace("_", " ") for k, v in b["capabilities"].items() if v]
        active = "  (in use: TACTFUL_BACKEND)" if b["name"] == settings.backend else ""
        print(f"{b['name']}: {', '.join(can) or 'no extras'}{active}")
        for o in b["options"]:
            print(f"  {o['name']} ({o['type']}, default {o['default']!r}): {o['doc']}")
    return EXIT_OK


def cmd_analyze(args: argparse.Namespace, settings: Settings) -> int:
    from assistant import read

    if not args.text.strip():
        raise BadRequest("the post is empty; pass the customer's text", "text")
    reading = read(args.text)
    if args.json:
        _print_json(reading.without_faq())
    else:
        script = f"/{reading.script}" if reading.script else ""
        print(f"{reading.language}{script}, {reading.mood} ({reading.intensity:.2f}), "
              f"private={reading.private}, flags={list(reading.flags)}")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from eval.run import EVAL_CACHE, eval_command

    cases, json_out = args.cases, args.json
    if cases is None and json_out not in (None, "-"):  # `--json CASES.jsonl ...`: the optional OUT took the file
        cases, json_out = Path(json_out), "-"
    if cases is None:
        raise BadRequest("no case file: tactful eval CASES.jsonl --brand BRAND", "cases")
    if args.limit is not None and args.limit < 1:
        raise BadRequest("--limit: give 1 or more cases", "limit")
    return eval_command(build_service(settings), cases, args.brand, packs=args.packs, report=args.report,
                        json_out=json_out, against=args.baseline, tolerance=args.tolerance, limit=args.limit,
                        cosine=not args.no_cosine, backend=settings.backend, cache=settings.data_dir / EVAL_CACHE)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from api.auth import parse_env_keys
    from api.db import Database

    if args.workers < 1:
        raise BadRequest("--workers: give 1 or more (about one per core)", "workers")
    has_keys = bool(parse_env_keys(settings.api_keys.get_secret_value() if settings.api_keys else "")) \
        or Database.open(settings.database()).has_keys()
    if not has_keys and not (_loopback(args.host) or args.insecure_open):
        raise BadRequest(f"refusing to serve {args.host} without API keys: create one with `tactful keys create "
                         "--name NAME --role admin --brands '*'`, bind to 127.0.0.1, or pass --insecure-open", "host")
    if not has_keys:
        log.warning("the API is OPEN: no API keys exist, so anyone who reaches %s:%d may draft and upload brands "
                    "until a key is created (tactful keys create)", args.host, args.port)
    os.environ["TACTFUL_ALLOW_OPEN"] = "1" if (args.insecure_open or _loopback(args.host)) else "0"
    os.environ["TACTFUL_WORKERS"] = str(args.workers)
    uvicorn.run("api.app:serve_app", factory=True, host=args.host, port=args.port, workers=args.workers,
                timeout_keep_alive=args.keep_alive, log_level="warning", access_log=False,
                timeout_worker_healthcheck=60)  # a worker loading its models or embedding holds the GIL for seconds
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from tactful.demo import run_demo

    return run_demo(build_service(settings), example_pack())


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "demo": cmd_demo, "ingest": cmd_ingest, "draft": cmd_draft, "check": cmd_check,
    "analyze": cmd_analyze, "backends": cmd_backends, "validate": cmd_validate, "init": cmd_init,
    "eval": cmd_eval, "serve": cmd_serve, "rewrite": cmd_rewrite,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    level = {0: logging.WARNING, 1: logging.INFO}.get(args.verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings()
        return {**COMMANDS, **admin_commands}[args.command](args, settings)
    except BackendError as exc:
        print(f"tactful: error: {exc}", file=sys.stderr)
        return EXIT_UNEXPECTED
    except (KnowledgeError, AssistantError, ValidationError, ValueError) as exc:
        print(f"tactful: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return EXIT_UNEXPECTED
    except Exception as exc:  # noqa: BLE001 - last resort: say what broke, exit 1
        log.debug("unexpected error", exc_info=True)
        print(f"tactful: unexpected error ({type(exc).__name__}); rerun with -vv for details", file=sys.stderr)
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    sys.exit(main())
