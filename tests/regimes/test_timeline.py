"""The regime timeline rules (``partyscreen.regimes``) on the bundled Announcement 61 facts and on edits."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from partyscreen.regimes import RegimeFact, regime_state

LISTS = Path(__file__).resolve().parents[2] / "lists"
R = "cn-mofcom-61"


def bundled() -> list[RegimeFact]:
    with (LISTS / "regimes.csv").open(encoding="utf-8") as fh:
        return [
            RegimeFact(r["regime"], r["article"], r["status"], _d(r["start_date"]), _d(r["end_date"]), r["reading"], r["announcement"])
            for r in csv.DictReader(fh)
        ]


def _d(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@pytest.mark.parametrize(
    ("day", "status", "until"),
    [
        ("2025-10-08", "not_in_force", None),
        ("2025-10-09", "in_force", None),  # published, Art. II has no date of its own
        ("2025-10-20", "in_force", None),
        ("2025-11-06", "in_force", None),
        ("2025-11-07", "suspended", "2026-11-10"),  # No. 70 of 2025, from that day
        ("2026-03-01", "suspended", "2026-11-10"),
        ("2026-11-10", "suspended", "2026-11-10"),  # up to and including
        ("2026-11-11", "unknown", "2026-11-10"),  # after the last known fact
        ("2026-11-30", "unknown", "2026-11-10"),
    ],
)
def test_article_ii_on_the_acceptance_days(day: str, status: str, until: str | None) -> None:
    state = regime_state(bundled(), R, "II", date.fromisoformat(day))
    assert state.status == status
    assert state.until == (date.fromisoformat(until) if until else None)
    if status in ("suspended", "unknown"):
        assert state.fact is not None and state.fact.announcement == "No. 70 of 2025"


def test_the_other_reading_of_art_viii_is_recorded_and_reported() -> None:
    """Read as MOFCOM's English, Art. II starts 2025-12-01: on 2025-10-20 the two readings differ."""
    applied = regime_state(bundled(), R, "II", date(2025, 10, 20))
    assert applied.reading == "zh" and applied.status == "in_force"
    assert applied.alternative is not None
    assert (applied.alternative.reading, applied.alternative.status, applied.alternative.since) == ("en", "not_in_force", date(2025, 12, 1))
    english = regime_state(bundled(), R, "II", date(2025, 10, 20), reading="en")
    assert english.status == "not_in_force" and english.alternative.status == "in_force"
    assert regime_state(bundled(), R, "II", date(2026, 3, 1)).alternative is None  # both: suspended


def test_article_i_items_follow_art_viii() -> None:
    facts = bundled()
    assert regime_state(facts, R, "I(3)", date(2025, 10, 20)).status == "in_force"
    assert regime_state(facts, R, "I(1)", date(2025, 10, 20)).status == "not_in_force"
    assert regime_state(facts, R, "I(1)", date(2025, 12, 5)).status == "suspended"  # suspended before it began


@pytest.mark.parametrize(
    ("fact", "status", "until"),
    [
        (RegimeFact(R, "", "suspended", date(2026, 11, 11), date(2027, 11, 10), announcement="No. 99 of 2026"), "suspended", date(2027, 11, 10)),
        (RegimeFact(R, "", "suspended", date(2025, 11, 7), date(2027, 11, 10), announcement="No. 99 of 2026"), "suspended", date(2027, 11, 10)),
        (RegimeFact(R, "", "in_force", date(2026, 11, 11)), "in_force", None),
        (RegimeFact(R, "", "ended", date(2026, 11, 11)), "ended", None),
    ],
)
def test_a_later_fact_decides_after_the_last_known_one(fact: RegimeFact, status: str, until: date | None) -> None:
    state = regime_state(bundled() + [fact], R, "II", date(2026, 11, 29))
    assert (state.status, state.until if status == "suspended" else None) == (status, until)


def test_extension_runs_out_into_unknown_again() -> None:
    ext = RegimeFact(R, "", "suspended", date(2026, 11, 11), date(2027, 11, 10), announcement="No. 99 of 2026")
    state = regime_state(bundled() + [ext], R, "II", date(2027, 11, 11))
    assert state.status == "unknown" and state.until == date(2027, 11, 10) and state.fact.announcement == "No. 99 of 2026"


def test_no_facts_is_unknown_and_other_regimes_do_not_interfere() -> None:
    assert regime_state([], R, "II", date(2026, 1, 1)).status == "unknown"
    other = RegimeFact("us-bis-affiliates", "", "suspended", date(2025, 11, 10), date(2026, 11, 9))
    assert regime_state(bundled() + [other], R, "II", date(2025, 10, 20)).status == "in_force"
