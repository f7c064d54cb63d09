"""``ownership import``: load ownership data (our CSVs, BODS, GLEIF, UK PSC, FtM)."""

from __future__ import annotations

from pathlib import Path

import click

from partyscreen.cli.app import State, cli, create_missing_option, encoding_option, pass_state
from partyscreen.errors import UsageError
from partyscreen.store.db import transaction
from partyscreen.store.importers import ImportResult

FILE = click.Path(dir_okay=False, path_type=Path)
FORMATS = ("auto", "bods", "gleif-l1", "gleif-rr", "gleif-repex", "uk-psc", "ftm", "csv")


@cli.group()
def ownership() -> None:
    """Ownership data: entities and who holds what in whom."""


@ownership.command("import")
@click.argument("files", nargs=-1, type=FILE)
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="auto", show_default=True,
    help="Format of every FILE; auto guesses from the content (JSON arrays, JSON Lines, CSV; plain, gzip or zip).",
)
@click.option("--entities", "entities_opt", type=FILE, help="An entities.csv file (id,name,kind,country,aliases,identifiers,address), imported first.")
@click.option("--holdings", "holdings_opt", type=FILE, help="A holdings.csv file (owner_id,owned_id,relation,share,share_min,share_max,start_date,end_date,source), imported last.")
@click.option("--id-prefix", default="opensanctions", show_default=True, help="For FtM files: entity ids are PREFIX:<ftm id> (the list id the same file has as a list).")
@create_missing_option
@encoding_option
@pass_state
def import_(
    state: State,
    files: tuple[Path, ...],
    fmt: str,
    entities_opt: Path | None,
    holdings_opt: Path | None,
    id_prefix: str,
    create_missing: bool,
    encoding: str | None,
) -> None:
    """Import FILES in order, in one transaction: BODS statements, GLEIF LEI / relationship /
    reporting-exception records, UK PSC snapshot lines, FtM entities, or our entities.csv and
    holdings.csv.

    Rows are upserted, so importing the same files again changes nothing. Any bad record stops
    the import with exit code 2, naming file, record (line for JSON Lines) and field, and
    nothing is written.

    Example:

        partyscreen ownership import entities.csv holdings.csv

        partyscreen ownership import lei2.json.zip rr.json.zip repex.json.zip

        partyscreen ownership import psc-snapshot.txt --format uk-psc
    """
    from partyscreen.store.importers.ownership import import_ownership

    paths = ([entities_opt] if entities_opt else []) + list(files) + ([holdings_opt] if holdings_opt else [])
    if not paths:
        raise UsageError("nothing to import: give one or more files (entities.csv, holdings.csv, BODS, GLEIF, UK PSC, FtM)")
    engine = state.engine()
    results: list[ImportResult] = []
    with transaction(engine) as conn:
        for path in paths:
            chosen = "csv" if path in (entities_opt, holdings_opt) else fmt
            results.append(
                import_ownership(conn, path, chosen, encoding=encoding, create_missing=create_missing, id_prefix=id_prefix)
            )
    report(state, results)


def report(state: State, results: list[ImportResult]) -> None:
    for result in results:
        for warning in result.warnings:
            state.warn(warning)
        state.info(result.summary())
