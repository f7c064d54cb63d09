"""The ``partyscreen`` command: a thin click layer over the library.

Exit codes (a contract for schedulers): 0 no hit, 1 hits found, 2 usage or input error,
3 internal error, 130 interrupted (SIGINT, Ctrl-C), 143 stopped by SIGTERM.
"""

from __future__ import annotations

import atexit
import importlib
import os
import sys
import threading
import traceback
from typing import NoReturn

import click

from partyscreen.cli.app import cli
from partyscreen.errors import PartyscreenError

# Every command, the module that defines it (imported only when the command runs) and the first
# paragraph of its help (what `partyscreen --help` lists). A new command goes here too; the
# startup tests fail if this table and the commands disagree.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "affiliates": ("partyscreen.cli.affiliates",
                   "List every entity the policy treats like a listed party: listed roots, affiliates, possible affiliates."),
    "audit": ("partyscreen.cli.audit",
              "Print the audit trail: every import, screening and monitor run, link and hit decision, and prune."),
    "demo": ("partyscreen.cli.demo",
             "Build a demo database (bundled MOFCOM lists + a generated ownership network) and screen a file."),
    "explain": ("partyscreen.cli.affiliates", "Explain ENTITY_ID: who owns it (tree upward) and, if caught, the proof."),
    "init": ("partyscreen.cli.setup", "Create the database, or upgrade its schema to this version of partyscreen."),
    "link": ("partyscreen.cli.link", "Propose, for each list entry without a link, the registry entities it names."),
    "lists": ("partyscreen.cli.lists", "Restricted-party lists: import, update the bundled ones, show, diff."),
    "match": ("partyscreen.cli.screen",
              "Look up NAME among the listed parties and their affiliates, with each hit's explanation."),
    "monitor": ("partyscreen.cli.monitor",
                "Re-screen the customer master nightly: only what changed, a delta report, decisions that stick."),
    "ownership": ("partyscreen.cli.ownership", "Ownership data: entities and who holds what in whom."),
    "prune": ("partyscreen.cli.setup", "Remove screening runs older than N days and stored data no kept run needs."),
    "regimes": ("partyscreen.cli.regimes",
                "The regime timelines answers rest on: where Announcement 61 (Art. II …) stands on a date."),
    "review": ("partyscreen.cli.review",
               "Review monitor hits: list them, show one, record a decision that sticks while nothing changes."),
    "screen": ("partyscreen.cli.screen",
               "Screen FILE (CSV, XLSX, JSON Lines or Parquet) against the listed parties and their affiliates."),
    "stats": ("partyscreen.cli.setup", "Count the rows of each data table (entities, names, holdings, lists, entries...)."),
}
cli.lazy.update(LAZY_COMMANDS)


def load_all_commands() -> click.Group:
    """Import every command module (for tools and tests that walk all commands); the root group."""
    for module, _ in LAZY_COMMANDS.values():
        importlib.import_module(module)
    return cli

EXIT_OK = 0
EXIT_HITS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130  # partyscreen.procs: SIGINT / Ctrl-C
EXIT_TERMINATED = 143  # SIGTERM


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the CLI and turn every outcome into a documented exit code."""
    end_process(run(argv))


def end_process(code: int) -> NoReturn:
    """End the process with exit ``code``, without the interpreter's teardown when that is safe.

    Rule: when only the main thread is left, the standard streams are flushed and the ``atexit``
    handlers run (logging, temporary files and folders, worker pools: everything the outside world
    sees of an exit), then the process ends at once (``os._exit``). Why: the teardown frees every
    module and object one by one — ~0.4 s of CPU after a cold ``match``, which loads the match
    index, SQLAlchemy's models and pypinyin's tables — and changes nothing outside the process.
    With other threads alive, ``sys.exit`` waits for them as usual.
    """
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`) or stream: nothing more to write
            pass
    os._exit(code)


def run(argv: list[str] | None = None) -> int:
    """Run the CLI; the exit code. SIGINT and SIGTERM unwind the command (its transaction rolls
    back, locks are given up) and end it with 130 / 143 (``partyscreen.procs``)."""
    from partyscreen.procs import Terminated, terminate_as_interrupt

    try:
        with terminate_as_interrupt():
            result = cli.main(args=argv, prog_name="partyscreen", standalone_mode=False)
    except Terminated:
        click.echo("Terminated (SIGTERM); nothing of the unfinished work was recorded.", err=True)
        return EXIT_TERMINATED
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):  # click turns Ctrl-C into Abort
            click.echo("Interrupted; nothing of the unfinished work was recorded.", err=True)
            return EXIT_INTERRUPTED
        click.echo("Aborted.", err=True)
        return EXIT_INPUT
    except click.ClickException as exc:
        exc.show()
        return EXIT_INPUT
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except PartyscreenError as exc:
        from partyscreen.report.visible import visible

        click.echo(f"Error: {visible(exc, multiline=True)}", err=True)
        return EXIT_INPUT
    except KeyboardInterrupt:
        click.echo("Interrupted; nothing of the unfinished work was recorded.", err=True)
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the contract: anything unexpected is exit 3, with the trace
        from partyscreen.store.locks import ConnectionLost, database_error

        known = database_error(exc)  # a lock wait that ran out (2), a lost connection (3): one line
        if known is not None:
            click.echo(f"Error: {known}", err=True)
            return EXIT_INTERNAL if isinstance(known, ConnectionLost) else EXIT_INPUT
        click.echo("Internal error (please report it with the trace below):", err=True)
        click.echo(traceback.format_exc(), err=True)
        return EXIT_INTERNAL
    return int(result) if isinstance(result, int) else EXIT_OK


__all__ = ["LAZY_COMMANDS", "cli", "load_all_commands", "main", "run", "EXIT_OK", "EXIT_HITS", "EXIT_INPUT", "EXIT_INTERNAL",
           "EXIT_INTERRUPTED", "EXIT_TERMINATED"]
