"""Finishing a planned week: notes on the rules that shaped it, lessons and citations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sprintback.domain.prescription.doses import NordicWeek
from sprintback.domain.prescription.library import PrescriptionLibrary
from sprintback.domain.prescription.plan import DayPlan, WeekPlan
from sprintback.domain.prescription.running import RunningStage

if TYPE_CHECKING:
    from sprintback.domain.prescription.planner import PlanRequest


def finish_week(
    days: list[DayPlan],
    req: PlanRequest,
    lib: PrescriptionLibrary,
    week_notes: list[str],
    nordic: NordicWeek | None,
    stage: RunningStage | None,
) -> WeekPlan:
    """The week's notes (high speed, sprint exposure, team sessions, referral), lessons and citations."""
    book = lib.doses
    notes = list(week_notes)
    hs_key, se_key, team_key = (
        book.high_speed_evidence.source,
        book.sprint_exposure_evidence.source,
        book.team_sessions_evidence.source,
    )
    if any(d.high_speed for d in days):
        notes.append(
            f"High-speed running (above {book.high_speed_above_pct:g}% of max speed, {hs_key}) "
            "is never planned on consecutive days."
        )
    keys = {book.running.evidence.source, hs_key}
    if req.running_max_pct >= book.sprint_exposure_pct:
        exposures = sum(1 for d in days if _sprint_exposure(d, book.sprint_exposure_pct))
        keys.add(se_key)
        pct = f"{book.sprint_exposure_pct:g}%"
        if exposures < book.sprint_exposure_per_week:
            notes.append(
                f"No sprint exposure above {pct} fits this week ({se_key} asks {book.sprint_exposure_per_week}/week)."
            )
        else:
            notes.append(f"Sprint exposures above {pct} of max speed: {exposures} ({se_key}).")
    if req.phase == lib.phase_ids[-1]:
        team = sum(1 for d in days for i in d.items if i.family == "team" and d.adjustment is None)
        need = book.team_sessions_before_match
        keys.add(team_key)
        notes.append(
            f"Full team sessions this week: {team}. At least {need} before match selection ({team_key})."
            + ("" if team >= need else " Not yet: keep training with the team before selection.")
        )
    referred = [d.date for d in days if d.adjustment is not None and d.adjustment.decision == "refer"]
    if referred:
        notes.insert(
            0,
            f"Referred to a physician on {referred[-1].isoformat()}: the days after it are provisional until "
            "a physician has reviewed the injury.",
        )
    if any("capped" in n for n in notes):
        keys.add(book.volume_cap_evidence.source)
    for d in days:
        for i in d.items:
            keys.add(i.dose.evidence.source)
        if d.adjustment:
            keys.add(d.adjustment.evidence.source)
    lessons = lib.lessons_for(req.phase)
    keys.update(lesson.evidence.source for lesson in lessons)
    return WeekPlan(
        week_start=req.week_start,
        phase=req.phase,
        running_max_pct=req.running_max_pct,
        equipment=tuple(sorted(req.equipment)),
        days=tuple(days),
        nordic_week=nordic.week if nordic else None,
        running_stage=stage.stage if stage else None,
        notes=tuple(notes),
        lessons=lessons,
        citations={k: book.sources[k] for k in sorted(keys) if k in book.sources},
    )


def _sprint_exposure(day: DayPlan, min_pct: float) -> bool:
    """A maximal-speed exposure: a max-speed item at or above `min_pct` (malone2017)."""
    return any("max_speed" in i.qualities and (i.pct_max_speed or 0) >= min_pct for i in day.items)


def high_speed_days_adjacent(plan: WeekPlan) -> bool:
    """True when two consecutive days (including the week's last and first weekday) both hold
    high-speed running. The planner never produces this; tests and services can check it."""
    flags = {d.date.weekday(): d.high_speed for d in plan.days}
    return any(flags.get(i, False) and flags.get((i + 1) % 7, False) for i in range(7))
