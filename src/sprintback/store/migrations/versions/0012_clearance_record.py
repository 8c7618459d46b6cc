"""The clearance record and physician reviews; unanswered night pain is null.

- `clearances` keeps who cleared (name, role), the protocol (name, version) and a snapshot of every
  criterion that day (JSON), so a clearance can be read back as it was signed.
- `physician_reviews`: a physician's review after a referral; its date lifts the red flags raised
  up to it (the engine's `Injury.physician_review_on`).
- `checkins.night_pain` becomes nullable: an unanswered question is not a "no" (night pain refers).

Revision ID: 0012
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clearances") as batch:
        batch.add_column(sa.Column("clinician_name", sa.String(200), nullable=True))
        batch.add_column(sa.Column("clinician_role", sa.String(16), nullable=True))
        batch.add_column(sa.Column("protocol_name", sa.String(200), nullable=True))
        batch.add_column(sa.Column("protocol_version", sa.String(40), nullable=True))
        batch.add_column(sa.Column("criteria", sa.JSON, nullable=True))
    with op.batch_alter_table("checkins") as batch:
        batch.alter_column("night_pain", existing_type=sa.Boolean, nullable=True)
    op.create_table(
        "physician_reviews",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("athlete_id", sa.String(40), nullable=False),
        sa.Column("reviewed_on", sa.Date, nullable=False),
        sa.Column("physician", sa.String(200), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_physician_reviews"),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], name="fk_physician_reviews_athlete_id_athletes"),
    )
    op.create_index("ix_physician_reviews_athlete_id", "physician_reviews", ["athlete_id"])


def downgrade() -> None:
    op.drop_index("ix_physician_reviews_athlete_id", table_name="physician_reviews")
    op.drop_table("physician_reviews")
    # An unanswered night-pain question had no place before this revision; it goes back as "no".
    op.execute(sa.text("UPDATE checkins SET night_pain = false WHERE night_pain IS NULL"))
    with op.batch_alter_table("checkins") as batch:
        batch.alter_column("night_pain", existing_type=sa.Boolean, nullable=False)
    with op.batch_alter_table("clearances") as batch:
        for name in ("criteria", "protocol_version", "protocol_name", "clinician_role", "clinician_name"):
            batch.drop_column(name)
