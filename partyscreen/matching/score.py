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
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from partyscreen.matching.explain import Explanation, TokenMatch
from partyscreen.matching.normalize import LEGAL, NAME, NUMBER, PreparedName, Token
from partyscreen.matching.weights import TokenWeights

# Raw ratio at or below which two words count as unrelated.  Why: 0.5 of shared characters is
# what two unrelated names of similar length reach by chance ("bush"/"habbash" 0.55).
TOKEN_FLOOR = 0.5
# Exponent of the typo curve above the floor (< 1 is lenient to one or two typos).  Why: one
# typo in a six-letter word ("tayota") should still give ~0.75, two in "scholz"/"schulze" ~0.6.
TOKEN_CURVE = 0.7
# Similarity of an initial ("J.") to a word starting with it.  Why: consistent but weak
# evidence — "J. Smith" is probably, not certainly, "John Smith".
INITIAL_SIMILARITY = 0.7
# Floors for run-together comparisons: Han characters carry a syllable each, so half the
# characters in common is no evidence; pinyin strings are long and repetitive, so stricter.
HAN_FLOOR = 0.5
PINYIN_FLOOR = 0.65
# Merged words must be nearly equal to the word they stand for ("siemensag" = "siemens"+"ag").
MERGE_MIN_RATIO = 0.9
# Cap for names with no distinctive word (only "Corp", "Ltd", "Group" …).  Why: below every
# threshold a user would set, so a legal form or a generic word alone never makes a hit.
GENERIC_ONLY_CAP = 40.0
# Penalty when both names carry legal forms of different classes (AG vs GmbH, LLC vs ANO).
# Why: a different legal form usually means a different company in a group, but a
# transliteration or a re-registration can change it, so it lowers rather than rules out.
LEGAL_CONFLICT_PENALTY = 12.0

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


def token_similarity(query: Token, candidate: Token) -> float:
    """Return how alike two words are, 0–1.

    Rule: same key or a shared symbol → 1; numbers must be equal; an initial matches a word
    with the same first letter at ``INITIAL_SIMILARITY``; otherwise rapidfuzz ``ratio`` through
    the typo curve.
    """
    if query.key == candidate.key or (query.symbols and query.symbols & candidate.symbols):
        return 1.0
    if query.kind == NUMBER or candidate.kind == NUMBER:
        return 0.0
    a, b = query.text, candidate.text
    if len(a) == 1 or len(b) == 1:
        return INITIAL_SIMILARITY if a[0] == b[0] else 0.0
    return _curve(fuzz.ratio(a, b) / 100.0, TOKEN_FLOOR)


def _plain(token: Token) -> str:
    return token.raw if token.raw.isascii() else token.text


def _merge_runs(tokens: list[Token], other: list[Token]) -> list[Token]:
    """Merge adjacent words whose concatenation is a word of the other name."""
    targets = [t.text for t in other if len(t.text) >= 4]
    if not targets or len(tokens) < 2:
        return tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens):
            joined = _plain(tokens[i]) + _plain(tokens[i + 1])
            if any(fuzz.ratio(joined, t) / 100.0 >= MERGE_MIN_RATIO for t in targets):
                out.append(Token(joined, NAME, frozenset(), joined))
                i += 2
                continue
        out.append(tokens[i])
        i += 1
    return out


def _align(
    query: list[Token], candidate: list[Token], weights: TokenWeights
) -> tuple[float, list[TokenMatch], list[tuple[str, str, float]]]:
    wq = [weights.weight(t) for t in query]
    wc = [weights.weight(t) for t in candidate]
    total = sum(wq) + sum(wc)
    if total <= 0:
        return 0.0, [], []
    pairs = []
    for i, q in enumerate(query):
        for j, c in enumerate(candidate):
            sim = token_similarity(q, c)
            if sim > 0:
                pairs.append((sim, wq[i] + wc[j], i, j))
    pairs.sort(key=lambda p: (-p[0], -p[1]))
    used_q: set[int] = set()
    used_c: set[int] = set()
    gained = 0.0
    matches: list[TokenMatch] = []
    for sim, weight, i, j in pairs:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        gained += sim * weight
        matches.append(TokenMatch(query[i].text, candidate[j].text, round(sim, 3), round(weight, 3)))
    unmatched = [("query", t.text, round(wq[i], 3)) for i, t in enumerate(query) if i not in used_q]
    unmatched += [("candidate", t.text, round(wc[j], 3)) for j, t in enumerate(candidate) if j not in used_c]
    return 100.0 * gained / total, matches, unmatched


def _token_score(query: PreparedName, candidate: PreparedName, weights: TokenWeights) -> Explanation | None:
    q_core, c_core = list(query.core), list(candidate.core)
    if not q_core or not c_core:
        return None
    best: Explanation | None = None
    q_all, c_all = list(query.tokens), list(candidate.tokens)
    variants = [(q_core, c_core)]
    q_merged, c_merged = _merge_runs(q_all, c_core), _merge_runs(c_all, q_core)
    if len(q_merged) < len(q_all) or len(c_merged) < len(c_all):
        variants.append(([t for t in q_merged if t.kind != LEGAL], [t for t in c_merged if t.kind != LEGAL]))
    for q_tokens, c_tokens in variants:
        score, matches, unmatched = _align(q_tokens, c_tokens, weights)
        if best is None or score > best.name_score:
            best = Explanation("tokens", query.original, candidate.original, round(score, 2), matches, unmatched)
    return best


def _han_score(query: PreparedName, candidate: PreparedName) -> Explanation | None:
    q, c = query.han, candidate.han
    if q is None or c is None or not q.core or not c.core:
        return None
    sim = _curve(fuzz.ratio(q.core, c.core) / 100.0, HAN_FLOOR)
    match = TokenMatch(q.core, c.core, round(sim, 3), 2.0)
    return Explanation("han", query.original, candidate.original, round(100.0 * sim, 2), [match])


def _latin_for_pinyin(name: PreparedName) -> str:
    return "".join(t.text for t in name.core if t.kind != "generic")


def _pinyin_score(query: PreparedName, candidate: PreparedName) -> Explanation | None:
    best: Explanation | None = None
    for latin, han, flip in ((query, candidate, False), (candidate, query, True)):
        if han.han is None or not han.han.pinyin or not latin.core:
            continue
        text = _latin_for_pinyin(latin)
        if not text:
            continue
        sim = _curve(fuzz.ratio(text, han.han.pinyin) / 100.0, PINYIN_FLOOR)
        pair = (han.han.pinyin, text) if flip else (text, han.han.pinyin)
        expl = Explanation("pinyin", query.original, candidate.original, round(100.0 * sim, 2),
                           [TokenMatch(pair[0], pair[1], round(sim, 3), 2.0)])
        if best is None or expl.name_score > best.name_score:
            best = expl
    return best


def _discounts(query: PreparedName, candidate: PreparedName, weights: TokenWeights) -> list[str]:
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


def score_names(query: PreparedName, candidate: PreparedName, weights: TokenWeights | None = None) -> PairScore:
    """Score two prepared names 0–100 and explain the score.

    Args:
        query: The screened name.
        candidate: A listed name.
        weights: IDF weights of the candidate list; None weighs words by kind only.

    Returns:
        The best of the word-by-word, Han and pinyin comparisons, after the generic-only cap
        and the legal-form conflict penalty.
    """
    weights = weights or _NO_WEIGHTS
    found = [e for e in (_token_score(query, candidate, weights), _han_score(query, candidate),
                         _pinyin_score(query, candidate)) if e is not None]
    if not found:
        expl = Explanation("tokens", query.original, candidate.original, 0.0)
        expl.discounted = _discounts(query, candidate, weights)
        return PairScore(0.0, expl)
    expl = max(found, key=lambda e: e.name_score)
    expl.discounted = _discounts(query, candidate, weights)
    score = expl.name_score
    if not (query.distinctive and candidate.distinctive) and score > GENERIC_ONLY_CAP:
        expl.adjustments.append(("no distinctive word, only legal forms or generic words", GENERIC_ONLY_CAP - score))
        score = GENERIC_ONLY_CAP
    if query.legal and candidate.legal and query.legal.isdisjoint(candidate.legal):
        expl.adjustments.append((f"different legal forms: {'/'.join(sorted(query.legal))} vs "
                                 f"{'/'.join(sorted(candidate.legal))}", -LEGAL_CONFLICT_PENALTY))
        score -= LEGAL_CONFLICT_PENALTY
    return PairScore(max(0.0, round(score, 1)), expl)
