"""A monitored database: the store sample (tests/fixtures/store) and 1,000 generated customers."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from partyscreen.cli import run

STORE = Path(__file__).resolve().parents[1] / "fixtures" / "store"
AS_OF = "2026-06-01"
SYLLABLES = ("kor", "val", "min", "dru", "sel", "tam", "bex", "lon", "quir", "fen", "wob", "hal", "pesk", "ruv",
             "nod", "gat", "jim", "sor", "tel", "vuk", "yar", "zim", "crad", "plo")
SUFFIXES = ("GmbH", "Ltd", "Inc", "SARL", "BV", "LLC", "AG", "Oy", "AB", "SpA")
COUNTRIES = ("DE", "FR", "GB", "US", "NL", "IT", "SE", "FI", "JP", "BR")
SPECIAL = {
    "c0100": ("Zephyr Quantum Robotics Limited", "GB"),
    "c0200": ("ZEPHYR QUANTUM ROBOTICS LTD", "US"),
    "c0300": ("Nimbus Falcon Avionics GmbH", "DE"),
}


def customer_rows(count: int = 1000, seed: int = 14) -> list[tuple[str, str, str]]:
    """``count`` customers with made-up names (pseudo-words: no list name is near them), and the
    three the scenario needs."""
    rnd = random.Random(seed)
    rows = []
    for n in range(1, count + 1):
        cid = f"c{n:04d}"
        if cid in SPECIAL:
            rows.append((cid, *SPECIAL[cid]))
            continue
        words = ["".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 3))).capitalize() for _ in range(2)]
        rows.append((cid, f"{' '.join(words)} {rnd.choice(SUFFIXES)}", rnd.choice(COUNTRIES)))
    return rows


def write_customers(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text("customer_no,name,country\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows), encoding="utf-8")
    return path


@pytest.fixture
def monitored(db_url: str, tmp_path: Path) -> str:
    """A database with the store sample loaded (both lists of mofcom-61)."""
    for name in ("entities.csv", "holdings.csv", "list.csv", "watch.csv"):
        shutil.copy(STORE / name, tmp_path / name)
    assert run(["--db", db_url, "init"]) == 0
    assert run(["--db", db_url, "ownership", "import", str(tmp_path / "entities.csv"), str(tmp_path / "holdings.csv")]) == 0
    assert run(["--db", db_url, "lists", "import", str(tmp_path / "list.csv")]) == 0
    assert run(["--db", db_url, "lists", "import", str(tmp_path / "watch.csv")]) == 0
    return db_url
