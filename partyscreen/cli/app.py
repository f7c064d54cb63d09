"""The root click group and the options every command shares."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from partyscreen.report.visible import visible

from partyscreen import __version__
from partyscreen.errors import UsageError
from partyscreen.settings import DB_ENV, DEFAULT_DB_URL

if TYPE_CHECKING:
    import sqlalchemy as sa

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class State:
    """What the root group parsed: the database URL and verbosity."""

    def __init__(self, db_url: str | None, quiet: bool) -> None:
        self.db_url = db_url
        self.quiet = quiet
        self._engine: sa.Engine | None = None

    def engine(self, *, check_schema: bool = True) -> sa.Engine:
        """The database engine; refuses a schema that is missing or behind unless told not to check."""
        from partyscreen.store.db import create_db_engine, require_current_schema  # SQLAlchemy, alembic: on use

        if self._engine is None:
            self._engine = create_db_engine(self.db_url)
        if check_schema:
            require_current_schema(self._engine)
        return self._engine

    def close(self) -> None:
        """Give the engine's pooled connections back when the command ends (``run()`` may be
        called many times in one process: PostgreSQL counts every connection left open)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def info(self, message: str) -> None:
        """Progress and summaries go to stderr, so stdout stays clean data."""
        if not self.quiet:
            click.echo(visible(message, multiline=True), err=True)

    def warn(self, message: str) -> None:
        click.echo(f"Warning: {visible(message, multiline=True)}", err=True)


class LazyGroup(click.Group):
    """A command group that imports a command's module only when the command runs.

    ``lazy`` maps a command name to its module and the first paragraph of its help, so that
    ``partyscreen --help`` lists every command without importing SQLAlchemy, pandas or the
    matcher (``tests/cli/test_startup.py`` checks the listing equals the loaded commands').
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, tuple[str, str]] = {}
        self._listing = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(self.lazy))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in self.lazy:
            return self.commands.get(cmd_name)
        module, summary = self.lazy[cmd_name]
        if self._listing:  # a stand-in with the same one-line help
            return click.Command(cmd_name, help=summary)
        importlib.import_module(module)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False


@click.group(cls=LazyGroup, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--db",
    "db_url",
    envvar=DB_ENV,
    metavar="URL",
    help=f"Database URL (sqlite:///file.db or postgresql://user@host:5432/db). Env: {DB_ENV}. Default: {DEFAULT_DB_URL}",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only data and errors.")
@click.version_option(__version__, prog_name="partyscreen")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None, quiet: bool) -> None:
    """Screen importers and end users against restricted lists and their 50%-owned affiliates.

    Example:

        partyscreen init && partyscreen lists update && partyscreen stats
    """
    ctx.obj = State(db_url, quiet)
    ctx.call_on_close(ctx.obj.close)


pass_state = click.make_pass_decorator(State)


def encoding_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--encoding",
        default=None,
        metavar="CODEC",
        help="Encoding of the input file(s), any Python codec (cp1252, gb18030, big5, shift_jis…). Default: detected "
        "(UTF-8 with or without BOM, UTF-16/32 with or without BOM, GB18030/GBK, Windows-1252/Latin-1).",
    )(func)


def output_format(out: Path | None, fmt: str | None, by_suffix: dict[str, str], default: str) -> str:
    """The output format: ``--format`` if given, else from ``--out``'s extension, else ``default`` (stdout).

    An ``--out`` whose extension names no format is an error, not a file of the default format
    under a misleading name.
    """
    if fmt:
        return fmt
    if out is None:
        return default
    found = by_suffix.get(out.suffix.lower())
    if found is None:
        known = ", ".join(sorted(by_suffix))
        raise UsageError(f"--out {out}: cannot tell the format from {out.suffix or 'a name without extension'!r} "
                         f"(known: {known}); rename the file or pass --format")
    return found


def create_missing_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--create-missing",
        is_flag=True,
        help="Create a bare entity for every id a row names that is not in the database (else an error).",
    )(func)
