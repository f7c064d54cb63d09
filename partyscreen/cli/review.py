"""``review list|show|decide``: analysts' decisions on monitor hits."""

from __future__ import annotations

import json
import sys

import click

from partyscreen.cli.app import State, cli, pass_state


@cli.group()
def review() -> None:
    """Review monitor hits: list them, show one, record a decision that sticks while nothing changes.

    Example:

        partyscreen review decide 17 --verdict false_positive --reason "different company, other city" --by "J. Chen"
    """


@review.command("list")
@click.option("--run", "run_id", type=click.IntRange(1), default=None, help="The monitor run (default: the latest).")
@click.option("--screening", "screening_run", type=click.IntRange(1), default=None, metavar="RUN_ID",
              help="List the hits of recorded screening run RUN_ID instead (hit ids s<N>).")
@click.option("--open", "open_only", is_flag=True, help="Only open hits: current, with no decision that still holds.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@pass_state
def list_command(state: State, run_id: int | None, screening_run: int | None, open_only: bool, fmt: str) -> int:
    """List the hits of a monitor run with their status and decision.

    Example:

        partyscreen review list --open --format json
    """
    from partyscreen.monitor.report import decision_text
    from partyscreen.monitor.review import LIST_FIELDS, list_hits
    from partyscreen.report.tabular import write_csv, write_table

    if screening_run is not None:
        from partyscreen.monitor.review import list_screening_hits

        hits = list_screening_hits(state.engine(), screening_run, open_only=open_only)
    else:
        hits = list_hits(state.engine(), run_id, open_only=open_only)
    if fmt == "json":
        json.dump(hits, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        rows = [{**h, "decision": decision_text(h["decision"]), "open": "yes" if h["open"] else ""} for h in hits]
        (write_csv if fmt == "csv" else write_table)(rows, LIST_FIELDS, sys.stdout)
    state.info(f"{len(hits)} hit(s)" + (" open" if open_only else ""))
    return 0


@review.command("show")
@click.argument("hit_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_state
def show_command(state: State, hit_id: str, fmt: str) -> int:
    """Show everything about hit HIT_ID: match, explanation, what changed, the customer, decisions.

    HIT_ID is a monitor hit (17) or a hit of a recorded screening run (s17).

    Example:

        partyscreen review show 17
    """
    from partyscreen.monitor.report import changes_text, decision_text
    from partyscreen.monitor.review import parse_hit_id, show_hit, show_screening_hit
    from partyscreen.report.visible import visible as v

    kind, number = parse_hit_id(hit_id)
    hit = (show_screening_hit if kind == "screen" else show_hit)(state.engine(), number)
    if fmt == "json":
        json.dump(hit, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
        return 0
    latest = f" (latest run {hit['latest_run']})" if hit["latest_run"] else " (a screening run)"
    click.echo(f"hit {hit['hit_id']} of run {hit['run_id']}{latest}: {hit['status']}")
    click.echo(f"customer: {v(hit['subject_name'])} [{v(hit['subject_id'])}]")
    click.echo(f"matches:  {v(hit['entity_name'])} [{v(hit['entity_id'])}] as {v(hit['matched_name'])!s}, "
               f"score {float(hit['score']):.1f}, {hit['basis']}")
    if hit.get("list_id"):
        click.echo(f"list:     {v(hit['list_id'])} {v(hit.get('reference') or '')}")
    if hit.get("path"):
        click.echo(f"path:     {v(hit['path'])}")
    click.echo(f"measure:  {hit.get('measure') or ''}")
    click.echo(f"outcome:  {v(hit['outcome'])}")
    if hit["changes"]:
        click.echo(f"changed:  {v(changes_text(hit['changes']))}")
    for decision in hit["decisions"]:
        click.echo(f"decision {decision['decision_id']}: {v(decision_text(decision))}")
    if hit.get("explanation"):
        click.echo("   " + v(hit["explanation"], multiline=True).replace("\n", "\n   "))
    return 0


@review.command("decide")
@click.argument("hit_id")
@click.option("--verdict", type=click.Choice(["true_match", "false_positive"]), required=True)
@click.option("--reason", required=True, help="Why (kept with the decision).")
@click.option("--by", "by", required=True, metavar="NAME", help="Who decides.")
@pass_state
def decide_command(state: State, hit_id: str, verdict: str, reason: str, by: str) -> int:
    """Record a verdict on hit HIT_ID of the latest run; it holds while customer and listing stay the same.

    HIT_ID is a monitor hit (17) or a hit of a recorded screening run (s17, see review list
    --screening RUN_ID); `screen --decisions` then applies it to the same record id.

    Example:

        partyscreen review decide 17 --verdict false_positive --reason "different company, other city" --by "J. Chen"
    """
    from partyscreen.monitor.review import decide, decide_screening_hit, parse_hit_id

    kind, number = parse_hit_id(hit_id)
    how = decide_screening_hit if kind == "screen" else decide
    decision_id = how(state.engine(), number, verdict=verdict, reason=reason, by=by)
    state.info(f"decision {decision_id}: hit {hit_id} is a {verdict}")
    return 0
