"""Human-readable output of the CLI and the demo (the --json output is the contract; this is not)."""

from __future__ import annotations

from assistant import DraftResponse
from assistant.rewrite import RewriteResult
from guardrails import Finding


def print_findings(findings: tuple[Finding, ...], indent: str = "  ") -> None:
    """One line per finding, with its suggested fix when the rule has one."""
    for f in findings:
        fix = "" if f.fix is None else f" (suggested: {'delete it' if f.fix == '' else repr(f.fix)})"
        print(f"{indent}[{f.severity}] {f.rule} @{f.start}-{f.end}: {f.message}{fix}")


def print_draft_response(response: DraftResponse, indent: str = "") -> None:
    """The reading on one line, then every draft with its findings."""
    r = response.reading
    faq = ", ".join(f"{f.id} ({f.score:.2f})" for f in r.faq) or "none"
    script = f"/{r.script}" if r.script else ""
    print(f"{indent}reading: {r.language}{script}, {r.intent}, {r.mood} ({r.intensity:.2f}), private={r.private}, "
          f"flags={list(r.flags)}, faq: {faq}")
    for d in response.drafts:
        state = "BLOCKED" if d.blocked else "ok"
        if d.plan is not None:
            extra = " (recommend: no reply)" if d.plan.recommend == "no_reply" else ""
            print(f"{indent}plan {d.id}: {' > '.join(a for a in d.plan.actions if a not in ('greet', 'sign_off'))}"
                  f"{extra}")
        print(f"{indent}[{d.id} {d.visibility} {state}] {d.text}")
        print_findings(d.findings, indent + "   ")


def print_rewrite(result: RewriteResult) -> None:
    """The rewritten reply, what was done, what could not be done, and its check."""
    state = "BLOCKED" if result.blocked else "ok"
    print(f"[{result.tone} by {result.backend}, {result.language}, {state}] {result.text}")
    for line in result.changes:
        print(f"  done: {line}")
    for line in result.unchanged:
        print(f"  not done: {line}")
    print_findings(result.findings)
