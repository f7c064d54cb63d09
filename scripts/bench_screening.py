"""Screening benchmark: 100,000 counterparty rows against the bundled lists plus 10,000 affiliates.

Builds a SQLite database with the bundled MOFCOM lists and a generated ownership network
(faker, fixed seed) that makes ``--affiliates`` companies affiliates of listed parties (direct
subsidiaries and chains below them), writes ``--rows`` counterparty rows (faker company names,
1% of them naming listed parties or affiliates), then times ``partyscreen screen rows.csv --out
hits.csv`` end to end (read, affiliates, match, record, write) in a child process and prints
rows/s and the child's peak RSS.
Target (issue 6): <= 90 s and <= 2 GiB on a 2-core machine.

Usage: python scripts/bench_screening.py [--rows N] [--affiliates N] [--dir DIR]
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import fresh_sqlite, run_child
from faker import Faker

SEED = 61


def run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True)


def listed_entities(db: Path) -> list[tuple[str, str]]:
    import sqlite3

    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT entity_id, name FROM list_entry WHERE list_id IN ('cn-mofcom-export-control', 'cn-mofcom-watch') ORDER BY entity_id"
    ).fetchall()
    conn.close()
    return rows


def build_network(folder: Path, roots: list[tuple[str, str]], affiliates: int, fake: Faker, rng: random.Random) -> list[str]:
    """entities.csv + holdings.csv; returns the affiliates' names."""
    names: list[str] = []
    with (folder / "entities.csv").open("w", encoding="utf-8", newline="") as ef, \
            (folder / "holdings.csv").open("w", encoding="utf-8", newline="") as hf:
        ents, holds = csv.writer(ef), csv.writer(hf)
        ents.writerow(["id", "name", "kind", "country"])
        holds.writerow(["owner_id", "owned_id", "share"])
        for i in range(affiliates):
            entity_id = f"aff-{i}"
            name = f"{fake.company()} {fake.city()} {i}"
            names.append(name)
            ents.writerow([entity_id, name, "organization", rng.choice(["DE", "US", "GB", "JP", "SG"])])
            owner = roots[i % len(roots)][0] if i < len(roots) * 10 or rng.random() < 0.3 else f"aff-{rng.randrange(i)}"
            holds.writerow([owner, entity_id, str(rng.randrange(50, 101))])
    return names


def write_rows(path: Path, rows: int, listed: list[str], affiliates: list[str], fake: Faker, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "name", "country", "role"])
        for i in range(rows):
            roll = rng.random()
            if roll < 0.005:
                name = rng.choice(listed).upper()
            elif roll < 0.01:
                name = rng.choice(affiliates)
            else:
                name = fake.company()
            out.writerow([f"r{i}", name, rng.choice(["US", "DE", "CN", "JP", ""]), rng.choice(["importer", "end_user"])])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--affiliates", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="ps-bench-screen-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = fresh_sqlite(folder / "bench.db")
    cli = [sys.executable, "-m", "partyscreen.cli", "-q", "--db", f"sqlite:///{db}"]
    fake = Faker(["en_US", "de_DE", "en_GB"])
    Faker.seed(SEED)
    rng = random.Random(SEED)
    t0 = time.perf_counter()
    run([*cli, "init"])
    run([*cli, "lists", "update"])
    roots = listed_entities(db)
    affiliate_names = build_network(folder, roots, args.affiliates, fake, rng)
    run([*cli, "ownership", "import", str(folder / "entities.csv"), str(folder / "holdings.csv")])
    write_rows(folder / "rows.csv", args.rows, [n for _, n in roots], affiliate_names, fake, rng)
    print(f"setup: {len(roots)} listed entries, {args.affiliates:,} affiliate candidates, {args.rows:,} rows "
          f"in {time.perf_counter() - t0:.1f} s ({folder})")
    elapsed, peak, returncode = run_child([*cli, "screen", str(folder / "rows.csv"), "--out", str(folder / "hits.csv")], check=False)
    hits = sum(1 for _ in (folder / "hits.csv").open(encoding="utf-8")) - 1
    print(f"partyscreen screen: exit {returncode}, {elapsed:.1f} s, {args.rows / elapsed:,.0f} rows/s, "
          f"{hits:,} hit rows, peak RSS of the screen process and its workers {peak:,.0f} MiB   target: <= 90 s, <= 2048 MiB")


if __name__ == "__main__":
    main()
