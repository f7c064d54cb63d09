"""Name normalisation: the comparison form of a name, token by token.

Rules, in order:

1. Unicode NFKC and case-folding; punctuation and spacing are handled by rigour's name
   tokeniser ("A.B.C." → ``abc``, "Bank's" → ``banks``, "Co., Ltd." → one legal form).
2. Legal forms in many languages (rigour's organisation-type tables: GmbH, Aktiengesellschaft,
   ООО, Sp. z o.o., Ltd …) become one token of kind ``legal`` carrying their generic class
   (``llc``, ``jsc`` …). Legal tokens never count towards a match.
3. Words rigour tags as organisation symbols (company, corporation, international, group …) or
   as domains and places (bank, technologies, china …) become ``generic`` / ``domain`` tokens:
   compared through their symbol, so "Corp" = "Corporation", "Intl" = "International",
   "Tech" = "Technologies", and weighted down (see ``weights.py``).
4. Numbers, written or spelt ("44", "forty-four", "1st", "first"), become ``number`` tokens
   holding the value.
5. Other scripts are transliterated to ASCII (rigour: Cyrillic, Greek, Armenian, Georgian,
   Hangul; other scripts through normality). Han characters are handled by ``scripts.py``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from rigour.names.prefix import remove_person_prefixes
from rigour.names.tag import NamePartTag, NameTypeTag
from rigour.text.translit import ascii_text

from partyscreen.matching.analysis import analyze_name
from partyscreen.matching.hangul import has_hangul
from partyscreen.matching.hangul import person_reading as hangul_person_reading
from partyscreen.matching.lexicon import (MIN_LEXICON_WORDS, english_variants, is_body_word, is_near_body_word,
                                          spelt_legal_forms, state_names, translate, translate_word)
from partyscreen.matching.scripts import HanName, english_pinyin_forms, has_han, prepare_han, split_han

NAME = "name"
NUMBER = "number"
DOMAIN = "domain"
GENERIC = "generic"
STOP = "stop"
LEGAL = "legal"
# Joins the generic classes of a legal form that has several (``gp/lp``).
LEGAL_CLASS_SEPARATOR = "/"

# rigour symbol categories that make a word generic (weighted down) rather than distinctive.
GENERIC_CATEGORIES = frozenset({"SYMBOL"})
# Categories that name a sector or place: less generic than SYMBOL ("bank", "oil", "china") —
# they tell two companies of one family apart ("Saudi Arabian Oil" / "Saudi Arabian Gas").
DOMAIN_CATEGORIES = frozenset({"DOMAIN", "LOC"})

# Longest name the engine reads, in characters; longer input is compared on its first
# MAX_NAME_LENGTH characters.  Why: the longest names on the SDN, EU and Chinese lists are under
# 400 characters; a hostile or broken cell (a whole file in one field) must not make
# preparation, indexing or scoring cost more than a long real name does.
MAX_NAME_LENGTH = 1000

# Roman numerals as used in fund, trust and ship names ("Partners VIII", "Solutions II").
_ROMAN_RE = re.compile(r"x{0,3}(ix|iv|v?i{0,3})")
# Roman-numeral spellings that are far more often name syllables (Xi Jinping, Vi, Di).
_ROMAN_LOOKALIKES = frozenset({"xi", "vi"})

# rigour symbols that occur in personal names (particles, honorifics): they do not make a name
# an organisation's.
PERSON_SYMBOLS = frozenset(f"SYMBOL:{s}" for s in (
    "ABDUL", "ABU", "BIN", "BINT", "DR", "HAJI", "SAINT", "SHEIKH", "JR", "SR", "MR", "MRS", "MS",
    "PROF", "SIR", "VAN", "VON", "DE", "DA", "DEL", "DOS", "EL", "AL", "MC", "MAC", "O"))

# Romanised Japanese legal forms (rigour's tables lack them): word runs → generic class.
# "Subaru Kabushiki Kaisha" is "SUBARU Corporation" with its legal form spelt out. A kabushiki
# kaisha is a company limited by shares: "jsc" and "llc" both (see scripts.HAN_LEGAL_FORMS).
ROMANISED_LEGAL_FORMS: dict[tuple[str, ...], str] = {
    ("kabushiki", "kaisha"): "jsc/llc", ("kabushiki", "gaisha"): "jsc/llc", ("kabushikigaisha",): "jsc/llc",
    ("kabushikikaisha",): "jsc/llc", ("godo", "kaisha"): "llc", ("godo", "gaisha"): "llc",
    ("yugen", "kaisha"): "llc", ("yugen", "gaisha"): "llc", ("goshi", "kaisha"): "lp",
    ("gomei", "kaisha"): "lp",
    # "Pvt Ltd", "(P) Ltd", "Private Limited" (India, Pakistan, Singapore, Sri Lanka): one legal
    # form, the private company limited by shares; "private" alone stays a word of the name.
    ("pvt", "llc"): "llc", ("p", "llc"): "llc", ("private", "llc"): "llc",
    # "Private Joint Stock Company" (Iran's sahami khass, read so in ``lexicon.TURKISH_LEGAL_FORMS``;
    # Ukraine's PrAT): one legal form, the joint-stock company ("ARFADA PETROLEUM PRIVATE JOINT STOCK
    # COMPANY" / "ARFADA PETROLEUM COMPANY JSC").
    ("private", "jsc"): "jsc",
}
# Legal forms rigour's tables lack as abbreviations: Nordic AB, Oy, Oyj (rigour knows
# "aktiebolag", not "AB") and Japanese KK (kabushiki kaisha, "Sony KK"), as the last word of a
# name of two words or more, where they stand ("Volvo AB"; "AB" elsewhere is as often initials:
# "AB Foods"); and the forms of the Middle East, the Balkans, Latin America and Spain that
# sanctions lists carry — Lebanese S.A.L. (société anonyme libanaise), Bahraini B.S.C., Gulf
# W.L.L., Qatari Q.P.S.C./Q.S.C., Kuwaiti K.S.C./K.S.C.C., Jordanian and Emirati P.S.C., Iranian
# P.J.S., Egyptian S.A.E., Emirati FZC, Bulgarian EOOD/OOD/EAD, Peruvian S.A.C./S.A.A., Spanish
# S.L./S.L.U., French SASU, Kazakh TOO, South African CC — after the first word of a name
# ("VABO-2005 EOOD", "AMC Service FZC Dubai Branch"), those that are also everyday words or names
# as below (``AMBIGUOUS_TRAILING_FORMS``).
TRAILING_LEGAL_FORMS: dict[str, str] = {
    "ab": "jsc", "abp": "jsc", "oy": "jsc", "oyj": "jsc", "kk": "jsc/llc",
    "sal": "jsc", "bsc": "jsc", "bscc": "jsc", "wll": "llc", "qpsc": "jsc", "qsc": "jsc", "qcsc": "jsc",
    "ksc": "jsc", "kscc": "jsc", "kscp": "jsc", "psc": "jsc", "pjs": "jsc", "sae": "jsc", "fzc": "llc",
    "eood": "llc", "ood": "llc", "ead": "jsc", "sac": "jsc", "saa": "jsc", "sl": "llc", "slu": "llc",
    "sasu": "llc", "too": "llp", "cc": "llc", "ptc": "jsc",
}
# ("PTC": a publicly traded company, ПАО in English, "KAMAZ PTC"; not "PTC Inc".)
LAST_WORD_FORMS = frozenset({"ab", "abp", "oy", "oyj", "kk", "ptc"})
# Of those, the words that are as often a word of a name ("Tan Too", "Emma Sal", "Kala Sae",
# "Htoo Too": a personal name, or a one-word company's name and a word): a legal form only when
# written with dots ("S.A.L.", anywhere) or after two words or more with nothing but legal forms
# and generic words after it ("Chams Exchange SAL", "Beirut Diam Company SAL Holding"), so that
# a name of one word and such a word is not read as that one word in another legal form.
AMBIGUOUS_TRAILING_FORMS = frozenset({"too", "sae", "sal", "sl", "cc", "sac", "saa", "ood", "ead"})
# Every word of a form of either table (a name without one keeps its tokens at once).
_ROMANISED_FORM_WORDS = frozenset(TRAILING_LEGAL_FORMS) | {w for run in ROMANISED_LEGAL_FORMS for w in run}
# A form written with dots ("S.A.L.", "B.S.C.", "P.J.S.") is a legal form wherever it stands in
# the name ("YARA S.A.L. OFFSHORE COMPANY" is "YARA OFFSHORE SAL").
_DOTTED_FORM_RE = re.compile(r"(?<![\w.])((?:[a-z]\.\s?){2,5})(?!\w)", re.IGNORECASE)
# Spelling variants of the common romanisations of Cyrillic (BGN/PCGN, ICU, German, French,
# passport): each pair is rewritten to one form before words are compared again, so
# "Khimprom" / "Himprom", "Yakovlev" / "Jakovlev" / "Iakovlev", "Tsoi" / "Coi", "Zhukov" /
# "Jukov", "Yuriy" / "Jurij" / "Iurii", "Eksport" / "Export", "Pyotr" / "Petr", "Aksyonov" / "Aksenov" (ё
# written "yo" or "e") meet.  Order matters: the longer pattern first.
# Arabic and Persian names romanised (English, French, Turkish, Persian practice) vary the same
# way: "ou"/"oo"/"u" ("Kourbanov", "Youssef"), "ee"/"i", "gh"/"q" ("Naghdi" / "Naqdi"), "dh"/"z",
# "w"/"v" ("Abdulwahab" / "Abdulvahap", also Ukrainian "Wolodymyr"), "ph"/"f".
# German, French and Polish romanisations of Cyrillic (as the EU's lists give a Russian name in
# each language: "Medwedew", "Setschin", "Abramowitsch", "Mischustin", "Setchine", "Szojgu") write
# ш "sch"/"ch"/"sz", ч "tsch"/"tch"/"cz", щ "schtsch", дж "dj", г before е/и "gu" ("Evgueni"),
# and end a name in -ин with an "e" ("Prigojine", "Poutine"). "sch" is ш in German and щ in
# many English spellings ("Obschestvo"), so щ and ш are one sound here ("sh").
ROMANISATION_VARIANTS: tuple[tuple[str, str], ...] = (
    ("schtsch", "sh"), ("shch", "sh"), ("tsch", "ch"), ("tch", "ch"), ("sch", "sh"), ("sz", "sh"), ("cz", "ch"),
    ("gue", "ge"), ("gui", "gi"), ("kh", "h"), ("ts", "c"), ("tz", "c"),
    ("ya", "ia"), ("ja", "ia"), ("yu", "iu"), ("ju", "iu"), ("yo", "e"), ("jo", "e"),
    ("ye", "e"), ("je", "e"), ("zh", "j"), ("dj", "j"), ("ks", "x"), ("ck", "k"),
    ("ou", "u"), ("oo", "u"), ("ee", "i"), ("gh", "q"), ("dh", "z"), ("w", "v"), ("ph", "f"),
)
# A doubled letter is written single in the other romanisation ("Gerassimow" / "Gerasimov",
# "Natallia" / "Natalia", "Hassan" / "Hasan").
_DOUBLED_RE = re.compile(r"([a-z])\1")
_FRENCH_INE_RE = re.compile(r"(?<=[^aeiou]i)ne$")
# Letters outside the Latin script (Latin with diacritics is Latin: "Düsseldorf", "Łódź").
_NON_LATIN_RE = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")
_EMBEDDED_RE = re.compile(r"[a-z0-9][\u3400-\u9fff\u3040-\u30ff]|[\u3400-\u9fff\u3040-\u30ff][a-z0-9]")
# Kana letters (hiragana, katakana and its long-vowel mark; not the middle dot alone).
_KANA_RE = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc]")
_HYPHENATED_RE = re.compile(r"[\w'\u2019\u02bc\u2018`]+(?:-[\w'\u2019\u02bc\u2018`]+)+")
_INNER_APOSTROPHE_RE = re.compile(r"(?<=\w)['\u2019\u02bc\u2018`](?=\w)")
_APOSTROPHE_RE = re.compile(r"['\u2019\u02bc\u2018`]")
_FINAL_I_RE = re.compile(r"(iy|yy|ij|ii|y)$")


# Belarusian spellings of names also written in Russian form, unified after
# ``romanisation_key``: akanye (unstressed о written а: "Lukashenka" / "Lukashenko", "Kachanava"
# / "Kochanova"), г as h ("Ihar" / "Igor", "Siarhei" / "Sergey") and я/е after a consonant
# written "ia"/"ie" ("Aliaksandr" / "Aleksandr"). Longest first.
BELARUSIAN_VARIANTS: tuple[tuple[str, str], ...] = (("ia", "e"), ("ie", "e"), ("g", "h"), ("o", "a"))


@lru_cache(maxsize=1 << 16)
def belarusian_key(word: str) -> str:
    """``romanisation_key`` with the Belarusian variants above unified too."""
    word = romanisation_key(word)
    for variant, canonical in BELARUSIAN_VARIANTS:
        if variant in word:
            word = word.replace(variant, canonical)
    return word


@lru_cache(maxsize=1 << 16)
def romanisation_key(word: str) -> str:
    """The word with the romanisation variants above unified (``respelt``), a French "-ine"
    ending read "-in" and doubled letters written once, for comparing two romanisations of a
    name."""
    return _DOUBLED_RE.sub(r"\1", _FRENCH_INE_RE.sub("n", respelt(word)))


@lru_cache(maxsize=1 << 16)
def respelt(word: str) -> str:
    """The word with the romanisation variants above unified (and "-iy"/"-ii"/"-y" endings and
    "y" inside a word reduced to "i"): the key of ``lexicon``'s Slavic stems, whose endings and
    one-edit reading need a word's letters as written."""
    for variant, canonical in ROMANISATION_VARIANTS:
        if variant in word:
            word = word.replace(variant, canonical)
    return _FINAL_I_RE.sub("i", word).replace("y", "i")


# rigour's person tagger costs ~5 s of start-up per process and adds only name-database
# symbols this matcher does not use, so personal names go through the entity rules plus
# rigour's person-prefix removal ("Mr", "Dr", "Sheikh").
_TYPE_TAGS = {
    "person": NameTypeTag.ENT,
    "organization": NameTypeTag.ORG,
    "company": NameTypeTag.ORG,
    "vessel": NameTypeTag.OBJ,
}


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a name in comparison form.

    Attributes:
        text: ASCII comparison text (``"technologies"``, ``"44"``, ``"llc"``).
        kind: ``name`` | ``number`` | ``domain`` | ``generic`` | ``stop`` | ``legal``.
        symbols: rigour symbols the word stands for (``"SYMBOL:CO"``, ``"DOMAIN:TECH"``); two
            words sharing a symbol are equivalent.
        raw: The word as written after case-folding (for explanations).
        key: Stable comparison key: the smallest symbol's value if any, else the text.
    """

    text: str
    kind: str
    symbols: frozenset[str] = frozenset()
    raw: str = ""
    key: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        key = min(s.partition(":")[2] for s in self.symbols).lower() if self.symbols else self.text
        object.__setattr__(self, "key", key)

    @property
    def plain(self) -> str:
        """The word as written if ASCII, else its transliteration (for run-together forms)."""
        return self.raw if self.raw.isascii() else self.text


class PreparedName:
    """A name reduced for comparison (all derived forms computed once).

    Attributes:
        original: The name as given.
        tokens: Latin-script tokens (transliterated), including legal forms.
        han: The Han-script part, if any (simplified core, legal forms, pinyin).
        legal: Generic classes of all legal forms in the name (``{"llc"}``).
        kind: The caller's kind for the name, if given.
        core: Tokens that can make a match (everything but legal forms).
        spaced: Keys of the distinctive words (all core words if none), sorted and
            space-joined: the order-free prefilter string.
        compact: Core token texts run together in order (or the pinyin for Han-only names).
        distinctive: True if some word is neither a legal form nor a generic symbol.
        orgish: True if the name reads as an organisation's (see ``_is_orgish``).
        words: Texts of the core words (2+ letters, no numbers).
        acronym: Initials of the core words other than particles, for names of 3+ such words
            that may be an organisation's ("pla" for People's Liberation Army), else "".
        family: For a personal name written "FAMILY, Given" (the lists' form), the family-name
            words; else empty.
    """

    __slots__ = ("original", "tokens", "han", "legal", "kind", "core", "spaced", "compact",
                 "distinctive", "orgish", "words", "_runs", "acronym", "_family", "_latin", "legal_words",
                 "contained_words", "origins", "_as_organisation", "written_forms")

    def __init__(self, original: str, tokens: tuple[Token, ...], han: HanName | None = None,
                 legal: frozenset[str] = frozenset(), kind: str | None = None) -> None:
        self.original = original
        self.tokens = tokens
        self.han = han
        self.legal = legal
        self.kind = kind
        self.core = tuple(t for t in tokens if t.kind != LEGAL)
        strong = [t.key for t in self.core if t.kind in (NAME, NUMBER, DOMAIN)]
        self.spaced = " ".join(sorted(strong or [t.key for t in self.core]))
        compact = "".join(t.text for t in self.core)
        self.compact = han.pinyin if not compact and han is not None else compact
        # (a legal form is never distinctive: a distinctive token is a strong core word)
        self.distinctive = bool(han is not None and han.core) or bool(strong)
        self.orgish = _is_orgish(tokens, legal, kind)
        self.words = frozenset(t.text for t in self.core if len(t.text) >= 2 and t.kind != NUMBER)
        self._runs: frozenset[str] | None = None
        self.acronym = _acronym(self.core) if self.orgish or kind is None else ""
        self._family: frozenset[str] | None = None
        self._latin: bool | None = None
        self.legal_words: tuple[frozenset[str], frozenset[str]] | None = None
        """Kept by ``score._candidate_legal`` (the texts of the core words and the words of the legal
        forms as written), computed once per listed name."""
        self.contained_words: tuple[tuple[Token, ...], bool] | None = None
        """Kept by ``containment.required_words`` (the words a contained name must show and whether
        one of them is distinctive), computed once per name."""
        self._as_organisation: PreparedName | None = None
        self.written_forms: dict[str, tuple[str, ...]] | None = None
        """Kept by ``score.listed_written_forms`` (a listed name's words as written where its core reads
        them otherwise), computed once per name."""
        self.origins: tuple[bool, ...] | None = None
        """Kept by ``score.name_origins`` (whether a personal name carries Arabic-origin evidence, is
        Korean-shaped, shows Wade–Giles, is Chinese-shaped, may be East Asian: ``respelling.py``),
        computed once per name."""

    @property
    def as_organisation(self) -> PreparedName:
        """The name read as an organisation's, for comparing a name of unknown kind with a listed
        organisation (see ``organisation_reading``); computed once."""
        if self._as_organisation is None:
            self._as_organisation = organisation_reading(self)
        return self._as_organisation

    @property
    def latin(self) -> bool:
        """True if every letter of the name is Latin (with or without diacritics)."""
        if self._latin is None:
            self._latin = _NON_LATIN_RE.search(self.original) is None
        return self._latin

    @property
    def family(self) -> frozenset[str]:
        """Family-name words of a personal name written "FAMILY, Given" (computed once)."""
        if self._family is None:
            self._family = _family_words(self.original, self.core) if not self.orgish else frozenset()
        return self._family

    @property
    def runs(self) -> frozenset[str]:
        """2–3-word runs run together and their initials ("siemensag", "pla"), computed once."""
        if self._runs is None:
            self._runs = _run_strings(self.tokens)
        return self._runs

    def __repr__(self) -> str:
        return f"PreparedName({self.original!r}, {[t.text for t in self.tokens]})"


# Fewest words a name needs for its initials to count as its acronym.  Why: the initials of two
# words ("Wang Wei" → "WW") are any two-letter string; three-word initials are already what
# lists publish as short forms (UAC, PLA, IRGC).
MIN_ACRONYM_WORDS = 3


def _acronym(core: tuple[Token, ...]) -> str:
    """Initials of the name's words other than particles and numbers (see MIN_ACRONYM_WORDS)."""
    words = [t for t in core if t.kind != STOP and t.kind != NUMBER]
    if len(words) < MIN_ACRONYM_WORDS:
        return ""
    return "".join(t.plain[:1] for t in words).lower()


def _family_words(original: str, core: tuple[Token, ...]) -> frozenset[str]:
    """Family-name words of a name written "FAMILY, Given names" (one comma), else empty."""
    if original.count(",") != 1:
        return frozenset()
    head = clean(original.partition(",")[0])
    if not head:
        return frozenset()
    head_words = {ascii_text(w).lower() for w in re.split(r"[\s\-]+", head) if w}
    # A word with an apostrophe ("A'INI", "O'NEIL") is read without it, as the core has it.
    head_words |= {_APOSTROPHE_RE.sub("", w) for w in head_words}
    return frozenset(t.text for t in core if t.text in head_words)


def _run_strings(tokens: tuple[Token, ...]) -> frozenset[str]:
    """Every 2–3-word run of a name, run together and as initials (for merge checks)."""
    plains = [t.raw if t.raw.isascii() else t.text for t in tokens]
    out = set()
    for i in range(len(plains) - 1):
        a, b = plains[i], plains[i + 1]
        out.add(a + b)
        out.add(a[:1] + b[:1])
        if i + 2 < len(plains):
            c = plains[i + 2]
            out.add(a + b + c)
            out.add(a[:1] + b[:1] + c[:1])
    return frozenset(out)


def _is_orgish(tokens: tuple[Token, ...], legal: frozenset[str], kind: str | None) -> bool:
    """True if a name reads as an organisation's.

    Rule: the caller's kind wins; otherwise a legal form, a sector word, or a generic symbol
    other than the honorifics and particles of personal names makes it an organisation name.
    """
    if kind is not None and kind != "unknown":
        return kind != "person"
    if legal:
        return True
    for t in tokens:
        if t.kind == DOMAIN and any(s.startswith("DOMAIN:") for s in t.symbols):
            return True
        if t.kind == GENERIC and not t.symbols & PERSON_SYMBOLS:
            return True
    return False


def clean(text: str) -> str:
    """Apply NFKC and case-folding, and squash whitespace."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _span_symbols(name: object) -> dict[int, set[str]]:
    """Map part index → symbols of single-part spans, plus multi-part number spans."""
    out: dict[int, set[str]] = {}
    for span in name.spans:  # type: ignore[attr-defined]
        category, _, value = str(span.symbol).strip("[]").partition(":")
        if len(span.parts) != 1:
            continue
        if category in GENERIC_CATEGORIES or category in DOMAIN_CATEGORIES:
            out.setdefault(span.parts[0].index, set()).add(f"{category}:{value}")
        elif category in ("NUM", "ORGCLS"):
            out.setdefault(span.parts[0].index, set()).add(f"{category}:{value}")
    return out


def _number_spans(name: object) -> list[tuple[int, int, str]]:
    """Multi-word spelt numbers ("forty four") as (first index, last index, value)."""
    spans = []
    for span in name.spans:  # type: ignore[attr-defined]
        category, _, value = str(span.symbol).strip("[]").partition(":")
        if category == "NUM" and len(span.parts) > 1:
            idx = [p.index for p in span.parts]
            spans.append((min(idx), max(idx), value))
    spans.sort(key=lambda s: s[0] - s[1])
    return spans


def _roman(text: str) -> int | None:
    """Value of a Roman numeral of two or more letters up to 39 ("ii", "viii", "xx"), else None."""
    if len(text) < 2 or text in _ROMAN_LOOKALIKES or _ROMAN_RE.fullmatch(text) is None:
        return None
    values = {"i": 1, "v": 5, "x": 10}
    total = 0
    for i, ch in enumerate(text):
        v = values[ch]
        total += -v if i + 1 < len(text) and values[text[i + 1]] > v else v
    return total


def _classify(part: object, symbols: set[str], first: bool) -> Token:
    tag = part.tag  # type: ignore[attr-defined]
    text = part.ascii or ascii_text(part.form) or part.form  # type: ignore[attr-defined]
    raw = part.form  # type: ignore[attr-defined]
    roman = None if first else _roman(text)
    if roman is not None:
        return Token(str(roman), NUMBER, frozenset(), raw)
    if tag == NamePartTag.LEGAL:
        # A form of several classes ("s.c." is lp and gp) keeps them all, sorted, so it reads the
        # same in every process and conflicts with another form only when no class is shared.
        classes = sorted({s.split(":")[1].lower() for s in symbols if s.startswith("ORGCLS:")})
        return Token(LEGAL_CLASS_SEPARATOR.join(classes) if classes else text, LEGAL, frozenset(), raw)
    # (most words carry no symbol: for them only the tag is read)
    numbers = sorted(s for s in symbols if s.startswith("NUM:")) if symbols else ()
    if tag == NamePartTag.NUM or numbers:
        value = numbers[0].split(":")[1] if numbers else text
        return Token(value, NUMBER, frozenset(), raw)
    if symbols:
        cats = {s.split(":")[0] for s in symbols}
        kept = frozenset(s for s in symbols if not s.startswith("ORGCLS:"))
        if cats & DOMAIN_CATEGORIES:
            return Token(text, DOMAIN, kept, raw)
        if cats & GENERIC_CATEGORIES:
            return Token(text, GENERIC, kept, raw)
    if tag == NamePartTag.STOP:
        return Token(text, STOP, frozenset(), raw)
    return Token(text, NAME, frozenset(), raw)


# Kinds of names that are an organisation's whatever their words.
# Kinds of listed party whose names are read as an organisation's (translated: lexicon.py).
ORG_KINDS = frozenset({"organization", "company", "vessel"})


# An initial or an abbreviation of up to four letters glued by its dot to the next word
# ("Stg.Benevolence", "Co.Ltd", "A. I.Shokina"): the two are separate words — not a web
# address's "amazon.com", nor a dotted abbreviation whose next part ends in a dot too ("S.Coop.",
# "S.p.A.": a legal form rigour reads whole).  Why: rigour reads "stg.benevolence" as one word,
# which then meets neither "Stichting" nor "Benevolence".
_GLUED_ABBREVIATION_RE = re.compile(
    r"(?<![\w.])([^\W\d_]{1,4})\.(?=(?!(?:com|net|org|info|biz)\b)[^\W\d_]{3,}(?![^\W\d_]|\.))")


# Abbreviations of a kind of body written with their dot ("Stg. Benevolence" for the Dutch
# foundation, stichting): the word.  Only with the dot: "STG-EKO" is a name.
DOTTED_ABBREVIATIONS: dict[str, str] = {"stg": "stichting"}
_DOTTED_RE = re.compile(r"\b(stg)\.\s*")
# The Persian ezafe ("of") hyphenated to a word of an organisation's name ("ANSAR-E HEZBOLLAH",
# "SEPAH-E PASDARAN", "KHANEH-YE ...", and between hyphens "JAISH-E-MOHAMMED", "LASHKAR-I-TAIBA"):
# a particle, left out as lists often do ("ANSAR UL HEZBOLLAH"); as a word of its own it read as
# the initial "E".
_EZAFE_RE = re.compile(r"(?<=[^\W\d_]{2})(?:-y?e(?![\w'’-])|-(?:y?e|i)-(?=[^\W\d_]{2}))")
# "Named after" (Russian "imeni", in Cyrillic "имени", abbreviated "im." / "им.") before the
# person a body is named after: left out of an organisation's name.  Why: lists write "... PLANT
# NAMED AFTER V.V. VOROVSKY", "... ZAVOD IMENI VOROVSKOGO", "... ЗАВОД ИМ. ВОРОВСКОГО" and "...
# PLANT V.V. VOROVSKY" for one body; the words name nobody (and "im." read as a legal form); not
# "Im. & Ex." (import and export).
DEDICATION_MARKER = r"\b(?:named after|imeni|имени)\b|(?<![\w.])(?:im|им)\.(?=\s*[^\W\d_])"
"""The words that open a dedication (``forms.without_dedication`` reads the name without it)."""
_NAMED_AFTER_RE = re.compile(DEDICATION_MARKER, re.IGNORECASE)


def _tokens(text: str, kind: str | None) -> tuple[Token, ...]:
    """The name's tokens; an organisation's words of other languages read in English (lexicon.py)."""
    if kind == "person":
        return _analysed_tokens(text, kind)
    text = english_pinyin_forms(text)
    text = _NAMED_AFTER_RE.sub(" ", _GLUED_ABBREVIATION_RE.sub(r"\1. ", spelt_legal_forms(text)))
    text = _DOTTED_RE.sub(lambda m: DOTTED_ABBREVIATIONS[m.group(1)] + " ", text)
    text = english_variants(_EZAFE_RE.sub(" ", text))
    tokens = _analysed_tokens(text, kind)
    org = kind in ORG_KINDS or any(t.kind in (LEGAL, GENERIC, DOMAIN) for t in tokens)
    if org and (named := state_names(text)) != text:
        text = named
        tokens = _analysed_tokens(text, kind)
    if not any(translate_word(t.text, org and t.kind == NAME) for t in tokens if t.kind != LEGAL):
        return tokens  # the common case, decided on the words already read (cached per word)
    legal_words = frozenset(w for t in tokens if t.kind == LEGAL for w in t.raw.split())
    translated, count = translate(text, legal_words, fuzzy=org)
    if count and (org or count >= MIN_LEXICON_WORDS or any(is_body_word(t.text) for t in tokens)):
        return _analysed_tokens(english_variants(translated), kind)
    return tokens


def _analysed_tokens(text: str, kind: str | None) -> tuple[Token, ...]:
    if not text.strip():
        return ()
    type_tag = _TYPE_TAGS.get(kind or "", NameTypeTag.ENT)
    if kind == "person":
        text = remove_person_prefixes(text)
    # An apostrophe inside a syllable of a hyphenated name (McCune–Reischauer "Ch'in-hyŏk",
    # "Ch'ol-ho" mark an aspirate) is dropped by rigour too, but only after it has read the
    # syllable behind it as a word of its own, where an organisation's "in" is "inc" ("ch'in" →
    # "chinc"): dropped first, the syllable is read whole. (Elsewhere the word is read as before:
    # "Mo'in" is not "Moin", one letter from "Amin".)
    if "-" in text:
        text = _HYPHENATED_RE.sub(lambda m: _INNER_APOSTROPHE_RE.sub("", m.group(0)), text)
    names = analyze_name(type_tag, text)
    if not names:
        return ()
    name = max(names, key=lambda n: len(n.parts))
    symbols = _span_symbols(name)
    merged: dict[int, tuple[int, str]] = {}
    covered: set[int] = set()
    for first, last, value in _number_spans(name):
        if covered.isdisjoint(range(first, last + 1)):
            merged[first] = (last, value)
            covered.update(range(first, last + 1))
    out: list[Token] = []
    for part in name.parts:
        if part.index in merged:
            last, value = merged[part.index]
            out.append(Token(value, NUMBER, frozenset(), part.form))
        elif part.index not in covered:
            out.append(_classify(part, symbols.get(part.index, set()), not out))
    tokens = [t for t in out if t.text]
    if kind == "person":
        # A person has no legal form: "Sia" in "WEI, Sia-Kang" is a given name, not a Latvian SIA.
        tokens = [Token(ascii_text(t.raw).lower() or t.text, NAME, frozenset(), t.raw) if t.kind == LEGAL else t
                  for t in tokens]
    if _IN_WORD_RE.search(text) and not _INC_WORD_RE.search(text):
        # rigour reads a word "In" as "Inc"; written so it is a name's word (the Korean syllable
        # of "Kim In Su", "Moon Jae In"), never a legal form.
        tokens = [Token("in", NAME, frozenset(), "in") if t.raw == "inc" and t.kind in (LEGAL, NAME) else t
                  for t in tokens]
    if kind != "person" and not _ROMANISED_FORM_WORDS.isdisjoint([t.text for t in tokens]):
        tokens = _romanised_legal_forms(tokens, _dotted_forms(text))
    return tuple(tokens)


_IN_WORD_RE = re.compile(r"(?<![\w.])in(?![\w.])", re.IGNORECASE)
_INC_WORD_RE = re.compile(r"(?<!\w)inc(?!\w)", re.IGNORECASE)


def _dotted_forms(text: str) -> frozenset[str]:
    """The ``TRAILING_LEGAL_FORMS`` written with dots in the text ("S.A.L." → "sal")."""
    if "." not in text:
        return frozenset()
    found = (re.sub(r"[.\s]", "", m.group(1)).lower() for m in _DOTTED_FORM_RE.finditer(text))
    return frozenset(f for f in found if f in TRAILING_LEGAL_FORMS)


def _trailing_form(tokens: list[Token], i: int, dotted: frozenset[str]) -> bool:
    """Whether token ``i`` is a form of ``TRAILING_LEGAL_FORMS`` where it stands."""
    word = tokens[i].text
    if tokens[i].kind != NAME or word not in TRAILING_LEGAL_FORMS:
        return False
    if word in dotted:
        return True
    if word in LAST_WORD_FORMS:
        return i == len(tokens) - 1 and i >= 1
    if word in AMBIGUOUS_TRAILING_FORMS:
        return i >= 2 and all(t.kind in (LEGAL, GENERIC) for t in tokens[i + 1:])
    return i >= 1


def _romanised_legal_forms(tokens: list[Token], dotted: frozenset[str] = frozenset()) -> list[Token]:
    """Replace word runs of ``ROMANISED_LEGAL_FORMS`` by one legal-form token, and a form of
    ``TRAILING_LEGAL_FORMS`` where it stands (``_trailing_form``) too."""
    forms = [_trailing_form(tokens, i, dotted) for i in range(len(tokens))]
    if any(forms):
        tokens = [Token(TRAILING_LEGAL_FORMS[t.text], LEGAL, frozenset(), t.raw) if form else t
                  for t, form in zip(tokens, forms)]
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        for size in (2, 1):
            run = tuple(t.text for t in tokens[i:i + size])
            cls = ROMANISED_LEGAL_FORMS.get(run) if len(run) == size else None
            if cls is not None:
                out.append(Token(cls, LEGAL, frozenset(), " ".join(t.raw for t in tokens[i:i + size])))
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def organisation_reading(name: PreparedName) -> PreparedName:
    """A name of unknown kind read as an organisation's words, or the name itself if that reads
    every word the same.

    Rule: a listed organisation's name has its words of other languages read in English
    (lexicon.py: "Schwartz Gruppe" → "schwartz group", "Vertolety Rossii" → "helicopters
    russia"); a screened name of unknown kind is translated only on evidence that it
    is an organisation's (a legal form, two lexicon words), since a personal name may hold such a
    word. Compared with a listed organisation, the screened name is also read as one, so that the
    two are read alike; its kind stays unknown (only its words change). Only a word of the lexicon
    as written (or one edit from a word of a kind of body) starts it: a name that reads so only
    fuzzily ("Karlo Modric" as "cargo modric", "Alexander Ganov" as "alexander gas") is a person's
    as often.
    """
    if name.kind is not None or not any(t.kind == NAME and (translate_word(t.text, False) or is_near_body_word(t.text))
                                        for t in name.tokens):
        return name
    read = _prepare_name(name.original[:MAX_NAME_LENGTH], "organization")
    if read.tokens == name.tokens:
        return name
    return PreparedName(name.original, read.tokens, read.han, read.legal, None)


def prepare_name(name: str, kind: str | None = None) -> PreparedName:
    """Reduce a name to tokens for comparison.

    Rule: only the first ``MAX_NAME_LENGTH`` characters of a name are read, so that preparing,
    indexing and scoring stay linear in the input whatever reaches the engine.

    Args:
        name: The name as written, in any script.
        kind: ``person`` / ``organization`` / ``vessel`` when known; selects rigour's person or
            organisation rules (prefixes such as "Mr" or "OAO"); None treats it as either.

    Returns:
        The prepared name; Han characters are split off into ``han``.
    """
    if len(name) > MAX_NAME_LENGTH:
        name = name[:MAX_NAME_LENGTH]
    return _prepare_name(name, kind)


@lru_cache(maxsize=65536)
def _prepare_name(name: str, kind: str | None) -> PreparedName:
    text = clean(name)
    han = None
    romanised = False
    if has_han(text):
        han_text, rest = split_han(text)
        han = prepare_han(han_text)
        if han is not None and han.japanese and _KANA_RE.search(text):
            # Kana are read as Latin words in place ("株式会社IHIエアロスペース" → "ihi aerospace");
            # kana.py is imported only when a name has kana.
            from partyscreen.matching.kana import romanise_kana_in

            _, rest = split_han(romanise_kana_in(text))
            romanised = True
        text = rest
    reading = hangul_person_reading(text, kind) if has_hangul(text) else None
    # A Hangul personal name is read as the lists romanise Korean names (hangul.py), as a person's.
    tokens = _tokens(reading, "person") if reading else _tokens(text, kind)
    if han is not None and han.core and tokens:
        # Han words beside Latin letters or romanised kana ("IHI宇航株式会社", "三菱重工航空エンジン")
        # are words of the same name no Latin name spells: they count (unmatched) when the name is
        # compared word by word, so that the Latin or kana words alone never make the match.
        rest_han = _KANA_RE.sub("", han.core).replace("\u30fb", "") if romanised else han.pinyin or han.core
        if rest_han and (romanised or _EMBEDDED_RE.search(clean(name))):
            tokens = (*tokens, Token(rest_han, NAME, frozenset(), rest_han))
    legal = {c for t in tokens if t.kind == LEGAL for c in t.text.split(LEGAL_CLASS_SEPARATOR)}
    if han is not None:
        legal.update(c for form in han.legal for c in form.split(LEGAL_CLASS_SEPARATOR))
    return PreparedName(name, tokens, han, frozenset(legal), kind)


def normalize_name(name: str) -> str:
    """Return the stable comparison form of a name, suitable for storing in a DB column.

    Rule: NFKC, case-fold, transliterate to ASCII (Han: simplified characters kept), legal
    forms replaced by their generic class in angle brackets, generic words by their rigour
    symbol, numbers by their value; words in the original order, single spaces.
    "Lockheed Martin Corporation" and "LOCKHEED MARTIN CORP" both give
    ``"lockheed martin co"``; "Huawei Technologies Co., Ltd." gives
    ``"huawei tech <llc>"``.

    Args:
        name: The name as written.

    Returns:
        The comparison form (empty if the name has no letters or digits).
    """
    prepared = prepare_name(name)
    parts = [f"<{t.text}>" if t.kind == LEGAL else t.key for t in prepared.tokens]
    if prepared.han is not None:
        han = prepared.han
        parts = [han.core, *han.generic, *(f"<{c}>" for c in han.legal), *parts]
    return " ".join(p for p in parts if p)
