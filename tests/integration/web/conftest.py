"""The demo squad behind the web pages, one signed-in browser-like client per demo account.

The squad is seeded once per session (fixed day, fixed clock), each demo account signed in once
(the session token goes into the copied database too), and the folder is copied for every test, so a
test may record anything without changing what the next one sees. Signing in through the form is
tested on its own (test_web_sign_in_and_csrf.py); the other tests reuse the tokens and so skip the
deliberately slow password hash.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from websupport import NOW, TODAY, csrf_of

from sprintback.server import create_app
from sprintback.services import accounts
from sprintback.services.demo_squad import DEMO_PASSWORD, seed_demo
from sprintback.settings import Settings
from sprintback.store import Store, open_database
from sprintback.web.session import SESSION_COOKIE


def _settings(folder: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{(folder / 'sprintback.db').as_posix()}", data_dir=folder)


@dataclass(frozen=True)
class Squad:
    folder: Path
    tokens: dict[str, str]  # demo username -> a session token issued at NOW


@pytest.fixture(scope="session")
def squad_template(tmp_path_factory: pytest.TempPathFactory) -> Squad:
    folder = tmp_path_factory.mktemp("web-squad")
    settings = _settings(folder)
    store = Store(open_database(settings.database_url))
    users = seed_demo(store, TODAY, NOW)
    tokens = {u.username: accounts.login(store, settings, u.username, DEMO_PASSWORD, None, NOW).token for u in users}
    store.dispose()
    return Squad(folder, tokens)


@pytest.fixture
def squad(squad_template: Squad, tmp_path: Path) -> Squad:
    folder = tmp_path / "squad"
    shutil.copytree(squad_template.folder, folder)
    return Squad(folder, squad_template.tokens)


@pytest.fixture
def settings(squad: Squad) -> Settings:
    return _settings(squad.folder)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    s = Store(open_database(settings.database_url, migrate=False))
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
def browser(settings: Settings, store: Store, squad: Squad) -> Iterator[Callable[[str | None], TestClient]]:
    """`browser("maria")`: a client with that demo account's session cookie; `browser(None)`: signed out."""
    app = create_app(settings, clock=lambda: NOW, store=store, migrate=False)
    clients: list[TestClient] = []
    opened: dict[str, int] = {}

    def _open(username: str | None) -> TestClient:
        c = TestClient(app, follow_redirects=False)
        clients.append(c)
        if username is None:
            return c
        opened[username] = opened.get(username, 0) + 1
        if opened[username] > 1:
            return sign_in(c, username)  # a second, separate session for the same account
        c.cookies.set(SESSION_COOKIE, squad.tokens[username])
        return c

    yield _open
    for c in clients:
        c.close()
