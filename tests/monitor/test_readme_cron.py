"""The README's cron line for the nightly monitor parses: global options (-q, --db) before the
subcommand (QA: `monitor run ... -q` was rejected by click)."""

from __future__ import annotations

import re
import shlex
import warnings
from pathlib import Path

import click

from partyscreen.cli import cli


def _parse(args: list[str]) -> None:
    """Parse ``args`` group by group the way click would, without running anything."""
    command: click.Command = cli
    name = "partyscreen"
    while True:
        ctx = command.make_context(name, list(args))
        if not isinstance(command, click.Group):
            return
        with warnings.catch_warnings():  # protected_args: deprecated in click 8.2, still filled
            warnings.simplefilter("ignore", DeprecationWarning)
            rest = list(getattr(ctx, "protected_args", [])) + ctx.args
        name, command, args = command.resolve_command(ctx, rest)
        assert command is not None


def test_readme_cron_line_parses() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    lines = [line for line in readme.splitlines() if re.match(r"^[0-9*/,-]+ [0-9*/,-]+ .*partyscreen .*monitor run", line)]
    assert lines, "no cron line for monitor run in README.md"
    for line in lines:
        command = line.split("&& partyscreen ", 1)[1].split(";", 1)[0]
        _parse(shlex.split(command.replace("$(date +\\%F)", "2026-11-30")))
