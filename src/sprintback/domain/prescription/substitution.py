"""Equipment-aware substitution: swap an exercise for one the athlete can do with what is at hand,
keeping every training quality of the original and the phase's safety rules."""

from __future__ import annotations

from collections.abc import Iterable

from sprintback.domain.prescription.catalogue import Catalogue, Exercise


def substitute(exercise: Exercise, phase: str, equipment: Iterable[str], catalogue: Catalogue) -> Exercise | None:
    """`exercise` itself when usable; else the first listed substitute, then the first catalogue
    exercise (same family first, then by id) that fits the phase, needs only `equipment` and
    trains every quality of the original. None when nothing keeps all the qualities."""
    kit = frozenset(equipment)
    if exercise.usable_with(kit):
        return exercise
    wanted = set(exercise.qualities)

    def ok(c: Exercise) -> bool:
        return c.id != exercise.id and c.fits(phase) and c.usable_with(kit) and wanted <= set(c.qualities)

    listed = [catalogue[s] for s in exercise.substitutes]
    others = sorted(
        (c for c in catalogue.exercises.values() if c.id not in exercise.substitutes),
        key=lambda c: (c.family != exercise.family, c.id),
    )
    for candidate in (*listed, *others):
        if ok(candidate):
            return candidate
    return None


def missing_equipment(exercise: Exercise, equipment: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(exercise.equipment - frozenset(equipment)))
