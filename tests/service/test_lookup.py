"""`match`'s fast path (screening/lookup.py) answers as the Screener does, and never stale."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from partyscreen.cli import run
from partyscreen.screening import Screener
from partyscreen.screening import lookup

STORE = Path(__file__).resolve().parents[1] / "fixtures" / "store"
NAMES = ["Listed Parent Co", "Alpha Subsidiary", "Beta Trading GmbH", "Gamma Aggregate", "Skydio Inc",
         "Lockheed Martin", "上市母公司", "General Dynamics Land Systems", "Nobody In Particular"]


@pytest.fixture
def loaded(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PARTYSCREEN_CACHE_DIR", str(tmp_path / "cache"))
    assert run(["--db", db_url, "init"]) == 0
    assert run(["--db", db_url, "lists", "update"]) == 0
    assert run(["--db", db_url, "ownership", "import", str(STORE / "entities.csv"), str(STORE / "holdings.csv")]) == 0
    assert run(["--db", db_url, "lists", "import", str(STORE / "list.csv")]) == 0
    return db_url


def _open(db_url: str, day: date):  # type: ignore[no-untyped-def]
    screener = Screener.open(db_url, as_of=day)
    return lookup.open_lookup(screener.engine, lambda: Screener.open(db_url, as_of=day), policy=None,
                              policy_file=None, lists=None, as_of=day, min_score=None)


def test_lookup_answers_as_the_screener(loaded: str, monkeypatch: pytest.MonkeyPatch) -> None:
    day = date(2025, 6, 1)
    cold = _open(loaded, day)
    assert cold._screener is not None  # built by a Screener this time
    monkeypatch.setattr(lookup, "build_snapshot", lambda *_: pytest.fail("the snapshot was built again"))
    warm = _open(loaded, day)
    assert warm._screener is None  # answered from the cached snapshot, no Screener opened
    reference = Screener.open(loaded, as_of=day)
    found = 0
    for name in NAMES:
        expected = reference.screen_name(name, country="US")
        assert warm.screen_name(name, country="US") == expected, name
        assert cold.screen_name(name, country="US") == expected, name
        found += len(expected)
    assert found >= 5
    assert {h.basis for n in NAMES for h in reference.screen_name(n)} >= {"listed", "affiliate"}
    assert warm.warnings() == reference.warnings()


def test_cached_lookup_refuses_an_overlong_name_as_the_screener_does(loaded: str) -> None:
    """Issue 15 review: the snapshot path shares the Screener's one-name checks (``one_name``)."""
    from partyscreen.errors import UsageError
    from partyscreen.settings import MAX_NAME_CHARS

    day = date(2025, 6, 1)
    _open(loaded, day)  # builds and stores the snapshot
    warm = _open(loaded, day)
    assert warm._screener is None
    reference = Screener.open(loaded, as_of=day)
    long_name = "Listed Parent Co " + "x" * MAX_NAME_CHARS
    for answerer in (warm, reference):
        with pytest.raises(UsageError, match="not screened"):
            answerer.screen_name(long_name)
        assert answerer.screen_name("   ") == []
        assert answerer.screen_name(" Listed Parent Co ", country="China") == reference.screen_name("Listed Parent Co", country="CN")
    assert warm._screener is None  # answered without opening a Screener


def test_match_after_an_import_sees_the_new_data(loaded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--db", loaded, "match", "Quuxbridge Robotics", "--as-of", "2026-12-01", "--lists", "internal-blocklist,cn-mofcom-export-control"]
    extra = tmp_path / "extra.csv"
    extra.write_text(
        "list_id,entry_id,name,aliases,name_zh,kind,country,address,listed_on,delisted_on,reference,url,entity_id\n"
        "internal-blocklist,q0,Zzyzx Holdings,,,organization,GB,,2026-11-01,,,,\n", encoding="utf-8")
    assert run(["--db", loaded, "lists", "import", str(extra)]) == 0
    capsys.readouterr()
    assert run(args) == 0
    assert run(args) == 0  # the second time from the snapshot
    assert "no match" in capsys.readouterr().out
    extra.write_text(
        "list_id,entry_id,name,aliases,name_zh,kind,country,address,listed_on,delisted_on,reference,url,entity_id\n"
        "internal-blocklist,q0,Zzyzx Holdings,,,organization,GB,,2026-11-01,,,,\n"
        "internal-blocklist,q1,Quuxbridge Robotics Ltd,,,organization,GB,,2026-11-01,,,,\n", encoding="utf-8")
    assert run(["--db", loaded, "lists", "import", str(extra)]) == 0
    capsys.readouterr()
    assert run(args) == 1
    assert "Quuxbridge Robotics Ltd" in capsys.readouterr().out
