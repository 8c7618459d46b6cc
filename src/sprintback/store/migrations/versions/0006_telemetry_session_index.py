"""Telemetry sessions: one file may hold several sessions of one athlete (a multisport FIT file).

The uniqueness that makes a re-import detectable becomes (athlete, file hash, position in the file)
instead of (athlete, file hash), which refused the second leg of a multisport file on its first import.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("telemetry_sessions") as batch:
        batch.add_column(sa.Column("file_index", sa.Integer, nullable=False, server_default="0"))
        batch.drop_constraint("uq_telemetry_sessions_athlete_file", type_="unique")
        batch.create_unique_constraint(
            "uq_telemetry_sessions_athlete_file", ["athlete_id", "content_sha256", "file_index"]
        )


def downgrade() -> None:
    with op.batch_alter_table("telemetry_sessions") as batch:
        batch.drop_constraint("uq_telemetry_sessions_athlete_file", type_="unique")
        batch.create_unique_constraint("uq_telemetry_sessions_athlete_file", ["athlete_id", "content_sha256"])
        batch.drop_column("file_index")
