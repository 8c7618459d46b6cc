"""What one page costs in SQL, counted on the real store: statements, read and write transactions, replays.

Before the read models (issue 9) the athlete's phone page ran 43 statements in 6 transactions (5 of them
writes holding SQLite's writer lock) with 3 identical replays; the clinician's athlete page replayed twice in
8 transactions. Now each page is the session check, one read transaction with one case load and one replay,
and one short write for the audit entries, after the replay. The replays are counted at the one seam every
read model goes through (`services.replays.replay_for`), so a stored replay would count too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event

from sprintback.domain.decision import Decision
from sprintback.domain.models import Case
from sprintback.domain.protocol import Protocol
from sprintback.services import replays
from sprintback.store import Store


@dataclass
class Counts:
    statements: int = 0
    reads: int = 0
    writes: int = 0
    replayed: list[str] = field(default_factory=list)

    def reset(self) -> None:
        self.statements = self.reads = self.writes = 0
        self.replayed.clear()


@pytest.fixture
def counts(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[Counts]:
    c = Counts()
    engine = store.database.engine

    def on_statement(*_: Any) -> None:
        c.statements += 1

    def on_begin(conn: Any) -> None:
        if conn.get_execution_options().get("sprintback_readonly"):
            c.reads += 1
        else:
            c.writes += 1

    real = replays.replay_for

    def counting(uow: Any, case: Case, protocol: Protocol, as_of: date) -> list[Decision]:
        c.replayed.append(case.athlete.id)
        return real(uow, case, protocol, as_of)

    monkeypatch.setattr(replays, "replay_for", counting)
    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(engine, "begin", on_begin)
    yield c
    event.remove(engine, "before_cursor_execute", on_statement)
    event.remove(engine, "begin", on_begin)


def _get(client: Any, path: str, counts: Counts, headers: dict[str, str] | None = None) -> None:
    client.get(path, headers=headers or {})  # the first request warms caches (templates, protocol)
    counts.reset()
    r = client.get(path, headers=headers or {})
    assert r.status_code == 200, r.text


def test_the_athletes_phone_page_is_one_read_with_one_replay_and_one_audit_write(browser: Any, counts: Counts) -> None:
    _get(browser("sam"), "/me", counts)
    assert counts.replayed == ["sam-rivera"]
    assert (counts.reads, counts.writes) == (2, 1)  # the session check, the page; then its audit entries
    assert counts.statements <= 27  # was 43; the stored replay adds its revision and coverage reads


def test_the_clinicians_athlete_page_is_one_read_with_one_replay(browser: Any, counts: Counts) -> None:
    _get(browser("maria"), "/athletes/sam-rivera", counts)
    assert counts.replayed == ["sam-rivera"]
    # the audit entries; then, only when the page had to replay days not kept yet, their own short write
    assert counts.reads == 2 and counts.writes in (1, 2)
    assert counts.statements <= 42  # was 47 in 8 transactions, with 2 replays; the fill write adds its own


def test_get_athlete_in_the_api_is_one_read_with_one_replay(browser: Any, counts: Counts, squad: Any) -> None:
    client = browser(None)
    _get(client, "/api/v1/athletes/sam-rivera", counts, {"Authorization": f"Bearer {squad.tokens['maria']}"})
    assert counts.replayed == ["sam-rivera"]
    assert (counts.reads, counts.writes) == (2, 1)  # the token check, the profile; then its audit entry


def test_the_squad_board_replays_each_athlete_once_in_one_read(browser: Any, counts: Counts) -> None:
    _get(browser("maria"), "/squad", counts)
    assert sorted(counts.replayed) == sorted(set(counts.replayed)) and len(counts.replayed) == 6  # Harbour FC
    assert (counts.reads, counts.writes) == (2, 1)
    assert counts.statements <= 54  # was 70: cases in one query per table; + revision and coverage per athlete
