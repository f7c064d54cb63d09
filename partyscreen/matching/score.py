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

Han names are compared by their simplified characters, and Latin names against a Han name's
pinyin, each with rapidfuzz ``ratio`` on the run-together strings; the best of all comparisons
counts. Legal forms never count towards the score; names made only of generic words and legal
forms are capped below any sensible threshold; conflicting legal forms (an AG against a GmbH)
cost ``LEGAL_CONFLICT_PENALTY``.

``fast_score`` is the matcher's hot path: the same score without building the explanation, and
given a floor (the matcher's ``min_score``) it may give up on a pair early when an upper bound
(legal-form conflict, generic-only cap, each word's best similarity) shows the score cannot
reach the floor. Explanations are built with ``score_names`` for returned matches only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from partyscreen.matching.explain import Explanation, TokenMatch
from partyscreen.matching.normalize import (DOMAIN, GENERIC, LEGAL, NAME, NUMBER, PreparedName, Token,
                                            romanisation_key)
from partyscreen.matching.scripts import PINYIN_SYLLABLES, strip_pinyin_affixes
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
# Penalty when both names carry legal forms of different classes (AG vs GmbH, LLC vs ANO).
# Why: a different legal form may be another legal person of the same group, or the same one
# after a change of form or written by someone who got the form wrong: a likely hit to review
# ("HENSOLDT GmbH" vs listed "HENSOLDT AG" scores 88), never an exact one.
LEGAL_CONFLICT_PENALTY = 12.0

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
# Symbols that only say "this is a company" and cost nothing when added or dropped.
WEAK_SYMBOLS = frozenset({"SYMBOL:CO", "SYMBOL:CORP", "SYMBOL:GRP", "SYMBOL:INC", "SYMBOL:LTD"})

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
    ``INITIAL_SIMILARITY``; two different pinyin syllables → 0; otherwise the better of
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
    return _word_similarity(a, b)


# Similarity of two words d edits apart (Damerau: insert, delete, substitute, swap), by the
# length of the shorter word: (shortest length, similarity) steps, longest first.  Why: one
# or two typos in a long distinctive word ("Polymedics" / "Powlymedics", "Dafeng" / "Ddfegn")
# leave the word recognisable, while in a four-letter word one edit is a quarter of it and
# usually another name ("Gaon" / "Gaan", "Isiu" / "Isil").
ONE_EDIT_STEPS: tuple[tuple[int, float], ...] = ((8, 0.9), (5, 0.8), (4, 0.65), (3, 0.6))
TWO_EDIT_STEPS: tuple[tuple[int, float], ...] = ((8, 0.8), (6, 0.7), (5, 0.5))
# Similarity lost when the first letters differ.  Why: typing slips rarely hit a word's first
# letter; a different first letter more often means another word ("Fokin" / "Tokin") — unless
# both are vowels, which romanisations swap ("Usama" / "Osama").
FIRST_LETTER_COST = 0.1
# Syllables of a romanised Chinese given name compared syllable by syllable (Chinese given
# names have one or two; longer words that happen to spell syllables are usually not pinyin).
MAX_SPLIT_SYLLABLES = 2
VOWELS = frozenset("aeiouy")
# Similarity of two words that are the same once the usual romanisation variants of Cyrillic
# are unified (normalize.ROMANISATION_VARIANTS: "Khimprom" / "Himprom", "Yuriy" / "Jurij").
ROMANISATION_SIMILARITY = 0.95


def _edit_similarity(a: str, b: str) -> float:
    """Similarity from the edit distance of two words (see ONE_EDIT_STEPS / TWO_EDIT_STEPS)."""
    distance = OSA.distance(a, b, score_cutoff=2)
    if distance > 2:
        return 0.0
    shortest = min(len(a), len(b))
    steps = ONE_EDIT_STEPS if distance <= 1 else TWO_EDIT_STEPS
    for length, sim in steps:
        if shortest >= length:
            first_differs = a[0] != b[0] and not (a[0] in VOWELS and b[0] in VOWELS)
            return sim - (FIRST_LETTER_COST if first_differs else 0.0)
    return 0.0


@lru_cache(maxsize=1 << 18)
def _word_similarity(a: str, b: str) -> float:
    """How alike two different words are, 0–1 (the rule of ``token_similarity``)."""
    if len(a) == 1 or len(b) == 1:
        return INITIAL_SIMILARITY if a[0] == b[0] else 0.0
    sim = max(_curve(fuzz.ratio(a, b) / 100.0, TOKEN_FLOOR), _edit_similarity(a, b))
    if sim < ROMANISATION_SIMILARITY:
        ra, rb = romanisation_key(a), romanisation_key(b)
        if ra == rb:
            return ROMANISATION_SIMILARITY
    return sim


def _initials(tokens: list[Token]) -> str:
    return "".join(t.plain[:1] for t in tokens)


def _merge_runs(tokens: list[Token], other: list[Token], acronyms: bool) -> list[Token]:
    """Merge runs of 2–3 adjacent words that stand for one word of the other name.

    Rule: a run merges when its words run together equal a word of the other name
    ("siemens"+"ag" = "siemensag", "van der bilt" = "vanderbilt"), or when its initials spell
    one ("People's Liberation Army" = "PLA", "United States" = "US") — acronyms only for
    organisation names, where they are usual (in personal names they would be initials).
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
            if joined in targets:
                out.append(Token(joined, NAME, frozenset(), joined))
            elif acronyms and initials in targets and all(t.kind != LEGAL for t in run):
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


def _extra_importance(token: Token) -> float:
    if token.symbols & WEAK_SYMBOLS:
        return 0.0
    return max(KIND_WEIGHTS[token.kind], EXTRA_GENERIC_IMPORTANCE)


def _conflict_factor(conflicts: list[tuple[Token, Token, float]]) -> float:
    factor = 1.0
    for q, c, sim in conflicts:
        factor *= 1.0 - CONFLICT_COST * (1.0 - sim) * min(_importance(q), _importance(c))
    return factor


def _align(
    query: list[Token], candidate: list[Token], weights: TokenWeights, personal: bool, explain: bool
) -> tuple[float, list[TokenMatch], list[tuple[str, str, float]], list[tuple[Token, Token, float]]]:
    """Align words one-to-one; return score, matches, unmatched words and conflicts.

    Rule: best-similarity pairs first; distinctive words left over on both sides are paired
    as conflicts (similarity 0); low-similarity aligned pairs are conflicts too; other
    left-over words are extras (see the module constants).
    """
    weight = weights.weight
    wq = [weight(t) for t in query]
    wc = [weight(t) for t in candidate]
    pairs = []
    for i, q in enumerate(query):
        for j, c in enumerate(candidate):
            sim = token_similarity(q, c, personal)
            if sim > 0:
                pairs.append((-sim, -(wq[i] + wc[j]), i, j))
    pairs.sort()
    matches: list[TokenMatch] | None = [] if explain else None
    score, conflicts, left_q, left_c = _settle(query, candidate, wq, wc, pairs, personal, matches)
    unmatched: list[tuple[str, str, float]] = []
    if explain:
        unmatched = [("query", query[i].text, round(wq[i], 3)) for i in left_q]
        unmatched += [("candidate", candidate[j].text, round(wc[j], 3)) for j in left_c]
    return score, matches or [], unmatched, conflicts


def _settle(
    query: Sequence[Token],
    candidate: Sequence[Token],
    wq: list[float],
    wc: list[float],
    pairs: list[tuple[float, float, int, int]],
    personal: bool,
    matches: list[TokenMatch] | None,
) -> tuple[float, list[tuple[Token, Token, float]], list[int], list[int]]:
    """Score sorted candidate pairs (the rule of ``_align``); fill ``matches`` when given.

    Returns the score, the conflicts, and the query / candidate words left unaligned.
    """
    used_q: set[int] = set()
    used_c: set[int] = set()
    gained = matched_total = 0.0
    conflicts: list[tuple[Token, Token, float]] = []
    for neg_sim, neg_weight, i, j in pairs:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        gained += neg_sim * neg_weight
        matched_total -= neg_weight
        if matches is not None:
            matches.append(TokenMatch(query[i].text, candidate[j].text, round(-neg_sim, 3), round(-neg_weight, 3)))
        if -neg_sim < CONFLICT_SIMILARITY and query[i].kind in DISTINCTIVE and candidate[j].kind in DISTINCTIVE:
            conflicts.append((query[i], candidate[j], -neg_sim))
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
    extras = sum(wq[i] for i in extras_q) + sum(wc[j] for j in extras_c)
    total = matched_total + (EXTRA_WORD_FACTOR_PERSON if personal else 1.0) * extras
    if total <= 0:
        return 0.0, conflicts, left_q, left_c
    factor = _conflict_factor(conflicts) if conflicts else 1.0
    if not personal:
        for token in [query[i] for i in extras_q] + [candidate[j] for j in extras_c]:
            factor *= 1.0 - EXTRA_WORD_COST_ORG * _extra_importance(token)
    return 100.0 * gained / total * factor, conflicts, left_q, left_c


def _token_score(query: PreparedName, candidate: PreparedName, weights: TokenWeights,
                 explain: bool) -> Explanation | None:
    q_core, c_core = list(query.core), list(candidate.core)
    if not q_core or not c_core:
        return None
    variants = [(q_core, c_core)]
    if not (query.runs.isdisjoint(candidate.words) and candidate.runs.isdisjoint(query.words)):
        q_all, c_all = list(query.tokens), list(candidate.tokens)
        q_merged = _merge_runs(q_all, c_core, query.orgish)
        c_merged = _merge_runs(c_all, q_core, candidate.orgish)
        if len(q_merged) < len(q_all) or len(c_merged) < len(c_all):
            variants.append(([t for t in q_merged if t.kind != LEGAL], [t for t in c_merged if t.kind != LEGAL]))
    personal = not (query.orgish or candidate.orgish)
    best: Explanation | None = None
    for q_tokens, c_tokens in variants:
        score, matches, unmatched, conflicts = _align(q_tokens, c_tokens, weights, personal, explain)
        if best is None or score > best.name_score:
            best = Explanation("tokens", query.original, candidate.original, round(score, 2), matches, unmatched)
            best.conflicts = [(q.text, c.text, round(_conflict_factor([(q, c, sim)]), 3)) for q, c, sim in conflicts]
    return best


def _han_score(query: PreparedName, candidate: PreparedName) -> Explanation | None:
    q, c = query.han, candidate.han
    if q is None or c is None or not q.core or not c.core:
        return None
    sim = _curve(fuzz.ratio(q.core, c.core) / 100.0, HAN_FLOOR)
    match = TokenMatch(q.core, c.core, round(sim, 3), 2.0)
    return Explanation("han", query.original, candidate.original, round(100.0 * sim, 2), [match])


def _latin_for_pinyin(name: PreparedName) -> list[str]:
    """Run-together Latin forms to compare with pinyin: distinctive words only, and all words
    with romanised Chinese legal forms stripped ("… youxian gongsi")."""
    forms = ["".join(t.text for t in name.core if t.kind != "generic"),
             strip_pinyin_affixes("".join(t.text for t in name.core))]
    return [f for f in dict.fromkeys(forms) if f]


def _family_first(name: PreparedName) -> str:
    """A "FAMILY, Given" name run together family first ("chenzhu"), or "" without a family."""
    if not name.family:
        return ""
    family = [t.text for t in name.core if t.text in name.family]
    return "".join(family + [t.text for t in name.core if t.text not in name.family])


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
        else:
            sim = _curve(fuzz.ratio(text, han.han.pinyin) / 100.0, PINYIN_FLOOR)
        pair = (han.han.pinyin, text) if flip else (text, han.han.pinyin)
        expl = Explanation("pinyin", query.original, candidate.original, round(100.0 * sim, 2),
                           [TokenMatch(pair[0], pair[1], round(sim, 3), 2.0)])
        if best is None or expl.name_score > best.name_score:
            best = expl
    return best


# Score of a one-word name written in capitals against a longer name whose initials it spells,
# by the number of letters.  Why: a two-letter acronym matches thousands of names and is never
# a hit; from three letters ("UAC", "PLA") an acronym that spells a listed name is a hit to
# review, more certain the longer it is ("IRGC", "PDVSA"), never an exact one.
ACRONYM_SCORES: dict[int, float] = {2: 40.0, 3: 78.0, 4: 85.0, 5: 90.0}
ACRONYM_MAX_LENGTH = 10
# Cap for a personal name of one word against one of several words (or the reverse).  Why: a
# single given or family name ("Lopez", "Kim", "Denis") is shared by thousands of people; on its
# own it is never a hit.
SINGLE_NAME_CAP = 60.0
# Cap for a personal name that leaves out the family name of the other (written "FAMILY,
# Given" on the list) when no word of it is matched at least FAMILY_MATCH_SIMILARITY.  Why:
# given names alone ("Mei Shi" against "SUN, Shi Mei") are shared by many families.
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
FAMILY_MATCH_SIMILARITY = 0.7
# The same for given names, when both names have some: at least one must be matched this well
# (lower than for the family name: two typos in a short given name, "Dusan" / "Dijan", still
# leave it recognisable, while another given name — "Bin" / "Lanying" — scores near 0).
GIVEN_MATCH_SIMILARITY = 0.5


def _acronym_score(query: PreparedName, candidate: PreparedName) -> Explanation | None:
    """Compare a one-word name with the initials of the other name (see ACRONYM_SCORES)."""
    for short, full in ((query, candidate), (candidate, query)):
        # A person's initials are no acronym: the full name must read as an organisation's.
        if len(short.core) != 1 or not full.acronym or not full.orgish or full.han is not None and full.han.core:
            continue
        word = short.core[0].text
        # Only a word written in capitals reads as an acronym ("KEMP", not "Kemp").
        if (word == full.acronym and word.isalpha() and len(word) <= ACRONYM_MAX_LENGTH
                and _written_in_capitals(short.core[0].raw, short.original)):
            score = ACRONYM_SCORES.get(len(word), ACRONYM_SCORES[5])
            pair = (word, full.acronym) if short is query else (full.acronym, word)
            return Explanation("acronym", query.original, candidate.original, score,
                               [TokenMatch(pair[0], pair[1], 1.0, 1.0)])
    return None


def _same_letters(query: PreparedName, candidate: PreparedName) -> bool:
    """True if the names are the same letters spaced otherwise ("VladimirPutin")."""
    return "".join(t.plain for t in query.core) == "".join(t.plain for t in candidate.core)


def _is_company(name: PreparedName) -> bool:
    """True if the name carries a legal form that is never a word of a personal name."""
    return any(t.kind == LEGAL and t.raw.replace(".", "").replace(",", "").strip() in COMPANY_MARKERS
               for t in name.tokens)


def _written_in_capitals(word: str, original: str) -> bool:
    """True if the (case-folded) word is written in capitals in the original name."""
    return any(w.isupper() and w.casefold() == word for w in re.findall(r"\w+", original))


def _person_cap(query: PreparedName, candidate: PreparedName) -> tuple[float, str] | None:
    """The cap on the word-by-word score of two names, with its reason, if any (the person
    rules of ``_personal_cap``)."""
    return _personal_cap(query, candidate)


def _personal_cap(query: PreparedName, candidate: PreparedName) -> tuple[float, str] | None:
    """The cap on the word-by-word score of two personal names, with its reason, if any."""
    if candidate.kind == "person" and query.kind is None and _is_company(query):
        return KIND_MISMATCH_CAP, "a company's name (legal form) against a person's"
    if query.orgish or candidate.orgish:
        return None
    nq = sum(1 for t in query.core if t.kind != NUMBER)
    nc = sum(1 for t in candidate.core if t.kind != NUMBER)
    if nq and nc and (nq == 1) != (nc == 1) and not _same_letters(query, candidate):
        return SINGLE_NAME_CAP, "a single name word against a full name: never a hit on its own"
    for one, other in ((query, candidate), (candidate, query)):
        if not one.family:
            continue
        if not any(_word_match(t.text, family) for t in other.core for family in one.family):
            return FAMILY_MISSING_CAP, f"family name {'/'.join(sorted(one.family))!r} not matched"
        given = [t.text for t in one.core if t.text not in one.family]
        rest = [t.text for t in other.core if not any(_word_match(t.text, f) for f in one.family)]
        if given and rest and not any(_word_match(r, g, GIVEN_MATCH_SIMILARITY) for r in rest for g in given):
            return FAMILY_MISSING_CAP, f"no given name matched ({' '.join(given)!r})"
        if len(given) + len(rest) > 2 and all(w in PINYIN_SYLLABLES for w in given + rest):
            # A given name of syllables written apart ("Guo Ping", "Chang Ha") is one name:
            # each syllable must be on both sides.
            if set(given) != set(rest):
                return FAMILY_MISSING_CAP, f"given name {' '.join(given)!r} matched only in part"
    return None


def _word_match(a: str, b: str, least: float = FAMILY_MATCH_SIMILARITY) -> bool:
    return a == b or _personal_word_similarity(a, b) >= least


def _person_reading(query: PreparedName, candidate: PreparedName) -> PreparedName:
    """The query read as a personal name when the candidate is a person's, the query's kind is
    unknown and no unmistakable company form marks it (so that "Sia" in "Wei Sia Kang", "Se" in
    "Pak Han Se" are names there, not legal forms; "Barry LLC" stays a company)."""
    if (candidate.kind == "person" and query.kind is None and query.legal and query.han is None
            and not _is_company(query)):
        from partyscreen.matching.normalize import prepare_name

        return prepare_name(query.original, "person")
    return query


# Margin (points) kept below the floor before an upper bound rules a pair out, so the rounding
# of the final score (to 0.01, then 0.1) can never lift a ruled-out pair to the floor.
BOUND_MARGIN = 0.1


def _align_fast(query: Sequence[Token], candidate: Sequence[Token], wq: list[float], wc: list[float],
                personal: bool, need: float | None) -> tuple[float, bool]:
    """``_align``'s score without the explanation, or an upper bound of it below ``need``.

    Returns:
        (score, True), exactly as ``_align`` computes it; or (bound, False) when
        ``need`` is given and the bound (every word scoring its best similarity to any word of
        the other name, no conflicts, no extra-word costs) is below it.
    """
    similarity = _personal_word_similarity if personal else _word_similarity
    pairs = []
    best_q = [0.0] * len(query)
    best_c = [0.0] * len(candidate)
    for i, q in enumerate(query):
        q_key, q_symbols, q_number, q_text, w_i = q.key, q.symbols, q.kind == NUMBER, q.text, wq[i]
        for j, c in enumerate(candidate):
            if q_key == c.key or (q_symbols and q_symbols & c.symbols):
                sim = 1.0
            elif q_number or c.kind == NUMBER:
                if not (q_number and c.kind == NUMBER):
                    continue
                sim = NUMBER_MISMATCH_SIMILARITY
            else:
                sim = similarity(q_text, c.text)
                if sim <= 0:
                    continue
            pairs.append((-sim, -(w_i + wc[j]), i, j))
            if sim > best_q[i]:
                best_q[i] = sim
            if sim > best_c[j]:
                best_c[j] = sim
    if need is not None:
        bound = _align_bound(best_q + best_c, wq + wc, personal)
        if bound < need:
            return bound, False
    pairs.sort()
    return _settle(query, candidate, wq, wc, pairs, personal, None)[0], True


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
    for b, w in sorted(zip(best, weights), reverse=True):
        if b <= 0:
            break
        gained += b * w
        aligned += w
        denominator = f * total + (1.0 - f) * aligned
        if denominator > 0:
            top = max(top, gained / denominator)
    return 100.0 * top


def _token_fast(query: PreparedName, candidate: PreparedName, weights: TokenWeights,
                need: float | None) -> tuple[float, bool] | None:
    """``_token_score``'s name score (rounded as there), or an upper bound below ``need``."""
    q_core, c_core = query.core, candidate.core
    if not q_core or not c_core:
        return None
    weight = weights.weight
    personal = not (query.orgish or candidate.orgish)
    best = _align_fast(q_core, c_core, [weight(t) for t in q_core], [weight(t) for t in c_core],
                       personal, need)
    best = (round(best[0], 2), best[1])
    if not (query.runs.isdisjoint(candidate.words) and candidate.runs.isdisjoint(query.words)):
        q_all, c_all = list(query.tokens), list(candidate.tokens)
        q_merged = _merge_runs(q_all, list(c_core), query.orgish)
        c_merged = _merge_runs(c_all, list(q_core), candidate.orgish)
        if len(q_merged) < len(q_all) or len(c_merged) < len(c_all):
            q_tokens = [t for t in q_merged if t.kind != LEGAL]
            c_tokens = [t for t in c_merged if t.kind != LEGAL]
            score, exact = _align_fast(q_tokens, c_tokens, [weight(t) for t in q_tokens],
                                       [weight(t) for t in c_tokens], personal, need)
            other = (round(score, 2), exact)
            # As in _token_score: the merged variant wins only if strictly better.
            if other[0] > best[0] or (other[0] == best[0] and not best[1]):
                best = other
    return best


def fast_score(query: PreparedName, candidate: PreparedName, weights: TokenWeights | None = None,
               floor: float | None = None) -> float:
    """``score_names(query, candidate, weights).score`` without building an explanation.

    Args:
        query: The screened name.
        candidate: A listed name.
        weights: As in ``score_names``.
        floor: If given, the scorer may stop early and return -1.0 for a pair whose score
            is certainly below it (cheap upper bounds: legal-form conflict, generic-only cap,
            best word similarities); every score ≥ floor is returned exactly.

    Returns:
        The same score as ``score_names``, or -1.0 (only for pairs below ``floor``).
    """
    weights = weights or _NO_WEIGHTS
    query = _person_reading(query, candidate)
    capped = not (query.distinctive and candidate.distinctive)
    conflict = bool(query.legal and candidate.legal and query.legal.isdisjoint(candidate.legal))
    need = None
    if floor is not None:
        ceiling = (GENERIC_ONLY_CAP if capped else 100.0) - (LEGAL_CONFLICT_PENALTY if conflict else 0.0)
        if ceiling < floor - BOUND_MARGIN:
            return -1.0
        need = floor - BOUND_MARGIN + (LEGAL_CONFLICT_PENALTY if conflict else 0.0)
    found = []
    token = _token_fast(query, candidate, weights, need)
    if token is not None:
        # A cap only lowers the score: needed only when the score may reach the floor.
        cap = _person_cap(query, candidate) if need is None or token[0] >= need else None
        found.append((min(token[0], cap[0]), token[1]) if cap is not None else token)
    for comparator in (_han_score, _pinyin_score, _acronym_score):
        expl = comparator(query, candidate)
        if expl is not None:
            found.append((expl.name_score, True))
    if not found:
        return 0.0
    # Highest value; on a tie an exact value (a bound is never below the true score).
    score, exact = max(found)
    if not exact:
        return -1.0
    if capped and score > GENERIC_ONLY_CAP:
        score = GENERIC_ONLY_CAP
    if conflict:
        score -= LEGAL_CONFLICT_PENALTY
    return max(0.0, round(score, 1))


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
        if name.han is not None and (name.han.legal or name.han.generic):
            stripped = ", ".join([*name.han.legal, *name.han.generic])
            notes.append(f"Chinese legal form / generic affix stripped from {name.original!r}: {stripped}")
    return list(dict.fromkeys(notes))


def score_names(query: PreparedName, candidate: PreparedName, weights: TokenWeights | None = None,
                explain: bool = True) -> PairScore:
    """Score two prepared names 0–100 and explain the score.

    Args:
        query: The screened name.
        candidate: A listed name.
        weights: IDF weights of the candidate list; None weighs words by kind only.
        explain: Also list what was discounted (skipped in the hot loop; the score is the same).

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
        cap = _person_cap(query, candidate)
        if cap is not None and token.name_score > cap[0]:
            token.adjustments.append((cap[1], cap[0] - token.name_score))
            found.append((cap[0], token))
        else:
            found.append((token.name_score, token))
    for comparator in (_han_score, _pinyin_score, _acronym_score):
        other = comparator(query, candidate)
        if other is not None:
            found.append((other.name_score, other))
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
    if query.legal and candidate.legal and query.legal.isdisjoint(candidate.legal):
        expl.adjustments.append((f"different legal forms: {'/'.join(sorted(query.legal))} vs "
                                 f"{'/'.join(sorted(candidate.legal))}", -LEGAL_CONFLICT_PENALTY))
        score -= LEGAL_CONFLICT_PENALTY
    return PairScore(max(0.0, round(score, 1)), expl)
