"""Prescription: the exercise catalogue, dose rules, running stages, the weekly planner,
autoregulation, equipment substitution and maintenance after clearance. Pure: no I/O, no clock."""

from sprintback.domain.prescription.catalogue import (
    DEFAULT_PHASE_IDS,
    EQUIPMENT,
    QUALITIES,
    Catalogue,
    Exercise,
)
from sprintback.domain.prescription.library import PrescriptionLibrary, build_library
from sprintback.domain.prescription.plan import WEEKDAYS, DayLoad, DayPlan, PrescribedItem, Session, WeekPlan
from sprintback.domain.prescription.planner import DayDecision, PlanRequest, plan_week

__all__ = [
    "DEFAULT_PHASE_IDS",
    "EQUIPMENT",
    "QUALITIES",
    "WEEKDAYS",
    "Catalogue",
    "DayDecision",
    "DayLoad",
    "DayPlan",
    "Exercise",
    "PlanRequest",
    "PrescribedItem",
    "PrescriptionLibrary",
    "Session",
    "WeekPlan",
    "build_library",
    "plan_week",
]
