"""Respellings of personal-name words across romanisation systems (issue 12: published aliases).

Lists publish a person's name in several romanisations of one original: Arabic and Persian names
with other vowels and doubled letters ("WIHBI, Bilal Muhsin" / "WEHBE, Bilal Mohsen"), Korean
names in McCune–Reischauer and in Revised Romanisation ("KWAK, Chong-chol" / "KWAK, Jong-chol"),
Chinese names in Wade–Giles and in pinyin ("WEI, Hsueh Kang" / "WEI, Xuekang"), South Slavic
names with their háčeks written as digraphs or dropped ("VACIĆ, Miša" / "VACICH, Misha").

Each rule here says when two *different* words of personal names are one word respelt, and how
alike they then are (``respelling``). The rules are narrow on purpose: each applies only to word
shapes that the romanisation produces (a syllable for Korean and Chinese, a South Slavic
surname in the name for the digraphs), and a rule never makes two words the same: its
similarity stays below that of a typo in a long word, so a shared common surname alone still
scores low (the person caps in ``score.py`` still ask for the family and a given name).

Pure computation: words are the normalised (lower-case ASCII) texts of ``normalize.Token``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from partyscreen.matching.normalize import romanisation_key
from partyscreen.matching.scripts import PINYIN_SYLLABLES

# Similarity of two words the same once doubled letters are written single, after the
# romanisation variants are unified ("Natallia" / "Natalya", "Hussein" / "Husein",
# "Mohammad" / "Mohamad"): a doubled letter is a spelling habit (Belarusian "лл", Arabic
# shadda), not another name.
DOUBLED_SIMILARITY = 0.9
# Similarity of two Arabic or Persian names that differ only in the vowels the romanisations
# write for the same short vowel (``VOWEL_CLASSES``) and in doubled letters ("Muhsin" /
# "Mohsen", "Wihbi" / "Wehbe", "Umayri" / "Omairi", "Husayn" / "Hossein").
ARABIC_VOWEL_SIMILARITY = 0.85
# Fewest letters of both words (after the romanisation variants and doubled letters) for the
# vowel rule: in shorter words another vowel is as often another name ("Ali" / "Ale").
ARABIC_VOWEL_MIN_LENGTH = 5
# Vowels that romanisations of one Arabic / Persian short vowel write interchangeably: fatha
# a/e, kasra i/e, damma u/o. Not a/o, a/i, a/u: those separate names ("Hamad" / "Hamid") and,
# at a word's end, the genders of Romance and Slavic names ("Rivero" / "Rivera").
VOWEL_CLASSES = frozenset({frozenset("ae"), frozenset("ei"), frozenset("ou")})
# Consonants that romanisations of one Arabic letter write interchangeably: qaf as q, k or g
# ("Qaddoumi" / "Kaddoumi", "Amqi" / "Omgy"), and c / k for the k sound ("Louca" / "Louka").
CONSONANT_CLASSES = frozenset({frozenset("qk"), frozenset("qg"), frozenset("ck")})
# Consonants written voiced or voiceless at a word's end (Turkish spelling of Arabic names:
# "Abdulvahap" / "Abdulwahab", "Ahmet" / "Ahmed").
FINAL_CONSONANT_CLASSES = frozenset({frozenset("bp"), frozenset("dt")})
# Similarity of two long words with the same consonants in the same order, short vowels
# written in one and left out in the other ("Soltanmohammadi" / "Sultan Mohmadi"): Arabic
# and Persian script leave short vowels unwritten, and romanisations supply them or not. Only
# with SKELETON_MIN_CONSONANTS consonants or more (fewer — "Mohammadi" / "Mahmoudi" — leave
# too many names alike) and lengths at most SKELETON_LENGTH_GAP apart.
SKELETON_SIMILARITY = 0.85
SKELETON_MIN_CONSONANTS = 6
SKELETON_LENGTH_GAP = 2
# Similarity of two Korean syllables the same once McCune–Reischauer and Revised Romanisation
# are unified (``korean_key``: "Chong" / "Jong", "Chol" / "Cheol", "Kwak" / "Gwak"), or two
# spellings of one Korean family name (``KOREAN_FAMILY_NAMES``: "Pak" / "Park").
KOREAN_SIMILARITY = 0.85
# Similarity of a Wade–Giles syllable and the pinyin syllable it stands for ("Hsueh" / "Xue",
# "Chih" / "Zhi", "Tsai" / "Cai").
WADE_GILES_SIMILARITY = 0.9
# Similarity of two words the same once South Slavic letters with háček or acute written as
# digraphs (ch, sh, zh) or without their mark (c, s, z) are unified ("Vacich" / "Vacic",
# "Misha" / "Misa"). Applied only to names with a South Slavic surname (``south_slavic``).
SOUTH_SLAVIC_SIMILARITY = 0.9

_VOWELS = frozenset("aeiou")
_DOUBLED_RE = re.compile(r"([a-z])\1+")
# A word shaped like one romanised East Asian syllable (consonants, vowels, a final n/ng/m/k/p/t/l).
_SYLLABLE_RE = re.compile(r"[bcdfghjklmnpqrstvwxyz]{0,3}[aeiouyw]{1,3}(?:ng|n|m|k|p|t|l|r|h)?")
# McCune–Reischauer → Revised Romanisation letter classes, longest first: aspirated and plain
# stops written ch/j, k/g, t/d, p/b; ŏ / ŭ (folded to o / u) written eo / eu; l / r one letter.
_KOREAN_VARIANTS: tuple[tuple[str, str], ...] = (
    ("eo", "o"), ("eu", "u"), ("oo", "u"), ("ee", "i"), ("ch", "j"), ("sh", "s"),
    ("k", "g"), ("t", "d"), ("p", "b"), ("l", "r"),
)
# Spellings of one Korean family name that the letter classes do not unify (conventional
# spellings: "Park" for 박, "Lee" / "Rhee" / "Yi" / "Ri" for 이/리, "Choi" for 최).
KOREAN_FAMILY_NAMES: tuple[frozenset[str], ...] = (
    frozenset({"pak", "park", "bak"}), frozenset({"ri", "rhee", "lee", "yi", "rhie"}),
    frozenset({"choe", "choi", "chwe"}), frozenset({"jong", "jeong", "chong", "chung", "jung"}),
    frozenset({"o", "oh"}), frozenset({"ryu", "yu", "yoo"}), frozenset({"ko", "koh", "go"}),
    frozenset({"im", "lim", "rim"}), frozenset({"sin", "shin"}), frozenset({"yun", "yoon"}),
    frozenset({"ryom", "yeom", "yom"}), frozenset({"jon", "jeon", "chon", "chun"}),
    frozenset({"han", "hahn"}), frozenset({"so", "seo", "suh"}),
)
_KOREAN_FAMILY = {name: group for group in KOREAN_FAMILY_NAMES for name in group}
# Wade–Giles initials → pinyin (apostrophes are gone in normalised words, so an aspirated and a
# plain initial read alike: "ch" is zh, ch, j or q), longest first.
_WG_INITIALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("hs", ("x",)), ("tz", ("z", "c")), ("ts", ("z", "c")), ("ch", ("zh", "ch", "j", "q")), ("sh", ("sh",)),
    ("ss", ("s",)), ("sz", ("s",)), ("j", ("r",)), ("k", ("g", "k")), ("t", ("d", "t")), ("p", ("b", "p")),
)
# Wade–Giles finals → pinyin, longest first.
_WG_FINALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("iung", ("iong",)), ("ieh", ("ie",)), ("ueh", ("ue", "üe")), ("uei", ("ui",)), ("ien", ("ian",)),
    ("ung", ("ong",)), ("erh", ("er",)), ("ih", ("i",)), ("eh", ("e",)), ("uo", ("uo",)),
    ("o", ("e", "o", "uo")),
)


@lru_cache(maxsize=1 << 16)
def doubled_key(word: str) -> str:
    """The word with romanisation variants unified and doubled letters written single."""
    return _DOUBLED_RE.sub(r"\1", romanisation_key(word))


_LOOSE_TABLE = str.maketrans({"q": "k", "g": "k", "c": "k", "p": "b", "t": "d", **{v: None for v in "aeiou"}})


@lru_cache(maxsize=1 << 16)
def loose_key(word: str) -> str:
    """The consonants of ``doubled_key`` with the consonant classes of the rules unified: two
    words that the doubled-letter, vowel or skeleton rules make one have the same loose key
    (a cheap test before them)."""
    return _DOUBLED_RE.sub(r"\1", doubled_key(word).translate(_LOOSE_TABLE))


def _arabic_vowels_alike(a: str, b: str) -> bool:
    """True if two keys (``doubled_key``) of equal length, at least ``ARABIC_VOWEL_MIN_LENGTH``
    letters, differ only in vowels of one class (``VOWEL_CLASSES``) and consonants of one class
    (``CONSONANT_CLASSES``; ``FINAL_CONSONANT_CLASSES`` as the last letter), with at least two
    consonants."""
    if len(a) != len(b) or len(a) < ARABIC_VOWEL_MIN_LENGTH:
        return False
    consonants = 0
    last = len(a) - 1
    for n, (x, y) in enumerate(zip(a, b)):
        vowel_x, vowel_y = x in _VOWELS, y in _VOWELS
        if vowel_x != vowel_y:
            return False
        if not vowel_x:
            consonants += 1
        if x == y:
            continue
        pair = frozenset((x, y))
        if vowel_x:
            if pair not in VOWEL_CLASSES:
                return False
        elif pair not in CONSONANT_CLASSES and not (n == last and pair in FINAL_CONSONANT_CLASSES):
            return False
    return consonants >= 2


def korean_key(word: str) -> str:
    """A Korean syllable with McCune–Reischauer and Revised Romanisation unified
    (``_KOREAN_VARIANTS``): "chong" and "jong" are both "jong"."""
    for variant, canonical in _KOREAN_VARIANTS:
        if variant in word:
            word = word.replace(variant, canonical)
    return word


def _korean_syllable(word: str) -> bool:
    return len(word) <= 6 and _SYLLABLE_RE.fullmatch(word) is not None


@lru_cache(maxsize=1 << 14)
def wade_giles_readings(word: str) -> frozenset[str]:
    """The pinyin syllables a Wade–Giles syllable (apostrophes and umlauts dropped) can stand
    for: "hsueh" → {"xue"}, "chih" → {"zhi", "chi"}, "kang" → {"gang", "kang"}. Empty for a word
    that reads as no pinyin syllable."""
    initials: tuple[tuple[str, str], ...] = ()
    for spelt, pinyin in _WG_INITIALS:
        if word.startswith(spelt):
            initials = tuple((spelt, p) for p in pinyin)
            break
    if not initials:
        head = re.match(r"[bcdfghjklmnpqrstvwxyz]*", word).group(0)
        initials = ((head, head),)
    out = set()
    for spelt, initial in initials:
        rest = word[len(spelt):]
        finals = [rest]
        for spelt_final, pinyin_finals in _WG_FINALS:
            if rest.endswith(spelt_final):
                finals += [rest[: len(rest) - len(spelt_final)] + f for f in pinyin_finals]
                break
        if rest == "u" and initial in ("z", "c", "s"):
            finals.append("i")  # "tzu" / "ssu": zi, si
        for final in finals:
            syllable = (initial + final).replace("ü", "u")
            if syllable in PINYIN_SYLLABLES:
                out.add(syllable)
    return frozenset(out)


@lru_cache(maxsize=1 << 16)
def wade_giles_word(word: str) -> frozenset[str]:
    """Pinyin readings of a word of one or two Wade–Giles syllables, at least one of them not
    pinyin itself ("hsueh" → {"xue"}; "hsuehkang", the run "Hsueh Kang" written together →
    {"xuegang", "xuekang"}); empty for any other word."""
    if len(word) > 12:
        return frozenset()
    out: set[str] = set()
    if word not in PINYIN_SYLLABLES:
        out |= wade_giles_readings(word)
    for cut in range(1, len(word)):
        head, tail = word[:cut], word[cut:]
        if head in PINYIN_SYLLABLES and tail in PINYIN_SYLLABLES:
            continue
        heads = wade_giles_readings(head) | ({head} if head in PINYIN_SYLLABLES else set())
        tails = wade_giles_readings(tail) | ({tail} if tail in PINYIN_SYLLABLES else set())
        out |= {h + t for h in heads for t in tails}
    return frozenset(out)


def _wade_giles_alike(a: str, b: str) -> bool:
    """True if one word is one or two pinyin syllables the other, one or two Wade–Giles
    syllables (one at least not pinyin itself), stands for ("Hsueh" / "Xue", "Hsuehkang" /
    "Xuekang")."""
    for wg, py in ((a, b), (b, a)):
        if wg not in PINYIN_SYLLABLES and py in wade_giles_word(wg):
            return True
    return False


# South Slavic surname endings (-ić / -vić, written "ic" or "ich"; also Slovene/Croatian -čič).
_SOUTH_SLAVIC_RE = re.compile(r"[a-z]{3,}(?:ic|ich)$")
_SOUTH_SLAVIC_VARIANTS: tuple[tuple[str, str], ...] = (("tch", "c"), ("ch", "c"), ("sh", "s"), ("zh", "z"),
                                                       ("tj", "c"), ("dj", "d"))


def south_slavic(word: str) -> bool:
    """True for a word shaped like a South Slavic surname in -ić ("Vacic", "Vacich", "Petrovic")."""
    return _SOUTH_SLAVIC_RE.fullmatch(word) is not None and not word.endswith(("ovich", "evich"))


@lru_cache(maxsize=1 << 14)
def south_slavic_key(word: str) -> str:
    """The word with č/ć/š/ž/đ written as digraphs (ch, sh, zh, dj) or without their mark
    unified ("vacich" and "vacic" are "vacic", "misha" and "misa" are "misa")."""
    for variant, canonical in _SOUTH_SLAVIC_VARIANTS:
        if variant in word:
            word = word.replace(variant, canonical)
    return word


@lru_cache(maxsize=1 << 18)
def respelling(a: str, b: str, slavic_south: bool = False) -> tuple[str, float] | None:
    """The rule under which two different words of personal names are one name respelt, with
    the similarity it gives; None if no rule applies.

    Rules, first that applies: Wade–Giles and pinyin syllables; Korean syllables in
    McCune–Reischauer and Revised Romanisation, and conventional spellings of Korean family
    names; (with ``slavic_south``, when the name has a South Slavic surname) South Slavic
    digraphs; doubled letters; Arabic / Persian vowels; the consonant skeleton of long words.
    """
    if not a or not b or a == b:
        return None
    wg_a, korean_a, loose_a, article_a = _word_facts(a)
    wg_b, korean_b, loose_b, article_b = _word_facts(b)
    if (wg_a or wg_b) and _wade_giles_alike(a, b):
        if korean_a and korean_a == korean_b:
            return ("one syllable in Wade–Giles / McCune–Reischauer and in pinyin / Revised Romanisation",
                    WADE_GILES_SIMILARITY)
        return "Wade–Giles and pinyin spellings of one Chinese syllable", WADE_GILES_SIMILARITY
    if korean_a and korean_b:
        group = _KOREAN_FAMILY.get(a)
        if group is not None and b in group:
            return "spellings of one Korean family name", KOREAN_SIMILARITY
        if korean_a == korean_b and not (a in PINYIN_SYLLABLES and b in PINYIN_SYLLABLES):
            return "McCune–Reischauer and Revised Romanisation of one Korean syllable", KOREAN_SIMILARITY
    if article_a and article_a == article_b:
        return "the Arabic article written joined, apart or assimilated (ad-Din, ed-Din, al-Din)", ARTICLE_SIMILARITY
    if slavic_south and south_slavic_key(a) == south_slavic_key(b):
        return "South Slavic letters č/ć/š/ž written with or without digraphs", SOUTH_SLAVIC_SIMILARITY
    if loose_a != loose_b:
        return None
    ka, kb = doubled_key(a), doubled_key(b)
    if ka == kb:
        return "the same name with a doubled letter written single", DOUBLED_SIMILARITY
    if _arabic_vowels_alike(ka, kb):
        return "Arabic / Persian romanisations of the same short vowels", ARABIC_VOWEL_SIMILARITY
    if _same_skeleton(ka, kb):
        return "the same consonants, short vowels written or left out", SKELETON_SIMILARITY
    return None


@lru_cache(maxsize=1 << 16)
def _word_facts(word: str) -> tuple[frozenset[str], str, str, str]:
    """A word's Wade–Giles readings, its ``korean_key`` if it is shaped like a Korean syllable
    or is a Korean family name's spelling (else ""), its ``loose_key`` and its ``article_key``
    (else "")."""
    korean = korean_key(word) if _korean_syllable(word) or word in _KOREAN_FAMILY else ""
    return wade_giles_word(word), korean, loose_key(word), article_key(word)


# The Arabic article inside a compound name, after a first part of 3+ letters: written "al",
# "el", "ul", "il" ("Abdulkarim", "Abdelkarim", "Badraldin"), or assimilated to a following
# sun letter, its vowel before the doubled letter ("Badreddine", "Abdurrahman", "Nuruddin",
# "Abdullah").
_ARTICLE_RE = re.compile(r"(?<=[a-z]{3})(?:[aeiu]l(?=[bcdfghjklmnpqrstvwxyz])|[aeiu](?=([tdrsznl])\1))")
_FINAL_MUTE_E_RE = re.compile(r"(?<=[bcdfghjklmnpqrstvwxyz])e$")
# Similarity of two words the same once the article is written one way (``article_key``).
ARTICLE_SIMILARITY = 0.9


@lru_cache(maxsize=1 << 16)
def article_key(word: str) -> str:
    """A compound Arabic name with its inner article written one way ("al", doubled letters
    single, a French final mute "e" dropped): "badreddine", "badraldin", "badr-al-din" written
    together are all "badraldin"; "" for a word without an inner article."""
    if len(word) < 7:
        return ""
    key, count = _ARTICLE_RE.subn("al", word)
    if not count:
        return ""
    return _DOUBLED_RE.sub(r"\1", _FINAL_MUTE_E_RE.sub("", romanisation_key(key)))


def _same_skeleton(a: str, b: str) -> bool:
    """True if two keys (``doubled_key``) of a similar length (``SKELETON_LENGTH_GAP``) have the
    same consonants in the same order, at least ``SKELETON_MIN_CONSONANTS`` of them, and the
    same first letter or both a vowel first."""
    if abs(len(a) - len(b)) > SKELETON_LENGTH_GAP or not (a[0] == b[0] or (a[0] in _VOWELS and b[0] in _VOWELS)):
        return False
    sa, sb = _skeleton(a), _skeleton(b)
    return sa == sb and len(sa) >= SKELETON_MIN_CONSONANTS


def _skeleton(word: str) -> str:
    return _DOUBLED_RE.sub(r"\1", "".join(ch for ch in word if ch not in _VOWELS))
