"""Names written in Arabic script (Arabic, Persian, Urdu) against their Latin forms.

Rule: Arabic script writes a name's consonants and long vowels (ا, و, ي) and leaves its short
vowels out, so an Arabic-script name and a romanisation of it share their consonant skeleton:
"محمد علي" and "Muhammad ALI", "فرناندو بيريز" and "Fernando Pérez". A Latin name is read as
``respelling.latin_segments`` reads it for the Arabic respellings (its consonants with the
spellings of one sound unified — kh, gh/q/k, sh/ch, dh/z, ph/f, w/v, p/b — a doubled one once,
and its vowel runs as written), and the Arabic-script name letter by letter (``_LETTERS``):

* a consonant meets the Latin letters that write it (ق as k/q/g, ج as j/g, ث as t/th/s, ض as
  d/z, ژ as zh/j/z …);
* a long vowel is written in both: ا meets a vowel run holding a, و one holding o or u (or the
  consonant w/v), ي / ی one holding i or y (or the consonant y; also e in a name of no Arabic
  origin, "Pérez" / بيريز, but not in one carrying an Arabic given name or particle,
  ``respelling.arabic_evidence``: "Hammedi" is not حمیدی) — so حسين is "Husayn", never "Hasan";
  a long vowel or diphthong inside a Latin word (ay, ei, ee, oo …) is written in Arabic script
  too;
* a Latin word's first vowel is met by the letter opening an Arabic word (an alef, ع, a hamza),
  never by the last vowel of the word before (مصطفى طيء is not "Mustafa Atiya");
* what romanisations write or leave out freely is optional: ع and the hamza (ء ئ ؤ; أ إ and ا
  opening a word carry the word's first vowel, which Latin writes), a final ة or ه ("-a",
  "-ah", "-eh"), the article ال (al-/el-, also written apart, run in or assimilated: "Abd
  al-Rahman", "Abdulrahman", "Abdurrahman", عبدالرحمن) and the particles بن / ابن / بنت (bin,
  ibn, bint), on either side;
* a Latin short vowel is unwritten, but a final i, o, u (or ee, ou …) is the long vowel Arabic
  script writes ("Husni" is not حسن).

Two names agree (``skeleton_agreement``) when the whole of each is met by the whole of the
other, the Latin words in their written order or with the family name moved last (Arabic
writes the given name first) — no word of either left over, since a skeleton alone is
ambiguous — and they share at least ``MIN_CONSONANTS`` consonants over two words or more
(one- and two-consonant names, "علي", "حسن", say little). The scorer gives such a pair a
cross-script match below an exact one (``score._skeleton_score``); the candidate index keys
every personal name by its skeleton without the optional letters (``arabic_script_key``,
``latin_keys``; ``index.respelt_keys``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from partyscreen.matching.respelling import arabic_evidence, latin_segments

# Arabic-script letters (Arabic, Persian and Urdu additions), without the diacritics.
ARABIC_SCRIPT_RE = re.compile(r"[\u0620-\u064a\u0671-\u06d3\u06d5\u06fa-\u06ff]")
# Harakat, superscript alef, tatweel, Quranic marks and the zero-width (non-)joiner: not letters.
_MARKS_RE = re.compile(r"[\u064b-\u065f\u0670\u0640\u06d6-\u06ed\u200c\u200d]")

# Fewest consonants two names must share for their skeletons to make a match.
MIN_CONSONANTS = 4
# Similarity of two names whose skeletons agree: the consonants and long vowels are the same,
# the short vowels unknown — a romanisation of the name, not its spelling (the pinyin of a Han
# name is read at 1.0: its syllables are spelt out, a skeleton's vowels are not).
SKELETON_SIMILARITY = 0.9

# Kinds of letter.
_CONS, _LONG, _OPT = "c", "l", "o"
# Vowel letters a long vowel meets in a Latin vowel run.
_LONG_A, _LONG_U, _LONG_I = "a", "ou", "iey"
# (kind, Latin spellings or vowel letters, consonant alternative) per letter.
_LETTERS: dict[str, tuple[str, tuple[str, ...], str]] = {}
for _chars, _spellings in (
        ("بپ", ("b",)), ("تط", ("t",)), ("ث", ("t", "th", "s")), ("ج", ("j", "g")), ("چ", ("S", "tS")),
        ("ح", ("h",)), ("خ", ("x", "h")), ("د", ("d",)), ("ذ", ("z", "d", "th")), ("ر", ("r",)),
        ("ز", ("z",)), ("ژ", ("j", "z", "zh")), ("سص", ("s",)), ("ش", ("S",)), ("ض", ("d", "z")),
        ("ظ", ("z", "d")), ("غ", ("k", "g")), ("ف", ("f",)), ("ق", ("k", "g")), ("كکګ", ("k",)),
        ("گ", ("g",)), ("ل", ("l",)), ("م", ("m",)), ("نں", ("n",)), ("هہھ", ("h",)), ("ٹ", ("t",)),
        ("ڈ", ("d",)), ("ڑ", ("r",)), ("ڤ", ("v",))):
    for _ch in _chars:
        _LETTERS[_ch] = (_CONS, _spellings, "")
for _ch in "اآٱ":
    _LETTERS[_ch] = (_LONG, (_LONG_A,), "")
_LETTERS["و"] = (_LONG, (_LONG_U,), "v")
for _ch in "يیےې":
    _LETTERS[_ch] = (_LONG, (_LONG_I,), "Y")
_LETTERS["ى"] = (_LONG, (_LONG_A + _LONG_I,), "")
# What a Latin segment asks of the Arabic-script name (``_latin_elements``): nothing (a short
# vowel, left out), a consonant met by a letter writing it, a vowel met by a letter carrying
# one (a word's first vowel, a long vowel or diphthong inside a word), a final long vowel met by
# a long vowel letter.
_FREE, _CONSONANT, _VOWEL, _FINAL, _INITIAL = "", "c", "v", "f", "i"
# Vowel runs inside a Latin word that write a long vowel or a diphthong, which Arabic script writes
# ("Husayni" is not حسنی, "Kareem" is كريم).
_LONG_RUNS = frozenset({"ay", "ai", "ei", "ey", "ee", "ii", "oo", "uu", "aa"})
for _ch in "عءأإئؤة":
    _LETTERS[_ch] = (_OPT, (), "")

# Particles left out on either side ("Osama bin Laden" / "أسامة بن لادن").
ARABIC_SCRIPT_PARTICLES = frozenset({"بن", "ابن", "بنت", "ال"})
LATIN_PARTICLES = frozenset({"bin", "ibn", "bint", "ben", "bn", "b"})
# The article written apart, assimilated or not ("al", "el", "ar-Rashid", "ash-Shawa").
LATIN_ARTICLES = frozenset({"al", "el", "ul", "ar", "as", "ad", "at", "an", "az", "ash", "ath", "adh", "ed", "er",
                            "es", "et", "en", "ez"})
# A particle run into the article of the next word.
_JOINED_HEADS = ("عبدال", "ابوال", "أبوال", "ابال", "أبال")

# An element of a name's skeleton: (kind, spellings, consonant alternative, optional, opens a word).
Element = tuple[str, tuple[str, ...], str, bool, bool]


@lru_cache(maxsize=1 << 14)
def has_arabic_script(text: str) -> bool:
    """True if the text holds an Arabic-script letter."""
    return ARABIC_SCRIPT_RE.search(text) is not None


@lru_cache(maxsize=1 << 14)
def arabic_word_elements(word: str) -> tuple[Element, ...] | None:
    """The elements of an Arabic-script word (see the module rule), or None if it holds a letter
    of another script or none."""
    word = _MARKS_RE.sub("", word)
    if not word or any(ch not in _LETTERS for ch in word):
        return None
    for head in _JOINED_HEADS:
        # "عبدالله", "عبدالرحمن", "ابوالفضل": the particle and the article run in, read as two words
        if word.startswith(head) and len(word) > len(head) + 3:
            tail = arabic_word_elements(word[len(head):])
            return None if tail is None else arabic_word_elements(head[:-2]) + tail  # type: ignore[operator]
    # A letter doubled across a morpheme ("الله" run in) is one consonant, as shadda is.
    word = re.sub(r"(.)\1", r"\1", word)
    out: list[Element] = []
    start = 0
    if len(word) > 3 and word[:2] in ("ال", "ٱل"):
        # The article: optional, its l met by the Latin article or left out.
        # (its alef meets no vowel alone: a Latin article run in is read with its l, see _latin_elements)
        out.append((_LONG, ("",), "", True, False))
        out.append((_CONS, ("l",), "", True, False))
        start = 2
    for k in range(start, len(word)):
        ch = word[k]
        kind, spellings, alternative = _LETTERS[ch]
        last = k == len(word) - 1
        if k == start and ch in "اآٱأإ":
            out.append((_OPT, ("aeiou",), "", False, True))  # an alef opening a word carries any vowel, written
        elif ch in "هہة" and last and k > start:
            out.append((_OPT, ("ae", "h", "t"), "", True, False))  # ta marbuta, final -ah / -eh
        elif kind == _OPT:
            out.append((_OPT, ("aeiou",), "", True, k == start))
        else:
            out.append((kind, spellings, alternative, False, k == start))
    return tuple(out)


def _latin_elements(word: str) -> tuple[tuple[str, str], ...] | None:
    """A Latin word's segments (``respelling.latin_segments``), each with what it asks of the
    other name (``_FREE``, ``_CONSONANT``, ``_VOWEL``, ``_FINAL``): a consonant must be met (not an
    opening article's l: "Alshawa", "el-Sayed", "Abdul"), a vowel opening the word or a long one
    inside it by a letter carrying a vowel, a final i, o or u by a long vowel letter; a short
    vowel need not."""
    segments = latin_segments(word)
    if segments is None:
        return None
    out = []
    n = len(segments)
    run_in_article = n > 3 and segments[0] in ("a", "e") and segments[1] == "l" and segments[2][0] not in "aeiouy"
    for k, seg in enumerate(segments):
        vowel = seg[0] in "aeiouy"
        if vowel:
            if k == n - 1 and k > 0 and seg not in ("a", "e", "aa", "ae") and any(c in seg for c in "iouy"):
                required = _FINAL
            elif k == 0:
                required = _FREE if run_in_article else _INITIAL
            elif seg in _LONG_RUNS:
                required = _VOWEL
            else:
                required = _FREE
        else:
            # an article run in: "Alshawa", "Elsayed", "Abdul", "Abdelrahman"
            article = seg == "l" and ((k == 1 and run_in_article)
                                      or (k == 4 and segments[:3] == ("a", "b", "d") and segments[5:] != ("a",)))
            required = _FREE if article else _CONSONANT
        out.append((seg, required))
    if len(word) > 3 and word[-1] == "h" and word[-2] in "ae" and segments and segments[-1][0] in "ae":
        # A final h after a or e, which ``latin_segments`` reads as ta marbuta ("-ah"), may be a
        # consonant Arabic script writes ("Fattah" / فتاح, "Abdullah" / عبدالله).
        out.append(("h", _FREE))
    return tuple(out)


@lru_cache(maxsize=1 << 14)
def _latin_name(words: tuple[str, ...]) -> tuple[tuple[str, str], ...] | None:
    out: list[tuple[str, str]] = []
    for word in words:
        if word in LATIN_PARTICLES or word in LATIN_ARTICLES:
            out.extend((seg, _FREE) for seg in (latin_segments(word) or ()))
            continue
        elements = _latin_elements(word)
        if elements is None:
            return None
        out.extend(elements)
    return tuple(out)


@lru_cache(maxsize=1 << 14)
def _arabic_name(words: tuple[str, ...]) -> tuple[Element, ...] | None:
    out: list[Element] = []
    for word in words:
        elements = arabic_word_elements(word)
        if elements is None:
            return None
        if _MARKS_RE.sub("", word) in ARABIC_SCRIPT_PARTICLES:
            elements = tuple((kind, sp, alt, True, opening) for kind, sp, alt, _, opening in elements)
        out.extend(elements)
    return tuple(out)


def _agree(arabic: tuple[Element, ...], latin: tuple[tuple[str, str], ...], strict: bool) -> int:
    """The consonants the two skeletons share if the whole of each meets the whole of the
    other, else -1. ``strict``: the Latin name is of Arabic origin, where a lone e is a short vowel
    and ي / ی a long i (or ay, ey): "Hammedi" is not حمیدی; in a European name Arabic script
    writes e with ي ("Pérez" / بيريز)."""
    na, nl = len(arabic), len(latin)

    def meets(letters: str, seg: str) -> bool:
        if strict and letters == _LONG_I:
            return "i" in seg or "y" in seg or seg == "ee"
        return any(c in letters for c in seg)

    @lru_cache(maxsize=None)
    def best(i: int, j: int, vowel_open: bool) -> int:
        # vowel_open: the Latin vowel run before j was met by a long vowel, which the next
        # Arabic vowel letter may meet too ("Wael" / وائل).
        if i == na:
            return 0 if all(req == _FREE for _, req in latin[j:]) else -1
        kind, spellings, alternative, optional, opening = arabic[i]
        found = -1
        if optional:
            found = max(found, best(i + 1, j, False))
        if j < nl:
            seg, required = latin[j]
            is_vowel = seg[0] in "aeiouy"
            if not required:
                found = max(found, best(i, j + 1, False))
            if kind == _CONS:
                consonants = spellings
            else:
                consonants = spellings[1:]  # a final ة / ه written as h or t
                # A final long vowel of the Latin word is met only by a letter that writes one, not
                # by ع, a hamza or a word's opening alef ("Husni Ali" is not حسن علي).
                # (a word's first vowel by a letter opening a word: the vowels of two words never meet)
                if is_vowel and meets(spellings[0], seg) and (required != _FINAL or kind == _LONG) \
                        and (required != _INITIAL or opening):
                    found = max(found, best(i + 1, j + 1, True))
                elif alternative and seg == alternative:
                    got = best(i + 1, j + 1, False)
                    if got >= 0:
                        found = max(found, got + 1)  # w / y written as a consonant in both
            for spelt in consonants:
                size = len(spelt)
                if j + size <= nl and all(len(s) == 1 for s, _ in latin[j:j + size]) \
                        and "".join(s for s, _ in latin[j:j + size]) == spelt:
                    got = best(i + 1, j + size, False)
                    if got >= 0:
                        found = max(found, got + (0 if optional else 1))
        if kind != _CONS and vowel_open and not opening and meets(spellings[0], latin[j - 1][0]):
            found = max(found, best(i + 1, j, True))
        return found

    return best(0, 0, False)


# Consonants that one letter writes in either script (م m, ن n, ر r, ب / پ b, ف f): two names
# whose skeletons agree hold as many of each, the letters that must be met and those that may.
_PLAIN = "mnrbf"


def _arabic_counts(arabic: tuple[Element, ...]) -> tuple[str, str]:
    """The ``_PLAIN`` consonants an Arabic-script name must have met, and all it may meet with."""
    needs = "".join(sp[0] for kind, sp, _, optional, _ in arabic if kind == _CONS and not optional and sp[0] in _PLAIN)
    has = "".join(sp[0] for kind, sp, _, _, _ in arabic if kind == _CONS and sp[0] in _PLAIN)
    return needs, has


@lru_cache(maxsize=1 << 14)
def _latin_counts(words: tuple[str, ...]) -> tuple[str, str] | None:
    """The ``_PLAIN`` consonants a Latin name must have met, and all it may meet with (any order)."""
    latin = _latin_name(words)
    if latin is None:
        return None
    needs = "".join(seg for seg, req in latin if req == _CONSONANT and seg in _PLAIN)
    has = "".join(seg for seg, _ in latin if seg in _PLAIN)
    return needs, has


def _orders(words: tuple[str, ...], family: frozenset[str]) -> list[tuple[str, ...]]:
    """The Latin name's words as written, and with its family name (or first word) moved last."""
    orders = [words]
    if family:
        moved = tuple(w for w in words if w not in family) + tuple(w for w in words if w in family)
    else:
        moved = words[1:] + words[:1]
    if moved != words:
        orders.append(moved)
    return orders


@lru_cache(maxsize=1 << 14)
def skeleton_agreement(arabic_words: tuple[str, ...], latin_words: tuple[str, ...],
                       family: frozenset[str] = frozenset()) -> int:
    """The consonants an Arabic-script name and a Latin one share when their skeletons agree
    as whole names (see the module rule), else 0. ``family``: the Latin name's family words."""
    if len([w for w in arabic_words if _MARKS_RE.sub("", w) not in ARABIC_SCRIPT_PARTICLES]) < 2:
        return 0
    if len([w for w in latin_words if w not in LATIN_PARTICLES and w not in LATIN_ARTICLES]) < 2:
        return 0
    arabic = _arabic_name(arabic_words)
    if arabic is None:
        return 0
    latin_counts = _latin_counts(latin_words)
    if latin_counts is None:
        return 0
    arabic_needs, arabic_has = _arabic_counts(arabic)
    latin_needs, latin_has = latin_counts
    if any(arabic_needs.count(c) > latin_has.count(c) or latin_needs.count(c) > arabic_has.count(c) for c in _PLAIN):
        return 0  # (a quick test the whole reading below would fail)
    shared = 0
    strict = arabic_evidence(latin_words) > 0
    for order in _orders(latin_words, family):
        latin = _latin_name(order)
        if latin is None:
            continue
        shared = max(shared, _agree(arabic, latin, strict))
    return shared if shared >= MIN_CONSONANTS else 0


# Consonant classes of the candidate index's keys: each side's consonants reduced to the
# letters both scripts write for them (a key is a prefilter: the scorer decides).
_KEY_CLASSES = {"g": "k", "x": "k", "j": "k", "d": "t", "z": "t", "s": "t", "f": "b", "v": "", "Y": "", "h": ""}


def _key_of(consonants: str) -> str:
    return "".join(_KEY_CLASSES.get(ch, ch) for ch in consonants)


def arabic_script_key(words: tuple[str, ...]) -> str:
    """The candidate index's key of an Arabic-script name: its required consonants in order,
    reduced to ``_KEY_CLASSES`` ("" if a word is not in Arabic script)."""
    arabic = _arabic_name(words)
    if arabic is None:
        return ""
    return _key_of("".join(sp[0][0] for kind, sp, _, optional, _ in arabic if kind == _CONS and not optional))


def latin_keys(words: tuple[str, ...], family: frozenset[str] = frozenset()) -> frozenset[str]:
    """The candidate index's keys of a Latin name, one per word order ``skeleton_agreement``
    tries: its required consonants, reduced as ``arabic_script_key`` reduces them (a "th" as
    one letter)."""
    keys = set()
    for order in _orders(words, family):
        latin = _latin_name(order)
        if latin is None:
            return frozenset()
        consonants = "".join(s for s, req in latin if req == _CONSONANT)
        keys.add(_key_of(consonants.replace("th", "t").replace("zh", "j")))
    keys.discard("")
    return frozenset(keys)
