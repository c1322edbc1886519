"""Full names (find_pii kind "name"), table-driven: full names next to the look-alikes a reply is full of.

Policy: a lone first name (how replies greet customers) and an agent's own signature never count; a given
name with a surname, a title with a surname, or a Chinese surname + given name next to a cue does.
"""

from __future__ import annotations

import pytest

from guardrails import find_pii

FULL_NAMES = [
    # (reply, the name that must be covered)
    ("we spoke to John Smith yesterday", "John Smith"),
    ("Thanks Trey Gowdy, the refund is on its way", "Trey Gowdy"),  # census given name + unlisted surname
    ("Hi Niall Horan, we've sent you a DM", "Niall Horan"),  # unlisted given name + census surname
    ("Hi Chris Brown, we're on it", "Chris Brown"),  # a surname that is also a common word
    ("We passed it to Mark Smith in our returns team", "Mark Smith"),
    ("Carrie Fisher's order has shipped", "Carrie Fisher"),
    ("Sacha Baron Cohen called", "Sacha Baron Cohen"),
    ("provided by Andre Da Costa on the forum", "Andre Da Costa"),
    ("Dear Mrs. Brown, thank you", "Mrs. Brown"),
    ("Colonel Rajesh Kalia said so", "Colonel Rajesh"),
    ("Anna Kowalska, zwrot jest w drodze", "Anna Kowalska"),
    ("Dziękujemy, Zdzisław Wiśniewski", "Zdzisław Wiśniewski"),  # Polish -ski surname
    ("Paket für Jürgen Schneider ist unterwegs", "Jürgen Schneider"),
    ("Wir haben mit Jürgen Klopp gesprochen", "Jürgen Klopp"),
    ("Hola Lucía Fernández, ya lo revisamos", "Lucía Fernández"),
    ("Bonjour Margaux Dubois, votre colis arrive", "Margaux Dubois"),
    ("Frau Müller, Ihr Paket ist unterwegs", "Frau Müller"),
    ("سفارش محمد رضایی ارسال شد", "محمد رضایی"),
    ("Արամ Պետրոսյանի պատվերը", "Արամ Պետրոսյանի"),
    ("请联系王小明先生", "王小明"),
    ("收件人：李建国，电话已核对", "李建国"),
    ("我叫赵新民", "赵新民"),
]

NOT_NAMES = [
    # capitalised phrases that pair a listed given name or a surname with a common word
    "Happy Friday from all of us!",
    "Will Do! We'll keep you posted.",
    "Your Grace Period ends on the 5th.",
    "Mark Down the date, it's a big one",
    "Amazon Prime members get it free",
    "Apple Music is included in your plan",
    "Try asking \"Ok Google\" again",
    "Chase Online passwords are case sensitive",
    "Wells Fargo is committed to helping customers",
    "Our Rose Gold edition is back",
    "Burger King and Taco Bell are not our stores",
    "Dr Pepper is out of stock",
    "John Lewis and Tim Hortons gift cards work too",  # shops named after people are listed
    "Ships to Hong Kong in 5 days",
    "Dear Sir Madam, thank you",
    "Ships from London Gatwick Sandra ^S",  # a place, then the agent's sign-off
    # agents' signatures and sign-offs
    "We've sent you a DM. -Becky",
    "Glad to help! ^JD",
    "Let us know how it goes. Thanks - Mark",
    "Happy to help! *DannyHarvey",
    "All sorted now. -Becky Harris",
    "Can you DM us your account name? Ty Andrew",
    # public figures by role, first names, greetings in other languages
    "Please read the note from our CEO Charlie Scharf",
    "Hi Anna, your parcel is on its way",
    "Den Grund können wir leider nicht sehen.",
    "Danke, wir haben Paul Bestellung und Rechnung geschickt",  # German nouns are capitalised
    "Kleiner Scherz: der Kocher wollte wohl Urlaub machen.",
    "Schönen Abend noch! ^MH",
    "Buenos Días Lucía, ya lo revisamos",
    "王先生您好，包裹已发出",
]


@pytest.mark.parametrize(("text", "name"), FULL_NAMES)
def test_full_name_is_found(text: str, name: str) -> None:
    start = text.index(name)
    spans = [s for s in find_pii(text) if s.kind == "name"]
    assert any(s.start <= start and start + len(name) <= s.end for s in spans), (text, spans)


@pytest.mark.parametrize("text", NOT_NAMES)
def test_look_alike_is_no_name(text: str) -> None:
    assert [s for s in find_pii(text) if s.kind == "name"] == []
