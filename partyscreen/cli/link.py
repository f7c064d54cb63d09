"""``link``, ``link review|accept|reject``: tie list entries to the registry entities they name."""

from __future__ import annotations

import json

import click

from partyscreen.cli.app import State, cli, pass_state


@cli.group(invoke_without_command=True)
@click.option("--list", "list_id", metavar="ID", help="Only entries of this list.")
@click.option("--auto-accept", type=click.FloatRange(0, 100), default=95.0, show_default=True,
              help="Accept a proposal scoring at least N that is its entry's only one at that level "
                   "(name matches also need the same country on both sides).")
@click.option("--min-score", type=click.FloatRange(0, 100), default=None, help="Lowest name score proposed (default: the matcher's hit threshold).")
@pass_state
@click.pass_context
def link(ctx: click.Context, state: State, list_id: str | None, auto_accept: float, min_score: float | None) -> None:
    """Propose, for each list entry without a link, the registry entities it names.

    Identifier equality first (LEI, USCC, company number: decisive), then the name matcher on
    name and country. Sure proposals are accepted (see --auto-accept); the rest wait in
    `link review`. An accepted link makes entry and entity one party for `affiliates`,
    `explain` and `screen`.

    Example:

        partyscreen link --list cn-mofcom-export-control

        partyscreen link review
    """
    if ctx.invoked_subcommand is not None:
        return
    from partyscreen.linking import propose_links
    from partyscreen.matching import DEFAULT_MIN_SCORE

    report = propose_links(state.engine(), list_id, auto_accept, min_score=DEFAULT_MIN_SCORE if min_score is None else min_score)
    for p in report.accepted:
        state.info(f"linked {p.list_id}:{p.entry_id} -> {p.entity_id} ({p.method}, {p.score:g})")
    state.info(report.summary())


@link.command("review")
@click.option("--list", "list_id", metavar="ID", help="Only entries of this list.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_state
def review(state: State, list_id: str | None, fmt: str) -> None:
    """Show the proposed links waiting for a decision, best first per entry.

    Example:

        partyscreen link review --list cn-mofcom-export-control
    """
    from partyscreen.store.links import queue

    with state.engine().connect() as conn:
        rows = queue(conn, list_id)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    click.echo("\t".join(("entry", "entry_name", "entity_id", "entity_name", "method", "score", "explanation")))
    for r in rows:
        first_line = str(r["explanation"] or "").splitlines()[0] if r["explanation"] else ""
        click.echo("\t".join(str(v) for v in (f"{r['list_id']}:{r['entry_id']}", r["entry_name"], r["entity_id"],
                                                  r["entity_name"], r["method"], f"{r['score']:g}", first_line)))


def _decision(status: str):  # type: ignore[no-untyped-def]
    @click.argument("entry_id")
    @click.argument("entity_id")
    @click.option("--list", "list_id", metavar="ID", help="The entry's list (when ENTRY_ID is in several).")
    @click.option("--by", required=True, help="Who decides (kept with the decision).")
    @click.option("--reason", required=True, help="Why (kept with the decision).")
    @pass_state
    def command(state: State, entry_id: str, entity_id: str, list_id: str | None, by: str, reason: str) -> None:
        from partyscreen.linking import decide_link

        link_id = decide_link(state.engine(), entry_id, entity_id, status, by, reason, list_id)
        state.info(f"link {link_id}: {entry_id} -> {entity_id} {status} by {by}")

    return command


accept = link.command("accept", help=(
    "Accept ENTRY_ID (or LIST_ID:ENTRY_ID) as ENTITY_ID: they become one party.\n\n"
    "Example:\n\n    partyscreen link accept 2025-01-01 lei:549300X7Q6KZ2C1QJB47 --list cn-mofcom-export-control "
    "--by alice --reason 'same company, checked LEI record'"
))(_decision("accepted"))
reject = link.command("reject", help=(
    "Reject the pair ENTRY_ID (or LIST_ID:ENTRY_ID) and ENTITY_ID: never proposed again.\n\n"
    "Example:\n\n    partyscreen link reject cn-mofcom-export-control:2025-01-01 lei:549300X7Q6KZ2C1QJB47 "
    "--by alice --reason 'different company of the same name'"
))(_decision("rejected"))
