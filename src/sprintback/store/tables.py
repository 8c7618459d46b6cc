"""The schema at head, as SQLAlchemy Core tables. Migrations in `migrations/versions` build the same.

Core tables (not ORM-mapped classes) keep the domain dataclasses free of any ORM import: the
repositories translate rows to domain objects and back.

Append-only tables (measurements, checkins, sessions, audit_log) are never updated: a correction is a
new row whose `supersedes_id` points at the row it replaces; only an erasure (data rights) deletes.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# Named constraints so migrations can refer to them on every backend.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _recorded() -> list[Column[object]]:
    return [
        Column("recorded_at", DateTime(timezone=True), nullable=False),
        Column("recorded_by", String(80), nullable=False),
    ]


teams = Table(
    "teams",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(120), nullable=False, unique=True),
)

athletes = Table(
    "athletes",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("sport", String(80)),
    Column("position", String(80)),
    Column("team_id", String(40), ForeignKey("teams.id"), index=True),
    Column("baselines", JSON, nullable=False),
    Column("pain_mode", String(20)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

injuries = Table(
    "injuries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("athlete_id", String(40), ForeignKey("athletes.id"), nullable=False, index=True),
    Column("date", Date, nullable=False),
    Column("side", String(8), nullable=False),
    Column("grade", String(4), nullable=False),
    Column("mechanism", String(16), nullable=False),
    Column("muscle", String(80), nullable=False),
    Column("previous_hsi", Integer, nullable=False),
    Column("recent_hsi", Boolean, nullable=False),
    Column("notes", Text, nullable=False),
    *_recorded(),
    Column("physician_review_on", Date),  # revision 0004
    Column("intake_signs", Text, nullable=False, server_default=""),  # revision 0010: IntakeSign values, comma-joined
)

telemetry_sessions = Table(
    "telemetry_sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("athlete_id", String(40), ForeignKey("athletes.id"), nullable=False, index=True),
    Column("content_sha256", String(64), nullable=False, index=True),
    Column("source_file", String(255), nullable=False),
    Column("format", String(20), nullable=False),
    Column("date", Date, nullable=False),
    Column("start", DateTime(timezone=True)),
    Column("metrics", JSON, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    # Position of the session within its file: a multisport file holds several (revision 0006).
    Column("file_index", Integer, nullable=False, server_default="0"),
    UniqueConstraint("athlete_id", "content_sha256", "file_index", name="uq_telemetry_sessions_athlete_file"),
)

measurements = Table(
    "measurements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("athlete_id", String(40), ForeignKey("athletes.id"), nullable=False),
    Column("date", Date, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("value", Float, nullable=False),
    Column("side", String(8)),
    Column("pain", Float),
    Column("note", Text, nullable=False),
    Column("source", String(20), nullable=False),  # assessment | telemetry
    Column("telemetry_session_id", Integer, ForeignKey("telemetry_sessions.id")),
    Column("supersedes_id", Integer, ForeignKey("measurements.id"), index=True),  # revision 0005
    Column("retracted", Boolean, nullable=False),
    *_recorded(),
    Index("ix_measurements_athlete_date", "athlete_id", "date"),
)

checkins = Table(
    "checkins",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("athlete_id", String(40), ForeignKey("athletes.id"), nullable=False),
    Column("date", Date, nullable=False),
    Column("pain_rest", Float),
    Column("pain_walking", Float),
    Column("pain_exercise", Float),
    Column("pain_next_morning", Float),
    Column("soreness", Float),
    Column("sleep_hours", Float),
    Column("night_pain", Boolean, nullable=False),
    Column("note", Text, nullable=False),
    Column("supersedes_id", Integer, ForeignKey("checkins.id"), index=True),  # revision 0005
    *_recorded(),
    Index("ix_checkins_athlete_date", "athlete_id", "date"),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("athlete_id", String(40), ForeignKey("athletes.id"), nullable=False),
    Column("date", Date, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("minutes", Float, nullable=False),
    Column("rpe", Float),
    Column("pain_during", Float),
    Column("top_speed_pct", Float),
    Column("top_speed_m_s", Float),
    Column("completed", Boolean, nullable=False),
    Column("note", Text, nullable=False),
    Column("telemetry_session_id", Integer, ForeignKey("telemetry_sessions.id")),
    Column("supersedes_id", Integer, ForeignKey("sessions.id"), index=True),  # revision 0005
    *_recorded(),
    Index("ix_sessions_athlete_date", "athlete_id", "date"),
)

clearances = Table(
    "clearances",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("athlete_id", String(40), ForeignKey("athletes.id"), nullable=False, index=True),
    Column("date", Date, nullable=False),
    Column("engine_decision", String(16), nullable=False),
    Column("override_reason", Text, nullable=False),
    Column("note", Text, nullable=False),
    *_recorded(),
)

# --- accounts, access and audit (revision 0002) ---

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(80), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False),
    Column("athlete_id", String(40), ForeignKey("athletes.id")),
    Column("display_name", String(200), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

team_members = Table(
    "team_members",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("team_id", String(40), ForeignKey("teams.id"), primary_key=True),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_sha256", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked", Boolean, nullable=False),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_login_failures_key_at", "key", "at"),
)

# No foreign key to athletes: the trail outlives an erased athlete. It never holds health values.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("user_id", Integer),
    Column("username", String(80), nullable=False),
    Column("role", String(16), nullable=False),
    Column("action", String(40), nullable=False),
    Column("athlete_id", String(40), index=True),
    Column("outcome", String(16), nullable=False),  # allowed | denied
    Column("ip", String(64)),
    Column("detail", String(400), nullable=False),
)

# --- jobs and device aliases (revision 0003) ---

jobs = Table(
    "jobs",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("params", JSON, nullable=False),
    Column("status", String(16), nullable=False),  # queued | running | done | failed
    Column("result", JSON),
    Column("error", Text),
    Column("athlete_id", String(40), index=True),
    Column("created_by", String(80), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
)

device_aliases = Table(
    "device_aliases",
    metadata,
    Column("alias", String(200), primary_key=True),  # normalised: stripped, lower case
    Column("athlete_id", String(40), ForeignKey("athletes.id"), nullable=False, index=True),
)

# --- stored replays, derived from the case and rebuildable (revision 0007; see store/replays.py) ---

case_revisions = Table(
    "case_revisions",
    metadata,
    Column("athlete_id", String(40), ForeignKey("athletes.id"), primary_key=True),
    Column("revision", Integer, nullable=False),  # bumped by every write to the athlete's case
)

replay_days = Table(
    "replay_days",
    metadata,
    Column("athlete_id", String(40), ForeignKey("athletes.id"), primary_key=True),
    Column("protocol", String(120), primary_key=True),  # id@version#content hash
    Column("day", Date, primary_key=True),
    Column("revision", Integer, nullable=False),  # the case revision the decision was computed from
    Column("phase", String(40), nullable=False),
    Column("decision", Text, nullable=False),  # the engine's Decision as compact JSON
)
