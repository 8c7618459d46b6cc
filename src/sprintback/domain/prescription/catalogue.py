"""The exercise catalogue as validated data.

`parse_catalogue(dict, phase_ids)` checks every exercise and the links between them and raises
InvalidCatalogue naming the exact field (`exercises[12].progression`). YAML reading lives in
`sprintback.catalogue_files`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sprintback.domain.errors import InvalidCatalogue
from sprintback.domain.prescription._fields import FieldReader

# Phase ids of the default protocol, in order; phase 1 (`protect`) never loads the hamstring long: it
# holds the protocol's first-phase minimum (5 days, mendiguchia2017), before which no long-length or
# eccentric loading is prescribed (the planner also keeps such items off those days).
DEFAULT_PHASE_IDS: tuple[str, ...] = ("protect", "loading", "strength", "running", "sport", "return")

# What a home or clinic may have. "Nothing" (bodyweight and home furniture) is the empty set.
EQUIPMENT: Mapping[str, str] = {
    "band": "resistance band",
    "bench": "sturdy bench, box or chair",
    "nordic_bench": "Nordic bench / NordBord",
    "partner": "a partner to hold the ankles",
    "dumbbells": "dumbbells or kettlebells",
    "barbell": "barbell and plates",
    "leg_curl_machine": "leg-curl machine",
    "hip_extension_bench": "45° hip-extension bench",
    "sliders": "sliders (or a towel on a smooth floor)",
    "sled": "sprint sled",
    "bike": "stationary bike",
    "foam_roller": "foam roller",
}

# Training qualities: what an exercise trains. Substitution must keep them.
QUALITIES: Mapping[str, str] = {
    "isometric_knee_flexion": "isometric knee-flexor strength",
    "knee_flexion_strength": "knee-flexor strength",
    "eccentric_knee_flexion": "eccentric knee-flexor strength",
    "hip_extension_strength": "hip-extension strength",
    "long_length_loading": "loading at long hamstring length",
    "glute_activation": "glute activation",
    "trunk_control": "trunk and pelvic control",
    "neuromuscular_control": "balance and coordination",
    "plyometric": "elastic (plyometric) strength",
    "running_mechanics": "running mechanics",
    "running_volume": "running volume",
    "max_speed": "high and maximal speed",
    "acceleration": "acceleration",
    "change_of_direction": "change of direction",
    "team_training": "team training",
    "aerobic_low": "easy aerobic work",
    "mobility": "mobility",
    "recovery": "recovery",
}

FAMILIES = frozenset(
    {
        "isometric",
        "activation",
        "trunk",
        "neuromuscular",
        "bridge",
        "hinge",
        "knee_flexion",
        "nordic",
        "lengthening",
        "plyometric",
        "running_drill",
        "run",
        "change_of_direction",
        "team",
        "recovery",
        "mobility",
    }
)
# Families that are long-length or eccentric loading by nature (Nordic, Askling L-protocol): they must be
# marked `long_length: true` so phase 1 and the first-phase minimum keep them out.
LONG_LENGTH_FAMILIES = frozenset({"nordic", "lengthening"})


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    family: str
    purpose: str
    phases: tuple[str, ...]
    qualities: tuple[str, ...]
    equipment: frozenset[str]
    long_length: bool
    dose: str  # a dose rule id (doses.yaml)
    cues: tuple[str, ...]
    faults: tuple[str, ...]
    progression: str | None = None
    regression: str | None = None
    substitutes: tuple[str, ...] = ()
    source: str | None = None  # evidence key behind the dose, when it comes from the literature

    def fits(self, phase: str) -> bool:
        return phase in self.phases

    def usable_with(self, equipment: Iterable[str]) -> bool:
        return self.equipment <= frozenset(equipment)

    @property
    def is_run(self) -> bool:
        return self.family in ("run", "change_of_direction", "team")


@dataclass(frozen=True)
class Catalogue:
    exercises: Mapping[str, Exercise]
    phase_ids: tuple[str, ...]

    def __getitem__(self, exercise_id: str) -> Exercise:
        return self.exercises[exercise_id]

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self.exercises

    def __len__(self) -> int:
        return len(self.exercises)

    def for_phase(self, phase: str) -> tuple[Exercise, ...]:
        return tuple(e for e in self.exercises.values() if e.fits(phase))


_KEYS = {
    "id",
    "name",
    "family",
    "purpose",
    "phases",
    "qualities",
    "equipment",
    "long_length",
    "dose",
    "cues",
    "faults",
    "progression",
    "regression",
    "substitutes",
    "source",
}


def _vocabulary(r: FieldReader, allowed: Iterable[str], what: str) -> tuple[str, ...]:
    known = set(allowed)
    out: list[str] = []
    for item in r.items():
        value = item.text()
        if value not in known:
            raise item.fail(f"unknown {what} {value!r}; known: {', '.join(sorted(known))}")
        out.append(value)
    return tuple(out)


def _exercise(r: FieldReader, phase_ids: tuple[str, ...]) -> Exercise:
    r.only(_KEYS)
    family = r.req("family").text()
    if family not in FAMILIES:
        raise r.fail(f"unknown family {family!r}; known: {', '.join(sorted(FAMILIES))}", "family")
    phases = _vocabulary(r.req("phases"), phase_ids, "phase")
    if not phases:
        raise r.fail("an exercise must fit at least one phase", "phases")
    qualities = _vocabulary(r.req("qualities"), QUALITIES, "quality")
    if not qualities:
        raise r.fail("name at least one training quality", "qualities")
    long_length = r.req("long_length").boolean()
    if family in LONG_LENGTH_FAMILIES and not long_length:
        raise r.fail(
            f"a {family} exercise loads the hamstring long (eccentric or lengthening): mark it true", "long_length"
        )
    if long_length and phase_ids[0] in phases:
        raise r.fail(
            f"loads the hamstring at long length, so it cannot be used in phase 1 ({phase_ids[0]!r})",
            "phases",
        )
    equipment_r = r.opt("equipment")
    subs = r.opt("substitutes")
    src = r.opt("source")
    return Exercise(
        id=r.req("id").text(),
        name=r.req("name").text(),
        family=family,
        purpose=r.req("purpose").text(),
        phases=phases,
        qualities=qualities,
        equipment=frozenset(_vocabulary(equipment_r, EQUIPMENT, "equipment")) if equipment_r else frozenset(),
        long_length=long_length,
        dose=r.req("dose").text(),
        cues=r.req("cues").texts(),
        faults=r.req("faults").texts(),
        progression=_optional_id(r, "progression"),
        regression=_optional_id(r, "regression"),
        substitutes=subs.texts() if subs else (),
        source=src.text() if src else None,
    )


def _optional_id(r: FieldReader, key: str) -> str | None:
    child = r.opt(key)
    return child.text() if child else None


def parse_catalogue(data: Any, phase_ids: tuple[str, ...] = DEFAULT_PHASE_IDS) -> Catalogue:
    """Validate a catalogue mapping; raise InvalidCatalogue naming the offending field."""
    root = FieldReader(data, "", InvalidCatalogue)
    root.only({"exercises"})
    exercises: dict[str, Exercise] = {}
    readers = root.req("exercises").items()
    for r in readers:
        ex = _exercise(r, phase_ids)
        if ex.id in exercises:
            raise r.fail(f"duplicate exercise id {ex.id!r}", "id")
        if not ex.cues:
            raise r.fail("give at least one coaching cue", "cues")
        exercises[ex.id] = ex
    for r, ex in zip(readers, exercises.values(), strict=True):
        for key in ("progression", "regression"):
            target = getattr(ex, key)
            if target is not None and target not in exercises:
                raise r.fail(f"unknown exercise id {target!r}", key)
            if target == ex.id:
                raise r.fail("an exercise cannot progress or regress to itself", key)
        for i, sub in enumerate(ex.substitutes):
            if sub not in exercises:
                raise InvalidCatalogue(f"unknown exercise id {sub!r}", r.join("substitutes") + f"[{i}]")
    return Catalogue(exercises=exercises, phase_ids=phase_ids)


def check_dose_rules(catalogue: Catalogue, dose_rule_ids: Iterable[str], sources: Iterable[str]) -> None:
    """Every exercise's `dose` names a known rule and its `source` a known evidence key."""
    rules, keys = set(dose_rule_ids), set(sources)
    for i, ex in enumerate(catalogue.exercises.values()):
        if ex.dose not in rules:
            raise InvalidCatalogue(f"unknown dose rule {ex.dose!r}", f"exercises[{i}].dose")
        if ex.source is not None and ex.source not in keys:
            raise InvalidCatalogue(f"unknown evidence key {ex.source!r}", f"exercises[{i}].source")
