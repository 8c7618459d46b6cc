"""The access-rule table: every API route, and what it does in terms of the access policy.

A route that is not in this table is refused (403) by the guard, and fails the authorisation matrix
test, which walks `app.routes`: adding a route means deciding its rule here. The rule names the
action the route's service authorises (`services.access.authorize` is the one check), and how the
target athlete is named, so the test can try every role on its own and on another athlete.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sprintback.services.access import Action

AthleteFrom = Literal["path", "job"] | None


@dataclass(frozen=True)
class Rule:
    action: Action | None  # None: any signed-in user (about themself), or public
    athlete: AthleteFrom = None  # where the target athlete comes from
    public: bool = False


P = "/api/v1"
A = f"{P}/athletes/{{athlete_id}}"

ROUTE_RULES: dict[tuple[str, str], Rule] = {
    ("GET", f"{P}/health"): Rule(None, public=True),
    ("POST", f"{P}/auth/login"): Rule(None, public=True),
    ("POST", f"{P}/auth/logout"): Rule(None),
    ("GET", f"{P}/me"): Rule(None),
    ("GET", f"{P}/measures"): Rule(None),
    # squad and athletes
    ("GET", f"{P}/teams"): Rule(Action.VIEW_ROSTER),
    ("POST", f"{P}/teams"): Rule(Action.MANAGE_USERS),
    ("GET", f"{P}/athletes"): Rule(Action.VIEW_ROSTER),
    ("POST", f"{P}/athletes"): Rule(Action.CREATE_ATHLETE),
    ("GET", A): Rule(Action.VIEW_ROSTER, "path"),
    ("DELETE", A): Rule(Action.ERASE, "path"),
    ("GET", f"{A}/availability"): Rule(Action.VIEW_ROSTER, "path"),
    ("POST", f"{A}/injuries"): Rule(Action.WRITE_CLINICAL, "path"),
    ("GET", f"{A}/evaluation"): Rule(Action.READ_CLINICAL, "path"),
    ("GET", f"{A}/forecast"): Rule(Action.VIEW_ROSTER, "path"),  # dates for all; reasons only with clinical access
    ("GET", f"{A}/alerts"): Rule(Action.READ_CLINICAL, "path"),
    ("GET", f"{A}/fhir"): Rule(Action.READ_CLINICAL, "path"),
    ("POST", f"{A}/clearances"): Rule(Action.CLEAR_RETURN, "path"),
    ("GET", f"{A}/plan"): Rule(Action.READ_TRAINING, "path"),
    ("GET", f"{A}/plan.ics"): Rule(Action.READ_TRAINING, "path"),
    # dated records
    ("GET", f"{A}/measurements"): Rule(Action.READ_CLINICAL, "path"),
    ("POST", f"{A}/assessments"): Rule(Action.WRITE_CLINICAL, "path"),
    # each row is authorised for its own athlete by the import service
    ("POST", f"{P}/measurement-imports"): Rule(Action.WRITE_CLINICAL),
    ("POST", f"{A}/measurements/{{measurement_id}}/corrections"): Rule(Action.WRITE_CLINICAL, "path"),
    ("GET", f"{A}/checkins"): Rule(Action.READ_CLINICAL, "path"),
    ("POST", f"{A}/checkins"): Rule(Action.LOG_CHECKIN, "path"),
    ("GET", f"{A}/sessions"): Rule(Action.READ_TRAINING, "path"),
    ("POST", f"{A}/sessions"): Rule(Action.LOG_SESSION, "path"),
    # telemetry, data rights, jobs
    ("POST", f"{A}/device-aliases"): Rule(Action.IMPORT_TELEMETRY, "path"),
    ("POST", f"{A}/telemetry"): Rule(Action.IMPORT_TELEMETRY, "path"),
    ("GET", f"{A}/telemetry"): Rule(Action.READ_TRAINING, "path"),  # training data: coaches see it
    ("GET", f"{A}/load"): Rule(Action.READ_TRAINING, "path"),
    ("GET", f"{A}/asymmetry"): Rule(Action.READ_CLINICAL, "path"),  # names the injured side
    ("GET", f"{A}/export"): Rule(Action.EXPORT, "path"),
    ("POST", f"{A}/export-jobs"): Rule(Action.EXPORT, "path"),
    ("POST", f"{A}/report-jobs"): Rule(Action.READ_CLINICAL, "path"),
    # Job routes authorise by the job's kind: EXPORT for export jobs (the matrix uses those),
    # IMPORT_TELEMETRY for import jobs, READ_CLINICAL for case reports.
    ("GET", f"{P}/jobs/{{job_id}}"): Rule(Action.EXPORT, "job"),
    ("GET", f"{P}/jobs/{{job_id}}/download"): Rule(Action.EXPORT, "job"),
    # administration
    ("GET", f"{P}/users"): Rule(Action.MANAGE_USERS),
    ("POST", f"{P}/users"): Rule(Action.MANAGE_USERS),
    ("GET", f"{P}/audit"): Rule(Action.READ_AUDIT),
}


def rule_for(method: str, path: str) -> Rule | None:
    return ROUTE_RULES.get((method.upper(), path))
