"""Everything the prescriber reads from data, validated together: catalogue, doses, session
templates and lessons. Cross-links (template items, running stages, dose rules) are checked here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sprintback.domain.errors import InvalidCatalogue
from sprintback.domain.evidence import SourceInfo
from sprintback.domain.prescription._fields import FieldReader, read_evidence
from sprintback.domain.prescription.catalogue import (
    DEFAULT_PHASE_IDS,
    Catalogue,
    check_dose_rules,
    parse_catalogue,
)
from sprintback.domain.prescription.doses import DoseBook, parse_dose_book
from sprintback.domain.prescription.plan import Lesson

RUN_SLOT = "run"  # the week's running stage


@dataclass(frozen=True)
class TemplateItem:
    ref: str  # exercise id or RUN_SLOT
    optional: bool = False


@dataclass(frozen=True)
class SessionTemplate:
    title: str
    items: tuple[TemplateItem, ...]


@dataclass(frozen=True)
class PhaseTemplate:
    phase: str
    hard_days: int
    min_rest_days: int
    hard: tuple[SessionTemplate, ...]
    easy: SessionTemplate


@dataclass(frozen=True)
class MaintenanceTemplates:
    nordic_day: SessionTemplate
    sprint_day: SessionTemplate


@dataclass(frozen=True)
class PrescriptionLibrary:
    catalogue: Catalogue
    doses: DoseBook
    templates: Mapping[str, PhaseTemplate]
    maintenance: MaintenanceTemplates
    lessons: tuple[Lesson, ...]

    @property
    def phase_ids(self) -> tuple[str, ...]:
        return self.catalogue.phase_ids

    def lessons_for(self, phase: str) -> tuple[Lesson, ...]:
        return tuple(lesson for lesson in self.lessons if phase in lesson.phases)


def _session_template(r: FieldReader, catalogue: Catalogue, phase: str) -> SessionTemplate:
    r.only({"title", "items"})
    items: list[TemplateItem] = []
    for it in r.req("items").items():
        text = it.text()
        ref, optional = (text[:-1], True) if text.endswith("?") else (text, False)
        if ref != RUN_SLOT:
            if ref not in catalogue:
                raise it.fail(f"unknown exercise id {ref!r}")
            if not catalogue[ref].fits(phase):
                raise it.fail(f"{ref!r} does not fit phase {phase!r} (its phases: {', '.join(catalogue[ref].phases)})")
        items.append(TemplateItem(ref, optional))
    return SessionTemplate(r.req("title").text(), tuple(items))


def parse_templates(
    data: Any, catalogue: Catalogue, sources: Mapping[str, SourceInfo] | None = None
) -> tuple[dict[str, PhaseTemplate], MaintenanceTemplates]:
    root = FieldReader(data, "", InvalidCatalogue)
    root.only({"phases", "maintenance", "evidence"})
    ev = root.opt("evidence")
    if ev is not None and sources is not None:
        # The microcycle's own evidence (hard/easy days, rest days): graded like every dose.
        ev.only({"source", "grade", "evidence_type", "note"})
        read_evidence(ev, sources)
    phases_r = root.req("phases")
    out: dict[str, PhaseTemplate] = {}
    for phase in catalogue.phase_ids:
        p = phases_r.req(phase)
        p.only({"hard_days", "min_rest_days", "hard", "easy"})
        hard = tuple(_session_template(h, catalogue, phase) for h in p.req("hard").items())
        hard_days = p.req("hard_days").integer(0, 4)  # more than 4 hard days cannot avoid back-to-back days
        if hard_days and not hard:
            raise p.fail("hard days need at least one hard session template", "hard")
        out[phase] = PhaseTemplate(
            phase=phase,
            hard_days=hard_days,
            min_rest_days=p.req("min_rest_days").integer(0, 6),
            hard=hard,
            easy=_session_template(p.req("easy"), catalogue, phase),
        )
    extra = sorted(set(phases_r.mapping()) - set(catalogue.phase_ids))
    if extra:
        raise phases_r.fail(f"unknown phase {extra[0]!r}", extra[0])
    m = root.req("maintenance")
    m.only({"nordic_day", "sprint_day"})
    last = catalogue.phase_ids[-1]
    return out, MaintenanceTemplates(
        _session_template(m.req("nordic_day"), catalogue, last),
        _session_template(m.req("sprint_day"), catalogue, last),
    )


def parse_lessons(data: Any, phase_ids: tuple[str, ...], sources: Mapping[str, SourceInfo]) -> tuple[Lesson, ...]:
    root = FieldReader(data, "", InvalidCatalogue)
    root.only({"lessons"})
    allowed = (*phase_ids, "maintenance")
    lessons: list[Lesson] = []
    for r in root.req("lessons").items():
        r.only({"id", "title", "phases", "text", "source", "grade", "note", "evidence_type", "derived"})
        phases = r.req("phases").texts()
        for i, p in enumerate(phases):
            if p not in allowed:
                raise InvalidCatalogue(f"unknown phase {p!r}; known: {', '.join(allowed)}", r.join("phases") + f"[{i}]")
        lessons.append(
            Lesson(r.req("id").text(), r.req("title").text(), r.req("text").text(), phases, read_evidence(r, sources))
        )
    return tuple(lessons)


def build_library(
    exercises: Any,
    doses: Any,
    sessions: Any,
    education: Any,
    phase_ids: tuple[str, ...] = DEFAULT_PHASE_IDS,
) -> PrescriptionLibrary:
    """Parse and cross-check all prescription data; InvalidCatalogue names the file's field."""
    catalogue = _in_file("exercises", lambda: parse_catalogue(exercises, phase_ids))
    book = _in_file("doses", lambda: parse_dose_book(doses, phase_ids, set(catalogue.exercises)))
    _in_file("exercises", lambda: check_dose_rules(catalogue, book.rules, book.sources))
    templates, maintenance = _in_file("sessions", lambda: parse_templates(sessions, catalogue, book.source_info))
    lessons = _in_file("education", lambda: parse_lessons(education, phase_ids, book.source_info))
    return PrescriptionLibrary(catalogue, book, templates, maintenance, lessons)


def _in_file(name: str, parse: Any) -> Any:
    """Prefix the field path with the data file's name so the error says where to look."""
    try:
        return parse()
    except InvalidCatalogue as e:
        raise InvalidCatalogue(e.message, f"{name}:{e.field}" if e.field else name) from None
