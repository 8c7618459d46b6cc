"""Pain modes say what they relax (issue 8, item 5; audit §2.1-6).

The pain-threshold mode (hickey2020: up to 4/10) relaxes exercise pain; gates named "pain-free" are 0/10 in
both modes, and runs at >= 70% of max speed are such gates.
"""

from __future__ import annotations

import copy
from importlib import resources
from typing import Any

import pytest
import yaml
from casebuilder import CaseBuilder, day

from sprintback.domain.engine import evaluate_in_phase
from sprintback.domain.errors import InvalidProtocol
from sprintback.domain.models import PainMode
from sprintback.domain.protocol import EXERCISE_PAIN_RULE, DecisionKind, Protocol, parse_protocol
from sprintback.protocol_files import load_default_protocol


@pytest.fixture(scope="module")
def protocol() -> Protocol:
    return load_default_protocol()


@pytest.fixture(scope="module")
def default_data() -> dict[str, Any]:
    return yaml.safe_load(resources.files("sprintback.protocols").joinpath("hamstring-default.yaml").read_text())


def test_the_protocol_lists_what_each_mode_relaxes(protocol: Protocol) -> None:
    assert protocol.pain.relaxed(PainMode.PAIN_FREE) == frozenset()
    relaxed = protocol.pain.relaxed(PainMode.THRESHOLD)
    assert EXERCISE_PAIN_RULE in relaxed
    criteria = {c.id: c for ph in protocol.phases for c in ph.exit_criteria}
    for cid in relaxed - {EXERCISE_PAIN_RULE}:
        assert criteria[cid].pain_rule and not criteria[cid].says_pain_free
    # No run at >= 70% of max speed is relaxed, and every pain-free gate stays out of the list.
    for c in criteria.values():
        if c.measure == "run_pain_free_pct" and c.threshold >= 70:
            assert c.id not in relaxed and c.says_pain_free, c.id
        if c.says_pain_free:
            assert c.id not in relaxed


@pytest.mark.parametrize("mode", list(PainMode))
def test_a_90_percent_run_at_2_of_10_never_opens_the_sprint_gate(protocol: Protocol, mode: PainMode) -> None:
    # Before evidence v2, a 90% run at 4/10 met "run_90_pain_free" in threshold mode.
    b = CaseBuilder(pain_mode=mode).calm_days(0, 25).passes_running(25)
    b.sessions = [s for s in b.sessions if s.top_speed_pct != 90]
    b.run(25, 90, pain=2).run(24, 80, pain=0)
    d = evaluate_in_phase(b.build(), protocol, day(25), "running")
    run = next(r for r in d.reasons if r.id == "run_90_pain_free")
    assert (run.observed, run.met) == (80, False)
    # Threshold mode holds; pain-free mode also deloads, since 2/10 is above its exercise-pain limit.
    assert d.kind is (DecisionKind.HOLD if mode is PainMode.THRESHOLD else DecisionKind.DELOAD)


def test_a_jog_at_3_of_10_counts_in_threshold_mode_only(protocol: Protocol) -> None:
    for mode, met in ((PainMode.THRESHOLD, True), (PainMode.PAIN_FREE, False)):
        b = CaseBuilder(pain_mode=mode).calm_days(0, 10).passes_loading(10)
        b.sessions = [s for s in b.sessions if s.top_speed_pct != 50]
        b.run(10, 50, pain=3)
        d = evaluate_in_phase(b.build(), protocol, day(10), "loading")
        assert next(r for r in d.reasons if r.id == "jog_50_within_pain_rule").met is met, mode


@pytest.mark.parametrize(
    ("relaxes", "message"),
    [
        ({"threshold": ["pain_exercise_limit", "run_90_pain_free"], "pain_free": []}, "says pain-free"),
        ({"threshold": ["pain_exercise_limit", "vmax_95_pre_injury"], "pain_free": []}, "does not read pain"),
        ({"threshold": ["pain_exercise_limit", "nope"], "pain_free": []}, "unknown criterion"),
        ({"threshold": [], "pain_free": []}, "list it"),
        ({"threshold": ["pain_exercise_limit"], "pain_free": ["pain_exercise_limit"]}, "cannot relax"),
    ],
)
def test_a_relax_list_that_would_soften_a_pain_free_gate_is_refused(
    default_data: dict[str, Any], relaxes: dict[str, list[str]], message: str
) -> None:
    data = copy.deepcopy(default_data)
    data["pain_rules"]["relaxes"] = relaxes
    with pytest.raises(InvalidProtocol) as err:
        parse_protocol(data)
    assert err.value.field is not None and err.value.field.startswith("pain_rules.relaxes")
    assert message in err.value.message


def test_a_gate_named_pain_free_with_a_pain_allowance_is_refused(default_data: dict[str, Any]) -> None:
    data = copy.deepcopy(default_data)
    data["phases"][0]["exit_criteria"][0]["threshold"] = 2  # walking_pain_free
    with pytest.raises(InvalidProtocol) as err:
        parse_protocol(data)
    assert err.value.field == "phases[0].exit_criteria[0].threshold" and "pain-free" in err.value.message


def test_the_h_test_tolerance_and_advisory_switch_are_the_clinics(
    protocol: Protocol, default_data: dict[str, Any]
) -> None:
    # askling2013-criterion: no insecurity by default; a clinic may tolerate some (e.g. 15) or make it advisory.
    b = CaseBuilder().calm_days(0, 25).passes_running(25)
    b.measure(25, "h_test_insecurity", 12)
    assert evaluate_in_phase(b.build(), protocol, day(25), "running").kind is DecisionKind.HOLD
    data = copy.deepcopy(default_data)
    h = next(c for c in data["phases"][3]["exit_criteria"] if c["id"] == "h_test_no_insecurity")
    h["threshold"] = 15
    assert evaluate_in_phase(b.build(), parse_protocol(data), day(25), "running").kind is DecisionKind.PROGRESS
    h["threshold"], h["advisory"] = 0, True
    d = evaluate_in_phase(b.build(), parse_protocol(data), day(25), "running")
    assert d.kind is DecisionKind.PROGRESS
    assert next(r for r in d.reasons if r.id == "h_test_no_insecurity").kind == "advisory"
