"""Case tables: teams, athletes, injuries, telemetry sessions, measurements, check-ins, sessions, clearances.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _recorded() -> list[sa.Column[object]]:
    return [
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(80), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_teams"),
        sa.UniqueConstraint("name", name="uq_teams_name"),
    )
    op.create_table(
        "athletes",
        sa.Column("id", sa.String(40)),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("sport", sa.String(80)),
        sa.Column("position", sa.String(80)),
        sa.Column("team_id", sa.String(40)),
        sa.Column("baselines", sa.JSON, nullable=False),
        sa.Column("pain_mode", sa.String(20)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_athletes"),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name="fk_athletes_team_id_teams"),
    )
    op.create_index("ix_athletes_team_id", "athletes", ["team_id"])
    op.create_table(
        "injuries",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("athlete_id", sa.String(40), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("side", sa.String(8), nullable=False),
        sa.Column("grade", sa.String(4), nullable=False),
        sa.Column("mechanism", sa.String(16), nullable=False),
        sa.Column("muscle", sa.String(80), nullable=False),
        sa.Column("previous_hsi", sa.Integer, nullable=False),
        sa.Column("recent_hsi", sa.Boolean, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        *_recorded(),
        sa.PrimaryKeyConstraint("id", name="pk_injuries"),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], name="fk_injuries_athlete_id_athletes"),
    )
    op.create_index("ix_injuries_athlete_id", "injuries", ["athlete_id"])
    op.create_table(
        "telemetry_sessions",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("athlete_id", sa.String(40), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("source_file", sa.String(255), nullable=False),
        sa.Column("format", sa.String(20), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("start", sa.DateTime(timezone=True)),
        sa.Column("metrics", sa.JSON, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_telemetry_sessions"),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], name="fk_telemetry_sessions_athlete_id_athletes"),
        sa.UniqueConstraint("athlete_id", "content_sha256", name="uq_telemetry_sessions_athlete_file"),
    )
    op.create_index("ix_telemetry_sessions_athlete_id", "telemetry_sessions", ["athlete_id"])
    op.create_index("ix_telemetry_sessions_content_sha256", "telemetry_sessions", ["content_sha256"])
    op.create_table(
        "measurements",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("athlete_id", sa.String(40), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("side", sa.String(8)),
        sa.Column("pain", sa.Float),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("telemetry_session_id", sa.Integer),
        sa.Column("supersedes_id", sa.Integer),
        sa.Column("retracted", sa.Boolean, nullable=False),
        *_recorded(),
        sa.PrimaryKeyConstraint("id", name="pk_measurements"),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], name="fk_measurements_athlete_id_athletes"),
        sa.ForeignKeyConstraint(
            ["telemetry_session_id"],
            ["telemetry_sessions.id"],
            name="fk_measurements_telemetry_session_id_telemetry_sessions",
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"], ["measurements.id"], name="fk_measurements_supersedes_id_measurements"
        ),
    )
    op.create_index("ix_measurements_athlete_date", "measurements", ["athlete_id", "date"])
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("athlete_id", sa.String(40), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        *[
            sa.Column(n, sa.Float)
            for n in ("pain_rest", "pain_walking", "pain_exercise", "pain_next_morning", "soreness", "sleep_hours")
        ],
        sa.Column("night_pain", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("supersedes_id", sa.Integer),
        *_recorded(),
        sa.PrimaryKeyConstraint("id", name="pk_checkins"),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], name="fk_checkins_athlete_id_athletes"),
        sa.ForeignKeyConstraint(["supersedes_id"], ["checkins.id"], name="fk_checkins_supersedes_id_checkins"),
    )
    op.create_index("ix_checkins_athlete_date", "checkins", ["athlete_id", "date"])
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("athlete_id", sa.String(40), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("minutes", sa.Float, nullable=False),
        sa.Column("rpe", sa.Float),
        sa.Column("pain_during", sa.Float),
        sa.Column("top_speed_pct", sa.Float),
        sa.Column("top_speed_m_s", sa.Float),
        sa.Column("completed", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("telemetry_session_id", sa.Integer),
        sa.Column("supersedes_id", sa.Integer),
        *_recorded(),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], name="fk_sessions_athlete_id_athletes"),
        sa.ForeignKeyConstraint(
            ["telemetry_session_id"],
            ["telemetry_sessions.id"],
            name="fk_sessions_telemetry_session_id_telemetry_sessions",
        ),
        sa.ForeignKeyConstraint(["supersedes_id"], ["sessions.id"], name="fk_sessions_supersedes_id_sessions"),
    )
    op.create_index("ix_sessions_athlete_date", "sessions", ["athlete_id", "date"])
    op.create_table(
        "clearances",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("athlete_id", sa.String(40), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("engine_decision", sa.String(16), nullable=False),
        sa.Column("override_reason", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        *_recorded(),
        sa.PrimaryKeyConstraint("id", name="pk_clearances"),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], name="fk_clearances_athlete_id_athletes"),
    )
    op.create_index("ix_clearances_athlete_id", "clearances", ["athlete_id"])


def downgrade() -> None:
    for table in (
        "clearances",
        "sessions",
        "checkins",
        "measurements",
        "telemetry_sessions",
        "injuries",
        "athletes",
        "teams",
    ):
        op.drop_table(table)
