"""Start-up: `--help` and `import partyscreen` load nothing heavy; the lazily listed commands are
the real ones. (Speed itself is measured by scripts/bench_startup.py, not asserted here.)"""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "sqlmodel", "pandas", "numpy", "pyarrow", "rigour", "pypinyin", "openpyxl")


def _imported_after(code: str) -> set[str]:
    """Top-level modules a fresh interpreter has imported after running ``code``."""
    probe = code + "\nimport sys\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)\n"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    return set(done.stderr.split())


def test_help_imports_nothing_heavy() -> None:
    loaded = _imported_after("from partyscreen.cli import run\nrun(['--help'])")
    assert "partyscreen" in loaded
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_import_partyscreen_imports_nothing_heavy() -> None:
    loaded = _imported_after("import partyscreen")
    assert "partyscreen" in loaded
    assert loaded.isdisjoint(HEAVY + ("click",)), sorted(loaded & set(HEAVY))


def test_lazy_listing_matches_the_commands() -> None:
    """Every command is in LAZY_COMMANDS with its module and the first paragraph of its help."""
    from partyscreen.cli import LAZY_COMMANDS, load_all_commands

    group = load_all_commands()
    real = {
        name: (cmd.callback.__module__ if cmd.callback else "", inspect.cleandoc(cmd.help or "").split("\n\n")[0])
        for name, cmd in group.commands.items()
    }
    assert real == LAZY_COMMANDS


def test_help_lists_every_command_as_the_loaded_group_does() -> None:
    lazy = subprocess.run([sys.executable, "-m", "partyscreen.cli", "--help"], capture_output=True, text=True, cwd=ROOT)
    from partyscreen.cli import load_all_commands

    group = load_all_commands()
    ctx = click.Context(group, info_name="partyscreen", max_content_width=100)
    formatter = ctx.make_formatter()
    click.Group.format_commands(group, ctx, formatter)
    assert lazy.returncode == 0
    assert formatter.getvalue().strip() in lazy.stdout
    assert "match " in lazy.stdout and "screen " in lazy.stdout


def test_a_repeated_match_imports_no_dataframe_orm_or_migration_library(tmp_path: Path) -> None:
    """The second `match` of a question answers from the cached snapshot: no pandas, SQLModel,
    alembic or pyarrow (their imports were most of the old 8-30 s start)."""
    import os

    from partyscreen.cli import run

    db = f"sqlite:///{tmp_path / 'm.db'}"
    assert run(["--db", db, "init"]) == 0
    assert run(["--db", db, "lists", "update"]) == 0
    code = f"from partyscreen.cli import run\nrun(['--db', {db!r}, 'match', 'Lockheed Martin', '--as-of', '2025-06-01'])"
    env = dict(os.environ, PARTYSCREEN_CACHE_DIR=str(tmp_path / "cache"))
    probe = code + "\nimport sys\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)\n"
    first = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env)
    second = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env)
    assert "Lockheed Martin Corporation" in first.stdout and second.stdout == first.stdout
    built = set(first.stderr.split())
    assert "pyarrow" in built  # the first one built the snapshot (the ownership engine's holdings table)
    assert "pandas" not in built  # and, on a small database, without loading pandas (cold start)
    loaded = set(second.stderr.splitlines()[-1].split())
    assert loaded.isdisjoint({"pandas", "sqlmodel", "alembic", "pyarrow"}), sorted(loaded & {"pandas", "sqlmodel", "alembic", "pyarrow"})
