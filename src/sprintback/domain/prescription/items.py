"""Turn a catalogue exercise (or this week's running stage) into a prescribed item with its dose."""

from __future__ import annotations

from dataclasses import replace

from sprintback.domain.prescription.catalogue import Exercise
from sprintback.domain.prescription.doses import Dose, NordicWeek
from sprintback.domain.prescription.library import PrescriptionLibrary
from sprintback.domain.prescription.plan import PrescribedItem
from sprintback.domain.prescription.running import RunningStage


def stage_dose(stage: RunningStage, lib: PrescriptionLibrary) -> Dose:
    running = lib.doses.running
    return Dose(
        sets=1,
        reps=((stage.reps, stage.reps),),
        distance_m=stage.distance_m,
        rest_s=stage.rest_s,
        intensity=f"{stage.pct:g}% of max speed — {stage.description}",
        evidence=running.evidence,
    )


def run_item(stage: RunningStage, lib: PrescriptionLibrary, exercise: Exercise | None = None) -> PrescribedItem:
    """A running-stage item (hickey2020-running); `exercise` overrides the stage's own exercise."""
    ex = exercise or lib.catalogue[stage.exercise]
    return PrescribedItem(
        exercise_id=ex.id,
        name=ex.name,
        family=ex.family,
        qualities=ex.qualities,
        dose=stage_dose(stage, lib),
        cues=ex.cues,
        pct_max_speed=stage.pct,
        high_speed=lib.doses.is_high_speed(stage.pct),
        run_stage=stage.stage,
        strides=stage.strides,
        note=f"Running stage {stage.stage}: {stage.description}. Volume is a practice default.",
    )


def exercise_item(
    ex: Exercise,
    phase: str,
    lib: PrescriptionLibrary,
    *,
    cap: float,
    stage: RunningStage | None,
    nordic_week: NordicWeek | None,
) -> PrescribedItem | None:
    """The item for `ex` in `phase`; None when the running cap rules the exercise out."""
    rule = lib.doses.rules[ex.dose]
    if rule.staged:
        return run_item(stage, lib, ex) if stage is not None else None
    if rule.table:
        week = nordic_week or lib.doses.nordic.week(1)
        dose = lib.doses.nordic.dose(week)
        label = "maintenance" if week.week == 0 else f"week {week.week}"
        note = f"Nordic {label}: {week.sessions}×/week, {dose.sets} sets of {dose.reps_text} ({dose.evidence.source})."
        return _item(ex, dose, note=note)
    dose = rule.for_phase(phase)
    if ex.is_run:
        if cap <= 0:
            return None
        return replace(
            _item(ex, replace(dose, intensity=f"{dose.intensity} — up to {cap:g}% of max speed")),
            pct_max_speed=cap,
            high_speed=lib.doses.is_high_speed(cap),
        )
    return _item(ex, dose)


def _item(ex: Exercise, dose: Dose, note: str = "") -> PrescribedItem:
    return PrescribedItem(
        exercise_id=ex.id,
        name=ex.name,
        family=ex.family,
        qualities=ex.qualities,
        dose=dose,
        cues=ex.cues,
        note=note or dose.evidence.note,
    )


def with_dose(item: PrescribedItem, dose: Dose) -> PrescribedItem:
    return replace(item, dose=dose)
