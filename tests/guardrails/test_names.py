"""Full names (find_pii kind "name", found by guardrails/names.py), table-driven: full names next to the
look-alikes a reply is full of.

Policy: a lone first name (how replies greet customers) and an agent's own signature never count; a given
name with a surname, a title with a surname, or a Chinese surname + given name next to a cue does.
"""

from __future__ import annotations

import pytest

from guardrails import CheckContext, check, find_pii, person_first_name

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
    # names no list has: two words no English dictionary has, neither a place nor a brand
    ("An obstacle is an opportunity. - Petteri Tarkkonen #quote", "Petteri Tarkkonen"),
    ("Check with Sanket Thakur, he is the rep", "Sanket Thakur"),
    ("your smile makes my day, Jack Gilinsky", "Jack Gilinsky"),  # a given name that is a word + an unknown one
    ("Drew Brees threw for 300 yards and the win", "Drew Brees"),  # even an everyday word
    ("The new book by TJ Miller is out", "TJ Miller"),  # initials
    ("The new book by J.K. Tarkkonen is out", "J.K. Tarkkonen"),
    ("Dear J. Smith, thank you for your patience", "J. Smith"),
    ("John F. Kennedy said it first", "John F. Kennedy"),  # a middle initial
    ("we met JOHN SMITH at the store", "JOHN SMITH"),  # in capitals
    ("andrew mccabe is on the news again", "andrew mccabe"),  # in lower case
    ("i think kevin lewis was right", "kevin lewis"),  # a frequent surname that is a given name too
    ("- Jürgen Klopp", "Jürgen Klopp"),  # a quote's author, not a reply's sign-off
    ("王小明，您好！包裹已发出", "王小明"),  # greeted by full name
    ("我是李建国，订单号已发您", "李建国"),  # introduces themselves
    ("演员刘诗诗也来了", "刘诗诗"),  # a role before the name
    ("秦时明月里卫庄大人最帅", "卫庄"),  # a less frequent surname and an honorific
    ("陳冠希先生的包裹", "陳冠希"),  # traditional characters
    ("对不起李厚林，我们会跟进", "李厚林"),  # an apology or thanks names them
    ("感谢王小明的耐心等待", "王小明"),
]

NOT_NAMES = [
    # Capitalised nouns before a place in Romance or Dutch text, with or without a particle
    "La Feria de Madrid abre el lunes y la tienda también.",
    "Il negozio della Città di San Marino è chiuso per la Coppa Davis.",
    "Het pakket gaat naar de Verenigde Staten en is onderweg.",
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
    "我是高中生，想问一下退货",  # 高 is a surname, 高中 a school
    "我就是想问一下包裹到哪了",
    "客户安排的时间已确认",
    "记者会上也说了",
    "谢谢您的耐心，包裹明天到",
    # brands, products and places made of words no dictionary has, or of a given name and such a word
    "You can stream it with Xbox Live or Google Play",
    "Is Apple Music part of Amazon Prime for you?",
    "Your Galaxy Note is covered by the warranty",
    "The Wacom Intuos driver for Windows is out",
    "Is it on Netflix Hulu or Amazon? We can check",
    "My Xbox and My Gmail are both linked",
    "Man Finna bring me a pizza up to my job",  # but not a function word or an interjection
    "Spring Fling and Summer Jamz are on this week",
    "We are open in New York and Hong Kong",
    "We are now available in Bahasa Melayu too",
    "Our store in Pico Rivera is open till 9",
    "Thanks Team, have a great weekend",
    "Happy Friday to you and your family",
    "Woot Woot! That is great to hear",
    "We're open 8am-9pm ET Monday-Friday",
    "Please install the HP Officejet driver",
    "You reverted an edit on the FC Bayern page, is that right?",
    "HI Richard, sorry to hear about this",
    "Your W. Broadway store opens soon",
    "WE ARE SORRY FOR THE DELAY",
    "CALL JOHN LEWIS ABOUT IT",
    "Which store is Wells Fargo near?",
    "XBOX LIVE AND GOOGLE PLAY ARE DOWN FOR ME",  # brands, places and greetings in capitals or lower case
    "THANKS TEAM, HAPPY FRIDAY",
    "AMAZON PRIME DAY DEALS",
    "i use apple music and amazon prime every day",
    "i moved to hong kong from new york",
    "my wells fargo card is blocked",
    "i love my galaxy note and xbox live",
    "Please DM Jones for help",
    "thanks john for the help",  # a lone first name in lower case
    # words no English dictionary has, in other languages' text (some of their function words look English)
    "Het is gepubliceerd in Het Nieuwsblad van 31 maart",
    "Haai Oesjaar. Waar is die skakel?",
    "Buenos Días, abre con Rebajas Grandes y Ofertas Bonitas para usted",
    "Merci, la Livraison Express est offerte pour vous",
    "Dziękujemy, Zamówienie Ekspresowe jest w drodze",
    "我可是一个新生身份担任校队队长",
    "谢谢罗大叔",  # a surname and a kinship word
    "感谢方便的时候回复",  # a surname that starts a common word (方便, 周末, 钱包, 程序)
    "谢谢白天的帮助",
    "感谢周末加班的同事",
    "我是程序员，想问一下",
    "会员方便时请私信我们",
    "谢谢钱包里的余额",
    "hola maria, gracias por escribirnos",
    "Hola Val, puedes probar Prime Video gratis",
]


@pytest.mark.parametrize(("text", "name"), FULL_NAMES)
def test_full_name_is_found(text: str, name: str) -> None:
    start = text.index(name)
    spans = [s for s in find_pii(text) if s.kind == "name"]
    assert any(s.start <= start and start + len(name) <= s.end for s in spans), (text, spans)


@pytest.mark.parametrize("text", NOT_NAMES)
def test_look_alike_is_no_name(text: str) -> None:
    assert [s for s in find_pii(text) if s.kind == "name"] == []


# --- The customer's own name, and the first name to greet with ---------------------------------------------

OWN_NAME = [
    # (reply, language, customer_name as the context gives it)
    ("王磊，您好！您的问题我们已经收到。", "zh", "王磊"),
    ("Hi Marta Nowak! Thanks for reaching out.", "en", "Marta Nowak"),
    ("Dzień dobry, Marta Nowak! Dziękujemy za wiadomość.", "pl", "Marta Nowak"),
    ("Hola Lucía Fernández, ya lo revisamos.", "es", "Lucía Fernández"),
    ("سلام مریم احمدی عزیز، ممنون از پیام شما.", "fa", "مریم احمدی"),
    ("Բարև Անի Պետրոսյան, շնորհակալություն նամակի համար։", "hy", "Անի Պետրոսյան"),
    ("Արամ Պետրոսյանի պատվերը ճանապարհին է։", "hy", "Արամ Պետրոսյան"),  # inflected surname
]


@pytest.mark.parametrize(("reply", "language", "customer"), OWN_NAME)
def test_the_customers_own_name_is_no_pii_finding(reply: str, language: str, customer: str) -> None:
    assert [s for s in find_pii(reply) if s.kind == "name"], "the detector itself still sees a full name"
    ctx = CheckContext(language=language, customer_name=customer)
    assert not [f for f in check(reply, ctx).findings if f.rule == "pii"]


@pytest.mark.parametrize(("reply", "customer"), [
    ("Hi Marta! We spoke to John Smith about it.", "Marta Nowak"),  # someone else's name
    ("Hi Marta Kowalska, thanks!", "Marta Nowak"),  # another surname
    ("王磊，您好！李建国先生已经处理了。", "王磊"),
])
def test_another_persons_full_name_still_counts(reply: str, customer: str) -> None:
    assert [f for f in check(reply, CheckContext(customer_name=customer)).findings if f.rule == "pii"]


FIRST_NAMES = [
    # (display name, the name to greet with; None = a handle, the reply uses the plain greeting)
    ("Marta Nowak", "Marta"),
    ("Marta Nowak 🌸", "Marta"),
    ("José", "José"),
    ("Łukasz Wiśniewski", "Łukasz"),
    ("Anne-Marie Dupont", "Anne-Marie"),
    ("Zoë", "Zoë"),  # the list has "Zoe"
    ("Dave", "Dave"),
    ("Will Smith", "Will"),  # an everyday word with a surname
    ("王磊", "王磊"),  # a Chinese reply greets with the full name
    ("欧阳娜娜", "欧阳娜娜"),
    ("مریم احمدی", "مریم"),
    ("Անի Պետրոսյան", "Անի"),
    ("@marta", None),  # a handle, even when it holds a name
    ("xX_hater_Xx", None),
    ("gamer4life", None),
    ("TechGuy99", None),
    ("AmazonFan", None),  # an inner capital
    ("BF_Support", None),
    ("the_real_dave", None),
    ("MARTA NOWAK", None),  # all capitals
    ("marta", None),  # lower case
    ("Customer Care", None),  # no given name
    ("Hope", "Hope"),  # a display name of one capitalised given name is a person, even an everyday word
    ("小猪佩奇", None),  # no surname first
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("display", "first"), FIRST_NAMES)
def test_person_first_name(display: str | None, first: str | None) -> None:
    assert person_first_name(display) == first
