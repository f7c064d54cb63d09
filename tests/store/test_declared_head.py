"""The schema head read from the migration scripts' own lines equals alembic's (cold start
without importing alembic), and anything but one plain chain is left to alembic."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory

from partyscreen.store.db import _declared_head, alembic_config, migrations_dir


def test_declared_head_is_alembics_head() -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert [_declared_head(migrations_dir() / "versions")] == heads


def _script(folder: Path, name: str, revision: str, down: str | None, annotated: bool = False) -> None:
    kind = ": str" if annotated else ""
    down_text = "None" if down is None else repr(down)
    (folder / name).write_text(f'"""m"""\nrevision{kind} = {revision!r}\ndown_revision{kind} = {down_text}\n')


def test_declared_head_only_for_one_plain_chain(tmp_path: Path) -> None:
    _script(tmp_path, "0001_a.py", "0001", None)
    _script(tmp_path, "0002_b.py", "0002", "0001", annotated=True)
    (tmp_path / "__init__.py").write_text("")
    assert _declared_head(tmp_path) == "0002"
    _script(tmp_path, "0003_c.py", "0003", "0001")  # two heads: alembic decides (and complains)
    assert _declared_head(tmp_path) is None
    (tmp_path / "0003_c.py").write_text('revision = "0003"\ndown_revision = ("0001", "0002")\n')  # a merge
    assert _declared_head(tmp_path) is None
    (tmp_path / "0003_c.py").write_text('revision = "0003"\ndown_revision = "0002"\n')
    assert _declared_head(tmp_path) == "0003"
    (tmp_path / "0004_d.py").write_text("import x\n")  # no revision line
    assert _declared_head(tmp_path) is None
