"""The case: athlete, injury, dated measurements, daily check-ins and completed sessions.

Plain frozen dataclasses. Validation of ranges happens once, in `Case.validate()`, so every face
(case file, API, telemetry import) gets the same errors with the same field paths.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from sprintback.domain.errors import InvalidCase
from sprintback.domain.measures import MEASURES, measure


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


class Mechanism(StrEnum):
    """Injury mechanism: stretch-type injuries take longer to return (askling2013)."""

    SPRINT = "sprint"
    STRETCH = "stretch"
    OTHER = "other"


class PainMode(StrEnum):
    """Exercise pain allowance: up to 4/10 (hickey2020 threshold arm) or 0/10 (pain-free arm)."""

    THRESHOLD = "threshold"
    PAIN_FREE = "pain_free"


class SessionKind(StrEnum):
    REHAB = "rehab"
    STRENGTH = "strength"
    RUN = "run"
    SPRINT = "sprint"
    # Graded team exposure (Aspetar protocol: light → in-between → heavy football training sessions);
    # TEAM is a full, unrestricted ("heavy") team session.
    TEAM_LIGHT = "team_light"
    TEAM_MODERATE = "team_moderate"
    TEAM = "team"
    # A sport-specific field session at maximal intensity under fatigue (zambaldi2017, round 2: 100%).
    SPORT_SPECIFIC = "sport_specific"
    MATCH = "match"
    OTHER = "other"


class IntakeSign(StrEnum):
    """Findings at intake that suggest a proximal avulsion or tendon injury needing a surgical opinion
    (protocol-audit §2.1-7: acute repair gives quicker return and fewer re-ruptures)."""

    FREE_TENDON = "free_tendon"  # imaging: free tendon end
    LOSS_OF_TENSION = "loss_of_tension"  # imaging: loss of tendon tension (pollock2022)
    TENDON_RETRACTION = "tendon_retraction"  # imaging: intratendinous ('c') injury with retraction
    PALPABLE_GAP = "palpable_gap"
    EXTENSIVE_BRUISING = "extensive_bruising"
    SITTING_PAIN = "sitting_pain"  # pain sitting on the ischium
    POP_AT_ISCHIUM = "pop_at_ischium"  # a felt or heard "pop" high in the buttock at injury
    SCIATIC_SYMPTOMS = "sciatic_symptoms"


_GRADE = re.compile(r"^([0-4])([abc])?$")


@dataclass(frozen=True, order=True)
class BamicGrade:
    """British Athletics Muscle Injury Classification (pollock2014): 0-4 and site a/b/c."""

    number: int
    site: str | None = None  # a = myofascial, b = musculotendinous, c = intratendinous

    @classmethod
    def parse(cls, text: str, field: str = "injury.grade") -> BamicGrade:
        m = _GRADE.match(str(text).strip().lower())
        if not m:
            raise InvalidCase(f"{text!r} is not a BAMIC grade (0-4 with optional a/b/c, e.g. '2b')", field)
        return cls(int(m.group(1)), m.group(2))

    @property
    def intratendinous(self) -> bool:
        return self.site == "c"

    def __str__(self) -> str:
        return f"{self.number}{self.site or ''}"


@dataclass(frozen=True)
class Athlete:
    id: str
    name: str
    sport: str | None = None
    position: str | None = None
    # Pre-injury values by measure kind (e.g. max_speed_m_s, nordic_force_n per leg as "nordic_force_n.left").
    baselines: Mapping[str, float] = field(default_factory=dict)
    birth_year: int | None = None  # for the reinjury risk profile (green2020: older age); None = not recorded

    def baseline(self, kind: str, side: Side | None = None) -> float | None:
        if side is not None and f"{kind}.{side.value}" in self.baselines:
            return self.baselines[f"{kind}.{side.value}"]
        return self.baselines.get(kind)


@dataclass(frozen=True)
class Injury:
    date: date
    side: Side
    grade: BamicGrade
    mechanism: Mechanism = Mechanism.OTHER
    muscle: str = "biceps_femoris_long_head"
    previous_hsi: int = 0  # previous hamstring strains on either side
    recent_hsi: bool = False  # a previous HSI within the last 12 months (green2020: RR 4.8)
    notes: str = ""
    # A physician has reviewed this injury after a referral: rehab goes on from that date, and
    # red flags raised before it no longer block (new ones still do).
    physician_review_on: dt.date | None = None
    # Other injury history for the reinjury risk profile (green2020: ACL RR 1.7, calf RR 1.5); None = not asked.
    previous_acl: bool | None = None
    previous_calf_strain: bool | None = None
    # What the intake examination or imaging found (IntakeSign); empty when nothing was recorded.
    intake_signs: tuple[IntakeSign, ...] = ()


@dataclass(frozen=True)
class Measurement:
    date: date
    kind: str
    value: float
    side: Side | None = None
    pain: float | None = None  # pain (NRS 0-10) felt during the test itself
    note: str = ""


@dataclass(frozen=True)
class CheckIn:
    """The athlete's daily check-in. Any field may be missing; missing never counts as "fine"."""

    date: date
    pain_rest: float | None = None
    pain_walking: float | None = None
    pain_exercise: float | None = None
    pain_next_morning: float | None = None
    soreness: float | None = None
    sleep_hours: float | None = None
    night_pain: bool = False
    note: str = ""

    MEASURE_FIELDS = (
        "pain_rest",
        "pain_walking",
        "pain_exercise",
        "pain_next_morning",
        "soreness",
        "sleep_hours",
    )


@dataclass(frozen=True)
class SessionLog:
    date: date
    kind: SessionKind
    minutes: float
    rpe: float | None = None  # CR-10 session RPE (foster1998)
    pain_during: float | None = None
    top_speed_pct: float | None = None  # % of the athlete's max speed reached
    top_speed_m_s: float | None = None
    completed: bool = True
    note: str = ""

    @property
    def load_au(self) -> float | None:
        """Session load = sRPE × minutes (foster1998)."""
        return None if self.rpe is None else self.rpe * self.minutes


@dataclass(frozen=True)
class Observation:
    """One dated value of one measure kind, whatever it came from (test, check-in or session)."""

    date: date
    kind: str
    value: float
    side: Side | None = None
    pain: float | None = None
    origin: str = "measurement"  # measurement | checkin | session


@dataclass(frozen=True)
class Case:
    athlete: Athlete
    injury: Injury
    measurements: tuple[Measurement, ...] = ()
    checkins: tuple[CheckIn, ...] = ()
    sessions: tuple[SessionLog, ...] = ()
    pain_mode: PainMode | None = None  # None: the protocol's default

    def validate(self) -> Case:
        """Check every value against its measure kind; raise InvalidCase with the field path."""
        for i, m in enumerate(self.measurements):
            check_measurement(m, f"measurements[{i}]")
            if m.date < self.injury.date:
                raise InvalidCase(
                    f"{m.date} is before the injury date {self.injury.date}; put pre-injury values in "
                    "athlete.baselines",
                    f"measurements[{i}].date",
                )
        for i, c in enumerate(self.checkins):
            for name in CheckIn.MEASURE_FIELDS:
                v = getattr(c, name)
                if v is not None:
                    MEASURES[name].check(v, f"checkins[{i}].{name}")
        for i, s in enumerate(self.sessions):
            if not 0 <= s.minutes <= 600:
                raise InvalidCase(f"{s.minutes:g} is outside 0–600 min", f"sessions[{i}].minutes")
            for name, kind_key in (("rpe", "session_rpe"), ("pain_during", "pain_exercise")):
                v = getattr(s, name)
                if v is not None:
                    MEASURES[kind_key].check(v, f"sessions[{i}].{name}")
            if s.top_speed_pct is not None:
                MEASURES["run_pain_free_pct"].check(s.top_speed_pct, f"sessions[{i}].top_speed_pct")
            if s.top_speed_m_s is not None:
                MEASURES["max_speed_m_s"].check(s.top_speed_m_s, f"sessions[{i}].top_speed_m_s")
        for key, v in self.athlete.baselines.items():
            kind_key = key.split(".", 1)[0]
            measure(kind_key, f"athlete.baselines.{key}").check(v, f"athlete.baselines.{key}")
        return self

    def observations(self, until: date) -> Iterator[Observation]:
        """Everything known on or before `until`, in date order (stable within a day)."""
        items: list[Observation] = []
        for m in self.measurements:
            if m.date <= until:
                items.append(Observation(m.date, m.kind, m.value, m.side, m.pain, "measurement"))
        for c in self.checkins:
            if c.date <= until:
                for name in CheckIn.MEASURE_FIELDS:
                    v = getattr(c, name)
                    if v is not None:
                        items.append(Observation(c.date, name, v, None, None, "checkin"))
        for s in self.sessions:
            if s.date <= until:
                items.extend(_session_observations(s))
        items.sort(key=lambda o: o.date)
        return iter(items)


def check_measurement(m: Measurement, path: str) -> None:
    """A known kind, a value in its range, a side for per-leg kinds, test pain 0-10; errors name `path.field`.
    The one rule for a measurement, whether it comes from a case file, the API or a telemetry import."""
    kind = measure(m.kind, f"{path}.kind")
    kind.check(m.value, f"{path}.value")
    if kind.bilateral and m.side is None:
        raise InvalidCase(f"{m.kind} is measured per leg: give side left or right", f"{path}.side")
    if m.pain is not None:
        MEASURES["pain_exercise"].check(m.pain, f"{path}.pain")


def _session_observations(s: SessionLog) -> list[Observation]:
    out: list[Observation] = []
    if s.pain_during is not None:
        out.append(Observation(s.date, "pain_exercise", s.pain_during, origin="session"))
    if s.rpe is not None:
        out.append(Observation(s.date, "session_rpe", s.rpe, origin="session"))
    if s.top_speed_m_s is not None:
        out.append(Observation(s.date, "max_speed_m_s", s.top_speed_m_s, pain=s.pain_during, origin="session"))
    if s.kind in (SessionKind.RUN, SessionKind.SPRINT) and s.top_speed_pct is not None and s.completed:
        # A run counts towards the pain-free intensity only with its pain recorded; the
        # criteria compare that pain with the pain rule in force.
        out.append(Observation(s.date, "run_pain_free_pct", s.top_speed_pct, pain=s.pain_during, origin="session"))
    if s.kind in (SessionKind.TEAM, SessionKind.MATCH) and s.completed:
        out.append(Observation(s.date, "team_sessions_full", 1, pain=s.pain_during, origin="session"))
    exposure = _EXPOSURE_MEASURE.get(s.kind)
    if exposure is not None and s.completed:
        out.append(Observation(s.date, exposure, 1, pain=s.pain_during, origin="session"))
    return out


# Completed sessions that count towards the graded return to team training (one observation each).
_EXPOSURE_MEASURE = {
    SessionKind.TEAM_LIGHT: "team_sessions_light",
    SessionKind.TEAM_MODERATE: "team_sessions_moderate",
    SessionKind.SPORT_SPECIFIC: "sport_specific_sessions",
}
