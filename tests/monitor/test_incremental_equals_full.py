"""An incremental run finds what a full run finds, after randomised changes on both sides.

Customers and list names are drawn from one small set of syllables, so that names crowd each
other's shortlists and prefilters; each round renames customers (some towards listed names),
adds, renames and removes list entries, ends the measures of some entries and lets others resume,
adds, cuts and restores holdings that make affiliates, and accepts and rejects links of list
entries to registry entities (named like customers; some affiliates are held 30% through the
entry's own entity and 30% through the linked one, so they are affiliates only while linked). After
each incremental run a ``--full`` run must find exactly the same hits (and report nothing new,
changed or cleared)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from partyscreen.cli import run

from tests.monitor.conftest import STORE, SUFFIXES, SYLLABLES, customer_rows
from tests.monitor.test_scenario import current_hits, monitor

LIST = "cn-mofcom-export-control"
LIST_HEADER = "list_id,entry_id,name,aliases,name_zh,kind,country,address,listed_on,delisted_on,reference,url,entity_id\n"
ROUNDS = 3


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _variant(name: str, rng: random.Random) -> str:
    """A name near ``name``: a typo, a dropped or added word, a different legal form, or reordered."""
    words = name.split()
    how = rng.randrange(5)
    if how == 0 and words:
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 3:
            j = rng.randrange(1, len(w))
            words[i] = w[:j] + rng.choice("aeiouxz") + w[j + 1:]
    elif how == 1 and len(words) > 2:
        del words[rng.randrange(len(words) - 1)]
    elif how == 2:
        words.insert(rng.randrange(len(words) + 1), _word(rng))
    elif how == 3:
        words = [*words[:-1], rng.choice(SUFFIXES)]
    else:
        rng.shuffle(words)
    return " ".join(words)


def _lei(row: int) -> str:
    return f"5299{row:016d}"


def _customers(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """The customers with an LEI for every seventh (identifiers reach them whatever their names)."""
    path.write_text("customer_no,name,country,lei\n" + "".join(
        f"{a},{b},{c},{_lei(n) if n % 7 == 0 else ''}\n" for n, (a, b, c) in enumerate(rows)), encoding="utf-8")
    return path


def _list_file(path: Path, entries: dict[str, str]) -> Path:
    base = (STORE / "list.csv").read_text(encoding="utf-8").splitlines(keepends=True)[1:]
    lines = [f"cn-mofcom-export-control,{eid},{name},,,organization,,,2025-06-01,,ref,,\n" for eid, name in entries.items()]
    path.write_text(LIST_HEADER + "".join(base) + "".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("seed", [3, 11])
def test_incremental_runs_equal_full_runs_after_random_changes(monitored, tmp_path, seed):
    db, rng = monitored, random.Random(seed)
    rows = customer_rows(600, seed=seed)
    entries = {f"G-{n}": f"{_word(rng)} {_word(rng)} {rng.choice(SUFFIXES)}" for n in range(60)}
    crowd = f"{_word(rng)} {_word(rng)} {_word(rng)} AG"  # more look-alikes than the matcher scores per name
    entries.update({f"K-{n}": _variant(crowd, rng) for n in range(16)})
    for n in range(40):  # customers that are variants of listed names: hits and near-hits
        rows[n] = (rows[n][0], _variant(rng.choice(list(entries.values())), rng), rows[n][2])
    for n in range(40, 50):
        rows[n] = (rows[n][0], _variant(crowd, rng), rows[n][2])
    assert run(["--db", db, "lists", "import", str(_list_file(tmp_path / "list-0.csv", entries))]) == 0
    affiliates: dict[str, str] = {}
    cut_before: set[str] = set()
    registry = {f"RG-{n}": _variant(rng.choice(rows)[1], rng) for n in range(8)}  # registry entities to link to
    (tmp_path / "rg.csv").write_text("id,name,kind,country,aliases,identifiers,address\n" + "".join(
        f"{eid},{name},organization,US,,,\n" for eid, name in registry.items()), encoding="utf-8")
    assert run(["--db", db, "ownership", "import", str(tmp_path / "rg.csv")]) == 0
    linked: dict[str, str] = {}
    code, first = monitor(db, _customers(tmp_path / "c-0.csv", rows), tmp_path / "r-0.json")
    assert code in (0, 1) and first["full"]

    for round_no in range(1, ROUNDS + 1):
        for i in rng.sample(range(len(rows)), 12):  # renamed customers, some towards listed names
            target = rng.choice([*entries.values(), *affiliates.values(), rows[rng.randrange(len(rows))][1]])
            rows[i] = (rows[i][0], _variant(target, rng) if rng.random() < 0.6 else f"{_word(rng)} {_word(rng)} GmbH",
                       rows[i][2])
        for n in range(4):  # new entries named like customers or like the crowd, renamed and removed entries
            entries[f"G-{n + 100 * round_no}"] = _variant(rng.choice(rows)[1], rng)
            entries[f"K-{n + 100 * round_no}"] = _variant(crowd, rng)
        for eid in rng.sample(sorted(entries), 3):
            entries[eid] = _variant(entries[eid], rng)
        for eid in rng.sample(sorted(entries), 2):
            del entries[eid]
        assert run(["--db", db, "lists", "import", str(_list_file(tmp_path / f"list-{round_no}.csv", entries))]) == 0
        linked = {eid: ent for eid, ent in linked.items() if eid in entries}
        unlinked: dict[str, str] = {}
        for eid in rng.sample(sorted(linked), min(1, len(linked))):  # a link undone
            unlinked[f"{LIST}:{eid}"] = linked.pop(eid)
            assert run(["--db", db, "link", "reject", f"{LIST}:{eid}", unlinked[f"{LIST}:{eid}"], "--by", "t",
                        "--reason", "r"]) == 0
        for eid in rng.sample(sorted(e for e in entries if e.startswith("G-") and e not in linked), 2):
            linked[eid] = rng.choice(sorted(registry))  # two entries may name one registry entity
            assert run(["--db", db, "link", "accept", f"{LIST}:{eid}", linked[eid], "--by", "t", "--reason", "a"]) == 0
        new = {f"AF{round_no}-{n}": _variant(rng.choice(rows)[1], rng) for n in range(3)}
        via = rng.choice(sorted(linked))  # held 30% by the entry's own entity and 30% by the linked one
        new[f"AF{round_no}-via"] = _variant(rng.choice(rows)[1], rng)
        same_lei = rng.randrange(0, len(rows), 7)  # an affiliate named unlike the customer, with its LEI
        new[f"AF{round_no}-id"] = f"{_word(rng)} Lei Holdings AG"
        idents = {f"AF{round_no}-id": f"lei:{_lei(same_lei)}"}
        back = sorted(cut_before)  # affiliates cut last round are 60% subsidiaries again: only their state changes
        cut = rng.sample(sorted(set(affiliates) - cut_before), min(2, len(affiliates)))
        cut_before = set(cut)
        affiliates.update(new)
        (tmp_path / f"e-{round_no}.csv").write_text(
            "id,name,kind,country,aliases,identifiers,address\n"
            + "".join(f"{eid},{name},organization,DE,,{idents.get(eid, '')},\n" for eid, name in new.items()),
            encoding="utf-8")
        (tmp_path / f"h-{round_no}.csv").write_text(
            "owner_id,owned_id,relation,share,share_min,share_max,start_date,end_date,source\n"
            + "".join(f"X,{eid},shareholding,60,,,2024-01-01,,registry\n" for eid in [*new, *back] if not eid.endswith("-via"))
            + f"{LIST}:{via},AF{round_no}-via,shareholding,30,,,2024-01-01,,registry\n"
            + f"{linked[via]},AF{round_no}-via,shareholding,30,,,2024-01-01,,registry\n"
            + "".join(f"X,{eid},shareholding,30,,,2024-01-01,,registry\n" for eid in cut), encoding="utf-8")
        assert run(["--db", db, "ownership", "import", str(tmp_path / f"e-{round_no}.csv"),
                    str(tmp_path / f"h-{round_no}.csv")]) == 0

        ended = rng.sample(sorted(entries), 4)  # their measures end; last round's resume (only the state changes)
        (tmp_path / f"m-{round_no}.csv").write_text(
            "list_id,reference,entry_id,status,start_date,end_date,announced_on,url,note\n"
            + "".join(f"cn-mofcom-export-control,,{eid},ended,2026-05-01,,2026-04-28,,test\n" for eid in ended),
            encoding="utf-8")
        assert run(["--db", db, "lists", "import", str(tmp_path / f"m-{round_no}.csv"), "--format", "measures"]) == 0

        customers = _customers(tmp_path / f"c-{round_no}.csv", rows)
        code, incremental = monitor(db, customers, tmp_path / f"r-{round_no}.json")
        assert code in (0, 1) and not incremental["full"] and incremental["screened"] < len(rows)
        # a link never turns a hit into cleared + new: the same subject against the same listed party
        merged = {**{f"{LIST}:{e}": r for e, r in linked.items()}, **{r: p for p, r in unlinked.items()}}
        cleared = {(h["subject_id"], merged.get(h["entity_id"])) for h in incremental["hits"] if h["status"] == "cleared"}
        assert not cleared & {(h["subject_id"], h["entity_id"]) for h in incremental["hits"] if h["status"] == "new"}
        code, full = monitor(db, customers, tmp_path / f"f-{round_no}.json", "--full")
        assert code == 0, (round_no, {k: v for k, v in full.items() if k != "hits"})
        assert full["counts"]["new"] == full["counts"]["changed"] == full["counts"]["cleared"] == 0
        assert current_hits(db, full["run_id"]) == current_hits(db, incremental["run_id"])
    assert first["counts"]["new"] > 10  # the names do meet


def _person_list(path: Path, entries: dict[str, str]) -> Path:
    base = (STORE / "list.csv").read_text(encoding="utf-8").splitlines(keepends=True)[1:]
    lines = [f'cn-mofcom-export-control,{eid},"{name}",,,person,,,2025-06-01,,ref,,\n' for eid, name in entries.items()]
    path.write_text(LIST_HEADER + "".join(base) + "".join(lines), encoding="utf-8")
    return path


def test_a_listed_name_found_only_through_its_rare_word_reaches_the_customer(monitored, tmp_path):
    """A listing that the prefilter rates below its cutoff for a customer — the Belarusian
    spelling of a listed Russian name: no word the same — is scored through the rare-word rule
    (its surname is one edit from the customer's): the incremental run finds it when the listing
    comes, and clears it when four more holders of the surname make it common, as a full run does."""
    db = monitored
    rows = customer_rows(40, seed=5)
    rows[0] = (rows[0][0], "Аляксандр Рыгоравіч Лукашэнка", rows[0][2])
    # namesakes: the given name is common, only the surname can be rare
    entries = {f"A-{n}": f"{s}, Alexander" for n, s in enumerate(["PETROV", "SIDOROV", "IVANOV", "SMIRNOV", "POPOV", "ORLOV"])}
    assert run(["--db", db, "lists", "import", str(_person_list(tmp_path / "l0.csv", entries))]) == 0
    customers = _customers(tmp_path / "c.csv", rows)
    code, first = monitor(db, customers, tmp_path / "r0.json")
    assert rows[0][1] not in {h["subject_name"] for h in first["hits"]}

    entries["L-1"] = "LUKASHENKO, Alexander Grigoryevich"
    assert run(["--db", db, "lists", "import", str(_person_list(tmp_path / "l1.csv", entries))]) == 0
    code, incremental = monitor(db, customers, tmp_path / "r1.json")
    assert not incremental["full"]
    assert {(h["subject_name"], h["status"]) for h in incremental["hits"] if h["entity_id"].endswith("L-1")} == \
        {(rows[0][1], "new")}
    code, full = monitor(db, customers, tmp_path / "f1.json", "--full")
    assert full["counts"]["new"] == full["counts"]["changed"] == full["counts"]["cleared"] == 0

    # four more LUKASHENKOs: the surname is no longer rare, and no longer scored past the cutoff
    entries.update({f"L-{n}": f"LUKASHENKO, {g}" for n, g in zip(range(2, 6), ["Petr", "Ivan", "Oleg", "Boris"])})
    assert run(["--db", db, "lists", "import", str(_person_list(tmp_path / "l2.csv", entries))]) == 0
    code, incremental = monitor(db, customers, tmp_path / "r2.json")
    assert {(h["subject_name"], h["status"]) for h in incremental["hits"] if h["entity_id"].endswith("L-1")} == \
        {(rows[0][1], "cleared")}
    code, full = monitor(db, customers, tmp_path / "f2.json", "--full")
    assert full["counts"]["new"] == full["counts"]["changed"] == full["counts"]["cleared"] == 0
    assert current_hits(db, full["run_id"]) == current_hits(db, incremental["run_id"])
