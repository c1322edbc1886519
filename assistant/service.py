"""The drafting service: read the post, retrieve what the brand knows, draft, check every draft."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.backends import Backend, Brief
from assistant.backends.base import Reviser, Streamer
from assistant.drafts import CheckReport, Draft, DraftRequest, DraftResponse
from assistant.errors import BadRequest
from assistant.planner import Situation, make_plan, reply_language
from assistant.read import read
from assistant.reading import FaqScore, Reading
from guardrails import CheckContext, CheckResult, Finding, channel, check
from guardrails.languages import drafting_languages
from guardrails.phrases import data_file
from guardrails.repair import RepairOutcome, repair
from knowledge import BrandPack, FaqEntry, IngestReport, KnowledgeStore, load_pack

log = logging.getLogger(__name__)

_LANGUAGE = re.compile(r"^[a-z]{2}$")
_COMPLAINT_MOODS = ("upset", "sad", "anxious")
_COMPLAINT_INTENTS = ("problem", "complaint", "safety")
_BACKING = 3
"""FAQ entries nearest to an agent's reply (and to the post) that may back its claims when it names none."""
_BACKED_RULES = frozenset({"overpromise", "injection"})
"""Rules whose findings a FAQ answer can clear (guardrails: a claim the FAQ backs is no finding)."""
WARM_UP_POSTS = "warmup.yaml"
"""assistant/data/<this>: one short post per phrase-pack language, drafted once by `DraftingService.warm_up`."""


def load_brand_pack(path: Path | str) -> BrandPack:
    """A brand pack folder, validated, with its languages checked against the language registry (a pack may
    list only languages Tactful drafts in); PackProblems lists every problem."""
    return load_pack(path, supported=drafting_languages())


class DraftingService:
    """Everything the CLI and the API do with a brand, in one place."""

    def __init__(self, store: KnowledgeStore, backend: Backend, min_faq_score: float | None = None):
        self.store = store
        self.backend = backend
        self.min_faq_score = min_faq_score

    # --- brands -------------------------------------------------------------------------------

    def brand(self, ref: str) -> BrandPack:
        """A pack folder (ingested on the fly when its content changed) or an ingested brand id."""
        path = Path(ref)
        if path.is_dir():
            pack = load_brand_pack(path)
            if self.store.fingerprint(pack.brand.id) != pack.fingerprint():
                self.store.ingest(pack)
            return pack
        return self.store.pack(ref)

    def ingest(self, pack: BrandPack, progress: object = None) -> IngestReport:
        """Ingest a validated pack."""
        return self.store.ingest(pack, progress if callable(progress) else None)

    def warm_up(self) -> int:
        """Draft one short post per phrase-pack language (WARM_UP_POSTS) for the first ingested brand, so a
        process's first real request in a language does not load that language's lexicons and phrase packs
        itself (it cost 130-200 ms more than the next one). An LLM backend is never called for this: with one,
        only reading, retrieval and the guardrails are warmed. Returns the posts used (0: no brand yet)."""
        brands = self.store.brands()
        if not brands:
            return 0
        pack = self.store.pack(brands[0])
        posts = {str(k): str(v) for k, v in data_file(WARM_UP_POSTS, "assistant").items()}
        for language, text in posts.items():
            if self.backend.name == "composer":
                self.draft(DraftRequest(text=text), pack)
            else:
                self.analyze(text, pack)
                self.check(text, pack, "twitter", language=language)
        return len(posts)

    # --- reading ------------------------------------------------------------------------------

    def analyze(self, text: str, pack: BrandPack | None = None) -> Reading:
        """The reading of a post, with FAQ retrieval when a brand is given."""
        if not text.strip():
            raise BadRequest("the post is empty; pass the customer's text", "text")
        if pack is None:
            return read(text)
        vector = self.store.query_vector(text)  # one embedding for the reading and the retrieval
        reading = read(text, prior=pack.brand.languages, order_id_pattern=pack.brand.order_id_pattern, vector=vector)
        hits = self.store.search(pack.brand.id, text, k=3, language=reading.language, min_score=self.min_faq_score)
        faq = tuple(FaqScore(id=h.id, score=h.score) for h in hits)
        # Something wrong with the customer's own order, booking, line or account is looked at in a DM: on
        # the tune brands of the care dev set 81% of problem posts needed account data (eval/data/care).
        needs_account = any(e.needs_account for e in self._entries(pack, faq[:1])) or (
            reading.intent == "problem" and not {"injection", "troll"} & set(reading.flags))
        flags = reading.flags
        if "troll" in flags and (faq or "escalate" in flags):
            flags = tuple(f for f in flags if f != "troll")  # angry, but there is something to solve
        return reading.model_copy(update={"faq": faq, "private": reading.private or needs_account, "flags": flags})

    @staticmethod
    def _entries(pack: BrandPack, faq: tuple[FaqScore, ...]) -> tuple[FaqEntry, ...]:
        return tuple(e for e in (pack.entry(f.id) for f in faq) if e is not None)

    # --- drafting -----------------------------------------------------------------------------

    def draft(self, request: DraftRequest, pack: BrandPack, now: datetime | None = None,
              on_event: Callable[[str, Any], None] | None = None) -> DraftResponse:
        """Read, retrieve, plan, draft and check. `on_event` hears the steps as they happen: ("reading",
        Reading), ("text", (variant, piece)) while a streaming model writes (unchecked text), and ("draft",
        Draft) as each draft is checked."""
        reading = self.analyze(request.text, pack)
        if on_event:
            on_event("reading", reading)
        # The customer's language whenever a phrase pack exists for it, whatever languages the pack lists.
        language = reply_language(pack, reading.language)
        entries = self._entries(pack, reading.faq)
        now = now or datetime.now(UTC)
        plan = make_plan(Situation(
            pack=pack, reading=reading, post=request.text, language=language, faq=entries, author=request.author,
            thread=request.thread, now=now,
        ))
        brief = Brief(
            pack=pack, reading=reading, plan=plan, post=request.text, language=language, channel=request.channel,
            limit=channel(request.channel).limit, author=request.author, faq=entries, thread=request.thread,
            variants=request.variants, now=now,
        )
        if on_event and isinstance(self.backend, Streamer) and self.backend.streams:
            composed = self.backend.compose(brief, on_text=lambda n, piece: on_event("text", (n, piece)))
        else:
            composed = self.backend.compose(brief)
        log.debug("drafted %d replies for brand %s", len(composed), pack.brand.id)
        complaint = is_complaint(reading, plan.intent)
        notes = self._language_notes(reading.language, language)
        drafts = []
        counters = {"public": 0, "private": 0}
        for c in composed:
            counters[c.visibility] += 1
            used = tuple(e for e in entries if e.id in c.faq_ids)
            quoted = tuple(e.answer for e in used if not e.speaks(language, pack.brand.default_language))
            ctx = self.context(pack, request.channel, language=language, author=request.author, faq=used,
                               complaint=complaint, public=c.visibility == "public", quoted=quoted,
                               post=request.text)
            text, result, repaired = self._check_and_repair(c.text, ctx, brief)
            prefix = "d" if c.visibility == "public" else "dm"
            drafts.append(draft := Draft(
                id=f"{prefix}{counters[c.visibility]}", text=text, language=language, visibility=c.visibility,
                faq_ids=c.faq_ids, findings=(*result.findings, *notes, *c.notes), blocked=result.blocked,
                repaired=repaired,
                plan=(c.plan or plan) if c.visibility == "public" else None,
            ))
            if on_event:
                on_event("draft", draft)
        return DraftResponse(reading=reading, drafts=tuple(drafts))

    @staticmethod
    def _language_notes(customer: str, reply: str) -> tuple[Finding, ...]:
        """A `warn` for the agent when the reply cannot be in the customer's language (no phrase pack)."""
        if customer in (reply, "und"):
            return ()
        return (Finding(
            rule="language_mismatch", severity="warn", start=0, end=0, language=reply,
            message=f"the customer writes in {customer!r}, for which Tactful has no phrases yet; this draft is "
                    f"in {reply!r}: translate it before sending, or add prompts/packs/{customer}.yaml",
        ),)

    def _check_and_repair(self, text: str, ctx: CheckContext, brief: Brief) -> tuple[str, CheckResult, tuple[str, ...]]:
        """Check a draft; when it is blocked, apply the mechanical repairs, let a backend that can revise
        rewrite what is left, and keep the result only if a fresh check finds fewer blocking problems."""
        result = check(text, ctx)
        if not result.blocked:
            return text, result, ()
        outcome = repair(text, result, ctx)
        candidate = outcome.text
        rules = [f.rule for f in outcome.applied]
        if outcome.remaining and isinstance(self.backend, Reviser):
            revised = self.backend.revise(brief, candidate, outcome.instructions)
            if revised and revised != candidate:
                candidate = revised
                rules += [f.rule for f in outcome.remaining]
        if candidate == text:
            return text, result, ()
        again = check(candidate, ctx)
        if _blocks(again) < _blocks(result):
            log.debug("repaired a draft: %s", sorted(set(rules)))
            return candidate, again, tuple(dict.fromkeys(rules))
        return text, result, ()

    # --- checking -----------------------------------------------------------------------------

    @staticmethod
    def context(
        pack: BrandPack,
        channel_name: str,
        language: str | None = None,
        author: str | None = None,
        faq: tuple[FaqEntry, ...] = (),
        complaint: bool = False,
        public: bool = True,
        quoted: tuple[str, ...] = (),
        post: str | None = None,
    ) -> CheckContext:
        """What the guardrails need to know about a reply of this brand."""
        try:
            channel(channel_name)
        except ValueError as exc:
            raise BadRequest(str(exc), "channel") from None
        if language is not None and not _LANGUAGE.match(language):
            raise BadRequest(f"language {language!r}: give a two-letter ISO 639-1 code such as en, pl or zh",
                             "language")
        default = pack.brand.default_language
        if language is not None:
            answers = tuple(e.text_in(language, default).answer for e in faq)
        else:  # the reply's language is not known yet: it may quote the answer in any of its languages
            answers = tuple(a for e in faq for a in (e.answer, *(t.answer for t in e.translations.values())))
        return CheckContext(
            channel=channel_name, language=language, customer_name=author,
            avoid=tuple((a.phrase, a.first_word_only) for a in pack.voice.avoid),
            order_id_pattern=pack.brand.order_id_pattern, faq_answers=answers, complaint=complaint, public=public,
            quoted=quoted, post=post,
        )

    def check(self, text: str, pack: BrandPack, channel_name: str, **situation: Any) -> CheckResult:
        """Guardrail findings for one reply of this brand (situation: see `context`)."""
        if not text.strip():
            raise BadRequest("the reply is empty; pass the reply text to check", "text")
        return check(text, self.context(pack, channel_name, **situation))

    def check_reply(
        self, text: str, pack: BrandPack, channel_name: str, faq_ids: tuple[str, ...] = (),
        language: str | None = None, complaint: bool = False, post: str | None = None,
    ) -> CheckReport:
        """Check an agent's reply; suggest a repair that passes.

        Claims are judged against the FAQ entries the agent names, or, when none are named, against the
        entries nearest to the reply and the post (a reply that says what the FAQ says is no overpromise).
        The customer's `post`, when given, tells whether this is a complaint and which language the reply
        should be in."""
        unknown = [i for i in faq_ids if pack.entry(i) is None]
        if unknown:
            known = ", ".join(e.id for e in pack.faq)
            raise BadRequest(f"faq: no such FAQ entry in brand {pack.brand.id!r}: {', '.join(unknown)}; "
                             f"known: {known}", "faq")
        entries = tuple(e for e in (pack.entry(i) for i in faq_ids) if e is not None)
        if post is not None and post.strip():
            reading = read(post, prior=pack.brand.languages, order_id_pattern=pack.brand.order_id_pattern)
            complaint = complaint or post_complains(reading)
            if language is None and reading.language != "und":
                language = reading.language  # an agent may write any language, phrase pack or not
        situation: dict[str, Any] = {"language": language, "complaint": complaint, "faq": entries, "post": post}
        result = self.check(text, pack, channel_name, **situation)
        if not faq_ids and any(f.rule in _BACKED_RULES for f in result.findings):
            # Backing only ever clears a claim, so the FAQ is searched only when a claim is left unbacked.
            situation["faq"] = self.relevant(pack, text, post)
            result = self.check(text, pack, channel_name, **situation)
        outcome = self.suggestion(text, pack, channel_name, **situation) if result.blocked else None
        return CheckReport(findings=result.findings, blocked=result.blocked,
                           suggestion=outcome.text if outcome else None)

    def relevant(self, pack: BrandPack, reply: str, post: str | None = None) -> tuple[FaqEntry, ...]:
        """The FAQ entries an agent's reply can draw on when it names none: those closest to the reply and to
        the post. The whole FAQ would back any number it states anywhere ("24 hours" of a password link
        would back "refunds within 24 hours"), so only entries about the same thing count."""
        hits = [h.id for h in self.store.rank(pack.brand.id, reply, k=_BACKING)]
        if post is not None and post.strip():
            hits += [h.id for h in self.store.rank(pack.brand.id, post, k=_BACKING)]
        return tuple(e for e in (pack.entry(i) for i in dict.fromkeys(hits)) if e is not None)

    def suggestion(self, text: str, pack: BrandPack, channel_name: str, **situation: Any) -> RepairOutcome | None:
        """The mechanical repair of a blocked reply, offered only when the repaired text passes a fresh check."""
        ctx = self.context(pack, channel_name, **situation)
        outcome = repair(text, check(text, ctx), ctx)
        if not outcome.applied or check(outcome.text, ctx).blocked:
            return None
        return outcome


def is_complaint(reading: Reading, intent: str) -> bool:
    """The customer complains (no jokes or emoji then): an upset, sad or anxious mood, or a problem,
    complaint or safety case."""
    return reading.mood in _COMPLAINT_MOODS or intent in _COMPLAINT_INTENTS


def post_complains(reading: Reading) -> bool:
    """`is_complaint` for a post read on its own (no plan): a post flagged for escalation is a safety case."""
    return is_complaint(reading, "safety" if "escalate" in reading.flags else reading.intent)


def _blocks(result: CheckResult) -> int:
    return sum(1 for f in result.findings if f.severity == "block")
