"""The monitor reads customers a column at a time: the same fields and fingerprints as ``screen``
reads row by row, and the same input errors; the roster tells new, changed and gone apart."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from partyscreen import settings
from partyscreen.errors import InputError
from partyscreen.monitor.customers import customers_from_frame
from partyscreen.monitor.roster import Roster, Stored
from partyscreen.screening.inputs import find_columns
from partyscreen.screening.screener import _subjects

LONG = "Very Long Name " * (settings.MAX_NAME_CHARS // 10)


def _frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, dtype=object).fillna("")
    frame.index = pd.Index(range(2, len(rows) + 2), name="row")
    frame.attrs["partyscreen_rows"] = True
    return frame


ROWS = [
    {"id": " k1 ", "name": "  Huawei Technologies Co., Ltd. ", "country": "China", "role": " Buyer ", "lei": "", "identifiers": ""},
    {"id": "k2", "name": "ZTE\x00 Corporation", "country": "cn", "role": "", "lei": "5493001KJTIIGC8Y1R12", "identifiers": ""},
    {"id": "k3", "name": "", "country": "Deutschland", "role": "Consignee", "lei": "", "identifiers": "uscc:9144;duns: 12"},
    {"id": "k4", "name": LONG, "country": "Atlantis", "role": "", "lei": " x ", "identifiers": "vat:DE1;bad"},
    {"id": "k5", "name": "Ştefan Müller GmbH", "country": "", "role": "END USER", "lei": "", "identifiers": ""},
]


def test_columns_give_the_fields_and_fingerprints_screen_gives():
    frame = _frame(ROWS)
    customers = customers_from_frame(frame, "in.csv")
    expected = _subjects(frame, find_columns(frame, source="in.csv"))
    got = customers.subjects
    assert [s.subject_id for s in got] == ["k1", "k2", "k3", "k4", "k5"]
    for mine, theirs in zip(got, expected):
        assert (mine.row, mine.subject_id, mine.name, mine.country, mine.role, mine.identifiers, mine.error) == \
            (theirs.row, theirs.subject_id, theirs.name, theirs.country, theirs.role, theirs.identifiers, theirs.error)
        assert mine.fingerprint == theirs.fingerprint
    assert list(customers.fingerprints) == [s.fingerprint for s in expected]
    assert got[2].error and got[3].error and got[1].name == "ZTE Corporation"


def test_id_problems_are_named_by_row_in_input_order():
    frame = _frame([{"id": "a", "name": "A"}, {"id": "", "name": "B"}, {"id": "a", "name": "C"},
                    {"id": "x" * 201, "name": "D"}, {"id": "a", "name": "E"}])
    with pytest.raises(InputError) as caught:
        customers_from_frame(frame, "ids.csv")
    found = [(p.row, p.message) for p in caught.value.problems]
    assert found == [(3, "empty id: every customer needs one"), (4, "id 'a' repeats row 2"),
                     (5, "id longer than 200 characters"), (6, "id 'a' repeats row 2")]


def test_roster_keeps_seqs_and_tells_fresh_unchanged_and_gone_apart():
    first = customers_from_frame(_frame([{"id": "a", "name": "Alpha"}, {"id": "b", "name": "Beta"},
                                         {"id": "c", "name": "Gamma"}]), "1.csv")
    roster = Roster(first, Stored.empty())
    assert roster.seqs.tolist() == [1, 2, 3] and roster.fresh() == {1, 2, 3}
    inserts, updates = list(roster.rows(known=False)), list(roster.rows(known=True))
    assert [r[:3] for r in inserts] == [("a", 1, "Alpha"), ("b", 2, "Beta"), ("c", 3, "Gamma")] and updates == []
    stored = Stored(np.array(["a", "b", "c", "d"], dtype=object), np.array([1, 2, 3, 4]),
                    np.array([*first.fingerprints.tolist(), "f"], dtype=object), np.array([True, True, False, True]))
    second = customers_from_frame(_frame([{"id": "c", "name": "Gamma"}, {"id": "b", "name": "Beta Two"},
                                          {"id": "a", "name": "Alpha"}, {"id": "e", "name": "Epsilon"}]), "2.csv")
    roster = Roster(second, stored)
    assert roster.seqs.tolist() == [3, 2, 1, 5]
    assert roster.fresh() == {3, 2, 5}  # re-activated, changed, new; "a" unchanged
    assert roster.inactivate == ["d"] and roster.gone_seqs == {4} and roster.active_before == 3
    inserts, updates = list(roster.rows(known=False)), list(roster.rows(known=True))
    assert [r[:2] for r in inserts] == [("e", 5)] and sorted(r[:2] for r in updates) == [("b", 2), ("c", 3)]
    assert roster.has([1, 4, 5, 9]).tolist() == [True, False, True, False]
    assert roster.seq_of(["b", "zz"]) == {"b": 2} and roster.tasks([5])[0][:2] == (5, "Epsilon")
