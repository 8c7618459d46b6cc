"""A physician's review after a referral: the only thing that lifts a red flag.

The engine refers an athlete (night pain, rising pain, a grade or an intratendinous injury that needs
a physician) and a clinician cannot clear a referred athlete by overriding it. The physician's review
is recorded here: who reviewed, on which day, the outcome and a note. A review whose outcome lets rehab
continue becomes the injury's `physician_review_on` (the store applies the latest one), so the red
flags raised up to that day stop referring and any new one refers again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sprintback.core.records import REVIEW_OUTCOMES
from sprintback.domain.errors import InvalidCase
from sprintback.services.access import Action, Actor, authorize
from sprintback.services.errors import Conflict
from sprintback.services.ports import Store, UnitOfWork

OUTCOME_WORDS = {
    "continue": "rehab may continue (the red flags raised up to the review no longer refer)",
    "refer_on": "further investigation or care needed (the referral stands)",
}


@dataclass(frozen=True)
class PhysicianReview:
    id: int
    athlete_id: str
    reviewed_on: date
    physician: str
    outcome: str
    note: str
    recorded_by: str


def record_physician_review(
    store: Store,
    actor: Actor,
    athlete_id: str,
    reviewed_on: date,
    physician: str,
    outcome: str,
    now: datetime,
    note: str = "",
) -> PhysicianReview:
    """Record the physician's review of a referred athlete (clinical write; audited)."""
    if not physician.strip():
        raise InvalidCase("the reviewing physician's name is needed", "physician")
    if outcome not in REVIEW_OUTCOMES:
        raise InvalidCase(
            "the outcome is 'continue' (rehab may continue) or 'refer_on' (the referral stands)", "outcome"
        )
    if reviewed_on > now.date():
        raise InvalidCase(f"a review cannot be dated in the future ({reviewed_on.isoformat()})", "reviewed_on")

    def _do(uow: UnitOfWork) -> PhysicianReview:
        authorize(
            uow, actor, Action.WRITE_CLINICAL, now, athlete_id=athlete_id, detail=f"physician review {reviewed_on}"
        )
        injury = uow.records.current_injury(athlete_id)
        if injury is None:
            raise Conflict("no injury on record to review", "athlete_id")
        if reviewed_on < injury.date:
            raise InvalidCase(
                f"the review ({reviewed_on.isoformat()}) is before the injury ({injury.date.isoformat()})",
                "reviewed_on",
            )
        rid = uow.records.add_physician_review(
            athlete_id, reviewed_on, physician.strip(), outcome, note.strip(), actor.username, now
        )
        return PhysicianReview(rid, athlete_id, reviewed_on, physician.strip(), outcome, note.strip(), actor.username)

    return store.run(_do)
