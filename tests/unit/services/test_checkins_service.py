"""The daily check-in use case against the in-memory store: corrections, validation, access."""

from __future__ import annotations

import pytest
from fake_store import FakeStore
from service_world import NOW, TODAY, audit_of

from sprintback.domain.errors import InvalidCase, PermissionDenied
from sprintback.domain.models import CheckIn
from sprintback.services import checkins
from sprintback.services.access import Actor


def test_a_second_checkin_on_the_same_day_corrects_the_first(store: FakeStore, actors: dict[str, Actor]) -> None:
    first = checkins.log_checkin(store, actors["athlete"], "sam", CheckIn(TODAY, pain_walking=3), NOW)
    second = checkins.log_checkin(store, actors["athlete"], "sam", CheckIn(TODAY, pain_walking=1), NOW)
    assert second.supersedes_id == first.id
    page = checkins.list_checkins(store, actors["clinician"], "sam", NOW, 10, 0)
    assert [(c.id, c.value.pain_walking) for c in page.items] == [(second.id, 1)] and page.total == 1


def test_pain_walking_of_fourteen_names_the_field_and_stores_nothing(
    store: FakeStore, actors: dict[str, Actor]
) -> None:
    with pytest.raises(InvalidCase) as err:
        checkins.log_checkin(store, actors["athlete"], "sam", CheckIn(TODAY, pain_walking=14), NOW)
    assert err.value.field == "pain_walking"
    assert store.state.checkins == []


def test_a_coach_may_neither_log_nor_read_checkins_and_each_refusal_is_audited(
    store: FakeStore, actors: dict[str, Actor]
) -> None:
    with pytest.raises(PermissionDenied):
        checkins.log_checkin(store, actors["coach"], "sam", CheckIn(TODAY, pain_walking=0), NOW)
    with pytest.raises(PermissionDenied):
        checkins.list_checkins(store, actors["coach"], "sam", NOW, 10, 0)
    assert audit_of(store, username="carl") == [
        ("carl", "log_checkin", "sam", "denied"),
        ("carl", "read_clinical", "sam", "denied"),
    ]
    assert store.state.checkins == []


def test_reading_checkins_is_one_read_then_its_audit_entry(store: FakeStore, actors: dict[str, Actor]) -> None:
    checkins.log_checkin(store, actors["athlete"], "sam", CheckIn(TODAY, pain_walking=2), NOW)
    store.transactions.clear()
    checkins.list_checkins(store, actors["clinician"], "sam", NOW, 10, 0)
    assert store.transactions == ["read", "write"]
    assert audit_of(store, username="maria") == [("maria", "read_clinical", "sam", "allowed")]
