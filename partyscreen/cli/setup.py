"""``init`` and ``stats``: create or upgrade the database, and count what it holds."""

from __future__ import annotations

import json

import click

from partyscreen.cli.app import State, cli, pass_state
from partyscreen.store.db import check_connection, current_revision, head_revision, safe_url, upgrade
from partyscreen.store.stats import count_rows, recent_batches


@cli.command()
@pass_state
def init(state: State) -> None:
    """Create the database, or upgrade its schema to this version of partyscreen.

    Safe to run again: an up-to-date database is left as it is. A SQLite file is created (its
    folder must exist); a PostgreSQL database must exist already (`createdb NAME`): init
    creates the schema inside it, not the database.

    Example:

        partyscreen --db postgresql://postgres@127.0.0.1:5432/screening init
    """
    engine = state.engine(check_schema=False)
    check_connection(engine)
    before = current_revision(engine)
    upgrade(engine)
    head = head_revision()
    if before == head:
        state.info(f"{safe_url(engine)}: schema already at {head}")
    else:
        state.info(f"{safe_url(engine)}: schema {before or 'empty'} -> {head}")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--imports", "show_imports", is_flag=True, help="Also list the latest imports (the audit trail).")
@pass_state
def stats(state: State, fmt: str, show_imports: bool) -> None:
    """Count the rows of each data table (entities, names, holdings, lists, entries...).

    Example:

        partyscreen stats --format json
    """
    engine = state.engine()
    counts = count_rows(engine)
    batches = recent_batches(engine) if show_imports else []
    if fmt == "json":
        payload: dict[str, object] = dict(counts)
        if show_imports:
            payload["imports"] = [
                {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in b.items()} for b in batches
            ]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    width = max(len(k) for k in counts)
    for label, count in counts.items():
        click.echo(f"{label:<{width}}  {count:>10,}")
    for b in batches:
        click.echo(
            f"batch {b['id']:>5}  {b['kind']:<9} {b['file_name']}  rows {b['row_count']:,}  "
            f"new {b['inserted']:,}  updated {b['updated']:,}  sha256 {b['checksum'][:12]}  {b['started_at']}"
        )


@cli.command()
@click.option("--keep-days", type=click.IntRange(0), required=True, metavar="N",
              help="Keep screening runs of the last N days and everything they need to be re-run.")
@click.option("--dry-run", is_flag=True, help="Report what would be removed; remove nothing.")
@pass_state
def prune(state: State, keep_days: int, dry_run: bool) -> None:
    """Remove screening runs older than N days and stored data no kept run needs.

    Removed: those runs and their hits, stored inputs and affiliation result sets that no kept run
    refers to and that were not used in N days, and row history no kept run can see. Never
    removed: the current lists and ownership data, import batches, the audit trail (`partyscreen
    audit`), list versions and changes, analysts' decisions.

    Example:

        partyscreen prune --keep-days 1830 --dry-run
    """
    from partyscreen.store.retention import prune as prune_database

    report = prune_database(state.engine(), keep_days, dry_run=dry_run)
    verb = "would remove" if dry_run else "removed"
    for label, count in report.removed.items():
        click.echo(f"{verb} {count:>10,}  {label}")
    state.info(
        f"{report.total:,} row(s) {verb}: runs started before {report.cutoff:%Y-%m-%d %H:%M} UTC and data only they needed"
        + (" (dry run: nothing removed)" if dry_run else "")
    )
