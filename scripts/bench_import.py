"""Import benchmark: 1,000,000 entities and 2,000,000 holdings from CSV into SQLite.

Generates the files (faker, fixed seed), then times, each in its own child process so its peak
memory is its own:
  1. ``partyscreen ownership import entities.csv holdings.csv`` (validated, one transaction);
  2. the baseline: plain ``executemany`` inserts of the same rows into the same schema,
     no validation, no staging.
Prints rows/second, seconds, peak RSS and the ratio import / baseline.
Target (issue 2): the validated import under 45 s on a 2-core machine, peak memory under 2 GiB.

Usage: python scripts/bench_import.py [--entities N] [--holdings N] [--dir DIR]
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
KINDS = ("organization", "organization", "organization", "person", "branch")
COUNTRIES = ("CN", "US", "DE", "GB", "HK", "SG", "JP", "KR", "FR", "NL")


def generate(folder: Path, n_entities: int, n_holdings: int) -> tuple[Path, Path]:
    fake = Faker(["en_US", "zh_CN", "de_DE"])
    Faker.seed(SEED)
    rng = random.Random(SEED)
    pool = [fake.company() for _ in range(5_000)]
    entities = folder / "entities.csv"
    with entities.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "name", "kind", "country", "aliases", "identifiers", "address"])
        for i in range(n_entities):
            name = f"{pool[i % len(pool)]} {i}"
            alias = f"{pool[(i * 7) % len(pool)]} {i}" if i % 4 == 0 else ""
            ident = f"lei:{i:020d}" if i % 10 == 0 else ""
            out.writerow([f"E{i}", name, KINDS[i % len(KINDS)], COUNTRIES[i % len(COUNTRIES)], alias, ident, ""])
    holdings = folder / "holdings.csv"
    with holdings.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["owner_id", "owned_id", "relation", "share", "share_min", "share_max", "start_date", "end_date", "source"])
        for j in range(n_holdings):
            owned = j % n_entities
            owner = (owned + 1 + rng.randrange(n_entities - 1)) % n_entities
            if j % 10 == 9:
                row = [f"E{owner}", f"E{owned}", "shareholding", "", "25", "50", "", "", "psc"]
            else:
                share = f"{rng.randrange(1, 100_000_000) / 1_000_000:.6f}".rstrip("0").rstrip(".")
                start = f"20{rng.randrange(10, 25)}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 9)}"
                row = [f"E{owner}", f"E{owned}", "shareholding", share, "", "", start, "", "registry"]
            out.writerow(row)
    return entities, holdings


BASELINE = r'''
import csv, sqlite3, sys, time
from partyscreen.store.db import create_db_engine, upgrade
url, entities, holdings = sys.argv[1:4]
engine = create_db_engine(url); upgrade(engine); engine.dispose()
conn = sqlite3.connect(url.removeprefix("sqlite:///"))
conn.execute("PRAGMA journal_mode=WAL"); conn.execute("PRAGMA synchronous=NORMAL")
with open(entities, encoding="utf-8", newline="") as fh:
    rows = list(csv.reader(fh))[1:]
conn.executemany("INSERT INTO entity (id, name, kind, country, address) VALUES (?,?,?,?,?)",
                 [(r[0], r[1], r[2], r[3], r[6] or None) for r in rows])
conn.executemany("INSERT INTO entity_name (entity_id, name, normalized, name_type, source) VALUES (?,?,?,?,?)",
                 [(r[0], r[1], r[1].lower(), "primary", "entities") for r in rows])
del rows
with open(holdings, encoding="utf-8", newline="") as fh:
    rows = list(csv.reader(fh))[1:]
conn.executemany(
    "INSERT INTO holding (id, owner_id, owned_id, relation, share_min, share_max, min_exclusive, max_exclusive, start_date, source)"
    " VALUES (?,?,?,?,?,?,0,0,?,?)",
    [(f"{r[0]}|{r[1]}|{r[2]}|{r[6]}|{i}", r[0], r[1], r[2], 0, 0, r[6] or None, r[8]) for i, r in enumerate(rows)])
conn.commit()
'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--holdings", type=int, default=2_000_000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="ps-bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    entities, holdings = generate(folder, args.entities, args.holdings)
    print(f"generated {args.entities:,} entities + {args.holdings:,} holdings in {time.perf_counter() - t0:.1f} s ({folder})")
    total_rows = args.entities + args.holdings

    db = fresh_sqlite(folder / "bench.db")
    cli = [sys.executable, "-m", "partyscreen.cli", "--db", f"sqlite:///{db}"]
    subprocess.run([*cli, "init"], check=True)
    imported = run_child([*cli, "ownership", "import", str(entities), str(holdings)])
    import_s, peak_mib = imported.seconds, imported.peak_mib
    print(f"partyscreen ownership import (validated, one transaction): {import_s:.1f} s, "
          f"{total_rows / import_s:,.0f} rows/s, peak RSS of the import {peak_mib:,.0f} MiB")
    base_db = folder / "baseline.db"
    base_db.unlink(missing_ok=True)
    base_s = run_child([sys.executable, "-c", BASELINE, f"sqlite:///{base_db}", str(entities), str(holdings)]).seconds
    print(f"baseline executemany (no validation): {base_s:.1f} s, {total_rows / base_s:,.0f} rows/s")

    print(f"ratio import / baseline: {import_s / base_s:.2f}x   target: < 45 s, < 2048 MiB")


if __name__ == "__main__":
    main()
