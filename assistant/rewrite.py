"""Rewriting an agent's own reply to a tone (`tactful rewrite`, POST /v1/rewrites), checked like any reply.

A backend that can rewrite (`assistant.backends.base.Rewriter`, a model) gets a `RewriteBrief`. Otherwise, or
when the model returns nothing, the composer's mechanical rewrite does what fixed per-language lists can do
(assistant/data/rewrite/<lang>.yaml) and says in `unchanged` what it could not:

- `warmer` adds what is missing among a greeting, one apology (the customer complains) or thanks (else), and
  a reassurance (an anxious customer), in the phrase pack's words; never humour or emoji, never a second
  apology. The reply's own sentences stay as they are.
- `shorter` drops whole sentences that are little more than a pleasantry or a repeated thanks, then, over the
  channel's limit, other sentences from the end; never a sentence with a number, a link, an FAQ fact, a
  question or the DM hand-off, never part of a sentence.
- `formal` swaps listed informal words (contractions, "Hey", "thanks"), drops laughter and emoji, calms "!!".
  A du/Sie-style form of address is never switched: verbs and endings change with it.
- `simpler` swaps listed wordy phrases, drops asides in brackets that hold no number or link, and splits a
  long sentence at a listed joint ("; ", " – ", ", but ").
- `fix` applies the guardrails' mechanical repair (guardrails/repair.py) and lists what still blocks.

Every result is checked as `DraftingService.check_reply` checks an agent's reply (channel, the customer's
language and complaint from the post, the FAQ entries named); a rewrite with more blocking findings than
the input is refused, and the input comes back with a note why. When no FAQ entries are named, a reworded
claim is judged against the entries nearest to the reply as the agent wrote it (and to the post): rewording
alone can draw other entries as backing and turn a backed claim into an "overpromise".
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from functools import cache
from typing import cast, get_args

from pydantic import BaseModel, ConfigDict, Field

from assistant.backends.base import RewriteBrief, Rewriter, Tone
from assistant.drafts import CheckReport
from assistant.errors import BackendError, BadRequest
from assistant.planner import phrase_pack_for
from assistant.read import read
from assistant.reading import Reading
from assistant.script import to_traditional
from assistant.service import DraftingService, post_complains
from guardrails import Finding, channel, detect
from guardrails.findings import CheckResult
from guardrails.languages import drafting_languages
from guardrails.phrases import CJK, compile_phrases, data_file, data_languages, normalise
from guardrails.repair import dm_handoff, repair
from knowledge import BrandPack, FaqEntry
from prompts import PhrasePack

log = logging.getLogger(__name__)

TONES: tuple[Tone, ...] = get_args(Tone)
"""Every tone, in the order the CLI and the API list them."""
MECHANICAL = "composer"
"""The `backend` of a mechanical rewrite."""
_BACKED_RULES = frozenset({"overpromise", "injection"})
"""Rules whose findings a FAQ answer can clear."""
_FILLER_REST = 3
"""A sentence is a pleasantry when, its listed phrases taken out, at most this many words are left."""
_MIN_PART = 4
"""`simpler` splits a sentence only where both parts keep this many words (twice as many characters in CJK)."""
_LINK = re.compile(r"https?://\S+|www\.\S+|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*|[\w.+-]+@[\w-]+\.[\w.]+|[@＠]\w+")
_EMOJI = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF\U0001F000-\U0001F2FF]\uFE0F?(?:\u200d\S\uFE0F?)*")
_BANGS = re.compile(r"[!！]{2,}|[?？][!！]+[?？]*|[!！]+[?？]+|[?？]{2,}")
_ASIDE = re.compile(r"\s*[(（]([^()（）]{1,200})[)）]")
_HANDLES = re.compile(r"^\s*(?:[@＠]\w+\s+)+")
_WORD = re.compile(r"\w+")
_GREETING_END = re.compile(r"[,，،:!！.。։]")
_CLOSERS = "\"'”’»)]」』）"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RewriteResult(_Frozen):
    """What `rewrite --json` and POST /v1/rewrites return: the rewritten reply, what was done, and its check."""

    text: str
    """The reply as rewritten (the input itself when the rewrite could not improve it)."""
    tone: Tone
    """The tone asked for."""
    language: str
    """Language of the reply (every rewrite keeps it)."""
    changes: tuple[str, ...] = ()
    """What was done, in plain words."""
    unchanged: tuple[str, ...] = ()
    """What the rewrite could not do, and what to do about it."""
    findings: tuple[Finding, ...] = ()
    """Guardrail findings on `text`."""
    blocked: bool = False
    """True when any finding blocks."""
    backend: str
    """Who rewrote it: the model backend's name, or `composer` for the mechanical rewrite."""


class Address(_Frozen):
    """The informal form of address of a language (du, tu, tú, Ty ...), which `formal` cannot switch."""

    informal: tuple[str, ...] = ()
    """Pronouns and verb forms that show the informal address."""
    name: str | None = None
    """What it is called ("du")."""
    formal_name: str | None = None
    """What the formal one is called ("Sie")."""


class RewriteData(_Frozen):
    """One language's lists for the mechanical rewrites (assistant/data/rewrite/<lang>.yaml)."""

    language: str
    """ISO 639-1 code."""
    full_stop: str = "."
    """What ends a sentence that `simpler` splits off."""
    stops: str = ".!?"
    """Marks that end a sentence when white space follows (。！？ and ؟ always do)."""
    long_sentence: int = Field(gt=0)
    """Words (characters in Chinese) from which `simpler` splits a sentence."""
    abbreviations: tuple[str, ...] = ()
    """Abbreviations whose dot does not end a sentence."""
    greetings: tuple[str, ...]
    """Words a greeting opens with."""
    apology: tuple[str, ...]
    """Words that show a reply apologises already (besides the phrase pack's apologies)."""
    thanks: tuple[str, ...]
    """Words that show a reply thanks already (besides the phrase pack's thanks)."""
    reassurance: tuple[str, ...]
    """Words that show a reply reassures already (besides the phrase pack's reassurance)."""
    filler: tuple[str, ...]
    """Pleasantries and hedges: a sentence that is little more than these carries no fact."""
    formal: dict[str, str]
    """Informal word -> formal word."""
    laughter: tuple[str, ...] = ()
    """Laughs and emoticons `formal` drops."""
    address: Address = Address()
    """The informal form of address."""
    joints: dict[str, str]
    """Where `simpler` may split a sentence -> the words the new sentence starts with."""
    wordy: dict[str, str]
    """Wordy phrase -> plain word."""


def rewrite_languages() -> tuple[str, ...]:
    """Languages that have rewrite data."""
    return data_languages("assistant", "rewrite")


@cache
def rewrite_data(language: str) -> RewriteData | None:
    """The rewrite lists of `language`, or None when it has none."""
    if language not in rewrite_languages():
        return None
    return RewriteData.model_validate(data_file(f"rewrite/{language}.yaml", "assistant"))


def _key(phrase: str) -> str:
    return " ".join(normalise(phrase).lower().split())


@cache
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    return compile_phrases(phrases)


def _find(phrases: tuple[str, ...], text: str) -> list[re.Match[str]]:
    pattern = _pattern(phrases)
    return list(pattern.finditer(normalise(text))) if pattern else []


@dataclass(frozen=True)
class _Case:
    """What a mechanical rewrite knows about the reply."""

    pack: BrandPack
    channel: str
    language: str
    data: RewriteData | None
    phrases: PhrasePack | None
    reading: Reading | None
    complaint: bool
    entries: tuple[FaqEntry, ...]
    findings: tuple[Finding, ...]
    traditional: bool


@dataclass(frozen=True)
class _Edit:
    text: str
    changes: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    fallback: _Edit | None = None
    """A plainer rewrite to try when this one adds blocking findings."""


def rewrite(
    service: DraftingService, text: str, pack: BrandPack, channel_name: str, tone: str, post: str | None = None,
    language: str | None = None, faq_ids: tuple[str, ...] = (),
) -> RewriteResult:
    """`text` (an agent's reply) rewritten to `tone`, checked in the context of the customer's `post`.

    `language` is the customer's (default: the post's, else the reply's own); `faq_ids` name the FAQ entries
    the reply may state facts from (default: those nearest to the reply and the post, as for a check)."""
    if tone not in TONES:
        raise BadRequest(f"tone {tone!r}: use one of {', '.join(TONES)}", "tone")
    if not text.strip():
        raise BadRequest("the reply is empty; pass the agent's text to rewrite", "text")

    def checked(candidate: str) -> CheckReport:
        return service.check_reply(candidate, pack, channel_name, faq_ids=faq_ids, language=language, post=post)

    before = checked(text)  # also validates the channel, the language and the FAQ ids
    reading = None
    if post is not None and post.strip():
        reading = read(post, prior=pack.brand.languages, order_id_pattern=pack.brand.order_id_pattern)
    customer = language or (reading.language if reading and reading.language != "und" else None)
    guess = detect(text, prior=(customer,) if customer else tuple(pack.brand.languages))
    reply_language = guess.language if guess.language != "und" else customer or pack.brand.default_language
    complaint = reading is not None and post_complains(reading)
    entries = tuple(e for e in (pack.entry(i) for i in faq_ids) if e is not None)
    case = _Case(
        pack=pack, channel=channel_name, language=reply_language, data=rewrite_data(reply_language),
        phrases=phrase_pack_for(pack, reply_language) if reply_language in drafting_languages() else None,
        reading=reading, complaint=complaint, entries=entries, findings=before.findings,
        traditional=guess.script == "Hant",
    )
    typed = cast(Tone, tone)  # checked against TONES above
    edit, backend = _by_model(service, case, text, typed, post)
    after = before
    while edit.text != text:
        after = checked(edit.text)
        if _blocks(after) > _blocks(before) and not faq_ids and _backed_rules(after) > _backed_rules(before):
            # Reworded claims can draw other FAQ entries as their backing than the reply did: judge them
            # against the entries nearest to the reply as the agent wrote it (and to the post).
            after = service.check_reply(edit.text, pack, channel_name, faq_ids=_backing(service, pack, text, post),
                                        language=language, post=post)
        if _blocks(after) <= _blocks(before):
            break
        if edit.fallback is not None:
            edit = edit.fallback
            continue
        added = sorted({f.rule for f in after.findings if f.severity == "block"}
                       - {f.rule for f in before.findings if f.severity == "block"})
        why = f" ({', '.join(added)})" if added else ""
        log.debug("a %s rewrite was refused: more blocking findings", tone)
        edit = _Edit(text, (), (*edit.unchanged, f"the rewrite would have added blocking findings{why}, so the "
                                                 "reply is returned unchanged"))
        after = before
    return RewriteResult(text=edit.text, tone=typed, language=reply_language, changes=edit.changes,
                         unchanged=edit.unchanged, findings=after.findings, blocked=after.blocked, backend=backend)


def _by_model(service: DraftingService, case: _Case, text: str, tone: Tone, post: str | None
              ) -> tuple[_Edit, str]:
    """The model's rewrite when the backend can rewrite, and who wrote it; else the composer's mechanical
    rewrite, with a note when a model could not rewrite (it cannot, failed, answered nothing or in another
    language)."""
    backend = service.backend
    if not isinstance(backend, Rewriter):
        edit = MECHANICAL_TONES[tone](text, case)
        if backend.name == MECHANICAL:
            return edit, MECHANICAL
        note = f"the {backend.name} backend cannot rewrite, so this is the composer's mechanical rewrite"
        return _Edit(edit.text, edit.changes, (note, *edit.unchanged)), MECHANICAL
    instructions = tuple(f"[{f.rule}] {f.message}" for f in case.findings if f.severity == "block")
    brief = RewriteBrief(
        pack=case.pack, text=text, tone=tone, language=case.language, channel=case.channel,
        limit=channel(case.channel).limit, post=post, complaint=case.complaint,
        faq=case.entries or tuple(e for e in map(case.pack.entry, _backing(service, case.pack, text, post)) if e),
        instructions=instructions if tone == "fix" else (),
    )
    why = "returned no rewrite"
    try:
        out = (backend.rewrite(brief) or "").strip()
    except BackendError as exc:
        log.warning("the %s backend failed to rewrite (%s); using the mechanical rewrite", backend.name, exc)
        out, why = "", "failed"
    if out == text.strip():
        why = "returned the reply unchanged"
    elif out:
        written = detect(out, prior=(case.language,)).language
        if written in (case.language, "und"):
            return _Edit(out, (f"rewritten by the {backend.name} model to be {_ADJECTIVE[tone]}",)), backend.name
        why = f"answered in {written!r} instead of {case.language!r}"
    edit = MECHANICAL_TONES[tone](text, case)
    note = f"the {backend.name} model {why}, so this is the composer's mechanical rewrite"
    return _Edit(edit.text, edit.changes, (note, *edit.unchanged)), MECHANICAL


_ADJECTIVE: dict[Tone, str] = {"warmer": "warmer", "shorter": "shorter", "formal": "more formal",
                               "simpler": "simpler", "fix": "free of the blocking findings"}


def _blocks(report: CheckReport) -> int:
    return sum(1 for f in report.findings if f.severity == "block")


def _backed_rules(report: CheckReport) -> int:
    return sum(1 for f in report.findings if f.severity == "block" and f.rule in _BACKED_RULES)


def _backing(service: DraftingService, pack: BrandPack, text: str, post: str | None) -> tuple[str, ...]:
    """The FAQ entries nearest to a reply and to the post: what backs its claims when it names none."""
    return tuple(e.id for e in service.relevant(pack, text, post))


# --- text helpers -----------------------------------------------------------------------------------------


def _frame(text: str, pack: BrandPack) -> tuple[str, str, str]:
    """(leading @handles, body, the brand's sign-off at the end): rewrites touch only the body."""
    head = m.group() if (m := _HANDLES.match(text)) else ""
    body, tail = text[len(head):], ""
    sign_off = pack.brand.sign_off.strip()
    stripped = body.rstrip()
    if sign_off and stripped.endswith(sign_off) and len(stripped) > len(sign_off):
        cut = len(stripped) - len(sign_off)
        while cut > 0 and body[cut - 1].isspace():
            cut -= 1
        body, tail = body[:cut], body[cut:]
    return head, body, tail


def _cjk(language: str) -> bool:
    return language in ("zh", "ja")


def _size(sentence: str, language: str) -> int:
    """Words, or characters in a language written without spaces."""
    return len(CJK.findall(sentence)) if _cjk(language) else len(_WORD.findall(sentence))


@cache
def _ends(stops: str) -> re.Pattern[str]:
    closers = re.escape(_CLOSERS)
    return re.compile(rf"[{re.escape(stops)}]+[{closers}]*(?=\s|$)|[。！？؟]+[{closers}]*|\n")


def sentences(text: str, data: RewriteData | None) -> list[tuple[int, int]]:
    """Spans of the sentences of `text` (without the white space between them)."""
    abbreviations = tuple(a.lower() for a in (data.abbreviations if data else ()))

    def abbreviated(end: int) -> bool:  # "e.g." or "ds." ends no sentence
        for a in abbreviations:
            start = end - len(a)
            if start >= 0 and text[start:end].lower() == a and (start == 0 or not text[start - 1].isalnum()):
                return True
        return False

    ends = [m.end() for m in _ends(data.stops if data else ".!?").finditer(text) if not abbreviated(m.end())]
    spans, start = [], 0
    for end in [*ends, len(text)]:
        a, b = start, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
        start = max(start, end)
    return spans


def _drop(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` without the spans (and the blanks after them)."""
    for start, end in sorted(spans, reverse=True):
        while end < len(text) and text[end] in " \t":
            end += 1
        text = text[:start] + text[end:]
    return text


def _drop_words(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` without the words at `spans`, each with a comma after it; a sentence they opened starts with a
    capital ("Haha, we can" -> "We can")."""
    for start, end in sorted(spans, reverse=True):
        tail = re.match(r"[,，]?\s*", text[end:])
        end += tail.end() if tail else 0
        text = text[:start] + text[end:]
        if _at_start(text, start):
            text = text[:start] + _capital(text[start:])
    return text


_SPACES = re.compile(r"[ \t\u00a0]{2,}")
_SPACE_BEFORE = re.compile(r"[ \t]+([,.!?;:，。！？；：،؟։])")
_SPACE_BEFORE_FR = re.compile(r"[ \t]+([,.])")
"""French puts a space before ! ? : ; (typographie française): only , and . lose theirs."""
_LEADING_PUNCT = re.compile(r"(^|[.!?。！？։]\s+)[,，،;]\s*")
_EMPTY_PUNCT = re.compile(r"([,，،])\s*([.!?。！？։])")


def _tidy(text: str, language: str) -> str:
    """Seams of removed words: double spaces, a space before punctuation, a comma left at a sentence start."""
    text = _EMPTY_PUNCT.sub(r"\2", text)
    text = _LEADING_PUNCT.sub(r"\1", text)
    text = (_SPACE_BEFORE_FR if language == "fr" else _SPACE_BEFORE).sub(r"\1", text)
    text = _SPACES.sub(" ", text)
    return "\n".join(line.strip() for line in text.strip().split("\n"))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _at_start(text: str, index: int) -> bool:
    before = text[:index].rstrip()
    return not before or before[-1] in ".!?。！？։\n" or bool(_HANDLES.fullmatch(text[:index]))


def _replace(text: str, table: dict[str, str]) -> tuple[str, list[str]]:
    """`text` with each listed phrase replaced (keeping a capital), and "a → b" for every distinct change."""
    wanted = {_key(k): v for k, v in table.items()}
    out, last, done = [], 0, []
    for m in _find(tuple(table), text):
        matched = text[m.start():m.end()]
        new = wanted.get(_key(matched))
        if new is None or new == matched:
            continue
        if _at_start(text, m.start()) or (matched[:1].isupper() and not matched.isupper()):
            new = _capital(new)
        out += [text[last:m.start()], new]
        last = m.end()
        note = f"“{matched}” → “{new}”"
        if note not in done:
            done.append(note)
    return "".join([*out, text[last:]]), done


def _quote(items: list[str], most: int = 4) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


def _no_data(case: _Case, what: str) -> str:
    return (f"Tactful has no rewrite lists for {case.language!r} yet (assistant/data/rewrite/{case.language}.yaml),"
            f" so {what}; rewrite it by hand or configure an LLM backend")


# --- the tones ----------------------------------------------------------------------------------------------


def _line(case: _Case, line: str) -> str:
    return to_traditional(line) if case.traditional else line


def warmer(text: str, case: _Case) -> _Edit:
    """Add what is missing among a greeting, one apology or thanks, and a reassurance."""
    data, phrases = case.data, case.phrases
    if data is None or phrases is None:
        return _Edit(text, (), (_no_data(case, "nothing was added"),))
    head, body, tail = _frame(text, case.pack)
    apologies = (*data.apology, *phrases.apologise.model_dump().values(), phrases.again)
    thanks = (*data.thanks, phrases.thank.praise, phrases.thank.feedback, phrases.thank.contact)
    reading = case.reading
    unchanged: list[str] = []
    wanted: list[tuple[str, str]] = []  # (what, sentence), most important first
    if case.complaint and reading is not None:
        if not _find(apologies, body):
            kind = "safety" if "escalate" in reading.flags or reading.intent == "safety" else (
                reading.mood if reading.mood in ("upset", "sad") else "problem")
            wanted.append(("one apology", getattr(phrases.apologise, kind)))
        if reading.mood == "anxious" and not _find((*data.reassurance, phrases.reassure), body):
            wanted.append(("a reassurance", phrases.reassure))
    elif not _find(thanks, body):
        intent = reading.intent if reading else None
        line = {"praise": phrases.thank.praise, "feedback": phrases.thank.feedback}.get(intent or "",
                                                                                       phrases.thank.contact)
        wanted.append(("thanks", line))
        if reading is None:
            unchanged.append("without the customer's post the rewrite cannot tell a complaint, so it thanked "
                             "instead of apologising; pass the post for an apology where one is due")
    if reading is not None and not case.complaint and _find(apologies, body) and (
            reading.mood in ("happy", "playful") or reading.intent == "praise"):
        unchanged.append("the reply apologises to a customer who is not complaining; consider taking it out")
    opening = _opening(body, data)
    greeting = [] if opening is not None else [("a greeting", phrases.greeting.anonymous)]
    limit = channel(case.channel)

    def add(items: list[tuple[str, str]], notes: list[str]) -> _Edit:
        added: list[tuple[str, str]] = []
        for item in items:  # most important first; what does not fit the channel is left out
            if _EMOJI.search(item[1]):
                continue  # never an emoji (a phrase pack's playful line): no humour is added
            if limit.length(_warm_text(head, body, tail, opening, [*added, item], case)) <= limit.limit:
                added.append(item)
            else:
                notes.append(f"{item[0]} was left out: the reply would be over the {case.channel} limit")
        if not added and not items:
            return _Edit(text, (), (*notes, "nothing was missing: the reply already greets and " + (
                "apologises" if case.complaint else "thanks") + "; make its own sentences warmer by hand or "
                "configure an LLM backend"))
        if not added:
            return _Edit(text, (), tuple(notes))
        return _Edit(_warm_text(head, body, tail, opening, added, case),
                     tuple(f"added {what}: “{_line(case, line)}”" for what, line in added),
                     (*notes, "only a greeting, one apology or thanks and a reassurance can be added mechanically; "
                              "the reply's own sentences were not changed (rewrite them by hand or configure an LLM "
                              "backend)"))

    main = [w for w in wanted if w[0] != "a reassurance"] + greeting + [w for w in wanted if w[0] == "a reassurance"]
    edit = add(main, list(unchanged))
    plain = [(w, phrases.apologise.problem if w == "one apology" else line) for w, line in main
             if w != "a reassurance"]
    if plain != main:  # the plainest apology, no reassurance: when the first choice adds a blocking finding
        return replace(edit, fallback=add(plain, list(unchanged)))
    return edit


def _opening(body: str, data: RewriteData) -> int | None:
    """Where the greeting the body opens with ends (after its "!" or comma; after the first sentence when the
    greeting runs on into it), or None when the body does not open with a greeting."""
    first = sentences(body, data)[:1]
    if not first:
        return None
    a, b = first[0]
    hits = [m for m in _find(data.greetings, body[a:b]) if m.start() < 24]
    if not hits:
        return None
    end = _GREETING_END.search(body, a + hits[0].end(), b)
    if end is not None and _size(body[a:end.start()], data.language) <= 5:
        return end.end()
    return b


def _warm_text(head: str, body: str, tail: str, opening: int | None, added: list[tuple[str, str]],
               case: _Case) -> str:
    """The body with the added sentences: the greeting first, the others after the body's own greeting."""
    phrases = case.phrases
    assert phrases is not None
    greeting = [_line(case, line) for what, line in added if what == "a greeting"]
    rest = [_line(case, line) for what, line in added if what != "a greeting"]
    if opening is None:
        return head + phrases.join([*greeting, *rest, body.strip()]) + tail
    greet, after = body[:opening].strip(), body[opening:].strip()
    end = phrases.greeting.anonymous.strip()[-1:]
    if rest and greet[-1:] in ",，" and end not in ",，،":  # "Hi Mark, your ..." -> "Hi Mark! Sorry ... Your ..."
        greet, after = greet[:-1] + end, _capital(after)
    return head + phrases.join([greet, *rest, after]) + tail


def shorter(text: str, case: _Case) -> _Edit:
    """Drop pleasantries and repeated thanks; over the channel's limit, other sentences without facts."""
    data = case.data
    head, body, tail = _frame(text, case.pack)
    squeezed = _tidy(re.sub(r"\n{3,}", "\n\n", body), case.language)
    changes: list[str] = ["collapsed extra white space"] if squeezed != body.strip() else []
    unchanged: list[str] = [] if data else [_no_data(case, "no pleasantries could be recognised")]
    spans = sentences(squeezed, data)
    kept = set(range(len(spans)))
    guarded = [_protected(squeezed[a:b], case) for a, b in spans]
    if data is not None:
        thanked = False  # a thanks in a sentence that stays: any later one is a repeat
        for i, (a, b) in enumerate(spans):
            s = squeezed[a:b]
            thanks = _find(data.thanks, s)
            lists = [*_find(data.filler, s), *(thanks if thanked else [])]
            if lists and not guarded[i] and i and _rest(s, lists, case.language) <= _FILLER_REST:
                kept.discard(i)
            else:
                thanked = thanked or bool(thanks)
        if not kept:
            kept.add(0)
    gone = len(spans) - len(kept)
    if gone:
        changes.append(f"removed {gone} sentence{'s' * (gone > 1)} without facts (pleasantries, repeated thanks)")
    limit = channel(case.channel)

    def assemble() -> str:
        return head + _drop(squeezed, [spans[i] for i in range(len(spans)) if i not in kept]).strip() + tail

    cut = 0
    for i in sorted(kept, reverse=True):  # over the limit: sentences without facts go from the end
        if limit.length(assemble()) <= limit.limit:
            break
        if i and not guarded[i] and not squeezed[spans[i][0]:spans[i][1]].rstrip().endswith(("?", "？", "؟")):
            kept.discard(i)
            cut += 1
    if cut:
        changes.append(f"removed {cut} more sentence{'s' * (cut > 1)} from the end to fit the {case.channel} "
                       f"limit of {limit.limit}")
    out = assemble()
    if limit.length(out) > limit.limit:
        unchanged.append(f"still {limit.length(out)} of {limit.limit} characters: what is left holds numbers, links, "
                         "FAQ facts, questions or the DM hand-off, which are never cut; post the rest in a second "
                         "reply or a DM, or shorten the wording by hand")
    if not changes:
        unchanged.append("nothing could go without losing a fact, a link, a question or the DM hand-off")
    unchanged.append("sentences were dropped whole, never reworded; tighter wording needs a hand edit or an LLM "
                     "backend")
    return _Edit(out if out.strip() else text, tuple(changes), tuple(unchanged))


def _rest(sentence: str, matches: list[re.Match[str]], language: str) -> int:
    """How much of a sentence is left with the listed phrases taken out."""
    chars = list(normalise(sentence))
    for m in matches:
        chars[m.start():m.end()] = [" "] * (m.end() - m.start())
    return _size("".join(chars), language)


def _protected(sentence: str, case: _Case) -> bool:
    """Whether a sentence holds something a shorter reply must keep: a number, a link, the DM hand-off, an
    FAQ fact."""
    if re.search(r"\d", sentence) or _LINK.search(sentence):
        return True
    if (case.phrases.asks_for_dm(sentence) if case.phrases else re.search(r"\bDM\b", sentence)) or \
            dm_handoff(case.language) in sentence:
        return True
    return _faq_fact(sentence, case)


def _tokens(text: str, language: str) -> set[str]:
    if _cjk(language):
        chars = CJK.findall(text)
        return {a + b for a, b in zip(chars, chars[1:], strict=False)}
    return {w for w in _WORD.findall(text.lower()) if len(w) > 3}


def _faq_fact(sentence: str, case: _Case) -> bool:
    """Whether half or more of the sentence's words come from one sentence of an FAQ answer."""
    mine = _tokens(sentence, case.language)
    if len(mine) < 3:
        return False
    default = case.pack.brand.default_language
    for entry in case.entries or case.pack.faq:
        answer = entry.text_in(case.language, default).answer
        for a, b in sentences(answer, case.data):
            if len(mine & _tokens(answer[a:b], case.language)) * 2 >= len(mine):
                return True
    return False


def formal(text: str, case: _Case) -> _Edit:
    """Listed informal words to formal ones; laughter, emoji and "!!" out; the form of address is reported."""
    data = case.data
    head, body, tail = _frame(text, case.pack)
    changes: list[str] = []
    unchanged: list[str] = []
    if data is not None:
        body, swaps = _replace(body, data.formal)
        if swaps:
            changes.append(f"replaced {len(swaps)} informal word{'s' * (len(swaps) > 1)}: {_quote(swaps)}")
        laughs = _find(data.laughter, body)
        if laughs:
            body = _drop_words(body, [m.span() for m in laughs])
            changes.append(f"removed laughter ({_quote(sorted({m.group() for m in laughs}))})")
        if data.address.informal and _find(data.address.informal, body):
            unchanged.append(
                f"the informal form of address ({data.address.name}) was not changed to the formal one "
                f"({data.address.formal_name}): that changes verbs and endings too; rewrite it by hand or "
                "configure an LLM backend")
    else:
        unchanged.append(_no_data(case, "only emoji and “!!” were changed"))
    emoji = _EMOJI.findall(body)
    if emoji:
        body = _EMOJI.sub("", body)
        changes.append(f"removed {len(emoji)} emoji")
    if _BANGS.search(body):
        body = _BANGS.sub(lambda m: "?" if "?" in m.group() or "？" in m.group() else "!", body)
        changes.append("reduced runs of “!” and “?” to one")
    if not changes:
        return _Edit(text, (), (*unchanged, "nothing informal from the lists was found; other wording needs a "
                                            "hand edit or an LLM backend"))
    unchanged.append("only listed informal words, laughter, emoji and “!!” were changed; sentence structure and "
                     "other word choices were not")
    return _Edit(head + _capital(_tidy(body, case.language)) + tail, tuple(changes), tuple(unchanged))


def simpler(text: str, case: _Case) -> _Edit:
    """Listed wordy phrases to plain words, asides in brackets out, long sentences split at safe joints."""
    data = case.data
    if data is None:
        return _Edit(text, (), (_no_data(case, "nothing was simplified"),))
    head, body, tail = _frame(text, case.pack)
    changes: list[str] = []
    body, swaps = _replace(body, data.wordy)
    if swaps:
        changes.append(f"replaced {len(swaps)} wordy phrase{'s' * (len(swaps) > 1)}: {_quote(swaps)}")
    asides = [m for m in _ASIDE.finditer(body) if not re.search(r"\d", m.group(1)) and not _LINK.search(m.group(1))
              and not (case.phrases and case.phrases.asks_for_dm(m.group(1)))]
    if asides:
        for m in reversed(asides):  # a blank in its place; _tidy takes it out before punctuation
            body = body[:m.start()] + " " + body[m.end():]
        changes.append(f"removed {len(asides)} aside{'s' * (len(asides) > 1)} in brackets")
    splits, long_left = 0, 0
    for _ in range(6):  # a sentence may need more than one split
        spans = [s for s in sentences(body, data) if _size(body[s[0]:s[1]], data.language) > data.long_sentence]
        done = False
        for a, b in spans:
            cut = _joint(body[a:b], data)
            if cut is not None:
                body = body[:a] + cut + body[b:]
                splits, done = splits + 1, True
                break
        if not done:
            long_left = len(spans)
            break
    if splits:
        changes.append(f"split long sentences at {splits} joint{'s' * (splits > 1)}")
    unit = "characters" if _cjk(data.language) else "words"
    unchanged = [f"{long_left} sentence{'s stay' if long_left > 1 else ' stays'} long (over {data.long_sentence} "
                 f"{unit}) with no safe place to split"] if long_left else []
    unchanged.append("only listed wordy phrases, asides in brackets and listed joints were handled; hard words and "
                     "the order of ideas were not changed (rewrite by hand or configure an LLM backend)")
    if not changes:
        return _Edit(text, (), tuple(unchanged))
    return _Edit(head + _tidy(body, case.language) + tail, tuple(changes), tuple(unchanged))


@cache
def _joints(items: tuple[tuple[str, str], ...]) -> list[tuple[re.Pattern[str], str]]:
    def source(joint: str) -> str:
        return "".join(r"\s+" if ch == " " else re.escape(ch) for ch in joint)

    return [(re.compile(source(j), re.IGNORECASE), value) for j, value in items]


def _joint(sentence: str, data: RewriteData) -> str | None:
    """`sentence` split in two at the listed joint nearest its middle, or None when none is safe."""
    space = "" if _cjk(data.language) else " "
    least = _MIN_PART * (2 if _cjk(data.language) else 1)
    best: tuple[int, str] | None = None
    for pattern, value in _joints(tuple(data.joints.items())):
        for m in pattern.finditer(sentence):
            left, right = sentence[:m.start()].rstrip(), sentence[m.end():].lstrip()
            if min(_size(left, data.language), _size(right, data.language)) < least:
                continue
            if left.count("(") != left.count(")") or left.count("（") != left.count("）"):
                continue
            stop = "" if left[-1:] in data.stops + "。！？؟" else data.full_stop
            candidate = f"{left}{stop}{space}{_capital(value + right)}"
            distance = abs(m.start() - len(sentence) // 2)
            if best is None or distance < best[0]:
                best = (distance, candidate)
    return best[1] if best else None


def fix(text: str, case: _Case) -> _Edit:
    """The guardrails' mechanical repair: what it fixed, and what still blocks."""
    blocking = [f for f in case.findings if f.severity == "block"]
    if not blocking:
        return _Edit(text, (), ("nothing to fix: the reply has no blocking findings",))
    outcome = repair(text, CheckResult(findings=case.findings),
                     DraftingService.context(case.pack, case.channel, language=case.language))
    changes = []
    for f in outcome.applied:
        if f.rule == "pii":
            note = "pii: took out personal data"
        elif f.fix == "":
            note = f"{f.rule}: took out “{text[f.start:f.end]}”"
        else:
            note = f"{f.rule}: “{text[f.start:f.end]}” → “{f.fix}”" if f.rule != "pii_request" else \
                "pii_request: the request for personal data became the DM hand-off"
        if note not in changes:
            changes.append(note)
    if any(f.rule == "pii" for f in outcome.applied) and dm_handoff(case.language) in outcome.text:
        changes.append("added the DM hand-off")
    unchanged = [f"still blocks: [{f.rule}] {f.message}" for f in outcome.remaining]
    if outcome.remaining:
        unchanged.append("these have no mechanical fix: rewrite those words by hand or configure an LLM backend")
    return _Edit(outcome.text if outcome.applied else text, tuple(changes), tuple(unchanged))


MECHANICAL_TONES = {"warmer": warmer, "shorter": shorter, "formal": formal, "simpler": simpler, "fix": fix}
"""The composer's rewrite for each tone (a test checks every tone has one)."""
