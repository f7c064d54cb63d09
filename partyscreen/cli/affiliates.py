"""``affiliates`` and ``explain``: the entities a policy treats like listed parties, and why."""

from __future__ import annotations

import contextlib
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any, Callable

import click

from partyscreen.cli.app import State, cli, output_format, pass_state
from partyscreen.ownership.policies import BUILTIN_POLICIES, DEFAULT_POLICY
from partyscreen.report.tabular import WRITERS

OUTPUT_SUFFIXES = {".csv": "csv", ".json": "json", ".txt": "table"}


def policy_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--policy``, ``--policy-file``, ``--lists`` and ``--as-of``, shared by every command that applies a policy."""
    func = click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="The date to answer for (holdings in force, entries listed, measures in effect). Default: today.",
    )(func)
    func = click.option("--lists", "lists", metavar="ID,ID", default=None, help="Use these list ids instead of the policy's.")(func)
    func = click.option(
        "--policy-file",
        type=click.Path(dir_okay=False, exists=True, path_type=Path),
        help="A TOML file of extra policies (see README).",
    )(func)
    return click.option(
        "--policy",
        "policy_name",
        default=DEFAULT_POLICY,
        show_default=True,
        metavar="NAME",
        help=f"Ownership policy: {', '.join(BUILTIN_POLICIES)} or one from --policy-file.",
    )(func)


def chosen_policy(policy_name: str, policy_file: Path | None, lists: str | None):  # type: ignore[no-untyped-def]
    from partyscreen import affiliates as service  # the ownership engine: imported when used

    list_ids = [x.strip() for x in lists.split(",") if x.strip()] if lists else None
    return service.resolve_policy(policy_name, list_ids, policy_file)


def day_or_today(value: Any) -> date:
    """The ``--as-of`` option's date, today when not given."""
    return value.date() if value is not None else date.today()


@cli.command()
@policy_options
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "table"]), default=None,
              help="Output format. Default: from --out's extension (.csv .json .txt; another is an error), else csv.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write here instead of stdout (the file appears only when complete).")
@pass_state
def affiliates(
    state: State, policy_name: str, policy_file: Path | None, lists: str | None, as_of: Any, fmt: str | None, out: Path | None
) -> None:
    """List every entity the policy treats like a listed party: listed roots, affiliates, possible affiliates.

    Columns: entity_id, entity_name, status, policy, as_of, share_min, share_max, lookthrough,
    depth, roots, path (Name [id] -50%-> …, one leg per owner that adds up), reasons, path_ids
    (the path with ids only). The results are also stored for the screener.

    Example:

        partyscreen affiliates --policy mofcom-61 --as-of 2026-01-01 --out affiliates.csv
    """
    from partyscreen import affiliates as service  # the ownership engine: imported when used
    from partyscreen.report.atomic import AtomicFile, check_writable

    writer = WRITERS[output_format(out, fmt, OUTPUT_SUFFIXES, "csv")]
    if out is not None:
        check_writable(out)
    policy = chosen_policy(policy_name, policy_file, lists)
    day = day_or_today(as_of)
    with contextlib.ExitStack() as stack:
        target = stack.enter_context(AtomicFile(out)) if out is not None else None

        def write(finished: service.AffiliatesRun) -> None:  # before the run's results commit
            if target is None:
                writer(finished.rows(), service.AFFILIATE_COLUMNS, sys.stdout)
                return
            with target.open_text() as fh:
                writer(finished.rows(), service.AFFILIATE_COLUMNS, fh)

        run = service.compute_and_store(state.engine(), policy, day, before_commit=write)
    counts = run.counts()
    state.info(
        f"{policy.summary()}\nas of {day}: {counts['listed']} listed, {counts['affiliate']} affiliates, "
        f"{counts['possible_affiliate']} possible affiliates (run {run.run_id}; "
        + ", ".join(f"{step} {seconds:.2f} s" for step, seconds in run.seconds.items())
        + ")"
    )


@cli.command()
@click.argument("entity_id")
@policy_options
@click.option("--depth", "max_depth", type=click.IntRange(1, 50), default=4, show_default=True, help="Owner tree depth.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_state
def explain(
    state: State,
    entity_id: str,
    policy_name: str,
    policy_file: Path | None,
    lists: str | None,
    as_of: Any,
    max_depth: int,
    fmt: str,
) -> None:
    """Explain ENTITY_ID: who owns it (tree upward) and, if caught, the proof.

    The proof lists the owners whose stakes add up to the threshold and each path to a listed root.

    Example:

        partyscreen explain lei:5493001KJTIIGC8Y1R12 --policy ofac --as-of 2026-01-01
    """
    from partyscreen import affiliates as service

    policy = chosen_policy(policy_name, policy_file, lists)
    explanation = service.explain_entity(state.engine(), entity_id, policy, day_or_today(as_of), max_depth)
    if fmt == "json":
        click.echo(json.dumps(explanation.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        from partyscreen.report.visible import visible

        click.echo(visible(explanation.render_text(), multiline=True))
