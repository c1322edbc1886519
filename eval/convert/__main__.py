"""python -m eval.convert twcs|ibm|feedback ... --out cases.jsonl (see eval/convert/__init__.py)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from eval.convert import DataError, feedback, ibm, twcs, write_cases
from eval.jsonl import read_jsonl


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m eval.convert", description="Outside data as eval cases "
                                     "(DESIGN.md, 'Eval cases') with the real replies as references.")
    sub = parser.add_subparsers(dest="source", required=True)
    tw = sub.add_parser("twcs", help="Customer Support on Twitter: a brand's customers' tweets and its first replies")
    tw.add_argument("--brand", action="append", default=[], help="a brand handle, e.g. AmazonHelp (repeat)")
    tw.add_argument("--later-turns", action="store_true",
                    help="also tweets that do not open a thread (with the earlier tweets as `thread`)")
    ib = sub.add_parser("ibm", help="IBM Twitter customer care dialogs: the post an agent answered, and the answer")
    ib.add_argument("--company", action="append", default=[], help="a company handle, e.g. Google (repeat)")
    ib.add_argument("--part", choices=("dev", "test", "all"), default="all")
    ib.add_argument("--reply", choices=("first", "final"), default="first",
                    help="first: the agent's first reply; final: the reply that links a help document")
    for p in (tw, ib):
        p.add_argument("--pack", help="the `brand` of every case (default: the handle in lower case)")
        p.add_argument("--list", action="store_true", help="print the brands there are with their case counts")
        p.add_argument("--limit", type=int, help="at most N cases")
    fb = sub.add_parser("feedback", help="`tactful feedback export` output (or raw feedback rows) as cases")
    fb.add_argument("export", type=Path, help="the exported JSONL")
    fb.add_argument("--brand", help="only this brand's rows")
    fb.add_argument("--with-reference", action="store_true", help="only rows whose final text the agent sent")
    fb.add_argument("--limit", type=int, help="at most N cases")
    for p in (tw, ib, fb):
        p.add_argument("--out", type=Path, help="the case file to write (default: stdout)")
    return parser


def _list(counts: Counter[str]) -> int:
    for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower())):
        print(f"{n:>6}  {name}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    skipped: Counter[str] = Counter()
    try:
        if args.source == "twcs":
            if args.list:
                return _list(twcs.brands())
            cases = twcs.convert(args.brand, later_turns=args.later_turns, pack=args.pack)
        elif args.source == "ibm":
            if args.list:
                return _list(ibm.companies(args.part))
            cases = ibm.convert(args.company, part=args.part, reply=args.reply, pack=args.pack)
        else:
            cases, skipped = feedback.convert(read_jsonl(args.export), brand=args.brand,
                                              with_reference=args.with_reference)
        cases = cases[:args.limit]
        written = write_cases(cases, args.out)
    except (DataError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    by_brand = Counter(str(c.get("brand")) for c in cases)
    with_ref = sum(1 for c in cases if c.get("reference"))
    print(f"wrote {written} cases{' to ' + str(args.out) if args.out else ''} ({with_ref} with a reference; "
          + ", ".join(f"{b} {n}" for b, n in by_brand.most_common()) + ")", file=sys.stderr)
    for reason, n in skipped.items():
        print(f"skipped {n} rows: {reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
