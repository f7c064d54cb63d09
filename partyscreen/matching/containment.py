"""Names inside longer names: a listed name found whole inside the screened name (or the reverse).

Rule: a customer record often carries a listed party's full name with words of its own — a
trading prefix, a department, "Holding", a city ("Acme Lockheed Martin Corporation",
"General Dynamics Holding"). Word by word such a name loses much to its extra words; read as
containment it is a likely hit to review. The listed (inner) name is contained in the screened
(outer) name when

* every word of the inner name other than weak company words ("Corp", "Co", "Ltd", "Group"),
  particles ("of", "and") and legal forms — its *required* words — is found in the outer name,
  in the same order and together (only such weak words, particles or legal forms between
  them); a word is found when it is the same word or symbol, or, for words of
  ``TYPO_MIN_LENGTH`` letters or more, one typo away.
  Words inserted into a listed name make a sister company ("Sumitomo Mitsui *Trust* Bank" is
  not "Sumitomo Mitsui Banking Corporation", "Bowne *Litigation* Solutions" not "Bowne
  Solutions");
* the outer name has words of its own, of ``MIN_EXTRA_LETTERS`` letters or more in all
  (otherwise the names are the same, the word-by-word comparison's case; one short extra word
  is often an abbreviation or a legal form the tables lack: "ANO", "TOO"), none of them a
  number ("Fund *II*" is another fund of the series);
* the words after the contained name are proper name words that are no everyday words (a
  department's name, a rare place name; in a listed outer name any proper name words: the
  list's fuller name of the party, "Saksouk Company for Exchange and *Money Transfer*"),
  places ("UK", "Australia"), or words of a group
  ("Holding", "Group", "Department"): a sector, generic or everyday word there names another
  business — of the family ("Deutsche Bank *Trust* Company", "… *Capital*", "… *Systems*") or
  of nobody's ("Red Cat *Cafe*", "Sierra Nevada *Brewing* Co", "Recorded Future *Music*") —
  while words before it (a trading name, a prefix) may be any. A place counts as an extra
  word however short ("Lockheed Martin *UK* Ltd");
* the inner name is distinctive enough to be recognised inside another name: at least
  ``MIN_REQUIRED_WORDS`` required words, one of them a proper name word that is no everyday
  word of general language (``common_words.ordinary``: not a dictionary word, a common first
  name or a well-known place — "Lockheed", not "Red", "Cat", "Sierra", "Nevada", "General",
  "Dynamics"), a matched kind weight (``weights.KIND_WEIGHTS``: a proper name word 1, a
  sector or place word 0.6, a generic word 0.3) of at least ``MIN_WEIGHT``, and, weighted by
  the list's IDF as well, at least ``MIN_IDF_WEIGHT`` (words found in a large share of the
  listed names — "trading", "mohammed" — do not make a name recognisable). A name of sector
  and place words only ("Bank of China" inside "Agricultural Bank of China"), or of everyday
  words only ("Red Cat", "Global Dimensions", "General Dynamics"), never fires: the list's
  IDF cannot tell, as a sanctions list names few cafés. The kind weight decides, not the IDF
  alone, because a list names a party's family many times ("Lockheed Martin Aeronautics", "…
  Ventures", …): in a list of a few hundred names that makes "Lockheed" look common;
* a name of one word is found only when it is a coined word (``ONE_WORD_MIN_LETTERS`` Latin
  letters or more, no everyday word: "HENSOLDT", "Rheinmetall", "Leidos"; never "Bank",
  "Aviation", "Denis", "Martin"), not weighted down by the list's IDF, opening a screened
  name that reads as a company's, and followed only by words that describe a unit of it —
  places, group words or everyday words ("HENSOLDT *Sensors* GmbH", "Rheinmetall *Waffe
  Munition* GmbH", "Leidos *Holdings* Inc", "Leidos UK"): a brand's subsidiary or branch, a
  likely hit to review. Another proper name after it ("Leidos Quantaris") makes another name
  — a frequent surname ("Smith") reads as an everyday word, the tables do not tell it — and
  a sector or generic company word a sister company, as after a longer name ("Crystalord
  *Systems* Limited" / "Crystalord Ltd" on the nomenklatura bench). The coined word may also
  close the screened name after words describing the body — a generic word of its kind at
  least, the rest sector, generic or everyday words or English words of the lexicon
  (``lexicon.is_translation``: "Unitary") ("Federal State Geology *Enterprise*
  URANGEOLOGORAZVEDKA": registers spell the legal form and kind of body out before the name;
  ``_describes_body``); "Organization" counts as a group word ("LOS CUINIS Drug Trafficking
  Organization").

Only organisation names are read this way (a person's name with extra words is the person
rules' case). The same rules read a screened name inside a listed one — a listed name that
adds a place or a description to the name a customer record gives ("Koto Machinery Co., Ltd."
inside "Hangzhou Fuyang Koto Machinery Co., Ltd.", "Sina Composite Co." inside "Sina Composite
Delijan Company"). A parent's name against its listed subsidiaries stays apart: a one-word
parent ("IHI Corporation") is no contained name, a subsidiary named by a sector word after the
parent's name ("IHI Aerospace", "Deutsche Bank Trust") is a sister company, and in this
direction neither a place nor a group word may follow the contained name either ("Banco
Santander México", "… Holding" are the parent's subsidiaries, not the parent).

The comparison's similarity (calibrated like the others, ``calibration.py``) grows with the
contained name's matched weight (see ``similarity``) and drops a little for each extra
distinctive word and for typos in the contained words. A different legal form costs as in
the other comparisons, but for a one-word name, whose legal form is all it has besides the
word: "HENSOLDT Sensors GmbH" / "HENSOLDT AG" is a likely hit to review all the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz.distance import OSA

from partyscreen.matching.common_words import ordinary
from partyscreen.matching.lexicon import is_translation
from partyscreen.matching.normalize import DOMAIN, GENERIC, LEGAL, NAME, NUMBER, STOP, PreparedName, Token
from partyscreen.matching.weights import KIND_WEIGHTS, TokenWeights

# Symbols that only say "this is a company": not required in the inner name.  Why: "Lockheed
# Martin Corporation" is contained in "Foo Lockheed Martin Holding" all the same.
# "Concern" (Russian "kontsern", German "Konzern") is a group: "KALASHNIKOV CONCERN JSC" / "АО «Калашников»".
WEAK_SYMBOLS = frozenset({"SYMBOL:CO", "SYMBOL:CORP", "SYMBOL:GRP", "SYMBOL:CONCERN", "SYMBOL:INC", "SYMBOL:LTD"})
# Most other words allowed between two required words of the inner name in the outer one.
# Why: on the nomenklatura name bench every contained name with a word inserted was a sister
# company ("Sumitomo Mitsui Trust Bank" / "Sumitomo Mitsui Banking Corporation").
MAX_GAP = 0
# Fewest letters of extra words that make the outer name longer than the inner one.
MIN_EXTRA_LETTERS = 4
# Generic symbols allowed after the contained name: words of a group or of its parts.
GROUP_SYMBOLS = frozenset({"SYMBOL:HOLDING", "SYMBOL:GRP", "SYMBOL:CONCERN", "SYMBOL:DEPT", "SYMBOL:ORG"})
# Fewest required words in the inner name, but for coined one-word names (see
# ``_find_one_word``).  Why: a one-word listed name is found inside thousands of names
# ("Denis", "Aviation", "Star").
MIN_REQUIRED_WORDS = 2
# Least matched kind weight (summed over the required words) of the inner name.  Why: a
# proper name word (1.0) with one more word of any kind ("General Dynamics" 1.3, "Huawei
# Technologies" 1.6) names one party; a generic pair ("Trading Group") does not.
MIN_WEIGHT = 1.2
# Least matched weight with the list's IDF (kind × IDF).  Why: two words each found in a large
# share of the listed names ("Mohammed Trading") are no name of one party; at 0.8 a proper name
# word in a listed family of a dozen names ("General Dynamics" in the bundled lists, 0.93)
# still counts.
MIN_IDF_WEIGHT = 0.8
# Similarity of a contained name at MIN_WEIGHT, growth per unit of weight above it, and the
# most it reaches.  Why: calibrated, 0.78 scores about 78 — a likely hit to review, never an
# exact one — and a contained name of three proper name words ("Lockheed Martin Aeronautics")
# about 86.
BASE_SIMILARITY = 0.78
SIMILARITY_PER_WEIGHT = 0.06
MAX_SIMILARITY = 0.88
# Similarity lost per extra distinctive word of the outer name, and the most lost that way.
# Why: every extra proper name word makes another party a little more likely, but a customer
# record with a department, a city and a prefix still carries the listed name.
EXTRA_WORD_COST = 0.01
MAX_EXTRA_COST = 0.04
# Similarity lost per unit of similarity the contained words lose on average to typos.  Why: a
# typo in a contained name ("Lockheed Martim") is as common as anywhere; one typo in a
# two-word name (word similarity 0.8, average 0.9) costs 0.03.
INEXACT_COST = 0.3
# Words of at least this many letters may be found this many typos away.  Why: two typos in a
# contained word make another name too often ("Kangbong" inside "Korea Kwangsong Trading").
TYPO_MIN_LENGTH = 5
TYPO_MAX_EDITS = 1
# Fewest letters of a one-word listed name found inside a longer name.  Why: a short word is
# some other name's word too often, however rare ("Koto", "Sina").
ONE_WORD_MIN_LETTERS = 5
DISTINCTIVE = frozenset({NAME, NUMBER, DOMAIN})


@dataclass(frozen=True, slots=True)
class Containment:
    """A listed name found inside a screened name.

    Attributes:
        similarity: 0–1 (see ``similarity``).
        weight: Kind weight of the inner name's required words.
        pairs: (outer word, inner word, similarity, kind weight) for each required word, in order.
        extras: The outer name's words (as written) not part of the contained name.
        outer_coverage: Share of the outer name's kind weight the contained name matches.
        exactness: Mean similarity of the contained words (1 without typos).
        one_word: The contained name is one coined word (``_find_one_word``).
    """

    similarity: float
    weight: float
    pairs: tuple[tuple[str, str, float, float], ...]
    extras: tuple[str, ...]
    outer_coverage: float
    exactness: float
    one_word: bool = False


def _required(token: Token) -> bool:
    return token.kind not in (LEGAL, STOP) and not (token.symbols & WEAK_SYMBOLS)


def required_words(name: PreparedName) -> tuple[tuple[Token, ...], bool]:
    """The name's required words (``_required``, in order) and whether one of them is distinctive
    (``_distinctive``), computed once per name and kept on it (``PreparedName.contained_words``).

    Why: every pair the scorer compares asks for them, the listed name's and the screened name's;
    an index holds more names than any cache would.
    """
    found = name.contained_words
    if found is None:
        required = tuple(t for t in name.core if _required(t))
        found = name.contained_words = (required, any(_distinctive(t) for t in required))
    return found


# Endings of the names of fields of work ("aeronautics", "avionics", "photonics", "technology",
# "biologics"), read as sector words where rigour has no symbol for them.  Why: after a parent's
# name such a word names a listed subsidiary ("Lockheed Martin Aeronautics"), as "Aerospace" does.
FIELD_ENDINGS = ("ics", "ology", "ologies")


def _names_field(token: Token) -> bool:
    return token.kind == NAME and len(token.text) > 5 and token.text.endswith(FIELD_ENDINGS)


def _may_follow(token: Token, listed_outer: bool) -> bool:
    """True if the word may follow a contained name (see the module rule)."""
    if listed_outer and _names_field(token):
        return False
    if token.kind == NAME and (listed_outer or not ordinary(token.text) or _is_place(token)):
        return True
    return not listed_outer and any(s.startswith("LOC:") or s in GROUP_SYMBOLS for s in token.symbols)


def _counts_as_gap(token: Token) -> bool:
    return token.kind in (NAME, NUMBER, DOMAIN, GENERIC) and not (token.symbols & WEAK_SYMBOLS)


def _next_position(outer: Sequence[Token], after: int, word: Token,
                   similar: Callable[[Token, Token], float]) -> tuple[int, float] | None:
    """The first position after ``after`` where ``word`` is found, within ``MAX_GAP`` words."""
    gap = 0
    for pos in range(after + 1, len(outer)):
        sim = similar(outer[pos], word)
        if sim > 0:
            return pos, sim
        if _counts_as_gap(outer[pos]):
            gap += 1
            if gap > MAX_GAP:
                return None
    return None


def _align_in_order(outer: Sequence[Token], inner: Sequence[Token],
                    similar: Callable[[Token, Token], float]) -> list[tuple[int, float]] | None:
    """Positions in ``outer`` of each ``inner`` word, in order (see ``MAX_GAP``), or None.

    Every start is tried for the first word; later words take the first position that fits.
    """
    for start, first in enumerate(outer):
        sim = similar(first, inner[0])
        if sim <= 0:
            continue
        found = [(start, sim)]
        for word in inner[1:]:
            step = _next_position(outer, found[-1][0], word, similar)
            if step is None:
                break
            found.append(step)
        if len(found) == len(inner):
            return found
    return None


def _distinctive(token: Token) -> bool:
    """True if a word makes a name recognisable inside another: a proper name word that is no
    everyday word of general language (``common_words.ordinary``)."""
    return token.kind == NAME and not ordinary(token.text)


def _coined(token: Token) -> bool:
    """True if a one-word name may be found inside another (see ``ONE_WORD_MIN_LETTERS``)."""
    text = token.text
    return (_distinctive(token) and len(text) >= ONE_WORD_MIN_LETTERS and text.isascii() and text.isalpha())


def _describes_unit(token: Token) -> bool:
    """True if a word after a coined one-word name describes a unit of its business: a place,
    a word of a group ("Holdings"), or an everyday word ("Sensors", "Waffe"); not a sector or
    generic company word ("Crystalord *Systems*", "… *Capital*": a sister company, as after a
    longer name)."""
    if token.kind == NAME:
        return ordinary(token.text)
    return any(s.startswith("LOC:") or s in GROUP_SYMBOLS for s in token.symbols)


def _describes_body(words: Sequence[Token]) -> bool:
    """True if the words before a coined one-word name closing a screened name describe the
    body it names: its kind ("Enterprise", "Center", "Bureau" — a generic word, one at least),
    sector, place or everyday words ("Federal State Unitary Geology Enterprise
    URANGEOLOGORAZVEDKA": Russian and other registers spell the legal form and the kind of body
    out before the name); never another proper name ("Acme Leidos")."""
    return (any(t.kind == GENERIC for t in words)
            and all(t.kind in (GENERIC, DOMAIN) or (t.kind == NAME and (ordinary(t.text) or is_translation(t.text)))
                    for t in words))


def _is_place(token: Token) -> bool:
    return any(s.startswith("LOC:") for s in token.symbols)


def ruled_out(outer: PreparedName, inner: PreparedName) -> bool:
    """True if ``inner`` cannot be found inside ``outer`` whatever their words: ``outer`` has
    fewer than two words, neither is an organisation's name, or either is a person's."""
    return (len(outer.core) < 2 or not (inner.orgish or outer.orgish) or inner.kind == "person"
            or outer.kind == "person")


def find_contained(outer: PreparedName, inner: PreparedName, weights: TokenWeights,
                   word_similarity: Callable[[str, str], float], listed_outer: bool = False) -> Containment | None:
    """Return how ``inner`` is contained in ``outer``, or None.

    Args:
        outer: The screened name (or the listed name, with ``listed_outer``).
        inner: The listed name (or the screened name, with ``listed_outer``).
        weights: The list's word weights (kind × IDF).
        word_similarity: Similarity of two different words (the scorer's, 0–1).
        listed_outer: The listed name is the longer one: only proper-name words may follow the
            contained name (a place or group word after a screened name is a listed subsidiary:
            "Banco Santander" / "Banco Santander México").
    """
    if ruled_out(outer, inner):
        return None
    required, distinctive = required_words(inner)
    if len(required) == 1:
        return None if listed_outer else _find_one_word(outer, required[0], weights)
    if len(required) < MIN_REQUIRED_WORDS or not distinctive:
        return None
    words = list(outer.core)
    if len(words) <= len(required):
        return None

    def similar(o: Token, i: Token) -> float:
        if o.key == i.key or (o.symbols and o.symbols & i.symbols):
            return 1.0
        if (o.kind == NUMBER or i.kind == NUMBER or min(len(o.text), len(i.text)) < TYPO_MIN_LENGTH
                or OSA.distance(o.text, i.text, score_cutoff=TYPO_MAX_EDITS) > TYPO_MAX_EDITS):
            return 0.0
        return word_similarity(o.text, i.text)

    found = _align_in_order(words, required, similar)
    if found is None:
        return None
    used = {pos for pos, _ in found}
    extras = [t for pos, t in enumerate(words) if pos not in used and _required(t)]
    after = [t for t in words[found[-1][0] + 1:] if _required(t)]
    if (not _long_enough(extras) or any(t.kind == NUMBER for t in extras)
            or not all(_may_follow(t, listed_outer) for t in after)):
        return None
    weight = sum(KIND_WEIGHTS[t.kind] for t in required)
    if weight < MIN_WEIGHT or sum(weights.weight(t) * sim for t, (_, sim) in zip(required, found)) < MIN_IDF_WEIGHT:
        return None
    pairs = tuple((words[pos].text, t.text, round(sim, 3), KIND_WEIGHTS[t.kind]) for t, (pos, sim) in zip(required, found))
    sims = [sim for _, sim in found]
    return _containment(weight, sims, pairs, extras, words)


def _long_enough(extras: Sequence[Token]) -> bool:
    """True if the extra words make the outer name another name than the inner one: a place
    ("UK"), or ``MIN_EXTRA_LETTERS`` letters in all."""
    return any(_is_place(t) for t in extras) or sum(len(t.text) for t in extras) >= MIN_EXTRA_LETTERS


def _find_one_word(outer: PreparedName, word: Token, weights: TokenWeights) -> Containment | None:
    """A one-word listed name opening a screened company name, followed by words that describe
    a business of it (``ONE_WORD_MIN_LETTERS``): "HENSOLDT Sensors GmbH", "Leidos Holdings".
    The screened name must read as a company's: a coined word and an everyday word is how a
    person's name looks too ("Dongmei Zhang" / "DONGMEI GROUP")."""
    if not outer.orgish or not _coined(word) or weights.weight(word) < MIN_IDF_WEIGHT:
        return None
    words = required_words(outer)[0]
    if len(words) < 2:
        return None
    if words[0].key == word.key:
        found_word = words[0]
        extras = words[1:]
        if not _long_enough(extras) or not all(_describes_unit(t) for t in extras):
            return None
    elif words[-1].key == word.key:
        found_word = words[-1]
        extras = words[:-1]
        if not _long_enough(extras) or not _describes_body(extras):
            return None
    else:
        return None
    weight = KIND_WEIGHTS[word.kind]
    found = _containment(weight, [1.0], ((found_word.text, word.text, 1.0, weight),), extras, list(outer.core))
    return replace(found, one_word=True)


def _containment(weight: float, sims: list[float], pairs: tuple[tuple[str, str, float, float], ...],
                 extras: Sequence[Token], words: Sequence[Token]) -> Containment:
    outer_weight = sum(KIND_WEIGHTS[t.kind] for t in words if _required(t))
    return Containment(similarity(weight, sims, extras), weight, pairs, tuple(t.raw or t.text for t in extras),
                       weight / outer_weight if outer_weight > 0 else 0.0, sum(sims) / len(sims))


def similarity(weight: float, sims: Sequence[float], extras: Sequence[Token]) -> float:
    """The containment's similarity, 0–1.

    Rule: ``BASE_SIMILARITY`` at ``MIN_WEIGHT``, ``SIMILARITY_PER_WEIGHT`` more per unit of
    weight above it, at most ``MAX_SIMILARITY``; less ``INEXACT_COST`` × the similarity the
    contained words lose on average to typos; less ``EXTRA_WORD_COST`` per extra distinctive
    word of the outer name that is no everyday word (at most ``MAX_EXTRA_COST``): "Acme" may
    name another party, "Sensors" or "UK" describes one.
    """
    base = min(MAX_SIMILARITY, BASE_SIMILARITY + SIMILARITY_PER_WEIGHT * (weight - MIN_WEIGHT))
    inexact = 1.0 - sum(sims) / len(sims)
    extra = min(MAX_EXTRA_COST, EXTRA_WORD_COST * sum(1 for t in extras if t.kind in DISTINCTIVE
                                                      and not ordinary(t.text)))
    return base - INEXACT_COST * inexact - extra
