"""Stored replays: each athlete's decisions are kept, dropped from the day a write changes, resumed from the last
kept day, and always equal to a fresh replay by the pure engine (SQLite; PostgreSQL when configured)."""

from __future__ import annotations

import threading
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from casebuilder import CaseBuilder, day
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from replay_cases import noisy_checkin, noisy_measurement, progressing_cases
from sqlalchemy import select

from sprintback.catalogue_files import load_default_library
from sprintback.domain.decision import Decision
from sprintback.domain.engine import evaluate, replay
from sprintback.domain.models import Case, CheckIn, Injury, SessionKind, SessionLog
from sprintback.protocol_files import load_default_protocol
from sprintback.services.access import CLI_OPERATOR
from sprintback.services.athletes import list_squad
from sprintback.services.context import ServiceContext
from sprintback.services.demo_squad import DEMO_SQUAD, seed_demo
from sprintback.services.replays import decision_on, protocol_key, replay_for
from sprintback.store import Store, UnitOfWork
from sprintback.store import tables as t
from sprintback.store.replays import PendingFill, ReplayCache

P = load_default_protocol()
KEY = protocol_key(P)
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)


def _seed(store: Store, case: Case) -> str:
    """The case in the store under a fresh athlete id; returns the id."""
    aid = f"a-{uuid.uuid4().hex[:10]}"
    athlete = replace(case.athlete, id=aid)

    def _write(uow: UnitOfWork) -> None:
        uow.records.add_athlete(athlete, None, case.pain_mode, NOW)
        uow.records.add_injury(aid, case.injury, "test", NOW)
        for m in case.measurements:
            uow.records.add_measurement(aid, m, "test", NOW)
        for c in case.checkins:
            uow.records.add_checkin(aid, c, "test", NOW, supersedes_id=uow.records.current_checkin_id(aid, c.date))
        for s in case.sessions:
            uow.records.add_session(aid, s, "test", NOW)

    store.run(_write)
    return aid


def _cached(store: Store, aid: str, as_of: date) -> list[Decision]:
    """The replay through the seam, in a read transaction (its fill is stored after it)."""
    return store.read(lambda uow: replay_for(uow, _case(uow, aid), P, as_of))


def _fresh(store: Store, aid: str, as_of: date) -> list[Decision]:
    return replay(store.read(lambda uow: _case(uow, aid)), P, as_of)


def _case(uow: UnitOfWork, aid: str) -> Case:
    case = uow.records.case(aid)
    assert case is not None
    return case


def _kept(store: Store, aid: str) -> list[date]:
    c = t.replay_days.c
    q = select(c.day).where(c.athlete_id == aid, c.protocol == KEY).order_by(c.day)
    return store.read(lambda uow: list(uow.records.conn.execute(q).scalars()))


def _revision(store: Store, aid: str) -> int:
    return store.read(lambda uow: uow.replays.revision(aid))


def test_every_demo_athlete_reads_back_what_the_engine_replays(store: Store) -> None:
    seed_demo(store, TODAY, NOW)
    for plan in DEMO_SQUAD:
        fresh = _fresh(store, plan.id, TODAY)
        assert _cached(store, plan.id, TODAY) == fresh  # cold: computed, then stored
        assert len(_kept(store, plan.id)) == len(fresh)
        assert _cached(store, plan.id, TODAY) == fresh  # warm: read back from the table
        assert [d.to_dict() for d in _cached(store, plan.id, TODAY)] == [d.to_dict() for d in fresh]
        assert store.read(lambda uow, a=plan.id: decision_on(uow, a, P, TODAY)) == fresh[-1]
        earlier = TODAY - timedelta(days=3)
        assert _cached(store, plan.id, earlier) == fresh[: len(fresh) - 3]


def test_the_squad_list_serves_the_same_decisions_from_the_table(store: Store) -> None:
    seed_demo(store, TODAY, NOW)
    ctx = ServiceContext(store, load_default_protocol(), load_default_library())
    cold = list_squad(ctx, CLI_OPERATOR, TODAY, NOW, limit=50, with_decisions=True).items
    warm = list_squad(ctx, CLI_OPERATOR, TODAY, NOW, limit=50, with_decisions=True).items
    assert warm == cold
    for entry in warm:
        case = store.read(lambda uow, a=entry.athlete.id: uow.records.case(a))
        assert case is not None and entry.decision == evaluate(case, P, TODAY)


def test_a_read_really_comes_from_the_table(store: Store) -> None:
    """A tampered stored day is what the seam answers: the warm path does not replay (and the test can fail)."""
    aid = _seed(store, CaseBuilder().calm_days(0, 9).build())
    _cached(store, aid, day(9))
    c = t.replay_days.c
    row = store.read(
        lambda uow: uow.records.conn.execute(select(c.decision).where(c.athlete_id == aid, c.day == day(9))).scalar()
    )
    forged = row.replace('"s":"', '"s":"FORGED ', 1)
    store.run(
        lambda uow: uow.records.conn.execute(
            t.replay_days.update().where(c.athlete_id == aid, c.day == day(9)).values(decision=forged)
        )
    )
    assert _cached(store, aid, day(9))[-1].summary.startswith("FORGED ")


def test_a_back_dated_write_drops_its_day_and_later_and_keeps_the_earlier_days(store: Store) -> None:
    b = CaseBuilder().calm_days(0, 20)
    aid = _seed(store, b.build())
    _cached(store, aid, day(20))
    before = _revision(store, aid)
    store.run(lambda uow: uow.records.add_session(aid, SessionLog(day(12), SessionKind.RUN, 30, 5, 8.0), "t", NOW))
    assert _kept(store, aid) == [day(n) for n in range(12)]
    assert _revision(store, aid) == before + 1
    assert _cached(store, aid, day(20)) == _fresh(store, aid, day(20))  # resumed from day 11
    assert _kept(store, aid) == [day(n) for n in range(21)]


def test_a_correction_drops_from_the_corrected_day_and_a_new_injury_drops_everything(store: Store) -> None:
    b = CaseBuilder().calm_days(0, 15).passes_protect(6)
    aid = _seed(store, b.build())
    _cached(store, aid, day(15))
    mid = store.read(lambda uow: uow.records.measurements(aid).items[0])
    store.run(
        lambda uow: uow.records.add_measurement(aid, replace(mid.value, value=10.0), "t", NOW, supersedes_id=mid.id)
    )
    assert _kept(store, aid) == [day(n) for n in range((mid.value.date - day(0)).days)]
    assert _cached(store, aid, day(15)) == _fresh(store, aid, day(15))
    again = Injury(day(10), b.injury.side, b.injury.grade)
    store.run(lambda uow: uow.records.add_injury(aid, again, "t", NOW))
    assert _kept(store, aid) == []
    assert _cached(store, aid, day(15)) == _fresh(store, aid, day(15))
    assert _kept(store, aid)[0] == day(10)


def test_a_fill_computed_before_a_write_is_not_stored(store: Store) -> None:
    aid = _seed(store, CaseBuilder().calm_days(0, 9).build())
    pending: list[PendingFill] = []

    def _read(uow: UnitOfWork) -> None:
        replay_for(uow, _case(uow, aid), P, day(9))
        pending.extend(uow.replays.pending)
        uow.replays.pending.clear()  # hold the fill back, as a slow process would

    store.read(_read)
    store.run(
        lambda uow: uow.records.add_checkin(
            aid, CheckIn(day(3), pain_rest=6), "t", NOW, supersedes_id=uow.records.current_checkin_id(aid, day(3))
        )
    )
    assert [store.database.run(lambda conn, f=f: ReplayCache(conn).fill(f)) for f in pending] == [False]
    assert _kept(store, aid) == []
    assert _cached(store, aid, day(9)) == _fresh(store, aid, day(9))


def test_a_fill_waiting_on_a_write_in_progress_sees_the_new_revision(store: Store) -> None:
    """The race on PostgreSQL's read-committed reads: the writer holds the revision row; the fill waits for it and
    then refuses, instead of storing days the write has just made stale."""
    aid = _seed(store, CaseBuilder().calm_days(0, 9).build())
    fill = PendingFill(aid, KEY, _revision(store, aid), tuple(_fresh(store, aid, day(9))), dict(P.sources))
    outcome: list[bool] = []
    with store.database.engine.connect() as writer:
        with writer.begin():
            ReplayCache(writer).invalidate(aid, day(4))
            worker = threading.Thread(
                target=lambda: outcome.append(store.database.run(lambda c: ReplayCache(c).fill(fill)))
            )
            worker.start()
            worker.join(0.5)
            assert outcome == []  # waiting for the writer
        worker.join(20)
    assert outcome == [False] and _kept(store, aid) == []


def test_two_processes_filling_the_same_athlete_store_each_day_once(store: Store) -> None:
    aid = _seed(store, CaseBuilder().calm_days(0, 29).build())
    fill = PendingFill(aid, KEY, _revision(store, aid), tuple(_fresh(store, aid, day(29))), dict(P.sources))
    results: list[bool] = []
    threads = [
        threading.Thread(target=lambda: results.append(store.database.run(lambda c: ReplayCache(c).fill(fill))))
        for _ in range(4)
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    assert results == [True] * 4
    assert _kept(store, aid) == [day(n) for n in range(30)]
    assert _cached(store, aid, day(29)) == _fresh(store, aid, day(29))


def test_an_erased_athlete_leaves_no_stored_replay(store: Store) -> None:
    aid = _seed(store, CaseBuilder().calm_days(0, 5).build())
    _cached(store, aid, day(5))
    store.run(lambda uow: uow.athlete_data.erase(aid))
    assert _kept(store, aid) == [] and _revision(store, aid) == 0


# --- generated write sequences ------------------------------------------------------------------------------


@st.composite
def writes(draw: st.DrawFn, last: int) -> tuple[str, object]:
    what = draw(st.sampled_from(["checkin", "measurement", "session", "correct", "retract", "read", "read", "injury"]))
    if what == "checkin":
        return what, draw(noisy_checkin(draw(st.integers(0, last))))
    if what == "measurement":
        return what, draw(noisy_measurement(last))
    if what == "session":
        n = draw(st.integers(0, last))
        return what, SessionLog(
            day(n), SessionKind.RUN, 30, rpe=5, pain_during=draw(st.integers(0, 7)), top_speed_pct=70
        )
    if what in ("correct", "retract"):
        return what, draw(st.integers(0, 1000))
    if what == "injury":
        return what, draw(st.integers(0, 3))
    return what, draw(st.integers(0, last + 5))


def _apply(store: Store, aid: str, what: str, arg: object, original: Injury) -> None:
    def _write(uow: UnitOfWork) -> None:
        r = uow.records
        if what == "checkin":
            r.add_checkin(aid, arg, "t", NOW, supersedes_id=r.current_checkin_id(aid, arg.date))
        elif what == "measurement":
            r.add_measurement(aid, arg, "t", NOW)
        elif what == "session":
            r.add_session(aid, arg, "t", NOW)
        elif what in ("correct", "retract"):
            current = r.measurements(aid).items
            if current:
                old = current[int(arg) % len(current)]
                new = replace(old.value, value=old.value.value * 0.9 if old.value.value > 1 else old.value.value)
                r.add_measurement(aid, new, "t", NOW, supersedes_id=old.id, retracted=what == "retract")
        elif what == "injury":
            r.add_injury(aid, replace(original, date=original.date + timedelta(days=int(arg))), "t", NOW)

    store.run(_write)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
@given(progressing_cases(max_days=40), st.data())
def test_any_sequence_of_writes_and_reads_reads_what_a_fresh_replay_gives(
    store: Store, data: tuple[Case, int], pick: st.DataObject
) -> None:
    case, last = data
    aid = _seed(store, case)
    for what, arg in pick.draw(st.lists(writes(last), min_size=1, max_size=12), label="writes and reads"):
        if what == "read":
            injury = store.read(lambda uow: uow.records.current_injury(aid))
            assert injury is not None
            as_of = max(injury.date, day(int(arg)))
            fresh = _fresh(store, aid, as_of)
            one_day_first = pick.draw(st.booleans(), label="the one-day read first")
            if one_day_first:  # resumes from what is kept and stores the days up to as_of
                assert store.read(lambda uow, d=as_of: decision_on(uow, aid, P, d)) == fresh[-1]
            assert _cached(store, aid, as_of) == fresh
            assert store.read(lambda uow, d=as_of: decision_on(uow, aid, P, d)) == fresh[-1]
        else:
            _apply(store, aid, what, arg, case.injury)
    final = max(store.read(lambda uow: _case(uow, aid)).injury.date, day(last))
    assert _cached(store, aid, final) == _fresh(store, aid, final)
    assert _cached(store, aid, final) == _fresh(store, aid, final)  # and once more, all from the table


def test_an_edited_protocol_never_reads_the_old_protocols_days(store: Store) -> None:
    """Same id and version, the first phase's exit criteria struck out (a clinic editing its copy): a new key,
    its own replay."""
    aid = _seed(store, CaseBuilder(grade="1a").calm_days(0, 12).passes_protect(4).build())
    assert _cached(store, aid, day(12)) == _fresh(store, aid, day(12))
    first = P.phases[0]
    edited = replace(P, phases=(replace(first, exit_criteria=()), *P.phases[1:]))
    assert protocol_key(edited) != KEY and protocol_key(edited).startswith(f"{P.id}@{P.version}#")
    case = store.read(lambda uow: _case(uow, aid))
    fresh = replay(case, edited, day(12))
    assert fresh != replay(case, P, day(12))  # the edit matters to this case
    assert store.read(lambda uow: replay_for(uow, _case(uow, aid), edited, day(12))) == fresh
    assert store.read(lambda uow: replay_for(uow, _case(uow, aid), edited, day(12))) == fresh
    assert _cached(store, aid, day(12)) == replay(case, P, day(12))


def test_a_read_inside_a_write_stores_its_replay_after_the_outer_write_ends(store: Store) -> None:
    """On SQLite the outer unit holds the write lock: storing the inner read's days before it ends would wait on
    ourselves (and give up after the retries, storing nothing)."""
    aid = _seed(store, CaseBuilder().calm_days(0, 9).build())

    def _outer(uow: UnitOfWork) -> list[Decision]:
        uow.records.add_clearance(aid, day(9), "hold", "test", "", "t", NOW)  # takes the write lock
        return _cached(store, aid, day(9))

    assert store.run(_outer) == _fresh(store, aid, day(9))
    assert _kept(store, aid) == [day(n) for n in range(10)]
