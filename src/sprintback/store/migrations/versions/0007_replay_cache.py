"""Stored replays: each athlete's decision per day, derived from the case and rebuildable.

`case_revisions` counts the writes to each athlete's case; `replay_days` keeps one decision per athlete,
protocol key and day (see `store/replays.py`). Both start empty: the first read of a case fills them, and
`sprintback db rebuild-replays` fills them all at once.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_revisions",
        sa.Column("athlete_id", sa.String(40), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("athlete_id", name="pk_case_revisions"),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], name="fk_case_revisions_athlete_id_athletes"),
    )
    op.create_table(
        "replay_days",
        sa.Column("athlete_id", sa.String(40), nullable=False),
        sa.Column("protocol", sa.String(120), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("phase", sa.String(40), nullable=False),
        sa.Column("decision", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("athlete_id", "protocol", "day", name="pk_replay_days"),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], name="fk_replay_days_athlete_id_athletes"),
    )


def downgrade() -> None:
    op.drop_table("replay_days")
    op.drop_table("case_revisions")
