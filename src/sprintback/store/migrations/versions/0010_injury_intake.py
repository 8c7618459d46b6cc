"""Injuries: intake findings that suggest a proximal avulsion or tendon injury (`Injury.intake_signs`).

Revision ID: 0010
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("injuries") as batch:
        # IntakeSign values, comma-joined; "" for every injury recorded before the intake screen existed.
        batch.add_column(sa.Column("intake_signs", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("injuries") as batch:
        batch.drop_column("intake_signs")
