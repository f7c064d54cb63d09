"""Benchmark ``ownership import`` on register-sized files and ``link`` on a large registry.

    python scripts/bench_ownership_import.py [--statements 1000000] [--records 1000000]
        [--entries 10000] [--entities 1000000] [--only bods,gleif,link] [--workdir DIR]
        [--postgres postgresql://user@host:port/db]

Prints, per file: records/s of the import (one child process, a fresh SQLite file), its peak RSS,
and the same run's baseline — a child that only reads the file with plain ``json.loads`` (line by
line for JSON Lines, the whole document for a JSON array) — with the ratio. Targets on the 2-core
dev machine: import ≤ 3× the baseline, peak RSS ≤ 1 GiB whatever the file size. With
``--postgres``, each file is imported again into a fresh schema of that PostgreSQL database
(dropped afterwards). Then ``link`` of ``--entries`` list entries against ``--entities`` registry
entities, in seconds (target ≤ 60 s), with the load average it ran under.

Generated data: BODS 0.4 JSON Lines (an entity, a person and a relationship statement per
company, a third of the relationships between companies with exact shares, the rest persons with
ranges); GLEIF Level 2 relationship records as a JSON array (direct and ultimate consolidation,
with and without quantifiers, some fund relationships) whose LEIs have no Level 1 record.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchlib import ChildRun, fresh_sqlite, run_child

WORDS = ("alpha beta gamma delta omega nova terra aqua luna sol vector quantum apex summit pioneer atlas orion "
         "zenith nimbus cobalt falcon harbor meridian northern eastern pacific atlantic global united royal "
         "precision advanced digital micro dynamic strategic integrated systems industries technologies").split()
FORMS = ("Ltd", "Limited", "GmbH", "LLC", "Inc.", "S.A.", "Co., Ltd.", "Holdings", "Corporation", "AG")
COUNTRIES = ("GB", "DE", "US", "FR", "CN", "JP", "NL", "SG")


SYLLABLES = [c + v for c in "bcdfghjklmnprstvz" for v in ("a", "e", "i", "o", "u", "an", "or", "el")]
_VOCAB_RNG = random.Random(7)
VOCABULARY = list(dict.fromkeys(
    "".join(_VOCAB_RNG.choice(SYLLABLES) for _ in range(_VOCAB_RNG.randint(2, 4))) for _ in range(80_000)
))
CUM_WEIGHTS = list(__import__("itertools").accumulate(1.0 / (rank + 1) for rank in range(len(VOCABULARY))))
"""A long-tailed (Zipf) vocabulary of made-up words, as real company names have."""


def company_name(rng: random.Random, i: int) -> str:
    first, second = rng.choices(VOCABULARY, cum_weights=CUM_WEIGHTS, k=2)
    return f"{first.title()} {second.title()} {rng.choice(WORDS).title()} {rng.choice(FORMS)}"


def write_bods(path: Path, statements: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    companies = statements // 3
    pub = {"publicationDate": "2024-01-01", "bodsVersion": "0.4", "publisher": {"name": "bench"}}
    with path.open("w", encoding="utf-8") as out:
        for i in range(companies):
            cid, pid = f"c{i}", f"p{i}"
            out.write(json.dumps({
                "statementId": f"s-{cid}", "statementDate": "2024-01-01", "publicationDetails": pub, "recordId": cid,
                "recordStatus": "new", "recordType": "entity",
                "recordDetails": {"isComponent": False, "entityType": {"type": "registeredEntity"},
                                  "name": company_name(rng, i), "jurisdiction": {"code": rng.choice(COUNTRIES)},
                                  "identifiers": [{"scheme": "GB-COH", "id": f"{i:08d}"}]},
            }) + "\n")
            out.write(json.dumps({
                "statementId": f"s-{pid}", "statementDate": "2024-01-01", "publicationDetails": pub, "recordId": pid,
                "recordStatus": "new", "recordType": "person",
                "recordDetails": {"isComponent": False, "personType": "knownPerson",
                                  "names": [{"type": "legal", "fullName": f"Person {i}"}],
                                  "nationalities": [{"code": rng.choice(COUNTRIES)}]},
            }) + "\n")
            if i % 3 == 0 and i:
                party, share = f"c{rng.randrange(i)}", {"exact": rng.choice((10, 25.5, 50, 60, 100))}
            else:
                party, share = pid, {"exclusiveMinimum": 25, "maximum": 50}
            out.write(json.dumps({
                "statementId": f"s-r{i}", "statementDate": "2024-01-01", "publicationDetails": pub, "recordId": f"r{i}",
                "recordStatus": "new", "recordType": "relationship",
                "recordDetails": {"isComponent": False, "subject": cid, "interestedParty": party,
                                  "interests": [{"type": "shareholding", "directOrIndirect": "direct", "share": share,
                                                 "startDate": "2020-01-01"}]},
            }) + "\n")


def lei(i: int) -> str:
    return f"{i:018d}{i % 97:02d}"


def write_gleif(path: Path, records: int, seed: int = 2) -> None:
    rng = random.Random(seed)
    kinds = ("IS_DIRECTLY_CONSOLIDATED_BY", "IS_DIRECTLY_CONSOLIDATED_BY", "IS_ULTIMATELY_CONSOLIDATED_BY", "IS_FUND-MANAGED_BY")
    with path.open("w", encoding="utf-8") as out:
        out.write("[\n")
        for i in range(records):
            child, parent = lei(i + 1), lei(rng.randrange(1, records // 2 + 2) + records)
            rel: dict[str, object] = {
                "StartNode": {"NodeID": child, "NodeIDType": "LEI"}, "EndNode": {"NodeID": parent, "NodeIDType": "LEI"},
                "RelationshipType": kinds[i % len(kinds)], "RelationshipStatus": "ACTIVE" if i % 50 else "INACTIVE",
                "RelationshipPeriods": [{"StartDate": "2019-01-01T00:00:00Z", "EndDate": "2019-12-31T00:00:00Z", "PeriodType": "ACCOUNTING_PERIOD"},
                                        {"StartDate": "2018-02-06T00:00:00Z", "PeriodType": "RELATIONSHIP_PERIOD"}],
            }
            if i % 2:
                rel["RelationshipQuantifiers"] = [{"MeasurementMethod": "ACCOUNTING_CONSOLIDATION", "QuantifierAmount": "100.00", "QuantifierUnits": "PERCENTAGE"}]
            record = {"Relationship": rel, "Registration": {"InitialRegistrationDate": "2018-02-06T00:00:00Z", "LastUpdateDate": "2024-01-01T00:00:00Z",
                                                           "RegistrationStatus": "PUBLISHED", "ManagingLOU": "EVK05KS7XY1DEII3R011",
                                                           "ValidationSources": "FULLY_CORROBORATED"}}
            out.write(json.dumps(record) + (",\n" if i + 1 < records else "\n"))
        out.write("]\n")


BASELINE = """
import json, sys
path, kind = sys.argv[1], sys.argv[2]
n = 0
if kind == "lines":
    with open(path, "rb") as fh:
        for line in fh:
            if line.strip():
                json.loads(line); n += 1
else:
    with open(path, "rb") as fh:
        n = len(json.loads(fh.read()))
print(n, file=sys.stderr)
"""


def bench_file(label: str, path: Path, kind: str, records: int, db: Path, postgres: str | None = None) -> None:
    base = run_child([sys.executable, "-c", BASELINE, str(path), kind])
    url = f"sqlite:///{fresh_sqlite(db)}"
    run = import_once(url, path)
    size = path.stat().st_size / 2**20
    print(f"{label}: {records:,} records, {size:,.0f} MiB (load average {os.getloadavg()[0]:.1f})")
    print(f"  import   {run.seconds:8.1f} s  {records / run.seconds:10,.0f} records/s  peak RSS {run.peak_mib:7.0f} MiB"
          f"  (CPU {run.cpu:.1f} s)")
    print(f"  json.loads baseline {base.seconds:5.1f} s  {records / base.seconds:10,.0f} records/s  peak RSS {base.peak_mib:7.0f} MiB"
          f"  (CPU {base.cpu:.1f} s)")
    print(f"  ratio    {run.seconds / base.seconds:8.2f}x wall, {run.cpu / max(base.cpu, 1e-9):.2f}x CPU "
          "(target <= 3x; RSS target <= 1024 MiB)", flush=True)
    if postgres:
        with postgres_schema(postgres) as pg_url:
            pg = import_once(pg_url, path)
        print(f"  on PostgreSQL {pg.seconds:6.1f} s  {records / pg.seconds:10,.0f} records/s  peak RSS {pg.peak_mib:7.0f} MiB"
              f"  (CPU {pg.cpu:.1f} s of this process; the server's own CPU not counted)")


def import_once(url: str, path: Path) -> ChildRun:
    """``init`` then one timed ``ownership import`` of ``path`` into the (empty) database ``url``."""
    run_child([sys.executable, "-m", "partyscreen.cli", "-q", "--db", url, "init"])
    return run_child([sys.executable, "-m", "partyscreen.cli", "-q", "--db", url, "ownership", "import", str(path)])


@contextmanager
def postgres_schema(base: str) -> Iterator[str]:
    """A URL to a fresh schema of the PostgreSQL database ``base``, dropped afterwards."""
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    plain = base.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        sep = "&" if "?" in base else "?"
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def bench_link(workdir: Path, entries: int, entities: int, db: Path) -> None:
    rng = random.Random(3)
    names = [company_name(rng, i) for i in range(entities)]
    with (workdir / "entities.csv").open("w", encoding="utf-8") as out:
        out.write("id,name,country,identifiers\n")
        for i, name in enumerate(names):
            ident = f"lei:{lei(i)}" if i % 10 == 0 else ""
            out.write(f"reg-{i},\"{name}\",{COUNTRIES[i % len(COUNTRIES)]},{ident}\n")
    picked = rng.sample(range(entities), entries)
    with (workdir / "list.csv").open("w", encoding="utf-8") as out:
        out.write("entry_id,name,country\n")
        for k, i in enumerate(picked):
            name = names[i] if k % 2 == 0 else company_name(rng, entities + k)
            out.write(f"{k},\"{name}\",{COUNTRIES[i % len(COUNTRIES)]}\n")
    url = f"sqlite:///{fresh_sqlite(db)}"
    cli = [sys.executable, "-m", "partyscreen.cli", "-q", "--db", url]
    run_child(cli + ["init"])
    setup = run_child(cli + ["ownership", "import", str(workdir / "entities.csv")])
    run_child(cli + ["lists", "import", str(workdir / "list.csv"), "--list", "bench-list"])
    print(f"link set-up: {entities:,} entities imported from entities.csv in {setup.seconds:.1f} s", flush=True)
    run = run_child([sys.executable, "-m", "partyscreen.cli", "-q", "--db", url, "link", "--list", "bench-list"])
    load = os.getloadavg()[0]
    print(f"link: {entries:,} entries x {entities:,} entities: {run.seconds:.1f} s (target <= 60 s), peak RSS {run.peak_mib:.0f} MiB, "
          f"CPU {run.cpu:.1f} s (with its worker processes), load average {load:.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--only", default="bods,gleif,link")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--postgres", default=None, help="also import each file into a fresh schema of this PostgreSQL database")
    args = parser.parse_args()
    only = set(args.only.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        db = work / "bench.db"
        if "bods" in only:
            path = work / "bods.jsonl"
            write_bods(path, args.statements)
            bench_file("BODS 0.4 JSON Lines", path, "lines", args.statements // 3 * 3, db, args.postgres)
            path.unlink()
        if "gleif" in only:
            path = work / "gleif-rr.json"
            write_gleif(path, args.records)
            bench_file("GLEIF Level 2 JSON array", path, "array", args.records, db, args.postgres)
            path.unlink()
        if "link" in only:
            bench_link(work, args.entries, args.entities, db)
        fresh_sqlite(db)


if __name__ == "__main__":
    main()
