"""``lists import|update|show|diff``: load restricted-party lists, see what is loaded and what changed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click
import sqlalchemy as sa

from partyscreen.cli.app import State, cli, create_missing_option, encoding_option, pass_state
from partyscreen.cli.ownership import report
from partyscreen.errors import UsageError
from partyscreen.report.visible import visible
from partyscreen.store import history
from partyscreen.store.bundled import update_bundled_lists
from partyscreen.store.db import transaction
from partyscreen.store.freshness import list_entries, list_versions
from partyscreen.store.importers import ImportResult, guess_format, import_list, import_measures
from partyscreen.store.importers.csl import import_csl
from partyscreen.store.importers.ftm import DEFAULT_LIST_ID as FTM_LIST_ID
from partyscreen.store.importers.ftm import import_ftm
from partyscreen.store.importers.ofac import import_ofac

FORMATS = ["auto", "csv", "measures", "ofac", "csl", "ftm"]


@cli.group()
def lists() -> None:
    """Restricted-party lists: import, update the bundled ones, show, diff."""


@lists.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--list", "list_id", metavar="ID", help="List id: for csv files without a list_id column; for ftm (default: opensanctions).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="auto",
    show_default=True,
    help="csv: partyscreen list CSV; measures: list-measure periods; ofac: OFAC SDN legacy sdn.csv "
    "(alt.csv, add.csv beside it); csl: US Consolidated Screening List CSV; ftm: OpenSanctions "
    "FollowTheMoney JSON lines; auto: guessed from the file.",
)
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="Date of the source (default: the newest date it states, else the file's date).")
@click.option("--partial", is_flag=True, help="The file adds or updates entries only: entries it lacks are not removed.")
@create_missing_option
@encoding_option
@pass_state
def import_(
    state: State,
    file: Path,
    list_id: str | None,
    fmt: str,
    as_of: object,
    partial: bool,
    create_missing: bool,
    encoding: str | None,
) -> None:
    """Import a list FILE: partyscreen list CSV, measures, OFAC SDN, CSL or OpenSanctions FtM.

    A file is the whole of each list it names unless --partial: entries it lacks are recorded as
    removed and marked delisted on the file's as_of date (they stay for screening as of earlier
    dates). Re-importing the same file changes nothing. Every import records a list version
    that `partyscreen lists diff` compares.

    Example:

        partyscreen lists import my-list.csv --list internal-blocklist

        partyscreen lists import sdn.csv --format ofac --as-of 2024-05-03

        partyscreen lists import consolidated.csv

        partyscreen lists import entities.ftm.json --list opensanctions
    """
    engine = state.engine()
    day = as_of.date() if as_of is not None else None  # type: ignore[attr-defined]
    if fmt == "auto":
        fmt = guess_format(file, encoding)
        state.info(f"{file}: format {fmt}")
    with transaction(engine) as conn:
        result = _import(conn, fmt, file, list_id, day, not partial, create_missing, encoding)
    report(state, [result])
    _report_versions(state, engine, result.batch_id)


def _import(
    conn: sa.Connection,
    fmt: str,
    file: Path,
    list_id: str | None,
    as_of: date | None,
    full: bool,
    create_missing: bool,
    encoding: str | None,
) -> ImportResult:
    if fmt == "measures":
        return import_measures(conn, file, encoding=encoding, full=full)
    if fmt == "ofac":
        if not full:
            raise UsageError("an OFAC sdn.csv is always the whole list: --partial does not apply")
        return import_ofac(conn, file, encoding=encoding, as_of=as_of)
    if fmt == "csl":
        return import_csl(conn, file, encoding=encoding, as_of=as_of, full=full)
    if fmt == "ftm":
        return import_ftm(conn, file, list_id=list_id or FTM_LIST_ID, as_of=as_of, full=full)
    return import_list(
        conn, file, list_id=list_id, encoding=encoding, create_missing=create_missing, full=full, as_of=as_of
    )


def _report_versions(state: State, engine: sa.Engine, batch_id: int) -> None:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT list_id, as_of, as_of_basis, entries, added, changed, removed, measures_changed "
                "FROM list_version WHERE batch_id = :b ORDER BY list_id"
            ),
            {"b": batch_id},
        ).all()
    for list_id, as_of, basis, entries, added, changed, removed, measures in rows:
        state.info(
            f"{list_id}: {entries:,} entries as of {as_of} ({basis}); {added:,} added, {changed:,} changed, "
            f"{removed:,} removed, {measures:,} measure change(s) (batch {batch_id})"
        )


@lists.command("update")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Load the lists from this folder instead of the bundled ones.",
)
@pass_state
def update(state: State, directory: Path | None) -> None:
    """Load the bundled China lists (Export Control, Watch, Unreliable Entity) and their measures.

    Idempotent: a newer version of the files updates entries and measures, never duplicates.

    Example:

        partyscreen lists update
    """
    engine = state.engine()
    with transaction(engine) as conn:
        results = update_bundled_lists(conn, directory)
    report(state, results)
    for result in results:
        _report_versions(state, engine, result.batch_id)


@lists.command("show")
@click.argument("list_id", metavar="[LIST]", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--on", "on", type=click.DateTime(["%Y-%m-%d"]), help="Show measure states on this day (default: today).")
@pass_state
def show(state: State, list_id: str | None, fmt: str, on: object) -> None:
    """Show the loaded lists (entries, as_of date of the newest source), or the entries of LIST.

    For one list each entry is shown with its id, name, Chinese name, listing date, reference
    and its state today (or --on DAY): listed, suspended, ended (measures), delisted or not listed yet.

    Example:

        partyscreen lists show

        partyscreen lists show cn-mofcom-export-control
    """
    engine = state.engine()
    versions = list_versions(engine)
    if list_id is None:
        from partyscreen.store.links import unlinked_counts

        with engine.connect() as conn:
            unlinked = unlinked_counts(conn)
        _show_lists(versions, fmt, unlinked)
        return
    if list_id not in versions:
        raise UsageError(f"no list {list_id!r} is loaded (loaded: {', '.join(versions) or 'none'})")
    day = on.date() if on is not None else date.today()  # type: ignore[attr-defined]
    entries = list_entries(engine, list_id, day)
    if fmt == "json":
        payload = [{**e.__dict__, "listed_on": _iso(e.listed_on)} for e in entries]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    click.echo("\t".join(("entry_id", "name", "name_zh", "listed_on", "reference", f"state_{day.isoformat()}")))
    for e in entries:
        cells = (e.entry_id, e.name, e.name_zh or "", _iso(e.listed_on) or "", e.reference or "", e.state)
        click.echo("\t".join(visible(c) for c in cells))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _show_lists(versions: dict, fmt: str, unlinked: dict[str, int]) -> None:  # type: ignore[type-arg]
    """One line per list; ``unlinked``: entries tied to no registry entity (see ``partyscreen link``)."""
    if fmt == "json":
        payload = {
            k: {"name": v.name, "entries": v.entries, "unlinked": unlinked.get(k, 0), "as_of": _iso(v.as_of),
                "as_of_basis": v.as_of_basis, "batch_id": v.batch_id}
            for k, v in versions.items()
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    width = max((len(k) for k in versions), default=4)
    click.echo(f"{'list':<{width}}  {'entries':>8}  {'unlinked':>8}  {'as_of':<10}  {'basis':<9}  batch  name")
    for v in versions.values():
        click.echo(
            f"{v.list_id:<{width}}  {v.entries:>8,}  {unlinked.get(v.list_id, 0):>8,}  {_iso(v.as_of) or '-':<10}  "
            f"{v.as_of_basis:<9}  {v.batch_id or '-':>5}  {v.name}"
        )


@lists.command("diff")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Compare the state before this day with the latest.")
@click.option("--batch", "batches", type=int, multiple=True, metavar="N", help="Give twice: compare the state after batch A with the state after batch B.")
@click.option("--list", "list_id", metavar="ID", help="Only this list.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_state
def diff(state: State, since: object, batches: tuple[int, ...], list_id: str | None, fmt: str) -> None:
    """Print the entries added, removed and changed (names, fields, measures) between two states.

    Without options: what the latest import changed (all of it: a `lists update` writes one
    batch per bundled file, and the diff covers every one). States are those after an import batch
    (see `partyscreen stats --imports` or `partyscreen lists show` for batch numbers).

    Example:

        partyscreen lists diff --list us-ofac-sdn

        partyscreen lists diff --since 2026-01-01

        partyscreen lists diff --batch 3 --batch 7 --format json
    """
    if since is not None and batches:
        raise UsageError("give either --since or --batch A --batch B, not both")
    if batches and len(batches) != 2:
        raise UsageError("--batch needs exactly two batch numbers: --batch A --batch B")
    engine = state.engine()
    with engine.connect() as conn:
        if batches:
            before, after = batches
        elif since is not None:
            before, after = history.last_batch_before(conn, since.date()), history.latest_batch(conn, list_id)  # type: ignore[attr-defined]
        else:
            before, after = history.latest_change(conn, list_id)
        result = history.diff_lists(conn, before, after, list_id)
    _print_diff(state, result, fmt)


def _print_diff(state: State, result: history.ListDiff, fmt: str) -> None:
    if fmt == "json":
        payload = {
            "before": result.before,
            "after": result.after,
            "entries": [
                {"list_id": e.list_id, "entry_id": e.entry_id, "change": e.change, "name": e.name,
                 "fields": {k: list(v) for k, v in e.fields.items()}}
                for e in result.entries
            ],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    state.info(
        f"batch {result.before} -> batch {result.after}: {result.count('added')} added, "
        f"{result.count('removed')} removed, {result.count('changed')} changed"
    )
    marks = {"added": "+", "removed": "-", "changed": "~"}
    for e in result.entries:
        click.echo(visible(f"{marks[e.change]} {e.list_id} {e.entry_id} {e.name}"))
        for field_name, (old, new) in e.fields.items():
            click.echo(visible(f"    {field_name}: {old!r} -> {new!r}"))
