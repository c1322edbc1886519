"""Operator commands on the API's database: `tactful keys create|list|revoke` and `tactful feedback export`.

    tactful keys create --name NAME --role agent|admin --brands a,b|* [--json]
    tactful keys list [--json]
    tactful keys revoke KEY_ID
    tactful feedback export [--brand B] [--out cases.jsonl]
    tactful audit [--limit N] [--json]

tactful/cli.py adds them with `COMMANDS.update(add_commands(sub))`. Each command reports its own errors and
returns the exit code: 2 for input to fix, 1 for a database that cannot be used.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from pydantic import ValidationError

from api.records import ALL_BRANDS, ApiKey, DatabaseUnavailable, FeedbackRecord, Role
from assistant import Settings

if TYPE_CHECKING:
    from api.db import Database

# The exit codes of tactful.cli (which imports this module, so they cannot be imported from there).
EXIT_OK, EXIT_UNEXPECTED, EXIT_BAD_INPUT = 0, 1, 2
REFERENCE_VERDICTS = ("accepted", "edited")
"""Feedback whose final text was sent to the customer, and so is a reference reply."""

Command = Callable[[argparse.Namespace, Settings], int]


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Command]:
    """Add `keys` and `feedback` to the `tactful` subparsers; returns their handlers by command name."""
    keys = sub.add_parser("keys", help="create, list and revoke the API's keys")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True, metavar="{create,list,revoke}")
    create = keys_sub.add_parser("create", help="create a key; its token is printed once")
    create.add_argument("--name", required=True, help="who holds the key (a person, team or integration)")
    create.add_argument("--role", required=True, choices=get_args(Role),
                        help="agent: draft, check, feedback; admin: also upload brands")
    create.add_argument("--brands", required=True, metavar="a,b|*",
                        help="brand ids the key may use, comma-separated, or * for every brand (quote it)")
    create.add_argument("--json", action="store_true")
    listing = keys_sub.add_parser("list", help="every key: id, name, role, brands, dates (never the secret)")
    listing.add_argument("--json", action="store_true")
    revoke = keys_sub.add_parser("revoke", help="revoke a key for good")
    revoke.add_argument("key_id", help="the id `keys list` shows (the part of the token after tfk_)")

    fb = sub.add_parser("feedback", help="agents' feedback on drafts")
    fb_sub = fb.add_subparsers(dest="feedback_command", required=True, metavar="{export}")
    export = fb_sub.add_parser("export", help="write feedback as eval cases (JSONL) for `tactful eval`")
    export.add_argument("--brand", help="only this brand's feedback")
    export.add_argument("--out", type=Path, help="the JSONL file to write (default: standard output)")
    audit = sub.add_parser("audit", help="the audit log: uploads, key changes and refusals, newest first")
    audit.add_argument("--limit", type=int, default=50, help="how many entries (default 50)")
    audit.add_argument("--json", action="store_true")
    return {"keys": cmd_keys, "feedback": cmd_feedback, "audit": cmd_audit}


def cmd_audit(args: argparse.Namespace, settings: Settings) -> int:
    """tactful audit: what was uploaded or refused, by which key, from where."""
    if args.limit < 1:
        _error("--limit: give 1 or more")
        return EXIT_BAD_INPUT

    def show(db: Database) -> int:
        entries = db.audit_log(args.limit)
        if args.json:
            print(json.dumps([e.model_dump(mode="json") for e in entries], ensure_ascii=False, indent=2))
            return EXIT_OK
        for e in entries:
            print(f"{_when(e.at)}  {e.action:<14} {e.outcome:<8} key={e.key_id or '-':<10} "
                  f"brand={e.brand or '-':<16} from={e.client or '-'}  {e.detail}")
        return EXIT_OK

    return _run(show, settings)


def _error(message: str) -> None:
    print(f"tactful: error: {message}", file=sys.stderr)


def _run(action: Callable[[Database], int], settings: Settings) -> int:
    from api.db import Database  # SQLAlchemy and Alembic load only for these commands

    try:
        with Database.open(settings.database()) as db:
            return action(db)
    except DatabaseUnavailable as exc:
        _error(str(exc))
        return EXIT_UNEXPECTED
    except ValueError as exc:
        _error(str(exc))
        return EXIT_BAD_INPUT


def _brands(value: str) -> list[str] | Literal["*"]:
    if value.strip() == ALL_BRANDS:
        return ALL_BRANDS
    brands = [b.strip() for b in value.split(",") if b.strip()]
    if not brands:
        raise ValueError("--brands: give brand ids separated by commas (acme,brightfern), or '*' for every brand")
    return brands


def cmd_keys(args: argparse.Namespace, settings: Settings) -> int:
    """tactful keys create|list|revoke."""
    if args.keys_command == "create":
        try:
            brands = _brands(args.brands)
        except ValueError as exc:
            _error(str(exc))
            return EXIT_BAD_INPUT
        return _run(lambda db: _create(db, args, brands), settings)
    if args.keys_command == "list":
        return _run(lambda db: _list(db, args.json), settings)
    return _run(lambda db: _revoke(db, args.key_id), settings)


def _create(db: Database, args: argparse.Namespace, brands: list[str] | Literal["*"]) -> int:
    try:
        key, token = db.create_key(args.name, args.role, brands)
    except ValueError as exc:
        raise ValueError(f"--{exc}") from None  # the messages start with the field name: --brands: ...
    db.audit("key.create", "ok", key_id=key.id, client="cli",
             detail=f"{key.role} key for {key.name}, brands {_brands_text(key)}")
    warning = ("This token cannot be shown again: store it now (a secret manager). "
               "Clients send it as `Authorization: Bearer <token>`.")
    if args.json:  # stdout stays one JSON document
        print(json.dumps({**_key_json(key), "token": token}, ensure_ascii=False, indent=2))
        print(warning, file=sys.stderr)
    else:
        print(f"created key {key.id} for {key.name} ({key.role}, brands: {_brands_text(key)})")
        print(f"token: {token}")
        print(warning)
    return EXIT_OK


def _key_json(key: ApiKey) -> dict[str, Any]:
    return key.model_dump(mode="json")


def _brands_text(key: ApiKey) -> str:
    return "* (every brand)" if key.brands == ALL_BRANDS else ", ".join(key.brands)


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value is not None else "-"


def _list(db: Database, as_json: bool) -> int:
    keys = db.list_keys()
    if as_json:
        print(json.dumps([_key_json(k) for k in keys], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not keys:
        print("no keys yet; create one with `tactful keys create --name NAME --role admin --brands '*'`")
        return EXIT_OK
    rows = [("id", "name", "role", "brands", "created", "last used", "revoked")]
    rows += [(k.id, k.name, k.role, "*" if k.brands == ALL_BRANDS else ",".join(k.brands), _when(k.created_at),
              _when(k.last_used_at), _when(k.revoked_at)) for k in keys]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return EXIT_OK


def _revoke(db: Database, key_id: str) -> int:
    if not db.revoke_key(key_id):
        _error(f"no key {key_id!r}; `tactful keys list` shows the ids (the part of the token after tfk_)")
        return EXIT_BAD_INPUT
    db.audit("key.revoke", "ok", key_id=key_id, client="cli")
    print(f"revoked key {key_id}: it no longer authenticates (API workers may trust it for a few more seconds)")
    return EXIT_OK


# --- feedback export -------------------------------------------------------------------------------------


def cmd_feedback(args: argparse.Namespace, settings: Settings) -> int:
    """tactful feedback export."""
    return _run(lambda db: _export(db, args.brand, args.out), settings)


def feedback_case(record: FeedbackRecord) -> dict[str, Any] | None:
    """One feedback row as an eval case (eval.metrics.CareCase fields, plus `source`, `verdict` and the
    `draft`, which the loaders ignore), or None when it has no post to draft from."""
    from eval.metrics.base import CareCase  # the eval metrics load only for an export

    if not record.post or not record.post.strip():
        return None
    case: dict[str, Any] = {"id": f"feedback-{record.id}", "brand": record.brand, "channel": "twitter",
                            "text": record.post}
    if record.verdict in REFERENCE_VERDICTS and record.final_text:
        case["reference"] = record.final_text
    if record.language:
        case["lang"] = record.language
    case |= {"source": f"feedback:{record.id}", "verdict": record.verdict}
    if record.draft_text:
        case["draft"] = record.draft_text
    CareCase.model_validate(case)  # what `tactful eval` will read back
    return case


def _export(db: Database, brand: str | None, out: Path | None) -> int:
    records = db.feedback(brand=brand)
    cases: list[dict[str, Any]] = []
    skipped = invalid = 0
    for record in records:
        try:
            case = feedback_case(record)
        except ValidationError:
            invalid += 1
            continue
        if case is None:
            skipped += 1
        else:
            cases.append(case)
    lines = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)
    if out is None:
        sys.stdout.write(lines)
    else:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(lines, encoding="utf-8")
        except OSError as exc:
            _error(f"--out {out}: cannot write ({exc.strerror}); give a file in a writable folder")
            return EXIT_BAD_INPUT
    where = f" to {out}" if out is not None else ""
    print(f"wrote {len(cases)} cases{where} from {len(records)} feedback rows"
          + (f" of brand {brand}" if brand else ""), file=sys.stderr)
    if skipped:
        print(f"skipped {skipped} rows without the customer's post (the client did not send `post`)",
              file=sys.stderr)
    if invalid:
        print(f"skipped {invalid} rows that are not valid cases (a post over 10,000 characters)", file=sys.stderr)
    return EXIT_OK
