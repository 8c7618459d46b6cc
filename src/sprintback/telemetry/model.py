"""The typed in-memory model every reader yields and every metric reads.

A reader turns one file into `RecordedSession`s: a time series (`Trace`, NumPy arrays with units) and/or
a vendor summary (Catapult) and/or strength tests (NordBord). Metrics are computed on this model only,
never on a vendor format (the kloppy habit: one reader per provider, one model).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import numpy.typing as npt

from sprintback.domain.models import Side

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]

# Physical ceiling for human running speed: above any recorded sprint (~12.4 m/s peak, Bolt 2009).
# Also the maximum of the `max_speed_m_s` measure kind, so the two never disagree.
MAX_HUMAN_SPEED_M_S = 12.5

# Channel name → unit. Readers must use these names and convert to these units.
CHANNEL_UNITS: dict[str, str] = {
    "speed": "m/s",
    "distance": "m",  # cumulative
    "heart_rate": "bpm",
    "acceleration": "m/s²",
    "latitude": "deg",
    "longitude": "deg",
    "altitude": "m",
    "player_load": "au",  # cumulative Catapult PlayerLoad
    "hdop": "1",
    "satellites": "count",
    "quality": "%",  # Catapult positional quality
    "cadence": "steps/min",  # already doubled from FIT strides/min
    "stance_time": "ms",  # ground contact time
    "stance_time_balance": "%",  # left foot's share of ground contact time
    "stance_time_percent": "%",
    "vertical_oscillation": "mm",
    "vertical_ratio": "%",
    "step_length": "mm",
    "power": "W",
}


@dataclass(frozen=True)
class Channel:
    values: FloatArray
    unit: str


@dataclass
class Trace:
    """Samples of one session. `time_s` is seconds since `start`; NaN in a channel means "no value"."""

    time_s: FloatArray
    channels: dict[str, Channel] = field(default_factory=dict)
    # Developer (third-party sensor) fields, kept under their own names; never override `channels`.
    developer: dict[str, Channel] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.time_s)
        for name, ch in [*self.channels.items(), *self.developer.items()]:
            if len(ch.values) != n:
                raise ValueError(f"channel {name} has {len(ch.values)} samples, time has {n}")

    def get(self, name: str) -> FloatArray | None:
        ch = self.channels.get(name)
        return None if ch is None else ch.values

    def add(self, name: str, values: npt.ArrayLike) -> None:
        """Add a named channel in its canonical unit (see CHANNEL_UNITS)."""
        self.channels[name] = Channel(np.asarray(values, dtype=np.float64), CHANNEL_UNITS[name])

    def __len__(self) -> int:
        return len(self.time_s)


@dataclass(frozen=True)
class StrengthTest:
    """One bilateral strength test (NordBord, force frame, or manual entry)."""

    date: date
    test: str  # measure kind key, e.g. nordic_force_n
    left: float
    right: float
    unit: str = "N"
    extras: dict[str, float] = field(default_factory=dict)  # torque, impulse, RFD per side when given

    def value(self, side: Side) -> float:
        return self.left if side is Side.LEFT else self.right


@dataclass
class RecordedSession:
    """What one file says about one athlete's session, before any metric is computed."""

    format: str  # fit | catapult | gps10hz | speedcsv | nordbord
    athlete_key: str | None
    date: date | None  # None: the file carries no calendar date (e.g. device-relative FIT time)
    start: datetime | None
    sport: str  # running, cycling, field_sport, strength, …
    trace: Trace | None = None
    summary: dict[str, float | int | str | None] = field(default_factory=dict)
    strength: tuple[StrengthTest, ...] = ()
    # Values the reader refused (impossible) but that did not make the whole file unreadable.
    refused: list[str] = field(default_factory=list)
    # What the reader did that the user must know about, though nothing was refused (e.g. repeated rows).
    warnings: list[str] = field(default_factory=list)
