"""Index the correction chains: "is this row superseded?" becomes an index probe, not a table scan.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_TABLES = ("measurements", "checkins", "sessions")


def upgrade() -> None:
    for table in _TABLES:
        op.create_index(f"ix_{table}_supersedes_id", table, ["supersedes_id"])


def downgrade() -> None:
    for table in _TABLES:
        op.drop_index(f"ix_{table}_supersedes_id", table_name=table)
