"""Typed measure kinds: unit, valid range, direction, and whether they are taken per leg.

A measure kind is the vocabulary shared by case files, protocols, telemetry readers and the API.
Adding a kind here is all it takes for every face to accept it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from sprintback.domain.errors import InvalidCase


class Direction(StrEnum):
    """Which way is better: used for LSI orientation and for "improvement"."""

    HIGHER = "higher"
    LOWER = "lower"
    TARGET = "target"  # closest to `target` is best (e.g. 50 % ground-contact balance)


@dataclass(frozen=True)
class MeasureKind:
    key: str
    label: str
    unit: str
    minimum: float
    maximum: float
    direction: Direction
    bilateral: bool = False
    target: float | None = None
    description: str = ""

    @property
    def higher_is_better(self) -> bool:
        return self.direction is Direction.HIGHER

    def check(self, value: float, field: str) -> None:
        """Raise InvalidCase naming `field` when `value` is outside the valid range."""
        if value != value:  # NaN is never a measurement
            raise InvalidCase(f"NaN is not a valid value for {self.key}", field)
        if not self.minimum <= value <= self.maximum:
            raise InvalidCase(
                f"{_fmt(value)} is outside {_fmt(self.minimum)}–{_fmt(self.maximum)} {self.unit} for {self.key}",
                field,
            )

    def is_improvement(self, old: float, new: float) -> bool:
        if self.direction is Direction.HIGHER:
            return new > old
        if self.direction is Direction.LOWER:
            return new < old
        assert self.target is not None
        return abs(new - self.target) < abs(old - self.target)


def _fmt(x: float) -> str:
    return f"{x:g}"


def _pain(key: str, label: str, description: str) -> MeasureKind:
    return MeasureKind(key, label, "NRS 0-10", 0, 10, Direction.LOWER, description=description)


_KINDS: tuple[MeasureKind, ...] = (
    # Pain, numeric rating scale 0-10 (lower is better).
    _pain("pain_rest", "Pain at rest", "Resting pain, NRS 0-10."),
    _pain("pain_walking", "Pain walking", "Pain during normal-stride walking, NRS 0-10."),
    _pain("pain_exercise", "Pain during exercise", "Highest pain during the day's rehab exercise, NRS 0-10."),
    _pain("pain_next_morning", "Next-morning pain", "Pain on waking the day after loading, NRS 0-10."),
    _pain("pain_slow_jog", "Pain on very slow jog", "Pain during a very low-speed jog, NRS 0-10."),
    _pain("pain_max_sprint", "Pain on maximal sprint", "Pain during a maximal-speed sprint, NRS 0-10."),
    _pain("palpation_pain", "Pain on palpation", "Pain when the injured site is palpated, NRS 0-10."),
    _pain("soreness", "Muscle soreness", "General hamstring soreness on waking, NRS 0-10."),
    _pain(
        "pain_change_of_direction",
        "Pain on change of direction",
        "Pain during planned and unplanned cutting at full speed, NRS 0-10.",
    ),
    # Range of motion (degrees, higher is better, per leg).
    MeasureKind(
        "ake_deg",
        "Active knee extension",
        "deg",
        0,
        110,
        Direction.HIGHER,
        bilateral=True,
        description="Knee extension reached from the 90/90 hip-knee start (0 = still at 90° flexion).",
    ),
    MeasureKind(
        "pslr_deg",
        "Passive straight-leg raise",
        "deg",
        0,
        150,
        Direction.HIGHER,
        bilateral=True,
        description="Hip flexion angle of the passive straight-leg raise.",
    ),
    # Strength (per leg).
    MeasureKind(
        "iso_90_90_n",
        "Isometric knee flexion 90/90",
        "N",
        0,
        1500,
        Direction.HIGHER,
        bilateral=True,
        description="Isometric knee-flexor force with hip and knee at 90°; `pain` records pain during the test.",
    ),
    MeasureKind(
        "iso_0_15_n",
        "Isometric knee flexion 0-15°",
        "N",
        0,
        1500,
        Direction.HIGHER,
        bilateral=True,
        description="Isometric knee-flexor force near full extension (0-15° knee flexion).",
    ),
    MeasureKind(
        "nordic_force_n",
        "Nordic eccentric force",
        "N",
        0,
        1200,
        Direction.HIGHER,
        bilateral=True,
        description="Peak eccentric knee-flexor force per leg in the Nordic exercise (e.g. NordBord).",
    ),
    MeasureKind(
        "single_leg_bridge_reps",
        "Single-leg bridge",
        "reps",
        0,
        150,
        Direction.HIGHER,
        bilateral=True,
        description="Single-leg bridge repetitions to failure.",
    ),
    MeasureKind(
        "single_leg_hop_cm",
        "Single-leg hop distance",
        "cm",
        0,
        400,
        Direction.HIGHER,
        bilateral=True,
        description="Single-leg hop for distance.",
    ),
    MeasureKind(
        "single_leg_balance_s",
        "Single-leg stability",
        "s",
        0,
        300,
        Direction.HIGHER,
        bilateral=True,
        description="Single-leg stance time without loss of balance.",
    ),
    # Speed.
    MeasureKind("sprint_10m_s", "10 m sprint time", "s", 1, 10, Direction.LOWER),
    MeasureKind("sprint_20m_s", "20 m sprint time", "s", 2, 15, Direction.LOWER),
    MeasureKind("sprint_30m_s", "30 m sprint time", "s", 3, 20, Direction.LOWER),
    MeasureKind(
        "max_speed_m_s",
        "Maximal running speed",
        "m/s",
        0,
        12.5,
        Direction.HIGHER,
        description="Highest speed reached (GPS or timing); 12.5 m/s is above any human sprint.",
    ),
    MeasureKind(
        "run_pain_free_pct",
        "Pain-free running intensity",
        "% max speed",
        0,
        110,
        Direction.HIGHER,
        description="Highest running intensity completed without pain above the pain rule, % of max speed.",
    ),
    MeasureKind(
        "gct_balance_left_pct",
        "Ground-contact-time balance (left share)",
        "%",
        0,
        100,
        Direction.TARGET,
        target=50.0,
        description="Left foot's share of ground contact time (Garmin stance_time_balance).",
    ),
    MeasureKind(
        "walking_cadence_spm",
        "Walking cadence",
        "steps/min",
        0,
        220,
        Direction.HIGHER,
        description="Walking steps per minute.",
    ),
    MeasureKind(
        "h_test_insecurity",
        "H-test insecurity",
        "VAS 0-100",
        0,
        100,
        Direction.LOWER,
        description="Askling H-test: insecurity/apprehension during active ballistic hip flexion, 0-100.",
    ),
    MeasureKind(
        "team_sessions_full",
        "Full team sessions completed",
        "sessions",
        0,
        1000,
        Direction.HIGHER,
        description="Count of full, unrestricted team training sessions completed since injury.",
    ),
    MeasureKind(
        "team_sessions_light",
        "Light team sessions completed",
        "sessions",
        0,
        1000,
        Direction.HIGHER,
        description="Light (restricted) team training sessions completed (session kind team_light).",
    ),
    MeasureKind(
        "team_sessions_moderate",
        "In-between team sessions completed",
        "sessions",
        0,
        1000,
        Direction.HIGHER,
        description="Moderate, partly restricted team training sessions completed (session kind team_moderate).",
    ),
    MeasureKind(
        "sport_specific_sessions",
        "Sport-specific sessions at maximal intensity under fatigue",
        "sessions",
        0,
        1000,
        Direction.HIGHER,
        description="Sport-specific field sessions at maximal intensity, under fatigue (session kind sport_specific).",
    ),
    MeasureKind(
        "athlete_ready",
        "Athlete reports readiness",
        "yes=1/no=0",
        0,
        1,
        Direction.HIGHER,
        description="Psychological readiness and confidence to return, as the athlete states it.",
    ),
    MeasureKind(
        "bflh_fascicle_cm",
        "Biceps femoris long-head fascicle length",
        "cm",
        2,
        20,
        Direction.HIGHER,
        bilateral=True,
        description="Ultrasound fascicle length; < 10.56 cm carried RR 4.1 for HSI (timmins2016): a risk flag only.",
    ),
    MeasureKind("sleep_hours", "Sleep", "h", 0, 24, Direction.HIGHER, description="Hours slept last night."),
    MeasureKind("session_rpe", "Session RPE", "CR-10", 0, 10, Direction.LOWER, description="Session RPE, CR-10."),
)


def _strength_extras() -> tuple[MeasureKind, ...]:
    """Torque, impulse and rate of force development of each bilateral strength test, per leg, as a
    NordBord or force frame reports them next to peak force. Ranges are plausibility limits of the devices'
    outputs, not clinical thresholds."""
    tests = (("nordic", "Nordic"), ("iso_90_90", "Isometric knee flexion 90/90"), ("iso_0_15", "Isometric 0-15°"))
    extras = (
        ("torque_nm", "peak torque", "N·m", 2000.0, "Peak knee-flexor torque (force × lever arm)."),
        ("impulse_ns", "impulse", "N·s", 20000.0, "Force-time integral of the repetition."),
        ("rfd_n_s", "rate of force development", "N/s", 50000.0, "Rate of force development."),
    )
    return tuple(
        MeasureKind(f"{test}_{key}", f"{label} {what}", unit, 0, hi, Direction.HIGHER, bilateral=True, description=d)
        for test, label in tests
        for key, what, unit, hi, d in extras
    )


_KINDS = _KINDS + _strength_extras()
MEASURES: Mapping[str, MeasureKind] = {k.key: k for k in _KINDS}


def measure(key: str, field: str = "kind") -> MeasureKind:
    """Look up a measure kind, or raise InvalidCase naming the field and the known kinds."""
    try:
        return MEASURES[key]
    except KeyError:
        raise InvalidCase(f"unknown measure kind {key!r}; known: {', '.join(sorted(MEASURES))}", field) from None
