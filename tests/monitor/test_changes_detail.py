"""A hit that comes back ``changed`` says what changed on the candidate's side: the names the
listed party had before and has now, and the name the customer now matches (both engines)."""

from __future__ import annotations

import json

from partyscreen.cli import run

from tests.monitor.conftest import AS_OF, STORE

ENTRY = ("cn-mofcom-export-control,T-9,Orbital Vektor Dynamics Corporation,{aliases},,organization,RU,,2025-03-01,,"
         "商务部公告2025年第9号,https://www.mofcom.gov.cn/z,\n")
CUSTOMERS = "id,name,country\nk1,Orbital Vektor Dynamics Corp,RU\nk2,Plain Widgets Oy,FI\n"


def _list(tmp_path, aliases: str) -> str:
    path = tmp_path / f"list-{len(aliases)}.csv"
    path.write_text((STORE / "list.csv").read_text(encoding="utf-8") + ENTRY.format(aliases=aliases), encoding="utf-8")
    return str(path)


def _monitor(db: str, customers, report) -> tuple[int, dict]:
    code = run(["--db", db, "monitor", "run", "--customers", str(customers), "--as-of", AS_OF, "--workers", "1",
                "--report", str(report)])
    return code, json.loads(report.read_text(encoding="utf-8"))


def _decided(db: str, tmp_path, verdict: str, reason: str, by: str) -> tuple[object, dict, dict]:
    """The customers file, the first run's report and its hit on k1, after the list entry is imported
    and an analyst decided that hit."""
    customers = tmp_path / "customers.csv"
    customers.write_text(CUSTOMERS, encoding="utf-8")
    assert run(["--db", db, "lists", "import", _list(tmp_path, "")]) == 0
    code, first = _monitor(db, customers, tmp_path / "r1.json")
    hit = next(h for h in first["hits"] if h["subject_id"] == "k1")
    assert code == 1 and hit["status"] == "new"
    assert run(["--db", db, "review", "decide", str(hit["hit_id"]), "--verdict", verdict, "--reason", reason,
                "--by", by]) == 0
    return customers, first, hit


def test_a_decided_hit_comes_back_naming_the_alias_the_listed_party_gained(monitored, tmp_path, capsys):
    db = monitored
    customers, _, _ = _decided(db, tmp_path, "false_positive", "different company", "A. Analyst")

    # the list entry gains an alias: the decision no longer covers the hit, and the report names the alias
    assert run(["--db", db, "lists", "import", _list(tmp_path, "OVD Corp")]) == 0
    code, second = _monitor(db, customers, tmp_path / "r2.json")
    back = next(h for h in second["hits"] if h["subject_id"] == "k1")
    assert code == 1 and back["status"] == "changed" and back["decision"]["verdict"] == "false_positive"
    names = [c for c in back["changes"] if c["field"] == "candidate names"]
    # the names as before and after (like every other field), not the sets removed / added
    assert names == [{"field": "candidate names", "before": "Orbital Vektor Dynamics Corporation",
                      "after": "Orbital Vektor Dynamics Corporation; OVD Corp"}], back["changes"]

    # a third run with nothing new: the hit is unchanged (counted, not listed)
    code, third = _monitor(db, customers, tmp_path / "r3.json")
    assert third["counts"]["changed"] == 0 and third["counts"]["unchanged"] == 1


def test_the_audit_trail_tells_one_customers_story(monitored, tmp_path, capsys):
    """`audit --subject` shows each hit a run reported (new, changed, cleared) and the decision with the
    fingerprints it bound; unchanged and suppressed hits are counted in the run, not events."""
    db = monitored
    customers, first, hit = _decided(db, tmp_path, "true_match", "same company", "B. Analyst")
    _monitor(db, customers, tmp_path / "r2.json")  # nothing changed: no hit events
    customers.write_text(CUSTOMERS.replace("k1,Orbital Vektor Dynamics Corp,RU\n", "k1,Plain Gadgets AB,SE\n"),
                         encoding="utf-8")
    _, fourth = _monitor(db, customers, tmp_path / "r3.json")
    assert fourth["counts"]["cleared"] == 1
    capsys.readouterr()
    assert run(["--db", db, "audit", "--subject", "k1", "--format", "json"]) == 0
    events = json.loads(capsys.readouterr().out)
    story = [(e["action"], e["run_id"], e["detail"].get("status") or e["detail"].get("verdict")) for e in events]
    assert story == [("monitor_hit", first["run_id"], "new"), ("decision", first["run_id"], "true_match"),
                     ("monitor_hit", fourth["run_id"], "cleared")]
    new_event, decision = events[0]["detail"], events[1]["detail"]
    assert new_event["entity_id"] == hit["entity_id"] and new_event["score"] == hit["score"]
    assert decision["subject_fingerprint"] and decision["entity_fingerprint"] and decision["hit_id"] == hit["hit_id"]
    assert events[2]["detail"]["changes"][0]["after"]


def test_a_decision_survives_a_rename_in_punctuation_only(monitored, tmp_path, capsys):
    """QA: `Zephyr Widgets LLC` -> `Zephyr Widgets L.L.C.` voided the decision. The decision binds the
    name's screened form (full stops dropped, commas and runs of spaces as one space, case-folded):
    such a rename keeps it (the customer is re-screened, the hit stays suppressed); a changed word does not."""
    from partyscreen.screening.hits import screened_fingerprint, screened_form

    assert screened_form("Zephyr Widgets L.L.C.") == screened_form("ZEPHYR  widgets, LLC") == "zephyr widgets llc"
    assert screened_fingerprint("Zephyr Widgets L.L.C.", "US", "", []) == screened_fingerprint("Zephyr Widgets LLC", "US", "", [])
    assert screened_form("Zephyr Widget LLC") != screened_form("Zephyr Widgets LLC")
    assert screened_form("A-B Widgets") != screened_form("AB Widgets")

    db = monitored
    customers, _, _ = _decided(db, tmp_path, "false_positive", "different company", "A. Analyst")
    customers.write_text(CUSTOMERS.replace("Orbital Vektor Dynamics Corp,", "\"ORBITAL  Vektor, Dynamics Corp.\","),
                         encoding="utf-8")
    code, second = _monitor(db, customers, tmp_path / "r2.json")
    assert code == 0, second
    kept = next(h for h in second["hits"] if h["subject_id"] == "k1")
    assert kept["status"] == "suppressed" and kept["decision"]["verdict"] == "false_positive"
    assert kept["subject_name"] == "ORBITAL  Vektor, Dynamics Corp."  # re-screened: the stored name is today's

    customers.write_text(CUSTOMERS.replace("Orbital Vektor Dynamics Corp,", "Orbital Vektor Dynamic Corp,"),
                         encoding="utf-8")
    code, third = _monitor(db, customers, tmp_path / "r3.json")
    back = next(h for h in third["hits"] if h["subject_id"] == "k1")
    assert code == 1 and back["status"] == "changed" and back["decision"]["verdict"] == "false_positive"
    assert {"field": "subject", "before": "ORBITAL  Vektor, Dynamics Corp.", "after": "Orbital Vektor Dynamic Corp"} \
        in back["changes"]
