"""The login throttle holds under parallel guessing through a real server, from many source addresses.

An attacker fires 40 wrong passwords for one account at once, spread over 10 loopback addresses
(127.0.0.2-11): at most 5 password checks may run; the rest answer 429 with Retry-After. Checks are
counted where they happen (the hash verification), not from the answers. On main, with a count-then-check
of failure rows per username+address, 31 of 40 were checked, and 50 from 10 addresses.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import uvicorn

from sprintback.api.app import create_app
from sprintback.services import accounts
from sprintback.services.access import CLI_OPERATOR
from sprintback.settings import Settings
from sprintback.store import Store

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
PASSWORD = "correct-horse-battery"
PARALLEL = 40
ADDRESSES = [f"127.0.0.{i}" for i in range(2, 12)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, list[str], Settings]]:
    store = Store.from_url(db_url)
    accounts.create_user(store, CLI_OPERATOR, "maria", PASSWORD, "clinician", NOW)
    store.dispose()
    checked: list[str] = []
    verify = accounts._verify

    def counting_verify(password_hash: str, password: str) -> bool:
        checked.append(password)
        return verify(password_hash, password)

    monkeypatch.setattr(accounts, "_verify", counting_verify)
    settings = Settings(database_url=db_url, data_dir=tmp_path)
    app = create_app(settings, clock=lambda: NOW, migrate=False)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert srv.started
    yield f"http://127.0.0.1:{port}", checked, settings
    srv.should_exit = True
    thread.join(timeout=10)
    app.state.platform.store.dispose()


def _fire(base: str, bodies: list[tuple[str, dict[str, str]]]) -> list[httpx.Response]:
    start = threading.Barrier(len(bodies))

    def one(item: tuple[str, dict[str, str]]) -> httpx.Response:
        address, body = item
        transport = httpx.HTTPTransport(local_address=address)
        with httpx.Client(base_url=base, transport=transport, timeout=120) as client:
            start.wait()
            return client.post("/api/v1/auth/login", json=body)

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(one, bodies))


def test_forty_parallel_guesses_from_ten_addresses_get_at_most_five_checks(
    server: tuple[str, list[str], Settings],
) -> None:
    base, checked, settings = server
    guesses = [
        (ADDRESSES[i % len(ADDRESSES)], {"username": "maria", "password": f"guess-{i:03d}"}) for i in range(PARALLEL)
    ]
    answers = _fire(base, guesses)
    codes = sorted(r.status_code for r in answers)
    assert set(codes) <= {401, 429}, [r.text for r in answers if r.status_code not in (401, 429)][:2]
    assert 1 <= len(checked) <= settings.login_max_failures
    assert codes.count(401) == len(checked) and codes.count(429) == PARALLEL - len(checked)
    assert all(int(r.headers["retry-after"]) > 0 for r in answers if r.status_code == 429)
    # The right password is refused too until the window ends: the account is what is throttled.
    late = httpx.post(f"{base}/api/v1/auth/login", json={"username": "maria", "password": PASSWORD}, timeout=120)
    assert late.status_code == 429


def test_one_address_spraying_thirty_accounts_is_throttled(server: tuple[str, list[str], Settings]) -> None:
    base, checked, settings = server
    spray = [(ADDRESSES[0], {"username": f"user{i:02d}", "password": "Summer2026!"}) for i in range(30)]
    codes = sorted(r.status_code for r in _fire(base, spray))
    assert len(checked) == settings.login_max_per_address == codes.count(401)
    assert codes.count(429) == 30 - settings.login_max_per_address
    # Another address still signs in.
    other = httpx.HTTPTransport(local_address=ADDRESSES[1])
    with httpx.Client(base_url=base, transport=other) as client:
        assert client.post("/api/v1/auth/login", json={"username": "maria", "password": PASSWORD}).status_code == 200


def test_password_hashing_runs_outside_any_transaction(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.from_url(db_url)
    held: list[int] = []
    verify, hash_password = accounts._verify, accounts.hash_password

    def watch_verify(password_hash: str, password: str) -> bool:
        held.append(store.database.engine.pool.checkedout())  # type: ignore[attr-defined]
        return verify(password_hash, password)

    def watch_hash(password: str) -> str:
        held.append(store.database.engine.pool.checkedout())  # type: ignore[attr-defined]
        return hash_password(password)

    monkeypatch.setattr(accounts, "_verify", watch_verify)
    monkeypatch.setattr(accounts, "hash_password", watch_hash)
    settings = Settings(database_url=db_url)
    accounts.create_user(store, CLI_OPERATOR, "maria", PASSWORD, "clinician", NOW)
    accounts.login(store, settings, "maria", PASSWORD, "10.0.0.1", NOW)
    with pytest.raises(accounts.NotAuthenticated):
        accounts.login(store, settings, "maria", "wrong-password", "10.0.0.1", NOW)
    store.dispose()
    assert held == [0, 0, 0]
