"""The match index is built once per set of candidates and matcher version, then read from the
on-disk cache; new data, a new policy or date, or a new matcher version build a new one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from partyscreen.cli import run
from partyscreen.screening import Screener
from partyscreen.screening import matcher_cache


@pytest.fixture
def bundled(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PARTYSCREEN_CACHE_DIR", str(tmp_path / "cache"))
    assert run(["--db", db_url, "init"]) == 0
    assert run(["--db", db_url, "lists", "update"]) == 0
    return db_url


def _no_build(*_: object) -> None:
    raise AssertionError("the match index was built again instead of read from the cache")


def _entries(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob(f"{matcher_cache.KIND}-*.pickle"))


def test_second_screener_reads_the_index_from_the_cache(bundled: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    day = date(2025, 6, 1)
    first = Screener.open(bundled, as_of=day).screen_name("Skydio Inc")
    assert len(_entries(tmp_path)) == 1
    monkeypatch.setattr(matcher_cache, "build_matcher", _no_build)
    again = Screener.open(bundled, as_of=day).screen_name("Skydio Inc")
    assert [(h.entity_id, h.score, h.explanation) for h in again] == [(h.entity_id, h.score, h.explanation) for h in first]
    assert again and again[0].basis == "listed"


def test_new_data_is_never_answered_from_a_stale_index(bundled: str, tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    day = date(2026, 12, 1)
    assert Screener.open(bundled, as_of=day).screen_name("Quuxbridge Robotics") == []
    listed = write(
        "extra.csv",
        "list_id,entry_id,name,aliases,name_zh,kind,country,address,listed_on,delisted_on,reference,url,entity_id\n"
        "internal-blocklist,q1,Quuxbridge Robotics Ltd,,,organization,GB,,2026-11-01,,,,\n",
    )
    assert run(["--db", bundled, "lists", "import", str(listed)]) == 0
    hits = Screener.open(bundled, as_of=day, lists=["internal-blocklist"]).screen_name("Quuxbridge Robotics")
    assert [h.entity_name for h in hits] == ["Quuxbridge Robotics Ltd"]
    assert len(_entries(tmp_path)) == 2


def test_a_new_matcher_version_builds_a_new_index(bundled: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Screener.open(bundled, as_of=date(2025, 6, 1)).screen_name("Skydio Inc")
    monkeypatch.setattr(matcher_cache, "MATCHER_VERSION", matcher_cache.MATCHER_VERSION + 1)
    monkeypatch.setattr(matcher_cache, "build_matcher", _no_build)
    with pytest.raises(AssertionError, match="built again"):
        Screener.open(bundled, as_of=date(2025, 6, 1)).screen_name("Skydio Inc")


def test_a_corrupt_index_file_is_rebuilt(bundled: str, tmp_path: Path) -> None:
    first = Screener.open(bundled, as_of=date(2025, 6, 1)).screen_name("Skydio Inc")
    (entry,) = _entries(tmp_path)
    entry.write_bytes(entry.read_bytes()[:1000])
    again = Screener.open(bundled, as_of=date(2025, 6, 1)).screen_name("Skydio Inc")
    assert [h.entity_id for h in again] == [h.entity_id for h in first]
    (rebuilt,) = _entries(tmp_path)
    assert rebuilt.stat().st_size > 1000
