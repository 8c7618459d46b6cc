"""A rehabilitation protocol as data: phases, minimum healing times, exit criteria and global rules.

`parse_protocol(dict)` validates a plain mapping (as read from YAML) and names the exact field of
any error, e.g. `phases[3].exit_criteria[1].threshold`. The YAML reading itself lives outside the
domain (`sprintback.protocol_files`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any

from sprintback.domain.errors import InvalidProtocol, SprintbackError
from sprintback.domain.evidence import (
    Evidence,
    EvidenceGrade,
    EvidenceType,
    SourceInfo,
    evidence_problem,
    parse_source_entry,
)
from sprintback.domain.healing import DaysRule, MinimumDays, monotonicity_problem
from sprintback.domain.measures import MEASURES, Direction
from sprintback.domain.models import BamicGrade, Injury, Mechanism, PainMode

__all__ = ["Evidence", "EvidenceGrade", "EvidenceType", "MinimumDays", "SourceInfo"]


class Statistic(StrEnum):
    VALUE = "value"  # latest value (injured side for per-leg measures unless `side` says otherwise)
    LSI = "lsi"  # injured ÷ uninjured × 100, same-day pair
    DEFICIT = "deficit"  # uninjured − injured, in the measure's unit
    DEFICIT_PCT = "deficit_pct"  # (uninjured − injured) ÷ uninjured × 100
    PCT_OF_BASELINE = "pct_of_baseline"  # latest ÷ personal reference × 100 (pre-injury, else other leg)
    TEST_PAIN = "test_pain"  # pain recorded during the latest test of this measure
    IMBALANCE_PCT = "imbalance_pct"  # |L − R| ÷ max(L, R) × 100 (bourne2015 definition)
    BALANCE_DEVIATION = "balance_deviation"  # |value − target|, e.g. GCT balance vs 50 %
    CONSECUTIVE = "consecutive"  # observations in a row (latest backwards) meeting `each`
    COUNT = "count"  # observations within the window meeting `each`


class Comparator(StrEnum):
    GE = ">="
    LE = "<="
    GT = ">"
    LT = "<"
    EQ = "=="

    def holds(self, observed: float, threshold: float) -> bool:
        eps = 1e-9
        if self is Comparator.GE:
            return observed >= threshold - eps
        if self is Comparator.LE:
            return observed <= threshold + eps
        if self is Comparator.GT:
            return observed > threshold
        if self is Comparator.LT:
            return observed < threshold
        return abs(observed - threshold) <= eps


class DecisionKind(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    REGRESS = "regress"
    DELOAD = "deload"  # today's session is changed (less volume, no high speed)
    REFER = "refer"  # red flag: escalate to a physician
    CLEAR = "clear"  # return to sport


@dataclass(frozen=True)
class Condition:
    comparator: Comparator
    threshold: float
    on: str = "value"  # YAML key `of`: value | pain (the pain recorded during that test or session)

    def holds(self, value: float | None) -> bool:
        return value is not None and self.comparator.holds(value, self.threshold)


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    measure: str
    statistic: Statistic
    comparator: Comparator
    threshold: float
    evidence: Evidence
    window_days: int | None = None  # only observations this recent count; None = any since injury
    side: str = "injured"  # injured | uninjured (for VALUE/TEST_PAIN on per-leg measures)
    each: Condition | None = None  # for CONSECUTIVE / COUNT
    pain_rule: bool = False  # only observations with recorded pain count: 0/10 unless the pain mode relaxes it
    aggregate: str = "latest"  # latest | best (best = highest for higher-is-better measures)
    also: tuple[str, ...] = ()  # CONSECUTIVE: a test day counts only when these measures were taken too
    advisory: bool = False  # shown with the gate, but does not block it (a clinic's choice)

    @property
    def says_pain_free(self) -> bool:
        """The id or label promises no pain: such a gate is 0/10 in every pain mode."""
        label = self.label.lower()
        return "pain_free" in self.id or any(w in label for w in ("pain-free", "without pain", "no pain"))

    def passes(self, observed: float) -> bool:
        return self.comparator.holds(observed, self.threshold)

    def describe_threshold(self) -> str:
        unit = {
            Statistic.LSI: "%",
            Statistic.DEFICIT_PCT: "%",
            Statistic.PCT_OF_BASELINE: "%",
            Statistic.IMBALANCE_PCT: "%",
            Statistic.CONSECUTIVE: "in a row",
            Statistic.COUNT: "times",
            Statistic.TEST_PAIN: "/10 pain during the test",
        }.get(self.statistic, MEASURES[self.measure].unit)
        return f"{self.comparator.value} {self.threshold:g} {unit}"


@dataclass(frozen=True)
class Phase:
    id: str
    name: str
    goals: tuple[str, ...]
    exit_criteria: tuple[Criterion, ...]
    min_days: MinimumDays = field(default_factory=MinimumDays)
    running_max_pct: float | None = None  # the highest running intensity this phase allows, % max speed
    focus: tuple[str, ...] = ()  # training qualities (isometric, eccentric, plyometric, running, ...)


@dataclass(frozen=True)
class PainRules:
    default_mode: PainMode
    limits: Mapping[PainMode, float]  # highest exercise pain allowed, NRS
    limit_evidence: Evidence
    regress_above: float  # exercise pain above this = unacceptable → regress (silbernagel2007 zones)
    regress_evidence: Evidence
    morning_settle_evidence: Evidence  # next-morning pain above the day-before baseline → deload
    soreness_deload_above: float
    soreness_evidence: Evidence
    checkin_max_age_days: int = 1
    # What each pain mode relaxes: the exercise-pain rule (EXERCISE_PAIN_RULE) and criterion ids whose
    # pain may then reach the mode's limit. Anything not listed stays 0/10 in every mode.
    relaxes: Mapping[PainMode, frozenset[str]] = field(default_factory=dict)

    def relaxed(self, mode: PainMode) -> frozenset[str]:
        return self.relaxes.get(mode, frozenset())


EXERCISE_PAIN_RULE = "pain_exercise_limit"  # the daily exercise-pain rule (rules.py)


@dataclass(frozen=True)
class RedFlags:
    rising_pain_days: int
    rising_pain_evidence: Evidence
    night_pain_evidence: Evidence
    refer_grades: tuple[str, ...]  # e.g. ("4",): complete tears need a surgical opinion
    refer_grades_evidence: Evidence
    c_not_improving_days: int
    c_not_improving_evidence: Evidence


@dataclass(frozen=True)
class HistoryRule:
    """Extra criteria for athletes with a previous hamstring strain (green2020, bourne2015)."""

    min_previous_hsi: int
    phase: str
    add_criteria: tuple[Criterion, ...]
    evidence: Evidence
    reason: str


@dataclass(frozen=True)
class Protocol:
    id: str
    name: str
    version: str
    sources: Mapping[str, str]  # evidence key → citation
    phases: tuple[Phase, ...]
    pain: PainRules
    red_flags: RedFlags
    history_rules: tuple[HistoryRule, ...] = ()
    source_info: Mapping[str, SourceInfo] = field(default_factory=dict)  # study type and grade ceiling

    def first_phase_floor(self, injury: Injury) -> int:
        """Days since injury before the first phase can end: no long-length or eccentric loading earlier."""
        return self.phases[0].min_days.for_injury(injury).days

    def phase_index(self, phase_id: str) -> int:
        for i, p in enumerate(self.phases):
            if p.id == phase_id:
                return i
        raise KeyError(phase_id)

    def criteria_for(self, phase: Phase, injury: Injury) -> tuple[tuple[Criterion, HistoryRule | None], ...]:
        """Exit criteria of `phase`, with history-rule additions for this injury, each with its origin."""
        out: list[tuple[Criterion, HistoryRule | None]] = [(c, None) for c in phase.exit_criteria]
        for rule in self.history_rules:
            if rule.phase == phase.id and injury.previous_hsi >= rule.min_previous_hsi:
                out.extend((c, rule) for c in rule.add_criteria)
        return tuple(out)


# --------------------------------------------------------------------------------------------
# Parsing: plain mapping → Protocol, naming the exact field of any error.


class _Reader:
    def __init__(self, data: Any, path: str) -> None:
        self.data = data
        self.path = path

    def _join(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else key

    def mapping(self) -> Mapping[str, Any]:
        if not isinstance(self.data, Mapping):
            raise InvalidProtocol(f"expected a mapping, got {type(self.data).__name__}", self.path or None)
        return self.data

    def child(self, key: str, required: bool = True) -> _Reader | None:
        m = self.mapping()
        if key not in m or m[key] is None:
            if required:
                raise InvalidProtocol("is required", self._join(key))
            return None
        return _Reader(m[key], self._join(key))

    def req(self, key: str) -> _Reader:
        r = self.child(key)
        assert r is not None
        return r

    def items(self) -> list[_Reader]:
        if not isinstance(self.data, list):
            raise InvalidProtocol(f"expected a list, got {type(self.data).__name__}", self.path)
        return [_Reader(v, self._join(i)) for i, v in enumerate(self.data)]

    def text(self) -> str:
        if not isinstance(self.data, str) or not self.data.strip():
            raise InvalidProtocol("expected a non-empty text", self.path)
        return self.data

    def number(self, lo: float | None = None, hi: float | None = None) -> float:
        if isinstance(self.data, bool) or not isinstance(self.data, int | float):
            raise InvalidProtocol(f"expected a number, got {self.data!r}", self.path)
        v = float(self.data)
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            raise InvalidProtocol(f"{v:g} is outside {lo:g}–{hi:g}", self.path)
        return v

    def integer(self, lo: int = 0, hi: int = 10_000) -> int:
        v = self.number(lo, hi)
        if v != int(v):
            raise InvalidProtocol(f"expected a whole number, got {v:g}", self.path)
        return int(v)

    def choice(self, enum: type[Enum]) -> Any:
        try:
            return enum(self.data)
        except ValueError:
            allowed = ", ".join(str(e.value) for e in enum)
            raise InvalidProtocol(f"{self.data!r} is not one of: {allowed}", self.path) from None

    def unknown_keys(self, allowed: set[str]) -> None:
        extra = set(self.mapping()) - allowed
        if extra:
            key = sorted(extra)[0]
            raise InvalidProtocol(f"unknown field (allowed: {', '.join(sorted(allowed))})", self._join(key))


def _grade_key(key: str, path: str) -> None:
    """A grade key is a full grade ("3c"), a number ("3") or a site ("c")."""
    if key in ("a", "b", "c"):
        return
    try:
        BamicGrade.parse(key)
    except SprintbackError:
        raise InvalidProtocol(f"{key!r} is not a BAMIC grade key (e.g. 3c, 2, c)", path) from None


_EVIDENCE_KEYS = {"source", "grade", "note", "evidence_type", "derived"}
Sources = Mapping[str, SourceInfo]


def _evidence(r: _Reader, sources: Sources) -> Evidence:
    """source + grade (+ evidence_type, derived, note), checked against what the source can support."""
    r.unknown_keys(_EVIDENCE_KEYS)
    src = r.req("source")
    key = src.text()
    if key not in sources:
        raise InvalidProtocol(f"unknown evidence key {key!r}: add it to `sources` with its citation", src.path)
    note, etype, derived = (r.child(k, required=False) for k in ("note", "evidence_type", "derived"))
    ev = Evidence(
        key,
        r.req("grade").choice(EvidenceGrade),
        note.text() if note else "",
        etype.choice(EvidenceType) if etype else None,
        derived.text() if derived else "",
    )
    problem = evidence_problem(ev, sources[key])
    if problem is not None:
        raise InvalidProtocol(problem[1], r._join(problem[0]))
    return ev


def _inline_evidence(r: _Reader, sources: Sources) -> Evidence:
    """Evidence fields written inline next to other fields (a criterion, a history rule, a floor)."""
    return _evidence(_Reader({k: v for k, v in r.mapping().items() if k in _EVIDENCE_KEYS}, r.path), sources)


_CRITERION_KEYS = {
    "id",
    "label",
    "measure",
    "statistic",
    "comparator",
    "threshold",
    "window_days",
    "side",
    "each",
    "pain_rule",
    "source",
    "grade",
    "note",
    "aggregate",
    "evidence_type",
    "derived",
    "also",
    "advisory",
}


def _criterion(r: _Reader, sources: Sources) -> Criterion:
    r.unknown_keys(_CRITERION_KEYS)
    m = r.req("measure")
    kind = m.text()
    if kind not in MEASURES:
        raise InvalidProtocol(f"unknown measure {kind!r}; known: {', '.join(sorted(MEASURES))}", m.path)
    statistic: Statistic = r.req("statistic").choice(Statistic)
    mk = MEASURES[kind]
    per_leg = (Statistic.LSI, Statistic.DEFICIT, Statistic.DEFICIT_PCT, Statistic.IMBALANCE_PCT)
    if statistic in per_leg and not mk.bilateral:
        raise InvalidProtocol(f"{statistic.value} needs a per-leg measure; {kind} is not", r.req("statistic").path)
    if statistic is Statistic.BALANCE_DEVIATION and mk.direction is not Direction.TARGET:
        raise InvalidProtocol(f"balance_deviation needs a measure with a target; {kind} has none", m.path)
    each = None
    each_r = r.child("each", required=False)
    if statistic in (Statistic.CONSECUTIVE, Statistic.COUNT):
        if each_r is None:
            raise InvalidProtocol(f"{statistic.value} needs `each` (comparator and threshold)", r._join("each"))
        each_r.unknown_keys({"comparator", "threshold", "of"})
        on = each_r.child("of", required=False)
        on_v = on.text() if on else "value"
        if on is not None and on_v not in ("value", "pain"):
            raise InvalidProtocol(f"{on_v!r} is not one of: value, pain", on.path)
        each = Condition(each_r.req("comparator").choice(Comparator), each_r.req("threshold").number(), on_v)
    elif each_r is not None:
        raise InvalidProtocol(f"`each` only applies to consecutive/count, not {statistic.value}", each_r.path)
    window = r.child("window_days", required=False)
    side = r.child("side", required=False)
    side_v = side.text() if side else "injured"
    if side_v not in ("injured", "uninjured") and side is not None:
        raise InvalidProtocol(f"{side_v!r} is not one of: injured, uninjured", side.path)
    agg = r.child("aggregate", required=False)
    agg_v = agg.text() if agg else "latest"
    if agg is not None and agg_v not in ("latest", "best"):
        raise InvalidProtocol(f"{agg_v!r} is not one of: latest, best", agg.path)
    pain_rule = r.child("pain_rule", required=False)
    if pain_rule is not None and not isinstance(pain_rule.data, bool):
        raise InvalidProtocol("expected true or false", pain_rule.path)
    ev = _inline_evidence(r, sources)
    also: list[str] = []
    also_r = r.child("also", required=False)
    for a in also_r.items() if also_r else []:
        if statistic is not Statistic.CONSECUTIVE:
            raise InvalidProtocol("`also` only applies to consecutive tests", also_r.path if also_r else None)
        if a.text() not in MEASURES or MEASURES[a.text()].bilateral != mk.bilateral:
            raise InvalidProtocol(f"{a.text()!r} is not a measure taken like {kind}", a.path)
        also.append(a.text())
    advisory = r.child("advisory", required=False)
    if advisory is not None and not isinstance(advisory.data, bool):
        raise InvalidProtocol("expected true or false", advisory.path)
    crit = Criterion(
        id=r.req("id").text(),
        label=r.req("label").text(),
        measure=kind,
        statistic=statistic,
        comparator=r.req("comparator").choice(Comparator),
        threshold=r.req("threshold").number(),
        evidence=ev,
        window_days=window.integer(0, 3650) if window else None,
        side=side_v,
        each=each,
        pain_rule=bool(pain_rule.data) if pain_rule else False,
        aggregate=agg_v,
        also=tuple(also),
        advisory=bool(advisory.data) if advisory else False,
    )
    _check_pain_free(crit, r)
    return crit


def _check_pain_free(c: Criterion, r: _Reader) -> None:
    """A gate that says "pain-free" must mean 0/10 whatever the pain mode."""
    if not c.says_pain_free:
        return
    pain_measure = MEASURES[c.measure].unit.startswith("NRS")
    if (c.statistic is Statistic.TEST_PAIN or (pain_measure and c.statistic is Statistic.VALUE)) and not (
        c.comparator in (Comparator.LE, Comparator.EQ) and c.threshold == 0
    ):
        raise InvalidProtocol(f"{c.id!r} says pain-free, so its threshold must be <= 0", r._join("threshold"))
    if c.each is not None and c.each.on == "pain" and c.each.threshold != 0:
        raise InvalidProtocol(f"{c.id!r} says pain-free, so each test's pain must be <= 0", r._join("each"))


def _days_rule(r: _Reader, sources: Sources) -> DaysRule:
    r.unknown_keys({"days"} | _EVIDENCE_KEYS)
    return DaysRule(r.req("days").integer(0, 365), _inline_evidence(r, sources))


def _min_days(r: _Reader | None, sources: Sources) -> MinimumDays:
    if r is None:
        return MinimumDays()
    if "stretch_factor" in r.mapping() or "default" in r.mapping():
        raise InvalidProtocol(
            "min_days now takes `by_grade` and `by_mechanism` floors, each with days and evidence "
            "(the stretch factor was replaced by askling2013's own stretch-type figures)",
            r._join("stretch_factor" if "stretch_factor" in r.mapping() else "default"),
        )
    r.unknown_keys({"by_grade", "by_mechanism", "note"})
    by_grade: dict[str, DaysRule] = {}
    bg = r.child("by_grade", required=False)
    for key in bg.mapping() if bg else {}:
        assert bg is not None
        k = str(key)
        if k != "default":
            _grade_key(k, bg._join(k))
        by_grade[k] = _days_rule(_Reader(bg.mapping()[key], bg._join(k)), sources)
    by_mech: dict[Mechanism, DaysRule] = {}
    bm = r.child("by_mechanism", required=False)
    start = 1
    if bm is not None:
        bm.unknown_keys({"from_grade", "sprint", "stretch"})
        fg = bm.child("from_grade", required=False)
        start = fg.integer(0, 4) if fg else 1
        for m in (Mechanism.SPRINT, Mechanism.STRETCH):
            mr = bm.child(m.value, required=False)
            if mr is not None:
                by_mech[m] = _days_rule(mr, sources)
    md = MinimumDays(by_grade, by_mech, start)
    problem = monotonicity_problem(md)
    if problem is not None:
        raise InvalidProtocol(problem[1], r._join(problem[0]))
    return md


def _sources(r: _Reader) -> dict[str, SourceInfo]:
    out: dict[str, SourceInfo] = {}
    for key in r.mapping():
        info, error = parse_source_entry(r.mapping()[key])
        if info is None:
            raise InvalidProtocol(error, r._join(str(key)))
        out[str(key)] = info
    return out


def parse_protocol(data: Any) -> Protocol:
    """Validate a protocol mapping and build the Protocol; raise InvalidProtocol naming the field."""
    root = _Reader(data, "")
    root.unknown_keys({"id", "name", "version", "sources", "phases", "pain_rules", "red_flags", "history_rules"})
    sources = _sources(root.req("sources"))
    phases: list[Phase] = []
    seen: set[str] = set()
    for pr in root.req("phases").items():
        pr.unknown_keys({"id", "name", "goals", "exit_criteria", "min_days", "running_max_pct", "focus"})
        pid = pr.req("id").text()
        if pid in seen:
            raise InvalidProtocol(f"duplicate phase id {pid!r}", pr._join("id"))
        seen.add(pid)
        crit = tuple(
            _criterion(c, sources) for c in (pr.child("exit_criteria", required=False) or _Reader([], "")).items()
        )
        ids = [c.id for c in crit]
        if len(ids) != len(set(ids)):
            raise InvalidProtocol("criterion ids must be unique within a phase", pr._join("exit_criteria"))
        rmax = pr.child("running_max_pct", required=False)
        goals = pr.child("goals", required=False)
        focus = pr.child("focus", required=False)
        phases.append(
            Phase(
                id=pid,
                name=pr.req("name").text(),
                goals=tuple(g.text() for g in goals.items()) if goals else (),
                exit_criteria=crit,
                min_days=_min_days(pr.child("min_days", required=False), sources),
                running_max_pct=rmax.number(0, 110) if rmax else None,
                focus=tuple(f.text() for f in focus.items()) if focus else (),
            )
        )
    if len(phases) < 2:
        raise InvalidProtocol("a protocol needs at least two phases", "phases")
    if phases[-1].exit_criteria:
        raise InvalidProtocol(
            "the last phase (return to sport / maintenance) has no exit criteria",
            f"phases[{len(phases) - 1}].exit_criteria",
        )
    pain = _pain_rules(root.req("pain_rules"), sources)
    flags = _red_flags(root.req("red_flags"), sources)
    history: list[HistoryRule] = []
    hr = root.child("history_rules", required=False)
    for h in hr.items() if hr else []:
        h.unknown_keys({"min_previous_hsi", "phase", "add_criteria", "reason"} | _EVIDENCE_KEYS)
        phase_id = h.req("phase").text()
        if phase_id not in seen:
            raise InvalidProtocol(f"unknown phase {phase_id!r}", h._join("phase"))
        history.append(
            HistoryRule(
                min_previous_hsi=h.req("min_previous_hsi").integer(1, 50),
                phase=phase_id,
                add_criteria=tuple(_criterion(c, sources) for c in h.req("add_criteria").items()),
                evidence=_inline_evidence(h, sources),
                reason=h.req("reason").text(),
            )
        )
    _check_relaxes(pain, phases, history, root.req("pain_rules"))
    return Protocol(
        id=root.req("id").text(),
        name=root.req("name").text(),
        version=str(root.req("version").data),
        sources={k: v.citation for k, v in sources.items()},
        source_info=sources,
        phases=tuple(phases),
        pain=pain,
        red_flags=flags,
        history_rules=tuple(history),
    )


def _pain_rules(r: _Reader, sources: Sources) -> PainRules:
    r.unknown_keys(
        {
            "default_mode",
            "limits",
            "limit_evidence",
            "regress_above",
            "regress_evidence",
            "morning_settle_evidence",
            "soreness_deload_above",
            "soreness_evidence",
            "checkin_max_age_days",
            "relaxes",
        }
    )
    limits_r = r.req("limits")
    limits_r.unknown_keys({m.value for m in PainMode})
    limits = {mode: limits_r.req(mode.value).number(0, 10) for mode in PainMode}
    age = r.child("checkin_max_age_days", required=False)
    return PainRules(
        default_mode=r.req("default_mode").choice(PainMode),
        limits=limits,
        limit_evidence=_evidence(r.req("limit_evidence"), sources),
        regress_above=r.req("regress_above").number(0, 10),
        regress_evidence=_evidence(r.req("regress_evidence"), sources),
        morning_settle_evidence=_evidence(r.req("morning_settle_evidence"), sources),
        soreness_deload_above=r.req("soreness_deload_above").number(0, 10),
        soreness_evidence=_evidence(r.req("soreness_evidence"), sources),
        checkin_max_age_days=age.integer(0, 14) if age else 1,
        relaxes=_relax_lists(r, limits),
    )


def _relax_lists(r: _Reader, limits: Mapping[PainMode, float]) -> dict[PainMode, frozenset[str]]:
    """`relaxes: {mode: [ids]}`; without it, a mode with a limit above 0 relaxes the exercise-pain rule only."""
    rr = r.child("relaxes", required=False)
    if rr is None:
        return {m: frozenset({EXERCISE_PAIN_RULE}) if limits[m] > 0 else frozenset() for m in PainMode}
    rr.unknown_keys({m.value for m in PainMode})
    out: dict[PainMode, frozenset[str]] = {}
    for m in PainMode:
        mr = rr.child(m.value, required=False)
        ids = frozenset(i.text() for i in mr.items()) if mr else frozenset()
        where = rr._join(m.value)
        if limits[m] == 0 and ids:
            raise InvalidProtocol(f"the {m.value} mode allows 0/10, so it cannot relax anything", where)
        if limits[m] > 0 and EXERCISE_PAIN_RULE not in ids:
            raise InvalidProtocol(f"a limit above 0 relaxes {EXERCISE_PAIN_RULE}: list it", where)
        out[m] = ids
    return out


def _check_relaxes(pain: PainRules, phases: list[Phase], history: list[HistoryRule], r: _Reader) -> None:
    """Each relaxed id is a criterion that reads pain within the pain rule and does not promise "pain-free"."""
    criteria = {c.id: c for p in phases for c in p.exit_criteria}
    criteria.update({c.id: c for h in history for c in h.add_criteria})
    for mode, ids in pain.relaxes.items():
        where = f"{r.path}.relaxes.{mode.value}"
        for cid in sorted(ids - {EXERCISE_PAIN_RULE}):
            c = criteria.get(cid)
            if c is None:
                raise InvalidProtocol(f"unknown criterion {cid!r}", where)
            if not c.pain_rule:
                raise InvalidProtocol(f"{cid!r} does not read pain (`pain_rule: true`): nothing to relax", where)
            if c.says_pain_free:
                raise InvalidProtocol(f"{cid!r} says pain-free: it stays 0/10 in every mode", where)


def _red_flags(r: _Reader, sources: Sources) -> RedFlags:
    r.unknown_keys(
        {
            "rising_pain_days",
            "rising_pain_evidence",
            "night_pain_evidence",
            "refer_grades",
            "refer_grades_evidence",
            "c_not_improving_days",
            "c_not_improving_evidence",
        }
    )
    grades = []
    for g in r.req("refer_grades").items():
        _grade_key(str(g.data), g.path)
        grades.append(str(g.data))
    return RedFlags(
        rising_pain_days=r.req("rising_pain_days").integer(2, 30),
        rising_pain_evidence=_evidence(r.req("rising_pain_evidence"), sources),
        night_pain_evidence=_evidence(r.req("night_pain_evidence"), sources),
        refer_grades=tuple(grades),
        refer_grades_evidence=_evidence(r.req("refer_grades_evidence"), sources),
        c_not_improving_days=r.req("c_not_improving_days").integer(1, 365),
        c_not_improving_evidence=_evidence(r.req("c_not_improving_evidence"), sources),
    )
