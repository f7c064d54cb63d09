"""``demo``: see real hits with ownership paths a minute after installing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from partyscreen.cli.app import State, cli, pass_state


@cli.command()
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("partyscreen-demo"),
              show_default=True, help="Where to write the demo database, input files and reports.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Screening date (default today).")
@pass_state
def demo(state: State, folder: Path, as_of: Any) -> None:
    """Build a demo database (bundled MOFCOM lists + a generated ownership network) and screen a file.

    Writes demo.db, entities.csv, holdings.csv, counterparties.csv, hits.csv and report.html in
    the folder, then prints the hits with their ownership paths.

    Example:

        partyscreen demo --dir /tmp/partyscreen-demo
    """
    from partyscreen.demo import run_demo  # imported on use: it loads the matcher
    from partyscreen.report.visible import visible

    result = run_demo(folder, as_of.date() if as_of else None)
    report = result.report
    counts = report.counts()
    click.echo(
        f"Screened {counts['rows']} counterparties ({folder / 'counterparties.csv'}) under {report.policy} as of "
        f"{report.as_of}: {counts['subjects_with_hits']} with hits — {counts['listed']} listed, {counts['affiliate']} "
        f"affiliates, {counts['possible_affiliate']} possible affiliates; {counts['errors']} row(s) not screened."
    )
    for hit in sorted(report.hits, key=lambda h: (h.basis != "listed", h.row or 0)):
        path = f"  path: {visible(hit.path)}" if hit.path else ""
        click.echo(f"  row {hit.row}: {visible(hit.subject_name)} -> {visible(hit.entity_name)} [{hit.basis}, score {hit.score:.0f}]{path}")
        click.echo(f"      {hit.outcome}")
    click.echo(f"\nReport: {result.html}\nHits CSV: {result.hits_csv}\nDatabase: {result.database_url}")
    click.echo(f"Try: partyscreen --db {result.database_url} explain <entity_id from the report>")
