"""List versions and diffs: removal marks entries delisted, diffs show exactly the edits, on both engines."""

import shutil
from datetime import date
from pathlib import Path

from partyscreen.store import history
from partyscreen.store.db import transaction
from partyscreen.store.freshness import DEFAULT_MAX_AGE_DAYS, entry_state, list_entries, list_versions, stale_lists
from partyscreen.store.importers import import_list, import_measures, import_ofac

from .helpers import counts, rows

OFAC = Path(__file__).resolve().parents[1] / "fixtures" / "ofac"
HEADER = "list_id,entry_id,name,aliases,name_zh,kind,country,address,listed_on,delisted_on,reference,url,entity_id\n"
V1 = HEADER + (
    "w,1,Alpha Ltd,,阿尔法,organization,CN,,2025-01-02,,No. 1,,\n"
    "w,2,Beta Ltd,,,organization,CN,,2025-01-02,,No. 1,,\n"
    "w,3,Gamma Ltd,,,organization,US,,2025-03-04,,No. 13,,\n"
)
V2 = HEADER + (
    "w,1,Alpha Limited,,阿尔法,organization,CN,,2025-01-02,,No. 1,,\n"  # renamed
    "w,3,Gamma Ltd,,,organization,US,,2025-03-04,,No. 13,,\n"  # 2 removed
    "w,4,Delta Ltd,,,organization,JP,,2025-06-01,,No. 21,,\n"  # added
)
MEASURES = "list_id,reference,entry_id,status,start_date,end_date,announced_on,url,note\n"


def load(engine, path, **kw):
    with transaction(engine) as conn:
        return import_list(conn, path, **kw)


def diff(engine, before, after, list_id=None):
    with engine.connect() as conn:
        return history.diff_lists(conn, before, after, list_id)


def summary(result):
    return [(e.change, e.entry_id, sorted(e.fields)) for e in result.entries]


def test_a_new_version_records_added_removed_and_changed(engine, write):
    one = load(engine, write("v1.csv", V1))
    two = load(engine, write("v2.csv", V2))
    result = diff(engine, one.batch_id, two.batch_id)
    assert summary(result) == [("added", "4", []), ("removed", "2", []), ("changed", "1", ["name"])]
    assert result.entries[2].fields["name"] == ("Alpha Ltd", "Alpha Limited")
    version = rows(engine, "SELECT entries, added, changed, removed FROM list_version WHERE batch_id = :b", b=two.batch_id)
    assert version == [(3, 1, 1, 1)]
    backwards = diff(engine, two.batch_id, one.batch_id)
    assert summary(backwards) == [("added", "2", []), ("removed", "4", []), ("changed", "1", ["name"])]


def test_removal_marks_the_entry_delisted_on_the_new_as_of_and_keeps_it(engine, write):
    load(engine, write("v1.csv", V1))
    load(engine, write("v2.csv", V2), as_of=date(2025, 7, 1))
    assert counts(engine)["entries"] == 4  # marked, not deleted
    assert [tuple(map(str, r)) for r in rows(engine, "SELECT delisted_on FROM list_entry WHERE entry_id = '2'")] == [("2025-07-01",)]
    assert rows(engine, "SELECT delisted_on FROM list_entry WHERE entry_id IN ('1', '3', '4') AND delisted_on IS NOT NULL") == []
    states = {e.entry_id: e.state for e in list_entries(engine, "w", date(2025, 7, 1))}
    assert states == {"1": "listed", "2": "delisted", "3": "listed", "4": "listed"}
    assert {e.entry_id: e.state for e in list_entries(engine, "w", date(2025, 6, 30))}["2"] == "listed"
    assert list_versions(engine)["w"].entries == 3


def test_an_entry_back_in_the_list_is_added_again_and_no_longer_delisted(engine, write):
    load(engine, write("v1.csv", V1))
    two = load(engine, write("v2.csv", V2))
    three = load(engine, write("v3.csv", V1))
    assert summary(diff(engine, two.batch_id, three.batch_id)) == [
        ("added", "2", []), ("removed", "4", []), ("changed", "1", ["name"])
    ]
    assert rows(engine, "SELECT delisted_on FROM list_entry WHERE entry_id = '2'") == [(None,)]
    assert summary(diff(engine, 0, three.batch_id))[:3] == [("added", "1", []), ("added", "2", []), ("added", "3", [])]


def test_partial_import_removes_nothing(engine, write):
    load(engine, write("v1.csv", V1))
    two = load(engine, write("add.csv", HEADER + "w,4,Delta Ltd,,,organization,JP,,2025-06-01,,No. 21,,\n"), full=False)
    assert summary(diff(engine, two.batch_id - 1, two.batch_id)) == [("added", "4", [])]
    assert list_versions(engine)["w"].entries == 4


def test_reimport_records_no_change_and_other_lists_are_untouched(engine, write):
    one = load(engine, write("v1.csv", V1))
    other = load(engine, write("o.csv", HEADER + "x,1,Omega Ltd,,,,,,,,,,\n"))
    again = load(engine, write("v1b.csv", V1))
    assert diff(engine, one.batch_id, again.batch_id, "w").entries == []
    assert summary(diff(engine, one.batch_id, again.batch_id)) == [("added", "1", [])]  # list x, by batch `other`
    assert other.batch_id < again.batch_id
    assert rows(engine, "SELECT COUNT(*) FROM list_change")[0][0] == 4


def test_measure_changes_show_on_the_entries_they_apply_to(engine, write):
    load(engine, write("v1.csv", V1))
    m1 = write("m1.csv", MEASURES + "w,No. 1,,suspended,2025-11-10,2026-11-10,2025-11-05,,\n")
    m2 = write("m2.csv", MEASURES + "w,No. 1,,ended,2025-11-10,,2025-11-05,,\nw,,3,suspended,,2026-01-01,,,\n")
    with transaction(engine) as conn:
        first = import_measures(conn, m1)
    with transaction(engine) as conn:
        second = import_measures(conn, m2)
    result = diff(engine, first.batch_id, second.batch_id)
    assert summary(result) == [("changed", "1", ["measures"]), ("changed", "2", ["measures"]), ("changed", "3", ["measures"])]
    assert result.entries[0].fields["measures"] == ("suspended 2025-11-10 to 2026-11-10", "ended 2025-11-10 to open")
    assert result.entries[2].fields["measures"] == ("none", "suspended … to 2026-01-01")
    assert counts(engine)["measures"] == 2  # the suspension of No. 1 left the file: deleted, kept in history
    states = {e.entry_id: e.state for e in list_entries(engine, "w", date(2025, 12, 1))}
    assert states == {"1": "ended", "2": "ended", "3": "suspended"}
    version = rows(engine, "SELECT measures_changed, entries FROM list_version WHERE batch_id = :b", b=second.batch_id)
    assert version == [(3, 3)]


def test_entries_written_before_history_get_a_baseline_not_a_change(engine, write):
    one = load(engine, write("v1.csv", V1))
    with engine.begin() as conn:  # as if imported before schema 0003
        conn.exec_driver_sql("DELETE FROM list_change")
        conn.exec_driver_sql("DELETE FROM list_version")
    two = load(engine, write("v1b.csv", V1))
    assert rows(engine, "SELECT added, changed, removed FROM list_version WHERE batch_id = :b", b=two.batch_id) == [(0, 0, 0)]
    assert rows(engine, "SELECT DISTINCT batch_id FROM list_change") == [(one.batch_id,)]


def test_ofac_edited_copies_diff_shows_exactly_the_edits(engine, tmp_path):
    for name in ("sdn.csv", "alt.csv", "add.csv"):
        shutil.copy(OFAC / name, tmp_path / name)
    with transaction(engine) as conn:
        first = import_ofac(conn, tmp_path / "sdn.csv")
    sdn = (tmp_path / "sdn.csv").read_bytes()
    sdn = sdn.replace(b'36,"AEROCARIBBEAN AIRLINES"', b'36,"AEROCARIBBEAN AIRLINES S.A."')  # renamed
    sdn = b"\r\n".join(line for line in sdn.split(b"\r\n") if not line.startswith(b"173,"))  # removed
    sdn = sdn.replace(b"\x1a", b'99999991,"NEW TEST TRADING LLC",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a')
    (tmp_path / "sdn.csv").write_bytes(sdn)
    alt = (tmp_path / "alt.csv").read_bytes().replace(b"\x1a", b'306,99999,"aka","BNC TEST ALIAS",-0- \r\n\x1a')
    (tmp_path / "alt.csv").write_bytes(alt)
    with transaction(engine) as conn:
        second = import_ofac(conn, tmp_path / "sdn.csv")
    result = diff(engine, first.batch_id, second.batch_id)
    assert summary(result) == [("added", "99999991", []), ("removed", "173", []), ("changed", "36", ["name"]), ("changed", "306", ["aliases"])]
    assert result.entries[3].fields["aliases"][1].endswith("; BNC TEST ALIAS")
    assert second.counts.inserted == 1 and second.counts.updated == 2


def test_versions_as_of_and_staleness(engine, write):
    load(engine, write("v1.csv", V1))
    load(engine, write("o.csv", HEADER + "x,1,Omega Ltd,,,,,,,,,,\n"), as_of=date(2026, 1, 15))
    versions = list_versions(engine)
    assert (versions["w"].as_of, versions["w"].as_of_basis, versions["w"].entries) == (date(2025, 3, 4), "source", 3)
    assert (versions["x"].as_of, versions["x"].as_of_basis) == (date(2026, 1, 15), "given")
    today = date(2026, 1, 20)
    assert [v.list_id for v in stale_lists(versions.values(), DEFAULT_MAX_AGE_DAYS, today)] == ["w"]
    assert versions["x"].age_days(today) == 5
    assert versions["x"].to_dict() == {"as_of": "2026-01-15", "as_of_basis": "given", "batch_id": versions["x"].batch_id, "entries": 1}
    with engine.connect() as conn:
        assert list_versions(conn) == versions


def test_entry_state_rules():
    from partyscreen.ownership import Listing, MeasurePeriod

    def on(entry_periods, day, delisted=None):
        return entry_state(Listing("E", "w", date(2025, 1, 2), delisted, tuple(entry_periods)), day)

    suspended = [MeasurePeriod("suspended", None, date(2026, 1, 1))]
    ended = [MeasurePeriod("ended", date(2025, 11, 10), None)]
    assert on(suspended, date(2025, 1, 1)) == "not listed yet"
    assert on(suspended, date(2025, 12, 31)) == "suspended"
    assert on(suspended, date(2026, 1, 1)) == "listed"
    assert on(ended, date(2025, 11, 9)) == "listed"
    assert on(ended, date(2025, 11, 10)) == "ended"
    assert on(ended, date(2025, 11, 10), delisted=date(2025, 11, 10)) == "delisted"
    assert on(ended + suspended, date(2025, 12, 1)) == "ended"  # ended wins over suspended


# --- the date a removal is known, and an as_of that never goes back ----------------------------


def _dated(path: Path, day: date) -> Path:
    """Give a file a modification time on ``day`` (noon UTC), as a downloaded file would have."""
    import calendar
    import os

    stamp = calendar.timegm((day.year, day.month, day.day, 12, 0, 0))
    os.utime(path, (stamp, stamp))
    return path


def delisted(engine, entry_id):
    return [str(r[0]) for r in rows(engine, "SELECT delisted_on FROM list_entry WHERE entry_id = :e", e=entry_id)]


def test_a_removal_is_dated_when_it_is_known_not_by_the_newest_listing_date(engine, write):
    """V2's newest listing is 2025-06-01, but the file was written on 2025-09-15: entry 2 was still
    listed in between as far as anyone could know, and a look-back screen must still find it."""
    load(engine, _dated(write("v1.csv", V1), date(2025, 3, 10)))
    load(engine, _dated(write("v2.csv", V2), date(2025, 9, 15)))
    assert delisted(engine, "2") == ["2025-09-15"]
    with engine.connect() as conn:
        states = {e.entry_id: e.state for e in list_entries(conn, "w", date(2025, 8, 1))}
    assert states["2"] == "listed"
    version = list_versions(engine)["w"]
    assert (version.as_of, version.as_of_basis) == (date(2025, 6, 1), "source")  # freshness: still the lower bound


def test_a_removal_is_never_before_the_files_own_newest_date(engine, write):
    load(engine, write("v1.csv", V1))
    load(engine, _dated(write("v2.csv", V2), date(2025, 5, 1)))  # a file dated before its own newest listing
    assert delisted(engine, "2") == ["2025-06-01"]


def test_a_removal_is_always_after_the_previous_versions_as_of(engine, write):
    load(engine, write("v1.csv", V1), as_of=date(2025, 10, 1))  # V1 was published on 2025-10-01
    load(engine, _dated(write("v2.csv", V2), date(2025, 9, 15)))
    assert delisted(engine, "2") == ["2025-10-02"]
    version = list_versions(engine)["w"]
    assert (version.as_of, version.as_of_basis) == (date(2025, 10, 1), "given")  # never goes back


def test_a_given_as_of_dates_the_removal_but_never_before_the_previous_version(engine, write):
    load(engine, write("v1.csv", V1), as_of=date(2025, 10, 1))
    load(engine, write("v2.csv", V2), as_of=date(2025, 7, 1))
    assert delisted(engine, "2") == ["2025-10-02"]
    assert list_versions(engine)["w"].as_of == date(2025, 10, 1)


def test_a_partial_import_of_older_rows_does_not_move_as_of_back(engine, write):
    load(engine, write("v1.csv", V1))
    custom = load(engine, write("custom.csv", HEADER + "w,9,Custom Entry Ltd,,,,,,2025-01-02,,,,\n"), full=False)
    version = list_versions(engine)["w"]
    assert (version.as_of, version.as_of_basis, version.batch_id, version.entries) == (date(2025, 3, 4), "source", custom.batch_id, 4)
    later = load(engine, write("later.csv", HEADER + "w,10,Newer Entry Ltd,,,,,,2025-04-01,,,,\n"), full=False)
    assert list_versions(engine)["w"].as_of == date(2025, 4, 1)  # a newer date still moves it on
    old_measure = MEASURES + "w,No. 1,,suspended,2025-01-05,2025-02-01,2025-01-04,,\n"
    with transaction(engine) as conn:
        import_measures(conn, write("m.csv", old_measure))
    version = list_versions(engine)["w"]
    assert version.as_of == date(2025, 4, 1) and version.batch_id > later.batch_id
