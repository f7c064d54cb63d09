"""``monitor run|report|unlock``: the nightly re-screening of the customer master."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from partyscreen.cli.affiliates import chosen_policy, day_or_today, policy_options
from partyscreen.cli.app import State, cli, encoding_option, pass_state
from partyscreen.errors import UsageError

EXIT_REVIEW = 1
EXIT_REPORT_LOST = 3  # the run is recorded, its report file is not


@cli.group()
def monitor() -> None:
    """Re-screen the customer master nightly: only what changed, a delta report, decisions that stick.

    Example:

        partyscreen monitor run --customers customers.csv --report delta.html
    """


@monitor.command("run")
@click.option("--customers", "customers_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The customer master: CSV, XLSX, JSON Lines or Parquet (as `screen` reads it).")
@click.option("--customers-db", metavar="URL", default=None,
              help="Read the customer master from this database instead (with --customers-query).")
@click.option("--customers-query", metavar="SQL", default=None,
              help="The query giving the customers (a table or view), e.g. \"SELECT id, name, country FROM customers\"; "
                   "run read-only, it must return rows.")
@click.option("--id-column", metavar="C", help="Column with the customer id (required: found by header when not named).")
@click.option("--name-column", metavar="C", help="Column with the customer name (default: found by header).")
@click.option("--country-column", metavar="C", help="Column with the country (code or name).")
@click.option("--role-column", metavar="C", help="Column with the role.")
@encoding_option
@policy_options
@click.option("--min-score", type=click.FloatRange(0, 100), default=None,
              help="Hits at or above this name score (default: the matcher's calibrated threshold).")
@click.option("--report", "report_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the delta report here: .csv, .json or .html.")
@click.option("--full", is_flag=True, help="Re-screen every customer (the result equals the incremental run's).")
@click.option("--reweigh", is_flag=True,
              help="Count word weights again over today's list names (re-screens every customer).")
@click.option("--max-drop", type=click.FloatRange(0, 100), default=10, show_default=True, metavar="PCT",
              help="Refuse (exit 2, nothing recorded) a run that would mark more than PCT% of the active customers "
                   "inactive; 100 allows any drop.")
@click.option("--workers", type=click.IntRange(1), default=None, metavar="N",
              help="Local worker processes (default: every core; 1 screens in this process).")
@click.option("--timings", is_flag=True,
              help="Print the wall and CPU seconds of each stage of the run (on stderr, after the summary).")
@click.option("--cluster", metavar="tcp://HOST:8786", default=None,
              help="Send partitions to this Dask distributed scheduler instead of local workers.")
@pass_state
def run_command(
    state: State,
    customers_file: Path | None,
    customers_db: str | None,
    customers_query: str | None,
    id_column: str | None,
    name_column: str | None,
    country_column: str | None,
    role_column: str | None,
    encoding: str | None,
    policy_name: str,
    policy_file: Path | None,
    lists: str | None,
    as_of: Any,
    min_score: float | None,
    report_file: Path | None,
    full: bool,
    reweigh: bool,
    workers: int | None,
    cluster: str | None,
    max_drop: float,
    timings: bool,
) -> int:
    """Re-screen the customers that can have changed since the last run and report what changed.

    Screens new and changed customers, and every customer a changed list entry, measure, link or
    holding can reach; marks customers missing from the input inactive. The delta report lists
    hits that are new, changed (with what changed), cleared, and suppressed (decided earlier,
    still the same), and counts the unchanged ones. Exit code 0: nothing to review; 1: new or
    changed hits; 2: bad input, or another monitor run holds the lock; 3: internal error; 130 / 143:
    interrupted by SIGINT / SIGTERM (nothing recorded, the lock released).

    Example:

        partyscreen monitor run --customers customers.csv --id-column customer_no --report delta.json

        partyscreen monitor run --customers-db postgresql://erp/prod --customers-query "SELECT id, name, country FROM customers"

        partyscreen monitor run --customers customers.csv --id-column customer_no --timings    # where the time went
    """
    from partyscreen.monitor.report import report_format
    from partyscreen.monitor import prebuild
    from partyscreen.monitor.partitions import early_executor
    from partyscreen.monitor.run import read_customers, read_customers_db, run_monitor

    if customers_file is not None and (customers_db or customers_query):
        raise UsageError("give either --customers FILE or --customers-db URL --customers-query SQL, not both")
    if customers_file is None and not (customers_db and customers_query):
        raise UsageError("missing the customers: --customers FILE, or --customers-db URL with --customers-query SQL")
    if cluster:  # Dask installed and a scheduler address: checked before any work
        from partyscreen.cluster import require_cluster

        cluster = require_cluster(cluster)
    fmt = report_format(report_file) if report_file is not None else None
    if report_file is not None:
        from partyscreen.report.atomic import check_writable

        check_writable(report_file, "--report")
    from partyscreen.stages import Stages

    stages = Stages()
    engine = state.engine()
    columns = dict(id_column=id_column, name_column=name_column, country_column=country_column, role_column=role_column)
    pool = None if cluster else early_executor(workers)  # forked before the customers are read
    stages.mark("workers started")
    try:
        policy = chosen_policy(policy_name, policy_file, lists)
        as_of_day = day_or_today(as_of)
        prebuilt = prebuild.start(pool, engine, policy=policy, as_of=as_of_day, min_score=min_score, lists=None,
                                  policy_file=None, reweigh=reweigh)  # while the customers are read
        if customers_file is not None:
            customers = read_customers(customers_file, encoding=encoding, **columns)
        else:
            customers = read_customers_db(str(customers_db), str(customers_query), **columns)
        stages.mark("customers read")
        bar = _Progress(state)
        try:
            result = run_monitor(engine, customers, policy=policy, as_of=as_of_day, min_score=min_score,
                                 full=full, reweigh=reweigh, workers=workers, cluster=cluster, progress=bar.update,
                                 max_drop=max_drop, executor=pool, shutdown_executor=True, prebuilt=prebuilt)
        finally:
            bar.close()
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
    for warning in result.warnings:
        state.warn(warning)
    c = result.counts
    state.info(
        f"monitor run {result.run_id} ({result.policy} as of {result.as_of}): {result.screened:,} of {result.subjects:,} "
        f"customers screened" + (f" (full: {result.full_reason})" if result.full else "")
        + f", {result.inactivated:,} marked inactive, {result.candidates_changed:,} changed candidates; "
        f"{c['new']} new, {c['changed']} changed, {c['cleared']} cleared, {c['suppressed']} suppressed, "
        f"{c['unchanged']} unchanged; {result.open} open in all ({result.seconds:.1f} s)"
    )
    if timings:
        stages.done.extend(result.stages)
        for line in stages.lines():
            click.echo(f"timing: {line}", err=True)
    if report_file is not None and fmt is not None:
        try:
            _write_report(state, engine, result.run_id, report_file, fmt)
        except _ReportNotWritten as exc:  # the run is recorded: not an input error (2), alert operations
            hits = sum(c[k] for k in ("new", "changed"))
            click.echo(f"Error: run {result.run_id} is recorded with {hits} hit(s) needing review, but the report "
                       f"{report_file} could not be written ({exc}); `partyscreen monitor report {result.run_id} "
                       "--out FILE` rewrites it", err=True)
            return EXIT_REPORT_LOST
    return EXIT_REVIEW if result.needs_review else 0


class _ReportNotWritten(Exception):
    """The report file of a recorded run could not be written."""


class _Progress:
    """A progress bar on a terminal (stderr), nothing in pipes or with --quiet."""

    def __init__(self, state: State) -> None:
        self.enabled = sys.stderr.isatty() and not state.quiet
        self.bar: Any = None
        self.shown = 0

    def update(self, done: int, total: int) -> None:
        if not self.enabled or total < 2_000:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="screening", file=sys.stderr)
            self.bar.__enter__()
        self.bar.length = total  # grows as the run finds more customers a changed candidate reaches
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _write_report(state: State, engine: Any, run_id: int, path: Path, fmt: str) -> None:
    from partyscreen.monitor.report import build_report, write_report
    from partyscreen.report.atomic import AtomicFile

    with engine.connect() as conn:
        report = build_report(conn, run_id)
    target = AtomicFile(path)
    try:
        with target.open_text() as fh:
            write_report(report, fmt, fh)
        target.commit()
    except OSError as exc:
        raise _ReportNotWritten(exc.strerror or str(exc)) from None
    finally:
        target.discard()
    state.info(f"report: {path}")


@monitor.command("report")
@click.argument("run_id", type=click.IntRange(1), required=False)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Report file (.csv, .json, .html); default: JSON on stdout.")
@pass_state
def report_command(state: State, run_id: int | None, out: Path | None) -> int:
    """Write the delta report of monitor run RUN_ID (default: the latest) again.

    Example:

        partyscreen monitor report 42 --out delta-42.html
    """
    from partyscreen.monitor import state as monitor_state
    from partyscreen.monitor.report import build_report, report_format, write_report

    engine = state.engine()
    if run_id is None:
        with engine.connect() as conn:
            last = monitor_state.last_run(conn)
        if last is None:
            raise UsageError("no monitor run yet: run `partyscreen monitor run` first")
        run_id = int(last.id)
    if out is None:
        with engine.connect() as conn:
            write_report(build_report(conn, run_id), "json", sys.stdout)
        return 0
    report_format(out)
    try:
        _write_report(state, engine, run_id, out, report_format(out))
    except _ReportNotWritten as exc:
        raise UsageError(f"--out {out}: the report of run {run_id} could not be written ({exc})") from None
    return 0


@monitor.command("unlock")
@pass_state
def unlock_command(state: State) -> int:
    """Remove the monitor lock left by a run that is gone (another host's run, on SQLite).

    A run on this host that crashed needs no unlock: the next run takes its lock over.

    Example:

        partyscreen monitor unlock
    """
    from partyscreen.store.monitor_lock import force_unlock

    holder = force_unlock(state.engine())
    state.info(f"removed the monitor lock of {holder}" if holder else "no monitor lock was held")
    return 0
