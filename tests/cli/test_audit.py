"""``partyscreen audit``: imports, link decisions (by hand and automatic), screening runs and prunes
all land in the trail, which the command prints as CSV or JSON, filtered; on both engines."""

from __future__ import annotations

import csv
import io
import json

from partyscreen.store.audit import record_event
from partyscreen.store.db import create_db_engine, transaction


def test_every_kind_of_change_is_in_the_trail(cli, db_url, write, tmp_path, monkeypatch):
    monkeypatch.setenv("PARTYSCREEN_ACTOR", "ops")
    db = ("--db", db_url)
    assert cli(*db, "init").code == 0
    entities = write("e.csv", "id,name,country\nreg-a,Northwind Optics Limited,GB\nreg-b,Southwind Optics Limited,FR\n")
    assert cli(*db, "ownership", "import", entities).code == 0
    entries = "entry_id,name,country\n1,Northwind Optics Limited,GB\n2,Southwind Optics Limited,DE\n"
    assert cli(*db, "lists", "import", write("l.csv", entries), "--list", "test-list").code == 0
    assert cli(*db, "link").code == 0  # entry 1 auto-accepted (same name, same country); entry 2 queued
    assert cli(*db, "link", "reject", "test-list:2", "reg-b", "--by", "bob", "--reason", "French namesake").code == 0
    screened = cli(*db, "screen", write("c.csv", "id,name,country\nc1,Northwind Optics Limited,GB\n"), "--lists", "test-list", "--out", tmp_path / "hits.csv")
    assert screened.code == 1, screened.err
    assert cli(*db, "prune", "--keep-days", "30").code == 0

    shown = cli(*db, "audit", "--format", "json")
    assert shown.code == 0, shown.err
    events = json.loads(shown.out)
    assert [e["action"] for e in events] == ["import", "import", "link", "link", "screen", "prune"]
    assert [e["id"] for e in events] == sorted(e["id"] for e in events)
    ownership, listing = events[0], events[1]
    assert ownership["actor"] == "ops" and ownership["detail"]["kind"] == "entities" and ownership["detail"]["inserted"] == 2
    assert listing["detail"]["list_id"] == "test-list" and listing["detail"]["file"].endswith("l.csv")
    auto, manual = events[2], events[3]
    assert auto["actor"] == "partyscreen link" and auto["detail"]["status"] == "accepted"
    assert (auto["detail"]["entry_id"], auto["detail"]["entity_id"]) == ("1", "reg-a")
    assert auto["detail"]["reason"].startswith("auto-accepted")
    assert manual["actor"] == "bob" and manual["detail"]["status"] == "rejected" and manual["detail"]["reason"] == "French namesake"
    run = events[4]
    assert run["run_id"] >= 1 and run["detail"]["hits"] >= 1 and run["detail"]["input"].endswith("c.csv")
    assert events[5]["detail"]["keep_days"] == 30
    assert all(e["at"].endswith("+00:00") for e in events)

    links_only = json.loads(cli(*db, "audit", "--action", "link", "--action", "prune", "--format", "json").out)
    assert [e["action"] for e in links_only] == ["link", "link", "prune"]
    assert json.loads(cli(*db, "audit", "--run", str(run["run_id"]), "--format", "json").out) == [run]
    assert json.loads(cli(*db, "audit", "--since", "2999-01-01", "--format", "json").out) == []
    assert len(json.loads(cli(*db, "audit", "--since", events[0]["at"][:10], "--format", "json").out)) == 6

    engine = create_db_engine(db_url)
    with transaction(engine) as conn:
        record_event(conn, action="decision", actor="carol", subject_id="c1", run_id=run["run_id"],
                     detail={"verdict": "false_positive", "reason": "=HYPERLINK(\"x\")"})
    engine.dispose()
    rows = list(csv.DictReader(io.StringIO(cli(*db, "audit", "--subject", "c1").out)))
    assert [(r["action"], r["actor"], r["subject_id"]) for r in rows] == [("decision", "carol", "c1")]
    assert json.loads(rows[0]["detail"])["verdict"] == "false_positive"

    out = tmp_path / "trail.json"
    written = cli(*db, "audit", "--output", out)
    assert written.code == 0 and written.out == "" and "7 audit event(s)" in written.err
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 7
    wrong = cli(*db, "audit", "--out", tmp_path / "trail.txt")
    assert wrong.code == 2 and "cannot tell the format" in wrong.err
