"""Autoregulation: the day's engine decision rewrites that day's session, and says why.

Each function returns the new session and the list of changes made, so nothing changes silently.
Rules and their evidence are data (doses.yaml `adjustments`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace

from sprintback.domain.prescription.catalogue import Exercise
from sprintback.domain.prescription.items import exercise_item, run_item, with_dose
from sprintback.domain.prescription.library import PrescriptionLibrary
from sprintback.domain.prescription.plan import PrescribedItem, Session
from sprintback.domain.prescription.substitution import substitute


def deload(session: Session, lib: PrescriptionLibrary, cap: float) -> tuple[Session, list[str]]:
    """Less volume (× volume_factor) and no high-speed running (doses.yaml adjustments.deload)."""
    rule = lib.doses.adjustments["deload"]
    threshold = lib.doses.high_speed_above_pct
    changes: list[str] = []
    items: list[PrescribedItem] = []
    for item in session.items:
        if item.family in rule.drop_families:
            changes.append(f"{item.name}: left out today (no {item.family} on a deload day)")
            continue
        if item.high_speed:
            slower = _slower_run(item, lib, min(cap, threshold), rule.volume_factor)
            if slower is None:
                changes.append(f"{item.name}: left out today (no running above {threshold:g}% of max speed)")
            else:
                changes.append(f"{item.name} at {item.pct_max_speed:g}% → {slower.name} {slower.describe()}")
                items.append(slower)
            continue
        smaller = item.dose.scaled(rule.volume_factor)
        if smaller != item.dose:
            changes.append(f"{item.name}: {item.describe()} → {with_dose(item, smaller).describe()}")
        items.append(with_dose(item, smaller))
    if not items:
        items = list(_gentle_items(lib, rule.keep or lib.doses.adjustments["refer"].keep))
        changes.append("Session replaced by gentle mobility")
    return replace(session, title=f"Deload: {session.title}", items=tuple(items)), changes


def _slower_run(item: PrescribedItem, lib: PrescriptionLibrary, cap: float, factor: float) -> PrescribedItem | None:
    """The highest running stage at or below `cap`, with no more metres than factor × the original."""
    if item.run_stage is None or item.dose.distance_m is None:
        return None
    stage = lib.doses.running.stage_for(cap, 99)
    if stage is None:
        return None
    slower = run_item(stage, lib)
    budget = item.running_m * factor
    reps = min(stage.reps, math.floor(budget / stage.distance_m))
    if reps >= 1:
        return replace(slower, dose=replace(slower.dose, reps=((reps, reps),)), strides=0)
    if budget < 1:
        return None
    # Less than one rep's distance left: one shorter rep keeps the metres within the deload.
    return replace(slower, dose=replace(slower.dose, reps=((1, 1),), distance_m=float(math.floor(budget))), strides=0)


def regress(
    session: Session, lib: PrescriptionLibrary, *, target_phase: str, cap: float, equipment: Iterable[str]
) -> tuple[Session, list[str]]:
    """Each exercise → its regression that fits the phase below; volume × volume_factor; running one
    band lower (doses.yaml adjustments.regress)."""
    rule = lib.doses.adjustments["regress"]
    kit = frozenset(equipment)
    lower_cap = lib.doses.running.band_below(cap)
    changes: list[str] = []
    items: list[PrescribedItem] = []
    for item in session.items:
        if item.is_running:
            new = _regressed_run(item, lib, lower_cap)
        else:
            ex = _regression_for(lib.catalogue[item.exercise_id], target_phase, kit, lib)
            built = (
                exercise_item(ex, target_phase, lib, cap=lower_cap, stage=None, nordic_week=lib.doses.nordic.week(1))
                if ex
                else None
            )
            new = with_dose(built, built.dose.scaled(rule.volume_factor)) if built else None
        if new is None:
            changes.append(f"{item.name}: left out (nothing suitable in {target_phase!r})")
            continue
        if new.exercise_id != item.exercise_id:
            changes.append(f"{item.name} → {new.name} ({new.describe()})")
        elif new.dose != item.dose:
            changes.append(f"{item.name}: {item.describe()} → {new.describe()}")
        items.append(new)
    if not items:
        items = list(_gentle_items(lib, lib.doses.adjustments["refer"].keep))
        changes.append("Session replaced by gentle mobility")
    return replace(session, title=f"Regressed: {session.title}", items=tuple(items)), changes


def _regressed_run(item: PrescribedItem, lib: PrescriptionLibrary, lower_cap: float) -> PrescribedItem | None:
    stage = lib.doses.running.stage_for(lower_cap, 0)
    return run_item(stage, lib) if stage is not None and item.run_stage is not None else None


def _regression_for(ex: Exercise, phase: str, kit: frozenset[str], lib: PrescriptionLibrary) -> Exercise | None:
    """Walk down the regression chain to the first exercise that fits `phase`, then make it usable."""
    seen: set[str] = set()
    current: Exercise | None = lib.catalogue[ex.regression] if ex.regression else (ex if ex.fits(phase) else None)
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if current.fits(phase):
            return substitute(current, phase, kit, lib.catalogue)
        current = lib.catalogue[current.regression] if current.regression else None
    return None


def refer(session: Session | None, lib: PrescriptionLibrary) -> tuple[Session, list[str]]:
    """Red flag: no training beyond gentle mobility; see the physician."""
    rule = lib.doses.adjustments["refer"]
    changes = [f"{session.title}: cancelled" if session else "Rest day kept"]
    changes.append("Gentle mobility only; see your physician before training again")
    gentle = Session(
        title="Rest and see your physician",
        kind="refer",
        items=_gentle_items(lib, rule.keep),
        notes=("See your physician before any further training.",),
    )
    return gentle, changes


def _gentle_items(lib: PrescriptionLibrary, ids: Iterable[str]) -> tuple[PrescribedItem, ...]:
    out = []
    for i in ids:
        ex = lib.catalogue[i]
        out.append(
            PrescribedItem(
                exercise_id=ex.id,
                name=ex.name,
                family=ex.family,
                qualities=ex.qualities,
                dose=lib.doses.rules[ex.dose].for_phase(lib.phase_ids[0]),
                cues=ex.cues,
            )
        )
    return tuple(out)
