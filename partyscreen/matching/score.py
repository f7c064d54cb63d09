"""Pair scoring: how alike two prepared names are, 0–100, with the reasons.

Rule: words are aligned one-to-one, best pairs first (order does not matter, so
"PUTIN, Vladimir" = "Vladimir Putin"). Each aligned pair contributes its similarity times the
two words' weights; unaligned words contribute nothing but still count in the total, so a
missing distinctive word costs much and a missing "company" little. The name score is
``100 × Σ similarity·(w_query + w_candidate) / Σ all weights``. Word similarity is rapidfuzz's
``ratio`` bent by a typo curve (small spelling differences cost little, unrelated words score
0: "Bush" / "Habbash" → 0.18). Two words sharing a rigour symbol ("Corp" / "Corporation",
"Intl" / "International") or the same number are equal; different numbers are not similar.
Words run together ("SiemensAG", "Goodwill") are tried merged against the other side.

Typos are read by how distinctive the screened word is: a word of the screened name that neither
the list nor everyday language knows (``unseen_words``) is most often a misspelling, so two
slips in it count by the listed word's length (``UNSEEN_TWO_EDIT_STEPS``: "NPO Comlutr" /
"NPO Computer"), one slip inside it needs no corroboration (``CLEAR_SLIP_LENGTH``: "Byldrex" /
"Boldrex"), and a slip of a word of the listed name's legal form is that legal form
(``LEGAL_SLIP_SIMILARITY``: "GAMES UNLICITED OOD" / "GAMES UNLIMITED OOD"), two slips in it where
the names are otherwise the same are the listed word mistyped (``_rest_slip``: "NGOMA, Wiyl" /
"NGOMA, Willy"), and it is compared with the listed word as written where the listed name reads
that word as a number or in English (``listed_written_forms``: "TWELTH OCEAN" / "TWELFTH OCEAN",
"ENERJI YTTIRIM" / "ENERJI YATIRIM"). Words the list or the language knows keep the stricter steps.

Han names are compared by their simplified characters, and Latin names against a Han name's
pinyin, each with rapidfuzz ``ratio`` on the run-together strings; the best of all comparisons
counts. Legal forms never count towards the score; names made only of generic words and legal
forms are capped below any sensible threshold.

Each comparison's similarity is then **calibrated** (``calibration.py``): its features (the
similarity, how much of each side is matched, distinctive weight matched, inexact words,
conflicting words, person, script, different legal forms, method) go through the fitted
logistic model, and the score is ``100 · σ(z)`` — except for the same words (or the same Han
characters), which score 100. Different legal forms of the same distinctive name (an AG
against a GmbH) are a feature of the model: a likely hit to review, never an exact one.

``fast_score`` is the matcher's hot path: the same score without building the explanation, and
given a floor (the matcher's ``min_score``) it may give up on a pair early when an upper bound
(generic-only cap, the model's log-odds with each word at its best similarity) shows the score
cannot reach the floor. Explanations are built with ``score_names`` for returned matches only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import mul

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein
from rigour.names.org_types import extract_org_types
from rigour.text import metaphone

from partyscreen.matching.arabic_script import SKELETON_SIMILARITY, has_arabic_script, skeleton_agreement
from partyscreen.matching.calibration import (CONFLICTS_CAP, MATCHED_WEIGHT_CAP, MODEL, contributions, rounded,
                                               to_score, to_z)
from partyscreen.matching.acronyms import AcronymTable, Spelling, spell_name
from partyscreen.matching.acronyms import similarity as acronym_similarity
from partyscreen.matching.common_words import ordinary
from partyscreen.matching.containment import WEAK_SYMBOLS, Containment, find_contained, ruled_out
from partyscreen.matching.explain import Explanation, TokenMatch
from partyscreen.matching.hangul import has_hangul
from partyscreen.matching.hangul import person_reading as hangul_person_reading
from partyscreen.matching.lexicon import STATE_ADJECTIVES, english_variants, place_similarity, translate_word
from partyscreen.matching.normalize import (DOMAIN, GENERIC, LEGAL, NAME, NUMBER, ORG_KINDS, STOP, PreparedName,
                                            Token, belarusian_key, clean, romanisation_key)
from partyscreen.matching.respelling import (ARABIC_ARTICLES, RESPELT_MIN_LETTERS, arabic_alike, arabic_evidence,
                                             arabic_key, joins_compound, all_pinyin, arabic_lexicon_word, arabic_similarity, chinese_shaped,
                                             east_asian_word, korean_evidence,
                                             korean_shaped, korean_similarity, WADE_GILES_SIMILARITY,
                                             hyphenated_given_name, wade_giles_readings, wade_giles_similarity,
                                             wade_giles_word)
from partyscreen.matching import slavic_names
from partyscreen.matching.scripts import PINYIN_FORM_WORDS, PINYIN_SYLLABLES, strip_pinyin_affixes
from partyscreen.matching.slavic_names import same_name as same_slavic_name
from partyscreen.matching.weights import KIND_WEIGHTS, TokenWeights

# Raw ratio at or below which two words count as unrelated.  Why: 0.6 of shared characters is
# what two unrelated names of similar length reach by chance ("bush"/"habbash" 0.55,
# "mohamed"/"ahmed" 0.67).
TOKEN_FLOOR = 0.6
# Exponent of the typo curve above the floor (< 1 is lenient to one or two typos).  Why: one
# typo in a six-letter word ("tayota") should still give ~0.75, two in "scholz"/"schulze" ~0.6.
TOKEN_CURVE = 0.7
# Similarity of two different numbers.  Why: "Fund III" / "Fund IV", "Zu Zag Bong 5" / "6" —
# on the nomenklatura bench a different series number is still usually the same party's
# family, so it weakens the match without contradicting it.
NUMBER_MISMATCH_SIMILARITY = 0.5
# Similarity of an initial ("J.") to a word starting with it.  Why: consistent but weak
# evidence — "J. Smith" is probably, not certainly, "John Smith".
INITIAL_SIMILARITY = 0.7
# Floors for run-together comparisons: Han characters carry a syllable each, so half the
# characters in common is no evidence; pinyin strings are long and repetitive, so stricter.
HAN_FLOOR = 0.5
PINYIN_FLOOR = 0.65
# Han names of at most this many syllables (personal names, short company names) meet a Latin
# name through pinyin only when the syllables are the same, family name first or last.  Why:
# one letter decides between two syllables ("Wang" / "Yang"), and a syllable spelt alike has
# many characters: 王建平 is not "YANG, Jianping", 纪娜 not "Jinan".
SHORT_HAN_SYLLABLES = 3
# Cap for names with no distinctive word (only "Corp", "Ltd", "Group" …).  Why: below every
# threshold a user would set, so a legal form or a generic word alone never makes a hit.
GENERIC_ONLY_CAP = 40.0

# A match that rests on one distinctive word (no other distinctive word aligned), spelt otherwise
# on the two sides, in a word shorter than LONE_TYPO_LENGTH letters or with a similarity below
# LONE_TYPO_SIMILARITY (two edits even in a longer word), needs corroboration: another
# distinctive word the same ("Tayota Motor" / "Toyota Motor"), or the names otherwise the same
# — every other word, and the legal forms as written ("ZULEHKA GENERAL TRADING LLC" / "ZULEKHA
# GENERAL TRADING LLC", "Appel" / "Apple") or of one class with the word a sound-alike ("OAO
# Gazprom" / "Gasprom JSC"); in a word shorter than SHORT_WORD letters, only a rest written the
# same that is not empty ("Gll Group" / "Gill Group", "BAJR S.R.L." / "BAJER S.R.L."). Without it
# the match scores at most LONE_TYPO_CAP.
# Why: a short word one edit from a listed one is as often another real name as a typo of it,
# and then the rest of the names differs too ("Kozar S.A." / "KOSAR COMPANY", "Baker Ltd" /
# "BAJER S.R.L.", "Carson Ltd" / "LLC CARBON", "Rivera LLC" / "LA RIVIERA"); a slip in a long
# word ("Powlymedics" / "Polymedics" 0.92, "Rosoboronexport" / "Rosoboroneksport" 0.9) is not.
LONE_TYPO_LENGTH = 8
# Fewest letters the inexact word needs to be corroborated by an empty rest or one alike only in
# class ("Koch" / "KOACH", "Gros SARL" / "GROSS LLC" stay apart: one edit is a quarter of a
# four-letter word).
SHORT_WORD = 5
LONE_TYPO_SIMILARITY = 0.85
# Below the default threshold (74): seen by a caller who lowers it, no alert by default.
LONE_TYPO_CAP = 70.0
# How the legal forms of two names agree (see ``_forms_agreement``).
NO_FORMS, SAME_FORMS, SAME_CLASSES, OTHER_FORMS = 3, 2, 1, 0
LONE_TYPO_NOTE = (f"the match rests on one word spelt otherwise and the names differ elsewhere too: another "
                  f"name as often as a typo, at most {LONE_TYPO_CAP:.0f}")
# A personal name that is part of the other — words of the other left over — and meets it with
# one word only alike (below PARTIAL_SLIP_SIMILARITY: a slip, not another romanisation, nor a
# respelling between two names of one origin, ``_origin_pair``: "AL KASHEF, Muhammad Jamal" /
# "AL-KASHIF, Muhammad Jamal 'Abd-al Rahim Ahmad"; nor a name spelt another way that sounds
# the same, "Nicholas Maduro" / "MADURO MOROS, Nicolas", nor an initial, ``_is_slip``; nor a
# patronymic left over) scores
# at most LONE_TYPO_CAP.  Why: two weak readings at once — a part of a fuller name and a slip in
# it — name another person more often than the listed one: "Camila Torres" / "TORRES MARTINEZ,
# Camilo", "Alfonso Rivera" / "RIVERA MUNOZ, Alonso", "Santiago Perea" / "PEREZ OCAMPO,
# Santiago" (generated names against the SDN); the part written the same ("Camilo Torres") or
# the whole name with a slip ("TORRES MARTINES, Camilo") stays a hit to review.
PARTIAL_SLIP_SIMILARITY = 0.9
PARTIAL_SLIP_NOTE = (f"a part of the other name with a word only alike in it: another person as often as the "
                     f"listed one, at most {LONE_TYPO_CAP:.0f}")

# Words below this similarity, aligned or left over on both sides, are different words where
# the other name has its own: evidence against ("Ahmed" where the list says "Mohamed").
CONFLICT_SIMILARITY = 0.5
# Share of the score a fully different distinctive word costs (× its kind weight).  Why: on
# the nomenklatura bench, names that agree in all words but one distinctive one are
# different parties far more often than not (relatives, sister companies).
CONFLICT_COST = 0.2
# Weight kept for words present on one side only, in personal names.  Why: lists and
# customers drop middle names and patronymics; a missing word is weak evidence against.
EXTRA_WORD_FACTOR_PERSON = 0.5
DISTINCTIVE = frozenset({NAME, NUMBER, DOMAIN})
# Share of the score an organisation-name word present on one side only costs (× its kind
# weight).  Why: "Deutsche Bank Trust Company" is not "Deutsche Bank", "Crystalord Systems"
# not "Crystalord": in company names an added word usually names another company.
EXTRA_WORD_COST_ORG = 0.35
# An added generic word counts at least this much as an extra ("Trust", "Systems", "Capital"
# make another company of a group even though they identify nothing on their own).
EXTRA_GENERIC_IMPORTANCE = 0.6
# Symbols that only say "this is a company" cost nothing when added or dropped
# (``containment.WEAK_SYMBOLS``).

# Generic words that say what kind of body a name is, or its reach, rather than which one:
# "Foundation", "Stichting", "Fondation", "Fundación" (a non-profit body's form spelt as a word —
# "AL-AQSA ASBL" / "AL-AQSA FOUNDATION", rigour reads ASBL, VZW, e.V. and Stiftung as the legal
# form), "Association", "Enterprise" (Russian "predpriyatie" beside "Corporation": "NAUCHNO-
# PROIZVODSTVENNOE PREDPRIYATIE ISTOK" / "RESEARCH & PRODUCTION CORPORATION ISTOK") and
# "International" ("AL-AQSA INTERNATIONAL FOUNDATION" / "AL-AQSA FOUNDATION"). Lists
# publish a body's name with and without them, so one present on one side only costs
# ``FREE_EXTRA_IMPORTANCE`` (× ``EXTRA_WORD_COST_ORG``), not a generic word's
# ``EXTRA_GENERIC_IMPORTANCE``: it names no other business of a group as "Trust" or "Capital" do.
# A list's own longer or shorter form of an organisation's name: every word of one name found
# the same in the other, two proper name words at least (``LONGER_FORM_MIN_NAMES``, one of them
# no everyday word), and the other name adding only sector or generic words — the listed name
# anywhere but between the shared words ("DONGMEI CHEMICAL" / "ZHEJIANG DONGMEI CHEMICAL
# TRADING"), the screened name before them only ("STATE ENTERPRISE …"; a trade word after a
# listed name reads as another business, see ``containment.py``). Each added word then costs at most
# ``LONGER_FORM_IMPORTANCE`` (× ``EXTRA_WORD_COST_ORG``).  Why: on the SDN, EU and Chinese lists
# a name of two or more proper name words is published with and without its sector words; a
# sister company is told apart by a sector word of its own on each side ("Huawei Device" /
# "Huawei Technologies": a conflict, not an addition) or by a name of one proper word
# ("Deutsche Bank Trust", "IHI Aerospace", "Crystalord Systems"), which this rule leaves alone.
# A group's name ("DONGMEI GROUP" / "DONGMEI INVESTMENT GROUP CO., LIMITED", "GRUPO SEGTAC" /
# "GRUPO INMOBILIARIO SEGTAC") is the same longer form with one coined name word, a group word
# (``GROUP_WORD_SYMBOLS``) on both sides, and a sector word inserted anywhere: the group named by
# its brand and by its brand and business.
LONGER_FORM_MIN_NAMES = 2
GROUP_WORD_SYMBOLS = frozenset({"SYMBOL:GRP", "SYMBOL:CONCERN", "SYMBOL:HOLDING"})
LONGER_FORM_IMPORTANCE = 0.2
LONGER_FORM_NOTE = ("longer form of the same name: every word of one name is in the other, which adds only "
                    "sector or generic words around them (a list's own longer or shorter form)")
FREE_EXTRA_SYMBOLS = frozenset({"SYMBOL:FDN", "SYMBOL:ASSOC", "SYMBOL:INTL", "SYMBOL:ENTERPRISE"})
FREE_EXTRA_IMPORTANCE = 0.4

_NO_WEIGHTS = TokenWeights()


@dataclass(frozen=True, slots=True)
class PairScore:
    """A name score with its explanation.

    Attributes:
        score: 0–100 after the legal-form and generic-only rules.
        explanation: The pieces that decided it.
    """

    score: float
    explanation: Explanation


def _curve(raw: float, floor: float) -> float:
    if raw >= 1.0:
        return 1.0
    if raw <= floor:
        return 0.0
    return ((raw - floor) / (1.0 - floor)) ** TOKEN_CURVE


def token_similarity(query: Token, candidate: Token, personal: bool = False) -> float:
    """Return how alike two words are, 0–1.

    Rule: same key or a shared symbol → 1; two different numbers → ``NUMBER_MISMATCH_SIMILARITY``,
    a number and a word → 0; an initial matches a word with the same first letter at
    ``INITIAL_SIMILARITY`` (a founder's initial in a company's name too: "J Smith Trading Ltd"); two different pinyin syllables → 0; otherwise the better of
    rapidfuzz ``ratio`` through the typo curve and the edit-distance steps (one or two typos,
    by word length), also compared after unifying romanisation variants.
    """
    if query.key == candidate.key or (query.symbols and query.symbols & candidate.symbols):
        return 1.0
    if query.kind == NUMBER and candidate.kind == NUMBER:
        return NUMBER_MISMATCH_SIMILARITY
    if query.kind == NUMBER or candidate.kind == NUMBER:
        return 0.0
    if personal:
        return _personal_word_similarity(query.text, candidate.text)
    return _word_similarity(query.text, candidate.text)


def _word_function(query: Sequence[Token], candidate: Sequence[Token], personal: bool,
                   origin: str = "") -> Callable[[str, str], float]:
    """The word similarity for aligning two names: personal names' (between two Arabic or two
    Korean names, see ``_origin_pair``, their respellings read), or, for
    organisation names, the corroborated one (``ORG_TWO_EDIT_STEPS``) when the names share
    another word (not a particle or a weak company word) — two typos in a name's only word
    ("Morvan" / "Mokran") are as often another name."""
    if personal:
        slavic = _word_facts(query)[1] or _has_patronymic(candidate)
        words = _slavic_word_similarity if slavic else _ORIGIN_WORDS.get(origin, _personal_word_similarity)
        return _given_name_words(query, candidate, slavic, words)
    if len(query) >= 2 and len(candidate) >= 2 and not _word_facts(query)[0].isdisjoint(_corroborating(candidate)):
        return _corroborated_word_similarity
    return _word_similarity


def _word_functions(query: Sequence[Token], candidate: Sequence[Token], personal: bool,
                    unseen: Sequence[bool], origin: str = "") -> list[Callable[[str, str], float]]:
    """The word similarity for each word of the query: ``_word_function``'s, except that an
    unseen word (``unseen_words``) of an organisation's name, where nothing else corroborates
    it, has its two typos counted by ``UNSEEN_TWO_EDIT_STEPS``."""
    words = _word_function(query, candidate, personal, origin)
    if words is not _word_similarity:
        return [words] * len(query)
    return [_unseen_word_similarity if flag else words for flag in unseen]


def _corroborating(tokens: Sequence[Token]) -> set[str]:
    """Keys of the words that can corroborate a typo'd word of the same name."""
    return {t.key for t in tokens if t.kind != STOP and WEAK_SYMBOLS.isdisjoint(t.symbols)}


def _has_patronymic(tokens: Sequence[Token]) -> bool:
    """True if a word is a patronymic (``_PATRONYMIC_RE``)."""
    return any(_PATRONYMIC_RE.search(t.text) for t in tokens)


def _has_slavic_word(tokens: Sequence[Token]) -> bool:
    """True if a word is an East Slavic given name or patronymic (``slavic_names``)."""
    return any(_slavic_word(t.text) for t in tokens)


def _slavic_others(tokens: Sequence[Token]) -> tuple[frozenset[str], frozenset[str]] | None:
    """If a word is an East Slavic given name or patronymic, the ``romanisation_key`` and
    ``belarusian_key`` of the other name words (for ``_given_names_read``); else None."""
    if not _has_slavic_word(tokens):
        return None
    words = [t.text for t in tokens if t.kind == NAME and len(t.text) > 1 and not _slavic_word(t.text)]
    return frozenset(map(romanisation_key, words)), frozenset(map(belarusian_key, words))


# Most word tuples whose ``_word_facts`` are kept (the cache starts over when full; an entry
# holds the tuple, so its id is not reused while it lives).
WORD_FACTS_CACHE = 1 << 16
# (corroborating keys, a patronymic, the other name words' keys if an East Slavic given name)
WordFacts = tuple[set[str], bool, "tuple[frozenset[str], frozenset[str]] | None"]
_word_facts_cache: dict[int, tuple[tuple[Token, ...], WordFacts]] = {}


def _facts_of(tokens: Sequence[Token]) -> WordFacts:
    return _corroborating(tokens), _has_patronymic(tokens), _slavic_others(tokens)


def _word_facts(tokens: Sequence[Token]) -> WordFacts:
    """A screened name's words' ``_corroborating`` keys, whether one is a patronymic
    (``_has_patronymic``) and their ``_slavic_others``, computed once per tuple of words (a
    prepared name's ``core`` is compared with a dozen listed names; a list is computed each
    time): the caller must not change the result.

    A listed name's words are read only as far as a comparison needs them (``_corroborating``,
    ``_has_patronymic``, ``_slavic_others``), not kept: an index holds more names than this
    cache, which they would fill and empty again and again, each read in full."""
    if type(tokens) is not tuple:
        return _facts_of(tokens)
    entry = _word_facts_cache.get(id(tokens))
    if entry is not None and entry[0] is tokens:
        return entry[1]
    facts = _facts_of(tokens)
    if len(_word_facts_cache) >= WORD_FACTS_CACHE:
        _word_facts_cache.clear()
    _word_facts_cache[id(tokens)] = (tokens, facts)
    return facts


@lru_cache(maxsize=1 << 16)
def _pinyin_split(word: str) -> tuple[str, ...] | None:
    """The word as a run of 1–MAX_SPLIT_SYLLABLES pinyin syllables (longest first), or None."""
    if not word:
        return ()
    for size in range(min(6, len(word)), 0, -1):
        head = word[:size]
        if head in PINYIN_SYLLABLES:
            rest = _pinyin_split(word[size:])
            if rest is not None and len(rest) < MAX_SPLIT_SYLLABLES:
                return (head, *rest)
    return None


@lru_cache(maxsize=1 << 18)
def _personal_word_similarity(a: str, b: str) -> float:
    """``_word_similarity`` for personal names, where two romanised Chinese names of one or two
    syllables that differ in a syllable are different names ("Xiaohong" / "Xiaoming",
    "Ming" / "Mingfu")."""
    sa, sb = _pinyin_split(a), _pinyin_split(b)
    if sa and sb and sa != sb:
        return 0.0
    return _similarity(a, b, TWO_EDIT_STEPS)


@lru_cache(maxsize=1 << 16)
def _arabic_word_similarity(a: str, b: str) -> float:
    """``_personal_word_similarity`` for two names that both carry Arabic-origin evidence (see
    ``_arabic``), a respelling in another romanisation read (``respelling.arabic_similarity``:
    "Mohamed" / "Muhammad", "Wehbe" / "Wihbi")."""
    sim = _personal_word_similarity(a, b)
    if sim < ARABIC_NAME_SIMILARITY:
        sim = max(sim, arabic_similarity(a, b))
    return sim


# Reads respellings of Arabic, Korean and Wade–Giles names (``respelling.py``); off only to
# measure what they cost.
RESPELLING = True
ARABIC, ARABIC_NAMES, KOREAN, CHINESE = "arabic", "arabic-names", "korean", "chinese"
# Two personal names neither of which may be an East Asian name (see ``_origin_pair``).
NOT_CHINESE = "not-chinese"


@lru_cache(maxsize=1 << 16)
def _arabic_name_similarity(a: str, b: str) -> float:
    """``_arabic_word_similarity`` for two names each holding a single Arabic name word (see
    ``_origin_pair``): only a word of the lexicon is read respelt ("Hasan" / "Hassan"), not the
    name's other words ("Radic" / "Radek", "Kolar" / "Koller" are Slavic respellings)."""
    sim = _personal_word_similarity(a, b)
    if sim < ARABIC_NAME_SIMILARITY and (arabic_lexicon_word(a) or arabic_lexicon_word(b)):
        sim = max(sim, arabic_similarity(a, b))
    return sim


def name_origins(name: PreparedName) -> tuple[int, bool, bool, bool, bool, bool, bool]:
    """Whether a personal name carries Arabic-origin evidence (``respelling.arabic_evidence``),
    is Korean-shaped (``respelling.korean_shaped``), shows Wade–Giles (``respelling.wade_giles_word``)
    and is Chinese-shaped (``respelling.chinese_shaped``), and, for a Korean-shaped name, whether it
    shows what only Korean shows (``respelling.korean_evidence``) and is all pinyin; and whether it
    may be an East Asian name (Chinese-shaped, not in Latin letters, or holding a word of
    ``respelling.east_asian_word``): computed once per prepared name and kept on it (a listed
    name's when the matcher is built)."""
    found = name.origins
    if found is None:
        if name.orgish:
            found = (False, False, False, False, False, False, False)
        else:
            words = tuple(t.text for t in name.core)
            short = name.latin and len(words) <= 4
            korean = korean_shaped(words, name.family)
            chinese = short and chinese_shaped(words)
            found = (arabic_evidence(words), korean, short and any(wade_giles_word(w) for w in words), chinese,
                     korean and korean_evidence(words, name.original), (korean or chinese) and all_pinyin(words),
                     chinese or not name.latin or any(east_asian_word(w) for w in words))
        name.origins = found
    return found


def _origin_pair(query: PreparedName, candidate: PreparedName) -> str:
    """The respellings to read between two personal names: ``ARABIC`` if both carry
    Arabic-origin evidence, ``KOREAN`` if both are Korean-shaped and one shows Korean evidence
    (not both all pinyin), ``CHINESE`` if both are Chinese-shaped, one shows Wade–Giles and the
    other is all pinyin, ``NOT_CHINESE`` if neither may be an East Asian name (``name_origins``), else ""."""
    if not RESPELLING:
        return ""
    q, c = name_origins(query), name_origins(candidate)
    # Every word read respelt only where a name holds two Arabic name words or more ("Bilal
    # Hasan Rihmi"); a name holding one ("Hasan Radic") may be of any origin, its other words
    # read as written.
    if q[0] and c[0]:
        return ARABIC if q[0] >= 2 or c[0] >= 2 else ARABIC_NAMES
    # Korean only where one name shows it (a Korean-only family name, eo/eu/ae/oe, a hyphen, an
    # apostrophe) and not both are pinyin: Li, Yang, Han, Song, Kong, Ho are Chinese family names
    # too, and pinyin syllables are Korean-shaped ("Song Li Ping" is not "SONG, Li Bing").
    if q[1] and c[1] and (q[4] or c[4]) and not (q[5] and c[5]):
        return KOREAN
    # Wade–Giles against pinyin: one name shows Wade–Giles, the other is all pinyin ("Ho Chun
    # Ding", Wade–Giles "Ho" with pinyin "Ding", is neither, and not "HO, Chun Ting").
    if q[3] and c[3] and ((q[2] and c[5]) or (c[2] and q[5])):
        return CHINESE
    if not (q[6] or c[6] or query.han is not None or candidate.han is not None):
        return NOT_CHINESE
    return ""


@lru_cache(maxsize=1 << 16)
def _not_chinese_word_similarity(a: str, b: str) -> float:
    """``_personal_word_similarity`` between two names neither of which may be East Asian (see
    ``_origin_pair``): without its rule for romanised Chinese syllables. Why: that rule (two names
    of one or two syllables that differ in a syllable are two names) is for Chinese, Korean and
    Burmese names ("Sanghun" / "Sangman", "Jianming" / "Jianping", "Kyaw Mi" / "Kyaw Min": kept
    wherever a word of either name may be such a syllable, a Korean family name or Wade–Giles);
    read in others it split "Hana" / "Hanna" as han-a / han-na and "Mlan" / "Milan" as m-lan /
    mi-lan, so that a given name one slip from the listed one scored as another name beside the
    same rare family name ("RZOOKI, Hana" / "RZOOKI, Hanna" 17.8)."""
    return _similarity(a, b, TWO_EDIT_STEPS)


@lru_cache(maxsize=1 << 14)
def _chinese_word_similarity(a: str, b: str) -> float:
    """``_personal_word_similarity`` between a Wade–Giles name and a pinyin one (see
    ``_origin_pair``), a word's pinyin reading as Wade–Giles read (``respelling.wade_giles_similarity``:
    "Hsueh" / "Xue", "Hsuehkang" / "Xuekang")."""
    return max(_personal_word_similarity(a, b), wade_giles_similarity(a, b))


@lru_cache(maxsize=1 << 14)
def _korean_word_similarity(a: str, b: str) -> float:
    """``_personal_word_similarity`` for two Korean-shaped names (see ``_origin_pair``), the
    other romanisation of a syllable or family name read (``respelling.korean_similarity``:
    "Chong" / "Jong", "Pak" / "Park")."""
    return max(_personal_word_similarity(a, b), korean_similarity(a, b))


@lru_cache(maxsize=1 << 16)
def _slavic_word_similarity(a: str, b: str) -> float:
    """``_personal_word_similarity`` for names with a patronymic (see ``_word_function``),
    Belarusian and Russian spellings unified (``BELARUSIAN_SIMILARITY``)."""
    sim = _personal_word_similarity(a, b)
    if sim < BELARUSIAN_SIMILARITY:
        ba, bb = belarusian_key(a), belarusian_key(b)
        if ba == bb:
            return BELARUSIAN_SIMILARITY
        if min(len(ba), len(bb)) >= TWO_EDIT_STEPS[0][0]:
            # A typo or another vowel on top, in a long word ("Aliaksandr" / "Alexander").
            sim = max(sim, BELARUSIAN_SIMILARITY * _edit_similarity(ba, bb))
    return sim


# Similarity of two words d edits apart (Damerau: insert, delete, substitute, swap), by the
# length of the shorter word: (shortest length, similarity) steps, longest first.  Why: one
# or two typos in a long distinctive word ("Polymedics" / "Powlymedics", "Dafeng" / "Ddfegn")
# leave the word recognisable, while in a four-letter word one edit is a quarter of it and
# usually another name ("Gaon" / "Gaan", "Isiu" / "Isil").
ONE_EDIT_STEPS: tuple[tuple[int, float], ...] = ((8, 0.9), (5, 0.8), (4, 0.65), (3, 0.6))
TWO_EDIT_STEPS: tuple[tuple[int, float], ...] = ((8, 0.8), (6, 0.7), (5, 0.5))
# Two typos in a word of an organisation's name whose other words corroborate it (the names
# share another word, see ``_word_function``), by the length of the longer word (the word as
# listed, before letters were dropped), the shorter one at least ORG_TWO_EDIT_MIN_LENGTH
# letters, first and last letters unchanged: with the rest of the name to corroborate it, a
# word two typos away is recognisable ("Pouya Timn Kish" / "Pouya Tamin Kish", "Gerei Import
# Export" / "Geleri Import Export"). Not in personal names, a closed set with many neighbours two letters apart
# ("Jensen" / "Hansen", "Mostafa" / "Mojtaba"); not in a name's only word (generated company
# names "Morvan", "Renard", "Potier" met "MOKRAN", "RESAD", "POLIMER" that way); not where the
# first letter changes (a slip rarely hits it: "Zhang" / "Sheng") or the last (another ending,
# another word: "Melli" / "Mellat"): counted by TWO_EDIT_STEPS there.
ORG_TWO_EDIT_STEPS: tuple[tuple[int, float], ...] = ((8, 0.8), (6, 0.76), (5, 0.6))
ORG_TWO_EDIT_MIN_LENGTH = 4
# Two typos in an *unseen* word of an organisation's name (a word neither the list nor general
# language knows, see ``unseen_words``) against a listed word, by the length of the longer word
# (the word as listed), first and last letters unchanged and the shorter word at least
# ORG_TWO_EDIT_MIN_LENGTH letters: a word no one uses that is two slips from a listed word of
# seven letters or more is that word mistyped ("NPO Comlutr" / "NPO Computer", "Patrt Private
# Military Company" / "Patriot …"). Six-letter words stay at TWO_EDIT_STEPS' 0.7: two edits are
# a third of them and generated names meet listed ones that way ("Morvan" / "MOKRAN").
UNSEEN_TWO_EDIT_STEPS: tuple[tuple[int, float], ...] = ((8, 0.8), (7, 0.76), (6, 0.7), (5, 0.5))
# Fewest letters of a word for ``unseen_words`` (shorter words are initials, acronyms and
# syllables, many of them unknown to any list and to general language).
UNSEEN_MIN_LENGTH = 4
# Fewest letters of both words for one slip inside an unseen word, first and last letters kept
# (``_clear_slip``), to stand without corroboration when the match rests on it (see
# ``LONE_TYPO_CAP``) and the legal forms do not differ: "Byldrex" / "Boldrex", "Gremls" /
# "Gremlos", "TexOre" / "TextOre" are the word mistyped; "Koch" / "KOACH" and "Appel" / "Apple"
# (shorter), "Textor" / "TextOre" (another ending) and two slips ("Morvan" / "MOKRAN") still
# need corroboration. On the dev benchmarks this moved no false alert (generated company and
# person names against the SDN, the list bench's hard negatives).
CLEAR_SLIP_LENGTH = 6
# Fewest letters of the longer word for two slips in an unseen word to stand the same way: a
# word of eight letters or more keeps six of them in place ("Sotuhfrzont" / "Southfront",
# "Prnctproduct" / "Printproduct"; UNSEEN_TWO_EDIT_STEPS rate them 0.8), where two slips in a
# word of seven ("Gasprim" / "Gazprom") or fewer ("Morvan" / "MOKRAN") are another name as often.
# On the list bench's typos (``tools_typos.py``, ten seeds) a third of the one-word names missed
# were such words; the dev benchmarks' false alerts did not move.
CLEAR_TWO_SLIP_LENGTH = 8
# Similarity lost when the first letters differ.  Why: typing slips rarely hit a word's first
# letter; a different first letter more often means another word ("Fokin" / "Tokin") — unless
# both are vowels, which romanisations swap ("Usama" / "Osama").
FIRST_LETTER_COST = 0.1
# Syllables of a romanised Chinese given name compared syllable by syllable (Chinese given
# names have one or two; longer words that happen to spell syllables are usually not pinyin).
MAX_SPLIT_SYLLABLES = 2
VOWELS = frozenset("aeiouy")
# First letters that spell one sound and are swapped in respellings and romanisations
# ("Cencora" / "Sencora", "Kadyrov" / "Qadyrov", "Vasiliev" / "Wasiliev", "Yusuf" / "Jusuf"):
# a different first letter among them costs nothing in words of RESPELT_MIN_LENGTH letters or
# more (in shorter ones "Carla" / "Karla" are as often two names).
RESPELT_INITIALS = frozenset({frozenset("ck"), frozenset("cs"), frozenset("kq"), frozenset("vw"), frozenset("jy"),
                              frozenset("iy")})
RESPELT_MIN_LENGTH = 6
# Similarity of two words that are the same once the usual romanisation variants of Cyrillic
# are unified (normalize.ROMANISATION_VARIANTS: "Khimprom" / "Himprom", "Yuriy" / "Jurij").
ROMANISATION_SIMILARITY = 0.95
ARABIC_NAME_SIMILARITY = 0.95
# Similarity of two personal names that are the same once the Belarusian and Russian spellings
# are unified (normalize.BELARUSIAN_VARIANTS: "Lukashenka" / "Lukashenko", "Ihar" / "Igor"):
# lists give Belarusian parties in both forms. Below ROMANISATION_SIMILARITY: the rules merge
# more (every o with a), so they are kept to personal names with a patronymic.
BELARUSIAN_SIMILARITY = 0.9
# Patronymics (Russian, Belarusian, Ukrainian): a name with one on either side is compared with
# the Belarusian variants; without, "Rivero" / "Rivera" stay two Spanish surnames.
_PATRONYMIC_RE = re.compile(r"(?:ovich|evich|avich|ovych|evych|ovna|evna|avna|auna|ivna|ichna)$")


def _edit_similarity(a: str, b: str, two_edit_steps: tuple[tuple[int, float], ...] = TWO_EDIT_STEPS) -> float:
    """Similarity from the edit distance of two words (see ONE_EDIT_STEPS / TWO_EDIT_STEPS): the
    Damerau–Levenshtein distance, a swap counted as one edit even where another edit falls between
    the swapped letters ("Coral" / "Crdoal": "o" and "r" swapped, then "d" typed between them —
    two slips, which the restricted (optimal string alignment) distance counts as three)."""
    distance = DamerauLevenshtein.distance(a, b, score_cutoff=2)
    if distance > 2:
        return 0.0
    shortest = min(len(a), len(b))
    steps = ONE_EDIT_STEPS if distance <= 1 else two_edit_steps
    measured = shortest
    lenient = steps is ORG_TWO_EDIT_STEPS or steps is UNSEEN_TWO_EDIT_STEPS
    if lenient and (a[-1] != b[-1] or a[0] != b[0]):
        steps = TWO_EDIT_STEPS
    elif steps is UNSEEN_TWO_EDIT_STEPS and shortest < ORG_TWO_EDIT_MIN_LENGTH:
        steps = TWO_EDIT_STEPS
    elif steps is UNSEEN_TWO_EDIT_STEPS:
        measured = max(len(a), len(b))
    elif steps is ORG_TWO_EDIT_STEPS:
        if shortest < ORG_TWO_EDIT_MIN_LENGTH:
            return 0.0
        measured = max(len(a), len(b))
    for length, sim in steps:
        if measured >= length:
            first_differs = a[0] != b[0] and not (a[0] in VOWELS and b[0] in VOWELS) and not (
                shortest >= RESPELT_MIN_LENGTH and frozenset((a[0], b[0])) in RESPELT_INITIALS)
            return sim - (FIRST_LETTER_COST if first_differs else 0.0)
    return 0.0


@lru_cache(maxsize=1 << 18)
def _word_similarity(a: str, b: str) -> float:
    """How alike two different words are, 0–1 (the rule of ``token_similarity``)."""
    return _inflected(a, b, _similarity(a, b, TWO_EDIT_STEPS))


# Russian inflections of a word of an organisation's name: an adjective made from a place
# ("Tikhoretski" / "Tikhoretsk", "Novosibirskiy" / "Novosibirsk") or the genitive of the person a
# body is named after ("imeni Vorovskogo" / "named after Vorovsky", "Shokina" / "Shokin"). The
# ending (``_INFLECTION_RE``) is taken off — never the "sk" of an adjective, which would make
# "Petrovsky" of "Petrov" — and two words of one stem of ``INFLECTION_MIN_STEM`` letters or more,
# as written or in one romanisation (``romanisation_key``: "Stelmaha" / "Stelmakh" from Cyrillic
# "Стельмаха", "Reshetnyova" / "Reshetnev" from "Решетнёва"), are ``INFLECTION_SIMILARITY`` alike.
# Why: lists publish a Russian body's name romanised and translated, and the translation drops
# the inflection. Organisation names only: in personal
# names "Petrova" and "Petrov" are two people's.
INFLECTION_SIMILARITY = 0.9
INFLECTION_MIN_STEM = 5
_INFLECTION_RE = re.compile(r"(?:ogo|ego|omu|ykh|ikh|aya|oye|oe|oi|oy|ii|iy|yy|yi|ij|yj|ei|ey|y|i|a)$")


def slavic_stem(word: str) -> str:
    """The word without its Russian inflectional ending (``_INFLECTION_RE``)."""
    return _INFLECTION_RE.sub("", word, count=1)


def _inflected(a: str, b: str, sim: float) -> float:
    """``sim``, or ``INFLECTION_SIMILARITY`` when higher and the words are Russian inflections
    of one stem (see ``INFLECTION_SIMILARITY``), or a place adjective and its place
    (``lexicon.place_similarity``: "Kazanskiy" / "Kazan", at most ``INFLECTION_SIMILARITY``)."""
    if sim >= INFLECTION_SIMILARITY:
        return sim
    # (a stem is a prefix of its word, so two words of one stem of INFLECTION_MIN_STEM letters
    # or more share their first INFLECTION_MIN_STEM letters: most pairs are told apart there,
    # without the two regular-expression look-ups)
    # (romanised otherwise, the same: "vagnera" / "wagner")
    if min(len(a), len(b)) >= INFLECTION_MIN_STEM and (
            a[:INFLECTION_MIN_STEM] == b[:INFLECTION_MIN_STEM]
            or romanisation_key(a)[:INFLECTION_MIN_STEM] == romanisation_key(b)[:INFLECTION_MIN_STEM]):
        stem, other = slavic_stem(a), slavic_stem(b)
        if len(stem) >= INFLECTION_MIN_STEM and (stem == other or romanisation_key(stem) == romanisation_key(other)):
            return INFLECTION_SIMILARITY
    return max(sim, INFLECTION_SIMILARITY * place_similarity(a, b, _place_word_similarity))


def _place_word_similarity(a: str, b: str) -> float:
    return _similarity(a, b, TWO_EDIT_STEPS)


@lru_cache(maxsize=1 << 18)
def _corroborated_word_similarity(a: str, b: str) -> float:
    """``_word_similarity`` for words of organisation names with other distinctive words (see
    ``_word_function``): two typos counted by ``ORG_TWO_EDIT_STEPS``."""
    return _inflected(a, b, _similarity(a, b, ORG_TWO_EDIT_STEPS))


@lru_cache(maxsize=1 << 18)
def _unseen_word_similarity(a: str, b: str) -> float:
    """``_word_similarity`` for an unseen word of an organisation's name (see ``unseen_words``)
    against a listed word: two typos counted by ``UNSEEN_TWO_EDIT_STEPS``."""
    return _inflected(a, b, _similarity(a, b, UNSEEN_TWO_EDIT_STEPS))


def unseen_words(tokens: Sequence[Token], weights: TokenWeights) -> list[bool]:
    """For each word of a screened name, whether it is *unseen*: a distinctive word (kind NAME)
    of at least ``UNSEEN_MIN_LENGTH`` letters that is neither a word of any listed name (the
    list's document frequency is 0) nor an ordinary word of general language
    (``common_words.ordinary``).

    Why: a word that neither the list nor everyday language knows is most often a misspelling
    ("Comlutr", "Patrt", "Byldrex"), while a word the list or the language knows is a name in
    its own right ("Petropars" is listed beside "Petroplus", "Printer" is not "PRANTOR"). Being
    unseen is necessary, not sufficient: a rare surname is unseen too, so the rules that use it
    still ask for a long enough word and the first and last letters kept."""
    df = weights.df
    return [t.kind == NAME and len(t.text) >= UNSEEN_MIN_LENGTH and not df.get(t.key) and not _ordinary(t.text)
            for t in tokens]


@lru_cache(maxsize=1 << 16)
def _ordinary(word: str) -> bool:
    return ordinary(word)


# Shortest word of a listed name as written that an unseen word is compared with (``listed_written_forms``).
WRITTEN_MIN_LENGTH = 4
_NO_FORMS: dict[str, tuple[str, ...]] = {}


def _variant_word(word: str) -> str | None:
    """The English variant a word is read as (``lexicon.english_variants``: "rocket" as
    "missile"), or None."""
    variant = english_variants(word)
    return variant if variant != word else None


def listed_written_forms(name: PreparedName) -> dict[str, tuple[str, ...]]:
    """The words of a listed name as written where its core reads them otherwise: for each core
    word's text, the written words it stands for — a number spelt in letters ("twelfth" for 12,
    "premier" for 1) and an organisation's word read in English (lexicon.py: "yatirim" for
    "investment", "okhrannaia" for "security", "tosee" for "development") or as the English
    variant lists vary it with ("rocket" for "missile"), or a state's adjective read as the state
    ("lebanese" for "lebanon").

    Why: an unseen word of the screened name (``unseen_words``) is most often a misspelling, and a
    misspelt word is no longer read as a number or translated ("TWELTH OCEAN" / "TWELFTH OCEAN",
    "ENERJI YTTIRIM" / "ENERJI YATIRIM"): compared with the English word or the number it meets
    nothing, compared with the listed word as written it is one or two slips from it (see
    ``_align``). Computed once per listed name and kept on it (``PreparedName.written_forms``: an
    index holds more names than any cache would)."""
    found = name.written_forms
    if found is not None:
        return found
    forms: dict[str, set[str]] = {}
    core = name.core
    read = {t.raw for t in name.tokens} | {t.text for t in name.tokens}
    for t in core:
        if t.kind == NUMBER and t.raw.isalpha() and len(t.raw) >= WRITTEN_MIN_LENGTH:
            forms.setdefault(t.text, set()).add(t.raw)
    if name.orgish or name.kind in ORG_KINDS:
        texts = {t.text for t in core if t.kind != NUMBER}
        for word in _LETTERS_RE.findall(_fold(name.original)):
            if len(word) < WRITTEN_MIN_LENGTH or word in read:
                continue
            english = translate_word(word) or _variant_word(word) or STATE_ADJECTIVES.get(word)
            if english is None:
                continue
            for part in english.split():
                if part in texts and part != word:
                    forms.setdefault(part, set()).add(word)
    found = {text: tuple(sorted(words)) for text, words in forms.items()} if forms else _NO_FORMS
    name.written_forms = found
    return found


# Two slips in an unseen word of the screened name where the names are otherwise the same (see
# ``_rest_slip``), by the length of the listed word: (shortest length, similarity), longest first.
REST_SLIP_STEPS: tuple[tuple[int, float], ...] = ((8, 0.8), (6, 0.76), (5, 0.6))


def _rest_slip(query: Sequence[Token], candidate: Sequence[Token],
               unseen: Sequence[bool]) -> tuple[int, int, float] | None:
    """(i, j, similarity) if the query's word i reads as the candidate's word j with two slips
    in it, the names being otherwise the same; else None.

    Rule: every other word of the two names met one-to-one as the same word (same key or a
    shared symbol), one of them distinctive, none left over; the query's word unseen
    (``unseen_words``: neither the list nor everyday language knows it), two edits (Damerau)
    from the listed word, first letters the same, the listed word's last letter last or, swapped,
    one place before ("Wiyl" / "Willy"); similarity by the listed word's length
    (``REST_SLIP_STEPS``).

    Why: a word nobody uses, where a name is otherwise written the same, is that name mistyped
    ("KOTEKIN, Rogn Aleksandrovich" / "KOTEKIN, Roman Aleksandrovich", "NGOMA, Wiyl" / "NGOMA,
    Willy", "ISLAMIC JIDA GROUP" / "ISLAMIC JIHAD GROUP"): on the list bench's typos (two random
    slips in a name's rarest word, ``tools_typos.py``) such words were the largest share of the
    misses, two slips in a word of five or six letters, the family name exact — counted by the
    plain two-edit steps they met the other word as a conflict. A listed or everyday word two
    letters from the listed one ("Jensen" / "Hansen", "Mellat" / "Melli") is no slip: the rule
    asks for a word nobody uses, the rest written the same, the first letter kept (a slip
    rarely hits it: "Zhang" / "Sheng") and the ending (another ending is another word: "Melli" /
    "Mellat"); not between two romanised Chinese syllable names, where
    a letter makes another name ("Hongmei" / "Hongri", see ``_personal_word_similarity``), nor a
    man's and a woman's name. A family name two slips from the listed one is still another
    family (``_personal_cap``: "Bykov" / "BASKOV, Dmitry").
    """
    if len(query) != len(candidate) or len(query) < 2 or not any(unseen):
        return None
    left = list(range(len(candidate)))
    odd_q = -1
    distinctive = False
    for i, q in enumerate(query):
        for k, j in enumerate(left):
            c = candidate[j]
            if q.key == c.key or (q.symbols and q.symbols & c.symbols):
                distinctive = distinctive or (q.kind in DISTINCTIVE and c.kind in DISTINCTIVE)
                del left[k]
                break
        else:
            if odd_q >= 0:
                return None
            odd_q = i
    if odd_q < 0 or len(left) != 1 or not distinctive or not (odd_q < len(unseen) and unseen[odd_q]):
        return None
    j = left[0]
    a, b = query[odd_q], candidate[j]
    if a.kind != NAME or b.kind != NAME or a.text[:1] != b.text[:1] or b.text[-1:] not in a.text[-2:]:
        return None
    if DamerauLevenshtein.distance(a.text, b.text, score_cutoff=2) != 2:
        return None
    split_a, split_b = _pinyin_split(a.text), _pinyin_split(b.text)
    if (split_a and split_b) or slavic_names.other_sex(a.text, b.text):
        return None  # two romanised Chinese names ("Hongmei" / "Hongri"), a man's and a woman's
    for length, sim in REST_SLIP_STEPS:
        if len(b.text) >= length:
            return odd_q, j, sim
    return None


def _as_written(word: str, token: Token, forms: tuple[str, ...], words: Callable[[str, str], float]) -> float:
    """The best similarity of a word to a listed word's written forms (``listed_written_forms``); to a
    number's, one slip at most: numbers spelt out are a closed set of words two or three letters
    apart ("Twelth" is "twelfth" mistyped, not "tenth"), as a list's sister companies are
    numbered ("TENTH OCEAN …", "TWELFTH OCEAN …")."""
    if token.kind == NUMBER:
        forms = tuple(f for f in forms if DamerauLevenshtein.distance(word, f, score_cutoff=1) <= 1)
        if not forms:
            return 0.0
    return max(words(word, form) for form in forms)


def _clear_slip(a: str, b: str) -> bool:
    """True if two words are one edit apart (insert, delete, substitute, swap) inside the
    word — first and last letters kept, or the last two letters swapped — and both have at
    least ``CLEAR_SLIP_LENGTH`` letters ("Byldrex" / "Boldrex", "Exovear" / "Exovera"; not
    "Textor" / "TextOre", another ending); or two edits apart (Damerau), first and last letters
    kept, both of ``CLEAR_SLIP_LENGTH`` letters or more and one of ``CLEAR_TWO_SLIP_LENGTH``
    ("Sotuhfrzont" / "Southfront", "Mgenrven" / "Minerven"; not "Gasprim" / "Gazprom")."""
    if min(len(a), len(b)) < CLEAR_SLIP_LENGTH or a[0] != b[0]:
        return False
    distance = DamerauLevenshtein.distance(a, b, score_cutoff=2)
    if distance == 1:
        return a[-1] == b[-1] or (len(a) == len(b) and a[:-2] == b[:-2] and a[-2:] == b[:-3:-1])
    return distance == 2 and a[-1] == b[-1] and max(len(a), len(b)) >= CLEAR_TWO_SLIP_LENGTH


def _similarity(a: str, b: str, two_edit_steps: tuple[tuple[int, float], ...]) -> float:
    """How alike two different words are, 0–1 (the rule of ``token_similarity``)."""
    if len(a) == 1 or len(b) == 1:
        return INITIAL_SIMILARITY if a[0] == b[0] else 0.0
    # (words whose lengths differ by more than two are more than two edits apart: no edit similarity)
    edit = _edit_similarity(a, b, two_edit_steps) if abs(len(a) - len(b)) <= 2 else 0.0
    sim = max(_curve(fuzz.ratio(a, b) / 100.0, TOKEN_FLOOR), edit)
    if sim < ROMANISATION_SIMILARITY:
        ra, rb = romanisation_key(a), romanisation_key(b)
        if ra == rb:
            return ROMANISATION_SIMILARITY
        # Another romanisation with a typo or a vowel changed ("Kourmpanov" / "Kurbanov"):
        # edits counted on the unified spellings, a little below the same edits as written.
        # Only in long words: in short ones another name is a respelling and an edit away
        # ("Martins" / "Martyrs").
        if min(len(ra), len(rb)) >= TWO_EDIT_STEPS[0][0]:
            sim = max(sim, ROMANISATION_SIMILARITY * _edit_similarity(ra, rb, two_edit_steps))
    return sim


def _initials(tokens: list[Token]) -> str:
    return "".join(t.plain[:1] for t in tokens)


def _respelt_runs(query: PreparedName, candidate: PreparedName, origin: str) -> bool:
    """True if a run of 2–3 words of one Arabic name, run together, is a word of the other
    respelt (``respelling.arabic_alike``: "Abdul Wahab" / "Abdulvahap"), or a run of Wade–Giles
    syllables a pinyin word ("Hsueh Kang" / "Xuekang")."""
    if origin == CHINESE:
        return any(not wade_giles_readings(run).isdisjoint(other.words)
                   for one, other in ((query, candidate), (candidate, query)) for run in one.runs if len(run) > 3)
    if origin != ARABIC:
        return False
    for one, other in ((query, candidate), (candidate, query)):
        keys = {arabic_key(w, written) for w in other.words if len(w) >= RESPELT_MIN_LETTERS for written in (False, True)}
        keys.discard("")
        if keys and any(arabic_key(run, written) in keys for run in one.runs if len(run) >= RESPELT_MIN_LETTERS
                        for written in (False, True)):
            return True
    return False


def _merge_runs(tokens: list[Token], other: Sequence[Token], acronyms: bool, respelt: str = "",
                other_orgish: bool = True) -> list[Token]:
    """Merge runs of 2–3 adjacent words that stand for one word of the other name.

    Rule: a run merges when its words run together equal a word of the other name
    ("siemens"+"ag" = "siemensag", "van der bilt" = "vanderbilt"), or when its initials spell
    one ("People's Liberation Army" = "PLA", "United States" = "US") — acronyms only for
    organisation names, where they are usual (in personal names they would be initials) — or,
    with ``respelt`` (two Arabic names, or Wade–Giles and pinyin, see ``_respelt_runs``), when
    they run together are a word of the other name respelt ("Abdul Wahab" / "Abdulvahap",
    "Hsueh Kang" / "Xuekang"). The initials of two words only where the other name is an
    organisation's too: two letters are any name's word, a syllable of a personal name above all
    ("Rim Gi" is not "RIM GROUP INVESTMENTS").
    """
    if len(tokens) < 2:
        return tokens
    targets = {t.text for t in other if len(t.text) >= 2 and t.kind != NUMBER}
    # A whole name against one word is the acronym comparator's case (scored by length).
    acronyms = acronyms and len(other) > 1
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        for size in (3, 2):
            run = tokens[i:i + size]
            if len(run) < size:
                continue
            joined = "".join(t.plain for t in run)
            initials = _initials(run)
            if joined in targets or (respelt and len(joined) >= RESPELT_MIN_LETTERS
                                     and all(t.kind not in (NUMBER, LEGAL) for t in run)
                                     and (respelt != ARABIC or joins_compound([t.text for t in run]))
                                     and any((arabic_alike(joined, t) if respelt == ARABIC
                                              else wade_giles_similarity(joined, t) > 0) for t in targets)):
                out.append(Token(joined, NAME, frozenset(), joined))
            elif (acronyms and initials in targets and all(t.kind != LEGAL for t in run)
                  and (size == 3 or other_orgish)):
                out.append(Token(initials, NAME, frozenset(), " ".join(t.raw for t in run)))
            else:
                continue
            i += size
            break
        else:
            out.append(tokens[i])
            i += 1
    return out


def _importance(token: Token) -> float:
    return KIND_WEIGHTS[token.kind]


def _extra_importance(token: Token, free: bool = True) -> float:
    """How much an organisation-name word present on one side only costs (× ``EXTRA_WORD_COST_ORG``).

    Rule: a weak company word ("Co", "Corp", "Group") or a particle ("of", "the", "al", "ul",
    "for") costs nothing beyond its (small) weight in the total: lists write the same name with
    and without them ("ISLAMIC STATE OF IRAQ AND THE LEVANT", "AL-RAHMAH" / "RAHMAH", "ANSAR UL
    HEZBOLLAH" / "ANSAR-E HEZBOLLAH"); a word of a body's kind or reach ("Foundation",
    "International": ``FREE_EXTRA_SYMBOLS``) costs ``FREE_EXTRA_IMPORTANCE`` when ``free`` (the
    names share two proper name words, or one that is no everyday word); any other word costs at
    least ``EXTRA_GENERIC_IMPORTANCE``.
    """
    if token.symbols & WEAK_SYMBOLS or token.kind == STOP:
        return 0.0
    if free and token.symbols & FREE_EXTRA_SYMBOLS:
        return FREE_EXTRA_IMPORTANCE
    return max(KIND_WEIGHTS[token.kind], EXTRA_GENERIC_IMPORTANCE)


def _longer_form(query: Sequence[Token], candidate: Sequence[Token], extras_q: Sequence[int],
                 extras_c: Sequence[int], used_q: set[int], used_c: set[int], group: bool = False) -> bool:
    """True if only one name has words of its own (the other at most particles), all of them
    sector or generic words before or after the shared words, none inserted between them
    ("Sumitomo Mitsui *Trust* Bank"), and none after them in the screened name ("Concord
    Catering *Consulting*": a customer's trade word after a listed name names another business,
    as in ``containment.py``), see ``LONGER_FORM_IMPORTANCE``."""
    own_q = [i for i in extras_q if query[i].kind != STOP]
    own_c = [j for j in extras_c if candidate[j].kind != STOP]
    if bool(own_q) == bool(own_c):
        return False
    tokens, own, used = (query, own_q, used_q) if own_q else (candidate, own_c, used_c)
    first, last = min(used), max(used)
    if own_q and any(k > last for k in own_q):
        return False  # a trade word after a listed name: another business (containment.py)
    return all(tokens[k].kind in (GENERIC, DOMAIN) and (group or not first < k < last) for k in own)


def _conflict_factor(conflicts: list[tuple[Token, Token, float]]) -> float:
    factor = 1.0
    for q, c, sim in conflicts:
        factor *= 1.0 - CONFLICT_COST * (1.0 - sim) * min(_importance(q), _importance(c))
    return factor


def _align(
    query: Sequence[Token], candidate: Sequence[Token], weights: TokenWeights, personal: bool, explain: bool,
    unseen: Sequence[bool] | None = None, origin: str = "", written: dict[str, tuple[str, ...]] = _NO_FORMS,
    mistyped: tuple[int, int, float] | None = None,
) -> tuple[float, list[TokenMatch], list[tuple[str, str, float]], list[tuple[Token, Token, float]], TokenStats]:
    """Align words one-to-one; return score, matches, unmatched words, conflicts and statistics.

    Rule: best-similarity pairs first; distinctive words left over on both sides are paired
    as conflicts (similarity 0); low-similarity aligned pairs are conflicts too; other
    left-over words are extras (see the module constants). An unseen word of the query
    (``unseen_words``) is also compared with the candidate's words as written (``written``:
    ``listed_written_forms``), the better similarity counting; ``mistyped`` (``_rest_slip``): a pair read
    as a word mistyped, at least that similar.
    """
    weight = weights.weight
    wq = [weight(t) for t in query]
    wc = [weight(t) for t in candidate]
    pairs = []
    if unseen is None:
        unseen = unseen_words(query, weights)
    word_functions = _word_functions(query, candidate, personal, unseen, origin)
    for i, q in enumerate(query):
        words = word_functions[i]
        slip = bool(written) and q.kind == NAME and i < len(unseen) and unseen[i]
        for j, c in enumerate(candidate):
            if q.key == c.key or (q.symbols and q.symbols & c.symbols) or q.kind == NUMBER or c.kind == NUMBER:
                sim = token_similarity(q, c, personal)
            else:
                sim = words(q.text, c.text)
            if slip and sim < 1.0 and c.text in written:
                sim = max(sim, _as_written(q.text, c, written[c.text], words))
            if mistyped is not None and i == mistyped[0] and j == mistyped[1]:
                sim = max(sim, mistyped[2])
            if sim > 0:
                pairs.append((-sim, -(wq[i] + wc[j]), i, j))
    pairs.sort()
    matches: list[TokenMatch] | None = [] if explain else None
    score, conflicts, left_q, left_c, stats = _settle(query, candidate, wq, wc, pairs, personal, matches, unseen,
                                                      origin)
    unmatched: list[tuple[str, str, float]] = []
    if explain:
        unmatched = [("query", query[i].text, rounded(wq[i])) for i in left_q]
        unmatched += [("candidate", candidate[j].text, rounded(wc[j])) for j in left_c]
    return score, matches or [], unmatched, conflicts, stats


def _settle(
    query: Sequence[Token],
    candidate: Sequence[Token],
    wq: list[float],
    wc: list[float],
    pairs: list[tuple[float, float, int, int]],
    personal: bool,
    matches: list[TokenMatch] | None,
    unseen: Sequence[bool] = (),
    origin: str = "",
) -> tuple[float, list[tuple[Token, Token, float]], list[int], list[int], TokenStats]:
    """Score sorted candidate pairs (the rule of ``_align``); fill ``matches`` when given.
    ``origin``: the respellings read between the names (``_origin_pair``): an inexact word that
    is such a respelling is no slip (``PARTIAL_SLIP_SIMILARITY``).

    Returns the score, the conflicts, the query / candidate words left unaligned, and the
    alignment's statistics (the calibration features, see ``TokenStats``).
    """
    used_q: set[int] = set()
    used_c: set[int] = set()
    gained = matched_total = gained_q = gained_c = lost = 0.0
    exact = True
    # Distinctive pairs aligned: how many, how many the same, and the best inexact similarity.
    distinctive_pairs = distinctive_same = 0
    lone_similarity, lone_pair, lone_unseen = 1.0, ("", ""), False
    inexact_pairs = 0
    slip = 1.0  # the least similarity of an inexact distinctive pair read as a slip (personal names)
    initial_in = ""  # "q" / "c": the side whose letter alone met a word of the other
    name_pairs, coined_pair, group_pair = 0, False, False
    conflicts: list[tuple[Token, Token, float]] = []
    for neg_sim, neg_weight, i, j in pairs:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        q, c, sim = query[i], candidate[j], -neg_sim
        gained += neg_sim * neg_weight
        matched_total -= neg_weight
        gained_q -= neg_sim * wq[i]
        gained_c -= neg_sim * wc[j]
        if sim < 1.0:
            exact = False
            inexact_pairs += 1
            if sim >= CONFLICT_SIMILARITY:
                lost -= (1.0 + neg_sim) * neg_weight
        q_kind, c_kind = q.kind, c.kind
        if q_kind == NAME and c_kind == NAME and sim >= 1.0:
            name_pairs += 1
            coined_pair = coined_pair or not _ordinary(q.text)
        elif not (GROUP_WORD_SYMBOLS.isdisjoint(q.symbols) or GROUP_WORD_SYMBOLS.isdisjoint(c.symbols)):
            group_pair = True
        if q_kind in DISTINCTIVE and c_kind in DISTINCTIVE:
            if sim >= CONFLICT_SIMILARITY:
                distinctive_pairs += 1
                distinctive_same += sim >= 1.0
                if sim < 1.0 and (len(q.text) == 1) != (len(c.text) == 1):
                    initial_in = "q" if len(q.text) == 1 else "c"
                elif (sim < 1.0 and personal and _is_slip(q.text, c.text)
                      and not _respelt_word(origin, q.text, c.text)):
                    slip = min(slip, sim)
                lone_similarity = sim
                lone_pair = (q.text, c.text)
                lone_unseen = i < len(unseen) and unseen[i]
            else:
                conflicts.append((q, c, sim))
        if matches is not None:
            matches.append(TokenMatch(q.text, c.text, rounded(sim), rounded(-neg_weight)))
    exact_others = inexact_pairs <= 1
    left_q = [i for i in range(len(query)) if i not in used_q]
    left_c = [j for j in range(len(candidate)) if j not in used_c]
    extras_q, extras_c = left_q, left_c
    if left_q and left_c:
        dq = [i for i in left_q if query[i].kind in DISTINCTIVE]
        dc = [j for j in left_c if candidate[j].kind in DISTINCTIVE]
        dq.sort(key=wq.__getitem__, reverse=True)
        dc.sort(key=wc.__getitem__, reverse=True)
        n = min(len(dq), len(dc))
        for i, j in zip(dq[:n], dc[:n]):
            conflicts.append((query[i], candidate[j], 0.0))
            matched_total += wq[i] + wc[j]
        extras_q = [i for i in left_q if i not in dq[:n]]
        extras_c = [j for j in left_c if j not in dc[:n]]
    extras = sum(map(wq.__getitem__, extras_q)) + sum(map(wc.__getitem__, extras_c))
    total = matched_total + (EXTRA_WORD_FACTOR_PERSON if personal else 1.0) * extras
    sum_q, sum_c = sum(wq), sum(wc)
    aligned = sum(map(wq.__getitem__, used_q)) + sum(map(wc.__getitem__, used_c))
    # The same name: every word aligned and the same, nothing left over.
    same = exact and bool(used_q) and not conflicts and not extras_q and not extras_c
    # Every other word the same and none left over: the names differ only in that word.
    rest_same = exact_others and not left_q and not left_c
    lone_typo = (distinctive_pairs == 1 and not distinctive_same
                 and (lone_similarity < LONE_TYPO_SIMILARITY or min(map(len, lone_pair)) < LONE_TYPO_LENGTH))
    sounds_alike = lone_typo and rest_same and _sound(lone_pair[0]) == _sound(lone_pair[1])
    lone_short = lone_typo and min(map(len, lone_pair)) < SHORT_WORD
    partial_slip = False
    if personal and inexact_pairs == 1 and distinctive_same >= 1 and not conflicts:
        fuller_q = any(_name_left_over(query[i]) for i in extras_q)
        fuller_c = any(_name_left_over(candidate[j]) for j in extras_c)
        # (an initial of the fuller name met by a word of the part is a slip too: "Karen Cruz" is
        # not "Karen C. Handel"; the part's own initial is not: "Juan M Torres" / "TORRES GARCIA,
        # Juan Manuel")
        partial_slip = fuller_q != fuller_c and (slip < PARTIAL_SLIP_SIMILARITY
                                                 or initial_in == ("q" if fuller_q else "c"))
    facts = (gained_q / sum_q if sum_q > 0 else 0.0, gained_c / sum_c if sum_c > 0 else 0.0,
             gained / 2.0, lost / aligned if aligned > 0 else 0.0, len(conflicts), same, lone_typo,
             rest_same, sounds_alike, lone_short, len(used_q) > 1,
             lone_typo and lone_unseen and _clear_slip(*lone_pair))
    if total <= 0:
        return 0.0, conflicts, left_q, left_c, TokenStats(*facts, partial_slip=partial_slip)
    factor = _conflict_factor(conflicts) if conflicts else 1.0
    longer = free = False
    if not personal:
        added = [query[i] for i in extras_q] + [candidate[j] for j in extras_c]
        longer = (exact and not conflicts and coined_pair and (name_pairs >= LONGER_FORM_MIN_NAMES or group_pair)
                  and _longer_form(query, candidate, extras_q, extras_c, used_q, used_c, group_pair))
        # A body's kind or reach is cheap only beside a name that identifies: two proper name
        # words, or one no everyday word ("Star Enterprise" / "JSC STAR" is anybody's).
        free = coined_pair or name_pairs >= LONGER_FORM_MIN_NAMES
        for token in added:
            importance = _extra_importance(token, free)
            factor *= 1.0 - EXTRA_WORD_COST_ORG * (min(importance, LONGER_FORM_IMPORTANCE) if longer else importance)
    # (the statistics made once, both flags known: dataclasses.replace costs more than the rest)
    stats = TokenStats(*facts, longer_form=bool(longer), free_extra=bool(free), partial_slip=partial_slip)
    return 100.0 * gained / total * factor, conflicts, left_q, left_c, stats


def _respelt_word(origin: str, a: str, b: str) -> bool:
    """True if two words are one name in two romanisations of the names' origin
    (``_origin_pair``): "Mohamed" / "Muhammad", "Chong" / "Jong", "Hsueh" / "Xue"."""
    if origin in (ARABIC, ARABIC_NAMES):
        return arabic_alike(a, b)
    if origin == KOREAN:
        return korean_similarity(a, b) > 0
    if origin == CHINESE:
        return wade_giles_similarity(a, b) > 0
    return False


def _is_slip(a: str, b: str) -> bool:
    """True if two different words met only alike read as a slip for ``PARTIAL_SLIP_SIMILARITY``:
    not an initial ("M" / "Manuel"), not one name spelt another way that sounds the same
    ("Nicholas" / "Nicolas", "Victor" / "Viktor", "Steven" / "Stephen": metaphone or
    ``_spelling_key``) — unless they differ only in a final vowel, the name of the other sex
    ("Camila" / "Camilo", "Daniela" / "Daniel")."""
    if len(a) == 1 or len(b) == 1:
        return False
    if _sound(a) != _sound(b) and _spelling_key(a) != _spelling_key(b):
        return True
    short, long_ = sorted((a, b), key=len)
    return ((a[:-1] == b[:-1] and a[-1] in "aeiou" and b[-1] in "aeiou")
            or (long_ == short + "a"))  # the other sex: "Camila" / "Camilo", "Daniela" / "Daniel"


_SPELLING_RE = ((re.compile(r"ph"), "f"), (re.compile(r"x"), "ks"), (re.compile(r"[cq]"), "k"), (re.compile(r"v"), "f"),
                (re.compile(r"h"), ""), (re.compile(r"y"), "i"), (re.compile(r"(.)\1+"), r"\1"))


def _spelling_key(word: str) -> str:
    """A name's first letter and consonants once its spellings of one sound are one (ph/f,
    c/k/q, v/f, h silent, doubled letters once): "nicholas" and "nicolas" → nklas → "nkls",
    "thomas" / "tomas", "christina" / "kristina", "stephen" / "steven" (metaphone reads th, ch
    otherwise)."""
    for pattern, sound in _SPELLING_RE:
        word = pattern.sub(sound, word)
    return word[:1] + re.sub(r"[aeiou]", "", word[1:])


def _name_left_over(token: Token) -> bool:
    """True if a word left over makes a personal name fuller than the other (for
    ``PARTIAL_SLIP_SIMILARITY``): a distinctive word, not a patronymic, which lists add and
    customer records leave out ("GUTSAN, Aleksandr Vladimirovich" / "GUTSAN, Alexander")."""
    return token.kind in DISTINCTIVE and not _PATRONYMIC_RE.search(token.text) and not _FRENCH_PATRONYMIC_RE.search(
        token.text)


# Patronymics as French spellings write them, which the SDN often gives ("Anatolijevitch").
_FRENCH_PATRONYMIC_RE = re.compile(r"(?:vitch|itch)$")


# Least similarity (``_unseen_word_similarity``) of an unseen word of the screened name to a word
# of the listed name's legal form, as written, for the word to read as that legal form misspelt.
# Why: legal forms are parsed from their words as written, so one slip leaves its words in the
# name as distinctive ones ("GAMES UNLICITED OOD" for "GAMES UNLIMITED OOD", "LIMITED LIABILITY
# PARTERSHIP" for "… PARTNERSHIP", "SOCIEDAD ANNIYMA"): a word nobody uses, one slip (two in a
# word of seven letters or more) from a legal-form word of the listed name, is that word.
LEGAL_SLIP_SIMILARITY = 0.75
# Fewest letters of a legal-form word for a misspelling of it to be recognised ("ood", "ag" and
# "sa" are a slip from many short names).
LEGAL_SLIP_MIN_LENGTH = 5
_LETTERS_RE = re.compile(r"[a-z]+")


def _legal_words(original: str) -> frozenset[str]:
    """The words of a name's legal forms as written (rigour's org types: "limited", "liability",
    "partnership" in "… LIMITED LIABILITY PARTNERSHIP"), folded to ASCII."""
    return frozenset(w for phrase, _ in extract_org_types(original.casefold())
                     for w in _LETTERS_RE.findall(_fold(phrase)))


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()  # (ASCII has nothing to decompose and no combining marks)
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _legal_slips(query: PreparedName, candidate: PreparedName, unseen: Sequence[bool]) -> list[tuple[str, str]]:
    """The words of the screened name's core that belong to the listed name's legal form:
    (word, the legal-form word it is) for each word that is not a word of the listed name's
    core and is either a word of its legal form as written ("liability" of "LIMITED LIABILITY
    PARTERSHIP", where the slip left "limited" read alone) or an unseen word a slip away from one
    (``LEGAL_SLIP_SIMILARITY``)."""
    core, legal = _candidate_legal(candidate)
    if not legal:
        return []
    found = []
    for t, flag in zip(query.core, unseen):
        text = t.text
        if text in core or t.kind == NUMBER:
            continue
        if text in legal:
            found.append((text, text))
        elif flag:
            word = _slip_of_legal_word(text, legal)
            if word:
                found.append((text, word))
    return found


@lru_cache(maxsize=1 << 14)
def _slip_of_legal_word(text: str, legal: frozenset[str]) -> str:
    """The legal-form word an unseen word is a slip of (``LEGAL_SLIP_SIMILARITY``), or ""."""
    best = max(((_unseen_word_similarity(text, w), w) for w in legal if len(w) >= LEGAL_SLIP_MIN_LENGTH),
               default=(0.0, ""))
    return best[1] if best[0] >= LEGAL_SLIP_SIMILARITY else ""


def _candidate_legal(candidate: PreparedName) -> tuple[frozenset[str], frozenset[str]]:
    """The texts of a listed name's core words and the words of its legal forms as written
    (``_legal_words`` and the legal tokens' own words), computed once per prepared name and kept
    on it (``PreparedName.legal_words``: an index holds more names than any cache would)."""
    found = candidate.legal_words
    if found is None:
        core = frozenset(t.text for t in candidate.core)
        legal = _legal_words(candidate.original) | {w for t in candidate.tokens if t.kind == LEGAL
                                                    for w in _LETTERS_RE.findall(t.raw)}
        found = candidate.legal_words = (core, legal)
    return found


# Most screened names whose ``unseen_words`` flags ``_unseen_of`` keeps (the cache starts over when
# full; an entry holds the tokens, so their id is not reused while it lives).
UNSEEN_CACHE = 1 << 12
_unseen_cache: dict[int, tuple[tuple[Token, ...], TokenWeights, list[bool]]] = {}


def _unseen_of(tokens: tuple[Token, ...], weights: TokenWeights) -> list[bool]:
    """``unseen_words(tokens, weights)`` for a prepared name's core, computed once per name and
    word list (a screened name is compared with a dozen listed ones): the caller must not change it."""
    entry = _unseen_cache.get(id(tokens))
    if entry is not None and entry[0] is tokens and entry[1] is weights:
        return entry[2]
    flags = unseen_words(tokens, weights)
    if len(_unseen_cache) >= UNSEEN_CACHE:
        _unseen_cache.clear()
    _unseen_cache[id(tokens)] = (tokens, weights, flags)
    return flags


_NO_WORDS: frozenset[str] = frozenset()


def _query_core(query: PreparedName, candidate: PreparedName,
                weights: TokenWeights) -> tuple[tuple[Token, ...], list[bool], frozenset[str]]:
    """The screened name's core words to align, their ``unseen_words`` flags, and the texts of
    the words left out as the listed name's legal form misspelt (``_legal_slips``)."""
    core = query.core
    unseen = _unseen_of(core, weights)
    slips = _legal_slips(query, candidate, unseen)
    if not slips:
        return core, unseen, frozenset()
    dropped = frozenset(word for word, _ in slips)
    kept = [i for i, t in enumerate(core) if t.text not in dropped]
    return tuple(core[i] for i in kept), [unseen[i] for i in kept], dropped


def _token_score(query: PreparedName, candidate: PreparedName, weights: TokenWeights,
                 explain: bool) -> Explanation | None:
    q_core, q_unseen, dropped = _query_core(query, candidate, weights)
    c_core = candidate.core
    if not q_core or not c_core:
        return None
    # (the cores as the names keep them, as in _token_fast: facts read of them are kept)
    variants: list[tuple[Sequence[Token], Sequence[Token]]] = [(q_core, c_core)]
    personal = not (query.orgish or candidate.orgish)
    origin = _origin_pair(query, candidate) if personal else ""
    respelt = origin if origin and origin != KOREAN and _respelt_runs(query, candidate, origin) else ""
    if respelt or not (query.runs.isdisjoint(candidate.words) and candidate.runs.isdisjoint(query.words)):
        q_all, c_all = list(query.tokens), list(candidate.tokens)
        q_merged = _merge_runs(q_all, c_core, query.orgish, respelt, candidate.orgish)
        c_merged = _merge_runs(c_all, q_core, candidate.orgish, respelt, query.orgish)
        if len(q_merged) < len(q_all) or len(c_merged) < len(c_all):
            variants.append(([t for t in q_merged if t.kind != LEGAL and t.text not in dropped],
                             [t for t in c_merged if t.kind != LEGAL]))
    context = _context(query, candidate, personal)
    written = listed_written_forms(candidate)
    best: Explanation | None = None
    for n, (q_tokens, c_tokens) in enumerate(variants):
        raw, matches, unmatched, conflicts, stats = _align(q_tokens, c_tokens, weights, personal, explain,
                                                           q_unseen if n == 0 else None, origin, written,
                                                           _rest_slip(q_tokens, c_tokens, q_unseen) if n == 0 else None)
        score, x, uncapped = _token_calibrated(rounded(raw, 2), stats, context, (query, candidate))
        # As in _token_fast: another variant wins only if strictly better.
        if best is None or score > _effective(best):
            best = Explanation("tokens", query.original, candidate.original, uncapped, matches, unmatched)
            if uncapped > score:
                best.adjustments.append((PARTIAL_SLIP_NOTE if stats.partial_slip else LONE_TYPO_NOTE,
                                         score - uncapped))
            best.conflicts = [(q.text, c.text, round(_conflict_factor([(q, c, sim)]), 3)) for q, c, sim in conflicts]
            if stats.longer_form:
                best.notes.append(LONGER_FORM_NOTE)
            left = {(side, text) for side, text, _ in unmatched}
            free = [t.text for side, tokens in (("query", q_tokens), ("candidate", c_tokens)) for t in tokens
                    if t.symbols & FREE_EXTRA_SYMBOLS and (side, t.text) in left]
            if free and stats.free_extra:
                best.notes.append(f"{', '.join(repr(w) for w in free)}: a body's kind or reach, present on one "
                                  f"side only, costs little (lists publish names with and without it)")
            best.features = contributions(x) if x is not None else []
            if explain and personal and SLAVIC_NAMES:
                best.notes.extend(_slavic_name_notes(matches, _word_function(q_tokens, c_tokens, personal, origin)))
                best.notes.extend(f"{q.text!r} / {c.text!r}: a woman's given name or patronymic and a man's, two people"
                                  for q, c, _ in conflicts if _sexed_names(q_tokens, c_tokens)
                                  and slavic_names.other_sex(q.text, c.text))
    return best


def _effective(expl: Explanation) -> float:
    """An explanation's score after its adjustments so far."""
    return expl.name_score + sum(points for _, points in expl.adjustments)


@dataclass(frozen=True, slots=True)
class TokenStats:
    """What a word alignment matched (the word-by-word calibration features).

    Attributes:
        query_coverage: Σ similarity × weight of the query's aligned words / all its weight.
        candidate_coverage: The same for the candidate.
        matched: Σ similarity × (both weights) / 2 over aligned pairs: distinctive weight matched.
        inexact: Share of the aligned weight lost to inexact words (similarity in [0.5, 1)).
        conflicts: Different distinctive words, one on each side.
        same: Every word aligned and the same, nothing left over: the same name.
        lone_typo: The match rests on one distinctive word, spelt otherwise on the two sides
            (see ``LONE_TYPO_SIMILARITY``).
        rest_same: Every word but one inexact pair the same, none left over.
        sounds_alike: The lone inexact pair of a ``lone_typo`` match sounds alike (metaphone).
        lone_short: The lone inexact pair has a word shorter than ``SHORT_WORD`` letters.
        other_words: Words other than the lone pair aligned.
        clear_slip: The lone inexact pair is one slip inside an unseen word, or two in a long one
            (``_clear_slip``).
        longer_form: One organisation name is the other's longer form (``LONGER_FORM_IMPORTANCE``).
        free_extra: The names share what identifies a body, so a word of its kind or reach on
            one side only costs little (``FREE_EXTRA_IMPORTANCE``).
        partial_slip: A personal name part of the other, met with one word only alike
            (``PARTIAL_SLIP_SIMILARITY``).
    """

    query_coverage: float
    candidate_coverage: float
    matched: float
    inexact: float
    conflicts: int
    same: bool = False
    lone_typo: bool = False
    rest_same: bool = False
    sounds_alike: bool = False
    lone_short: bool = False
    other_words: bool = False
    clear_slip: bool = False
    longer_form: bool = False
    free_extra: bool = False
    partial_slip: bool = False


def _cross_script(query: PreparedName, candidate: PreparedName) -> bool:
    """True if one name is written in Latin letters only and the other is not."""
    return query.latin != candidate.latin


def _context(query: PreparedName, candidate: PreparedName, personal: bool) -> tuple[float, float, float]:
    """The features known before any comparison: person, cross_script, legal_conflict."""
    legal = bool(query.legal and candidate.legal and query.legal.isdisjoint(candidate.legal))
    return float(personal), float(_cross_script(query, candidate)), float(legal)


def _token_features(raw: float, stats: TokenStats, context: tuple[float, float, float]) -> tuple[float, ...]:
    person, cross, legal = context
    return (raw / 100.0, stats.query_coverage, stats.candidate_coverage,
            min(stats.matched, MATCHED_WEIGHT_CAP) / MATCHED_WEIGHT_CAP, stats.inexact,
            min(stats.conflicts, CONFLICTS_CAP) / CONFLICTS_CAP, person, cross, legal, 0.0, 0.0, 0.0)


def _token_calibrated(raw: float, stats: TokenStats, context: tuple[float, float, float],
                      names: tuple[PreparedName, PreparedName] | None = None,
                      ) -> tuple[float, tuple[float, ...] | None, float]:
    """The calibrated score of a word alignment (100 for the same words, no legal conflict),
    with its feature vector (None for the same name) and the score before the cap: at most
    ``LONE_TYPO_CAP`` when the match rests on one inexact word without corroboration (see
    ``_uncorroborated``)."""
    if (raw >= 100.0 or stats.same) and not context[2]:
        return 100.0, None, 100.0
    x = _token_features(raw, stats, context)
    score = round(to_score(MODEL.z(x)), 2)
    return (min(score, LONE_TYPO_CAP) if names is not None and _uncorroborated(stats, *names) else score), x, score


def _uncorroborated(stats: TokenStats, query: PreparedName, candidate: PreparedName) -> bool:
    """True if a match rests on one inexact word (``TokenStats.lone_typo``) that the rest of the
    names does not corroborate (see ``LONE_TYPO_SIMILARITY``).

    Rule: the rest corroborates when it is the same — every other word, none left over — and
    either the legal forms are written the same (or neither name has one), or they are of one
    class written otherwise and the word sounds alike ("OAO Gazprom" / "Gasprom JSC": one name
    romanised otherwise; not "Baker Ltd" / "BAJER S.R.L."). A word shorter than ``SHORT_WORD``
    letters needs a rest written the same that is not empty: another word or the legal forms
    ("Gll Group" / "Gill Group", "BAJR S.R.L." / "BAJER S.R.L."; not "Koch" / "KOACH"). Names
    that are the word alone, with no legal form, have no rest at all: nothing corroborates the
    word ("Textor" / "TextOre", "Appel" / "Apple": a surname and a company a letter apart are
    two names as often as one name mistyped; even a sound-alike, as metaphone drops the
    final vowel) — but for names in two scripts, where a letter apart is how romanisations
    differ ("Ростех" / "Rostekh"). Nor is a word that is the other one in another romanisation
    (``romanisation_key``: "Вагнер" read "vagner" / "Wagner") in names of two scripts a slip:
    the rest is compared as in any name ("ООО «Вагнер»" / "Wagner Group").
    """
    if stats.partial_slip:
        return True
    if not stats.lone_typo:
        return False
    if _cross_script(query, candidate) and _romanised_alike(query, candidate, stats.other_words):
        return False
    if not stats.rest_same:
        return True
    forms = _forms_agreement(query, candidate)
    if stats.clear_slip and forms != OTHER_FORMS:
        return False  # one slip inside a word nobody uses: the word mistyped ("Byldrex" / "Boldrex")
    if forms == NO_FORMS and not stats.other_words and not _cross_script(query, candidate):
        return True  # the names are that word alone: nothing corroborates it
    if forms == SAME_FORMS or forms == NO_FORMS:
        return stats.lone_short and not (stats.other_words or forms == SAME_FORMS)
    return not (forms == SAME_CLASSES and stats.sounds_alike and not stats.lone_short)


def _romanised_alike(query: PreparedName, candidate: PreparedName, inflected: bool = False) -> bool:
    """True if a proper-name word of one name is a word of the other written otherwise in
    another romanisation (the same ``romanisation_key``, another spelling): in a ``lone_typo``
    match, the lone inexact pair ("vagner" / "wagner"; not a word written the same on both sides,
    which leaves the slip elsewhere: "Merkuriy Servis" / "MERKURIY SERVISEZ"); with ``inflected``
    (another word of the names aligned too: "Группа"), a Russian inflection of it as well
    ("Группа Вагнера" read "vagnera" / "Wagner Group"; not a bare "Протона" / "PROTON", whose
    ending is all the comparison has to go on)."""
    key = _romanised_stem if inflected else romanisation_key
    keys = {key(t.text): t.text for t in query.core if t.kind == NAME}
    return any(keys.get(key(t.text), t.text) != t.text for t in candidate.core if t.kind == NAME)


def _romanised_stem(word: str) -> str:
    """The word's ``romanisation_key``, of its Russian stem when that keeps ``INFLECTION_MIN_STEM`` letters."""
    stem = slavic_stem(word)
    return romanisation_key(stem if len(stem) >= INFLECTION_MIN_STEM else word)


def _forms_agreement(query: PreparedName, candidate: PreparedName) -> int:
    """``NO_FORMS`` if neither name carries a legal form; ``SAME_FORMS`` if both carry the same
    as written ("S.R.L." / "SRL", "OOO" / "ООО", "LLC" / "Limited Liability Company");
    ``SAME_CLASSES`` if they are written otherwise but of the same classes ("Ltd" / "S.R.L.",
    "OAO" / "JSC"); else ``OTHER_FORMS``."""
    q_forms = sorted(t.raw for t in query.tokens if t.kind == LEGAL)
    c_forms = sorted(t.raw for t in candidate.tokens if t.kind == LEGAL)
    if q_forms == c_forms:
        return SAME_FORMS if q_forms else NO_FORMS
    return SAME_CLASSES if query.legal == candidate.legal else OTHER_FORMS


@lru_cache(maxsize=1 << 14)
def _sound(word: str) -> str:
    """The word's metaphone key (how it sounds: "gazprom" and "gasprom" are both KSPRM)."""
    return metaphone(word)


def _calibrated(method: str, similarity: float, matched: float, context: tuple[float, float, float],
                ) -> tuple[float, tuple[float, ...] | None]:
    """The calibrated score of a Han, pinyin or acronym comparison (100 for the same Han
    characters with no legal conflict), with its feature vector."""
    if method == "han" and similarity >= 1.0 and not context[2]:
        return 100.0, None
    person, cross, legal = context
    x = (similarity, similarity, similarity, min(matched, MATCHED_WEIGHT_CAP) / MATCHED_WEIGHT_CAP,
         1.0 - similarity if method != "acronym" else 0.0, 0.0, person, cross, legal,
         float(method == "han"), float(method == "pinyin"), float(method == "acronym"))
    return round(to_score(MODEL.z(x)), 2), x


def _han_score(query: PreparedName, candidate: PreparedName) -> Explanation | None:
    q, c = query.han, candidate.han
    if q is None or c is None or not q.core or not c.core:
        return None
    sim = _curve(fuzz.ratio(q.core, c.core) / 100.0, HAN_FLOOR)
    match = TokenMatch(q.core, c.core, round(sim, 3), 2.0)
    # Two Han characters carry about what one distinctive word does.
    matched = sim * min(len(q.core), len(c.core)) / 2.0
    score, x = _calibrated("han", sim, matched, _context(query, candidate, _short_person(query, candidate)))
    expl = Explanation("han", query.original, candidate.original, score, [match])
    expl.features = contributions(x) if x is not None else []
    return expl


def _short_person(query: PreparedName, candidate: PreparedName) -> bool:
    """True if the comparison is of personal names (kinds, or a Han name of ≤ 3 syllables)."""
    if query.kind == "person" or candidate.kind == "person":
        return True
    return any(n.han is not None and not n.orgish and 0 < len(n.han.syllables) <= SHORT_HAN_SYLLABLES
               for n in (query, candidate))


def _latin_for_pinyin(name: PreparedName) -> list[str]:
    """Run-together Latin forms to compare with pinyin: distinctive words only, and all words
    with romanised Chinese legal forms stripped ("… youxian gongsi", or read in English:
    ``scripts.english_pinyin_forms``)."""
    forms = ["".join(t.text for t in name.core if t.kind != "generic"),
             strip_pinyin_affixes("".join(t.text for t in name.core)),
             # (a pinyin form read in English, "Wen Ben Kuang Gong Si": "ben" is generic too)
             "".join(t.text for t in name.core if t.raw not in PINYIN_FORM_WORDS)]
    return [f for f in dict.fromkeys(forms) if f]


def _family_first(name: PreparedName) -> str:
    """A "FAMILY, Given" name run together family first ("chenzhu"), or "" without a family."""
    if not name.family:
        return ""
    family = [t.text for t in name.core if t.text in name.family]
    return "".join(family + [t.text for t in name.core if t.text not in name.family])


def _wade_giles_reads(latin: PreparedName, syllables: Sequence[str]) -> bool:
    """True if a personal name showing Wade–Giles (a word only Wade–Giles writes,
    ``respelling.wade_giles_word``, or a hyphenated given name: "HU, Kuei-chih", "Tsai
    Chi-chang", "Wang Ting-yu") reads, word by word in Wade–Giles or as pinyin, as a short Han
    name's syllables: family name first, or last when the name does not mark its family name
    (蔡其昌 / "Tsai Chi-chang", 胡桂芝 / "HU, Kuei-chih"). Names of one origin only: a Latin
    name of other words ("Chen Tsai Ltd") is not so read."""
    words = [t.text for t in latin.core]
    if latin.orgish or not 2 <= len(words) <= len(syllables):
        return False
    if not any(wade_giles_word(w) for w in words) and not hyphenated_given_name(latin.original):
        return False
    if not chinese_shaped(tuple(words)):
        return False
    family = [w for w in words if w in latin.family]
    orders = [family + [w for w in words if w not in latin.family]] if family else [words, words[-1:] + words[:-1]]
    target = "".join(syllables)
    for order in orders:
        readings = [(wade_giles_readings(w) | ({w} if _pinyin_split(w) is not None else set())) for w in order]
        ends = {0}
        for options in readings:
            ends = {end + len(r) for end in ends for r in options if target.startswith(r, end)}
        if len(target) in ends:
            return True
    return False


def _pinyin_score(query: PreparedName, candidate: PreparedName) -> Explanation | None:
    best: Explanation | None = None
    for latin, han, flip in ((query, candidate, False), (candidate, query, True)):
        if han.han is None or not han.han.pinyin or not latin.core:
            continue
        forms = _latin_for_pinyin(latin)
        if not forms:
            continue
        text = max(forms, key=lambda f: fuzz.ratio(f, han.han.pinyin))
        syllables = han.han.syllables
        if len(syllables) <= SHORT_HAN_SYLLABLES:
            # Short names (most personal names): the same syllables, family name first, or last
            # when the Latin name does not say which is its family name.
            if latin.family:
                text = _family_first(latin)
                sim = 1.0 if text == han.han.pinyin else 0.0
            else:
                exact = {han.han.pinyin, "".join(syllables[1:] + syllables[:1])}
                text = next((f for f in forms if f in exact), text)
                sim = 1.0 if text in exact else 0.0
            wade_giles = not sim and _wade_giles_reads(latin, syllables)
            if wade_giles:
                sim = WADE_GILES_SIMILARITY
        else:
            wade_giles = False
            sim = _curve(fuzz.ratio(text, han.han.pinyin) / 100.0, PINYIN_FLOOR)
        pair = (han.han.pinyin, text) if flip else (text, han.han.pinyin)
        # Two syllables carry about what one distinctive word does.
        score, x = _calibrated("pinyin", sim, sim * len(syllables) / 2.0,
                               _context(query, candidate, _short_person(query, candidate)))
        expl = Explanation("pinyin", query.original, candidate.original, score,
                           [TokenMatch(pair[0], pair[1], round(sim, 3), 2.0)])
        expl.features = contributions(x) if x is not None else []
        if wade_giles:
            expl.notes.append(f"{latin.original!r} read as Wade–Giles: its syllables' pinyin readings spell "
                              f"{han.han.pinyin!r} ({han.original!r})")
        if best is None or expl.name_score > best.name_score:
            best = expl
    return best


SKELETON_NOTE = ("Arabic-script name read by its consonant skeleton: its consonants and long vowels meet the "
                 "Latin name's, short vowels unwritten, the article and bin/ibn optional (whole names, "
                 "{n} consonants shared; a romanisation, never an exact match)")


def _skeleton_score(query: PreparedName, candidate: PreparedName) -> Explanation | None:
    """A personal name in Arabic script against a Latin one, by their consonant skeletons
    (``arabic_script.skeleton_agreement``: the whole of each name met by the whole of the other,
    ``MIN_CONSONANTS`` consonants or more): a transcription read as a pinyin one is
    (``_calibrated``), at ``SKELETON_SIMILARITY``, below an exact match."""
    if query.latin:
        latin, arabic = query, candidate
    else:
        latin, arabic = candidate, query
    if not latin.latin or latin.orgish or arabic.orgish or latin.kind in ORG_KINDS or arabic.kind in ORG_KINDS:
        return None
    if not has_arabic_script(arabic.original):
        return None
    arabic_words = tuple(t.raw for t in arabic.core)
    latin_words = tuple(t.text for t in latin.core)
    shared = skeleton_agreement(arabic_words, latin_words, latin.family)
    if not shared:
        return None
    # Three consonants carry about what one distinctive word does.
    score, x = _calibrated("pinyin", SKELETON_SIMILARITY, shared / 3.0, _context(query, candidate, True))
    pair = (" ".join(arabic_words), " ".join(latin_words))
    if arabic is candidate:
        pair = pair[::-1]
    expl = Explanation("skeleton", query.original, candidate.original, score,
                       [TokenMatch(pair[0], pair[1], SKELETON_SIMILARITY, 2.0)])
    expl.notes.append(SKELETON_NOTE.format(n=shared))
    expl.features = contributions(x) if x is not None else []
    return expl


# Score of a one-word name written in capitals against a longer name whose initials it spells,
# by the number of letters.  Why: a two-letter acronym matches thousands of names and is never
# a hit; from three letters ("UAC", "PLA") an acronym that spells a listed name is a hit to
# review, more certain the longer it is ("IRGC", "PDVSA"), never an exact one.
ACRONYM_SCORES: dict[int, float] = {2: 40.0, 3: 78.0, 4: 85.0, 5: 90.0}
ACRONYM_MAX_LENGTH = 10
# Most a screened name of several words scores against a listed one-word name its initials spell
# (the reverse of an acronym query).  Why: such a comparison reads the screened name's initials
# only and leaves its words unconfirmed; a customer file of thousands of names spells hundreds of
# listed short names by chance ("Dionisio Mínguez Lerma S.A." / "DML", "Grupo Abascal S.L." /
# "GAS LLC", "Smirnoff, Trapani e Piccinni SPA" / "STEP A.S."), and lists publish the full name
# beside the acronym, so the full name is compared word by word. Below the default threshold:
# shown to a caller who lowers it.
REVERSE_ACRONYM_CAP = 70.0
REVERSE_ACRONYM_NOTE = (f"the screened name's initials spell a listed short name: its words are unconfirmed, "
                        f"at most {REVERSE_ACRONYM_CAP:.0f}")
# Cap for a personal name of one word against one of several words (or the reverse).  Why: a
# single given or family name ("Lopez", "Kim", "Denis") is shared by thousands of people; on its
# own it is never a hit.
SINGLE_NAME_CAP = 60.0
# Cap for a personal name that leaves out the family name of the other (written "FAMILY,
# Given" on the list) when no word of it is matched at least FAMILY_MATCH_SIMILARITY.  Why:
# given names alone ("Mei Shi" against "SUN, Shi Mei") are shared by many families.  When both
# names mark a family name (two list entries: "RIZWAN, Usama Ali" / "ALI, Usama", "OTRI, Sahar"
# / "AL-AKHRAS, Sahar Otri"), one of them met in the other name suffices: lists write one
# person under another family name (a nisba, a laqab, the father's name) as often as not, and
# the family name that is met still anchors the match; the given-name rules still apply.
FAMILY_MISSING_CAP = 65.0
# Cap for a company's name (one carrying a legal form) against a listed person.  Why: "Barry
# LLC" is not "BARI, Abdul"; a person has no legal form.
KIND_MISMATCH_CAP = 50.0
# Legal forms (as written, case-folded, without dots) that never occur as words of personal
# names, unlike "SA", "SE", "NA", "SIA", "AS" which do ("Pak Han Se", "SA'D").
COMPANY_MARKERS = frozenset({
    "llc", "ltd", "limited", "inc", "incorporated", "gmbh", "corp", "corporation", "company", "co",
    "co ltd", "plc", "jsc", "pjsc", "ojsc", "cjsc", "ooo", "oao", "zao", "pao", "ao", "ag", "kg",
    "bv", "nv", "srl", "spa", "sarl", "sas", "gmbh & co kg", "llp", "lp", "pte ltd", "sdn bhd",
    "kft", "sp z oo", "doo", "ood", "eood", "fze", "fzco", "fzc", "kabushiki kaisha", "coltd",
})
# Just above two edits in a word of six or seven letters (TWO_EDIT_STEPS: 0.7): a family name
# two letters from another is another family ("Bulygin" / "BULYUTIN, Andrey"); a respelling of
# one (``ROMANISATION_SIMILARITY``, Belarusian with a vowel on top: "Sauchanka" / "Savchenko"
# 0.72, ``respelling.RESPELT_SIMILARITY``), one slip, or two in a longer word still meets it.
FAMILY_MATCH_SIMILARITY = 0.71
# The same for a family name of three letters or fewer: one letter more or less is all two short
# names can differ by ("Oh" / "O" 0.7), and two edits are no longer possible above 0.7.
SHORT_FAMILY_MATCH_SIMILARITY = 0.7
SHORT_FAMILY_LETTERS = 3
# The same for given names, when both names have some: at least one must be matched this well
# (lower than for the family name: two typos in a short given name, "Dusan" / "Dijan", still
# leave it recognisable, while another given name — "Bin" / "Lanying" — scores near 0).
GIVEN_MATCH_SIMILARITY = 0.5


def _acronym_score(query: PreparedName, candidate: PreparedName,
                   acronyms: AcronymTable | None = None) -> Explanation | None:
    """Compare a one-word name in capitals with the acronyms the other name spells
    (``acronyms.spell``: initials, particles and legal forms taken or left out, a generic or
    distinctive word left out at a cost), scored by length (see ACRONYM_SCORES), cost and
    whether other listed parties spell it too (``acronyms.similarity``, ``acronyms`` the
    list's table: none given, none counted)."""
    for short, full in ((query, candidate), (candidate, query)):
        # A person's initials are no acronym: the full name must read as an organisation's.
        if len(short.core) != 1 or not full.orgish or full.han is not None and full.han.core:
            continue
        word = short.core[0].text
        # Only a word written in capitals reads as an acronym ("KEMP", not "Kemp").
        if not (word.isalpha() and len(word) <= ACRONYM_MAX_LENGTH and (word == full.acronym or len(full.core) > 1)
                and _written_in_capitals(short.core[0].raw, short.original)):
            continue
        spelling = spell_name(word, full)
        if spelling is None and word == full.acronym:
            spelling = Spelling(word, 0, "", "initials")
        if spelling is None:
            continue
        base = ACRONYM_SCORES.get(len(word), ACRONYM_SCORES[5]) / 100.0
        rivals = acronyms.rivals(spelling) if acronyms is not None and full is candidate else (0, 0)
        sim, notes = acronym_similarity(base, spelling, rivals)
        pair = (word, spelling.letters) if short is query else (spelling.letters, word)
        score, x = _calibrated("acronym", sim, (len(word) - 2) / 2.0, _context(query, candidate, False))
        expl = Explanation("acronym", query.original, candidate.original, score,
                           [TokenMatch(pair[0], pair[1], round(sim / base, 3), 1.0)])
        expl.notes.append(f"acronym {word.upper()!r} read from {full.original!r}: {spelling.rule}")
        expl.notes.extend(notes)
        expl.features = contributions(x) if x is not None else []
        if short is candidate and score > REVERSE_ACRONYM_CAP:
            expl.adjustments.append((REVERSE_ACRONYM_NOTE, REVERSE_ACRONYM_CAP - score))
        return expl
    return None


# Shortest word a screened one-word name needs to read as the short form of a listed
# organisation's name that begins with it, and that comparison's similarity.  Why: lists
# publish such short forms ("GARANTEX" for GARANTEX EUROPE OU, "SEPANIR" for SEPANIR OIL AND GAS
# ENGINEERING COMPANY, "KAHANE" for KAHANE CHAI); a word of five letters or more in capitals
# that opens the listed name is a hit to review (about 80 after calibration), never an exact
# one; shorter words ("IHI", "STAR") begin too many names, and a screened name with a legal
# form ("ALGORITM LLC") is a company's full name, not a short form.
HEAD_WORD_MIN_LENGTH = 5
HEAD_WORD_SIMILARITY = 0.8


def _head_word_score(query: PreparedName, candidate: PreparedName) -> Explanation | None:
    """Compare a one-word screened name in capitals with the first distinctive word of a
    listed organisation's name of several words (see ``HEAD_WORD_MIN_LENGTH``)."""
    # A legal form makes the screened name a company's full name, not a short form.
    if (len(query.core) != 1 or query.legal or len(candidate.core) < 2 or not candidate.orgish
            or query.han is not None):
        return None
    word = query.core[0]
    if word.kind != NAME or len(word.text) < HEAD_WORD_MIN_LENGTH or not word.text.isalpha():
        return None
    head = next((t for t in candidate.core if t.kind == NAME), None)
    if head is None or head.text != word.text or not _written_in_capitals(word.raw, query.original):
        return None
    score, x = _calibrated("short_form", HEAD_WORD_SIMILARITY, 1.0, _context(query, candidate, False))
    expl = Explanation("short_form", query.original, candidate.original, score,
                       [TokenMatch(word.text, head.text, 1.0, 1.0)])
    expl.features = contributions(x) if x is not None else []
    return expl


def _containment_of(query: PreparedName, candidate: PreparedName,
                    weights: TokenWeights) -> tuple[Containment, bool, tuple[float, ...], float] | None:
    """How a listed name is contained in the screened name, or contains it (``containment.py``):
    (the containment, True if the screened name is the inner one, the features, the score)."""
    found = find_contained(query, candidate, weights, _word_similarity)
    reverse = found is None
    if reverse:
        found = find_contained(candidate, query, weights, _word_similarity, listed_outer=True)
    if found is None:
        return None
    _, cross, legal = _context(query, candidate, False)
    # Features as for a word alignment: the candidate is matched whole, the query in part. No
    # legal-form conflict for a one-word name: its legal form is all it has besides the word,
    # and a unit of the brand has its own ("HENSOLDT Sensors GmbH" / "HENSOLDT AG").
    x = (found.similarity, found.outer_coverage, found.exactness, min(found.weight, MATCHED_WEIGHT_CAP) / MATCHED_WEIGHT_CAP,
         1.0 - found.exactness, 0.0, 0.0, cross, 0.0 if found.one_word else legal, 0.0, 0.0, 0.0)
    return found, reverse, x, round(to_score(MODEL.z(x)), 2)


def _contained_score(query: PreparedName, candidate: PreparedName, weights: TokenWeights) -> Explanation | None:
    """Compare a listed name with the screened name it is contained in, or that it contains
    (``containment.py``)."""
    contained = _containment_of(query, candidate, weights)
    if contained is None:
        return None
    found, reverse, x, score = contained
    expl = Explanation("contained", query.original, candidate.original, score,
                       [TokenMatch(q, c, sim, w) for q, c, sim, w in found.pairs])
    if reverse:
        expl.notes.append(f"the screened name is contained in the listed name {candidate.original!r}; "
                          f"extra words of the listed name: {' '.join(found.extras).upper()}")
    else:
        expl.notes.append(f"the listed name {candidate.original!r} is contained in the screened name; "
                          f"extra words: {' '.join(found.extras).upper()}")
    expl.features = contributions(x) if x is not None else []
    return expl


def _same_letters(query: PreparedName, candidate: PreparedName) -> bool:
    """True if the names are the same letters spaced otherwise ("VladimirPutin")."""
    return "".join(t.plain for t in query.core) == "".join(t.plain for t in candidate.core)


_FAMILY_HEAD_RE = re.compile(r"\s*([^\s,]+)\s*,")


def _is_company(name: PreparedName) -> bool:
    """True if the name carries a legal form that is never a word of a personal name.

    A form written as the family name of a "FAMILY, Given" name (the first word, then a comma)
    is that family name: "PAO, Hua Chiang", "AO, Ming" (Chinese family names spelt like the
    Russian ПАО, АО).
    """
    head = _FAMILY_HEAD_RE.match(name.original)
    family = head.group(1).casefold() if head else None
    return any(t.kind == LEGAL and t.raw.replace(".", "").replace(",", "").strip() in COMPANY_MARKERS
               and not (i == 0 and t.raw == family) for i, t in enumerate(name.tokens))


def _written_in_capitals(word: str, original: str) -> bool:
    """True if the (case-folded) word is written in capitals in the original name."""
    return any(w.isupper() and w.casefold() == word for w in re.findall(r"\w+", original))


def _scaled(score: float, cap: float) -> float:
    """A score under a person rule's cap: ``cap · score / 100``.  Why: the cap bounds what the
    rule allows, and scaling keeps the order of the names underneath ("PUTIN" ranks "PUTIN,
    Vladimir" above "PUTINA, Maria", as OFAC's search does), where a flat cap would tie them."""
    return round(cap * score / 100.0, 2)


def _person_cap(query: PreparedName, candidate: PreparedName,
                weights: TokenWeights | None = None) -> tuple[float, str] | None:
    """The cap on the word-by-word score of two names, with its reason, if any (the person
    rules of ``_personal_cap``); with the list's ``weights``, a word of the screened name read
    as a listed word mistyped (``_rest_slip``) is read so there too."""
    slip = None
    if weights is not None and not (query.orgish or candidate.orgish):
        q_core, unseen, _ = _query_core(query, candidate, weights)
        found = _rest_slip(q_core, candidate.core, unseen)
        if found is not None:
            slip = (q_core[found[0]].text, candidate.core[found[1]].text, found[2])
    return _personal_cap(query, candidate, slip)


def _slip_read(words: Callable[[str, str], float], slip: tuple[str, str, float]) -> Callable[[str, str], float]:
    """``words`` with the two words of ``slip`` (``_rest_slip``) at least its similarity alike."""
    one, other, least = slip

    def similarity(a: str, b: str) -> float:
        sim = words(a, b)
        return max(sim, least) if (a == one and b == other) or (a == other and b == one) else sim

    return similarity


def _personal_cap(query: PreparedName, candidate: PreparedName,
                  slip: tuple[str, str, float] | None = None) -> tuple[float, str] | None:
    """The cap on the word-by-word score of two personal names, with its reason, if any; ``slip``:
    a word of the query read as the candidate's word mistyped (query word, candidate word,
    similarity: ``_rest_slip``)."""
    if candidate.kind == "person" and query.kind is None and _is_company(query):
        return KIND_MISMATCH_CAP, "a company's name (legal form) against a person's"
    if query.orgish or candidate.orgish:
        return None
    nq = sum(1 for t in query.core if t.kind != NUMBER)
    nc = sum(1 for t in candidate.core if t.kind != NUMBER)
    if nq and nc and (nq == 1) != (nc == 1) and not _same_letters(query, candidate):
        return SINGLE_NAME_CAP, "a single name word against a full name: never a hit on its own"
    for one, other in ((query, candidate), (candidate, query)):
        unmet = _hangul_unmet(one, other)
        if unmet:
            return FAMILY_MISSING_CAP, f"Hangul name {one.original!r} is read exactly: {unmet}"
    reversed_lineage = _reversed_lineage(query, candidate)
    if reversed_lineage:
        return LINEAGE_CAP, reversed_lineage
    slavic = any(_PATRONYMIC_RE.search(t.text) for t in (*query.core, *candidate.core))
    origin = "" if slavic else _origin_pair(query, candidate)
    words = _slavic_word_similarity if slavic else _ORIGIN_WORDS.get(origin, _personal_word_similarity)
    given_words = _given_name_words(query.core, candidate.core, slavic, words)
    # (a word read as another mistyped, ``slip``, meets it as a given name or as the first of two
    # family names; a family name must be met by itself: two slips in it make another family)
    plain_words = words
    if slip is not None:
        words, given_words = _slip_read(words, slip), _slip_read(given_words, slip)
    met = {id(one): _family_met(one, other, plain_words) for one, other in ((query, candidate), (candidate, query))}
    # A particle ("Abdul", "Abu", "bin") meets a given name only written the same: "Abdul" is
    # no spelling of "Abdullah", though half its letters are. (A place's name written as a given
    # name — after the family name and its comma: "RUELAS AVILA, Trinidad", "SMITH, Georgia" — is
    # one, so a slip in it is a slip in a given name; unmarked it stays a place: "Khan Iran" is
    # no "KHAN, Imran".)
    particles = {t.text for name in (query, candidate) for t in name.core
                 if t.kind != NAME and not (t.kind == DOMAIN and name.family and t.text not in name.family)}
    for one, other in ((query, candidate), (candidate, query)):
        if not one.family:
            continue
        # Words written apart on one side and together on the other ("YAHYA ZADEH" /
        # "YAHYAZADEH", "Ali Reza" / "Alireza") meet as runs.
        family_words = [t.text for t in one.core if t.text in one.family]
        family_runs = _runs_of(family_words)
        other_runs = _runs_of([t.text for t in other.core])
        if not met[id(one)] and not (other.family and met[id(other)]):
            return FAMILY_MISSING_CAP, f"family name {'/'.join(sorted(one.family))!r} not matched"
        given = [t.text for t in one.core if t.text not in one.family]
        # The other name's words besides its family name: a word written as the family name is
        # it, and then a word only alike is a given name ("Seo Mun Seok" / "SEO, Mun Seok": "Seok"
        # is a given syllable, not the family name "Seo" again).
        theirs = [t.text for t in other.core]
        written = {f for f in family_runs if f in theirs}
        rest = [w for w in theirs if w not in written
                and not any(_word_match(w, f, words=plain_words) for f in family_runs if f not in written)]
        # An initial meets a given name only where no full given name is written ("C." does
        # not stand in for the unmatched "Luis" of "CONTRERAS, Luis C.").
        full = _runs_of([g for g in given if len(g) > 1] or given)
        if given and rest and not any((r == g or (r not in particles and g not in particles))
                                      and _word_match(r, g, GIVEN_MATCH_SIMILARITY, given_words)
                                      for r in _runs_of(rest) for g in full):
            return FAMILY_MISSING_CAP, f"no given name matched ({' '.join(given)!r})"
        if given and not rest and len(other.core) >= 2:
            # Every word of the other name met a family word ("Alvaro Perez" / "PEREZ ALVEAR,
            # Jesus"): the family alone, no given name.
            return FAMILY_MISSING_CAP, f"no given name matched ({' '.join(given)!r}), only family names"
        main = _family_order(one)
        if (len(main) >= 2
                and not any(_word_match(t.text, main[0], GIVEN_MATCH_SIMILARITY, words) for t in other.core)
                and not any(_word_match(w, "".join(main), words=words) for w in other_runs)
                and not any(arabic_alike(w, "".join(family_words)) for w in other_runs)):
            # Of two family names the first is the one used alone (Spanish naming): "Emilio
            # Salazar" is not "CAZAREZ SALAZAR, Victor Emilio". (Met whole, particles and all,
            # they are one compound name: "BADR-AL-DIN" / "Badreddine".)
            return FAMILY_MISSING_CAP, f"first family name {main[0]!r} not matched, only a later one"
        partners = [t.text for t in other.core if t.text not in rest]  # the words that met the family name
        given = [w for w in given if len(w) > 1]
        rest = [w for w in rest if len(w) > 1]
        # (an Arabic article is no syllable: "AL-BITAR, Bayan" / "BITAR, Bayan"; "de", "bin" may be)
        syllables = [w for w in rest if w not in ARABIC_ARTICLES]
        if len(given) + len(syllables) > 2 and all(_syllable(w) for w in given + syllables):
            # A given name of syllables written apart ("Guo Ping", "Chang Ha", "Shih Mei") is one
            # name: each syllable must be on both sides, as often ("Dong" is not "Dong Dong"),
            # spelt alike ("Young Cheol" / "Yong Chol", "Htun" / "Tun").
            if not _syllables_pair(given, syllables, words):
                return FAMILY_MISSING_CAP, f"given name {' '.join(given)!r} matched only in part"
        if origin == KOREAN:
            why = _korean_reading(one, other, given, rest, partners)
            if why:
                return FAMILY_MISSING_CAP, why
    return None


def _hangul_unmet(one: PreparedName, other: PreparedName) -> str:
    """Why a Hangul personal name's reading (``hangul.py``) is not the other personal name, or "":
    a word of it that no word of the other writes as it is or in the other Korean romanisation
    (``respelling.korean_similarity``), a word of the other left over, or the given name's
    syllables met out of order.

    Rule: the reading is exact — no typo, the syllables as the name writes them, in their order
    — so a word only alike is another syllable of another name ("Jong" / "Yong", "Gwang" /
    "Wang", "Yang" / "Jang"), each word meets a word of its own ("Yu Yu Jin" is not "YU, Jin";
    "Jang Myeong" is not "JANG, Myong Chol"), and the given name's syllables meet in order ("Gwang Su" is not "Su-gwang"). Another Hangul
    name is compared by its own reading, as any two romanised names."""
    if one.latin or other.kind is not None and other.kind != "person" or not has_hangul(one.original):
        return ""
    if has_hangul(other.original) or not hangul_person_reading(clean(one.original), one.kind):
        return ""
    theirs = [t.text for t in other.core]
    used: list[int] = []
    for word in (t.text for t in one.core):
        at = next((i for i, w in enumerate(theirs) if i not in used and korean_similarity(word, w) > 0), None)
        if at is None:
            return f"{word!r} is in no romanisation of the other name"
        used.append(at)
    given = used[1:]  # the reading is family name first, then the given name's syllables in order
    if given != sorted(given):
        return f"given name {' '.join(t.text for t in one.core[1:])!r} met in another order"
    return next((f"{w!r} of the other name is in no word of it" for i, w in enumerate(theirs) if i not in used), "")


def _korean_reading(one: PreparedName, other: PreparedName, given: list[str], rest: list[str],
                    partners: list[str]) -> str:
    """Why two Korean names read in the other romanisation (``_origin_pair``) are not one, or "".

    A Korean given name's syllables come in one order ("Eun-jeong" is not "Jong Un"): they pair
    in order. And a respelling in the other romanisation ("Gim" / "Kim", "Chong" / "Jong") is
    one lenient reading: another word met only as alike, not as written or respelt ("Jong" /
    "Yong"), is a second, too many in a name of three syllables ("Gim Jong-su" / "KIM, Yong Su")."""
    if len(given) != len(rest) or not given:
        return ""
    family = [t.text for t in one.core if t.text in one.family]
    if sorted(given) == sorted(rest) and family == partners:
        return ""  # every word as written: no respelling read, the order as for any name ("Kim Un-jong")
    pairs = list(zip(given, rest))
    if any(not _word_match(g, r, GIVEN_MATCH_SIMILARITY, _korean_word_similarity) for g, r in pairs):
        return f"given name {' '.join(given)!r} not matched in its order"
    if len(family) == 1 and len(partners) == 1:
        pairs.append((family[0], partners[0]))
    respelt = sum(1 for a, b in pairs if a != b and korean_similarity(a, b) > 0)
    loose = sum(1 for a, b in pairs if a != b and korean_similarity(a, b) == 0)
    if respelt and loose:
        return "a respelling in the other romanisation and another word only alike"
    return ""


# The word similarity of two personal names of one origin (``_origin_pair``).
_ORIGIN_WORDS: dict[str, Callable[[str, str], float]] = {
    ARABIC: _arabic_word_similarity, ARABIC_NAMES: _arabic_name_similarity, KOREAN: _korean_word_similarity,
    CHINESE: _chinese_word_similarity, NOT_CHINESE: _not_chinese_word_similarity}

# Similarity of two forms of one East Slavic given name, or two patronymics of one father's name
# and sex, in Russian, Ukrainian or Belarusian form (``slavic_names.same_name``: "Sergei" /
# "Serhii" / "Siarhei", "Anatolyevich" / "Anatoliyovych"): as another romanisation of one word.
# Why: lists publish such a person under each form, and the forms differ by more than a
# romanisation or a typo ("Sergei" / "Serhii" 0.70, "Volodymyr" / "Vladimir" less).
SLAVIC_NAME_SIMILARITY = ROMANISATION_SIMILARITY
# Reads East Slavic given names and patronymics in their other forms; off only to measure it.
SLAVIC_NAMES = True


# Similarity, at most, of a man's and a woman's East Slavic given name or patronymic
# (``slavic_names.other_sex``: "Aleksandr" / "Aleksandra" 0.9 as written, "Viktor" / "Viktoriya"):
# two people's names, a conflict.
OTHER_SEX_SIMILARITY = 0.0


def _with_given_names(words: Callable[[str, str], float], read: bool = True) -> Callable[[str, str], float]:
    """``words`` for the words of personal names, with two forms of one East Slavic given name or
    two patronymics of one father (``slavic_names.same_name``) ``SLAVIC_NAME_SIMILARITY`` alike:
    the better of the two, never both added. Only where ``_given_names_read``; aligned words and a
    given name met so: a family name is met by ``words`` alone (``_personal_cap``), as family
    names are never grouped."""

    @lru_cache(maxsize=1 << 16)
    def similarity(a: str, b: str) -> float:
        sim = words(a, b)
        if not SLAVIC_NAMES:
            return sim
        if read and sim < SLAVIC_NAME_SIMILARITY and same_slavic_name(a, b):
            return SLAVIC_NAME_SIMILARITY
        if sim > OTHER_SEX_SIMILARITY and slavic_names.other_sex(a, b):
            return OTHER_SEX_SIMILARITY
        return sim

    similarity.__doc__ = f"``{words.__name__}`` with East Slavic given names read (``_with_given_names``)."
    similarity.base = words  # type: ignore[attr-defined]
    return similarity


_GIVEN_NAME_WORDS: dict[Callable[[str, str], float], Callable[[str, str], float]] = {
    words: _with_given_names(words) for words in (_personal_word_similarity, _slavic_word_similarity,
                                                  *_ORIGIN_WORDS.values())}
_SEXED_WORDS: dict[Callable[[str, str], float], Callable[[str, str], float]] = {
    words: _with_given_names(words, read=False) for words in _GIVEN_NAME_WORDS}


def _given_name_words(query: Sequence[Token], candidate: Sequence[Token], slavic: bool,
                      words: Callable[[str, str], float]) -> Callable[[str, str], float]:
    """``words`` for the given names of two personal names: with the forms of East Slavic given
    names read where ``_given_names_read``, else with a man's and a woman's kept apart where both
    hold one (``_sexed_names``)."""
    if _given_names_read(query, candidate, slavic):
        return _GIVEN_NAME_WORDS[words]
    return _SEXED_WORDS[words] if _sexed_names(query, candidate) else words


def _sexed_names(query: Sequence[Token], candidate: Sequence[Token]) -> bool:
    """True if both names hold an East Slavic given name or patronymic (``slavic_names``)."""
    return SLAVIC_NAMES and _word_facts(query)[2] is not None and _has_slavic_word(candidate)


@lru_cache(maxsize=1 << 16)
def _slavic_word(word: str) -> bool:
    """True for a given name or patronymic of ``slavic_names``."""
    return bool(slavic_names.given_name(word) is not None or slavic_names.patronymic(word))


def _given_names_read(query: Sequence[Token], candidate: Sequence[Token], slavic: bool) -> bool:
    """True if the forms of East Slavic given names and patronymics are read between two personal
    names (``_with_given_names``): both hold one, and another word — not one of those, the family
    name — is met as written or in another romanisation (``romanisation_key``; with a patronymic,
    Belarusian spellings too: ``belarusian_key``). Why: another language's form of a given name is
    one lenient reading; beside a family name only alike ("Elena Arhipova" / "ARSHINOVA, Alena",
    "Oleksandr Yarosh" / "YAROSHUK, Alexander") it would make another person's name a hit."""
    if not SLAVIC_NAMES:
        return False
    one = _word_facts(query)[2]
    if one is None:
        return False
    other = _slavic_others(candidate)
    if other is None:
        return False
    return not one[slavic].isdisjoint(other[slavic])


def _slavic_name_notes(matches: Sequence[TokenMatch], words: Callable[[str, str], float]) -> list[str]:
    """Why aligned words are alike as forms of one East Slavic given name or patronymic, for the
    pairs that rule made alike (not those already as alike as written or romanised)."""
    base = getattr(words, "base", words)
    return [f"{m.query!r} ~ {m.candidate!r}: {why}" for m in matches
            if m.similarity == round(SLAVIC_NAME_SIMILARITY, 3) and base(m.query, m.candidate) < SLAVIC_NAME_SIMILARITY
            and (why := same_slavic_name(m.query, m.candidate))]


def _runs_of(words: list[str]) -> list[str]:
    """The words, then every run of two or three adjacent words written together."""
    out = list(words)
    for size in (2, 3):
        out.extend("".join(words[i:i + size]) for i in range(len(words) - size + 1))
    return out


def _syllables_pair(one: list[str], other: list[str],
                    words: Callable[[str, str], float] = _personal_word_similarity) -> bool:
    """True if two lists of syllables pair one-to-one, each pair the same or alike."""
    if len(one) != len(other):
        return False
    left = list(other)
    for word in one:
        partner = next((w for w in left if _word_match(word, w, words=words)), None)
        if partner is None:
            return False
        left.remove(partner)
    return True


# Particles before a family name ("AL-QUBAYSI", "DE LIMA", "DEL ROSARIO"): not a family name of
# their own.
FAMILY_PARTICLES = frozenset({"al", "el", "ul", "de", "del", "della", "di", "da", "do", "dos", "das", "la", "le",
                              "van", "von", "der", "den", "ter", "bin", "ben", "ibn", "bint", "abu", "abd", "mac",
                              "mc", "y", "e", "st", "san", "santa"})
_SYLLABLE_RE = re.compile(r"[bcdfghjklmnpqrstvwxyz]{0,3}[aeiouy]{1,3}(?:ng|n|m|k|p|t|l|h)?")


# Words of a name's lineage ("Salman bin Muhammad": Salman, son of Muhammad; Mauritanian "ould").
LINEAGE_WORDS = frozenset({"bin", "ibn", "ben", "bint", "binti", "ould"})
# Cap for two names that give one lineage the other way round ("SALMAN BIN MUHAMMAD AL-RAWI" /
# "MUHAMMAD BIN SALMAN AL-RAWI").  Why: a son carries his father's name after his own, so the
# two are father and son, or two cousins, not one person; as a family-name miss.
LINEAGE_CAP = FAMILY_MISSING_CAP


def _lineage(name: PreparedName) -> list[tuple[str, str]]:
    """The (person, father) pairs a name states with a lineage word ("Salman bin Muhammad" →
    ("salman", "muhammad")), particles around it passed over ("Ibrahim bin al-Din" → ("ibrahim",
    "din"))."""
    texts = [t.text for t in name.core]
    pairs = []
    for i, word in enumerate(texts):
        if word not in LINEAGE_WORDS:
            continue
        before = next((w for w in reversed(texts[:i]) if w not in FAMILY_PARTICLES), None)
        after = next((w for w in texts[i + 1:] if w not in FAMILY_PARTICLES), None)
        if before and after:
            pairs.append((before, after))
    return pairs


def _reversed_lineage(query: PreparedName, candidate: PreparedName) -> str:
    """Why two personal names state one lineage the other way round ("" if they do not): a
    father's name before a lineage word in one, after it in the other, and no lineage the same
    way round (see ``LINEAGE_CAP``); names compared as written or respelt (``arabic_alike``:
    "Mohamed" / "Muhammad", not "Hamad" / "Hamid")."""
    ours = _lineage(query)
    if not ours:
        return ""
    theirs = _lineage(candidate)
    same = [(a, b) for a, b in ours for c, d in theirs if arabic_alike(a, c) and arabic_alike(b, d)]
    if same:
        return ""
    for a, b in ours:
        for c, d in theirs:
            if arabic_alike(a, d) and arabic_alike(b, c):
                return f"lineage reversed: {a!r} son of {b!r} in one name, {c!r} son of {d!r} in the other"
    return ""


def _family_order(name: PreparedName) -> list[str]:
    """The family-name words of a "FAMILY, Given" name in order, particles left out."""
    return [t.text for t in name.core if t.text in name.family and t.text not in FAMILY_PARTICLES]


def _syllable(word: str) -> bool:
    """True for a pinyin syllable or a word shaped like one romanised East Asian syllable
    (Wade–Giles, Korean: "shih", "chung", "sung")."""
    return word in PINYIN_SYLLABLES or (len(word) <= 5 and _SYLLABLE_RE.fullmatch(word) is not None)


def _word_match(a: str, b: str, least: float = FAMILY_MATCH_SIMILARITY,
                words: Callable[[str, str], float] = _personal_word_similarity) -> bool:
    """True if two words of personal names are alike at least ``least``, by the similarity the
    alignment uses (``words``: with a patronymic, Belarusian and Russian spellings unified, "Ihar"
    / "Igor"; between two Arabic or two Korean names, their respellings read, see
    ``_origin_pair``)."""
    if a == b:
        return True
    if least == FAMILY_MATCH_SIMILARITY and min(len(a), len(b)) <= SHORT_FAMILY_LETTERS:
        least = SHORT_FAMILY_MATCH_SIMILARITY
    return words(a, b) >= least


def _family_met(one: PreparedName, other: PreparedName,
                words: Callable[[str, str], float] = _personal_word_similarity) -> bool:
    """True if ``one`` marks no family name, or a word (or run of words) of ``other`` meets it."""
    if not one.family:
        return True
    family_runs = _runs_of([t.text for t in one.core if t.text in one.family])
    other_runs = _runs_of([t.text for t in other.core])
    return any(_word_match(w, family, words=words) for w in other_runs for family in family_runs)


def _person_reading(query: PreparedName, candidate: PreparedName) -> PreparedName:
    """The query read as a personal name when the candidate is a person's, the query's kind is
    unknown and no unmistakable company form marks it (so that "Sia" in "Wei Sia Kang", "Se" in
    "Pak Han Se" are names there, not legal forms; "Barry LLC" stays a company); read as an
    organisation's words when the candidate is an organisation's (``normalize.organisation_reading``:
    "Schwartz Gruppe" meets "SCHWARTZ GRUPPE" listed as a company, read "schwartz group")."""
    if query.kind is None and candidate.kind in ORG_KINDS:
        return query.as_organisation
    if (candidate.kind == "person" and query.kind is None and query.legal and query.han is None
            and not _is_company(query)):
        from partyscreen.matching.normalize import prepare_name

        return prepare_name(query.original, "person")
    return query


# Margin (points) kept below the floor before an upper bound rules a pair out, so the rounding
# of the final score (to 0.01, then 0.1) can never lift a ruled-out pair to the floor.
BOUND_MARGIN = 0.1


def _align_fast(query: Sequence[Token], candidate: Sequence[Token], wq: list[float], wc: list[float],
                personal: bool, context: tuple[float, float, float],
                need: float | None, unseen: Sequence[bool], origin: str = "",
                written: dict[str, tuple[str, ...]] = _NO_FORMS,
                mistyped: tuple[int, int, float] | None = None) -> tuple[float, TokenStats | None, bool]:
    """``_align``'s score and statistics without the explanation, or a bound below ``need``.

    Returns:
        (raw score, statistics, True), exactly as ``_align`` computes them; or (bound, None,
        False) when ``need`` (a log-odds) is given and the model's largest log-odds for the
        pair — every word scoring its best similarity to any word of the other name, no
        conflicts, no extra-word costs — is below it.
    """
    functions = _word_functions(query, candidate, personal, unseen, origin)
    pairs: list[tuple[float, float, int, int]] = []
    add = pairs.append
    best_q = [0.0] * len(query)
    best_c = [0.0] * len(candidate)
    for i, q in enumerate(query):
        q_key, q_symbols, q_number, q_text, w_i = q.key, q.symbols, q.kind == NUMBER, q.text, wq[i]
        similarity = functions[i]
        slip = bool(written) and q.kind == NAME and i < len(unseen) and unseen[i]
        top = 0.0
        for j, c in enumerate(candidate):
            if q_key == c.key or (q_symbols and not q_symbols.isdisjoint(c.symbols)):
                sim = 1.0
            elif q_number or c.kind == NUMBER:
                if q_number and c.kind == NUMBER:
                    sim = NUMBER_MISMATCH_SIMILARITY
                elif slip and c.text in written:
                    sim = _as_written(q_text, c, written[c.text], similarity)
                    if sim <= 0:
                        continue
                else:
                    continue
            else:
                sim = similarity(q_text, c.text)
                if slip and sim < 1.0 and c.text in written:
                    sim = max(sim, _as_written(q_text, c, written[c.text], similarity))
                if mistyped is not None and i == mistyped[0] and j == mistyped[1]:
                    sim = max(sim, mistyped[2])
                if sim <= 0:
                    continue
            add((-sim, -(w_i + wc[j]), i, j))
            if sim > top:
                top = sim
            if sim > best_c[j]:
                best_c[j] = sim
        best_q[i] = top
    if need is not None:
        sum_q, sum_c = sum(wq), sum(wc)
        gained_q, gained_c = sum(map(mul, best_q, wq)), sum(map(mul, best_c, wc))
        if personal:
            bound = _align_bound(best_q + best_c, wq + wc, personal)
        else:  # (_align_bound's rule for organisation names, from the sums at hand)
            total = sum_q + sum_c
            bound = 100.0 * (gained_q + gained_c) / total if total > 0 else 0.0
        if bound < 100.0 - BOUND_MARGIN:
            base, w_similarity, w_query, w_candidate, w_matched = _BOUND_TERMS.get(context) or _bound_terms(context)
            matched = (gained_q + gained_c) / 2.0
            z_bound = (base + w_similarity * (bound / 100.0)
                       + w_query * (gained_q / sum_q if sum_q > 0 else 0.0)
                       + w_candidate * (gained_c / sum_c if sum_c > 0 else 0.0)
                       + w_matched * (min(matched, MATCHED_WEIGHT_CAP) / MATCHED_WEIGHT_CAP))
            if z_bound < need:
                return to_score(z_bound), None, False
    pairs.sort()
    raw, _, _, _, stats = _settle(query, candidate, wq, wc, pairs, personal, None, unseen, origin)
    return raw, stats, True


# The word-by-word comparison's largest log-odds as a linear function of the bounds of its
# first four features, per context (person, cross_script, legal_conflict): see _bound_terms.
_BOUND_TERMS: dict[tuple[float, float, float], tuple[float, float, float, float, float]] = {}


def _bound_terms(context: tuple[float, float, float]) -> tuple[float, float, float, float, float]:
    """The model's largest log-odds for a word-by-word comparison in ``context``, as
    ``base + Σ weight · bound`` over similarity, query_coverage, candidate_coverage and
    matched_weight: (base, and those four weights where positive, else 0).

    Rule (``Model.upper_z``): the context features at their values, the method features (han,
    pinyin, acronym) at 0, every other feature at its largest contribution (1 where its weight
    is positive), and each of the four bounded features at its bound where its weight is positive.
    """
    terms = _BOUND_TERMS.get(context)
    if terms is None:
        base = MODEL.upper_z({6: context[0], 7: context[1], 8: context[2], 9: 0.0, 10: 0.0, 11: 0.0},
                             {0: 0.0, 1: 0.0, 2: 0.0, 3: 0.0})
        w_similarity, w_query, w_candidate, w_matched = (max(w, 0.0) for w in MODEL.weights[:4])
        terms = _BOUND_TERMS[context] = (base, w_similarity, w_query, w_candidate, w_matched)
    return terms


def _align_bound(best: list[float], weights: list[float], personal: bool) -> float:
    """Upper bound of ``_align``'s score from each word's best similarity.

    Rule: an aligned pair gains at most best(q)·w(q) + best(c)·w(c); the total counts every
    aligned or conflicting word in full and every other one at least at the extra-word factor;
    conflict and extra-word factors are at most 1. So the score is at most the best ratio
    Σ_A best·w / (f·W + (1 − f)·Σ_A w) over word sets A (f the extra-word factor, W all
    weights), found among the sets of the words with the highest best similarities.
    """
    total = sum(weights)
    if total <= 0:
        return 0.0
    if not personal:
        return 100.0 * sum(b * w for b, w in zip(best, weights)) / total
    f = EXTRA_WORD_FACTOR_PERSON
    gained = aligned = top = 0.0
    for b, w in sorted([(b, w) for b, w in zip(best, weights) if b > 0], reverse=True):
        gained += b * w
        aligned += w
        denominator = f * total + (1.0 - f) * aligned
        if denominator > 0:
            top = max(top, gained / denominator)
    return 100.0 * top


def _token_fast(query: PreparedName, candidate: PreparedName, weights: TokenWeights,
                need: float | None) -> tuple[float, bool] | None:
    """``_token_score``'s calibrated score, or an upper bound of it below ``need`` (log-odds)."""
    legal = candidate.legal_words
    if legal is None:
        legal = _candidate_legal(candidate)
    if legal[1]:
        q_core, q_unseen, dropped = _query_core(query, candidate, weights)
    else:  # (``_query_core`` without the listed name's legal form to slip into)
        q_core, q_unseen, dropped = query.core, _unseen_of(query.core, weights), _NO_WORDS
    c_core = candidate.core
    if not q_core or not c_core:
        return None
    weight = weights.weight
    personal = not (query.orgish or candidate.orgish)
    context = _context(query, candidate, personal)
    origin = _origin_pair(query, candidate) if personal else ""
    wq = weights.weights_of(q_core) if not dropped else [weight(t) for t in q_core]
    written = listed_written_forms(candidate)
    raw, stats, exact = _align_fast(q_core, c_core, wq, weights.weights_of(c_core),
                                    personal, context, need, q_unseen, origin, written,
                                    _rest_slip(q_core, c_core, q_unseen))
    best = ((_token_calibrated(rounded(raw, 2), stats, context, (query, candidate))[0], True) if stats is not None
            else (raw, False))
    respelt = origin if origin and origin != KOREAN and _respelt_runs(query, candidate, origin) else ""
    if respelt or not (query.runs.isdisjoint(candidate.words) and candidate.runs.isdisjoint(query.words)):
        q_all, c_all = list(query.tokens), list(candidate.tokens)
        q_merged = _merge_runs(q_all, c_core, query.orgish, respelt, candidate.orgish)
        c_merged = _merge_runs(c_all, q_core, candidate.orgish, respelt, query.orgish)
        if len(q_merged) < len(q_all) or len(c_merged) < len(c_all):
            q_tokens = [t for t in q_merged if t.kind != LEGAL and t.text not in dropped]
            c_tokens = [t for t in c_merged if t.kind != LEGAL]
            raw, stats, exact = _align_fast(q_tokens, c_tokens, [weight(t) for t in q_tokens],
                                            [weight(t) for t in c_tokens], personal, context, need,
                                            unseen_words(q_tokens, weights), origin, written)
            other = ((_token_calibrated(rounded(raw, 2), stats, context, (query, candidate))[0], True) if stats is not None
                     else (raw, False))
            # As in _token_score: the merged variant wins only if strictly better.
            if other[0] > best[0] or (other[0] == best[0] and not best[1]):
                best = other
    return best


@lru_cache(maxsize=1024)
def _needed_z(floor: float) -> float | None:
    """The log-odds a comparison must be able to reach for its score to reach ``floor`` (less
    ``BOUND_MARGIN``); None when every score can (the floors in use are few: one per threshold)."""
    return to_z(floor - BOUND_MARGIN) if floor - BOUND_MARGIN > 0 else None


def fast_score(query: PreparedName, candidate: PreparedName, weights: TokenWeights | None = None,
               floor: float | None = None, acronyms: AcronymTable | None = None) -> float:
    """``score_names(query, candidate, weights).score`` without building an explanation.

    Args:
        query: The screened name.
        candidate: A listed name.
        weights: As in ``score_names``.
        floor: If given, the scorer may stop early and return -1.0 for a pair whose score
            is certainly below it (cheap upper bounds: generic-only cap, the model's log-odds
            with each word at its best similarity); every score ≥ floor is returned exactly.
        acronyms: As in ``score_names``.

    Returns:
        The same score as ``score_names``, or -1.0 (only for pairs below ``floor``).
    """
    weights = weights or _NO_WEIGHTS
    if query.kind is None:
        if candidate.kind == "person":
            if query.legal:  # (``_person_reading``'s first test)
                query = _person_reading(query, candidate)
        elif candidate.kind in ORG_KINDS:
            query = query.as_organisation
    capped = not (query.distinctive and candidate.distinctive)
    need = None
    if floor is not None:
        if capped and GENERIC_ONLY_CAP < floor - BOUND_MARGIN:
            return -1.0
        need = _needed_z(floor)
    found = []
    token = _token_fast(query, candidate, weights, need)
    if token is not None:
        # A cap only lowers the score: needed only when the score may reach the floor.
        cap = _person_cap(query, candidate, weights) if floor is None or token[0] >= floor - BOUND_MARGIN else None
        found.append((_scaled(token[0], cap[0]), token[1]) if cap is not None else token)
    for expl in _other_comparisons(query, candidate, acronyms):
        found.append((round(_effective(expl), 2), True))
    if _may_contain(query, candidate):
        # (``_contained_score``'s name score, without building its explanation)
        contained = _containment_of(query, candidate, weights)
        if contained is not None:
            found.append((contained[3], True))
    if not found:
        return 0.0
    # Highest value; on a tie an exact value (a bound is never below the true score).
    score, exact = max(found)
    if not exact:
        return -1.0
    if capped and score > GENERIC_ONLY_CAP:
        score = GENERIC_ONLY_CAP
    return max(0.0, rounded(score, 1))


def _other_comparisons(query: PreparedName, candidate: PreparedName,
                       acronyms: AcronymTable | None) -> list[Explanation]:
    """The Han, pinyin, acronym and short-form comparisons that apply, in that order.

    Each is called only where the test it opens with may pass (Han and pinyin need a Han name,
    an acronym or a short form a one-word name): a call per pair cost more than the
    comparisons that run.
    """
    out = []
    q_han, c_han = query.han, candidate.han
    if q_han is not None or c_han is not None:
        if q_han is not None and c_han is not None:
            expl = _han_score(query, candidate)
            if expl is not None:
                out.append(expl)
        expl = _pinyin_score(query, candidate)
        if expl is not None:
            out.append(expl)
    if query.latin != candidate.latin:
        expl = _skeleton_score(query, candidate)
        if expl is not None:
            out.append(expl)
    one_word = len(query.core) == 1
    if one_word or len(candidate.core) == 1:
        expl = _acronym_score(query, candidate, acronyms)
        if expl is not None:
            out.append(expl)
        if one_word:
            expl = _head_word_score(query, candidate)
            if expl is not None:
                out.append(expl)
    return out


def _may_contain(query: PreparedName, candidate: PreparedName) -> bool:
    """False where ``find_contained`` rules containment out at once, both ways round
    (``containment.ruled_out``)."""
    return not (ruled_out(query, candidate) and ruled_out(candidate, query))


def discount_notes(query: PreparedName, candidate: PreparedName, weights: TokenWeights) -> list[str]:
    """List what was ignored or weighted down in comparing two names, and why."""
    notes = []
    for name in (query, candidate):
        for t in name.tokens:
            if t.kind == LEGAL:
                notes.append(f"legal form {t.raw!r} ({t.text}) ignored: a legal form never identifies")
            elif t.kind != NAME and t.kind != NUMBER:
                notes.append(f"{t.kind} word {t.raw!r} weighted {weights.weight(t):.2f} "
                             f"(kind × IDF {weights.idf(t.key):.2f})")
            elif weights.idf(t.key) < 1.0:
                notes.append(f"common word {t.raw!r} weighted down by IDF to {weights.idf(t.key):.2f}")
        # (a name of Latin letters only holds no Hangul: known without reading it again)
        if not name.latin and has_hangul(name.original) and hangul_person_reading(clean(name.original), name.kind):
            notes.append(f"Hangul personal name {name.original!r} read as "
                         f"{' '.join(t.text for t in name.core)!r} (family name as lists spell it, "
                         f"given-name syllables in Revised Romanization)")
        if name.han is not None and (name.han.legal or name.han.generic):
            stripped = ", ".join([*name.han.legal, *name.han.generic])
            notes.append(f"Chinese legal form / generic affix stripped from {name.original!r}: {stripped}")
    for word, legal in _legal_slips(query, candidate, _unseen_of(query.core, weights)):
        notes.append(f"{word!r} read as the listed legal form's word {legal!r}" + (" misspelt" if word != legal else "")
                     + ": ignored, a legal form never identifies")
    return list(dict.fromkeys(notes))


def score_names(query: PreparedName, candidate: PreparedName, weights: TokenWeights | None = None,
                explain: bool = True, acronyms: AcronymTable | None = None) -> PairScore:
    """Score two prepared names 0–100 and explain the score.

    Args:
        query: The screened name.
        candidate: A listed name.
        weights: IDF weights of the candidate list; None weighs words by kind only.
        explain: Also list what was discounted (skipped in the hot loop; the score is the same).
        acronyms: The list's shared acronyms (``NameIndex.acronyms``): an acronym that other
            listed parties spell too is weaker evidence; None counts none.

    Returns:
        The best of the word-by-word, Han and pinyin comparisons, after the generic-only cap
        and the legal-form conflict penalty.
    """
    weights = weights or _NO_WEIGHTS
    original_query = query
    query = _person_reading(query, candidate)
    found: list[tuple[float, Explanation]] = []
    token = _token_score(query, candidate, weights, explain)
    if token is not None:
        cap = _person_cap(query, candidate, weights)
        effective = rounded(_effective(token), 2)
        if cap is not None:
            capped = _scaled(effective, cap[0])
            token.adjustments.append((f"{cap[1]} (at most {cap[0]:.0f})", capped - effective))
            found.append((capped, token))
        else:
            found.append((effective, token))
    for other in _other_comparisons(query, candidate, acronyms):
        found.append((round(_effective(other), 2), other))
    if _may_contain(query, candidate):
        contained = _contained_score(query, candidate, weights)
        if contained is not None:
            found.append((contained.name_score, contained))
    if not found:
        expl = Explanation("tokens", original_query.original, candidate.original, 0.0)
        if explain:
            expl.discounted = discount_notes(query, candidate, weights)
        return PairScore(0.0, expl)
    # The first of the best (token, Han, pinyin, acronym), as in fast_score's max().
    best_score = max(f[0] for f in found)
    expl = next(e for sc, e in found if sc == best_score)
    if explain:
        expl.discounted = discount_notes(query, candidate, weights)
    score = best_score
    if not (query.distinctive and candidate.distinctive) and score > GENERIC_ONLY_CAP:
        expl.adjustments.append(("no distinctive word, only legal forms or generic words", GENERIC_ONLY_CAP - score))
        score = GENERIC_ONLY_CAP
    if explain and query.legal and candidate.legal and query.legal.isdisjoint(candidate.legal):
        expl.discounted.append(f"different legal forms: {'/'.join(sorted(query.legal))} vs "
                               f"{'/'.join(sorted(candidate.legal))} (feature legal_conflict): another legal "
                               "person of the group, a change of form or a mistyped form — a likely hit to review")
    return PairScore(max(0.0, rounded(score, 1)), expl)


def comparison_features(query: PreparedName, candidate: PreparedName, weights: TokenWeights | None = None,
                        acronyms: AcronymTable | None = None) -> list[tuple[str, tuple[float, ...] | None, float]]:
    """Every comparison of two names with its calibration features, for fitting the model.

    Returns:
        (method, features or None for the same name, cap) for each comparison the scorer makes
        (word by word as written and with runs merged, Han, pinyin, acronym); ``cap`` is the
        most the rules let it score (100 when no cap applies).
    """
    weights = weights or _NO_WEIGHTS
    query = _person_reading(query, candidate)
    capped = GENERIC_ONLY_CAP if not (query.distinctive and candidate.distinctive) else 100.0
    out: list[tuple[str, tuple[float, ...] | None, float]] = []
    q_core_t, _, dropped = _query_core(query, candidate, weights)
    q_core, c_core = list(q_core_t), list(candidate.core)
    if q_core and c_core:
        variants = [(q_core, c_core)]
        personal = not (query.orgish or candidate.orgish)
        origin = _origin_pair(query, candidate) if personal else ""
        respelt = origin if origin and origin != KOREAN and _respelt_runs(query, candidate, origin) else ""
        if respelt or not (query.runs.isdisjoint(candidate.words) and candidate.runs.isdisjoint(query.words)):
            q_merged = _merge_runs(list(query.tokens), c_core, query.orgish, respelt, candidate.orgish)
            c_merged = _merge_runs(list(candidate.tokens), q_core, candidate.orgish, respelt, query.orgish)
            variants.append(([t for t in q_merged if t.kind != LEGAL and t.text not in dropped],
                             [t for t in c_merged if t.kind != LEGAL]))
        context = _context(query, candidate, personal)
        cap = _person_cap(query, candidate, weights)
        for q_tokens, c_tokens in variants:
            unseen = unseen_words(q_tokens, weights)
            raw, _, _, _, stats = _align(q_tokens, c_tokens, weights, personal, False, unseen, origin,
                                         listed_written_forms(candidate),
                                         _rest_slip(q_tokens, c_tokens, unseen) if q_tokens is q_core else None)
            x = _token_calibrated(round(raw, 2), stats, context)[1]
            lone = LONE_TYPO_CAP if _uncorroborated(stats, query, candidate) else 100.0
            out.append(("tokens", x, min(capped, lone, cap[0] if cap is not None else 100.0)))
    comparisons = [comparator(query, candidate) for comparator in (_han_score, _pinyin_score,
                                                                   lambda q, c: _acronym_score(q, c, acronyms),
                                                                   _head_word_score)]
    comparisons.append(_contained_score(query, candidate, weights))
    for expl in comparisons:
        if expl is not None:
            x = tuple(v for _, v, _, _ in expl.features) if expl.features else None
            out.append((expl.method, x, min(capped, REVERSE_ACRONYM_CAP) if expl.adjustments else capped))
    return out
