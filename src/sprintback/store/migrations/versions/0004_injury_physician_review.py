"""Injuries: the date a physician reviewed the injury after a referral (`Injury.physician_review_on`).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("injuries") as batch:
        batch.add_column(sa.Column("physician_review_on", sa.Date, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("injuries") as batch:
        batch.drop_column("physician_review_on")
