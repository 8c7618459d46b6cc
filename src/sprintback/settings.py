"""Deployment settings, read once by a face (CLI, server) from the environment and passed down.

Nothing below the faces reads the environment: services and the store get a `Settings` value.
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
    # Login throttling (services/accounts.check_password): per window, at most this many password checks for one
    # account from any addresses, and from one address for any accounts (successes are given back).
    login_max_failures: int = 5
    login_max_per_address: int = 20
    login_window_minutes: int = 15
    max_json_bytes: int = 1 * MIB
    max_upload_bytes: int = 32 * MIB
    # Behind a reverse proxy, trust X-Forwarded-For for the audit log's "from where".
    trust_forwarded_for: bool = False

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> Settings:
        """`SPRINTBACK_DATABASE_URL`, `SPRINTBACK_DATA_DIR`, `SPRINTBACK_REDIS_URL`, `SPRINTBACK_TOKEN_TTL_HOURS`."""
        e = dict(os.environ if env is None else env)
        data_dir = Path(e.get("SPRINTBACK_DATA_DIR") or DEFAULT_DATA_DIR)
        url = e.get("SPRINTBACK_DATABASE_URL") or default_database_url(data_dir)
        s = cls(
            database_url=url,
            data_dir=data_dir,
            redis_url=e.get("SPRINTBACK_REDIS_URL") or None,
            token_ttl_hours=int(e.get("SPRINTBACK_TOKEN_TTL_HOURS", "12")),
            trust_forwarded_for=e.get("SPRINTBACK_TRUST_FORWARDED_FOR", "") in ("1", "true", "yes"),
        )
        return replace(s, **overrides) if overrides else s  # type: ignore[arg-type]


def default_database_url(data_dir: Path = DEFAULT_DATA_DIR) -> str:
    """The embedded default: one SQLite file in the data directory."""
    return f"sqlite:///{(data_dir / 'sprintback.db').as_posix()}"
