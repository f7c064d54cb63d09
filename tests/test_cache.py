"""The on-disk cache: versioned keys, corrupt files rebuilt, concurrent writers, off switch."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import pytest

from partyscreen import cache


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "c"))
    return tmp_path / "c"


def test_round_trip_and_folder_created(folder: Path) -> None:
    assert cache.load("t", "k1") is None
    cache.store("t", "k1", {"a": [1, 2]})
    assert cache.load("t", "k1") == {"a": [1, 2]}
    assert cache.load("t", "k2") is None
    assert len(list(folder.glob("t-*.pickle"))) == 1


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_damaged_entry_is_dropped_and_rebuilt(folder: Path, damage: str) -> None:
    cache.store("t", "k", list(range(1000)))
    (path,) = folder.glob("t-*.pickle")
    raw = path.read_bytes()
    broken = {
        "truncate": raw[: len(raw) // 2],
        "flip": raw[:-10] + bytes([raw[-10] ^ 0xFF]) + raw[-9:],
        "garbage": b"\x80\x05not a cache file at all",
        "empty": b"",
    }[damage]
    path.write_bytes(broken)
    assert cache.load("t", "k") is None
    assert not path.exists()
    cache.store("t", "k", "again")
    assert cache.load("t", "k") == "again"


def _writer(folder: str, n: int) -> None:
    import os

    os.environ[cache.CACHE_DIR_ENV] = folder
    for _ in range(20):
        cache.store("t", "shared", ["payload", n] * 20_000)


def test_concurrent_writers_leave_a_complete_entry(folder: Path) -> None:
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(folder), n)) for n in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert all(p.exitcode == 0 for p in procs)
    value = cache.load("t", "shared")
    assert value is not None and value[0] == "payload" and len(value) == 40_000
    assert not list(folder.glob(".*.tmp"))


def test_off_switch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(cache.CACHE_DIR_ENV, "off")
    assert cache.cache_dir() is None
    cache.store("t", "k", 1)
    assert cache.load("t", "k") is None


def test_unwritable_folder_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(blocker / "sub"))
    cache.store("t", "k", 1)  # no error
    assert cache.load("t", "k") is None


def test_old_entries_are_pruned(folder: Path) -> None:
    for i in range(cache.KEEP_PER_KIND + 5):
        cache.store("t", f"k{i}", i)
    assert len(list(folder.glob("t-*.pickle"))) == cache.KEEP_PER_KIND
