"""Deployment settings, read once from the environment by the composition root (`sprintback.bootstrap`)
or a face, and passed down as a value.

Nothing below the faces reads the environment: services and the store get a `Settings` value (or less).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_DATA_DIR = Path("sprintback-data")
MIB = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path = DEFAULT_DATA_DIR
    redis_url: str | None = None
    token_ttl_hours: int = 12
    # Login throttling: this many failures per username+IP within the window answer 429.
    login_max_failures: int = 5
    login_window_minutes: int = 15
    max_json_bytes: int = 1 * MIB
    max_upload_bytes: int = 32 * MIB
    # Behind a reverse proxy, trust X-Forwarded-For for the audit log's "from where".
    trust_forwarded_for: bool = False
    # The clinic's own protocol and catalogue (validated at start-up); None: the bundled defaults.
    protocol_path: Path | None = None
    catalogue_dir: Path | None = None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> Settings:
        """`SPRINTBACK_DATABASE_URL`, `SPRINTBACK_DATA_DIR`, `SPRINTBACK_REDIS_URL`, `SPRINTBACK_TOKEN_TTL_HOURS`,
        `SPRINTBACK_TRUST_FORWARDED_FOR`, `SPRINTBACK_PROTOCOL` (a protocol YAML), `SPRINTBACK_CATALOGUE_DIR`."""
        e = dict(os.environ if env is None else env)
        data_dir = Path(e.get("SPRINTBACK_DATA_DIR") or DEFAULT_DATA_DIR)
        url = e.get("SPRINTBACK_DATABASE_URL") or default_database_url(data_dir)
        s = cls(
            database_url=url,
            data_dir=data_dir,
            redis_url=e.get("SPRINTBACK_REDIS_URL") or None,
            token_ttl_hours=int(e.get("SPRINTBACK_TOKEN_TTL_HOURS", "12")),
            trust_forwarded_for=e.get("SPRINTBACK_TRUST_FORWARDED_FOR", "") in ("1", "true", "yes"),
            protocol_path=Path(e["SPRINTBACK_PROTOCOL"]) if e.get("SPRINTBACK_PROTOCOL") else None,
            catalogue_dir=Path(e["SPRINTBACK_CATALOGUE_DIR"]) if e.get("SPRINTBACK_CATALOGUE_DIR") else None,
        )
        return replace(s, **overrides) if overrides else s  # type: ignore[arg-type]


def default_database_url(data_dir: Path = DEFAULT_DATA_DIR) -> str:
    """The embedded default: one SQLite file in the data directory."""
    return f"sqlite:///{(data_dir / 'sprintback.db').as_posix()}"
