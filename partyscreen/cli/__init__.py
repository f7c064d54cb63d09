"""The ``partyscreen`` command: a thin click layer over the library.

Exit codes (a contract for schedulers): 0 no hit, 1 hits found, 2 usage or input error,
3 internal error.
"""

from __future__ import annotations

import sys
import traceback

import click

from partyscreen.cli.app import cli
from partyscreen.cli import affiliates as _affiliates  # noqa: F401  (registers commands)
from partyscreen.cli import demo as _demo  # noqa: F401
from partyscreen.cli import link as _link  # noqa: F401
from partyscreen.cli import lists as _lists  # noqa: F401
from partyscreen.cli import ownership as _ownership  # noqa: F401
from partyscreen.cli import screen as _screen  # noqa: F401
from partyscreen.cli import setup as _setup  # noqa: F401
from partyscreen.errors import PartyscreenError

EXIT_OK = 0
EXIT_HITS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the CLI and turn every outcome into a documented exit code."""
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    try:
        result = cli.main(args=argv, prog_name="partyscreen", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_INPUT
    except click.ClickException as exc:
        exc.show()
        return EXIT_INPUT
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except PartyscreenError as exc:
        click.echo(f"Error: {exc}", err=True)
        return EXIT_INPUT
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return EXIT_INTERNAL
    except Exception:  # noqa: BLE001 - the contract: anything unexpected is exit 3, with the trace
        click.echo("Internal error (please report it with the trace below):", err=True)
        click.echo(traceback.format_exc(), err=True)
        return EXIT_INTERNAL
    return int(result) if isinstance(result, int) else EXIT_OK


__all__ = ["cli", "main", "run", "EXIT_OK", "EXIT_HITS", "EXIT_INPUT", "EXIT_INTERNAL"]
