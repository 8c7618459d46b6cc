"""Write a week's sessions as an iCalendar file: one all-day event per session.

Events are all-day (sessions have a date, not a time). UIDs are stable (athlete, date, session
number), so re-importing an updated plan replaces the events instead of duplicating them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar, Event

from sprintback.domain.prescription.plan import DayPlan, Session, WeekPlan


def session_description(day: DayPlan, session: Session) -> str:
    lines: list[str] = []
    if day.adjustment is not None:
        a = day.adjustment
        # A plan shaped for a coach has no decision nor reason (services.field_policy): say only what changed.
        lines.append(f"Changed today ({a.decision}): {a.reason}" if a.reason else "Changed today:")
        lines.append(f"Rule: {a.rule} [{a.evidence.source}, {a.evidence.grade.value}]")
        lines.extend(f"  - {c}" for c in a.changes)
        lines.append("")
    for n, item in enumerate(session.items, 1):
        lines.append(f"{n}. {item.name}: {item.describe()}")
        if item.substituted_for:
            lines.append(f"   ({item.note})")
    lines.extend(session.notes)
    if session.items:
        lines.append(f"About {session.minutes} min.")
    return "\n".join(lines)


def plan_to_ics(plan: WeekPlan, athlete_id: str, athlete_name: str, stamp: datetime) -> bytes:
    """The calendar as bytes. `stamp` (DTSTAMP) is passed in: the faces read the clock."""
    cal = Calendar()
    cal.add("prodid", "-//Sprintback//hamstring rehabilitation plan//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Sprintback: {athlete_name}")
    for day in plan.days:
        for n, session in enumerate(day.sessions, 1):
            event = Event()
            event.add("uid", f"{athlete_id}-{day.date.isoformat()}-{n}@sprintback")
            event.add("dtstamp", stamp)
            event.add("dtstart", day.date)
            event.add("dtend", day.date + timedelta(days=1))
            event.add(
                "summary",
                f"{session.title}"
                + (f" ({day.adjustment.decision})" if day.adjustment and day.adjustment.decision else ""),
            )
            event.add("description", session_description(day, session))
            event.add("categories", [plan.phase, day.load.value])
            cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
