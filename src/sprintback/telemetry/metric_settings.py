"""The thresholds and cleaning limits every session metric uses; stored with each imported session."""

from __future__ import annotations

from dataclasses import dataclass

from sprintback.telemetry.model import MAX_HUMAN_SPEED_M_S


@dataclass(frozen=True)
class MetricSettings:
    """Thresholds; stored with every session's metrics so a number can always be re-read in context.

    Speed thresholds 5.5 / 7.0 m/s (19.8 / 25.2 km/h) are the usual football GPS high-speed-running and
    sprinting bands (practice-default); % bands are relative to the athlete's own max (hickey2020-running,
    malone2017). Data-quality limits are technical, not clinical: see docs/telemetry.md.
    """

    hsr_m_s: float = 5.5
    sprint_m_s: float = 7.0
    sprint_exit_m_s: float = 6.5
    min_sprint_s: float = 1.0
    accel_m_s2: float = 3.0
    accel_exit_m_s2: float = 2.0
    min_accel_s: float = 0.5
    smoothing_s: float = 0.5
    max_speed_m_s: float = MAX_HUMAN_SPEED_M_S
    max_hdop: float = 5.0
    min_quality: float = 50.0
    min_satellites: float = 4.0
    max_gap_s: float = 5.0
    # Heart rate is averaged over time; smart recording (Garmin) leaves up to ~10 s between records when
    # little changes, so HR bridges gaps up to this long (a pause or a lost strap is longer).
    hr_max_gap_s: float = 30.0
    athlete_max_speed_m_s: float | None = None
    pct_of_max: float = 90.0  # distance above this % of the athlete's max speed
    # Body height (m) and mass (kg), when known: the sprint profile's air friction (sprint_profile.py).
    height_m: float | None = None
    mass_kg: float | None = None


DEFAULT_SETTINGS = MetricSettings()
