"""The reply plan: what a reply does for each kind of post, decided before any text (assistant/planner.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant import DraftingService, DraftRequest
from assistant.drafts import Turn
from assistant.plan import Plan
from assistant.planner import Situation, dm_asks, effective_intent, greeting_name, make_plan, reply_language
from assistant.reading import Reading
from knowledge import BrandPack, FaqEntry
from prompts import phrase_pack

IN_HOURS = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # Tuesday 11:00 in Berlin
OUT_OF_HOURS = datetime(2026, 11, 29, 22, 0, tzinfo=UTC)  # Sunday night


def _plan(pack: BrandPack, post: str = "…", faq: tuple[str, ...] = (), language: str = "en", author: str | None = None,
          now: datetime = IN_HOURS, thread: tuple[Turn, ...] = (), **reading: object):
    entries = tuple(e for e in (pack.entry(i) for i in faq) if e is not None)
    r = Reading.model_validate({"language": language, **reading})
    return make_plan(Situation(pack=pack, reading=r, post=post, language=language, faq=entries, author=author,
                               thread=thread, now=now))


@pytest.mark.parametrize(
    ("reading", "faq", "post", "must", "must_not"),
    [
        # praise: thanks, never an apology, never a stall, no FAQ recited for a compliment
        ({"intent": "praise", "mood": "happy"}, ("shipping-times",), "Love the tent, thanks!",
         {"thank"}, {"apologise", "unknown", "answer", "dm"}),
        # praise that also asks something gets the answer
        ({"intent": "praise", "mood": "happy"}, ("shipping-times",), "Love it! How long does shipping take?",
         {"thank", "answer"}, {"apologise", "unknown"}),
        # a question the FAQ answers: the answer, no stall
        ({"intent": "question", "mood": "calm"}, ("shipping-costs",), "How much is shipping?",
         {"answer"}, {"unknown", "dm", "apologise"}),
        # a question nothing answers: honest unknown, no invented steps
        ({"intent": "question", "mood": "calm"}, (), "Do you sell kayaks?", {"unknown"}, {"answer", "dm"}),
        # a problem with nothing retrieved, nothing private: one apology and a request for details
        ({"intent": "problem", "mood": "upset"}, (), "the zip broke", {"apologise", "ask_details"}, {"unknown"}),
        # a private case with an answer: the answer stays, the DM is offered on top
        ({"intent": "question", "mood": "anxious", "private": True}, ("refund-timing",), "where is my refund?",
         {"reassure", "answer", "dm"}, {"unknown", "apologise"}),
        # venting: apology, passed on, nothing asked back
        ({"intent": "complaint", "mood": "upset"}, (), "worst delivery ever", {"apologise", "complaint_noted"},
         {"unknown", "ask_details", "thank"}),
        # a suggestion: thanks and passed on
        ({"intent": "feedback", "mood": "calm"}, (), "please add dark mode", {"thank", "feedback_noted"},
         {"unknown", "apologise"}),
        # safety: escalate and DM, whatever the classifier said the intent was
        ({"intent": "question", "mood": "calm", "flags": ("escalate",)}, ("ember-stove-cartridges",), "I smell gas",
         {"apologise", "escalate", "dm"}, {"unknown", "thank", "answer", "foreign_answer"}),
        # abuse with nothing to solve: one calm line
        ({"intent": "abuse", "mood": "upset", "flags": ("troll",)}, (), "you all suck", {"deflect"},
         {"apologise", "unknown", "dm"}),
    ],
)
def test_plan_actions_fit_the_post(pack: BrandPack, reading: dict, faq: tuple, post: str, must: set, must_not: set
                                   ) -> None:
    plan = _plan(pack, post, faq, **reading)
    assert must <= set(plan.actions), plan.actions
    assert not must_not & set(plan.actions), plan.actions
    assert plan.actions[0] == "greet" and plan.actions[-1] == "sign_off"


def test_abuse_recommends_not_replying_but_a_troll_with_a_real_problem_is_helped(pack: BrandPack) -> None:
    assert _plan(pack, intent="abuse", mood="upset", flags=("troll",)).recommend == "no_reply"
    helped = _plan(pack, "useless idiots, where is my refund", ("refund-timing",), intent="abuse", mood="upset",
                   flags=("troll",))
    assert helped.does("answer") and helped.recommend == "reply"


def test_untranslated_answer_is_quoted_in_the_brands_language_never_a_stall(pack: BrandPack) -> None:
    entry = next(e for e in pack.faq if "es" not in e.translations)
    plan = _plan(pack, "¿?", (entry.id,), language="es", intent="question", mood="calm")
    assert plan.does("foreign_answer") and not plan.does("unknown")
    assert plan.answer == (entry.id,) and plan.answer_language == "en"


def test_greets_a_person_by_first_name_and_a_handle_anonymously(pack: BrandPack) -> None:
    assert _plan(pack, author="Marta Nowak", intent="question").name == "Marta"
    assert _plan(pack, author="Ngozi Okafor", intent="question").name == "Ngozi"
    assert _plan(pack, author="xX_hater_Xx", intent="question").name is None
    assert _plan(pack, author=None, intent="question").name is None


@pytest.mark.parametrize(
    ("author", "name"),
    [
        # listed given names (guardrails.person_first_name)
        ("Marta K.", "Marta"), ("Jo Doe", "Jo"), ("Sarah Whitfield 🌸", "Sarah"), ("王磊", "王磊"),
        # unlisted, but shaped like a person's full name in a script with capitals
        ("Ngozi Okafor", "Ngozi"), ("Chidi O.", "Chidi"), ("Łucja Wiśniewska", "Łucja"), ("Aoife McBride", "Aoife"),
        ("Ximena de la Cruz", "Ximena"), ("Иван Петров", "Иван"), ("Նարե Մկրտչյան", "Նարե"),
        # handles, junk, companies, roles and nicknames: the plain greeting
        ("xX_gamer_Xx", None), ("desi_shopper_91", None), ("@ngozi", None), ("ngozi okafor", None),
        ("NGOZI OKAFOR", None), ("Ngozi", None), ("Customer Care", None), ("Support Team", None),
        ("Official Store", None), ("Happy Camper", None), ("Mr Smith", None), ("Brightfern Fan", None),
        ("Ngozi Okafor Official", None), ("Obsługa Klienta", None), ("Atención al Cliente", None),
        ("Kundenservice Müller", None), ("TechGuy Reviews", None), ("J. Smith", None), ("Ngozi Ngozi", None),
    ],
)
def test_greeting_name_from_a_display_name(author: str, name: str | None) -> None:
    assert greeting_name(author) == name


def test_a_draft_greets_an_unlisted_name_and_never_a_company(service: DraftingService, pack: BrandPack) -> None:
    post = "How long does delivery take to Vienna?"
    greeted = service.draft(DraftRequest(text=post, author="Ngozi Okafor"), pack, now=IN_HOURS).drafts[0]
    assert greeted.text.startswith("Hi Ngozi!") and "Okafor" not in greeted.text
    plain = service.draft(DraftRequest(text=post, author="Customer Support"), pack, now=IN_HOURS).drafts[0]
    assert plain.text.startswith(phrase_pack("en").greeting.anonymous)


def test_hours_only_when_out_of_hours(pack: BrandPack) -> None:
    assert _plan(pack, "?", (), now=OUT_OF_HOURS, intent="question").does("hours")
    assert not _plan(pack, "?", (), now=IN_HOURS, intent="question").does("hours")
    assert not _plan(pack, "you suck", (), now=OUT_OF_HOURS, intent="abuse", flags=("troll",)).does("hours")
    assert not _plan(pack, "love it!", (), now=OUT_OF_HOURS, intent="praise", mood="happy").does("hours")


def test_customer_writing_again_gets_again_and_one_apology_only(pack: BrandPack) -> None:
    unanswered = (Turn(role="customer", text="where is my parcel"),)
    plan = _plan(pack, "still nothing", (), thread=unanswered, intent="problem", mood="upset")
    assert plan.does("again") and not plan.does("apologise")
    conversation = (Turn(role="customer", text="where is my parcel"), Turn(role="agent", text="Can you DM us?"))
    thanks = _plan(pack, "done, thank you!", (), thread=conversation, intent="praise", mood="happy")
    assert not thanks.does("again") and thanks.does("thank")
    praise_again = (Turn(role="customer", text="you are the best app in the world"),)
    praise = _plan(pack, "really, the best", (), thread=praise_again, intent="praise", mood="happy")
    assert not praise.does("again") and praise.does("thank")  # no "sorry you've had to write again" to praise


def test_dm_asks_come_from_the_brand_pack_not_generic_files(pack: BrandPack) -> None:
    asks = dm_asks(pack, "en", (pack.entry("double-charge"),))  # type: ignore[arg-type]
    assert any("BF-123456" in a for a in asks)  # the brand's own order-number example
    no_orders = pack.model_copy(update={"brand": pack.brand.model_copy(
        update={"order_id_pattern": None, "order_number_example": None})})
    assert not any("order" in a for a in dm_asks(no_orders, "en", ()))  # a music service has no orders


def test_reply_language_is_the_customers_whenever_a_phrase_pack_exists(pack: BrandPack) -> None:
    english_only = pack.model_copy(update={"brand": pack.brand.model_copy(update={"languages": ("en",)})})
    assert reply_language(english_only, "pl") == "pl"
    assert reply_language(english_only, "it") == "en"  # no Italian phrases: the brand's language


def test_safety_comes_from_the_text_cue_not_the_classifier_alone(pack: BrandPack) -> None:
    r = Reading(language="en", intent="safety", mood="anxious")
    assert effective_intent(r, ()) == "problem"
    assert effective_intent(r.model_copy(update={"flags": ("escalate",)}), ()) == "safety"


def test_a_suggestion_is_passed_on_in_the_brands_own_words_when_its_faq_has_them(pack: BrandPack) -> None:
    own = FaqEntry(id="feedback-forwarded", question="Can you add faster upload speeds?", tags=("feedback",),
                   answer="Thank you for reaching out! We'll forward your feedback to the product team.")
    other = FaqEntry(id="upload-speeds", question="What upload speed do I get?", answer="Up to 35 Mbps upload.")
    post = "If you could hurry up with gigabit internet that'd be great!"

    def plan_for(*faq: FaqEntry) -> Plan:
        reading = Reading(language="en", intent="feedback", mood="calm")
        return make_plan(Situation(pack=pack, reading=reading, post=post, language="en", faq=faq, now=IN_HOURS))

    brand_words = plan_for(other, own)
    assert brand_words.answer == ("feedback-forwarded",) and brand_words.does("answer")
    assert not brand_words.does("thank") and not brand_words.does("feedback_noted")  # no second thank-you
    generic = plan_for(other)  # an entry about something else is no reason to recite it to a suggestion
    assert generic.answer == () and generic.does("thank") and generic.does("feedback_noted")
