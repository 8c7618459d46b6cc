"""Form text → domain values, and service errors → messages next to the field that caused them.

Only the *shape* is checked here (is it a number, a date, a known side); ranges, units and every
clinical rule are checked once, by the services, which raise SprintbackError with a field path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date

from sprintback.domain.errors import NotFound, PermissionDenied, SprintbackError
from sprintback.domain.models import CheckIn, Measurement, Side


@dataclass
class FormErrors:
    fields: dict[str, str] = field(default_factory=dict)
    general: str = ""

    def __bool__(self) -> bool:
        return bool(self.fields or self.general)

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, message)


def number(errors: FormErrors, name: str, text: str) -> float | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        errors.add(name, f"{text!r} is not a number")
        return None
    if value != value or value in (float("inf"), float("-inf")):
        errors.add(name, "enter a finite number")
        return None
    return value


def day(errors: FormErrors, name: str, text: str, default: date) -> date:
    if not text.strip():
        return default
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        errors.add(name, f"{text!r} is not a date (YYYY-MM-DD)")
        return default


def side(errors: FormErrors, name: str, text: str) -> Side | None:
    if not text.strip():
        return None
    try:
        return Side(text.strip())
    except ValueError:
        errors.add(name, "choose left or right")
        return None


def saved(
    errors: FormErrors, action: Callable[[], object], prefix: str, known: set[str],
    renames: dict[str, str] | None = None,
) -> bool:  # fmt: skip
    """Run a form's service call; True when it went through. The web face's one rule for a service error on a
    form: a refusal or an unknown athlete goes on to the page translator (`render.signed_in`: the 403/404 page),
    anything else from the one hierarchy is shown next to the field it names (`from_service`)."""
    try:
        action()
    except (PermissionDenied, NotFound):
        raise
    except SprintbackError as exc:
        from_service(errors, exc, prefix, known, renames)
        return False
    return True


def from_service(
    errors: FormErrors, exc: SprintbackError, prefix: str, known: set[str], renames: dict[str, str] | None = None
) -> None:
    """Put a service's error next to its field: `measurements[0].value` → `value` (prefix stripped);
    `renames` maps other prefixes to form names (`measurements[1].value` → `other_value`)."""
    name = exc.field or ""
    for old, new in (renames or {}).items():
        if name.startswith(old + "."):
            name = new + name[len(old) + 1 :]
    if prefix and name.startswith(prefix):
        name = name[len(prefix) :].lstrip(".")
    if name in known:
        errors.add(name, exc.message)
    else:
        errors.general = exc.message


# The form fields are the domain records' own (plus the assessment's second leg), so an error from the
# services lands next to its field; tests/unit/platform/test_one_shape_per_record.py checks the page handlers
# and templates take every one.
MEASUREMENT_FIELDS = {f.name for f in fields(Measurement)} | {"other_value", "other_pain"}
# The second row of an assessment is the other leg: its errors belong next to the "other leg" fields.
OTHER_LEG = {"measurements[1]": "other_"}
CHECKIN_FIELDS = {f.name for f in fields(CheckIn)}


def measurements(form: dict[str, str], today: date) -> tuple[list[Measurement], FormErrors]:
    """One test: a value, and optionally the other leg's value of the same test on the same day."""
    errors = FormErrors()
    kind = form.get("kind", "").strip()
    if not kind:
        errors.add("kind", "choose what was measured")
    value = number(errors, "value", form.get("value", ""))
    if value is None and "value" not in errors.fields:
        errors.add("value", "enter the measured value")
    m_side = side(errors, "side", form.get("side", ""))
    pain = number(errors, "pain", form.get("pain", ""))
    other = number(errors, "other_value", form.get("other_value", ""))
    other_pain = number(errors, "other_pain", form.get("other_pain", ""))
    if other_pain is not None and other is None:
        errors.add("other_value", "enter the other leg's value, or leave its pain empty")
    if other is not None and m_side is None and "side" not in errors.fields:
        errors.add("side", "choose the side of the first value; the other value is the other leg")
    when = day(errors, "date", form.get("date", ""), today)
    if errors or value is None:
        return [], errors
    note = form.get("note", "").strip()
    out = [Measurement(when, kind, value, m_side, pain, note)]
    if other is not None and m_side is not None:
        out.append(Measurement(when, kind, other, m_side.other, other_pain, note))
    return out, errors


def checkin(form: dict[str, str], today: date) -> tuple[CheckIn | None, FormErrors]:
    errors = FormErrors()
    values = {name: number(errors, name, form.get(name, "")) for name in CheckIn.MEASURE_FIELDS}
    when = day(errors, "date", form.get("date", ""), today)
    night = form.get("night_pain", "").strip()
    if night not in ("", "yes", "no"):
        errors.add("night_pain", "answer yes or no")
    if errors:
        return None, errors
    if all(v is None for v in values.values()) and not night:
        errors.general = "answer at least one question"
        return None, errors
    return CheckIn(when, night_pain=night == "yes", note=form.get("note", "").strip(), **values), errors
