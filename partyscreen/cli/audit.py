"""``audit``: print the append-only audit trail (imports, runs, link and hit decisions, prunes)."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from partyscreen.cli.app import State, cli, output_format, pass_state

OUTPUT_SUFFIXES = {".csv": "csv", ".json": "json"}


@cli.command()
@click.option("--subject", "subject_id", metavar="ID", help="Only events about this customer / counterparty record id.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]), metavar="DATE",
              help="Only events at or after DATE (YYYY-MM-DD: from 00:00 UTC; or YYYY-MM-DDTHH:MM:SS, UTC).")
@click.option("--action", "actions", multiple=True, metavar="A",
              help="Only this action (repeatable): import, screen, link, prune, monitor_run, decision.")
@click.option("--run", "run_id", type=click.IntRange(1), metavar="RUN_ID", help="Only events of this screening or monitor run.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default=None,
              help="Output format. Default: from --out's extension (.csv .json), else csv.")
@click.option("--out", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE instead of stdout (complete or absent: written to a temporary file, then renamed).")
@pass_state
def audit(
    state: State, subject_id: str | None, since: datetime | None, actions: tuple[str, ...], run_id: int | None,
    fmt: str | None, out: Path | None,
) -> None:
    """Print the audit trail: every import, screening and monitor run, link and hit decision, and prune.

    The trail is append-only: the database refuses to change or delete its rows, and `prune`
    keeps it. Each event has id, at (UTC), action, actor, subject_id, run_id and detail (a JSON
    object: counts, ids, verdicts, reasons).

    Example:

        partyscreen audit --since 2026-01-01 --action link --format json --out audit.json

        partyscreen audit --subject C-1042
    """
    from partyscreen.report.atomic import atomic_text, check_writable
    from partyscreen.store.audit import list_events

    chosen = output_format(out, fmt, OUTPUT_SUFFIXES, "csv")
    if out is not None:
        check_writable(out)
    with state.engine().connect() as conn:
        events = list_events(conn, subject_id=subject_id, since=since, actions=actions, run_id=run_id)
    if out is None:
        _write(events, chosen, sys.stdout)
    else:
        with atomic_text(out) as fh:
            _write(events, chosen, fh)
    state.info(f"{len(events):,} audit event(s)" + (f" written to {out}" if out else ""))


def _write(events: list[dict[str, Any]], fmt: str, fh: Any) -> None:
    import json

    from partyscreen.report.tabular import write_csv
    from partyscreen.store.audit import COLUMNS

    rows = [
        {**e, "at": e["at"].isoformat() if isinstance(e["at"], datetime) else e["at"]}
        for e in events
    ]
    if fmt == "json":
        json.dump([{c: r[c] for c in COLUMNS} for r in rows], fh, ensure_ascii=False, indent=2)
        fh.write("\n")
        return
    flat = [
        {**r, "run_id": "" if r["run_id"] is None else r["run_id"], "actor": r["actor"] or "",
         "subject_id": r["subject_id"] or "",
         "detail": "" if r["detail"] is None else json.dumps(r["detail"], ensure_ascii=False, sort_keys=True)}
        for r in rows
    ]
    write_csv(flat, COLUMNS, fh)
