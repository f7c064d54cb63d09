"""Benchmark the ownership engine on a generated graph (issue 3).

Usage::

    python scripts/bench_ownership.py [--entities 1000000] [--holdings 2000000] [--roots 1000] [--seed 7]
                                      [--subset 20000] [--policy mofcom-61]

Prints the engine time (graph compile, certain pass, look-through, possible pass, paths), the
time to materialise every caught entity's :class:`Affiliation`, peak memory (tracemalloc peak of
the engine call and the process's ``ru_maxrss``), and the naive reference (dict fixed point,
``tests/ownership/reference.py`` style) on a subset, as a ratio per holding. The machine may be
running other benchmarks concurrently: take the best of ``--repeat`` runs and compare ratios
rather than absolute times.

The graph (numpy, fixed seed): every entity has Poisson-distributed owners, half of them
"nearby" (chains, groups) and half anywhere (cross-holdings and cycles); shares split the capital
with some of it unaccounted; 10% of stakes are UK PSC bands (25-50 exclusive-min, 50-75, 75-100),
1% unknown size, 1% branches, 1% control, 2% voting; 90% of entities have their whole capital on
record, the others 60-100% of it; 5% of holdings start after the date and 5% ended before it.

The end-to-end part (read from SQLite, compute, store, write CSV) belongs to the store layer: see
:func:`bench_end_to_end`, the marked extension point.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from partyscreen.ownership import HoldingTable, Listing, Policy, compute_affiliates_table, get_policy  # noqa: E402
from partyscreen.ownership.table import REL_BRANCH, REL_CONTROL, REL_SHARE, REL_VOTING  # noqa: E402
from partyscreen.shares import HUNDRED_PERCENT  # noqa: E402
from benchlib import fresh_sqlite, run_child  # noqa: E402

AS_OF = date(2026, 1, 1)
BENCH_LISTS = ("cn-mofcom-export-control", "cn-mofcom-watch")


def generate(n: int, m: int, n_roots: int, seed: int) -> tuple[HoldingTable, list[Listing]]:
    """A reproducible graph of ``n`` entities, about ``m`` holdings and ``n_roots`` listed roots."""
    rng = np.random.default_rng(seed)
    counts = rng.poisson(m / n, n)
    counts = np.minimum(counts, 8)
    owned = np.repeat(np.arange(n, dtype=np.int64), counts)[:m]
    k = len(owned)
    near = owned - rng.integers(1, 60, k)
    far = rng.integers(0, n, k)
    owner = np.where(rng.random(k) < 0.5, near, far) % n
    owner = np.where(owner == owned, (owner + 1) % n, owner)
    weight = rng.exponential(1.0, k)
    total = np.bincount(owned, weights=weight, minlength=n)[owned]
    capital = np.where(rng.random(n) < 0.9, 1.0, rng.uniform(0.6, 1.0, n))[owned]
    share = np.floor(weight / total * capital * HUNDRED_PERCENT).astype(np.int64)
    share = np.round(share, -4)  # 0.01% granularity, so exact ties at 50% occur
    low, high = share.copy(), share.copy()
    min_x = np.zeros(k, dtype=bool)
    kind = rng.random(k)
    band = kind < 0.10
    b = rng.integers(0, 3, k)
    lows = np.array([25, 50, 75]) * HUNDRED_PERCENT // 100
    low[band] = lows[b[band]]
    high[band] = lows[b[band]] + 25 * HUNDRED_PERCENT // 100
    min_x[band] = True
    unknown = (kind >= 0.10) & (kind < 0.11)
    low[unknown], high[unknown] = 0, HUNDRED_PERCENT
    rel = np.full(k, REL_SHARE, dtype=np.int8)
    rel[(kind >= 0.12) & (kind < 0.13)] = REL_BRANCH
    rel[(kind >= 0.13) & (kind < 0.14)] = REL_CONTROL
    rel[(kind >= 0.14) & (kind < 0.16)] = REL_VOTING
    start = np.where(rng.random(k) < 0.05, AS_OF.toordinal() + 30, np.iinfo(np.int64).min)
    end = np.where(rng.random(k) < 0.05, AS_OF.toordinal() - 30, np.iinfo(np.int64).max)
    ids = [f"E{i}" for i in range(n)]
    table = HoldingTable(ids, owner, owned, rel, low, high, min_x, None, start, end)
    roots = rng.choice(n, n_roots, replace=False)
    listings = [Listing(ids[r], BENCH_LISTS[i % 2]) for i, r in enumerate(roots)]
    return table, listings


def naive_statuses(table: HoldingTable, listings: list[Listing], pol: Policy) -> tuple[set[int], set[int]]:
    """Deliberately simple reference: full passes over Python tuples until nothing changes.

    Returns (certain, possible) entity indices, listed roots included in both. Aggregate +
    propagation policies only (the bench's default); shareholdings, branches, voting/control as
    the policy says; lower bounds for certain, upper bounds plus the unknown remainder for
    possible; dates in force on :data:`AS_OF`. No look-through (the engine's possible set may
    only be larger by its look-through flags).
    """
    mask = table.in_force(AS_OF)
    excl = table.min_exclusive if table.min_exclusive is not None else np.zeros(len(table), bool)
    rows = [
        (int(o), int(d), int(r), int(lo), int(hi), bool(x))
        for o, d, r, lo, hi, x, keep in zip(table.owner, table.owned, table.relation, table.share_min, table.share_max, excl, mask)
        if keep and o != d
    ]
    accounted: dict[int, int] = {}
    for o, d, r, lo, hi, x in rows:
        if r == REL_SHARE:
            accounted[d] = accounted.get(d, 0) + lo
    index = {eid: i for i, eid in enumerate(table.ids)}
    roots = {index[l.entity_id] for l in listings if l.list_id in pol.lists and l.entity_id in index}
    return _naive_pass(rows, roots, pol, accounted, False), _naive_pass(rows, roots, pol, accounted, True)


def _naive_pass(rows: list[tuple[int, int, int, int, int, bool]], roots: set[int], pol, accounted: dict[int, int], possible: bool) -> set[int]:  # type: ignore[no-untyped-def]
    """One naive least fixed point (full re-scan per round)."""
    caught = set(roots)
    t = pol.threshold
    while True:
        shares: dict[int, int] = {}
        low: dict[int, int] = {}
        votes: dict[int, int] = {}
        exclusive: set[int] = set()
        hit: set[int] = set()
        for o, d, r, lo, hi, x in rows:
            if o not in caught or d in caught:
                continue
            v = hi if possible else lo
            if r == REL_BRANCH or (r == REL_CONTROL and (pol.count_control or possible)):
                hit.add(d)
            elif r == REL_SHARE:
                shares[d] = shares.get(d, 0) + v
                low[d] = low.get(d, 0) + lo
                if x and not possible:
                    exclusive.add(d)
            elif r == REL_VOTING and (pol.count_voting or possible):
                votes[d] = votes.get(d, 0) + v
        for d, s in list(shares.items()) + list(votes.items()):
            if s > t or (s == t and (not pol.strict or d in exclusive)):
                hit.add(d)
        if possible:
            for d in shares:
                if HUNDRED_PERCENT - (accounted.get(d, 0) - low[d]) >= t:
                    hit.add(d)
        if not hit - caught:
            return caught
        caught |= hit


def subset(table: HoldingTable, listings: list[Listing], size: int) -> tuple[HoldingTable, list[Listing]]:
    """The subgraph induced by the first ``size`` entities."""
    keep = (table.owner < size) & (table.owned < size)

    def cut(a: np.ndarray | None) -> np.ndarray | None:
        return None if a is None else np.asarray(a)[keep]

    sub = HoldingTable(list(table.ids[:size]), table.owner[keep], table.owned[keep], table.relation[keep],
                       table.share_min[keep], table.share_max[keep], cut(table.min_exclusive), cut(table.max_exclusive),
                       cut(table.start), cut(table.end))
    wanted = set(sub.ids)
    return sub, [l for l in listings if l.entity_id in wanted]


def bench_engine(table: HoldingTable, listings: list[Listing], policy: Policy, repeat: int) -> dict[str, float]:
    """Best-of-``repeat`` engine timings (seconds) and the tracemalloc peak (bytes) of one run."""
    best: dict[str, float] = {}
    for i in range(repeat):
        if i == 0:
            tracemalloc.start()
        started = time.perf_counter()
        result = compute_affiliates_table(table, listings, policy, AS_OF)
        result.paths()
        elapsed = time.perf_counter() - started
        if i == 0:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            best["tracemalloc_peak"] = peak
            started = time.perf_counter()
            rows = sum(1 for _ in result.iter_rows(max_roots=20))
            best["materialise"] = time.perf_counter() - started
            best["caught"] = rows
            best.update({f"count_{k}": v for k, v in result.counts().items()})
            best["lookthrough_flagged"] = len(result.lookthrough.flagged)
            best["lookthrough_iterations"] = result.lookthrough.iterations
        if "engine" not in best or elapsed < best["engine"]:
            best["engine"] = elapsed
            best.update({f"step_{k}": v for k, v in result.timings.items() if k != "root_sets"})
    return best


def _write_sqlite(table: HoldingTable, listings: list[Listing], path: Path) -> None:
    """Load the generated graph into a fresh partyscreen SQLite database (bulk inserts; not timed)."""
    import sqlite3

    from partyscreen.ownership.model import RELATIONS
    from partyscreen.ownership.table import NO_END, NO_START
    from partyscreen.store.db import create_db_engine, upgrade

    fresh_sqlite(path)
    engine = create_db_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    ids = list(table.ids)
    conn.executemany("INSERT INTO entity (id, name, kind) VALUES (?, ?, 'organization')", ((i, f"Company {i}") for i in ids))

    def day(ordinal: int, open_value: int) -> str | None:
        return None if ordinal == open_value else date.fromordinal(int(ordinal)).isoformat()

    start = table.start if table.start is not None else np.full(len(table), NO_START)
    end = table.end if table.end is not None else np.full(len(table), NO_END)
    low_x = table.min_exclusive if table.min_exclusive is not None else np.zeros(len(table), bool)
    high_x = table.max_exclusive if table.max_exclusive is not None else np.zeros(len(table), bool)
    rows = (
        (f"h{r}", ids[o], ids[d], RELATIONS[int(rel)], int(lo), int(hi), bool(lx), bool(hx), day(s, NO_START), day(e, NO_END))
        for r, (o, d, rel, lo, hi, lx, hx, s, e) in enumerate(
            zip(table.owner.tolist(), table.owned.tolist(), table.relation.tolist(), table.share_min.tolist(),
                table.share_max.tolist(), low_x.tolist(), high_x.tolist(), start.tolist(), end.tolist())
        )
    )
    conn.executemany(
        "INSERT INTO holding (id, owner_id, owned_id, relation, share_min, share_max, min_exclusive, max_exclusive, "
        "start_date, end_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.executemany("INSERT OR IGNORE INTO list (id, name) VALUES (?, ?)", ((l, l) for l in BENCH_LISTS))
    conn.executemany(
        "INSERT INTO list_entry (list_id, entry_id, entity_id, name, kind) VALUES (?, ?, ?, ?, 'organization')",
        ((l.list_id, f"e{n}", l.entity_id, f"Company {l.entity_id}") for n, l in enumerate(listings)),
    )
    conn.execute("INSERT INTO import_batch (kind, file_name, checksum, encoding, row_count, inserted, updated, unchanged, "
                 "started_at, tool_version) VALUES ('bench', 'generated', '', '', 0, 0, 0, 0, '2026-01-01 00:00:00', 'bench')")
    conn.commit()
    conn.close()


def bench_end_to_end(table: HoldingTable, listings: list[Listing], policy: Policy, repeat: int = 2) -> dict[str, float] | None:
    """End-to-end ``partyscreen affiliates`` from SQLite: read, compute, store, write CSV.

    The generated graph is written into a fresh SQLite database (not timed), then
    ``partyscreen affiliates --as-of 2026-01-01 --out affiliates.csv`` runs in a child process,
    timed as a whole, with its own peak RSS, ``repeat`` times, each after a run of the plain-read
    baseline. Target: <= 10 s end to end, <= 2 GiB peak.
    """
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="ps-bench-own-"))
    started = time.perf_counter()
    _write_sqlite(table, listings, folder / "bench.db")
    print(f"(wrote the graph into {folder / 'bench.db'} in {time.perf_counter() - started:.1f} s, not timed)")
    cmd = [sys.executable, "-m", "partyscreen.cli", "--db", f"sqlite:///{folder / 'bench.db'}", "affiliates",
           "--policy", policy.name, "--lists", ",".join(sorted(policy.lists)), "--as-of", AS_OF.isoformat(),
           "--out", str(folder / "affiliates.csv")]
    runs, baselines = [], []
    for _ in range(max(1, repeat)):  # interleaved, so both see the same machine
        baselines.append(_plain_read_seconds(folder / "bench.db"))
        runs.append(run_child(cmd)[:2])
    elapsed, peak = min(runs)
    baseline = min(baselines)
    rows = sum(1 for _ in (folder / "affiliates.csv").open(encoding="utf-8")) - 1
    print(f"end-to-end runs: {', '.join(f'{t:.2f} s' for t, _ in runs)}; peak RSS of the child: "
          f"{max(p for _, p in runs):.0f} MiB [target <= 2048 MiB]; {rows:,} rows written")
    print(f"baseline: a plain Python sqlite3 script reading every holding (SELECT * FROM holding, fetchall), "
          f"start-up included, best of {len(baselines)}: {baseline:.2f} s; best end-to-end / baseline = "
          f"{elapsed / baseline:.2f}x [the issue's figures: ~3 s to read, <= 10 s end to end, i.e. <= 3.3x]")
    return {"total (read, compute, store, write CSV), best run [target <= 10 s]": elapsed}


def _plain_read_seconds(database: Path) -> float:
    """Wall time of a child process that only reads the holding table with the standard library."""
    script = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); rows = c.execute('SELECT * FROM holding').fetchall()"
    return run_child([sys.executable, "-c", script, str(database)]).seconds


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a report."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entities", type=int, default=1_000_000)
    ap.add_argument("--holdings", type=int, default=2_000_000)
    ap.add_argument("--roots", type=int, default=1_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--subset", type=int, default=200_000)
    ap.add_argument("--policy", default="mofcom-61")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    policy = get_policy(args.policy).with_lists(BENCH_LISTS)  # any policy, over the generated lists

    started = time.perf_counter()
    table, listings = generate(args.entities, args.holdings, args.roots, args.seed)
    print(f"generated {table.n_entities:,} entities, {len(table):,} holdings, {len(listings):,} listed roots "
          f"in {time.perf_counter() - started:.2f} s")
    full = bench_engine(table, listings, policy, args.repeat)
    print(f"policy {policy.summary()}; as of {AS_OF}")
    print(f"engine (best of {args.repeat}; graph compile, certain pass, look-through, possible pass, paths): "
          f"{full['engine']:.3f} s  [target <= 2 s; other benchmarks may share the 2 cores]")
    for key in ("graph", "certain", "lookthrough", "possible", "paths"):
        print(f"  {key:<12} {full.get('step_' + key, 0.0):.3f} s")
    print(f"caught: {int(full['caught']):,} (listed {int(full['count_listed']):,}, affiliates {int(full['count_affiliate']):,}, "
          f"possible {int(full['count_possible_affiliate']):,}); look-through flagged {int(full['lookthrough_flagged']):,} "
          f"after {int(full['lookthrough_iterations'])} iterations")
    print(f"materialise every output row (iter_rows, roots and paths as text): {full['materialise']:.3f} s")
    print(f"peak memory: tracemalloc {full['tracemalloc_peak'] / 2**20:.0f} MiB in the engine call; "
          f"process ru_maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10:.0f} MiB")

    sub_table, sub_listings = subset(table, listings, args.subset)
    sub = bench_engine(sub_table, sub_listings, policy, 1)
    engine_result = compute_affiliates_table(sub_table, sub_listings, policy, AS_OF)
    started = time.perf_counter()
    naive = naive_statuses(sub_table, sub_listings, policy)
    naive_time = time.perf_counter() - started
    certain, possible = naive
    if not (policy.aggregate and policy.propagate):
        print("(the naive reference models aggregate + propagation policies only; comparison skipped)")
        naive = ({int(i) for i in np.flatnonzero(engine_result.status >= 2)}, set())
        certain, possible = naive
    agree = certain == {int(i) for i in np.flatnonzero(engine_result.status >= 2)}
    engine_possible = {int(i) for i in np.flatnonzero(engine_result.status >= 1)}
    agree = agree and possible <= engine_possible
    per_edge_engine = full["engine"] / max(len(table), 1)
    per_edge_naive = naive_time / max(len(sub_table), 1)
    print(f"naive reference on the first {args.subset:,} entities ({len(sub_table):,} holdings): {naive_time:.3f} s "
          f"(engine on the same subset {sub['engine']:.3f} s; certain sets equal and naive possible set "
          f"within the engine's: {agree}; engine possible extra by look-through: {len(engine_possible - possible)})")
    print(f"ratio naive/engine per holding: {per_edge_naive / per_edge_engine:.1f}x "
          f"(same subset: {naive_time / max(sub['engine'], 1e-9):.1f}x)")
    e2e = bench_end_to_end(table, listings, policy, min(args.repeat, 2))
    print("end-to-end from SQLite: " + (", ".join(f"{k} {v:.2f} s" for k, v in e2e.items()) if e2e else "not implemented here (see bench_end_to_end)"))
    return 0 if agree else 1


if __name__ == "__main__":
    raise SystemExit(main())
