"""Holder names: folding, the metonym table, and the one matcher of `docs/holder-guidelines.md` section 3.

Pure Python (no spaCy), so `dovehawk summarize`, the report and the evaluation use the same rules
as the extractor in `dovehawk.holders`.

The metonym table maps a government's seat, capital, ministries and demonym to the country, as the
guideline's section 1.2 says (the Kremlin, Moscow -> Russia; the White House, Washington, the State
Department -> United States; Kyiv -> Ukraine; ...). It is small on purpose: a seat or capital that
is not listed stays a place or organisation of its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

AUTHOR = "author"
TYPES = ("person", "organisation", "country", "author")
FORMS = ("direct", "indirect", "actor", "author")

# folded alias -> country: capitals and seats used for governments, ministries, demonyms
COUNTRY_ALIASES = {
    "Russia": [
        "russia",
        "russian federation",
        "kremlin",
        "moscow",
        "russian",
        "russians",
        "russian government",
        "russian foreign ministry",
        "russian defence ministry",
        "russian defense ministry",
        "russian army",
        "russian military",
        "russian officials",
        "russian forces",
        "russian side",
    ],
    "Ukraine": [
        "ukraine",
        "kyiv",
        "kiev",
        "ukrainian",
        "ukrainians",
        "ukrainian government",
        "ukrainian foreign ministry",
        "ukrainian army",
        "ukrainian military",
        "ukrainian officials",
        "ukrainian forces",
        "ukrainian side",
        "bankova",
    ],
    "United States": [
        "united states",
        "united states of america",
        "us",
        "u s",
        "usa",
        "america",
        "american",
        "americans",
        "washington",
        "white house",
        "state department",
        "pentagon",
        "biden administration",
        "trump administration",
        "us government",
        "us officials",
        "american officials",
        "us administration",
    ],
    "Israel": ["israel", "israeli", "israelis", "israeli government", "idf", "israel defense forces", "israeli army"],
    "China": ["china", "chinese", "beijing", "chinese government", "chinese foreign ministry"],
    "United Kingdom": [
        "united kingdom",
        "uk",
        "u k",
        "britain",
        "great britain",
        "british",
        "downing street",
        "london",
    ],
    "France": ["france", "french", "elysee", "elysee palace", "paris"],
    "Germany": ["germany", "german", "berlin"],
    "Turkey": ["turkey", "turkiye", "turkish", "ankara"],
    "Iran": ["iran", "iranian", "tehran", "irgc", "revolutionary guards", "revolutionary guard"],
    "Qatar": ["qatar", "qatari", "doha"],
    "Egypt": ["egypt", "egyptian", "cairo"],
    "Poland": ["poland", "polish", "warsaw"],
    "Hungary": ["hungary", "hungarian", "budapest"],
    "Belarus": ["belarus", "belarusian", "minsk"],
    "India": ["india", "indian", "new delhi"],
    "Japan": ["japan", "japanese", "tokyo"],
    "United Arab Emirates": ["united arab emirates", "uae", "u a e", "emirati", "abu dhabi"],
    "Saudi Arabia": ["saudi arabia", "saudi", "saudis", "riyadh"],
    "Syria": ["syria", "syrian", "damascus", "syrian government"],
    "Lebanon": ["lebanon", "lebanese", "beirut"],
    "Pakistan": ["pakistan", "pakistani", "islamabad", "pakistani government"],
    "Thailand": ["thailand", "thai", "bangkok"],
    "Cambodia": ["cambodia", "cambodian", "phnom penh"],
    "Armenia": ["armenia", "armenian", "yerevan"],
    "Azerbaijan": ["azerbaijan", "azerbaijani", "baku"],
    "Palestine": ["palestine", "palestinian", "state of palestine"],
}
ORGANISATION_ALIASES = {
    "United Nations": ["united nations", "un", "u n", "the un"],
    "UN Security Council": [
        "un security council",
        "u n security council",
        "security council",
        "united nations security council",
        "unsc",
    ],
    "UN General Assembly": ["un general assembly", "u n general assembly", "general assembly", "unga"],
    "European Parliament": ["european parliament", "eu parliament"],
    "European Union": ["european union", "eu", "e u", "european commission", "brussels", "european", "europeans"],
    "NATO": ["nato", "north atlantic treaty organization", "north atlantic alliance", "alliance"],
    "G7": ["g7", "g 7", "group of seven"],
    "Hamas": ["hamas"],
    "Hezbollah": ["hezbollah"],
}
# the people that section 1.2 of the guideline names, by folded surname (a headline's bare
# `Trump` or `Putin` is often a common word or no entity to the recogniser)
GUIDELINE_PEOPLE = {
    "zelenski": "Volodymyr Zelensky",
    "putin": "Vladimir Putin",
    "peskov": "Dmitry Peskov",
    "lavrov": "Sergei Lavrov",
    "biden": "Joe Biden",
    "trump": "Donald Trump",
    "netaniahu": "Benjamin Netanyahu",
    "blinken": "Antony Blinken",
    "macron": "Emmanuel Macron",
}
_ROMAN = re.compile(r"(X{0,3})(IX|IV|V?I{0,3})")
_COUNTRY = {alias: name for name, aliases in COUNTRY_ALIASES.items() for alias in aliases}
_ORGANISATION = {alias: name for name, aliases in ORGANISATION_ALIASES.items() for alias in aliases}

# words stripped from a person's name (titles and honorifics); lower case
TITLE_WORDS = frozenset(
    """mr mrs ms miss dr sir lord lady president vice prime minister foreign defence defense secretary
    chancellor spokesman spokeswoman spokesperson press general gen lt col senator sen rep representative
    ambassador envoy special king queen prince pope premier deputy chief chairman leader commander
    state of the former then acting incoming outgoing""".split()
)
_ARTICLES = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\s*['’]s?$")


def ascii_fold(text: str) -> str:
    """Lower case ASCII letters, digits and single spaces (accents dropped, punctuation a space)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def translit_fold(word: str) -> str:
    """One spelling for the transliteration variants of a name: y and i are one letter, doubled
    letters one, kh an h (`Zelenskyy`, `Zelenskiy`, `Zelensky` -> `zelenski`; `Dmitry` = `Dmitri`).

    >>> translit_fold("Zelenskyy") == translit_fold("Zelenskiy") == translit_fold("Zelensky")
    True
    """
    word = ascii_fold(word).replace("kh", "h").replace("y", "i").replace("j", "i")
    return re.sub(r"(.)\1+", r"\1", word)


# family names written before the given name (Chinese, Korean, Vietnamese), folded: `Xi` alone is
# `Xi Jinping`, `Kim` alone `Kim Jong Un`
FAMILY_NAME_FIRST = frozenset(
    translit_fold(w)
    for w in """xi li wang zhang liu chen yang zhao huang zhou wu xu hu zhu gao guo luo
    wen jiang han deng kim park moon yoon choi nguyen tran pham""".split()
)


def strip_name(text: str) -> str:
    """A name without articles, possessive and leading titles or countries (`Mr Zelensky's` ->
    `Zelensky`; `President of Ukraine Volodymyr Zelenskyy` -> `Volodymyr Zelenskyy`).

    >>> strip_name("Ukraine's President Volodymyr Zelenskyy"), strip_name("the United States")
    ('Volodymyr Zelenskyy', 'United States')
    """
    text = _POSSESSIVE.sub("", _ARTICLES.sub("", text.strip()))
    words = text.split()
    while len(words) > 1 and (
        words[0].lower().rstrip(".") in TITLE_WORDS | {"top", "senior", "former", "acting"}
        or (_COUNTRY.get(ascii_fold(_POSSESSIVE.sub("", words[0]))) and words[1][:1].isupper())
    ):
        if words[0].lower() in ("state",) and len(words) == 2:
            break
        words = words[1:]
    return " ".join(words)


def country_of(text: str) -> str | None:
    """The country a name, capital, seat or demonym stands for (None when not in the table)."""
    return _COUNTRY.get(ascii_fold(_POSSESSIVE.sub("", _ARTICLES.sub("", text.strip()))))


def organisation_of(text: str) -> str | None:
    """The short name of a listed organisation (`the UN` -> `United Nations`), else None."""
    return _ORGANISATION.get(ascii_fold(_POSSESSIVE.sub("", _ARTICLES.sub("", text.strip()))))


# short forms of given names, folded, and the full form they stand for (`Joe Biden` = `Joseph Biden`)
GIVEN_NAMES = {
    "joe": "joseph",
    "bill": "william",
    "bob": "robert",
    "mike": "michael",
    "jim": "james",
    "tom": "thomas",
    "dave": "david",
    "steve": "steven",
    "ben": "benjamin",
    "alex": "alexander",
    "sasha": "alexander",
}
GIVEN_NAMES = {translit_fold(k): translit_fold(v) for k, v in GIVEN_NAMES.items()}


def transposed(a: str, b: str) -> bool:
    """Two folded surnames of six letters or more that differ by one swap of neighbouring letters
    (`zelenksi`, `zelenski`): the same name misspelt."""
    if len(a) != len(b) or len(a) < 6 or a == b:
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def holder_key(name: str) -> str:
    """The folded form two names share when they name one holder (before the surname rule)."""
    if name is None:
        return ""
    if name.strip().lower() == AUTHOR:
        return AUTHOR
    table = country_of(name) or organisation_of(name)
    if table:
        return ascii_fold(table)
    words = [translit_fold(w) for w in ascii_fold(strip_name(name)).split()]
    if len(words) > 1:
        words[0] = GIVEN_NAMES.get(words[0], words[0])  # `Joe Biden` = `Joseph Biden`
    return " ".join(words)


def same_holder(predicted: str | None, gold: str | None) -> bool:
    """Section 3 of the holder guideline: both `author`, or the names agree after folding case,
    articles, possessives, titles and transliteration variants, with government metonyms mapped to
    the country; a person's surname alone matches their full name.

    >>> same_holder("Zelenskyy", "Volodymyr Zelensky"), same_holder("the Kremlin", "Russia")
    (True, True)
    >>> same_holder("author", "Russia"), same_holder("Peskov", "Dmitry Peskov"), same_holder("Putin", "Peskov")
    (False, True, False)
    >>> same_holder("Aleksandr Lukashenko", "Alexander Lukashenko"), same_holder("Joe Biden", "Hunter Biden")
    (True, False)
    """
    a, b = holder_key(predicted or ""), holder_key(gold or "")
    if not a or not b:
        return False
    if a == AUTHOR or b == AUTHOR:
        return a == b
    if _same_key(a, b):
        return True
    # `Pope Leo` = `Pope Leo XIV`: a regnal number only one side writes (two numbers must agree)
    ra, rb = _regnal(predicted or ""), _regnal(gold or "")
    return (ra is None) != (rb is None) and _same_key(ra or a, rb or b)


def _same_key(a: str, b: str) -> bool:
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    if len(wa) == 1 or len(wb) == 1:  # a surname alone matches the full name
        short, full = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
        # `Xi` = `Xi Jinping`: a family name written first (listed names only, so that a given
        # name alone, `Joe` for `Joe Biden`, stays another holder)
        return short[0] == full[-1] or short[0] == full[0] in FAMILY_NAME_FIRST
    if len(wa) == len(wb) == 2 and wa[1] == wb[1]:  # `Aleksandr` = `Alexander`: the same consonants
        return _consonants(wa[0]) == _consonants(wb[0])
    return False


def _regnal(name: str) -> str | None:
    """The key of a name without its trailing regnal number, written in capitals (`Leo XIV` ->
    `leo`; `Li Xi` keeps its given name); None when the name has none."""
    words = strip_name(name).split()
    if len(words) < 2 or not words[-1].isupper() or not _ROMAN.fullmatch(words[-1]):
        return None
    return holder_key(" ".join(words[:-1]))


def _consonants(word: str) -> str:
    """A first name's transliteration skeleton: x as ks, then its consonants (`aleksandr`,
    `alexander` -> `lksndr`)."""
    return re.sub(r"[aeiou]", "", word.replace("x", "ks"))


def canonical_holders(names: Iterable[str]) -> dict[str, str]:
    """One name per holder over a whole run: spellings that `same_holder` joins map to the most
    frequent full form (a bare surname joins the only full name with that surname; with two, say
    two Bidens, it stays as it is). Returns name -> canonical name for every name given.

    >>> canonical_holders(["Zelensky", "Volodymyr Zelenskyy", "Volodymyr Zelensky", "Volodymyr Zelensky"])["Zelensky"]
    'Volodymyr Zelensky'
    """
    counts = Counter(n for n in names if n)
    by_key: dict[str, Counter] = defaultdict(Counter)
    for name, n in counts.items():
        by_key[holder_key(name)][name] += n
    full_by_surname: dict[str, set[str]] = defaultdict(set)
    for key in by_key:
        words = key.split()
        if len(words) > 1:
            full_by_surname[words[-1]].add(key)
    out = {}
    for key, spellings in by_key.items():
        target = key
        if len(key.split()) == 1 and len(full_by_surname.get(key, ())) == 1:
            target = next(iter(full_by_surname[key]))
        best = by_key[target].most_common(1)[0][0]
        for name in spellings:
            out[name] = best
    return out
