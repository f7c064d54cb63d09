"""The demo: bundled MOFCOM lists, a generated ownership network around real listed parties, a screening.

Builds, in a folder, a SQLite database with the bundled lists; writes ``entities.csv`` and
``holdings.csv`` (faker, fixed seed) in which companies are owned by listed parties directly,
indirectly, in aggregate, through a UK PSC-style band and as branches, among clean companies;
writes ``counterparties.csv`` naming some of them (in name variants, and one in Chinese); imports
everything with the same importers users run, screens the file and writes ``report.html`` and
``hits.csv``. Every file it writes follows the contracts in the README.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from faker import Faker

from partyscreen.report.atomic import atomic_text
from partyscreen.report.html import render_html
from partyscreen.report.screening import write_csv_report
from partyscreen.screening import ScreeningReport, Screener
from partyscreen.ownership.roots import entry_state
from partyscreen.screening.targets import IN_EFFECT
from partyscreen.store.bundled import update_bundled_lists
from partyscreen.store.db import create_db_engine, transaction, upgrade
from partyscreen.store.importers import import_entities, import_holdings
from partyscreen.store.ownership_data import load_listings
from partyscreen.store.screening_data import entity_details, names_of

SEED = 61
ROOT_LIST = "cn-mofcom-export-control"
ROOTS = 4
CLEAN_COMPANIES = 150
LOCALES = ("en_US", "de_DE", "en_GB", "ja_JP")  # locales whose company names are invented, not real firms
ENTITY_HEADER = ["id", "name", "kind", "country", "aliases", "identifiers", "address"]
HOLDING_HEADER = ["owner_id", "owned_id", "relation", "share", "share_min", "share_max", "start_date", "end_date", "source"]


@dataclass
class DemoResult:
    folder: Path
    database_url: str
    report: ScreeningReport
    html: Path
    hits_csv: Path


class _Network:
    """Entities and holdings being generated."""

    def __init__(self, seed: int) -> None:
        self.fake = Faker(list(LOCALES))
        Faker.seed(seed)
        self.rng = random.Random(seed)
        self.entities: list[list[str]] = []
        self.holdings: list[list[str]] = []
        self.names: dict[str, str] = {}
        self._used: set[str] = set()

    def company(self, entity_id: str, country: str, kind: str = "organization") -> str:
        name = self.fake.company()
        while name in self._used:
            name = self.fake.company()
        self._used.add(name)
        self.entities.append([entity_id, name, kind, country, "", f"lei:DEMO{len(self.entities):016d}", self.fake.city()])
        self.names[entity_id] = name
        return entity_id

    def hold(self, owner: str, owned: str, share: str = "", band: tuple[str, str] | None = None, relation: str = "shareholding") -> None:
        low, high = band or ("", "")
        start = f"20{self.rng.randrange(15, 24)}-0{self.rng.randrange(1, 10)}-01"
        self.holdings.append([owner, owned, relation, share, low, high, start, "", "demo registry"])


def _live_roots(engine: sa.Engine, as_of: date, count: int) -> list[tuple[str, str]]:
    """``count`` listed entities of the Export Control List in effect on ``as_of``: (entity_id, name)."""
    with engine.connect() as conn:
        listings = [l for l in load_listings(conn, {ROOT_LIST}) if (entry_state(l, as_of) or ("",))[0] == IN_EFFECT]
        ids = sorted({l.entity_id for l in listings})[:count]
        details = entity_details(conn, ids)
    return [(i, str(details[i]["name"])) for i in ids]


def _build_network(roots: list[tuple[str, str]], seed: int) -> tuple[_Network, list[list[str]]]:
    """The ownership network and the counterparty rows that name parts of it."""
    net = _Network(seed)
    rows: list[list[str]] = []
    for n, (root, root_name) in enumerate(roots, 1):
        sub = net.company(f"demo:{n}-sub", "DE")
        net.hold(root, sub, "60")  # direct 60%: affiliate
        grand = net.company(f"demo:{n}-grand", "NL")
        net.hold(sub, grand, "51")  # 51% through the subsidiary: affiliate by propagation
        joint = net.company(f"demo:{n}-joint", "GB")
        net.hold(root, joint, "30")
        net.hold(sub, joint, "25")  # 30% + 25% in aggregate: affiliate (conservative reading)
        band = net.company(f"demo:{n}-band", "GB")
        net.hold(root, band, band=("25", "50"))  # PSC band 25-50%: possible affiliate
        branch = net.company(f"demo:{n}-branch", "SG", kind="branch")
        net.hold(root, branch, relation="branch")
        minority = net.company(f"demo:{n}-minority", "JP")
        net.hold(root, minority, "20")
        outsider = net.company(f"demo:{n}-outsider", "US")
        net.hold(outsider, minority, "80")  # 20% listed, 80% clean: not caught
        rows.append([f"cp-{n}-root", root_name.upper(), "", "importer"])
        for entity_id, role in ((sub, "end_user"), (grand, "consignee"), (joint, "end_user"), (band, "importer"),
                                (branch, "end_user"), (minority, "importer")):
            rows.append([f"cp-{n}-{entity_id.split('-')[-1]}", net.names[entity_id], "", role])
    clean = [net.company(f"demo:clean-{i}", net.rng.choice(["US", "DE", "JP", "GB"])) for i in range(CLEAN_COMPANIES)]
    for owned in clean[1:]:
        owner = net.rng.choice(clean[:20])
        if owner != owned and net.rng.random() < 0.6:
            net.hold(owner, owned, str(net.rng.randrange(10, 90)))
    for i, entity_id in enumerate(net.rng.sample(clean, 25)):
        rows.append([f"cp-clean-{i}", net.names[entity_id], "", net.rng.choice(["importer", "end_user"])])
    rows.append(["cp-empty", "", "DE", "importer"])  # reported as not screened, not fatal
    net.rng.shuffle(rows)
    return net, rows


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with atomic_text(path) as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def run_demo(folder: Path, as_of: date | None = None, seed: int = SEED) -> DemoResult:
    """Build the demo database and files in ``folder`` and screen the counterparty file."""
    day = as_of or date.today()
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{db}"
    engine = create_db_engine(url)
    upgrade(engine)
    with transaction(engine) as conn:
        update_bundled_lists(conn)
    roots = _live_roots(engine, day, ROOTS)
    net, counterparties = _build_network(roots, seed)
    if roots:
        counterparties.append(["cp-chinese", _chinese_name(engine, roots[0][0]) or roots[0][1], "CN", "end_user"])
    _write_csv(folder / "entities.csv", ENTITY_HEADER, net.entities)
    _write_csv(folder / "holdings.csv", HOLDING_HEADER, net.holdings)
    _write_csv(folder / "counterparties.csv", ["id", "name", "country", "role"], counterparties)
    with transaction(engine) as conn:
        import_entities(conn, folder / "entities.csv")
        import_holdings(conn, folder / "holdings.csv")
    report = Screener(engine, as_of=day).screen_file(folder / "counterparties.csv")
    html = folder / "report.html"
    with atomic_text(html) as fh:
        fh.write(render_html(report))
    hits_csv = folder / "hits.csv"
    with atomic_text(hits_csv) as fh:
        write_csv_report(report, fh)
    engine.dispose()
    return DemoResult(folder, url, report, html, hits_csv)


def _chinese_name(engine: sa.Engine, entity_id: str) -> str | None:
    with engine.connect() as conn:
        names = names_of(conn, [entity_id]).get(entity_id, [])
    return next((n for n in names if any("\u4e00" <= ch <= "\u9fff" for ch in n)), None)
