"""Name analysis through rigour, without building the data the matcher does not read.

Rule: ``analyze_name(type_tag, text)`` gives what
``rigour.names.analyze.analyze_names(type_tag, [text], phonetics=False, consolidate=False)``
gives, as far as the matcher reads it (``normalize._tokens``): the parts (form, ASCII form, tag,
index) and the single-word spans of categories SYMBOL, DOMAIN, LOC, NUM and ORGCLS, plus the
multi-word NUM spans.

Why: for a name of unknown type (``ENT``, every screened name), rigour runs its organisation
tagger and then, unless the name carries a legal form, its person tagger. Building the person
tagger compiles a corpus of about a million person-name variants: 5–10 s per process, for
NAME / NICK symbols the matcher ignores. The only person-tagger output the matcher reads is the
SYMBOL category of single words (honorifics and particles: "bin", "abu", "saint", "dr", "jr" …;
rigour's ``person_symbols`` table). So an ENT name is analysed as ORG (the same rewrites and the
same organisation tagger), and, when rigour would run its person tagger (no legal-form span of
``ORG_CLASS_UPGRADE_MIN_CHARS`` or more characters), the person symbols of its words are added
from the table — what the person tagger adds, for everything the matcher reads.
``tests/matching/test_analysis.py`` compares both analyses on every alias and a corpus of names.

The table (``person_symbols.py``) is generated from rigour's data for the rigour version it
names (``scripts/gen_person_symbols.py``). With any other rigour version installed the full ENT
analysis runs (exact, slower start) until the table is regenerated.

If the matcher starts reading NAME or NICK symbols, it must call rigour's ``analyze_names``
directly (the table has no such symbols).
"""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

from rigour.names.analyze import analyze_names
from rigour.names.tag import NameTypeTag
from rigour._core import Name, Symbol, SymbolCategory

from partyscreen.matching.person_symbols import PERSON_SYMBOLS, RIGOUR_VERSION

ORG_CLASS_UPGRADE_MIN_CHARS = 3
"""rigour (``names/analyze.rs``): an ENT name with a legal-form span of at least this many
characters is read as an organisation's, and the person tagger does not run."""


@lru_cache(maxsize=1)
def rigour_version() -> str:
    """The installed rigour version (part of every cache key built on its analyses)."""
    try:
        return version("rigour")
    except PackageNotFoundError:  # pragma: no cover - rigour is a dependency
        return "unknown"


def table_is_current() -> bool:
    """True when the person-symbol table was generated for the installed rigour."""
    return rigour_version() == RIGOUR_VERSION


def analyze_name(type_tag: NameTypeTag, text: str, *, full: bool = False) -> set[Name]:
    """rigour's analysis of one name (see the module docstring for the ENT shortcut).

    Args:
        type_tag: rigour's name type (``ENT`` for a name of unknown type).
        text: The name, cleaned.
        full: Always run rigour's own ENT pipeline (both taggers); for tests and checks.

    Returns:
        The set of analysed names rigour returns (empty for a name with no words).
    """
    if type_tag != NameTypeTag.ENT or full or not table_is_current():
        return analyze_names(type_tag, [text], phonetics=False, consolidate=False)
    names = analyze_names(NameTypeTag.ORG, [text], phonetics=False, consolidate=False)
    for name in names:
        if not _reads_as_organisation(name):
            _add_person_symbols(name)
    return names


def _reads_as_organisation(name: Name) -> bool:
    """rigour's ENT-to-ORG upgrade: a legal-form span of enough characters."""
    for span in name.spans:
        if span.symbol.category == SymbolCategory.ORG_CLASS:
            if sum(len(part.form) for part in span.parts) >= ORG_CLASS_UPGRADE_MIN_CHARS:
                return True
    return False


def _add_person_symbols(name: Name) -> None:
    """The one-word person symbols rigour's person tagger would attach."""
    for part in name.parts:
        for symbol_id in PERSON_SYMBOLS.get(part.form, ()):
            name.apply_part(part, Symbol(SymbolCategory.SYMBOL, symbol_id))
