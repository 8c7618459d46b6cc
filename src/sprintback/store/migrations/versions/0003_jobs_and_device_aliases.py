"""Jobs (imports, reports, exports) and device aliases for matching telemetry files to athletes.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("params", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("result", sa.JSON),
        sa.Column("error", sa.Text),
        sa.Column("athlete_id", sa.String(40)),
        sa.Column("created_by", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_jobs"),
    )
    op.create_index("ix_jobs_athlete_id", "jobs", ["athlete_id"])
    op.create_table(
        "device_aliases",
        sa.Column("alias", sa.String(200), nullable=False),
        sa.Column("athlete_id", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("alias", name="pk_device_aliases"),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], name="fk_device_aliases_athlete_id_athletes"),
    )
    op.create_index("ix_device_aliases_athlete_id", "device_aliases", ["athlete_id"])


def downgrade() -> None:
    op.drop_table("device_aliases")
    op.drop_table("jobs")
