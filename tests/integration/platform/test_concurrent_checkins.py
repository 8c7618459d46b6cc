"""50 athletes check in at the same moment through a real HTTP server: all stored, none lost, no lock errors."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
import uvicorn

from sprintback.api.app import create_app
from sprintback.domain.models import Athlete, BamicGrade, Injury, Side
from sprintback.services import accounts
from sprintback.services.access import CLI_OPERATOR
from sprintback.services.athletes import create_athlete
from sprintback.settings import Settings
from sprintback.store import Store

N = 50
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[tuple[str, Store]]:
    store = Store.from_url(db_url)
    accounts.create_team(store, CLI_OPERATOR, "squad", "Squad", NOW)
    accounts.create_user(store, CLI_OPERATOR, "maria", "correct-horse-battery", "clinician", NOW, teams=["squad"])
    injury = Injury(date(2026, 11, 1), Side.LEFT, BamicGrade.parse("2a"))
    for i in range(N):
        create_athlete(store, CLI_OPERATOR, Athlete(f"a{i:02d}", f"Athlete {i:02d}"), "squad", NOW, injury)
    app = create_app(Settings(database_url=db_url, data_dir=tmp_path), clock=lambda: NOW, migrate=False)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert srv.started
    yield f"http://127.0.0.1:{port}", store
    srv.should_exit = True
    thread.join(timeout=10)
    app.state.context.store.dispose()
    store.dispose()


def test_fifty_simultaneous_checkins_are_all_stored(server: tuple[str, Store]) -> None:
    base, store = server
    token = httpx.post(f"{base}/api/v1/auth/login", json={"username": "maria", "password": "correct-horse-battery"})
    headers = {"Authorization": f"Bearer {token.json()['token']}"}
    start = threading.Barrier(N)

    def check_in(i: int) -> tuple[int, str]:
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            start.wait()  # release all fifty at once
            r = client.post(f"/api/v1/athletes/a{i:02d}/checkins", json={"date": "2026-11-25", "pain_walking": i % 4})
            return r.status_code, r.text

    with ThreadPoolExecutor(max_workers=N) as pool:
        results = list(pool.map(check_in, range(N)))

    assert [code for code, _ in results] == [201] * N, [t for c, t in results if c != 201][:3]
    assert not any("locked" in text.lower() for _, text in results)
    stored = {f"a{i:02d}": store.run(lambda uow, i=i: uow.records.checkins(f"a{i:02d}").items) for i in range(N)}
    assert all(len(rows) == 1 for rows in stored.values())
    assert [stored[f"a{i:02d}"][0].value.pain_walking for i in range(N)] == [i % 4 for i in range(N)]
