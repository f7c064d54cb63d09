"""``lists import|update|show``: load restricted-party lists and see what is loaded."""

from __future__ import annotations

from pathlib import Path

import click

from partyscreen.cli.app import State, cli, create_missing_option, encoding_option, pass_state
from partyscreen.cli.ownership import report
from partyscreen.store.bundled import update_bundled_lists
from partyscreen.store.csvfile import open_csv
from partyscreen.store.db import transaction
from partyscreen.store.importers import import_list, import_measures
from partyscreen.store.importers.lists import is_measures_file


@cli.group()
def lists() -> None:
    """Restricted-party lists: import, update the bundled ones, show."""


@lists.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--list", "list_id", metavar="ID", help="List id for every row, when the file has no list_id column.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "csv", "measures"]),
    default="auto",
    show_default=True,
    help="csv: partyscreen list CSV; measures: list-measure periods; auto: decided from the header.",
)
@create_missing_option
@encoding_option
@pass_state
def import_(
    state: State, file: Path, list_id: str | None, fmt: str, create_missing: bool, encoding: str | None
) -> None:
    """Import a list FILE (partyscreen list CSV, or a measures file).

    An entry with an entity_id column value is tied to that entity of the ownership data;
    otherwise it becomes its own entity <list_id>:<entry_id>. Re-importing changes nothing.

    Example:

        partyscreen lists import my-list.csv --list internal-blocklist
    """
    engine = state.engine()
    if fmt == "auto":
        fmt = "measures" if is_measures_file(open_csv(file, encoding)) else "csv"
    with transaction(engine) as conn:
        if fmt == "measures":
            result = import_measures(conn, file, encoding=encoding)
        else:
            result = import_list(conn, file, list_id=list_id, encoding=encoding, create_missing=create_missing)
    report(state, [result])


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
