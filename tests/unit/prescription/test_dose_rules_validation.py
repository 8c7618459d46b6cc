from __future__ import annotations

from importlib import resources

import pytest
import yaml

from sprintback.domain.errors import InvalidCatalogue
from sprintback.domain.prescription.library import build_library


def _files() -> dict:
    root = resources.files("sprintback.catalogue")
    return {
        n: yaml.safe_load(root.joinpath(f"{n}.yaml").read_text(encoding="utf-8"))
        for n in ("exercises", "doses", "sessions", "education")
    }


def _build(files: dict):
    return build_library(files["exercises"], files["doses"], files["sessions"], files["education"])


def test_the_bundled_files_build_a_library():
    lib = _build(_files())
    assert len(lib.catalogue) >= 40 and len(lib.doses.nordic.weeks) == 10


def test_dose_with_an_unknown_evidence_key_names_file_and_field():
    files = _files()
    files["doses"]["rules"]["strength"]["loading"]["source"] = "my-guess"
    with pytest.raises(InvalidCatalogue) as err:
        _build(files)
    assert err.value.field == "doses:rules.strength.loading.source"


def test_dose_without_a_grade_is_rejected():
    files = _files()
    del files["doses"]["rules"]["activation"]["default"]["grade"]
    with pytest.raises(InvalidCatalogue) as err:
        _build(files)
    assert err.value.field == "doses:rules.activation.default.grade"


def test_nordic_weeks_must_run_in_order():
    files = _files()
    files["doses"]["nordic"]["weeks"][2]["week"] = 7
    with pytest.raises(InvalidCatalogue) as err:
        _build(files)
    assert err.value.field == "doses:nordic.weeks[2].week"


def test_reps_listed_per_set_must_match_the_sets():
    files = _files()
    files["doses"]["rules"]["plyometric"]["strength"]["reps"] = [10, 8, 6]
    with pytest.raises(InvalidCatalogue) as err:
        _build(files)
    assert err.value.field == "doses:rules.plyometric.strength.reps"


def test_running_stages_must_rise_in_speed():
    files = _files()
    files["doses"]["running"]["stages"][5]["pct"] = 58  # stage 5 is 60%
    with pytest.raises(InvalidCatalogue) as err:
        _build(files)
    assert err.value.field == "doses:running.stages[5].pct"


def test_exercise_naming_an_unknown_dose_rule_is_rejected():
    files = _files()
    files["exercises"]["exercises"][0]["dose"] = "heavy"
    with pytest.raises(InvalidCatalogue) as err:
        _build(files)
    assert err.value.field == "exercises:exercises[0].dose"


def test_hold_adjustment_needs_a_known_mode():
    files = _files()
    files["doses"]["adjustments"]["hold"]["mode"] = "freeze"
    with pytest.raises(InvalidCatalogue) as err:
        _build(files)
    assert err.value.field == "doses:adjustments.hold.mode"


def test_lesson_for_an_unknown_phase_is_rejected():
    files = _files()
    files["education"]["lessons"][0]["phases"] = ["protect", "rehab"]
    with pytest.raises(InvalidCatalogue) as err:
        _build(files)
    assert err.value.field == "education:lessons[0].phases[1]"


def test_every_phase_needs_a_session_template():
    files = _files()
    del files["sessions"]["phases"]["sport"]
    with pytest.raises(InvalidCatalogue) as err:
        _build(files)
    assert err.value.field == "sessions:phases.sport"
