"""Plain, obviously-correct versions of the engine's indexed look-ups, kept as the reference the fast ones
must agree with: every answer is a fresh scan of every observation, so a replay is quadratic in its days."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable, Sequence
from datetime import date, timedelta

from sprintback.domain.criteria import ObservationIndex
from sprintback.domain.models import Observation, Side


class PlainObservationIndex(ObservationIndex):
    """Same questions as ObservationIndex, answered by scanning the whole list each time."""

    def __init__(self, observations: Iterable[Observation]) -> None:
        self._all = sorted(observations, key=lambda o: o.date)

    def upto(self, kind: str, side: Side | None, as_of: date, since: date | None = None) -> Sequence[Observation]:
        lo = since or date.min
        return [o for o in self._all if o.kind == kind and o.side == side and lo <= o.date <= as_of]

    def latest(self, kind: str, side: Side | None, as_of: date) -> Observation | None:
        items = self.upto(kind, side, as_of)
        return items[-1] if items else None

    def tally(
        self,
        kind: str,
        side: Side | None,
        as_of: date,
        since: date | None,
        name: Hashable,
        usable: Callable[[Observation], bool],
        meets: Callable[[Observation], bool],
    ) -> tuple[int, int, int]:
        items = [o for o in self.upto(kind, side, as_of, since) if usable(o)]
        run = 0
        for o in reversed(items):
            if not meets(o):
                break
            run += 1
        return len(items), sum(1 for o in items if meets(o)), run


def plain_pain_rising(index: ObservationIndex, as_of: date, days: int, since: date) -> tuple[bool, str]:
    """The rising-pain red flag over the whole history, as first written."""
    for kind in ("pain_walking", "pain_rest"):
        by_day = {o.date: o.value for o in index.upto(kind, None, as_of, since)}
        values = [by_day.get(as_of - timedelta(days=k)) for k in range(days, -1, -1)]
        if all(v is not None for v in values) and all(b > a for a, b in itertools.pairwise(values)):  # type: ignore[operator]
            shown = " → ".join(f"{v:g}" for v in values if v is not None)
            return True, f"{kind}: {shown}"
    return False, ""
