"""Where the shared real data lives: <repo>/../shared/data (or further up, for git worktrees), else
$SPRINTBACK_SHARED_DATA."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def shared_data(sub: str) -> Path:
    candidates = [p / "shared" / "data" for p in REPO.parents]
    candidates.append(Path(os.environ.get("SPRINTBACK_SHARED_DATA", "/nonexistent")))
    for base in candidates:
        if (base / sub).is_dir():
            return base / sub
    pytest.skip(f"shared data folder {sub!r} not found beside the repo nor in $SPRINTBACK_SHARED_DATA")
