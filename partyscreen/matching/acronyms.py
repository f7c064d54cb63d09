"""Acronyms of multi-word names: every short form a list plausibly publishes for a name.

Rule: a name's words are read as units, each of which may give letters to the acronym, at a
cost (``*_COST``) that grows as the reading strays from the plain initials:

* a word gives its initial ("National Iranian Oil Company" → NIOC);
* a particle (of, and, the, de, y, für, al …) gives nothing, or its initial at a cost: lists
  write both "MODAFL" (Ministry Of Defense And Armed Forces Logistics) and "IRISL" (Islamic
  Republic of Iran Shipping Lines);
* a legal form gives nothing or, written as an abbreviation, its letters ("PDVSA" for Petróleos
  de Venezuela, S.A.); a spelt-out one of several words its initials (LLC); one that opens the
  name ("OOO …", "JSC …") nothing;
* a company word ("company", "corporation", "co") gives its initial, its abbreviation ("CO" in
  SCSCO) or, at a small cost, nothing ("NIOEC" for National Iranian Oil Engineering and
  Construction Company); another generic word ("national", "group", "import", the name's own
  generic tokens) its initial or, at a cost, nothing ("CPMIEC" for China National Precision
  Machinery Import/Export Corporation);
* a distinctive word gives its initial or, at a larger cost, nothing ("IKORC" for Imam Khomeini
  Shazand Oil Refining Company), the last one at a smaller cost ("IDRO" for … Organization of
  Iran);
* a qualifier after " - ", " / ", ":" or in brackets ("… - HAWATMEH FACTION", "(U.K.)") may be
  left out whole at no cost: the acronym is the head's ("DFLP", "PIJ"); after " / " each
  alternative name spells its own ("NPA").

Acronyms of three letters take no particle and leave out no more than a company word (three
letters spell some listed name by chance). Each reading keeps its cheapest way, and that way's
rule for the explanation. ``similarity`` scores a reading by length and cost, and
``AcronymTable`` counts the listed parties that spell the same letters. The rules were read off
the short forms the OFAC SDN list and the China sheet publish beside their full names
(``tests/fixtures/matching/sdn_acronyms.csv``), not off any benchmark's rows.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rigour.names import extract_org_types
from rigour.names.tokenize import tokenize_name
from rigour.text.translit import ascii_text

from partyscreen.matching.normalize import GENERIC as GENERIC_TOKEN
from partyscreen.matching.normalize import LEGAL as LEGAL_TOKEN
from partyscreen.matching.normalize import NUMBER as NUMBER_TOKEN
from partyscreen.matching.normalize import STOP as STOP_TOKEN
from partyscreen.matching.normalize import PreparedName

# Particles that acronyms take or leave out as they please, in the languages of the lists.
PARTICLES = frozenset({
    "of", "and", "the", "for", "in", "on", "at", "to", "by", "with",
    "de", "del", "della", "delle", "dei", "degli", "di", "da", "do", "dos", "das", "du", "des", "d",
    "la", "le", "les", "los", "las", "el", "lo", "y", "e", "et", "i", "und", "der", "die", "den",
    "dem", "fur", "van", "von", "het", "en", "al", "wa", "va", "ve", "ul", "ol",
})
# Words that name the kind of company, which acronyms take or leave out much as legal forms
# ("NIOC" and "NIOEC", both "… Company"; "JMU" for Japan Marine United Corporation); a
# short one may give its letters whole ("CO" in SCSCO, Shipping Computer Services Company).
COMPANY_WORDS = frozenset({"company", "co", "corporation", "corp", "incorporated", "inc", "limited", "ltd", "llc"})
COMPANY_ABBREVIATIONS = {"company": "co", "corporation": "corp"}
# Generic words of organisation names that acronyms leave out now and then ("CPMIEC", China
# National Precision Machinery Import/Export Corporation).
GENERIC_WORDS = frozenset({
    "group", "holding", "holdings", "national", "international", "organization", "organisation",
    "establishment", "institute", "foundation", "society", "association", "enterprise",
    "enterprises", "industries", "industry", "industrial", "trading", "general", "state", "agency",
    "factory", "plant", "works", "firm", "bureau", "center", "centre", "office", "department",
    "committee", "council", "ministry", "import", "export", "imports", "exports", "commercial",
})
# Costs of leaving a word out (particles and legal forms cost nothing either way).  Why: on the
# short forms the SDN list and the China sheet publish beside full names, company words are
# left out as often as taken, other generic words now and then, a distinctive word rarely
# ("IRG" for Islamic Revolutionary Guard Corps, "IKORC" for Imam Khomeini Shazand Oil Refining
# Company); a reading that leaves one out is weaker evidence (see ``similarity``).
PARTICLE_COST = 2
COMPANY_SKIP_COST = 1
GENERIC_SKIP_COST = 2
LAST_WORD_SKIP_COST = 3
WORD_SKIP_COST = 6
# Most cost a reading may carry (one distinctive word left out), and its fewest and most letters.
MAX_COST = WORD_SKIP_COST
MIN_LETTERS = 3
MAX_LETTERS = 10
# Fewest words (other than particles and legal forms) a name part needs to have an acronym.
MIN_WORDS = 2
# Most words read from one name part (longer parts are titles or descriptions, not names an
# acronym is made of).
MAX_WORDS = 14
# Longest legal form written as one word whose letters an acronym takes whole ("JSC", "SA").
MAX_WHOLE_LETTERS = 4

_QUALIFIER_RE = re.compile(r"\s+[-–—/:]\s+|\s*[(\[（][^)\]）]*[)\]）]?|\s*:\s+")
_ALTERNATIVE_RE = re.compile(r"\s/\s")
_NON_LETTER_RE = re.compile(r"[^a-z]")
PARTICLE, LEGAL, COMPANY, GENERIC, WORD, LAST = ("particle", "legal form", "company word", "generic word", "word",
                                                "last word")


class Unit(NamedTuple):
    """A word of a name (or a legal form of several words) and what it may give an acronym.
    ``leading``: a legal form that opens the name ("OOO …", "JSC …"): it gives no letters."""

    kind: str
    words: tuple[str, ...]
    leading: bool = False

    def options(self) -> tuple[tuple[str, int], ...]:
        """(letters, cost) for each way the unit may enter an acronym (see the module rule)."""
        return _options(self.kind, self.words, self.leading)

    def note(self, letters: str) -> str:
        """What giving ``letters`` means for this unit, for explanations ("" when plain)."""
        text = " ".join(self.words)
        if not letters:
            return f"{self.kind} {text!r} left out" if self.kind != PARTICLE else ""
        if self.kind == PARTICLE:
            return f"particle {text!r} taken"
        if self.kind == LEGAL or len(letters) > 1:
            return f"{self.kind} {text!r} as {letters.upper()!r}"
        return ""


@lru_cache(maxsize=1 << 12)
def _options(kind: str, words: tuple[str, ...], leading: bool) -> tuple[tuple[str, int], ...]:
    first = words[0][0]
    if kind == PARTICLE:
        return (("", 0), (first, PARTICLE_COST))
    if kind == LEGAL:
        # An abbreviation ("S.A.", "AG", "JSC") gives its letters; a legal form spelt out
        # gives its initials when of several words ("limited liability company": LLC), else
        # nothing ("Limited"); one that opens the name gives nothing.
        if leading:
            return (("", 0),)
        head = words[0]
        if len(words) == 1:
            return (("", 0), (head, 0)) if len(head) <= MAX_WHOLE_LETTERS else (("", 0),)
        initials = "".join(w[0] for w in words)
        if len(head) <= MAX_WHOLE_LETTERS and len(head) > 1 and head != initials:
            return (("", 0), (initials, 0), (head, 0))
        return (("", 0), (initials, 0))
    if kind == COMPANY:
        word = words[0]
        whole = COMPANY_ABBREVIATIONS.get(word, word if len(word) <= MAX_WHOLE_LETTERS else "")
        extra = ((whole, 0),) if whole and whole != first else ()
        return ((first, 0), ("", COMPANY_SKIP_COST), *extra)
    if kind == GENERIC:
        return ((first, 0), ("", GENERIC_SKIP_COST))
    return ((first, 0), ("", LAST_WORD_SKIP_COST if kind == LAST else WORD_SKIP_COST))


@dataclass(frozen=True, slots=True)
class Part:
    """A name, or its head before a qualifier, read as units."""

    units: tuple[Unit, ...]
    source: str
    """The part's words other than particles and legal forms: two names with the same source
    are one party's (a namesake listed once per country or branch)."""
    note: str


def _fold(text: str) -> str:
    """Lower-case ASCII (diacritics dropped; other scripts transliterated, which is slow, only
    when there are any)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if text.isascii():
        return text
    stripped = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return stripped if stripped.isascii() else ascii_text(stripped).lower()


def _words(text: str) -> list[str]:
    out = []
    for token in tokenize_name(_fold(text)):
        if not token.isalpha() or not token.isascii():
            token = _NON_LETTER_RE.sub("", token)
        if token:
            out.append(token)
    return out


def _legal_spans(text: str, words: list[str]) -> dict[int, int]:
    """Where the text's legal forms (rigour's organisation types) stand among its words: first
    word → number of words (a form found twice is taken at its last place)."""
    legal_at: dict[int, int] = {}
    taken = [False] * len(words)
    for phrase, _ in extract_org_types(text.casefold()):
        span = _words(phrase)
        n = len(span)
        if not n or (n == 1 and span[0] in PARTICLES):
            continue  # ("in" is a legal form to rigour)
        for start in range(len(words) - n, -1, -1):
            if words[start:start + n] == span and not any(taken[start:start + n]):
                legal_at[start] = n
                taken[start:start + n] = [True] * n
                break
    return legal_at


def _units(words: list[str], legal_at: dict[int, int], generic: frozenset[str]) -> tuple[Unit, ...]:
    """The words as units: each word by kind, a legal form as one."""
    units = []
    i = 0
    while i < len(words):
        n = legal_at.get(i)
        if n is not None and i + n <= len(words):
            units.append(Unit(LEGAL, tuple(words[i:i + n]), leading=not units))
            i += n
            continue
        word = words[i]
        kind = (PARTICLE if word in PARTICLES else COMPANY if word in COMPANY_WORDS
                else GENERIC if word in GENERIC_WORDS or word in generic else WORD)
        units.append(Unit(kind, (word,)))
        i += 1
    return _mark_last(units)


def _mark_last(units: list[Unit]) -> tuple[Unit, ...]:
    """The units with the last word marked ``LAST``."""
    # The last word (other than a particle or legal form) may be left out more cheaply: an
    # acronym may stop before it ("IDRO" for … Renovation Organization of Iran).
    last = max((j for j, u in enumerate(units) if u.kind in (WORD, GENERIC)), default=None)
    if last is not None and units[last].kind == WORD:
        units[last] = Unit(LAST, units[last].words)
    return tuple(units)


def _part(units: tuple[Unit, ...], note: str) -> Part | None:
    words = [u.words[0] for u in units if u.kind in (WORD, LAST, GENERIC, COMPANY)]
    return Part(units, " ".join(words), note) if len(words) >= MIN_WORDS else None


_QUALIFIER_HINT_RE = re.compile(r"[-–—/:(\[（]")


@lru_cache(maxsize=1 << 12)
def name_parts(original: str, legal: bool = True, generic: frozenset[str] = frozenset()) -> tuple[Part, ...]:
    """The name and, when it has a qualifier (" - ", " / ", ":", brackets), its head; after
    " / " each alternative too. Parts of fewer than ``MIN_WORDS`` words are left out.

    Args:
        original: The name as written.
        legal: False when the name is known to hold no legal form (saves looking for one).
        generic: More generic words of the name (its ``GENERIC`` tokens as written).
    """
    words = _words(original)[:MAX_WORDS]
    legal_at = _legal_spans(original, words) if legal else {}
    parts = [_part(_units(words, legal_at, generic), "")]
    if _QUALIFIER_HINT_RE.search(original):
        pieces = [p.strip() for p in _QUALIFIER_RE.split(original) if p and p.strip()]
        if len(pieces) > 1:
            head = len(_words(pieces[0]))
            if head < len(words):
                parts.append(_part(_units(words[:head], legal_at, generic),
                                   f" of {pieces[0]!r} (qualifier left out)"))
            if _ALTERNATIVE_RE.search(original):
                for piece in pieces[1:]:
                    alt = _words(piece)[:MAX_WORDS]
                    parts.append(_part(_units(alt, _legal_spans(piece, alt) if legal else {}, generic),
                                       f" of {piece!r} (alternative name)"))
    return tuple(p for p in parts if p is not None)


def _spell_all(units: tuple[Unit, ...]) -> dict[str, int]:
    """Every acronym of the units within MAX_COST and MAX_LETTERS, with its least cost."""
    states = {"": 0}
    for unit in units:
        following: dict[str, int] = {}
        options = unit.options()
        for letters, cost in states.items():
            for add, extra in options:
                total = cost + extra
                if total > MAX_COST:
                    continue
                spelt = letters + add if add else letters
                if len(spelt) > MAX_LETTERS:
                    continue
                known = following.get(spelt)
                if known is None or total < known:
                    following[spelt] = total
        states = following
    return {k: v for k, v in states.items()
            if len(k) >= MIN_LETTERS_LOOSE or len(k) >= MIN_LETTERS and v <= SHORT_MAX_COST}


def acronym_readings(original: str, legal: bool = True,
                     generic: frozenset[str] = frozenset()) -> dict[str, tuple[int, str]]:
    """Every acronym of ``MIN_LETTERS``–``MAX_LETTERS`` letters the name plausibly stands for:
    letters → (least cost, source of that reading). Empty for a name of fewer than
    ``MIN_WORDS`` words. ``legal``, ``generic``: as in ``name_parts``."""
    return _readings(name_parts(original, legal, generic))


def _readings(parts: tuple[Part, ...]) -> dict[str, tuple[int, str]]:
    best: dict[str, tuple[int, str]] = {}
    for part in parts:
        for letters, cost in _spell_all(part.units).items():
            known = best.get(letters)
            if known is None or cost < known[0]:
                best[letters] = (cost, part.source)
    return best


def _token_parts(name: PreparedName) -> tuple[Part, ...]:
    """``name_parts`` of a name in another script, read from its prepared (transliterated)
    words: transliterating it again costs more than all the rest. Its legal forms give no
    letters (they are in the other script), qualifiers are not split off."""
    units = []
    for token in name.tokens[:MAX_WORDS]:
        if token.kind == LEGAL_TOKEN:
            units.append(Unit(LEGAL, (token.text,), leading=True))
            continue
        word = _NON_LETTER_RE.sub("", token.text)
        if not word or token.kind == NUMBER_TOKEN:
            continue
        kind = (PARTICLE if token.kind == STOP_TOKEN or word in PARTICLES else COMPANY if word in COMPANY_WORDS
                else GENERIC if token.kind == GENERIC_TOKEN or word in GENERIC_WORDS else WORD)
        units.append(Unit(kind, (word,)))
    part = _part(_mark_last(units), " (transliterated)")
    return (part,) if part is not None else ()


def _parts_of(name: PreparedName) -> tuple[Part, ...]:
    """``name_parts`` of a prepared name: from its words as written when they are Latin, else
    ``_token_parts``."""
    if sum(1 for t in name.core if t.kind != STOP_TOKEN and t.kind != NUMBER_TOKEN) < MIN_WORDS:
        return ()  # (no part of it has MIN_WORDS words)
    if name.latin:
        return name_parts(name.original, *name_hints(name))
    return _token_parts(name)


def name_hints(name: PreparedName) -> tuple[bool, frozenset[str]]:
    """What the prepared name already tells ``name_parts``: whether it holds a legal form, and
    its generic words as written ("grupo", "comercial": rigour's organisation symbols)."""
    generic = frozenset(w for t in name.tokens if t.kind == GENERIC_TOKEN for w in _words(t.raw))
    return bool(name.legal), generic


def readings_of(name: PreparedName) -> dict[str, tuple[int, str]]:
    """``acronym_readings`` of a prepared name (``_parts_of``)."""
    return _readings(_parts_of(name))


def spell_name(letters: str, name: PreparedName) -> Spelling | None:
    """``spell`` for a prepared name (``_parts_of``)."""
    return _spell_parts(letters, _parts_of(name))


@dataclass(frozen=True, slots=True)
class Spelling:
    """The cheapest way a name spells an acronym."""

    letters: str
    cost: int
    source: str
    rule: str


def spell(letters: str, original: str, legal: bool = True,
          generic: frozenset[str] = frozenset()) -> Spelling | None:
    """The cheapest reading of the name that spells ``letters`` (lower case), or None.
    ``legal``, ``generic``: as in ``name_parts``."""
    return _spell_parts(letters, name_parts(original, legal, generic))


def _spell_parts(letters: str, parts: tuple[Part, ...]) -> Spelling | None:
    if not MIN_LETTERS <= len(letters) <= MAX_LETTERS:
        return None
    best: Spelling | None = None
    for part in parts:
        found = _spell_one(letters, part.units)
        if found is not None and (best is None or found[0] < best.cost):
            notes = [n for n in found[1] if n]
            rule = "; ".join([f"initials{part.note}", *notes])
            best = Spelling(letters, found[0], part.source, rule)
    return best


def _spell_one(letters: str, units: tuple[Unit, ...]) -> tuple[int, list[str]] | None:
    """(cost, notes) of the cheapest way the units spell ``letters``, or None."""
    # state: letters spelt so far → (cost, notes)
    states: dict[int, tuple[int, list[str]]] = {0: (0, [])}
    for unit in units:
        following: dict[int, tuple[int, list[str]]] = {}
        for done, (cost, notes) in states.items():
            for add, extra in unit.options():
                total = cost + extra
                if total > MAX_COST or not letters.startswith(add, done):
                    continue
                at = done + len(add)
                known = following.get(at)
                if known is None or total < known[0]:
                    following[at] = (total, [*notes, unit.note(add)])
        states = following
        if not states:
            return None
    return states.get(len(letters))


# Most cost of a reading of fewer than MIN_LETTERS_LOOSE letters (one particle taken or company
# word left out).  Why: see MIN_LETTERS_LOOSE.
SHORT_MAX_COST = 1
# Similarity (before calibration, as score.ACRONYM_SCORES) an acronym reading loses per unit of
# cost, and the most a reading that leaves out a distinctive word may keep.  Why: see the costs.
COST_PENALTY = 0.05
# Shortest acronym whose reading may leave out more than a company word, or share its letters
# with another listed party.  Why: three letters spell a name of the SDN list at random about
# once in three (CRP: Central Reserve Police, Compania Real de Panama, Cetnik Ravnagorski
# Pokret …); from four letters a collision is mostly one party listed twice.
MIN_LETTERS_LOOSE = 4
# Similarity of a reading another listed party spells too (equal cost), or more cheaply.
TIED_SIMILARITY = 0.5
CHEAPER_SIMILARITY = 0.45


def similarity(base: float, spelling: Spelling, rivals: tuple[int, int]) -> tuple[float, list[str]]:
    """The acronym comparison's similarity and what lowered it.

    Rule: ``base`` (by length, ``score.ACRONYM_SCORES``) less ``COST_PENALTY`` per unit of the
    reading's cost; a reading of fewer than ``MIN_LETTERS_LOOSE`` letters that leaves out more
    than a company word, or that another listed party spells as cheaply, and any reading
    another party spells more cheaply, falls to ``TIED_SIMILARITY`` / ``CHEAPER_SIMILARITY``
    (below the default threshold: the acronym does not tell which party it is).
    """
    cheaper, tied = rivals
    notes = []
    sim = base - COST_PENALTY * spelling.cost
    short = len(spelling.letters) < MIN_LETTERS_LOOSE
    if cheaper:
        notes.append(f"{_parties(cheaper)} {spelling.letters.upper()!r} more plainly (fewer words left out)")
        sim = min(sim, CHEAPER_SIMILARITY)
    elif tied and short:
        notes.append(f"{_parties(tied)} {spelling.letters.upper()!r} too: {len(spelling.letters)} letters do not "
                     "tell them apart")
        sim = min(sim, TIED_SIMILARITY)
    if short and spelling.cost > SHORT_MAX_COST:
        notes.append(f"{len(spelling.letters)} letters leaving out a word of the name spell too many names")
        sim = min(sim, TIED_SIMILARITY)
    return sim, notes


def _parties(n: int) -> str:
    return "another listed party spells" if n == 1 else f"{n} other listed parties spell"


# Most parties kept per shared acronym (the cheapest): enough to count rivals.
MAX_RIVALS = 6


class AcronymTable:
    """The acronyms that several listed parties spell, to tell a distinctive acronym from a
    shared one ("DIO": Defense Industries Organization and Dawood Ibrahim Organization).
    Filled with ``add`` for each listed name (with its party: a candidate's names are one),
    then ``finish``; a party is another's rival when both its owner and its source (the words
    read) differ.
    """

    def __init__(self) -> None:
        self._seen: dict[str, tuple[int, int, str] | list[tuple[int, int, str]]] = {}
        self.shared: dict[str, tuple[tuple[int, int, str], ...]] = {}
        self.spelt = 0
        """How many listed names have acronym readings."""

    def add(self, readings: dict[str, tuple[int, str]], owner: int) -> None:
        """Count one listed name's readings (call ``finish`` after the last)."""
        seen = self._seen
        self.spelt += 1
        for letters, (cost, source) in readings.items():
            entry = (cost, owner, source)
            known = seen.get(letters)
            if known is None:
                seen[letters] = entry
            elif isinstance(known, list):
                known.append(entry)
            else:
                seen[letters] = [known, entry]

    def finish(self) -> None:
        """Keep the acronyms of two parties or more (owner and source both differ), each with
        its ``MAX_RIVALS`` cheapest readings."""
        for letters, entries in self._seen.items():
            if isinstance(entries, list) and any(o != entries[0][1] for _, o, _ in entries) and any(
                    s != entries[0][2] for _, _, s in entries):
                entries.sort()
                self.shared[letters] = tuple(entries[:MAX_RIVALS])
        self._seen = {}

    def rivals(self, spelling: Spelling, owner: int | None = None) -> tuple[int, int]:
        """(parties spelling the letters more cheaply, parties spelling them as cheaply) other
        than the spelling's own (same source, or the same owner as an entry of that source)."""
        entries = self.shared.get(spelling.letters)
        if not entries:
            return 0, 0
        own = {o for _, o, s in entries if s == spelling.source}
        if owner is not None:
            own.add(owner)
        others: dict[int, int] = {}
        sources = set()
        for cost, o, s in entries:
            if o in own or s == spelling.source or s in sources:
                continue
            sources.add(s)
            others[o] = min(cost, others.get(o, cost))
        cheaper = sum(1 for c in others.values() if c < spelling.cost)
        tied = sum(1 for c in others.values() if c == spelling.cost)
        return cheaper, tied
