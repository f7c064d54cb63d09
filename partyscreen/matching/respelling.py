"""Arabic and Persian personal names in another romanisation: "Wehbe" / "Wihbi", "Mohamed" /
"Muhammad", "Hussein" / "Husayn", "Omairi" / "Umayri", "Louka" / "Louca".

Rule: Arabic script writes short vowels rarely and long ones with three letters, so the same
name comes romanised with its consonants the same and its vowels varying within a class: the
fatha as "a" or "e" ("Ahmad" / "Ahmed"), the kasra as "i" or "e" ("Hisham" / "Hesham"), the
damma as "u" or "o", long u as "ou"/"oo" ("Youssef"), the diphthong ay as "ay", "ai", "ei", "ey"
("Husayn" / "Hussein" / "Husain"); a doubled consonant (shadda) written once or twice; a final
"-ah"/"-eh" (ta marbuta) with or without its "h"; and a few consonants in two spellings ("gh"/"q",
"c"/"k", "w"/"v", "b"/"p" in Turkish and Persian practice, "dh"/"z", "ch"/"sh" in French
practice). ``arabic_alike`` reads two words as one name spelt that way: the same consonants in
the same places, each vowel run of one word of a class the other's allows (``_VOWEL_CLASSES``:
"Hasan" and "Husayn", "Hossein" and "Hasan" stay apart: a and u differ).

These respellings are everyday differences of Slavic, Western and Hispanic surnames too
("Radek" / "Radic", "Kolar" / "Koller", "Recio" / "Riccio"), so they are read only between two
names that both carry Arabic-origin evidence (``arabic_evidence``: a given name or particle of
``ARABIC_NAMES``, as written) — every word of them only where a name holds two such words or
more ("Bilal Hasan Rihmi"), else the lexicon's words alone ("Hasan Radic" / "RADEK, Hasan": Radic
is read as written, see ``score._origin_pair``) — and a respelt word is given ``ARABIC_NAME_SIMILARITY`` when both
words are such names ("Mohamed" / "Muhammad"), else at most ``RESPELT_SIMILARITY`` — and only in
words of ``RESPELT_MIN_LETTERS`` letters or more whose first letters are the same or of one class
(``_FIRST_CLASSES``). The person rules (``score._personal_cap``) then still ask for the family
name and a given name to be met.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from partyscreen.matching.hangul import has_hangul

# Given names and particles of Arabic (and Persian, Turkish, Urdu usage of Arabic) names, as
# commonly romanised; a name word of either list spelt otherwise is found through
# ``arabic_alike`` (see ``_lexicon_word``).
# The article, written apart, with or without a family or compound name ("AL-BITAR" / "BITAR",
# "ABD AL-RAHMAN").
ARABIC_ARTICLES = frozenset({"al", "el", "ul"})
ARABIC_PARTICLES = frozenset({
    "al", "abd", "abdel", "abdul", "abdal", "abdol", "abu", "abou", "bin", "ibn", "bint", "ould", "wuld", "umm",
    "haji", "hajji", "sheikh", "shaykh",
})
ARABIC_NAMES = frozenset({
    "muhammad", "mohammad", "mohammed", "mohamed", "mohamad", "muhammed", "ahmad", "ahmed", "mahmud", "mahmoud",
    "mustafa", "mostafa", "ali", "hasan", "hassan", "husayn", "hussein", "hussain", "hossein", "husain", "husam",
    "hussam", "houssam", "umar", "uthman", "osman", "othman", "abdullah", "abdallah", "abdulla", "ibrahim",
    "ismail", "musa", "yusuf", "youssef", "yousef", "yusef", "yunus", "yunis", "younis", "younes", "yahya",
    "yahia", "zakariya", "khalid", "khaled", "khalil", "karim", "kareem", "rahman", "rahim", "hamid", "hamed",
    "hamad", "hamza", "hamzah", "hashim", "hisham", "hesham", "jamal", "jamil", "kamal",
    "salih", "saleh", "salem", "salim", "saeed", "saad", "sa'd", "saif", "sayf", "sayyid", "sayed",
    "tariq", "tarek", "tareq", "walid", "waleed", "yasin", "yassin", "yasser", "yasir", "zayd", "zaid",
    "zeid", "ziad", "ziyad", "bilal", "faruq", "farouk", "faisal", "faysal", "fahd", "fahad", "fawzi",
    "fuad", "fouad", "ghazi", "habib", "hafiz", "haidar", "haydar", "haider", "idris", "jafar",
    "jaafar", "jabir", "jaber", "majid", "majed", "mansur", "mansour", "marwan", "masud", "masoud", "mubarak",
    "muhsin", "mohsen", "munir", "mounir", "murad", "mourad", "nabil", "nabeel", "nasir", "nasser", "naser",
    "nasr", "nuri", "qasim", "kassem", "qassem", "rashid", "rachid", "rashed", "ridha",
    "reza", "rida", "sadiq", "sadeq", "samir", "sharif", "shareef", "sulayman", "sulaiman",
    "suleiman", "soleiman", "talal", "taha", "tahir", "taher", "tawfiq", "tawfik",
    "usama", "osama", "usamah", "wahab", "wahhab", "zuhayr", "zuhair", "anwar",
    "ammar", "adnan", "adil", "akram", "asad", "asadollah", "asadullah", "ayman", "aziz", "badr",
    "bashir", "basheer", "fadl", "fadel", "fathi", "ghassan", "haytham", "haitham", "imad", "emad",
    "jihad", "khalifa", "latif", "maher", "mahir", "mazen", "mazin", "mujahid", "mukhtar", "nizar",
    "qadir", "qader", "rafiq", "rafik", "ramadan", "ramzi", "riyad", "riad", "sabri",
    "saddam", "safwan", "shadi", "shakir", "shaker", "ubayd", "obaid", "wael", "yaqub", "yaqoub",
    "zaki", "zakaria", "khadija", "zaynab", "zainab", "abdu", "abdo", "abdou", "abdi",
    "hamdan", "hamud", "hammoud", "hamoud", "nuh", "harun", "haroun", "idriss", "ilyas", "ayyub", "ayub",
    "dawud", "daoud", "sulayman", "abbas", "habibullah", "nasrallah", "fadlallah", "ruhollah", "hezbollah",
    "ghulam", "inayat", "iqbal", "sayyed", "seyed", "seyyed", "hojjat", "mehdi", "mahdi",
    "mehmet", "abdulkadir", "abdulkarim", "abdelkarim", "abdulaziz", "abdelaziz", "abdulrahman",
    "abdelrahman", "abderrahmane", "abdurrahman", "abdulmajid", "abdelmajid", "abdelmalek", "abdulmalik",
    "abdulwahab", "abdulvahap", "abdelwahab", "abdulhamid", "abdelhamid", "abdulqadir", "abdelkader",
})

# Abbreviations of a given name, as Malaysian and Singaporean records write it
# ("Mohd Rafi", "Muhd Yusof"): the name itself when read respelt (``arabic_similarity``).
ABBREVIATED_NAMES = {"mohd": "muhammad", "muhd": "muhammad", "mhd": "muhammad"}

# Similarity of two Arabic given names (``ARABIC_NAMES``) or particles spelt in two
# romanisations ("Mohamed" / "Muhammad", "Hussein" / "Husayn"): as for two romanisations of a
# Cyrillic name (``score.ROMANISATION_SIMILARITY``).
ARABIC_NAME_SIMILARITY = 0.95
# Similarity of any other two words of Arabic names spelt alike by ``arabic_alike`` ("Wehbe" /
# "Wihbi", "Omairi" / "Umayri"): a likely respelling, not the same spelling — below two words of
# eight letters one typo apart, above a family name's FAMILY_MATCH_SIMILARITY.
RESPELT_SIMILARITY = 0.85
# Fewest letters of both words for a respelling of a word outside ``ARABIC_NAMES`` (in shorter
# words a vowel is a third of the word, and "Ali" / "Ela", "Saad" / "Sid" are other names).
RESPELT_MIN_LETTERS = 5
# First letters of one class for a respelt word ("Ghodomi" / "Qaddoumi", "Kassem" / "Qassem",
# "Vahap" / "Wahab"); any other different first letter is another name. A vowel against a vowel
# is the vowel rule's ("Omairi" / "Umayri").
_FIRST_CLASSES = (frozenset("gqk"), frozenset("ck"), frozenset("vw"), frozenset("aeiou"), frozenset("dz"))

# Consonant spellings unified before reading vowels (longest first): "gh"/"q"/"k" are one class
# ("Ghaddafi" / "Qaddafi", "Kassem" / "Qassem"), "dh"/"z", "ph"/"f", "w"/"v", "p"/"b", "c"/"k",
# "ch"/"sh", "dj"/"j", "ck"/"k", "kh" kept (it is a letter of its own: "Khalid" is not "Halid").
# "sh" (and French "ch", German "sch") is one letter, not "s": "Shakir" is not "Saker", "Bashir"
# not "Buasir".
_CONSONANTS = (("kh", "x"), ("gh", "k"), ("sch", "S"), ("sh", "S"), ("ch", "S"), ("q", "k"), ("ck", "k"),
               ("c", "k"), ("dh", "z"), ("ph", "f"), ("dj", "j"), ("w", "v"), ("p", "b"))
# Letters read as vowels (y inside a word after a vowel and before a consonant or the end: "Husayn").
_VOWELS = frozenset("aeiouy")
# What each vowel letter may stand for: a = fatha; i = kasra; u, o = damma; e = fatha or kasra.
_VOWEL_CLASSES = {"a": "a", "e": "ai", "i": "i", "o": "u", "u": "u", "y": "i"}
# A vowel run of two letters with a/e/o then i/y is the diphthong ay ("ai", "ay", "ei", "ey").
_DIPHTHONG = "d"
_SPLIT_RE = re.compile(r"([aeiouy]+)")
_APOSTROPHES_RE = re.compile(r"['\u2019\u02bc\u2018`]")


# Arabic compound names written as one word or several: "ABD AL-RAHMAN" / "Abdulrahman" /
# "Abderrahmane" / "Abdurrahman", "NUR AL-DIN" / "Noureddine" / "Nuruddin" / "Nuredin", "NASR
# ALLAH" / "Nasrullah" / "Nasrallah". The article before a sun letter is written as that letter
# doubled ("ar-Rahman", "ed-Dine"), the connecting vowel any of a, e, u, o, i, and a final mute e
# in French practice ("-ane", "-ine"). ``arabic_compound`` reads such a word, or a run of words
# run together, as one canonical form ("abdalrahman", "nuraldin", "nasrallah") before its
# skeleton is taken (``arabic_key``), so that the forms meet each other.
# "Abd" and the article ("Abdul", "Abdel", "Abd al-") or the article assimilated ("Abdur-Rahman",
# "Abderrahmane"), or a vowel before a consonant (Somali "Abdirahman"); never before a vowel
# without the article ("Abdiel", "Abdias" are Hebrew names).
_ABD_RE = re.compile(r"abd(?:([aeiou]{0,2}l)|[aeiou](?=[^aeiou]))?([^aeiou].{2,}|(?<=l)[aeiou].{2,})")
_SUN_LETTERS = frozenset("tdrzsln")
# "-al-din", "-el-din" (with a final e only after a stem of four letters or more: "Nasraldine",
# not "Geraldine"), "-eddine", "-addin", "-oddin" (not "-adden": "McFadden"), "-uddin", "-udin"
# (Bosnian "Nasrudin", "Sejfudin") after a consonant ("Claudine", "Beaudin", "Renaudin",
# "Leopoldine" are no compounds).
_DIN_RE = re.compile(r"(.{3,}?)(?:[aeiou]ld(?:i|ee)n|(?<=.{4})[ae]ld(?:i|ee)ne|[aeo]dd(?:i|ee|y)ne?"
                     r"|(?<=[^aeiouy])udd?(?:i|ee)ne?)")
# "-allah", "-ullah", "-ollah" after a consonant ("Priscillah", "Stellah", "Camillah", "Carulla",
# "Medulla" are no compounds).
_ALLAH_RE = re.compile(r"(.{2,}[^aeiouy])[aeou]llah")
# Nisba endings: "Abdellaoui" is a family name from "Abdallah", not the name itself.
_NISBA_RE = re.compile(r".*(?:aoui|awi|oui)")
# Hebrew and Spanish names that read as an "Abd" compound.
NOT_COMPOUNDS = frozenset({"abdenago", "abdon", "yeraldin", "jeraldin", "geraldin", "gertrudine"})
# A word "Abdi", "Abdo", "Abdu" standing alone is a name of its own (Somali, Yemeni), not the
# first half of a compound written apart: "Abdi Ali" is not "Abdulali".
_LONE_ABD_RE = re.compile(r"abd[aeiou]{1,2}")


def joins_compound(words: Sequence[str]) -> bool:
    """True if a run of words written apart may be one compound name written together
    (``arabic_compound``): not one opening with a lone "Abdi" / "Abdo" / "Abdu" before anything
    but the article."""
    return not (_LONE_ABD_RE.fullmatch(words[0]) and len(words) > 1 and words[1] not in ARABIC_ARTICLES)


@lru_cache(maxsize=1 << 16)
def arabic_compound(word: str) -> str | None:
    """The canonical form of an Arabic compound name (see ``_ABD_RE``: "abderrahmane" →
    "abdalrahman", "noureddine" → "nouraldin", "nasrullah" → "nasrallah"), or None for a word
    that is no such compound."""
    if word in NOT_COMPOUNDS or _NISBA_RE.fullmatch(word):
        return None
    out = word
    m = _ABD_RE.fullmatch(out)
    if m:
        rest = m.group(2)
        if not m.group(1) and rest[0] == rest[1] and rest[0] in _SUN_LETTERS:
            rest = rest[1:]  # the article assimilated: "abdurrahman", "abdessalam"
        out = "abdallah" if rest in ("la", "lah") else "abdal" + rest  # "Abdulla", "Abdullah"
    din = _DIN_RE.fullmatch(out)
    allah = None if din else _ALLAH_RE.fullmatch(out)
    if din:
        out = din.group(1) + "aldin"
    elif allah:
        out = allah.group(1) + "allah"
    elif not m:
        return None
    if len(out) > 4 and out[-1] == "e" and out[-2] not in _VOWELS:
        out = out[:-1]  # French mute e: "abdalrahmane"
    return out


@lru_cache(maxsize=1 << 16)
def _shape(word: str) -> tuple[str, tuple[frozenset[str], ...]] | None:
    """The word's consonant skeleton with a placeholder per vowel run ("V"), and each vowel
    run's classes, a compound name read in its canonical form (``arabic_compound``); None if the
    word has letters other than a–z."""
    return _written_shape(arabic_compound(word) or word)


@lru_cache(maxsize=1 << 16)
def _written_shape(word: str) -> tuple[str, tuple[frozenset[str], ...]] | None:
    """``_shape`` of the word as written (a compound not read)."""
    segments = latin_segments(word)
    if segments is None:
        return None
    skeleton = "".join("V" if seg[0] in _VOWELS else seg for seg in segments)
    return skeleton, tuple(_run_classes(seg) for seg in segments if seg[0] in _VOWELS)


@lru_cache(maxsize=1 << 16)
def latin_segments(word: str) -> tuple[str, ...] | None:
    """The word's consonants (spellings of one sound unified, ``_CONSONANTS``; a doubled one
    once; "Y" for y as a consonant) and its vowel runs as written, in order: ("m", "u", "h", "a",
    "m", "a", "d") for "Muhammad", ("h", "u", "s", "ay", "n") for "Husayn"; None if the word has
    letters other than a–z. ``arabic_key`` reads a vowel run as "V"; ``arabic_script.py`` meets
    it with the letters Arabic script writes."""
    word = _APOSTROPHES_RE.sub("", word)
    if not word.isalpha() or not word.isascii():
        return None
    # Final ta marbuta: "-ah"/"-eh" is "-a".
    if len(word) > 3 and word[-1] == "h" and word[-2] in "ae":
        word = word[:-1]
    for spelt, one in _CONSONANTS:
        if spelt in word:
            word = word.replace(spelt, one)
    # "i" before a vowel is the consonant y ("Yahia" / "Yahya"); "y" first or before a vowel too.
    letters = list(word)
    for k, ch in enumerate(letters):
        nxt = letters[k + 1] if k + 1 < len(letters) else ""
        if ch == "i" and k > 0 and nxt in "aeou" and nxt:
            letters[k] = "Y"
        elif ch == "y" and (k == 0 or (nxt and nxt in _VOWELS)):
            letters[k] = "Y"
    word = "".join(letters)
    segments: list[str] = []
    for part in _SPLIT_RE.split(word):
        if not part:
            continue
        if part[0] in _VOWELS:
            segments.append(part)
        else:
            for ch in part:
                if not segments or segments[-1] != ch:  # a doubled consonant written once
                    segments.append(ch)
    return tuple(segments)


def _run_classes(run: str) -> frozenset[str]:
    if len(run) == 1:
        return frozenset(_VOWEL_CLASSES[run])
    if run in ("ou", "oo", "uu", "ow"):
        return frozenset("u")
    if run in ("ee", "ii", "ie", "iy", "ey", "ei", "ay", "ai", "ae", "oi", "oy", "uy", "ui"):
        # the diphthong ay, or a long i ("ee", "ie")
        return frozenset((_DIPHTHONG, "i")) if run[0] in "aeo" else frozenset("i")
    if run in ("aa", "ah"):
        return frozenset("a")
    out: set[str] = set()
    for ch in run:
        out.update(_VOWEL_CLASSES[ch])
    return frozenset(out)


def arabic_key(word: str, written: bool = False) -> str:
    """The word's consonant skeleton with a "V" per vowel run ("wVhbV" for "Wehbe" and "Wihbi"):
    the same for every spelling ``arabic_alike`` accepts ("" for a word not in a–z); a compound
    name in its canonical form, or as written with ``written``."""
    shape = _written_shape(word) if written else _shape(word)
    return shape[0] if shape is not None else ""


@lru_cache(maxsize=1 << 18)
def arabic_alike(a: str, b: str) -> bool:
    """True if two words are one Arabic name spelt in two romanisations (see the module rule):
    the same skeleton, each vowel run's classes meeting the other's — as written, or, for two
    compound names, in their canonical forms (``arabic_compound``)."""
    if a == b:
        return True
    if arabic_compound(a) is not None and arabic_compound(b) is not None and _shapes_meet(_shape(a), _shape(b)):
        return True
    return _shapes_meet(_written_shape(a), _written_shape(b))


def _shapes_meet(sa: tuple[str, tuple[frozenset[str], ...]] | None,
                 sb: tuple[str, tuple[frozenset[str], ...]] | None) -> bool:
    if sa is None or sb is None or sa[0] != sb[0] or len(sa[0]) < 2:
        return False
    return all(x & y for x, y in zip(sa[1], sb[1]))


@lru_cache(maxsize=1 << 16)
def _lexicon_word(word: str) -> bool:
    """True if the word is a particle of ``ARABIC_PARTICLES`` or a name of ``ARABIC_NAMES``, as
    written or (for words of RESPELT_MIN_LETTERS letters or more) spelt otherwise."""
    if (word in ARABIC_PARTICLES or word in ARABIC_NAMES or word in ABBREVIATED_NAMES
            or arabic_compound(word) is not None):
        return True
    if len(word) < RESPELT_MIN_LETTERS:
        return False
    key = arabic_key(word)
    return any(arabic_alike(word, name) for name in _NAMES_BY_KEY.get(key, ()))


_NAMES_BY_KEY: dict[str, list[str]] = {}
for _name in ARABIC_NAMES:
    _NAMES_BY_KEY.setdefault(arabic_key(_name), []).append(_name)


def arabic_evidence(words: tuple[str, ...]) -> int:
    """How much Arabic-origin evidence a personal name (its words) carries: the number of its
    words that are a given name or a particle of ``ARABIC_NAMES`` / ``ARABIC_PARTICLES`` (spelt as
    listed, or otherwise in a word of ``RESPELT_MIN_LETTERS`` letters or more); 0 for none."""
    return sum(1 for w in words if _lexicon_word(w))


def arabic_lexicon_word(word: str) -> bool:
    """True if the word is a given name or particle of the lexicon (see ``_lexicon_word``)."""
    return _lexicon_word(word)


def _first_letters_agree(a: str, b: str) -> bool:
    return a[0] == b[0] or any(a[0] in c and b[0] in c for c in _FIRST_CLASSES)


@lru_cache(maxsize=1 << 18)
def arabic_similarity(a: str, b: str) -> float:
    """How alike two words of two names carrying Arabic evidence are as respellings (0 if
    ``arabic_alike`` does not read them as one name): ``ARABIC_NAME_SIMILARITY`` for two lexicon
    names or particles, ``RESPELT_SIMILARITY`` for other words of ``RESPELT_MIN_LETTERS`` letters or
    more with first letters of one class."""
    a, b = ABBREVIATED_NAMES.get(a, a), ABBREVIATED_NAMES.get(b, b)
    if not arabic_alike(a, b):
        return 0.0
    if _lexicon_word(a) and _lexicon_word(b):
        return ARABIC_NAME_SIMILARITY
    if min(len(a), len(b)) < RESPELT_MIN_LETTERS or not _first_letters_agree(a, b):
        return 0.0
    return RESPELT_SIMILARITY


# Korean personal names in McCune–Reischauer (the North's and the lists' older practice:
# "Chong-chol", "Pak", "Ch'in-hyok") and Revised Romanization (the South's: "Jeong-cheol",
# "Park", "Jin-hyeok"). A syllable's first consonant is written voiced or voiceless (ch/j, k/g,
# t/d, p/b), eo/ŏ as "o", eu/ŭ as "u", "ee"/"oo" for i/u, and the family names have spellings
# of their own ("Park", "Lee", "Choi"). Read only between two Korean-shaped names
# (``korean_shaped``): a family name of ``KOREAN_SURNAMES`` and a given name of two syllables
# written apart or hyphenated — elsewhere ch/j and k/g tell two names apart ("Chang" / "Jang").
KOREAN_SURNAMES: tuple[frozenset[str], ...] = tuple(frozenset(s.split()) for s in (
    "pak park bak", "choe choi chwe", "jong chong jeong jung chung", "lee li ri yi rhee", "kim gim",
    "kang gang", "cho jo", "yun yoon", "jang chang", "im lim rim", "oh o", "seo so", "sin shin",
    "kwon gwon", "hwang", "an ahn", "ryu yu yoo", "hong", "jon jeon chon", "ko go koh", "mun moon",
    "yang", "son", "pae bae", "paek baek", "ho heo hur", "nam", "sim shim", "roh noh no", "ha", "kwak gwak",
    "ju chu joo", "ku koo gu", "min", "kye gye", "kil gil", "pyon byun byeon", "om eom um", "chae",
    "yom yeom", "pang bang", "kong gong", "hyon hyun hyeon", "sok seok", "kum geum", "myong myeong myung",
    "tak", "won", "song", "cha", "han", "u woo wu",
))
_SURNAME_CLASS = {name: min(group) for group in KOREAN_SURNAMES for name in group}
# Similarity of two Korean syllables (or family names) one in each romanisation: a respelling,
# as likely the same name as two romanisations of a Cyrillic one, a little below.
KOREAN_SIMILARITY = 0.9
# The first consonant: "th", "kh", "ph" are the aspirates as North Korean practice writes them
# ("Thaek", "Phyo").
_KOREAN_SYLLABLE_RE = re.compile(r"(?:ch|ts|th|kh|ph|[bcdghjklmnprstwy])?(?:[wy])?(?:[aeiou]{1,3})(?:ng|[nmlkpt])?")
_KOREAN_INITIALS = (("ch", "j"), ("th", "d"), ("kh", "g"), ("ph", "b"), ("k", "g"), ("t", "d"), ("p", "b"),
                    ("sh", "s"))


@lru_cache(maxsize=1 << 14)
def korean_key(syllable: str) -> str:
    """A Korean syllable with McCune–Reischauer and Revised Romanization spellings unified
    ("chong", "jong", "jeong" → "jong"); "" if it is not shaped as one syllable."""
    syllable = _APOSTROPHES_RE.sub("", syllable)
    if _KOREAN_SYLLABLE_RE.fullmatch(syllable) is None:
        return ""
    for spelt, one in _KOREAN_INITIALS:
        if syllable.startswith(spelt):
            syllable = one + syllable[len(spelt):]
            break
    # "Young" is the South's usual spelling of yeong / yŏng.
    return syllable.replace("eo", "o").replace("eu", "u").replace("ee", "i").replace("oo", "u").replace("ou", "o")


def east_asian_word(word: str) -> bool:
    """True if a word of a personal name may be a romanised Chinese, Korean or Burmese name
    syllable written alone: a pinyin syllable of two letters or more ("Li", "Cheng", "Ng",
    "Min"), a Wade–Giles word ("Hsu") or a family name of ``KOREAN_SURNAMES`` ("Kim", "Pak")."""
    from partyscreen.matching.scripts import PINYIN_SYLLABLES

    return (len(word) >= 2 and word in PINYIN_SYLLABLES) or word in _SURNAME_CLASS or wade_giles_word(word)


def korean_shaped(words: tuple[str, ...], family: frozenset[str]) -> bool:
    """True if a personal name reads as a romanised Korean one: a family word of
    ``KOREAN_SURNAMES`` (the marked family name, else the first or last word) and a given name of
    two syllables written apart or hyphenated ("KWAK, Chong-chol", "Pak Chin Hyok")."""
    if len(words) != 3:
        return False
    if family:
        heads = [w for w in words if w in family]
        if len(heads) != 1:
            return False
        rest = [w for w in words if w not in family]
        return heads[0] in _SURNAME_CLASS and all(korean_key(g) for g in rest)
    return any(words[k] in _SURNAME_CLASS and all(korean_key(g) for g in (words[1:] if k == 0 else words[:-1]))
               for k in (0, 2))


# Family names Korean has and Chinese (pinyin, Wade–Giles, Cantonese) does not: evidence on
# their own that a name is Korean ("Li", "Yang", "Han", "Song", "Kong", "Ho" are Chinese too).
KOREAN_ONLY_SURNAMES = frozenset({
    "kim", "gim", "pak", "park", "bak", "choe", "choi", "chwe", "ri", "rim", "jong", "jeong", "kwak", "gwak",
    "ryu", "yun", "yoon", "jeon", "jon", "hwang", "kwon", "gwon", "eom", "yeom", "byun", "byeon", "pyon",
    "hyeon", "kye", "gye", "roh", "noh", "oh", "o", "heo", "hur", "ahn", "paek", "baek", "pae", "bae",
    "myong", "myeong", "seok", "sok", "geum", "kum", "seo",
})
# Vowels Korean romanisations write and pinyin never does (eo, eu, ae, oe; ui outside a pinyin word).
_KOREAN_VOWELS_RE = re.compile(r"eo|eu|ae|oe")
_HYPHEN_RE = re.compile(r"[^\W\d_]-[^\W\d_]")


def korean_evidence(words: tuple[str, ...], original: str) -> bool:
    """True if a Korean-shaped name shows what only a Korean name shows: a family name of
    ``KOREAN_ONLY_SURNAMES``, a vowel pinyin does not write (eo, eu, ae, oe, or ui in a word that is
    no pinyin), a hyphenated given name or an apostrophe ("Jong-chol", "Ch'in"), or is written in
    Hangul."""
    from partyscreen.matching.score import _pinyin_split

    if has_hangul(original) or _HYPHEN_RE.search(original) or _APOSTROPHES_RE.search(original):
        return True
    return any(w in KOREAN_ONLY_SURNAMES or _KOREAN_VOWELS_RE.search(w)
               or ("ui" in w and _pinyin_split(w) is None) for w in words)


def all_pinyin(words: tuple[str, ...]) -> bool:
    """True if every word of a name is pinyin (one or more syllables)."""
    from partyscreen.matching.score import _pinyin_split

    return bool(words) and all(_pinyin_split(w) is not None for w in words)


@lru_cache(maxsize=1 << 16)
def korean_similarity(a: str, b: str) -> float:
    """``KOREAN_SIMILARITY`` for two syllables (or two family names) of Korean names that are one
    in the other romanisation, else 0."""
    if a == b:
        return 1.0
    ca, cb = _SURNAME_CLASS.get(a), _SURNAME_CLASS.get(b)
    if ca is not None and ca == cb:
        return KOREAN_SIMILARITY
    ka, kb = korean_key(a), korean_key(b)
    return KOREAN_SIMILARITY if ka and ka == kb else 0.0


# Chinese names in Wade–Giles (Taiwan, Hong Kong, older lists: "Hsueh Kang", "Tsai", "Chih-hao")
# and in pinyin ("Xuekang", "Cai", "Zhihao"). Wade–Giles writes an aspirate with an apostrophe
# that lists drop, so a syllable has several pinyin readings ("chang": zhang or chang, "kang":
# gang or kang). A name is read as Wade–Giles only when it shows it — a word that is no pinyin
# (``wade_giles_word``: "hsueh", "tsai", "chih", "tung") — and then only against a name whose every
# word is pinyin or Wade–Giles (``chinese_shaped``): a pinyin "Chang" is never "Zhang".
_WG_INITIALS = (("ch", ("zh", "ch", "j", "q")), ("hs", ("x",)), ("ts", ("z", "c")), ("tz", ("z", "c")),
                ("sh", ("sh",)), ("j", ("r",)), ("k", ("g", "k")), ("t", ("d", "t")), ("p", ("b", "p")),
                ("m", ("m",)), ("f", ("f",)), ("n", ("n",)), ("l", ("l",)), ("h", ("h",)), ("s", ("s",)),
                ("y", ("y",)), ("w", ("w",)), ("", ("",)))
_WG_FINALS = (("ueh", "ue"), ("ieh", "ie"), ("ien", "ian"), ("iung", "iong"), ("ung", "ong"), ("ih", "i"),
              ("uei", "ui"), ("erh", "er"), ("zu", "zi"), ("su", "si"))
_WG_SPECIAL = {"ssu": ("si",), "szu": ("si",), "tzu": ("zi", "ci"), "tsu": ("zi", "ci"), "erh": ("er",)}


@lru_cache(maxsize=1 << 14)
def _wg_syllable(syllable: str) -> frozenset[str]:
    """The pinyin readings of one Wade–Giles syllable (apostrophes dropped), or empty."""
    from partyscreen.matching.scripts import PINYIN_SYLLABLES

    if syllable in _WG_SPECIAL:
        return frozenset(_WG_SPECIAL[syllable])
    for spelt, readings in _WG_INITIALS:
        if syllable.startswith(spelt):
            final = syllable[len(spelt):]
            break
    else:  # pragma: no cover - "" always matches
        return frozenset()
    finals = {final}
    for wg, py in _WG_FINALS:
        if final.endswith(wg):
            finals.add(final[: len(final) - len(wg)] + py)
    if final == "o":
        finals.update(("e", "uo"))
    if not spelt and final[:1] in ("i", "u"):
        # pinyin writes a syllable opening with i or u with y or w ("ing" / "ying", "u" / "wu")
        finals.update(("y" + f if f[0] == "i" and len(f) > 1 else "yi" + f[1:] if f[0] == "i" else
                       "w" + f[1:] if len(f) > 1 else "wu") for f in list(finals))
    return frozenset(i + f for i in readings for f in finals if i + f in PINYIN_SYLLABLES)


@lru_cache(maxsize=1 << 15)
def wade_giles_readings(word: str) -> frozenset[str]:
    """The pinyin readings of a word of one or two Wade–Giles syllables written together ("hsueh"
    → {"xue"}, "hsuehkang" → {"xuegang", "xuekang"}), or empty."""
    word = _APOSTROPHES_RE.sub("", word)
    out = set(_wg_syllable(word))
    for cut in range(1, len(word)):
        head, tail = _wg_syllable(word[:cut]), _wg_syllable(word[cut:])
        out.update(h + t for h in head for t in tail)
    return frozenset(out)


def wade_giles_word(word: str) -> bool:
    """True if a word shows Wade–Giles: no pinyin syllable or pair of them, yet read as
    Wade–Giles ("hsueh", "tsai", "chih", "tung"; not "chang", "kang", which are pinyin too)."""
    from partyscreen.matching.score import _pinyin_split

    return _pinyin_split(word) is None and bool(wade_giles_readings(word))


# A given name of two syllables joined by a hyphen ("Chi-mai", "Ting-yu"), as Wade–Giles writes it
# and pinyin never does.
_HYPHENATED_GIVEN_RE = re.compile(r"\b[A-Za-z]+-[a-zA-Z]+\b")


def hyphenated_given_name(original: str) -> bool:
    """True if a name as written holds a hyphenated given name of two syllables ("Chen Chi-mai"),
    which shows Wade–Giles where every word is also pinyin."""
    return _HYPHENATED_GIVEN_RE.search(original) is not None


def chinese_shaped(words: tuple[str, ...]) -> bool:
    """True if every word of a name is pinyin (one or two syllables) or Wade–Giles."""
    from partyscreen.matching.score import _pinyin_split

    return bool(words) and all(_pinyin_split(w) is not None or wade_giles_readings(w) for w in words)


# Similarity of a Wade–Giles word and its pinyin reading ("Hsueh" / "Xue"): another
# romanisation, as for Cyrillic ones.
WADE_GILES_SIMILARITY = 0.95


@lru_cache(maxsize=1 << 16)
def wade_giles_similarity(a: str, b: str) -> float:
    """``WADE_GILES_SIMILARITY`` if one word is a pinyin reading of the other as Wade–Giles, else 0."""
    return WADE_GILES_SIMILARITY if b in wade_giles_readings(a) or a in wade_giles_readings(b) else 0.0


def korean_name_keys(words: tuple[str, ...], family: frozenset[str]) -> frozenset[str]:
    """A key per reading of a Korean-shaped name (``korean_shaped``) as family name and given
    syllables, the same in either romanisation: the family name's class and each given syllable's
    ``korean_key``, in order ("pak|jin|hyok" for "PAK, Chin Hyok" and "Park Jin-hyeok"); empty for
    a name not so shaped. For the candidate index (``index.respelt_keys``)."""
    if len(words) != 3:
        return frozenset()
    if family:
        heads = [k for k, w in enumerate(words) if w in family]
        starts = heads if len(heads) == 1 else []
    else:
        starts = [0, 2]
    keys = set()
    for k in starts:
        head = _SURNAME_CLASS.get(words[k])
        if head is None:
            continue
        given = [korean_key(w) for j, w in enumerate(words) if j != k]
        if all(given):
            keys.add(head + "|" + "".join(given))
    return frozenset(keys)


# Most pinyin readings kept per name by ``pinyin_name_keys`` (a Wade–Giles syllable has up to
# four: "chi" → ji, qi, zhi, chi).
MAX_PINYIN_READINGS = 64


def pinyin_name_keys(words: tuple[str, ...], wade_giles: bool) -> frozenset[str]:
    """The name's pinyin syllables, sorted and joined ("jin ping xi" for "XI Jinping"): one key
    for an all-pinyin name; for a name showing Wade–Giles (``wade_giles``) one per reading of its
    words as Wade–Giles ("Hsi Chin-p'ing" → "jin ping xi", "ping qin xi", …, at most
    ``MAX_PINYIN_READINGS``), so that a name in one romanisation meets the other's in the
    candidate index (``index.respelt_keys``). Empty if a word is neither."""
    from partyscreen.matching.score import _pinyin_split

    combos: list[tuple[str, ...]] = [()]
    for word in words:
        options: set[tuple[str, ...]] = set()
        own = _pinyin_split(word)
        if own is not None and own:
            options.add(own)
        if wade_giles:
            for reading in wade_giles_readings(word):
                split = _pinyin_split(reading)
                if split:
                    options.add(split)
        if not options:
            return frozenset()
        combos = [c + o for c in combos for o in sorted(options)]
        if len(combos) > MAX_PINYIN_READINGS:
            combos = combos[:MAX_PINYIN_READINGS]
    return frozenset(" ".join(sorted(c)) for c in combos)
