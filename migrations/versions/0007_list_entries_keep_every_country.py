"""List entries keep every country: ``list_entry.country`` holds ISO codes joined with ``;``.

OFAC, CSL and FtM entries often give several countries (addresses, nationalities); the matcher
compares a screened party's country with all of them. Existing rows (one code) stay valid; the
next import of their list fills in the others. Downgrade keeps the first code.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 02:52:39.763364
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('list_entry', schema=None) as batch_op:
        batch_op.alter_column('country',
               existing_type=sa.VARCHAR(length=2),
               type_=sqlmodel.sql.sqltypes.AutoString(length=200),
               existing_nullable=True)



def downgrade() -> None:
    op.execute("UPDATE list_entry SET country = SUBSTR(country, 1, 2) WHERE country IS NOT NULL")
    with op.batch_alter_table('list_entry', schema=None) as batch_op:
        batch_op.alter_column('country',
               existing_type=sqlmodel.sql.sqltypes.AutoString(length=200),
               type_=sa.VARCHAR(length=2),
               existing_nullable=True)

