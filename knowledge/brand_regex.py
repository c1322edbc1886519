"""Regular expressions a brand writes (brand.yaml `order_id_pattern`), compiled with RE2.

A brand's pattern runs on every post and every draft. Python's `re` backtracks: `(a+)+b` took 39 s on a
29-character reply, holding the GIL, so one pack could stall every worker. RE2 matches in time linear
in the text whatever the pattern, at the price of lookarounds and backreferences, which it refuses.
Loading a pack compiles the pattern here, so a pattern RE2 cannot run is a PackError at upload, never a
failure at draft time; guardrails/pii.py compiles the same source with the same options (`options()`
documents them; tests/guardrails/test_brand_regex.py holds the two to the same answers).

Semantics, compared with `re.compile(pattern, re.IGNORECASE)`, which ran the pattern before:
case-insensitive with Unicode case folding (the same); offsets are character offsets (the same);
`\\d`, `\\w`, `\\s` and `\\b` are ASCII-only, where `re` also takes other scripts' digits and letters
(Persian, Arabic-Indic and full-width digits are turned into ASCII before order numbers are looked for,
so `BF-\\d{6}` still finds "BF-۱۲۳۴۵۶"; write `\\p{Nd}` or `\\pL` for any script); `$` matches only at the
very end, not before a final newline; `\\Z` is written `\\z`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import re2

SYNTAX_URL = "https://github.com/google/re2/wiki/Syntax"


def options() -> Any:
    """The RE2 options every brand pattern is compiled with: case-insensitive, UTF-8, quiet on errors."""
    opts = re2.Options()
    opts.case_sensitive = False
    opts.log_errors = False  # the error comes back to the caller as an exception; RE2 need not print it too
    return opts


class BrandRegexError(ValueError):
    """A pattern RE2 cannot compile, or one that would match everywhere; `fix` says what to write instead."""

    def __init__(self, problem: str, fix: str):
        self.problem = problem
        self.fix = fix
        super().__init__(f"{problem}; {fix}")


def _escapes(pattern: str) -> set[str]:
    """The characters after each backslash (`\\d` -> "d"), read left to right so `\\\\` is one escape."""
    found, i = set(), 0
    while i < len(pattern):
        if pattern[i] == "\\" and i + 1 < len(pattern):
            found.add(pattern[i + 1])
            i += 2
        else:
            i += 1
    return found


def _explain(pattern: str, error: str) -> tuple[str, str]:
    """What is wrong with a pattern RE2 refused, and what to write instead."""
    escapes = _escapes(pattern)
    if any(look in pattern for look in ("(?=", "(?!", "(?<=", "(?<!")):
        return ("uses a lookaround ((?=…), (?!…), (?<=…) or (?<!…)), which RE2 syntax does not have",
                r"match the order number itself, e.g. BF-\d{6}; put \b at its edges to keep it from matching "
                "inside a longer word")
    if "(?P=" in pattern or escapes & set("123456789"):
        return ("uses a backreference (\\1 or (?P=name)), which RE2 syntax does not have",
                r"spell the repeated part out, e.g. [A-Z]{2}-\d{6}")
    if "Z" in escapes:
        return r"uses \Z, which RE2 syntax writes \z", r"write \z for the end of the text"
    if "invalid repetition size" in error:
        return ("a repetition count is too large (nested counts multiply)",
                "keep counts at 1000 or less in all, or use + and *")
    if "too large" in error or "too big" in error:
        return "the pattern is too large to run", "write a shorter pattern"
    return (f"is not a regular expression RE2 can run ({error})",
            f"write it in RE2 syntax ({SYNTAX_URL}): no lookarounds or backreferences")


@lru_cache(maxsize=64)
def compile_brand_regex(pattern: str) -> Any:
    """`pattern` compiled with RE2 (`options()`); BrandRegexError says why not and what to write instead."""
    try:
        compiled = re2.compile(pattern, options())
    except re2.error as exc:
        detail = exc.args[0] if exc.args else ""  # RE2's message, as bytes
        error = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
        problem, fix = _explain(pattern, error)
        raise BrandRegexError(problem, fix) from None
    if "C" in _escapes(pattern):  # one byte of UTF-8, which would give spans inside a character
        raise BrandRegexError(r"uses \C (any single byte), which can match half a character",
                              "write . for any one character")
    if compiled.search("") is not None:
        raise BrandRegexError(
            "matches an empty text, so every reply would seem to hold an order number",
            r"make it need at least one character, e.g. \d{6} rather than \d*",
        )
    return compiled
