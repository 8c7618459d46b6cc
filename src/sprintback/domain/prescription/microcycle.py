"""Day types for a microcycle: which available days are hard, easy or rest.

Hard days are never adjacent, counting Sunday→Monday, so a week's high-speed running can never
fall on consecutive days even when the same pattern repeats the next week.
"""

from __future__ import annotations

from itertools import combinations


def choose_hard_days(available: tuple[int, ...], wanted: int) -> tuple[int, ...]:
    """Weekday numbers (0 = Monday) for hard days: none adjacent, Sunday→Monday included; as evenly
    spread as possible; ties go to the earliest days. Fewer than `wanted` when they cannot fit."""
    days = sorted(set(available))
    for k in range(min(wanted, len(days)), 0, -1):
        best: tuple[int, ...] | None = None
        best_gap = -1
        for combo in combinations(days, k):
            gaps = [(combo[(i + 1) % k] - combo[i]) % 7 or 7 for i in range(k)]
            if min(gaps) < 2:
                continue
            if min(gaps) > best_gap:
                best, best_gap = combo, min(gaps)
        if best is not None:
            return best
    return ()


def choose_rest_days(training: set[int], hard: set[int], min_rest: int) -> set[int]:
    """Turn easy days into rest until at least `min_rest` days rest: each time the easy day that
    most shortens the longest run of training days; ties go to the later day (end of the week)."""
    rest: set[int] = set()
    while 7 - len(training - rest) < min_rest:
        candidates = sorted(training - hard - rest)
        if not candidates:
            break
        best = min(candidates, key=lambda d: (_longest_streak(training - rest - {d}), -d))
        rest.add(best)
    return rest


def _longest_streak(days: set[int]) -> int:
    if len(days) == 7:
        return 7
    best = 0
    for start in range(7):
        n = 0
        while n < 7 and (start + n) % 7 in days:
            n += 1
        best = max(best, n)
    return best
