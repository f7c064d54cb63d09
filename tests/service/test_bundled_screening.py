"""Screening against the bundled MOFCOM lists: measures over time change the outcome."""

from datetime import date

import pytest

from partyscreen.cli import run
from partyscreen.screening import Screener


@pytest.fixture
def bundled(db_url):
    assert run(["--db", db_url, "init"]) == 0
    assert run(["--db", db_url, "lists", "update"]) == 0
    return db_url


def test_skydio_listed_then_measures_ended(bundled, tmp_path):
    before = Screener.open(bundled, as_of=date(2025, 6, 1)).screen_name("Skydio Inc")
    assert [(h.basis, h.list_id, h.alert) for h in before] == [("listed", "cn-mofcom-export-control", True)]
    assert before[0].outcome.startswith("Art. II not yet in force (from 2025-10-09)")  # listed before No. 61
    assert before[0].outcome.endswith("; listing measures in effect")
    assert "商务部公告2025年第13号" in before[0].reference
    after = Screener.open(bundled, as_of=date(2026, 1, 1)).screen_name("Skydio Inc")
    assert [(h.basis, h.alert) for h in after] == [("listed", False)]
    assert after[0].outcome == "listing measures ended from 2025-11-10: Art. II presumption does not apply"
    file = tmp_path / "s.csv"
    file.write_text("name\nSkydio Inc\n", encoding="utf-8")
    assert run(["--db", bundled, "screen", str(file), "--as-of", "2026-01-01", "--out", str(tmp_path / "o.csv")]) == 0
    assert run(["--db", bundled, "screen", str(file), "--as-of", "2025-06-01", "--out", str(tmp_path / "o.csv")]) == 1


def test_suspended_measures_say_until_when(bundled):
    screener = Screener.open(bundled, as_of=date(2026, 1, 1))
    no21 = [t for t in screener.targets.targets.values() if any("2025年第21号" in (e.reference or "") for e in t.entries)]
    assert len(no21) == 16
    hits = screener.screen_name(no21[0].name)
    assert hits and hits[0].entity_id == no21[0].entity_id
    assert hits[0].outcome == "Art. II suspended until 2026-11-10 (No. 70 of 2025); listing measures suspended until 2026-11-10"
    assert hits[0].alert
    assert hits[0].regime == "Art. II suspended until 2026-11-10 (No. 70 of 2025)"


def test_general_dynamics_by_chinese_name(bundled):
    hits = Screener.open(bundled, as_of=date(2025, 6, 1)).screen_name("通用动力公司")
    assert hits and "General Dynamics" in hits[0].entity_name
