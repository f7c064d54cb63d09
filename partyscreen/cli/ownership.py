"""``ownership import``: load entities and holdings files."""

from __future__ import annotations

from pathlib import Path

import click

from partyscreen.cli.app import State, cli, create_missing_option, encoding_option, pass_state
from partyscreen.errors import UsageError
from partyscreen.store.db import transaction
from partyscreen.store.importers import ImportResult, import_entities, import_holdings

FILE = click.Path(dir_okay=False, path_type=Path)


@cli.group()
def ownership() -> None:
    """Ownership data: entities and who holds what in whom."""


@ownership.command("import")
@click.argument("entities_file", required=False, type=FILE)
@click.argument("holdings_file", required=False, type=FILE)
@click.option("--entities", "entities_opt", type=FILE, help="An entities.csv file (id,name,kind,country,aliases,identifiers,address).")
@click.option("--holdings", "holdings_opt", type=FILE, help="A holdings.csv file (owner_id,owned_id,relation,share,share_min,share_max,start_date,end_date,source).")
@create_missing_option
@encoding_option
@pass_state
def import_(
    state: State,
    entities_file: Path | None,
    holdings_file: Path | None,
    entities_opt: Path | None,
    holdings_opt: Path | None,
    create_missing: bool,
    encoding: str | None,
) -> None:
    """Import ENTITIES_FILE and then HOLDINGS_FILE, in one transaction.

    Rows are upserted, so importing the same files again changes nothing. Any bad row stops
    the import with exit code 2, naming file, row and field, and nothing is written.

    Example:

        partyscreen ownership import entities.csv holdings.csv

        partyscreen ownership import --holdings holdings.csv --create-missing
    """
    entities = entities_opt or entities_file
    holdings = holdings_opt or holdings_file
    if entities_opt and entities_file or holdings_opt and holdings_file:
        raise UsageError("give each file once: as an argument or with --entities/--holdings")
    if entities is None and holdings is None:
        raise UsageError("nothing to import: give entities.csv and/or holdings.csv")
    engine = state.engine()
    results: list[ImportResult] = []
    with transaction(engine) as conn:
        if entities is not None:
            results.append(import_entities(conn, entities, encoding=encoding))
        if holdings is not None:
            results.append(import_holdings(conn, holdings, encoding=encoding, create_missing=create_missing))
    report(state, results)


def report(state: State, results: list[ImportResult]) -> None:
    for result in results:
        for warning in result.warnings:
            state.warn(warning)
        state.info(result.summary())
