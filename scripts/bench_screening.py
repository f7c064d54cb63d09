"""Screening benchmark: 100,000 counterparty rows against the bundled lists plus 10,000 affiliates.

Builds a SQLite database with the bundled MOFCOM lists and a generated ownership network
(faker, fixed seed) that makes ``--affiliates`` companies affiliates of listed parties (direct
subsidiaries and chains below them), writes ``--rows`` counterparty rows (faker company names,
1% of them naming listed parties or affiliates), then times ``partyscreen screen rows.csv --out
hits.csv`` end to end (read, affiliates, match, record, write) in a child process and prints,
for each size, rows/s and the peak memory of the whole process tree (the screen process and its
matching workers, summed at one instant): RSS (a page shared by a forked worker and its parent
counted in each) and PSS (shared pages split between them).
Targets: 100k rows <= 90 s on a 2-core machine (issue 6); peak RSS of the tree <= 1.5 GiB at
1,000,000 rows and flat between 200k and 1M rows (issue 15: input and output are streamed).
Then a wide file: ``--wide`` columns (id, name, country and fillers screening does not use) and
``--wide-rows`` rows, timed the same way: its width should cost about what reading its cells does
(20,000 columns and one row took 17-22 s when every column became a frame column; ~2-3 s since).

Usage: python scripts/bench_screening.py [--rows N[,N...]] [--affiliates N] [--dir DIR]
       [--wide COLUMNS] [--wide-rows N]
       (default --rows 200000,1000000; the smaller files are the first rows of the largest;
       --wide 20000 --wide-rows 1, --wide 0 for none)
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

from benchlib import counterparty_row, fresh_sqlite, run_tree
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
            out.writerow(counterparty_row(f"r{i}", listed, affiliates, fake, rng, ["US", "DE", "CN", "JP", ""]))


def write_wide(path: Path, columns: int, rows: int, listed: list[str], fake: Faker,
               rng: random.Random) -> None:
    """Counterparties with ``columns`` columns: id, name, country, then fillers screening does not use."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "name", "country", *(f"extra_{i}" for i in range(columns - 3))])
        for i in range(rows):
            name = rng.choice(listed).upper() if i % 2 == 0 else fake.company()
            out.writerow([f"w{i}", name, "CN", *(f"v{i}_{j}" for j in range(columns - 3))])


def head(source: Path, target: Path, rows: int) -> None:
    """The header and the first ``rows`` rows of ``source``."""
    with source.open(encoding="utf-8", newline="") as src, target.open("w", encoding="utf-8", newline="") as out:
        for number, line in enumerate(src):
            if number > rows:
                break
            out.write(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="200000,1000000", help="row counts, comma-separated")
    parser.add_argument("--affiliates", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--wide", type=int, default=20_000, help="columns of the wide file (0: none)")
    parser.add_argument("--wide-rows", type=int, default=1)
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
    sizes = sorted({int(n) for n in str(args.rows).split(",") if n.strip()})
    write_rows(folder / "rows.csv", sizes[-1], [n for _, n in roots], affiliate_names, fake, rng)
    for size in sizes[:-1]:
        head(folder / "rows.csv", folder / f"rows-{size}.csv", size)
    print(f"setup: {len(roots)} listed entries, {args.affiliates:,} affiliate candidates, {sizes[-1]:,} rows "
          f"in {time.perf_counter() - t0:.1f} s ({folder})")
    peaks = {}
    for size in sizes:
        rows = folder / ("rows.csv" if size == sizes[-1] else f"rows-{size}.csv")
        out = folder / f"hits-{size}.csv"
        result = run_tree([*cli, "screen", str(rows), "--out", str(out)], check=False)
        hits = sum(1 for _ in out.open(encoding="utf-8")) - 1 if out.exists() else 0
        peaks[size] = result.peak_rss_mib
        print(f"partyscreen screen {size:,} rows: exit {result.returncode}, {result.seconds:.1f} s, {size / result.seconds:,.0f} rows/s, "
              f"{hits:,} hit rows; peak of the process tree ({result.most_processes} processes at most): "
              f"RSS {result.peak_rss_mib:,.0f} MiB, PSS {result.peak_pss_mib:,.0f} MiB   target: RSS <= 1536 MiB", flush=True)
    if len(sizes) > 1:
        print(f"peak RSS {sizes[-1]:,} rows / {sizes[0]:,} rows: {peaks[sizes[-1]] / peaks[sizes[0]]:.2f} (flat: about 1)")
    if args.wide > 3:
        wide = folder / "wide.csv"
        write_wide(wide, args.wide, args.wide_rows, [n for _, n in roots], fake, rng)
        result = run_tree([*cli, "screen", str(wide), "--out", str(folder / "hits-wide.csv")], check=False)
        print(f"partyscreen screen {args.wide_rows:,} row(s) x {args.wide:,} columns (3 used): "
              f"exit {result.returncode}, {result.seconds:.1f} s, peak RSS {result.peak_rss_mib:,.0f} MiB", flush=True)


if __name__ == "__main__":
    main()
