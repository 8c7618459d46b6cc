"""The plan as plain text an athlete can read on a phone or print for a trip."""

from __future__ import annotations

from sprintback.domain.prescription.catalogue import EQUIPMENT
from sprintback.domain.prescription.plan import WEEKDAY_NAMES, WeekPlan


def plan_as_text(plan: WeekPlan, athlete_name: str = "") -> str:
    kit = ", ".join(EQUIPMENT[e] for e in plan.equipment) or "no equipment (bodyweight and home furniture)"
    out = [
        f"Your week from {plan.week_start:%A %d %B %Y}" + (f", {athlete_name}" if athlete_name else ""),
        f"Phase: {plan.phase}. Equipment: {kit}.",
        "",
    ]
    for day in plan.days:
        head = f"{WEEKDAY_NAMES[day.date.weekday()]} {day.date:%d %b}"
        if not day.sessions:
            out.append(f"{head}: rest" + (" (normal team training)" if day.load.value == "easy" else ""))
            continue
        for s in day.sessions:
            out.append(f"{head}: {s.title}" + (f" — about {s.minutes} min" if s.items else ""))
            if day.adjustment is not None:
                out.append(f"  Why: {day.adjustment.reason.rstrip('.')}. {day.adjustment.rule}")
            for n, item in enumerate(s.items, 1):
                out.append(f"  {n}. {item.name}: {item.describe()}")
                if item.cues:
                    out.append(f"     Tip: {item.cues[0]}")
                if item.substituted_for:
                    out.append(f"     ({item.note.split(';')[0]}.)")
            out.extend(f"  {note}" for note in s.notes)
        out.append("")
    if plan.lessons:
        out.append("Good to know")
        for lesson in plan.lessons:
            out.append(f"- {lesson.title}: {lesson.text}")
    return "\n".join(out).rstrip() + "\n"
