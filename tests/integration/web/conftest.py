"""The demo squad behind the web pages, one signed-in browser-like client per demo account.

The squad is seeded once per session (fixed day, fixed clock) and copied for every test, so a test
may record anything without changing what the next one sees.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from websupport import NOW, TODAY, csrf_of

from sprintback.api.app import create_app
from sprintback.services.demo_squad import DEMO_PASSWORD, seed_demo
from sprintback.settings import Settings
from sprintback.store import Store, open_database


def _settings(folder: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{(folder / 'sprintback.db').as_posix()}", data_dir=folder)


@pytest.fixture(scope="session")
def squad_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web-squad")
    store = Store(open_database(_settings(folder).database_url))
    seed_demo(store, TODAY, NOW)
    store.dispose()
    return folder


@pytest.fixture
def settings(squad_template: Path, tmp_path: Path) -> Settings:
    folder = tmp_path / "squad"
    shutil.copytree(squad_template, folder)
    return _settings(folder)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    s = Store(open_database(settings.database_url))
    yield s
    s.dispose()


def sign_in(client: TestClient, username: str, password: str = DEMO_PASSWORD) -> TestClient:
    page = client.get("/login")
    r = client.post(
        "/login",
        data={"username": username, "password": password, "csrf": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return client


@pytest.fixture
def browser(settings: Settings, store: Store) -> Iterator[Callable[[str | None], TestClient]]:
    """`browser("maria")`: a client signed in as that demo account; `browser(None)`: signed out."""
    app = create_app(settings, clock=lambda: NOW, store=store)
    clients: list[TestClient] = []

    def _open(username: str | None) -> TestClient:
        c = TestClient(app, follow_redirects=False)
        clients.append(c)
        return sign_in(c, username) if username else c

    yield _open
    for c in clients:
        c.close()
