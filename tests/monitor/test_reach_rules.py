"""The reach rule "a subject that had matches is re-screened when a new list name reaches it"
(``partyscreen.monitor.reach``; both engines).

A new list name reaches a customer when it shares a blocking key with one of the customer's
readings and passes the prefilter; it can then push one of the customer's matches out of the
names scored for it (the shortlist is cut at ``REFINE_LIMIT`` names), even when its own score is
below the minimum. So a reached customer that had matches is re-screened; a reached customer
without matches only when the new name scores at least the minimum against it.
"""

from __future__ import annotations

import pandas as pd

from partyscreen.cli import run
from partyscreen.monitor.run import customers_from_frame, run_monitor
from partyscreen.store.db import create_db_engine

from tests.monitor.conftest import AS_OF, STORE

ENTRY = ("cn-mofcom-export-control,{entry},{name},,,organization,RU,,2025-03-01,,商务部公告2025年第9号,"
         "https://www.mofcom.gov.cn/z,\n")
CUSTOMERS = [
    ("k1", "Orbital Vektor Dynamics Corp", "RU"),   # matches T-9 (100)
    ("k2", "Plain Widgets Oy", "FI"),               # nowhere near either name
    ("k3", "Orbital Vektor Logistics Oy", "RU"),    # reached by the new name (shared words), no match at all
]


def _import(db: str, tmp_path, *entries: tuple[str, str]) -> None:
    path = tmp_path / f"list-{len(entries)}.csv"
    text = (STORE / "list.csv").read_text(encoding="utf-8")
    path.write_text(text + "".join(ENTRY.format(entry=e, name=n) for e, n in entries), encoding="utf-8")
    assert run(["--db", db, "lists", "import", str(path)]) == 0


def test_a_new_name_reaching_a_customer_with_matches_re_screens_it(monitored, tmp_path):
    db = monitored
    _import(db, tmp_path, ("T-9", "Orbital Vektor Dynamics Corporation"))
    frame = pd.DataFrame(CUSTOMERS, columns=["id", "name", "country"])
    engine = create_db_engine(db)
    first = run_monitor(engine, customers_from_frame(frame, "customers"), as_of=AS_OF, workers=1)
    assert first.screened == 3 and first.counts["new"] == 1  # k1 on T-9

    # a new listing whose name reaches k1 and k3 (it shares their words "Orbital Vektor") but scores
    # below the minimum against both: only k1, which had a match, is re-screened
    _import(db, tmp_path, ("T-9", "Orbital Vektor Dynamics Corporation"), ("T-10", "Orbital Vektor Holdings"))
    second = run_monitor(engine, customers_from_frame(frame, "customers"), as_of=AS_OF, workers=1)
    assert not second.full and second.candidates_changed == 1
    assert second.screened == 1, second  # 0: the rule is gone; 2: every reached customer is re-screened
    assert second.counts["new"] == 0 and second.counts["unchanged"] == 1

    # that listing renamed to a name that reaches nobody: both customers its old name reached are
    # re-screened (the old name left the names scored for them)
    _import(db, tmp_path, ("T-9", "Orbital Vektor Dynamics Corporation"), ("T-10", "Quaxoplin Trading"))
    third = run_monitor(engine, customers_from_frame(frame, "customers"), as_of=AS_OF, workers=1)
    assert third.candidates_changed == 1 and third.screened == 2

    # a further listing that reaches nobody: nobody is re-screened
    _import(db, tmp_path, ("T-9", "Orbital Vektor Dynamics Corporation"), ("T-10", "Quaxoplin Trading"),
            ("T-11", "Zorbulan Freight"))
    fourth = run_monitor(engine, customers_from_frame(frame, "customers"), as_of=AS_OF, workers=1)
    assert fourth.candidates_changed == 1 and fourth.screened == 0
    engine.dispose()


def test_a_new_listing_reaches_a_customer_through_a_respelling_alone(monitored, tmp_path):
    """A new list name that shares no word with a customer but is its name in another romanisation
    (Wade–Giles against pinyin: the index's respelling keys, ``index.respelt_keys``) reaches it:
    the incremental run finds the hit the full run finds."""
    db = monitored
    customers = pd.DataFrame([("k1", "Hsi Chin-p'ing", "CN"), ("k2", "Plain Widgets Oy", "FI")],
                             columns=["id", "name", "country"])
    engine = create_db_engine(db)
    first = run_monitor(engine, customers_from_frame(customers, "customers"), as_of=AS_OF, workers=1)
    assert first.counts["new"] == 0
    person = ENTRY.replace("organization,RU", "person,CN")
    path = tmp_path / "list-person.csv"
    path.write_text((STORE / "list.csv").read_text(encoding="utf-8") + person.format(entry="P-1", name="XI Jinping"),
                    encoding="utf-8")
    assert run(["--db", db, "lists", "import", str(path)]) == 0
    second = run_monitor(engine, customers_from_frame(customers, "customers"), as_of=AS_OF, workers=1)
    assert not second.full and second.candidates_changed == 1
    assert second.counts["new"] == 1, second  # 0: the respelling does not reach the customer
    full = run_monitor(engine, customers_from_frame(customers, "customers"), as_of=AS_OF, workers=1, full=True)
    assert full.counts["new"] == 0 and full.counts["unchanged"] == 1
    engine.dispose()
