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

Prints each run's wall time and CPU time, the ratios full / incremental, the delta counts and the
peak RSS of the process tree (the monitor process, its worker processes, and for the cluster run
the Dask workers; sampled every 0.2 s with psutil, summed across processes). On a shared machine
the CPU times are the comparable figures: wall time there mostly measures the other load.
Targets (issue 14, 1,000,000 customers, 2-core machine): incremental >= 20x faster than full and
< 60 s; full <= 15 min; peak RSS <= 3 GiB.

Usage: python scripts/bench_monitor.py [--customers N] [--affiliates N] [--workers N] [--no-cluster] [--dir DIR]
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
import threading
import time
from pathlib import Path

from bench_screening import build_network, listed_entities
from benchlib import counterparty_row, fresh_sqlite
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


def tree_rss_mib(pids: list[int]) -> float:
    """RSS of the processes ``pids`` and all their descendants, summed (MiB)."""
    import psutil

    seen: set[int] = set()
    total = 0
    for pid in pids:
        try:
            root = psutil.Process(pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            continue
        for proc in procs:
            if proc.pid in seen:
                continue
            seen.add(proc.pid)
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                pass
    return total / 2**20


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds used so far by the processes ``pids`` and their live descendants."""
    import psutil

    total = 0.0
    for pid in pids:
        try:
            root = psutil.Process(pid)
            for proc in [root, *root.children(recursive=True)]:
                times = proc.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            pass
    return total


def timed(cmd: list[str], extra_pids: list[int] | None = None) -> tuple[float, float, float, int]:
    """Run ``cmd``; (wall seconds, CPU seconds, peak summed RSS in MiB, exit code).

    CPU seconds are the child's and its worker processes' (``wait4``), plus what ``extra_pids``
    (Dask workers) used meanwhile: on a shared machine wall time mostly measures the other load,
    CPU time what the run itself cost. RSS is summed over the child's process tree and
    ``extra_pids``' trees (forked workers' shared pages count once per process: an upper bound).
    """
    extra_before = cpu_seconds(extra_pids or [])
    started = time.perf_counter()
    child = subprocess.Popen(cmd)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_mib([child.pid, *(extra_pids or [])]))
            done.wait(SAMPLE_S)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    cpu = usage.ru_utime + usage.ru_stime + cpu_seconds(extra_pids or []) - extra_before
    return elapsed, cpu, peak, child.returncode


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


def monitor(cli: list[str], customers: Path, report: Path, *extra: str, extra_pids: list[int] | None = None
            ) -> tuple[float, float, float, dict[str, int]]:
    seconds, cpu, peak, code = timed([*cli, "monitor", "run", "--customers", str(customers), "--id-column", "id",
                                 "--report", str(report), *extra], extra_pids)
    if code not in (0, 1):
        raise SystemExit(f"monitor run failed with exit code {code}")
    counts = json.loads(report.read_text(encoding="utf-8"))["counts"]
    return seconds, cpu, peak, counts


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--affiliates", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=None, help="Local worker processes (default: every core).")
    parser.add_argument("--no-cluster", action="store_true", help="Skip the run on a 2-worker LocalCluster.")
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="ps-bench-monitor-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PARTYSCREEN_CACHE_DIR", str(folder / "cache"))
    db = fresh_sqlite(folder / "bench.db")
    cli = [sys.executable, "-m", "partyscreen.cli", "-q", "--db", f"sqlite:///{db}"]
    workers = ["--workers", str(args.workers)] if args.workers else []
    fake = Faker(["en_US", "de_DE", "en_GB"])
    Faker.seed(SEED)
    rng = random.Random(SEED)
    t0 = time.perf_counter()
    subprocess.run([*cli, "init"], check=True)
    subprocess.run([*cli, "lists", "update"], check=True)
    roots = listed_entities(db)
    affiliate_names = build_network(folder, roots, args.affiliates, fake, rng)
    subprocess.run([*cli, "ownership", "import", str(folder / "entities.csv"), str(folder / "holdings.csv")], check=True)
    rows = write_customers(folder / "customers.csv", args.customers, [n for _, n in roots], affiliate_names, fake, rng)
    if not args.no_cluster:
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{db}{suffix}").exists():
                shutil.copyfile(f"{db}{suffix}", f"{folder / 'cluster.db'}{suffix}")
    load = os.getloadavg()
    print(f"setup: {len(roots)} listed entries, {args.affiliates:,} affiliate candidates, {args.customers:,} customers "
          f"in {time.perf_counter() - t0:.1f} s ({folder}); load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} "
          f"on {os.cpu_count()} cores", flush=True)

    full_s, full_cpu, full_rss, full_counts = monitor(cli, folder / "customers.csv", folder / "delta-1.json", *workers)
    print(f"full run:        {full_s:8.1f} s wall  {full_cpu:8.1f} s CPU  peak RSS {full_rss:7,.0f} MiB  counts {full_counts}",
          flush=True)
    change_everything(folder, rows, fake, rng, cli, args.affiliates)
    inc_s, inc_cpu, inc_rss, inc_counts = monitor(cli, folder / "customers-2.csv", folder / "delta-2.json", *workers)
    print(f"incremental run: {inc_s:8.1f} s wall  {inc_cpu:8.1f} s CPU  peak RSS {inc_rss:7,.0f} MiB  counts {inc_counts}",
          flush=True)
    ratio, cpu_ratio = full_s / inc_s, full_cpu / inc_cpu
    print(f"full / incremental: {ratio:.1f}x wall, {cpu_ratio:.1f}x CPU   [{verdict(ratio >= TARGET_RATIO)}: >= {TARGET_RATIO:g}x]   "
          f"incremental {verdict(inc_s < TARGET_INCREMENTAL_S)} (< {TARGET_INCREMENTAL_S:g} s)   "
          f"full {verdict(full_s <= TARGET_FULL_S)} (<= {TARGET_FULL_S:g} s)   "
          f"peak RSS {verdict(max(full_rss, inc_rss) <= TARGET_RSS_MIB)} (<= {TARGET_RSS_MIB:,.0f} MiB)   "
          f"load average now {os.getloadavg()[0]:.1f}", flush=True)
    if args.no_cluster:
        return
    import distributed

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=":0", worker_dashboard_address=None) as cluster:
        with distributed.Client(cluster.scheduler_address) as client:
            worker_pids = [int(pid) for pid in client.run(os.getpid).values()]
        ccli = [sys.executable, "-m", "partyscreen.cli", "-q", "--db", f"sqlite:///{folder / 'cluster.db'}"]
        c_s, c_cpu, c_rss, c_counts = monitor(ccli, folder / "customers.csv", folder / "delta-cluster.json",
                                              "--cluster", cluster.scheduler_address, extra_pids=worker_pids)
    print(f"full run on a 2-worker LocalCluster: {c_s:8.1f} s wall  {c_cpu:8.1f} s CPU (monitor + Dask workers)  "
          f"peak RSS {c_rss:7,.0f} MiB  counts {c_counts}   same counts as the local full run: {c_counts == full_counts}",
          flush=True)


if __name__ == "__main__":
    main()
