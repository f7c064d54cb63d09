"""The migrations create exactly the models' schema, on both engines, and can be undone."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import partyscreen.store.models  # noqa: F401
from partyscreen.store.db import (
    create_db_engine,
    current_revision,
    downgrade,
    head_revision,
    require_current_schema,
    upgrade,
)
from partyscreen.errors import SchemaOutdated

import pytest

TABLES = {
    "entity", "entity_name", "identifier", "holding", "list", "list_entry", "list_measure", "import_batch",
    "affiliation_run", "affiliation", "screening_run", "subject", "hit", "decision",
    "list_version", "list_change",
}


def test_upgrade_from_empty_creates_every_table_with_no_drift(db_url):
    engine = create_db_engine(db_url)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert TABLES <= set(sa.inspect(engine).get_table_names())
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []
    engine.dispose()


def test_downgrade_to_base_removes_everything_and_upgrade_is_repeatable(db_url):
    engine = create_db_engine(db_url)
    upgrade(engine)
    upgrade(engine)  # a second init is a no-op
    downgrade(engine, "base")
    assert not TABLES & set(sa.inspect(engine).get_table_names())
    upgrade(engine)
    assert TABLES <= set(sa.inspect(engine).get_table_names())
    engine.dispose()


def test_schema_check_refuses_empty_and_unknown_revisions(db_url):
    engine = create_db_engine(db_url)
    with pytest.raises(SchemaOutdated, match="run `partyscreen init` first"):
        require_current_schema(engine)
    upgrade(engine)
    require_current_schema(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffffffff'")
    with pytest.raises(SchemaOutdated, match="newer than this partyscreen"):
        require_current_schema(engine)
    engine.dispose()


def test_a_database_behind_is_refused_until_init_upgrades_it(db_url, write):
    from partyscreen.cli import run

    engine = create_db_engine(db_url)
    upgrade(engine, "0001")
    with pytest.raises(SchemaOutdated, match=r"schema 0001, behind .* run `partyscreen init`"):
        require_current_schema(engine)
    assert run(["--db", db_url, "stats"]) == 2
    assert run(["--db", db_url, "init"]) == 0
    require_current_schema(engine)
    engine.dispose()
