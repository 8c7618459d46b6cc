"""A read model replays a case without holding SQLite's writer lock: a check-in sent while another request is
in the middle of a replay is stored at once, not after it (issue 9: a check-in waited 4.88 s behind a board).

The replay is held still at the one seam every read model goes through (`replays.replay_for`) until the
check-in has been stored; had the read taken the writer lock, the check-in could not finish first. The
timeouts only keep a regression from hanging the suite; nothing here measures speed.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from typing import Any

import pytest
from clinic import clinic

from sprintback.domain.models import CheckIn
from sprintback.services import checkins, evaluation, replays
from sprintback.services.access import CLI_OPERATOR, Actor
from sprintback.store import Store

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)
SAFETY_NET_S = 60


def test_a_checkin_is_stored_while_an_evaluation_is_replaying(
    two_teams: Store, actors: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    replaying, checkin_stored = threading.Event(), threading.Event()
    real = replays.replay_for

    def held_replay(*args: Any) -> Any:
        replaying.set()
        checkin_stored.wait(SAFETY_NET_S)
        return real(*args)

    monkeypatch.setattr(replays, "replay_for", held_replay)
    ctx = clinic(two_teams)
    decisions: list[object] = []
    reader = threading.Thread(
        target=lambda: decisions.append(evaluation.evaluate_athlete(ctx, CLI_OPERATOR, "sam", TODAY, NOW))
    )
    reader.start()
    assert replaying.wait(SAFETY_NET_S), "the evaluation never reached its replay"

    stored: list[object] = []
    writer = threading.Thread(
        target=lambda: stored.append(
            checkins.log_checkin(two_teams, actors["athlete"], "sam", CheckIn(TODAY, pain_walking=1), NOW)
        )
    )
    writer.start()
    writer.join(SAFETY_NET_S)
    still_replaying = reader.is_alive()
    checkin_stored.set()
    reader.join(SAFETY_NET_S)
    assert stored and still_replaying, "the check-in had to wait for the replay to finish"
    assert decisions, "the evaluation did not finish"
