from __future__ import annotations

import copy
from importlib import resources

import pytest
import yaml

from sprintback.domain.errors import InvalidCatalogue
from sprintback.domain.prescription.catalogue import DEFAULT_PHASE_IDS, parse_catalogue


def _raw() -> dict:
    text = resources.files("sprintback.catalogue").joinpath("exercises.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def test_default_catalogue_has_at_least_forty_exercises_covering_every_phase(lib):
    assert len(lib.catalogue) >= 40
    for phase in DEFAULT_PHASE_IDS:
        assert lib.catalogue.for_phase(phase), phase


def test_catalogue_covers_the_families_the_rehab_needs(lib):
    ids = set(lib.catalogue.exercises)
    for required in (
        "askling_extender",
        "askling_diver",
        "askling_glider",
        "hip_extension_45",
        "nordic_band_assisted",
        "nordic_partner",
        "a_march",
        "a_skip",
        "b_skip",
        "pogo_jumps",
        "bounds",
        "single_leg_hops",
        "strides",
        "tempo_run",
        "resisted_sprint_sled",
        "overspeed_sprints",
        "cutting_drill",
        "acceleration_sprints",
        "iso_heel_dig_90_90",
        "iso_bridge_hold",
        "slider_curl_double",
        "rdl_dumbbell",
        "hip_flexor_stretch",
        "calf_stretch",
        "foam_roll",
    ):
        assert required in ids, required


def test_every_progression_regression_and_substitute_id_exists(lib):
    ids = set(lib.catalogue.exercises)
    for ex in lib.catalogue.exercises.values():
        for target in (ex.progression, ex.regression, *ex.substitutes):
            assert target is None or target in ids, (ex.id, target)


def test_every_exercise_fits_at_least_one_phase(lib):
    assert all(ex.phases for ex in lib.catalogue.exercises.values())


def test_no_long_length_hamstring_loading_in_phase_one(lib):
    protect = lib.catalogue.for_phase("protect")
    assert protect
    assert not [ex.id for ex in protect if ex.long_length]


def test_unknown_progression_id_is_rejected_naming_the_field():
    data = _raw()
    data["exercises"][1]["progression"] = "no_such_exercise"
    with pytest.raises(InvalidCatalogue) as err:
        parse_catalogue(data)
    assert err.value.field == "exercises[1].progression"


def test_long_length_exercise_in_phase_one_is_rejected():
    data = _raw()
    nordic = next(i for i, e in enumerate(data["exercises"]) if e["id"] == "nordic_partner")
    data["exercises"][nordic]["phases"] = ["protect", "strength"]
    with pytest.raises(InvalidCatalogue) as err:
        parse_catalogue(data)
    assert err.value.field == f"exercises[{nordic}].phases"
    assert "long length" in err.value.message


def test_exercise_with_no_phase_is_rejected():
    data = _raw()
    data["exercises"][0]["phases"] = []
    with pytest.raises(InvalidCatalogue) as err:
        parse_catalogue(data)
    assert err.value.field == "exercises[0].phases"


def test_unknown_equipment_in_the_catalogue_names_the_item():
    data = copy.deepcopy(_raw())
    data["exercises"][2]["equipment"] = ["band", "trampoline"]
    with pytest.raises(InvalidCatalogue) as err:
        parse_catalogue(data)
    assert err.value.field == "exercises[2].equipment[1]"


def test_duplicate_exercise_id_is_rejected():
    data = _raw()
    data["exercises"][3]["id"] = data["exercises"][0]["id"]
    with pytest.raises(InvalidCatalogue) as err:
        parse_catalogue(data)
    assert err.value.field == "exercises[3].id"


def test_every_dose_carries_a_known_source_and_grade(lib):
    for rule in lib.doses.rules.values():
        for dose in (*rule.by_phase.values(), *([rule.default] if rule.default else [])):
            assert dose.evidence.source in lib.doses.sources
    assert lib.doses.nordic.evidence.source == "petersen2011"
    assert lib.doses.volume_cap_evidence.grade.value == "practice-default"
    for lp in ("l_extender", "l_diver", "l_glider"):
        assert lib.doses.rules[lp].for_phase("loading").evidence.grade.value == "practice-default"


def test_template_item_that_does_not_fit_its_phase_is_rejected(lib):
    from sprintback.domain.prescription.library import parse_templates

    text = resources.files("sprintback.catalogue").joinpath("sessions.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["phases"]["protect"]["easy"]["items"].append("nordic_partner")
    with pytest.raises(InvalidCatalogue) as err:
        parse_templates(data, lib.catalogue)
    assert err.value.field is not None and err.value.field.startswith("phases.protect.easy.items[")
