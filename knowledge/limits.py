"""How big a brand pack may be: every limit in one place, each with the reason for its number.

A pack arrives over the API from outside, so each file, list and text that later costs time or memory
per byte (YAML parsing, validation, embedding, the guardrails that run on every draft) is bounded when the
pack is loaded, and the error names the file, the size, the limit and what to do. The numbers leave
room for real packs: bench/bench_knowledge.py ingests 10,000 generated entries (about 2 MB of faq.yaml);
the shipped example pack is 36 kB of FAQ in eight languages, 4 kB of voice guide and 20 entries.
"""

from __future__ import annotations

KIB = 1024
MIB = 1024 * KIB

MAX_BRAND_BYTES = 64 * KIB
"""brand.yaml: a few dozen keys; the example is under 1 kB."""
MAX_FAQ_BYTES = 8 * MIB
"""faq.yaml: about 4,500 entries in eight languages, or 20,000 short single-language ones; the same as the
API's whole-upload limit (TACTFUL_MAX_PACK_BYTES)."""
MAX_VOICE_BYTES = 256 * KIB
"""voice.md: a style guide people read; the example is 4 kB."""

MAX_FAQ_ENTRIES = 20_000
"""Entries in faq.yaml: twice the 10,000 the knowledge benchmark ingests within its one-minute target."""
MAX_QUESTION_CHARS = 1_000
"""One FAQ question (any language): a question is a sentence or two, and it is what gets embedded."""
MAX_ANSWER_CHARS = 4_000
"""One FAQ answer (any language): about a page; a draft quotes from it, so longer belongs on a help page."""

MAX_VOICE_SECTIONS = 200
"""`## ` sections in voice.md; each becomes a document of its own in the knowledge store."""
MAX_AVOID_PHRASES = 200
"""Quoted phrases in voice.md's "avoid" sections: the `avoid_word` guardrail compiles and runs each one on
every draft, and beyond a few hundred its compiled-pattern cache thrashes (315 ms per check at 1,000)."""
MAX_AVOID_PHRASE_CHARS = 100
"""One avoided phrase: a few words (the example's longest is 27 characters); the guardrail turns it into
one nested group per character, and Python's regex compiler recurses too deep from about 450."""

MAX_YAML_DEPTH = 32
"""Nesting of mappings and lists in a pack's YAML; the deepest real key is four levels down
(faq entry > translations > language > answer)."""
MAX_YAML_NODES = 500_000
"""Values (texts, lists and mappings) in one YAML file. The example FAQ averages 40 bytes per value, so a
full 8 MiB faq.yaml holds about 210,000; without a bound, 8 MiB of `- a` lines made two million values,
16 s and 850 MB before any other check could refuse them."""
MAX_ALIAS_GROWTH = 1.0
"""What `*alias` references may add to a YAML file, as a share of its own size (1.0: the document may be
at most twice as large as what is written), so that aliases of aliases ("billion laughs") cannot turn a
few kilobytes into gigabytes. Size counts characters of text plus one per node."""
