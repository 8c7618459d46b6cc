"""The forecast's data, validated: return-to-play priors by programme, grade, mechanism and pain rule; the
model's settings; reinjury risk factors; maintenance drift rules.

`parse_forecast_config(dict)` names the exact field of any error, like `parse_protocol` (the YAML reading is
`sprintback.forecast_files`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sprintback.domain.errors import InvalidProtocol
from sprintback.domain.measures import MEASURES
from sprintback.domain.models import Injury, Mechanism, PainMode

# The protocol's field reader: the same messages and field paths for both data files.
from sprintback.domain.protocol import Evidence, EvidenceGrade, _grade_key, _Reader


@dataclass(frozen=True)
class PriorRow:
    """One published (or derived) return-to-play distribution, as a lognormal over days from injury."""

    id: str
    label: str
    programme: str
    median_days: float
    sigma: float  # SD of log(days)
    evidence: Evidence
    status: str  # published | derived
    centre: str  # what was published, e.g. "mean 34 ± 7 days"
    centre_days: float  # the published mean or median
    range_days: tuple[float, float]  # published range (mean ± SD, or the paper's CI); derived: ± derived SD
    range_kind: str  # "mean ± SD", "95% CI of the median", "mean ± derived SD"…
    grades: tuple[str, ...] = ()
    mechanisms: tuple[Mechanism, ...] = ()
    pain_modes: tuple[PainMode, ...] = ()
    population: str = ""
    derivation: str = ""
    spread_from: str = ""

    @property
    def mean_days(self) -> float:
        return self.median_days * math.exp(self.sigma**2 / 2)

    def matches(self, injury: Injury, mode: PainMode) -> bool:
        g = injury.grade
        keys = {str(g), str(g.number), g.site or ""}
        return (
            (not self.grades or bool(keys & set(self.grades)))
            and (not self.mechanisms or injury.mechanism in self.mechanisms)
            and (not self.pain_modes or mode in self.pain_modes)
        )


@dataclass(frozen=True)
class Programme:
    id: str
    name: str
    rows: tuple[PriorRow, ...]


@dataclass(frozen=True)
class ModelSettings:
    samples: int
    seed: int
    pace_share: float
    prior_weight_days: float
    pseudo_days: float
    near_miss_credit: float
    setback_window_days: int
    setback_days_each: float  # per referral day
    evidence: Evidence
    deload_days_each: float = 0.0  # per deload or regress (pain) day
    phase_shares: tuple[float, ...] = ()  # by position over the rehabilitation phases; else equal shares


@dataclass(frozen=True)
class RiskFactor:
    id: str
    kind: str
    label: str
    effect: str  # RR | OR | SMD
    value: float
    evidence: Evidence
    context: str
    threshold: float | None = None
    ci: tuple[float, float] | None = None


RISK_KINDS = {
    "this_injury": False,
    "previous_hsi": False,
    "previous_acl": False,
    "previous_calf_strain": False,
    "age": False,
    "nordic_force_below": True,
    "nordic_imbalance_at_least": True,
    "fascicle_below": True,
    "weekly_load_increase_above": True,
}  # kind → needs a threshold


@dataclass(frozen=True)
class DriftRule:
    id: str
    label: str
    measure: str
    statistic: str  # injured | lsi | best
    rule: str  # drop_more_than | below | below_pct_of_clearance
    margin: float
    evidence: Evidence
    window_days: int = 14


@dataclass(frozen=True)
class Monitoring:
    interval_months: int
    horizon_months: int
    grace_days: int
    clearance_window_days: int
    evidence: Evidence
    drift: tuple[DriftRule, ...]


@dataclass(frozen=True)
class ForecastConfig:
    version: str
    sources: Mapping[str, str]
    default_programme: str
    programmes: Mapping[str, Programme]
    model: ModelSettings
    risk_factors: tuple[RiskFactor, ...] = ()
    monitoring: Monitoring | None = None
    extras: Mapping[str, Any] = field(default_factory=dict)

    def programme(self, programme_id: str | None) -> Programme:
        key = programme_id or self.default_programme
        if key not in self.programmes:
            raise InvalidProtocol(
                f"unknown programme {key!r}; known: {', '.join(sorted(self.programmes))}", "programme"
            )
        return self.programmes[key]

    def rows(self) -> tuple[PriorRow, ...]:
        return tuple(r for p in self.programmes.values() for r in p.rows)


def _ev(r: _Reader, sources: Mapping[str, str]) -> Evidence:
    m = r.mapping()
    key_r = r.req("source")
    key = key_r.text()
    if key not in sources:
        raise InvalidProtocol(f"unknown evidence key {key!r}: add it to `sources` with its citation", key_r.path)
    note = m.get("note")
    return Evidence(key, r.req("grade").choice(EvidenceGrade), str(note) if note else "")


def _texts(r: _Reader | None) -> tuple[str, ...]:
    return tuple(i.text() for i in r.items()) if r else ()


_ROW_KEYS = {
    "id", "label", "grades", "mechanisms", "pain_modes", "mean_days", "sd_days", "median_days", "cv", "range_days",
    "spread_from", "status", "source", "grade", "population", "derivation",
}  # fmt: skip


def _row(r: _Reader, programme: str, sources: Mapping[str, str]) -> PriorRow:
    r.unknown_keys(_ROW_KEYS)
    m = r.mapping()
    grades = _texts(r.child("grades", required=False))
    gr = r.child("grades", required=False)
    for i, g in enumerate(grades):
        _grade_key(g, f"{gr.path}[{i}]" if gr else r.path)
    mech_r = r.child("mechanisms", required=False)
    mechanisms = tuple(i.choice(Mechanism) for i in mech_r.items()) if mech_r else ()
    modes_r = r.child("pain_modes", required=False)
    modes = tuple(i.choice(PainMode) for i in modes_r.items()) if modes_r else ()
    status = r.req("status").text()
    if status not in ("published", "derived"):
        raise InvalidProtocol(f"{status!r} is not one of: published, derived", r._join("status"))
    if ("mean_days" in m) == ("median_days" in m):
        raise InvalidProtocol("give exactly one of mean_days or median_days", r._join("mean_days"))
    if ("sd_days" in m) == ("cv" in m):
        raise InvalidProtocol("give exactly one of sd_days (published) or cv (borrowed spread)", r._join("sd_days"))
    if "cv" in m and "spread_from" not in m:
        raise InvalidProtocol("a borrowed spread (cv) needs `spread_from`: the cohort it comes from", r._join("cv"))
    if status == "derived" and "derivation" not in m:
        raise InvalidProtocol("a derived row needs `derivation`: how its figure was built", r._join("derivation"))
    spread_from = r.child("spread_from", required=False)
    if spread_from is not None and spread_from.text() not in sources:
        raise InvalidProtocol(f"unknown evidence key {spread_from.data!r}", spread_from.path)
    ev = _ev(r, sources)
    if status == "derived" and ev.grade is not EvidenceGrade.PRACTICE_DEFAULT:
        raise InvalidProtocol("a derived row is graded practice-default", r._join("grade"))
    is_mean = "mean_days" in m
    centre = (r.req("mean_days") if is_mean else r.req("median_days")).number(1, 730)
    if "sd_days" in m:
        sd = r.req("sd_days").number(0.1, 730)
        cv = sd / centre
    else:
        cv = r.req("cv").number(0.01, 3)
        sd = cv * centre
    sigma = math.sqrt(math.log(1 + cv**2))
    # A lognormal with this mean and SD (or this median and CV).
    median = centre / math.exp(sigma**2 / 2) if is_mean else centre
    rng_r = r.child("range_days", required=False)
    if rng_r is not None:
        lo, hi = (i.number(0, 730) for i in rng_r.items()) if len(rng_r.items()) == 2 else (None, None)
        if lo is None or hi is None or not lo <= centre <= hi:
            raise InvalidProtocol("range_days is [low, high] around the centre", rng_r.path)
    if "sd_days" in m:
        rng, kind = (centre - sd, centre + sd), "mean ± SD"
    elif rng_r is not None and not is_mean:
        rng, kind = (lo, hi), "95% CI of the median"  # type: ignore[assignment]
    else:
        rng, kind = (centre - sd, centre + sd), f"{'mean' if is_mean else 'median'} ± SD from the borrowed CV"
    word = "mean" if is_mean else "median"
    spread = f" ± {sd:g}" if "sd_days" in m else f" (CV {cv:g} from {spread_from.data if spread_from else ''})"
    pop = r.child("population", required=False)
    der = r.child("derivation", required=False)
    return PriorRow(
        id=r.req("id").text(), label=r.req("label").text(), programme=programme, median_days=median, sigma=sigma,
        evidence=ev, status=status, centre=f"{word} {centre:g} days{spread}", centre_days=centre,
        range_days=(round(rng[0], 1), round(rng[1], 1)), range_kind=kind, grades=grades, mechanisms=mechanisms,
        pain_modes=modes, population=pop.text() if pop else "", derivation=der.text() if der else "",
        spread_from=spread_from.text() if spread_from else "",
    )  # fmt: skip


def _model(r: _Reader, sources: Mapping[str, str]) -> ModelSettings:
    r.unknown_keys({
        "samples", "seed", "pace_share", "prior_weight_days", "pseudo_days", "near_miss_credit",
        "setback_window_days", "setback_days_each", "deload_days_each", "source", "grade", "note",
        "phase_shares", "phase_shares_note",
    })  # fmt: skip
    shares_r = r.child("phase_shares", required=False)
    shares = tuple(x.number(0.001, 1) for x in shares_r.items()) if shares_r else ()
    if shares and abs(sum(shares) - 1) > 0.005:
        raise InvalidProtocol(f"phase shares add up to {sum(shares):g}, not 1", r._join("phase_shares"))
    return ModelSettings(
        samples=r.req("samples").integer(100, 100_000), seed=r.req("seed").integer(0, 2**31),
        pace_share=r.req("pace_share").number(0, 1), prior_weight_days=r.req("prior_weight_days").number(0.5, 365),
        pseudo_days=r.req("pseudo_days").number(0.5, 60), near_miss_credit=r.req("near_miss_credit").number(0, 1),
        setback_window_days=r.req("setback_window_days").integer(0, 365),
        setback_days_each=r.req("setback_days_each").number(0, 30), evidence=_ev(r, sources), phase_shares=shares,
        deload_days_each=r.req("deload_days_each").number(0, 30),
    )  # fmt: skip


def _risk(r: _Reader, sources: Mapping[str, str]) -> RiskFactor:
    r.unknown_keys({"id", "kind", "threshold", "label", "effect", "value", "ci", "source", "grade", "context", "note"})
    kind_r = r.req("kind")
    kind = kind_r.text()
    if kind not in RISK_KINDS:
        raise InvalidProtocol(f"{kind!r} is not one of: {', '.join(RISK_KINDS)}", kind_r.path)
    thr = r.child("threshold", required=RISK_KINDS[kind])
    effect = r.req("effect").text()
    if effect not in ("RR", "OR", "SMD"):
        raise InvalidProtocol(f"{effect!r} is not one of: RR, OR, SMD", r._join("effect"))
    ci_r = r.child("ci", required=False)
    ci = tuple(i.number(0, 1000) for i in ci_r.items()) if ci_r else None
    if ci is not None and len(ci) != 2:
        raise InvalidProtocol("ci is [low, high]", r._join("ci"))
    return RiskFactor(
        id=r.req("id").text(), kind=kind, label=r.req("label").text(), effect=effect,
        value=r.req("value").number(0, 1000), evidence=_ev(r, sources), context=r.req("context").text(),
        threshold=thr.number() if thr else None, ci=(ci[0], ci[1]) if ci else None,
    )  # fmt: skip


_DRIFT = {"injured": ("drop_more_than", "below"), "lsi": ("below",), "best": ("below_pct_of_clearance",)}


def _drift(r: _Reader, sources: Mapping[str, str]) -> DriftRule:
    r.unknown_keys({"id", "label", "measure", "statistic", "rule", "margin", "window_days", "source", "grade", "note"})
    m = r.req("measure")
    if m.text() not in MEASURES:
        raise InvalidProtocol(f"unknown measure {m.data!r}", m.path)
    stat_r = r.req("statistic")
    stat = stat_r.text()
    if stat not in _DRIFT:
        raise InvalidProtocol(f"{stat!r} is not one of: {', '.join(_DRIFT)}", stat_r.path)
    if stat in ("injured", "lsi") and not MEASURES[m.text()].bilateral:
        raise InvalidProtocol(f"{stat} needs a per-leg measure; {m.data} is not", stat_r.path)
    rule_r = r.req("rule")
    if rule_r.text() not in _DRIFT[stat]:
        raise InvalidProtocol(f"{rule_r.data!r} does not apply to {stat}; use: {', '.join(_DRIFT[stat])}", rule_r.path)
    window = r.child("window_days", required=False)
    return DriftRule(
        id=r.req("id").text(), label=r.req("label").text(), measure=m.text(), statistic=stat, rule=rule_r.text(),
        margin=r.req("margin").number(0, 10_000), evidence=_ev(r, sources),
        window_days=window.integer(1, 365) if window else 14,
    )  # fmt: skip


def _monitoring(r: _Reader, sources: Mapping[str, str]) -> Monitoring:
    r.unknown_keys({
        "interval_months", "horizon_months", "grace_days", "clearance_window_days", "source", "grade", "note", "drift",
    })  # fmt: skip
    drift = tuple(_drift(d, sources) for d in r.req("drift").items())
    ids = [d.id for d in drift]
    if len(ids) != len(set(ids)):
        raise InvalidProtocol("drift rule ids must be unique", r._join("drift"))
    return Monitoring(
        interval_months=r.req("interval_months").integer(1, 24), horizon_months=r.req("horizon_months").integer(1, 120),
        grace_days=r.req("grace_days").integer(0, 90),
        clearance_window_days=r.req("clearance_window_days").integer(1, 365), evidence=_ev(r, sources), drift=drift,
    )  # fmt: skip


def parse_forecast_config(data: Any) -> ForecastConfig:
    """Validate the forecast data mapping; raise InvalidProtocol naming the field."""
    root = _Reader(data, "")
    root.unknown_keys(
        {"version", "sources", "default_programme", "programmes", "model", "reinjury_factors", "monitoring"}
    )
    src_r = root.req("sources")
    sources = {str(k): _Reader(v, src_r._join(str(k))).text() for k, v in src_r.mapping().items()}
    progs: dict[str, Programme] = {}
    seen: set[str] = set()
    pr = root.req("programmes")
    for key in pr.mapping():
        p = pr.req(str(key))
        p.unknown_keys({"name", "rows"})
        rows = tuple(_row(row, str(key), sources) for row in p.req("rows").items())
        for i, row in enumerate(rows):
            if row.id in seen:
                raise InvalidProtocol(f"duplicate row id {row.id!r}", p._join("rows") + f"[{i}].id")
            seen.add(row.id)
        if not rows:
            raise InvalidProtocol("a programme needs at least one row", p._join("rows"))
        progs[str(key)] = Programme(str(key), p.req("name").text(), rows)
    default = root.req("default_programme")
    if default.text() not in progs:
        raise InvalidProtocol(f"unknown programme {default.data!r}", default.path)
    risk_r = root.child("reinjury_factors", required=False)
    mon_r = root.child("monitoring", required=False)
    return ForecastConfig(
        version=str(root.req("version").data),
        sources=sources,
        default_programme=default.text(),
        programmes=progs,
        model=_model(root.req("model"), sources),
        risk_factors=tuple(_risk(f, sources) for f in risk_r.items()) if risk_r else (),
        monitoring=_monitoring(mon_r, sources) if mon_r else None,
    )
