"""Concrete facts of the bundled China lists (``lists/*.csv``), checked against the official texts.

The facts come from the MOFCOM announcements and spokesperson statements; the tests read only the
bundled files, except the regeneration test, which reruns ``scripts/build_cn_lists.py`` when the
source data (``../shared/data/cn``) is present.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LISTS = REPO / "lists"
LIST_FILES = {
    "cn-mofcom-export-control": "cn-mofcom-export-control.csv",
    "cn-mofcom-watch": "cn-mofcom-watch.csv",
    "cn-unreliable-entity": "cn-unreliable-entity.csv",
}
LIST_COLUMNS = [
    "list_id", "entry_id", "name", "aliases", "name_zh", "kind", "country", "address",
    "listed_on", "delisted_on", "reference", "url", "entity_id",
]
MEASURE_COLUMNS = [
    "list_id", "reference", "entry_id", "status", "start_date", "end_date", "announced_on", "url", "note",
]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
OFFICIAL_URL = re.compile(r"^https?://([a-z0-9-]+\.)*(mofcom|fmprc|mfa)\.gov\.cn/")

ECL = "cn-mofcom-export-control"
WATCH = "cn-mofcom-watch"
UEL = "cn-unreliable-entity"


def read(name: str) -> list[dict[str, str]]:
    """Rows of a bundled CSV file."""
    with (LISTS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def entries(list_id: str) -> list[dict[str, str]]:
    """Rows of one bundled list."""
    return read(LIST_FILES[list_id])


def measures() -> list[dict[str, str]]:
    """Rows of lists/measures.csv."""
    return read("measures.csv")


def find(list_id: str, name: str) -> list[dict[str, str]]:
    """Entries of a list with this English name."""
    return [row for row in entries(list_id) if row["name"] == name]


def by_reference(list_id: str, reference: str) -> list[dict[str, str]]:
    """Entries of a list published by one announcement."""
    return [row for row in entries(list_id) if row["reference"] == reference]


def measure_status(entry: dict[str, str], day: str) -> str | None:
    """Status of an entry's measures on a day: 'suspended', 'ended', or None (in force).

    A measures.csv row applies to the entry if it names the entry or (entry_id empty) the entry's
    announcement, and is in effect when start <= day < end (empty start: from an unknown earlier
    date; empty end: open-ended).
    """
    found = None
    for row in measures():
        if row["list_id"] != entry["list_id"] or row["reference"] != entry["reference"]:
            continue
        if row["entry_id"] and row["entry_id"] != entry["entry_id"]:
            continue
        if (not row["start_date"] or row["start_date"] <= day) and (not row["end_date"] or day < row["end_date"]):
            assert found is None, f"overlapping measure periods for {entry['entry_id']} on {day}"
            found = row["status"]
    return found


# --- the files keep the contract -------------------------------------------------------------

@pytest.mark.parametrize("filename", [*LIST_FILES.values(), "measures.csv"])
def test_files_are_utf8_with_lf_and_no_bom(filename: str) -> None:
    data = (LISTS / filename).read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data
    assert data.endswith(b"\n")
    data.decode("utf-8")


@pytest.mark.parametrize("list_id", LIST_FILES)
def test_list_header_is_the_contract(list_id: str) -> None:
    with (LISTS / LIST_FILES[list_id]).open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == LIST_COLUMNS


def test_measures_header_is_the_contract() -> None:
    with (LISTS / "measures.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == MEASURE_COLUMNS


@pytest.mark.parametrize("list_id", LIST_FILES)
def test_every_row_is_complete_and_well_formed(list_id: str) -> None:
    rows = entries(list_id)
    assert rows
    for row in rows:
        assert row["list_id"] == list_id
        assert row["name"].strip() == row["name"] != ""
        assert row["kind"] in {"organization", "person", "unknown"}
        assert row["country"] == "" or re.fullmatch(r"[A-Z]{2}", row["country"])
        assert ISO_DATE.match(row["listed_on"])
        assert row["delisted_on"] == ""
        assert row["reference"]
        assert row["entity_id"] == ""
        assert all(alias.strip() == alias != "" for alias in row["aliases"].split(";") if row["aliases"])


@pytest.mark.parametrize("list_id", LIST_FILES)
def test_every_entry_has_an_official_url(list_id: str) -> None:
    for row in entries(list_id):
        assert OFFICIAL_URL.match(row["url"]), row
        assert "opensanctions" not in row["url"]


@pytest.mark.parametrize("list_id", LIST_FILES)
def test_entry_ids_are_unique(list_id: str) -> None:
    ids = [row["entry_id"] for row in entries(list_id)]
    assert len(ids) == len(set(ids))
    for entry_id in ids:
        assert re.fullmatch(r"\d{4}-No\d{2}-\d{2}(-\d{2})?|\d{8}-\d{2}", entry_id), entry_id
        assert not re.fullmatch(r"\d{4}-\d{2}-\d{2}(-\d{2})?", entry_id), f"{entry_id} reads like a date"


def test_rows_are_sorted_by_listing_date_then_entry_id() -> None:
    for list_id in LIST_FILES:
        keys = [(row["listed_on"], row["entry_id"]) for row in entries(list_id)]
        assert keys == sorted(keys)


def test_every_entry_has_a_chinese_name_except_branches_named_only_in_english() -> None:
    # 〔2025〕10号 lists TechInsights' branches under item 14 in English only.
    for list_id in LIST_FILES:
        missing = [row["entry_id"] for row in entries(list_id) if not row["name_zh"]]
        if list_id == UEL:
            assert missing == [f"2025-No10-14-{n:02d}" for n in range(2, 11)]
        else:
            assert missing == []


def test_one_url_per_announcement() -> None:
    for list_id in LIST_FILES:
        urls: dict[str, set[str]] = {}
        for row in entries(list_id):
            urls.setdefault(row["reference"], set()).add(row["url"])
        assert all(len(found) == 1 for found in urls.values()), urls


# --- Export Control List ---------------------------------------------------------------------

def test_general_dynamics_listed_by_2025_no_1_on_2_january_2025() -> None:
    (row,) = find(ECL, "General Dynamics")
    assert row["entry_id"] == "2025-No01-01"  # formerly 2025-01-01, which reads as 1 January 2025
    assert row["name_zh"] == "通用动力公司"
    assert row["listed_on"] == "2025-01-02"
    assert row["reference"] == "商务部公告2025年第1号"
    assert row["country"] == "US"
    assert row["url"].startswith("https://www.mofcom.gov.cn/")
    assert measure_status(row, "2026-01-01") is None


def test_2025_no_1_lists_28_us_entities_in_annex_order() -> None:
    rows = by_reference(ECL, "商务部公告2025年第1号")
    assert len(rows) == 28
    assert {row["country"] for row in rows} == {"US"}
    assert rows[6]["entry_id"] == "2025-No01-07"
    assert rows[6]["name"] == "Raytheon Missiles & Defense"
    assert rows[27]["name"] == "Summit Technologies Inc."
    assert rows[27]["name_zh"] == "顶峰科技公司"


def test_skydio_listed_by_2025_no_13_and_measures_end_from_10_november_2025() -> None:
    (row,) = find(ECL, "Skydio, Inc.")
    assert row["name_zh"] == "斯凯迪奥公司"
    assert row["reference"] == "商务部公告2025年第13号"
    assert row["listed_on"] == "2025-03-04"
    assert measure_status(row, "2025-06-01") is None
    assert measure_status(row, "2025-11-09") is None
    assert measure_status(row, "2025-11-10") == "ended"
    assert measure_status(row, "2026-01-01") == "ended"


def test_the_15_entities_of_2025_no_13_end_from_10_november_2025() -> None:
    rows = by_reference(ECL, "商务部公告2025年第13号")
    assert len(rows) == 15
    assert all(measure_status(row, "2025-11-10") == "ended" for row in rows)
    (ending,) = [m for m in measures() if m["reference"] == "商务部公告2025年第13号"]
    assert (ending["status"], ending["start_date"], ending["end_date"], ending["announced_on"]) == (
        "ended", "2025-11-10", "", "2025-11-05")


def test_the_16_entities_of_2025_no_21_are_suspended_to_10_november_2026() -> None:
    rows = by_reference(ECL, "商务部公告2025年第21号")
    assert len(rows) == 16
    assert rows[0]["name"] == "High Point Aerotechnologies"
    assert {row["listed_on"] for row in rows} == {"2025-04-04"}
    for row in rows:
        assert measure_status(row, "2025-11-10") == "suspended"
        assert measure_status(row, "2026-11-09") == "suspended"
        assert measure_status(row, "2025-09-01") == "suspended"  # the 90 days from 2025-08-12
        assert measure_status(row, "2025-05-13") is None
        assert measure_status(row, "2025-05-14") == "suspended"  # the 90 days from 2025-05-14
        assert measure_status(row, "2026-11-10") is None  # nothing known after the suspension


def test_2025_no_21_suspended_from_14_may_2025_for_90_days_then_continued() -> None:
    periods = sorted(
        (m["start_date"], m["end_date"], m["status"]) for m in measures()
        if m["reference"] == "商务部公告2025年第21号"
    )
    assert periods == [
        ("2025-05-14", "2025-08-12", "suspended"),
        ("2025-08-12", "2025-11-10", "suspended"),
        ("2025-11-10", "2026-11-10", "suspended"),
    ]


def test_the_12_entities_of_2025_no_22_ended_from_12_august_2025() -> None:
    rows = by_reference(ECL, "商务部公告2025年第22号")
    assert len(rows) == 12
    # The announcement took effect at 12:01 on 10 April 2025, not on publication (9 April).
    assert {row["listed_on"] for row in rows} == {"2025-04-10"}
    assert {row["name"] for row in rows} >= {"American Photonics", "Insitu, Inc.", "Echodyne"}
    for row in rows:
        assert measure_status(row, "2025-05-13") is None
        assert measure_status(row, "2025-05-14") == "suspended"  # with No. 21's, for 90 days
        assert measure_status(row, "2025-08-11") == "suspended"
        assert measure_status(row, "2025-08-12") == "ended"
    periods = sorted((m["start_date"], m["end_date"], m["status"], m["announced_on"]) for m in measures()
                     if m["reference"] == "商务部公告2025年第22号")
    assert periods == [("2025-05-14", "2025-08-12", "suspended", "2025-05-14"), ("2025-08-12", "", "ended", "2025-08-12")]


def test_2025_no_35_lists_8_taiwan_entities() -> None:
    rows = by_reference(ECL, "商务部公告2025年第35号")
    assert len(rows) == 8
    assert {row["country"] for row in rows} == {"TW"}
    assert "中山科学研究院" in {row["name_zh"] for row in rows}


def test_2026_no_11_lists_20_japanese_entities_on_24_february_2026() -> None:
    rows = by_reference(ECL, "商务部公告2026年第11号")
    assert len(rows) == 20
    assert {row["listed_on"] for row in rows} == {"2026-02-24"}
    assert {row["country"] for row in rows} == {"JP"}
    assert rows[0]["name_zh"] == "三菱造船株式会社"
    assert "JAXA" in rows[-1]["aliases"].split(";")


def test_export_control_list_counts_per_announcement() -> None:
    counts: dict[str, int] = {}
    for row in entries(ECL):
        counts[row["listed_on"]] = counts.get(row["listed_on"], 0) + 1
    assert counts == {
        "2025-01-02": 28, "2025-03-04": 15, "2025-04-04": 16, "2025-04-10": 12, "2025-07-09": 8,
        "2025-09-25": 3, "2026-02-24": 20, "2026-04-24": 7, "2026-06-22": 10, "2026-06-29": 20,
        "2026-07-24": 14,
    }


def test_later_export_control_announcements_filled_with_their_official_urls() -> None:
    (rheinmetall,) = find(ECL, "Rheinmetall AG")
    assert rheinmetall["name_zh"] == "莱茵金属公司"
    assert rheinmetall["listed_on"] == "2026-07-24"
    assert rheinmetall["country"] == "DE"
    assert rheinmetall["url"].startswith("https://www.mofcom.gov.cn/")
    (mp,) = find(ECL, "MP Materials Corp.")
    assert mp["listed_on"] == "2026-06-22"
    assert "MP Materials" in mp["aliases"].split(";")


# --- Watch List ------------------------------------------------------------------------------

def test_watch_list_has_the_20_entries_of_24_february_2026() -> None:
    rows = [row for row in entries(WATCH) if row["listed_on"] == "2026-02-24"]
    assert len(rows) == 20
    assert {row["country"] for row in rows} == {"JP"}
    (subaru,) = find(WATCH, "SUBARU Corporation")
    assert subaru["name_zh"] == "斯巴鲁株式会社"
    assert subaru["listed_on"] == "2026-02-24"
    # published as 商务部公告2026年第12号, alongside No. 11 (ettoday.net, 163.com)
    assert {row["reference"] for row in rows} == {"商务部公告2026年第12号"}
    assert subaru["entry_id"] == "2026-No12-01"


def test_watch_list_has_the_20_entries_of_29_june_2026() -> None:
    rows = [row for row in entries(WATCH) if row["listed_on"] == "2026-06-29"]
    assert len(rows) == 20
    assert "三井E&S株式会社" in {row["name_zh"] for row in rows}
    assert len(entries(WATCH)) == 40


# --- Unreliable Entity List ------------------------------------------------------------------

def test_unreliable_entity_list_2025_no_7_suspended_for_a_year_from_10_november_2025() -> None:
    rows = by_reference(UEL, "不可靠实体清单工作机制公告〔2025〕7号")
    assert len(rows) == 11
    assert rows[0]["name"] == "Skydio Inc."
    for row in rows:
        assert measure_status(row, "2025-04-05") is None
        assert measure_status(row, "2025-05-14") == "suspended"
        assert measure_status(row, "2025-11-10") == "suspended"
        assert measure_status(row, "2026-11-09") == "suspended"
        assert measure_status(row, "2026-11-10") is None


def test_unreliable_entity_list_2025_no_8_suspended_then_ended_12_august_2025() -> None:
    rows = by_reference(UEL, "不可靠实体清单工作机制公告〔2025〕8号")
    assert len(rows) == 6  # with the 11 of No. 7: the "17 US entities" of the statements
    assert {row["listed_on"] for row in rows} == {"2025-04-10"}
    for row in rows:
        assert measure_status(row, "2025-05-13") is None
        assert measure_status(row, "2025-06-01") == "suspended"
        assert measure_status(row, "2025-08-12") == "ended"


def test_unreliable_entity_list_2025_no_5_and_no_6_ended_from_10_november_2025() -> None:
    no5 = by_reference(UEL, "不可靠实体清单工作机制公告〔2025〕5号")
    no6 = by_reference(UEL, "不可靠实体清单工作机制公告〔2025〕6号")
    assert len(no5) == 10
    assert [row["name"] for row in no6] == ["Illumina, Inc."]
    for row in no5 + no6:
        assert measure_status(row, "2025-11-09") is None
        assert measure_status(row, "2025-11-10") == "ended"
    # Illumina's listing itself (〔2025〕4号, 4 February 2025) is not ended by the statement.
    (listing,) = by_reference(UEL, "不可靠实体清单工作机制公告〔2025〕4号")[1:]
    assert listing["name"] == "Illumina, Inc."
    assert listing["listed_on"] == "2025-02-04"
    assert measure_status(listing, "2026-01-01") is None


def test_unreliable_entity_list_2025_no_10_lists_techinsights_and_its_branches() -> None:
    rows = by_reference(UEL, "不可靠实体清单工作机制公告〔2025〕10号")
    assert len(rows) == 23
    (head,) = [row for row in rows if row["entry_id"] == "2025-No10-14"]
    assert (head["name"], head["name_zh"], head["country"]) == ("TechInsights Inc.", "TechInsights公司", "CA")
    assert "Halifax International Security Forum" in {row["name"] for row in rows}


def test_investigation_announcement_is_not_a_listing() -> None:
    # 〔2024〕3号 opened an investigation of PVH; PVH was listed by 〔2025〕4号.
    assert not by_reference(UEL, "不可靠实体清单工作机制公告〔2024〕3号")
    (pvh,) = find(UEL, "PVH Corp.")
    assert pvh["reference"] == "不可靠实体清单工作机制公告〔2025〕4号"
    assert pvh["name_zh"] == "PVH集团"


def test_lockheed_martin_is_on_both_lists() -> None:
    (uel,) = find(UEL, "Lockheed Martin Corporation")
    assert (uel["listed_on"], uel["reference"]) == ("2023-02-16", "不可靠实体清单工作机制公告〔2023〕1号")
    (ecl,) = find(ECL, "Lockheed Martin Corporation")
    assert ecl["entry_id"] == "2025-No01-06"


def test_boeing_defense_chinese_name_keeps_its_enumeration_comma() -> None:
    (row,) = find(UEL, "Boeing Defense, Space & Security")
    assert row["name_zh"] == "波音防务、空间与安全集团"


# --- measures.csv ----------------------------------------------------------------------------

def test_every_measure_row_is_well_formed() -> None:
    rows = measures()
    assert rows
    for row in rows:
        assert row["list_id"] in LIST_FILES
        assert row["status"] in {"suspended", "ended"}
        for column in ("start_date", "end_date", "announced_on"):
            assert row[column] == "" or ISO_DATE.match(row[column])
        if row["start_date"] and row["end_date"]:
            assert row["start_date"] < row["end_date"]
        if row["status"] == "ended":
            assert row["start_date"] and not row["end_date"]
        assert row["url"] == "" or OFFICIAL_URL.match(row["url"])
        assert row["note"]


def test_every_measure_reference_exists_in_the_lists() -> None:
    published = {(row["list_id"], row["reference"]) for list_id in LIST_FILES for row in entries(list_id)}
    ids = {(row["list_id"], row["entry_id"]) for list_id in LIST_FILES for row in entries(list_id)}
    for row in measures():
        assert (row["list_id"], row["reference"]) in published, row
        if row["entry_id"]:
            assert (row["list_id"], row["entry_id"]) in ids, row


def test_measure_periods_of_one_announcement_do_not_overlap() -> None:
    periods: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for row in measures():
        key = (row["list_id"], row["reference"], row["entry_id"])
        periods.setdefault(key, []).append((row["start_date"], row["end_date"] or "9999-12-31"))
    for spans in periods.values():
        spans.sort()
        for (_, end), (start, _) in zip(spans, spans[1:]):
            assert end <= start


# --- regeneration ----------------------------------------------------------------------------

def _source_dir() -> Path | None:
    """The cn/ source data, if this checkout sits beside it."""
    for candidate in (REPO.parent / "shared" / "data" / "cn", Path("/work/shared/data/cn")):
        if (candidate / "mofcom-announcements").is_dir():
            return candidate
    return None


def test_regenerating_gives_byte_identical_files(tmp_path: Path) -> None:
    source = _source_dir()
    if source is None:
        pytest.skip("source data ../shared/data/cn not present; cannot rerun scripts/build_cn_lists.py")
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_cn_lists.py"), "--source", str(source),
         "--out", str(tmp_path), "--quiet"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    for filename in [*LIST_FILES.values(), "measures.csv", "regimes.csv", "former-ids.csv"]:
        assert (tmp_path / filename).read_bytes() == (LISTS / filename).read_bytes(), filename


# --- fixes checked against the official texts and reports (issue 11) ------------------------

def test_2025_no_21_url_has_the_shape_of_mofcoms_announcement_section() -> None:
    """The text copy's /zcfb/blgg/art/2025/ address has a shape no other MOFCOM address has; the
    announcement section's address (as the sheet cites for every 2025 announcement) is used."""
    urls = {row["url"] for row in by_reference(ECL, "商务部公告2025年第21号")}
    assert urls == {"https://www.mofcom.gov.cn/zcfb/blgg/gg/2025/art/2025/art_e1772b9dcc6c4337aa61f1f8847d0a61.html"}


def test_mhi_oceanics_keeps_the_sheets_spelling_and_gets_the_evident_one_as_alias() -> None:
    (row,) = [r for r in entries(ECL) if r["entry_id"] == "20260629-11"]
    assert row["name"] == "MHI Oceanincs Co., Ltd." and row["name_zh"] == "三菱重工海洋技术株式会社"
    assert "MHI Oceanics Co., Ltd." in row["aliases"].split(";")


def test_former_ids_name_current_entries_and_are_never_current_ids() -> None:
    rows = read("former-ids.csv")
    current = {(row["list_id"], row["entry_id"]) for list_id in LIST_FILES for row in entries(list_id)}
    assert all((r["list_id"], r["entry_id"]) in current for r in rows)
    assert not any((r["list_id"], r["former_entry_id"]) in current for r in rows)
    pairs = {(r["list_id"], r["former_entry_id"]): r["entry_id"] for r in rows}
    assert pairs[(ECL, "2025-01-01")] == "2025-No01-01"
    assert pairs[(UEL, "2025-10-14-03")] == "2025-No10-14-03"
    assert pairs[(WATCH, "20260224-01")] == "2026-No12-01"
    dated = [e for list_id in LIST_FILES for e in entries(list_id) if re.fullmatch(r"\d{4}-No\d{2}-.*", e["entry_id"])]
    assert len(rows) == len(dated)  # every numbered entry had a former id


def test_regime_facts_of_announcement_61() -> None:
    rows = read("regimes.csv")
    (suspension,) = [r for r in rows if r["status"] == "suspended"]
    assert (suspension["regime"], suspension["article"], suspension["start_date"], suspension["end_date"]) == (
        "cn-mofcom-61", "", "2025-11-07", "2026-11-10")
    assert suspension["reference"] == "商务部 海关总署公告2025年第70号"
    art2 = {r["reading"]: r["start_date"] for r in rows if r["article"] == "II"}
    assert art2 == {"zh": "2025-10-09", "en": "2025-12-01"}  # both readings recorded
