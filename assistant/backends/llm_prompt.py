"""The prompt every LLM backend sends, built from the brief and kept within a token budget."""

from __future__ import annotations

from assistant.backends.base import Brief
from assistant.budget import count_tokens, trim_to_tokens
from assistant.plan import Plan
from prompts import render

LANGUAGE_NAMES = {
    "en": "English", "pl": "Polish", "de": "German", "es": "Spanish", "fr": "French", "zh": "Chinese",
    "fa": "Persian", "hy": "Armenian", "ru": "Russian", "ar": "Arabic", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "tr": "Turkish", "uk": "Ukrainian",
}


def build_messages(brief: Brief, max_tokens: int) -> list[tuple[str, str]]:
    """[(role, content)] for a chat model. The post is fenced as data; the voice guide and thread are
    trimmed first when the prompt would exceed `max_tokens`, the FAQ answers and the post last."""
    pack, reading = brief.pack, brief.reading
    plan = brief.plan
    chosen = [e for e in brief.faq if e.id in plan.answer]
    faq = "\n".join(
        f"- {e.id}: {e.text_in(brief.language, pack.brand.default_language).answer}" for e in chosen
    ) or "- (none applies: do not state facts; do what the plan says)"
    private = (
        "This case needs account data: do not discuss order details in public; say we continue in a direct "
        "message and ask the customer to send us a DM." if reading.private else
        "Never include or ask for personal data (order numbers, emails, phones, addresses) in public."
    )
    name = plan.name or ""
    voice = "\n\n".join(f"## {s.title}\n{s.body}" for s in pack.voice.sections)
    thread = "".join(f"{t.role}: {t.text}\n" for t in brief.thread)
    post = trim_to_tokens(brief.post, max_tokens // 4)

    def system_with(voice_text: str) -> str:
        return render(
            "draft_system", brand=pack.brand.name, language=brief.language,
            language_name=LANGUAGE_NAMES.get(brief.language, brief.language),
            script_note=f", {reading.script} script" if reading.script else "",
            mood=reading.mood, privacy_rule=private,
            greeting_target=f"the customer by first name ({name})" if name else "the customer warmly",
            sign_off=pack.brand.sign_off, limit=str(brief.limit), voice=voice_text, faq=faq,
            plan=describe_plan(plan, LANGUAGE_NAMES.get(plan.answer_language or "", "")),
        )

    def user_with(thread_text: str) -> str:
        prefix = f"Conversation so far:\n{thread_text}\n" if thread_text else ""
        return render("draft_user", thread=prefix, channel=brief.channel, post=post)

    system, user = system_with(voice), user_with(thread)
    over = count_tokens(system) + count_tokens(user) - max_tokens
    if over > 0 and thread:
        thread = trim_to_tokens(thread[::-1], max(0, count_tokens(thread) - over))[::-1]
        user = user_with(thread)
        over = count_tokens(system) + count_tokens(user) - max_tokens
    if over > 0:
        system = system_with(trim_to_tokens(voice, max(0, count_tokens(voice) - over)))
    return [("system", system), ("user", user)]


def revise_prompt(instructions: tuple[str, ...]) -> str:
    """The follow-up message asking the model to fix what the guardrails found."""
    return render("revise_user", problems="\n".join(f"- {i}" for i in instructions))


_ACTIONS = {
    "greet": "greet the customer", "again": "acknowledge that they had to write again",
    "thank": "thank them (for kind words, a suggestion or for getting in touch)",
    "apologise": "apologise once, sincerely", "reassure": "reassure them",
    "answer": "answer with the FAQ answers below", "foreign_answer":
    "give the FAQ answer below (written in {answer_language}) translated faithfully into the customer's language, "
    "keeping every number, link and name exactly as written and adding nothing",
    "ask_details": "ask what happened (no personal data in public)",
    "dm": "ask them to continue in a direct message (say what the DM will ask for only there)",
    "escalate": "tell them to stop using the product right away and that the safety team will contact them",
    "deflect": "one calm, brief line offering help; nothing else", "unknown":
    "say honestly that you do not have the answer yet and will get back to them here",
    "feedback_noted": "say the suggestion was passed on to the team",
    "complaint_noted": "say the complaint was shared with the team", "hours": "state the support hours",
    "sign_off": "end with the sign-off",
}


def describe_plan(plan: Plan, answer_language: str = "") -> str:
    """The reply plan as numbered instructions for a model."""
    steps = [_ACTIONS[a].format(answer_language=answer_language or "the brand's language") for a in plan.actions]
    lines = [f"Intent of the post: {plan.intent}. Mood to mirror: {plan.mood}. Form of address: {plan.address}."]
    lines += [f"{n}. {step}" for n, step in enumerate(steps, 1)]
    if plan.dm_asks:
        lines.append(f"The direct message will ask for: {'; '.join(plan.dm_asks)}.")
    if plan.recommend == "no_reply":
        lines.append("This looks like abuse with nothing to solve: the agent may choose not to reply.")
    return "\n".join(lines)
