"""Full names in a text, for the `pii` detector (guardrails/pii.py): Latin-script given name + surname, title +
surname, initials + surname; Persian and Armenian given name + surname; Chinese surname + given name next to a
cue or an honorific.

Lists are data (guardrails/data/names/: hand-written lists per language in given.yaml, U.S. census given names
and ranked surnames, SCOWL English words and proper nouns, GeoNames places, jieba's common Chinese words; brand
words in guardrails/data/pii_exempt.yaml), read once at import; each file names its source in its header.

Latin script: two neighbouring capitalised words count when the first is a listed given name and the second no
common word (or a frequent surname), or the first is an unlisted, uncommon word and the second a listed
surname; in English text also two words that no English dictionary, place list or brand list has ("Petteri
Tarkkonen"), or such a word after a given name that is also a word ("Jack Gilinsky", "Drew Brees"). Initials
with a surname ("J. Smith"), a middle initial, names in capitals ("JOHN SMITH") and in lower case ("andrew
mccabe", listed names only, English text only) count too. A lone first name in a greeting never counts, nor an
agent's sign-off at the end ("-Becky Harris"), nor "Grace Period", "Amazon Prime" or "Wacom Intuos", nor a place
("Hong Kong", "Long Beach"); brand names made of a given name and a surname ("Wells Fargo") are listed, and a
celebrity's name does count.

False-positive risk: the unlisted-word rule is the riskiest; a new brand, a place too small for the place list
or a word of another language in English text can look like a name, so brand words are listed and the rule
needs English function words and none of other Latin-script languages. In Chinese a cue followed by a common
word that starts with a surname character ("会员方便") would look like a name; such words (from jieba's word
list), particles and kinship words end the match. Recall on unlisted names is what eval/guardrails.py reports on
WNUT-17 and Weibo NER.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from guardrails.phrases import as_list, data_file

_EXEMPT = data_file("pii_exempt.yaml")
_NAMES = data_file("names/given.yaml")


def _words(key: str) -> list[str]:
    items = _NAMES.get(key) or []
    return sorted({str(n) for n in items} if isinstance(items, list) else set(), key=len, reverse=True)


_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽŁŚŻŹĆŃÓ"


def _lines(name: str) -> list[str]:
    text = (resources.files("guardrails") / "data" / "names" / name).read_text(encoding="utf-8")
    return [w for w in (line.strip() for line in text.splitlines()) if w and not w.startswith("#")]


# Latin-script full names are found token by token (see _latin_names): a run of capitalised words is cut
# into neighbouring pairs, and each pair is judged with three word lists: given names (the census list plus
# the hand-written ones per language), surnames ranked by frequency (census plus hand-written pl/de/es/fr)
# and common English words (SCOWL), which keep "Grace Period" and "Happy Friday" from looking like names.
_GIVEN = frozenset(_lines("given_census.txt")) | frozenset(
    n for k in ("en", "pl", "de", "es", "fr") for n in _words(k))
_SURNAME_RANK = {n: i for i, n in enumerate(_lines("surnames_census.txt"), start=1)}
_SURNAME_RANK.update({n: 1 for n in _words("surnames_latin")})
_COMMON = frozenset(_lines("common_words_en.txt"))
_LESS_COMMON = frozenset(_lines("common_words_en_35.txt"))
_RARE = frozenset(_lines("words_en_60.txt"))
_PROPER = frozenset(_lines("proper_nouns_en.txt"))
_BRANDS = frozenset(str(b) for b in as_list(_EXEMPT.get("brand_words")))
_PLACE_LINES = _lines("places.txt")
_PLACE_PAIRS = frozenset(p for p in _PLACE_LINES if " " in p)
_PLACES = frozenset(p for p in _PLACE_LINES if " " not in p)
# Names that no list has (see _unknown) are looked for in English text only, told by its function words:
# in Spanish, French or Dutch text a word no English dictionary has is most often a common word there.
_ENGLISH = re.compile(r"\b(?:the|and|you|your|is|are|was|with|for|this|that|of|my|we|our|have|has|will|can|be|it)\b",
                      re.IGNORECASE)
_STRONG_SURNAME = 2500  # a surname this frequent ("Brown", "Swift") counts even when it is a common word too
_SURNAME_AFTER_UNLISTED = 30000  # rarer census surnames are as often other words ("Urlaub")
# Colours are frequent surnames and product variants ("Rose Gold").
_COLOURS = frozenset(["black", "white", "green", "brown", "gray", "grey", "gold", "silver", "red", "blue", "pink"])
_SURNAME_SUFFIX = re.compile(r"(?:ski|ska|cki|cka|dzki|dzka|wicz|czyk|czak|ńczyk|ńska|ński)$")
_PARTICLES = "van|von|de|del|der|da|di|la|le|du|dos|y|bin|ibn|al|el"
_PARTICLE_SET = frozenset(_PARTICLES.split("|"))
_CAP = rf"[{_UPPER}][\w'’]*(?:-[{_UPPER}][\w'’]+)?"
_CAP_RUN = re.compile(rf"(?<![\w@#&]){_CAP}(?:[ \t]+(?:(?:{_PARTICLES})[ \t]+|[A-Z]\.[ \t]+)?{_CAP})+")
_CAP_WORD = re.compile(_CAP)
_GERMAN = re.compile(r"\b(?:und|nicht|der|das|ist|wir|ich|mit|für|auf|dem|ein|eine|einen|wird|werden|sich|auch|noch|"
                     r"kannst|können|bitte|leider|sind|haben|gerne|dass|uns|euch|dich|dir|Ihnen|wurde|hier|wohl|Sie)\b")
_NOT_FULL = frozenset(_words("not_full_names"))
# A name right after a company role ("our CEO Charlie Scharf") is a public figure's, not a customer's.
_ROLE_BEFORE = re.compile(
    r"(?:CEO|CFO|COO|CTO|[Ff]ounder|[Cc]hairman|[Cc]hairwoman|[Pp]resident|[Cc]hief [Ee]xecutive)\W*$")
# An agent's sign-off ("-Becky Harris", "^JD") at the very end of a reply is the agent's own name.
_SIGNATURE = re.compile(r"[-–—~^*]\s*$")
_SIGNATURE_END = re.compile(r"\W*$")
_TITLE_NAME = re.compile(
    r"(?<![\w@#])(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sr|Sra|Srta|Mme|Mlle|M\.|Herr|Frau|Monsieur|Madame|Señor|Señora|Sir|Dame"
    r"|Professor|Colonel|Col|Gen|Senator|Sen|Rep|Governor|Gov|Judge|Sergeant|Sgt|Captain|Capt|Lieutenant|Lt"
    r"|Detective|Pastor|Reverend|Rev|Sheriff|Mayor)\.?\s+"
    rf"({_CAP})(?!\w)"
)
_NOT_SURNAME = frozenset(_words("not_surname_latin"))
# Initials before a surname: "J. Smith", "J.K. Rowling", "TJ Miller"; two capitals without dots are more
# often an abbreviation ("DM", "UK"), so the frequent ones are skipped.
_INITIALS_NAME = re.compile(rf"([A-Z](?:\.[ \t]?(?:[A-Z]\.[ \t]?)?[ \t]*|[A-Z][ \t]+))({_CAP})(?![\w.])")
_NOT_INITIALS = frozenset(_words("not_initials"))
_FA_GIVEN = "|".join(re.escape(n) for n in _words("fa"))
_FA_NAME = re.compile(
    rf"(?<![\u0600-\u06FF])(?:(?:{_FA_GIVEN})\s+|(?:آقای|خانم)\s+(?:(?:{_FA_GIVEN})\s+)?)([\u0621-\u063A\u0641-\u064A\u067E\u0686\u0698\u06A9\u06AF\u06CC\u200c]{{3,}})"
)
_FA_NOT_SURNAME = frozenset(_words("not_surname_fa"))
_HY_GIVEN = "|".join(re.escape(n) for n in _words("hy"))
_HY_NAME = re.compile(
    rf"(?<![\u0531-\u0587])(?:(?:{_HY_GIVEN})\s+[\u0531-\u0556][\u0561-\u0587]+"
    r"|(?:պարոն|տիկին|Պարոն|Տիկին)\s+[\u0531-\u0556][\u0561-\u0587]+"
    r"|[\u0531-\u0556][\u0561-\u0587]+\s+[\u0531-\u0556][\u0561-\u0587]+(?:յան|յանց|ունի|ունց))(?![\u0531-\u0587])"
)
_ZH_SURNAME = "|".join(re.escape(n) for n in _words("zh_surnames"))
_ZH_HONORIFIC = ("先生|女士|小姐|同学|老师|经理|师傅|总监|同志|教授|博士|医生|律师|阿姨|叔叔|姐姐|哥哥|大哥|大姐|"
                 "主任|校长|院长|局长|书记|总裁|董事长|主席|大人|老板|夫人|太太|学长|学姐|师兄|师姐|导演|队长|教练|"
                 "选手|女神|男神")
# A cue that the next words are someone's name: "我叫", "我是", "收件人：", "尊敬的", or a role ("演员", "记者").
_ZH_CUE = ("尊敬的|亲爱的|收件人|收货人|寄件人|签收人|联系人|姓名|名叫|我叫|叫做|我是|我就是|本人|持卡人|户名|客户|"
           "顾客|会员|署名|演员|歌手|球星|明星|艺人|导演|主持人|作家|记者|教练|球员|选手|博主|青年|对不起|感谢|谢谢|多谢")
# Characters that end a name rather than continue it: particles, pronouns and the most frequent function
# characters ("高中", "许是", "方权的" start with a surname and are no names).
_ZH_KIN = "叔爷奶姨婶伯舅嫂哥姐弟"  # "罗大叔", "毛爷爷": a surname and a kinship word, no full name
_ZH_STOP = ("的地得了着过是在和与及也都就说要会能到上下里中后前时把被给让对很太还又再才只没吗"
            "呢吧啊哦呀么什怎为以等年月日号次位些每各该其此人们我你您他她它这那个不一二三四五"
            "六七八九十百千万多少高低深浅好坏湖海山江河路谢队" + _ZH_KIN)
_ZH_GIVEN = rf"(?:(?![{_ZH_STOP}])[\u4e00-\u9fff])"
_ZH_NAME = re.compile(
    rf"(?:{_ZH_CUE})[:：]?\s*((?:{_ZH_SURNAME}){_ZH_GIVEN}{{1,2}})(?![{_ZH_KIN}])"
    rf"|((?:{_ZH_SURNAME}){_ZH_GIVEN}{{1,2}})(?={_ZH_HONORIFIC}|[，,]?\s*(?:您好|你好))"
)
_ZH_WORDS = frozenset(_lines("zh_surname_words.txt"))  # "方便", "周末": a surname that starts a common word
_ZH_NOT_GIVEN = re.compile(rf"(?:{_ZH_SURNAME})(?:{_ZH_HONORIFIC}|您|你|的|客|用)")


_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
_ARMENIAN = re.compile(r"[\u0531-\u0587]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _bare(word: str) -> str:
    """`word` without a possessive ending ("Fisher's" -> "Fisher")."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _common(word: str) -> bool:
    return word.lower() in _COMMON or word in _COMMON or word in _NOT_SURNAME


# A name no list has is a capital and small letters of the Latin-1 range, with an optional Mc/Mac/O'/D' and
# one hyphen: no CamelCase brand ("PlayStation", "McDs") and no Dutch "Partĳ".
_NAME_SHAPE = re.compile(r"(?:Mc|Mac|O'|O’|D'|D’)?[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,}(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,})?")
_EVERYDAY_GIVEN = frozenset(_words("given_everyday_words"))
_FUNCTION_GIVEN = frozenset(_words("given_function_words"))


def _unknown(word: str) -> bool:
    """No English word of any frequency, no place, no listed given name and no CamelCase brand ("PlayStation")."""
    if "-" in word:
        return all(_unknown(part) for part in word.split("-")) and _NAME_SHAPE.fullmatch(word) is not None
    low = word.lower()
    return not (_dictionary(low) or word in _COMMON or word in _PLACES or word in _PROPER or word in _BRANDS
                or word in _NOT_SURNAME or word in _GIVEN) and _NAME_SHAPE.fullmatch(word) is not None


def _full_name(first: str, last: str, text: str) -> bool | None:
    """Whether two neighbouring capitalised words of `text` read as given name + surname; None: only in English
    text, where words that no list has are names (told apart only when asked, as telling costs three scans)."""
    first, last = _bare(first), _bare(last)
    if not (first[1:2].islower() and last[1:2].islower()) or first in _NOT_SURNAME or last in _NOT_SURNAME:
        return False  # "JD", "UPS Store", "Hi Anna Thanks"
    rank = _SURNAME_RANK.get(last)
    surname = (rank is not None or bool(_SURNAME_SUFFIX.search(last))) and not _common(last) \
        and last.lower() not in _LESS_COMMON
    if first in _GIVEN:
        if _common(first):  # "Will", "Mark", "Grace": only with an unmistakable surname ("Mark Down" is not)
            if surname or ((rank or 10**6) < _STRONG_SURNAME // 2 and last.lower() not in _COLOURS):
                return True
            return None if first not in _FUNCTION_GIVEN and _unknown(last) else False  # "Jack Gilinsky"
        if _german(text):  # German: "Paul Bestellung" is no name, "Anna Schmidt" and "Jürgen Klopp" are
            return rank is not None or bool(_SURNAME_SUFFIX.search(last))
        return surname or not (_common(last) or last.lower() in _LESS_COMMON) or (rank or 10**6) < _STRONG_SURNAME
    # An unlisted given name counts only before a listed surname that is no common word ("Niall Horan") and
    # is not more often a given name ("Gatwick Sandra" is a place and a signature), and not in German, whose
    # capitalised nouns are surnames in the census list ("Den Grund", "Schönen Abend").
    if _german(text) or (last in _GIVEN and (rank is None or rank >= _STRONG_SURNAME)):
        return False
    if surname and (rank is None or rank < _SURNAME_AFTER_UNLISTED) and not _common(first) \
            and first.lower() not in _LESS_COMMON and len(first) > 2:
        # Not in text with Romance or Dutch function words, where the unlisted word is most often a capitalised
        # noun before a place that is also a surname ("Coppa Davis", "Verenigde Staten"); a Polish surname
        # ending ("Zdzisław Wiśniewski") is evidence enough.
        return bool(_SURNAME_SUFFIX.search(last)) or not _foreign(text)
    if len(last) > 3 and first != last and _unknown(first) and _unknown(last):
        return None  # two words no English dictionary has, neither a place nor a brand: "Petteri Tarkkonen"
    return False


def _latin_names(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for run in _CAP_RUN.finditer(text):
        words = [(m.start() + run.start(), m.end() + run.start(), m.group())
                 for m in _CAP_WORD.finditer(run.group())
                 if m.group().lower() not in _PARTICLE_SET and len(m.group()) > 1]  # "John F Kennedy"
        for (s1, e1, w1), (s2, e2, w2) in zip(words, words[1:], strict=False):
            pair = f"{_bare(w1)} {_bare(w2)}"
            judged: bool | None
            if _bare(w1) not in _GIVEN and text[e1:s2].strip():
                judged = False  # a particle after an unlisted word: "Feria de Madrid", "Città di San Marino"
            elif w1.isupper() and w2.isupper() and len(w1) > 2 and len(w2) > 2:  # "JOHN SMITH"
                pair = pair.title()
                judged = not _german(text) and _shouted_name(w1.title(), w2.title())
            else:
                judged = pair not in _PLACE_PAIRS and _full_name(w1, w2, text)
                if judged is None:
                    judged = _english(text)
            if pair not in _NOT_FULL and judged:
                if spans and spans[-1][1] >= s1:
                    spans[-1] = (spans[-1][0], e2)
                else:
                    spans.append((s1, e2))
            elif spans and spans[-1][1] == e1 and _SURNAME_RANK.get(_bare(w2)) and not _common(_bare(w2)):
                spans[-1] = (spans[-1][0], e2)  # a second surname: "Sacha Baron Cohen"
    for m in _TITLE_NAME.finditer(text):
        word = _bare(m.group(1))
        rank = _SURNAME_RANK.get(word)
        if f"{m.group().split()[0].rstrip('.')} {word}" in _NOT_FULL:
            continue
        # A dictionary word after a title is a listed surname or no name at all ("Miss Peregrine's Home").
        surname = not (_common(word) or word.lower() in _LESS_COMMON or (word.lower() in _RARE and rank is None)) \
            or (rank or 10**6) < _STRONG_SURNAME
        if word[1:2].islower() and word not in _NOT_SURNAME and surname:
            spans.append(m.span())
    for m in _INITIALS_NAME.finditer(text):  # (starts with a capital, so that the scan is fast)
        word = _bare(m.group(2))
        initials = m.group(1).strip()
        before = text[m.start() - 1] if m.start() else " "
        if before.isalnum() or before in "_@#.&" or initials in _NOT_INITIALS or _dictionary(initials.lower()) \
                or initials in ("N.", "S.", "E.", "W.") or not word[1:2].islower() or word in _GIVEN:
            # "HP Officejet", "HI Richard", "W. Broadway"
            continue
        # Two capitals without dots ("FC Bayern", "PD Seantors") are initials only before a listed surname.
        if _listed_surname(word) or ("." in initials and _unknown(word) and _english(text)):
            spans.append(m.span())
    spans += _lower_case_names(text)
    return [(s, e) for s, e in spans if not (_signed(text, s) and _SIGNATURE_END.fullmatch(text, e))
            and not _ROLE_BEFORE.search(text, max(0, s - 20), s)]


def _signed(text: str, start: int) -> bool:
    """Whether a dash or caret before `start` closes a reply ("Thanks! -Becky Harris"), not opens a quote."""
    m = _SIGNATURE.search(text, 0, start)
    return m is not None and bool(text[:m.start()].strip())


# Casual posts write names in lower case ("andrew mccabe"): a listed given name and a listed surname, neither
# a dictionary word nor a place, count in English text. Each lower-case word is paired with the next one.
_LOWER_PAIR = re.compile(r"(?<![\w@#/.'’-])([a-z]{3,})(?= ([a-z]{3,})(?![\w@'’-]))")
_LOWER_GIVEN = frozenset(g.lower() for g in _GIVEN if g not in _EVERYDAY_GIVEN) - _COMMON - _LESS_COMMON - _RARE


def _lower_case_names(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _LOWER_PAIR.finditer(text):
        if m.group(1) not in _LOWER_GIVEN:
            continue
        first, last = m.group(1).title(), m.group(2).title()
        if _SURNAME_RANK.get(last, 10**6) < _SURNAME_AFTER_UNLISTED and not _dictionary(m.group(2)) \
                and (last not in _GIVEN or _SURNAME_RANK[last] < _STRONG_SURNAME) and last not in _PLACES \
                and f"{first} {last}" not in _NOT_FULL:
            spans.append((m.start(), m.end(2)))
    return spans if spans and _english(text) else []


# Function words of other languages written in Latin script (Spanish, French, Polish, Portuguese, Italian,
# Dutch, Afrikaans, Irish, Hungarian): with one of them, a text is not taken for English.
_FOREIGN = re.compile(r"\b(?:que|el|los|las|por|para|con|una|del|les|des|et|pour|avec|une|est|vous|nous|jest|się|"
                      r"nie|że|não|uma|é|che|il|per|della|het|een|niet|zijn|ik|die|ek|jy|en|agus|na|és|az|hogy|nem)\b",
                      re.IGNORECASE)


# Which language a text is in, asked only when a pair of words needs it and then once per text (cached).
@lru_cache(maxsize=64)
def _german(text: str) -> bool:
    return _GERMAN.search(text) is not None


@lru_cache(maxsize=64)
def _foreign(text: str) -> bool:
    return _FOREIGN.search(text) is not None


@lru_cache(maxsize=64)
def _english(text: str) -> bool:
    return _ENGLISH.search(text) is not None and not _foreign(text) and not _german(text)


def _listed_surname(word: str) -> bool:
    """A census or listed surname that is frequent, or no dictionary word, and not more often a given name."""
    rank = _SURNAME_RANK.get(word, 10**6)
    frequent = rank < _STRONG_SURNAME and word.lower() not in _COLOURS
    return (frequent or (rank < _SURNAME_AFTER_UNLISTED and not _dictionary(word.lower()))) \
        and (word not in _GIVEN or rank < _STRONG_SURNAME) and word not in _NOT_SURNAME


def _shouted_name(first: str, last: str) -> bool:
    """Two words in capitals ("JOHN SMITH"): a listed given name that is no everyday word, a listed surname."""
    return first != last and first in _GIVEN and first not in _EVERYDAY_GIVEN and _listed_surname(last)


def _dictionary(low: str) -> bool:
    return low in _COMMON or low in _LESS_COMMON or low in _RARE


def find_names(text: str) -> list[tuple[int, int]]:
    """Start and end of every full name in `text` (which may overlap; URLs and handles already masked)."""
    # Each regex runs only when its script is present: most replies have no Arabic, Armenian or Han letters.
    spans = _latin_names(text)
    if _ARABIC_SCRIPT.search(text):
        spans += [m.span() for m in _FA_NAME.finditer(text) if m.group(1) not in _FA_NOT_SURNAME]
    if _ARMENIAN.search(text):
        spans += [m.span() for m in _HY_NAME.finditer(text)]
    if _HAN.search(text):
        for m in _ZH_NAME.finditer(text):
            group = 1 if m.group(1) else 2
            if not _ZH_NOT_GIVEN.match(text, m.start(group), m.end(group)) \
                    and text[m.start(group):m.start(group) + 2] not in _ZH_WORDS:
                spans.append(m.span(group))
    return spans


# --- Greeting by first name (DESIGN.md: "greet by first name when the author looks like a name") ---------
# A display name is taken for a person's name only when it looks like one; anything else is a handle and the
# reply uses the plain greeting. Handles: a leading "@", digits, underscores, all capitals ("MARTA"), lower
# case ("marta", "the real dave": people who write their name in lower case get the plain greeting too), an
# inner capital ("AmazonFan", "TechGuy"), or a first word that no given-name list has ("Customer Care",
# "Gamer Dad"). A listed given name that is an everyday word ("Hope", "Will") counts only with a surname.
# "@marta" is None: a handle that happens to hold a name does not invite first-name terms. Chinese: a listed
# surname and one or two more Han characters is a name, and a Chinese reply greets with the full name
# ("王磊" -> "王磊", as in "王磊，您好"). Persian and Armenian: a listed given name as the first word.
# Emoji and decoration around the name ("Marta Nowak 🌸", "✨José✨") are ignored.
_HANDLE_SIGNS = re.compile(r"[@＠#_\d]")
_DECORATION = re.compile(r"[^\w\s'’.-]+")
_LATIN_WORD = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ŽŁŚŻŹĆŃÓ][a-zß-öø-ÿā-žłśżźćńó]+(?:[-'’][A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿā-žłśżźćńó]+)?")
_ZH_PERSON = re.compile(rf"(?:{_ZH_SURNAME})[\u4e00-\u9fff]{{1,2}}")
_FA_GIVEN_SET = frozenset(_words("fa"))
_HY_GIVEN_SET = frozenset(_words("hy"))


def _given(word: str) -> bool:
    """A listed given name, also when spelt with other accents ("Zoë") or joined ("Anne-Marie")."""
    if word in _GIVEN:
        return True
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return plain in _GIVEN or ("-" in word and word.split("-")[0] in _GIVEN)


def person_first_name(display_name: str | None) -> str | None:
    """The name to greet the author with ("Marta Nowak" -> "Marta", "王磊" -> "王磊"), or None for a handle.

    The rule is in the comment above; it errs towards None, because "Hi TechGuy" reads worse than "Hi"."""
    if not display_name or _HANDLE_SIGNS.search(display_name):
        return None
    words = _DECORATION.sub(" ", display_name).split()
    if not words:
        return None
    first = words[0].strip(".-'’")
    if _HAN.search(first):
        name = "".join(words)
        return name if _ZH_PERSON.fullmatch(name) and name not in _ZH_WORDS else None
    if first in _FA_GIVEN_SET or first in _HY_GIVEN_SET:
        return first
    if not _LATIN_WORD.fullmatch(first) or not _given(first):
        return None
    return first  # a display name of one everyday-word name ("Mark", "Hope") is still a person's name


_NAME_TOKEN = re.compile(r"\w+")


def own_name(found: str, customer_name: str | None) -> bool:
    """Whether a full name found in a reply is the customer's own (`customer_name`, any script): every word of
    it is a word of their name, or starts with one (Armenian and Polish inflect: "Պետրոսյանի"); Han text has
    no spaces, so there the name is compared as a whole ("王磊" in "王磊"). Greeting customers by the name they
    show in public exposes nothing new, so rule `pii` lets it through."""
    if not customer_name:
        return False
    mine = _NAME_TOKEN.findall(customer_name.casefold())
    words = _NAME_TOKEN.findall(found.casefold())
    if not words or not mine:
        return False
    if _HAN.search(found):
        return "".join(words) in "".join(mine)
    return all(any(w == m or (len(m) >= 3 and w.startswith(m) and len(w) - len(m) <= 3) for m in mine) for w in words)
