"""Build partyscreen's bundled China list files from the official announcement texts.

Usage::

    python scripts/build_cn_lists.py [--source DIR] [--out DIR]

Inputs (``--source``, default ``../shared/data/cn`` relative to the repository root):

* ``mofcom-announcements/export-control-list/*.yml`` and ``unreliable-entity-list/*.yml`` —
  structured copies of the official MOFCOM texts. The official text is the authority: entries
  come from its annex (``N. 中文名（English name）``) or, where the annex is not reproduced, from
  the names the text lists inline; the structured ``entities`` block is used only when the text
  itself does not name the entries, and is always cross-checked.
* ``mofcom-announcements/measure-updates/*.yml`` — suspensions and endings of measures.
* ``opensanctions-cn_sanctions.csv`` — OpenSanctions' curated sheet, used to cross-check, to add
  other English spellings and addresses, and to fill the announcements the folder lacks (each
  row cited with its official Source URL).

Hand-kept inputs in ``lists/sources/`` (next to the outputs, part of the repository):

* ``manual-entries.csv`` — extra list rows in the list contract (announcements in neither source).
* ``manual-measures.csv`` — measure periods known from statements not in the measure-updates folder.
* ``announcement-references.csv`` — the published reference (e.g. ``商务部公告2026年第30号``) of an
  announcement known only from the OpenSanctions sheet, keyed by its URL.
* ``countries.csv`` — countries of entries whose announcement names none, with the basis.
* ``extra-aliases.csv`` — other English names of an entry, with the reason (e.g. a spelling the
  official annex was not available to verify).
* ``regimes.csv`` — the regime timeline facts (Announcement 61), validated and copied to
  ``lists/regimes.csv``.

Entry ids: ``YYYY-NoNN-II`` (year, announcement number, item; ``2025-No01-07`` = 2025 No. 1 item 7;
``2025-No10-14-03`` = branch 3 of item 14) — never mistaken for a date, as the former
``YYYY-NN-II`` (``2025-01-07``) was; announcements whose number is unknown: ``YYYYMMDD-II`` (their
date). Every former id of an entry is written to ``former-ids.csv`` so that old ids keep resolving.

Outputs (``--out``, default ``lists/``): one list CSV per list, ``measures.csv``, ``regimes.csv``,
``former-ids.csv``. Output is sorted
and carries no timestamps, so rebuilding from the same inputs gives byte-identical files. The
cross-check findings are printed to stderr.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "data" / "cn"
DEFAULT_OUT = REPO_ROOT / "lists"
MANUAL_DIR_NAME = "sources"

ECL = "cn-mofcom-export-control"
WATCH = "cn-mofcom-watch"
UEL = "cn-unreliable-entity"

LIST_FILES = {ECL: "cn-mofcom-export-control.csv", WATCH: "cn-mofcom-watch.csv", UEL: "cn-unreliable-entity.csv"}
LIST_COLUMNS = [
    "list_id", "entry_id", "name", "aliases", "name_zh", "kind", "country", "address",
    "listed_on", "delisted_on", "reference", "url", "entity_id",
]
MEASURE_COLUMNS = [
    "list_id", "reference", "entry_id", "status", "start_date", "end_date", "announced_on", "url", "note",
]
REGIME_COLUMNS = [
    "regime", "article", "status", "start_date", "end_date", "reading", "announcement", "reference",
    "announced_on", "url", "note",
]
FORMER_ID_COLUMNS = ["list_id", "entry_id", "former_entry_id"]
REGIME_STATUSES = ("in_force", "suspended", "ended")

FOLDER_LISTS = {"export-control-list": ECL, "unreliable-entity-list": UEL}
OS_LISTS = {"List of Export Controls": ECL, "Export Control Watch List": WATCH, "UEL": UEL}
OS_KINDS = {"Company": "organization", "Organization": "organization", "Person": "person"}
OS_COUNTRY_NAMES = {"Japan": "JP", "Czech Republic": "CZ", "Germany": "DE", "Belgium": "BE"}
STRUCTURED_KINDS = {"organization": "organization", "person": "person"}
# Country named in an announcement's title ("…28家美国实体…"); first match wins.
TITLE_COUNTRIES = (("台湾地区", "TW"), ("日本", "JP"), ("美国", "US"))
OFFICIAL_DOMAINS = ("gov.cn",)

# Announcements in the folder that list nobody (keyed by list and document id).
NON_LISTING = {
    (UEL, "〔2024〕3号"): "launches an investigation of PVH Corp.; PVH was listed later by 〔2025〕4号",
}
# URLs in the folder that are not the announcement's real address, with the official one to use.
URL_CORRECTIONS = {
    "https://www.mofcom.gov.cn/zwgk/zcfb/art/2023/art_123456.html":
        "http://www.mofcom.gov.cn/article/zwgk/gkzcfb/202302/20230203391289.shtml",
    # 2025 No. 21: the text copy's /zcfb/blgg/art/2025/ is a shape no other MOFCOM address has
    # (the copies use /zwgk/zcfb/art/YYYY/, MOFCOM's announcement section /zcfb/blgg/gg/YYYY/art/YYYY/);
    # the sheet cites the announcement section's address, used as for every 2025 announcement there.
    "https://www.mofcom.gov.cn/zcfb/blgg/art/2025/art_eba76b74d5e147c99fd86bc8a47c5b57.html":
        "https://www.mofcom.gov.cn/zcfb/blgg/gg/2025/art/2025/art_e1772b9dcc6c4337aa61f1f8847d0a61.html",
}
# OpenSanctions groups (by Source URL) that are not list entries in their own right.
OS_EXCLUDED_URLS = {
    "http://www.mofcom.gov.cn/article/xwfb/xwfyrth/202304/20230403404866.shtml":
        "senior managers of Lockheed Martin / Raytheon Missiles & Defense named in an April 2023 "
        "spokesperson statement on 〔2023〕1号 measures; not entries of the Unreliable Entity List",
}

ANNEX_LINE = re.compile(r"^\s*(\d+)\s*[.．]\s*(.+?)\s*[（(]\s*(.+)\s*[）)]\s*(及其分支机构)?\s*$")
BRANCH_LINE = re.compile(r"^\s*-\s+(.+?)\s*$")
INLINE_PAIR = re.compile(r"([^，,（()）]+?)\s*[（(]([^）)]+)[）)]")
EFFECTIVE_FROM = re.compile(r"本公告自(\d{4})年(\d{1,2})月(\d{1,2})日")
DOC_NUMBER = re.compile(r"(?:(\d{4})年)?第(\d+)号|〔(\d{4})〕(\d+)号")
CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+|\s+(?=[\u3400-\u9fff])")


@dataclass
class Entry:
    """One row of a list CSV: a party named by one announcement."""

    list_id: str
    entry_id: str
    name: str
    name_zh: str
    kind: str
    listed_on: str
    reference: str
    url: str
    country: str = ""
    address: str = ""
    aliases: list[str] = field(default_factory=list)
    delisted_on: str = ""
    entity_id: str = ""
    former_ids: list[str] = field(default_factory=list)

    def add_alias(self, alias: str) -> None:
        """Add another English spelling unless it only repeats the name or a known alias."""
        alias = " ".join(alias.split())
        known = {_loose(self.name)} | {_loose(a) for a in self.aliases}
        if alias and _loose(alias) not in known:
            self.aliases.append(alias)

    def row(self) -> dict[str, str]:
        """The entry as a list-contract row."""
        return {
            "list_id": self.list_id, "entry_id": self.entry_id, "name": self.name,
            "aliases": ";".join(self.aliases), "name_zh": self.name_zh, "kind": self.kind,
            "country": self.country, "address": self.address, "listed_on": self.listed_on,
            "delisted_on": self.delisted_on, "reference": self.reference, "url": self.url,
            "entity_id": self.entity_id,
        }


@dataclass
class Build:
    """Everything produced by one build: entries, measure periods and cross-check findings."""

    entries: list[Entry] = field(default_factory=list)
    measures: list[dict[str, str]] = field(default_factory=list)
    regimes: list[dict[str, str]] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)

    def note(self, message: str) -> None:
        """Record a cross-check finding (printed at the end)."""
        self.findings.append(message)


def _loose(text: str) -> str:
    """Case-, space- and punctuation-insensitive form of a name, for comparing spellings."""
    return re.sub(r"[\W_]+", "", text.casefold())


def _clean_zh(text: str) -> str:
    """Chinese name without the stray spaces typeset around CJK characters."""
    return CJK_SPACE.sub("", " ".join(text.split()))


def _clean_en(text: str) -> str:
    """English name with whitespace collapsed."""
    return " ".join(text.split())


def _iso(year: str | int, month: str | int, day: str | int) -> str:
    """ISO 8601 date from its parts."""
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def _os_date(text: str) -> str:
    """OpenSanctions sheet date (``dd.mm.yyyy`` or ``dd.mm.yy``) as ISO 8601."""
    day, month, year = text.strip().split(".")
    return _iso(int(year) + 2000 if len(year) == 2 else year, month, day)


def _is_official(url: str) -> bool:
    """Whether a URL is on an official Chinese government domain."""
    match = re.match(r"^https?://([^/]+)/", url)
    return bool(match) and any(
        match.group(1) == domain or match.group(1).endswith("." + domain) for domain in OFFICIAL_DOMAINS
    )


def _doc_number(document_id: str, published_on: str) -> tuple[int, int]:
    """Year and number of an announcement from its document id (``2025年第13号``, ``〔2025〕7号``, ``第1号``)."""
    match = DOC_NUMBER.search(document_id)
    if not match:
        raise ValueError(f"cannot read an announcement number from {document_id!r}")
    if match.group(2):
        return int(match.group(1) or published_on[:4]), int(match.group(2))
    return int(match.group(3)), int(match.group(4))


def entry_id_for(year: int, number: int, item: int) -> str:
    """``2025-No01-07``: 2025 No. 1 item 7 (an id no reader takes for a date)."""
    return f"{year}-No{number:02d}-{item:02d}"


def former_entry_id(year: int, number: int, item: int) -> str:
    """The id the same entry had before: ``2025-01-07`` (read as 7 January 2025 by people and spreadsheets)."""
    return f"{year}-{number:02d}-{item:02d}"


def reference_for(list_id: str, year: int, number: int) -> str:
    """The announcement's reference in Chinese as published."""
    if list_id == UEL:
        return f"不可靠实体清单工作机制公告〔{year}〕{number}号"
    return f"商务部公告{year}年第{number}号"


def unnumbered_reference(published_on: str) -> str:
    """Reference for a MOFCOM announcement whose number is not in our sources."""
    year, month, day = (int(part) for part in published_on.split("-"))
    return f"商务部公告（{year}年{month}月{day}日，文号不详）"


def parse_annex(content: str) -> list[tuple[str, str, list[str]]]:
    """Annex items ``N. 中文名（English name）`` of an official text, with any listed branches."""
    items: list[tuple[str, str, list[str]]] = []
    for line in content.splitlines():
        item = ANNEX_LINE.match(line)
        if item:
            items.append((_clean_zh(item.group(2)), _clean_en(item.group(3)), []))
            continue
        branch = BRANCH_LINE.match(line)
        if branch and items:
            items[-1][2].append(_clean_en(branch.group(1)))
    return items


def parse_inline(content: str) -> list[tuple[str, str]]:
    """Names listed inline in the decision sentence (``决定将A（a）、B（b）…列入…``)."""
    sentence = re.search(r"决定将(.*?)列入", content, re.S)
    if not sentence:
        return []
    text = sentence.group(1).replace("参与对台湾地区军售的", "")
    pairs = []
    for zh, en in INLINE_PAIR.findall(text):
        zh = re.sub(r"^[、和及]+", "", _clean_zh(zh))
        pairs.append((zh, _clean_en(en)))
    return pairs


def effective_date(content: str, published_on: str) -> str:
    """The date the announcement took effect: a date named in ``本公告自…起``, else publication."""
    match = EFFECTIVE_FROM.search(content)
    return _iso(*match.groups()) if match else published_on


def title_country(title: str) -> str:
    """Country named in an announcement title, or empty."""
    for marker, country in TITLE_COUNTRIES:
        if marker in title:
            return country
    return ""


def load_yaml(path: Path) -> dict[str, Any]:
    """Read one announcement file."""
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def announcement_entries(path: Path, list_id: str, build: Build) -> list[Entry]:
    """Entries of one folder announcement, parsed from its official text and cross-checked."""
    data = load_yaml(path)
    meta = data["announcement"]
    structured = (data.get("sanction_details") or {}).get("entities") or []
    document_id = str(meta["document_id"])
    if (list_id, document_id) in NON_LISTING:
        build.note(f"{path.name}: {document_id} skipped: {NON_LISTING[(list_id, document_id)]}")
        return []
    published_on = str(meta["publish_date"])
    year, number = _doc_number(document_id, published_on)
    reference = reference_for(list_id, year, number)
    url = URL_CORRECTIONS.get(meta["url"], meta["url"])
    if url != meta["url"]:
        build.note(f"{reference}: source URL {meta['url']} is a placeholder; using {url}")
    content = meta.get("content") or ""
    title = meta["title"][0]["zh-Hans"]
    listed_on = effective_date(content, published_on)
    country = title_country(title)
    names = official_names(content, structured, reference, build)
    entries = []
    for index, (zh, en, kind, branches) in enumerate(names, start=1):
        base, former = entry_id_for(year, number, index), former_entry_id(year, number, index)
        entries.append(Entry(list_id, base, en, zh, kind, listed_on, reference, url, country, former_ids=[former]))
        for position, branch in enumerate(branches, start=1):
            if position == 1 and _loose(branch) == _loose(en):
                continue  # the branch list repeats the head entity first
            entries.append(Entry(list_id, f"{base}-{position:02d}", branch, "", kind, listed_on, reference, url,
                                 former_ids=[f"{former}-{position:02d}"]))
    for entity in structured:
        if entity.get("effective_date") and str(entity["effective_date"]) != listed_on:
            build.note(f"{reference}: structured effective_date {entity['effective_date']} != text {listed_on}")
            break
    return entries


def official_names(
    content: str, structured: list[dict[str, Any]], reference: str, build: Build
) -> list[tuple[str, str, str, list[str]]]:
    """(zh, en, kind, branches) per listed party: from the annex, the inline list, or the structured block."""
    kinds = [STRUCTURED_KINDS.get(str(e.get("type")), "unknown") for e in structured] or ["organization"]
    struct_names = [(_clean_zh(e["name"].get("zh-Hans", "")), _clean_en(e["name"].get("en", ""))) for e in structured]
    annex = parse_annex(content)
    if annex:
        names = [(zh, en, kinds[i] if i < len(kinds) else "unknown", branches)
                 for i, (zh, en, branches) in enumerate(annex)]
        expected = sum(max(len(b) - 1, 0) + 1 for _, _, b in annex)
        if expected != len(structured):
            build.note(f"{reference}: annex names {expected} parties, structured block {len(structured)}")
        _compare_names(reference, [(zh, en) for zh, en, _ in annex], struct_names, build)
        branch_zh = [zh for zh, _ in struct_names[len(annex):] if zh]
        if branch_zh:
            build.note(f"{reference}: structured block gives Chinese names for branches the text names only in "
                       f"English ({len(branch_zh)}); not used")
        return names
    inline = parse_inline(content)
    if inline and len(inline) == len(structured):
        _compare_names(reference, inline, struct_names, build)
        names = []
        for (zh, en), (s_zh, _), kind in zip(inline, struct_names, kinds):
            if zh != s_zh and zh.startswith("美国") and zh[2:] == s_zh:
                zh = s_zh  # "美国X公司" in the sentence: the adjective is not part of the name
            names.append((zh, en, kind, []))
        return names
    if inline:
        build.note(f"{reference}: text names {len(inline)} parties inline, structured block {len(structured)}; "
                   "using the structured block")
    else:
        build.note(f"{reference}: text does not reproduce the annex; names from the structured block")
    return [(zh, en, kind, []) for (zh, en), kind in zip(struct_names, kinds)]


def _compare_names(reference: str, official: list[tuple[str, str]], structured: list[tuple[str, str]],
                   build: Build) -> None:
    """Note where the structured block spells a name differently from the official text."""
    for index, ((zh, en), (s_zh, s_en)) in enumerate(zip(official, structured), start=1):
        if zh != s_zh and not (zh.startswith("美国") and zh[2:] == s_zh):
            build.note(f"{reference} item {index}: Chinese name in text {zh!r}, structured {s_zh!r}")
        if en != s_en:
            build.note(f"{reference} item {index}: English name in text {en!r}, structured {s_en!r}")


def load_folder(source: Path, build: Build) -> None:
    """Add the entries of every folder announcement."""
    root = source / "mofcom-announcements"
    for folder, list_id in FOLDER_LISTS.items():
        for path in sorted((root / folder).glob("*.y*ml")):
            build.entries.extend(announcement_entries(path, list_id, build))


def load_opensanctions(source: Path) -> list[dict[str, str]]:
    """Rows of the OpenSanctions sheet that belong to our lists."""
    with (source / "opensanctions-cn_sanctions.csv").open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["List"] in OS_LISTS]


def _os_country(value: str) -> str:
    """OpenSanctions country as ISO 3166-1 alpha-2."""
    value = value.strip()
    return OS_COUNTRY_NAMES.get(value, value.upper() if len(value) == 2 else "")


def _find_entry(row: dict[str, str], list_id: str, entries: list[Entry]) -> Entry | None:
    """The folder entry an OpenSanctions row describes (same list; same Chinese or English name)."""
    zh = _clean_zh(row["Chinese name"])
    names = {_loose(row["Name"])} | {_loose(a) for a in row["Alias"].split(";") if a.strip()}
    candidates = [
        e for e in entries
        if e.list_id == list_id and ((zh and e.name_zh == zh) or _loose(e.name) in names)
    ]
    dated = [e for e in candidates if e.listed_on == _os_date(row["Date"])]
    return (dated or candidates or [None])[0]


def merge_opensanctions(source: Path, manual: Path, build: Build) -> None:
    """Cross-check folder entries against the sheet and add the announcements the folder lacks."""
    references = read_csv(manual / "announcement-references.csv")
    known_refs = {r["url"]: r["reference"] for r in references if r.get("reference")}
    folder_entries = list(build.entries)
    groups: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in load_opensanctions(source):
        groups.setdefault((OS_LISTS[row["List"]], row["Source URL"].strip()), []).append(row)
    for (list_id, url), rows in sorted(groups.items()):
        if url in OS_EXCLUDED_URLS:
            build.note(f"OpenSanctions {url} ({len(rows)} rows) not used: {OS_EXCLUDED_URLS[url]}")
            continue
        matches = [(row, _find_entry(row, list_id, folder_entries)) for row in rows]
        if any(entry for _, entry in matches):
            cross_check(list_id, url, matches, build)
        else:
            build.entries.extend(os_announcement(list_id, url, rows, known_refs, build))


def cross_check(list_id: str, url: str, matches: list[tuple[dict[str, str], Entry | None]], build: Build) -> None:
    """Compare sheet rows with the folder entries they describe; enrich entries with aliases, country, address."""
    for row, entry in matches:
        if entry is None:
            build.note(f"OpenSanctions {list_id} row {row['Name']!r} ({row['Date']}) matches no entry of the official texts")
            continue
        entry.add_alias(row["Name"])
        for alias in row["Alias"].split(";"):
            entry.add_alias(alias)
        country = _os_country(row["Country"])
        if country and not entry.country:
            entry.country = country
        elif country and country != entry.country:
            build.note(f"{entry.reference} {entry.entry_id}: country {entry.country}, OpenSanctions {country}")
        if row["Address"].strip() and not entry.address:
            entry.address = " ".join(row["Address"].split())
        if _os_date(row["Date"]) != entry.listed_on:
            build.note(f"{entry.reference} {entry.entry_id} {entry.name!r}: listed {entry.listed_on}, "
                       f"OpenSanctions date {_os_date(row['Date'])}")
        zh = _clean_zh(row["Chinese name"])
        if zh and entry.name_zh and zh != entry.name_zh:
            build.note(f"{entry.reference} {entry.entry_id}: Chinese name {entry.name_zh!r}, OpenSanctions {zh!r}")
        if row["Name"].strip() != entry.name:
            build.note(f"{entry.reference} {entry.entry_id}: name {entry.name!r}, OpenSanctions {row['Name']!r}")
    entry_urls = sorted({e.url for _, e in matches if e is not None})
    if entry_urls != [url]:
        build.note(f"URL: official text at {', '.join(entry_urls)}; OpenSanctions cites {url}")


def os_announcement(list_id: str, url: str, rows: list[dict[str, str]], known_refs: dict[str, str],
                    build: Build) -> list[Entry]:
    """Entries of an announcement known only from the sheet (in sheet order, ids from the date)."""
    if not _is_official(url):
        raise ValueError(f"OpenSanctions Source URL {url} is not on an official domain")
    dates = sorted({_os_date(row["Date"]) for row in rows})
    if len(dates) != 1:
        raise ValueError(f"rows citing {url} carry several dates: {dates}")
    listed_on = dates[0]
    reference = known_refs.get(url) or unnumbered_reference(listed_on)
    build.note(f"filled from OpenSanctions: {list_id} {listed_on} {reference} ({len(rows)} entries) {url}")
    number = DOC_NUMBER.search(reference) if url in known_refs else None
    entries = []
    for index, row in enumerate(rows, start=1):
        dated_id = f"{listed_on.replace('-', '')}-{index:02d}"
        if number:
            year, no = _doc_number(reference, listed_on)
            entry_id, former = entry_id_for(year, no, index), [dated_id]
        else:
            entry_id, former = dated_id, []
        entry = Entry(
            list_id, entry_id, _clean_en(row["Name"]),
            _clean_zh(row["Chinese name"]), OS_KINDS.get(row["Type"], "unknown"), listed_on, reference, url,
            _os_country(row["Country"]), " ".join(row["Address"].split()), former_ids=former,
        )
        for alias in row["Alias"].split(";"):
            entry.add_alias(alias)
        entries.append(entry)
    return entries


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file with a header (empty list if the file is missing)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def apply_manual(manual: Path, build: Build) -> None:
    """Add hand-kept entries and apply the country table."""
    for row in read_csv(manual / "manual-entries.csv"):
        entry = Entry(
            row["list_id"], row["entry_id"], row["name"], row["name_zh"], row["kind"] or "unknown",
            row["listed_on"], row["reference"], row["url"], row["country"], row["address"],
            [a for a in row["aliases"].split(";") if a], row["delisted_on"], row["entity_id"],
        )
        build.entries.append(entry)
    by_key = {(e.list_id, e.entry_id): e for e in build.entries}
    for row in read_csv(manual / "countries.csv"):
        entry = by_key.get((row["list_id"], row["entry_id"]))
        if entry is None:
            raise ValueError(f"countries.csv names unknown entry {row['list_id']} {row['entry_id']}")
        entry.country = row["country"]
    for row in read_csv(manual / "extra-aliases.csv"):
        entry = by_key.get((row["list_id"], row["entry_id"]))
        if entry is None:
            raise ValueError(f"extra-aliases.csv names unknown entry {row['list_id']} {row['entry_id']}")
        entry.add_alias(row["alias"])
        build.note(f"{entry.reference} {entry.entry_id} {entry.name!r}: alias {row['alias']!r} added ({row['note']})")


def folder_measures(source: Path, build: Build) -> None:
    """Measure periods from the measure-updates folder (Unreliable Entity List statements)."""
    seen_urls: dict[str, str] = {}
    for path in sorted((source / "mofcom-announcements" / "measure-updates").glob("*.y*ml")):
        data = load_yaml(path)
        meta = data["announcement"]
        announced_on = str(meta["publish_date"])
        url = meta["url"]
        if url in seen_urls:
            build.note(f"measure-updates/{path.name}: URL {url} is the URL of the {seen_urls[url]} statement; "
                       "left empty")
            url = ""
        else:
            seen_urls[url] = announced_on
        list_id = UEL if "不可靠实体清单" in meta["title"][0]["zh-Hans"] else ECL
        for change in data["measure_modifications"]["modifications"]:
            year, number = _doc_number(change["target_announcement_id"], announced_on)
            build.measures.append({
                "list_id": list_id, "reference": reference_for(list_id, year, number), "entry_id": "",
                "status": {"suspend": "suspended", "stop": "ended"}[change["action"]],
                "start_date": str(change.get("effective_date") or ""), "end_date": str(change.get("until_date") or ""),
                "announced_on": announced_on, "url": url, "note": " ".join(str(change.get("notes", "")).split()),
            })


def close_superseded(measures: list[dict[str, str]]) -> None:
    """End an open-ended suspension where a later row for the same target ends the measures."""
    for row in measures:
        if row["status"] != "suspended" or row["end_date"]:
            continue
        later = sorted(
            m["start_date"] for m in measures
            if m is not row and (m["list_id"], m["reference"], m["entry_id"]) == (row["list_id"], row["reference"], row["entry_id"])
            and m["start_date"] > row["start_date"]
        )
        if later:
            row["end_date"] = later[0]
            row["note"] = (row["note"] + f" (open-ended as announced; superseded from {later[0]})").strip()


def read_regimes(manual: Path) -> list[dict[str, str]]:
    """The regime facts, checked: known status, ISO dates, the last day not before the first."""
    rows = read_csv(manual / "regimes.csv")
    seen = set()
    for row in rows:
        if list(row) != REGIME_COLUMNS:
            raise ValueError(f"regimes.csv: columns {list(row)} != {REGIME_COLUMNS}")
        if row["status"] not in REGIME_STATUSES or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["start_date"]):
            raise ValueError(f"regimes.csv: bad fact {row}")
        if row["end_date"] and row["end_date"] < row["start_date"]:
            raise ValueError(f"regimes.csv: end before start {row}")
        key = (row["regime"], row["article"], row["status"], row["start_date"], row["reading"])
        if key in seen:
            raise ValueError(f"regimes.csv: repeated fact {key}")
        seen.add(key)
    return sorted(rows, key=lambda r: (r["regime"], r["start_date"], r["article"], r["status"], r["reading"]))


def validate(build: Build) -> None:
    """Refuse to write files that break the contract."""
    seen: set[tuple[str, str]] = set()
    for entry in build.entries:
        key = (entry.list_id, entry.entry_id)
        if key in seen:
            raise ValueError(f"duplicate entry id {key}")
        seen.add(key)
        if not entry.name or not entry.reference or not entry.listed_on:
            raise ValueError(f"incomplete entry {key}")
        if not _is_official(entry.url):
            raise ValueError(f"entry {key} has no official URL: {entry.url!r}")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}(-\d{2})?", entry.entry_id):
            raise ValueError(f"entry id {key} reads like a date")
    current = {(e.list_id, e.entry_id) for e in build.entries}
    for entry in build.entries:
        for former in entry.former_ids:
            if (entry.list_id, former) in current:
                raise ValueError(f"former id {entry.list_id} {former} of {entry.entry_id} is the id of another entry")
    references = {(e.list_id, e.reference) for e in build.entries}
    for row in build.measures:
        if (row["list_id"], row["reference"]) not in references:
            raise ValueError(f"measure for unknown reference {row['list_id']} {row['reference']}")
        if row["entry_id"] and (row["list_id"], row["entry_id"]) not in seen:
            raise ValueError(f"measure for unknown entry {row['list_id']} {row['entry_id']}")


def write_csv(path: Path, columns: list[str], rows: Iterable[dict[str, str]]) -> None:
    """Write rows as UTF-8 CSV with a header and ``\\n`` line endings."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_outputs(out: Path, build: Build) -> None:
    """Write the list files and measures.csv, sorted."""
    out.mkdir(parents=True, exist_ok=True)
    for list_id, filename in LIST_FILES.items():
        entries = sorted((e for e in build.entries if e.list_id == list_id), key=lambda e: (e.listed_on, e.entry_id))
        write_csv(out / filename, LIST_COLUMNS, (e.row() for e in entries))
    measures = sorted(build.measures, key=lambda m: (m["list_id"], m["reference"], m["entry_id"], m["start_date"], m["status"]))
    write_csv(out / "measures.csv", MEASURE_COLUMNS, measures)
    write_csv(out / "regimes.csv", REGIME_COLUMNS, build.regimes)
    former = sorted(
        ({"list_id": e.list_id, "entry_id": e.entry_id, "former_entry_id": f} for e in build.entries for f in e.former_ids),
        key=lambda r: (r["list_id"], r["former_entry_id"]),
    )
    write_csv(out / "former-ids.csv", FORMER_ID_COLUMNS, former)


def build_lists(source: Path, out: Path, manual: Path = DEFAULT_OUT / MANUAL_DIR_NAME) -> Build:
    """Run the whole build: parse, fill, cross-check, validate, write."""
    build = Build()
    load_folder(source, build)
    merge_opensanctions(source, manual, build)
    apply_manual(manual, build)
    folder_measures(source, build)
    build.measures.extend(read_csv(manual / "manual-measures.csv"))
    close_superseded(build.measures)
    build.regimes = read_regimes(manual)
    validate(build)
    write_outputs(out, build)
    return build


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="directory holding the cn/ sources")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory (lists/)")
    parser.add_argument("--manual", type=Path, default=DEFAULT_OUT / MANUAL_DIR_NAME,
                        help="directory of the hand-kept inputs (default lists/sources)")
    parser.add_argument("--quiet", action="store_true", help="do not print the cross-check findings")
    args = parser.parse_args(argv)
    build = build_lists(args.source, args.out, args.manual)
    if not args.quiet:
        for finding in build.findings:
            print(finding, file=sys.stderr)
        counts = {list_id: sum(e.list_id == list_id for e in build.entries) for list_id in LIST_FILES}
        print(f"wrote {counts} and {len(build.measures)} measure rows to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
