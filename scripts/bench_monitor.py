"""Nightly monitor benchmark: a full run, then an incremental one, locally and on a Dask cluster.

Builds a SQLite database with the bundled MOFCOM lists and a generated ownership network (faker,
fixed seed: ``--affiliates`` companies owned 50-100% by listed parties, directly or in chains),
writes ``--customers`` generated customers (0.5% naming listed parties, 0.5% affiliates), then
times, each in a child process (``partyscreen monitor run``):

1. the first (full) run over every customer;
2. after changes — 1% of the customers renamed, 20 list entries added or renamed (a partial
   import into ``cn-mofcom-watch``, some of them named like customers), 1,000 holdings re-stated
   (half cut below 50%, half new 60% stakes) — the incremental run;
3. unless ``--no-cluster``: the same first run on a copy of the database taken before step 1,
   with ``--cluster`` on a 2-worker ``dask.distributed.LocalCluster`` started by this script.

Prints each run's wall time, CPU time (the monitor process and its workers; for the cluster run
plus what the Dask workers used meanwhile), the ratios full / incremental, the delta counts, and
the peak memory of the whole process tree summed at one instant (``benchlib.run_tree``, sampled
every 0.2 s): RSS (what the targets are checked on; a page a forked worker shares with the
driver counts in both, so this is an upper bound) and PSS (shared pages split between them).
On a shared machine CPU seconds and memory are the comparable figures: wall time there mostly
measures the other load.

Targets (issue 14, 1,000,000 customers, 2-core machine): incremental >= 20x faster than full and
< 60 s; full <= 15 min; peak RSS <= 3 GiB (the cluster run: monitor + both Dask workers).

The acceptance measurement (idle machine, ~1.5 h in all: set-up ~10 min, full run, incremental
run, cluster full run):

    python scripts/bench_monitor.py --dir /tmp/bench-monitor-1m 2>&1 | tee bench-monitor-1m.log

The set-up can be done ahead (it is not measured; ``--setup-only`` keeps the state in ``--dir``)
and the runs started later on an idle machine from that state (``--reuse``, which first puts the
database back as the set-up left it and empties the cache folder):

    python scripts/bench_monitor.py --dir /tmp/bench-monitor-1m --setup-only
    python scripts/bench_monitor.py --dir /tmp/bench-monitor-1m --reuse 2>&1 | tee bench-monitor-1m.log

While working on the incremental run, keep the state after a full run (``--keep-full``, which also
records that run's figures) and then time only the incremental run from it, as often as needed
(``--incremental-only``: the database and cache put back as the full run left them, the same
changes applied; the ratio is against the recorded full run; the run prints its stage times):

    python scripts/bench_monitor.py --dir /tmp/bench-monitor-1m --reuse --no-cluster --keep-full
    python scripts/bench_monitor.py --dir /tmp/bench-monitor-1m --incremental-only

Working on the cluster run's memory, time only that run (the set-up's database put back for it;
``--timings`` prints its stages, ``--trace FILE`` writes every memory sample, per process):

    python scripts/bench_monitor.py --dir /tmp/bench-monitor-1m --reuse --cluster-only --trace cluster-rss.txt

Each run's line ends with the peak's make-up: how far into the run it was and each process's RSS
then (``root`` the monitor, ``child`` its workers, ``extra`` the Dask workers).

A quick check of the script and the scaling (one full + one incremental run each):

    python scripts/bench_monitor.py --customers 20000 --affiliates 2000
    python scripts/bench_monitor.py --customers 100000 --no-cluster
    python scripts/bench_monitor.py --customers 200000 --no-cluster
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_screening import build_network, listed_entities
from benchlib import TreeRun, counterparty_row, fresh_sqlite, run_tree
from faker import Faker

SEED = 14
CHANGED_CUSTOMERS = 0.01
CHANGED_ENTRIES = 20
CHANGED_HOLDINGS = 1_000
SAMPLE_S = 0.2
TARGET_RATIO = 20.0
TARGET_INCREMENTAL_S = 60.0
TARGET_FULL_S = 15 * 60.0
TARGET_RSS_MIB = 3 * 1024.0
PYTHON = [sys.executable, "-P"]
"""How the commands run: ``-P`` keeps the current folder off ``sys.path``, so that ``python -m`` runs the
partyscreen that ``PYTHONPATH`` or the install names (another checkout measured with
``PYTHONPATH=/path/to/it``), not a checkout that happens to be the current folder (the Dask workers
already import from ``PYTHONPATH``; a driver of other code than its workers fails or measures a mix)."""


def write_customers(path: Path, count: int, listed: list[str], affiliates: list[str], fake: Faker,
                    rng: random.Random) -> list[list[str]]:
    rows = [counterparty_row(f"C{i:07d}", listed, affiliates, fake, rng, ["US", "DE", "CN", "JP", "GB", ""])
            for i in range(count)]
    save_customers(path, rows)
    return rows


def save_customers(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "name", "country", "role"])
        out.writerows(rows)


def change_everything(folder: Path, rows: list[list[str]], fake: Faker, rng: random.Random, cli: list[str],
                      affiliates: int) -> None:
    """1% of customers renamed, 20 list entries, 1,000 holdings (see the module docstring)."""
    changed = rng.sample(range(len(rows)), max(1, int(len(rows) * CHANGED_CUSTOMERS)))
    for i in changed:
        rows[i] = [rows[i][0], f"{fake.company()} {fake.city_suffix()}", rows[i][2], rows[i][3]]
    save_customers(folder / "customers-2.csv", rows)
    entries = folder / "entries-2.csv"
    with entries.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["list_id", "entry_id", "name", "country"])
        for n in range(CHANGED_ENTRIES):
            name = rows[rng.randrange(len(rows))][1] if n % 2 else f"{fake.company()} {fake.city()} Technology"
            out.writerow(["cn-mofcom-watch", f"bench-{n}", name, "US"])
    holdings = folder / "holdings-2.csv"
    with holdings.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["owner_id", "owned_id", "share"])
        with (folder / "holdings.csv").open(encoding="utf-8") as src:
            existing = list(csv.DictReader(src))
        cut = rng.sample(existing, min(CHANGED_HOLDINGS // 2, len(existing)))
        for row in cut:
            out.writerow([row["owner_id"], row["owned_id"], "40"])
        taken = {(row["owner_id"], row["owned_id"]) for row in existing}
        added = 0
        while added < CHANGED_HOLDINGS - len(cut):
            pair = (f"aff-{rng.randrange(affiliates)}", f"aff-{rng.randrange(affiliates)}")
            if pair[0] != pair[1] and pair not in taken:
                taken.add(pair)
                out.writerow([*pair, "60"])
                added += 1
    subprocess.run([*cli, "lists", "import", str(entries), "--partial"], check=True)
    subprocess.run([*cli, "ownership", "import", "--holdings", str(holdings)], check=True)


def monitor(cli: list[str], customers: Path, report: Path, *extra: str, extra_pids: list[int] | None = None,
            trace: Path | None = None) -> tuple[TreeRun, dict[str, int]]:
    """One ``monitor run``, measured by ``benchlib.run_tree`` (summed over the process tree and
    ``extra_pids``' trees, sampled every ``SAMPLE_S``; every sample written to ``trace``), and the
    counts of its report."""
    run = run_tree([*cli, "monitor", "run", "--customers", str(customers), "--id-column", "id", "--report", str(report),
                    *extra], interval=SAMPLE_S, check=False, extra_pids=extra_pids, trace=trace)
    if run.returncode not in (0, 1):
        raise SystemExit(f"monitor run failed with exit code {run.returncode}")
    counts = json.loads(report.read_text(encoding="utf-8"))["counts"]
    return run, counts


def line(label: str, run: TreeRun, counts: dict[str, int]) -> str:
    parts = ", ".join(f"{name} {mib:,.0f}" for name, mib in run.peak_parts)
    return (f"{label} {run.seconds:8.1f} s wall  {run.cpu:8.1f} s CPU  peak RSS {run.peak_rss_mib:7,.0f} MiB "
            f"(PSS {run.peak_pss_mib:7,.0f} MiB, {run.most_processes} processes)  counts {counts}\n"
            f"    peak at {run.peak_at:.1f} s: {parts} MiB")


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def set_up(folder: Path, db: Path, cli: list[str], args: argparse.Namespace, fake: Faker) -> list[list[str]]:
    """Lists, ownership network and customers (not measured); keeps the database as ``setup.db``."""
    fresh_sqlite(db)
    Faker.seed(SEED)
    rng = random.Random(SEED)
    t0 = time.perf_counter()
    subprocess.run([*cli, "init"], check=True)
    subprocess.run([*cli, "lists", "update"], check=True)
    roots = listed_entities(db)
    affiliate_names = build_network(folder, roots, args.affiliates, fake, rng)
    subprocess.run([*cli, "ownership", "import", str(folder / "entities.csv"), str(folder / "holdings.csv")], check=True)
    rows = write_customers(folder / "customers.csv", args.customers, [n for _, n in roots], affiliate_names, fake, rng)
    copy_db(db, folder / "setup.db")
    load = os.getloadavg()
    print(f"setup: {len(roots)} listed entries, {args.affiliates:,} affiliate candidates, {args.customers:,} customers "
          f"in {time.perf_counter() - t0:.1f} s ({folder}); load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} "
          f"on {os.cpu_count()} cores", flush=True)
    return rows


def restore(folder: Path, cluster: bool, local: bool = True) -> list[list[str]]:
    """The database as :func:`set_up` left it (for the local runs unless not ``local``, and its copy
    for the cluster run), an empty cache, and the customers it wrote."""
    if not (folder / "setup.db").exists():
        raise SystemExit(f"{folder} has no setup.db: run with --setup-only first")
    if local:
        copy_db(folder / "setup.db", folder / "bench.db")
    if cluster:
        copy_db(folder / "setup.db", folder / "cluster.db")
    shutil.rmtree(folder / "cache", ignore_errors=True)
    with (folder / "customers.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        return [row for row in reader]


def keep_full(folder: Path, full: TreeRun, counts: dict[str, int]) -> None:
    """The database and cache as the full run left them, and its figures, for ``--incremental-only``."""
    copy_db(folder / "bench.db", folder / "full.db")
    shutil.rmtree(folder / "full-cache", ignore_errors=True)
    if (folder / "cache").exists():
        shutil.copytree(folder / "cache", folder / "full-cache")
    figures = {"seconds": full.seconds, "cpu": full.cpu, "peak_rss_mib": full.peak_rss_mib, "counts": counts}
    (folder / "full.json").write_text(json.dumps(figures), encoding="utf-8")


def restore_full(folder: Path) -> tuple[list[list[str]], dict]:
    """The database and cache as the kept full run left them, its customers and figures."""
    if not (folder / "full.db").exists():
        raise SystemExit(f"{folder} has no full.db: run with --reuse --keep-full first")
    copy_db(folder / "full.db", folder / "bench.db")
    shutil.rmtree(folder / "cache", ignore_errors=True)
    if (folder / "full-cache").exists():
        shutil.copytree(folder / "full-cache", folder / "cache")
    with (folder / "customers.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        rows = [row for row in reader]
    return rows, json.loads((folder / "full.json").read_text(encoding="utf-8"))


def copy_db(source: Path, target: Path) -> None:
    """A SQLite file with its WAL files (a missing one removed at the target)."""
    for suffix in ("", "-wal", "-shm"):
        src, dst = Path(f"{source}{suffix}"), Path(f"{target}{suffix}")
        if src.exists():
            shutil.copyfile(src, dst)
        elif dst.exists():
            dst.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=1_000_000, help="Generated customers (default 1,000,000).")
    parser.add_argument("--affiliates", type=int, default=10_000,
                        help="Generated affiliate companies in the ownership network (default 10,000).")
    parser.add_argument("--workers", type=int, default=None, help="Local worker processes (default: every core).")
    parser.add_argument("--no-cluster", action="store_true", help="Skip the run on a 2-worker LocalCluster.")
    parser.add_argument("--cluster-only", action="store_true",
                        help="Time only the full run on a 2-worker LocalCluster, from the state a --setup-only run "
                             "left in --dir (with --reuse; its stage times printed).")
    parser.add_argument("--trace", type=Path, default=None,
                        help="Write every memory sample of the cluster run (or of the full run with --no-cluster) "
                             "to this file: seconds since its start, the total and each process's RSS in MiB.")
    parser.add_argument("--dir", type=Path, default=None,
                        help="Working folder (database, customer files, reports, cache); default: a new temporary one.")
    parser.add_argument("--setup-only", action="store_true",
                        help="Build the data in --dir and stop (the runs come later with --reuse).")
    parser.add_argument("--reuse", action="store_true",
                        help="Start from the state a --setup-only run left in --dir (the same --customers).")
    parser.add_argument("--keep-full", action="store_true",
                        help="Keep the database, cache and figures of the full run in --dir (for --incremental-only).")
    parser.add_argument("--incremental-only", action="store_true",
                        help="Time only the incremental run, from the state a --keep-full run left in --dir.")
    args = parser.parse_args()
    if (args.setup_only or args.reuse or args.keep_full or args.incremental_only) and args.dir is None:
        parser.error("--setup-only, --reuse, --keep-full and --incremental-only need --dir")
    if args.cluster_only and (not args.reuse or args.no_cluster or args.keep_full):
        parser.error("--cluster-only needs --reuse, and excludes --no-cluster and --keep-full")
    folder = args.dir or Path(tempfile.mkdtemp(prefix="ps-bench-monitor-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PARTYSCREEN_CACHE_DIR", str(folder / "cache"))
    db = folder / "bench.db"
    cli = [*PYTHON, "-m", "partyscreen.cli", "-q", "--db", f"sqlite:///{db}"]
    workers = ["--workers", str(args.workers)] if args.workers else []
    fake = Faker(["en_US", "de_DE", "en_GB"])
    if args.incremental_only:
        rows, full = restore_full(folder)
        print(f"from the full run kept in {folder} ({full['counts']}); load average "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores", flush=True)
        Faker.seed(SEED + 1)
        change_everything(folder, rows, fake, random.Random(SEED + 1), cli, args.affiliates)
        inc, inc_counts = monitor(cli, folder / "customers-2.csv", folder / "delta-2.json", *workers, "--timings")
        print(line("incremental run:", inc, inc_counts), flush=True)
        print(f"full (kept) / incremental: {full['seconds'] / inc.seconds:.1f}x wall, {full['cpu'] / inc.cpu:.1f}x CPU "
              f"(full run kept: {full['seconds']:.1f} s wall, {full['cpu']:.1f} s CPU)   "
              f"load average now {os.getloadavg()[0]:.1f}", flush=True)
        return
    if args.reuse:
        rows = restore(folder, cluster=not args.no_cluster, local=not args.cluster_only)
        if len(rows) != args.customers:
            raise SystemExit(f"{folder} holds {len(rows):,} customers, not --customers {args.customers:,}")
        print(f"reusing the set-up in {folder}: {len(rows):,} customers; load average "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores", flush=True)
    else:
        rows = set_up(folder, db, cli, args, fake)
        if args.setup_only:
            return
        if not args.no_cluster:
            copy_db(db, folder / "cluster.db")
    if args.cluster_only:
        help_text = subprocess.run([*cli, "monitor", "run", "--help"], capture_output=True, text=True).stdout
        clustered, c_counts = cluster_run(folder, ["--timings"] if "--timings" in help_text else [], args.trace)
        print(line("full run on a 2-worker LocalCluster (monitor + Dask workers):", clustered, c_counts)
              + f"\n    peak RSS {verdict(clustered.peak_rss_mib <= TARGET_RSS_MIB)} (<= {TARGET_RSS_MIB:,.0f} MiB)   "
              f"load average now {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
        return
    Faker.seed(SEED + 1)  # the changes are the same whether the set-up ran now or earlier
    rng = random.Random(SEED + 1)

    full, full_counts = monitor(cli, folder / "customers.csv", folder / "delta-1.json", *workers,
                                trace=args.trace if args.no_cluster else None)
    print(line("full run:       ", full, full_counts), flush=True)
    full_s, full_cpu, full_rss = full.seconds, full.cpu, full.peak_rss_mib
    if args.keep_full:
        keep_full(folder, full, full_counts)
    change_everything(folder, rows, fake, rng, cli, args.affiliates)
    inc, inc_counts = monitor(cli, folder / "customers-2.csv", folder / "delta-2.json", *workers)
    print(line("incremental run:", inc, inc_counts), flush=True)
    inc_s, inc_cpu, inc_rss = inc.seconds, inc.cpu, inc.peak_rss_mib
    ratio, cpu_ratio = full_s / inc_s, full_cpu / inc_cpu
    print(f"full / incremental: {ratio:.1f}x wall, {cpu_ratio:.1f}x CPU   [{verdict(ratio >= TARGET_RATIO)}: >= {TARGET_RATIO:g}x]   "
          f"incremental {verdict(inc_s < TARGET_INCREMENTAL_S)} (< {TARGET_INCREMENTAL_S:g} s)   "
          f"full {verdict(full_s <= TARGET_FULL_S)} (<= {TARGET_FULL_S:g} s)   "
          f"peak RSS {verdict(max(full_rss, inc_rss) <= TARGET_RSS_MIB)} (<= {TARGET_RSS_MIB:,.0f} MiB)   "
          f"load average now {os.getloadavg()[0]:.1f}", flush=True)
    if args.no_cluster:
        return
    clustered, c_counts = cluster_run(folder, [], args.trace)
    print(line("full run on a 2-worker LocalCluster (monitor + Dask workers):", clustered, c_counts)
          + f"\n    same counts as the local full run: {c_counts == full_counts}   "
          f"peak RSS {verdict(clustered.peak_rss_mib <= TARGET_RSS_MIB)} (<= {TARGET_RSS_MIB:,.0f} MiB)   "
          f"load average now {os.getloadavg()[0]:.1f}", flush=True)


def cluster_run(folder: Path, extra: list[str], trace: Path | None) -> tuple[TreeRun, dict[str, int]]:
    """The full run on ``cluster.db`` with ``--cluster`` on a 2-worker LocalCluster started here
    (its scheduler in this process, not measured; the workers measured with the monitor)."""
    import distributed

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=":0", worker_dashboard_address=None) as cluster:
        with distributed.Client(cluster.scheduler_address) as client:
            worker_pids = [int(pid) for pid in client.run(os.getpid).values()]
        ccli = [*PYTHON, "-m", "partyscreen.cli", "-q", "--db", f"sqlite:///{folder / 'cluster.db'}"]
        return monitor(ccli, folder / "customers.csv", folder / "delta-cluster.json", "--cluster",
                       cluster.scheduler_address, *extra, extra_pids=worker_pids, trace=trace)


if __name__ == "__main__":
    main()
