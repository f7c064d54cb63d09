"""The ENT shortcut (``matching/analysis.py``) gives the matcher the tokens rigour's full
analysis gives, without building rigour's person tagger."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from rigour.names.tag import NameTypeTag

from partyscreen.matching import analysis
from partyscreen.matching.normalize import _tokens, clean
from partyscreen.matching.person_symbols import PERSON_SYMBOLS

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

# Names around each alias: alone, among person-name words, with a legal form (rigour then reads
# the name as an organisation's and skips its person tagger), with a number, in other positions.
FRAMES = (
    "{w}",
    "Mohammed {w} Rashid",
    "{w} Trading",
    "{w} Trading Co., Ltd.",
    "Omar {w}",
    "{w} Petersburg Bank",
    "{w} 44 Holdings GmbH",
    "Ali {w} {w} Hassan",
    "{w} Ali Inc",
)


def corpus() -> list[str]:
    """Names from the bundled lists and the copied OFAC / CSL / OpenSanctions samples, plus
    every person-symbol alias in several frames."""
    names: list[str] = []
    for path in sorted((ROOT / "lists").glob("cn-*.csv")):
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                names.append(row["name"])
                names.extend(a for a in (row.get("aliases") or "").split(";") if a)
    for path, column in ((FIXTURES / "ofac" / "sdn.csv", 1), (FIXTURES / "ofac" / "alt.csv", 3)):
        with path.open(encoding="utf-8", errors="replace") as fh:
            names.extend(row[column] for row in csv.reader(fh) if len(row) > column)
    with (FIXTURES / "matching" / "cn_bilingual_sample.csv").open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        for row in rows:
            names.append(row["name"])
            names.extend(a for a in row["alias"].split(";") if a)
    names += [frame.format(w=word) for word in PERSON_SYMBOLS for frame in FRAMES]
    names += ["Saint Petersburg Bank", "Dr. Hans Müller", "Abu al Rahman", "Van der Berg Holding", "St. Mary's LLC",
              "Sheikh Mohammed bin Rashid Al Maktoum", "Forty-Four Partners II", "Ibn Sina Pharma",
              "Umm al Qura Trading", "Mint Street Ltd", "John Smith Jr", "Доктор Иванов", "Prof. Dr. Ing. Braun"]
    return [n for n in dict.fromkeys(names) if n.strip()]


def test_table_matches_installed_rigour() -> None:
    """The shipped table was generated for the installed rigour (else the shortcut is off and
    every process builds the person tagger again): regenerate it with
    ``scripts/gen_person_symbols.py`` after upgrading rigour."""
    assert analysis.table_is_current(), (
        f"person_symbols.py is for rigour {analysis.RIGOUR_VERSION}, installed {analysis.rigour_version()}"
    )


def test_shortcut_gives_the_same_tokens_as_rigours_full_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    names = corpus()
    assert len(names) > 900
    short = [_tokens(clean(n), None) for n in names]
    monkeypatch.setattr(analysis, "table_is_current", lambda: False)
    full = [_tokens(clean(n), None) for n in names]
    differ = [(n, s, f) for n, s, f in zip(names, short, full) if s != f]
    assert differ == []


def test_every_alias_carries_its_symbol() -> None:
    """Each table entry is one rigour's person tagger attaches (catches a stale table)."""
    for word, ids in PERSON_SYMBOLS.items():
        names = analysis.analyze_name(NameTypeTag.PER, f"omar {word} rashid")
        symbols = {str(s.symbol) for n in names for s in n.spans if len(s.parts) == 1 and s.parts[0].form == word}
        assert {f"[SYMBOL:{i}]" for i in ids} <= symbols, word


def test_a_query_does_not_build_the_person_tagger() -> None:
    """Preparing an unknown-type name in a fresh process stays far from the 5-10 s the person
    tagger costs: measured as the absence of its symbols, not by a clock (a person-only word
    such as 'john' gets NAME symbols from the person tagger, never from the shortcut)."""
    code = (
        "from partyscreen.matching.analysis import analyze_name\n"
        "from rigour.names.tag import NameTypeTag\n"
        "names = analyze_name(NameTypeTag.ENT, 'john smith')\n"
        "print(sorted(str(s.symbol) for n in names for s in n.spans))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert "NAME:" not in out and "NICK:" not in out
