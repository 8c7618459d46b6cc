"""Accounts: argon2id hashes, throttled login, expiring and revocable bearer tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sprintback.services import accounts
from sprintback.services.access import CLI_OPERATOR, Role
from sprintback.services.errors import Conflict, InvalidInput, NotAuthenticated, RateLimited
from sprintback.settings import Settings
from sprintback.store import Store

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
PW = "correct-horse-battery"


@pytest.fixture
def maria(two_teams: Store) -> Store:
    accounts.create_user(two_teams, CLI_OPERATOR, "maria", PW, "clinician", NOW, teams=["harbour"])
    return two_teams


def _settings(db_url: str) -> Settings:
    return Settings(database_url=db_url)


def test_password_is_stored_as_an_argon2id_hash(maria: Store) -> None:
    user = maria.run(lambda uow: uow.accounts.user_by_name("maria"))
    assert user is not None and user.password_hash.startswith("$argon2id$") and PW not in user.password_hash


def test_token_authenticates_until_it_expires_or_is_revoked(maria: Store, db_url: str) -> None:
    s = _settings(db_url)
    issued = accounts.login(maria, s, "maria", PW, "10.1.1.1", NOW)
    actor = accounts.authenticate_token(maria, issued.token, "10.1.1.1", NOW + timedelta(hours=1))
    assert actor.role is Role.CLINICIAN and actor.team_ids == frozenset({"harbour"})
    with pytest.raises(NotAuthenticated):
        accounts.authenticate_token(maria, issued.token, None, NOW + timedelta(hours=s.token_ttl_hours, seconds=1))
    accounts.logout(maria, issued.token)
    with pytest.raises(NotAuthenticated):
        accounts.authenticate_token(maria, issued.token, None, NOW + timedelta(minutes=5))


def test_only_the_token_digest_is_stored(maria: Store, db_url: str) -> None:
    issued = accounts.login(maria, _settings(db_url), "maria", PW, None, NOW)
    assert maria.run(lambda uow: uow.accounts.token(issued.token)) is None


def test_five_wrong_passwords_lock_that_account_from_every_address_for_the_window(maria: Store, db_url: str) -> None:
    s = _settings(db_url)
    for _ in range(s.login_max_failures):
        with pytest.raises(NotAuthenticated):
            accounts.login(maria, s, "maria", "wrong-password", "10.9.9.9", NOW)
    with pytest.raises(RateLimited):
        accounts.login(maria, s, "maria", PW, "10.9.9.9", NOW + timedelta(minutes=1))
    # Another address does not get round it (a guesser with many addresses); the window passes.
    with pytest.raises(RateLimited) as exc:
        accounts.login(maria, s, "maria", PW, "10.0.0.2", NOW + timedelta(minutes=1))
    assert exc.value.retry_after_s is not None and 0 < exc.value.retry_after_s <= 14 * 60
    later = NOW + timedelta(minutes=s.login_window_minutes, seconds=1)
    assert accounts.login(maria, s, "maria", PW, "10.9.9.9", later).token


def test_a_window_that_ended_exhausted_makes_the_next_one_twice_as_long(maria: Store, db_url: str) -> None:
    s = _settings(db_url)
    window = timedelta(minutes=s.login_window_minutes)
    for _ in range(s.login_max_failures):
        with pytest.raises(NotAuthenticated):
            accounts.login(maria, s, "maria", "wrong-password", "10.9.9.9", NOW)
    second = NOW + window  # a new window, twice as long, with the same few attempts
    for _ in range(s.login_max_failures):
        with pytest.raises(NotAuthenticated):
            accounts.login(maria, s, "maria", "wrong-password", "10.9.9.9", second)
    with pytest.raises(RateLimited):
        accounts.login(maria, s, "maria", PW, "10.9.9.9", second + window + timedelta(minutes=1))
    assert accounts.login(maria, s, "maria", PW, "10.9.9.9", second + 2 * window).token


def test_one_address_spraying_many_accounts_is_throttled(maria: Store, db_url: str) -> None:
    s = _settings(db_url)
    outcomes = []
    for i in range(s.login_max_per_address + 5):
        try:
            accounts.login(maria, s, f"user{i}", "Summer2026!", "10.7.7.7", NOW)
        except (NotAuthenticated, RateLimited) as exc:
            outcomes.append(type(exc).__name__)
    assert outcomes.count("NotAuthenticated") == s.login_max_per_address
    assert outcomes.count("RateLimited") == 5
    # A right password from that address is also refused until the window ends; other addresses are not.
    assert accounts.login(maria, s, "maria", PW, "10.0.0.3", NOW).token


def test_unknown_user_fails_like_a_wrong_password(maria: Store, db_url: str) -> None:
    with pytest.raises(NotAuthenticated) as exc:
        accounts.login(maria, _settings(db_url), "nobody", PW, None, NOW)
    assert exc.value.message == "wrong username or password"


def test_usernames_are_unique_and_passwords_long_enough(maria: Store) -> None:
    with pytest.raises(Conflict):
        accounts.create_user(maria, CLI_OPERATOR, "maria", PW, "coach", NOW)
    with pytest.raises(InvalidInput) as exc:
        accounts.create_user(maria, CLI_OPERATOR, "short", "abc", "coach", NOW)
    assert exc.value.field == "password"
    with pytest.raises(InvalidInput) as exc:
        accounts.create_user(maria, CLI_OPERATOR, "athlete1", PW, "athlete", NOW)
    assert exc.value.field == "athlete_id"
