"""Acronyms that take or leave out words of the full name (issue 12): real SDN short forms found
from the full name alone, and other listed parties whose initials spell the same letters kept
from being hits."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher
from partyscreen.matching.acronyms import acronym_readings, spell_name
from partyscreen.matching.normalize import prepare_name
from partyscreen.matching.score import REVERSE_ACRONYM_CAP

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "matching"


def _rows() -> list[dict[str, str]]:
    with open(FIXTURES / "sdn_acronyms.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


ROWS = _rows()
# Short forms that other listed parties of the fixture spell as plainly (three letters: not
# distinctive) or that leave out a distinctive word in three letters: not hits on their own.
SHARED = {"DIO", "CRP", "NLA", "IRG"}
# Listed short form → the other parties whose initials spell it too (hard negatives).
RIVALS = {
    "DIO": ["DAWOOD IBRAHIM ORGANIZATION"],
    "CRP": ["CENTRAL RESERVE POLICE", "COMPANIA REAL DE PANAMA S.A."],
    "PGPIC": ["PERSIAN GULF PETROCHEMICAL INDUSTRY COMMERCIAL CO."],
}


@pytest.fixture(scope="module")
def sdn() -> Matcher:
    """The fixture's full names only, as a list screened without its aliases: an acronym must
    be found from the full name."""
    return Matcher([Candidate(r["entity"], [r["name"]], kind="organization") for r in ROWS]
                   + [Candidate("irgt", ["INDUSTRIAL RESOURCES GENERAL TRADING"], kind="organization")])


def _by_name(matcher: Matcher, query: str) -> dict[str, float]:
    names = {r["entity"]: r["name"] for r in ROWS} | {"irgt": "INDUSTRIAL RESOURCES GENERAL TRADING"}
    return {names[m.candidate_id]: m.score for m in matcher.match(query, limit=20)}


@pytest.mark.parametrize("row", [r for r in ROWS if r["short_form"] and r["short_form"] not in SHARED],
                         ids=lambda r: r["short_form"])
def test_published_acronym_finds_its_full_name(sdn: Matcher, row: dict[str, str]) -> None:
    found = sdn.match(row["short_form"], limit=5)
    assert found and found[0].candidate_id == row["entity"] and found[0].score >= DEFAULT_MIN_SCORE
    assert found[0].explanation.method == "acronym"
    assert any(note.startswith(f"acronym {row['short_form']!r} read from") for note in found[0].explanation.notes)


@pytest.mark.parametrize(("acronym", "rivals"), RIVALS.items())
def test_other_parties_spelling_the_acronym_are_no_hits(sdn: Matcher, acronym: str, rivals: list[str]) -> None:
    hits = _by_name(sdn, acronym)
    for rival in rivals:
        assert rival not in hits, (acronym, rival, hits.get(rival))


def test_a_more_plainly_spelt_party_wins() -> None:
    """PGPIC is "PERSIAN GULF PETROCHEMICAL INDUSTRY CO." with every word; the COMMERCIAL CO.
    spells it only by leaving out its company word: the former is the hit."""
    m = Matcher([Candidate("a", ["PERSIAN GULF PETROCHEMICAL INDUSTRY CO."]),
                 Candidate("b", ["PERSIAN GULF PETROCHEMICAL INDUSTRY COMMERCIAL CO."])])
    hits = {x.candidate_id: x for x in m.match("PGPIC", min_score=1)}
    assert hits["a"].score >= DEFAULT_MIN_SCORE > hits["b"].score
    assert any("more plainly" in note for note in hits["b"].explanation.notes)


def test_three_letters_that_two_parties_spell_hit_neither(sdn: Matcher) -> None:
    hits = _by_name(sdn, "DIO")
    assert hits.get("DEFENSE INDUSTRIES ORGANIZATION", 0) < DEFAULT_MIN_SCORE
    assert hits.get("DAWOOD IBRAHIM ORGANIZATION", 0) < DEFAULT_MIN_SCORE
    shown = sdn.match("DIO", min_score=1)
    assert any("another listed party spells 'DIO' too" in n for m in shown for n in m.explanation.notes)


def test_the_same_three_letters_hit_when_no_other_party_spells_them() -> None:
    m = Matcher([Candidate("dio", ["DEFENSE INDUSTRIES ORGANIZATION"]), Candidate("x", ["DIGITAL MEDIA LAB"])])
    assert m.match("DIO")[0].candidate_id == "dio"


def test_one_party_listed_twice_is_not_a_rival() -> None:
    """The same words with another legal form or a qualifier are one party's names."""
    m = Matcher([Candidate("nioc", ["NATIONAL IRANIAN OIL COMPANY"]),
                 Candidate("nioc-sg", ["NATIONAL IRANIAN OIL COMPANY PTE LTD"]),
                 Candidate("irgc", ["ISLAMIC REVOLUTIONARY GUARD CORPS"]),
                 Candidate("irgc-qf", ["ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE"])])
    assert {x.candidate_id for x in m.match("NIOC")} >= {"nioc", "nioc-sg"}
    assert {x.candidate_id for x in m.match("IRGC")} >= {"irgc", "irgc-qf"}


def test_a_candidates_own_names_are_not_rivals() -> None:
    """Two spellings of one candidate's name spell a three-letter acronym alike: still its hit
    (another party spelling it would make it no hit, see above)."""
    m = Matcher([Candidate("dio", ["DEFENSE INDUSTRIES ORGANIZATION", "DEFENCE INDUSTRIES ORGANISATION"],
                           kind="organization"),
                 Candidate("other", ["DIGITAL MEDIA LAB"], kind="organization")])
    found = m.match("DIO")
    assert found and found[0].candidate_id == "dio" and found[0].score >= DEFAULT_MIN_SCORE
    assert not any("listed part" in n for n in found[0].explanation.notes)


def test_three_letters_leaving_out_a_word_are_no_hit(sdn: Matcher) -> None:
    """IRG is published for the Islamic Revolutionary Guard Corps, but three letters that leave
    out one of four words spell too many names (INDUSTRIAL RESOURCES GENERAL TRADING)."""
    hits = _by_name(sdn, "IRG")
    assert all(score < DEFAULT_MIN_SCORE for score in hits.values())


@pytest.mark.parametrize("query", ["Modafl", "modafl", "Pdvsa"])
def test_a_word_not_in_capitals_is_no_acronym(sdn: Matcher, query: str) -> None:
    assert not sdn.match(query)


@pytest.mark.parametrize(("acronym", "name", "rule"), [
    ("pdvsa", "PETROLEOS DE VENEZUELA, S.A.", "initials; particle 'de' taken; legal form 'sa' as 'SA'"),
    ("nioec", "NATIONAL IRANIAN OIL ENGINEERING AND CONSTRUCTION COMPANY",
     "initials; company word 'company' left out"),
    ("dflp", "DEMOCRATIC FRONT FOR THE LIBERATION OF PALESTINE - HAWATMEH FACTION",
     "initials of 'DEMOCRATIC FRONT FOR THE LIBERATION OF PALESTINE' (qualifier left out)"),
    ("idro", "INDUSTRIAL DEVELOPMENT AND RENOVATION ORGANIZATION OF IRAN", "initials; last word 'iran' left out"),
    ("ikorc", "IMAM KHOMEINI SHAZAND OIL REFINING COMPANY", "initials; word 'shazand' left out"),
    ("scsco", "SHIPPING COMPUTER SERVICES COMPANY", "initials; company word 'company' as 'CO'"),
])
def test_the_explanation_names_the_rule(acronym: str, name: str, rule: str) -> None:
    spelling = spell_name(acronym, prepare_name(name, "organization"))
    assert spelling is not None and spelling.rule == rule
    m = Matcher([Candidate("x", [name], kind="organization")])
    notes = m.match(acronym.upper())[0].explanation.notes
    assert f"acronym {acronym.upper()!r} read from {name!r}: {rule}" in notes


def test_costs_order_the_readings() -> None:
    readings = acronym_readings("NATIONAL IRANIAN OIL ENGINEERING AND CONSTRUCTION COMPANY")
    assert readings["nioecc"][0] == 0  # every word
    assert readings["nioec"][0] < readings["ioecc"][0]  # a company word, then a generic word left out
    assert "nio" not in readings  # three letters leaving out words: not a reading


def test_a_legal_form_that_opens_the_name_gives_no_letter() -> None:
    assert "otp" not in acronym_readings("OOO TAIMYRNEFTEGAZ-PORT")
    assert "tp" not in acronym_readings("OOO TAIMYRNEFTEGAZ-PORT")  # (two letters: never)


def test_a_spelt_out_legal_form_of_one_word_gives_no_letter() -> None:
    readings = acronym_readings("DANA HOLDINGS LIMITED")
    assert "dhl" not in readings


def test_a_persons_name_has_no_acronym() -> None:
    m = Matcher([Candidate("p", ["Maria Ortiz Diaz"], kind="person")])
    assert not m.match("MOD")


def test_full_name_against_a_listed_acronym_stays_below_the_threshold() -> None:
    """A screened full name whose words spell a listed short name is shown, never a hit."""
    m = Matcher([Candidate("nioc", ["NIOC"], kind="organization")])
    found = m.match("National Iranian Oil Company", min_score=1)
    assert found and found[0].explanation.method == "acronym" and found[0].score <= REVERSE_ACRONYM_CAP


def test_two_initials_meet_a_word_of_an_organisation_name_only() -> None:
    """The initials of two listed words ("Group Investments" → GI) are any personal name's
    syllable: a person's "Gi" is no acronym of them, an organisation's "US" is ("United States")."""
    matcher = Matcher([Candidate("rim", ["RIM GROUP INVESTMENTS, CORP."], kind="organization"),
                       Candidate("uss", ["UNITED STATES STEEL CORPORATION"], kind="organization"),
                       Candidate("acme", ["ACME HOLDINGS LIMITED"], kind="organization")])
    assert matcher.score("Rim Gi", "RIM GROUP INVESTMENTS, CORP.") < DEFAULT_MIN_SCORE
    assert matcher.score("림기", "RIM GROUP INVESTMENTS, CORP.") < DEFAULT_MIN_SCORE
    assert matcher.score("US Steel Corp", "UNITED STATES STEEL CORPORATION") >= DEFAULT_MIN_SCORE
