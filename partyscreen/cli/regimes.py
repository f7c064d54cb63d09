"""``regimes show|import``: the regime timelines (Announcement 61) the answers rest on."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from partyscreen.cli.app import State, cli, encoding_option, pass_state

SHOWN_ARTICLES = {"cn-mofcom-61": ("II", "I(1)", "I(2)", "I(3)")}
"""The articles whose state ``regimes show`` prints (others follow the whole announcement)."""


@cli.group()
def regimes() -> None:
    """The regime timelines answers rest on: where Announcement 61 (Art. II …) stands on a date.

    Example:

        partyscreen regimes show --as-of 2026-11-11
    """


@regimes.command("show")
@click.argument("regime", required=False)
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None, help="The day to answer for. Default: today.")
@click.option("--reading", default=None, metavar="ID", help="A reading of a disputed date (default: the regime's; see the list).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_state
def show(state: State, regime: str | None, as_of: Any, reading: str | None, fmt: str) -> None:
    """Show every known fact of each regime (or of REGIME) and where its articles stand on a day.

    End dates are the last day a fact holds (inclusive). A day after the last known fact reads
    "unknown", with the last known fact.

    Example:

        partyscreen regimes show cn-mofcom-61 --as-of 2026-03-01
    """
    from partyscreen.regimes import DEFAULT_READINGS, READINGS, regime_state
    from partyscreen.screening.outcomes import regime_warning
    from partyscreen.store.regime_data import load_regime_facts

    day = as_of.date() if as_of is not None else date.today()
    with state.engine().connect() as conn:
        facts = load_regime_facts(conn, regime)
    if not facts:
        hint = "run `partyscreen lists update` (loads the bundled lists/regimes.csv)"
        raise click.ClickException(f"no facts about {regime or 'any regime'} in this database: {hint}")
    names = sorted({f.regime for f in facts})
    payload = []
    for name in names:
        mine = [f for f in facts if f.regime == name]
        chosen = reading or DEFAULT_READINGS.get(name, "")
        if reading and reading not in READINGS.get(name, {}):
            raise click.ClickException(f"{name} has no reading {reading!r}; readings: {', '.join(READINGS.get(name, {})) or 'none'}")
        articles = SHOWN_ARTICLES.get(name, ()) + ("",)
        states = [regime_state(mine, name, a, day, chosen) for a in articles]
        payload.append({"regime": name, "reading": chosen, "readings": READINGS.get(name, {}), "facts": mine, "states": states})
    if fmt == "json":
        click.echo(json.dumps([_as_json(p) for p in payload], ensure_ascii=False, indent=2, default=str))
    else:
        for p in payload:
            _print_text(p, day)
    for p in payload:
        for st in p["states"][:1]:
            warning = regime_warning(st)
            if warning:
                state.warn(warning)


def _as_json(p: dict[str, Any]) -> dict[str, Any]:
    return {
        "regime": p["regime"],
        "reading": p["reading"],
        "readings": p["readings"],
        "facts": [{k: (v.isoformat() if isinstance(v, date) else v) for k, v in vars(f).items()} for f in p["facts"]],
        "states": [s.to_dict() for s in p["states"]],
    }


def _print_text(p: dict[str, Any], day: date) -> None:
    from partyscreen.screening.outcomes import regime_name

    click.echo(f"{p['regime']} ({regime_name(p['regime'])}) — facts (end = last day, inclusive):")
    for f in p["facts"]:
        mark = "" if not f.reading else (f" [reading {f.reading}{' — applied' if f.reading == p['reading'] else ' — not applied'}]")
        click.echo(f"  {f.describe()}{mark}  {f.reference}  {f.url or '(no official URL in our sources)'}  [{f.source}]")
    for rid, text in p["readings"].items():
        click.echo(f"  reading {rid}{' (applied)' if rid == p['reading'] else ''}: {text}")
    click.echo(f"on {day.isoformat()}:")
    for st in p["states"]:
        until = f" until {st.until.isoformat()}" if st.until and st.status == "suspended" else ""
        since = f" since {st.since.isoformat()}" if st.since and st.status in ("in_force", "ended") else ""
        since = f" from {st.since.isoformat()}" if st.since and st.status == "not_in_force" else since
        after = f" after {st.until.isoformat()}" if st.until and st.status == "unknown" else ""
        by = f" ({st.fact.announcement})" if st.fact and st.fact.announcement and st.status != "in_force" else ""
        other = f"; under reading {st.alternative.reading}: {st.alternative.status}" if st.alternative else ""
        click.echo(f"  {st.label}: {st.status}{since}{until}{after}{by}{other}")


@regimes.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@encoding_option
@pass_state
def import_(state: State, file: Path, encoding: str | None) -> None:
    """Add or update regime facts from FILE (the columns of lists/regimes.csv).

    A later fact (an extension, a lifting) is one row; it is kept when `lists update` reloads
    the bundled facts. Everything or nothing is imported.

    Example:

        partyscreen regimes import extension.csv
    """
    from partyscreen.store.db import transaction
    from partyscreen.store.importers.regimes import import_regimes

    with transaction(state.engine()) as conn:
        result = import_regimes(conn, file, encoding=encoding)
    for warning in result.warnings:
        state.warn(warning)
    state.info(result.summary())

